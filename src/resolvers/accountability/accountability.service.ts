// 问责: records made by DISCIPLINE in scope, alone or from a case (一案双查, all rows in
// one transaction); immutable once made: a correction is a new revision naming the one
// it replaces, a revocation a row beside the record. `restrictedUntil` comes from the
// rule table (seed 001). Read by the official and by SECRETARY and DISCIPLINE in scope.
import { Brackets, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { RECORD_READER_ROLES, seesAccountabilityRecord } from '../../auth/accountability-rules';
import { officialInScope } from '../../auth/rules';
import { coveringPost, scopeRoots, unitInScope, whereUnitFilter } from '../../auth/scope';
import type { ViewerPost } from '../../auth/viewer';
import { inPeriod, isCalendarDay, liveFloor, now, today } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import {
  AccountabilityRecord, AccountabilityRevocation, Appeal, DisciplinaryCase, RestrictionRule, type Official, type OrgUnit, type Post,
} from '../../entities';
import { AppError, type ErrorCode } from '../../errors';
import { CaseStatus, PostRole } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { assessmentOutcomeService } from '../assessments/assessment-outcomes.service';
import { caseService } from '../cases/case.service';
import { orgHistory } from '../org/org-history';
import { orgUnitService } from '../org/org-unit.service';
import type {
  AccountabilityDecisionInput, AccountabilityRecordFilter, CaseRecordInput, CreateAccountabilityRecordInput,
  MakeAccountabilityRecordsInput, RevokeAccountabilityRecordArgs,
} from './accountability.inputs';

/** The official's integrity file (廉政档案) as the viewer may read it. */
export interface IntegrityFileData {
  official: Official;
  /** Every revision the viewer may see, newest decision first. */
  records: AccountabilityRecord[];
}

export interface Restriction {
  until: string;
  text: string;
}

/** A calendar day plus n months; the 31st becomes the last day of a shorter month. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const NEWEST_DECISION = [
  { column: 'r.decidedOn', value: (r: AccountabilityRecord) => r.decidedOn, descending: true },
  { column: 'r.id', value: (r: AccountabilityRecord) => r.id, descending: true },
];

const snapshot = (r: AccountabilityRecord) => ({
  officialId: r.officialId, postId: r.postId, unitId: r.unitId, caseId: r.caseId, failure: r.failure, measure: r.measure,
  decidedOn: r.decidedOn, revisionOf: r.revisionOf, ...(r.assessmentId !== null ? { assessmentId: r.assessmentId } : {}),
});

interface ResolvedRow {
  official: Official;
  post: Post | null;
  unit: OrgUnit;
  /** The deciding DISCIPLINE post's unit. */
  issuerUnitId: number;
  decision: AccountabilityDecisionInput;
}

/** Where a row of the input is at fault: its field, and for a batch its index. */
interface RowAt {
  prefix: string;
  index?: number;
}

const rowError = (at: RowAt, code: ErrorCode, name: string, message: string): AppError =>
  new AppError(code, at.index === undefined ? message : `records[${at.index}]: ${message}`, {
    field: `${at.prefix}${name}`, ...(at.index === undefined ? {} : { index: at.index }),
  });

/**
 * The decision's day: a real day, not in the future, not before the incident, and not
 * before `floor`: live entry reaches back to liveFloor() (a revision also to the day of the
 * record it corrects); older decisions enter by a city's historical import.
 */
function checkDecidedOn(decidedOn: string, found: DisciplinaryCase | null, at: RowAt, floor = liveFloor()): void {
  if (!isCalendarDay(decidedOn)) throw rowError(at, 'BAD_USER_INPUT', 'decidedOn', 'decidedOn is not a calendar day');
  if (decidedOn > today()) throw rowError(at, 'BAD_USER_INPUT', 'decidedOn', 'decidedOn cannot be in the future');
  if (decidedOn < floor) {
    throw rowError(at, 'BAD_USER_INPUT', 'decidedOn', `decidedOn is before ${floor}: older records enter by a city's historical import`);
  }
  if (found && decidedOn < found.incidentOn) {
    throw rowError(at, 'BAD_USER_INPUT', 'decidedOn', `decidedOn is before the incident (${found.incidentOn})`);
  }
}

/**
 * The DISCIPLINE post that decides about the unit: one whose subtree holds the unit today,
 * or held it on the day decided about (the case's incident day, else the decision's day):
 * a unit since moved away stays with the line it belonged to then. Never on one's own
 * record. Its unit issues the record.
 */
async function deciderPost(ctx: Context, unit: OrgUnit, officialId: number, day: string, at: RowAt = { prefix: '' }): Promise<ViewerPost> {
  const then = day < today() ? await orgHistory.at(ctx, unit, day) : null;
  const post = coveringPost(ctx.viewer, unit.path, [PostRole.DISCIPLINE]) ?? (then ? coveringPost(ctx.viewer, then.path, [PostRole.DISCIPLINE]) : undefined);
  if (!post) throw rowError(at, 'FORBIDDEN', 'unitId', `Only DISCIPLINE of ${unit.name} or above decides accountability there`);
  if (officialId === ctx.viewer!.officialId) {
    throw rowError(at, 'FORBIDDEN', 'officialId', 'Your own accountability is decided by another DISCIPLINE post');
  }
  return post;
}

/**
 * One row checked before anything is written: the official, the post they held (on the
 * incident day, for a case) and its unit, the writer's scope over that unit, the day.
 */
async function resolveRow(
  ctx: Context, row: { officialId: string; postId?: string; unitId?: string } & AccountabilityDecisionInput,
  found: DisciplinaryCase | null, at: RowAt,
): Promise<ResolvedRow> {
  const officialRef = decodeId(row.officialId, 'Official');
  const official = officialRef && (await ctx.loaders.officialById.load(officialRef.id));
  if (!official) throw rowError(at, 'NOT_FOUND', 'officialId', 'officialId: no such official');
  let post: Post | null = null;
  if (row.postId) {
    const postRef = decodeId(row.postId, 'Post');
    post = postRef && (await ctx.loaders.postById.load(postRef.id));
    if (!post) throw rowError(at, 'NOT_FOUND', 'postId', 'postId: no such post');
    if (post.officialId !== official.id) throw rowError(at, 'BAD_USER_INPUT', 'postId', `postId is not a post of ${official.name}`);
    const day = found?.incidentOn ?? row.decidedOn;
    if (!inPeriod(post, day)) {
      throw rowError(at, 'BAD_USER_INPUT', 'postId', found
        ? `${official.name} did not hold this post on the incident day (${day})`
        : `${official.name} did not hold this post on ${day}`);
    }
  }
  let unit: OrgUnit;
  if (post) {
    unit = (await ctx.loaders.unitById.load(post.unitId))!;
    if (row.unitId && decodeId(row.unitId, 'OrgUnit')?.id !== unit.id) {
      throw rowError(at, 'BAD_USER_INPUT', 'unitId', 'unitId differs from the unit of the post; leave it out');
    }
  } else if (row.unitId) {
    const ref = decodeId(row.unitId, 'OrgUnit');
    const named = ref && (await ctx.loaders.unitById.load(ref.id));
    if (!named) throw rowError(at, 'NOT_FOUND', 'unitId', 'unitId: no such unit');
    unit = named;
  } else {
    unit = (await ctx.loaders.unitById.load(official.unitId))!;
  }
  const decider = await deciderPost(ctx, unit, official.id, found?.incidentOn ?? row.decidedOn, at);
  checkDecidedOn(row.decidedOn, found, at);
  return { official, post, unit, issuerUnitId: decider.unitId, decision: row };
}

/** The case locked for new records: it must still be open. */
async function lockOpenCase(em: EntityManager, found: DisciplinaryCase): Promise<void> {
  const locked = (await lockById(em, DisciplinaryCase, found.id))!;
  if (locked.status !== CaseStatus.OPEN) throw new AppError('CONFLICT', 'This case is closed; no new records are made from it');
}

async function insertRecord(
  em: EntityManager, ctx: Context, row: ResolvedRow,
  extra: { caseId: number | null; revisionOf: number | null; operation: string; assessmentId?: number | null },
): Promise<AccountabilityRecord> {
  const { identifiers } = await em.insert(AccountabilityRecord, {
    cityId: row.unit.cityId, officialId: row.official.id, postId: row.post?.id ?? null, unitId: row.unit.id, issuerUnitId: row.issuerUnitId, caseId: extra.caseId,
    failure: row.decision.failure, measure: row.decision.measure, decidedOn: row.decision.decidedOn, reason: row.decision.reason.trim(),
    revisionOf: extra.revisionOf, assessmentId: extra.assessmentId ?? null, createdByOfficialId: ctx.viewer!.officialId, createdAt: now(),
  });
  const record = await em.findOneByOrFail(AccountabilityRecord, { id: Number(identifiers[0].id) });
  await recordAudit(em, ctx, { operation: extra.operation, recordType: 'AccountabilityRecord', recordId: record.id, unit: row.unit, after: snapshot(record) });
  return record;
}

/**
 * The readers of a record as SQL, over an alias with its unitId, issuerUnitId, officialId
 * and cityId: a record, or an appeal (which copies them from its record). In JavaScript:
 * seesAccountabilityRecord.
 */
export function recordReaders<T extends ObjectLiteral>(ctx: Context, qb: SelectQueryBuilder<T>, alias: string): Brackets {
  const scoped = unitInScope(qb, `${alias}.unitId`, scopeRoots(ctx.viewer, RECORD_READER_ROLES));
  const issued = unitInScope(qb, `${alias}.issuerUnitId`, scopeRoots(ctx.viewer, [PostRole.DISCIPLINE]));
  return new Brackets((w) => w.where(scoped.sql, scoped.params).orWhere(issued.sql, issued.params)
    .orWhere(`${alias}.officialId = :${alias}RecordViewer`, { [`${alias}RecordViewer`]: ctx.viewer?.officialId ?? 0 }));
}

/** A write prepared and checked: it runs in the caller's transaction (alone, or within an appeal's answer). */
export type Step<T> = (em: EntityManager) => Promise<T>;

/** The record, its unit and the viewer's DISCIPLINE post that decides about it. */
export interface DecisionTarget {
  record: AccountabilityRecord;
  unit: OrgUnit;
  decider: ViewerPost;
}

export const accountabilityService = {
  /** Records of the viewer, and of units in the scope of their SECRETARY and DISCIPLINE posts. */
  visible(ctx: Context): SelectQueryBuilder<AccountabilityRecord> {
    const qb = ctx.db.getRepository(AccountabilityRecord).createQueryBuilder('r');
    return qb.where(recordReaders(ctx, qb, 'r'));
  },

  byId(ctx: Context, id: number): Promise<AccountabilityRecord | null> {
    return this.visible(ctx).andWhere('r.id = :recordId', { recordId: id }).getOne();
  },

  async get(ctx: Context, globalId: string): Promise<AccountabilityRecord | null> {
    const ref = decodeId(globalId, 'AccountabilityRecord');
    return ref ? this.byId(ctx, ref.id) : null;
  },

  async require(ctx: Context, globalId: string, field = 'id'): Promise<AccountabilityRecord> {
    const record = await this.get(ctx, globalId);
    if (!record) throw new AppError('NOT_FOUND', `${field}: no such accountability record`, { field });
    return record;
  },

  /** The current revisions (not revoked, unless asked), newest decision first. */
  async list(ctx: Context, filter: AccountabilityRecordFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.unitId) whereUnitFilter(qb, 'r', await orgUnitService.get(ctx, filter.unitId), filter.subtree);
    if (filter?.officialId !== undefined && filter.officialId !== null) {
      qb.andWhere('r.officialId = :recordOfficial', { recordOfficial: decodeId(filter.officialId, 'Official')?.id ?? 0 });
    }
    if (filter?.failure) qb.andWhere('r.failure = :recordFailure', { recordFailure: filter.failure });
    if (filter?.measure) qb.andWhere('r.measure = :recordMeasure', { recordMeasure: filter.measure });
    if (filter?.year) {
      qb.andWhere('r.decidedOn >= :recordFrom AND r.decidedOn <= :recordTo', { recordFrom: `${filter.year}-01-01`, recordTo: `${filter.year}-12-31` });
    }
    // A revision and a revocation are in their record's city (its unit's).
    if (!filter?.includeSuperseded) qb.andWhere('NOT EXISTS (SELECT 1 FROM accountability_record nr WHERE nr.cityId = r.cityId AND nr.revisionOf = r.id)');
    if (!filter?.includeRevoked) qb.andWhere('NOT EXISTS (SELECT 1 FROM accountability_revocation rv WHERE rv.cityId = r.cityId AND rv.recordId = r.id)');
    return paginate(qb, page, NEWEST_DECISION);
  },

  /** One record, with or without a case. */
  async create(ctx: Context, input: CreateAccountabilityRecordInput): Promise<AccountabilityRecord> {
    const found = input.caseId ? (await caseService.forInvestigator(ctx, input.caseId, 'caseId')).found : null;
    const row = await resolveRow(ctx, input, found, { prefix: '' });
    const cause = input.assessmentId ? await assessmentOutcomeService.causeOfRecord(ctx, input.assessmentId, row.unit) : null;
    return ctx.db.transaction(async (em) => {
      if (found) await lockOpenCase(em, found);
      return insertRecord(em, ctx, row, { caseId: found?.id ?? null, revisionOf: null, operation: 'createAccountabilityRecord', assessmentId: cause?.id ?? null });
    });
  },

  /** 一案双查: every row is checked first; then all are written in one transaction, or none. */
  async makeFromCase(ctx: Context, input: MakeAccountabilityRecordsInput): Promise<AccountabilityRecord[]> {
    const { found } = await caseService.forInvestigator(ctx, input.caseId, 'caseId');
    const rows: ResolvedRow[] = [];
    for (const [index, row] of input.records.entries()) {
      rows.push(await resolveRow(ctx, row as CaseRecordInput, found, { prefix: `records.${index}.`, index }));
    }
    return ctx.db.transaction(async (em) => {
      await lockOpenCase(em, found);
      const made: AccountabilityRecord[] = [];
      for (const row of rows) made.push(await insertRecord(em, ctx, row, { caseId: found.id, revisionOf: null, operation: 'makeAccountabilityRecords' }));
      return made;
    });
  },

  /** A visible record, for a correction or revocation by DISCIPLINE in scope (never one's own). */
  async forDecider(ctx: Context, globalId: string, field = 'id'): Promise<DecisionTarget> {
    return this.deciderOf(ctx, await this.require(ctx, globalId, field));
  },

  /**
   * Who decides about a record (corrects, revokes, answers its appeals): DISCIPLINE in
   * scope of its unit (today, or on the day decided about), never the official concerned.
   */
  async deciderOf(ctx: Context, record: AccountabilityRecord): Promise<DecisionTarget> {
    const unit = (await ctx.loaders.unitById.load(record.unitId))!;
    const found = record.caseId ? await ctx.loaders.caseById.load(record.caseId) : null;
    return { record, unit, decider: await deciderPost(ctx, unit, record.officialId, found?.incidentOn ?? record.decidedOn) };
  },

  /**
   * The latest revision that is not revoked, locked; CONFLICT otherwise. An open appeal
   * freezes the record: it is changed or revoked by answering the appeal (`answering`).
   */
  async lockLatest(em: EntityManager, record: AccountabilityRecord, doing: string, answering: number | null = null): Promise<void> {
    await lockById(em, AccountabilityRecord, record.id);
    if (await em.existsBy(AccountabilityRecord, { cityId: record.cityId, revisionOf: record.id })) {
      throw new AppError('CONFLICT', `This record has been revised; only the latest revision can be ${doing}`);
    }
    if (await em.existsBy(AccountabilityRevocation, { cityId: record.cityId, recordId: record.id })) throw new AppError('CONFLICT', 'This record is revoked');
    const open = em.getRepository(Appeal).createQueryBuilder('a')
      .where('a.cityId = :recordCity AND a.recordId = :record AND a.outcome IS NULL', { recordCity: record.cityId, record: record.id });
    if (answering !== null) open.andWhere('a.id <> :answering', { answering });
    if (await open.getExists()) throw new AppError('CONFLICT', 'An appeal against this record is open: answer the appeal instead', { reason: 'appealOpen' });
  },

  /** A correction: a new row naming the one it replaces (same official, post, unit and case); the old row stays. */
  async revise(ctx: Context, globalId: string, input: AccountabilityDecisionInput): Promise<AccountabilityRecord> {
    const write = await this.revision(ctx, await this.forDecider(ctx, globalId), input);
    return ctx.db.transaction(write);
  },

  /** The correction checked (the day), as a step that locks the latest revision and writes the new one. */
  async revision(ctx: Context, { record, unit, decider }: DecisionTarget, input: AccountabilityDecisionInput, answering: number | null = null): Promise<Step<AccountabilityRecord>> {
    const found = record.caseId ? await ctx.loaders.caseById.load(record.caseId) : null;
    const floor = liveFloor();
    checkDecidedOn(input.decidedOn, found, { prefix: answering === null ? '' : 'revision.' }, record.decidedOn < floor ? record.decidedOn : floor);
    const [official, post] = await Promise.all([
      ctx.loaders.officialById.load(record.officialId), record.postId ? ctx.loaders.postById.load(record.postId) : null,
    ]);
    return async (em) => {
      await this.lockLatest(em, record, 'revised', answering);
      return insertRecord(em, ctx, { official: official!, post, unit, issuerUnitId: decider.unitId, decision: input }, {
        caseId: record.caseId, revisionOf: record.id, operation: 'reviseAccountabilityRecord', assessmentId: record.assessmentId,
      });
    };
  },

  /** 撤销: the record stays, with the revocation and its reason beside it. */
  async revoke(ctx: Context, args: RevokeAccountabilityRecordArgs): Promise<AccountabilityRecord> {
    const target = await this.forDecider(ctx, args.id);
    const write = this.revocation(ctx, target, args);
    await ctx.db.transaction(write);
    return target.record;
  },

  /** The revocation checked (the day), as a step that locks the latest revision and writes the revocation. */
  revocation(ctx: Context, { record, unit }: DecisionTarget, args: { reason: string; revokedOn: string }, answering: number | null = null): Step<AccountabilityRevocation> {
    const at: RowAt = { prefix: '' };
    if (!isCalendarDay(args.revokedOn)) throw rowError(at, 'BAD_USER_INPUT', 'revokedOn', 'revokedOn is not a calendar day');
    if (args.revokedOn > today()) throw rowError(at, 'BAD_USER_INPUT', 'revokedOn', 'revokedOn cannot be in the future');
    if (args.revokedOn < record.decidedOn) throw rowError(at, 'BAD_USER_INPUT', 'revokedOn', `revokedOn is before the decision (${record.decidedOn})`);
    if (args.revokedOn < liveFloor()) throw rowError(at, 'BAD_USER_INPUT', 'revokedOn', `revokedOn is before ${liveFloor()}: live entry does not reach further back`);
    return async (em) => {
      await this.lockLatest(em, record, 'revoked', answering);
      const { identifiers } = await em.insert(AccountabilityRevocation, {
        cityId: record.cityId, recordId: record.id, reason: args.reason.trim(), revokedOn: args.revokedOn,
        createdByOfficialId: ctx.viewer!.officialId, createdAt: now(),
      });
      await recordAudit(em, ctx, {
        operation: 'revokeAccountabilityRecord', recordType: 'AccountabilityRevocation', recordId: Number(identifiers[0].id), unit,
        after: { recordId: record.id, revokedOn: args.revokedOn },
      });
      return em.findOneByOrFail(AccountabilityRevocation, { id: Number(identifiers[0].id) });
    };
  },

  /** The restriction a record carries by the rule table; none once revoked or without a rule. */
  async restriction(ctx: Context, record: AccountabilityRecord): Promise<Restriction | null> {
    const [revocation, rule] = await Promise.all([
      ctx.loaders.revocationByRecordId.load(record), ctx.loaders.restrictionRuleByMeasure.load(record.measure),
    ]);
    if (revocation || !rule) return null;
    return { until: addMonths(record.decidedOn, rule.months), text: rule.restriction };
  },

  /** No later revision replaces it. */
  async isCurrent(ctx: Context, record: AccountabilityRecord): Promise<boolean> {
    return (await ctx.loaders.revisionByRecordId.load(record)) === null;
  },

  /** Current, not revoked, and in force today. */
  async currentRestrictions(ctx: Context, records: readonly AccountabilityRecord[]): Promise<AccountabilityRecord[]> {
    const day = today();
    const checked = await Promise.all(records.map(async (r) => {
      const [current, restriction] = await Promise.all([this.isCurrent(ctx, r), this.restriction(ctx, r)]);
      return current && restriction && restriction.until >= day ? r : null;
    }));
    return checked.filter((r): r is AccountabilityRecord => r !== null);
  },

  /** The records of a case the viewer may see. */
  async ofCase(ctx: Context, c: DisciplinaryCase): Promise<AccountabilityRecord[]> {
    const records = await ctx.loaders.accountabilityRecordsByCaseId.load(c);
    const seen = await Promise.all(records.map((r) => seesAccountabilityRecord(ctx, r)));
    return records.filter((_, i) => seen[i]);
  },

  /**
   * 廉政档案: the official, their posts and every revision of their records the viewer
   * may see. The official reads their own; SECRETARY and DISCIPLINE posts read it when
   * they see at least one of its records (in scope of its unit); for others it is absent.
   */
  async integrityFile(ctx: Context, officialGlobalId: string): Promise<IntegrityFileData | null> {
    const ref = decodeId(officialGlobalId, 'Official');
    const official = ref && (await ctx.loaders.officialById.load(ref.id));
    if (!official) return null;
    const records = await this.visible(ctx).andWhere('r.officialId = :fileOfficial', { fileOfficial: official.id })
      .orderBy('r.decidedOn', 'DESC').addOrderBy('r.id', 'DESC').getMany();
    if (!(await this.readsFileOf(ctx, official, records))) return null;
    // Field resolvers below a record start from it: no second read of each.
    for (const r of records) ctx.loaders.accountabilityRecordById.prime(r.id, r);
    return { official, records };
  },

  /**
   * Who reads an official's file: the integrity file (廉政档案) and the fulfilment record
   * (履行主体责任记实). The official; the readers of one of the official's records; and, since
   * a clean file is an answer too (vetting a candidate), SECRETARY and DISCIPLINE posts
   * whose scope holds the official (home unit or a current post). `records`: the official's
   * records the viewer sees, when already read (else one EXISTS statement, if needed).
   */
  async readsFileOf(ctx: Context, official: Official, records?: readonly AccountabilityRecord[]): Promise<boolean> {
    if (!ctx.viewer) return false;
    if (official.id === ctx.viewer.officialId || records?.length) return true;
    if (await officialInScope(ctx, official, [PostRole.SECRETARY, PostRole.DISCIPLINE])) return true;
    return records === undefined && this.visible(ctx).andWhere('r.officialId = :fileOfficial', { fileOfficial: official.id }).getExists();
  },

  rules(ctx: Context): Promise<RestrictionRule[]> {
    return ctx.db.getRepository(RestrictionRule).find({ order: { measure: 'ASC' } });
  },
};
