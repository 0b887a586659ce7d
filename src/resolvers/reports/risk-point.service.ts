// Integrity risk points (廉政风险点, Wuhan) and their control measures (防控措施): kept by
// the unit's OFFICE or SECRETARY, read by posts in scope.
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { holdsPostAt, KEEPER_ROLES, RECORD_READERS, scopeRoots, unitInScope, whereUnitFilter } from '../../auth/scope';
import { inPeriod, now, today } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import { ControlMeasure, RiskPoint, type OrgUnit } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import type { AddControlMeasureInput, ControlMeasureInput, CreateRiskPointInput, RiskPointFilter, UpdateRiskPointInput } from './reports.inputs';
import { requireDomain } from '../node/references';


const snapshot = (r: RiskPoint) => ({ area: r.area, description: r.description, level: r.level, domainId: r.domainId });

function assertKeeper(ctx: Context, unit: OrgUnit): void {
  if (!holdsPostAt(ctx.viewer, unit.id, KEEPER_ROLES)) throw forbidden(`Only the OFFICE or SECRETARY of ${unit.name} keep its risk points`);
}

/** The owner of a measure: a current post of the risk point's unit (the responsible post). */
async function ownerPosts(ctx: Context, unit: OrgUnit, measures: readonly ControlMeasureInput[], field: string): Promise<(number | null)[]> {
  const day = today();
  return Promise.all(measures.map(async (m) => {
    if (m.ownerPostId == null) return null;
    const ref = decodeId(m.ownerPostId, 'Post');
    const post = ref && (await ctx.loaders.postById.load(ref.id));
    if (!post || post.unitId !== unit.id || !RECORD_READERS.includes(post.role) || !inPeriod(post, day)) {
      throw badInput(`A measure's owner must hold a current post of ${unit.name}`, field);
    }
    return post.id;
  }));
}

async function insertMeasures(
  em: EntityManager, point: RiskPoint, measures: readonly ControlMeasureInput[], owners: readonly (number | null)[],
): Promise<void> {
  if (!measures.length) return;
  const at = now();
  await em.insert(ControlMeasure, measures.map((m, i) => ({
    cityId: point.cityId, riskPointId: point.id, description: m.description.trim(), ownerPostId: owners[i], createdAt: at,
  })));
}

export const riskPointService = {
  visible(ctx: Context): SelectQueryBuilder<RiskPoint> {
    const qb = ctx.db.getRepository(RiskPoint).createQueryBuilder('rp');
    const scoped = unitInScope(qb, 'rp.unitId', scopeRoots(ctx.viewer, RECORD_READERS));
    return qb.andWhere(scoped.sql, scoped.params);
  },

  byId(ctx: Context, id: number): Promise<RiskPoint | null> {
    return this.visible(ctx).andWhere('rp.id = :id', { id }).getOne();
  },

  async require(ctx: Context, globalId: string, field: string): Promise<RiskPoint> {
    const ref = decodeId(globalId, 'RiskPoint');
    const found = ref && (await this.byId(ctx, ref.id));
    if (!found) throw new AppError('NOT_FOUND', `${field}: no such risk point`, { field });
    return found;
  },

  /** A measure, when its risk point is visible. */
  async measureById(ctx: Context, id: number): Promise<ControlMeasure | null> {
    const measure = await ctx.db.getRepository(ControlMeasure).findOneBy({ id });
    return measure && (await this.byId(ctx, measure.riskPointId)) ? measure : null;
  },

  async list(ctx: Context, filter: RiskPointFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.unitId) whereUnitFilter(qb, 'rp', await orgUnitService.get(ctx, filter.unitId), filter.subtree ?? true);
    if (filter?.level) qb.andWhere('rp.level = :level', { level: filter.level });
    if (filter?.domainId) qb.andWhere('rp.domainId = :domainId', { domainId: decodeId(filter.domainId, 'Domain')?.id ?? 0 });
    return paginate(qb, page, [{ column: 'rp.id', value: (r) => r.id }]);
  },

  async create(ctx: Context, input: CreateRiskPointInput): Promise<RiskPoint> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    assertKeeper(ctx, unit);
    const domain = input.domainId != null ? await requireDomain(ctx, input.domainId) : null;
    const owners = await ownerPosts(ctx, unit, input.measures, 'measures');
    return ctx.db.transaction(async (em) => {
      const { identifiers } = await em.insert(RiskPoint, {
        cityId: unit.cityId, unitId: unit.id, domainId: domain?.id ?? null, area: input.area.trim(),
        description: input.description.trim(), level: input.level, createdAt: now(),
      });
      const point = await em.findOneByOrFail(RiskPoint, { id: Number(identifiers[0].id) });
      await insertMeasures(em, point, input.measures, owners);
      await recordAudit(em, ctx, {
        operation: 'createRiskPoint', recordType: 'RiskPoint', recordId: point.id, unit, after: { ...snapshot(point), measures: input.measures.length },
      });
      return point;
    });
  },

  async update(ctx: Context, globalId: string, input: UpdateRiskPointInput): Promise<RiskPoint> {
    const point = await this.require(ctx, globalId, 'id');
    const unit = (await ctx.loaders.unitById.load(point.unitId))!;
    assertKeeper(ctx, unit);
    const changes: Partial<RiskPoint> = {};
    if (input.domainId != null) changes.domainId = (await requireDomain(ctx, input.domainId)).id;
    if (input.area != null) changes.area = input.area.trim();
    if (input.description != null) changes.description = input.description.trim();
    if (input.level != null) changes.level = input.level;
    if (!Object.keys(changes).length) throw badInput('Nothing to change', 'input');
    return ctx.db.transaction(async (em) => {
      const before = (await lockById(em, RiskPoint, point.id))!;
      await em.update(RiskPoint, { id: point.id }, changes);
      const after = await em.findOneByOrFail(RiskPoint, { id: point.id });
      await recordAudit(em, ctx, { operation: 'updateRiskPoint', recordType: 'RiskPoint', recordId: point.id, unit, before: snapshot(before), after: snapshot(after) });
      return after;
    });
  },

  async addMeasure(ctx: Context, input: AddControlMeasureInput): Promise<RiskPoint> {
    const point = await this.require(ctx, input.riskPointId, 'riskPointId');
    const unit = (await ctx.loaders.unitById.load(point.unitId))!;
    assertKeeper(ctx, unit);
    const [owner] = await ownerPosts(ctx, unit, [input], 'ownerPostId');
    return ctx.db.transaction(async (em) => {
      const { identifiers } = await em.insert(ControlMeasure, {
        cityId: point.cityId, riskPointId: point.id, description: input.description.trim(), ownerPostId: owner, createdAt: now(),
      });
      const id = Number(identifiers[0].id);
      await recordAudit(em, ctx, {
        operation: 'addControlMeasure', recordType: 'ControlMeasure', recordId: id, unit,
        after: { riskPointId: point.id, description: input.description.trim(), ownerPostId: owner },
      });
      return point;
    });
  },
};
