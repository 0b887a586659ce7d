// The TypeORM data source for SQLite (better-sqlite3) or MySQL/MariaDB (mysql2).
// Migrations, never synchronize: the schema is what migrations/ says.
import 'reflect-metadata';
import { Semaphore, withTimeout, type SemaphoreInterface } from 'async-mutex';
import {
  DataSource, type DataSourceOptions, type EntityManager, type EntityTarget, type Logger, type ObjectLiteral,
} from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { DateUtils } from 'typeorm/util/DateUtils';
import { config, type Capacity, type Config } from './config';
import { isWriteConflict, unavailable } from './errors';
import { RequestStatementLogger } from './request-scope';
import { deferred, pipeline } from './pipeline';
import { IdentityCommitSubscriber } from './auth/authenticate';
import { ReplicaCommitSubscriber } from './replica';
import { ENTITIES } from './entities';
import { ProblemFoundOnSubscriber } from './entities/problem.entity';
import { MIGRATIONS } from '../migrations';

/** A pooled MySQL/MariaDB connection (mysql2's callback API, as TypeORM uses it). */
interface PooledConnection {
  query(sql: string, callback: (err: Error | null) => void): void;
  release(): void;
  destroy(): void;
  [SESSION_SET]?: boolean;
}
type GetConnection = (callback: (err: Error | null, connection?: PooledConnection) => void) => void;
type ClusterGetConnection = (pattern: string, callback: (err: Error | null, connection?: PooledConnection) => void) => void;

const SESSION_SET = Symbol('zeren.session');

/**
 * The comment (QueryBuilder .comment()) that declares a statement a read of every city:
 * a background job's scan (the outbox, the light sweep) or the directory of all units. The
 * portable-SQL rules (domain.md section 10, checked by the suite) want a cityId condition on
 * every other read of unit-owned rows, the future shard key.
 */
export const ALL_CITIES = 'zeren:all-cities';

/** How often a transaction is tried when it keeps losing to others (the first try included). */
const WRITE_ATTEMPTS = 4;

/**
 * TypeORM's DataSource with bounded waits (issue 11, src/config.ts Capacity): on MySQL and
 * MariaDB a pool connection is waited for at most acquireTimeoutMs; each connection runs
 * with a statement time limit and a row-lock wait limit; and at most writeSlots write
 * transactions hold connections at once, so reads always find one. A wait that runs out
 * is UNAVAILABLE (retryable). `bound()` is called once the schema is migrated (migrations
 * run without these limits).
 */
export class ZerenDataSource extends DataSource {
  private writeSlots: SemaphoreInterface | null = null;

  bound(capacity: Capacity = config.capacity): this {
    if (this.writeSlots) return this;
    const busy = unavailable('The database is busy; retry shortly');
    if (!isMysql(this)) {
      // better-sqlite3 is one connection: a second BEGIN while a transaction is open fails
      // ("cannot start a transaction within a transaction"), so write transactions take turns.
      this.writeSlots = withTimeout(new Semaphore(1), capacity.statementTimeoutMs, busy);
      return this;
    }
    this.writeSlots = withTimeout(new Semaphore(capacity.writeSlots), capacity.acquireTimeoutMs, busy);
    const settings = this.options.type === 'mariadb'
      ? `SET SESSION max_statement_time = ${capacity.statementTimeoutMs / 1000}, innodb_lock_wait_timeout = ${capacity.lockWaitSeconds}`
      : `SET SESSION max_execution_time = ${capacity.statementTimeoutMs}, innodb_lock_wait_timeout = ${capacity.lockWaitSeconds}`;
    // Bounded waits for a connection, whose first use runs its limits, once: on the pool, or
    // on each server of the primary-and-replicas cluster (ZEREN_DB_REPLICA_URLS).
    const limited = (get: GetConnection): GetConnection => (callback) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        callback(busy);
      }, capacity.acquireTimeoutMs);
      const hand = (err: Error | null, connection?: PooledConnection): void => {
        if (settled) {
          connection?.release();
          return;
        }
        settled = true;
        clearTimeout(timer);
        callback(err, connection);
      };
      get((err, connection) => {
        if (err || !connection || connection[SESSION_SET]) return hand(err, connection);
        connection.query(settings, (setErr) => {
          if (setErr) {
            connection.destroy();
            return hand(setErr);
          }
          connection[SESSION_SET] = true;
          hand(null, connection);
        });
      });
    };
    const driver = this.driver as unknown as { pool?: { getConnection: GetConnection }; poolCluster?: { getConnection: ClusterGetConnection } };
    if (driver.pool) driver.pool.getConnection = limited(driver.pool.getConnection.bind(driver.pool));
    const cluster = driver.poolCluster;
    if (cluster) {
      const get = cluster.getConnection.bind(cluster);
      cluster.getConnection = (pattern, callback) => limited((cb) => get(pattern, cb))(callback);
    }
    return this;
  }

  override transaction<T>(run: (em: EntityManager) => Promise<T>): Promise<T>;
  override transaction<T>(isolation: IsolationLevel, run: (em: EntityManager) => Promise<T>): Promise<T>;
  override async transaction<T>(a: IsolationLevel | ((em: EntityManager) => Promise<T>), b?: (em: EntityManager) => Promise<T>): Promise<T> {
    // TypeORM's own transaction, on the data source's manager (as DataSource.transaction) or on a runner's.
    const within = (manager: EntityManager): Promise<T> =>
      (b ? manager.transaction(a as IsolationLevel, b) : manager.transaction(a as (em: EntityManager) => Promise<T>));
    const start = async (): Promise<T> => {
      if (!isMysql(this)) return within(this.manager);
      // One pooled connection per attempt, its statements pipelined (src/pipeline.ts).
      const runner = pipeline(this.createQueryRunner());
      try {
        return await within(runner.manager);
      } finally {
        await runner.release();
      }
    };
    // A transaction that lost to another (a deadlock; on Galera, a certification conflict
    // with a commit made through another node) was rolled back whole: it runs again from
    // the start, at most WRITE_ATTEMPTS times, after a short random pause outside the write slot.
    for (let attempt = 1; ; attempt++) {
      try {
        return await (this.writeSlots ? this.writeSlots.runExclusive(start) : start());
      } catch (err) {
        if (attempt >= WRITE_ATTEMPTS || !isWriteConflict(err)) throw err;
        this.conflictsRetried += 1;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  /** Transactions run again after a deadlock or certification conflict (since start). */
  conflictsRetried = 0;
}

export function createDataSource(db: Config['db'], logger?: Logger, capacity: Capacity = config.capacity): ZerenDataSource {
  const common = {
    entities: ENTITIES, migrations: MIGRATIONS, subscribers: [IdentityCommitSubscriber, ReplicaCommitSubscriber, ProblemFoundOnSubscriber] as Function[],
    synchronize: false, migrationsRun: false,
    logger: new RequestStatementLogger(logger),
  } as const;
  if (db.kind === 'mysql') {
    const url = new URL(db.url!);
    const options: DataSourceOptions = {
      ...common,
      type: url.protocol === 'mariadb:' ? 'mariadb' : 'mysql',
      // With replicas: one pool per server; the primary unless a read asks for a replica (src/replica.ts).
      ...(db.replicaUrls?.length
        ? {
          replication: {
            master: { url: db.url!.replace(/^mariadb:/, 'mysql:') },
            slaves: db.replicaUrls.map((u) => ({ url: u.replace(/^mariadb:/, 'mysql:') })),
            defaultMode: 'master' as const,
            // A replica that keeps failing is left out for a while (its reads go to another).
            removeNodeErrorCount: 5, restoreNodeTimeout: 10_000,
          },
        }
        : { url: db.url!.replace(/^mariadb:/, 'mysql:') }),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      // DATE columns arrive as the "YYYY-MM-DD" strings the entities hold: no Date built per
      // value and formatted back (in the process's zone, which could shift the day).
      dateStrings: ['DATE'],
      // trace: false: mysql2's promise API otherwise captures a stack per statement for its
      // errors (about 25 µs each); TypeORM's QueryFailedError already names the statement.
      extra: { connectionLimit: capacity.poolSize, connectTimeout: capacity.acquireTimeoutMs, trace: false, multipleStatements: true },
    };
    return new ZerenDataSource(options);
  }
  return new ZerenDataSource({
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
 * A hand-written write whose result the transaction never reads: on MySQL/MariaDB it is sent
 * with the transaction's next statement, or with its COMMIT (src/pipeline.ts).
 */
export async function executeDeferred(em: EntityManager, sql: string, params: unknown[]): Promise<void> {
  await execute(em, sql, em.queryRunner && isMysql(em.connection) ? deferred(params) : params);
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
