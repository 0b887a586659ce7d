// Shield rules of notices (告知书). Who sees a notice at all is row scope, in the SQL of
// noticeService.visible; these gate the OFFICE steps and guard the originating case.
import { rule } from 'graphql-shield';
import type { Context } from '../context';
import type { Notice } from '../entities/notice.entity';
import { PostRole } from '../schema/enums';
import { roleGate } from './rules';
import { inScope } from './scope';

/** Issue, close, reopen: an OFFICE post somewhere (the service checks it is the issuing unit's). */
export const mayIssueNotices = roleGate('mayIssueNotices', [PostRole.OFFICE]);

/** May the viewer read the case a notice came from? DISCIPLINE whose scope holds the case's unit. */
export async function readsNoticeCase(ctx: Context, notice: Notice): Promise<boolean> {
  if (notice.caseId === null) return true;
  const found = await ctx.loaders.caseById.load(notice.caseId);
  const unit = found && (await ctx.loaders.unitById.load(found.unitId));
  return !!unit && inScope(ctx.viewer, unit.path, [PostRole.DISCIPLINE]);
}

/** Notice.case: a case is DISCIPLINE's record; other readers of the notice get null with FORBIDDEN. */
export const canReadNoticeCase = rule('canReadNoticeCase', { cache: 'strict' })((parent: Notice, _args, ctx: Context) =>
  readsNoticeCase(ctx, parent));
