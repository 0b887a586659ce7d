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

const keysOf = new WeakMap<Columns, Map<string, readonly (readonly [key: string, column: ColumnMetadata])[]>>();

/** An instance of `target` from the row's values under `prefix + propertyName`; absent columns stay unset. */
export function hydrate<T extends ObjectLiteral>(db: DataSource, target: new () => T, row: Record<string, unknown>, prefix = ''): T {
  const columns = entityColumns(db, target);
  let byPrefix = keysOf.get(columns);
  if (!byPrefix) keysOf.set(columns, (byPrefix = new Map()));
  let keys = byPrefix.get(prefix);
  if (!keys) byPrefix.set(prefix, (keys = columns.map((c) => [prefix + c.propertyName, c] as const)));
  const entity = Object.create(target.prototype) as Record<string, unknown>;
  for (const [key, column] of keys) {
    const value = row[key];
    if (value !== undefined) entity[column.propertyName] = db.driver.prepareHydratedValue(value, column);
  }
  return entity as T;
}
