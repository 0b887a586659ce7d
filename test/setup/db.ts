// A fresh, migrated database per test file: in-memory SQLite, or a new database on
// the test MariaDB server. Statements are counted for the N+1 tests.
import { createConnection } from 'mysql2/promise';
import type { DataSource, Logger } from 'typeorm';
export { StatementCounter } from '../../src/statement-counter';
import type { Capacity } from '../../src/config';
import { createDataSource, type ZerenDataSource } from '../../src/data-source';
import { PortableSqlGate } from './portable-sql';

export const dbKind = (): 'sqlite' | 'mariadb' => (process.env.ZEREN_TEST_DB === 'mariadb' ? 'mariadb' : 'sqlite');

/** describe, or describe.skip when MariaDB is unavailable outside CI (never in CI: global setup fails instead). */
export const describeDb: jest.Describe =
  dbKind() === 'mariadb' && process.env.ZEREN_SKIP_MARIADB ? describe.skip : describe;

let seq = 0;

export async function openTestDatabase(options: { migrate?: boolean; logger?: Logger; capacity?: Capacity; url?: string } = {}): Promise<DataSource> {
  let ds: DataSource | undefined;
  // Every statement after the migrations passes the portable-SQL gate (test/setup/portable-sql.ts).
  const gate = new PortableSqlGate(() => ds, options.logger);
  if (dbKind() === 'sqlite') {
    ds = createDataSource({ kind: 'sqlite', sqlitePath: ':memory:' }, gate);
  } else {
    const base = options.url ?? process.env.TEST_MYSQL_URL;
    if (!base) throw new Error('TEST_MYSQL_URL is not set: the MariaDB global setup did not run');
    const name = `zeren_t${process.pid}_${++seq}_${Date.now() % 100000}`;
    const conn = await createConnection(base.replace(/^mariadb:/, 'mysql:'));
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    ds = createDataSource({ kind: 'mysql', url: `${base.replace(/\/?$/, '/')}${name}`, sqlitePath: '' }, gate, options.capacity);
  }
  await ds.initialize();
  if (options.migrate !== false) {
    await ds.runMigrations({ transaction: 'each' });
    (ds as ZerenDataSource).bound(options.capacity);
    gate.migrating = false;
  }
  return ds;
}

export async function closeTestDatabase(ds: DataSource | undefined): Promise<void> {
  if (!ds?.isInitialized) return;
  if (dbKind() === 'mariadb') {
    const name = ds.driver.database;
    await ds.query(`DROP DATABASE \`${name}\``);
  }
  await ds.destroy();
}
