// Every DataLoader on one screen, each made per request on first use (never shared between users).
// Each batch is one `IN (...)` query whose results are aligned with the keys.
import DataLoader from 'dataloader';
import {
  Brackets, In, IsNull, type DataSource, type EntityTarget, type FindOptionsOrder, type FindOptionsWhere, type ObjectLiteral, type SelectQueryBuilder,
} from 'typeorm';
import { inPeriodSql, today } from './clock';
import type { Context } from './context';
import { citiesOf } from './auth/scope';
import {
  Account, AccountabilityRecord, AccountabilityRevocation, Appeal, Assessment, Hearing, AssessmentItem, ControlMeasure, DisciplinaryCase,
  Domain, Evidence, Inspection, InspectionGroup, InspectionMember, InspectionSuggestion, InspectionTarget,
  InterviewParticipant, Lead, Milestone, Notice, NoticeCategory, NoticeCc, NoticeEvent, Official, OrgUnit, OrgUnitChange, Post, PostDomain, Problem,
  ProgressUpdate, RectificationItem, Report, ReportQuestion, ResponsibilityItem, ResponsibilityList, RestrictionRule, StoredFile, FileAttachment, Task,
  TaskClosure, TaskRating, ImportBatch,
} from './entities';
import { asUnit, byDay, versionsOn } from './resolvers/org/org-history';
import { amongSql, rankSql, type Standing } from './resolvers/assessments/standing';
import { assessmentsOfInterviews, visibleAssessments } from './resolvers/assessments/assessment-outcomes.service';
import { bareFindingCountsOfRounds, leadCountsOfInspections, suggestionCountsOfRounds } from './resolvers/inspections/inspection-outcomes.service';
import { portraitFigures, portraitLoader } from './resolvers/portrait/portrait.figures';
import type { Measure } from './schema/enums';
import type { Connection } from './schema/pagination';
import { unitTaskPages, unitTasksCacheKey, type UnitTasksKey } from './resolvers/tasks/task-pages';
import { TASK_CORE_COLUMNS } from './resolvers/tasks/task.service';
import { urgedRecords, urgingRecordKey, urgingsOfRecords, type UrgingRecordKey } from './resolvers/urgings/urging.service';
import type { Urging } from './entities';
import type { Node } from './schema/node';
import { rowsById } from './schema/rows';

type Key = number;

/** A key of a scoped loader: the request (its viewer decides what the batch may return) and a record id. */
export interface ScopedKey {
  readonly ctx: Context;
  readonly id: number;
}
const scopedKey = (k: ScopedKey): number => k.id;

/** A record by its city (the shard key its batch's statement names) and id; cached by id. */
export interface CityRef {
  readonly cityId: number;
  readonly id: number;
}
const refKey = (r: CityRef): number => r.id;

function one<T>(keys: readonly Key[], rows: T[], keyOf: (row: T) => Key): (T | null)[] {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? null);
}

function many<T>(keys: readonly Key[], rows: T[], keyOf: (row: T) => Key): T[][] {
  const byKey = new Map<Key, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) byKey.get(keyOf(row))?.push(row);
  return keys.map((k) => byKey.get(k)!);
}

const idsOf = (refs: readonly CityRef[]): number[] => refs.map((r) => r.id);

/**
 * The cache of a loader whose primed records become promises only when loaded: a tree read
 * primes a record per task (the rules' task core, the leader) and loads almost none of them
 * again, and DataLoader's own prime() makes a promise for each.
 */
class LazilyPrimed<K, V> extends Map<K, Promise<V>> {
  readonly primed = new Map<K, V>();

  get(key: K): Promise<V> | undefined {
    const known = super.get(key);
    if (known !== undefined || !this.primed.has(key)) return known;
    const made = Promise.resolve(this.primed.get(key)!);
    this.primed.delete(key);
    super.set(key, made);
    return made;
  }

  delete(key: K): boolean {
    return this.primed.delete(key) || super.delete(key);
  }

  clear(): void {
    this.primed.clear();
    super.clear();
  }
}

/** A DataLoader cached in LazilyPrimed: prime() keeps the record, not a promise of it. */
class PrimedLoader<K, V, C = K> extends DataLoader<K, V, C> {
  private readonly cache: LazilyPrimed<C, V>;
  private readonly cacheKey: (key: K) => C;

  constructor(batch: DataLoader.BatchLoadFn<K, V>, options: Omit<DataLoader.Options<K, V, C>, 'cacheMap'> = {}) {
    const cache = new LazilyPrimed<C, V>();
    super(batch, { ...options, cacheMap: cache });
    this.cache = cache;
    this.cacheKey = options.cacheKeyFn ?? ((key: K) => key as unknown as C);
  }

  prime(key: K, value: V | PromiseLike<V> | Error): this {
    if (value instanceof Error || (typeof value === 'object' && value !== null && 'then' in value)) return super.prime(key, value);
    const k = this.cacheKey(key);
    if (!this.cache.has(k) && !this.cache.primed.has(k)) this.cache.primed.set(k, value);
    return this;
  }
}

const currentOn = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string): SelectQueryBuilder<T> =>
  qb.andWhere(inPeriodSql(alias), { day: today() });

function makersOf(db: DataSource) {
  const repo = db.getRepository.bind(db);
  /** Records by id (rows.ts keeps the statement): null where there is none. */
  const byId = <T extends ObjectLiteral & { id: number }>(target: new () => T): DataLoader<Key, T | null> =>
    new PrimedLoader<Key, T | null>(async (ids) => one(ids, await rowsById(db, target, ids), (r) => r.id));
  /** Officials read in the same statement as the rows that name them: their field then costs no statement of its own. */
  const primeOfficials = (self: WithOfficials, officials: readonly (Official | undefined)[]): void => {
    for (const o of officials) if (o) self.officialById.prime(o.id, o);
  };
  /**
   * The rows of `target` whose `column` holds one of the parents' ids, in the parents' cities:
   * a child row is always in its parent's city, and the city (the shard key) leads the statement.
   */
  const under = <T extends ObjectLiteral & { cityId: number }>(
    target: EntityTarget<T>, column: keyof T & string, refs: readonly CityRef[], where: FindOptionsWhere<T> = {}, order?: FindOptionsOrder<T>,
  ): Promise<T[]> => repo(target).find({ where: { ...where, cityId: In(citiesOf(refs)), [column]: In(idsOf(refs)) } as FindOptionsWhere<T>, order });
  /** Today's posts (p) whose `column` holds one of the keys' ids, in the keys' cities. */
  const currentPostsUnder = (column: 'officialId' | 'unitId', refs: readonly CityRef[]): SelectQueryBuilder<Post> =>
    currentOn(repo(Post).createQueryBuilder('p').where(`p.cityId IN (:...cities) AND p.${column} IN (:...ids)`, { cities: citiesOf(refs), ids: idsOf(refs) }), 'p');
  return {
    unitById: () => byId(OrgUnit),

    /** Today's open children (a closed unit is no one's child today; a merged one hangs under its successor). */
    childrenByUnitId: () => new DataLoader<CityRef, OrgUnit[], number>(async (refs) =>
      many(idsOf(refs), await under(OrgUnit, 'parentId', refs, { closedOn: IsNull() }, { name: 'ASC', id: 'ASC' }),
        (u) => u.parentId!), { cacheKeyFn: refKey }),

    /** asOfKey: the unit as it was on a past day (org-history.ts), one statement per day. */
    unitAsOf: () => new DataLoader<string, OrgUnit | null>((keys) => byDay(keys, async (day, cities, ids) => new Map(
      (await versionsOn(db, day).andWhere('v.cityId IN (:...cities) AND v.unitId IN (:...ids)', { cities, ids }).getMany())
        .map((v) => [v.unitId, asUnit(v, day)]),
    ), null)),

    /** asOfKey: the unit's children on a past day, by name. */
    childrenAsOf: () => new DataLoader<string, OrgUnit[]>((keys) => byDay(keys, async (day, cities, ids) => {
      const rows = await versionsOn(db, day).andWhere('v.cityId IN (:...cities) AND v.parentId IN (:...ids)', { cities, ids })
        .orderBy('v.name').addOrderBy('v.unitId').getMany();
      return new Map(many(ids, rows, (v) => v.parentId!).map((list, i) => [ids[i], list.map((v) => asUnit(v, day))]));
    }, [] as OrgUnit[])),

    /** A unit's recorded changes, in effect order. */
    changesByUnitId: () => new DataLoader<CityRef, OrgUnitChange[], number>(async (refs) =>
      many(idsOf(refs), await under(OrgUnitChange, 'unitId', refs, {}, { effectiveOn: 'ASC', id: 'ASC' }),
        (c) => c.unitId), { cacheKeyFn: refKey }),

    /** Uploaded files, for evidence already visible (the evidence's own rule guards them). */
    fileById: () => byId(StoredFile),

    /** `${type}:${id}:${cityId}`: the files attached to records (notices, items, cases), oldest first; two statements a batch. */
    filesOfRecord: () => new DataLoader<string, StoredFile[]>(async (keys) => {
      const pairs = keys.map((k) => k.split(':'));
      const links = await repo(FileAttachment).createQueryBuilder('fa')
        .where('fa.cityId IN (:...cities)', { cities: [...new Set(pairs.map(([, , cityId]) => Number(cityId)))] })
        .andWhere(new Brackets((or) => {
          for (const type of new Set(pairs.map(([t]) => t))) {
            or.orWhere(`(fa.recordType = :t_${type} AND fa.recordId IN (:...r_${type}))`, { [`t_${type}`]: type, [`r_${type}`]: pairs.filter(([t]) => t === type).map(([, id]) => Number(id)) });
          }
        })).orderBy('fa.id').getMany();
      const files = links.length ? await repo(StoredFile).findBy({ id: In([...new Set(links.map((l) => l.fileId))]) }) : [];
      const byId = new Map(files.map((f) => [f.id, f]));
      const byRecord = new Map<string, StoredFile[]>();
      for (const l of links) {
        const file = byId.get(l.fileId);
        if (file) byRecord.set(`${l.recordType}:${l.recordId}`, [...(byRecord.get(`${l.recordType}:${l.recordId}`) ?? []), file]);
      }
      return pairs.map(([type, id]) => byRecord.get(`${type}:${id}`) ?? []);
    }),

    domainById: () => byId(Domain),

    officialById: () => byId(Official),

    // An imported record's batch (its provenance): read by the record's readers.
    importBatchById: () => byId(ImportBatch),

    /** The directory of a unit: officials whose home unit it is. */
    officialsByUnitId: () => new DataLoader<CityRef, Official[], number>(async (refs) =>
      many(idsOf(refs), await under(Official, 'unitId', refs, {}, { name: 'ASC', id: 'ASC' }),
        (o) => o.unitId), { cacheKeyFn: refKey }),

    /** An official's current posts (a post is always in its official's city: officialService refuses others). */
    currentPostsByOfficialId: () => new DataLoader<CityRef, Post[], number>(async (refs) =>
      many(idsOf(refs), await currentPostsUnder('officialId', refs).orderBy('p.id').getMany(), (p) => p.officialId), { cacheKeyFn: refKey }),

    allPostsByOfficialId: () => new DataLoader<CityRef, Post[], number>(async (refs) =>
      many(idsOf(refs), await under(Post, 'officialId', refs, {}, { since: 'ASC', id: 'ASC' }),
        (p) => p.officialId), { cacheKeyFn: refKey }),

    currentPostsByUnitId: () => new DataLoader<CityRef, Post[], number>(async (refs) =>
      many(idsOf(refs), await currentPostsUnder('unitId', refs).orderBy('p.role').addOrderBy('p.id').getMany(), (p) => p.unitId),
        { cacheKeyFn: refKey }),

    domainsByPostId: () => new DataLoader<Key, Domain[]>(async (ids) => {
      const rows = await repo(PostDomain).createQueryBuilder('pd')
        .innerJoinAndMapOne('pd.domain', Domain, 'd', 'd.id = pd.domainId')
        .where('pd.postId IN (:...ids)', { ids }).orderBy('d.code').getMany();
      return many(ids, rows, (r) => r.postId).map((list) => list.map((r) => r.domain!));
    }),

    accountByOfficialId: () => new DataLoader<Key, Account | null>(async (ids) =>
      one(ids, await repo(Account).findBy({ officialId: In([...ids]) }), (a) => a.officialId)),

    /** Posts with their holders: a post is nearly always shown with its official. */
    postById: (self: WithOfficials) => new PrimedLoader<Key, Post | null>(async (ids) => {
      const rows = await repo(Post).createQueryBuilder('p')
        .innerJoinAndMapOne('p.official', Official, 'o', 'o.id = p.officialId')
        .where('p.id IN (:...ids)', { ids }).getMany();
      primeOfficials(self, rows.map((p) => (p as Post & { official?: Official }).official));
      return one(ids, rows, (p) => p.id);
    }),

    // Records below are reached only through a parent the services have already
    // scoped (a visible list or task), so these batches need no scope of their own.
    listById: () => byId(ResponsibilityList),

    itemsByListId: () => new DataLoader<CityRef, ResponsibilityItem[], number>(async (refs) =>
      many(idsOf(refs), await under(ResponsibilityItem, 'listId', refs, {}, { position: 'ASC', id: 'ASC' }),
        (i) => i.listId), { cacheKeyFn: refKey }),

    taskById: () => byId(Task),

    /** A task's core columns (unit, leader, state, percent, dates): what rules and computed fields read. */
    taskCoreById: () => new PrimedLoader<Key, Task | null>(async (ids) =>
      one(ids, await repo(Task).createQueryBuilder('t').select(TASK_CORE_COLUMNS.map((c) => `t.${c}`))
        .where('t.id IN (:...ids)', { ids }).getMany(), (t) => t.id)),

    /** OrgUnit.tasks: every requested unit's page in one statement, scoped per unit (task-pages.ts). */
    tasksOfUnit: () => new DataLoader<UnitTasksKey, Connection<Task>, string>(unitTaskPages, { cacheKeyFn: unitTasksCacheKey }),

    milestonesByTaskId: () => new DataLoader<CityRef, Milestone[], number>(async (refs) =>
      many(idsOf(refs), await under(Milestone, 'taskId', refs, {}, { dueOn: 'ASC', id: 'ASC' }),
        (m) => m.taskId), { cacheKeyFn: refKey }),

    progressById: () => byId(ProgressUpdate),

    /** Every version, newest first. */
    progressByTaskId: () => new DataLoader<CityRef, ProgressUpdate[], number>(async (refs) =>
      many(idsOf(refs), await under(ProgressUpdate, 'taskId', refs, {}, { id: 'DESC' }),
        (p) => p.taskId), { cacheKeyFn: refKey }),

    /** The newest update of each task: one grouped subquery, not every version. */
    latestProgressByTaskId: () => new DataLoader<CityRef, ProgressUpdate | null, number>(async (refs) => {
      const rows = await repo(ProgressUpdate).createQueryBuilder('p')
        .where('p.id IN (SELECT MAX(l.id) FROM progress_update l WHERE l.cityId IN (:...cities) AND l.taskId IN (:...ids) GROUP BY l.taskId)', {
          cities: citiesOf(refs), ids: idsOf(refs),
        })
        .getMany();
      return one(idsOf(refs), rows, (p) => p.taskId);
    }, { cacheKeyFn: refKey }),

    ratingsByTaskId: () => new DataLoader<CityRef, TaskRating[], number>(async (refs) =>
      many(idsOf(refs), await under(TaskRating, 'taskId', refs, {}, { year: 'DESC', quarter: 'DESC' }),
        (r) => r.taskId), { cacheKeyFn: refKey }),

    closuresByTaskId: () => new DataLoader<CityRef, TaskClosure[], number>(async (refs) =>
      many(idsOf(refs), await under(TaskClosure, 'taskId', refs, {}, { id: 'DESC' }),
        (c) => c.taskId), { cacheKeyFn: refKey }),

    evidenceByProgressId: () => new DataLoader<CityRef, Evidence[], number>(async (refs) =>
      many(idsOf(refs), await under(Evidence, 'progressUpdateId', refs, {}, { id: 'ASC' }),
        (e) => e.progressUpdateId!), { cacheKeyFn: refKey }),

    evidenceByClosureId: () => new DataLoader<CityRef, Evidence[], number>(async (refs) =>
      many(idsOf(refs), await under(Evidence, 'closureId', refs, {}, { id: 'ASC' }),
        (e) => e.closureId!), { cacheKeyFn: refKey }),

    // --- notices (loaders) ---
    // Reached through scoped notices (noticeService.visible); categories are reference data.
    noticeCategoryById: () => byId(NoticeCategory),

    /** The cc'd posts of each notice, in post order, with their officials. */
    noticeCcPostsByNoticeId: (self: WithOfficials) => new DataLoader<Key, Post[]>(async (ids) => {
      const rows = await repo(NoticeCc).createQueryBuilder('nc')
        .innerJoinAndMapOne('nc.post', Post, 'p', 'p.id = nc.postId')
        .innerJoinAndMapOne('p.official', Official, 'o', 'o.id = p.officialId')
        .where('nc.noticeId IN (:...ids)', { ids }).orderBy('nc.postId').getMany();
      primeOfficials(self, rows.map((r) => (r.post as Post & { official?: Official }).official));
      return many(ids, rows, (r) => r.noticeId).map((list) => list.map((r) => r.post!));
    }),

    /** Every step of each notice, oldest first, with the actors. */
    noticeEventsByNoticeId: (self: WithOfficials) => new DataLoader<CityRef, NoticeEvent[], number>(async (refs) => {
      const rows = await repo(NoticeEvent).createQueryBuilder('e')
        .innerJoinAndMapOne('e.actor', Official, 'o', 'o.id = e.actorOfficialId')
        .where('e.cityId IN (:...cities) AND e.noticeId IN (:...ids)', { cities: citiesOf(refs), ids: idsOf(refs) }).orderBy('e.id', 'ASC').getMany();
      primeOfficials(self, rows.map((e) => (e as NoticeEvent & { actor?: Official }).actor));
      return many(idsOf(refs), rows, (e) => e.noticeId);
    }, { cacheKeyFn: refKey }),

    /** A notice's problem records, in the order written (Notice.problemRecords; reached through a visible notice). */
    problemsByNoticeId: () => new DataLoader<CityRef, Problem[], number>(async (refs) =>
      many(idsOf(refs), await under(Problem, 'noticeId', refs, {}, { id: 'ASC' }), (p) => p.noticeId!), { cacheKeyFn: refKey }),

    /** Problem.notice: a notice's problems are read only where the notice is (problemService.visible), so no scope here. */
    noticeById: () => byId(Notice),

    // --- inspections and problems (loaders) ---
    // Inspection records are reached through scoped services; field resolvers filter
    // the rows of a round the viewer only partly sees (auth/inspection-scope.ts).
    inspectionById: () => byId(Inspection),

    inspectionGroupById: () => byId(InspectionGroup),

    inspectionGroupsByInspectionId: () => new DataLoader<CityRef, InspectionGroup[], number>(async (refs) =>
      many(idsOf(refs), await under(InspectionGroup, 'inspectionId', refs, {}, { id: 'ASC' }),
        (g) => g.inspectionId), { cacheKeyFn: refKey }),

    inspectionMembersByGroupId: () => new DataLoader<CityRef, InspectionMember[], number>(async (refs) =>
      many(idsOf(refs), await under(InspectionMember, 'groupId', refs, {}, { since: 'ASC', id: 'ASC' }),
        (m) => m.groupId), { cacheKeyFn: refKey }),

    inspectionTargetById: () => byId(InspectionTarget),

    inspectionTargetsByInspectionId: () => new DataLoader<CityRef, InspectionTarget[], number>(async (refs) =>
      many(idsOf(refs), await under(InspectionTarget, 'inspectionId', refs, {}, { id: 'ASC' }),
        (t) => t.inspectionId), { cacheKeyFn: refKey }),

    suggestionsByTargetId: () => new DataLoader<CityRef, InspectionSuggestion[], number>(async (refs) =>
      many(idsOf(refs), await under(InspectionSuggestion, 'targetId', refs, {}, { id: 'ASC' }),
        (s) => s.targetId), { cacheKeyFn: refKey }),

    /** Suggestions per target of each round (one grouped statement); callers keep the targets the viewer sees. */
    suggestionCountsByInspectionId: () => new DataLoader<CityRef, Map<number, number>, number>((refs) => suggestionCountsOfRounds(db, refs), { cacheKeyFn: refKey }),

    /** Findings without a rectification item per unit of each round (one grouped statement). */
    bareFindingsByInspectionId: () => new DataLoader<CityRef, Map<number, number>, number>((refs) => bareFindingCountsOfRounds(db, refs), { cacheKeyFn: refKey }),

    /** Inspection.leadCount. Scoped: the round's leads the key's viewer reads in full (DECIDES_LEAD), one grouped statement. */
    leadCountOfInspection: () => new DataLoader<ScopedKey, number, number>(leadCountsOfInspections, { cacheKeyFn: scopedKey }),

    problemById: () => byId(Problem),

    /** The findings of a round, oldest first. */
    findingsByInspectionId: () => new DataLoader<CityRef, Problem[], number>(async (refs) =>
      many(idsOf(refs), await under(Problem, 'inspectionId', refs, {}, { id: 'ASC' }),
        (p) => p.inspectionId!), { cacheKeyFn: refKey }),

    rectificationItemsByProblemId: () => new DataLoader<CityRef, RectificationItem[], number>(async (refs) =>
      many(idsOf(refs), await under(RectificationItem, 'problemId', refs, {}, { deadline: 'ASC', id: 'ASC' }),
        (r) => r.problemId), { cacheKeyFn: refKey }),

    // --- leads, cases and accountability (loaders) ---
    // Leads, cases and records are reached through scoped services or guarded fields;
    // field resolvers re-check visibility (accountability-rules.ts) where a parent does not imply it.
    leadById: () => byId(Lead),

    caseById: () => byId(DisciplinaryCase),

    accountabilityRecordById: () => byId(AccountabilityRecord),

    /** Every revision made from a case, in order. */
    accountabilityRecordsByCaseId: () => new DataLoader<CityRef, AccountabilityRecord[], number>(async (refs) =>
      many(idsOf(refs), await under(AccountabilityRecord, 'caseId', refs, {}, { id: 'ASC' }),
        (r) => r.caseId!), { cacheKeyFn: refKey }),

    /** The revision that replaced a record (at most one: only the latest may be revised). */
    revisionByRecordId: () => new DataLoader<CityRef, AccountabilityRecord | null, number>(async (refs) =>
      one(idsOf(refs), await under(AccountabilityRecord, 'revisionOf', refs), (r) => r.revisionOf!), { cacheKeyFn: refKey }),

    revocationByRecordId: () => new DataLoader<CityRef, AccountabilityRevocation | null, number>(async (refs) =>
      one(idsOf(refs), await under(AccountabilityRevocation, 'recordId', refs), (v) => v.recordId), { cacheKeyFn: refKey }),

    /** A record's appeals (申诉), oldest first: read where the record is (its readers read them). */
    appealsByRecordId: () => new DataLoader<CityRef, Appeal[], number>(async (refs) =>
      many(idsOf(refs), await under(Appeal, 'recordId', refs, {}, { id: 'ASC' }), (a) => a.recordId), { cacheKeyFn: refKey }),

    revocationById: () => byId(AccountabilityRevocation),

    /** The rule table is reference data: public to signed-in users. */
    restrictionRuleById: () => byId(RestrictionRule),

    restrictionRuleByMeasure: () => new DataLoader<Measure, RestrictionRule | null>(async (measures) => {
      const rows = await repo(RestrictionRule).findBy({ measure: In([...measures]) });
      const byMeasure = new Map(rows.map((r) => [r.measure, r]));
      return measures.map((m) => byMeasure.get(m) ?? null);
    }),

    // --- assessments, reports, interviews, risk points (loaders) ---
    assessmentItemsByAssessmentId: () => new DataLoader<CityRef, AssessmentItem[], number>(async (refs) =>
      many(idsOf(refs), await under(AssessmentItem, 'assessmentId', refs, {}, { position: 'ASC', id: 'ASC' }),
        (i) => i.assessmentId), { cacheKeyFn: refKey }),

    /** Rank among the siblings and their number: correlated counts in one statement (see standing.ts). */
    assessmentStandingById: () => new DataLoader<Key, Standing | null>(async (ids) => {
      const rows = await repo(Assessment).createQueryBuilder('a')
        .select('a.id', 'id').addSelect(rankSql('a'), 'standing').addSelect(amongSql('a'), 'among')
        .where('a.id IN (:...ids)', { ids }).getRawMany<{ id: number | string; standing: number | string; among: number | string }>();
      const byId = new Map(rows.map((r) => [Number(r.id), { rank: Number(r.standing), among: Number(r.among) }]));
      return ids.map((id) => byId.get(id) ?? null);
    }),

    reportById: () => byId(Report),

    questionsByReportId: () => new DataLoader<CityRef, ReportQuestion[], number>(async (refs) =>
      many(idsOf(refs), await under(ReportQuestion, 'reportId', refs, {}, { id: 'ASC' }), (q) => q.reportId), { cacheKeyFn: refKey }),

    // --- hearings (loaders) ---
    // Reached through a visible hearing or part (hearingService), which applies the scope.
    hearingById: () => byId(Hearing),

    /** Each hearing's parts (ORAL reports), in the order added. */
    partsByHearingId: () => new DataLoader<CityRef, Report[], number>(async (refs) =>
      many(idsOf(refs), await under(Report, 'hearingId', refs, {}, { id: 'ASC' }), (r) => r.hearingId!), { cacheKeyFn: refKey }),

    /** Interview.assessments. Scoped: the assessments that called its interviewees, as the key's viewer sees them. */
    assessmentsOfInterview: () => new DataLoader<ScopedKey, Assessment[], number>(assessmentsOfInterviews, { cacheKeyFn: scopedKey }),

    /** AccountabilityRecord.assessment. Scoped: an assessment the key's viewer sees (assessmentService.visible). */
    visibleAssessmentById: () => new DataLoader<ScopedKey, Assessment | null, number>(visibleAssessments, { cacheKeyFn: scopedKey }),

    participantsByInterviewId: () => new DataLoader<Key, Official[]>(async (ids) => {
      const rows = await repo(InterviewParticipant).createQueryBuilder('ip')
        .innerJoinAndMapOne('ip.official', Official, 'o', 'o.id = ip.officialId')
        .where('ip.interviewId IN (:...ids)', { ids }).orderBy('o.name').addOrderBy('o.id').getMany();
      return many(ids, rows, (r) => r.interviewId).map((list) => list.map((r) => r.official!));
    }),

    measuresByRiskPointId: () => new DataLoader<CityRef, ControlMeasure[], number>(async (refs) =>
      many(idsOf(refs), await under(ControlMeasure, 'riskPointId', refs, {}, { id: 'ASC' }), (m) => m.riskPointId), { cacheKeyFn: refKey }),

    // --- portrait (loaders) ---
    // Keyed on (unit, year): each section is one grouped statement for every portrait of the
    // request (portrait.figures.ts). Reached only through a portrait the service let the viewer read.
    portraitUnitsByUnitYear: () => portraitLoader(db, portraitFigures.units),
    portraitTasksByUnitYear: () => portraitLoader(db, portraitFigures.tasks),
    portraitProblemsByUnitYear: () => portraitLoader(db, portraitFigures.problems),
    portraitNoticesByUnitYear: () => portraitLoader(db, portraitFigures.notices),
    portraitInspectionByUnitYear: () => portraitLoader(db, portraitFigures.inspection),
    portraitAccountabilityByUnitYear: () => portraitLoader(db, portraitFigures.accountability),
    portraitLettersByUnitYear: () => portraitLoader(db, portraitFigures.letters),
    portraitLateEntriesByUnitYear: () => portraitLoader(db, portraitFigures.lateEntries),
    portraitAssessmentsByUnitYear: () => portraitLoader(db, portraitFigures.assessments),
    portraitRedTaskLeadersByUnitYear: () => portraitLoader(db, portraitFigures.redTaskLeaders),
    portraitUrgingsByUnitYear: () => portraitLoader(db, portraitFigures.urgings),
    portraitLeadsByUnitYear: () => portraitLoader(db, portraitFigures.leads),
    portraitCasesByUnitYear: () => portraitLoader(db, portraitFigures.cases),
    portraitInterviewsByUnitYear: () => portraitLoader(db, portraitFigures.interviews),
    portraitReportsByUnitYear: () => portraitLoader(db, portraitFigures.reports),
    portraitSuggestionsByUnitYear: () => portraitLoader(db, portraitFigures.suggestions),

    // --- urgings (loaders) ---
    // Scoped: a key carries the request's context, and each batch is one statement under the
    // viewer's scope (urging.service.ts), so a visible record never shows an urging that is not.
    /** Task.urgings, Notice.urgings, RectificationItem.urgings, newest first. */
    urgingsOfRecord: () => new DataLoader<UrgingRecordKey, Urging[], string>(urgingsOfRecords, { cacheKeyFn: urgingRecordKey }),
    /** Urging.record: the urged records the viewer reads, one statement per kind. */
    urgedRecord: () => new DataLoader<UrgingRecordKey, Node | null, string>(urgedRecords, { cacheKeyFn: urgingRecordKey }),
  };
}

type Makers = ReturnType<typeof makersOf>;

/** Every loader a request may use (src/loaders.ts makersOf), each made on first use. */
export type Loaders = { readonly [K in keyof Makers]: ReturnType<Makers[K]> };

/** What the batches that prime officials need of the request's loaders. */
interface WithOfficials { readonly officialById: DataLoader<Key, Official | null> }

// Per data source: an object whose getters make each loader on first use and keep it on the
// request's own loaders (a request uses a few of them; a subscription group makes them anew
// before each event).
const prototypes = new WeakMap<DataSource, object>();

/** A request's loaders (never shared between users): each DataLoader made when first used. */
export function createLoaders(db: DataSource): Loaders {
  let prototype = prototypes.get(db);
  if (!prototype) {
    prototype = {};
    for (const [key, make] of Object.entries(makersOf(db))) {
      Object.defineProperty(prototype, key, {
        get(this: Loaders) {
          const loader = (make as (self: Loaders) => unknown)(this);
          Object.defineProperty(this, key, { value: loader, enumerable: true });
          return loader;
        },
      });
    }
    prototypes.set(db, prototype);
  }
  return Object.create(prototype) as Loaders;
}
