// What an assessment leads to (issue 13, point 5; seeds 001 and 004): the principals of the
// units ranked at the bottom are called to one interview (排名靠后集体约谈), each interviewee
// keeping the assessment that called them; an admonishment (诫勉谈话) may name the assessment
// it answers; each assessment's follow-up check (跟踪检查 / 回头看) has a due day and a status,
// listed for the readers of the assessments.
import type { EntityManager } from 'typeorm';
import { isUnder } from '../../auth/scope';
import { isCalendarDay, now, today } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import type { ScopedKey } from '../../loaders';
import { Assessment, InterviewParticipant, type Interview, type OrgUnit } from '../../entities';
import { AppError, badInput } from '../../errors';
import { InterviewKind, PostRole } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import { interviewService } from '../reports/interview.service';
import { assertAssessor, assessmentService } from './assessment.service';
import { FollowUpStatus } from '../../schema/enums';
import type { AssessmentFollowUpFilter, InterviewBottomRankedInput } from './assessment-outcomes.inputs';
import { behindSql } from './standing';

/** The follow-up check's state, from the assessment's own columns (as followUpStatusSql does in SQL). */
export function followUpStatus(a: Assessment, day = today()): FollowUpStatus | null {
  if (a.followUpOn) return FollowUpStatus.DONE;
  if (a.followUpDueOn) return a.followUpDueOn < day ? FollowUpStatus.OVERDUE : FollowUpStatus.SCHEDULED;
  return a.requirements ? FollowUpStatus.UNSCHEDULED : null;
}

/** Each state as a condition on an assessment alias (`:fuDay` is today). */
const FOLLOW_UP_SQL: Record<FollowUpStatus, (a: string) => string> = {
  [FollowUpStatus.DONE]: (a) => `${a}.followUpOn IS NOT NULL`,
  [FollowUpStatus.OVERDUE]: (a) => `(${a}.followUpOn IS NULL AND ${a}.followUpDueOn < :fuDay)`,
  [FollowUpStatus.SCHEDULED]: (a) => `(${a}.followUpOn IS NULL AND ${a}.followUpDueOn >= :fuDay)`,
  [FollowUpStatus.UNSCHEDULED]: (a) => `(${a}.followUpOn IS NULL AND ${a}.followUpDueOn IS NULL AND ${a}.requirements IS NOT NULL)`,
};

const snapshot = (a: Assessment) => ({ followUpDueOn: a.followUpDueOn, followUpOn: a.followUpOn });

/** The check is due on `dueOn`: locked, not yet recorded, audited. Inside the caller's transaction. */
async function schedule(em: EntityManager, ctx: Context, assessment: Assessment, unit: OrgUnit, dueOn: string): Promise<Assessment> {
  const before = (await lockById(em, Assessment, assessment.id))!;
  if (before.followUpOn) {
    throw new AppError('CONFLICT', `The follow-up check of ${unit.name}'s assessment is already recorded (${before.followUpOn})`, { reason: 'followUpDone' });
  }
  await em.update(Assessment, { id: assessment.id }, { followUpDueOn: dueOn, updatedAt: now() });
  const after = await em.findOneByOrFail(Assessment, { id: assessment.id });
  await recordAudit(em, ctx, {
    operation: 'scheduleAssessmentFollowUp', recordType: 'Assessment', recordId: assessment.id, unit, before: snapshot(before), after: snapshot(after),
  });
  return after;
}

export const assessmentOutcomeService = {
  /** Assessments with a follow-up check to do or done (requirements given, a check scheduled or recorded), newest year first. */
  followUps(ctx: Context, filter: AssessmentFollowUpFilter | undefined, page: PageArgs) {
    const qb = assessmentService.visible(ctx)
      .andWhere('(a.requirements IS NOT NULL OR a.followUpDueOn IS NOT NULL OR a.followUpOn IS NOT NULL)');
    const idOf = (globalId: string) => decodeId(globalId, 'OrgUnit')?.id ?? 0; // a wrong id matches nothing
    if (filter?.assessorUnitId) qb.andWhere('a.assessorUnitId = :fuAssessor', { fuAssessor: idOf(filter.assessorUnitId) });
    if (filter?.unitId) qb.andWhere('a.unitId = :fuUnit', { fuUnit: idOf(filter.unitId) });
    if (filter?.year) qb.andWhere('a.year = :fuYear', { fuYear: filter.year });
    if (filter?.status) qb.andWhere(FOLLOW_UP_SQL[filter.status]('a'), { fuDay: today() });
    return paginate(qb, page, [
      { column: 'a.year', value: (a) => a.year, descending: true },
      { column: 'a.id', value: (a) => a.id },
    ]);
  },

  /** The assessor's OFFICE or SECRETARY: the day the follow-up check is due (rescheduling is audited too). */
  async scheduleFollowUp(ctx: Context, globalId: string, dueOn: string): Promise<Assessment> {
    const found = await assessmentService.require(ctx, globalId);
    await assertAssessor(ctx, found.assessorUnitId);
    if (!isCalendarDay(dueOn)) throw badInput('dueOn is not a calendar day', 'dueOn');
    if (dueOn < today()) throw badInput('A follow-up check is due today or later', 'dueOn');
    const unit = (await ctx.loaders.unitById.load(found.unitId))!;
    return ctx.db.transaction((em) => schedule(em, ctx, found, unit, dueOn));
  },

  /**
   * 排名靠后集体约谈 (seed 004): the principals (current SECRETARY posts) of the units at the
   * bottom of the assessor's ranking for the year, called to one interview recorded at the
   * assessor; each interviewee keeps the assessment that called them, and the follow-up
   * checks of those assessments are scheduled when a due day is given. One transaction.
   */
  async interviewBottomRanked(ctx: Context, input: InterviewBottomRankedInput): Promise<Interview> {
    const assessor = await orgUnitService.require(ctx, input.assessorUnitId, 'assessorUnitId');
    const interviewer = interviewService.interviewerFor(ctx, assessor, input.interviewerPostId);
    interviewService.checkHeldOn(input.heldOn);
    if (input.followUpDueOn !== undefined && input.followUpDueOn !== null) {
      if (!isCalendarDay(input.followUpDueOn)) throw badInput('followUpDueOn is not a calendar day', 'followUpDueOn');
      if (input.followUpDueOn < input.heldOn || input.followUpDueOn < today()) {
        throw badInput('The follow-up check is due on or after the interview, today or later', 'followUpDueOn');
      }
    }
    const ranking = assessmentService.visible(ctx)
      .andWhere('a.cityId = :bCity AND a.assessorUnitId = :bAssessor AND a.year = :bYear', { bCity: assessor.cityId, bAssessor: assessor.id, bYear: input.year });
    const [assessed, bottom] = await Promise.all([
      ranking.clone().getCount(),
      ranking.clone().andWhere(`${behindSql('a')} < :bCount`, { bCount: input.count })
        .orderBy('a.vetoed', 'DESC').addOrderBy('a.total', 'ASC').addOrderBy('a.unitId', 'ASC').getMany(),
    ]);
    if (input.count > assessed) {
      throw badInput(`${assessor.name} assessed ${assessed} unit(s) for ${input.year}; N must not exceed that`, 'count');
    }
    const units = await ctx.loaders.unitById.loadMany(bottom.map((a) => a.unitId)) as OrgUnit[];
    const posts = await ctx.loaders.currentPostsByUnitId.loadMany(bottom.map((a) => ({ cityId: a.cityId, id: a.unitId })));
    const participants = new Map<number, number>(); // official -> the assessment that called them (the first, for one heading two units)
    const headless: string[] = [];
    bottom.forEach((a, i) => {
      const principals = (posts[i] as { role: PostRole; officialId: number }[]).filter((p) => p.role === PostRole.SECRETARY);
      if (!principals.length) headless.push(units[i].name);
      for (const p of principals) if (!participants.has(p.officialId)) participants.set(p.officialId, a.id);
    });
    if (headless.length) {
      throw new AppError('CONFLICT', `No principal (SECRETARY) holds a post today at ${headless.join(', ')}`, { reason: 'noPrincipal', units: headless });
    }
    if (participants.has(ctx.viewer!.officialId)) throw badInput('The interviewer is not among the interviewees', 'interviewerPostId');
    return ctx.db.transaction(async (em) => {
      const interview = await interviewService.insert(em, ctx, 'interviewBottomRanked', {
        unit: assessor, kind: participants.size > 1 ? InterviewKind.COLLECTIVE : InterviewKind.INDIVIDUAL, heldOn: input.heldOn,
        interviewer, reason: input.reason, record: input.record,
        participants: [...participants].map(([officialId, assessmentId]) => ({ officialId, assessmentId })),
      });
      if (input.followUpDueOn) {
        for (const [i, a] of bottom.entries()) await schedule(em, ctx, a, units[i], input.followUpDueOn);
      }
      return interview;
    });
  },

  /**
   * The assessment an accountability record answers: visible to the viewer, and the record's
   * unit is the assessed unit or below it (its principal or a member of its team).
   */
  async causeOfRecord(ctx: Context, globalId: string, recordUnit: OrgUnit): Promise<Assessment> {
    const assessment = await assessmentService.require(ctx, globalId, 'assessmentId');
    const assessed = (await ctx.loaders.unitById.load(assessment.unitId))!;
    if (assessed.cityId !== recordUnit.cityId || !isUnder(recordUnit.path, assessed.path)) {
      throw badInput(`The assessment is of ${assessed.name}; the record's unit ${recordUnit.name} is not it or below it`, 'assessmentId');
    }
    return assessment;
  },
};

/** Interview.assessments: the assessments that called its interviewees, as the viewer sees them; one statement a batch. */
export async function assessmentsOfInterviews(keys: readonly ScopedKey[]): Promise<Assessment[][]> {
  const ids = keys.map((k) => k.id);
  const { entities, raw } = await assessmentService.visible(keys[0].ctx)
    .innerJoin(InterviewParticipant, 'cause', 'cause.assessmentId = a.id')
    .addSelect('cause.interviewId', 'causeInterviewId')
    .andWhere('cause.interviewId IN (:...causeInterviewIds)', { causeInterviewIds: ids })
    .orderBy('a.year', 'DESC').addOrderBy('a.vetoed', 'DESC').addOrderBy('a.total', 'ASC').addOrderBy('a.id', 'ASC')
    .getRawAndEntities<{ a_id: number | string; causeInterviewId: number | string }>();
  const byId = new Map(entities.map((a) => [a.id, a]));
  const found = new Map<number, Assessment[]>(ids.map((id) => [id, []]));
  for (const r of raw) {
    const list = found.get(Number(r.causeInterviewId));
    const a = byId.get(Number(r.a_id));
    if (list && a && !list.includes(a)) list.push(a);
  }
  return ids.map((id) => found.get(id)!);
}

/** An assessment by id if the viewer sees it (AccountabilityRecord.assessment); one statement a batch. */
export async function visibleAssessments(keys: readonly ScopedKey[]): Promise<(Assessment | null)[]> {
  const rows = await assessmentService.visible(keys[0].ctx).andWhere('a.id IN (:...visibleIds)', { visibleIds: keys.map((k) => k.id) }).getMany();
  const byId = new Map(rows.map((a) => [a.id, a]));
  return keys.map((k) => byId.get(k.id) ?? null);
}
