// 申诉: the official concerned appeals the latest, unrevoked revision of their record within
// ZEREN_APPEAL_DAYS of its decision; DISCIPLINE deciding about the record (the same rule as
// revise and revoke) answers once within ZEREN_APPEAL_ANSWER_DAYS: UPHELD, CHANGED (a new
// revision through the revise path) or REVOKED (through the revoke path), in one transaction.
// Read by the record's readers. Restrictions need no write: they derive from the current revision.
import type { SelectQueryBuilder } from 'typeorm';
import { addDays, now, today } from '../../clock';
import { config } from '../../config';
import type { Context } from '../../context';
import { Appeal } from '../../entities';
import { AppError, badInput } from '../../errors';
import { whereUnitFilter } from '../../auth/scope';
import { AppealOutcome, AppealStatus } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { accountabilityService, recordReaders } from '../accountability/accountability.service';
import { orgUnitService } from '../org/org-unit.service';
import type { AnswerAppealInput, AppealFilter, AppealInput } from './appeal.inputs';

const NEWEST = [{ column: 'a.id', value: (a: Appeal) => a.id, descending: true }];

/**
 * answerOverdue, in SQL: open past its due day, or answered after it (a late answer stays
 * flagged, so the figures keep it). The JavaScript twin is appealService.overdue.
 */
const OVERDUE_SQL = '((a.answeredOn IS NULL AND a.answerDueOn < :appealToday) OR (a.answeredOn IS NOT NULL AND a.answeredOn > a.answerDueOn))';

export const appealService = {
  /** The record's readers (the official, SECRETARY and DISCIPLINE in scope, DISCIPLINE of the issuer), on the appeal's own columns. */
  visible(ctx: Context): SelectQueryBuilder<Appeal> {
    const qb = ctx.db.getRepository(Appeal).createQueryBuilder('a');
    return qb.where(recordReaders(ctx, qb, 'a'));
  },

  byId(ctx: Context, id: number): Promise<Appeal | null> {
    return this.visible(ctx).andWhere('a.id = :appealId', { appealId: id }).getOne();
  },

  async require(ctx: Context, globalId: string): Promise<Appeal> {
    const ref = decodeId(globalId, 'Appeal');
    const found = ref && (await this.byId(ctx, ref.id));
    if (!found) throw new AppError('NOT_FOUND', 'id: no such appeal', { field: 'id' });
    return found;
  },

  /** Open past answerDueOn, or answered after it. */
  overdue(appeal: Appeal): boolean {
    return appeal.answeredOn === null ? today() > appeal.answerDueOn : appeal.answeredOn > appeal.answerDueOn;
  },

  status(appeal: Appeal): AppealStatus {
    return appeal.outcome === null ? AppealStatus.OPEN : AppealStatus.ANSWERED;
  },

  /** The last day the record may be appealed. */
  appealableUntil(decidedOn: string): string {
    return addDays(decidedOn, config.appeal.appealDays);
  },

  /** Newest first. */
  async list(ctx: Context, filter: AppealFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.status === AppealStatus.OPEN) qb.andWhere('a.outcome IS NULL');
    if (filter?.status === AppealStatus.ANSWERED) qb.andWhere('a.outcome IS NOT NULL');
    if (filter?.answerOverdue === true) qb.andWhere(OVERDUE_SQL, { appealToday: today() });
    if (filter?.answerOverdue === false) qb.andWhere(`NOT ${OVERDUE_SQL}`, { appealToday: today() });
    if (filter?.unitId) whereUnitFilter(qb, 'a', await orgUnitService.get(ctx, filter.unitId), filter.subtree);
    return paginate(qb, page, NEWEST);
  },

  /**
   * The official appeals their own record (a reader who is not the official: FORBIDDEN; a
   * record they cannot see: NOT_FOUND): its latest revision, not revoked, within the period,
   * with no other appeal open.
   */
  async file(ctx: Context, input: AppealInput): Promise<Appeal> {
    const record = await accountabilityService.require(ctx, input.recordId, 'recordId');
    if (record.officialId !== ctx.viewer!.officialId) {
      throw new AppError('FORBIDDEN', 'Only the official concerned appeals an accountability record', { field: 'recordId' });
    }
    const day = today();
    const until = this.appealableUntil(record.decidedOn);
    if (day > until) {
      throw new AppError('CONFLICT', `The appeal period ended on ${until} (${config.appeal.appealDays} days after the decision)`, {
        reason: 'appealPeriodOver', field: 'recordId',
      });
    }
    const unit = (await ctx.loaders.unitById.load(record.unitId))!;
    return ctx.db.transaction(async (em) => {
      // Locks the record; refuses a revised or revoked one, and a second open appeal.
      await accountabilityService.lockLatest(em, record, 'appealed');
      const { identifiers } = await em.insert(Appeal, {
        cityId: record.cityId, recordId: record.id, officialId: record.officialId, unitId: record.unitId, issuerUnitId: record.issuerUnitId,
        grounds: input.grounds.trim(), filedOn: day, createdAt: now(), answerDueOn: addDays(day, config.appeal.answerDays),
        outcome: null, reasons: null, answeredOn: null, answeredAt: null, answeredByOfficialId: null, revisionId: null, revocationId: null,
      });
      const appeal = await em.findOneByOrFail(Appeal, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, {
        operation: 'appeal', recordType: 'Appeal', recordId: appeal.id, unit,
        after: { recordId: record.id, filedOn: appeal.filedOn, answerDueOn: appeal.answerDueOn },
      });
      return appeal;
    });
  },

  /**
   * The answer, once, by DISCIPLINE deciding about the record (never its official). CHANGED
   * writes the revision and REVOKED the revocation through the accountability paths, in the
   * same transaction as the answer: all of it, or nothing.
   */
  async answer(ctx: Context, globalId: string, input: AnswerAppealInput): Promise<Appeal> {
    const appeal = await this.require(ctx, globalId);
    const record = (await ctx.loaders.accountabilityRecordById.load(appeal.recordId))!;
    const target = await accountabilityService.deciderOf(ctx, record);
    if (appeal.outcome !== null) throw new AppError('CONFLICT', 'This appeal has been answered', { reason: 'answered' });
    if (input.outcome === AppealOutcome.CHANGED && !input.revision) throw badInput('CHANGED needs the revision', 'input.revision');
    if (input.outcome !== AppealOutcome.CHANGED && input.revision) throw badInput(`${input.outcome} takes no revision`, 'input.revision');
    const day = today();
    const reasons = input.reasons.trim();
    const revise = input.outcome === AppealOutcome.CHANGED
      ? await accountabilityService.revision(ctx, target, input.revision!, appeal.id) : null;
    const revoke = input.outcome === AppealOutcome.REVOKED
      ? accountabilityService.revocation(ctx, target, { reason: reasons, revokedOn: day }, appeal.id) : null;
    return ctx.db.transaction(async (em) => {
      // Compare-and-set: of two answers at once, one finds the appeal answered.
      const answered = await em.createQueryBuilder().update(Appeal)
        .set({ outcome: input.outcome, reasons, answeredOn: day, answeredAt: now(), answeredByOfficialId: ctx.viewer!.officialId })
        .where('id = :id AND outcome IS NULL', { id: appeal.id }).execute();
      if (answered.affected !== 1) throw new AppError('CONFLICT', 'This appeal has been answered', { reason: 'answered' });
      const revision = revise ? await revise(em) : null;
      const revocation = revoke ? await revoke(em) : null;
      if (revision || revocation) {
        await em.update(Appeal, { id: appeal.id }, { revisionId: revision?.id ?? null, revocationId: revocation?.id ?? null });
      }
      await recordAudit(em, ctx, {
        operation: 'answerAppeal', recordType: 'Appeal', recordId: appeal.id, unit: target.unit,
        before: { outcome: null }, after: { outcome: input.outcome, answeredOn: day, revisionId: revision?.id ?? null, revocationId: revocation?.id ?? null },
      });
      return em.findOneByOrFail(Appeal, { id: appeal.id });
    });
  },
};
