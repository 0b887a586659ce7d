// Due soon (临期, issue 12): dueWithinDays beside overdue on tasks, notices, rectification
// items and written reports, checked on the demo data against the records' own dates: each
// list holds exactly its open records due from today to today + N, none overdue.
import type { DataSource } from 'typeorm';
import { addDays, today } from '../../src/clock';
import { Account } from '../../src/entities';
import { signToken } from '../../src/auth/token';
import { seedDemo } from '../../src/seed/demo';
import { createServer, type ZerenServer } from '../../src/server';
import { closeTestDatabase, describeDb, openTestDatabase } from '../setup/db';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

describeDb('due soon (dueWithinDays)', () => {
  let db: DataSource;
  let server: ZerenServer;
  let token: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    await seedDemo(db);
    server = await createServer(db, { playground: false });
    // The city's DISCIPLINE reads every list of the city (tasks, notices, items, reports).
    const account = await db.getRepository(Account).findOneByOrFail({ username: 'city.discipline' });
    token = (await signToken(account.id)).token;
  }, 120_000);
  afterAll(async () => {
    await server.stop();
    await closeTestDatabase(db);
  });

  const run = async (query: string, variables: Record<string, unknown>): Promise<J> => {
    const res = await server.apollo.executeOperation({ query, variables }, { contextValue: await server.contextFor(token) });
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    return res.body.singleResult.data;
  };
  const days = 14;
  const to = addDays(today(), days);
  const ids = (rows: { id: number | string }[]) => rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  const idsOf = (page: J) => page.edges.map((e: J) => Number(Buffer.from(e.node.id, 'base64').toString().split(':')[1])).sort((a: number, b: number) => a - b);

  it('lists the open tasks whose next milestone is due within the window, and no overdue one', async () => {
    const data = await run('query T($d: Int) { tasks(first: 100, filter: { dueWithinDays: $d }) { totalCount edges { node { id nextDueOn overdue } } } }', { d: days });
    const expected = await db.query("SELECT id FROM task WHERE status <> 'CLOSED' AND nextDueOn >= ? AND nextDueOn <= ?", [today(), to]);
    expect(expected.length).toBeGreaterThan(0);
    expect(idsOf(data.tasks)).toEqual(ids(expected));
    expect(data.tasks.edges.every((e: J) => !e.node.overdue && e.node.nextDueOn >= today() && e.node.nextDueOn <= to)).toBe(true);
  });

  it('lists the issued notices due within the window', async () => {
    const data = await run('query N($d: Int) { notices(first: 100, filter: { dueWithinDays: $d }) { edges { node { id state dueOn overdue } } } }', { d: 100 });
    const expected = await db.query("SELECT id FROM notice WHERE state = 'ISSUED' AND dueOn >= ? AND dueOn <= ?", [today(), addDays(today(), 100)]);
    expect(expected.length).toBeGreaterThan(0);
    expect(idsOf(data.notices)).toEqual(ids(expected));
    expect(data.notices.edges.every((e: J) => e.node.state === 'ISSUED' && !e.node.overdue)).toBe(true);
  });

  it('lists the open rectification items and the unsubmitted written reports due within the window', async () => {
    const items = await run('query I($d: Int) { rectificationItems(first: 100, filter: { dueWithinDays: $d }) { edges { node { id status deadline overdue } } } }', { d: 60 });
    const expectedItems = await db.query("SELECT id FROM rectification_item WHERE status = 'OPEN' AND deadline >= ? AND deadline <= ?", [today(), addDays(today(), 60)]);
    expect(expectedItems.length).toBeGreaterThan(0);
    expect(idsOf(items.rectificationItems)).toEqual(ids(expectedItems));
    const reports = await run('query R($d: Int) { reports(first: 100, filter: { dueWithinDays: $d }) { edges { node { id dueOn overdue } } } }', { d: 366 });
    const expectedReports = await db.query("SELECT id FROM report WHERE kind = 'WRITTEN' AND submittedAt IS NULL AND dueOn >= ? AND dueOn <= ?", [today(), addDays(today(), 366)]);
    expect(idsOf(reports.reports)).toEqual(ids(expectedReports));
    expect([...items.rectificationItems.edges, ...reports.reports.edges].every((e: J) => !e.node.overdue)).toBe(true);
  });

  it('refuses a negative or too wide window', async () => {
    for (const d of [-1, 367]) {
      const res = await server.apollo.executeOperation({ query: 'query T($d: Int) { tasks(filter: { dueWithinDays: $d }) { totalCount } }', variables: { d } },
        { contextValue: await server.contextFor(token) });
      if (res.body.kind !== 'single') throw new Error('unexpected');
      expect(res.body.singleResult.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
