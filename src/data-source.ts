// The TypeORM data source for SQLite (better-sqlite3) or MySQL/MariaDB (mysql2).
// Migrations, never synchronize: the schema is what migrations/ says.
import 'reflect-metadata';
import {
  DataSource, type DataSourceOptions, type EntityManager, type EntityTarget, type Logger, type ObjectLiteral,
} from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import type { Config } from './config';
import { IdentityCommitSubscriber } from './auth/authenticate';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../migrations';

export function createDataSource(db: Config['db'], logger?: Logger): DataSource {
  const common = {
    entities: ENTITIES, migrations: MIGRATIONS, subscribers: [IdentityCommitSubscriber] as Function[], synchronize: false, migrationsRun: false, logger,
  } as const;
  if (db.kind === 'mysql') {
    const url = new URL(db.url!);
    const options: DataSourceOptions = {
      ...common,
      type: url.protocol === 'mariadb:' ? 'mariadb' : 'mysql',
      url: db.url!.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      extra: { connectionLimit: 10 },
    };
    return new DataSource(options);
  }
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database: db.sqlitePath,
    enableWAL: db.sqlitePath !== ':memory:',
    prepareDatabase: (conn: { pragma(sql: string): unknown }) => {
      conn.pragma('busy_timeout = 5000');
    },
  });
}

/** The database's kind of SQL, for the few places that differ (string concatenation). */
export const isMysql = (ds: DataSource): boolean => ['mysql', 'mariadb'].includes(ds.options.type);

/** String concatenation of SQL expressions on either engine. */
export const concatSql = (ds: DataSource, ...parts: string[]): string =>
  (isMysql(ds) ? `CONCAT(${parts.join(', ')})` : `(${parts.join(' || ')})`);

/** A time as the datetime columns keep it (whole seconds on MySQL/MariaDB, milliseconds on SQLite). */
export const asStored = (ds: DataSource, at: Date): Date => (isMysql(ds) ? new Date(Math.floor(at.getTime() / 1000) * 1000) : at);

/** " FOR UPDATE" where rows are locked (MySQL); SQLite already serialises writers. */
export const forUpdate = (ds: DataSource): string => (isMysql(ds) ? ' FOR UPDATE' : '');

/** A hand-written write statement: the rows it changed and the id it inserted. */
export async function execute(em: EntityManager, sql: string, params: unknown[]): Promise<{ affected: number; insertId: number }> {
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    // better-sqlite3 binds no Date or boolean: write them as TypeORM stores them (UTC text, 1/0).
    const bound = isMysql(em.connection) ? params : params.map((v) =>
      (v instanceof Date ? DateUtils.mixedDateToUtcDatetimeString(v) : typeof v === 'boolean' ? Number(v) : v));
    const result = await runner.query(sql, bound, true);
    const raw = result.raw as { insertId?: number } | number | bigint;
    return { affected: result.affected ?? 0, insertId: Number(typeof raw === 'object' ? raw.insertId : raw) };
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}

/**
 * Reads a row to change it inside a transaction: SELECT ... FOR UPDATE on MySQL
 * (SQLite already serialises writers), so checks and writes see one state.
 */
export async function lockById<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, id: number): Promise<T | null> {
  const qb = em.getRepository(target).createQueryBuilder('locked').where('locked.id = :id', { id });
  if (isMysql(em.connection)) qb.setLock('pessimistic_write');
  return qb.getOne();
}
