// The org tree: lookups, lists and subtree queries (paths as indexed ranges), and
// the ADMIN writes: create, rename, move (one UPDATE re-roots a whole subtree).
import type { EntityManager } from 'typeorm';
import { assertInScope, scopeRoots, subtreeEnd, whereInScope } from '../../auth/scope';
import { randomUUID } from 'node:crypto';
import { now } from '../../clock';
import type { Context } from '../../context';
import { isMysql, lockById } from '../../data-source';
import { OrgUnit } from '../../entities';
import { AppError, badInput } from '../../errors';
import { LEVEL_ORDER, PostRole, UnitLevel } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import type { CreateOrgUnitInput, OrgUnitFilter } from './org-unit.inputs';

const BY_PATH = [{ column: 'u.path', value: (u: OrgUnit) => u.path }];

const snapshot = (u: OrgUnit) => ({ name: u.name, level: u.level, parentId: u.parentId, path: u.path });

/** "Contains" as a LIKE pattern; '!' escapes wildcards (a backslash means different things in MySQL and SQLite). */
export const likeContains = (text: string): string => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
export const LIKE_ESCAPE = "ESCAPE '!'";

const lockUnit = (em: EntityManager, id: number): Promise<OrgUnit | null> => lockById(em, OrgUnit, id);

/** ADMIN of the unit or above. */
export const assertAdminOver = (ctx: Context, unit: OrgUnit): void => assertInScope(ctx.viewer, unit, [PostRole.ADMIN]);

function assertChildLevel(parent: OrgUnit, level: UnitLevel): void {
  const expected = LEVEL_ORDER[LEVEL_ORDER.indexOf(parent.level) + 1];
  if (level !== expected) {
    throw badInput(
      expected ? `A ${level} cannot be placed under a ${parent.level}; only a ${expected} can` : `A ${parent.level} cannot have units below it`,
      'level',
    );
  }
}

export const orgUnitService = {
  async get(ctx: Context, globalId: string): Promise<OrgUnit | null> {
    const ref = decodeId(globalId, 'OrgUnit');
    return ref ? ctx.loaders.unitById.load(ref.id) : null;
  },

  async require(ctx: Context, globalId: string, field: string): Promise<OrgUnit> {
    const unit = await this.get(ctx, globalId);
    if (!unit) throw new AppError('NOT_FOUND', `${field}: no such unit`, { field });
    return unit;
  },

  async list(ctx: Context, filter: OrgUnitFilter | undefined, page: PageArgs) {
    const qb = ctx.db.getRepository(OrgUnit).createQueryBuilder('u');
    if (filter?.level) qb.andWhere('u.level = :level', { level: filter.level });
    if (filter?.nameContains) qb.andWhere(`u.name LIKE :name ${LIKE_ESCAPE}`, { name: likeContains(filter.nameContains) });
    if (filter?.under) {
      const root = await this.get(ctx, filter.under);
      whereInScope(qb, root ? [{ cityId: root.cityId, path: root.path }] : [], { cityId: 'u.cityId', path: 'u.path' });
    }
    if (filter?.inMyScope) whereInScope(qb, scopeRoots(ctx.viewer), { cityId: 'u.cityId', path: 'u.path' });
    return paginate(qb, page, BY_PATH);
  },

  /** Units strictly below `unit`, in tree order, optionally of one level. */
  descendants(ctx: Context, unit: OrgUnit, level: UnitLevel | undefined, page: PageArgs) {
    const qb = ctx.db.getRepository(OrgUnit).createQueryBuilder('u')
      .where('u.cityId = :cityId AND u.path > :from AND u.path < :to', { cityId: unit.cityId, from: unit.path, to: subtreeEnd(unit.path) });
    if (level) qb.andWhere('u.level = :level', { level });
    return paginate(qb, page, BY_PATH);
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
    assertChildLevel(parent, input.level);
    return ctx.db.transaction(async (em) => {
      const at = now();
      const { identifiers } = await em.insert(OrgUnit, {
        cityId: parent.cityId, parentId: parent.id, name: input.name.trim(), level: input.level,
        path: `${parent.path}pending-${randomUUID()}/`, createdAt: at, updatedAt: at,
      });
      const id = Number(identifiers[0].id);
      await em.update(OrgUnit, { id }, { path: `${parent.path}${id}/` });
      const unit = await em.findOneByOrFail(OrgUnit, { id });
      await recordAudit(em, ctx, { operation: 'createOrgUnit', recordType: 'OrgUnit', recordId: id, unit, after: snapshot(unit) });
      return unit;
    });
  },

  async rename(ctx: Context, globalId: string, name: string): Promise<OrgUnit> {
    const found = await this.require(ctx, globalId, 'id');
    assertAdminOver(ctx, found);
    return ctx.db.transaction(async (em) => {
      const before = (await lockUnit(em, found.id))!;
      await em.update(OrgUnit, { id: before.id }, { name: name.trim(), updatedAt: now() });
      const unit = await em.findOneByOrFail(OrgUnit, { id: before.id });
      await recordAudit(em, ctx, {
        operation: 'renameOrgUnit', recordType: 'OrgUnit', recordId: unit.id, unit, before: snapshot(before), after: snapshot(unit),
      });
      return unit;
    });
  },

  /**
   * Moves a unit and its subtree under a new parent of the tier above, within the
   * same city (the city is the shard key). Every path below is rewritten by one UPDATE.
   */
  async move(ctx: Context, globalId: string, newParentGlobalId: string): Promise<OrgUnit> {
    const found = await this.require(ctx, globalId, 'id');
    const target = await this.require(ctx, newParentGlobalId, 'newParentId');
    assertAdminOver(ctx, found);
    assertAdminOver(ctx, target);
    if (found.level === UnitLevel.CITY) throw badInput('A city cannot be moved', 'id');
    assertChildLevel(target, found.level);
    if (target.cityId !== found.cityId) throw badInput('A unit can only move within its city', 'newParentId');
    if (target.id === found.parentId) throw new AppError('CONFLICT', `${found.name} is already under ${target.name}`);
    return ctx.db.transaction(async (em) => {
      const before = (await lockUnit(em, found.id))!;
      const parent = (await lockUnit(em, target.id))!;
      const newPath = `${parent.path}${before.id}/`;
      const rewritten = isMysql(em.connection) ? 'CONCAT(:newPath, SUBSTR(path, :cut))' : '(:newPath || SUBSTR(path, :cut))';
      await em.createQueryBuilder().update(OrgUnit)
        .set({ path: () => rewritten })
        .where('cityId = :cityId AND path >= :from AND path < :to', { cityId: before.cityId, from: before.path, to: subtreeEnd(before.path) })
        .setParameters({ newPath, cut: before.path.length + 1 })
        .execute();
      await em.update(OrgUnit, { id: before.id }, { parentId: parent.id, updatedAt: now() });
      const unit = await em.findOneByOrFail(OrgUnit, { id: before.id });
      await recordAudit(em, ctx, {
        operation: 'moveOrgUnit', recordType: 'OrgUnit', recordId: unit.id, unit, before: snapshot(before), after: snapshot(unit),
      });
      return unit;
    });
  },
};
