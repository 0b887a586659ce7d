// A primary and a read_only replica with GTID replication (scripts/replication.ts), the
// data source built with TypeORM's replication option (ZEREN_DB_REPLICA_URLS). With the
// replica's SQL thread stopped its lag is certain, and it proves the routing: a report read
// (taskStats, the portrait) by an official who wrote nothing comes from the replica (stale);
// the official who just wrote reads their write (the primary: the replica lacks their GTID);
// the viewer and every permission check are the primary's; a write sent to the replica fails
// loudly; once the replica catches up, the writer's reports go to it again.
import type { AddressInfo } from 'node:net';
import { createConnection } from 'mysql2/promise';
import { addDays, today } from '../../src/clock';
import { createDataSource, type ZerenDataSource } from '../../src/data-source';
import { signToken } from '../../src/auth/token';
import { createServer, type ZerenServer } from '../../src/server';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { APP_USER, startReplication, type Replication } from '../../scripts/replication';
import { describeDb } from '../setup/db';
import { seedFixture, type Fixture, type Persona } from '../setup/fixture';

type Body = { data?: Record<string, any> | null; errors?: { extensions?: Record<string, unknown> }[] };

describeDb('a primary and a replica: reports on the replica, read-your-writes, writes on the primary', () => {
  let rep: Replication;
  let db: ZerenDataSource;
  let direct: ZerenDataSource;
  let server: ZerenServer;
  let base: string;
  let fixture: Fixture;
  const name = `zeren_replica_${process.pid}`;
  const year = Number(today().slice(0, 4));

  const tokenOf = async (p: Persona): Promise<string> => (await signToken(fixture.accounts[p].id)).token;
  const gql = async (query: string, variables: Record<string, unknown>, as: Persona): Promise<Body> => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(as)}` },
      body: JSON.stringify({ query, variables }),
    });
    return await res.json() as Body;
  };
  const m1 = () => encodeId('OrgUnit', fixture.units.M1.id);
  const STATS = 'query S($unitId: ID!) { taskStats(filter: { unitId: $unitId }) { total } }';
  const PORTRAIT = 'query P($unitId: ID!, $year: Int!) { portrait(unitId: $unitId, year: $year) { tasks { total } } }';
  const LIST = 'query L($unitId: ID!) { tasks(first: 1, filter: { unitId: $unitId }) { totalCount } }';
  const statsOf = async (as: Persona): Promise<number> => {
    const body = await gql(STATS, { unitId: m1() }, as);
    expect(body.errors).toBeUndefined();
    return body.data!.taskStats.total;
  };
  const portraitOf = async (as: Persona): Promise<number> => {
    const body = await gql(PORTRAIT, { unitId: m1(), year }, as);
    expect(body.errors).toBeUndefined();
    return body.data!.portrait.tasks.total;
  };
  const listOf = async (as: Persona): Promise<number> => (await gql(LIST, { unitId: m1() }, as)).data!.tasks.totalCount;
  /** A task of M1 written on the primary behind the API's back (another process, say). */
  const taskBehindTheBack = async (title: string) => direct.transaction(async (em) => {
    await new ResponsibilitySeeder(em).task(fixture.units.M1, fixture.posts.teamM1, fixture.officials.secretaryM1, {
      title, year, domain: 'EDUCATION', milestones: [{ dueOn: addDays(today(), 60), targetPercent: 100 }],
    });
  });

  beforeAll(async () => {
    rep = await startReplication();
    const root = await createConnection(rep.primary.url);
    await root.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await root.end();
    const at = (url: string) => `${url.replace(/^mysql:/, 'mariadb:')}${name}`;
    db = createDataSource({ kind: 'mysql', url: at(rep.appUrls.primary), replicaUrls: [at(rep.appUrls.replica)], sqlitePath: '' });
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    db.bound();
    direct = createDataSource({ kind: 'mysql', url: at(rep.appUrls.primary), sqlitePath: '' });
    await direct.initialize();
    fixture = await seedFixture(direct);
    await taskBehindTheBack('Before the pause');
    await rep.resume();
    server = await createServer(db, { playground: false });
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db?.destroy();
    await direct?.destroy();
    await rep?.stop();
  }, 60_000);

  it('refuses a write sent to the replica, loudly (read_only; the application is no administrator)', async () => {
    const runner = db.createQueryRunner('slave');
    try {
      const [who] = await runner.query('SELECT CURRENT_USER() AS u');
      expect(String(who.u)).toMatch(new RegExp(`^${APP_USER}@`));
      await expect(runner.query("UPDATE org_unit SET name = 'Renamed' WHERE id = ?", [fixture.units.M1.id]))
        .rejects.toMatchObject({ driverError: expect.objectContaining({ code: 'ER_OPTION_PREVENTS_STATEMENT' }) });
    } finally {
      await runner.release();
    }
  });

  it('shows each node\'s pool in the metrics: the primary and the replica', async () => {
    await statsOf('secretaryS1'); // a report read: the replica's pool opens a connection
    const text = await server.metrics.registry.metrics();
    for (const node of ['primary', 'replica-0']) {
      for (const state of ['in_use', 'idle', 'waiting']) expect(text).toMatch(new RegExp(`zeren_db_pool_connections\\{node="${node}",state="${state}"\\} \\d+`));
    }
    expect(text).toMatch(/zeren_db_pool_connections\{node="replica-0",state="idle"\} [1-9]/);
  });

  it('reads reports from the replica, lists and permission checks from the primary, and a writer their own write', async () => {
    const before = await statsOf('secretaryS1');
    expect(before).toBeGreaterThan(0);
    expect(await portraitOf('analystC1')).toBe(before);
    await rep.pause();
    // Written behind the API's back: the primary has it, the paused replica not.
    await taskBehindTheBack('During the pause');
    expect(await listOf('secretaryM1')).toBe(before + 1);
    expect(await statsOf('secretaryS1')).toBe(before);
    expect(await portraitOf('analystC1')).toBe(before);
    expect(await statsOf('secretaryM1')).toBe(before);

    // secretaryM1 writes through the API: their reports come from the primary from now on.
    const created = await gql('mutation C($input: CreateTaskInput!) { createTask(input: $input) { id } }', {
      input: {
        unitId: m1(), year, title: 'Written through the API', domainId: encodeId('Domain', Number((await direct.query("SELECT id FROM domain WHERE code = 'EDUCATION'"))[0].id)),
        leaderPostId: encodeId('Post', fixture.posts.teamM1.id), leadOffice: '党建办', goal: 'Goal', measures: 'Measures', visibility: 'INTERNAL',
        milestones: [{ title: 'Done', dueOn: addDays(today(), 30), targetPercent: 100 }],
      },
    }, 'secretaryM1');
    expect(created.errors).toBeUndefined();
    expect(await statsOf('secretaryM1')).toBe(before + 2);
    expect(await portraitOf('secretaryM1')).toBe(before + 2);
    // Others who wrote nothing still read the replica.
    expect(await statsOf('secretaryS1')).toBe(before);
    expect(await portraitOf('analystC1')).toBe(before);

    // A deactivation holds on the next request although the replica still has the account active: the viewer is the primary's.
    expect((await gql(STATS, { unitId: m1() }, 'officeS1')).errors).toBeUndefined();
    const off = await gql('mutation D($id: ID!) { setAccountActive(id: $id, active: false) { active } }',
      { id: encodeId('Account', fixture.accounts.officeS1.id) }, 'adminC1');
    expect(off.data).toEqual({ setAccountActive: { active: false } });
    expect((await gql(STATS, { unitId: m1() }, 'officeS1')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    // Caught up: the writer's reports go to the replica again (proved by another write behind the back, unseen there).
    await rep.resume();
    expect(await statsOf('secretaryM1')).toBe(before + 2);
    await rep.pause();
    await taskBehindTheBack('During the second pause');
    expect(await statsOf('secretaryM1')).toBe(before + 2);
    expect(await listOf('secretaryM1')).toBe(before + 3);
    await rep.resume();
    expect(await statsOf('secretaryM1')).toBe(before + 3);
  });
});
