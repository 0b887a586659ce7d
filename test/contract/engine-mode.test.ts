// The MariaDB project's server runs with TiDB's default sql_mode and utf8mb4_bin as its
// collation (test/setup/mariadb-global.ts): checked here, so that the suite's passing means
// what the README says it means. (Not on SQLite, and not in the galera project, which keeps
// MariaDB's own defaults.)
import { createConnection } from 'mysql2/promise';
import { dbKind } from '../setup/db';
import { TIDB_SQL_MODE } from '../setup/mariadb-global';

const ours = dbKind() === 'mariadb' && !process.env.TEST_GALERA_URLS && !process.env.ZEREN_SKIP_MARIADB && !process.env.ZEREN_EXTERNAL_MYSQL;

(ours ? describe : describe.skip)('the MariaDB suite\'s server', () => {
  it("runs with TiDB's default sql_mode and utf8mb4_bin as the server collation", async () => {
    const conn = await createConnection(process.env.TEST_MYSQL_URL!.replace(/^mariadb:/, 'mysql:'));
    try {
      const [[row]] = await conn.query('SELECT @@GLOBAL.sql_mode AS mode, @@GLOBAL.collation_server AS collation') as unknown as [[{ mode: string; collation: string }]];
      expect(row.mode.split(',').sort()).toEqual(TIDB_SQL_MODE.split(',').sort());
      expect(row.collation).toBe('utf8mb4_bin');
    } finally {
      await conn.end();
    }
  });
});
