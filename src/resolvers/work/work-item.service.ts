// 待办: the viewer's work items as one UNION ALL of the per-kind SELECTs of work-kinds.ts,
// filtered, sorted and paged in SQL with a keyset cursor on (due day, kind, record type,
// record id), so no list is ever held whole in memory (a city DISCIPLINE's RATE_TASK can be
// thousands). A page is one statement, its totalCount one more, workItemCounts one GROUP BY
// over the same union; the records of a page cost one statement per record type. Only the
// viewer's own items exist: every SELECT is built from the viewer's posts.
import DataLoader from 'dataloader';
import { toGlobalId } from 'graphql-relay';
import { In, type EntityTarget, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { unitInScope } from '../../auth/scope';
import { addDays, dueWindow, today } from '../../clock';
import { config } from '../../config';
import type { Context } from '../../context';
import { Notice, RectificationItem, ReportQuestion, ResponsibilityLetter, Urging } from '../../entities';
import type { Node } from '../../schema/node';
import { orderByKeys, pageOf, readOrder, toConnection, whereAfter, type Connection, type PageArgs, type SortKey } from '../../schema/pagination';
import { orgUnitService } from '../org/org-unit.service';
import { WorkItem, WorkItemCount, type WorkItemFilter } from './work-item.inputs';
import { KIND_ORDER, KINDS, type WorkItemKind, type WorkRow } from './work-kinds';

/** A missing due day sorts last. */
const NO_DUE_DAY = '9999-12-31';

const SORT: readonly SortKey<WorkItem>[] = [
  { column: `COALESCE(w.due, '${NO_DUE_DAY}')`, value: (i) => i.dueOn ?? NO_DUE_DAY },
  { column: 'w.k', value: (i) => KIND_ORDER.indexOf(i.kind) },
  { column: 'w.rt', value: (i) => i.recordType },
  { column: 'w.rid', value: (i) => i.recordId },
];

const SPECS = new Map(KINDS.map((spec) => [spec.kind, spec]));

/** A DATE as YYYY-MM-DD whatever the driver hands back (MariaDB DATE columns arrive as strings). */
const dayOf = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

function toItem(row: WorkRow, day: string): WorkItem {
  const kind = KIND_ORDER[Number(row.k)];
  const dueOn = dayOf(row.due);
  return Object.assign(new WorkItem(), {
    id: toGlobalId('WorkItem', `${kind}:${row.rt}:${row.rid}`),
    kind,
    action: SPECS.get(kind)!.action[row.rt],
    dueOn,
    dueSoon: dueOn !== null && dueOn >= day && dueOn <= addDays(day, config.yellowDays),
    overdue: dueOn !== null && dueOn < day,
    recordType: row.rt,
    recordId: Number(row.rid),
    unitId: Number(row.uid),
  });
}

/**
 * The union of the SELECTs of the kinds asked for that the viewer's posts could take, with
 * the filter's unit and due conditions; null when there is none (then no statement at all:
 * ANALYST and ADMIN posts take no step that has a kind).
 */
async function filtered(ctx: Context, filter: WorkItemFilter | undefined, day: string): Promise<SelectQueryBuilder<ObjectLiteral> | null> {
  const viewer = ctx.viewer;
  if (!viewer) return null;
  const kinds = filter?.kinds ? new Set<WorkItemKind>(filter.kinds) : null;
  const input = { db: ctx.db, viewer, day };
  const selects = KINDS.filter((spec) => (!kinds || kinds.has(spec.kind)) && spec.possible(viewer))
    .flatMap((spec) => spec.selects(input).map((qb) => qb.addSelect(String(KIND_ORDER.indexOf(spec.kind)), 'k')));
  if (!selects.length) return null;
  const params = Object.assign({}, ...selects.map((qb) => qb.getParameters())) as ObjectLiteral;
  const qb = ctx.db.createQueryBuilder().from(`(${selects.map((s) => s.getQuery()).join(' UNION ALL ')})`, 'w').setParameters(params);
  if (filter?.unitId) {
    const unit = await orgUnitService.get(ctx, filter.unitId);
    if (!unit) return qb.andWhere('1 = 0');
    const sub = unitInScope(qb, 'w.uid', [{ cityId: unit.cityId, path: unit.path }], 'w.cid');
    qb.andWhere(sub.sql, sub.params);
  }
  if (filter?.dueWithinDays !== undefined && filter.dueWithinDays !== null) {
    const { from, to } = dueWindow(filter.dueWithinDays);
    qb.andWhere('w.due >= :wiFrom AND w.due <= :wiTo', { wiFrom: from, wiTo: to });
  }
  if (filter?.overdue === true) qb.andWhere('w.due < :wiToday', { wiToday: day });
  if (filter?.overdue === false) qb.andWhere('(w.due IS NULL OR w.due >= :wiToday)', { wiToday: day });
  return qb;
}

// ---------------------------------------------------------------- the records of a page

type ReadRecords = (ctx: Context, ids: number[]) => Promise<readonly (Node | Error | null)[]>;

const byIds = (entity: EntityTarget<Node>): ReadRecords => (ctx, ids) => ctx.db.getRepository(entity).findBy({ id: In(ids) });

/** One statement per record type (through the request's loaders where there is one). */
const RECORDS: Record<string, ReadRecords> = {
  OrgUnit: (ctx, ids) => ctx.loaders.unitById.loadMany(ids),
  Task: (ctx, ids) => ctx.loaders.taskById.loadMany(ids),
  Report: (ctx, ids) => ctx.loaders.reportById.loadMany(ids),
  Lead: (ctx, ids) => ctx.loaders.leadById.loadMany(ids),
  InspectionTarget: (ctx, ids) => ctx.loaders.inspectionTargetById.loadMany(ids),
  Notice: byIds(Notice),
  ResponsibilityLetter: byIds(ResponsibilityLetter),
  RectificationItem: byIds(RectificationItem),
  ReportQuestion: byIds(ReportQuestion),
  Urging: byIds(Urging),
};

async function readRecords(ctx: Context, keys: readonly string[]): Promise<(Node | null)[]> {
  const idsOf = new Map<string, number[]>();
  for (const key of keys) {
    const [type, id] = key.split(':');
    idsOf.set(type, [...(idsOf.get(type) ?? []), Number(id)]);
  }
  const found = new Map<string, Node>();
  await Promise.all([...idsOf].map(async ([type, ids]) => {
    for (const record of await RECORDS[type](ctx, ids)) {
      if (record && !(record instanceof Error)) found.set(`${type}:${record.id}`, record);
    }
  }));
  return keys.map((key) => found.get(key) ?? null);
}

// Per request: keyed by the request's loaders (as auth/inspection-access.ts does).
const recordLoaders = new WeakMap<object, DataLoader<string, Node | null>>();

export const workItemService = {
  /** A page of the viewer's work items: by due day (none last), then kind, record type and id. */
  async list(ctx: Context, filter: WorkItemFilter | undefined, args: PageArgs): Promise<Connection<WorkItem>> {
    const page = pageOf(args);
    const day = today();
    const base = await filtered(ctx, filter, day);
    const count = async (): Promise<number> =>
      (base ? Number((await base.clone().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>())?.n ?? 0) : 0);
    if (!base || page.size === 0) return toConnection([], page, SORT, count);
    const order = readOrder(SORT, page);
    // The keys read the cursor from an item; in SQL they are the union's columns.
    const read = base.clone().select(['w.k AS k', 'w.rt AS rt', 'w.rid AS rid', 'w.uid AS uid', 'w.cid AS cid', 'w.due AS due']) as SelectQueryBuilder<WorkItem>;
    whereAfter(read, page.cursor, order);
    orderByKeys(read, order).limit(page.size + 1);
    const rows = await read.getRawMany<WorkRow>();
    return toConnection(rows.map((row) => toItem(row, day)), page, SORT, count);
  },

  /** Counts by kind (every kind asked for, zeros included), with how many are overdue and due soon: one GROUP BY. */
  async counts(ctx: Context, filter: WorkItemFilter | undefined): Promise<WorkItemCount[]> {
    const day = today();
    const base = await filtered(ctx, filter, day);
    const rows = !base ? [] : await base.select('w.k', 'k').addSelect('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN w.due < :wcToday THEN 1 ELSE 0 END)', 'late')
      .addSelect('SUM(CASE WHEN w.due >= :wcToday AND w.due <= :wcSoon THEN 1 ELSE 0 END)', 'soon')
      .setParameters({ wcToday: day, wcSoon: addDays(day, config.yellowDays) })
      .groupBy('w.k')
      .getRawMany<{ k: number | string; n: number | string; late: number | string | null; soon: number | string | null }>();
    const byKind = new Map(rows.map((r) => [KIND_ORDER[Number(r.k)], r]));
    const kinds = filter?.kinds ? KIND_ORDER.filter((k) => filter.kinds!.includes(k)) : KIND_ORDER;
    return kinds.map((kind) => {
      const r = byKind.get(kind);
      return Object.assign(new WorkItemCount(), { kind, count: Number(r?.n ?? 0), overdue: Number(r?.late ?? 0), dueSoon: Number(r?.soon ?? 0) });
    });
  },

  /**
   * The record an item acts on. Every item was selected through the rule of its step, which
   * implies the viewer reads the record (the mutation finds it visible first), so the
   * records are read by id: one statement per type for the whole page.
   */
  record(ctx: Context, item: WorkItem): Promise<Node | null> {
    let loader = recordLoaders.get(ctx.loaders);
    if (!loader) recordLoaders.set(ctx.loaders, (loader = new DataLoader((keys) => readRecords(ctx, keys))));
    return loader.load(`${item.recordType}:${item.recordId}`);
  },
};
