// Starts a throwaway mariadbd (scripts/mariadb.ts) unless TEST_MYSQL_URL is given.
// With CI=true a missing MariaDB fails the run: the MariaDB suite is never skipped there.
import { findMariaDb, startMariaDb } from '../../scripts/mariadb';

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MYSQL_URL) return;
  if (!findMariaDb()) {
    if (process.env.CI) throw new Error('CI=true but no mariadbd is installed: the MariaDB suite must run (apt-get install mariadb-server)');
    process.env.ZEREN_SKIP_MARIADB = '1';
    process.stderr.write('\n[mariadb] no mariadbd found: the MariaDB project is skipped (set TEST_MYSQL_URL or install mariadb-server)\n');
    return;
  }
  const started = await startMariaDb({ bufferPool: '128M' });
  // mariadb:// selects TypeORM's mariadb driver type (it reads MariaDB's column defaults right).
  process.env.TEST_MYSQL_URL = started.url.replace(/^mysql:/, 'mariadb:');
  (globalThis as Record<string, unknown>).__ZEREN_MARIADB__ = started;
}
