// Bearer token -> Viewer. An inactive or locked account, a bad or expired token, a
// token of an ended session (its version is not the account's): all end as "not signed in". One indexed statement (the account with its current
// posts), and none while a cached viewer is still exact (see the viewer cache below).
import { EventSubscriber, type DataSource, type EntitySubscriberInterface, type EntityManager, type TransactionCommitEvent } from 'typeorm';
import { inPeriodSql, today } from '../clock';
import type { PostRole } from '../schema/enums';
import { verifyToken } from './token';
import type { Viewer } from './viewer';
import { logger } from '../logger';
import { redis, REDIS_PREFIX } from '../redis';

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

// ---------------------------------------------------------------- the viewer cache
// A viewer read for a token is reused while nothing that could change it has been
// written: every write to an account, a post or the tree (recorded through recordAudit,
// which calls identityChanged) bumps the generation once when it is written and again
// after its transaction commits, so a viewer read during the transaction is not kept
// either. The day is part of the key: posts begin and end with the calendar.
// With several API processes (ZEREN_REDIS_URL) the generation is also kept in Redis:
// each request reads it (one GET, no SQL), and the writing process bumps it before its
// response leaves, so a write made through any process empties every process's cache.
// When Redis cannot be read, nothing is cached: viewers are read from the database.
// The promise holds: an ended post, a deactivated or locked account takes effect on the
// next request, whichever process serves it.
// Rows of the org tree (a unit by id, a unit with tiers of its children) are kept on the
// same terms (TreeRows below): every write to the tree bumps the same generation.

/** What a kept entry was read under: the generation, the shared generation as its request read it, and a deadline. */
interface Stamp { readonly generation: number; readonly shared: string | null; readonly expiresAt: number }
interface Cached extends Stamp { readonly viewer: Viewer; readonly day: string }
interface Stamped extends Stamp { readonly value: unknown }
interface Identity { generation: number; readonly viewers: Map<string, Cached>; readonly tree: Map<string, Stamped> }

const MAX_CACHED = 10_000;
const MAX_TREE_READS = 20_000;
/** With Redis, an entry is also dropped after this long (see keptUntil). */
const SHARED_MAX_AGE_MS = 60_000;
const SHARED_GENERATION = `${REDIS_PREFIX}identity-generation`;
const identities = new WeakMap<DataSource, Identity>();
const identityOf = (db: DataSource): Identity => {
  let identity = identities.get(db);
  if (!identity) identities.set(db, (identity = { generation: 0, viewers: new Map(), tree: new Map() }));
  return identity;
};

/** Is a kept entry still current for a request that read the shared generation as `shared` (undefined: unreadable)? */
const isCurrent = (identity: Identity, entry: Stamp | undefined, shared: string | null | undefined): entry is Stamp =>
  !!entry && shared !== undefined && entry.generation === identity.generation && entry.shared === shared && Date.now() < entry.expiresAt;

/**
 * How long an entry read now may be kept: until `until`, and with Redis for SHARED_MAX_AGE_MS
 * at most (a backstop if a bump was lost, or a cluster node applied another's commit late).
 */
const keptUntil = (shared: string | null, until = Infinity): number => (shared === null ? until : Math.min(until, Date.now() + SHARED_MAX_AGE_MS));

/** Keeps an entry in a map of at most `max` (the oldest goes first). */
function keep<V>(entries: Map<string, V>, max: number, key: string, value: V): void {
  if (entries.size >= max) entries.delete(entries.keys().next().value!);
  entries.set(key, value);
}

const PENDING = Symbol('identityChanged');

function bump(db: DataSource): Promise<void> | undefined {
  const identity = identityOf(db);
  identity.generation += 1;
  identity.viewers.clear();
  identity.tree.clear();
  const shared = redis();
  // A failed bump is logged, not thrown (the write stands): others then read the generation
  // as unchanged until the backstop, or read the database while Redis is unreachable.
  return shared?.command.incr(SHARED_GENERATION).then(() => undefined, (err: unknown) => {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, 'could not bump the shared viewer generation');
  });
}

/** Called by the write path when an account, a post or the tree changes (inside the transaction). */
export function identityChanged(em: EntityManager): void {
  void bump(em.connection);
  if (em.queryRunner) (em.queryRunner.data as Record<symbol, boolean>)[PENDING] = true;
}

/**
 * Bumps the generation again once such a transaction has committed (before the response
 * leaves). TypeORM registers only subscribers marked @EventSubscriber() among those listed.
 */
@EventSubscriber()
export class IdentityCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): Promise<void> | void {
    const data = event.queryRunner.data as Record<symbol, boolean>;
    if (!data[PENDING]) return;
    delete data[PENDING];
    return bump(event.connection);
  }
}

/** The shared generation: null without Redis, undefined when Redis cannot be read. */
async function sharedGeneration(): Promise<string | null | undefined> {
  const shared = redis();
  if (!shared) return null;
  try {
    return (await shared.command.get(SHARED_GENERATION)) ?? '0';
  } catch {
    return undefined;
  }
}

/**
 * Rows of the org tree kept across requests while the generation and the shared generation
 * (as this request read it) are those they were read under. A value is frozen (an array's
 * elements too), so no request can change what another is served.
 */
export class TreeRows {
  constructor(private readonly identity: Identity, private readonly shared: string | null) {}

  async read<T extends object | null>(key: string, read: () => Promise<T>): Promise<T> {
    const { identity } = this;
    const hit = identity.tree.get(key);
    if (isCurrent(identity, hit, this.shared)) return hit.value as T;
    const generation = identity.generation;
    const value = await read();
    // Not kept when a write was recorded meanwhile: the value may have been read before it.
    if (generation === identity.generation) {
      if (Array.isArray(value)) value.forEach((v) => Object.freeze(v));
      Object.freeze(value);
      keep(identity.tree, MAX_TREE_READS, key, { value, generation, shared: this.shared, expiresAt: keptUntil(this.shared) });
    }
    return value;
  }
}

/** Drops the kept tree rows of a data source, not its viewers (tests count a request's statements from a cold tree). */
export function forgetTreeRows(db: DataSource): void {
  identityOf(db).tree.clear();
}

/** A read of the org tree through the request's TreeRows, or straight from the database when it has none. */
export const treeRead = <T extends object | null>(rows: TreeRows | null, key: string, read: () => Promise<T>): Promise<T> =>
  rows ? rows.read(key, read) : read();

/**
 * Resolves the viewer of a request, and the tree rows it may take from the cache (none
 * when Redis cannot be read). The viewer is null when there is no usable token; the policy
 * then refuses everything but `login` with UNAUTHENTICATED.
 */
export async function identify(db: DataSource, token: string | null): Promise<{ viewer: Viewer | null; tree: TreeRows | null }> {
  if (!token) return { viewer: null, tree: null };
  const identity = identityOf(db);
  const day = today();
  const shared = await sharedGeneration();
  const tree = shared === undefined ? null : new TreeRows(identity, shared);
  // The same token string was verified when it was cached: only its expiry is checked again.
  const cached = identity.viewers.get(token);
  if (isCurrent(identity, cached, shared) && cached.day === day) return { viewer: cached.viewer, tree };
  const verified = await verifyToken(token);
  if (verified === null) return { viewer: null, tree: null };
  const generation = identity.generation;
  const viewer = await readViewer(db, verified.accountId, verified.sessionVersion, day);
  if (viewer && generation === identity.generation && shared !== undefined) {
    keep(identity.viewers, MAX_CACHED, token, { viewer, day, generation, shared, expiresAt: keptUntil(shared, verified.expiresAt) });
  }
  return { viewer, tree: viewer ? tree : null };
}

/** The viewer of a request (identify without the tree rows). */
export const authenticate = async (db: DataSource, token: string | null): Promise<Viewer | null> => (await identify(db, token)).viewer;

type Row = {
  officialId: number | string; homeCityId: number | string; active: number | boolean | string; locked: number | string; sessionVersion: number | string;
  id: number | string | null; role: PostRole | null; unitId: number | string | null; unitPath: string | null;
  unitLevel: string | null; cityId: number | string | null;
};

/** The account and its current posts with their units, in one statement. */
async function readViewer(db: DataSource, accountId: number, sessionVersion: number, day: string): Promise<Viewer | null> {
  const rows = await db.createQueryBuilder()
    .select(['a.officialId AS officialId', 'o.cityId AS homeCityId', 'a.active AS active', 'a.sessionVersion AS sessionVersion', 'CASE WHEN a.lockedUntil > :now THEN 1 ELSE 0 END AS locked', 'p.id AS id', 'p.role AS role',
      'u.id AS unitId', 'u.path AS unitPath', 'u.level AS unitLevel', 'u.cityId AS cityId'])
    .from('account', 'a')
    .innerJoin('official', 'o', 'o.id = a.officialId')
    // Within the official's city (the shard key): a post is in its official's city
    // (officialService.createPost), a post's unit in the post's.
    .leftJoin('post', 'p', `p.cityId = o.cityId AND p.officialId = a.officialId AND ${inPeriodSql('p')}`, { day })
    .leftJoin('org_unit', 'u', 'u.cityId = p.cityId AND u.id = p.unitId')
    .where('a.id = :accountId', { accountId, now: new Date() })
    .orderBy('p.id')
    .getRawMany<Row>();
  const account = rows[0];
  if (!account || !Number(account.active) || Number(account.sessionVersion) !== sessionVersion) return null;
  if (Number(account.locked)) return null;
  return {
    accountId,
    officialId: Number(account.officialId),
    cityId: Number(account.homeCityId),
    posts: rows.filter((r) => r.id !== null && r.unitId !== null).map((r) => ({
      id: Number(r.id), role: r.role!, unitId: Number(r.unitId), unitPath: r.unitPath!, unitLevel: r.unitLevel!, cityId: Number(r.cityId),
    })),
  };
}
