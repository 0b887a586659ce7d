// The portrait's named figures: posts in scope read them; ANALYST gets figures only.
import { rule } from 'graphql-shield';
import type { Context } from '../context';
import type { OrgUnit } from '../entities/org-unit.entity';
import { inScope, RECORD_READERS } from './scope';

export const canReadPortraitNames = rule('canReadPortraitNames', { cache: 'strict' })(
  (parent: { unit: OrgUnit }, _args, ctx: Context) => inScope(ctx.viewer, parent.unit.path, RECORD_READERS));
