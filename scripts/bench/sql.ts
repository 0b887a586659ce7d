// One small SQL interface over a TypeORM DataSource (tests, both engines) or a mysql2
// connection or pool (the benchmark), so the city builder and the hand-written SQL of
// the workloads run unchanged on SQLite and MariaDB. Parameters are `?` placeholders.
import type { Connection, Pool, PoolConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';

export type Dialect = 'mysql' | 'sqlite';
export type Row = Record<string, unknown>;
export type Query = (sql: string, params?: readonly unknown[]) => Promise<Row[]>;

export interface SqlClient {
  readonly dialect: Dialect;
  /** Rows of a SELECT; an empty list for other statements. */
  query: Query;
  /** BEGIN, fn, COMMIT (ROLLBACK on a throw) on one connection. */
  transaction<T>(fn: (query: Query) => Promise<T>): Promise<T>;
}

const rowsOf = (result: unknown): Row[] => (Array.isArray(result) ? (result as Row[]) : []);

export function sqlOfDataSource(ds: DataSource): SqlClient {
  return {
    dialect: ['mysql', 'mariadb'].includes(ds.options.type) ? 'mysql' : 'sqlite',
    query: async (sql, params = []) => rowsOf(await ds.query(sql, [...params])),
    transaction: (fn) => ds.transaction(async (em) => fn(async (sql, params = []) => rowsOf(await em.query(sql, [...params])))),
  };
}

export function sqlOfMysql(target: Connection | Pool): SqlClient {
  const on = (conn: Connection | PoolConnection | Pool): Query => async (sql, params = []) => rowsOf((await conn.query(sql, [...params]))[0]);
  return {
    dialect: 'mysql',
    query: on(target),
    async transaction(fn) {
      const pooled = 'getConnection' in target ? await (target as Pool).getConnection() : null;
      const conn = pooled ?? (target as Connection);
      try {
        await conn.beginTransaction();
        try {
          const result = await fn(on(conn));
          await conn.commit();
          return result;
        } catch (err) {
          await conn.rollback();
          throw err;
        }
      } finally {
        pooled?.release();
      }
    },
  };
}

/** Datetime columns as TypeORM writes them on both engines (UTC, milliseconds). */
export const datetime = (at: Date): string => at.toISOString().replace('T', ' ').slice(0, 23);

/** A calendar day at 09:00 in Beijing (01:00 UTC), as a datetime column value. */
export const dayAt = (day: string): string => `${day} 01:00:00.000`;

/**
 * Multi-row INSERTs in chunks that stay under SQLite's 32,766 parameters and a
 * comfortable MariaDB packet; identifiers are back-quoted (both engines accept it).
 */
export async function insertRows(sql: SqlClient, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const perChunk = Math.max(1, Math.min(2000, Math.floor(30_000 / columns.length)));
  const head = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    await sql.query(head + chunk.map(() => tuple).join(', '), chunk.flat());
  }
}
