// Redis, when ZEREN_REDIS_URL is set: what several API processes share besides the
// database. Three uses, each falling back to this process alone without it:
// - the event bus of subscriptions (src/events.ts): a write made through one process is
//   heard by the subscribers of every process;
// - the viewer cache's generation (src/auth/authenticate.ts): a change to an account, a
//   post or the tree made through one process empties every process's cache;
// - the rate limit's counts (src/edge.ts), one budget per account across processes;
// - the automatic persisted queries (src/server.ts): a document registered through one
//   process is found by hash on every other (without it a client would resend the text).
// ioredis (the client @graphql-yoga/redis-event-target is built for) reconnects by itself;
// a command sent while it is down fails after a bounded wait instead of queueing forever.
// Channels and keys are prefixed, so deployments may share one Redis.
import { Redis } from 'ioredis';
import { config } from './config';

/** The prefix of every channel and key Zeren uses. */
export const REDIS_PREFIX = 'zeren:';

interface Clients { readonly command: Redis; readonly subscriber: Redis }
let clients: Clients | null = null;

const connect = (url: string): Redis => new Redis(url, {
  // A command waits for a reconnect at most this long, then fails (never hangs a request).
  maxRetriesPerRequest: 2,
  connectTimeout: 5_000,
  commandTimeout: 2_000,
  retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
});

/** The shared clients, or null when Zeren runs as one process (no ZEREN_REDIS_URL). */
export function redis(): Clients | null {
  if (!config.redisUrl) return null;
  // Pub/sub takes a connection of its own: a subscribed connection runs no other commands.
  clients ??= { command: connect(config.redisUrl), subscriber: connect(config.redisUrl) };
  return clients;
}

/** Closes the clients (shutdown): pending commands finish first. */
export async function closeRedis(): Promise<void> {
  const open = clients;
  clients = null;
  if (open) await Promise.allSettled([open.command.quit(), open.subscriber.quit()]);
}

/** How long a registered persisted query stays in Redis without being used again. */
const DOCUMENT_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Apollo's store of automatic persisted queries in Redis (keys `zeren:apq:<hash>`). Each
 * read renews the document's time to live. Redis being away reads as a miss: the client then
 * sends the document's text again (the APQ protocol), so nothing fails for it.
 */
export function persistedQueryStore(client: Redis) {
  const at = (key: string): string => `${REDIS_PREFIX}${key}`;
  return {
    async get(key: string): Promise<string | undefined> {
      try {
        return (await client.getex(at(key), 'EX', DOCUMENT_TTL_SECONDS)) ?? undefined;
      } catch {
        return undefined;
      }
    },
    async set(key: string, value: string): Promise<void> {
      try {
        await client.set(at(key), value, 'EX', DOCUMENT_TTL_SECONDS);
      } catch {
        // not kept: the next request by hash alone is asked for the text again
      }
    },
    async delete(key: string): Promise<boolean> {
      try {
        return (await client.del(at(key))) > 0;
      } catch {
        return false;
      }
    },
  };
}
