// Starts a throwaway mariadbd (scripts/mariadb.ts) unless TEST_MYSQL_URL is given.
// With CI=true a missing MariaDB fails the run: the MariaDB suite is never skipped there.
// It runs with TiDB's default sql_mode (ONLY_FULL_GROUP_BY among others) and utf8mb4_bin as
// the server's collation (issue 15): the suite passing on it shows that no statement leans on
// MariaDB's looser defaults and that every collation Zeren relies on is explicit. (The galera
// project runs part of the suite with MariaDB's own defaults.)
import { findMariaDb, startMariaDb } from '../../scripts/mariadb';

/** TiDB's default sql_mode (v7 and v8). */
export const TIDB_SQL_MODE = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION';

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MYSQL_URL) {
    // A server of your own: its modes are yours (test/contract/engine-mode.test.ts does not check them).
    process.env.ZEREN_EXTERNAL_MYSQL = '1';
    return;
  }
  if (!findMariaDb()) {
    if (process.env.CI) throw new Error('CI=true but no mariadbd is installed: the MariaDB suite must run (apt-get install mariadb-server)');
    process.env.ZEREN_SKIP_MARIADB = '1';
    process.stderr.write('\n[mariadb] no mariadbd found: the MariaDB project is skipped (set TEST_MYSQL_URL or install mariadb-server)\n');
    return;
  }
  const started = await startMariaDb({ bufferPool: '128M', extraArgs: [`--sql-mode=${TIDB_SQL_MODE}`, '--collation-server=utf8mb4_bin'] });
  // mariadb:// selects TypeORM's mariadb driver type (it reads MariaDB's column defaults right).
  process.env.TEST_MYSQL_URL = started.url.replace(/^mysql:/, 'mariadb:');
  (globalThis as Record<string, unknown>).__ZEREN_MARIADB__ = started;
}
