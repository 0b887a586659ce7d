// Subscriptions over graphql-ws on the API's own port, with real graphql-ws clients:
// authenticated at connection, scoped like queries (a sibling tier receives nothing),
// field rules applied to every event, subscriptions only, a deactivated account stops
// receiving; and subscribers multiplexed into groups (one execution per group and event).
import type { AddressInfo } from 'node:net';
import { print, type GraphQLObjectType } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { addDays, today } from '../../src/clock';
import { config } from '../../src/config';
import { events } from '../../src/events';
import { publishLightChanges, sweepLightsOnce } from '../../src/light-sweep';
import type { Task } from '../../src/entities';
import { Light, Visibility } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { WatchTasksDocument, type WatchTasksSubscription } from '../generated/graphql';
import { describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { startHarness, type Harness } from '../setup/harness';
import { createServer } from '../../src/server';
import { Watch as SocketWatch, type WatchEvent } from '../setup/watch';

type Event = WatchEvent<WatchTasksSubscription>;

/** A taskChanged subscription: WatchTasks, unless another query is given. */
class Watch extends SocketWatch<WatchTasksSubscription> {
  constructor(client: Client, variables: { unitId?: string } = {}, query = print(WatchTasksDocument)) {
    super(client, query, variables);
  }
}

describeDb('subscriptions over graphql-ws', () => {
  let h: Harness;
  let url: string;
  const tasks = {} as Record<'m1' | 'm2' | 'probe', Task>;
  const clients: Client[] = [];

  beforeAll(async () => {
    h = await startHarness();
    await new Promise<void>((resolve) => h.server.http.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(h.server.http.address() as AddressInfo).port}/graphql`;
    const { units, posts, officials } = h.fixture;
    await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      const day = today();
      const year = Number(day.slice(0, 4));
      const plan = [{ dueOn: addDays(day, 60), targetPercent: 100 }];
      tasks.m1 = await r.task(units.M1, posts.teamM1, officials.secretaryM1, { title: 'M1 task', year, domain: 'EDUCATION', milestones: plan });
      tasks.m2 = await r.task(units.M2, posts.teamM2, officials.teamM2, { title: 'M2 task', year, domain: 'EDUCATION', milestones: plan });
      tasks.probe = await r.task(units.S1, posts.secretaryS1, officials.secretaryS1, {
        title: 'Probe', year, domain: 'PARTY_BUILDING', milestones: plan, visibility: Visibility.PUBLIC,
      });
      await r.rating(tasks.m1, officials.disciplineM1, 1, Light.GREEN, 'Keep going');
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await h.close();
  });

  const connect = async (as: Persona | { token: string } | null): Promise<Client> => {
    const token = as === null ? null : typeof as === 'string' ? await h.tokenOf(as) : as.token;
    const client = createClient({
      url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    });
    clients.push(client);
    return client;
  };

  /** Waits until the server-side subscriptions are live: re-publish a PUBLIC probe until each has one, then drain. */
  const live = async (...watches: Watch[]): Promise<void> => {
    const pending = new Set(watches);
    for (let i = 0; i < 100 && pending.size; i++) {
      events.publish('taskChanged', { taskId: tasks.probe.id });
      await Promise.all([...pending].map(async (watch) => {
        const e = await watch.next(100);
        if (e === 'timeout') return;
        expect(e).not.toBe('done');
        expect((e as Event).data?.taskChanged.title).toBe('Probe');
        pending.delete(watch);
      }));
    }
    if (pending.size) throw new Error('subscription never became live');
    // Drain probes that were already on their way.
    await Promise.all(watches.map(async (watch) => { while ((await watch.next(150)) !== 'timeout'); }));
  };

  /** Closes every socket opened so far, so a test knows exactly which groups are live. */
  const disconnectAll = async (): Promise<void> => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await new Promise((r) => setTimeout(r, 100));
  };

  /** n subscriptions of one persona, each on a socket of its own. */
  const watchers = async (as: Persona, n: number): Promise<Watch[]> =>
    Promise.all(Array.from({ length: n }, async () => new Watch(await connect(as))));

  /** Statements since the counter's reset that follow the last COMMIT (the mutation's): the event's own. */
  const statementsAfterCommit = async (): Promise<number> => {
    // Groups that deliver nothing may still be reading: wait until the count is still.
    for (let seen = -1; seen !== h.counter.count;) {
      seen = h.counter.count;
      await new Promise((r) => setTimeout(r, 200));
    }
    const commit = h.counter.statements.lastIndexOf('COMMIT');
    expect(commit).toBeGreaterThanOrEqual(0);
    return h.counter.count - commit - 1;
  };

  const isM1 = (e: Event | 'done' | 'timeout', percent: number) =>
    e !== 'done' && e !== 'timeout' && e.data?.taskChanged.title === 'M1 task' && e.data.taskChanged.percent === percent;

  const postProgress = async (task: Task, as: Persona, percent: number) => {
    const res = await h.exec(
      'mutation($input: PostProgressInput!) { postProgress(input: $input) { id } }',
      { input: { taskId: encodeId('Task', task.id), text: `at ${percent}`, percent } }, as,
    );
    expect(res.errors).toBeUndefined();
  };

  it('refuses a connection without a valid sign-in', async () => {
    for (const as of [null, 'inactive'] as const) {
      const watch = new Watch(await connect(as));
      const e = await watch.next();
      expect(e).not.toBe('timeout');
      expect(e === 'done' || (e as Event).errors?.[0].extensions?.code === 'SOCKET').toBe(true);
    }
  });

  it('pushes a change to the tier in scope, and nothing of it to the sibling tier', async () => {
    const m1 = new Watch(await connect('teamM1'));
    const sibling = new Watch(await connect('teamM2'));
    await live(m1, sibling);
    await postProgress(tasks.m1, 'teamM1', 40);
    const got = await m1.next();
    expect(got).toMatchObject({ data: { taskChanged: { id: encodeId('Task', tasks.m1.id), title: 'M1 task', percent: 40, light: 'GREEN' } } });
    // The leader of the task may read the rating comment.
    expect((got as Event).data!.taskChanged.ratings).toEqual([{ quarter: 1, comment: 'Keep going' }]);
    // Events are delivered in order: the sibling's first event after M1's change is its own task's.
    await postProgress(tasks.m2, 'teamM2', 10);
    expect(await sibling.next()).toMatchObject({ data: { taskChanged: { title: 'M2 task', percent: 10 } } });
    expect(await m1.next(500)).toBe('timeout');
  });

  it('records an event\'s sensitive reads (the leader\'s phone) before sending it', async () => {
    const query = 'subscription Leaders { taskChanged { id title leader { official { id phone } } } }';
    const office = new Watch(await connect('officeD1'), {}, query);
    await live(office);
    await postProgress(tasks.m1, 'teamM1', 45);
    const got = await office.next() as unknown as { data: { taskChanged: { title: string; leader: { official: { id: string; phone: string } } } } };
    expect(got.data.taskChanged.title).toBe('M1 task');
    expect(got.data.taskChanged.leader.official).toEqual({ id: encodeId('Official', h.fixture.officials.teamM1.id), phone: expect.stringMatching(/^139/) });
    const rows: { recordType: string; field: string; readerOfficialId: number }[] = await h.db.query(
      "SELECT recordType, field, readerOfficialId FROM sensitive_read WHERE operation = 'Leaders' AND recordIds LIKE ?", [`%,${h.fixture.officials.teamM1.id},%`]);
    expect(rows.map((r) => [r.recordType, r.field, Number(r.readerOfficialId)])).toEqual([['Official', 'phone', h.fixture.officials.officeD1.id]]);
    office.stop();
  });

  it('applies field rules to every event: the comment is null with FORBIDDEN for the SECRETARY above', async () => {
    const above = new Watch(await connect('secretaryS1'));
    await live(above);
    await postProgress(tasks.m1, 'teamM1', 50);
    const e = (await above.next()) as Event;
    expect(e.data!.taskChanged).toMatchObject({ title: 'M1 task', percent: 50, ratings: [{ quarter: 1, comment: null }] });
    expect(e.errors!.map((x) => [x.extensions!.code, x.path!.join('.')])).toEqual([['FORBIDDEN', 'taskChanged.ratings.0.comment']]);
  });

  it('runs events on graphql-jit, compiled once for the groups: the answers and refusals graphql-js gives', async () => {
    const onGraphqlJs = await createServer(h.db, { executor: 'graphql' });
    await new Promise<void>((resolve) => onGraphqlJs.http.listen(0, '127.0.0.1', resolve));
    const light = (h.server.schema.getType('Task') as GraphQLObjectType).getFields().light;
    const resolve = light.resolve!;
    let calls = 0;
    try {
      const other = createClient({
        url: `ws://127.0.0.1:${(onGraphqlJs.http.address() as AddressInfo).port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true,
        connectionParams: { authorization: `Bearer ${await h.tokenOf('secretaryS1')}` },
      });
      clients.push(other);
      const jit = new Watch(await connect('secretaryS1'));
      const js = new Watch(other);
      await live(jit, js);
      light.resolve = (...a) => {
        calls += 1;
        return resolve(...a);
      };
      await postProgress(tasks.m1, 'teamM1', 51);
      const [a, b] = [(await jit.next()) as Event, (await js.next()) as Event];
      expect(a).toEqual(b);
      expect(a.data!.taskChanged).toMatchObject({ title: 'M1 task', percent: 51, ratings: [{ quarter: 1, comment: null }] });
      expect(a.errors!.map((x) => [x.extensions!.code, x.path!.join('.')])).toEqual([['FORBIDDEN', 'taskChanged.ratings.0.comment']]);
      // graphql-js calls Task.light's resolver for its event; the compiled operation reads the getter.
      expect(calls).toBe(1);
    } finally {
      light.resolve = resolve;
      await disconnectAll();
      await onGraphqlJs.stop();
    }
  });

  it('filters by a unit\'s subtree', async () => {
    const onlyM2 = new Watch(await connect('secretaryS1'), { unitId: encodeId('OrgUnit', h.fixture.units.M2.id) });
    // The probe (at S1) is outside M2: wait a moment for the subscription instead.
    await new Promise((r) => setTimeout(r, 300));
    await postProgress(tasks.m1, 'teamM1', 55);
    await postProgress(tasks.m2, 'teamM2', 20);
    expect(await onlyM2.next()).toMatchObject({ data: { taskChanged: { title: 'M2 task', percent: 20 } } });
  });

  it('serves only subscriptions over the socket', async () => {
    const client = await connect('teamM1');
    const result = await new Promise<Event>((resolve) => {
      client.subscribe({ query: '{ viewer { name } }' }, { next: (e) => resolve(e as Event), error: (err) => resolve({ errors: err as Event['errors'] }), complete: () => undefined });
    });
    expect(result.errors!.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('pushes the day a light changes with the calendar alone (the daily sweep)', async () => {
    const watch = new Watch(await connect('teamM1'));
    await live(watch);
    // On the day the M1 task's only milestone enters the YELLOW window, the sweep publishes it.
    const day = addDays(today(), 60 - config.yellowDays);
    // The three tasks' milestones are due the same day: M1, M2 (not this subscriber's to see) and the probe.
    expect(await sweepLightsOnce(h.db, day)).toBe(3);
    expect(await watch.next()).toMatchObject({ data: { taskChanged: { title: 'M1 task' } } });
    expect(await watch.next()).toMatchObject({ data: { taskChanged: { title: 'Probe' } } });
    // The day is claimed: another process's sweep of it (or a second one) publishes nothing.
    expect(await sweepLightsOnce(h.db, day)).toBeNull();
    expect(await watch.next(300)).toBe('timeout');
    expect(await publishLightChanges(h.db, addDays(today(), 1000))).toBe(0);
  });

  describe('multiplexed: one execution per group (document, operation, variables, account) and event', () => {
    // Statements one group spends on one event of the M1 task, measured (SQLite and MariaDB):
    // the task through the scope, its ratings, and what the rating-comment rule reads (the
    // task, its unit, the leader's post); the viewer is renewed from the viewer cache. A
    // group whose scope excludes the task spends one (the read that finds nothing).
    const PER_GROUP = 5;

    it('reaches exactly the members in scope, in statements bounded by the groups, the same for 10 and 50 members', async () => {
      await disconnectAll();
      const leader = await watchers('teamM1', 10);
      const sibling = await watchers('teamM2', 5);
      const above = await watchers('secretaryS1', 5);
      await live(...leader, ...sibling, ...above);

      const deliver = async (percent: number, receivers: Watch[]): Promise<number> => {
        h.counter.reset();
        await postProgress(tasks.m1, 'teamM1', percent);
        // Exactly the members in scope receive it, once; the sibling tier's receive nothing.
        expect((await Promise.all(receivers.map((w) => w.next()))).filter((e) => isM1(e, percent))).toHaveLength(receivers.length);
        expect(await Promise.all(sibling.map((w) => w.next(300)))).toEqual(sibling.map(() => 'timeout'));
        const statements = await statementsAfterCommit();
        expect(await Promise.all(receivers.map((w) => w.next(100)))).toEqual(receivers.map(() => 'timeout'));
        return statements;
      };

      const with10 = await deliver(56, [...leader, ...above]);
      leader.push(...(await watchers('teamM1', 40)));
      // Every watch gets the probes: drain them all.
      await live(...leader, ...sibling, ...above);
      const with50 = await deliver(57, [...leader, ...above]);
      // Three groups: teamM1 (10, then 50 members), secretaryS1 (5), teamM2 (5, out of scope).
      expect(with10).toBe(with50);
      expect(with50).toBeLessThanOrEqual(PER_GROUP * 3);
      await disconnectAll();
    });

    it('a member that unsubscribes stops receiving, the others continue, and an emptied group stops reading', async () => {
      const shared = await connect('teamM1');
      const [a1, a2] = [new Watch(shared), new Watch(shared)];
      const [b, c] = await watchers('teamM1', 2);
      const [control] = await watchers('secretaryS1', 1);
      await live(a1, a2, b, c, control);

      // `complete` on a socket that stays open (a2 is still on it).
      a1.stop();
      await postProgress(tasks.m1, 'teamM1', 58);
      for (const w of [a2, b, c, control]) expect(isM1(await w.next(), 58)).toBe(true);
      expect(isM1(await a1.next(300), 58)).toBe(false);

      // A socket that closes.
      await clients[clients.length - 2].dispose();
      await new Promise((r) => setTimeout(r, 100));
      h.counter.reset();
      await postProgress(tasks.m1, 'teamM1', 59);
      for (const w of [a2, b, control]) expect(isM1(await w.next(), 59)).toBe(true);
      expect(isM1(await c.next(300), 59)).toBe(false);
      const twoGroups = await statementsAfterCommit();

      // The last members leave: the teamM1 group is gone, only the control's group reads.
      a2.stop();
      b.stop();
      await new Promise((r) => setTimeout(r, 100));
      h.counter.reset();
      await postProgress(tasks.m1, 'teamM1', 60);
      expect(isM1(await control.next(), 60)).toBe(true);
      const oneGroup = await statementsAfterCommit();
      expect(oneGroup).toBeLessThanOrEqual(PER_GROUP);
      expect(oneGroup).toBeLessThan(twoGroups);
      await disconnectAll();
    });

    it('applies field rules per group: the rating comment is readable by the leader\'s members only', async () => {
      const leader = await watchers('teamM1', 3);
      const above = await watchers('secretaryS1', 3);
      await live(...leader, ...above);
      await postProgress(tasks.m1, 'teamM1', 61);
      for (const w of leader) {
        const e = (await w.next()) as Event;
        expect(e.errors).toBeUndefined();
        expect(e.data!.taskChanged).toMatchObject({ title: 'M1 task', percent: 61, ratings: [{ quarter: 1, comment: 'Keep going' }] });
      }
      for (const w of above) {
        const e = (await w.next()) as Event;
        expect(e.data!.taskChanged).toMatchObject({ title: 'M1 task', percent: 61, ratings: [{ quarter: 1, comment: null }] });
        expect(e.errors!.map((x) => [x.extensions!.code, x.path!.join('.')])).toEqual([['FORBIDDEN', 'taskChanged.ratings.0.comment']]);
      }
      await disconnectAll();
    });

    it('a member whose sign-in expires stops receiving; the group goes on for the others', async () => {
      // A token like signToken's, but valid for 3 s only (signToken uses the configured lifetime).
      const exp = Math.floor(Date.now() / 1000) + 3;
      const short = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(String(h.fixture.accounts.teamM1.id))
        .setIssuer('zeren').setIssuedAt().setExpirationTime(exp).sign(config.auth.tokenSecret);
      const expiring = new Watch(await connect({ token: short }));
      const [staying] = await watchers('teamM1', 1);
      await live(expiring, staying);
      await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 100));
      await postProgress(tasks.m1, 'teamM1', 62);
      expect(isM1(await staying.next(), 62)).toBe(true);
      expect(await expiring.next()).toBe('done');
      await disconnectAll();
    });
  });

  it('stops pushing to an account deactivated meanwhile: every member of its group completes, other groups go on', async () => {
    const shared = await connect('teamM2');
    const members = [new Watch(shared), new Watch(shared), ...(await watchers('teamM2', 2))];
    const [other] = await watchers('teamM1', 1);
    await live(...members, other);
    const res = await h.exec(
      'mutation($id: ID!) { setAccountActive(id: $id, active: false) { active } }',
      { id: encodeId('Account', h.fixture.accounts.teamM2.id) }, 'adminC1',
    );
    expect(res.errors).toBeUndefined();
    await postProgress(tasks.m1, 'teamM1', 63);
    for (const w of members) expect(await w.next()).toBe('done');
    expect(isM1(await other.next(), 63)).toBe(true);
  });
});
