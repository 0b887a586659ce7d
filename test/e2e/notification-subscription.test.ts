// notificationAdded over graphql-ws with real clients: a subscriber hears only their own
// notifications (made by notify or by the reminders), each read as a query reads it (the
// record null once out of scope), and nothing without a sign-in.
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { toGlobalId } from 'graphql-relay';
import type { Notification } from '../../src/entities';
import { events } from '../../src/events';
import { parseReminderSchedule, REMINDER_SUBJECTS } from '../../src/config';
import { runReminders } from '../../src/reminders';
import { notify, publishNotifications } from '../../src/resolvers/notifications/notification.service';
import { NotificationKind, Visibility } from '../../src/schema/enums';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { startHarness, type Harness } from '../setup/harness';
import { Watch as SocketWatch, type WatchEvent } from '../setup/watch';

const SUBSCRIPTION = `subscription Mine { notificationAdded { id kind title offsetDays unread record { __typename id } } }`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Event = WatchEvent<any>;

/** A notificationAdded subscription. */
class Watch extends SocketWatch<Event['data']> {
  constructor(client: Client) {
    super(client, SUBSCRIPTION);
  }
}

describeDb('notificationAdded over graphql-ws', () => {
  let h: Harness;
  let url: string;
  const clients: Client[] = [];
  const probes = new Map<Persona, Notification>();
  let ownTask: number;
  let otherTask: number;
  let seq = 0;

  beforeAll(async () => {
    h = await startHarness();
    await new Promise<void>((resolve) => h.server.http.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(h.server.http.address() as AddressInfo).port}/graphql`;
    const { units, posts, officials } = h.fixture;
    await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      const plan = [{ dueOn: '2031-03-20', targetPercent: 100 }];
      ownTask = (await r.task(units.M1, posts.teamM1, officials.secretaryM1, { title: '社区任务', year: 2031, domain: 'EDUCATION', milestones: plan })).id;
      otherTask = (await r.task(units.D2, posts.officeD2, officials.officeD2, { title: '西区任务', year: 2031, domain: 'EDUCATION', milestones: plan, visibility: Visibility.INTERNAL })).id;
    });
    // A probe notification per subscriber: re-published until each subscription is live.
    for (const who of ['teamM1', 'secretaryS1'] as Persona[]) probes.set(who, (await make(who, 'probe', ownTask))[0]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await h.close();
  });

  async function make(who: Persona, title: string, taskId: number): Promise<Notification[]> {
    seq += 1;
    const { officials, units } = h.fixture;
    return h.db.transaction((em) => notify(em, {
      officialIds: [officials[who].id], kind: NotificationKind.URGING_RECEIVED, subject: { type: 'Task', id: taskId }, key: `sub:${seq}`,
      title, body: title, cityId: units.C1.cityId,
    }));
  }

  const connect = async (as: Persona | null): Promise<Client> => {
    const token = as === null ? null : await h.tokenOf(as);
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: token ? { authorization: `Bearer ${token}` } : {} });
    clients.push(client);
    return client;
  };

  /** Re-publishes each watcher's probe until it arrives, then drains. */
  const live = async (watches: [Persona, Watch][]): Promise<void> => {
    const pending = new Map(watches);
    for (let i = 0; i < 100 && pending.size; i++) {
      for (const who of pending.keys()) events.publish('notificationAdded', { notificationId: probes.get(who)!.id, officialId: probes.get(who)!.officialId });
      await Promise.all([...pending].map(async ([who, watch]) => {
        const e = await watch.next(100);
        if (e === 'timeout') return;
        expect(e).not.toBe('done');
        expect((e as Event).data?.notificationAdded.title).toBe('probe');
        pending.delete(who);
      }));
    }
    if (pending.size) throw new Error('subscription never became live');
    await Promise.all(watches.map(async ([, watch]) => { while ((await watch.next(150)) !== 'timeout'); }));
  };

  it('a subscriber hears only their own notifications, with the record as they may read it', async () => {
    const mine = new Watch(await connect('teamM1'));
    const theirs = new Watch(await connect('secretaryS1'));
    await live([['teamM1', mine], ['secretaryS1', theirs]]);

    const forMe = await make('teamM1', '督办单: 社区任务', ownTask);
    publishNotifications(forMe);
    const heard = await mine.next();
    expect(heard).toEqual({
      data: { notificationAdded: {
        id: toGlobalId('Notification', String(forMe[0].id)), kind: 'URGING_RECEIVED', title: '督办单: 社区任务', offsetDays: null, unread: true,
        record: { __typename: 'Task', id: toGlobalId('Task', String(ownTask)) },
      } },
    });
    expect(await theirs.next(300)).toBe('timeout');

    // A record out of the recipient's scope arrives as null.
    const outOfScope = await make('teamM1', '西区', otherTask);
    publishNotifications(outOfScope);
    expect((await mine.next() as Event).data.notificationAdded).toMatchObject({ title: '西区', record: null });

    // Someone else's: only they hear it.
    const forThem = await make('secretaryS1', '书记的通知', ownTask);
    publishNotifications(forThem);
    expect((await theirs.next() as Event).data.notificationAdded.title).toBe('书记的通知');
    expect(await mine.next(300)).toBe('timeout');
    mine.stop();
    theirs.stop();
  });

  it('hears the reminders a scheduler run creates for them', async () => {
    const mine = new Watch(await connect('teamM1'));
    const theirs = new Watch(await connect('secretaryS1'));
    await live([['teamM1', mine], ['secretaryS1', theirs]]);
    const off = parseReminderSchedule('t', 'off');
    const schedules = Object.fromEntries(REMINDER_SUBJECTS.map((s) => [s, s === 'task' ? parseReminderSchedule('t', '10,5,1,overdue,weekly') : off])) as never;
    const { created } = await runReminders(h.db, '2031-03-10', { schedules });
    expect(created).toHaveLength(2);
    const titles = [(await mine.next() as Event).data.notificationAdded.title];
    expect(titles).toEqual(['重点任务「社区任务」还有10天到期']);
    // The other task's leader is officeD2, not subscribed; secretaryS1 hears nothing.
    expect(await theirs.next(300)).toBe('timeout');
    expect(await mine.next(300)).toBe('timeout');
    mine.stop();
    theirs.stop();
  });

  it('refuses a socket without a sign-in', async () => {
    const anonymous = new Watch(await connect(null));
    const e = await anonymous.next();
    expect(e).not.toBe('timeout');
    expect(e === 'done' || (e as Event).errors?.[0].extensions?.code === 'SOCKET').toBe(true);
  });
});
