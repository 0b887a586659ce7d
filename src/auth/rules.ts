// Named graphql-shield rules, one small function each. Rules that read only the
// viewer are cached per request ("contextual"); rules that read the parent are "strict".
import { rule } from 'graphql-shield';
import type { Context } from '../context';
import type { Official } from '../entities/official.entity';
import { AppError } from '../errors';
import { PostRole, UnitLevel } from '../schema/enums';
import { inScope } from './scope';
import type { Viewer } from './viewer';

const notSignedIn = (): AppError => new AppError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>');

export const hasRole = (viewer: Viewer | null, role: PostRole): boolean => !!viewer?.posts.some((p) => p.role === role);

/** ADMIN anywhere, or DISCIPLINE of a city (domain.md section 6, audit log). */
export const readsAuditLog = (viewer: Viewer | null): boolean =>
  !!viewer?.posts.some((p) => p.role === PostRole.ADMIN || (p.role === PostRole.DISCIPLINE && p.unitLevel === UnitLevel.CITY));

/** Is the official (home unit or a current post) inside the subtree of one of the viewer's posts of these roles? */
export async function officialInScope(ctx: Context, official: Official, roles: readonly PostRole[]): Promise<boolean> {
  const posts = await ctx.loaders.currentPostsByOfficialId.load(official.id);
  const units = await ctx.loaders.unitById.loadMany([official.unitId, ...posts.map((p) => p.unitId)]);
  return units.some((u) => u && !(u instanceof Error) && inScope(ctx.viewer, u.path, roles));
}

/** An official's account: the official and ADMIN in scope (Official.account and node(Account)). */
export const seesAccountOf = async (ctx: Context, official: Official): Promise<boolean> =>
  !!ctx.viewer && (ctx.viewer.officialId === official.id || officialInScope(ctx, official, [PostRole.ADMIN]));

export const isSignedIn = rule('isSignedIn', { cache: 'contextual' })((_parent, _args, ctx: Context) =>
  ctx.viewer ? true : notSignedIn());

export const isAdmin = rule('isAdmin', { cache: 'contextual' })((_parent, _args, ctx: Context) =>
  !ctx.viewer ? notSignedIn() : hasRole(ctx.viewer, PostRole.ADMIN));

export const canReadAuditLog = rule('canReadAuditLog', { cache: 'contextual' })((_parent, _args, ctx: Context) =>
  !ctx.viewer ? notSignedIn() : readsAuditLog(ctx.viewer));

/** Phone and ID number: the official, ADMIN and OFFICE in scope. */
export const canReadContactDetails = rule('canReadContactDetails', { cache: 'strict' })(async (parent: Official, _args, ctx: Context) =>
  !!ctx.viewer && (ctx.viewer.officialId === parent.id || officialInScope(ctx, parent, [PostRole.ADMIN, PostRole.OFFICE])));

/** An official's account: the official and ADMIN in scope. */
export const canReadAccount = rule('canReadAccount', { cache: 'strict' })((parent: Official, _args, ctx: Context) =>
  seesAccountOf(ctx, parent));
