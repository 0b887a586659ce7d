// On a 3-node MariaDB Galera cluster (the galera project, test/setup/galera-global.ts):
// two API servers on one database through two different nodes. A transaction that loses
// certification to a commit made through another node is run again by the one write helper
// (ZerenDataSource.transaction) and lands; concurrent writes to one record through two
// nodes lose nothing; a state step taken through both nodes at once is won by exactly one;
// a scheduled job's day is claimed by exactly one of two nodes.
import { addDays, today } from '../../src/clock';
import { createDataSource, type ZerenDataSource } from '../../src/data-source';
import type { Task } from '../../src/entities';
import { claimRun } from '../../src/scheduled-runs';
import { createServer, type ZerenServer } from '../../src/server';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import { startHarness, type Harness } from '../setup/harness';
import type { Persona } from '../setup/fixture';

type Result = { data?: Record<string, any> | null; errors?: readonly { extensions?: Record<string, unknown> }[] };

describeDb('on a Galera cluster: writes through two nodes', () => {
  let h: Harness;
  let other: ZerenDataSource;
  let server2: ZerenServer;
  let task: Task;

  const exec2 = async (query: string, variables: Record<string, unknown>, as: Persona): Promise<Result> => {
    const res = await server2.apollo.executeOperation({ query, variables }, { contextValue: await server2.contextFor(await h.tokenOf(as)) });
    if (res.body.kind !== 'single') throw new Error('unexpected incremental result');
    return res.body.singleResult as Result;
  };
  const exec1 = (query: string, variables: Record<string, unknown>, as: Persona): Promise<Result> => h.exec(query as never, variables, as) as Promise<Result>;

  beforeAll(async () => {
    const urls = (process.env.TEST_GALERA_URLS ?? '').split(',');
    h = await startHarness();
    // The same database through another node of the cluster.
    const mine = urls.find((u) => process.env.TEST_MYSQL_URL === u)!;
    const next = urls[(urls.indexOf(mine) + 1) % urls.length];
    expect(next).not.toBe(mine);
    other = createDataSource({ kind: 'mysql', url: `${next.replace(/\/?$/, '/')}${h.db.driver.database}`, sqlitePath: '' });
    await other.initialize();
    other.bound();
    server2 = await createServer(other, { playground: false });
    const { units, posts, officials } = h.fixture;
    await h.db.transaction(async (em) => {
      task = await new ResponsibilitySeeder(em).task(units.M1, posts.teamM1, officials.secretaryM1, {
        title: 'Shared task', year: Number(today().slice(0, 4)), domain: 'EDUCATION', milestones: [{ dueOn: addDays(today(), 60), targetPercent: 100 }],
      });
    });
  }, 120_000);
  afterAll(async () => {
    await server2?.stop();
    await other?.destroy();
    await h?.close();
  });

  it('runs a transaction that lost certification to another node again, and it lands on top of that commit', async () => {
    const read = async () => Number((await other.query('SELECT percent FROM task WHERE id = ?', [task.id]))[0].percent);
    const start = await read();
    const retried = (h.db as ZerenDataSource).conflictsRetried;
    let attempts = 0;
    await (h.db as ZerenDataSource).transaction(async (em) => {
      attempts += 1;
      const [row] = await em.query('SELECT percent FROM task WHERE id = ? FOR UPDATE', [task.id]);
      await em.query('UPDATE task SET percent = ? WHERE id = ?', [Number(row.percent) + 1, task.id]);
      // Meanwhile another node commits a write to the same row (its lock here is only local).
      if (attempts === 1) await other.query('UPDATE task SET percent = percent + 10 WHERE id = ?', [task.id]);
    });
    expect(attempts).toBe(2);
    expect((h.db as ZerenDataSource).conflictsRetried).toBe(retried + 1);
    // Both writes are there: nothing lost.
    await new Promise((r) => setTimeout(r, 200));
    expect(await read()).toBe(start + 11);
  });

  it('loses no progress post when two nodes take posts to one task at once', async () => {
    const post = 'mutation P($input: PostProgressInput!) { postProgress(input: $input) { id percent } }';
    const taskId = encodeId('Task', task.id);
    const before = Number((await h.db.query('SELECT COUNT(*) AS n FROM progress_update WHERE taskId = ?', [task.id]))[0].n);
    const answers: Result[] = [];
    for (let round = 0; round < 8; round++) {
      answers.push(...await Promise.all([
        exec1(post, { input: { taskId, percent: 20 + round * 2, text: `node A ${round}` } }, 'teamM1'),
        exec2(post, { input: { taskId, percent: 21 + round * 2, text: `node B ${round}` } }, 'teamM1'),
      ]));
    }
    expect(answers.map((a) => a.errors ?? null)).toEqual(Array(16).fill(null));
    // Read on node A: a commit made through node B is certified at once but applied here a
    // moment later (Galera's replication is synchronous to certify, not to apply), so the
    // count is read again until it has caught up, two seconds at most.
    const count = async () => Number((await h.db.query('SELECT COUNT(*) AS n FROM progress_update WHERE taskId = ?', [task.id]))[0].n);
    let after = await count();
    for (let i = 0; i < 100 && after - before < 16; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await count();
    }
    expect(after - before).toBe(16);
    process.stdout.write(`[galera] 16 concurrent posts through two nodes; transactions run again: ${(h.db as ZerenDataSource).conflictsRetried + (other as ZerenDataSource).conflictsRetried}\n`);
  });

  it('lets exactly one of two approvals of one notice, through two nodes at once, win', async () => {
    const [category] = await h.db.query('SELECT id FROM notice_category ORDER BY id LIMIT 1');
    const [domain] = await h.db.query("SELECT id FROM domain WHERE code = 'EDUCATION'");
    const { units, posts } = h.fixture;
    const drafted = await exec1('mutation D($input: DraftNoticeInput!) { draftNotice(input: $input) { id } }', {
      input: {
        unitId: encodeId('OrgUnit', units.M1.id), categoryId: encodeId('NoticeCategory', Number(category.id)), domainId: encodeId('Domain', Number(domain.id)),
        recipientPostId: encodeId('Post', posts.teamM1.id), title: 'Raced notice', problems: 'Problems', measures: 'Measures', source: 'DAILY_SUPERVISION', ccPostIds: [],
      },
    }, 'disciplineM1');
    expect(drafted.errors).toBeUndefined();
    const id = drafted.data!.draftNotice.id as string;
    expect((await exec1('mutation S($id: ID!) { submitNotice(id: $id) { state } }', { id }, 'disciplineM1')).errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    const approve = 'mutation A($id: ID!) { approveNotice(id: $id) { state } }';
    const [a, b] = await Promise.all([exec1(approve, { id }, 'secretaryM1'), exec2(approve, { id }, 'secretaryM1')]);
    const outcomes = [a, b].map((r) => (r.errors ? String(r.errors[0].extensions?.code) : r.data!.approveNotice.state)).sort();
    expect(outcomes).toEqual(['APPROVED', 'CONFLICT']);
    const [{ n }] = await h.db.query("SELECT COUNT(*) AS n FROM notice_event e JOIN notice x ON x.id = e.noticeId WHERE x.title = 'Raced notice' AND e.toState = 'APPROVED'");
    expect(Number(n)).toBe(1);
  });

  it("claims a scheduled job's day through exactly one of two nodes", async () => {
    const day = addDays(today(), 400);
    const claims = await Promise.all([claimRun(h.db, 'galera-test', day), claimRun(other, 'galera-test', day)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const rows = await other.query('SELECT claimedBy FROM scheduled_run WHERE job = ? AND day = ?', ['galera-test', day]);
    expect(rows).toEqual([{ claimedBy: claims.find(Boolean)!.token }]);
  });
});
