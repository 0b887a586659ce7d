// The portrait's sections as batch functions for the per-request loaders: each section of
// every (unit, year) asked in a request is ONE grouped statement. The requested units (the
// roots) join their subtrees by the indexed path range, the subtrees join the records by
// city and unit, and the figures are grouped by root. Definitions are those of the portrait.
import DataLoader from 'dataloader';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { addDays, today } from '../../clock';
import { config } from '../../config';
import { isMysql } from '../../data-source';
import { NoticeState, RectificationStatus, TaskStatus, UnitLevel } from '../../schema/enums';

/** One portrait: a unit's subtree in a year. */
export interface PortraitKey { unitId: number; year: number }

export interface PortraitCount { key: string; count: number }
export interface TaskFigures { total: number; red: number; yellow: number; green: number; closed: number; overdue: number; closureRate: number; overdueRate: number }
export interface ProblemFigures { found: number; rectified: number; open: number; items: number; itemsClosed: number; itemsOverdue: number; rectificationRate: number }
export interface NoticeFigures { issued: number; reported: number; closed: number; overdue: number }
export interface InspectionFigures { cycleStart: string; units: number; inspected: number; coverage: number }
export interface AccountabilityFigures { total: number; byFailure: PortraitCount[]; byMeasure: PortraitCount[] }
export interface LetterFigures { issued: number; signed: number; signedRate: number }
export interface AssessmentFigures { assessed: number; averageTotal: number | null; vetoed: number; byGrade: PortraitCount[] }
export interface LeaderFigure { officialId: number; red: number; overdue: number }

type Row = Record<string, unknown>;
type Section<T> = (db: DataSource, keys: readonly PortraitKey[]) => Promise<T[]>;

const n = (v: unknown): number => Number(v ?? 0);
const rate = (part: number, whole: number): number => (whole ? Math.round((part / whole) * 1000) / 1000 : 0);
const keyOf = (k: PortraitKey): string => `${k.unitId}/${k.year}`;

/** A per-request loader of one section, keyed on (unit, year). */
export const portraitLoader = <T>(db: DataSource, section: Section<T>) =>
  new DataLoader<PortraitKey, T, string>((keys) => section(db, keys), { cacheKeyFn: keyOf });

/** "Below the root's path" as SQL: subtreeEnd() of scope.ts on a column ("/1/7/" -> "/1/70"). */
const subtreeEndSql = (db: DataSource, path: string): string => (isMysql(db)
  ? `CONCAT(SUBSTR(${path}, 1, CHAR_LENGTH(${path}) - 1), '0')`
  : `(SUBSTR(${path}, 1, LENGTH(${path}) - 1) || '0')`);

/** The requested units `r` and every unit `su` of their subtrees (each root included). */
const subtrees = (db: DataSource, qb: SelectQueryBuilder<object>, roots: number[]): SelectQueryBuilder<object> =>
  qb.from('org_unit', 'r')
    .innerJoin('org_unit', 'su', `su.cityId = r.cityId AND su.path >= r.path AND su.path < ${subtreeEndSql(db, 'r.path')}`)
    .where('r.id IN (:...roots)', { roots })
    .select('r.id', 'rootId');

/** The records of `table` in the roots' subtrees, restricted like every portrait aggregate: by city and unit. */
const over = (db: DataSource, qb: SelectQueryBuilder<object>, roots: number[], table: string, alias: string, unitColumn = 'unitId') =>
  subtrees(db, qb, roots).innerJoin(table, alias, `${alias}.cityId = r.cityId AND ${alias}.${unitColumn} = su.id`);

const fresh = (db: DataSource): SelectQueryBuilder<object> => db.createQueryBuilder() as SelectQueryBuilder<object>;

/**
 * Runs a section's grouped statement once per year asked (a request normally asks one) for
 * all the units of that year, and hands each key the rows of its root (none: zero figures).
 */
const grouped = <T>(
  query: (db: DataSource, roots: number[], year: number) => SelectQueryBuilder<object>,
  build: (rows: Row[], year: number) => T,
): Section<T> => async (db, keys) => {
  const rowsByKey = new Map<string, Row[]>();
  const years = [...new Set(keys.map((k) => k.year))];
  await Promise.all(years.map(async (year) => {
    const roots = [...new Set(keys.filter((k) => k.year === year).map((k) => k.unitId))];
    for (const row of await query(db, roots, year).getRawMany<Row>()) {
      const key = keyOf({ unitId: n(row.rootId), year });
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

/** Inspection coverage counts the five-year cycle ending with the year. */
const cycleStartOf = (year: number): string => `${year - 4}-01-01`;

export const portraitFigures = {
  /** Units in the subtree, the unit included. */
  units: grouped(
    (db, roots) => subtrees(db, fresh(db), roots).addSelect('COUNT(*)', 'n').groupBy('r.id'),
    ([row]) => n(row?.n),
  ),

  tasks: grouped(
    (db, roots, year) => {
      const day = today();
      return over(db, fresh(db), roots, 'task', 't').andWhere('t.year = :year', { year })
        .addSelect('COUNT(*)', 'total')
        .addSelect('SUM(CASE WHEN t.status <> :closed AND t.nextDueOn < :day THEN 1 ELSE 0 END)', 'red')
        .addSelect('SUM(CASE WHEN t.status <> :closed AND t.nextDueOn >= :day AND t.nextDueOn <= :yellowUntil THEN 1 ELSE 0 END)', 'yellow')
        .addSelect('SUM(CASE WHEN t.status = :closed THEN 1 ELSE 0 END)', 'closedCount')
        .addSelect('SUM(CASE WHEN t.status <> :closed AND t.percent < 100 AND t.dueOn < :day THEN 1 ELSE 0 END)', 'overdue')
        .setParameters({ closed: TaskStatus.CLOSED, day, yellowUntil: addDays(day, config.yellowDays) })
        .groupBy('r.id');
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
   * problem's unit): per problem its items, then per root.
   */
  problems: grouped(
    (db, roots, year) => {
      const { fromAt, toAt } = yearBounds(year);
      return fresh(db)
        .from((sub) => over(db, sub as SelectQueryBuilder<object>, roots, 'problem', 'p')
          .leftJoin('rectification_item', 'ri', 'ri.problemId = p.id')
          .andWhere('p.createdAt >= :fromAt AND p.createdAt < :toAt', { fromAt, toAt })
          .addSelect('COUNT(ri.id)', 'items')
          .addSelect('SUM(CASE WHEN ri.status = :closedItem THEN 1 ELSE 0 END)', 'itemsClosed')
          .addSelect('SUM(CASE WHEN ri.status <> :closedItem AND ri.deadline < :day THEN 1 ELSE 0 END)', 'itemsOverdue')
          .setParameters({ closedItem: RectificationStatus.CLOSED, day: today() })
          .groupBy('r.id').addGroupBy('p.id'), 'pp')
        .select('pp.rootId', 'rootId')
        .addSelect('COUNT(*)', 'found')
        // Rectified: the problem has items and all of them are closed.
        .addSelect('SUM(CASE WHEN pp.items > 0 AND pp.itemsClosed = pp.items THEN 1 ELSE 0 END)', 'rectified')
        .addSelect('SUM(pp.items)', 'items')
        .addSelect('SUM(pp.itemsClosed)', 'itemsClosed')
        .addSelect('SUM(pp.itemsOverdue)', 'itemsOverdue')
        .groupBy('pp.rootId');
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
    (db, roots, year) => {
      const { fromAt, toAt } = yearBounds(year);
      return over(db, fresh(db), roots, 'notice', 'nt').andWhere('nt.issuedAt >= :fromAt AND nt.issuedAt < :toAt', { fromAt, toAt })
        .addSelect('COUNT(*)', 'issued')
        .addSelect('SUM(CASE WHEN nt.state = :reported THEN 1 ELSE 0 END)', 'reported')
        .addSelect('SUM(CASE WHEN nt.state = :closedNotice THEN 1 ELSE 0 END)', 'closedNotices')
        .addSelect('SUM(CASE WHEN nt.state = :issuedState AND nt.dueOn < :day THEN 1 ELSE 0 END)', 'overdue')
        .setParameters({ reported: NoticeState.REPORTED, closedNotice: NoticeState.CLOSED, issuedState: NoticeState.ISSUED, day: today() })
        .groupBy('r.id');
    },
    ([row]): NoticeFigures => ({ issued: n(row?.issued), reported: n(row?.reported), closed: n(row?.closedNotices), overdue: n(row?.overdue) }),
  ),

  /** Coverage: units strictly below the unit, down to communities (grids are not inspected on their own). */
  inspection: grouped(
    (db, roots, year) => fresh(db).from('org_unit', 'r')
      .innerJoin('org_unit', 'cu', `cu.cityId = r.cityId AND cu.path > r.path AND cu.path < ${subtreeEndSql(db, 'r.path')} AND cu.level <> :grid`,
        { grid: UnitLevel.GRID })
      .where('r.id IN (:...roots)', { roots })
      .select('r.id', 'rootId')
      .addSelect('COUNT(*)', 'units')
      .addSelect(`SUM(CASE WHEN EXISTS (SELECT 1 FROM inspection_target it INNER JOIN inspection i ON i.id = it.inspectionId
        WHERE it.unitId = cu.id AND i.startsOn >= :cycleStart AND i.startsOn <= :day) THEN 1 ELSE 0 END)`, 'inspected')
      .setParameters({ cycleStart: cycleStartOf(year), day: today() })
      .groupBy('r.id'),
    ([row], year): InspectionFigures => {
      const units = n(row?.units);
      const inspected = n(row?.inspected);
      return { cycleStart: cycleStartOf(year), units, inspected, coverage: rate(inspected, units) };
    },
  ),

  /** The current revision of each record decided in the year, not revoked: counted by failure and measure at once. */
  accountability: grouped(
    (db, roots, year) => {
      const { from, to } = yearBounds(year);
      return over(db, fresh(db), roots, 'accountability_record', 'ar')
        .andWhere('ar.decidedOn >= :from AND ar.decidedOn < :to', { from, to })
        .andWhere('NOT EXISTS (SELECT 1 FROM accountability_record nr WHERE nr.revisionOf = ar.id)')
        .andWhere('NOT EXISTS (SELECT 1 FROM accountability_revocation rv WHERE rv.recordId = ar.id)')
        .addSelect('ar.failure', 'failure').addSelect('ar.measure', 'measure').addSelect('COUNT(*)', 'count')
        .groupBy('r.id').addGroupBy('ar.failure').addGroupBy('ar.measure');
    },
    (rows): AccountabilityFigures => ({
      // Every record has one failure and one measure: the total is the sum of the groups.
      total: rows.reduce((sum, r) => sum + n(r.count), 0),
      byFailure: countsBy(rows, 'failure'),
      byMeasure: countsBy(rows, 'measure'),
    }),
  ),

  /** Letters of the year to units and team members of the subtree (by the signing unit). */
  letters: grouped(
    (db, roots, year) => over(db, fresh(db), roots, 'responsibility_letter', 'l', 'signerUnitId').andWhere('l.year = :year', { year })
      .addSelect('COUNT(*)', 'issued').addSelect('SUM(CASE WHEN l.signedAt IS NOT NULL THEN 1 ELSE 0 END)', 'signed')
      .groupBy('r.id'),
    ([row]): LetterFigures => ({ issued: n(row?.issued), signed: n(row?.signed), signedRate: rate(n(row?.signed), n(row?.issued)) }),
  ),

  /** Assessments of the year of units in the subtree, by grade; totals are in hundredths of a point. */
  assessments: grouped(
    (db, roots, year) => over(db, fresh(db), roots, 'assessment', 'a').andWhere('a.year = :year', { year })
      .addSelect('a.grade', 'grade').addSelect('COUNT(*)', 'count').addSelect('SUM(a.total)', 'totalSum')
      .addSelect('SUM(CASE WHEN a.vetoed = :yes THEN 1 ELSE 0 END)', 'vetoed').setParameters({ yes: true })
      .groupBy('r.id').addGroupBy('a.grade'),
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
    (db, roots, year) => {
      const day = today();
      return over(db, fresh(db), roots, 'task', 't').innerJoin('post', 'lp', 'lp.id = t.leaderPostId')
        .andWhere('t.year = :year AND t.status <> :closed AND t.nextDueOn < :day', { year, closed: TaskStatus.CLOSED, day })
        .addSelect('lp.officialId', 'officialId').addSelect('COUNT(*)', 'red')
        .addSelect('SUM(CASE WHEN t.percent < 100 AND t.dueOn < :day THEN 1 ELSE 0 END)', 'overdue')
        .groupBy('r.id').addGroupBy('lp.officialId');
    },
    (rows): LeaderFigure[] => rows
      .map((r) => ({ officialId: n(r.officialId), red: n(r.red), overdue: n(r.overdue) }))
      .sort((a, b) => b.red - a.red || a.officialId - b.officialId),
  ),
};
