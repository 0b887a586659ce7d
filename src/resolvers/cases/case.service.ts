// 案件 and 一案双查: a case against an official is opened by DISCIPLINE in scope (from a
// lead or not); it proposes the responsibility chain of its unit and domain as held on
// the incident day, from which accountability records are made.
import { Brackets, type SelectQueryBuilder } from 'typeorm';
import { investigatesCase, readsLeadDetails } from '../../auth/accountability-rules';
import { coveringPost, scopeRoots, unitInScope, whereUnitFilter } from '../../auth/scope';
import type { ViewerPost } from '../../auth/viewer';
import { isCalendarDay, now, today } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import { DisciplinaryCase, type Lead, type Official, type OrgUnit, type Post } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { CaseStatus, ChainRole, Failure, LeadStatus, PostRole } from '../../schema/enums';
import { decodeId, encodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import { orgHistory } from '../org/org-history';
import { chainService } from '../responsibility/chain.service';
import type { CaseFilter, OpenCaseInput } from './cases.inputs';
import { leadService, OPEN_LEAD } from './lead.service';
import { requireDomain, requireOfficial } from '../node/references';

/** One person the case proposes to hold accountable (一案双查), as in post on the incident day. */
export interface ProposedRecord {
  unit: OrgUnit;
  role: ChainRole;
  post: Post;
  official: Official;
  failure: Failure;
}

const NEWEST = [{ column: 'c.id', value: (c: DisciplinaryCase) => c.id, descending: true }];

const snapshot = (c: DisciplinaryCase) => ({
  unitId: c.unitId, officialId: c.officialId, domainId: c.domainId, incidentOn: c.incidentOn, title: c.title,
  leadId: c.leadId, status: c.status,
});

/**
 * The DISCIPLINE post that opens a case about the unit: one whose subtree holds the unit
 * today, or held it on the incident day (a unit since moved away is still investigated by
 * the line it belonged to then). Nobody opens a case against themselves.
 */
async function investigatorPost(ctx: Context, unit: OrgUnit, officialId: number, incidentOn: string): Promise<ViewerPost> {
  if (officialId === ctx.viewer!.officialId) throw forbidden('A case against yourself is handled by another DISCIPLINE post');
  const then = incidentOn < today() ? await orgHistory.at(ctx, unit, incidentOn) : null;
  const post = coveringPost(ctx.viewer, unit.path, [PostRole.DISCIPLINE]) ?? (then ? coveringPost(ctx.viewer, then.path, [PostRole.DISCIPLINE]) : undefined);
  if (!post) throw forbidden(`Only DISCIPLINE of ${unit.name} or above handles its cases`);
  return post;
}

export const caseService = {
  /** Cases of units in the scope of the viewer's DISCIPLINE posts, except those against the viewer. */
  visible(ctx: Context): SelectQueryBuilder<DisciplinaryCase> {
    const qb = ctx.db.getRepository(DisciplinaryCase).createQueryBuilder('c');
    // The case's unit, or its issuer (the opening DISCIPLINE post's unit), in the scope of a DISCIPLINE post.
    const roots = scopeRoots(ctx.viewer, [PostRole.DISCIPLINE]);
    const scoped = unitInScope(qb, 'c.unitId', roots);
    const issued = unitInScope(qb, 'c.issuerUnitId', roots);
    return qb.where(new Brackets((w) => w.where(scoped.sql, scoped.params).orWhere(issued.sql, issued.params)))
      .andWhere('c.officialId <> :caseViewer', { caseViewer: ctx.viewer?.officialId ?? 0 });
  },

  byId(ctx: Context, id: number): Promise<DisciplinaryCase | null> {
    return this.visible(ctx).andWhere('c.id = :caseId', { caseId: id }).getOne();
  },

  async get(ctx: Context, globalId: string): Promise<DisciplinaryCase | null> {
    const ref = decodeId(globalId, 'DisciplinaryCase');
    return ref ? this.byId(ctx, ref.id) : null;
  },

  async require(ctx: Context, globalId: string, field = 'id'): Promise<DisciplinaryCase> {
    const found = await this.get(ctx, globalId);
    if (!found) throw new AppError('NOT_FOUND', `${field}: no such case`, { field });
    return found;
  },

  async list(ctx: Context, filter: CaseFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.unitId) whereUnitFilter(qb, 'c', await orgUnitService.get(ctx, filter.unitId), filter.subtree);
    if (filter?.officialId !== undefined && filter.officialId !== null) {
      qb.andWhere('c.officialId = :caseOfficial', { caseOfficial: decodeId(filter.officialId, 'Official')?.id ?? 0 });
    }
    if (filter?.status) qb.andWhere('c.status = :caseStatus', { caseStatus: filter.status });
    if (filter?.year) {
      qb.andWhere('c.incidentOn >= :caseFrom AND c.incidentOn <= :caseTo', { caseFrom: `${filter.year}-01-01`, caseTo: `${filter.year}-12-31` });
    }
    return paginate(qb, page, NEWEST);
  },

  /** Opens a case; from a lead, the lead becomes CASE_OPENED in the same transaction. */
  async open(ctx: Context, input: OpenCaseInput): Promise<DisciplinaryCase> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    const official = await requireOfficial(ctx, input.officialId);
    const domain = await requireDomain(ctx, input.domainId);
    const fromLead = input.leadId ? await leadService.forDiscipline(ctx, input.leadId, 'leadId') : null;
    if (!isCalendarDay(input.incidentOn)) throw badInput('incidentOn is not a calendar day', 'incidentOn');
    if (input.incidentOn > today()) throw badInput('incidentOn cannot be in the future', 'incidentOn');
    const investigator = await investigatorPost(ctx, unit, official.id, input.incidentOn);
    if (fromLead && !OPEN_LEAD.includes(fromLead.lead.status)) throw new AppError('CONFLICT', `This lead is ${fromLead.lead.status}; only an open lead becomes a case`);
    return ctx.db.transaction(async (em) => {
      const { identifiers } = await em.insert(DisciplinaryCase, {
        cityId: unit.cityId, unitId: unit.id, issuerUnitId: investigator.unitId, officialId: official.id, domainId: domain.id, incidentOn: input.incidentOn,
        title: input.title.trim(), summary: input.summary.trim(), leadId: fromLead?.lead.id ?? null, status: CaseStatus.OPEN,
        openedByOfficialId: ctx.viewer!.officialId, openedAt: now(), closedAt: null,
      });
      const opened = await em.findOneByOrFail(DisciplinaryCase, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, { operation: 'openCase', recordType: 'DisciplinaryCase', recordId: opened.id, unit, after: snapshot(opened) });
      if (fromLead) {
        await leadService.transition(em, ctx, fromLead.lead, fromLead.toUnit, {
          from: OPEN_LEAD, to: LeadStatus.CASE_OPENED, caseId: opened.id, operation: 'openCaseFromLead',
        });
      }
      return opened;
    });
  },

  /** A visible case, for a write by DISCIPLINE in scope (not the official it is against, who does not see it). */
  async forInvestigator(ctx: Context, globalId: string, field = 'id'): Promise<{ found: DisciplinaryCase; unit: OrgUnit }> {
    const found = await this.require(ctx, globalId, field);
    return { found, unit: (await ctx.loaders.unitById.load(found.unitId))! };
  },

  async close(ctx: Context, globalId: string): Promise<DisciplinaryCase> {
    const { found, unit } = await this.forInvestigator(ctx, globalId);
    return ctx.db.transaction(async (em) => {
      const locked = (await lockById(em, DisciplinaryCase, found.id))!;
      if (locked.status !== CaseStatus.OPEN) throw new AppError('CONFLICT', 'This case is already closed');
      const result = await em.createQueryBuilder().update(DisciplinaryCase)
        .set({ status: CaseStatus.CLOSED, closedAt: now() })
        .where('id = :id AND status = :open', { id: found.id, open: CaseStatus.OPEN })
        .execute();
      if (result.affected !== undefined && result.affected !== 1) throw new AppError('CONFLICT', 'This case changed meanwhile; read it again');
      const after = await em.findOneByOrFail(DisciplinaryCase, { id: found.id });
      await recordAudit(em, ctx, { operation: 'closeCase', recordType: 'DisciplinaryCase', recordId: found.id, unit, before: snapshot(locked), after: snapshot(after) });
      return after;
    });
  },

  /**
   * 一案双查: the responsibility chain of the case's unit and domain as held on the
   * incident day, tier by tier up to the city: the principal and the team members in
   * charge (main responsibility), the discipline head (supervision responsibility).
   * Those who have moved on since are proposed for the post they held that day. The
   * official the case is against is never proposed: the case itself deals with them.
   */
  async proposal(ctx: Context, c: DisciplinaryCase): Promise<ProposedRecord[]> {
    const chain = await chainService.chain(ctx, encodeId('OrgUnit', c.unitId), encodeId('Domain', c.domainId), c.incidentOn);
    const rows: Omit<ProposedRecord, 'official'>[] = chain.flatMap((tier) => [
      ...(tier.principal ? [{ unit: tier.unit, role: ChainRole.PRINCIPAL, post: tier.principal, failure: Failure.MAIN_RESPONSIBILITY }] : []),
      ...tier.inCharge.map((post) => ({ unit: tier.unit, role: ChainRole.TEAM_MEMBER_IN_CHARGE, post, failure: Failure.MAIN_RESPONSIBILITY })),
      ...(tier.disciplineHead
        ? [{ unit: tier.unit, role: ChainRole.DISCIPLINE_HEAD, post: tier.disciplineHead, failure: Failure.SUPERVISION_RESPONSIBILITY }]
        : []),
    ]).filter((r) => r.post.officialId !== c.officialId);
    const officials = await ctx.loaders.officialById.loadMany(rows.map((r) => r.post.officialId));
    return rows.map((r, i) => ({ ...r, official: officials[i] as Official }));
  },

  /** The lead a case came from, when the viewer may read it in full. */
  async leadOf(ctx: Context, c: DisciplinaryCase): Promise<Lead | null> {
    if (!c.leadId) return null;
    const lead = await ctx.loaders.leadById.load(c.leadId);
    return lead && (await readsLeadDetails(ctx, lead)) ? lead : null;
  },

  /** A case reached from a lead or a record: only when the viewer investigates it. */
  async visibleCase(ctx: Context, caseId: number | null): Promise<DisciplinaryCase | null> {
    if (!caseId) return null;
    const found = await ctx.loaders.caseById.load(caseId);
    return found && (await investigatesCase(ctx, found)) ? found : null;
  },
};
