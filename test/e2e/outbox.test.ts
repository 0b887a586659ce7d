// The webhook outbox against a real HTTP receiver started here on a loopback port: while
// the receiver is down the attempts fail and back off; once it is up each notification
// arrives exactly once, signed (HMAC-SHA256 over "<timestamp>.<body>"); a receiver that
// answers 500 (or never answers) leaves a dead letter after the last attempt; two workers
// at once deliver each row once (compare-and-set claims); ADMIN sees the statuses.
import '../setup/webhook-env';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toGlobalId } from 'graphql-relay';
import { config } from '../../src/config';
import { Notification, NotificationDelivery } from '../../src/entities';
import { backoffAfter, deliverPending, startOutbox, type OutboxOptions } from '../../src/outbox';
import { notify } from '../../src/resolvers/notifications/notification.service';
import { DeliveryStatus, NotificationKind } from '../../src/schema/enums';
import { describeDb } from '../setup/db';
import { codes, startHarness, type Harness } from '../setup/harness';

interface Received { delivery: string; timestamp: string; signature: string; body: string }

/** A receiver on a fixed port: up or down, answering 200, 500 or never. */
class Receiver {
  readonly received: Received[] = [];
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  private server: Server | null = null;
  private readonly hanging: IncomingMessage[] = [];

  constructor(readonly port: number) {}

  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({
          delivery: String(req.headers['x-zeren-delivery']), timestamp: String(req.headers['x-zeren-timestamp']),
          signature: String(req.headers['x-zeren-signature']), body: Buffer.concat(chunks).toString('utf8'),
        });
        if (this.mode === 'hang') {
          this.hanging.push(req);
          return;
        }
        res.writeHead(this.mode === 'ok' ? 204 : 500).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    if (!this.server) return;
    for (const req of this.hanging.splice(0)) req.socket.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
    this.server = null;
  }

  of(notification: Notification): Received[] {
    return this.received.filter((r) => r.delivery === toGlobalId('Notification', String(notification.id)));
  }
}

/** A free loopback port, closed again: the receiver is down until it listens there. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeDb('the webhook outbox', () => {
  let h: Harness;
  let receiver: Receiver;
  let options: OutboxOptions;
  let seq = 0;

  const make = async (count: number): Promise<Notification[]> => {
    const { officials, units } = h.fixture;
    return h.db.transaction(async (em) => {
      const made: Notification[] = [];
      for (let i = 0; i < count; i += 1) {
        seq += 1;
        made.push(...await notify(em, {
          officialIds: [officials.teamM1.id], kind: NotificationKind.TASK_DUE, subject: { type: 'Task', id: seq }, key: `outbox:${seq}`,
          title: `提醒 ${seq}`, body: `正文 ${seq}`, cityId: units.C1.cityId, dueOn: '2031-03-20', offsetDays: -5,
        }));
      }
      return made;
    });
  };
  const deliveryOf = (n: Notification) => h.db.getRepository(NotificationDelivery).findOneByOrFail({ notificationId: n.id });
  /** Passes until the rows are settled (DELIVERED or DEAD), or the time runs out. */
  const settle = async (rows: Notification[], ms = 20_000): Promise<void> => {
    const deadline = Date.now() + ms;
    for (;;) {
      await deliverPending(h.db, options);
      const states = await Promise.all(rows.map(async (n) => (await deliveryOf(n)).status));
      if (states.every((s) => s !== DeliveryStatus.PENDING)) return;
      if (Date.now() > deadline) throw new Error(`not settled: ${states.join(',')}`);
      await sleep(100);
    }
  };

  beforeAll(async () => {
    h = await startHarness();
    receiver = new Receiver(await freePort());
    // Whole seconds: MariaDB keeps datetimes to the second.
    options = {
      ...config.webhook, url: `http://127.0.0.1:${receiver.port}/zeren`, secret: config.webhook.secret!,
      maxAttempts: 3, timeoutMs: 500, backoffMs: 1000, backoffMaxMs: 1500,
    };
  });
  afterAll(async () => {
    await receiver.down();
    await h.close();
  });

  it('queues one delivery per new notification while a webhook is configured', async () => {
    const [n] = await make(1);
    expect(await deliveryOf(n)).toMatchObject({ status: 'PENDING', attempts: 0, lastError: null, deliveredAt: null });
    // notify again with the same key: no second notification, no second delivery.
    await h.db.transaction((em) => notify(em, {
      officialIds: [n.officialId], kind: NotificationKind.TASK_DUE, subject: { type: 'Task', id: n.subjectId }, key: n.reminderKey,
      title: 'x', body: 'x', cityId: n.cityId,
    }));
    expect(await h.db.getRepository(NotificationDelivery).countBy({ notificationId: n.id })).toBe(1);
    await h.db.getRepository(NotificationDelivery).update({ notificationId: n.id }, { status: DeliveryStatus.DEAD });
  });

  it('backs off while the receiver is down, then delivers each notification exactly once, signed', async () => {
    const rows = await make(3);
    const first = await deliverPending(h.db, options);
    expect(first).toEqual({ delivered: 0, retrying: 3, dead: 0 });
    const failed = await Promise.all(rows.map(deliveryOf));
    for (const d of failed) {
      expect(d).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'network error: ECONNREFUSED', claimToken: null, claimedUntil: null });
      expect(d.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() - 50);
    }
    // Not due yet: nothing is attempted.
    expect(await deliverPending(h.db, options)).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    expect(backoffAfter(1, options)).toBe(1000);
    expect(backoffAfter(2, options)).toBe(1500);
    expect(backoffAfter(40, { backoffMs: 60_000, backoffMaxMs: 3_600_000 })).toBe(3_600_000);

    await receiver.up();
    await settle(rows);
    for (const n of rows) {
      const d = await deliveryOf(n);
      expect(d).toMatchObject({ status: 'DELIVERED', attempts: 2, lastError: null });
      expect(d.deliveredAt).not.toBeNull();
      const got = receiver.of(n);
      expect(got).toHaveLength(1);
      const [{ timestamp, signature, body }] = got;
      const expected = `sha256=${createHmac('sha256', config.webhook.secret!).update(`${timestamp}.${body}`).digest('hex')}`;
      expect(signature).toBe(expected);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
      expect(JSON.parse(body)).toEqual({
        id: toGlobalId('Notification', String(n.id)), kind: 'TASK_DUE', title: n.title, body: n.body, dueOn: '2031-03-20', offsetDays: -5,
        createdAt: n.createdAt.toISOString(), record: { type: 'Task', id: toGlobalId('Task', String(n.subjectId)) },
        recipient: { id: toGlobalId('Official', String(h.fixture.officials.teamM1.id)), name: h.fixture.officials.teamM1.name },
      });
    }
    // Later passes send nothing again.
    await deliverPending(h.db, options);
    expect(rows.map((n) => receiver.of(n).length)).toEqual([1, 1, 1]);
  });

  it('keeps a dead letter after the last attempt of a receiver that answers 500', async () => {
    receiver.mode = 'fail';
    const [n] = await make(1);
    await settle([n]);
    expect(await deliveryOf(n)).toMatchObject({ status: 'DEAD', attempts: 3, lastError: 'HTTP 500', deliveredAt: null });
    expect(receiver.of(n)).toHaveLength(3);
    await deliverPending(h.db, options);
    expect(receiver.of(n)).toHaveLength(3);
  });

  it('gives up on an attempt that outlasts the timeout', async () => {
    receiver.mode = 'hang';
    const [n] = await make(1);
    const started = Date.now();
    expect(await deliverPending(h.db, options)).toEqual({ delivered: 0, retrying: 1, dead: 0 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await deliveryOf(n)).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'timeout' });
    receiver.mode = 'ok';
    await settle([n]);
    expect((await deliveryOf(n)).status).toBe('DELIVERED');
  });

  it('two workers at once deliver each row once (compare-and-set claims)', async () => {
    receiver.mode = 'ok';
    const rows = await make(6);
    const [a, b] = await Promise.all([deliverPending(h.db, options), deliverPending(h.db, options)]);
    expect(a.delivered + b.delivered).toBe(6);
    expect(rows.map((n) => receiver.of(n).length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('runs as a background worker until stopped', async () => {
    const rows = await make(2);
    const stop = startOutbox(h.db, (err) => { throw err; }, options, 50);
    const deadline = Date.now() + 10_000;
    while (rows.some((n) => receiver.of(n).length === 0) && Date.now() < deadline) await sleep(50);
    await stop();
    expect(rows.map((n) => receiver.of(n).length)).toEqual([1, 1]);
  });

  it('shows ADMIN of the city each delivery\'s status, attempts and last error', async () => {
    const q = `query D($status: DeliveryStatus) { notificationDeliveries(first: 100, status: $status) {
      totalCount edges { node { status attempts lastError kind title deliveredAt } } } }`;
    const dead = await h.exec(q, { status: 'DEAD' }, 'adminC1');
    expect(dead.errors).toBeUndefined();
    const nodes = (dead.data as { notificationDeliveries: { edges: { node: Record<string, unknown> }[] } }).notificationDeliveries.edges.map((e) => e.node);
    expect(nodes).toContainEqual({ status: 'DEAD', attempts: 3, lastError: 'HTTP 500', kind: 'TASK_DUE', title: expect.stringMatching(/^提醒 /), deliveredAt: null });
    const delivered = await h.exec(q, { status: 'DELIVERED' }, 'adminC1');
    expect((delivered.data as { notificationDeliveries: { totalCount: number } }).notificationDeliveries.totalCount).toBe(12);
    expect(codes(await h.exec(q, {}, 'teamM1'))).toEqual(['FORBIDDEN']);
  });
});
