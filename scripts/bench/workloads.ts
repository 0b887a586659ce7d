// The load benchmark's workloads, shared by scripts/bench-load.ts and
// test/e2e/bench-load.test.ts: per workload the GraphQL document and variables (with the
// signed-in account), a shape check that sums up what came back, the statement bounds,
// the goals, and the same data fetched by hand-written SQL as an expert would write it
// (joins, the scope condition on cityId and the path range, only the requested
// columns), which sums up to the same figures. One request equivalent = one call of handWritten.
import { isObjectType, print, type GraphQLSchema } from 'graphql';
import { config } from '../../src/config';
import { addCalendarMonths } from '../../src/resolvers/notices/due-date';
import { addDays } from '../../src/clock';
import { encodeId } from '../../src/schema/node';
import type { City, Persona, UnitRef } from './city';
import type { Query, Row, SqlClient } from './sql';
import { NoticeBoardDocument, PortraitFiguresFragmentDoc } from '../../test/generated/graphql';

export type Summary = Record<string, number>;

export interface GraphQLRequest {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  readonly accountId: number;
}

export interface Bound {
  /** The target (dashboard reads have none). */
  readonly goal?: number;
  /**
   * What today's code measures on the smoke city, the larger of SQLite and MariaDB (the
   * smoke test asserts it); null while the workload cannot run yet.
   */
  readonly pinned: number | null;
}

export interface Workload {
  readonly key: string;
  readonly label: string;
  /** Schema coordinates the document needs ("OrgUnit.tasks"); the workload is skipped until they exist. */
  readonly requires?: readonly string[];
  /** The i-th request (writes turn round their targets). */
  request(city: City, i: number): GraphQLRequest;
  /** Checks the shape of `data` (throws when it is wrong) and counts what came back. */
  summarize(data: unknown): Summary;
  /** The same data by hand-written SQL: one request equivalent. */
  handWritten(sql: SqlClient, city: City, i: number): Promise<Summary>;
  /** SQL statements per request (authentication included). */
  readonly statements?: Bound;
  readonly goal?: { readonly efficiency: number; readonly p99Ms?: number };
  readonly writes?: boolean;
}

// ------------------------------------------------------------------ helpers

// Responses are checked field by field below; `any` keeps that terse.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

function need(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(`unexpected response shape: ${what}`);
}

const n = (v: unknown): number => Number(v ?? 0);
const marks = (count: number): string => Array.from({ length: count }, () => '?').join(', ');
const sum = <T>(xs: readonly T[], f: (x: T) => number): number => xs.reduce((s, x) => s + f(x), 0);
/** The upper bound of a subtree's paths: "/1/7/" -> "/1/70" (as src/auth/scope.ts). */
const end = (path: string): string => `${path.slice(0, -1)}0`;
const range = (u: UnitRef): [number, string, string] => [u.cityId, u.path, end(u.path)];
const yearBounds = (year: number) => ({
  from: `${year}-01-01`, to: `${year + 1}-01-01`, fromAt: `${year}-01-01 00:00:00.000`, toAt: `${year + 1}-01-01 00:00:00.000`,
});
const signedIn = (city: City, persona: Persona): number => city.personas[persona].accountId;
const id = (type: 'OrgUnit' | 'Inspection' | 'Official' | 'Domain' | 'Task', dbId: number): string => encodeId(type, dbId);

// ------------------------------------------------------------------ subtrees with their tasks

const TASKS = 'tasks(filter: { year: $year }, first: 100) { edges { node { id title percent light nextDueOn leader { official { name phone } } } } }';
const STREET = `query Street($id: ID!, $year: Int!) { orgUnit(id: $id) { name ${TASKS} children { name ${TASKS} } } }`;
const DISTRICT = `query District($id: ID!, $year: Int!) { orgUnit(id: $id) { name ${TASKS} children { name ${TASKS} children { name ${TASKS} } } } }`;

function summarizeSubtree(data: J, depth: number): Summary {
  const root = data?.orgUnit;
  need(root, 'orgUnit');
  const units: J[] = [];
  const walk = (u: J, level: number): void => {
    need(typeof u.name === 'string' && Array.isArray(u.tasks?.edges), 'unit with tasks');
    units.push(u);
    if (level < depth) {
      need(Array.isArray(u.children), 'children');
      for (const c of u.children) walk(c, level + 1);
    }
  };
  walk(root, 0);
  const nodes = units.flatMap((u) => u.tasks.edges.map((e: J) => e.node));
  for (const t of nodes) need(t.id && typeof t.percent === 'number' && t.light && typeof t.leader?.official?.name === 'string', 'task node');
  return { units: units.length, tasks: nodes.length, phones: nodes.filter((t) => t.leader.official.phone).length };
}

/**
 * A subtree's units with each one's tasks of the year and their leaders, in one statement.
 * The viewer (the city's OFFICE) has the whole city in scope, so every task is visible and
 * the unit's path range is the scope condition; no unit has more than a page of tasks.
 */
async function subtreeByHand(sql: SqlClient, root: UnitRef, year: number): Promise<Summary> {
  const rows = await sql.query(
    `SELECT u.id AS unitId, u.name, t.id AS taskId, t.title, t.percent, t.status, t.nextDueOn, o.name AS leader, o.phone
     FROM org_unit u
     LEFT JOIN task t ON t.unitId = u.id AND t.year = ? AND t.cityId = u.cityId
     LEFT JOIN post p ON p.id = t.leaderPostId
     LEFT JOIN official o ON o.id = p.officialId
     WHERE u.cityId = ? AND u.path >= ? AND u.path < ?
     ORDER BY u.id, t.nextDueOn, t.id`,
    [year, ...range(root)],
  );
  const tasks = rows.filter((r) => r.taskId !== null);
  return { units: new Set(rows.map((r) => r.unitId)).size, tasks: tasks.length, phones: tasks.filter((r) => r.phone).length };
}

const streetSubtree: Workload = {
  key: 'street', label: 'street subtree',
  requires: ['OrgUnit.tasks'],
  request: (city) => ({ query: STREET, variables: { id: id('OrgUnit', city.street.id), year: city.year }, accountId: signedIn(city, 'cityOffice') }),
  summarize: (data) => summarizeSubtree(data, 1),
  handWritten: (sql, city) => subtreeByHand(sql, city.street, city.year),
  statements: { goal: 5, pinned: 2 },
  goal: { efficiency: 0.31, p99Ms: 100 },
};

const districtSubtree: Workload = {
  key: 'district', label: 'district subtree',
  requires: ['OrgUnit.tasks'],
  request: (city) => ({ query: DISTRICT, variables: { id: id('OrgUnit', city.district.id), year: city.year }, accountId: signedIn(city, 'cityOffice') }),
  summarize: (data) => summarizeSubtree(data, 2),
  handWritten: (sql, city) => subtreeByHand(sql, city.district, city.year),
  statements: { goal: 6, pinned: 2 },
  goal: { efficiency: 0.28, p99Ms: 2500 },
};

// ------------------------------------------------------------------ a page of tasks

const TASK_PAGE = `query TaskPage($unitId: ID!, $year: Int!) {
  tasks(first: 20, filter: { unitId: $unitId, year: $year, status: IN_PROGRESS }) {
    totalCount edges { node { id title percent light unit { name } leader { official { name } } } }
  }
}`;

const taskPage: Workload = {
  key: 'taskPage', label: 'task page',
  request: (city) => ({ query: TASK_PAGE, variables: { unitId: id('OrgUnit', city.district.id), year: city.year }, accountId: signedIn(city, 'cityOffice') }),
  summarize: (data: J) => {
    const c = data?.tasks;
    need(typeof c?.totalCount === 'number' && Array.isArray(c.edges), 'tasks connection');
    for (const { node } of c.edges) need(node.id && node.unit?.name && typeof node.leader?.official?.name === 'string', 'task node');
    return { totalCount: c.totalCount, edges: c.edges.length };
  },
  /**
   * One statement: the page cut from the index alone (keys, sort values and the total as a
   * window count, which IDX_task_unit_page covers), then only its 20 rows read with their
   * unit's and leader's names (a deferred join, as Zeren reads it: 2.5x cheaper than cutting
   * the page from whole rows).
   */
  async handWritten(sql, city) {
    const page = await sql.query(
      `SELECT t.id, t.title, t.percent, t.status, t.nextDueOn, k.total, u.name AS unit, o.name AS leader
       FROM (SELECT t.id, t.nextDueOn, COUNT(*) OVER () AS total
             FROM task t JOIN org_unit u ON u.id = t.unitId
             WHERE t.cityId = ? AND t.year = ? AND t.status = 'IN_PROGRESS' AND u.cityId = ? AND u.path >= ? AND u.path < ?
             ORDER BY t.nextDueOn, t.id LIMIT 20) k
         JOIN task t ON t.id = k.id JOIN org_unit u ON u.id = t.unitId JOIN post p ON p.id = t.leaderPostId JOIN official o ON o.id = p.officialId
       ORDER BY k.nextDueOn, k.id`,
      [city.root.cityId, city.year, ...range(city.district)]);
    return { totalCount: n(page[0]?.total), edges: page.length };
  },
  statements: { goal: 3, pinned: 1 },
  goal: { efficiency: 0.45, p99Ms: 50 },
};

// ------------------------------------------------------------------ per-district figures

const FIGURES = 'problems { found rectified } accountability { total byMeasure { key count } }';

function summarizeFigures(portraits: J[], districts: number): Summary {
  need(portraits.length === districts, `${districts} portraits`);
  for (const p of portraits) need(typeof p?.problems?.found === 'number' && Array.isArray(p.accountability?.byMeasure), 'portrait figures');
  return {
    districts: portraits.length, found: sum(portraits, (p) => p.problems.found), rectified: sum(portraits, (p) => p.problems.rectified),
    accountability: sum(portraits, (p) => p.accountability.total), measureGroups: sum(portraits, (p) => p.accountability.byMeasure.length),
  };
}

/** The district of a unit below the city: the path's second id (portable SUBSTR/INSTR). */
const districtOf = (city: City, alias: string): string => {
  const at = city.root.path.length + 1;
  return `SUBSTR(${alias}.path, ${at}, INSTR(SUBSTR(${alias}.path, ${at}), '/') - 1)`;
};

/**
 * Problems found and rectified, and accountability by measure, for every district: two
 * grouped statements. Problems are counted per unit first (the year's range on the city's
 * index), so the district is cut from the path once per unit, not once per problem; a
 * problem is rectified when the smallest "closed" of its items is 1.
 */
async function figuresByHand(sql: SqlClient, city: City): Promise<Summary> {
  const { from, to } = yearBounds(city.year);
  const below = [city.root.cityId, city.root.path, end(city.root.path)];
  const problems = await sql.query(
    `SELECT ${districtOf(city, 'u')} AS district, SUM(x.found) AS found, SUM(x.rectified) AS rectified
     FROM (SELECT p.unitId, COUNT(*) AS found,
             SUM(COALESCE((SELECT MIN(CASE WHEN ri.status = 'CLOSED' THEN 1 ELSE 0 END) FROM rectification_item ri WHERE ri.problemId = p.id), 0)) AS rectified
           FROM problem p WHERE p.cityId = ? AND p.foundOn >= ? AND p.foundOn < ? GROUP BY p.unitId) x
       JOIN org_unit u ON u.id = x.unitId
     WHERE u.cityId = ? AND u.path > ? AND u.path < ?
     GROUP BY district`,
    [city.root.cityId, from, to, ...below],
  );
  const measures = await sql.query(
    `SELECT ${districtOf(city, 'u')} AS district, ar.measure, COUNT(*) AS n
     FROM accountability_record ar JOIN org_unit u ON u.id = ar.unitId
     WHERE ar.cityId = ? AND ar.decidedOn >= ? AND ar.decidedOn < ? AND u.cityId = ? AND u.path > ? AND u.path < ?
       AND NOT EXISTS (SELECT 1 FROM accountability_record nr WHERE nr.revisionOf = ar.id)
       AND NOT EXISTS (SELECT 1 FROM accountability_revocation rv WHERE rv.recordId = ar.id)
     GROUP BY district, ar.measure`,
    [city.root.cityId, from, to, ...below],
  );
  return {
    districts: city.districts.length, found: sum(problems, (r) => n(r.found)), rectified: sum(problems, (r) => n(r.rectified)),
    accountability: sum(measures, (r) => n(r.n)), measureGroups: measures.length,
  };
}

const districtFigures: Workload = {
  key: 'figures', label: 'per-district figures',
  request: (city) => ({
    query: `query DistrictFigures($year: Int!) { ${city.districts.map((d, i) => `d${i + 1}: portrait(unitId: "${id('OrgUnit', d.id)}", year: $year) { ${FIGURES} }`).join(' ')} }`,
    variables: { year: city.year }, accountId: signedIn(city, 'cityOffice'),
  }),
  summarize: (data: J) => summarizeFigures(Object.values(data ?? {}), Object.keys(data ?? {}).length),
  handWritten: figuresByHand,
  statements: { goal: 3, pinned: 2 },
  goal: { efficiency: 0.73 },
};

const districtFiguresBatched: Workload = {
  key: 'figuresBatched', label: 'per-district figures (OrgUnit.portrait)',
  requires: ['OrgUnit.portrait'],
  request: (city) => ({
    query: `query DistrictFiguresBatched($id: ID!, $year: Int!) { orgUnit(id: $id) { children { name portrait(year: $year) { ${FIGURES} } } } }`,
    variables: { id: id('OrgUnit', city.root.id), year: city.year }, accountId: signedIn(city, 'cityOffice'),
  }),
  summarize: (data: J) => {
    need(Array.isArray(data?.orgUnit?.children), 'orgUnit.children');
    return summarizeFigures(data.orgUnit.children.map((c: J) => c.portrait), data.orgUnit.children.length);
  },
  handWritten: figuresByHand,
  statements: { goal: 3, pinned: 2 },
  goal: { efficiency: 0.73 },
};

// ------------------------------------------------------------------ a progress post

const PROGRESS = `mutation Progress($input: PostProgressInput!) { postProgress(input: $input) { id percent createdAt } }`;

const target = (city: City, i: number) => city.progressTargets[i % city.progressTargets.length];
const percentOf = (i: number): number => (i * 7) % 101;

const progressPost: Workload = {
  key: 'progress', label: 'progress post', writes: true,
  request(city, i) {
    const t = target(city, i);
    return { query: PROGRESS, variables: { input: { taskId: id('Task', t.taskId), text: `进展 ${i}`, percent: percentOf(i) } }, accountId: t.accountId };
  },
  summarize: (data: J) => {
    need(data?.postProgress?.id && typeof data.postProgress.percent === 'number', 'postProgress');
    return { posted: 1 };
  },
  /** Lock and check the task, append the update, keep the task's percent and next due day in step, audit: one transaction. */
  async handWritten(sql, city, i) {
    const t = target(city, i);
    const percent = percentOf(i);
    const at = new Date().toISOString().replace('T', ' ').slice(0, 23);
    const lastId = sql.dialect === 'mysql' ? 'LAST_INSERT_ID()' : 'last_insert_rowid()';
    await sql.transaction(async (q: Query) => {
      const [task] = await q(
        `SELECT t.status, t.leaderPostId, t.percent, u.cityId, u.path FROM task t JOIN org_unit u ON u.id = t.unitId WHERE t.id = ?${sql.dialect === 'mysql' ? ' FOR UPDATE' : ''}`,
        [t.taskId],
      );
      if (!task || task.status !== 'IN_PROGRESS') throw new Error(`task ${t.taskId} is not open`);
      if (!t.postIds.includes(n(task.leaderPostId))) throw new Error(`task ${t.taskId} is not led by official ${t.officialId}`);
      const author = t.officialId;
      await q('INSERT INTO progress_update (cityId, taskId, `text`, percent, authorOfficialId, createdAt, correctsId, correctionReason) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)',
        [task.cityId, t.taskId, `进展 ${i}`, percent, author, at]);
      await q(`INSERT INTO audit_entry (\`at\`, actorOfficialId, operation, recordType, recordId, cityId, unitPath, \`before\`, \`after\`)
        VALUES (?, ?, 'postProgress', 'ProgressUpdate', ${lastId}, ?, ?, ?, ?)`,
      [at, author, task.cityId, task.path, JSON.stringify({ percent: n(task.percent) }), JSON.stringify({ percent, correctsId: null, evidence: 0 })]);
      await q(`UPDATE task SET percent = ?, updatedAt = ?,
        nextDueOn = COALESCE((SELECT MIN(m.dueOn) FROM milestone m WHERE m.taskId = ? AND m.targetPercent > ?), '9999-12-31') WHERE id = ?`,
      [percent, at, t.taskId, percent, t.taskId]);
    });
    return { posted: 1 };
  },
  statements: { goal: 5, pinned: 5 },
  goal: { efficiency: 0.33, p99Ms: 20 },
};

// ------------------------------------------------------------------ dashboard reads (no goals)

/** Every section of a portrait: the figures the portrait test reads (test/documents/portrait.graphql), and the named leaders. */
const PORTRAIT = `query Portrait($unitId: ID!, $year: Int!) {
  portrait(unitId: $unitId, year: $year) { ...PortraitFigures redTaskLeaders { red overdue official { name } } }
}
${print(PortraitFiguresFragmentDoc)}`;

const portrait: Workload = {
  key: 'portrait', label: 'district portrait (all figures)',
  request: (city) => ({ query: PORTRAIT, variables: { unitId: id('OrgUnit', city.district.id), year: city.year }, accountId: signedIn(city, 'cityOffice') }),
  summarize: (data: J) => {
    const p = data?.portrait;
    need(p && typeof p.units === 'number' && Array.isArray(p.redTaskLeaders), 'portrait');
    return {
      units: p.units, tasks: p.tasks.total, red: p.tasks.red, yellow: p.tasks.yellow, closed: p.tasks.closed, overdue: p.tasks.overdue,
      problems: p.problems.found, rectified: p.problems.rectified, items: p.problems.items, itemsClosed: p.problems.itemsClosed,
      itemsOverdue: p.problems.itemsOverdue, noticesIssued: p.notices.issued, noticesReported: p.notices.reported,
      noticesClosed: p.notices.closed, noticesOverdue: p.notices.overdue, coverageUnits: p.inspection.units, inspected: p.inspection.inspected,
      accountability: p.accountability.total, failures: p.accountability.byFailure.length, measures: p.accountability.byMeasure.length,
      letters: p.letters.issued, signed: p.letters.signed, assessed: p.assessments.assessed, vetoed: p.assessments.vetoed,
      grades: p.assessments.byGrade.length, leaders: p.redTaskLeaders.length, leaderRed: sum(p.redTaskLeaders, (l: J) => l.red),
    };
  },
  /** Eight aggregates over the subtree (units and coverage together, problems with their items, accountability by failure and measure). */
  async handWritten(sql, city) {
    const unit = city.district;
    const { from, to, fromAt, toAt } = yearBounds(city.year);
    const day = city.day;
    const sub = 'SELECT su.id FROM org_unit su WHERE su.cityId = ? AND su.path >= ? AND su.path < ?';
    const inSub = range(unit);
    const [units] = await sql.query(
      `SELECT COUNT(*) AS units,
         SUM(CASE WHEN u.path > ? AND u.level <> 'GRID' THEN 1 ELSE 0 END) AS below,
         SUM(CASE WHEN u.path > ? AND u.level <> 'GRID' AND EXISTS (SELECT 1 FROM inspection_target it JOIN inspection i ON i.id = it.inspectionId
           WHERE it.unitId = u.id AND i.startsOn >= ? AND i.startsOn <= ?) THEN 1 ELSE 0 END) AS inspected
       FROM org_unit u WHERE u.cityId = ? AND u.path >= ? AND u.path < ?`,
      [unit.path, unit.path, `${city.year - 4}-01-01`, day, ...inSub]);
    const [tasks] = await sql.query(
      `SELECT COUNT(*) AS total,
         SUM(CASE WHEN t.status <> 'CLOSED' AND t.nextDueOn < ? THEN 1 ELSE 0 END) AS red,
         SUM(CASE WHEN t.status <> 'CLOSED' AND t.nextDueOn >= ? AND t.nextDueOn <= ? THEN 1 ELSE 0 END) AS yellow,
         SUM(CASE WHEN t.status = 'CLOSED' THEN 1 ELSE 0 END) AS closed,
         SUM(CASE WHEN t.status <> 'CLOSED' AND t.percent < 100 AND t.dueOn < ? THEN 1 ELSE 0 END) AS overdue
       FROM task t WHERE t.cityId = ? AND t.year = ? AND t.unitId IN (${sub})`,
      [day, day, addDays(day, config.yellowDays), day, unit.cityId, city.year, ...inSub]);
    const [problems] = await sql.query(
      `SELECT COUNT(*) AS found, SUM(CASE WHEN x.items > 0 AND x.open = 0 THEN 1 ELSE 0 END) AS rectified,
         SUM(x.items) AS items, SUM(x.items - x.open) AS itemsClosed, SUM(x.overdue) AS itemsOverdue
       FROM (SELECT p.id, COUNT(ri.id) AS items,
               SUM(CASE WHEN ri.status <> 'CLOSED' THEN 1 ELSE 0 END) AS open,
               SUM(CASE WHEN ri.status <> 'CLOSED' AND ri.deadline < ? THEN 1 ELSE 0 END) AS overdue
             FROM problem p LEFT JOIN rectification_item ri ON ri.problemId = p.id
             WHERE p.cityId = ? AND p.foundOn >= ? AND p.foundOn < ? AND p.unitId IN (${sub})
             GROUP BY p.id) x`,
      [day, unit.cityId, from, to, ...inSub]);
    const [notices] = await sql.query(
      `SELECT COUNT(*) AS issued, SUM(CASE WHEN nt.state = 'REPORTED' THEN 1 ELSE 0 END) AS reported,
         SUM(CASE WHEN nt.state = 'CLOSED' THEN 1 ELSE 0 END) AS closed,
         SUM(CASE WHEN nt.state = 'ISSUED' AND nt.dueOn < ? THEN 1 ELSE 0 END) AS overdue
       FROM notice nt WHERE nt.cityId = ? AND nt.issuedAt >= ? AND nt.issuedAt < ? AND nt.unitId IN (${sub})`,
      [day, unit.cityId, fromAt, toAt, ...inSub]);
    const accountability = await sql.query(
      `SELECT ar.failure, ar.measure, COUNT(*) AS n FROM accountability_record ar
       WHERE ar.cityId = ? AND ar.decidedOn >= ? AND ar.decidedOn < ? AND ar.unitId IN (${sub})
         AND NOT EXISTS (SELECT 1 FROM accountability_record nr WHERE nr.revisionOf = ar.id)
         AND NOT EXISTS (SELECT 1 FROM accountability_revocation rv WHERE rv.recordId = ar.id)
       GROUP BY ar.failure, ar.measure`,
      [unit.cityId, from, to, ...inSub]);
    const [letters] = await sql.query(
      `SELECT COUNT(*) AS issued, SUM(CASE WHEN l.signedAt IS NOT NULL THEN 1 ELSE 0 END) AS signed
       FROM responsibility_letter l WHERE l.cityId = ? AND l.year = ? AND l.signerUnitId IN (${sub})`,
      [unit.cityId, city.year, ...inSub]);
    const grades = await sql.query(
      `SELECT a.grade, COUNT(*) AS n, SUM(a.total) AS total, SUM(CASE WHEN a.vetoed = 1 THEN 1 ELSE 0 END) AS vetoed
       FROM assessment a WHERE a.cityId = ? AND a.year = ? AND a.unitId IN (${sub}) GROUP BY a.grade`,
      [unit.cityId, city.year, ...inSub]);
    const leaders = await sql.query(
      `SELECT lp.officialId, o.name, COUNT(*) AS red, SUM(CASE WHEN t.percent < 100 AND t.dueOn < ? THEN 1 ELSE 0 END) AS overdue
       FROM task t JOIN post lp ON lp.id = t.leaderPostId JOIN official o ON o.id = lp.officialId
       WHERE t.cityId = ? AND t.year = ? AND t.status <> 'CLOSED' AND t.nextDueOn < ? AND t.unitId IN (${sub})
       GROUP BY lp.officialId, o.name ORDER BY red DESC, lp.officialId LIMIT 10`,
      [day, unit.cityId, city.year, day, ...inSub]);
    return {
      units: n(units.units), tasks: n(tasks.total), red: n(tasks.red), yellow: n(tasks.yellow), closed: n(tasks.closed), overdue: n(tasks.overdue),
      problems: n(problems.found), rectified: n(problems.rectified), items: n(problems.items), itemsClosed: n(problems.itemsClosed),
      itemsOverdue: n(problems.itemsOverdue), noticesIssued: n(notices.issued), noticesReported: n(notices.reported),
      noticesClosed: n(notices.closed), noticesOverdue: n(notices.overdue), coverageUnits: n(units.below), inspected: n(units.inspected),
      accountability: sum(accountability, (r) => n(r.n)), failures: new Set(accountability.map((r) => r.failure)).size,
      measures: new Set(accountability.map((r) => r.measure)).size, letters: n(letters.issued), signed: n(letters.signed),
      assessed: sum(grades, (r) => n(r.n)), vetoed: sum(grades, (r) => n(r.vetoed)), grades: grades.length,
      leaders: leaders.length, leaderRed: sum(leaders, (r) => n(r.red)),
    };
  },
  statements: { pinned: 10 },
};

/** The notice list the N+1 test pins (test/documents/notices.graphql). */
const NOTICE_BOARD = print(NoticeBoardDocument);

const noticeBoard: Workload = {
  key: 'notices', label: 'notice list of a district',
  request: (city) => ({ query: NOTICE_BOARD, variables: { filter: { unitId: id('OrgUnit', city.district.id) }, first: 20 }, accountId: signedIn(city, 'districtOffice') }),
  summarize: (data: J) => {
    const c = data?.notices;
    need(typeof c?.totalCount === 'number' && Array.isArray(c.edges), 'notices connection');
    const nodes = c.edges.map((e: J) => e.node);
    for (const x of nodes) need(x.unit?.name && x.category?.name && x.recipient?.official?.name && Array.isArray(x.cc) && Array.isArray(x.events), 'notice node');
    return { totalCount: c.totalCount, notices: nodes.length, cc: sum(nodes, (x: J) => x.cc.length), events: sum(nodes, (x: J) => x.events.length) };
  },
  /** The district OFFICE's notices: its own unit's, and issued ones addressed or copied to its posts. */
  async handWritten(sql, city) {
    const viewer = city.personas.districtOffice;
    const where = `n.cityId = ? AND u.cityId = ? AND u.path >= ? AND u.path < ?
      AND (n.unitId IN (${marks(1)}) OR (n.state IN ('ISSUED', 'REPORTED', 'CLOSED') AND (n.recipientPostId IN (${marks(viewer.postIds.length)})
        OR EXISTS (SELECT 1 FROM notice_cc vc WHERE vc.noticeId = n.id AND vc.postId IN (${marks(viewer.postIds.length)})))))`;
    const params = [city.root.cityId, ...range(city.district), city.district.id, ...viewer.postIds, ...viewer.postIds];
    const [count] = await sql.query(`SELECT COUNT(*) AS n FROM notice n JOIN org_unit u ON u.id = n.unitId WHERE ${where}`, params);
    const page = await sql.query(
      `SELECT n.id, n.title, n.state, n.dueOn, u.name AS unit, c.name AS category, d.name AS domain, n.recipientPostId, o.name AS recipient
       FROM notice n JOIN org_unit u ON u.id = n.unitId JOIN notice_category c ON c.id = n.categoryId JOIN domain d ON d.id = n.domainId
         JOIN post p ON p.id = n.recipientPostId JOIN official o ON o.id = p.officialId
       WHERE ${where} ORDER BY n.id DESC LIMIT 20`, params);
    const ids = page.map((r) => r.id);
    const [cc, events] = ids.length ? [
      await sql.query(`SELECT c.noticeId, c.postId, o.name FROM notice_cc c JOIN post p ON p.id = c.postId JOIN official o ON o.id = p.officialId
        WHERE c.noticeId IN (${marks(ids.length)})`, ids),
      await sql.query(`SELECT e.noticeId, e.toState, e.comment, o.name FROM notice_event e JOIN official o ON o.id = e.actorOfficialId
        WHERE e.noticeId IN (${marks(ids.length)}) ORDER BY e.noticeId, e.id`, ids),
    ] : [[], []];
    return { totalCount: n(count.n), notices: page.length, cc: cc.length, events: events.length };
  },
  statements: { pinned: 7 },
};

const INSPECTION = `query Inspection($id: ID!) {
  inspection(id: $id) {
    id title year round mode status startsOn endsOn
    unit { name }
    groups { id name members { id since until active post { id role official { name } } } targets { unit { name } } }
    targets {
      id unit { name } group { name } feedback feedbackToCommitteeAt feedbackToPrincipalAt dualFeedback
      suggestions { id text } problems { id description }
    }
    findings { id description }
  }
}`;

const inspection: Workload = {
  key: 'inspection', label: 'inspection round',
  request: (city) => ({ query: INSPECTION, variables: { id: id('Inspection', city.inspectionId) }, accountId: signedIn(city, 'cityOffice') }),
  summarize: (data: J) => {
    const i = data?.inspection;
    need(i?.unit?.name && Array.isArray(i.groups) && Array.isArray(i.targets) && Array.isArray(i.findings), 'inspection');
    return {
      groups: i.groups.length, members: sum(i.groups, (g: J) => g.members.length), groupTargets: sum(i.groups, (g: J) => g.targets.length),
      targets: i.targets.length, suggestions: sum(i.targets, (t: J) => t.suggestions.length),
      targetProblems: sum(i.targets, (t: J) => t.problems.length), findings: i.findings.length,
    };
  },
  /** The round (its inspecting unit in scope), groups with members, targets, suggestions, findings: five statements. */
  async handWritten(sql, city) {
    const [round] = await sql.query(
      `SELECT i.id, i.title, i.year, i.round, i.mode, i.status, i.startsOn, i.endsOn, u.name AS unit
       FROM inspection i JOIN org_unit u ON u.id = i.unitId WHERE i.id = ? AND u.cityId = ? AND u.path >= ? AND u.path < ?`,
      [city.inspectionId, ...range(city.root)]);
    need(round, 'inspection by hand');
    const members = await sql.query(
      `SELECT g.id, g.name, m.id AS memberId, m.since, m.until, p.id AS postId, p.role, o.name AS official
       FROM inspection_group g LEFT JOIN inspection_member m ON m.groupId = g.id LEFT JOIN post p ON p.id = m.postId
         LEFT JOIN official o ON o.id = p.officialId
       WHERE g.inspectionId = ? ORDER BY g.id, m.id`, [city.inspectionId]);
    const targets = await sql.query(
      `SELECT t.id, t.groupId, t.unitId, t.feedback, t.feedbackToCommitteeAt, t.feedbackToPrincipalAt, u.name AS unit, g.name AS groupName
       FROM inspection_target t JOIN org_unit u ON u.id = t.unitId JOIN inspection_group g ON g.id = t.groupId
       WHERE t.inspectionId = ? ORDER BY t.id`, [city.inspectionId]);
    const suggestions = await sql.query(
      `SELECT s.id, s.targetId, s.text FROM inspection_suggestion s JOIN inspection_target t ON t.id = s.targetId
       WHERE t.inspectionId = ? ORDER BY s.id`, [city.inspectionId]);
    const findings = await sql.query('SELECT p.id, p.description, p.unitId FROM problem p WHERE p.inspectionId = ? ORDER BY p.id', [city.inspectionId]);
    const targetUnits = new Set(targets.map((t) => t.unitId));
    return {
      groups: new Set(members.map((m) => m.id)).size, members: members.filter((m) => m.memberId !== null).length, groupTargets: targets.length,
      targets: targets.length, suggestions: suggestions.length, targetProblems: findings.filter((f) => targetUnits.has(f.unitId)).length,
      findings: findings.length,
    };
  },
  // 9 on SQLite; 9 or 10 on MariaDB, where a loader batch may split by which response arrives first.
  statements: { pinned: 10 },
};

const CHAIN = `query Chain($unitId: ID!, $domainId: ID!) {
  responsibilityChain(unitId: $unitId, domainId: $domainId) {
    unit { name }
    principal { id role official { name } }
    inCharge { id role official { name } }
    disciplineHead { id role official { name } }
    committee { id role official { name } }
    missing
  }
}`;

const chain: Workload = {
  key: 'chain', label: 'responsibilityChain',
  request: (city) => ({
    query: CHAIN, variables: { unitId: id('OrgUnit', city.community.id), domainId: id('Domain', city.chainDomainId) }, accountId: signedIn(city, 'cityOffice'),
  }),
  summarize: (data: J) => {
    const tiers = data?.responsibilityChain;
    need(Array.isArray(tiers) && tiers.every((t: J) => t.unit?.name && Array.isArray(t.committee)), 'responsibilityChain');
    return {
      tiers: tiers.length, principals: tiers.filter((t: J) => t.principal).length, inCharge: sum(tiers, (t: J) => t.inCharge.length),
      disciplineHeads: tiers.filter((t: J) => t.disciplineHead).length, committee: sum(tiers, (t: J) => t.committee.length),
      missing: sum(tiers, (t: J) => t.missing.length),
    };
  },
  /** The unit, then its ancestors with their committee posts in force, officials and the domain link: two statements. */
  async handWritten(sql, city) {
    const [unit] = await sql.query('SELECT id, path FROM org_unit WHERE id = ?', [city.community.id]);
    const ids = String(unit.path).split('/').filter(Boolean).map(Number);
    const rows = await sql.query(
      `SELECT a.id, a.name, p.id AS postId, p.role, o.name AS official, pd.domainId
       FROM org_unit a
       LEFT JOIN post p ON p.unitId = a.id AND p.role IN ('SECRETARY', 'TEAM_MEMBER', 'DISCIPLINE') AND p.since <= ? AND (p.until IS NULL OR p.until >= ?)
       LEFT JOIN official o ON o.id = p.officialId
       LEFT JOIN post_domain pd ON pd.postId = p.id AND pd.domainId = ?
       WHERE a.id IN (${marks(ids.length)}) ORDER BY a.path DESC, p.since, p.id`,
      [city.day, city.day, city.chainDomainId, ...ids]);
    const tiers = ids.map((tier) => rows.filter((r) => Number(r.id) === tier));
    const posts = (t: Row[]) => t.filter((r) => r.postId !== null);
    const has = (t: Row[], role: string) => posts(t).some((r) => r.role === role);
    const inCharge = (t: Row[]) => posts(t).filter((r) => r.role === 'TEAM_MEMBER' && r.domainId !== null).length;
    return {
      tiers: tiers.length, principals: tiers.filter((t) => has(t, 'SECRETARY')).length, inCharge: sum(tiers, inCharge),
      disciplineHeads: tiers.filter((t) => has(t, 'DISCIPLINE')).length, committee: sum(tiers, (t) => posts(t).length),
      missing: sum(tiers, (t) => (has(t, 'SECRETARY') ? 0 : 1) + (inCharge(t) ? 0 : 1) + (has(t, 'DISCIPLINE') ? 0 : 1)),
    };
  },
  statements: { pinned: 5 },
};

const INTEGRITY = `query IntegrityFile($officialId: ID!) {
  integrityFile(officialId: $officialId) {
    official { id name }
    posts { id role since until unit { name } domains { code } }
    records { id failure measure decidedOn reason current restrictedUntil restriction revises { id } revocation { revokedOn } createdBy { name } }
    currentRestrictions { id measure restrictedUntil restriction }
  }
}`;

const integrityFile: Workload = {
  key: 'integrity', label: 'integrityFile',
  request: (city) => ({ query: INTEGRITY, variables: { officialId: id('Official', city.integrityOfficialId) }, accountId: signedIn(city, 'cityDiscipline') }),
  summarize: (data: J) => {
    const f = data?.integrityFile;
    need(f?.official?.name && Array.isArray(f.posts) && Array.isArray(f.records) && Array.isArray(f.currentRestrictions), 'integrityFile');
    for (const r of f.records) need(typeof r.reason === 'string' && r.createdBy?.name, 'record with reason and author');
    return {
      posts: f.posts.length, domains: sum(f.posts, (p: J) => p.domains.length), records: f.records.length,
      current: f.records.filter((r: J) => r.current).length, revoked: f.records.filter((r: J) => r.revocation).length,
      restrictions: f.currentRestrictions.length,
    };
  },
  /** The official, their posts with units and domains, their records in the viewer's scope with revision, revocation, author and rule: three statements. */
  async handWritten(sql, city) {
    const viewerScope = range(city.root);
    const [official] = await sql.query('SELECT id, name FROM official WHERE id = ?', [city.integrityOfficialId]);
    need(official, 'official by hand');
    const posts = await sql.query(
      `SELECT p.id, p.role, p.since, p.until, u.name AS unit, d.code FROM post p JOIN org_unit u ON u.id = p.unitId
         LEFT JOIN post_domain pd ON pd.postId = p.id LEFT JOIN domain d ON d.id = pd.domainId
       WHERE p.officialId = ? ORDER BY p.id`, [city.integrityOfficialId]);
    const records = await sql.query(
      `SELECT r.id, r.failure, r.measure, r.decidedOn, r.reason, r.revisionOf,
         (SELECT MIN(nr.id) FROM accountability_record nr WHERE nr.revisionOf = r.id) AS revisedBy,
         rv.revokedOn, c.name AS createdBy, rr.months, rr.restriction
       FROM accountability_record r JOIN org_unit u ON u.id = r.unitId
         LEFT JOIN accountability_revocation rv ON rv.recordId = r.id
         JOIN official c ON c.id = r.createdByOfficialId
         LEFT JOIN restriction_rule rr ON rr.measure = r.measure
       WHERE r.officialId = ? AND r.cityId = ? AND u.cityId = ? AND u.path >= ? AND u.path < ?
       ORDER BY r.decidedOn DESC, r.id DESC`,
      [city.integrityOfficialId, city.root.cityId, ...viewerScope]);
    const restricted = records.filter((r) => r.revisedBy === null && r.revokedOn === null && r.months !== null
      && addCalendarMonths(String(r.decidedOn).slice(0, 10), n(r.months)) >= city.day);
    return {
      posts: new Set(posts.map((p) => p.id)).size, domains: posts.filter((p) => p.code !== null).length, records: records.length,
      current: records.filter((r) => r.revisedBy === null).length, revoked: records.filter((r) => r.revokedOn !== null).length,
      restrictions: restricted.length,
    };
  },
  // The reasons read are recorded (sensitive reads): one INSERT.
  statements: { pinned: 10 },
};

/** In the order the benchmark runs them: reads first, the write last. */
export const WORKLOADS: readonly Workload[] = [
  streetSubtree, districtSubtree, taskPage, districtFigures, districtFiguresBatched, progressPost,
  portrait, noticeBoard, inspection, chain, integrityFile,
];

/** Reads before the write, so the write does not change what the reads count. */
export const runOrder = (workloads: readonly Workload[]): Workload[] =>
  [...workloads.filter((w) => !w.writes), ...workloads.filter((w) => w.writes)];

/** The coordinates a workload needs that a schema does not have yet ("OrgUnit.tasks"). */
export function missingFields(schema: GraphQLSchema, workload: Workload): string[] {
  return (workload.requires ?? []).filter((coordinate) => {
    const [typeName, field] = coordinate.split('.');
    const type = schema.getType(typeName);
    return !(isObjectType(type) && field in type.getFields());
  });
}
