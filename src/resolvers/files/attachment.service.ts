// Files attached to records besides task evidence (issue 14): a notice's rectification
// report (its recipient), a rectification item (its owner or the unit's SECRETARY), a
// case's files, 案卷 (DISCIPLINE investigating it). Who may attach is declared once per
// type below; who may download is the record's own read rule (node(id)).
import { investigatesCase } from '../../auth/accountability-rules';
import { holdsPostAt } from '../../auth/scope';
import { now } from '../../clock';
import type { Context } from '../../context';
import { FileAttachment, StoredFile } from '../../entities';
import { AppError, forbidden } from '../../errors';
import { fileService } from '../../files';
import { CaseStatus, NoticeState, PostRole } from '../../schema/enums';
import { decodeId, type NodeType } from '../../schema/node';
import { recordAudit } from '../audit/audit.service';
import { caseService } from '../cases/case.service';
import { problemService } from '../inspections/problem.service';
import { noticeService } from '../notices/notice.service';
import type { CityRef } from '../../loaders';

interface Attachable {
  /** The record, when the viewer may see it; and its unit (for the audit entry). */
  find(ctx: Context, id: number): Promise<{ record: { id: number; cityId: number }; unit: { cityId: number; path: string } } | null>;
  /** May the viewer attach files to it now? (Refused with FORBIDDEN and why.) */
  check(ctx: Context, record: never): Promise<void>;
}

const unitOf = async (ctx: Context, unitId: number) => (await ctx.loaders.unitById.load(unitId))!;

/** The record types that take files, and who attaches them. */
export const ATTACHABLE: Partial<Record<NodeType, Attachable>> = {
  Notice: {
    async find(ctx, id) {
      const notice = await noticeService.byId(ctx, id);
      return notice && { record: notice, unit: await unitOf(ctx, notice.unitId) };
    },
    async check(ctx, notice: { recipientPostId: number; state: NoticeState }) {
      if (!ctx.viewer?.posts.some((p) => p.id === notice.recipientPostId)) throw forbidden('Only the recipient attaches files to a notice (its rectification report)');
      if (![NoticeState.ISSUED, NoticeState.REPORTED].includes(notice.state)) throw new AppError('CONFLICT', `The notice is ${notice.state}: files go with the report`);
    },
  },
  RectificationItem: {
    async find(ctx, id) {
      const item = await problemService.itemById(ctx, id);
      if (!item) return null;
      const problem = (await ctx.loaders.problemById.load(item.problemId))!;
      return { record: item, unit: await unitOf(ctx, problem.unitId) };
    },
    async check(ctx, item: { ownerPostId: number; problemId: number }) {
      const problem = (await ctx.loaders.problemById.load(item.problemId))!;
      const owns = !!ctx.viewer?.posts.some((p) => p.id === item.ownerPostId);
      if (!owns && !holdsPostAt(ctx.viewer, problem.unitId, [PostRole.SECRETARY])) throw forbidden('Only the item\'s owner or the unit\'s SECRETARY attaches files to it');
    },
  },
  DisciplinaryCase: {
    async find(ctx, id) {
      const found = await caseService.byId(ctx, id);
      return found && { record: found, unit: await unitOf(ctx, found.unitId) };
    },
    async check(ctx, found: { status: CaseStatus; officialId: number; unitId: number; issuerUnitId: number; id: number }) {
      if (!(await investigatesCase(ctx, found as never))) throw forbidden('Only DISCIPLINE investigating the case attaches files to it');
      if (found.status !== CaseStatus.OPEN) throw new AppError('CONFLICT', 'The case is closed');
    },
  },
};

export const attachmentService = {
  /** Attaches the viewer's own uploads to a record, in one transaction, audited; answers the record's files. */
  async attach(ctx: Context, recordGlobalId: string, fileGlobalIds: readonly string[]): Promise<StoredFile[]> {
    const ref = decodeId(recordGlobalId);
    const kind = ref && ATTACHABLE[ref.type];
    const found = kind && ref ? await kind.find(ctx, ref.id) : null;
    if (!ref || !kind || !found) throw new AppError('NOT_FOUND', 'recordId: no such record that takes files', { field: 'recordId' });
    await kind.check(ctx, found.record as never);
    if (!fileGlobalIds.length) throw new AppError('BAD_USER_INPUT', 'Name at least one file', { field: 'fileIds' });
    const files = await fileService.ownUploads(ctx, fileGlobalIds, (i) => `fileIds.${i}`);
    await ctx.db.transaction(async (em) => {
      const at = now();
      await em.insert(FileAttachment, [...files.values()].map((fileId) => ({
        cityId: found.record.cityId, fileId, recordType: ref.type, recordId: ref.id, attachedByOfficialId: ctx.viewer!.officialId, createdAt: at,
      })));
      await fileService.attached(em, [...files.values()]);
      await recordAudit(em, ctx, { operation: 'attachFiles', recordType: ref.type, recordId: ref.id, unit: found.unit, after: { files: files.size } });
    });
    return this.filesOf(ctx, ref.type, found.record);
  },

  /** The files attached to a record (already visible), oldest first: batched across records by the loader. */
  filesOf(ctx: Context, recordType: NodeType, record: CityRef): Promise<StoredFile[]> {
    return ctx.loaders.filesOfRecord.load(`${recordType}:${record.id}:${record.cityId}`);
  },
};
