// Responsibility lists (责任清单) and their ordered items: read by posts in scope,
// kept by the unit's OFFICE or SECRETARY. Adoption copies the published items of
// the parent unit's list of the same year and subject ("1+X": adopted, then local).
import type { EntityManager } from 'typeorm';
import { holdsPostAt, KEEPER_ROLES, RECORD_READERS, scopeRoots, unitInScope, whereUnitFilter } from '../../auth/scope';
import { now } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import { OrgUnit, ResponsibilityItem, ResponsibilityList } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import type { AddResponsibilityItemInput, CreateResponsibilityListInput, ResponsibilityListFilter } from './responsibility.inputs';


const itemsSnapshot = (items: ResponsibilityItem[]) => items.map((i) => ({ id: i.id, position: i.position, sourceItemId: i.sourceItemId }));

/** The unit's OFFICE or SECRETARY keep its lists. */
async function assertKeeper(ctx: Context, unitId: number): Promise<OrgUnit> {
  const unit = (await ctx.loaders.unitById.load(unitId))!;
  if (!holdsPostAt(ctx.viewer, unit.id, KEEPER_ROLES)) throw forbidden(`Only the OFFICE or SECRETARY of ${unit.name} keep its lists`);
  return unit;
}

/** Renumbers items 1..n in the given order, touching only rows whose position changes. */
async function renumber(em: EntityManager, items: readonly ResponsibilityItem[]): Promise<void> {
  for (const [i, item] of items.entries()) {
    if (item.position !== i + 1) await em.update(ResponsibilityItem, { id: item.id }, { position: i + 1 });
  }
}

export const listService = {
  /** Where an item started: its recorded origin, else (a local item) its own list's unit; batched lookups. */
  async originUnit(ctx: Context, item: ResponsibilityItem): Promise<OrgUnit | null> {
    if (item.originUnitId !== null) return ctx.loaders.unitById.load(item.originUnitId);
    const list = await ctx.loaders.listById.load(item.listId);
    return list && ctx.loaders.unitById.load(list.unitId);
  },

  visible(ctx: Context) {
    const qb = ctx.db.getRepository(ResponsibilityList).createQueryBuilder('l');
    const scoped = unitInScope(qb, 'l.unitId', scopeRoots(ctx.viewer, RECORD_READERS));
    return qb.andWhere(scoped.sql, scoped.params);
  },

  async get(ctx: Context, globalId: string): Promise<ResponsibilityList | null> {
    const ref = decodeId(globalId, 'ResponsibilityList');
    return ref ? this.byId(ctx, ref.id) : null;
  },

  byId(ctx: Context, id: number): Promise<ResponsibilityList | null> {
    return this.visible(ctx).andWhere('l.id = :id', { id }).getOne();
  },

  async list(ctx: Context, filter: ResponsibilityListFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.unitId) whereUnitFilter(qb, 'l', await orgUnitService.get(ctx, filter.unitId), filter.subtree ?? false);
    if (filter?.year) qb.andWhere('l.year = :year', { year: filter.year });
    if (filter?.subject) qb.andWhere('l.subject = :subject', { subject: filter.subject });
    return paginate(qb, page, [
      { column: 'l.year', value: (l) => l.year, descending: true },
      { column: 'l.id', value: (l) => l.id },
    ]);
  },

  /** A visible list for a write, with its unit; the unit's OFFICE or SECRETARY only. */
  async forKeeper(ctx: Context, globalId: string, field: string): Promise<{ list: ResponsibilityList; unit: OrgUnit }> {
    const list = await this.get(ctx, globalId);
    if (!list) throw new AppError('NOT_FOUND', `${field}: no such list`, { field });
    return { list, unit: await assertKeeper(ctx, list.unitId) };
  },

  async create(ctx: Context, input: CreateResponsibilityListInput): Promise<ResponsibilityList> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    await assertKeeper(ctx, unit.id);
    return ctx.db.transaction(async (em) => {
      if (await em.existsBy(ResponsibilityList, { cityId: unit.cityId, unitId: unit.id, year: input.year, subject: input.subject })) {
        throw new AppError('CONFLICT', `${unit.name} already has a ${input.subject} list for ${input.year}`);
      }
      const at = now();
      const { identifiers } = await em.insert(ResponsibilityList, {
        cityId: unit.cityId, unitId: unit.id, year: input.year, subject: input.subject, title: input.title.trim(),
        publishedAt: null, createdAt: at, updatedAt: at,
      });
      const list = await em.findOneByOrFail(ResponsibilityList, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, {
        operation: 'createResponsibilityList', recordType: 'ResponsibilityList', recordId: list.id, unit,
        after: { year: list.year, subject: list.subject, title: list.title },
      });
      return list;
    });
  },

  /** Publishing lets the tier below adopt the items; a list with no items cannot be published. */
  async publish(ctx: Context, globalId: string): Promise<ResponsibilityList> {
    const { list, unit } = await this.forKeeper(ctx, globalId, 'id');
    return ctx.db.transaction(async (em) => {
      const locked = (await lockById(em, ResponsibilityList, list.id))!;
      if (locked.publishedAt) throw new AppError('CONFLICT', 'This list is already published');
      if (!(await em.existsBy(ResponsibilityItem, { cityId: list.cityId, listId: list.id }))) throw badInput('Add items before publishing the list', 'id');
      await em.update(ResponsibilityList, { id: list.id }, { publishedAt: now(), updatedAt: now() });
      await recordAudit(em, ctx, { operation: 'publishResponsibilityList', recordType: 'ResponsibilityList', recordId: list.id, unit, after: { published: true } });
      return em.findOneByOrFail(ResponsibilityList, { id: list.id });
    });
  },

  async addItem(ctx: Context, input: AddResponsibilityItemInput): Promise<ResponsibilityItem> {
    const { list, unit } = await this.forKeeper(ctx, input.listId, 'listId');
    return ctx.db.transaction(async (em) => {
      await lockById(em, ResponsibilityList, list.id);
      const count = await em.countBy(ResponsibilityItem, { cityId: list.cityId, listId: list.id });
      const { identifiers } = await em.insert(ResponsibilityItem, {
        cityId: list.cityId, listId: list.id, position: count + 1, content: input.content.trim(),
        sourceItemId: null, sourceUnitId: null, originUnitId: null, createdAt: now(),
      });
      const item = await em.findOneByOrFail(ResponsibilityItem, { id: Number(identifiers[0].id) });
      await em.update(ResponsibilityList, { id: list.id }, { updatedAt: now() });
      await recordAudit(em, ctx, {
        operation: 'addResponsibilityItem', recordType: 'ResponsibilityItem', recordId: item.id, unit,
        after: { listId: list.id, position: item.position, content: item.content },
      });
      return item;
    });
  },

  /** An item of a visible list, for a keeper's write. */
  async itemForKeeper(ctx: Context, globalId: string) {
    const ref = decodeId(globalId, 'ResponsibilityItem');
    const item = ref && (await ctx.db.getRepository(ResponsibilityItem).findOneBy({ id: ref.id }));
    const list = item && (await this.byId(ctx, item.listId));
    if (!item || !list) throw new AppError('NOT_FOUND', 'id: no such item', { field: 'id' });
    return { item, list, unit: await assertKeeper(ctx, list.unitId) };
  },

  async updateItem(ctx: Context, globalId: string, content: string): Promise<ResponsibilityItem> {
    const { item, list, unit } = await this.itemForKeeper(ctx, globalId);
    return ctx.db.transaction(async (em) => {
      await em.update(ResponsibilityItem, { id: item.id }, { content: content.trim() });
      await em.update(ResponsibilityList, { id: list.id }, { updatedAt: now() });
      await recordAudit(em, ctx, {
        operation: 'updateResponsibilityItem', recordType: 'ResponsibilityItem', recordId: item.id, unit,
        before: { content: item.content }, after: { content: content.trim() },
      });
      return em.findOneByOrFail(ResponsibilityItem, { id: item.id });
    });
  },

  /** Moves an item to a position (1-based); the others close up around it. */
  async moveItem(ctx: Context, globalId: string, position: number): Promise<ResponsibilityList> {
    const { item, list, unit } = await this.itemForKeeper(ctx, globalId);
    return ctx.db.transaction(async (em) => {
      await lockById(em, ResponsibilityList, list.id);
      const items = await em.find(ResponsibilityItem, { where: { cityId: list.cityId, listId: list.id }, order: { position: 'ASC', id: 'ASC' } });
      if (position > items.length) throw badInput(`position must be between 1 and ${items.length}`, 'position');
      const rest = items.filter((i) => i.id !== item.id);
      rest.splice(position - 1, 0, items.find((i) => i.id === item.id)!);
      await renumber(em, rest);
      await em.update(ResponsibilityList, { id: list.id }, { updatedAt: now() });
      await recordAudit(em, ctx, {
        operation: 'moveResponsibilityItem', recordType: 'ResponsibilityItem', recordId: item.id, unit,
        before: { position: item.position }, after: { position },
      });
      return em.findOneByOrFail(ResponsibilityList, { id: list.id });
    });
  },

  async removeItem(ctx: Context, globalId: string): Promise<ResponsibilityList> {
    const { item, list, unit } = await this.itemForKeeper(ctx, globalId);
    return ctx.db.transaction(async (em) => {
      await lockById(em, ResponsibilityList, list.id);
      await em.delete(ResponsibilityItem, { id: item.id });
      await renumber(em, await em.find(ResponsibilityItem, { where: { cityId: list.cityId, listId: list.id }, order: { position: 'ASC', id: 'ASC' } }));
      await em.update(ResponsibilityList, { id: list.id }, { updatedAt: now() });
      await recordAudit(em, ctx, {
        operation: 'removeResponsibilityItem', recordType: 'ResponsibilityItem', recordId: item.id, unit,
        before: { position: item.position, content: item.content, sourceItemId: item.sourceItemId },
      });
      return em.findOneByOrFail(ResponsibilityList, { id: list.id });
    });
  },

  /**
   * "1+X": copies the items of the parent unit's published list (same year and subject)
   * that are not adopted yet. Adopted items come first, in the parent's order, then local ones.
   */
  async adoptParentItems(ctx: Context, globalId: string): Promise<ResponsibilityList> {
    const { list, unit } = await this.forKeeper(ctx, globalId, 'listId');
    if (!unit.parentId) throw badInput(`${unit.name} has no tier above to adopt from`, 'listId');
    return ctx.db.transaction(async (em) => {
      await lockById(em, ResponsibilityList, list.id);
      // The parent is in the unit's city, and so is its list.
      const source = await em.findOneBy(ResponsibilityList, { cityId: unit.cityId, unitId: unit.parentId!, year: list.year, subject: list.subject });
      if (!source?.publishedAt) {
        throw new AppError('NOT_FOUND', `The tier above has not published a ${list.subject} list for ${list.year}`, { field: 'listId' });
      }
      const [parentItems, items] = await Promise.all([
        em.find(ResponsibilityItem, { where: { cityId: source.cityId, listId: source.id }, order: { position: 'ASC', id: 'ASC' } }),
        em.find(ResponsibilityItem, { where: { cityId: list.cityId, listId: list.id }, order: { position: 'ASC', id: 'ASC' } }),
      ]);
      const adopted = new Set(items.map((i) => i.sourceItemId).filter((id) => id !== null));
      const fresh = parentItems.filter((p) => !adopted.has(p.id));
      if (!fresh.length) throw new AppError('CONFLICT', 'Every published item of the tier above is already adopted');
      const at = now();
      const inserted: ResponsibilityItem[] = [];
      for (const p of fresh) {
        // Placed after the current items for now; renumbered below. The origin travels with the
        // item: the parent's own item started at the parent, an adopted one where its origin says.
        const { identifiers } = await em.insert(ResponsibilityItem, {
          cityId: list.cityId, listId: list.id, position: items.length + inserted.length + 1, content: p.content,
          sourceItemId: p.id, sourceUnitId: source.unitId, originUnitId: p.originUnitId ?? source.unitId, createdAt: at,
        });
        inserted.push(await em.findOneByOrFail(ResponsibilityItem, { id: Number(identifiers[0].id) }));
      }
      // Adopted items in the parent's order (those whose source is gone keep their place at the end), then local ones.
      const parentPosition = new Map(parentItems.map((p) => [p.id, p.position]));
      const rank = (i: ResponsibilityItem) => parentPosition.get(i.sourceItemId!) ?? Number.MAX_SAFE_INTEGER;
      const adoptedItems = [...items.filter((i) => i.sourceItemId !== null), ...inserted].sort((a, b) => rank(a) - rank(b));
      const order = [...adoptedItems, ...items.filter((i) => i.sourceItemId === null)];
      await renumber(em, order);
      await em.update(ResponsibilityList, { id: list.id }, { updatedAt: at });
      await recordAudit(em, ctx, {
        operation: 'adoptParentResponsibilityItems', recordType: 'ResponsibilityList', recordId: list.id, unit,
        before: { items: itemsSnapshot(items) }, after: { adoptedFrom: source.id, added: inserted.map((i) => ({ sourceItemId: i.sourceItemId, originUnitId: i.originUnitId })) },
      });
      return em.findOneByOrFail(ResponsibilityList, { id: list.id });
    });
  },
};
