// Annual assessments (考核): the parent's OFFICE or SECRETARY scores each direct
// subordinate on weighted items; the total, the grade and (in SQL) the rank among the
// siblings follow. Both sides read the record through the one scope rule: the parent
// (and above) sees every child's assessment and the ranking, a child only its own.
// Assessments are not immutable: rescoring, the veto, feedback and the follow-up check
// are updates, each with an audit entry holding the state before and after.
import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { assertInScope, RECORD_READERS, scopeRoots, unitInScope } from '../../auth/scope';
import { ASSESSES } from '../../auth/steps';
import { isCalendarDay, now, today } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import { Assessment, AssessmentItem, OrgUnit } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { Grade } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import type {
  AssessmentFilter, AssessmentFollowUpInput, AssessmentItemInput, RecordAssessmentInput, UpdateAssessmentInput,
} from './assessment.inputs';
import { rankSql } from './standing';


/**
 * The default scheme, used when an assessment gives only scores. Haining raised the
 * weight of the main responsibility to 60% (seed 001); the rest is supervision and
 * conduct. A constant rather than configuration: the scheme is policy, and a unit
 * with another scheme sends its items.
 */
export const DEFAULT_SCHEME: readonly { readonly name: string; readonly weight: number }[] = [
  { name: '主体责任落实', weight: 60 },
  { name: '监督责任落实', weight: 20 },
  { name: '作风建设', weight: 20 },
];

/** Grade thresholds on the total, in hundredths of a point. */
const GRADES: readonly [min: number, grade: Grade][] = [[9000, Grade.EXCELLENT], [8000, Grade.GOOD], [6000, Grade.FAIR]];

interface ScoredItem {
  name: string;
  weight: number;
  /** Hundredths of a point, 0..10000. */
  score: number;
}

/** A score of 0..100 with at most two decimals, as an integer of hundredths. */
function hundredths(score: number, field: string): number {
  const scaled = score * 100;
  const rounded = Math.round(scaled);
  if (!Number.isFinite(score) || score < 0 || score > 100 || Math.abs(scaled - rounded) > 1e-6) {
    throw badInput(`${field}: a score is 0 to 100 with at most two decimals (got ${score})`, field);
  }
  return rounded;
}

/** The scored items of an input: a custom scheme, or the default scheme's scores; null when neither is given. */
function scoredItems(input: { items?: AssessmentItemInput[] | null; scores?: number[] | null }): ScoredItem[] | null {
  if (input.items && input.scores) throw badInput('Give either items (a custom scheme) or scores (the default scheme), not both', 'items');
  if (input.scores) {
    if (input.scores.length !== DEFAULT_SCHEME.length) {
      throw badInput(`The default scheme has ${DEFAULT_SCHEME.length} items (${DEFAULT_SCHEME.map((i) => i.name).join(', ')}): give a score for each`, 'scores');
    }
    return DEFAULT_SCHEME.map((item, i) => ({ ...item, score: hundredths(input.scores![i], 'scores') }));
  }
  if (!input.items) return null;
  const items = input.items.map((i) => ({ name: i.name.trim(), weight: i.weight, score: hundredths(i.score, 'items') }));
  if (new Set(items.map((i) => i.name)).size !== items.length) throw badInput('Item names must differ', 'items');
  const sum = items.reduce((n, i) => n + i.weight, 0);
  if (sum !== 100) throw badInput(`The weights must sum to 100 (they sum to ${sum})`, 'items');
  return items;
}

/** Σ score × weight / 100 in hundredths of a point, rounded half up. */
export const totalOf = (items: readonly ScoredItem[]): number => Math.round(items.reduce((n, i) => n + i.score * i.weight, 0) / 100);

/** 一票否决 makes the grade POOR whatever the total. */
export const gradeOf = (total: number, vetoed: boolean): Grade =>
  vetoed ? Grade.POOR : (GRADES.find(([min]) => total >= min)?.[1] ?? Grade.POOR);

const snapshot = (a: Assessment, items?: readonly ScoredItem[]) => ({
  year: a.year, total: a.total, grade: a.grade, vetoed: a.vetoed, vetoReason: a.vetoReason, feedback: a.feedback,
  requirements: a.requirements, followUpDueOn: a.followUpDueOn, followUpOn: a.followUpOn, followUpResult: a.followUpResult,
  ...(items ? { items: items.map((i) => ({ name: i.name, weight: i.weight, score: i.score })) } : {}),
});

async function insertItems(em: EntityManager, a: { id: number; cityId: number }, items: readonly ScoredItem[]): Promise<void> {
  await em.insert(AssessmentItem, items.map((i, n) => ({
    cityId: a.cityId, assessmentId: a.id, position: n + 1, name: i.name, weight: i.weight, score: i.score,
  })));
}

/** The assessor's OFFICE or SECRETARY (exactly the parent, not the tiers above). */
export async function assertAssessor(ctx: Context, assessorUnitId: number): Promise<OrgUnit> {
  const assessor = (await ctx.loaders.unitById.load(assessorUnitId))!;
  if (!ASSESSES.allows(ctx.viewer, { assessorUnitId })) {
    throw forbidden(`Only the OFFICE or SECRETARY of ${assessor.name} record the assessments of its subordinate units`);
  }
  return assessor;
}

export interface Ranking {
  assessorUnit: OrgUnit;
  year: number;
  /** In rank order. */
  assessments: Assessment[];
  unassessed: OrgUnit[];
}

export const assessmentService = {
  /**
   * Assessments whose assessed unit or assessor unit is in the viewer's scope: the
   * assessor and the tiers above see all its children's; a child's posts see its own
   * (a sibling's is neither at nor below their unit), and posts below the child do not
   * (it is a record of a unit above them). The assessor side also survives a later move
   * of the child to another parent.
   */
  visible(ctx: Context): SelectQueryBuilder<Assessment> {
    const qb = ctx.db.getRepository(Assessment).createQueryBuilder('a');
    const roots = scopeRoots(ctx.viewer, RECORD_READERS);
    const own = unitInScope(qb, 'a.unitId', roots);
    const assessor = unitInScope(qb, 'a.assessorUnitId', roots);
    return qb.andWhere(new Brackets((w) => w.where(own.sql, own.params).orWhere(assessor.sql, assessor.params)));
  },

  byId(ctx: Context, id: number): Promise<Assessment | null> {
    return this.visible(ctx).andWhere('a.id = :id', { id }).getOne();
  },

  async require(ctx: Context, globalId: string, field = 'id'): Promise<Assessment> {
    const ref = decodeId(globalId, 'Assessment');
    const found = ref && (await this.byId(ctx, ref.id));
    if (!found) throw new AppError('NOT_FOUND', `${field}: no such assessment`, { field });
    return found;
  },

  /** An item, when its assessment is visible. */
  async itemById(ctx: Context, id: number): Promise<AssessmentItem | null> {
    const item = await ctx.db.getRepository(AssessmentItem).findOneBy({ id });
    return item && (await this.byId(ctx, item.assessmentId)) ? item : null;
  },

  /** Newest year first; within a year in ranking order (vetoed last, higher totals first). */
  list(ctx: Context, filter: AssessmentFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    const idOf = (globalId: string) => decodeId(globalId, 'OrgUnit')?.id ?? 0; // a wrong id matches nothing
    if (filter?.assessorUnitId) qb.andWhere('a.assessorUnitId = :assessorUnitId', { assessorUnitId: idOf(filter.assessorUnitId) });
    if (filter?.unitId) qb.andWhere('a.unitId = :unitId', { unitId: idOf(filter.unitId) });
    if (filter?.year) qb.andWhere('a.year = :year', { year: filter.year });
    return paginate(qb, page, [
      { column: 'a.year', value: (a) => a.year, descending: true },
      { column: 'a.vetoed', value: (a) => (a.vetoed ? 1 : 0) },
      { column: 'a.total', value: (a) => a.total, descending: true },
      { column: 'a.id', value: (a) => a.id },
    ]);
  },

  /**
   * The parent's side: every assessment the unit made for the year in rank order, the
   * rank computed by the same statement, and the direct subordinates not yet assessed.
   * Posts at the unit or above only; a child asking for its parent's ranking is refused.
   */
  async ranking(ctx: Context, assessorUnitId: string, year: number): Promise<Ranking> {
    const assessorUnit = await orgUnitService.require(ctx, assessorUnitId, 'assessorUnitId');
    assertInScope(ctx.viewer, assessorUnit, RECORD_READERS);
    const [{ entities, raw }, children] = await Promise.all([
      ctx.db.getRepository(Assessment).createQueryBuilder('a')
        .addSelect(rankSql('a'), 'standing')
        .where('a.cityId = :cityId AND a.assessorUnitId = :unitId AND a.year = :year', { cityId: assessorUnit.cityId, unitId: assessorUnit.id, year })
        .orderBy('a.vetoed', 'ASC').addOrderBy('a.total', 'DESC').addOrderBy('a.unitId', 'ASC')
        .getRawAndEntities<{ a_id: number | string; standing: number | string }>(),
      ctx.loaders.childrenByUnitId.load(assessorUnit),
    ]);
    // The rank and "of N" fields of these rows need no further statement.
    for (const r of raw) ctx.loaders.assessmentStandingById.prime(Number(r.a_id), { rank: Number(r.standing), among: entities.length });
    const assessed = new Set(entities.map((a) => a.unitId));
    return { assessorUnit, year, assessments: entities, unassessed: children.filter((c) => !assessed.has(c.id)) };
  },

  async record(ctx: Context, input: RecordAssessmentInput): Promise<Assessment> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    if (unit.parentId === null) throw badInput(`${unit.name} has no tier above to assess it`, 'unitId');
    await assertAssessor(ctx, unit.parentId);
    const thisYear = Number(today().slice(0, 4));
    if (input.year > thisYear) throw badInput(`${input.year} has not begun; assess ${thisYear} or earlier`, 'year');
    const items = scoredItems(input);
    if (!items) throw badInput('Give the items of a scheme, or the scores of the default scheme', 'scores');
    const vetoReason = input.vetoReason?.trim() || null;
    if (input.vetoed && !vetoReason) throw badInput('A veto (一票否决) needs a reason', 'vetoReason');
    if (!input.vetoed && vetoReason) throw badInput('A veto reason goes with vetoed: true', 'vetoReason');
    const total = totalOf(items);
    return ctx.db.transaction(async (em) => {
      // Serialises two records of the same unit (one per unit and year).
      await lockById(em, OrgUnit, unit.id);
      if (await em.existsBy(Assessment, { cityId: unit.cityId, unitId: unit.id, year: input.year })) {
        throw new AppError('CONFLICT', `${unit.name} already has an assessment for ${input.year}`);
      }
      // Live entry keeps to this year and last; older years enter by a city's historical import.
      if (input.year < thisYear - 1) throw badInput(`${input.year} is past: assess ${thisYear - 1} or ${thisYear}; older years enter by a city's historical import`, 'year');
      const at = now();
      const { identifiers } = await em.insert(Assessment, {
        cityId: unit.cityId, unitId: unit.id, assessorUnitId: unit.parentId!, year: input.year, total,
        grade: gradeOf(total, input.vetoed), vetoed: input.vetoed, vetoReason,
        feedback: input.feedback?.trim() || null, requirements: input.requirements?.trim() || null,
        followUpOn: null, followUpResult: null, createdByOfficialId: ctx.viewer!.officialId, createdAt: at, updatedAt: at,
      });
      const id = Number(identifiers[0].id);
      await insertItems(em, { id, cityId: unit.cityId }, items);
      const created = await em.findOneByOrFail(Assessment, { id });
      await recordAudit(em, ctx, { operation: 'recordAssessment', recordType: 'Assessment', recordId: id, unit, after: snapshot(created, items) });
      return created;
    });
  },

  /** Rescore (the items are replaced), set or lift the veto, change the feedback or the requirements. */
  async update(ctx: Context, globalId: string, input: UpdateAssessmentInput): Promise<Assessment> {
    const found = await this.require(ctx, globalId);
    await assertAssessor(ctx, found.assessorUnitId);
    const unit = (await ctx.loaders.unitById.load(found.unitId))!;
    const items = scoredItems(input);
    const vetoReason = input.vetoReason?.trim() || null;
    const feedback = input.feedback?.trim() || null;
    const requirements = input.requirements?.trim() || null;
    if (!items && input.vetoed == null && !vetoReason && !feedback && !requirements) throw badInput('Nothing to change', 'input');
    if (input.vetoed === true && !vetoReason) throw badInput('A veto (一票否决) needs a reason', 'vetoReason');
    if (input.vetoed === false && vetoReason) throw badInput('A veto reason goes with vetoed: true', 'vetoReason');
    return ctx.db.transaction(async (em) => {
      const before = (await lockById(em, Assessment, found.id))!;
      const beforeItems = items ? await em.find(AssessmentItem, { where: { cityId: found.cityId, assessmentId: found.id }, order: { position: 'ASC' } }) : undefined;
      const vetoed = input.vetoed ?? before.vetoed;
      if (input.vetoed == null && vetoReason && !before.vetoed) throw badInput('This assessment has no veto to give a reason for', 'vetoReason');
      const total = items ? totalOf(items) : before.total;
      if (items) {
        await em.delete(AssessmentItem, { cityId: found.cityId, assessmentId: found.id });
        await insertItems(em, before, items);
      }
      await em.update(Assessment, { id: found.id }, {
        total, grade: gradeOf(total, vetoed), vetoed, vetoReason: vetoed ? (vetoReason ?? before.vetoReason) : null,
        ...(feedback ? { feedback } : {}), ...(requirements ? { requirements } : {}), updatedAt: now(),
      });
      const after = await em.findOneByOrFail(Assessment, { id: found.id });
      await recordAudit(em, ctx, {
        operation: 'updateAssessment', recordType: 'Assessment', recordId: found.id, unit,
        before: snapshot(before, beforeItems), after: snapshot(after, items ?? undefined),
      });
      return after;
    });
  },

  /** 跟踪检查: the check of the rectification the requirements asked for (recorded again = corrected, audited). */
  async followUp(ctx: Context, globalId: string, input: AssessmentFollowUpInput): Promise<Assessment> {
    const found = await this.require(ctx, globalId);
    await assertAssessor(ctx, found.assessorUnitId);
    const unit = (await ctx.loaders.unitById.load(found.unitId))!;
    if (!isCalendarDay(input.followUpOn)) throw badInput('followUpOn is not a calendar day', 'followUpOn');
    const recordedOn = today(found.createdAt);
    if (input.followUpOn < recordedOn || input.followUpOn > today()) {
      throw badInput(`A follow-up check falls between the day of the assessment (${recordedOn}) and today`, 'followUpOn');
    }
    return ctx.db.transaction(async (em) => {
      const before = (await lockById(em, Assessment, found.id))!;
      // A check answers the rectification requirements, or a check scheduled after an interview (回头看).
      if (!before.requirements && !before.followUpDueOn) throw new AppError('CONFLICT', 'This assessment has no rectification requirements or scheduled check to follow up');
      await em.update(Assessment, { id: found.id }, { followUpOn: input.followUpOn, followUpResult: input.followUpResult.trim(), updatedAt: now() });
      const after = await em.findOneByOrFail(Assessment, { id: found.id });
      await recordAudit(em, ctx, {
        operation: 'recordAssessmentFollowUp', recordType: 'Assessment', recordId: found.id, unit, before: snapshot(before), after: snapshot(after),
      });
      return after;
    });
  },
};
