// npm run bench:load [-- --scale 1 --duration 10 --smoke --only street,taskPage]: the load
// benchmark on a throwaway MariaDB (scripts/mariadb.ts, 1G buffer pool). It runs Zeren's
// migrations, builds the deterministic city (scripts/bench/city.ts), starts the real server
// in a child process (scripts/bench-server.ts) and, per workload (scripts/bench/workloads.ts):
// checks one response, counts SQL statements over 20 sequential requests, drives it over
// HTTP with autocannon at 10 connections and fetches the same data by hand-written SQL through
// a mysql2 pool of 10 connections in 10 loops, each for --duration seconds in all, timed in
// alternation (Zeren, SQL, SQL, Zeren: half the duration each; server CPU from the child).
// Efficiency = Zeren's requests/s / the SQL's request equivalents/s.
// It runs compiled (npm run bench:load builds dist/ first), the server too, as npm start runs it:
// through ts-node a server loaded node:domain and source maps that production does not have.
// --smoke: the tiny city, each workload sent a few times, statements only, no timing.
// --national [229]: as many more cities of the same tree beside the bench city (each unit with
// its SECRETARY), about 730,000 units in all: the bench city's reads measured in the nation.
// --against <checkout> [--rounds 6]: side by side with another build (a git worktree of another
// commit, with node_modules): both servers on the same city, each workload run on one and then
// the other, --rounds times (the order alternating), compared by server CPU per request (req/s
// and p99 printed beside). Whole runs here differ by ±25% from hour to hour; runs this close
// together do not.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { createConnection, createPool, type Pool } from 'mysql2/promise';
import { createDataSource } from '../src/data-source';
import { addCities, buildCity, cityShape, SMOKE_SHAPE, type City } from './bench/city';
import { sqlOfMysql, type SqlClient } from './bench/sql';
import { runOrder, WORKLOADS, type Summary, type Workload } from './bench/workloads';
import type { BenchServerMessage, BenchServerRequest } from './bench-server';
import { benchSubscriptions } from './bench-subscriptions';
import { startMariaDb, type StartedMariaDb } from './mariadb';

/** Whether this file runs compiled (npm run bench:load builds dist/ first) or from the sources. */
const COMPILED = __filename.endsWith('.js');
/** The repository (the servers' working folder, as for npm start). */
const ROOT = join(__dirname, COMPILED ? '../..' : '..');
/** Sequential requests whose statements are counted (per request = delta / this). */
const SEQUENTIAL = 20;
const SMOKE_SENDS = 3;
/** Seconds of load before each timed run of a workload (not measured). */
const WARM_UP_SECONDS = 3;

interface Options {
  readonly scale: number;
  readonly duration: number;
  readonly connections: number;
  readonly smoke: boolean;
  readonly only: readonly string[] | null;
  /** Other cities of the bench city's tree beside it (the national tree: 229 make about 730,000 units). */
  readonly national: number;
  /** Another checkout to compare with, side by side (null: the usual run). */
  readonly against: string | null;
  readonly rounds: number;
}

function parseArgs(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  };
  const num = (name: string, fallback: number): number => {
    const raw = value(name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
    return n;
  };
  return {
    scale: num('scale', 1), duration: num('duration', 10), connections: Math.round(num('connections', 10)),
    smoke: argv.includes('--smoke'), only: value('only')?.split(',') ?? null,
    national: value('national') === undefined ? 0 : Math.round(num('national', 229)),
    against: value('against') ?? null, rounds: Math.round(num('rounds', 6)),
  };
}

// ------------------------------------------------------------------ machine and processes

const machine = (): string => `nproc ${availableParallelism()}, loadavg ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU milliseconds (user + system) a process has used, from /proc (Linux); null elsewhere. */
function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

/**
 * Waits until MariaDB has been idle (under 5% of a core) for two seconds, two minutes at most:
 * after the city's build it flushes pages for a while, and the first workloads would share the
 * machine with that. Returns the seconds waited.
 */
async function settle(pid: number): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  let last = processCpuMs(pid);
  while (quiet < 2 && performance.now() - started < 120_000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = processCpuMs(pid);
    quiet = last !== null && now !== null && now - last < 50 ? quiet + 1 : 0;
    last = now;
  }
  return (performance.now() - started) / 1000;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface ServerChild {
  readonly port: number;
  readonly fields: ReadonlySet<string>;
  readonly process: ChildProcess;
  stats(): Promise<{ statements: number; roundTrips: number; cpuMs: number; rss: number }>;
  sign(accountIds: readonly number[]): Promise<string[]>;
  stop(): Promise<void>;
}

/** The server (scripts/bench-server.ts) in a child process, configured as in production. */
async function startServer(databaseUrl: string, root = ROOT): Promise<ServerChild> {
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (node --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // Compiled, as production runs (npm start); from the sources through ts-node when this file runs so.
  const entry = COMPILED
    ? [join(root, 'dist/scripts/bench-server.js')]
    : ['-e', `require('ts-node').register({ swc: true }); require(${JSON.stringify(join(root, 'scripts/bench-server.ts'))});`];
  // The V8 flags npm start runs the server with (package.json config.serverNodeFlags).
  const flags = String(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).config?.serverNodeFlags ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, ...profile, ...entry], {
    cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env, NODE_ENV: 'production', ZEREN_TOKEN_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl,
      // One account sends thousands of requests a second here: the limiter still runs on each, but never refuses.
      ZEREN_RATE_LIMIT_PER_MINUTE: '1000000000',
    },
  });
  let seq = 0;
  const pending = new Map<number, (m: BenchServerMessage) => void>();
  let failed: (err: Error) => void = () => {};
  const ready = new Promise<Extract<BenchServerMessage, { type: 'ready' }>>((resolve, reject) => {
    failed = reject;
    child.on('message', (m: BenchServerMessage) => {
      if (m.type === 'ready') resolve(m);
      else pending.get(m.id)?.(m);
    });
  });
  child.on('exit', (code) => {
    const err = new Error(`the server child exited (code ${code})`);
    failed(err);
    for (const [, reply] of pending) reply({ type: 'reply', id: -1, stopped: true });
  });
  const ask = <T extends BenchServerMessage>(m: WithoutId<BenchServerRequest>): Promise<T> => new Promise((resolve, reject) => {
    const id = ++seq;
    pending.set(id, (reply) => {
      pending.delete(id);
      if (reply.type === 'reply' && reply.id === -1) reject(new Error('the server child exited'));
      else resolve(reply as T);
    });
    child.send({ ...m, id } as BenchServerRequest);
  });
  const { port, fields } = await ready;
  return {
    port, fields: new Set(fields), process: child,
    async stats() {
      const r = await ask<Extract<BenchServerMessage, { statements: number }>>({ type: 'stats' });
      return { statements: r.statements, roundTrips: r.statements - r.held, cpuMs: cpuMs(r.cpu), rss: r.rss };
    },
    async sign(accountIds) {
      return (await ask<Extract<BenchServerMessage, { tokens: string[] }>>({ type: 'sign', accountIds: [...accountIds] })).tokens;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask({ type: 'stop' }).catch(() => undefined);
      await exited;
    },
  };
}

// ------------------------------------------------------------------ one workload

interface Measured {
  readonly workload: Workload;
  readonly skipped?: string;
  readonly failed?: string;
  readonly summary?: Summary;
  readonly statements?: number;
  /** Round trips to the database per request: fewer than statements where a transaction's statements travelled together (src/pipeline.ts). */
  readonly roundTrips?: number;
  readonly rps?: number;
  readonly p50?: number;
  readonly p99?: number;
  readonly serverCpuMs?: number;
  readonly dbCpuMs?: number;
  readonly clientCpuPct?: number;
  readonly sqlQps?: number;
  readonly requests?: number;
  readonly bad?: number;
  readonly digests?: readonly { text: string; count: number; ms: number }[];
}

async function gql(port: number, token: string, query: string, variables: Record<string, unknown>): Promise<{ data?: unknown; errors?: unknown[] }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: unknown; errors?: unknown[] };
}

/** Request equivalents per second of the hand-written SQL: `loops` concurrent loops for `seconds`. */
async function sqlLimit(w: Workload, sql: SqlClient, city: City, seconds: number, loops: number, from: number): Promise<number> {
  let next = from;
  let done = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: loops }, async () => {
    while (performance.now() < deadline) {
      await w.handWritten(sql, city, next++);
      done += 1;
    }
  }));
  return done / ((performance.now() - started) / 1000);
}

async function measure(
  w: Workload, o: Options, ctx: { server: ServerChild; city: City; sql: SqlClient; tokens: Map<number, string>; maria: StartedMariaDb; admin: Pool },
): Promise<Measured> {
  const { server, city, sql, tokens } = ctx;
  const missing = (w.requires ?? []).filter((c) => !server.fields.has(c));
  if (missing.length) return { workload: w, skipped: `waits for ${missing.join(', ')}` };
  const send = async (i: number) => {
    const req = w.request(city, i);
    const res = await gql(server.port, tokens.get(req.accountId)!, req.query, req.variables);
    if (res.errors) throw new Error(`request ${i}: ${JSON.stringify(res.errors).slice(0, 500)}`);
    return w.summarize(res.data);
  };
  // 1. One request: no errors, the expected shape, the same figures as the hand-written SQL.
  const summary = await send(0);
  const byHand = await w.handWritten(sql, city, 0);
  if (!w.writes && JSON.stringify(byHand) !== JSON.stringify(summary)) {
    return { workload: w, summary, failed: `hand-written SQL disagrees: ${JSON.stringify(byHand)} vs Zeren ${JSON.stringify(summary)}` };
  }
  // 2. Statements per request over sequential requests, once every account the requests
  //    turn round has been seen (its viewer is cached, as under load).
  const warm = new Set([w.request(city, 0).accountId]);
  let first = 1;
  for (; !warm.has(w.request(city, first).accountId); first++) {
    warm.add(w.request(city, first).accountId);
    await send(first);
  }
  const sends = o.smoke ? SMOKE_SENDS : SEQUENTIAL;
  const before = await server.stats();
  for (let i = first; i < first + sends; i++) await send(i);
  const after = await server.stats();
  const statements = (after.statements - before.statements) / sends;
  const roundTrips = (after.roundTrips - before.roundTrips) / sends;
  if (o.smoke) return { workload: w, summary, statements, roundTrips };

  // 3. Zeren over HTTP and the same data by hand-written SQL, each after a warm-up that is not
  // measured (the server's compiled documents and V8's optimised code reach their steady state
  // in the first seconds of load, which a 10 s run otherwise averages in), then timed in
  // alternation: Zeren, the SQL, the SQL, Zeren, half the duration each. What the machine does
  // meanwhile (here the SQL limit of one workload moved by up to 35% between runs minutes
  // apart) then weighs on both sides alike, and a steady drift cancels out.
  const load = loadOf(w, city, { server, tokens }, o.connections);
  await load(WARM_UP_SECONDS);
  await sqlLimit(w, sql, city, WARM_UP_SECONDS, o.connections, 200_000);
  const half = o.duration / 2;
  const zeren = { requests: 0, seconds: 0, serverMs: 0, dbMs: 0 as number | null, clientMs: 0, bad: 0, p50: [] as number[], p99: [] as number[] };
  const digests = new Map<string, { text: string; count: number; ms: number }>();
  const timeZeren = async (): Promise<void> => {
    await ctx.admin.query('TRUNCATE TABLE performance_schema.events_statements_summary_by_digest');
    const s0 = await server.stats();
    const db0 = processCpuMs(ctx.maria.pid);
    const client0 = process.cpuUsage();
    const result = await load(half);
    const s1 = await server.stats();
    const db1 = processCpuMs(ctx.maria.pid);
    zeren.clientMs += cpuMs(process.cpuUsage(client0));
    zeren.requests += result.requests.total;
    zeren.seconds += result.duration;
    zeren.serverMs += s1.cpuMs - s0.cpuMs;
    zeren.dbMs = zeren.dbMs === null || db0 === null || db1 === null ? null : zeren.dbMs + (db1 - db0);
    zeren.bad += result.errors + result.timeouts + result.non2xx + result.mismatches;
    zeren.p50.push(result.latency.p50);
    zeren.p99.push(result.latency.p99);
    const top = (await ctx.admin.query(
      `SELECT DIGEST_TEXT AS text, COUNT_STAR AS count, SUM_TIMER_WAIT / 1e9 AS ms FROM performance_schema.events_statements_summary_by_digest
       WHERE SCHEMA_NAME = 'zeren' ORDER BY SUM_TIMER_WAIT DESC LIMIT 3`,
    ))[0] as { text: string; count: number; ms: number }[];
    for (const d of top) {
      const known = digests.get(String(d.text)) ?? { text: String(d.text), count: 0, ms: 0 };
      digests.set(known.text, { ...known, count: known.count + Number(d.count), ms: known.ms + Number(d.ms) });
    }
  };
  await timeZeren();
  const sqlRates = [await sqlLimit(w, sql, city, half, o.connections, 100_000), await sqlLimit(w, sql, city, half, o.connections, 300_000)];
  await timeZeren();
  const { requests } = zeren;
  return {
    workload: w, summary, statements, roundTrips, requests, rps: requests / zeren.seconds,
    // Latency per timed half: the mean of the medians, and the worse of the two p99s.
    p50: (zeren.p50[0] + zeren.p50[1]) / 2, p99: Math.max(...zeren.p99),
    serverCpuMs: requests ? zeren.serverMs / requests : undefined,
    dbCpuMs: requests && zeren.dbMs !== null ? zeren.dbMs / requests : undefined,
    clientCpuPct: (zeren.clientMs / (zeren.seconds * 1000)) * 100,
    bad: zeren.bad, sqlQps: (sqlRates[0] + sqlRates[1]) / 2,
    digests: [...digests.values()].sort((a, b) => b.ms - a.ms).slice(0, 3),
  };
}

// ------------------------------------------------------------------ side by side (--against)

/** A server and its tokens by account. */
interface Side {
  readonly server: ServerChild;
  readonly tokens: Map<number, string>;
}

/**
 * The workload's load on a server for a given number of seconds at `connections` (writes
 * turn round their targets from request 1000 on); a GraphQL error, still HTTP 200, counts
 * as a mismatch.
 */
function loadOf(w: Workload, city: City, side: Side, connections: number): (seconds: number) => Promise<autocannon.Result> {
  let next = 1000;
  const request = (i: number) => {
    const req = w.request(city, i);
    return {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${side.tokens.get(req.accountId)}` },
      body: JSON.stringify({ query: req.query, variables: req.variables }),
    };
  };
  return (duration) => autocannon({
    url: `http://127.0.0.1:${side.server.port}/graphql`, method: 'POST', connections, duration,
    ...request(0),
    verifyBody: (body) => !String(body).includes('"errors":['),
    ...(w.writes ? { requests: [{ method: 'POST' as const, setupRequest: (req: autocannon.Request) => ({ ...req, ...request(next++) }) }] } : {}),
  });
}

/** One timed run of a workload on one build. */
interface Sample { readonly cpu: number; readonly rps: number; readonly p99: number }

/** One workload on this build and the other, alternately: per round each side's server CPU per request, req/s and p99. */
async function compare(w: Workload, o: Options, city: City, sides: readonly [Side, Side]): Promise<Sample[][]> {
  const loads = sides.map((side) => loadOf(w, city, side, o.connections));
  const run = async (k: number, seconds: number): Promise<Sample> => {
    const before = await sides[k].server.stats();
    const result = await loads[k](seconds);
    const after = await sides[k].server.stats();
    const bad = result.errors + result.timeouts + result.non2xx + result.mismatches;
    if (bad) throw new Error(`${w.label}: ${bad} requests failed or answered with errors`);
    return { cpu: (after.cpuMs - before.cpuMs) / result.requests.total, rps: result.requests.total / result.duration, p99: result.latency.p99 };
  };
  for (let k = 0; k < sides.length; k++) await run(k, WARM_UP_SECONDS);
  const out = sides.map((): Sample[] => []);
  for (let round = 0; round < o.rounds; round++) {
    for (const k of round % 2 ? [1, 0] : [0, 1]) out[k].push(await run(k, o.duration));
  }
  return out;
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};

// ------------------------------------------------------------------ printing

const fmt = (v: number | undefined, digits = 0): string => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));
const mark = (ok: boolean): string => (ok ? '✓' : '✗');

function goalCell(m: Measured): string {
  const w = m.workload;
  const parts: string[] = [];
  const efficiency = m.rps !== undefined && m.sqlQps ? m.rps / m.sqlQps : undefined;
  if (w.goal) parts.push(`≥ ${w.goal.efficiency}${efficiency === undefined ? '' : ` ${mark(efficiency >= w.goal.efficiency)}`}`);
  if (w.statements?.goal !== undefined) {
    parts.push(`≤ ${w.statements.goal} st.${m.statements === undefined ? '' : ` ${mark(m.statements <= w.statements.goal)}`}`);
  }
  if (w.goal?.p99Ms !== undefined) parts.push(`p99 ≤ ${w.goal.p99Ms} ms${m.p99 === undefined ? '' : ` ${mark(m.p99 <= w.goal.p99Ms)}`}`);
  return parts.join(', ') || '–';
}

/** Statements per request, and their round trips where fewer. */
const statementsCell = (m: Measured): string =>
  (m.roundTrips !== undefined && m.statements !== undefined && m.roundTrips < m.statements ? `${fmt(m.statements, 1)} (${fmt(m.roundTrips, 1)})` : fmt(m.statements, 1));

function printTable(results: readonly Measured[], smoke: boolean): void {
  const out = (s = ''): boolean => process.stdout.write(`${s}\n`);
  if (smoke) {
    out('| workload | statements/req (round trips) | pinned | goal | rows |');
    out('|---|---|---|---|---|');
    for (const m of results) {
      const w = m.workload;
      const note = m.skipped ?? m.failed;
      out(`| ${w.label} | ${note ? `(${note})` : statementsCell(m)} | ${w.statements?.pinned ?? '–'} | ${w.statements?.goal ?? '–'} | ${m.summary ? JSON.stringify(m.summary) : ''} |`);
    }
    return;
  }
  out('| workload | req/s | p50 ms | p99 ms | server CPU ms/req | statements/req (round trips) | SQL-limit q/s | efficiency | goal |');
  out('|---|---|---|---|---|---|---|---|---|');
  for (const m of results) {
    const note = m.skipped ?? m.failed;
    if (note) {
      out(`| ${m.workload.label} | (${note}) | | | | | | | ${goalCell(m)} |`);
      continue;
    }
    const efficiency = m.rps !== undefined && m.sqlQps ? m.rps / m.sqlQps : undefined;
    out(`| ${m.workload.label} | ${fmt(m.rps, m.rps! < 100 ? 1 : 0)} | ${fmt(m.p50, 1)} | ${fmt(m.p99, 1)} | ${fmt(m.serverCpuMs, 2)} | ${statementsCell(m)} | ${fmt(m.sqlQps, m.sqlQps! < 100 ? 1 : 0)} | ${fmt(efficiency, 2)} | ${goalCell(m)} |`);
  }
}

/** A statement digest in a line: its beginning and its FROM clause (TypeORM's column lists are long). */
function shortStatement(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/ \. /g, '.').replace(/ , /g, ', ').replace(/\( /g, '(').replace(/ \)/g, ')');
  const from = flat.indexOf(' FROM ');
  return from < 0 || from < 80 ? flat.slice(0, 260) : `${flat.slice(0, 60)} … ${flat.slice(from, from + 200)}`;
}

function printDetails(results: readonly Measured[]): void {
  const out = (s = ''): boolean => process.stdout.write(`${s}\n`);
  out('\nWhere the time goes (per request: server and MariaDB CPU, load generator CPU; the three costliest statement shapes by MariaDB time during the Zeren run):');
  for (const m of results) {
    if (m.rps === undefined) continue;
    out(`- ${m.workload.label}: ${m.requests} requests${m.bad ? `, ${m.bad} failed or with errors` : ''}; server ${fmt(m.serverCpuMs, 2)} ms, MariaDB ${fmt(m.dbCpuMs, 2)} ms CPU per request; autocannon ${fmt(m.clientCpuPct)}% of a core; rows ${JSON.stringify(m.summary)}`);
    for (const d of m.digests ?? []) out(`    ${fmt(d.ms)} ms in ${d.count}× ${shortStatement(d.text)}`);
  }
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const at = (): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  process.stdout.write(`bench:load ${o.smoke ? 'smoke' : `scale ${o.scale}, ${o.duration} s per workload, ${o.connections} connections`}; node ${process.version}\n`);
  process.stdout.write(`start: ${machine()}\n`);

  const maria = await startMariaDb({ bufferPool: '1G', extraArgs: o.smoke ? [] : ['--performance-schema=ON'] });
  let server: ServerChild | null = null;
  const cleanup = (): void => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    maria.kill();
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  process.once('exit', cleanup);
  const pools: Pool[] = [];
  try {
    const dbUrl = `${maria.url}zeren`;
    const admin = await createConnection(maria.url);
    await admin.query('CREATE DATABASE zeren CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    const [[{ version }]] = (await admin.query('SELECT VERSION() AS version')) as unknown as [[{ version: string }]];
    await admin.end();
    process.stdout.write(`MariaDB ${version} at ${maria.url} (pid ${maria.pid}), innodb-buffer-pool-size 1G\n`);

    // Zeren's migrations, then the city through one mysql2 connection with multi-row INSERTs.
    const migrator = await createDataSource({ kind: 'mysql', url: dbUrl.replace(/^mysql:/, 'mariadb:'), sqlitePath: '' }).initialize();
    await migrator.runMigrations({ transaction: 'each' });
    await migrator.destroy();
    const loader = await createConnection({ uri: dbUrl, dateStrings: true });
    await loader.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    const city = await buildCity(sqlOfMysql(loader), o.smoke ? SMOKE_SHAPE : cityShape(o.scale));
    if (o.national) {
      const nation = await addCities(sqlOfMysql(loader), o.smoke ? SMOKE_SHAPE : cityShape(o.scale), o.national, (done) => {
        if (done % 20 === 0) process.stdout.write(`  ${done} of ${o.national} more cities (${at()})\n`);
      });
      await loader.query('ANALYZE TABLE org_unit, official, post, org_unit_version');
      process.stdout.write(`the nation: ${nation} units in ${o.national} more cities beside the bench city (${at()})\n`);
    }
    await loader.end();
    const units = 1 + city.districts.length + city.districts.reduce((n, d) => n + d.children.length * (1 + (d.children[0]?.children.length ?? 0)), 0);
    process.stdout.write(`built in ${at()}: ${units} units (${city.districts.length} districts, ${city.districts.reduce((n, d) => n + d.children.length, 0)} streets), `
      + `${Object.entries(city.rows).map(([t, n]) => `${t} ${n}`).join(', ')}\n`);

    server = await startServer(dbUrl.replace(/^mysql:/, 'mariadb:'));
    const accountIds = [...new Set([...Object.values(city.personas).map((p) => p.accountId), ...city.progressTargets.map((t) => t.accountId)])];
    const signed = await server.sign(accountIds);
    const tokens = new Map(accountIds.map((a, i) => [a, signed[i]]));
    const pool = createPool({ uri: dbUrl, connectionLimit: o.connections, dateStrings: true });
    const adminPool = createPool({ uri: maria.url, connectionLimit: 1 });
    pools.push(pool, adminPool);
    process.stdout.write(`server (child pid ${server.process.pid}) on port ${server.port} at ${at()}\n`);
    if (!o.smoke) process.stdout.write(`MariaDB idle after the build: waited ${(await settle(maria.pid)).toFixed(0)} s (${machine()})\n`);
    process.stdout.write('\n');

    if (o.against) {
      const other = resolvePath(o.against);
      if (COMPILED) {
        const built = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(other, 'tsconfig.build.json')], { cwd: other, encoding: 'utf8' });
        if (built.status !== 0) throw new Error(`building ${other} failed: ${built.stdout}${built.stderr}`);
      }
      const otherServer = await startServer(dbUrl.replace(/^mysql:/, 'mariadb:'), other);
      try {
        const otherSigned = await otherServer.sign(accountIds);
        const sides: [Side, Side] = [{ server, tokens }, { server: otherServer, tokens: new Map(accountIds.map((a, i) => [a, otherSigned[i]])) }];
        process.stdout.write(`side by side with ${other} (child pid ${otherServer.process.pid}): ${o.rounds} rounds of ${o.duration} s per workload and build\n\n`);
        process.stdout.write('| workload | this build: server CPU ms/req, req/s, p99 ms | the other: server CPU ms/req, req/s, p99 ms | the other ÷ this, CPU per request (median; per round) |\n|---|---|---|---|\n');
        for (const w of runOrder(WORKLOADS).filter((x) => !o.only || o.only.includes(x.key))) {
          const [mine, theirs] = await compare(w, o, city, sides);
          const ratios = mine.map((m, i) => theirs[i].cpu / m.cpu);
          const medians = (samples: readonly Sample[]): string =>
            `${fmt(median(samples.map((m) => m.cpu)), 2)}, ${fmt(median(samples.map((m) => m.rps)))}, ${fmt(median(samples.map((m) => m.p99)))}`;
          process.stdout.write(`| ${w.label} | ${medians(mine)} | ${medians(theirs)} | ${fmt(median(ratios), 3)}; ${ratios.map((r) => fmt(r, 2)).join(' ')} |\n`);
        }
      } finally {
        await otherServer.stop();
      }
      return;
    }

    const results: Measured[] = [];
    for (const w of runOrder(WORKLOADS).filter((x) => !o.only || o.only.includes(x.key))) {
      let m: Measured;
      try {
        m = await measure(w, o, { server, city, sql: sqlOfMysql(pool), tokens, maria, admin: adminPool });
      } catch (err) {
        m = { workload: w, failed: err instanceof Error ? err.message : String(err) };
      }
      results.push(m);
      const note = m.skipped ?? m.failed;
      process.stdout.write(`  ${w.label}: ${note ?? (o.smoke ? `${fmt(m.statements, 1)} statements/request` : `${fmt(m.rps, 1)} req/s, SQL limit ${fmt(m.sqlQps, 1)} q/s`)} (${at()})\n`);
    }
    process.stdout.write(`\nend: ${machine()}; server rss ${((await server.stats()).rss / 2 ** 20).toFixed(0)} MiB; total ${at()}\n\n`);
    printTable(results, o.smoke);
    if (!o.smoke) printDetails(results);
    if (results.some((m) => m.failed)) process.exitCode = 1;

    // Subscriptions: taskChanged fan-out to 1,000 and 200 subscribers on the demo data, in a
    // database of its own on the same MariaDB (goal: 1,000 served within 200 ms of the commit).
    if (!o.smoke && (!o.only || o.only.includes('subscriptions'))) {
      process.stdout.write('\nsubscriptions (taskChanged fan-out, a progress post three times per shape; goal: 1,000 subscribers within 200 ms of the commit):\n');
      await server.stop();
      server = null;
      await benchSubscriptions({ mysqlUrl: maria.url, repeat: 3 });
    }
  } finally {
    await server?.stop().catch(() => undefined);
    await Promise.all(pools.map((p) => p.end()));
    await maria.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
