// 政治生态素描画像: the figures of a unit's subtree for a year, each one SQL aggregate
// over the subtree (a semi-join on the indexed path range), never rows loaded into
// memory. Posts in scope get the figures and the names; ANALYST the figures only.
import type { SelectQueryBuilder } from 'typeorm';
import { assertInScope, RECORD_READERS, unitInScope } from '../../auth/scope';
import { addDays, today } from '../../clock';
import { config } from '../../config';
import type { Context } from '../../context';
import type { OrgUnit } from '../../entities';
import { NoticeState, PostRole, RectificationStatus, TaskStatus } from '../../schema/enums';
import { orgUnitService } from '../org/org-unit.service';

export interface PortraitCount { key: string; count: number }

export interface Portrait {
  unit: OrgUnit;
  year: number;
  units: number;
  tasks: { total: number; red: number; yellow: number; green: number; closed: number; overdue: number; closureRate: number; overdueRate: number };
  problems: { found: number; rectified: number; open: number; items: number; itemsClosed: number; itemsOverdue: number; rectificationRate: number };
  notices: { issued: number; reported: number; closed: number; overdue: number };
  inspection: { cycleStart: string; units: number; inspected: number; coverage: number };
  accountability: { total: number; byFailure: PortraitCount[]; byMeasure: PortraitCount[] };
  letters: { issued: number; signed: number; signedRate: number };
  assessments: { assessed: number; averageTotal: number | null; vetoed: number; byGrade: PortraitCount[] };
}

const n = (v: unknown): number => Number(v ?? 0);
const rate = (part: number, whole: number): number => (whole ? Math.round((part / whole) * 1000) / 1000 : 0);

/** Roles that read a portrait: posts in scope, and ANALYST (figures only). */
export const PORTRAIT_READERS = [...RECORD_READERS, PostRole.ANALYST];

export interface LeaderFigure { officialId: number; red: number; overdue: number }

export const portraitService = {
  /**
   * The leaders with the most RED tasks in the subtree this year (names: posts in scope
   * only, the policy hides this field from ANALYST). One grouped aggregate.
   */
  async redTaskLeaders(ctx: Context, unit: OrgUnit, year: number, first: number): Promise<LeaderFigure[]> {
    const day = today();
    const qb = ctx.db.createQueryBuilder().from('task', 't').innerJoin('post', 'lp', 'lp.id = t.leaderPostId') as SelectQueryBuilder<object>;
    const sub = unitInScope(qb, 't.unitId', [{ cityId: unit.cityId, path: unit.path }]);
    const rows = await qb.where(`t.cityId = :city AND ${sub.sql}`, { city: unit.cityId, ...sub.params })
      .andWhere('t.year = :year AND t.status <> :closed AND t.nextDueOn < :day', { year, closed: TaskStatus.CLOSED, day })
      .select('lp.officialId', 'officialId').addSelect('COUNT(*)', 'red')
      .addSelect('SUM(CASE WHEN t.percent < 100 AND t.dueOn < :day THEN 1 ELSE 0 END)', 'overdue')
      .groupBy('lp.officialId').orderBy('red', 'DESC').addOrderBy('lp.officialId', 'ASC').limit(first)
      .getRawMany<{ officialId: unknown; red: unknown; overdue: unknown }>();
    return rows.map((r) => ({ officialId: n(r.officialId), red: n(r.red), overdue: n(r.overdue) }));
  },

  async portrait(ctx: Context, unitId: string, year: number): Promise<Portrait> {
    const unit = await orgUnitService.require(ctx, unitId, 'unitId');
    assertInScope(ctx.viewer, unit, PORTRAIT_READERS);
    const day = today();
    const from = `${year}-01-01`;
    const to = `${year + 1}-01-01`;
    const fromAt = new Date(`${from}T00:00:00Z`);
    const toAt = new Date(`${to}T00:00:00Z`);
    const cycleStart = `${year - 4}-01-01`;
    const subtree = [{ cityId: unit.cityId, path: unit.path }];
    // Every aggregate starts from one table restricted to the subtree's units (and the city).
    const over = (table: string, alias: string, unitColumn = 'unitId'): SelectQueryBuilder<object> => {
      const qb = ctx.db.createQueryBuilder().from(table, alias) as SelectQueryBuilder<object>;
      const sub = unitInScope(qb, `${alias}.${unitColumn}`, subtree);
      return qb.where(`${alias}.cityId = :city AND ${sub.sql}`, { city: unit.cityId, ...sub.params });
    };
    const inForce = () => over('accountability_record', 'ar').andWhere('ar.decidedOn >= :from AND ar.decidedOn < :to', { from, to })
      .andWhere('NOT EXISTS (SELECT 1 FROM accountability_record nr WHERE nr.revisionOf = ar.id)')
      .andWhere('NOT EXISTS (SELECT 1 FROM accountability_revocation rv WHERE rv.recordId = ar.id)');
    const grouped = async (qb: SelectQueryBuilder<object>, column: string): Promise<PortraitCount[]> =>
      (await qb.select(`${column}`, 'key').addSelect('COUNT(*)', 'count').groupBy(column).orderBy(column).getRawMany<{ key: string; count: unknown }>())
        .map((r) => ({ key: r.key, count: n(r.count) }));

    const [units, tasks, problems, items, notices, inspected, byFailure, byMeasure, letters, assessments, byGrade] = await Promise.all([
      ctx.db.createQueryBuilder().from('org_unit', 'u').select('COUNT(*)', 'n')
        .where('u.cityId = :city AND u.path >= :p AND u.path < :e', { city: unit.cityId, p: unit.path, e: `${unit.path.slice(0, -1)}0` })
        .getRawOne<{ n: unknown }>(),
      over('task', 't').andWhere('t.year = :year', { year })
        .select('COUNT(*)', 'total')
        .addSelect('SUM(CASE WHEN t.status <> :closed AND t.nextDueOn < :day THEN 1 ELSE 0 END)', 'red')
        .addSelect('SUM(CASE WHEN t.status <> :closed AND t.nextDueOn >= :day AND t.nextDueOn <= :yellowUntil THEN 1 ELSE 0 END)', 'yellow')
        .addSelect('SUM(CASE WHEN t.status = :closed THEN 1 ELSE 0 END)', 'closedCount')
        .addSelect('SUM(CASE WHEN t.status <> :closed AND t.percent < 100 AND t.dueOn < :day THEN 1 ELSE 0 END)', 'overdue')
        .setParameters({ closed: TaskStatus.CLOSED, day, yellowUntil: addDays(day, config.yellowDays) })
        .getRawOne<Record<string, unknown>>(),
      over('problem', 'p').andWhere('p.createdAt >= :fromAt AND p.createdAt < :toAt', { fromAt, toAt })
        .select('COUNT(*)', 'found')
        .addSelect(`SUM(CASE WHEN EXISTS (SELECT 1 FROM rectification_item ri WHERE ri.problemId = p.id)
          AND NOT EXISTS (SELECT 1 FROM rectification_item ri2 WHERE ri2.problemId = p.id AND ri2.status <> :closedItem) THEN 1 ELSE 0 END)`, 'rectified')
        .setParameters({ closedItem: RectificationStatus.CLOSED })
        .getRawOne<Record<string, unknown>>(),
      (() => {
        // Items belong to the problem's unit: restrict through the problem.
        const qb = ctx.db.createQueryBuilder().from('rectification_item', 'ri').innerJoin('problem', 'p', 'p.id = ri.problemId') as SelectQueryBuilder<object>;
        const sub = unitInScope(qb, 'p.unitId', subtree);
        return qb.where(`p.cityId = :city AND ${sub.sql}`, { city: unit.cityId, ...sub.params })
          .andWhere('p.createdAt >= :fromAt AND p.createdAt < :toAt', { fromAt, toAt })
          .select('COUNT(*)', 'items')
          .addSelect('SUM(CASE WHEN ri.status = :closedItem THEN 1 ELSE 0 END)', 'itemsClosed')
          .addSelect('SUM(CASE WHEN ri.status <> :closedItem AND ri.deadline < :day THEN 1 ELSE 0 END)', 'itemsOverdue')
          .setParameters({ closedItem: RectificationStatus.CLOSED, day })
          .getRawOne<Record<string, unknown>>();
      })(),
      over('notice', 'nt').andWhere('nt.issuedAt >= :fromAt AND nt.issuedAt < :toAt', { fromAt, toAt })
        .select('COUNT(*)', 'issued')
        .addSelect('SUM(CASE WHEN nt.state = :reported THEN 1 ELSE 0 END)', 'reported')
        .addSelect('SUM(CASE WHEN nt.state = :closedNotice THEN 1 ELSE 0 END)', 'closedNotices')
        .addSelect('SUM(CASE WHEN nt.state = :issuedState AND nt.dueOn < :day THEN 1 ELSE 0 END)', 'overdue')
        .setParameters({ reported: NoticeState.REPORTED, closedNotice: NoticeState.CLOSED, issuedState: NoticeState.ISSUED, day })
        .getRawOne<Record<string, unknown>>(),
      // Coverage: units strictly below the unit, down to communities (grids are not inspected on their own).
      (() => {
        const qb = ctx.db.createQueryBuilder().from('org_unit', 'cu') as SelectQueryBuilder<object>;
        return qb.where('cu.cityId = :city AND cu.path > :p AND cu.path < :e AND cu.level <> :grid',
          { city: unit.cityId, p: unit.path, e: `${unit.path.slice(0, -1)}0`, grid: 'GRID' })
          .select('COUNT(*)', 'units')
          .addSelect(`SUM(CASE WHEN EXISTS (SELECT 1 FROM inspection_target it INNER JOIN inspection i ON i.id = it.inspectionId
            WHERE it.unitId = cu.id AND i.startsOn >= :cycleStart AND i.startsOn <= :day) THEN 1 ELSE 0 END)`, 'inspected')
          .setParameters({ cycleStart, day })
          .getRawOne<Record<string, unknown>>();
      })(),
      // Accountability: the current revision of each record decided in the year, not revoked.
      grouped(inForce(), 'ar.failure'),
      grouped(inForce(), 'ar.measure'),
      over('responsibility_letter', 'l', 'signerUnitId').andWhere('l.year = :year', { year })
        .select('COUNT(*)', 'issued').addSelect('SUM(CASE WHEN l.signedAt IS NOT NULL THEN 1 ELSE 0 END)', 'signed')
        .getRawOne<Record<string, unknown>>(),
      over('assessment', 'a').andWhere('a.year = :year', { year })
        .select('COUNT(*)', 'assessed').addSelect('AVG(a.total)', 'average')
        .addSelect('SUM(CASE WHEN a.vetoed = :yes THEN 1 ELSE 0 END)', 'vetoed').setParameters({ yes: true })
        .getRawOne<Record<string, unknown>>(),
      grouped(over('assessment', 'a').andWhere('a.year = :year', { year }), 'a.grade'),
    ]);

    const total = n(tasks?.total);
    const closed = n(tasks?.closedCount);
    const red = n(tasks?.red);
    const yellow = n(tasks?.yellow);
    const found = n(problems?.found);
    const rectified = n(problems?.rectified);
    const coverageUnits = n(inspected?.units);
    const inspectedUnits = n(inspected?.inspected);
    const average = assessments?.average === null || assessments?.average === undefined ? null : Number(assessments.average) / 100;
    return {
      unit, year, units: n(units?.n),
      tasks: {
        total, red, yellow, green: total - red - yellow, closed, overdue: n(tasks?.overdue),
        closureRate: rate(closed, total), overdueRate: rate(n(tasks?.overdue), total),
      },
      problems: {
        found, rectified, open: found - rectified, items: n(items?.items), itemsClosed: n(items?.itemsClosed),
        itemsOverdue: n(items?.itemsOverdue), rectificationRate: rate(rectified, found),
      },
      notices: { issued: n(notices?.issued), reported: n(notices?.reported), closed: n(notices?.closedNotices), overdue: n(notices?.overdue) },
      inspection: { cycleStart, units: coverageUnits, inspected: inspectedUnits, coverage: rate(inspectedUnits, coverageUnits) },
      // Every record has one failure, so the total is the sum of the failure groups.
      accountability: { total: byFailure.reduce((sum, g) => sum + g.count, 0), byFailure, byMeasure },
      letters: { issued: n(letters?.issued), signed: n(letters?.signed), signedRate: rate(n(letters?.signed), n(letters?.issued)) },
      assessments: {
        assessed: n(assessments?.assessed), averageTotal: average === null ? null : Math.round(average * 100) / 100,
        vetoed: n(assessments?.vetoed), byGrade,
      },
    };
  },
};
