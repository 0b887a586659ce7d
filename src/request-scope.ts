// What one HTTP request did, kept in an AsyncLocalStorage for its log line and its
// metrics: the operation, the viewer's official, and the SQL statements it sent.
// TypeORM calls its logger synchronously inside each query, so the count lands in the
// store of the request that awaited the query.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'typeorm';
import type { PipelineLogger } from './pipeline';

export interface RequestScope {
  statements: number;
  /** Statements that travelled with a later one (src/pipeline.ts): round trips = statements - held. */
  held: number;
  operation: string | null;
  officialId: number | null;
  /** ok, error or unavailable, once Apollo has answered. */
  outcome: string | null;
  /** The operation's computed cost (reported in extensions.cost). */
  cost: number | null;
  /** A write transaction of this request has committed: its later reads go to the primary (src/replica.ts). */
  wrote: boolean;
  /** A large answer's JSON bytes, written by stringifyAnswer for sendAnswer (src/answer.ts). */
  answer: Buffer | null;
}

const storage = new AsyncLocalStorage<RequestScope>();

export const requestScope = {
  run<T>(fn: () => T): T {
    return storage.run({ statements: 0, held: 0, operation: null, officialId: null, outcome: null, cost: null, wrote: false, answer: null }, fn);
  },
  current(): RequestScope | undefined {
    return storage.getStore();
  },
};

/**
 * The data source's logger: counts each statement for the request that sent it, and
 * passes everything on to an inner logger when there is one (the tests' counter).
 */
export class RequestStatementLogger implements Logger, PipelineLogger {
  constructor(private readonly inner?: Logger) {}

  logQuery(query: string, parameters?: unknown[], queryRunner?: Parameters<Logger['logQuery']>[2]): void {
    const scope = storage.getStore();
    if (scope) scope.statements += 1;
    this.inner?.logQuery(query, parameters, queryRunner);
  }

  logHeld(): void {
    const scope = storage.getStore();
    if (scope) scope.held += 1;
    (this.inner as Partial<PipelineLogger> | undefined)?.logHeld?.();
  }

  logQueryError(...args: Parameters<Logger['logQueryError']>): void {
    this.inner?.logQueryError(...args);
  }

  logQuerySlow(...args: Parameters<Logger['logQuerySlow']>): void {
    this.inner?.logQuerySlow(...args);
  }

  logSchemaBuild(...args: Parameters<Logger['logSchemaBuild']>): void {
    this.inner?.logSchemaBuild(...args);
  }

  logMigration(...args: Parameters<Logger['logMigration']>): void {
    this.inner?.logMigration(...args);
  }

  log(...args: Parameters<Logger['log']>): void {
    this.inner?.log(...args);
  }
}
