// npm run bench:subscriptions [-- --mysql mysql://root@127.0.0.1:3306/] [--repeat N]
// Subscription fan-out on the demo data: opens `taskChanged` subscribers over loopback
// (graphql-ws clients in a child process, so their work is not charged to the server),
// posts progress once per shape over HTTP, and prints the time from the mutation's COMMIT
// and from its response to the last delivery, and the SQL statements per event. SQLite in
// memory by default; with --mysql, a throwaway database on that server. The load benchmark
// calls benchSubscriptions(), or measureFanOut() with a server of its own.
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { TaskChangedDocument } from '../operations/generated/graphql';
import { signToken } from '../src/auth/token';
import { createContext } from '../src/context';
import { createDataSource } from '../src/data-source';
import { Account, Official, OrgUnit, Post, Task } from '../src/entities';
import { events } from '../src/events';
import { taskService } from '../src/resolvers/tasks/task.service';
import { PostRole, TaskStatus, UnitLevel, Visibility } from '../src/schema/enums';
import { encodeId } from '../src/schema/node';
import { seedDemo } from '../src/seed/demo';
import { createServer, type ZerenServer } from '../src/server';
import { StatementCounter } from '../src/statement-counter';
import { authenticate } from '../src/auth/authenticate';

/**
 * Wall-clock milliseconds, comparable between the server and the client process: the system
 * clock read now by each. (performance.timeOrigin is the wall clock at each process's start:
 * a step of the machine's clock between the two starts, seen here once as 10.5 s, shifted
 * every delivery by it.)
 */
const clock = (): number => Date.now();

/** Counts statements and remembers when each was sent. */
export class TimedCounter extends StatementCounter {
  times: number[] = [];
  override logQuery(query: string): void {
    super.logQuery(query);
    this.times.push(clock());
  }
  override reset(): void {
    super.reset();
    this.times = [];
  }
}

export interface BenchShape {
  readonly label: string;
  /** Distinct accounts (each one subscription group on a multiplexing server). */
  readonly accounts: number;
  readonly socketsPerAccount: number;
}

export const DEFAULT_SHAPES: readonly BenchShape[] = [
  { label: '10 accounts x 100 sockets', accounts: 10, socketsPerAccount: 100 },
  { label: '10 accounts x 20 sockets', accounts: 10, socketsPerAccount: 20 },
  { label: '1,000 accounts x 1 socket', accounts: 1000, socketsPerAccount: 1 },
  { label: '200 accounts x 1 socket', accounts: 200, socketsPerAccount: 1 },
];

export interface FanOutResult {
  readonly label: string;
  readonly subscribers: number;
  readonly accounts: number;
  /** From the mutation's COMMIT being sent to the last subscriber's delivery: the goal. */
  readonly commitToLastMs: number;
  /** From the COMMIT to the mutation's HTTP response (the fan-out shares the event loop). */
  readonly commitToResponseMs: number;
  /** From the mutation's response to the last delivery (negative: the response came last). */
  readonly responseToLastMs: number;
  readonly delivered: number;
  /** Statements after the mutation's COMMIT, once every group is quiet. */
  readonly statements: number;
}

// ---------------------------------------------------------------- the client process

type ToClients =
  | { type: 'open'; url: string; query: string; probeId: string; targetId: string; subscribers: string[] }
  | { type: 'arm' }
  | { type: 'close' };
type FromClients =
  | { type: 'connected' }
  | { type: 'live' }
  | { type: 'armed' }
  | { type: 'delivered'; count: number; last: number; errors: number }
  | { type: 'closed' };

/** Runs in the child: one graphql-ws client (socket) per subscriber token. */
function runClients(): void {
  const send = (m: FromClients) => process.send!(m);
  let clients: Client[] = [];
  let lastMessage = 0;
  let current = { targetId: '', expected: 0 };
  let armed: { count: number; errors: number; last: number } | null = null;
  process.on('message', (msg: ToClients) => {
    if (msg.type === 'open') {
      const live = new Set<number>();
      let connected = 0;
      clients = msg.subscribers.map((token, i) => {
        const client = createClient({
          url: msg.url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false,
          connectionParams: { authorization: `Bearer ${token}` },
          on: { connected: () => { if (++connected === msg.subscribers.length) send({ type: 'connected' }); } },
        });
        client.subscribe<{ taskChanged: { id: string } }>({ query: msg.query }, {
          next: (e) => {
            lastMessage = clock();
            const id = e.data?.taskChanged?.id;
            if (id === msg.probeId && !live.has(i)) {
              live.add(i);
              if (live.size === msg.subscribers.length) send({ type: 'live' });
            }
            if (armed && id === current.targetId) {
              armed.count += 1;
              if (e.errors) armed.errors += 1;
              armed.last = clock();
              if (armed.count === current.expected) send({ type: 'delivered', count: armed.count, last: armed.last, errors: armed.errors });
            }
          },
          error: () => undefined,
          complete: () => undefined,
        });
        return client;
      });
      armed = null;
      current = { targetId: msg.targetId, expected: msg.subscribers.length };
    } else if (msg.type === 'arm') {
      // Armed once no probe has arrived for 300 ms.
      const wait = () => {
        if (clock() - lastMessage < 300) return void setTimeout(wait, 50);
        armed = { count: 0, errors: 0, last: 0 };
        send({ type: 'armed' });
      };
      wait();
    } else if (msg.type === 'close') {
      void Promise.all(clients.map((c) => c.dispose())).then(() => {
        clients = [];
        send({ type: 'closed' });
      });
    }
  });
}

/** The subscribers' process: graphql-ws clients driven over IPC. */
export class ClientProcess {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<FromClients['type'], (m: FromClients) => void>();

  constructor() {
    // The same file, as a child running only the clients.
    this.child = fork(__filename, ['--clients'], {
      execArgv: __filename.endsWith('.ts') ? ['-r', 'ts-node/register'] : [], env: { ...process.env, TS_NODE_SWC: 'true' }, stdio: 'inherit',
    });
    this.child.on('message', (m: FromClients) => {
      const w = this.waiting.get(m.type);
      this.waiting.delete(m.type);
      w?.(m);
    });
  }

  send(m: ToClients): void {
    this.child.send(m);
  }

  /** The next message of this type, or an error after `ms`. */
  expect<T extends FromClients['type']>(type: T, ms: number): Promise<Extract<FromClients, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.waiting.delete(type); reject(new Error(`no "${type}" from the clients within ${ms} ms`)); }, ms);
      this.waiting.set(type, (m) => { clearTimeout(timer); resolve(m as Extract<FromClients, { type: T }>); });
    });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

// ---------------------------------------------------------------- the server side

export interface FanOutTarget {
  readonly server: ZerenServer;
  readonly db: DataSource;
  readonly counter: TimedCounter;
  /** The INTERNAL task whose progress is posted, its leader's token and its current percent. */
  readonly task: { id: number; percent: number; leaderToken: string };
  /** A PUBLIC task every subscriber sees: published until all subscriptions are live. */
  readonly probeTaskId: number;
  /** Tokens of distinct accounts that may see the task, at least as many as the largest shape needs. */
  readonly tokens: readonly string[];
}

/** Opens a shape's subscribers, posts progress once per repeat, measures, closes them. */
export async function measureFanOut(target: FanOutTarget, shape: BenchShape, clients: ClientProcess, repeat = 1): Promise<FanOutResult[]> {
  if (target.tokens.length < shape.accounts) throw new Error(`${shape.label}: only ${target.tokens.length} accounts in scope`);
  const url = `ws://127.0.0.1:${(target.server.http.address() as AddressInfo).port}/graphql`;
  const subscribers = target.tokens.slice(0, shape.accounts).flatMap((t) => Array<string>(shape.socketsPerAccount).fill(t));
  clients.send({
    type: 'open', url, query: print(TaskChangedDocument), subscribers,
    probeId: encodeId('Task', target.probeTaskId), targetId: encodeId('Task', target.task.id),
  });
  await clients.expect('connected', 60_000);
  // Probe until every subscription has received one event: then all are live.
  const live = clients.expect('live', 120_000);
  let isLive = false;
  void live.then(() => { isLive = true; }, () => undefined);
  for (let i = 0; i < 40 && !isLive; i++) {
    events.publish('taskChanged', { taskId: target.probeTaskId });
    await Promise.race([live.catch(() => undefined), new Promise((r) => setTimeout(r, 3000))]);
  }
  await live;
  const results: FanOutResult[] = [];
  for (let r = 0; r < repeat; r++) {
    clients.send({ type: 'arm' });
    await clients.expect('armed', 60_000);
    const delivered = clients.expect('delivered', 60_000);
    target.counter.reset();
    target.task.percent = Math.min(99, target.task.percent + 1);
    const res = await fetch(`http://127.0.0.1:${(target.server.http.address() as AddressInfo).port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.task.leaderToken}` },
      body: JSON.stringify({
        query: 'mutation($input: PostProgressInput!) { postProgress(input: $input) { id } }',
        variables: { input: { taskId: encodeId('Task', target.task.id), text: `bench ${target.task.percent}`, percent: target.task.percent } },
      }),
    });
    const body = await res.json() as { errors?: unknown[] };
    const responded = clock();
    if (body.errors) throw new Error(`postProgress failed: ${JSON.stringify(body.errors)}`);
    const done = await delivered;
    // The groups that deliver nothing finish after the last delivery: count once all is quiet.
    let seen = -1;
    while (seen !== target.counter.count) {
      seen = target.counter.count;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const commit = target.counter.statements.lastIndexOf('COMMIT');
    results.push({
      label: shape.label, subscribers: subscribers.length, accounts: shape.accounts,
      commitToLastMs: done.last - target.counter.times[commit], commitToResponseMs: responded - target.counter.times[commit],
      responseToLastMs: done.last - responded,
      delivered: done.count - done.errors, statements: target.counter.count - commit - 1,
    });
  }
  clients.send({ type: 'close' });
  await clients.expect('closed', 60_000);
  return results;
}

/** The demo data, the task to post on, and enough accounts that may see it. */
async function prepareDemo(db: DataSource, accountsNeeded: number): Promise<Omit<FanOutTarget, 'server' | 'counter' | 'db'>> {
  await seedDemo(db);
  // An INTERNAL task in progress at a community: every tier above sees it.
  const task = await db.getRepository(Task).createQueryBuilder('t')
    .innerJoin(OrgUnit, 'u', 'u.id = t.unitId')
    .where('u.level = :level AND t.visibility = :internal AND t.status = :open', { level: UnitLevel.COMMUNITY, internal: Visibility.INTERNAL, open: TaskStatus.IN_PROGRESS })
    .andWhere('t.percent < 90')
    .orderBy('t.id').getOneOrFail();
  const probe = await db.getRepository(Task).findOneByOrFail({ visibility: Visibility.PUBLIC });
  const leaderPost = await db.getRepository(Post).findOneByOrFail({ id: task.leaderPostId });
  const leader = await db.getRepository(Account).findOneByOrFail({ officialId: leaderPost.officialId });
  // The demo accounts that see the task (about two dozen), then as many extra INFORMANT
  // accounts at its community as the largest shape needs.
  const tokens: string[] = [];
  for (const account of await db.getRepository(Account).find({ order: { id: 'ASC' } })) {
    const token = (await signToken(account.id)).token;
    const viewer = await authenticate(db, token);
    if (viewer && (await taskService.byId(createContext(db, viewer, 'bench'), task.id))) tokens.push(token);
  }
  const unit = await db.getRepository(OrgUnit).findOneByOrFail({ id: task.unitId });
  const at = new Date();
  for (let start = tokens.length; start < accountsNeeded; start += 200) {
    const n = Math.min(200, accountsNeeded - start);
    const officials = await db.getRepository(Official).insert(Array.from({ length: n }, (_, i) => ({
      cityId: unit.cityId, unitId: unit.id, name: `Bench ${start + i}`, title: 'INFORMANT', phone: null, idNumber: null, createdAt: at,
    })));
    const ids = officials.identifiers.map((x) => Number(x.id));
    await db.getRepository(Post).insert(ids.map((officialId) => ({ cityId: unit.cityId, officialId, unitId: unit.id, role: PostRole.INFORMANT, since: '2024-01-01', until: null })));
    const accounts = await db.getRepository(Account).insert(ids.map((officialId) => ({
      officialId, username: `bench.${officialId}`, passwordHash: 'x', active: true, failedLogins: 0, lockedUntil: null, lastLoginAt: null, createdAt: at,
    })));
    for (const x of accounts.identifiers) tokens.push((await signToken(Number(x.id))).token);
  }
  return { task: { id: task.id, percent: task.percent, leaderToken: (await signToken(leader.id)).token }, probeTaskId: probe.id, tokens };
}

export interface BenchOptions {
  /** A MariaDB/MySQL server URL (mysql://user@127.0.0.1:3306/): a throwaway database is created and dropped. Default: SQLite in memory. */
  readonly mysqlUrl?: string;
  readonly shapes?: readonly BenchShape[];
  /** Progress posts per shape (each measured). */
  readonly repeat?: number;
  readonly print?: (line: string) => void;
}

/** Seeds the demo, starts a server on loopback, measures every shape; bounded in time. */
export async function benchSubscriptions(options: BenchOptions = {}): Promise<FanOutResult[]> {
  const shapes = options.shapes ?? DEFAULT_SHAPES;
  const out = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const counter = new TimedCounter();
  let dropDatabase: (() => Promise<void>) | null = null;
  let db: DataSource;
  if (options.mysqlUrl) {
    const base = options.mysqlUrl.replace(/\/[^/]*$/, '/');
    const name = `zeren_bench_${process.pid}`;
    const conn = await createConnection(base.replace(/^mariadb:/, 'mysql:'));
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    dropDatabase = async () => {
      const c = await createConnection(base.replace(/^mariadb:/, 'mysql:'));
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    };
    db = createDataSource({ kind: 'mysql', url: `${base}${name}`, sqlitePath: '' }, counter);
  } else {
    db = createDataSource({ kind: 'sqlite', sqlitePath: ':memory:' }, counter);
  }
  let server: ZerenServer | null = null;
  const clients = new ClientProcess();
  try {
    await db.initialize();
    await db.runMigrations();
    const t0 = clock();
    const demo = await prepareDemo(db, Math.max(...shapes.map((s) => s.accounts)));
    out(`demo data on ${options.mysqlUrl ? 'MariaDB' : 'SQLite'} in ${(clock() - t0).toFixed(0)} ms; ${demo.tokens.length} accounts see task ${demo.task.id}`);
    server = await createServer(db, { playground: false, trustedDocuments: false });
    await new Promise<void>((resolve) => server!.http.listen(0, '127.0.0.1', resolve));
    const target: FanOutTarget = { server, db, counter, ...demo };
    const results: FanOutResult[] = [];
    out('shape                       subscribers  commit->last  commit->response  response->last  delivered  statements/event');
    for (const shape of shapes) {
      for (const r of await measureFanOut(target, shape, clients, options.repeat ?? 1)) {
        results.push(r);
        const ms = (n: number, w: number) => `${n.toFixed(0).padStart(w)} ms`;
        out(`${r.label.padEnd(27)} ${String(r.subscribers).padStart(11)}  ${ms(r.commitToLastMs, 9)}  ${ms(r.commitToResponseMs, 13)}  ${ms(r.responseToLastMs, 11)}  ${String(r.delivered).padStart(9)}  ${String(r.statements).padStart(16)}`);
      }
    }
    return results;
  } finally {
    clients.kill();
    await server?.stop();
    if (db.isInitialized) await db.destroy();
    await dropDatabase?.();
  }
}

if (require.main === module) {
  if (process.argv.includes('--clients')) {
    runClients();
  } else {
    const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
    // Bounded: the whole run gives up after ten minutes.
    const deadline = setTimeout(() => { process.stderr.write('bench-subscriptions: over ten minutes, giving up\n'); process.exit(1); }, 600_000);
    benchSubscriptions({ mysqlUrl: arg('--mysql'), repeat: Number(arg('--repeat') ?? 1) })
      .then(() => { clearTimeout(deadline); process.exit(0); })
      .catch((err) => { process.stderr.write(`bench-subscriptions failed: ${err instanceof Error ? err.stack : String(err)}\n`); process.exit(1); });
  }
}
