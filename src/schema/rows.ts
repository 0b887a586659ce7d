// Raw rows -> entity instances, for hot paths that select lean columns by hand: the
// driver's own conversion per column (dates, booleans, numbers), none of TypeORM's
// query building or relation mapping.
import type { DataSource, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

type Columns = readonly ColumnMetadata[];
const columnsOf = new WeakMap<DataSource, Map<Function, Columns>>();

/** The mapped columns of an entity (database name = property name throughout Zeren). */
export function entityColumns(db: DataSource, target: Function): Columns {
  let byTarget = columnsOf.get(db);
  if (!byTarget) columnsOf.set(db, (byTarget = new Map()));
  let columns = byTarget.get(target);
  if (!columns) byTarget.set(target, (columns = db.getMetadata(target).columns));
  return columns;
}

type Hydrator = (row: Record<string, unknown>) => Record<string, unknown>;
const hydrators = new WeakMap<Columns, Map<string, Hydrator>>();

/**
 * One function per entity and prefix, generated once (as mysql2 generates its row parsers):
 * a store per column at a fixed site, so every instance of a list takes the same hidden
 * class and each store stays monomorphic; a loop over the columns made one megamorphic
 * store site of every column of every entity (6% of a tree read's CPU). The values are
 * the driver's conversion of the row's, as before.
 */
function hydratorOf(db: DataSource, target: Function, columns: Columns, prefix: string): Hydrator {
  const stores = columns.map((c, i) => {
    const key = JSON.stringify(prefix + c.propertyName);
    return `v = row[${key}]; if (v !== undefined) e[${JSON.stringify(c.propertyName)}] = prepare(v, columns[${i}]);`;
  });
  const make = new Function('proto', 'prepare', 'columns', `return function hydrate(row) { const e = Object.create(proto); let v; ${stores.join(' ')} return e; };`);
  return make(target.prototype, (v: unknown, c: ColumnMetadata) => db.driver.prepareHydratedValue(v, c), columns) as Hydrator;
}

/** An instance of `target` from the row's values under `prefix + propertyName`; absent columns stay unset. */
export function hydrate<T extends ObjectLiteral>(db: DataSource, target: new () => T, row: Record<string, unknown>, prefix = ''): T {
  const columns = entityColumns(db, target);
  let byPrefix = hydrators.get(columns);
  if (!byPrefix) hydrators.set(columns, (byPrefix = new Map()));
  let hydrator = byPrefix.get(prefix);
  if (!hydrator) byPrefix.set(prefix, (hydrator = hydratorOf(db, target, columns, prefix)));
  return hydrator(row) as T;
}
