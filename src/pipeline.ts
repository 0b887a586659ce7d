// Fewer round trips for a MySQL/MariaDB write transaction: statements whose results the
// transaction never reads travel with the next statement that is sent, as one
// multi-statement packet, instead of each waiting for its own answer. These are
// START TRANSACTION (sent with the first statement), and writes the code marks as deferred
// (`executeDeferred` in src/data-source.ts: e.g. the audit entry, sent with the next statement
// or with COMMIT). Every
// statement is still written, logged and counted as itself; only the waits are fewer. A
// deferred statement that fails fails the packet it travels in, and so the transaction:
// the server stops at the failing statement, and the transaction is rolled back whole,
// as it would have been had the statement been sent alone. A ROLLBACK drops what was not
// sent yet (nothing of it had reached the server).
import type { QueryRunner } from 'typeorm';

/** The part of mysql2's callback connection that TypeORM's MySQL query runner uses. */
interface Mysql2Connection {
  query(sql: string | { sql: string }, values: unknown, callback: (err: Error | null, rows: unknown, fields: unknown) => void): unknown;
  release(): void;
}

/** mysql2's answer to a statement that changes rows. */
const NOTHING_READ = Object.freeze({ affectedRows: 0, insertId: 0, warningStatus: 0, changedRows: 0 });

/** The parameter lists of statements marked deferred, by identity (TypeORM hands the driver the caller's array). */
const deferredParams = new WeakSet<readonly unknown[]>();

/** Marks a statement's parameters deferred: the statement goes with the next one sent (see above). */
export function deferred(params: unknown[]): unknown[] {
  deferredParams.add(params);
  return params;
}

const STARTS = /^(START TRANSACTION|SET TRANSACTION ISOLATION LEVEL )/;

/** A logger told of each statement that did not wait for an answer of its own (the counters of src/statement-counter.ts and src/request-scope.ts). */
export interface PipelineLogger {
  logHeld(): void;
}

/** The connection TypeORM's query runner sees during one pipelined transaction. */
class PipelinedConnection {
  /** Statements held for the next packet, and their parameters in order. */
  private readonly held: string[] = [];
  private readonly heldParams: unknown[] = [];

  constructor(private readonly connection: Mysql2Connection, private readonly logger: Partial<PipelineLogger>) {}

  /** TypeORM asks each statement's promise API of the connection. */
  promise(): this {
    return this;
  }

  query(payload: string | { sql: string }, params?: unknown[]): Promise<[unknown, unknown]> {
    const sql = typeof payload === 'string' ? payload : payload.sql;
    if (STARTS.test(sql) || (params && deferredParams.has(params))) {
      this.held.push(sql);
      if (params) this.heldParams.push(...params);
      this.logger.logHeld?.();
      return Promise.resolve([NOTHING_READ, undefined]);
    }
    if (sql === 'ROLLBACK' && this.held.length) {
      // What was held never reached the server: dropped. A transaction the server never saw (its
      // START TRANSACTION, always the first statement, still held) needs no ROLLBACK.
      const unstarted = STARTS.test(this.held[0]);
      this.drain();
      if (unstarted) {
        this.logger.logHeld?.();
        return Promise.resolve([NOTHING_READ, undefined]);
      }
    }
    if (!this.held.length) return this.send(payload, params ?? [], 1);
    const count = this.held.length + 1;
    const text = `${this.held.join(';\n')};\n${sql}`;
    const values = params?.length ? [...this.heldParams, ...params] : [...this.heldParams];
    this.drain();
    return this.send(typeof payload === 'string' ? text : { ...payload, sql: text }, values, count);
  }

  private drain(): void {
    this.held.length = 0;
    this.heldParams.length = 0;
  }

  /** One packet of `count` statements; the answer is the last statement's. */
  private send(payload: string | { sql: string }, values: unknown[], count: number): Promise<[unknown, unknown]> {
    return new Promise((resolve, reject) => {
      this.connection.query(payload, values, (err, rows, fields) => {
        if (err) reject(err);
        else if (count === 1) resolve([rows, fields]);
        else resolve([(rows as unknown[])[count - 1], (fields as unknown[] | undefined)?.[count - 1]]);
      });
    });
  }

  release(): void {
    this.connection.release();
  }
}

/**
 * Pipelines one transaction's statements on a MySQL/MariaDB query runner (the pool's
 * connections allow multi-statement packets). TypeORM keeps the pooled connection as its
 * own and releases it; only its statements pass through the pipeline.
 */
export function pipeline(runner: QueryRunner): QueryRunner {
  const connect = runner.connect.bind(runner) as () => Promise<Mysql2Connection>;
  const logger = runner.connection.logger as Partial<PipelineLogger>;
  let piped: Promise<PipelinedConnection> | null = null;
  runner.connect = () => (piped ??= connect().then((connection) => new PipelinedConnection(connection, logger)));
  return runner;
}
