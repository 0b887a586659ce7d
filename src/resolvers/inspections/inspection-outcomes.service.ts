// What a round leaves behind (issue 13, point 4; seed 003): the leads it sent to the
// inspecting unit's DISCIPLINE (counted per round for those who read them), its suggestions
// (意见建议) as a filterable list with counts, and OFFICE's recorded waiver of the findings a
// round closes without a rectification item. Reads follow auth/inspection-scope.ts.
import { inspectionView, seesInspection, seesTarget, targetCondition, visibleTargets } from '../../auth/inspection-scope';
import { citiesOf, whereUnitFilter } from '../../auth/scope';
import { DECIDES_LEAD, WAIVES_FINDINGS } from '../../auth/steps';
import { now } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import type { CityRef, ScopedKey } from '../../loaders';
import type { DataSource } from 'typeorm';
import { Inspection, InspectionSuggestion, InspectionTarget, Lead, OrgUnit, Problem } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { InspectionStatus } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import { findingsWithoutItems, inspectionService, WITHOUT_ITEMS } from './inspection.service';
import type { InspectionSuggestionFilter } from './inspection-outcomes.inputs';

/** OFFICE's waiver of a round's findings without a rectification item, as read. */
export interface InspectionWaiver {
  reason: string;
  waivedAt: Date;
  waivedByOfficialId: number;
  findings: number;
}

export const inspectionOutcomeService = {
  /** Suggestions to the targets the viewer sees (the target's own condition), newest first. */
  async suggestions(ctx: Context, filter: InspectionSuggestionFilter | undefined, page: PageArgs) {
    const view = await inspectionView(ctx);
    // A suggestion is in its target's city, a target in its round's.
    const qb = ctx.db.getRepository(InspectionSuggestion).createQueryBuilder('s').innerJoin(InspectionTarget, 't', 't.cityId = s.cityId AND t.id = s.targetId');
    qb.where(targetCondition(qb, 't', view));
    // A wrong id matches nothing.
    if (filter?.inspectionId) qb.andWhere('t.inspectionId = :sgInspection', { sgInspection: decodeId(filter.inspectionId, 'Inspection')?.id ?? 0 });
    if (filter?.targetId) qb.andWhere('s.targetId = :sgTarget', { sgTarget: decodeId(filter.targetId, 'InspectionTarget')?.id ?? 0 });
    if (filter?.unitId) whereUnitFilter(qb, 't', await orgUnitService.get(ctx, filter.unitId), filter.subtree ?? true);
    if (filter?.year) qb.andWhere('t.inspectionId IN (SELECT sy.id FROM inspection sy WHERE sy.cityId = t.cityId AND sy.year = :sgYear)', { sgYear: filter.year });
    return paginate(qb, page, [{ column: 's.id', value: (s) => s.id, descending: true }]);
  },

  /** Suggestions to the round's targets the viewer sees. */
  async suggestionCount(ctx: Context, inspection: Inspection): Promise<number> {
    const [counts, targets] = await Promise.all([ctx.loaders.suggestionCountsByInspectionId.load(inspection), visibleTargets(ctx, inspection)]);
    return targets.reduce((n, t) => n + (counts.get(t.id) ?? 0), 0);
  },

  async targetSuggestionCount(ctx: Context, target: InspectionTarget): Promise<number> {
    return (await ctx.loaders.suggestionCountsByInspectionId.load({ cityId: target.cityId, id: target.inspectionId })).get(target.id) ?? 0;
  },

  /** Findings without a rectification item at the round's targets the viewer sees. */
  async findingsWithoutItems(ctx: Context, inspection: Inspection): Promise<number> {
    const [counts, targets] = await Promise.all([ctx.loaders.bareFindingsByInspectionId.load(inspection), visibleTargets(ctx, inspection)]);
    return targets.reduce((n, t) => n + (counts.get(t.unitId) ?? 0), 0);
  },

  waiver(inspection: Inspection): InspectionWaiver | null {
    if (inspection.waivedAt === null) return null;
    return {
      reason: inspection.waiverReason!, waivedAt: inspection.waivedAt, waivedByOfficialId: inspection.waivedByOfficialId!, findings: inspection.waivedFindings!,
    };
  },

  /**
   * The inspecting unit's OFFICE lets a round in RECTIFICATION close although some findings
   * have no rectification item, with a reason; once per round, stored and audited.
   */
  async waive(ctx: Context, globalId: string, reason: string): Promise<Inspection> {
    const inspection = await inspectionService.require(ctx, globalId, 'id');
    const unit = (await ctx.loaders.unitById.load(inspection.unitId))!;
    if (!WAIVES_FINDINGS.allows(ctx.viewer, inspection)) throw forbidden(`Only the OFFICE of ${unit.name} waives the findings of its rounds`);
    const text = reason.trim();
    if (!text) throw badInput('Say why the findings are waived', 'reason');
    return ctx.db.transaction(async (em) => {
      const locked = (await lockById(em, Inspection, inspection.id))!;
      if (locked.status !== InspectionStatus.RECTIFICATION) {
        throw new AppError('CONFLICT', `The round is ${locked.status}; findings are waived in RECTIFICATION, before it closes`);
      }
      if (locked.waivedAt !== null) throw new AppError('CONFLICT', 'The findings of this round are already waived', { reason: 'waived' });
      const bare = await findingsWithoutItems(em, inspection);
      if (!bare) throw new AppError('CONFLICT', 'Every finding of this round has a rectification item: nothing to waive', { reason: 'nothingToWaive' });
      const changed = await em.createQueryBuilder().update(Inspection)
        .set({ waiverReason: text, waivedAt: now(), waivedByOfficialId: ctx.viewer!.officialId, waivedFindings: bare })
        .where('id = :id AND waivedAt IS NULL', { id: inspection.id }).execute();
      if (!changed.affected) throw new AppError('CONFLICT', 'The round changed meanwhile; read it again');
      await recordAudit(em, ctx, {
        operation: 'waiveInspectionFindings', recordType: 'Inspection', recordId: inspection.id, unit,
        before: { waived: false }, after: { waived: true, reason: text, findingsWithoutItems: bare },
      });
      return em.findOneByOrFail(Inspection, { id: inspection.id });
    });
  },
};

/**
 * Inspection.leadCount: the round's leads the viewer reads in full (DECIDES_LEAD: DISCIPLINE
 * of the receiving unit or above, never a lead about the viewer), grouped per round in one statement.
 */
export async function leadCountsOfInspections(keys: readonly ScopedKey[]): Promise<number[]> {
  const { ctx } = keys[0];
  if (!DECIDES_LEAD.possible(ctx.viewer)) return keys.map(() => 0);
  const readable = DECIDES_LEAD.sql(ctx.viewer, { concernedOfficialId: 'l.concernedOfficialId', toUnitPath: 'tu.path', toUnitCityId: 'tu.cityId' });
  const rows = await ctx.db.getRepository(Lead).createQueryBuilder('l')
    // A lead goes to a unit of its own city's tree (leadService): the join keeps to the shard key.
    .innerJoin(OrgUnit, 'tu', 'tu.id = l.toUnitId AND tu.cityId = l.cityId')
    .select('l.inspectionId', 'inspectionId').addSelect('COUNT(*)', 'n')
    .where('l.inspectionId IN (:...leadRounds)', { leadRounds: keys.map((k) => k.id) })
    .andWhere(readable.sql, readable.params)
    .groupBy('l.inspectionId')
    .getRawMany<{ inspectionId: number | string; n: number | string }>();
  const byRound = new Map(rows.map((r) => [Number(r.inspectionId), Number(r.n)]));
  return keys.map((k) => byRound.get(k.id) ?? 0);
}

/** Counts per round and per key (a target, a unit), from grouped rows aligned with the rounds asked for. */
function countsPerRound(ids: readonly number[], rows: { round: number | string; at: number | string; n: number | string }[]): Map<number, number>[] {
  const found = new Map<number, Map<number, number>>(ids.map((id) => [id, new Map()]));
  for (const r of rows) found.get(Number(r.round))?.set(Number(r.at), Number(r.n));
  return ids.map((id) => found.get(id)!);
}

/** Suggestions per target of each round: one grouped statement (the callers keep the targets the viewer sees). */
export async function suggestionCountsOfRounds(db: DataSource, refs: readonly CityRef[]): Promise<Map<number, number>[]> {
  const ids = refs.map((r) => r.id);
  const rows = await db.getRepository(InspectionSuggestion).createQueryBuilder('s').innerJoin(InspectionTarget, 't', 't.cityId = s.cityId AND t.id = s.targetId')
    .select('t.inspectionId', 'round').addSelect('s.targetId', 'at').addSelect('COUNT(*)', 'n')
    .where('s.cityId IN (:...cities) AND t.inspectionId IN (:...ids)', { cities: citiesOf(refs), ids })
    .groupBy('t.inspectionId').addGroupBy('s.targetId')
    .getRawMany<{ round: number | string; at: number | string; n: number | string }>();
  return countsPerRound(ids, rows);
}

/** Findings without a rectification item per unit of each round: one grouped statement. */
export async function bareFindingCountsOfRounds(db: DataSource, refs: readonly CityRef[]): Promise<Map<number, number>[]> {
  const ids = refs.map((r) => r.id);
  const rows = await db.getRepository(Problem).createQueryBuilder('p')
    .select('p.inspectionId', 'round').addSelect('p.unitId', 'at').addSelect('COUNT(*)', 'n')
    .where(`p.cityId IN (:...cities) AND p.inspectionId IN (:...ids) AND ${WITHOUT_ITEMS}`, { cities: citiesOf(refs), ids })
    .groupBy('p.inspectionId').addGroupBy('p.unitId')
    .getRawMany<{ round: number | string; at: number | string; n: number | string }>();
  return countsPerRound(ids, rows);
}

/** Where a lead came from, as far as the viewer sees the round and its target (null otherwise). */
export const leadOrigin = {
  async inspection(ctx: Context, lead: Lead): Promise<Inspection | null> {
    const inspection = lead.inspectionId === null ? null : await ctx.loaders.inspectionById.load(lead.inspectionId);
    return inspection && (await seesInspection(ctx, inspection)) ? inspection : null;
  },

  async target(ctx: Context, lead: Lead): Promise<InspectionTarget | null> {
    const target = lead.targetId === null ? null : await ctx.loaders.inspectionTargetById.load(lead.targetId);
    return target && (await seesTarget(ctx, target)) ? target : null;
  },
};
