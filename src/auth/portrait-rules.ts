// The portrait's named figures: posts in scope read them; ANALYST gets figures only. Leads and
// cases are DISCIPLINE matters (domain.md section 6): their figures, DISCIPLINE in scope only.
import { rule } from 'graphql-shield';
import type { Context } from '../context';
import type { OrgUnit } from '../entities/org-unit.entity';
import { PostRole } from '../schema/enums';
import { inScope, RECORD_READERS } from './scope';

export const canReadPortraitNames = rule('canReadPortraitNames', { cache: 'strict' })(
  (parent: { unit: OrgUnit }, _args, ctx: Context) => inScope(ctx.viewer, parent.unit.path, RECORD_READERS));

/** Portrait.leads and Portrait.cases: DISCIPLINE whose scope holds the portrait's unit (as leads and cases are read). */
export const canReadPortraitDisciplineFigures = rule('canReadPortraitDisciplineFigures', { cache: 'strict' })(
  (parent: { unit: OrgUnit }, _args, ctx: Context) => inScope(ctx.viewer, parent.unit.path, [PostRole.DISCIPLINE]));
