// The per-request context every service method takes first: who asks, what they
// may see, the loaders and the database.
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Viewer } from './auth/viewer';
import { AppError } from './errors';
import { createLoaders, type Loaders } from './loaders';

export interface Context {
  readonly viewer: Viewer | null;
  readonly db: DataSource;
  readonly loaders: Loaders;
  readonly requestId: string;
  readonly log: Logger;
}

export function createContext(db: DataSource, viewer: Viewer | null, requestId: string, log: Logger): Context {
  return { viewer, db, loaders: createLoaders(db), requestId, log };
}

/** The viewer, for code paths the policy has already restricted to signed-in users. */
export function viewerOf(ctx: Context): NonNullable<Context['viewer']> {
  if (!ctx.viewer) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return ctx.viewer;
}
