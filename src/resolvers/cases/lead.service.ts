// 问题线索: submitted by an INFORMANT (to the DISCIPLINE of the tier above) or an
// INSPECTOR (to the inspecting unit); read in full by DISCIPLINE of the receiving unit
// or above, by the submitter as a status only, and never by the official concerned.
import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { readsLeadDetails } from '../../auth/accountability-rules';
import { assignedTargets } from '../../auth/inspection-access';
import { isUnder, scopeRoots, unitInScope, whereUnitFilter } from '../../auth/scope';
import { now } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import { Inspection, Lead, type OrgUnit } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { LeadStatus, PostRole } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import type { LeadFilter, SubmitLeadInput } from './cases.inputs';
import { requireOfficial } from '../node/references';

/** A lead still waiting for a decision. */
export const OPEN_LEAD = [LeadStatus.SUBMITTED, LeadStatus.UNDER_REVIEW];

const NEWEST = [{ column: 'l.id', value: (l: Lead) => l.id, descending: true }];

// No content and no concerned official in the audit log: ADMINs read it.
const snapshot = (l: Lead) => ({
  status: l.status, unitId: l.unitId, toUnitId: l.toUnitId, inspectionId: l.inspectionId, ...(l.targetId !== null ? { targetId: l.targetId } : {}), caseId: l.caseId,
});

/**
 * Where a lead goes: an INFORMANT post covering the unit reports to its parent unit
 * (a community's informant to the street, seed 002); an INSPECTOR assigned to the unit
 * as a target reports to the inspecting unit.
 */
async function destination(
  ctx: Context, unit: OrgUnit, inspectionGlobalId: string | undefined,
): Promise<{ toUnitId: number; inspectionId: number | null; targetId: number | null }> {
  const informant = (ctx.viewer?.posts ?? [])
    .filter((p) => p.role === PostRole.INFORMANT && isUnder(unit.path, p.unitPath))
    .sort((a, b) => b.unitPath.length - a.unitPath.length)[0];
  if (informant && inspectionGlobalId === undefined) {
    const postUnit = (await ctx.loaders.unitById.load(informant.unitId))!;
    return { toUnitId: postUnit.parentId ?? postUnit.id, inspectionId: null, targetId: null };
  }
  const inspectionRef = inspectionGlobalId === undefined ? undefined : decodeId(inspectionGlobalId, 'Inspection');
  if (inspectionRef === null) throw new AppError('NOT_FOUND', 'inspectionId: no such inspection', { field: 'inspectionId' });
  const target = (await assignedTargets(ctx))
    .find((t) => t.unitId === unit.id && (!inspectionRef || t.inspectionId === inspectionRef.id));
  if (!target) {
    throw forbidden(`You may report leads on your own unit or below (INFORMANT) or on the targets of your inspections (INSPECTOR), not on ${unit.name}`);
  }
  const inspection = await ctx.db.getRepository(Inspection).findOneByOrFail({ id: target.inspectionId });
  return { toUnitId: inspection.unitId, inspectionId: inspection.id, targetId: target.targetId };
}

export const leadService = {
  /**
   * Leads the viewer may see: received by a DISCIPLINE post of theirs (its unit or above)
   * or submitted by them; never one that concerns them.
   */
  visible(ctx: Context): SelectQueryBuilder<Lead> {
    const qb = ctx.db.getRepository(Lead).createQueryBuilder('l');
    const me = ctx.viewer?.officialId ?? 0;
    const received = unitInScope(qb, 'l.toUnitId', scopeRoots(ctx.viewer, [PostRole.DISCIPLINE]));
    return qb
      .where(new Brackets((w) => w.where(received.sql, received.params).orWhere('l.submittedByOfficialId = :leadViewer', { leadViewer: me })))
      .andWhere('(l.concernedOfficialId IS NULL OR l.concernedOfficialId <> :leadViewer)');
  },

  byId(ctx: Context, id: number): Promise<Lead | null> {
    return this.visible(ctx).andWhere('l.id = :leadId', { leadId: id }).getOne();
  },

  async get(ctx: Context, globalId: string): Promise<Lead | null> {
    const ref = decodeId(globalId, 'Lead');
    return ref ? this.byId(ctx, ref.id) : null;
  },

  async require(ctx: Context, globalId: string, field = 'id'): Promise<Lead> {
    const lead = await this.get(ctx, globalId);
    if (!lead) throw new AppError('NOT_FOUND', `${field}: no such lead`, { field });
    return lead;
  },

  async list(ctx: Context, filter: LeadFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.unitId) whereUnitFilter(qb, 'l', await orgUnitService.get(ctx, filter.unitId), filter.subtree);
    if (filter?.status) qb.andWhere('l.status = :leadStatus', { leadStatus: filter.status });
    if (filter?.submittedByMe) qb.andWhere('l.submittedByOfficialId = :leadViewer');
    if (filter?.inspectionId) qb.andWhere('l.inspectionId = :leadRound', { leadRound: decodeId(filter.inspectionId, 'Inspection')?.id ?? 0 });
    if (filter?.targetId) qb.andWhere('l.targetId = :leadTarget', { leadTarget: decodeId(filter.targetId, 'InspectionTarget')?.id ?? 0 });
    return paginate(qb, page, NEWEST);
  },

  async submit(ctx: Context, input: SubmitLeadInput): Promise<Lead> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    const concerned = input.concernedOfficialId ? await requireOfficial(ctx, input.concernedOfficialId, 'concernedOfficialId') : null;
    const { toUnitId, inspectionId, targetId } = await destination(ctx, unit, input.inspectionId);
    const toUnit = (await ctx.loaders.unitById.load(toUnitId))!;
    const at = now();
    return ctx.db.transaction(async (em) => {
      const { identifiers } = await em.insert(Lead, {
        cityId: unit.cityId, unitId: unit.id, toUnitId, concernedOfficialId: concerned?.id ?? null,
        submittedByOfficialId: ctx.viewer!.officialId, inspectionId, targetId, content: input.content.trim(),
        status: LeadStatus.SUBMITTED, caseId: null, createdAt: at, updatedAt: at,
      });
      const lead = await em.findOneByOrFail(Lead, { id: Number(identifiers[0].id) });
      // Filed at the receiving unit: the tier below (the unit concerned) does not see it in its audit log.
      await recordAudit(em, ctx, { operation: 'submitLead', recordType: 'Lead', recordId: lead.id, unit: toUnit, after: snapshot(lead) });
      return lead;
    });
  },

  /** A visible lead, for a decision by DISCIPLINE of the receiving unit or above (the submitter is refused). */
  async forDiscipline(ctx: Context, globalId: string, field = 'id'): Promise<{ lead: Lead; toUnit: OrgUnit }> {
    const lead = await this.require(ctx, globalId, field);
    const toUnit = (await ctx.loaders.unitById.load(lead.toUnitId))!;
    if (!(await readsLeadDetails(ctx, lead))) throw forbidden(`Only DISCIPLINE of ${toUnit.name} or above decides on this lead`);
    return { lead, toUnit };
  },

  /**
   * Moves a lead from one of `from` to `to` under a row lock, with a compare-and-set on
   * the status, and writes the audit entry; inside the caller's transaction.
   */
  async transition(
    em: EntityManager, ctx: Context, lead: Lead, toUnit: OrgUnit, change: { from: LeadStatus[]; to: LeadStatus; caseId?: number; operation: string; reason?: string },
  ): Promise<Lead> {
    const locked = (await lockById(em, Lead, lead.id))!;
    if (!change.from.includes(locked.status)) throw new AppError('CONFLICT', `This lead is ${locked.status}; it cannot become ${change.to}`);
    const result = await em.createQueryBuilder().update(Lead)
      .set({ status: change.to, caseId: change.caseId ?? locked.caseId, updatedAt: now() })
      .where('id = :id AND status = :status', { id: lead.id, status: locked.status })
      .execute();
    if (result.affected !== undefined && result.affected !== 1) throw new AppError('CONFLICT', 'This lead changed meanwhile; read it again');
    const after = await em.findOneByOrFail(Lead, { id: lead.id });
    await recordAudit(em, ctx, {
      operation: change.operation, recordType: 'Lead', recordId: lead.id, unit: toUnit,
      before: snapshot(locked), after: { ...snapshot(after), ...(change.reason ? { reason: change.reason } : {}) },
    });
    return after;
  },

  async review(ctx: Context, globalId: string): Promise<Lead> {
    const { lead, toUnit } = await this.forDiscipline(ctx, globalId);
    return ctx.db.transaction((em) => this.transition(em, ctx, lead, toUnit, {
      from: [LeadStatus.SUBMITTED], to: LeadStatus.UNDER_REVIEW, operation: 'reviewLead',
    }));
  },

  /** 了结: the reason is kept in the audit entry of the decision. */
  async dismiss(ctx: Context, globalId: string, reason: string): Promise<Lead> {
    const { lead, toUnit } = await this.forDiscipline(ctx, globalId);
    if (!reason.trim()) throw badInput('Say why the lead is dismissed', 'reason');
    return ctx.db.transaction((em) => this.transition(em, ctx, lead, toUnit, {
      from: OPEN_LEAD, to: LeadStatus.DISMISSED, operation: 'dismissLead', reason: reason.trim(),
    }));
  },
};
