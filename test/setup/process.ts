// The real server process (src/main.ts, as production starts it) for the end-to-end tests
// that need one or several: a database of its own on the project's engine (a SQLite file,
// or a fresh database on the suite's MariaDB), started with the demo data and polled
// until /ready answers. Stopped by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { freePort, reapWhenOrphaned } from '../../scripts/mariadb';
import { DEMO_PASSWORD } from '../../src/seed/demo';
import { dbKind } from './db';

const ROOT = join(__dirname, '../..');

export interface Running { readonly child: ChildProcess; readonly base: string; readonly exited: Promise<number | null> }

export interface ProcessDatabase {
  /** DATABASE_URL for the processes. */
  readonly url: string;
  /** A folder for ZEREN_DATA_DIR. */
  readonly dir: string;
  drop(): Promise<void>;
}

/** A database (and data folder) for server processes: a SQLite file, or a new MariaDB database. */
export async function processDatabase(name: string): Promise<ProcessDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `zeren-${name}-`));
  if (dbKind() === 'sqlite') {
    return { url: `sqlite:${join(dir, 'zeren.sqlite')}`, dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = process.env.TEST_MYSQL_URL!.replace(/^mariadb:/, 'mysql:');
  const database = `zeren_${name.replace(/\W/g, '_')}_${process.pid}`;
  const conn = await createConnection(base);
  await conn.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  return {
    url: `${process.env.TEST_MYSQL_URL!.replace(/\/?$/, '/')}${database}`,
    dir,
    async drop() {
      const c = await createConnection(base);
      await c.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts src/main.ts as production would (with the demo data when the database is empty) and waits until it is ready. */
export async function startZeren(db: ProcessDatabase, env: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', `require('ts-node').register({ swc: true }); require(${JSON.stringify(join(ROOT, 'src/main.ts'))});`], {
    cwd: ROOT,
    env: {
      ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url,
      ZEREN_SEED_DEMO: 'true', ZEREN_TOKEN_SECRET: 'process-test-secret-process-test-secret', ZEREN_DATA_DIR: db.dir,
      ZEREN_DB_LOCK_WAIT_SECONDS: '20', ZEREN_REQUEST_TIMEOUT_MS: '20000', LOG_LEVEL: 'silent', ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  reapWhenOrphaned(child.pid!);
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
    const ok = await fetch(`${base}/ready`).then((r) => r.ok, () => false);
    if (ok) return { child, base, exited };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start: ${stderr}`);
}

/** Stops a process by its PID (SIGTERM, then SIGKILL after 15 s) and waits for it. */
export async function stopZeren(running: Running): Promise<void> {
  if (running.child.exitCode !== null) return;
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 15_000);
  await running.exited;
  clearTimeout(timer);
}

/** One GraphQL request over HTTP: the parsed body and the status. */
export async function post<D = Record<string, any>>(
  base: string, query: string, variables: Record<string, unknown> = {}, token?: string,
): Promise<{ status: number; body: { data?: D | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() as never };
}

/** Signs a demo account in (every demo account has DEMO_PASSWORD); its token. */
export async function demoToken(base: string, username: string): Promise<string> {
  const { body } = await post<{ login: { token: string } }>(base, 'mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: DEMO_PASSWORD });
  if (!body.data?.login) throw new Error(`login ${username}: ${JSON.stringify(body.errors)}`);
  return body.data.login.token;
}
