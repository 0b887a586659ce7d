// Key tasks: scoped reads (PUBLIC to every signed-in user, INTERNAL to posts in
// scope), the keepers' writes, progress by the responsible leader, quarterly ratings
// by the unit's DISCIPLINE, and closure (销号) requested and decided by different people.
import { Brackets, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { readsUnitRecords, seesTaskInternals } from '../../auth/rules';
import { DECIDES_CLOSURES, LEADS_TASK, NOT_THE_REQUESTER, RATES_TASK } from '../../auth/steps';
import { holdsPostAt, isUnder, KEEPER_ROLES, RECORD_READERS, scopeRoots, unitInScope, whereUnitFilter } from '../../auth/scope';
import { dueWindow, addDays, inPeriod, isCalendarDay, liveFloor, now, quarterOf, today } from '../../clock';
import { config } from '../../config';
import { viewerOf, type Context } from '../../context';
import { asStored, concatSql, execute, executeDeferred, forUpdate, lockById } from '../../data-source';
import {
  Evidence, Milestone, OrgUnit, Post, ProgressUpdate, Task, TaskClosure, TaskRating,
} from '../../entities';
import { NO_OPEN_MILESTONE } from '../../entities/task.entity';
import { AppError, badInput, forbidden } from '../../errors';
import { ClosureDecision, PostRole, TaskSort, TaskStatus, Visibility } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { pageOf, type PageArgs, type SortKey } from '../../schema/pagination';
import { hydrate } from '../../schema/rows';
import { events } from '../../events';
import { fileService } from '../../files';
import { onReplica } from '../../replica';
import { recordAudit, recordAuditFrom } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import { finalDueOn, lightCondition, lightOf, nextDueOn, nextDueOnSql, overdueCondition, type MilestonePlan } from './light';
import type {
  CorrectProgressInput, CreateTaskInput, DecideClosureInput, EvidenceInput, MilestoneInput, PostProgressInput,
  RateTaskInput, RequestClosureInput, TaskFilter, UnitTaskFilter, UpdateTaskInput,
} from './task.inputs';
import { requireDomain } from '../node/references';
import { taskPage, unitTasksShape } from './task-pages';

const LEADER_ROLES = [PostRole.SECRETARY, PostRole.TEAM_MEMBER];

export const SORTS: Record<TaskSort, SortKey<Task>[]> = {
  [TaskSort.NEXT_DUE]: [{ column: 't.nextDueOn', value: (t) => t.nextDueOn }, { column: 't.id', value: (t) => t.id }],
  [TaskSort.DUE_ON]: [{ column: 't.dueOn', value: (t) => t.dueOn }, { column: 't.id', value: (t) => t.id }],
  [TaskSort.NEWEST]: [{ column: 't.id', value: (t) => t.id, descending: true }],
  [TaskSort.TITLE]: [{ column: 't.title', value: (t) => t.title }, { column: 't.id', value: (t) => t.id }],
};

const snapshot = (t: Task) => ({
  title: t.title, year: t.year, domainId: t.domainId, leaderPostId: t.leaderPostId, leadOffice: t.leadOffice,
  visibility: t.visibility, status: t.status, percent: t.percent, dueOn: t.dueOn,
});

export const lightOfTask = (task: Task) => lightOf(task, today(), config.yellowDays);

/**
 * With late entry refused (ZEREN_LATE_ENTRY=refuse), a new progress post on `day` is taken
 * only while the open milestone was due on this day or later; null when late entry is only flagged.
 */
export const lateEntryCutoff = (day: string): string | null =>
  (config.lateEntry.mode === 'refuse' ? addDays(day, -config.lateEntry.graceDays) : null);

// One statement per event, whatever the number of subscription groups: the task with its unit
// and its latest update (what the public TaskChanged operation shows). Each group then
// decides visibility for its viewer in memory and finds these in its own loaders.
const changedReads = new WeakMap<object, Promise<{ task: Task; unit: OrgUnit; latest: ProgressUpdate | null } | null>>();

function readChangedTask(ctx: Context, event: { taskId: number }) {
  let read = changedReads.get(event);
  if (!read) {
    read = (async () => {
      // One statement: the task by key, its unit, and its newest update (in the task's city, the shard key).
      const { entities: [task], raw: [row] } = await ctx.db.getRepository(Task).createQueryBuilder('t')
        .innerJoinAndMapOne('t.unit', OrgUnit, 'u', 'u.id = t.unitId')
        .leftJoin(ProgressUpdate, 'p', 'p.cityId = t.cityId AND p.id = (SELECT MAX(l.id) FROM progress_update l WHERE l.cityId = t.cityId AND l.taskId = t.id)')
        .addSelect('p')
        .where('t.id = :id', { id: event.taskId }).getRawAndEntities<Record<string, unknown>>();
      if (!task?.unit) return null;
      const latest = row?.p_id != null ? hydrate(ctx.db, ProgressUpdate, row, 'p_') : null;
      return { task, unit: task.unit, latest };
    })();
    changedReads.set(event, read);
  }
  return read;
}

/** Tells subscribers a task changed, once the change is committed. */
async function published<T>(taskId: number, change: Promise<T>): Promise<T> {
  const result = await change;
  events.publish('taskChanged', { taskId });
  return result;
}

const lockTask = async (em: EntityManager, id: number): Promise<Task> => (await lockById(em, Task, id))!;

/** Milestones in date order with targets not decreasing, the last one at 100. */
function checkPlan(milestones: readonly MilestonePlan[], year: number): void {
  milestones.forEach((m, i) => {
    if (!isCalendarDay(m.dueOn)) throw badInput(`milestones[${i}].dueOn is not a calendar day`, 'milestones');
    if (m.dueOn < `${year}-01-01`) throw badInput(`milestones[${i}] is due before the task's year ${year} begins`, 'milestones');
    const prev = milestones[i - 1];
    if (prev && m.dueOn < prev.dueOn) throw badInput(`milestones are out of date order: ${m.dueOn} comes after ${prev.dueOn}`, 'milestones');
    if (prev && m.targetPercent < prev.targetPercent) throw badInput('milestone targets must not decrease over time', 'milestones');
  });
  if (milestones.at(-1)!.targetPercent !== 100) throw badInput('The last milestone must be at 100 percent', 'milestones');
}

/** The responsible leader: a current SECRETARY or TEAM_MEMBER post of the task's unit. */
async function requireLeaderPost(ctx: Context, globalId: string, unit: OrgUnit): Promise<Post> {
  const ref = decodeId(globalId, 'Post');
  const post = ref && (await ctx.loaders.postById.load(ref.id));
  const day = today();
  if (!post) throw new AppError('NOT_FOUND', 'leaderPostId: no such post', { field: 'leaderPostId' });
  if (post.unitId !== unit.id || !LEADER_ROLES.includes(post.role) || !inPeriod(post, day)) {
    throw badInput(`The responsible leader must hold a current SECRETARY or TEAM_MEMBER post of ${unit.name}`, 'leaderPostId');
  }
  return post;
}

async function insertEvidence(
  em: EntityManager, ctx: Context, task: { id: number; cityId: number }, items: readonly EvidenceInput[],
  link: { progressUpdateId?: number; closureId?: number }, files: ReadonlyMap<string, number>,
): Promise<void> {
  if (!items.length) return;
  const at = now();
  await em.insert(Evidence, items.map((e) => ({
    cityId: task.cityId, taskId: task.id, progressUpdateId: link.progressUpdateId ?? null, closureId: link.closureId ?? null,
    title: e.title.trim(), reference: e.reference?.trim() || null, fileId: e.fileId ? files.get(e.fileId) ?? null : null,
    addedByOfficialId: ctx.viewer!.officialId, createdAt: at,
  })));
  await fileService.attached(em, [...files.values()]);
}

/** The filters of a task list other than its unit, combined with AND. */
export function whereTaskFilter(qb: SelectQueryBuilder<Task>, filter: UnitTaskFilter | undefined): SelectQueryBuilder<Task> {
  if (!filter) return qb;
  if (filter.year) qb.andWhere('t.year = :year', { year: filter.year });
  const idOf = (globalId: string | undefined, type: 'Domain' | 'Post' | 'Official') => {
    if (globalId === undefined) return undefined;
    return decodeId(globalId, type)?.id ?? 0; // an id of the wrong type matches nothing
  };
  const domainId = idOf(filter.domainId, 'Domain');
  if (domainId !== undefined) qb.andWhere('t.domainId = :domainId', { domainId });
  const leaderPostId = idOf(filter.leaderPostId, 'Post');
  if (leaderPostId !== undefined) qb.andWhere('t.leaderPostId = :leaderPostId', { leaderPostId });
  const leaderOfficialId = idOf(filter.leaderOfficialId, 'Official');
  if (leaderOfficialId !== undefined) {
    // A task's leader post is at the task's unit (requireLeaderPost), so in the task's city.
    qb.andWhere('t.leaderPostId IN (SELECT lp.id FROM post lp WHERE lp.cityId = t.cityId AND lp.officialId = :leaderOfficialId)', { leaderOfficialId });
  }
  if (filter.status) qb.andWhere('t.status = :status', { status: filter.status });
  if (filter.visibility) qb.andWhere('t.visibility = :visibility', { visibility: filter.visibility });
  if (filter.light) qb.andWhere(lightCondition('t', filter.light, today(), config.yellowDays));
  if (filter.overdue !== undefined && filter.overdue !== null) {
    qb.andWhere(overdueCondition('t', filter.overdue), { overdueToday: today() });
  }
  if (filter.dueWithinDays !== undefined && filter.dueWithinDays !== null) {
    // The next open milestone falls in the window (a task with none has the far-future sentinel).
    const { from, to } = dueWindow(filter.dueWithinDays);
    qb.andWhere('t.status <> :dueClosed AND t.nextDueOn >= :dueFrom AND t.nextDueOn <= :dueTo', { dueClosed: TaskStatus.CLOSED, dueFrom: from, dueTo: to });
  }
  return qb;
}

/**
 * The columns every task row carries (the rules, the light, the cursors and the loaders
 * read them); the others only when their field is selected.
 */
export const TASK_CORE_COLUMNS: readonly string[] = [
  'id', 'cityId', 'unitId', 'year', 'domainId', 'leaderPostId', 'visibility', 'status', 'percent', 'dueOn', 'nextDueOn',
];

/**
 * Lean columns for a list whose nodes are at `prefix` in the selection: the core, plus a
 * column only when its field is selected (titles and long texts included). The TITLE
 * sort reads the title. (task-pages.ts joins the leader to the kept rows.)
 */
export function leanColumns(db: DataSource, selected: ReadonlySet<string>, prefix: string, sort?: TaskSort): string[] {
  return db.getMetadata(Task).columns.map((c) => c.propertyName).filter((c) => TASK_CORE_COLUMNS.includes(c)
    || selected.has(prefix + c) || (c === 'title' && sort === TaskSort.TITLE)
    // The provenance field reads the batch and row of an imported task.
    || ((c === 'importBatchId' || c === 'importRow') && selected.has(`${prefix}provenance`)));
}

/**
 * Rules that start from a task's rating or evidence find its core loaded, and field
 * resolvers its leader; a lean row is never served where the whole task is asked for.
 */
export function primeTask(ctx: Context, task: Task, wholeLeader: boolean): void {
  ctx.loaders.taskCoreById.prime(task.id, task);
  const post = task.leaderPost;
  if (post && wholeLeader) {
    ctx.loaders.postById.prime(post.id, post);
    if (post.official) ctx.loaders.officialById.prime(post.official.id, post.official);
  }
}

const listFields = new WeakMap<ReadonlySet<string>, readonly string[]>();

/** The selections that shape a unit's page statement (the count, the node's fields, the leader's), once per field. */
function fieldsOf(selected: ReadonlySet<string>): readonly string[] {
  let fields = listFields.get(selected);
  if (!fields) {
    listFields.set(selected, (fields = [...selected].filter((f) => f === 'totalCount' || /^edges\.node\.[^.]+$/.test(f) || f.startsWith('edges.node.leader.')).sort()));
  }
  return fields;
}

export const taskService = {
  /** Tasks the viewer may see: PUBLIC ones, and INTERNAL ones of units in scope. */
  visible(ctx: Context): SelectQueryBuilder<Task> {
    const qb = ctx.db.getRepository(Task).createQueryBuilder('t');
    const scoped = unitInScope(qb, 't.unitId', scopeRoots(ctx.viewer, RECORD_READERS));
    return qb.andWhere(new Brackets((w) => w.where('t.visibility = :public', { public: Visibility.PUBLIC })
      .orWhere(scoped.sql, scoped.params)));
  },

  /** The same rule for a unit already at hand: are all its tasks visible, or only the PUBLIC ones? */
  seesAllTasksOf(ctx: Context, unit: OrgUnit): boolean {
    return readsUnitRecords(ctx.viewer, unit);
  },

  async get(ctx: Context, globalId: string): Promise<Task | null> {
    const ref = decodeId(globalId, 'Task');
    return ref ? this.byId(ctx, ref.id) : null;
  },

  byId(ctx: Context, id: number): Promise<Task | null> {
    return this.visible(ctx).andWhere('t.id = :id', { id }).getOne();
  },

  async require(ctx: Context, globalId: string, field = 'taskId'): Promise<Task> {
    const task = await this.get(ctx, globalId);
    if (!task) throw new AppError('NOT_FOUND', `${field}: no such task`, { field });
    return task;
  },

  async filtered(ctx: Context, filter: TaskFilter | undefined): Promise<SelectQueryBuilder<Task>> {
    if (!filter?.unitId) return whereTaskFilter(this.visible(ctx), filter);
    const unit = await orgUnitService.get(ctx, filter.unitId);
    // Every task of a unit in scope is visible, and so is every task below it (the rule of
    // visible()): a list of that unit or its subtree needs no visibility condition.
    const qb = unit && this.seesAllTasksOf(ctx, unit) ? ctx.db.getRepository(Task).createQueryBuilder('t') : this.visible(ctx);
    return whereTaskFilter(whereUnitFilter(qb, 't', unit, filter.subtree), filter);
  },

  async list(ctx: Context, filter: TaskFilter | undefined, sort: TaskSort, page: PageArgs, selected: ReadonlySet<string> = new Set()) {
    return taskPage(ctx, await this.filtered(ctx, filter), sort, page, selected);
  },

  /** A page of one unit's tasks: the loader reads every requested unit's page in one statement. */
  ofUnit(ctx: Context, unit: OrgUnit, filter: UnitTaskFilter | undefined, sort: TaskSort, page: PageArgs, selected: ReadonlySet<string>) {
    const fields = fieldsOf(selected);
    const cut = pageOf(page);
    return ctx.loaders.tasksOfUnit.load({ ctx, unit, filter, sort, page: cut, fields, shape: unitTasksShape(ctx, selected, filter, sort, cut, fields) });
  },

  /** Counts by light and status in one aggregate statement. */
  async stats(ctx: Context, filter: TaskFilter | undefined) {
    const qb = await this.filtered(ctx, { ...filter, light: undefined, overdue: undefined } as TaskFilter);
    const day = today();
    // A report: on a replica when the request may (src/replica.ts).
    const raw = await onReplica(ctx.db, (replica) => (replica ? qb.setQueryRunner(replica) : qb).select([])
      .addSelect('COUNT(*)', 'total')
      .addSelect(`SUM(CASE WHEN t.status <> :closed AND t.nextDueOn < :day THEN 1 ELSE 0 END)`, 'red')
      .addSelect(`SUM(CASE WHEN t.status <> :closed AND t.nextDueOn >= :day AND t.nextDueOn <= :yellowUntil THEN 1 ELSE 0 END)`, 'yellow')
      .addSelect(`SUM(CASE WHEN t.status = :closed OR t.nextDueOn > :yellowUntil THEN 1 ELSE 0 END)`, 'green')
      .addSelect(`SUM(CASE WHEN t.status = :inProgress THEN 1 ELSE 0 END)`, 'inProgress')
      .addSelect(`SUM(CASE WHEN t.status = :requested THEN 1 ELSE 0 END)`, 'closureRequested')
      .addSelect(`SUM(CASE WHEN t.status = :closed THEN 1 ELSE 0 END)`, 'closed')
      .addSelect(`SUM(CASE WHEN ${overdueCondition('t', true).replace(/:overdueToday/g, ':day')} THEN 1 ELSE 0 END)`, 'overdue')
      .setParameters({
        closed: TaskStatus.CLOSED, inProgress: TaskStatus.IN_PROGRESS, requested: TaskStatus.CLOSURE_REQUESTED,
        day, yellowUntil: addDays(day, config.yellowDays),
      })
      .getRawOne<Record<string, string | number | null>>());
    const n = (k: string) => Number(raw?.[k] ?? 0);
    return {
      total: n('total'), red: n('red'), yellow: n('yellow'), green: n('green'),
      inProgress: n('inProgress'), closureRequested: n('closureRequested'), closed: n('closed'), overdue: n('overdue'),
    };
  },

  async create(ctx: Context, input: CreateTaskInput): Promise<Task> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    if (!holdsPostAt(ctx.viewer, unit.id, KEEPER_ROLES)) throw forbidden(`Only the OFFICE or SECRETARY of ${unit.name} keep its tasks`);
    const [domain, leader] = await Promise.all([requireDomain(ctx, input.domainId), requireLeaderPost(ctx, input.leaderPostId, unit)]);
    // Live entry keeps to this year and last: older tasks enter by a city's historical import.
    if (`${input.year}-12-31` < liveFloor()) throw badInput(`${input.year} is past; older years enter by a city's historical import`, 'year');
    checkPlan(input.milestones, input.year);
    const at = now();
    const task = await ctx.db.transaction(async (em) => {
      const { identifiers } = await em.insert(Task, {
        cityId: unit.cityId, unitId: unit.id, year: input.year, title: input.title.trim(), domainId: domain.id,
        leaderPostId: leader.id, leadOffice: input.leadOffice.trim(), goal: input.goal.trim(), measures: input.measures.trim(),
        visibility: input.visibility, status: TaskStatus.IN_PROGRESS, percent: 0,
        dueOn: finalDueOn(input.milestones), nextDueOn: nextDueOn(input.milestones, 0),
        closedAt: null, createdByOfficialId: ctx.viewer!.officialId, createdAt: at, updatedAt: at,
      });
      const taskId = Number(identifiers[0].id);
      await em.insert(Milestone, input.milestones.map((m) => ({
        cityId: unit.cityId, taskId, title: m.title.trim(), dueOn: m.dueOn, targetPercent: m.targetPercent,
      })));
      const task = await em.findOneByOrFail(Task, { id: taskId });
      await recordAudit(em, ctx, {
        operation: 'createTask', recordType: 'Task', recordId: taskId, unit,
        after: { ...snapshot(task), milestones: input.milestones.map((m) => ({ dueOn: m.dueOn, targetPercent: m.targetPercent })) },
      });
      return task;
    });
    events.publish('taskChanged', { taskId: task.id });
    return task;
  },

  /** Loads a visible task for a write and its unit; keepers only. */
  async forKeeper(ctx: Context, globalId: string, field: string): Promise<{ task: Task; unit: OrgUnit }> {
    const task = await this.require(ctx, globalId, field);
    const unit = (await ctx.loaders.unitById.load(task.unitId))!;
    if (!holdsPostAt(ctx.viewer, unit.id, KEEPER_ROLES)) throw forbidden(`Only the OFFICE or SECRETARY of ${unit.name} keep its tasks`);
    return { task, unit };
  },

  async update(ctx: Context, globalId: string, input: UpdateTaskInput): Promise<Task> {
    const { task, unit } = await this.forKeeper(ctx, globalId, 'id');
    if (task.status === TaskStatus.CLOSED) throw new AppError('CONFLICT', 'This task is closed (销号) and can no longer change');
    const changes: Partial<Task> = {};
    if (input.title != null) changes.title = input.title.trim();
    if (input.leadOffice != null) changes.leadOffice = input.leadOffice.trim();
    if (input.goal != null) changes.goal = input.goal.trim();
    if (input.measures != null) changes.measures = input.measures.trim();
    if (input.visibility != null) changes.visibility = input.visibility;
    if (input.domainId != null) changes.domainId = (await requireDomain(ctx, input.domainId)).id;
    if (input.leaderPostId != null) changes.leaderPostId = (await requireLeaderPost(ctx, input.leaderPostId, unit)).id;
    return published(task.id, ctx.db.transaction(async (em) => {
      const before = await lockTask(em, task.id);
      await em.update(Task, { id: task.id }, { ...changes, updatedAt: now() });
      const after = await em.findOneByOrFail(Task, { id: task.id });
      await recordAudit(em, ctx, { operation: 'updateTask', recordType: 'Task', recordId: task.id, unit, before: snapshot(before), after: snapshot(after) });
      return after;
    }));
  },

  /** A new milestone, due today or later (the past plan cannot be rewritten). */
  async addMilestone(ctx: Context, globalId: string, input: MilestoneInput): Promise<Task> {
    const { task, unit } = await this.forKeeper(ctx, globalId, 'taskId');
    if (task.status === TaskStatus.CLOSED) throw new AppError('CONFLICT', 'This task is closed (销号) and can no longer change');
    if (!isCalendarDay(input.dueOn)) throw badInput('dueOn is not a calendar day', 'dueOn');
    if (input.dueOn < today()) throw badInput('A new milestone cannot be due in the past', 'dueOn');
    return published(task.id, ctx.db.transaction(async (em) => {
      const locked = await lockTask(em, task.id);
      const existing = await em.find(Milestone, { where: { cityId: task.cityId, taskId: task.id }, order: { dueOn: 'ASC', id: 'ASC' } });
      const plan = [...existing, input].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
      checkPlan(plan, task.year);
      await em.insert(Milestone, { cityId: task.cityId, taskId: task.id, title: input.title.trim(), dueOn: input.dueOn, targetPercent: input.targetPercent });
      await em.update(Task, { id: task.id }, { dueOn: finalDueOn(plan), nextDueOn: nextDueOn(plan, locked.percent), updatedAt: now() });
      const after = await em.findOneByOrFail(Task, { id: task.id });
      await recordAudit(em, ctx, {
        operation: 'addMilestone', recordType: 'Task', recordId: task.id, unit,
        before: snapshot(locked), after: { ...snapshot(after), added: { dueOn: input.dueOn, targetPercent: input.targetPercent } },
      });
      return after;
    }));
  },

  /** The responsible leader: the official holding the task's leader post today. */
  async assertLeader(ctx: Context, task: Task): Promise<OrgUnit> {
    const unit = (await ctx.loaders.unitById.load(task.unitId))!;
    if (!LEADS_TASK.allows(ctx.viewer, task)) {
      throw forbidden('Only the responsible leader of this task may do this');
    }
    return unit;
  },

  async postProgress(ctx: Context, input: PostProgressInput): Promise<ProgressUpdate> {
    const ref = decodeId(input.taskId, 'Task');
    return this.appendProgress(ctx, ref?.id ?? 0, input.taskId, {
      text: input.text, percent: input.percent, evidence: input.evidence, correctsId: null, reason: null,
    });
  },

  async correctProgress(ctx: Context, input: CorrectProgressInput): Promise<ProgressUpdate> {
    const ref = decodeId(input.progressId, 'ProgressUpdate');
    const original = ref && (await ctx.loaders.progressById.load(ref.id));
    const task = original && (await this.byId(ctx, original.taskId));
    if (!original || !task) throw new AppError('NOT_FOUND', 'progressId: no such progress update', { field: 'progressId' });
    return this.appendProgress(ctx, task.id, task.id, { text: input.text, percent: input.percent, evidence: [], correctsId: original.id, reason: input.reason });
  },

  /**
   * One new, immutable progress row (server time), and the task's percent and next due day
   * kept in step, in five statements with BEGIN and COMMIT: the row is appended only where
   * the task is open and led by one of the viewer's posts (the same statement locks the
   * task), the audit entry reads the percent before from the locked row, and the task is
   * updated. When nothing was appended, the reason is found and told (NOT_FOUND, FORBIDDEN, CONFLICT).
   */
  async appendProgress(
    ctx: Context, taskId: number, globalId: string | number,
    p: { text: string; percent: number; evidence: readonly EvidenceInput[]; correctsId: number | null; reason: string | null },
  ): Promise<ProgressUpdate> {
    const viewer = viewerOf(ctx);
    const led = viewer.posts.filter((post) => LEADER_ROLES.includes(post.role));
    const at = asStored(ctx.db, now()); // the answer carries the time as it is kept
    const update = {
      taskId, text: p.text.trim(), percent: p.percent, authorOfficialId: viewer.officialId, createdAt: at,
      correctsId: p.correctsId, correctionReason: p.reason?.trim() ?? null, postedOn: today(),
    };
    const lock = forUpdate(ctx.db);
    if (led.some((post) => !/^[/0-9]+$/.test(post.unitPath))) throw new Error('A unit path holds more than digits and slashes');
    // Files named by the evidence: the viewer's own uploads (no statement without any).
    const files = p.evidence.some((e) => e.fileId) ? await fileService.ownUploads(ctx, p.evidence.map((e) => e.fileId), (i) => `evidence.${i}.fileId`) : new Map<string, number>();
    const id = !led.length ? null : await ctx.db.transaction(async (em) => {
      const ledBy = `t.leaderPostId IN (${led.map(() => '?').join(', ')})`;
      const latest = p.correctsId === null ? '' : ' AND t.id IN (SELECT l.taskId FROM progress_update l WHERE l.taskId = ? GROUP BY l.taskId HAVING MAX(l.id) = ?)';
      // The due day it answers (the open milestone's) and the day it is posted: "late" is their comparison.
      // With late entry refused (ZEREN_LATE_ENTRY=refuse), a new post past the due day and the grace is not appended.
      const cutoff = p.correctsId === null ? lateEntryCutoff(update.postedOn) : null;
      const refuseLate = cutoff ? ' AND t.nextDueOn >= ?' : '';
      const appended = await execute(em,
        `INSERT INTO progress_update (cityId, taskId, \`text\`, percent, authorOfficialId, createdAt, correctsId, correctionReason, dueOn, postedOn)
         SELECT t.cityId, t.id, ?, ?, ?, ?, ?, ?, CASE WHEN t.nextDueOn = ? THEN NULL ELSE t.nextDueOn END, ?
         FROM task t WHERE t.id = ? AND t.status = ? AND ${ledBy}${latest}${refuseLate}${lock}`,
        [update.text, update.percent, update.authorOfficialId, at, update.correctsId, update.correctionReason, NO_OPEN_MILESTONE, update.postedOn,
          taskId, TaskStatus.IN_PROGRESS, ...led.map((post) => post.id), ...(p.correctsId === null ? [] : [taskId, p.correctsId]),
          ...(cutoff ? [cutoff] : [])]);
      if (!appended.affected) return null;
      if (p.evidence.length) {
        // Only here is the task's city needed in memory: read it from the row this transaction locked.
        const task = await em.findOneOrFail(Task, { where: { id: taskId }, select: { id: true, cityId: true } });
        await insertEvidence(em, ctx, task, p.evidence, { progressUpdateId: appended.insertId }, files);
      }
      // The leader's post is at the task's unit, so the viewer's post gives the unit's path.
      await recordAuditFrom(em, ctx, {
        operation: p.correctsId ? 'correctProgress' : 'postProgress', recordType: 'ProgressUpdate', recordId: appended.insertId,
        after: { percent: p.percent, correctsId: p.correctsId, evidence: p.evidence.length },
      }, { sql: `task t WHERE t.id = ?${lock}`, params: [taskId] }, {
        cityId: 't.cityId',
        unitPath: `CASE t.leaderPostId ${led.map((post) => `WHEN ${post.id} THEN '${post.unitPath}'`).join(' ')} END`,
        before: concatSql(ctx.db, `'{"percent":'`, 't.percent', `'}'`),
      });
      await executeDeferred(em, `UPDATE task SET percent = ?, nextDueOn = ${nextDueOnSql()}, updatedAt = ? WHERE id = ?`,
        [p.percent, p.percent, at, taskId]);
      return appended.insertId;
    });
    if (id === null) return this.refuseProgress(ctx, globalId, p.correctsId);
    events.publish('taskChanged', { taskId });
    // The viewer's posts are all in their city (officialService refuses others), so the task's too.
    const created = Object.assign(Object.create(ProgressUpdate.prototype) as ProgressUpdate, { id, cityId: viewer.cityId, ...update });
    ctx.loaders.progressById.prime(id, created);
    return created;
  },

  /** Why a progress row was not appended: the first rule the task or the viewer fails. */
  async refuseProgress(ctx: Context, globalId: string | number, correctsId: number | null): Promise<never> {
    const task = typeof globalId === 'number' ? await this.byId(ctx, globalId) : await this.require(ctx, globalId);
    if (!task) throw new AppError('NOT_FOUND', 'taskId: no such task', { field: 'taskId' });
    await this.assertLeader(ctx, task);
    if (task.status === TaskStatus.CLOSED) throw new AppError('CONFLICT', 'This task is closed (销号); progress can no longer be posted');
    if (task.status === TaskStatus.CLOSURE_REQUESTED) throw new AppError('CONFLICT', 'A closure request is pending; wait for the SECRETARY\'s decision');
    if (correctsId !== null) throw new AppError('CONFLICT', 'Only the latest progress update can be corrected');
    const cutoff = lateEntryCutoff(today());
    if (cutoff && task.nextDueOn < cutoff) {
      throw new AppError('CONFLICT', `Entry is closed: the milestone was due on ${task.nextDueOn} and late entries are refused after ${config.lateEntry.graceDays} days; ask the OFFICE to re-plan it`, { reason: 'late' });
    }
    throw new AppError('CONFLICT', 'This task changed meanwhile; read it again');
  },

  async rate(ctx: Context, input: RateTaskInput): Promise<TaskRating> {
    const task = await this.require(ctx, input.taskId);
    const unit = (await ctx.loaders.unitById.load(task.unitId))!;
    if (!RATES_TASK.allows(ctx.viewer, task)) throw forbidden(`Only the DISCIPLINE post of ${unit.name} rates its tasks`);
    const day = today();
    if (task.year > Number(day.slice(0, 4)) || (task.year === Number(day.slice(0, 4)) && input.quarter > quarterOf(day))) {
      throw badInput(`Q${input.quarter} ${task.year} has not begun`, 'quarter');
    }
    return published(task.id, ctx.db.transaction(async (em) => {
      const locked = await lockTask(em, task.id);
      if (await em.existsBy(TaskRating, { cityId: task.cityId, taskId: task.id, year: task.year, quarter: input.quarter })) {
        throw new AppError('CONFLICT', `This task is already rated for Q${input.quarter} ${task.year}`);
      }
      const { identifiers } = await em.insert(TaskRating, {
        cityId: task.cityId, taskId: task.id, year: task.year, quarter: input.quarter, light: input.light,
        computedLight: lightOfTask(locked), percent: locked.percent, comment: input.comment.trim(),
        ratedByOfficialId: ctx.viewer!.officialId, createdAt: now(),
      });
      const id = Number(identifiers[0].id);
      await recordAudit(em, ctx, {
        operation: 'rateTask', recordType: 'TaskRating', recordId: id, unit,
        after: { taskId: task.id, quarter: input.quarter, light: input.light },
      });
      return em.findOneByOrFail(TaskRating, { id });
    }));
  },

  async requestClosure(ctx: Context, input: RequestClosureInput): Promise<TaskClosure> {
    const task = await this.require(ctx, input.taskId);
    const unit = await this.assertLeader(ctx, task);
    const files = await fileService.ownUploads(ctx, input.evidence.map((e) => e.fileId), (i) => `evidence.${i}.fileId`);
    return published(task.id, ctx.db.transaction(async (em) => {
      const locked = await lockTask(em, task.id);
      if (locked.status === TaskStatus.CLOSED) throw new AppError('CONFLICT', 'This task is already closed (销号)');
      if (locked.status === TaskStatus.CLOSURE_REQUESTED) throw new AppError('CONFLICT', 'A closure request is already pending');
      if (locked.percent < 100) throw badInput(`Post progress at 100 percent before asking to close (now ${locked.percent})`, 'taskId');
      const { identifiers } = await em.insert(TaskClosure, {
        cityId: task.cityId, taskId: task.id, summary: input.summary.trim(), requestedByOfficialId: ctx.viewer!.officialId,
        requestedAt: now(), decision: ClosureDecision.PENDING, decidedByOfficialId: null, decidedAt: null, decisionComment: null,
      });
      const id = Number(identifiers[0].id);
      await insertEvidence(em, ctx, task, input.evidence, { closureId: id }, files);
      await em.update(Task, { id: task.id }, { status: TaskStatus.CLOSURE_REQUESTED, updatedAt: now() });
      await recordAudit(em, ctx, {
        operation: 'requestTaskClosure', recordType: 'TaskClosure', recordId: id, unit,
        before: { status: locked.status }, after: { status: TaskStatus.CLOSURE_REQUESTED, evidence: input.evidence.length },
      });
      return em.findOneByOrFail(TaskClosure, { id });
    }));
  },

  /**
   * Confirm or return a pending closure: a SECRETARY of the task's unit or above
   * (the unit's own SECRETARY, or the one above when the SECRETARY leads the task),
   * never the official who asked.
   */
  async decideClosure(ctx: Context, input: DecideClosureInput, confirm: boolean): Promise<TaskClosure> {
    const task = await this.require(ctx, input.taskId);
    const unit = (await ctx.loaders.unitById.load(task.unitId))!;
    if (!DECIDES_CLOSURES.allows(ctx.viewer, { unitPath: unit.path, unitCityId: unit.cityId })) {
      throw forbidden(`Only a SECRETARY of ${unit.name} or above confirms closures`);
    }
    const comment = input.comment?.trim() || null;
    if (!confirm && !comment) throw badInput('Say why the closure is returned', 'comment');
    return published(task.id, ctx.db.transaction(async (em) => {
      const locked = await lockTask(em, task.id);
      if (locked.status === TaskStatus.CLOSED) throw new AppError('CONFLICT', 'This task is already closed (销号)');
      const pending = await em.findOne(TaskClosure, { where: { cityId: task.cityId, taskId: task.id, decision: ClosureDecision.PENDING }, order: { id: 'DESC' } });
      if (locked.status !== TaskStatus.CLOSURE_REQUESTED || !pending) throw new AppError('CONFLICT', 'No closure request is pending for this task');
      if (!NOT_THE_REQUESTER.allows(ctx.viewer, pending)) {
        throw forbidden('You asked for this closure; another SECRETARY must decide it');
      }
      const at = now();
      await em.update(TaskClosure, { id: pending.id }, {
        decision: confirm ? ClosureDecision.CONFIRMED : ClosureDecision.RETURNED, decidedByOfficialId: ctx.viewer!.officialId,
        decidedAt: at, decisionComment: comment,
      });
      await em.update(Task, { id: task.id }, confirm
        ? { status: TaskStatus.CLOSED, closedAt: at, nextDueOn: NO_OPEN_MILESTONE, updatedAt: at }
        : { status: TaskStatus.IN_PROGRESS, updatedAt: at });
      await recordAudit(em, ctx, {
        operation: confirm ? 'confirmTaskClosure' : 'returnTaskClosure', recordType: 'TaskClosure', recordId: pending.id, unit,
        before: { status: locked.status }, after: { status: confirm ? TaskStatus.CLOSED : TaskStatus.IN_PROGRESS },
      });
      return em.findOneByOrFail(TaskClosure, { id: pending.id });
    }));
  },

  seesInternals: seesTaskInternals,

  /**
   * Tasks that change, for a subscription: each event is re-read through the same scoped
   * query as `task(id)` (after renewing the viewer), so a sibling tier never receives
   * another's INTERNAL task and field rules apply as in queries.
   */
  async *changes(ctx: Context, unitId?: string | null): AsyncGenerator<Task> {
    const only = unitId ? await orgUnitService.require(ctx, unitId, 'unitId') : null;
    for await (const event of events.subscribe('taskChanged')) {
      if (ctx.renew && !(await ctx.renew())) return;
      const read = await readChangedTask(ctx, event);
      if (!read) continue;
      const { task, unit, latest } = read;
      // The rule of visible(), decided for this viewer on the shared row.
      if (task.visibility !== Visibility.PUBLIC && !this.seesAllTasksOf(ctx, unit)) continue;
      if (only && !isUnder(unit.path, only.path)) continue;
      ctx.loaders.unitById.prime(unit.id, unit);
      ctx.loaders.latestProgressByTaskId.prime(task, latest);
      yield task;
    }
  },
};
