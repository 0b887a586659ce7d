// Pages of key tasks in one statement each, for the root list and for OrgUnit.tasks.
// The root list: the filtered rows in the list's order, the first n + 1 kept, the count as
// a window when selected, and the leader's post and official joined to the kept rows only
// (never to every matching row). OrgUnit.tasks: every matching row of the units, with
// their leaders, in one range read when they are no more than the units' pages can hold
// (the usual case: a tree's lists ask for a unit's tasks of a year), else the same rows
// numbered per unit and cut to the pages first, as the root list is cut.
// Visibility for OrgUnit.tasks is decided per unit before the SQL: a unit in the viewer's
// scope shows all its tasks, any other unit only its PUBLIC ones (taskService.seesAllTasksOf,
// the rule of taskService.visible()).
import { Brackets, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { citiesOf } from '../../auth/scope';
import { today } from '../../clock';
import type { Context } from '../../context';
import { Lru } from '../../lru';
import { Official, OrgUnit, Post, Task } from '../../entities';
import type { TaskSort } from '../../schema/enums';
import { Visibility } from '../../schema/enums';
import { orderByKeys, pageOf, readOrder, toConnection, whereAfter, type Connection, type Page, type PageArgs, type SortKey } from '../../schema/pagination';
import { READ_WITH } from '../../schema/lookahead';
import { columnsAs, hydrate, selectedColumns } from '../../schema/rows';
import type { UnitTaskFilter } from './task.inputs';
import { leanColumns, primeTask, SORTS, taskService, whereTaskFilter } from './task.service';

// Both lists read these with their nodes whenever they are selected (readPage, pagesOf):
// the leader's post and official joined, and the unit joined or already at hand.
const RELATIONS = { 'edges.node.leader': 'leaderPost', 'edges.node.leader.official': 'official', 'edges.node.unit': 'unit' };
READ_WITH.set('Query.tasks', RELATIONS);
READ_WITH.set('OrgUnit.tasks', RELATIONS);

/** The rows read, and when counted, the count per unit (under 0 for the root list). */
interface Read { readonly tasks: Task[]; readonly totals: Map<number, number> | null }

/** "t.nextDueOn" -> the outer query's name of that selection ("zq.t_nextDueOn"). */
const outer = (column: string): string => `zq.${column.replace('.', '_')}`;
const orderBy = (keys: readonly SortKey<Task>[], name: (c: string) => string): string =>
  keys.map((k) => `${name(k.column)} ${k.descending ? 'DESC' : 'ASC'}`).join(', ');

/** "lp.id AS lp_id, lp.cityId AS lp_cityId, ..." for the columns of an entity joined in the outer query. */
const joinedColumns = (db: DataSource, alias: string, columns: readonly string[]): string => columnsAs(db, alias, columns, `${alias}_`);

/** What a list joins for its nodes' `leader`: the post's and the official's columns, and whether that is all of them. */
interface LeaderJoin { readonly post: readonly string[]; readonly official: readonly string[]; readonly whole: boolean }

/**
 * How a page joins its tasks' leaders, in both of its statements: within the task's city (the
 * shard key), as a task's leader post is at its unit and a post is in its official's city
 * (officialService.createPost).
 */
const LEADER_POST_ON = 'lp.cityId = t.cityId AND lp.id = t.leaderPostId';
const LEADER_OFFICIAL_ON = 'lo.cityId = lp.cityId AND lo.id = lp.officialId';

/** The columns the rules, the audit and the resolvers start from: keys, the city, the unit. */
const POST_KEYS = ['id', 'cityId', 'officialId', 'unitId'];
const OFFICIAL_KEYS = ['id', 'cityId', 'unitId'];
const leaderJoins = new WeakMap<ReadonlySet<string>, LeaderJoin>();

/**
 * The leader's columns a list reads, once per selection: the keys and the fields selected
 * below `leader` and `leader.official`, when every one of them is a column (a tree read
 * asks for a name and a phone); every column when a field there is computed (Post.current
 * and the like, whose columns are not named by the selection).
 */
function leaderJoin(db: DataSource, selected: ReadonlySet<string>): LeaderJoin {
  let join = leaderJoins.get(selected);
  if (join) return join;
  const post = selectedColumns(db, Post);
  const official = selectedColumns(db, Official);
  const below = (prefix: string): string[] => [...selected].filter((p) => p.startsWith(prefix) && !p.includes('.', prefix.length)).map((p) => p.slice(prefix.length));
  const postFields = below('edges.node.leader.').filter((f) => f !== 'official' && f !== '__typename');
  const officialFields = below('edges.node.leader.official.').filter((f) => f !== '__typename');
  const lean = postFields.every((f) => post.includes(f)) && officialFields.every((f) => official.includes(f));
  join = lean
    ? { post: post.filter((c) => POST_KEYS.includes(c) || postFields.includes(c)), official: official.filter((c) => OFFICIAL_KEYS.includes(c) || officialFields.includes(c)), whole: false }
    : { post, official, whole: true };
  leaderJoins.set(selected, join);
  return join;
}

/**
 * A page statement: its text with the parameters named (the driver numbers them when it is
 * run), the values they had when it was built, and what its rows carry.
 */
interface PageStatement {
  readonly text: string;
  /** OrgUnit.tasks: every matching row in the units' and the sort's order, at most :zerenLimit. */
  readonly flat: string | null;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly counted: boolean;
  readonly leader: LeaderJoin | null;
  readonly unit: boolean;
  readonly perUnit: boolean;
}

/**
 * The statement of the first `page.size + 1` rows of a filtered task query (of each unit with
 * `perUnit`), in the sort's order (reversed for a backward page). The page is cut from the
 * index alone (a deferred join): the inner query numbers and counts the matching keys and
 * sort values, which IDX_task_unit_page covers for a unit's tasks of a year; only the kept
 * rows are then read whole, by key, with their leader. Sorting and counting every matching
 * row with its columns cost MariaDB twice as much. With `perUnit`, also the flat statement
 * that reads every matching row of the units at once (readFlat).
 */
function pageStatement(
  ctx: Context, qb: SelectQueryBuilder<Task>, sort: TaskSort, page: Page, selected: ReadonlySet<string>, perUnit: boolean,
): PageStatement {
  const keys = readOrder(SORTS[sort], page);
  // The window count sees the cursor's condition: it counts only pages without one.
  const counted = selected.has('totalCount') && !page.cursor;
  whereAfter(qb, page.cursor, keys);
  const leader = selected.has('edges.node.leader') ? leaderJoin(ctx.db, selected) : null;
  const columns = [
    joinedColumns(ctx.db, 't', leanColumns(ctx.db, selected, 'edges.node.', sort)),
    ...(leader ? [joinedColumns(ctx.db, 'lp', leader.post), joinedColumns(ctx.db, 'lo', leader.official)] : []),
  ];
  // One range read of the units' rows, joined as they come: no numbering, no second pass over
  // the kept keys (MariaDB: 0.80 ms against 0.97 for a street's 21 units; README, Benchmark).
  const flat = perUnit ? qb.clone().select(columns.join(', ')) : null;
  if (flat && leader) {
    flat.leftJoin(Post, 'lp', LEADER_POST_ON).leftJoin(Official, 'lo', LEADER_OFFICIAL_ON);
  }
  qb.select([...new Set(['t.id', 't.cityId', ...keys.map((k) => k.column)])]);
  const partition = perUnit ? 'PARTITION BY t.unitId ' : '';
  if (counted) qb.addSelect(`COUNT(*) OVER (${partition.trim()})`, 'zeren_total');
  if (perUnit) qb.addSelect(`ROW_NUMBER() OVER (${partition}ORDER BY ${orderBy(keys, (c) => c)})`, 'zeren_rn');
  else orderByKeys(qb, keys).limit(page.size + 1);
  // A list of many units' tasks has its units already (pagesOf); another reads the kept rows'
  // units with them, whole, when their field is selected: no batch of its own afterwards.
  const unit = !perUnit && selected.has('edges.node.unit');
  const text = `SELECT ${[
    ...(counted ? ['zq.zeren_total'] : []), ...(perUnit ? ['zq.zeren_rn'] : []),
    ...columns,
    ...(unit ? [joinedColumns(ctx.db, 'tu', selectedColumns(ctx.db, OrgUnit))] : []),
  ].join(', ')} FROM (${qb.getQuery()}) zq JOIN task t ON t.cityId = zq.t_cityId AND t.id = zq.t_id`
    + (leader ? ` LEFT JOIN post lp ON ${LEADER_POST_ON} LEFT JOIN official lo ON ${LEADER_OFFICIAL_ON}` : '')
    + (unit ? ' JOIN org_unit tu ON tu.cityId = t.cityId AND tu.id = t.unitId' : '')
    // Many units' pages come in their numbering's order, put right below (a unit's rows are
    // already in it as the window hands them out): an ORDER BY cost MariaDB a second sort of every row.
    + (perUnit ? ' WHERE zq.zeren_rn <= :zerenRows' : ` ORDER BY ${orderBy(keys, outer)}`);
  return {
    text, flat: flat && `${flat.getQuery()} ORDER BY t.unitId, ${orderBy(keys, (c) => c)} LIMIT :zerenLimit`,
    parameters: { ...qb.getParameters(), zerenRows: page.size + 1 }, counted, leader, unit, perUnit,
  };
}

type Row = Record<string, unknown>;
const run = (ctx: Context, text: string, parameters: Readonly<Record<string, unknown>>): Promise<Row[]> =>
  ctx.db.query(...ctx.db.driver.escapeQueryWithParameters(text, parameters));

/** Runs a page statement with these values of its parameters and makes its rows the tasks. */
async function readPage(ctx: Context, statement: PageStatement, parameters: Readonly<Record<string, unknown>>): Promise<Read> {
  const rows = await run(ctx, statement.text, parameters);
  if (statement.perUnit) rows.sort((a, b) => Number(a.t_unitId) - Number(b.t_unitId) || Number(a.zeren_rn) - Number(b.zeren_rn));
  let totals: Map<number, number> | null = null;
  if (statement.counted) {
    totals = new Map();
    for (const row of rows) totals.set(statement.perUnit ? Number(row.t_unitId) : 0, Number(row.zeren_total));
  }
  return { tasks: tasksOf(ctx, statement, rows), totals };
}

/** The flat statements that found more rows than their units' pages hold: they are cut by the window from then on. */
const overflowing = new WeakSet<PageStatement>();

/**
 * OrgUnit.tasks by the flat statement: every matching row of the units, when there are no
 * more than `units` pages of `size + 1` rows, cut to the pages here (they come in the units'
 * and the list's order) and counted when asked (every matching row was read). More rows
 * than that mean a unit with more than its page: null, and the window from then on.
 */
async function readFlat(ctx: Context, statement: PageStatement, parameters: Readonly<Record<string, unknown>>, units: number, size: number): Promise<Read | null> {
  const bound = units * (size + 1);
  const rows = await run(ctx, statement.flat!, { ...parameters, zerenLimit: bound + 1 });
  if (rows.length > bound) {
    overflowing.add(statement);
    return null;
  }
  // A unit's rows are together: its count is its last row's number.
  const kept: Row[] = [];
  const counts = new Map<number, number>();
  let unitId = NaN;
  let n = 0;
  for (const row of rows) {
    if (row.t_unitId !== unitId) {
      unitId = row.t_unitId as number;
      n = 0;
    }
    if (++n <= size + 1) kept.push(row);
    counts.set(unitId, n);
  }
  return { tasks: tasksOf(ctx, statement, kept), totals: statement.counted ? counts : null };
}

/** The page's rows as tasks with their leaders, primed in the loaders. */
function tasksOf(ctx: Context, statement: PageStatement, rows: readonly Row[]): Task[] {
  const { leader, unit } = statement;
  const tasks: Task[] = [];
  for (const row of rows) {
    const task = hydrate(ctx.db, Task, row, 't_');
    if (row.lp_id != null) {
      task.leaderPost = hydrate(ctx.db, Post, row, 'lp_');
      if (row.lo_id != null) task.leaderPost.official = hydrate(ctx.db, Official, row, 'lo_');
    }
    // A leader read in part is the task's own, never served from the loaders as the whole post.
    primeTask(ctx, task, leader?.whole ?? false);
    if (unit) {
      task.unit = hydrate(ctx.db, OrgUnit, row, 'tu_');
      ctx.loaders.unitById.prime(task.unitId, task.unit);
    }
    tasks.push(task);
  }
  return tasks;
}

/** OrgUnit.tasks' page statements by list shape, the last 500 used per database. */
const pageStatements = {
  byDb: new WeakMap<DataSource, Lru<string, PageStatement>>(),
  get(db: DataSource, key: string): PageStatement | undefined {
    return this.byDb.get(db)?.get(key);
  },
  set(db: DataSource, key: string, statement: PageStatement): void {
    let kept = this.byDb.get(db);
    if (!kept) this.byDb.set(db, (kept = new Lru(500)));
    kept.set(key, statement);
  },
};

/** The root `tasks` list: one statement for the page and, when selected on a first page, its count. */
export async function taskPage(ctx: Context, qb: SelectQueryBuilder<Task>, sort: TaskSort, args: PageArgs, selected: ReadonlySet<string>): Promise<Connection<Task>> {
  const page = pageOf(args);
  const counter = qb.clone();
  const statement = page.size > 0 ? pageStatement(ctx, qb, sort, page, selected, false) : null;
  const read = statement ? await readPage(ctx, statement, statement.parameters) : { tasks: [], totals: null };
  // Counted with the page (no rows read: none match), or counted apart when asked.
  const total = read.totals ? read.totals.get(0) ?? 0 : null;
  return toConnection(read.tasks, page, SORTS[sort], () => (total !== null ? Promise.resolve(total) : counter.getCount()));
}

// ---------------------------------------------------------------- OrgUnit.tasks

export interface UnitTasksKey {
  readonly ctx: Context;
  readonly unit: OrgUnit;
  readonly filter: UnitTaskFilter | undefined;
  readonly sort: TaskSort;
  readonly page: Page;
  /** The selections that change the statement: the node's fields, the leader's and the count. */
  readonly fields: readonly string[];
  /** The list's shape (its arguments and those fields): keys of one shape are read in one statement. */
  readonly shape: string;
}

// A field's list shape, worked out once per request for each field of the document (a tree
// read asks for hundreds of units' pages; the arguments of one field node are the same for all).
const shapes = new WeakMap<ReadonlySet<string>, WeakMap<Context, string>>();

/** The shape of a page of the field whose selection is `selected`, in this request. */
export function unitTasksShape(
  ctx: Context, selected: ReadonlySet<string>, filter: UnitTaskFilter | undefined, sort: TaskSort, page: Page, fields: readonly string[],
): string {
  let byRequest = shapes.get(selected);
  if (!byRequest) shapes.set(selected, (byRequest = new WeakMap()));
  let shape = byRequest.get(ctx);
  if (shape === undefined) byRequest.set(ctx, (shape = JSON.stringify([filter ?? null, sort, page, fields])));
  return shape;
}

export const unitTasksCacheKey = (k: UnitTasksKey): string => `${k.unit.id}|${k.shape}`;

/** The batch function: one statement per distinct list shape in the batch (usually one). */
export async function unitTaskPages(keys: readonly UnitTasksKey[]): Promise<Connection<Task>[]> {
  const groups = new Map<string, UnitTasksKey[]>();
  for (const k of keys) {
    const group = groups.get(k.shape);
    if (group) group.push(k);
    else groups.set(k.shape, [k]);
  }
  const pages = new Map<string, Connection<Task>>();
  await Promise.all([...groups.values()].map(async (group) => {
    for (const [unitId, page] of await pagesOf(group)) pages.set(`${unitId}|${group[0].shape}`, page);
  }));
  return keys.map((k) => pages.get(unitTasksCacheKey(k))!);
}

async function pagesOf(keys: readonly UnitTasksKey[]): Promise<Map<number, Connection<Task>>> {
  const { ctx, filter, sort, page } = keys[0];
  const units = [...new Map(keys.map((k) => [k.unit.id, k.unit])).values()];
  const full = units.filter((u) => taskService.seesAllTasksOf(ctx, u)).map((u) => u.id);
  const publicOnly = units.filter((u) => !full.includes(u.id)).map((u) => u.id);

  // The rows of these units this viewer may see, with the list's filters.
  const matching = () => {
    const qb = ctx.db.getRepository(Task).createQueryBuilder('t')
      .where('t.cityId IN (:...unitCities)', { unitCities: citiesOf(units) })
      .andWhere(new Brackets((w) => {
        if (full.length) w.orWhere('t.unitId IN (:...fullUnits)', { fullUnits: full });
        if (publicOnly.length) {
          w.orWhere('(t.unitId IN (:...publicUnits) AND t.visibility = :publicOnly)', { publicUnits: publicOnly, publicOnly: Visibility.PUBLIC });
        }
      }));
    return whereTaskFilter(qb, filter);
  };

  let read: Read = { tasks: [], totals: null };
  if (page.size > 0) {
    // Built once per list shape and day (today's date is in the light and due filters), then
    // run with these units: only they differ between requests of one shape.
    const key = `${keys[0].shape}|${full.length > 0}|${publicOnly.length > 0}|${today()}`;
    let statement = pageStatements.get(ctx.db, key);
    if (!statement) pageStatements.set(ctx.db, key, (statement = pageStatement(ctx, matching(), sort, page, new Set(keys[0].fields), true)));
    const parameters = { ...statement.parameters, unitCities: citiesOf(units), fullUnits: full, publicUnits: publicOnly };
    read = (!overflowing.has(statement) && await readFlat(ctx, statement, parameters, units.length, page.size)) || await readPage(ctx, statement, parameters);
  }
  // The tasks' `unit` is one of these (primed here, after they are known: no race with other batches).
  for (const u of units) ctx.loaders.unitById.prime(u.id, u);
  const byUnit = new Map<number, Task[]>(units.map((u) => [u.id, []]));
  const unitOf = new Map(units.map((u) => [u.id, u]));
  for (const task of read.tasks) {
    task.unit = unitOf.get(task.unitId);
    byUnit.get(task.unitId)!.push(task);
  }

  // Without the window count (a later page, or first: 0): one grouped count for all units, when asked.
  let grouped: Promise<Map<number, number>> | undefined;
  const countOf = (unitId: number): Promise<number> => {
    if (read.totals instanceof Map) return Promise.resolve(read.totals.get(unitId) ?? 0);
    grouped ??= matching().select('t.unitId', 'unitId').addSelect('COUNT(*)', 'n').groupBy('t.unitId')
      .getRawMany<{ unitId: number | string; n: number | string }>()
      .then((list) => new Map(list.map((r) => [Number(r.unitId), Number(r.n)])));
    return grouped.then((m) => m.get(unitId) ?? 0);
  };
  return new Map(units.map((u) => [u.id, toConnection(byUnit.get(u.id)!, page, SORTS[sort], () => countOf(u.id))]));
}
