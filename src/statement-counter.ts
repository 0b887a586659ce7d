// A TypeORM logger that counts SQL statements: the measure of the N+1 tests and the
// benchmark; and the round trips they took, where a transaction's statements travelled
// together (src/pipeline.ts).
import type { Logger } from 'typeorm';
import type { PipelineLogger } from './pipeline';

export class StatementCounter implements Logger, PipelineLogger {
  count = 0;
  statements: string[] = [];
  /** Statements that did not wait for an answer of their own: sent with a later one, or dropped unsent by a ROLLBACK. */
  held = 0;
  /** Statements sent, each with the database's answer awaited once. */
  get roundTrips(): number {
    return this.count - this.held;
  }
  logQuery(query: string): void {
    this.count += 1;
    this.statements.push(query);
  }
  logHeld(): void {
    this.held += 1;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
  reset(): void {
    this.count = 0;
    this.held = 0;
    this.statements = [];
  }
}
