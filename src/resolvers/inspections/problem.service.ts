// Problems (问题) and their rectification items (整改事项): findings recorded by the
// inspectors assigned to a target, problems of daily supervision recorded by DISCIPLINE
// in scope, items kept by the problem unit's OFFICE or SECRETARY and closed one by one.
// An inspection's item is closed by two approvals (双审): the unit's principal and the
// leader in charge one tier up; the second approval closes it in the same transaction.
import { Brackets, type SelectQueryBuilder } from 'typeorm';
import { inspectionView, problemCondition } from '../../auth/inspection-scope';
import { holdsPostAt, inScope, KEEPER_ROLES, whereUnitFilter } from '../../auth/scope';
import { APPROVES_AS_PRINCIPAL, CLOSES_ITEM, supervisorPostSql } from '../../auth/steps';
import { dueWindow, inPeriod, isCalendarDay, now, today } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import { Inspection, Notice, OrgUnit, Post, Problem, RectificationItem } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { InspectionStatus, NoticeState, PostRole, RectificationStatus, SupervisionSource } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import type {
  AddRectificationItemInput, CreateProblemInput, ProblemFilter, RecordInspectionFindingInput, RectificationItemFilter,
} from './inspection.inputs';
import { inspectionService } from './inspection.service';
import { noticeService } from '../notices/notice.service';
import { requireDomain } from '../node/references';

/** Who can own (answer for) a rectification item at the problem's unit. */
const OWNER_ROLES = [PostRole.SECRETARY, PostRole.TEAM_MEMBER, PostRole.DISCIPLINE, PostRole.OFFICE];
/** A notice's problems take rectification items once the notice is issued. */
const ISSUED_NOTICE_STATES = [NoticeState.ISSUED, NoticeState.REPORTED, NoticeState.CLOSED];
/** Items of an inspection's findings are written after the feedback, until the round closes. */
const LISTING = [InspectionStatus.FEEDBACK, InspectionStatus.RECTIFICATION];

/** Not rectified: no item yet, or an item still open (a problem's items are in its city). */
const OPEN_PROBLEM = `(NOT EXISTS (SELECT 1 FROM rectification_item oi WHERE oi.cityId = p.cityId AND oi.problemId = p.id)
  OR EXISTS (SELECT 1 FROM rectification_item oo WHERE oo.cityId = p.cityId AND oo.problemId = p.id AND oo.status = :openItem))`;

const itemSnapshot = (r: RectificationItem) => ({
  status: r.status, principalApproved: r.principalApprovedAt !== null, supervisorApproved: r.supervisorApprovedAt !== null,
});

export const isOverdueItem = (r: RectificationItem, day = today()): boolean => r.status === RectificationStatus.OPEN && r.deadline < day;
/** Items of an inspection's findings need the two approvals (双审). */
export const needsDualApproval = (problem: Problem): boolean => problem.inspectionId !== null;

/** Ids in filters: an id of the wrong type matches nothing. */
const idOf = (globalId: string | undefined, type: 'Post' | 'Problem' | 'Inspection' | 'Domain' | 'Notice'): number | undefined =>
  globalId === undefined || globalId === null ? undefined : decodeId(globalId, type)?.id ?? 0;

export const problemService = {
  /**
   * Problems the viewer reads: by the inspection scope (auth/inspection-scope.ts), except a
   * notice's problems, which are read as their notice (its readers, in its state).
   */
  async visible(ctx: Context): Promise<SelectQueryBuilder<Problem>> {
    const view = await inspectionView(ctx);
    const qb = ctx.db.getRepository(Problem).createQueryBuilder('p');
    const notices = noticeService.visible(ctx).select('n.id');
    return qb.where(new Brackets((or) => or
      .where(new Brackets((own) => own.where('p.noticeId IS NULL').andWhere(problemCondition(qb, 'p', view))))
      .orWhere(`p.noticeId IN (${notices.getQuery()})`, notices.getParameters())));
  },

  async byId(ctx: Context, id: number): Promise<Problem | null> {
    return (await this.visible(ctx)).andWhere('p.id = :id', { id }).getOne();
  },

  async require(ctx: Context, globalId: string, field = 'problemId'): Promise<Problem> {
    const ref = decodeId(globalId, 'Problem');
    const problem = ref && (await this.byId(ctx, ref.id));
    if (!problem) throw new AppError('NOT_FOUND', `${field}: no such problem`, { field });
    return problem;
  },

  async list(ctx: Context, filter: ProblemFilter | undefined, page: PageArgs) {
    const qb = await this.visible(ctx);
    if (filter?.unitId) whereUnitFilter(qb, 'p', await orgUnitService.get(ctx, filter.unitId), filter.subtree ?? true);
    if (filter?.source) qb.andWhere('p.source = :source', { source: filter.source });
    if (filter?.severity) qb.andWhere('p.severity = :severity', { severity: filter.severity });
    const inspectionId = idOf(filter?.inspectionId, 'Inspection');
    if (inspectionId !== undefined) qb.andWhere('p.inspectionId = :inspectionId', { inspectionId });
    const domainId = idOf(filter?.domainId, 'Domain');
    if (domainId !== undefined) qb.andWhere('p.domainId = :domainId', { domainId });
    const noticeId = idOf(filter?.noticeId, 'Notice');
    if (noticeId !== undefined) qb.andWhere('p.noticeId = :noticeId', { noticeId });
    if (filter?.category != null) qb.andWhere('p.category = :category', { category: filter.category.trim() });
    if (filter?.open === true) qb.andWhere(OPEN_PROBLEM, { openItem: RectificationStatus.OPEN });
    if (filter?.open === false) qb.andWhere(`NOT ${OPEN_PROBLEM}`, { openItem: RectificationStatus.OPEN });
    const connection = await paginate(qb, page, [{ column: 'p.id', value: (p) => p.id, descending: true }]);
    for (const { node } of connection.edges) ctx.loaders.problemById.prime(node.id, node);
    return connection;
  },

  /** 日常监督 etc.: DISCIPLINE at the unit or above records a problem of any source but inspection feedback. */
  async create(ctx: Context, input: CreateProblemInput): Promise<Problem> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    if (!inScope(ctx.viewer, unit.path, [PostRole.DISCIPLINE])) throw forbidden(`Only DISCIPLINE at ${unit.name} or above records its problems`);
    if (input.source === SupervisionSource.INSPECTION_FEEDBACK) {
      throw badInput('Inspection findings are recorded by the inspectors on their targets', 'source');
    }
    const domain = await requireDomain(ctx, input.domainId);
    return this.insert(ctx, unit, { domainId: domain.id, source: input.source, severity: input.severity, description: input.description, inspectionId: null }, 'createProblem');
  },

  /** INSPECTORs assigned to the target record findings while the round is IN_PROGRESS or in FEEDBACK. */
  async recordFinding(ctx: Context, input: RecordInspectionFindingInput): Promise<Problem> {
    const { inspection, unit } = await inspectionService.forInspector(ctx, input.targetId);
    const domain = await requireDomain(ctx, input.domainId);
    return this.insert(ctx, unit, {
      domainId: domain.id, source: SupervisionSource.INSPECTION_FEEDBACK, severity: input.severity, description: input.description,
      inspectionId: inspection.id,
    }, 'recordInspectionFinding', inspection);
  },

  async insert(
    ctx: Context, unit: OrgUnit, p: Pick<Problem, 'domainId' | 'source' | 'severity' | 'description' | 'inspectionId'>, operation: string,
    inspection?: Inspection,
  ): Promise<Problem> {
    return ctx.db.transaction(async (em) => {
      if (inspection) await inspectionService.lockRecording(em, inspection);
      const { identifiers } = await em.insert(Problem, {
        cityId: unit.cityId, unitId: unit.id, domainId: p.domainId, source: p.source, severity: p.severity,
        description: p.description.trim(), inspectionId: p.inspectionId, noticeId: null, caseId: null,
        createdByOfficialId: ctx.viewer!.officialId, createdAt: now(),
      });
      const id = Number(identifiers[0].id);
      await recordAudit(em, ctx, {
        operation, recordType: 'Problem', recordId: id, unit,
        after: { source: p.source, severity: p.severity, domainId: p.domainId, inspectionId: p.inspectionId },
      });
      return em.findOneByOrFail(Problem, { id });
    });
  },

  // ---- rectification items

  /** Items whose problem the viewer sees (a semi-join keeps LIMIT paging exact). */
  async visibleItems(ctx: Context, narrow?: (problems: SelectQueryBuilder<Problem>) => void): Promise<SelectQueryBuilder<RectificationItem>> {
    const problems = await this.visible(ctx);
    narrow?.(problems);
    const qb = ctx.db.getRepository(RectificationItem).createQueryBuilder('r');
    // An item is in its problem's city: the semi-join keeps to the shard.
    const sub = problems.select('p.id').andWhere('p.cityId = r.cityId');
    return qb.where(`r.problemId IN (${sub.getQuery()})`, sub.getParameters());
  },

  async itemById(ctx: Context, id: number): Promise<RectificationItem | null> {
    return (await this.visibleItems(ctx)).andWhere('r.id = :itemId', { itemId: id }).getOne();
  },

  async requireItem(ctx: Context, globalId: string): Promise<{ item: RectificationItem; problem: Problem; unit: OrgUnit }> {
    const ref = decodeId(globalId, 'RectificationItem');
    const item = ref && (await this.itemById(ctx, ref.id));
    if (!item) throw new AppError('NOT_FOUND', 'id: no such rectification item', { field: 'id' });
    const problem = (await ctx.loaders.problemById.load(item.problemId))!;
    return { item, problem, unit: (await ctx.loaders.unitById.load(problem.unitId))! };
  },

  async listItems(ctx: Context, filter: RectificationItemFilter | undefined, page: PageArgs) {
    const unit = filter?.unitId ? await orgUnitService.get(ctx, filter.unitId) : undefined;
    const qb = await this.visibleItems(ctx, (problems) => {
      if (unit !== undefined) whereUnitFilter(problems, 'p', unit, filter?.subtree ?? true);
      const inspectionId = idOf(filter?.inspectionId, 'Inspection');
      if (inspectionId !== undefined) problems.andWhere('p.inspectionId = :fInspectionId', { fInspectionId: inspectionId });
    });
    const ownerPostId = idOf(filter?.ownerPostId, 'Post');
    if (ownerPostId !== undefined) qb.andWhere('r.ownerPostId = :ownerPostId', { ownerPostId });
    const problemId = idOf(filter?.problemId, 'Problem');
    if (problemId !== undefined) qb.andWhere('r.problemId = :problemId', { problemId });
    if (filter?.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter?.overdue === true) qb.andWhere('r.status = :openStatus AND r.deadline < :day', { openStatus: RectificationStatus.OPEN, day: today() });
    if (filter?.overdue === false) {
      qb.andWhere(new Brackets((w) => w.where('r.status <> :openStatus', { openStatus: RectificationStatus.OPEN })
        .orWhere('r.deadline >= :day', { day: today() })));
    }
    if (filter?.dueWithinDays !== undefined && filter?.dueWithinDays !== null) {
      const { from, to } = dueWindow(filter.dueWithinDays);
      qb.andWhere('r.status = :dueOpen AND r.deadline >= :dueFrom AND r.deadline <= :dueTo', { dueOpen: RectificationStatus.OPEN, dueFrom: from, dueTo: to });
    }
    return paginate(qb, page, [{ column: 'r.deadline', value: (r) => r.deadline }, { column: 'r.id', value: (r) => r.id }]);
  },

  /**
   * The problem unit's OFFICE or SECRETARY lists an item: an owner holding a current post of
   * that unit, a measure and a deadline not in the past. An inspection's findings get items
   * after the feedback (FEEDBACK or RECTIFICATION), never once the round is closed.
   */
  async addItem(ctx: Context, input: AddRectificationItemInput): Promise<RectificationItem> {
    const problem = await this.require(ctx, input.problemId);
    const unit = (await ctx.loaders.unitById.load(problem.unitId))!;
    if (!holdsPostAt(ctx.viewer, unit.id, KEEPER_ROLES)) throw forbidden(`Only the OFFICE or SECRETARY of ${unit.name} list its rectification`);
    const ref = decodeId(input.ownerPostId, 'Post');
    const owner = ref && (await ctx.loaders.postById.load(ref.id));
    if (!owner) throw new AppError('NOT_FOUND', 'ownerPostId: no such post', { field: 'ownerPostId' });
    const day = today();
    if (owner.unitId !== unit.id || !OWNER_ROLES.includes(owner.role) || !inPeriod(owner, day)) {
      throw badInput(`The owner must hold a current SECRETARY, TEAM_MEMBER, DISCIPLINE or OFFICE post of ${unit.name}`, 'ownerPostId');
    }
    if (!isCalendarDay(input.deadline)) throw badInput('deadline is not a calendar day', 'deadline');
    if (input.deadline < day) throw badInput('The deadline cannot be in the past', 'deadline');
    return ctx.db.transaction(async (em) => {
      // A notice's problems are rectified from its issue on (a draft's problems are still replaced as a whole).
      if (problem.noticeId !== null) {
        const notice = (await lockById(em, Notice, problem.noticeId))!;
        if (!ISSUED_NOTICE_STATES.includes(notice.state)) {
          throw new AppError('CONFLICT', `The notice is ${notice.state}; its problems get rectification items once it is issued`);
        }
      }
      if (problem.inspectionId !== null) {
        const round = (await lockById(em, Inspection, problem.inspectionId))!;
        if (!LISTING.includes(round.status)) {
          throw new AppError('CONFLICT', `The round is ${round.status}; its rectification list is kept in FEEDBACK or RECTIFICATION`);
        }
      }
      const { identifiers } = await em.insert(RectificationItem, {
        cityId: problem.cityId, problemId: problem.id, ownerPostId: owner.id, measure: input.measure.trim(), deadline: input.deadline,
        status: RectificationStatus.OPEN, closedAt: null, closedByOfficialId: null, principalApprovedByOfficialId: null,
        principalApprovedAt: null, supervisorApprovedByOfficialId: null, supervisorApprovedAt: null, createdAt: now(),
      });
      const id = Number(identifiers[0].id);
      await recordAudit(em, ctx, {
        operation: 'addRectificationItem', recordType: 'RectificationItem', recordId: id, unit,
        after: { problemId: problem.id, ownerPostId: owner.id, deadline: input.deadline },
      });
      return em.findOneByOrFail(RectificationItem, { id });
    });
  },

  /** A problem outside an inspection: its item is closed (销号) by the owner or the unit's SECRETARY. */
  async closeItem(ctx: Context, globalId: string): Promise<RectificationItem> {
    const { item, problem, unit } = await this.requireItem(ctx, globalId);
    if (needsDualApproval(problem)) throw badInput('An inspection\'s item is closed by its two approvals (双审): use approveRectification', 'id');
    if (!CLOSES_ITEM.allows(ctx.viewer, { ownerPostId: item.ownerPostId, unitId: unit.id })) {
      throw forbidden(`Only the item's owner or the SECRETARY of ${unit.name} closes it`);
    }
    return ctx.db.transaction(async (em) => {
      const at = now();
      const closed = await em.createQueryBuilder().update(RectificationItem)
        .set({ status: RectificationStatus.CLOSED, closedAt: at, closedByOfficialId: ctx.viewer!.officialId })
        .where('id = :id AND status = :open', { id: item.id, open: RectificationStatus.OPEN }).execute();
      if (!closed.affected) throw new AppError('CONFLICT', 'This item is already closed');
      await recordAudit(em, ctx, {
        operation: 'closeRectificationItem', recordType: 'RectificationItem', recordId: item.id, unit,
        before: { status: RectificationStatus.OPEN }, after: { status: RectificationStatus.CLOSED },
      });
      return em.findOneByOrFail(RectificationItem, { id: item.id });
    });
  },

  /**
   * The posts that give the second approval of an inspection's item: the current TEAM_MEMBER
   * posts of the parent unit in charge of the problem's domain; if there is none, the parent
   * unit's current SECRETARY (the leader in charge one tier up). One statement, on the
   * condition the work items share (auth/steps.ts supervisorPostSql).
   */
  async supervisorPosts(ctx: Context, problem: Problem, unit: OrgUnit): Promise<Post[]> {
    if (!unit.parentId) return [];
    return ctx.db.getRepository(Post).createQueryBuilder('sp')
      .where(supervisorPostSql('sp', ':parentId', ':domainId', 'day'), { parentId: unit.parentId, domainId: problem.domainId, day: today() })
      .getMany();
  },

  /**
   * 双审: the problem unit's SECRETARY gives the principal's approval, the leader in charge one
   * tier up the supervisor's; the same official never gives both. The second approval closes
   * the item in the same transaction (compare-and-set on the approval still missing).
   */
  async approve(ctx: Context, globalId: string): Promise<RectificationItem> {
    const { item, problem, unit } = await this.requireItem(ctx, globalId);
    if (!needsDualApproval(problem)) throw badInput('Only an inspection\'s items are approved (双审); close this one with closeRectificationItem', 'id');
    const asPrincipal = APPROVES_AS_PRINCIPAL.allows(ctx.viewer, { ownerPostId: item.ownerPostId, unitId: unit.id });
    const supervisors = await this.supervisorPosts(ctx, problem, unit);
    const asSupervisor = supervisors.some((s) => ctx.viewer!.posts.some((p) => p.id === s.id));
    if (!asPrincipal && !asSupervisor) {
      throw forbidden(`Only the SECRETARY of ${unit.name} and the leader in charge one tier up approve this item`);
    }
    const me = ctx.viewer!.officialId;
    return ctx.db.transaction(async (em) => {
      const locked = (await lockById(em, RectificationItem, item.id))!;
      if (locked.status === RectificationStatus.CLOSED) throw new AppError('CONFLICT', 'This item is already closed');
      const missing = [
        ...(asPrincipal && !locked.principalApprovedAt ? ['principal' as const] : []),
        ...(asSupervisor && !locked.supervisorApprovedAt ? ['supervisor' as const] : []),
      ];
      if (!missing.length) throw new AppError('CONFLICT', 'Your approval of this item is already recorded');
      const capacity = missing.find((c) => (c === 'principal' ? locked.supervisorApprovedByOfficialId : locked.principalApprovedByOfficialId) !== me);
      if (!capacity) throw forbidden('You gave the other approval of this item; the two approvals need two people');
      const at = now();
      const completes = capacity === 'principal' ? locked.supervisorApprovedAt !== null : locked.principalApprovedAt !== null;
      const column = capacity === 'principal' ? 'principalApprovedAt' : 'supervisorApprovedAt';
      const changed = await em.createQueryBuilder().update(RectificationItem)
        .set({
          ...(capacity === 'principal'
            ? { principalApprovedAt: at, principalApprovedByOfficialId: me }
            : { supervisorApprovedAt: at, supervisorApprovedByOfficialId: me }),
          ...(completes ? { status: RectificationStatus.CLOSED, closedAt: at, closedByOfficialId: me } : {}),
        })
        .where(`id = :id AND status = :open AND ${column} IS NULL`, { id: item.id, open: RectificationStatus.OPEN }).execute();
      if (!changed.affected) throw new AppError('CONFLICT', 'The item changed meanwhile; read it again');
      const after = await em.findOneByOrFail(RectificationItem, { id: item.id });
      await recordAudit(em, ctx, {
        operation: 'approveRectification', recordType: 'RectificationItem', recordId: item.id, unit,
        before: itemSnapshot(locked), after: { ...itemSnapshot(after), capacity },
      });
      return after;
    });
  },
};
