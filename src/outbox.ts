// The webhook outbox (issue 12): each notification queued with a webhook configured is
// POSTed as JSON to ZEREN_WEBHOOK_URL, where an SMS, WeCom or DingTalk gateway takes it.
// Signed: X-Zeren-Signature = "sha256=" + hex HMAC-SHA256 over "<X-Zeren-Timestamp>.<body>"
// with ZEREN_WEBHOOK_SECRET; X-Zeren-Delivery (the notification's id) is the idempotency
// key. Rows are claimed by compare-and-set (claimToken, claimedUntil), so several
// processes share the work and a process that dies mid-delivery leaves its rows to
// another after the lease. A failed attempt (network error, timeout, non-2xx) is retried
// with exponential backoff up to a cap; after maxAttempts it is DEAD (the dead letter,
// shown to ADMIN). At least once: a receiver that answered 2xx just before a crash may
// hear of it again, with the same X-Zeren-Delivery.
import { createHmac, randomUUID } from 'node:crypto';
import { toGlobalId } from 'graphql-relay';
import { In, type DataSource } from 'typeorm';
import { notBefore, now } from './clock';
import { config, type WebhookConfig } from './config';
import { Notification, NotificationDelivery, Official } from './entities';
import { ALL_CITIES } from './data-source';
import { DeliveryStatus } from './schema/enums';


export interface OutboxOptions extends WebhookConfig {
  readonly url: string;
  readonly secret: string;
  /** Rows claimed per pass. */
  readonly batch?: number;
  /** Requests in flight at once. */
  readonly concurrency?: number;
}

/** The configured webhook, or null when none is (then nothing is queued, src/resolvers/notifications). */
export const configuredOutbox = (): OutboxOptions | null =>
  (config.webhook.url && config.webhook.secret ? { ...config.webhook, url: config.webhook.url, secret: config.webhook.secret } : null);

/** "sha256=<hex>" over "<timestamp>.<body>": what a receiver recomputes with the shared secret. */
export const signature = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** The wait after the n-th failed attempt: backoffMs, doubling, at most backoffMaxMs. */
export const backoffAfter = (attempts: number, options: Pick<WebhookConfig, 'backoffMs' | 'backoffMaxMs'>): number =>
  Math.min(options.backoffMaxMs, options.backoffMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));

/** What the receiver gets: the notification and its recipient (by id and name; no contact details, no tokens). */
export function payloadOf(n: Notification, recipient: Official | null): Record<string, unknown> {
  return {
    id: toGlobalId('Notification', String(n.id)),
    kind: n.kind,
    title: n.title,
    body: n.body,
    dueOn: n.dueOn,
    offsetDays: n.offsetDays,
    createdAt: n.createdAt.toISOString(),
    record: { type: n.subjectType, id: toGlobalId(n.subjectType, String(n.subjectId)) },
    recipient: { id: toGlobalId('Official', String(n.officialId)), name: recipient?.name ?? null },
  };
}

/** Why an attempt failed, short and without secrets (never the URL, which may carry one). */
function describeFailure(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string }; code?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  const code = e?.cause?.code ?? e?.code;
  return `network error${typeof code === 'string' ? `: ${code}` : ''}`.slice(0, 200);
}

/** One POST; null when the receiver answered 2xx, else why not. */
async function post(options: OutboxOptions, n: Notification, recipient: Official | null): Promise<string | null> {
  const body = JSON.stringify(payloadOf(n, recipient));
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const res = await fetch(options.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Zeren-Webhook/1',
        'x-zeren-timestamp': timestamp,
        'x-zeren-signature': signature(options.secret, timestamp, body),
        'x-zeren-delivery': toGlobalId('Notification', String(n.id)),
      },
      body,
    });
    // The answer's body is not needed; reading it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
    return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`;
  } catch (err) {
    return describeFailure(err);
  }
}

export interface OutboxPass {
  readonly delivered: number;
  readonly retrying: number;
  readonly dead: number;
}

/**
 * One pass: claims the PENDING deliveries that are due and nobody holds (compare-and-set),
 * POSTs each, and records the outcome (only while still holding the claim).
 */
export async function deliverPending(db: DataSource, options: OutboxOptions): Promise<OutboxPass> {
  const at = now();
  const batch = options.batch ?? 50;
  const repo = db.getRepository(NotificationDelivery);
  // The outbox serves every city (a per-shard worker on a sharded engine): a declared scan.
  const due = await repo.createQueryBuilder('d').comment(ALL_CITIES).select('d.id', 'id')
    .where('d.status = :pending AND d.nextAttemptAt <= :at', { pending: DeliveryStatus.PENDING, at })
    .andWhere('(d.claimedUntil IS NULL OR d.claimedUntil < :at)')
    .orderBy('d.nextAttemptAt').addOrderBy('d.id').limit(batch).getRawMany<{ id: number }>();
  if (!due.length) return { delivered: 0, retrying: 0, dead: 0 };
  const token = randomUUID();
  const leaseMs = options.timeoutMs * 2 + 30_000;
  const ids = due.map((d) => Number(d.id));
  await db.createQueryBuilder().update(NotificationDelivery)
    .set({ claimToken: token, claimedUntil: notBefore(at.getTime() + leaseMs) })
    .where('id IN (:...ids) AND status = :pending AND (claimedUntil IS NULL OR claimedUntil < :at)', { ids, pending: DeliveryStatus.PENDING, at })
    .execute();
  // What this pass holds: another process may have claimed some of them first.
  const claimed = await repo.find({ where: { id: In(ids), claimToken: token }, order: { id: 'ASC' } });
  if (!claimed.length) return { delivered: 0, retrying: 0, dead: 0 };
  const notifications = await db.getRepository(Notification).find({ where: { id: In(claimed.map((d) => d.notificationId)) } });
  const byId = new Map(notifications.map((n) => [n.id, n]));
  const officials = await db.getRepository(Official).find({
    select: { id: true, name: true }, where: { id: In([...new Set(notifications.map((n) => n.officialId))]) },
  });
  const officialById = new Map(officials.map((o) => [o.id, o]));

  const outcome = { delivered: 0, retrying: 0, dead: 0 };
  const queue = [...claimed];
  const worker = async (): Promise<void> => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const n = byId.get(d.notificationId);
      const failure = n ? await post(options, n, officialById.get(n.officialId) ?? null) : 'notification missing';
      const attempts = d.attempts + 1;
      const finished = now();
      const mine = db.createQueryBuilder().update(NotificationDelivery)
        .where('id = :id AND claimToken = :token', { id: d.id, token });
      if (!failure) {
        await mine.set({ status: DeliveryStatus.DELIVERED, attempts, deliveredAt: finished, lastError: null, claimToken: null, claimedUntil: null }).execute();
        outcome.delivered += 1;
      } else if (attempts >= options.maxAttempts) {
        await mine.set({ status: DeliveryStatus.DEAD, attempts, lastError: failure, claimToken: null, claimedUntil: null }).execute();
        outcome.dead += 1;
      } else {
        await mine.set({
          attempts, lastError: failure, claimToken: null, claimedUntil: null,
          nextAttemptAt: notBefore(finished.getTime() + backoffAfter(attempts, options)),
        }).execute();
        outcome.retrying += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, claimed.length) }, worker));
  return outcome;
}

/** Delivers every few seconds while a webhook is configured; returns a stopper (waits for the pass in flight). */
export function startOutbox(
  db: DataSource, onError: (err: unknown) => void, options: OutboxOptions | null = configuredOutbox(), everyMs = 5_000,
): () => Promise<void> {
  if (!options) return async () => undefined;
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = deliverPending(db, options).then(() => undefined, onError).finally(() => { running = null; });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
