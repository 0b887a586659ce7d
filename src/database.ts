// Opens the configured database and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { createDataSource } from './data-source';
import { logger } from './logger';

export async function openDatabase(db: Config['db']): Promise<DataSource> {
  if (db.kind === 'sqlite' && db.sqlitePath !== ':memory:') mkdirSync(dirname(db.sqlitePath), { recursive: true });
  const ds = await createDataSource(db).initialize();
  const ran = await ds.runMigrations({ transaction: 'each' });
  if (ran.length) logger.info({ migrations: ran.map((m) => m.name) }, 'migrations applied');
  // The bounded waits start once the schema is up to date (a migration may take its time).
  return ds.bound();
}
