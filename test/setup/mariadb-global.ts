// Starts a throwaway mariadbd from the system binary in a temp folder on a free
// loopback port, unless TEST_MYSQL_URL is given. With CI=true a missing MariaDB
// fails the run: the MariaDB suite is never skipped there.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

const which = (cmd: string): string | null => {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/usr/bin']) {
    const res = spawnSync('test', ['-x', join(dir, cmd)]);
    if (res.status === 0) return join(dir, cmd);
  }
  return null;
};

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => {
    const { port } = srv.address() as { port: number };
    srv.close(() => resolve(port));
  });
  srv.on('error', reject);
});

async function waitFor(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const conn = await createConnection(url);
      await conn.end();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MYSQL_URL) return;
  const mariadbd = which('mariadbd') ?? which('mysqld');
  const installDb = which('mariadb-install-db') ?? which('mysql_install_db');
  if (!mariadbd || !installDb) {
    if (process.env.CI) throw new Error('CI=true but no mariadbd is installed: the MariaDB suite must run (apt-get install mariadb-server)');
    process.env.ZEREN_SKIP_MARIADB = '1';
    process.stderr.write('\n[mariadb] no mariadbd found: the MariaDB project is skipped (set TEST_MYSQL_URL or install mariadb-server)\n');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'zeren-mariadb-'));
  const datadir = join(dir, 'data');
  const user = process.getuid?.() === 0 ? ['--user=root'] : [];
  const init = spawnSync(installDb, ['--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...user], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}`);
  const port = await freePort();
  const child = spawn(mariadbd, [
    '--no-defaults', `--datadir=${datadir}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${join(dir, 'mysqld.sock')}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`, '--skip-log-bin', '--innodb-buffer-pool-size=128M', '--innodb-flush-log-at-trx-commit=0',
    '--character-set-server=utf8mb4', '--collation-server=utf8mb4_unicode_ci', '--max-connections=500', '--skip-name-resolve', ...user,
  ], { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const url = `mysql://root@127.0.0.1:${port}/`;
  try {
    await waitFor(url, 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`mariadbd did not start: ${String(err)}\n${stderr.slice(-2000)}`);
  }
  // mariadb:// selects TypeORM's mariadb driver type (it reads MariaDB's column defaults right).
  process.env.TEST_MYSQL_URL = url.replace(/^mysql:/, 'mariadb:');
  writeFileSync(join(dir, 'url'), url);
  (globalThis as Record<string, unknown>).__ZEREN_MARIADB__ = { child, dir };
}
