// OrgUnit.tasks, batched: the first page of every requested unit's tasks in ONE statement
// (a window numbers each unit's rows in the list's order; the page keeps the first n + 1),
// with the leader joined when selected and the count as a second window when selected.
// Visibility is decided per unit before the SQL: a unit in the viewer's scope shows all its
// tasks, any other unit only its PUBLIC ones (taskService.seesAllTasksOf, the rule of visible()).
import { Brackets } from 'typeorm';
import type { Context } from '../../context';
import { Official, Post, Task, type OrgUnit } from '../../entities';
import type { TaskSort } from '../../schema/enums';
import { Visibility } from '../../schema/enums';
import { orderOf, toConnection, whereAfter, type Connection, type PageArgs } from '../../schema/pagination';
import { hydrate } from '../../schema/rows';
import type { UnitTaskFilter } from './task.inputs';
import { primeTask, selectLean, SORTS, taskService, whereTaskFilter } from './task.service';

export interface UnitTasksKey {
  readonly ctx: Context;
  readonly unit: OrgUnit;
  readonly filter: UnitTaskFilter | undefined;
  readonly sort: TaskSort;
  readonly page: PageArgs;
  /** The selections that change the statement: long texts, the leader, the count. */
  readonly fields: readonly string[];
}

const shapeOf = (k: UnitTasksKey): string =>
  JSON.stringify([k.filter ?? null, k.sort, k.page.first, k.page.after ?? null, k.fields]);

export const unitTasksCacheKey = (k: UnitTasksKey): string => `${k.unit.id}|${shapeOf(k)}`;

/** The batch function: one statement per distinct list shape in the batch (usually one). */
export async function unitTaskPages(keys: readonly UnitTasksKey[]): Promise<Connection<Task>[]> {
  const shapes = new Map<string, UnitTasksKey[]>();
  for (const k of keys) shapes.set(shapeOf(k), [...(shapes.get(shapeOf(k)) ?? []), k]);
  const pages = new Map<string, Connection<Task>>();
  await Promise.all([...shapes.values()].map(async (group) => {
    for (const [unitId, page] of await pagesOf(group)) pages.set(`${unitId}|${shapeOf(group[0])}`, page);
  }));
  return keys.map((k) => pages.get(unitTasksCacheKey(k))!);
}

async function pagesOf(keys: readonly UnitTasksKey[]): Promise<Map<number, Connection<Task>>> {
  const { ctx, filter, sort, page } = keys[0];
  const selected = new Set(keys[0].fields);
  const sortKeys = SORTS[sort];
  const units = [...new Map(keys.map((k) => [k.unit.id, k.unit])).values()];
  const full = units.filter((u) => taskService.seesAllTasksOf(ctx, u)).map((u) => u.id);
  const publicOnly = units.filter((u) => !full.includes(u.id)).map((u) => u.id);

  // The rows of these units this viewer may see, with the list's filters.
  const matching = () => {
    const qb = ctx.db.getRepository(Task).createQueryBuilder('t')
      .where('t.cityId IN (:...unitCities)', { unitCities: [...new Set(units.map((u) => u.cityId))] })
      .andWhere(new Brackets((w) => {
        if (full.length) w.orWhere('t.unitId IN (:...fullUnits)', { fullUnits: full });
        if (publicOnly.length) {
          w.orWhere('(t.unitId IN (:...publicUnits) AND t.visibility = :publicOnly)', { publicUnits: publicOnly, publicOnly: Visibility.PUBLIC });
        }
      }));
    return whereTaskFilter(qb, filter);
  };

  const counted = selected.has('totalCount') && !page.after;
  const rows: Record<string, unknown>[] = [];
  if (page.first > 0) {
    const qb = selectLean(matching(), selected, 'edges.node.', sort);
    whereAfter(qb, page.after, sortKeys);
    qb.addSelect(`ROW_NUMBER() OVER (PARTITION BY t.unitId ORDER BY ${orderOf(sortKeys)})`, 'zeren_rn');
    if (counted) qb.addSelect('COUNT(*) OVER (PARTITION BY t.unitId)', 'zeren_total');
    const [sql, params] = qb.getQueryAndParameters();
    rows.push(...await ctx.db.query(`SELECT * FROM (${sql}) zq WHERE zq.zeren_rn <= ? ORDER BY zq.zeren_rn`, [...params, page.first + 1]));
  }

  // The tasks' `unit` is one of these (primed here, after they are known: no race with other batches).
  for (const u of units) ctx.loaders.unitById.prime(u.id, u);
  const byUnit = new Map<number, Task[]>(units.map((u) => [u.id, []]));
  const totals = new Map<number, number>();
  for (const row of rows) {
    const task = hydrate(ctx.db, Task, row, 't_') as Task & { leaderPost?: Post & { official?: Official } };
    if (row.lp_id != null) {
      task.leaderPost = hydrate(ctx.db, Post, row, 'lp_');
      if (row.lo_id != null) task.leaderPost.official = hydrate(ctx.db, Official, row, 'lo_');
    }
    primeTask(ctx, task);
    byUnit.get(task.unitId)!.push(task);
    if (counted) totals.set(task.unitId, Number(row.zeren_total));
  }

  // Without the window count (a later page, or first: 0): one grouped count for all units, when asked.
  let grouped: Promise<Map<number, number>> | undefined;
  const countOf = (unitId: number): Promise<number> => {
    if (counted) return Promise.resolve(totals.get(unitId) ?? 0);
    grouped ??= matching().select('t.unitId', 'unitId').addSelect('COUNT(*)', 'n').groupBy('t.unitId')
      .getRawMany<{ unitId: number | string; n: number | string }>()
      .then((list) => new Map(list.map((r) => [Number(r.unitId), Number(r.n)])));
    return grouped.then((m) => m.get(unitId) ?? 0);
  };
  return new Map(units.map((u) => [u.id, toConnection(byUnit.get(u.id)!, page, sortKeys, () => countOf(u.id))]));
}
