// Subscriptions over graphql-ws on the API's own port, with a real graphql-ws client:
// authenticated at connection, scoped like queries (a sibling tier receives nothing),
// field rules applied to every event, subscriptions only, and a deactivated account
// stops receiving.
import type { AddressInfo } from 'node:net';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { addDays, today } from '../../src/clock';
import { config } from '../../src/config';
import { events } from '../../src/events';
import { publishLightChanges } from '../../src/light-sweep';
import type { Task } from '../../src/entities';
import { Light, Visibility } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { WatchTasksDocument, type WatchTasksSubscription } from '../generated/graphql';
import { describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { startHarness, type Harness } from '../setup/harness';

type Event = { data?: WatchTasksSubscription | null; errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] };

/** One subscription as a queue of events, read with a timeout. */
class Watch {
  private readonly queue: Event[] = [];
  private waiting: ((e: Event | 'done') => void) | null = null;
  done = false;

  constructor(client: Client, variables: { unitId?: string } = {}) {
    client.subscribe<WatchTasksSubscription>({ query: print(WatchTasksDocument), variables }, {
      next: (e) => this.push(e as Event),
      error: (err) => this.push({ errors: [{ message: String((err as Error).message ?? err), extensions: { code: 'SOCKET' } }] }),
      complete: () => { this.done = true; this.waiting?.('done'); },
    });
  }

  private push(e: Event): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(e);
    } else this.queue.push(e);
  }

  next(ms = 5000): Promise<Event | 'done' | 'timeout'> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.done) return Promise.resolve('done');
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiting = null; resolve('timeout'); }, ms);
      this.waiting = (e) => { clearTimeout(timer); resolve(e); };
    });
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

  const connect = async (as: Persona | null): Promise<Client> => {
    const token = as ? await h.tokenOf(as) : null;
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
      for (const watch of [...pending]) {
        const e = await watch.next(100);
        if (e === 'timeout') continue;
        expect(e).not.toBe('done');
        expect((e as Event).data?.taskChanged.title).toBe('Probe');
        pending.delete(watch);
      }
    }
    if (pending.size) throw new Error('subscription never became live');
    // Drain probes that were already on their way.
    for (const watch of watches) while ((await watch.next(150)) !== 'timeout');
  };

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

  it('applies field rules to every event: the comment is null with FORBIDDEN for the SECRETARY above', async () => {
    const above = new Watch(await connect('secretaryS1'));
    await live(above);
    await postProgress(tasks.m1, 'teamM1', 50);
    const e = (await above.next()) as Event;
    expect(e.data!.taskChanged).toMatchObject({ title: 'M1 task', percent: 50, ratings: [{ quarter: 1, comment: null }] });
    expect(e.errors!.map((x) => [x.extensions!.code, x.path!.join('.')])).toEqual([['FORBIDDEN', 'taskChanged.ratings.0.comment']]);
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
    expect(await publishLightChanges(h.db, day)).toBeGreaterThanOrEqual(1);
    expect(await watch.next()).toMatchObject({ data: { taskChanged: { title: 'M1 task' } } });
    expect(await publishLightChanges(h.db, addDays(today(), 1000))).toBe(0);
  });

  it('stops pushing to an account deactivated meanwhile', async () => {
    const watch = new Watch(await connect('teamM2'));
    await live(watch);
    const res = await h.exec(
      'mutation($id: ID!) { setAccountActive(id: $id, active: false) { active } }',
      { id: encodeId('Account', h.fixture.accounts.teamM2.id) }, 'adminC1',
    );
    expect(res.errors).toBeUndefined();
    await postProgress(tasks.m1, 'teamM1', 60);
    expect(await watch.next()).toBe('done');
  });
});
