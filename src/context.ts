// The per-request context every service method takes first: who asks, what they
// may see, the loaders and the database.
import type { DataSource } from 'typeorm';
import type { TreeRows } from './auth/authenticate';
import type { Viewer } from './auth/viewer';
import { AppError } from './errors';
import { createLoaders, type Loaders } from './loaders';
import { SensitiveReads } from './sensitive-reads';

export interface Context {
  readonly viewer: Viewer | null;
  readonly db: DataSource;
  readonly loaders: Loaders;
  readonly requestId: string;
  /** Sensitive values read by this request, recorded before the answer leaves (src/sensitive-reads.ts). */
  readonly reads: SensitiveReads;
  /** Org tree rows kept across requests (src/auth/authenticate.ts), or null: read from the database. */
  readonly tree: TreeRows | null;
  /**
   * Subscriptions only: a subscription's context lives as long as the socket, so before
   * each event the viewer is read again (an account deactivated meanwhile stops receiving)
   * and the loaders and the policy cache start fresh. Resolves false when the sign-in is no longer valid.
   */
  readonly renew?: () => Promise<boolean>;
}

export function createContext(db: DataSource, viewer: Viewer | null, requestId: string, tree: TreeRows | null = null): Context {
  return { viewer, db, loaders: createLoaders(db), requestId, reads: new SensitiveReads(), tree };
}

/** The viewer, for code paths the policy has already restricted to signed-in users. */
export function viewerOf(ctx: Context): NonNullable<Context['viewer']> {
  if (!ctx.viewer) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return ctx.viewer;
}

/**
 * A long-lived context for one subscription group (src/subscriptions.ts): its members
 * share it, so it is renewed once per event, for all of them.
 */
export function createSubscriptionContext(
  db: DataSource, authenticate: () => Promise<Viewer | null>, viewer: Viewer, requestId: string,
): Context {
  const ctx = { ...createContext(db, viewer, requestId) } as Context & { viewer: Viewer | null; loaders: Loaders };
  return Object.assign(ctx, {
    async renew(): Promise<boolean> {
      ctx.viewer = await authenticate();
      // Fresh loaders also start the policy's per-request decisions afresh (auth/policy.ts keys them by the loaders).
      ctx.loaders = createLoaders(db);
      return ctx.viewer !== null;
    },
  });
}
