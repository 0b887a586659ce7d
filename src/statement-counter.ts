// A TypeORM logger that counts SQL statements: the measure of the N+1 tests and the benchmark.
import type { Logger } from 'typeorm';

export class StatementCounter implements Logger {
  count = 0;
  statements: string[] = [];
  logQuery(query: string): void {
    this.count += 1;
    this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
  reset(): void {
    this.count = 0;
    this.statements = [];
  }
}
