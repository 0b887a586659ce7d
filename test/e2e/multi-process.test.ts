// Several stateless API processes (issue 15, part 1): two real Zeren processes (src/main.ts)
// on one database, sharing a real redis-server (ZEREN_REDIS_URL). A subscriber on one
// hears a write made through the other; an account deactivated through one is refused by
// the other on its next request, and a unit renamed through one is read renamed by the
// other; a day's reminders are made once and heard once, whichever process runs them; the
// rate limit is one budget across both.
import { createHash } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import Database from 'better-sqlite3';
import { createConnection, type Connection } from 'mysql2/promise';
import { today } from '../../src/clock';
import { encodeId } from '../../src/schema/node';
import { dbKind, describeDb } from '../setup/db';
import { demoToken, post, processDatabase, startZeren, stopZeren, type ProcessDatabase, type Running } from '../setup/process';
import { describeWithRedis, startRedis, type RedisServer } from '../setup/redis';
import { Watch } from '../setup/watch';

type Row = Record<string, unknown>;

(describeDb === describe ? describeWithRedis : describeDb)('several API processes sharing Redis', () => {
  let redis: RedisServer;
  let db: ProcessDatabase;
  let a: Running;
  let b: Running;
  let sql: (text: string, params?: unknown[]) => Promise<Row[]>;
  let closeSql: () => Promise<void>;
  const clients: Client[] = [];

  const wsOf = (run: Running) => run.base.replace(/^http/, 'ws') + '/graphql';
  const subscribe = <D>(run: Running, token: string, query: string, variables: Record<string, unknown> = {}): Watch<D> => {
    const client = createClient({ url: wsOf(run), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: { authorization: `Bearer ${token}` } });
    clients.push(client);
    return new Watch<D>(client, query, variables);
  };

  beforeAll(async () => {
    redis = await startRedis();
    db = await processDatabase('processes');
    const env = { ZEREN_REDIS_URL: redis.url, ZEREN_SCHEDULER_CHECK_MS: '300', ZEREN_RATE_LIMIT_PER_MINUTE: '40' };
    // The first seeds the demo (and runs today's reminders); the second finds it seeded.
    a = await startZeren(db, env);
    b = await startZeren(db, env);
    if (dbKind() === 'sqlite') {
      const file = new Database(db.url.replace(/^sqlite:/, ''));
      file.pragma('busy_timeout = 5000');
      sql = async (text, params = []) => (/^\s*select/i.test(text) ? file.prepare(text).all(...params) as Row[] : (file.prepare(text).run(...params), []));
      closeSql = async () => { file.close(); };
    } else {
      const conn: Connection = await createConnection(db.url.replace(/^mariadb:/, 'mysql:'));
      sql = async (text, params = []) => {
        const [rows] = await conn.query(text, params);
        return Array.isArray(rows) ? rows as Row[] : [];
      };
      closeSql = () => conn.end();
    }
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all([a, b].filter(Boolean).map(stopZeren));
    await closeSql?.();
    await db?.drop();
    await redis?.stop();
  }, 60_000);

  it('a subscriber on one process hears a progress post made through the other', async () => {
    const token = await demoToken(a.base, 'd1s1c1.secretary');
    const { body } = await post<{ workItems: { edges: { node: { record: { id: string } } }[] } }>(a.base,
      '{ workItems(first: 1, filter: { kinds: [REPORT_PROGRESS] }) { edges { node { record { id } } } } }', {}, token);
    const taskId = body.data!.workItems.edges[0].node.record.id;
    const watch = subscribe<{ taskChanged: { id: string; percent: number } }>(a, token, 'subscription { taskChanged { id percent } }');
    // The subscription is live once Redis has acknowledged it: a write before that would be missed.
    await new Promise((r) => setTimeout(r, 500));
    const posted = await post<{ postProgress: { percent: number } }>(b.base,
      'mutation P($input: PostProgressInput!) { postProgress(input: $input) { percent } }',
      { input: { taskId, percent: 37, text: '跨进程的进展' } }, token);
    expect(posted.body.errors).toBeUndefined();
    const event = await watch.next(5000);
    expect(event).toEqual({ data: { taskChanged: { id: taskId, percent: 37 } } });
    watch.stop();
  });

  it('an account deactivated through one process is refused by the other on its next request', async () => {
    const admin = await demoToken(b.base, 'city.admin');
    const token = await demoToken(a.base, 'd2.office');
    const me = '{ orgUnits(first: 1) { totalCount } }';
    // Served (and its viewer cached) by process A.
    expect((await post(a.base, me, {}, token)).body.errors).toBeUndefined();
    expect((await post(a.base, me, {}, token)).body.errors).toBeUndefined();
    const [account] = await sql('SELECT id FROM account WHERE username = ?', ['d2.office']);
    const off = await post(b.base, 'mutation D($id: ID!) { setAccountActive(id: $id, active: false) { active } }',
      { id: encodeId('Account', Number(account.id)) }, admin);
    expect(off.body).toEqual({ data: { setAccountActive: { active: false } }, extensions: expect.anything() });
    const refused = await post(a.base, me, {}, token);
    expect(refused.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await post(b.base, me, {}, token)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // Re-activated through A: signs in and is served by B at once (the old token stays ended).
    const on = await post(a.base, 'mutation D($id: ID!) { setAccountActive(id: $id, active: true) { active } }',
      { id: encodeId('Account', Number(account.id)) }, admin);
    expect(on.body.errors).toBeUndefined();
    expect((await post(b.base, me, {}, await demoToken(b.base, 'd2.office'))).body.errors).toBeUndefined();
  });

  it('a unit renamed through one process is read renamed by the other on its next request', async () => {
    const admin = await demoToken(b.base, 'city.admin');
    const token = await demoToken(a.base, 'd2.office');
    const listed = await post<{ orgUnits: { edges: { node: { id: string; name: string } }[] } }>(a.base,
      '{ orgUnits(first: 1, filter: { level: STREET }) { edges { node { id name } } } }', {}, token);
    const { id, name } = listed.body.data!.orgUnits.edges[0].node;
    const read = async () => (await post<{ orgUnit: { name: string } }>(a.base, 'query U($id: ID!) { orgUnit(id: $id) { name } }', { id }, token)).body.data!.orgUnit.name;
    // Read twice by A: its tree cache holds the unit.
    expect(await read()).toBe(name);
    expect(await read()).toBe(name);
    const renamed = await post(b.base, 'mutation R($id: ID!, $n: String!) { renameOrgUnit(id: $id, name: $n) { name } }', { id, n: `${name}（更名）` }, admin);
    expect(renamed.body.errors).toBeUndefined();
    expect(await read()).toBe(`${name}（更名）`);
  });

  it("makes a day's reminders once, and each is heard once, whichever process runs them", async () => {
    const day = today();
    const reminders = `SELECT n.id, n.officialId, n.reminderKey FROM notification n WHERE n.offsetDays IS NOT NULL ORDER BY n.officialId, n.reminderKey`;
    const before = await sql(reminders);
    expect(before.length).toBeGreaterThan(0);
    // The official with the most reminders listens on process A.
    const counts = new Map<number, number>();
    for (const r of before) counts.set(Number(r.officialId), (counts.get(Number(r.officialId)) ?? 0) + 1);
    const [officialId, expected] = [...counts].sort((x, y) => y[1] - x[1])[0];
    const [account] = await sql('SELECT username FROM account WHERE officialId = ? ORDER BY id', [officialId]);
    const token = await demoToken(a.base, String(account.username));
    const watch = subscribe<{ notificationAdded: { id: string; kind: string } }>(a, token, 'subscription { notificationAdded { id kind } }');
    await new Promise((r) => setTimeout(r, 500));
    // The day as if it had not run yet: both processes check every 300 ms and race for it.
    await sql('DELETE FROM notification WHERE offsetDays IS NOT NULL');
    await sql('DELETE FROM scheduled_run WHERE job = ? AND day = ?', ['reminders', day]);
    const heard: string[] = [];
    for (;;) {
      const event = await watch.next(heard.length < expected ? 10_000 : 1_500);
      if (event === 'timeout' || event === 'done') break;
      heard.push((event.data as { notificationAdded: { id: string } }).notificationAdded.id);
    }
    watch.stop();
    const after = await sql(reminders);
    // The same reminders again, each once; the listener heard each of its own exactly once.
    expect(after.map((r) => [Number(r.officialId), r.reminderKey])).toEqual(before.map((r) => [Number(r.officialId), r.reminderKey]));
    const mine = after.filter((r) => Number(r.officialId) === officialId).map((r) => encodeId('Notification', Number(r.id)));
    expect(heard.sort()).toEqual(mine.sort());
    const runs = await sql('SELECT claimedBy, finishedAt FROM scheduled_run WHERE job = ? AND day = ?', ['reminders', day]);
    expect(runs).toHaveLength(1);
    expect(runs[0].finishedAt).not.toBeNull();
  }, 60_000);

  it('finds a persisted query registered through one process on the other (APQ in Redis)', async () => {
    const token = await demoToken(a.base, 'd2.office');
    const query = `query ApqProbe${process.pid} { __typename }`;
    const persisted = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    const send = async (run: Running, body: Record<string, unknown>) => (await fetch(`${run.base}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body),
    })).json() as Promise<{ data?: unknown; errors?: unknown[] }>;
    // Unknown everywhere at first: the client is asked for the text.
    expect((await send(b, { extensions: persisted })).errors).toEqual([
      { message: 'PersistedQueryNotFound', extensions: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_NOT_FOUND' } },
    ]);
    expect(await send(a, { query, extensions: persisted })).toEqual({ data: { __typename: 'Query' } });
    // Registered through a, known to b by its hash alone.
    expect(await send(b, { extensions: persisted })).toEqual({ data: { __typename: 'Query' } });
  });

  it('counts one rate-limit budget across the processes', async () => {
    const token = await demoToken(a.base, 'city.analyst');
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push((await post(a.base, '{ __typename }', {}, token)).status);
      statuses.push((await post(b.base, '{ __typename }', {}, token)).status);
    }
    // 40 a minute for the account, wherever its requests land: the 41st and later are refused.
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    expect(statuses.slice(40)).toEqual(Array(10).fill(429));
  });
});
