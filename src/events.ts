// The event bus behind subscriptions: services publish after their transaction commits;
// subscribers re-read the record through the scoped services. In this process by default;
// over Redis pub/sub when ZEREN_REDIS_URL is set (src/redis.ts), so that every API process
// hears what any of them wrote. Events carry ids only, never a record's content.
import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { redis, REDIS_PREFIX } from './redis';

export interface TaskChanged {
  readonly taskId: number;
}

export interface NoticeChanged {
  readonly noticeId: number;
}

/** A notification was created for an official (only they hear of it). */
export interface NotificationAdded {
  readonly notificationId: number;
  readonly officialId: number;
}

type Listener = (event: CustomEvent) => void;
interface Target {
  addEventListener(topic: string, listener: Listener): void;
  removeEventListener(topic: string, listener: Listener): void;
  dispatchEvent(event: CustomEvent): boolean;
}

/** Redis pub/sub as an event target, its channels prefixed (a deployment's own). */
function sharedTarget(): Target | null {
  const shared = redis();
  if (!shared) return null;
  const inner = createRedisEventTarget({ publishClient: shared.command, subscribeClient: shared.subscriber }) as unknown as Target;
  return {
    addEventListener: (topic, listener) => inner.addEventListener(REDIS_PREFIX + topic, listener),
    removeEventListener: (topic, listener) => inner.removeEventListener(REDIS_PREFIX + topic, listener),
    dispatchEvent: (event) => inner.dispatchEvent(new CustomEvent(REDIS_PREFIX + event.type, { detail: event.detail })),
  };
}

/** In this process: every subscription group listens on it, so no listener limit (a warning past 10 otherwise). */
function localTarget(): Target {
  const target = new EventTarget();
  setMaxListeners(0, target);
  return target as unknown as Target;
}

const bus = createPubSub<{
  taskChanged: [TaskChanged]; noticeChanged: [NoticeChanged]; notificationAdded: [NotificationAdded];
}>({ eventTarget: (sharedTarget() ?? localTarget()) as never });

// Events published while an outer transaction is still open (a bulk form, src/resolvers/bulk,
// calls services that publish after their own, nested, transaction): held until it commits.
const held = new AsyncLocalStorage<(() => void)[]>();

type Publish = (...args: unknown[]) => void;

export const events: typeof bus = {
  publish: ((...args: unknown[]) => {
    const queue = held.getStore();
    if (queue) queue.push(() => (events.publish as Publish)(...args));
    else (bus.publish as Publish)(...args);
  }) as typeof bus.publish,
  subscribe: bus.subscribe,
};

/**
 * Runs `work` (which commits a transaction when it resolves) and only then publishes the
 * events published during it; if it rejects (rolled back), they are dropped. A hold inside
 * another passes its events on to the outer one.
 */
export async function publishAfter<T>(work: () => Promise<T>): Promise<T> {
  const queue: (() => void)[] = [];
  const result = await held.run(queue, work);
  for (const publish of queue) publish();
  return result;
}
