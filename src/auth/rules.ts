// Named graphql-shield rules, one small function each. Rules that read only the
// viewer are cached per request ("contextual"); rules that read the parent are "strict".
import { rule } from 'graphql-shield';
import type { Context } from '../context';
import type { Official } from '../entities/official.entity';
import type { TaskRating } from '../entities/task-rating.entity';
import { Task } from '../entities/task.entity';
import { AppError, SIGN_IN_FIRST } from '../errors';
import { PostRole, UnitLevel } from '../schema/enums';
import { holdsPostAt, inScope, isCityRoot, RECORD_READERS, scopeRoots } from './scope';
import type { Viewer } from './viewer';

const notSignedIn = (): AppError => new AppError('UNAUTHENTICATED', SIGN_IN_FIRST);

export const hasRole = (viewer: Viewer | null, role: PostRole): boolean => !!viewer?.posts.some((p) => p.role === role);

/** A DISCIPLINE post of a whole city: it reads the city's audit log and sensitive-read log. */
export const isCityDisciplinePost = (p: Viewer['posts'][number]): boolean => p.role === PostRole.DISCIPLINE && p.unitLevel === UnitLevel.CITY;

/** ADMIN anywhere, or DISCIPLINE of a city (domain.md section 6, audit log). */
export const readsAuditLog = (viewer: Viewer | null): boolean =>
  !!viewer?.posts.some((p) => p.role === PostRole.ADMIN || isCityDisciplinePost(p));

/** Is the official (home unit or a current post) inside the subtree of one of the viewer's posts of these roles? */
export function officialInScope(ctx: Context, official: Official, roles: readonly PostRole[]): boolean | Promise<boolean> {
  // A post of the whole city covers every official of that city without a read (and without a promise).
  // (A loop, not some() with a closure: this runs for every phone of a tree read.)
  for (const r of scopeRoots(ctx.viewer, roles)) if (isCityRoot(r) && r.cityId === official.cityId) return true;
  return officialInScopeByUnits(ctx, official, roles);
}

async function officialInScopeByUnits(ctx: Context, official: Official, roles: readonly PostRole[]): Promise<boolean> {
  const posts = await ctx.loaders.currentPostsByOfficialId.load(official);
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

/** DISCIPLINE of a city (domain.md section 6: sensitive reads are audited, the entries the city DISCIPLINE's). */
export const readsSensitiveReads = (viewer: Viewer | null): boolean => !!viewer?.posts.some(isCityDisciplinePost);

export const canReadSensitiveReads = rule('canReadSensitiveReads', { cache: 'contextual' })((_parent, _args, ctx: Context) =>
  !ctx.viewer ? notSignedIn() : readsSensitiveReads(ctx.viewer));

/** Phone and ID number: the official, ADMIN and OFFICE in scope. */
const CONTACT_READERS: readonly PostRole[] = [PostRole.ADMIN, PostRole.OFFICE];

export const canReadContactDetails = rule('canReadContactDetails', { cache: 'strict' })((parent: Official, _args, ctx: Context) =>
  !!ctx.viewer && (ctx.viewer.officialId === parent.id || officialInScope(ctx, parent, CONTACT_READERS)));

/** An official's account: the official and ADMIN in scope. */
export const canReadAccount = rule('canReadAccount', { cache: 'strict' })((parent: Official, _args, ctx: Context) =>
  seesAccountOf(ctx, parent));

const gates = new Map<string, ReturnType<ReturnType<typeof rule>>>();

/**
 * A mutation gate: the viewer holds a current post of one of these roles somewhere (the
 * services then check the unit, the record and its state). One rule per name, reused:
 * graphql-shield refuses two different rules under one name.
 */
export function roleGate(name: string, roles: readonly PostRole[]) {
  let gate = gates.get(name);
  if (!gate) {
    gate = rule(name, { cache: 'contextual' })((_parent, _args, ctx: Context) =>
      !ctx.viewer ? notSignedIn() : ctx.viewer.posts.some((p) => roles.includes(p.role)));
    gates.set(name, gate);
  }
  return gate;
}

/** roleGate named after its roles, for the policy map. */
export const hasAnyRole = (...roles: PostRole[]) => roleGate(`hasAnyRole(${roles.join(',')})`, roles);

/** A task's unit is in the scope of the viewer's record-reading posts (INTERNAL parts of any task). */
export async function seesTaskInternals(ctx: Context, task: Task): Promise<boolean> {
  const unit = await ctx.loaders.unitById.load(task.unitId);
  return !!unit && readsUnitRecords(ctx.viewer, unit);
}

/**
 * A unit's records (INTERNAL tasks; any task's ratings, closures and evidence) are read by
 * the viewer's record-reading posts in scope of the unit: the rule in memory, for a unit at
 * hand. In SQL it is unitInScope(qb, column, scopeRoots(viewer, RECORD_READERS)).
 */
export const readsUnitRecords = (viewer: Viewer | null, unit: { path: string }): boolean => inScope(viewer, unit.path, RECORD_READERS);

const taskOf = async (ctx: Context, parent: Task | { taskId: number }): Promise<Task | null> =>
  parent instanceof Task ? parent : ctx.loaders.taskCoreById.load(parent.taskId);

/** Ratings, closures and evidence of a task: posts in scope only, even on a PUBLIC task. */
export const canReadTaskInternals = rule('canReadTaskInternals', { cache: 'strict' })(
  async (parent: Task | { taskId: number }, _args, ctx: Context) => {
    const task = await taskOf(ctx, parent);
    return !!task && seesTaskInternals(ctx, task);
  });

/** A rating's comment: DISCIPLINE in scope, the unit's SECRETARY, the task's responsible leader. */
export async function readsRatingComment(ctx: Context, task: Task): Promise<boolean> {
  if (!ctx.viewer) return false;
  const [unit, leaderPost] = await Promise.all([ctx.loaders.unitById.load(task.unitId), ctx.loaders.postById.load(task.leaderPostId)]);
  return (!!unit && inScope(ctx.viewer, unit.path, [PostRole.DISCIPLINE]))
    || holdsPostAt(ctx.viewer, task.unitId, [PostRole.SECRETARY])
    || leaderPost?.officialId === ctx.viewer.officialId;
}

export const canReadRatingComment = rule('canReadRatingComment', { cache: 'strict' })(
  async (parent: TaskRating, _args, ctx: Context) => {
    const task = await taskOf(ctx, parent);
    return !!task && readsRatingComment(ctx, task);
  });
