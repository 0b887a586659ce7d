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

/** Column types whose values both drivers' prepareHydratedValue returns as delivered, when the column has no transformer. */
const DELIVERED = new Set<unknown>([String, 'varchar', 'char', 'text', 'mediumtext', 'longtext', 'int', 'integer', 'smallint', 'tinyint', 'bigint']);
const hydrators = new WeakMap<Columns, Map<string, Hydrator>>();

/**
 * One function per entity and prefix, generated once (as mysql2 generates its row parsers):
 * a store per column at a fixed site, so every instance of a list takes the same hidden
 * class and each store stays monomorphic; a loop over the columns made one megamorphic
 * store site of every column of every entity (6% of a tree read's CPU). The values are
 * the driver's conversion of the row's, as before; the driver is not called for the values
 * it would give back unchanged (text and integers).
 */
function hydratorOf(db: DataSource, target: Function, columns: Columns, prefix: string): Hydrator {
  const stores = columns.map((c, i) => {
    const key = JSON.stringify(prefix + c.propertyName);
    const prepared = `prepare(v, columns[${i}])`;
    // A Number column is parsed with parseInt, which gives back a safe integer as it is.
    const value = c.transformer ? prepared : DELIVERED.has(c.type) ? 'v' : c.type === Number ? `(Number.isSafeInteger(v) ? v : ${prepared})` : prepared;
    return `v = row[${key}]; if (v !== undefined) this[${JSON.stringify(c.propertyName)}] = ${value};`;
  });
  // Made by a constructor of the entity's prototype, not Object.create: V8 then sizes the
  // instances to hold every column, and the relations set after (a task's leaderPost and
  // unit), in the object itself; Object.create's objects grew an outside property store.
  const make = new Function('proto', 'prepare', 'columns',
    `function Row(row) { let v; ${stores.join(' ')} } Row.prototype = proto; return function hydrate(row) { return new Row(row); };`);
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

/** The columns TypeORM would select of `target` (not those with select: false). */
const selectable = (db: DataSource, target: Function): Columns => entityColumns(db, target).filter((c) => c.isSelect);

/** Their property names. */
export const selectedColumns = (db: DataSource, target: Function): string[] => selectable(db, target).map((c) => c.propertyName);

/** "a.`id` AS `<prefix>id`, a.`name` AS `<prefix>name`, ...": columns of the table aliased `alias`, named as hydrate() reads them. */
export const columnsAs = (db: DataSource, alias: string, columns: readonly string[], prefix = ''): string =>
  columns.map((c) => `${alias}.${db.driver.escape(c)} AS ${db.driver.escape(prefix + c)}`).join(', ');

const selectLists = new WeakMap<DataSource, Map<string, string>>();

/** columnsAs() for every column TypeORM would select of `target`, built once per entity and alias. */
export function selectList(db: DataSource, target: Function, alias: string): string {
  let lists = selectLists.get(db);
  if (!lists) selectLists.set(db, (lists = new Map()));
  const key = `${db.getMetadata(target).tableName} ${alias}`;
  let list = lists.get(key);
  if (!list) lists.set(key, (list = columnsAs(db, alias, selectedColumns(db, target))));
  return list;
}

/**
 * Rows of `target` by primary key, in one statement of hand-kept SQL, hydrated as above:
 * the same rows as a repository's findBy({ id: In(ids) }), without TypeORM building the
 * statement at every call (a tenth of a small request's CPU).
 */
export async function rowsById<T extends ObjectLiteral>(db: DataSource, target: new () => T, ids: readonly number[]): Promise<T[]> {
  if (!ids.length) return [];
  const meta = db.getMetadata(target);
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${selectList(db, target, 'r')} FROM ${db.driver.escape(meta.tableName)} r WHERE r.${db.driver.escape(meta.primaryColumns[0].databaseName)} IN (${ids.map(() => '?').join(', ')})`,
    [...ids],
  );
  return rows.map((row) => hydrate(db, target, row));
}
