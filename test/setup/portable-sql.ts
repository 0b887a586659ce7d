// The portable-SQL gate (issue 15; domain.md section 10): every statement the suite sends
// through a test database is checked against the rules that let the same code run on a
// distributed MySQL-compatible engine (TiDB, Vitess, with the city as shard key) later.
// A statement that breaks one is recorded, and the test file fails when it ends
// (test/setup/portable-sql-gate.ts); the statement itself still runs, so that the failure
// names the rule rather than some later symptom.
//
// Forbidden anywhere: shared locks, SKIP LOCKED, triggers, procedures, functions, events,
// FULLTEXT and spatial indexes, CREATE TABLE … SELECT, GET_LOCK / RELEASE_LOCK, AUTO_RANDOM.
// And a statement that reads, changes or deletes rows of a unit-owned table (one with a
// cityId column) must say which city: a cityId condition, unless it addresses rows by their
// primary key (`id = ?`, `id IN (…)`: on Vitess a lookup by id is routed by a lookup vindex),
// or it is a background job's declared scan of every city (`/* zeren:all-cities */`, the
// QueryBuilder's .comment(ALL_CITIES): the outbox, the light sweep). Migrations (DDL, run
// once per database) and the tests' own statements (counting a whole table to show that
// nothing was written: no frame of src/ on the stack) are exempt from the city rule.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource, Logger } from 'typeorm';
import type { PipelineLogger } from '../../src/pipeline';

const FORBIDDEN: readonly [RegExp, string][] = [
  [/\bLOCK\s+IN\s+SHARE\s+MODE\b|\bFOR\s+SHARE\b/i, 'a shared lock'],
  [/\bSKIP\s+LOCKED\b/i, 'SKIP LOCKED'],
  [/\bCREATE\s+(?:DEFINER\s*=\s*\S+\s+)?TRIGGER\b/i, 'a trigger'],
  [/\bCREATE\s+(?:DEFINER\s*=\s*\S+\s+)?(?:PROCEDURE|FUNCTION)\b/i, 'a stored procedure or function'],
  [/\bCREATE\s+(?:DEFINER\s*=\s*\S+\s+)?EVENT\b/i, 'an event'],
  [/\bFULLTEXT\b|\bMATCH\s*\([^)]*\)\s*AGAINST\b/i, 'FULLTEXT'],
  [/\bSPATIAL\b/i, 'a spatial index'],
  [/\bCREATE\s+(?:TEMPORARY\s+)?TABLE\b[^;]*?\)\s*(?:AS\s+)?SELECT\b|\bCREATE\s+(?:TEMPORARY\s+)?TABLE\s+\S+\s+(?:AS\s+)?SELECT\b/i, 'CREATE TABLE … SELECT'],
  [/\b(?:GET_LOCK|RELEASE_LOCK|IS_FREE_LOCK|IS_USED_LOCK)\s*\(/i, 'a named lock (GET_LOCK)'],
  [/\bAUTO_RANDOM\b/i, 'AUTO_RANDOM ids'],
];

export interface Violation { readonly rule: string; readonly sql: string; readonly origin: string }

const DDL = /^\s*(?:CREATE|ALTER|DROP|RENAME|TRUNCATE)\b/i;
const TABLE_REFS = /\b(?:FROM|JOIN|UPDATE|INTO)\s+[`"]?(\w+)[`"]?(?:\s+(?:AS\s+)?[`"]?(\w+)[`"]?)?/gi;
const NOT_ALIASES = new Set(['where', 'on', 'set', 'inner', 'left', 'right', 'join', 'group', 'order', 'limit', 'values', 'select', 'union', 'as', 'using', 'for', 'having', 'cross', 'natural', 'straight_join']);

/** The tables with a cityId column: unit-owned records (and the tree itself). */
export function cityTables(db: DataSource): Set<string> {
  return new Set(db.entityMetadatas.filter((m) => m.columns.some((c) => c.databaseName === 'cityId')).map((m) => m.tableName));
}

const checked = new Map<string, string | null>();

/** The rule a statement breaks, or null. Cached by text (the suite repeats its statements). */
export function ruleBroken(sql: string, tables: ReadonlySet<string>): string | null {
  const hit = checked.get(sql);
  if (hit !== undefined) return hit;
  let broken: string | null = null;
  for (const [pattern, rule] of FORBIDDEN) if (pattern.test(sql)) { broken = rule; break; }
  if (!broken && !DDL.test(sql) && !/^\s*(?:INSERT|START|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW)\b/i.test(sql)) {
    const owned: string[] = [];
    for (const m of sql.matchAll(TABLE_REFS)) {
      if (tables.has(m[1])) owned.push(m[2] && !NOT_ALIASES.has(m[2].toLowerCase()) ? m[2] : m[1]);
    }
    // (WHERE (1 = 0): an empty scope, no row at all.)
    if (owned.length && !sql.includes('/* zeren:all-cities */') && !/\bWHERE \(1 = 0\)/i.test(sql)) {
      // Each owned table must be told its city (`alias.cityId = ?`, `IN (…)`, or equal to
      // another table's cityId: a join on the shard key), or be addressed by its primary key
      // (`alias.id = ?` / `IN (…)`, or a join on it: routed by a lookup vindex). A bare name
      // serves a statement of one table. A cityId that is only selected, grouped or sorted by
      // is no condition.
      const prefix = (alias: string): string => `[\`"]?${alias}[\`"]?\\.`;
      const qualified = (alias: string): string => (owned.length > 1 ? prefix(alias) : `(?:${prefix(alias)})?`);
      const condition = (alias: string, column: string): RegExp =>
        new RegExp(`(?:^|[^\\w.\`"])${qualified(alias)}[\`"]?${column}[\`"]?\\s*(?:=|<=>|IN\\s*\\()|=\\s*${qualified(alias)}[\`"]?${column}[\`"]?(?![\\w\`"])`, 'i');
      const unsaid = [...new Set(owned)].filter((alias) => !condition(alias, 'cityId').test(sql) && !condition(alias, 'id').test(sql));
      if (unsaid.length) broken = `no cityId condition on ${unsaid.join(', ')}`;
    }
  }
  checked.set(sql, broken);
  return broken;
}

const violations: Violation[] = [];

const SRC = `${join(__dirname, '../../src')}/`;
const INFRASTRUCTURE = /\/src\/(?:data-source|request-scope|statement-counter)\.ts$/;
const ours = new Map<string, boolean>();
/** A file of Zeren's src/ (TypeORM's source maps name frames src/driver/… in this folder too: those do not exist). */
const isOurs = (file: string): boolean => {
  let known = ours.get(file);
  if (known === undefined) ours.set(file, (known = file.startsWith(SRC) && !INFRASTRUCTURE.test(file) && existsSync(file)));
  return known;
};
/** The frame of Zeren's code that sent the statement ("src/loaders.ts:64"), or null for a test's own bookkeeping. */
const senderOf = (): string | null => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 80; // past TypeORM's and the drivers' own frames
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const frame of stack.split('\n')) {
    const match = /\(?(\/[^():]+):(\d+):\d+\)?$/.exec(frame.trim());
    if (match && isOurs(match[1])) return `${match[1].slice(SRC.length - 4)}:${match[2]}`;
  }
  return null;
};

/** The violations recorded in this test file so far (emptied when read by the gate). */
export function takeViolations(): Violation[] {
  return violations.splice(0);
}

/** A TypeORM logger that records the rule each statement breaks, and passes everything on. */
export class PortableSqlGate implements Logger, PipelineLogger {
  private tables: Set<string> | null = null;
  migrating = true;
  constructor(private readonly db: () => DataSource | undefined, private readonly inner?: Logger) {}

  logQuery(query: string, parameters?: unknown[], queryRunner?: Parameters<Logger['logQuery']>[2]): void {
    const db = this.db();
    if (db?.isInitialized && !this.migrating) {
      this.tables ??= cityTables(db);
      const rule = ruleBroken(query, this.tables);
      const origin = rule && rule.startsWith('no cityId') ? senderOf() : 'any';
      if (rule && origin) violations.push({ rule, sql: query.replace(/\s+/g, ' ').slice(0, 400), origin });
    }
    this.inner?.logQuery(query, parameters, queryRunner);
  }
  logHeld(): void { (this.inner as Partial<PipelineLogger> | undefined)?.logHeld?.(); }
  logQueryError(...args: Parameters<Logger['logQueryError']>): void { this.inner?.logQueryError(...args); }
  logQuerySlow(...args: Parameters<Logger['logQuerySlow']>): void { this.inner?.logQuerySlow(...args); }
  logSchemaBuild(...args: Parameters<Logger['logSchemaBuild']>): void { this.inner?.logSchemaBuild(...args); }
  logMigration(...args: Parameters<Logger['logMigration']>): void { this.inner?.logMigration(...args); }
  log(...args: Parameters<Logger['log']>): void { this.inner?.log(...args); }
}
