// The one scope rule (domain.md section 3): a post at unit U sees U and everything
// below it. Lists, lookups, counts and loaders put it in their SQL through
// whereInScope; single records already loaded are checked with inScope.
import { Brackets, type WhereExpressionBuilder } from 'typeorm';
import { forbidden } from '../errors';
import type { PostRole } from '../schema/enums';
import type { Viewer } from './viewer';

export interface ScopeRoot {
  readonly cityId: number;
  readonly path: string;
}

/** The upper bound of a subtree: "/1/7/" -> "/1/70" ("0" is the character after "/"). */
export const subtreeEnd = (path: string): string => `${path.slice(0, -1)}0`;

export const isUnder = (path: string, root: string): boolean => path.startsWith(root);

/**
 * The subtree roots of the viewer's current posts, optionally only of some roles,
 * with nested roots removed (a city post already covers its districts).
 */
export function scopeRoots(viewer: Viewer | null, roles?: readonly PostRole[]): ScopeRoot[] {
  if (!viewer) return [];
  const roots = viewer.posts
    .filter((p) => !roles || roles.includes(p.role))
    .map((p) => ({ cityId: p.cityId, path: p.unitPath }))
    .sort((a, b) => a.path.length - b.path.length);
  return roots.filter((r, i) => !roots.slice(0, i).some((outer) => isUnder(r.path, outer.path)));
}

/** Is a record at `unitPath` in the scope of the viewer's posts (of those roles)? */
export const inScope = (viewer: Viewer | null, unitPath: string, roles?: readonly PostRole[]): boolean =>
  scopeRoots(viewer, roles).some((r) => isUnder(unitPath, r.path));

/**
 * For writes on public records (units, the directory): a unit outside the scope of
 * the viewer's posts of these roles is refused with FORBIDDEN (the unit itself is visible).
 */
export function assertInScope(viewer: Viewer | null, unit: { name: string; path: string }, roles: readonly PostRole[]): void {
  if (!inScope(viewer, unit.path, roles)) throw forbidden(`Your ${roles.join('/')} posts do not cover ${unit.name}`);
}

let seq = 0;

/**
 * Adds "in one of these subtrees" to a query: per root, the city (the shard key)
 * and an indexed range on the path column. No roots means no rows.
 */
export function whereInScope<T extends WhereExpressionBuilder>(
  qb: T, roots: readonly ScopeRoot[], columns: { path: string; cityId: string },
): T {
  if (roots.length === 0) return qb.andWhere('1 = 0');
  return qb.andWhere(
    new Brackets((or) => {
      for (const root of roots) {
        const n = (seq = (seq + 1) % 1_000_000);
        or.orWhere(
          `(${columns.cityId} = :sc${n} AND ${columns.path} >= :sf${n} AND ${columns.path} < :st${n})`,
          { [`sc${n}`]: root.cityId, [`sf${n}`]: root.path, [`st${n}`]: subtreeEnd(root.path) },
        );
      }
    }),
  );
}
