// The portrait's sections as batch functions for the per-request loaders: each section of
// every (unit, year) asked in a request is ONE grouped statement. The requested units (the
// roots) are known with their paths before the SQL, so each root's subtree is a literal index
// range on org_unit (cityId, path); the records join the subtrees' units by city and unit, and
// the figures are grouped by the root path a unit lies under (cut from the unit's path), with
// the big sections counted per unit first. Definitions are those of the portrait. A record's
// own rows (items, a notice's problems, revisions, revocations, suggestions, updates, a
// unit's targets) are kept in its city, so they join it on the city too (the shard key).
import DataLoader from 'dataloader';
import { Brackets, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { scopeCondition } from '../../auth/scope';
import { addDays, today } from '../../clock';
import { config } from '../../config';
import { CaseStatus, InterviewKind, LeadStatus, NoticeState, RectificationStatus, ReportKind, TaskStatus, UnitLevel } from '../../schema/enums';
import { onReplica } from '../../replica';

/** One portrait: a unit's subtree in a year (the unit's city and path bound the subtree). */
export interface PortraitKey { unitId: number; cityId: number; path: string; year: number }

export interface PortraitCount { key: string; count: number }
export interface TaskFigures { total: number; red: number; yellow: number; green: number; closed: number; overdue: number; closureRate: number; overdueRate: number }
export interface ProblemFigures { found: number; rectified: number; open: number; items: number; itemsClosed: number; itemsOverdue: number; rectificationRate: number }
export interface NoticeFigures { issued: number; reported: number; closed: number; overdue: number; problems: number; problemsAnswered: number }
export interface InspectionFigures { cycleStart: string; units: number; inspected: number; coverage: number }
export interface AccountabilityFigures { total: number; byFailure: PortraitCount[]; byMeasure: PortraitCount[] }
export interface LetterFigures { issued: number; signed: number; signedRate: number }
export interface AssessmentFigures { assessed: number; averageTotal: number | null; vetoed: number; byGrade: PortraitCount[] }
export interface LeaderFigure { officialId: number; red: number; overdue: number }
export interface UrgingFigures { issued: number; replied: number; open: number; replyOverdue: number }
export interface LeadFigures { received: number; pending: number; dismissed: number; caseOpened: number }
export interface CaseFigures { opened: number; open: number; closed: number }
export interface InterviewFigures { held: number; individual: number; collective: number }
export interface ReportFigures { written: number; submitted: number; overdue: number; oral: number }
export interface SuggestionFigures { made: number; targets: number }

type Row = Record<string, unknown>;
type Section<T> = (db: DataSource, keys: readonly PortraitKey[]) => Promise<T[]>;
type Builder = SelectQueryBuilder<object>;

const n = (v: unknown): number => Number(v ?? 0);
const rate = (part: number, whole: number): number => (whole ? Math.round((part / whole) * 1000) / 1000 : 0);
const keyOf = (k: { unitId: number; year: number }): string => `${k.unitId}/${k.year}`;

/** A per-request loader of one section, keyed on (unit, year). */
export const portraitLoader = <T>(db: DataSource, section: Section<T>) =>
  new DataLoader<PortraitKey, T, string>((keys) => section(db, keys), { cacheKeyFn: keyOf });

/** A requested unit: the root of a subtree. */
interface Root { cityId: number; path: string }

/**
 * Roots whose parents' paths have the same length: none contains another (a unit below a
 * root has a longer parent path), so every unit of their subtrees lies under exactly one,
 * whose path is the unit's path cut after the segment that follows that length.
 */
class Level {
  readonly roots: Root[] = [];
  constructor(readonly parentLength: number) {}

  /** The SQL of the root path a unit's path `column` lies under ("/1/7/3/" -> "/1/7/" when the parents' paths are "/1/"). */
  rootPath(column: string): string {
    return `SUBSTR(${column}, 1, ${this.parentLength} + INSTR(SUBSTR(${column}, ${this.parentLength + 1}), '/'))`;
  }

  /**
   * "In one of the subtrees" on an org_unit alias: per root its city and a literal range on
   * the path (IDX_org_unit_city_path); `below`: the roots themselves excluded.
   */
  units(alias: string, below = false): Brackets {
    return scopeCondition(this.roots, { cityId: `${alias}.cityId`, path: `${alias}.path` }, { strictlyBelow: below });
  }
}

/** The distinct roots in levels (a request normally has one: sibling units, or a single unit). */
function levelsOf(roots: readonly Root[]): Level[] {
  const levels = new Map<number, Level>();
  const seen = new Set<string>();
  for (const root of roots) {
    if (seen.has(root.path)) continue;
    seen.add(root.path);
    const parentLength = root.path.lastIndexOf('/', root.path.length - 2) + 1;
    let level = levels.get(parentLength);
    if (!level) levels.set(parentLength, (level = new Level(parentLength)));
    level.roots.push(root);
  }
  return [...levels.values()];
}

const fresh = (db: DataSource): Builder => db.createQueryBuilder() as Builder;

/**
 * Every section selects its root path as `rootPath` and groups by that name: grouping by the
 * expression again would name su.path outside an aggregate, which ONLY_FULL_GROUP_BY (TiDB's
 * default, and MySQL's) refuses.
 */
const ROOT_PATH = 'rootPath';

/** The level's subtrees: `su`, every unit of them (each root included), with the root path it lies under as `rootPath`. */
const subtrees = (db: DataSource, level: Level): Builder =>
  fresh(db).from('org_unit', 'su').where(level.units('su')).select(level.rootPath('su.path'), 'rootPath');

/** The records of `table` in the level's subtrees, restricted like every portrait aggregate: by city and unit. */
const over = (db: DataSource, level: Level, table: string, alias: string, unitColumn = 'unitId'): Builder =>
  subtrees(db, level).innerJoin(table, alias, `${alias}.cityId = su.cityId AND ${alias}.${unitColumn} = su.id`);

/**
 * Figures counted per unit first, then summed per root: `build` joins its records to `su`
 * (the units of the level's subtrees) and selects the figures `sums`; the units are grouped
 * in the order of the (cityId, path) index, so the grouping needs no sort, and only one row
 * per unit is grouped again by root path.
 */
function perUnit(db: DataSource, level: Level, sums: readonly string[], build: (units: Builder) => Builder): Builder {
  const outer = fresh(db).from((sub) => build(sub.from('org_unit', 'su').where(level.units('su')) as Builder)
    .addSelect('su.path', 'path').groupBy('su.cityId').addGroupBy('su.path'), 'x')
    .select(level.rootPath('x.path'), 'rootPath')
    .groupBy(ROOT_PATH);
  for (const figure of sums) outer.addSelect(`SUM(x.${figure})`, figure);
  return outer;
}

/** One statement of the levels' blocks (UNION ALL: each block groups by its own roots), on a replica when the request may. */
function rowsOf(db: DataSource, blocks: readonly Builder[]): Promise<Row[]> {
  return onReplica(db, (replica) => {
    if (blocks.length === 1) return (replica ? blocks[0].setQueryRunner(replica) : blocks[0]).getRawMany<Row>();
    const parts = blocks.map((b) => b.getQueryAndParameters());
    return (replica ?? db).query(parts.map(([sql]) => sql).join(' UNION ALL '), parts.flatMap(([, params]) => params));
  });
}

/**
 * Runs a section's grouped statement once per year asked (a request normally asks one) for
 * all the units of that year, and hands each key the rows of its root (none: zero figures).
 */
const grouped = <T>(
  query: (db: DataSource, level: Level, year: number) => Builder,
  build: (rows: Row[], year: number) => T,
): Section<T> => async (db, keys) => {
  const rowsByKey = new Map<string, Row[]>();
  const years = [...new Set(keys.map((k) => k.year))];
  await Promise.all(years.map(async (year) => {
    const ofYear = keys.filter((k) => k.year === year);
    const unitByPath = new Map(ofYear.map((k) => [k.path, k.unitId]));
    for (const row of await rowsOf(db, levelsOf(ofYear).map((level) => query(db, level, year)))) {
      const key = keyOf({ unitId: unitByPath.get(String(row.rootPath))!, year });
      const rows = rowsByKey.get(key);
      if (rows) rows.push(row);
      else rowsByKey.set(key, [row]);
    }
  }));
  return keys.map((k) => build(rowsByKey.get(keyOf(k)) ?? [], k.year));
};

/** Counts of several groups summed under one column, in key order. */
function countsBy(rows: Row[], column: string): PortraitCount[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(String(r[column]), (counts.get(String(r[column])) ?? 0) + n(r.count));
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const yearBounds = (year: number) => ({
  from: `${year}-01-01`, to: `${year + 1}-01-01`,
  fromAt: new Date(`${year}-01-01T00:00:00Z`), toAt: new Date(`${year + 1}-01-01T00:00:00Z`),
});

/**
 * A problem of the year by its own day, the day it was found (foundOn: the import's, or the
 * day a live one was recorded): one range on IDX_problem_unit_found.
 */
const PROBLEM_OF_YEAR = 'p.foundOn >= :from AND p.foundOn < :to';

/** Inspection coverage counts the five-year cycle ending with the year. */
const cycleStartOf = (year: number): string => `${year - 4}-01-01`;

export const portraitFigures = {
  /** Units in the subtree, the unit included. */
  units: grouped(
    (db, level) => subtrees(db, level).addSelect('COUNT(*)', 'n').groupBy(ROOT_PATH),
    ([row]) => n(row?.n),
  ),

  tasks: grouped(
    (db, level, year) => {
      const day = today();
      return perUnit(db, level, ['total', 'red', 'yellow', 'closedCount', 'overdue'], (units) => units
        .innerJoin('task', 't', 't.cityId = su.cityId AND t.unitId = su.id').andWhere('t.year = :year', { year })
        .select('COUNT(*)', 'total')
        .addSelect('SUM(CASE WHEN t.status <> :closed AND t.nextDueOn < :day THEN 1 ELSE 0 END)', 'red')
        .addSelect('SUM(CASE WHEN t.status <> :closed AND t.nextDueOn >= :day AND t.nextDueOn <= :yellowUntil THEN 1 ELSE 0 END)', 'yellow')
        .addSelect('SUM(CASE WHEN t.status = :closed THEN 1 ELSE 0 END)', 'closedCount')
        .addSelect('SUM(CASE WHEN t.status <> :closed AND t.percent < 100 AND t.dueOn < :day THEN 1 ELSE 0 END)', 'overdue')
        .setParameters({ closed: TaskStatus.CLOSED, day, yellowUntil: addDays(day, config.yellowDays) }));
    },
    ([row]): TaskFigures => {
      const total = n(row?.total);
      const red = n(row?.red);
      const yellow = n(row?.yellow);
      const closed = n(row?.closedCount);
      const overdue = n(row?.overdue);
      return {
        total, red, yellow, green: total - red - yellow, closed, overdue,
        closureRate: rate(closed, total), overdueRate: rate(overdue, total),
      };
    },
  ),

  /**
   * Problems found in the year and their rectification items (items belong to the
   * problem's unit), counted per unit in one pass over the problems and their items: a
   * problem is rectified when it has items and none is open, so per unit the rectified are
   * the problems with items less those with an open item (every problem is of one unit).
   */
  problems: grouped(
    (db, level, year) => {
      const { from, to } = yearBounds(year);
      return perUnit(db, level, ['found', 'rectified', 'items', 'itemsClosed', 'itemsOverdue'], (units) => units
        .innerJoin('problem', 'p', 'p.cityId = su.cityId AND p.unitId = su.id')
        .leftJoin('rectification_item', 'ri', 'ri.cityId = p.cityId AND ri.problemId = p.id')
        // The record's own day (imported: the file's; a notice's problems: the notice's issue, none
        // while it is a draft; else the day it was recorded): one range, no join, no subquery.
        .andWhere(PROBLEM_OF_YEAR, { from, to })
        .select('COUNT(DISTINCT p.id)', 'found')
        .addSelect('COUNT(DISTINCT ri.problemId) - COUNT(DISTINCT CASE WHEN ri.status <> :closedItem THEN ri.problemId END)', 'rectified')
        .addSelect('COUNT(ri.id)', 'items')
        .addSelect('SUM(CASE WHEN ri.status = :closedItem THEN 1 ELSE 0 END)', 'itemsClosed')
        .addSelect('SUM(CASE WHEN ri.status <> :closedItem AND ri.deadline < :day THEN 1 ELSE 0 END)', 'itemsOverdue')
        .setParameters({ closedItem: RectificationStatus.CLOSED, day: today() }));
    },
    ([row]): ProblemFigures => {
      const found = n(row?.found);
      const rectified = n(row?.rectified);
      return {
        found, rectified, open: found - rectified, items: n(row?.items), itemsClosed: n(row?.itemsClosed),
        itemsOverdue: n(row?.itemsOverdue), rectificationRate: rate(rectified, found),
      };
    },
  ),

  notices: grouped(
    (db, level, year) => {
      const { fromAt, toAt } = yearBounds(year);
      // With the notices' problem records (告知书所列问题): each notice counted once, its problems each.
      return over(db, level, 'notice', 'nt').andWhere('nt.issuedAt >= :fromAt AND nt.issuedAt < :toAt', { fromAt, toAt })
        .leftJoin('problem', 'np', 'np.cityId = nt.cityId AND np.noticeId = nt.id')
        .addSelect('COUNT(DISTINCT nt.id)', 'issued')
        .addSelect('COUNT(DISTINCT CASE WHEN nt.state = :reported THEN nt.id END)', 'reported')
        .addSelect('COUNT(DISTINCT CASE WHEN nt.state = :closedNotice THEN nt.id END)', 'closedNotices')
        .addSelect('COUNT(DISTINCT CASE WHEN nt.state = :issuedState AND nt.dueOn < :day THEN nt.id END)', 'overdue')
        .addSelect('COUNT(np.id)', 'problems').addSelect('COUNT(np.answeredAt)', 'problemsAnswered')
        .setParameters({ reported: NoticeState.REPORTED, closedNotice: NoticeState.CLOSED, issuedState: NoticeState.ISSUED, day: today() })
        .groupBy(ROOT_PATH);
    },
    ([row]): NoticeFigures => ({
      issued: n(row?.issued), reported: n(row?.reported), closed: n(row?.closedNotices), overdue: n(row?.overdue),
      problems: n(row?.problems), problemsAnswered: n(row?.problemsAnswered),
    }),
  ),

  /** Coverage: units strictly below the unit, down to communities (grids are not inspected on their own). */
  inspection: grouped(
    (db, level, year) => fresh(db).from('org_unit', 'cu')
      .where(level.units('cu', true))
      .andWhere('cu.level <> :grid', { grid: UnitLevel.GRID })
      .select(level.rootPath('cu.path'), 'rootPath')
      .addSelect('COUNT(*)', 'units')
      .addSelect(`SUM(CASE WHEN EXISTS (SELECT 1 FROM inspection_target it INNER JOIN inspection i ON i.id = it.inspectionId
        WHERE it.cityId = cu.cityId AND it.unitId = cu.id AND i.startsOn >= :cycleStart AND i.startsOn <= :day) THEN 1 ELSE 0 END)`, 'inspected')
      .setParameters({ cycleStart: cycleStartOf(year), day: today() })
      .groupBy(ROOT_PATH),
    ([row], year): InspectionFigures => {
      const units = n(row?.units);
      const inspected = n(row?.inspected);
      return { cycleStart: cycleStartOf(year), units, inspected, coverage: rate(inspected, units) };
    },
  ),

  /** The current revision of each record decided in the year, not revoked: counted by failure and measure at once. */
  accountability: grouped(
    (db, level, year) => {
      const { from, to } = yearBounds(year);
      return over(db, level, 'accountability_record', 'ar')
        .andWhere('ar.decidedOn >= :from AND ar.decidedOn < :to', { from, to })
        .andWhere('NOT EXISTS (SELECT 1 FROM accountability_record nr WHERE nr.cityId = ar.cityId AND nr.revisionOf = ar.id)')
        .andWhere('NOT EXISTS (SELECT 1 FROM accountability_revocation rv WHERE rv.cityId = ar.cityId AND rv.recordId = ar.id)')
        .addSelect('ar.failure', 'failure').addSelect('ar.measure', 'measure').addSelect('COUNT(*)', 'count')
        .groupBy(ROOT_PATH).addGroupBy('ar.failure').addGroupBy('ar.measure');
    },
    (rows): AccountabilityFigures => ({
      // Every record has one failure and one measure: the total is the sum of the groups.
      total: rows.reduce((sum, r) => sum + n(r.count), 0),
      byFailure: countsBy(rows, 'failure'),
      byMeasure: countsBy(rows, 'measure'),
    }),
  ),

  /** Progress updates on the year's tasks of the subtree posted after the due day they answered (迟报). */
  lateEntries: grouped(
    (db, level, year) => perUnit(db, level, ['late'], (units) => units
      .innerJoin('task', 't', 't.cityId = su.cityId AND t.unitId = su.id').andWhere('t.year = :year', { year })
      .innerJoin('progress_update', 'pu', 'pu.cityId = t.cityId AND pu.taskId = t.id')
      .select('SUM(CASE WHEN pu.postedOn > pu.dueOn THEN 1 ELSE 0 END)', 'late')),
    ([row]) => n(row?.late),
  ),

  /**
   * 督办单 issued in the year about records of the subtree (by the urged record's unit): replied
   * to, still open, and with the reply overdue today (none past the reply day, or a late one).
   */
  urgings: grouped(
    (db, level, year) => {
      const { fromAt, toAt } = yearBounds(year);
      return over(db, level, 'urging', 'ug').andWhere('ug.createdAt >= :fromAt AND ug.createdAt < :toAt', { fromAt, toAt })
        .addSelect('COUNT(*)', 'issued')
        .addSelect('SUM(CASE WHEN ug.repliedOn IS NOT NULL THEN 1 ELSE 0 END)', 'replied')
        .addSelect('SUM(CASE WHEN (ug.repliedOn IS NULL AND ug.replyDueOn < :day) OR ug.repliedOn > ug.replyDueOn THEN 1 ELSE 0 END)', 'replyOverdue')
        .setParameters({ day: today() })
        .groupBy(ROOT_PATH);
    },
    ([row]): UrgingFigures => {
      const issued = n(row?.issued);
      const replied = n(row?.replied);
      return { issued, replied, open: issued - replied, replyOverdue: n(row?.replyOverdue) };
    },
  ),

  /**
   * 问题线索 received in the year by units of the subtree (by the receiving unit, as DISCIPLINE
   * reads them): still pending (submitted or under review), dismissed, or made a case.
   */
  leads: grouped(
    (db, level, year) => {
      const { fromAt, toAt } = yearBounds(year);
      return over(db, level, 'lead', 'ld', 'toUnitId').andWhere('ld.createdAt >= :fromAt AND ld.createdAt < :toAt', { fromAt, toAt })
        .addSelect('COUNT(*)', 'received')
        .addSelect('SUM(CASE WHEN ld.status = :dismissedLead THEN 1 ELSE 0 END)', 'dismissed')
        .addSelect('SUM(CASE WHEN ld.status = :caseLead THEN 1 ELSE 0 END)', 'caseOpened')
        .setParameters({ dismissedLead: LeadStatus.DISMISSED, caseLead: LeadStatus.CASE_OPENED })
        .groupBy(ROOT_PATH);
    },
    ([row]): LeadFigures => {
      const received = n(row?.received);
      const dismissed = n(row?.dismissed);
      const caseOpened = n(row?.caseOpened);
      return { received, pending: received - dismissed - caseOpened, dismissed, caseOpened };
    },
  ),

  /** 案件 opened in the year against officials of units of the subtree (by the case's unit), and whether still open. */
  cases: grouped(
    (db, level, year) => {
      const { fromAt, toAt } = yearBounds(year);
      return over(db, level, 'disciplinary_case', 'dc').andWhere('dc.openedAt >= :fromAt AND dc.openedAt < :toAt', { fromAt, toAt })
        .addSelect('COUNT(*)', 'opened')
        .addSelect('SUM(CASE WHEN dc.status = :closedCase THEN 1 ELSE 0 END)', 'closedCases')
        .setParameters({ closedCase: CaseStatus.CLOSED })
        .groupBy(ROOT_PATH);
    },
    ([row]): CaseFigures => {
      const opened = n(row?.opened);
      const closed = n(row?.closedCases);
      return { opened, open: opened - closed, closed };
    },
  ),

  /** 约谈 held in the year by units of the subtree, individual and collective. */
  interviews: grouped(
    (db, level, year) => {
      const { from, to } = yearBounds(year);
      return over(db, level, 'interview', 'iv').andWhere('iv.heldOn >= :from AND iv.heldOn < :to', { from, to })
        .addSelect('COUNT(*)', 'held')
        .addSelect('SUM(CASE WHEN iv.kind = :collectiveKind THEN 1 ELSE 0 END)', 'collective')
        .setParameters({ collectiveKind: InterviewKind.COLLECTIVE })
        .groupBy(ROOT_PATH);
    },
    ([row]): InterviewFigures => {
      const held = n(row?.held);
      const collective = n(row?.collective);
      return { held, individual: held - collective, collective };
    },
  ),

  /** 述责述廉 on the year by units of the subtree: written reports (submitted, overdue today) and oral ones. */
  reports: grouped(
    (db, level, year) => over(db, level, 'report', 'rp').andWhere('rp.year = :year', { year })
      .addSelect('SUM(CASE WHEN rp.kind = :writtenKind THEN 1 ELSE 0 END)', 'written')
      .addSelect('SUM(CASE WHEN rp.kind = :writtenKind AND rp.submittedAt IS NOT NULL THEN 1 ELSE 0 END)', 'submitted')
      .addSelect('SUM(CASE WHEN rp.kind = :writtenKind AND rp.submittedAt IS NULL AND rp.dueOn < :day THEN 1 ELSE 0 END)', 'overdue')
      .addSelect('SUM(CASE WHEN rp.kind = :oralKind THEN 1 ELSE 0 END)', 'oral')
      .setParameters({ writtenKind: ReportKind.WRITTEN, oralKind: ReportKind.ORAL, day: today() })
      .groupBy(ROOT_PATH),
    ([row]): ReportFigures => ({ written: n(row?.written), submitted: n(row?.submitted), overdue: n(row?.overdue), oral: n(row?.oral) }),
  ),

  /** 巡察建议 made in the year to inspected units of the subtree (by the target's unit), and the targets that got one. */
  suggestions: grouped(
    (db, level, year) => {
      const { fromAt, toAt } = yearBounds(year);
      return over(db, level, 'inspection_target', 'stg')
        .innerJoin('inspection_suggestion', 'sg', 'sg.cityId = stg.cityId AND sg.targetId = stg.id')
        .andWhere('sg.createdAt >= :fromAt AND sg.createdAt < :toAt', { fromAt, toAt })
        .addSelect('COUNT(*)', 'made').addSelect('COUNT(DISTINCT stg.id)', 'targets')
        .groupBy(ROOT_PATH);
    },
    ([row]): SuggestionFigures => ({ made: n(row?.made), targets: n(row?.targets) }),
  ),

  /** Letters of the year to units and team members of the subtree (by the signing unit). */
  letters: grouped(
    (db, level, year) => over(db, level, 'responsibility_letter', 'l', 'signerUnitId').andWhere('l.year = :year', { year })
      .addSelect('COUNT(*)', 'issued').addSelect('SUM(CASE WHEN l.signedAt IS NOT NULL THEN 1 ELSE 0 END)', 'signed')
      .groupBy(ROOT_PATH),
    ([row]): LetterFigures => ({ issued: n(row?.issued), signed: n(row?.signed), signedRate: rate(n(row?.signed), n(row?.issued)) }),
  ),

  /** Assessments of the year of units in the subtree, by grade; totals are in hundredths of a point. */
  assessments: grouped(
    (db, level, year) => over(db, level, 'assessment', 'a').andWhere('a.year = :year', { year })
      .addSelect('a.grade', 'grade').addSelect('COUNT(*)', 'count').addSelect('SUM(a.total)', 'totalSum')
      .addSelect('SUM(CASE WHEN a.vetoed = :yes THEN 1 ELSE 0 END)', 'vetoed').setParameters({ yes: true })
      .groupBy(ROOT_PATH).addGroupBy('a.grade'),
    (rows): AssessmentFigures => {
      const assessed = rows.reduce((sum, r) => sum + n(r.count), 0);
      // The average total in points, to two decimals.
      const average = assessed ? rows.reduce((sum, r) => sum + n(r.totalSum), 0) / assessed / 100 : null;
      return {
        assessed,
        averageTotal: average === null ? null : Math.round(average * 100) / 100,
        vetoed: rows.reduce((sum, r) => sum + n(r.vetoed), 0),
        byGrade: countsBy(rows, 'grade'),
      };
    },
  ),

  /** Every leader with RED tasks of the year in the subtree, most RED first (the field takes the first few). */
  redTaskLeaders: grouped(
    (db, level, year) => {
      const day = today();
      return over(db, level, 'task', 't').innerJoin('post', 'lp', 'lp.id = t.leaderPostId')
        .andWhere('t.year = :year AND t.status <> :closed AND t.nextDueOn < :day', { year, closed: TaskStatus.CLOSED, day })
        .addSelect('lp.officialId', 'officialId').addSelect('COUNT(*)', 'red')
        .addSelect('SUM(CASE WHEN t.percent < 100 AND t.dueOn < :day THEN 1 ELSE 0 END)', 'overdue')
        .groupBy(ROOT_PATH).addGroupBy('lp.officialId');
    },
    (rows): LeaderFigure[] => rows
      .map((r) => ({ officialId: n(r.officialId), red: n(r.red), overdue: n(r.overdue) }))
      .sort((a, b) => b.red - a.red || a.officialId - b.officialId),
  ),
};
