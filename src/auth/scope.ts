// The one scope rule (domain.md section 3): a post at unit U sees U and everything
// below it. Lists, lookups, counts and loaders put it in their SQL through
// whereInScope; single records already loaded are checked with inScope.
import { Brackets, type ObjectLiteral, type SelectQueryBuilder, type WhereExpressionBuilder } from 'typeorm';
import { OrgUnit } from '../entities/org-unit.entity';
import { forbidden } from '../errors';
import { PostRole } from '../schema/enums';
import type { Viewer, ViewerPost } from './viewer';

export interface ScopeRoot {
  readonly cityId: number;
  readonly path: string;
}

/** The upper bound of a subtree: "/1/7/" -> "/1/70" ("0" is the character after "/"). */
export const subtreeEnd = (path: string): string => `${path.slice(0, -1)}0`;

export const isUnder = (path: string, root: string): boolean => path.startsWith(root);

/** The distinct cities of some rows (posts, units, scope roots, parent records): the shard keys a statement names. */
export const citiesOf = (rows: readonly { readonly cityId: number }[]): number[] => [...new Set(rows.map((r) => r.cityId))];

/**
 * The subtree roots of the viewer's current posts, optionally only of some roles,
 * with nested roots removed (a city post already covers its districts).
 */
export function scopeRoots(viewer: Viewer | null, roles?: readonly PostRole[]): readonly ScopeRoot[] {
  if (!viewer) return [];
  // Once per viewer and list of roles (a rule asks per value: every phone of a tree read);
  // a viewer's posts never change (a changed post makes a new viewer).
  let known = rootsOf.get(viewer);
  if (!known) rootsOf.set(viewer, (known = { byList: new WeakMap(), byRoles: new Map() }));
  const list = roles ?? EVERY_ROLE;
  let roots = known.byList.get(list);
  if (!roots) {
    // The same roles in another array (a literal at its call site) find them by their names.
    const key = roles ? roles.join() : '*';
    roots = known.byRoles.get(key);
    if (!roots) known.byRoles.set(key, (roots = Object.freeze(computeRoots(viewer, roles).map((r) => Object.freeze(r)))));
    known.byList.set(list, roots);
  }
  return roots;
}

/** A viewer's scope roots by the array of roles asked with (a constant, usually), and by the roles' names. */
const rootsOf = new WeakMap<Viewer, { byList: WeakMap<readonly PostRole[], readonly ScopeRoot[]>; byRoles: Map<string, readonly ScopeRoot[]> }>();
const EVERY_ROLE: readonly PostRole[] = [];

function computeRoots(viewer: Viewer, roles?: readonly PostRole[]): ScopeRoot[] {
  const roots = viewer.posts
    .filter((p) => !roles || roles.includes(p.role))
    .map((p) => ({ cityId: p.cityId, path: p.unitPath }))
    .sort((a, b) => a.path.length - b.path.length);
  return roots.filter((r, i) => !roots.slice(0, i).some((outer) => isUnder(r.path, outer.path)));
}

/** Is a record at `unitPath` in the scope of the viewer's posts (of those roles)? */
export function inScope(viewer: Viewer | null, unitPath: string, roles?: readonly PostRole[]): boolean {
  for (const r of scopeRoots(viewer, roles)) if (isUnder(unitPath, r.path)) return true;
  return false;
}

/**
 * The deepest of the viewer's current posts of these roles whose subtree holds the path:
 * the post that issues a record about that unit (its unit keeps the record, domain.md section 3).
 */
export function coveringPost(viewer: Viewer | null, path: string, roles: readonly PostRole[]): ViewerPost | undefined {
  let best: ViewerPost | undefined;
  for (const post of viewer?.posts ?? []) {
    if (roles.includes(post.role) && isUnder(path, post.unitPath) && (!best || post.unitPath.length > best.unitPath.length)) best = post;
  }
  return best;
}

/**
 * For writes on public records (units, the directory): a unit outside the scope of
 * the viewer's posts of these roles is refused with FORBIDDEN (the unit itself is visible).
 */
export function assertInScope(viewer: Viewer | null, unit: { name: string; path: string }, roles: readonly PostRole[]): void {
  if (!inScope(viewer, unit.path, roles)) throw forbidden(`Your ${roles.join('/')} posts do not cover ${unit.name}`);
}

/**
 * Roles whose posts read a unit's records (lists, letters, tasks, ...) in their subtree:
 * "posts in scope" of domain.md section 6. ANALYST sees aggregates only and ADMIN the
 * tree and accounts only, so neither reads records.
 */
export const RECORD_READERS: readonly PostRole[] = Object.values(PostRole)
  .filter((role) => role !== PostRole.ANALYST && role !== PostRole.ADMIN);

/** The posts that keep a unit's lists, tasks, plans and registers: its OFFICE or SECRETARY (domain.md section 6). */
export const KEEPER_ROLES: readonly PostRole[] = [PostRole.OFFICE, PostRole.SECRETARY];

/** Does the viewer hold a current post of one of these roles at exactly this unit? */
export const holdsPostAt = (viewer: Viewer | null, unitId: number, roles: readonly PostRole[]): boolean =>
  !!viewer?.posts.some((p) => p.unitId === unitId && roles.includes(p.role));

let seq = 0;

/**
 * "In one of these subtrees" as SQL text with its named parameters (added to `params`): per
 * root, the city (the shard key) and an indexed range on the path column. No roots means
 * false. `strictlyBelow` leaves the roots themselves out.
 */
function scopeSql(
  roots: readonly ScopeRoot[], columns: { path: string; cityId: string }, params: ObjectLiteral, options: { strictlyBelow?: boolean } = {},
): string {
  if (roots.length === 0) return '1 = 0';
  const from = options.strictlyBelow ? '>' : '>=';
  return roots.map((root) => {
    const n = (seq = (seq + 1) % 1_000_000);
    Object.assign(params, { [`sc${n}`]: root.cityId, [`sf${n}`]: root.path, [`st${n}`]: subtreeEnd(root.path) });
    return `(${columns.cityId} = :sc${n} AND ${columns.path} ${from} :sf${n} AND ${columns.path} < :st${n})`;
  }).join(' OR ');
}

/** scopeSql as a condition of a query builder. */
export function scopeCondition(
  roots: readonly ScopeRoot[], columns: { path: string; cityId: string }, options: { strictlyBelow?: boolean } = {},
): Brackets {
  const params: ObjectLiteral = {};
  const sql = scopeSql(roots, columns, params, options);
  return new Brackets((w) => w.where(sql, params));
}

/** Adds scopeCondition to a query with AND. */
export function whereInScope<T extends WhereExpressionBuilder>(
  qb: T, roots: readonly ScopeRoot[], columns: { path: string; cityId: string },
): T {
  return qb.andWhere(scopeCondition(roots, columns));
}

/**
 * "The record's unit is in one of these subtrees" as a semi-join on the indexed path
 * range, for records that carry a unitId (a plain IN keeps LIMIT paging exact).
 */
export function unitInScope<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>, unitColumn: string, roots: readonly ScopeRoot[],
  cityColumn = `${unitColumn.slice(0, unitColumn.lastIndexOf('.'))}.cityId`,
): { sql: string; params: ObjectLiteral } {
  // A root that is a whole city needs no unit at all: every record carries its city
  // (domain.md section 10), so the condition is the record's own indexed cityId.
  const cities = roots.filter(isCityRoot).map((r) => r.cityId);
  const below = roots.filter((r) => !isCityRoot(r));
  const parts: string[] = [];
  const params: ObjectLiteral = {};
  if (cities.length) {
    const n = (seq = (seq + 1) % 1_000_000);
    parts.push(`${cityColumn} IN (:...sc${n})`);
    params[`sc${n}`] = cities;
  }
  if (below.length || !cities.length) {
    // Written out, not built by a sub-query builder: a list builds this on every request.
    const units = `(SELECT su.id FROM ${qb.connection.getMetadata(OrgUnit).tableName} su WHERE (${scopeSql(below, { cityId: 'su.cityId', path: 'su.path' }, params)}))`;
    // The record's own city too: the shard key of both tables (and the lead of their indexes).
    const n = (seq = (seq + 1) % 1_000_000);
    const belowCities = citiesOf(below);
    parts.push(belowCities.length ? `(${cityColumn} IN (:...bc${n}) AND ${unitColumn} IN ${units})` : `${unitColumn} IN ${units}`);
    if (belowCities.length) params[`bc${n}`] = belowCities;
  }
  return { sql: parts.length > 1 ? `(${parts.join(' OR ')})` : parts[0], params };
}

/** A subtree root that is a whole city ("/7/" of city 7). */
export const isCityRoot = (root: ScopeRoot): boolean => root.path === `/${root.cityId}/`;

/**
 * A list's "unit" filter: records of the unit itself, or of its whole subtree (a semi-join
 * on the indexed path range, with the city), or none when the unit does not exist.
 */
export function whereUnitFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>, alias: string, unit: OrgUnit | null, subtree: boolean,
): SelectQueryBuilder<T> {
  if (!unit) return qb.andWhere('1 = 0');
  if (!subtree) return qb.andWhere(`${alias}.cityId = :filterCityId AND ${alias}.unitId = :filterUnitId`, { filterCityId: unit.cityId, filterUnitId: unit.id });
  const sub = unitInScope(qb, `${alias}.unitId`, [{ cityId: unit.cityId, path: unit.path }]);
  return qb.andWhere(`${alias}.cityId = :filterCityId AND ${sub.sql}`, { filterCityId: unit.cityId, ...sub.params });
}
