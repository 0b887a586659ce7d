// The org tree: lookups, lists and subtree queries (paths as indexed ranges), and
// the ADMIN writes, each with its effective day and kept in the tree's history:
// create, rename, move (one UPDATE re-roots a whole subtree), merge, split and close.
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { treeRead } from '../../auth/authenticate';
import { assertInScope, isUnder, scopeRoots, subtreeEnd, whereInScope } from '../../auth/scope';
import { randomUUID } from 'node:crypto';
import { addDays, dayOf, isCalendarDay, now, today } from '../../clock';
import { config } from '../../config';
import type { Context } from '../../context';
import { ALL_CITIES, concatSql, isMysql, lockById } from '../../data-source';
import { OrgUnit, OrgUnitChange } from '../../entities';
import { AppError, badInput } from '../../errors';
import { LEVEL_ORDER, NON_AREA_PARENT_LEVELS, OrgChangeKind, PostRole, UnitKind, UnitLevel } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { hydrate, selectList } from '../../schema/rows';
import { recordAudit } from '../audit/audit.service';
import type { CreateOrgUnitInput, OrgUnitFilter } from './org-unit.inputs';
import { orgHistory } from './org-history';

const BY_PATH = [{ column: 'u.path', value: (u: OrgUnit) => u.path }];

/**
 * Per request (keyed by its loaders): the units whose children were read with a tree, with
 * how many tiers below each were read. They are answered from here rather than from the
 * primed loader: a DataLoader answers a cached key only when its next batch dispatches,
 * a tick later, and the children's own fields (their task pages) would then miss the batch
 * of their parent's.
 */
const treesRead = new WeakMap<object, Map<number, { readonly tiers: number; readonly children: OrgUnit[] }>>();

/** A path's number of '/' as SQL: its tier plus one ("/1/7/" is the second tier). */
const slashes = (path: string): string => `LENGTH(${path}) - LENGTH(REPLACE(${path}, '/', ''))`;

/**
 * Primes the children of `unit` and of its open descendants among `rows` (open units below
 * it, the deepest `depth` tiers down) into childrenByUnitId, and each row into unitById.
 * Returns the unit's children.
 */
function primeTiers(ctx: Context, unit: OrgUnit, rows: readonly OrgUnit[], depth: number): OrgUnit[] {
  let read = treesRead.get(ctx.loaders);
  if (!read) treesRead.set(ctx.loaders, (read = new Map()));
  const byParent = new Map<number, OrgUnit[]>();
  for (const row of rows) {
    const siblings = byParent.get(row.parentId!);
    if (siblings) siblings.push(row);
    else byParent.set(row.parentId!, [row]);
    ctx.loaders.unitById.prime(row.id, row);
  }
  ctx.loaders.unitById.prime(unit.id, unit);
  // Primed from the unit down, through open units only (a closed unit's children are no one's), above the cut.
  let tier = [unit];
  for (let level = 0; level < depth; level += 1) {
    for (const u of tier) {
      const children = byParent.get(u.id) ?? [];
      ctx.loaders.childrenByUnitId.prime(u, children);
      read.set(u.id, { tiers: depth - level, children });
    }
    tier = tier.flatMap((u) => byParent.get(u.id) ?? []);
  }
  return byParent.get(unit.id) ?? [];
}

const snapshot = (u: OrgUnit) => ({ name: u.name, level: u.level, kind: u.kind, parentId: u.parentId, path: u.path });

/** "Contains" as a LIKE pattern; '!' escapes wildcards (a backslash means different things in MySQL and SQLite). */
export const likeContains = (text: string): string => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
export const LIKE_ESCAPE = "ESCAPE '!'";

const lockUnit = (em: EntityManager, id: number): Promise<OrgUnit | null> => lockById(em, OrgUnit, id);

/** ADMIN of the unit or above. */
export const assertAdminOver = (ctx: Context, unit: OrgUnit): void => assertInScope(ctx.viewer, unit, [PostRole.ADMIN]);

/**
 * Where a unit may hang: an area unit one tier below an area unit; a department,
 * enterprise or institution under a city, district or street, on the tier below it.
 * Returns the tier the unit takes.
 */
function childLevel(parent: OrgUnit, kind: UnitKind, level: UnitLevel | undefined): UnitLevel {
  const below = LEVEL_ORDER[LEVEL_ORDER.indexOf(parent.level) + 1];
  if (parent.kind !== UnitKind.AREA) throw badInput(`A ${parent.kind} cannot have units below it`, 'parentId');
  if (kind !== UnitKind.AREA && !NON_AREA_PARENT_LEVELS.includes(parent.level)) {
    throw badInput(`A ${kind} hangs under a city, a district or a street, not a ${parent.level}`, 'parentId');
  }
  if (!below) throw badInput(`A ${parent.level} cannot have units below it`, 'parentId');
  if (level !== undefined && level !== below) {
    throw badInput(`A ${level} cannot be placed under a ${parent.level}; only a ${below} can`, 'level');
  }
  return below;
}

/**
 * The effective day of a change to the tree: today unless given; never in the future,
 * never further back than the configuration allows, and never before a change already
 * recorded for the units it touches (history is kept in effect order).
 */
function effectiveDay(effectiveOn: string | null | undefined): string {
  const day = today();
  if (effectiveOn === null || effectiveOn === undefined) return day;
  if (!isCalendarDay(effectiveOn)) throw badInput('effectiveOn must be a date as YYYY-MM-DD', 'effectiveOn');
  if (effectiveOn > day) throw badInput('effectiveOn cannot be in the future', 'effectiveOn');
  const earliest = addDays(day, -config.treeBackdateDays);
  if (effectiveOn < earliest) throw badInput(`effectiveOn can be at most ${config.treeBackdateDays} days back (${earliest})`, 'effectiveOn');
  return effectiveOn;
}

/** The units a change touches: the unit alone, or its whole subtree (an id list as SQL, with its parameters). */
const touched = (u: OrgUnit, subtree: boolean): { sql: string; params: unknown[] } => (subtree
  ? { sql: 'SELECT tu.id FROM org_unit tu WHERE tu.cityId = ? AND tu.path >= ? AND tu.path < ?', params: [u.cityId, u.path, subtreeEnd(u.path)] }
  : { sql: '?', params: [u.id] });

/**
 * Ends, on `day`, the open versions of the touched units (before their rows change).
 * A version that began that day is replaced rather than ended with no length. Refuses
 * a day before a version already recorded there.
 */
async function endVersions(em: EntityManager, root: OrgUnit, day: string, subtree: boolean): Promise<void> {
  const units = touched(root, subtree);
  // The version table's city is qualified by its name (MariaDB before 11.6 takes no alias in a
  // single-table DELETE): the subtree's subquery reads org_unit too.
  const [latest] = await em.query(`SELECT MAX(validFrom) AS latest FROM org_unit_version WHERE org_unit_version.cityId = ? AND validTo IS NULL AND unitId IN (${units.sql})`, [root.cityId, ...units.params]);
  const last = latest?.latest ? dayOf(latest.latest) : null;
  if (last && last > day) {
    throw badInput(`${root.name}${subtree ? ' or a unit below it' : ''} has a change recorded on ${last}; record changes in date order`, 'effectiveOn');
  }
  await em.query(`DELETE FROM org_unit_version WHERE org_unit_version.cityId = ? AND validTo IS NULL AND validFrom = ? AND unitId IN (${units.sql})`, [root.cityId, day, ...units.params]);
  await em.query(`UPDATE org_unit_version SET validTo = ? WHERE org_unit_version.cityId = ? AND validTo IS NULL AND unitId IN (${units.sql})`, [day, root.cityId, ...units.params]);
}

/** Opens, from `day`, a version of every open touched unit as its row now is. */
async function openVersions(em: EntityManager, root: OrgUnit, day: string, subtree: boolean): Promise<void> {
  const units = touched(root, subtree);
  await em.query(
    `INSERT INTO org_unit_version (cityId, unitId, parentId, name, level, kind, path, validFrom, validTo)
     SELECT cityId, id, parentId, name, level, kind, path, ?, NULL FROM org_unit WHERE cityId = ? AND id IN (${units.sql}) AND closedOn IS NULL`,
    [day, root.cityId, ...units.params],
  );
}


/** Rewrites the paths of a subtree to hang under `parent` (one UPDATE), and sets the root's parent. */
async function reroot(em: EntityManager, unit: OrgUnit, parent: OrgUnit, extra: Partial<OrgUnit> = {}): Promise<void> {
  const newPath = `${parent.path}${unit.id}/`;
  const rewritten = isMysql(em.connection) ? 'CONCAT(:newPath, SUBSTR(path, :cut))' : '(:newPath || SUBSTR(path, :cut))';
  await em.createQueryBuilder().update(OrgUnit)
    .set({ path: () => rewritten })
    .where('cityId = :cityId AND path >= :from AND path < :to', { cityId: unit.cityId, from: unit.path, to: subtreeEnd(unit.path) })
    .setParameters({ newPath, cut: unit.path.length + 1 })
    .execute();
  await em.update(OrgUnit, { id: unit.id }, { parentId: parent.id, updatedAt: now(), ...extra });
}

type ChangeRow = Pick<OrgUnitChange, 'unitId' | 'kind'> & Partial<OrgUnitChange>;

async function recordChanges(em: EntityManager, actor: number | null, cityId: number, day: string, rows: ChangeRow[]): Promise<void> {
  const recordedAt = now();
  await em.insert(OrgUnitChange, rows.map((r) => ({
    cityId, effectiveOn: day, fromParentId: null, toParentId: null, fromName: null, toName: null, relatedUnitId: null,
    recordedAt, actorOfficialId: actor, ...r,
  })));
}

const actorOf = (ctx: Context): number | null => ctx.viewer?.officialId ?? null;

/**
 * The steps of a move and a merge inside a transaction, on rows the caller has locked
 * and checked: the service's mutations and the demo's history both take them.
 */
export const treeSteps = {
  async move(em: EntityManager, actor: number | null, unit: OrgUnit, parent: OrgUnit, day: string): Promise<OrgUnit> {
    await endVersions(em, unit, day, true);
    await reroot(em, unit, parent);
    const moved = await em.findOneByOrFail(OrgUnit, { id: unit.id });
    await openVersions(em, moved, day, true);
    await recordChanges(em, actor, moved.cityId, day, [{ unitId: moved.id, kind: OrgChangeKind.MOVE, fromParentId: unit.parentId, toParentId: parent.id }]);
    return moved;
  },

  async merge(em: EntityManager, actor: number | null, unit: OrgUnit, successor: OrgUnit, day: string): Promise<OrgUnit> {
    await endVersions(em, unit, day, false);
    await reroot(em, unit, successor, { closedOn: day, successorId: successor.id });
    const merged = await em.findOneByOrFail(OrgUnit, { id: unit.id });
    await recordChanges(em, actor, merged.cityId, day, [
      { unitId: merged.id, kind: OrgChangeKind.MERGE, fromParentId: unit.parentId, relatedUnitId: successor.id },
      { unitId: successor.id, kind: OrgChangeKind.MERGE, relatedUnitId: merged.id },
    ]);
    return merged;
  },
};

/** A new unit under a parent (its path holds its own id, so it is written in two steps), open from the day. */
async function insertUnit(
  em: EntityManager, parent: OrgUnit, fields: { name: string; level: UnitLevel; kind: UnitKind }, day: string,
): Promise<OrgUnit> {
  const at = now();
  const { identifiers } = await em.insert(OrgUnit, {
    cityId: parent.cityId, parentId: parent.id, ...fields, path: `${parent.path}pending-${randomUUID()}/`, createdAt: at, updatedAt: at,
  });
  const id = Number(identifiers[0].id);
  await em.update(OrgUnit, { id }, { path: `${parent.path}${id}/` });
  const unit = await em.findOneByOrFail(OrgUnit, { id });
  await openVersions(em, unit, day, false);
  return unit;
}

/** An open unit (a closed one takes no further change). */
function assertOpen(unit: OrgUnit, field: string): void {
  if (unit.closedOn) throw badInput(`${unit.name} closed on ${unit.closedOn}`, field);
}

export const orgUnitService = {
  /** A unit today, or as it was on a past day (null if it did not exist or was closed then). */
  async get(ctx: Context, globalId: string, day: string | null = null): Promise<OrgUnit | null> {
    const ref = decodeId(globalId, 'OrgUnit');
    if (!ref) return null;
    // Today's row first (by key): its city routes the day's version.
    const unit = await treeRead(ctx.tree, `unit ${ref.id}`, () => ctx.loaders.unitById.load(ref.id));
    if (unit) ctx.loaders.unitById.prime(unit.id, unit);
    return unit && day ? orgHistory.at(ctx, unit, day) : unit;
  },

  /**
   * Today's unit by global id, and when the query nests `tiers` of `children` under it, those
   * tiers in the same statement (the unit joined to its subtree's path range, cut at the
   * depth), primed as `children` primes them. The children's own fields (a tree read's task
   * pages) are then asked for in the same tick as the unit's, and batch into one statement.
   */
  async getWithTiers(ctx: Context, globalId: string, tiers: number): Promise<OrgUnit | null> {
    const ref = decodeId(globalId, 'OrgUnit');
    if (!ref) return null;
    if (tiers < 1) return this.get(ctx, globalId);
    const rows = await treeRead(ctx.tree, `tiers ${ref.id} ${tiers}`, async () => (await ctx.db.query(
      `SELECT ${selectList(ctx.db, OrgUnit, 'u')} FROM org_unit r
       JOIN org_unit u ON u.cityId = r.cityId AND u.path >= r.path AND u.path < ${concatSql(ctx.db, 'SUBSTR(r.path, 1, LENGTH(r.path) - 1)', "'0'")}
       WHERE r.id = ? AND (u.id = r.id OR (u.closedOn IS NULL AND ${slashes('u.path')} <= ${slashes('r.path')} + ?))
       ORDER BY u.name ASC, u.id ASC`,
      [ref.id, tiers],
    ) as Record<string, unknown>[]).map((row) => hydrate(ctx.db, OrgUnit, row)));
    const unit = rows.find((u) => u.id === ref.id);
    if (!unit) return null;
    primeTiers(ctx, unit, rows.filter((u) => u !== unit), tiers);
    return unit;
  },

  async require(ctx: Context, globalId: string, field: string): Promise<OrgUnit> {
    const unit = await this.get(ctx, globalId);
    if (!unit) throw new AppError('NOT_FOUND', `${field}: no such unit`, { field });
    return unit;
  },

  /** Units in tree order: today's (open ones unless includeClosed), or those open on a past day as they were. */
  async list(ctx: Context, filter: OrgUnitFilter | undefined, page: PageArgs, day: string | null = null) {
    const under = filter?.under ? await this.get(ctx, filter.under, day) : undefined;
    // The same filters on today's rows (u) or on the day's versions (v); "in my scope" is today's tree either way.
    const where = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, a: 'u' | 'v'): SelectQueryBuilder<T> => {
      if (filter?.level) qb.andWhere(`${a}.level = :level`, { level: filter.level });
      if (filter?.kind) qb.andWhere(`${a}.kind = :kind`, { kind: filter.kind });
      if (filter?.nameContains) qb.andWhere(`${a}.name LIKE :name ${LIKE_ESCAPE}`, { name: likeContains(filter.nameContains) });
      if (under !== undefined) whereInScope(qb, under ? [{ cityId: under.cityId, path: under.path }] : [], { cityId: `${a}.cityId`, path: `${a}.path` });
      if (filter?.inMyScope) {
        whereInScope(qb, scopeRoots(ctx.viewer), { cityId: 'u.cityId', path: 'u.path' });
        if (a === 'v') qb.andWhere('v.cityId = u.cityId'); // a unit's versions keep its city
      }
      return qb;
    };
    // Neither under a unit nor in scope: the directory of every city's units (paged by path).
    const everyCity = under === undefined && !filter?.inMyScope;
    if (day) return orgHistory.list(ctx, day, async (qb) => { where(qb, 'v'); if (everyCity) qb.comment(ALL_CITIES); }, page);
    const qb = where(ctx.db.getRepository(OrgUnit).createQueryBuilder('u'), 'u');
    if (everyCity) qb.comment(ALL_CITIES);
    if (!filter?.includeClosed) qb.andWhere('u.closedOn IS NULL');
    return paginate(qb, page, BY_PATH);
  },

  /** Open units strictly below `unit`, in tree order, optionally of one level and kind. */
  descendants(ctx: Context, unit: OrgUnit, filter: { level?: UnitLevel; kind?: UnitKind }, page: PageArgs) {
    const qb = ctx.db.getRepository(OrgUnit).createQueryBuilder('u')
      .where('u.cityId = :cityId AND u.path > :from AND u.path < :to AND u.closedOn IS NULL', { cityId: unit.cityId, from: unit.path, to: subtreeEnd(unit.path) });
    if (filter.level) qb.andWhere('u.level = :level', { level: filter.level });
    if (filter.kind) qb.andWhere('u.kind = :kind', { kind: filter.kind });
    return paginate(qb, page, BY_PATH);
  },

  /**
   * Today's open children. When the query nests `children` under them (`depth` tiers), the
   * children of every unit down to that depth are read in this one statement (the subtree's
   * path range, cut at the depth) and primed into childrenByUnitId, so the nested fields
   * read nothing: a district with its streets and communities is one statement, not one per tier.
   */
  async children(ctx: Context, unit: OrgUnit, depth: number): Promise<OrgUnit[]> {
    const known = treesRead.get(ctx.loaders)?.get(unit.id);
    if (known && known.tiers >= depth) return known.children;
    if (depth < 2) return ctx.loaders.childrenByUnitId.load(unit);
    const rows = await ctx.db.getRepository(OrgUnit).createQueryBuilder('u')
      .where('u.cityId = :cityId AND u.path > :from AND u.path < :to AND u.closedOn IS NULL', { cityId: unit.cityId, from: unit.path, to: subtreeEnd(unit.path) })
      .andWhere(`${slashes('u.path')} <= :deepest`, { deepest: unit.path.split('/').length - 1 + depth })
      .orderBy('u.name', 'ASC').addOrderBy('u.id', 'ASC').getMany();
    return primeTiers(ctx, unit, rows, depth);
  },

  /** From the root down to the parent. */
  async ancestors(ctx: Context, unit: OrgUnit): Promise<OrgUnit[]> {
    const ids = unit.path.split('/').filter(Boolean).map(Number).slice(0, -1);
    const units = await ctx.loaders.unitById.loadMany(ids);
    return units.filter((u): u is OrgUnit => u instanceof OrgUnit);
  },

  async create(ctx: Context, input: CreateOrgUnitInput): Promise<OrgUnit> {
    const parent = await this.require(ctx, input.parentId, 'parentId');
    assertAdminOver(ctx, parent);
    assertOpen(parent, 'parentId');
    const kind = input.kind ?? UnitKind.AREA;
    const level = childLevel(parent, kind, input.level ?? undefined);
    const day = effectiveDay(input.effectiveOn);
    return ctx.db.transaction(async (em) => {
      const unit = await insertUnit(em, parent, { name: input.name.trim(), level, kind }, day);
      const { id } = unit;
      await recordChanges(em, actorOf(ctx), unit.cityId, day, [{ unitId: id, kind: OrgChangeKind.CREATE, toParentId: parent.id, toName: unit.name }]);
      await recordAudit(em, ctx, { operation: 'createOrgUnit', recordType: 'OrgUnit', recordId: id, unit, after: snapshot(unit) });
      return unit;
    });
  },

  async rename(ctx: Context, globalId: string, name: string, effectiveOn?: string | null): Promise<OrgUnit> {
    const found = await this.require(ctx, globalId, 'id');
    assertAdminOver(ctx, found);
    assertOpen(found, 'id');
    const day = effectiveDay(effectiveOn);
    return ctx.db.transaction(async (em) => {
      const before = (await lockUnit(em, found.id))!;
      await endVersions(em, before, day, false);
      await em.update(OrgUnit, { id: before.id }, { name: name.trim(), updatedAt: now() });
      const unit = await em.findOneByOrFail(OrgUnit, { id: before.id });
      await openVersions(em, unit, day, false);
      await recordChanges(em, actorOf(ctx), unit.cityId, day, [{ unitId: unit.id, kind: OrgChangeKind.RENAME, fromName: before.name, toName: unit.name }]);
      await recordAudit(em, ctx, {
        operation: 'renameOrgUnit', recordType: 'OrgUnit', recordId: unit.id, unit, before: snapshot(before), after: snapshot(unit),
      });
      return unit;
    });
  },

  /**
   * Moves a unit and its subtree under a new parent of the tier above, within the
   * same city (the city is the shard key), from the effective day. Every path below is
   * rewritten by one UPDATE, and the subtree's versions are ended and reopened in two.
   */
  async move(ctx: Context, globalId: string, newParentGlobalId: string, effectiveOn?: string | null): Promise<OrgUnit> {
    const found = await this.require(ctx, globalId, 'id');
    const target = await this.require(ctx, newParentGlobalId, 'newParentId');
    assertAdminOver(ctx, found);
    assertAdminOver(ctx, target);
    assertOpen(found, 'id');
    assertOpen(target, 'newParentId');
    if (found.level === UnitLevel.CITY) throw badInput('A city cannot be moved', 'id');
    if (target.cityId !== found.cityId) throw badInput('A unit can only move within its city', 'newParentId');
    if (isUnder(target.path, found.path)) throw badInput(`${target.name} is inside ${found.name}`, 'newParentId');
    childLevel(target, found.kind, found.level);
    if (target.id === found.parentId) throw new AppError('CONFLICT', `${found.name} is already under ${target.name}`);
    const day = effectiveDay(effectiveOn);
    return ctx.db.transaction(async (em) => {
      const before = (await lockUnit(em, found.id))!;
      const parent = (await lockUnit(em, target.id))!;
      const unit = await treeSteps.move(em, actorOf(ctx), before, parent, day);
      await recordAudit(em, ctx, {
        operation: 'moveOrgUnit', recordType: 'OrgUnit', recordId: unit.id, unit, before: snapshot(before), after: snapshot(unit),
      });
      return unit;
    });
  },

  /**
   * 撤并: the unit closes on the day and merges into a successor of its tier and kind.
   * Today it hangs under the successor, so the successor's posts and their ancestors see
   * its records (domain.md section 3); its past stays in its versions. Its open
   * subordinate units must be moved first.
   */
  async merge(ctx: Context, globalId: string, successorGlobalId: string, effectiveOn?: string | null): Promise<OrgUnit> {
    const found = await this.require(ctx, globalId, 'id');
    const successor = await this.require(ctx, successorGlobalId, 'successorId');
    assertAdminOver(ctx, found);
    assertAdminOver(ctx, successor);
    assertOpen(found, 'id');
    assertOpen(successor, 'successorId');
    if (found.level === UnitLevel.CITY) throw badInput('A city cannot be merged', 'id');
    if (successor.id === found.id || successor.cityId !== found.cityId || isUnder(successor.path, found.path)) {
      throw badInput(`${found.name} cannot merge into ${successor.name}`, 'successorId');
    }
    if (successor.level !== found.level || successor.kind !== found.kind) {
      throw badInput(`A ${found.level} (${found.kind}) merges into a unit of the same tier and kind`, 'successorId');
    }
    await this.assertNoOpenChildren(ctx, found);
    const day = effectiveDay(effectiveOn);
    return ctx.db.transaction(async (em) => {
      const before = (await lockUnit(em, found.id))!;
      const into = (await lockUnit(em, successor.id))!;
      const unit = await treeSteps.merge(em, actorOf(ctx), before, into, day);
      await recordAudit(em, ctx, {
        operation: 'mergeOrgUnit', recordType: 'OrgUnit', recordId: unit.id, unit, before: snapshot(before), after: { ...snapshot(unit), successorId: into.id, closedOn: day },
      });
      return unit;
    });
  },

  /** 拆分: new units of the same tier and kind beside the unit, from the day, each naming it as predecessor. */
  async split(ctx: Context, globalId: string, names: readonly string[], effectiveOn?: string | null): Promise<OrgUnit[]> {
    const found = await this.require(ctx, globalId, 'id');
    assertAdminOver(ctx, found);
    assertOpen(found, 'id');
    if (!found.parentId) throw badInput('A city cannot be split', 'id');
    const trimmed = names.map((n) => n.trim());
    if (trimmed.length === 0 || new Set(trimmed).size !== trimmed.length) throw badInput('names must be distinct, at least one', 'names');
    const day = effectiveDay(effectiveOn);
    return ctx.db.transaction(async (em) => {
      const predecessor = (await lockUnit(em, found.id))!;
      const parent = (await lockUnit(em, predecessor.parentId!))!;
      const created: OrgUnit[] = [];
      for (const name of trimmed) created.push(await insertUnit(em, parent, { name, level: predecessor.level, kind: predecessor.kind }, day));
      await recordChanges(em, actorOf(ctx), parent.cityId, day, created.flatMap((u) => [
        { unitId: u.id, kind: OrgChangeKind.SPLIT, toParentId: parent.id, toName: u.name, relatedUnitId: predecessor.id },
        { unitId: predecessor.id, kind: OrgChangeKind.SPLIT, toName: u.name, relatedUnitId: u.id },
      ]));
      for (const unit of created) {
        await recordAudit(em, ctx, {
          operation: 'splitOrgUnit', recordType: 'OrgUnit', recordId: unit.id, unit, after: { ...snapshot(unit), predecessorId: predecessor.id },
        });
      }
      return created;
    });
  },

  /** 撤销: the unit closes on the day, with no successor; it stays where it was, with its records. */
  async close(ctx: Context, globalId: string, effectiveOn?: string | null): Promise<OrgUnit> {
    const found = await this.require(ctx, globalId, 'id');
    assertAdminOver(ctx, found);
    assertOpen(found, 'id');
    if (found.level === UnitLevel.CITY) throw badInput('A city cannot be closed', 'id');
    await this.assertNoOpenChildren(ctx, found);
    const day = effectiveDay(effectiveOn);
    return ctx.db.transaction(async (em) => {
      const before = (await lockUnit(em, found.id))!;
      await endVersions(em, before, day, false);
      await em.update(OrgUnit, { id: before.id }, { closedOn: day, updatedAt: now() });
      const unit = await em.findOneByOrFail(OrgUnit, { id: before.id });
      await recordChanges(em, actorOf(ctx), unit.cityId, day, [{ unitId: unit.id, kind: OrgChangeKind.CLOSE, fromParentId: before.parentId }]);
      await recordAudit(em, ctx, {
        operation: 'closeOrgUnit', recordType: 'OrgUnit', recordId: unit.id, unit, before: snapshot(before), after: { ...snapshot(unit), closedOn: day },
      });
      return unit;
    });
  },

  async assertNoOpenChildren(ctx: Context, unit: OrgUnit): Promise<void> {
    const open = await ctx.loaders.childrenByUnitId.load(unit);
    if (open.length) throw badInput(`${unit.name} still has ${open.length} open units below it; move or close them first`, 'id');
  },
};
