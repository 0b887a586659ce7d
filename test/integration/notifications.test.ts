// Notifications (通知, issue 12): a notification is its recipient's alone (list, count,
// node, mark read), its record is linked through node(id) (null once out of scope), notify()
// is idempotent by (official, key), and the outbox's deliveries are ADMIN of a city's.
import { toGlobalId } from 'graphql-relay';
import { Notification, NotificationDelivery } from '../../src/entities';
import { notify } from '../../src/resolvers/notifications/notification.service';
import { DeliveryStatus, NotificationKind, Visibility } from '../../src/schema/enums';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

const LIST = `query Mine($first: Int, $after: String, $last: Int, $before: String, $filter: NotificationFilter) {
  notifications(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind title body dueOn offsetDays unread readAt createdAt record { __typename id ... on Task { title } } } }
  }
  unreadNotificationCount
}`;
const MARK = 'mutation Mark($ids: [ID!], $all: Boolean) { markNotificationsRead(ids: $ids, all: $all) }';

describeDb('notifications', () => {
  let h: Harness;
  /** Notification ids by name. */
  const ids: Record<string, number> = {};
  let ownTaskId: number;
  let otherTaskId: number;

  const run = async (query: string, variables: Record<string, unknown> = {}, as: Persona | null = 'teamM1'): Promise<J> => {
    const res = await h.exec(query, variables, as);
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  const gid = (id: number) => toGlobalId('Notification', String(id));
  const titles = (data: J): string[] => data.notifications.edges.map((e: J) => e.node.title);

  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    const [own, other] = await h.db.transaction(async (em) => {
      const s = new ResponsibilitySeeder(em);
      const milestones = [{ dueOn: '2030-06-30', targetPercent: 100 }];
      return [
        await s.task(units.M1, posts.teamM1, officials.secretaryM1, { title: '社区教育任务', year: 2030, domain: 'EDUCATION', milestones }),
        // INTERNAL, in a sibling district: teamM1 never reads it.
        await s.task(units.D2, posts.officeD2, officials.officeD2, { title: '西区任务', year: 2030, domain: 'EDUCATION', milestones, visibility: Visibility.INTERNAL }),
      ];
    });
    ownTaskId = own.id;
    otherTaskId = other.id;
    const teamM1 = officials.teamM1.id;
    const made = await h.db.transaction(async (em) => {
      const one = async (name: string, officialIds: number[], kind: NotificationKind, taskId: number, title: string) => {
        const rows = await notify(em, {
          officialIds, kind, subject: { type: 'Task', id: taskId }, key: `test:${name}`, title, body: `${title}。`, cityId: units.C1.cityId,
          dueOn: '2030-06-30', offsetDays: -5,
        });
        for (const row of rows) ids[`${name}:${row.officialId}`] = row.id;
        return rows;
      };
      return [
        ...await one('first', [teamM1], NotificationKind.TASK_DUE, ownTaskId, '第一条'),
        ...await one('second', [teamM1, officials.secretaryS1.id], NotificationKind.URGING_RECEIVED, ownTaskId, '第二条'),
        ...await one('third', [teamM1], NotificationKind.TASK_DUE, otherTaskId, '第三条'),
      ];
    });
    expect(made).toHaveLength(4);
  }, 120_000);
  afterAll(() => h?.close());

  it('notify is idempotent by (official, key): the same key again creates nothing, a new recipient gets one', async () => {
    const { officials, units } = h.fixture;
    const again = await h.db.transaction((em) => notify(em, {
      officialIds: [officials.teamM1.id, officials.teamM1.id, officials.secretaryM1.id], kind: NotificationKind.TASK_DUE,
      subject: { type: 'Task', id: ownTaskId }, key: 'test:first', title: '重复', body: '重复', cityId: units.C1.cityId,
    }));
    expect(again.map((n) => n.officialId)).toEqual([officials.secretaryM1.id]);
    expect(await h.db.getRepository(Notification).countBy({ officialId: officials.teamM1.id, reminderKey: 'test:first' })).toBe(1);
    await h.db.getRepository(Notification).delete({ id: again[0].id });
  });

  it('lists only the viewer\'s own notifications, newest first, with the unread count', async () => {
    const data = await run(LIST, { first: 10 });
    expect(titles(data)).toEqual(['第三条', '第二条', '第一条']);
    expect(data.notifications.totalCount).toBe(3);
    expect(data.unreadNotificationCount).toBe(3);
    const first = data.notifications.edges[2].node;
    expect(first).toMatchObject({ kind: 'TASK_DUE', body: '第一条。', dueOn: '2030-06-30', offsetDays: -5, unread: true, readAt: null });
    // Another official sees only theirs; a persona with none sees none.
    const other = await run(LIST, { first: 10 }, 'secretaryS1');
    expect(titles(other)).toEqual(['第二条']);
    const none = await run(LIST, { first: 10 }, 'adminC1');
    expect(none.notifications.totalCount).toBe(0);
    expect(none.unreadNotificationCount).toBe(0);
  });

  it('pages forwards and backwards and filters by kind and unread', async () => {
    const page1 = await run(LIST, { first: 2 });
    expect(titles(page1)).toEqual(['第三条', '第二条']);
    expect(page1.notifications.pageInfo.hasNextPage).toBe(true);
    const page2 = await run(LIST, { first: 2, after: page1.notifications.pageInfo.endCursor });
    expect(titles(page2)).toEqual(['第一条']);
    const last = await run(LIST, { last: 1 });
    expect(titles(last)).toEqual(['第一条']);
    const urgings = await run(LIST, { first: 10, filter: { kind: 'URGING_RECEIVED' } });
    expect(titles(urgings)).toEqual(['第二条']);
    expect(urgings.notifications.totalCount).toBe(1);
  });

  it('links the record through node(id): null when it is out of the viewer\'s scope', async () => {
    const data = await run(LIST, { first: 10 });
    const [third, second] = data.notifications.edges.map((e: J) => e.node);
    expect(second.record).toEqual({ __typename: 'Task', id: toGlobalId('Task', String(ownTaskId)), title: '社区教育任务' });
    expect(third.record).toBeNull();
  });

  it('node(id) of a notification answers its recipient only', async () => {
    const q = 'query N($ids: [ID!]!) { nodes(ids: $ids) { id ... on Notification { title } } }';
    const mine = gid(ids[`first:${h.fixture.officials.teamM1.id}`]);
    const theirs = gid(ids[`second:${h.fixture.officials.secretaryS1.id}`]);
    expect((await run(q, { ids: [mine, theirs] })).nodes).toEqual([{ id: mine, title: '第一条' }, null]);
    expect((await run(q, { ids: [mine, theirs] }, 'secretaryS1')).nodes).toEqual([null, { id: theirs, title: '第二条' }]);
    // An ADMIN of the city reads no one's notifications either.
    expect((await run('query One($id: ID!) { node(id: $id) { id } }', { id: mine }, 'adminC1')).node).toBeNull();
  });

  it('marks read only the viewer\'s own: another\'s id is ignored, a bad id or no choice is BAD_USER_INPUT', async () => {
    const { officials } = h.fixture;
    const mine = gid(ids[`first:${officials.teamM1.id}`]);
    const theirs = gid(ids[`second:${officials.secretaryS1.id}`]);
    expect((await run(MARK, { ids: [mine, theirs] })).markNotificationsRead).toBe(1);
    // Again: already read, nothing changes.
    expect((await run(MARK, { ids: [mine] })).markNotificationsRead).toBe(0);
    expect((await run(LIST, { first: 10 }, 'secretaryS1')).unreadNotificationCount).toBe(1);
    const data = await run(LIST, { first: 10, filter: { unread: false } });
    expect(titles(data)).toEqual(['第一条']);
    expect(data.notifications.edges[0].node.unread).toBe(false);
    expect(data.notifications.edges[0].node.readAt).not.toBeNull();
    expect(data.unreadNotificationCount).toBe(2);
    expect(titles(await run(LIST, { first: 10, filter: { unread: true } }))).toEqual(['第三条', '第二条']);

    for (const variables of [{}, { ids: [mine], all: true }, { ids: [toGlobalId('Task', String(ownTaskId))] }, { ids: ['not-an-id'] }]) {
      const res = await h.exec(MARK, variables, 'teamM1');
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    }
    const tooMany = await h.exec(MARK, { ids: Array.from({ length: 101 }, () => mine) }, 'teamM1');
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);

    expect((await run(MARK, { all: true })).markNotificationsRead).toBe(2);
    expect((await run(LIST, { first: 10 })).unreadNotificationCount).toBe(0);
    // Another official's notification is untouched.
    expect((await run(LIST, { first: 10 }, 'secretaryS1')).unreadNotificationCount).toBe(1);
  });

  it('asks for a sign-in, and refuses a bad page', async () => {
    expect(codes(await h.exec(LIST, { first: 1 }, null))).toContain('UNAUTHENTICATED');
    expect(codes(await h.exec(MARK, { all: true }, null))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await h.exec(LIST, { first: 1, last: 1 }, 'teamM1'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.exec(LIST, { first: 101 }, 'teamM1'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.exec(LIST, { first: 1, filter: { kind: 'NOPE' } }, 'teamM1'))).toEqual(['BAD_USER_INPUT']);
  });

  it('shows the webhook deliveries to ADMIN of the city only, with kind and title', async () => {
    const { officials } = h.fixture;
    const at = new Date();
    const notificationId = ids[`first:${officials.teamM1.id}`];
    await h.db.getRepository(NotificationDelivery).insert({
      cityId: h.fixture.units.C1.cityId, notificationId, status: DeliveryStatus.DEAD, attempts: 8, nextAttemptAt: at,
      claimedUntil: null, claimToken: null, lastError: 'HTTP 500', deliveredAt: null, createdAt: at,
    });
    const q = `query D($status: DeliveryStatus) { notificationDeliveries(first: 10, status: $status) {
      totalCount edges { node { status attempts lastError deliveredAt kind title recipient { name } } } } }`;
    const data = await run(q, {}, 'adminC1');
    expect(data.notificationDeliveries.edges.map((e: J) => e.node)).toEqual([{
      status: 'DEAD', attempts: 8, lastError: 'HTTP 500', deliveredAt: null, kind: 'TASK_DUE', title: '第一条', recipient: { name: officials.teamM1.name },
    }]);
    expect((await run(q, { status: 'PENDING' }, 'adminC1')).notificationDeliveries.totalCount).toBe(0);
    // Another city's ADMIN sees none of this city's; a district's ADMIN and others are refused.
    expect((await run(q, {}, 'adminC2')).notificationDeliveries.totalCount).toBe(0);
    for (const who of ['adminD1', 'teamM1', 'disciplineC1'] as Persona[]) expect(codes(await h.exec(q, {}, who))).toEqual(['FORBIDDEN']);
  });
});
