// Inspections (巡察, Wanzhou): rounds of an inspecting unit kept by its OFFICE (巡察办) or
// SECRETARY, groups of INSPECTOR posts with effective-dated memberships, targets below
// the inspecting unit, suggestions from the assigned inspectors, dual feedback (双反馈)
// recorded by the inspecting unit's OFFICE, and coverage of a subtree in a cycle.
// Reads follow auth/inspection-scope.ts; writes lock the round they change.
import type { EntityManager } from 'typeorm';
import { assignedTargets } from '../../auth/inspection-access';
import {
  INSPECTION_READERS, inspectionCondition, inspectionView, seesGroup, seesTarget, targetCondition,
} from '../../auth/inspection-scope';
import { holdsPostAt, inScope, isUnder, KEEPER_ROLES, subtreeEnd, whereUnitFilter } from '../../auth/scope';
import { GIVES_FEEDBACK } from '../../auth/steps';
import { addDays, inPeriod, isCalendarDay, now, today } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import {
  Inspection, InspectionGroup, InspectionMember, InspectionSuggestion, InspectionTarget, OrgUnit, Problem, RectificationItem,
} from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { InspectionStatus, PostRole, RectificationStatus, UnitKind, UnitLevel } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import {
  FeedbackRecipient, type AddInspectionGroupInput, type AddInspectionMemberInput, type AddInspectionSuggestionInput,
  type AddInspectionTargetInput, type CreateInspectionInput, type InspectionFilter, type RecordInspectionFeedbackInput,
} from './inspection.inputs';

/** 巡察办 and the committee's SECRETARY keep the rounds of their unit. */

/** The life cycle: one step at a time. */
const NEXT: Record<InspectionStatus, InspectionStatus | null> = {
  [InspectionStatus.PLANNED]: InspectionStatus.IN_PROGRESS,
  [InspectionStatus.IN_PROGRESS]: InspectionStatus.FEEDBACK,
  [InspectionStatus.FEEDBACK]: InspectionStatus.RECTIFICATION,
  [InspectionStatus.RECTIFICATION]: InspectionStatus.CLOSED,
  [InspectionStatus.CLOSED]: null,
};

/** Inspectors record findings and suggestions while the group is in the unit and until feedback. */
export const RECORDING = [InspectionStatus.IN_PROGRESS, InspectionStatus.FEEDBACK];
/** Targets are added before the round ends its stay. */
const TARGETING = [InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS];

const snapshot = (i: Inspection) => ({
  year: i.year, round: i.round, mode: i.mode, title: i.title, startsOn: i.startsOn, endsOn: i.endsOn, status: i.status,
});

export const isActiveMember = (m: InspectionMember, day = today()): boolean => inPeriod(m, day);

export interface CoverageLevel { level: UnitLevel; total: number; covered: number }
export interface CoverageKind { kind: UnitKind; total: number; covered: number }
interface CoverageRow { level: UnitLevel; kind: UnitKind; total: string | number; covered: string | number }
export interface Coverage { unit: OrgUnit; since: string; total: number; covered: number; share: number | null; levels: CoverageLevel[]; kinds: CoverageKind[] }

/** The first day of the default cycle: 1 January four years before this year (a five-year term). */
export const defaultCycleStart = (day = today()): string => `${Number(day.slice(0, 4)) - 4}-01-01`;

/** Units a round can inspect or coverage counts: strictly below, grids excluded (a grid is inspected with its community). */
const COVERED_LEVELS = [UnitLevel.DISTRICT, UnitLevel.STREET, UnitLevel.COMMUNITY];

/** A finding (p) with no rectification item. */
export const WITHOUT_ITEMS = 'NOT EXISTS (SELECT 1 FROM rectification_item ri WHERE ri.cityId = p.cityId AND ri.problemId = p.id)';

/** How many findings of a round have no rectification item (inside a transaction, or not). */
export async function findingsWithoutItems(em: EntityManager, inspection: { cityId: number; id: number }): Promise<number> {
  return em.getRepository(Problem).createQueryBuilder('p')
    .where(`p.cityId = :cityId AND p.inspectionId = :id AND ${WITHOUT_ITEMS}`, { cityId: inspection.cityId, id: inspection.id })
    .getCount();
}

export const inspectionService = {
  async byId(ctx: Context, id: number): Promise<Inspection | null> {
    const view = await inspectionView(ctx);
    const qb = ctx.db.getRepository(Inspection).createQueryBuilder('i');
    const inspection = await qb.where(inspectionCondition(qb, 'i', view)).andWhere('i.id = :id', { id }).getOne();
    // Field resolvers and rules below the round find it loaded.
    if (inspection) ctx.loaders.inspectionById.prime(inspection.id, inspection);
    return inspection;
  },

  async get(ctx: Context, globalId: string): Promise<Inspection | null> {
    const ref = decodeId(globalId, 'Inspection');
    return ref ? this.byId(ctx, ref.id) : null;
  },

  async require(ctx: Context, globalId: string, field: string): Promise<Inspection> {
    const inspection = await this.get(ctx, globalId);
    if (!inspection) throw new AppError('NOT_FOUND', `${field}: no such inspection`, { field });
    return inspection;
  },

  async list(ctx: Context, filter: InspectionFilter | undefined, page: PageArgs) {
    const view = await inspectionView(ctx);
    const qb = ctx.db.getRepository(Inspection).createQueryBuilder('i');
    qb.where(inspectionCondition(qb, 'i', view));
    if (filter?.unitId) whereUnitFilter(qb, 'i', await orgUnitService.get(ctx, filter.unitId), filter.subtree ?? true);
    if (filter?.targetUnitId) {
      // Through the targets the viewer sees: a round does not tell who else it inspects.
      const targets = ctx.db.getRepository(InspectionTarget).createQueryBuilder('ft').select('ft.inspectionId');
      targets.where('ft.unitId = :targetUnitId', { targetUnitId: decodeId(filter.targetUnitId, 'OrgUnit')?.id ?? 0 })
        .andWhere(targetCondition(targets, 'ft', view));
      qb.andWhere(`i.id IN (${targets.getQuery()})`, targets.getParameters());
    }
    if (filter?.year) qb.andWhere('i.year = :year', { year: filter.year });
    if (filter?.status) qb.andWhere('i.status = :status', { status: filter.status });
    if (filter?.mode) qb.andWhere('i.mode = :mode', { mode: filter.mode });
    const connection = await paginate(qb, page, [
      { column: 'i.startsOn', value: (i) => i.startsOn, descending: true },
      { column: 'i.id', value: (i) => i.id, descending: true },
    ]);
    for (const { node } of connection.edges) ctx.loaders.inspectionById.prime(node.id, node);
    return connection;
  },

  /** A target by id, through the same condition as the lists. */
  async targetById(ctx: Context, id: number): Promise<InspectionTarget | null> {
    const view = await inspectionView(ctx);
    const qb = ctx.db.getRepository(InspectionTarget).createQueryBuilder('t');
    return qb.where(targetCondition(qb, 't', view)).andWhere('t.id = :id', { id }).getOne();
  },

  async requireTarget(ctx: Context, globalId: string, field = 'targetId'): Promise<InspectionTarget> {
    const ref = decodeId(globalId, 'InspectionTarget');
    const target = ref && (await this.targetById(ctx, ref.id));
    if (!target) throw new AppError('NOT_FOUND', `${field}: no such inspection target`, { field });
    return target;
  },

  async groupById(ctx: Context, id: number): Promise<InspectionGroup | null> {
    const group = await ctx.loaders.inspectionGroupById.load(id);
    return group && (await seesGroup(ctx, group)) ? group : null;
  },

  async memberById(ctx: Context, id: number): Promise<InspectionMember | null> {
    const member = await ctx.db.getRepository(InspectionMember).findOneBy({ id });
    return member && (await this.groupById(ctx, member.groupId)) ? member : null;
  },

  async suggestionById(ctx: Context, id: number): Promise<InspectionSuggestion | null> {
    const suggestion = await ctx.db.getRepository(InspectionSuggestion).findOneBy({ id });
    const target = suggestion && (await ctx.loaders.inspectionTargetById.load(suggestion.targetId));
    return suggestion && target && (await seesTarget(ctx, target)) ? suggestion : null;
  },

  /** A visible round for a keeper's write, with the inspecting unit. */
  async forKeeper(ctx: Context, inspection: Inspection): Promise<OrgUnit> {
    const unit = (await ctx.loaders.unitById.load(inspection.unitId))!;
    if (!holdsPostAt(ctx.viewer, unit.id, KEEPER_ROLES)) throw forbidden(`Only the OFFICE or SECRETARY of ${unit.name} keep its inspections`);
    return unit;
  },

  async create(ctx: Context, input: CreateInspectionInput): Promise<Inspection> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    if (!holdsPostAt(ctx.viewer, unit.id, KEEPER_ROLES)) throw forbidden(`Only the OFFICE or SECRETARY of ${unit.name} keep its inspections`);
    if (unit.level === UnitLevel.COMMUNITY || unit.level === UnitLevel.GRID) {
      throw badInput(`A ${unit.level} has no units below it to inspect`, 'unitId');
    }
    if (!isCalendarDay(input.startsOn)) throw badInput('startsOn is not a calendar day', 'startsOn');
    if (!isCalendarDay(input.endsOn)) throw badInput('endsOn is not a calendar day', 'endsOn');
    if (input.endsOn < input.startsOn) throw badInput('endsOn must not be before startsOn', 'endsOn');
    return ctx.db.transaction(async (em) => {
      // Rounds are numbered per unit and year: the unit's row serialises numbering.
      await lockById(em, OrgUnit, unit.id);
      let round = input.round;
      if (round !== undefined && round !== null) {
        if (await em.existsBy(Inspection, { cityId: unit.cityId, unitId: unit.id, year: input.year, round })) {
          throw new AppError('CONFLICT', `${unit.name} already has round ${round} of ${input.year}`);
        }
      } else {
        const raw = await em.getRepository(Inspection).createQueryBuilder('i').select('MAX(i.round)', 'max')
          .where('i.cityId = :cityId AND i.unitId = :unitId AND i.year = :year', { cityId: unit.cityId, unitId: unit.id, year: input.year }).getRawOne<{ max: number | null }>();
        round = Number(raw?.max ?? 0) + 1;
      }
      const { identifiers } = await em.insert(Inspection, {
        cityId: unit.cityId, unitId: unit.id, year: input.year, round, mode: input.mode, title: input.title.trim(),
        startsOn: input.startsOn, endsOn: input.endsOn, status: InspectionStatus.PLANNED,
        createdByOfficialId: ctx.viewer!.officialId, createdAt: now(),
      });
      const inspection = await em.findOneByOrFail(Inspection, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, { operation: 'createInspection', recordType: 'Inspection', recordId: inspection.id, unit, after: snapshot(inspection) });
      return inspection;
    });
  },

  /**
   * One step of the life cycle, compare-and-set on the status. Entering IN_PROGRESS needs
   * a target; RECTIFICATION needs the dual feedback of every target; CLOSED needs every
   * rectification item of the round's findings closed.
   */
  async advance(ctx: Context, globalId: string, to: InspectionStatus): Promise<Inspection> {
    const inspection = await this.require(ctx, globalId, 'id');
    const unit = await this.forKeeper(ctx, inspection);
    return ctx.db.transaction(async (em) => {
      const locked = (await lockById(em, Inspection, inspection.id))!;
      if (NEXT[locked.status] !== to) {
        throw new AppError('CONFLICT', NEXT[locked.status]
          ? `The round is ${locked.status}; it moves to ${NEXT[locked.status]} next, not to ${to}`
          : 'The round is closed');
      }
      const targets = await em.findBy(InspectionTarget, { cityId: inspection.cityId, inspectionId: inspection.id });
      if (to === InspectionStatus.IN_PROGRESS && !targets.length) throw new AppError('CONFLICT', 'Add the units to inspect first');
      if (to === InspectionStatus.RECTIFICATION && targets.some((t) => !t.feedbackToCommitteeAt || !t.feedbackToPrincipalAt)) {
        throw new AppError('CONFLICT', 'Every target needs its feedback to both the committee and the principal (双反馈) first');
      }
      if (to === InspectionStatus.CLOSED) {
        const open = await em.getRepository(RectificationItem).createQueryBuilder('r')
          .where('r.cityId = :cityId AND r.status = :open AND r.problemId IN (SELECT p.id FROM problem p WHERE p.cityId = :cityId AND p.inspectionId = :id)',
            { cityId: inspection.cityId, open: RectificationStatus.OPEN, id: inspection.id })
          .getCount();
        if (open) throw new AppError('CONFLICT', `${open} rectification item(s) of this round are still open`);
        // Every finding needs a rectification item, unless OFFICE waived the rest with a reason.
        const bare = await findingsWithoutItems(em, inspection);
        if (bare && locked.waivedAt === null) {
          throw new AppError('CONFLICT', `${bare} finding(s) of this round have no rectification item: list their items, or the OFFICE waives them with a reason (waiveInspectionFindings)`,
            { reason: 'findingsWithoutItems', findingsWithoutItems: bare });
        }
      }
      const moved = await em.createQueryBuilder().update(Inspection).set({ status: to })
        .where('id = :id AND status = :from', { id: inspection.id, from: locked.status }).execute();
      if (!moved.affected) throw new AppError('CONFLICT', 'The round changed meanwhile; read it again');
      await recordAudit(em, ctx, {
        operation: 'advanceInspection', recordType: 'Inspection', recordId: inspection.id, unit,
        before: { status: locked.status }, after: { status: to },
      });
      return em.findOneByOrFail(Inspection, { id: inspection.id });
    });
  },

  async addGroup(ctx: Context, input: AddInspectionGroupInput): Promise<InspectionGroup> {
    const inspection = await this.require(ctx, input.inspectionId, 'inspectionId');
    const unit = await this.forKeeper(ctx, inspection);
    const name = input.name.trim();
    return ctx.db.transaction(async (em) => {
      const locked = (await lockById(em, Inspection, inspection.id))!;
      if (locked.status === InspectionStatus.CLOSED) throw new AppError('CONFLICT', 'The round is closed');
      if (await em.existsBy(InspectionGroup, { cityId: inspection.cityId, inspectionId: inspection.id, name })) {
        throw new AppError('CONFLICT', `The round already has a group named ${name}`);
      }
      const { identifiers } = await em.insert(InspectionGroup, { cityId: inspection.cityId, inspectionId: inspection.id, name });
      const id = Number(identifiers[0].id);
      await recordAudit(em, ctx, { operation: 'addInspectionGroup', recordType: 'InspectionGroup', recordId: id, unit, after: { inspectionId: inspection.id, name } });
      return em.findOneByOrFail(InspectionGroup, { id });
    });
  },

  /** A visible group of a round for a keeper's write. */
  async groupForKeeper(ctx: Context, globalId: string, field: string) {
    const ref = decodeId(globalId, 'InspectionGroup');
    const group = ref && (await this.groupById(ctx, ref.id));
    if (!group) throw new AppError('NOT_FOUND', `${field}: no such inspection group`, { field });
    const inspection = (await ctx.loaders.inspectionById.load(group.inspectionId))!;
    return { group, inspection, unit: await this.forKeeper(ctx, inspection) };
  },

  /**
   * A member: a current INSPECTOR post at the inspecting unit or below it (the talent pool),
   * with access from `since` to `until`. The same post twice in a group needs periods that do not overlap.
   */
  async addMember(ctx: Context, input: AddInspectionMemberInput): Promise<InspectionMember> {
    const { group, inspection, unit } = await this.groupForKeeper(ctx, input.groupId, 'groupId');
    const postRef = decodeId(input.postId, 'Post');
    const post = postRef && (await ctx.loaders.postById.load(postRef.id));
    if (!post) throw new AppError('NOT_FOUND', 'postId: no such post', { field: 'postId' });
    const day = today();
    const postUnit = (await ctx.loaders.unitById.load(post.unitId))!;
    if (post.role !== PostRole.INSPECTOR || !isUnder(postUnit.path, unit.path) || !inPeriod(post, day)) {
      throw badInput(`The member must hold a current INSPECTOR post at ${unit.name} or below it`, 'postId');
    }
    const since = input.since ?? day;
    const until = input.until ?? null;
    if (!isCalendarDay(since)) throw badInput('since is not a calendar day', 'since');
    if (until !== null && !isCalendarDay(until)) throw badInput('until is not a calendar day', 'until');
    if (until !== null && until < since) throw badInput('until must not be before since', 'until');
    return ctx.db.transaction(async (em) => {
      const locked = (await lockById(em, Inspection, inspection.id))!;
      if (locked.status === InspectionStatus.CLOSED) throw new AppError('CONFLICT', 'The round is closed');
      const overlapping = await em.getRepository(InspectionMember).createQueryBuilder('m')
        .where('m.cityId = :cityId AND m.groupId = :groupId AND m.postId = :postId', { cityId: inspection.cityId, groupId: group.id, postId: post.id })
        .andWhere('(m.until IS NULL OR m.until >= :since)', { since })
        .andWhere(until === null ? '1 = 1' : 'm.since <= :until', { until })
        .getCount();
      if (overlapping) throw new AppError('CONFLICT', 'This post is already a member of the group for part of that period');
      const { identifiers } = await em.insert(InspectionMember, { cityId: inspection.cityId, groupId: group.id, postId: post.id, since, until });
      const id = Number(identifiers[0].id);
      await recordAudit(em, ctx, {
        operation: 'addInspectionMember', recordType: 'InspectionMember', recordId: id, unit, after: { groupId: group.id, postId: post.id, since, until },
      });
      return em.findOneByOrFail(InspectionMember, { id });
    });
  },

  /**
   * Ends a membership: `until` is the last day of access (inclusive); yesterday by default,
   * so access ends at once. A membership can only be shortened.
   */
  async endMember(ctx: Context, globalId: string, until: string | undefined): Promise<InspectionMember> {
    const ref = decodeId(globalId, 'InspectionMember');
    const member = ref && (await this.memberById(ctx, ref.id));
    if (!member) throw new AppError('NOT_FOUND', 'id: no such membership', { field: 'id' });
    const inspection = (await ctx.loaders.inspectionById.load((await ctx.loaders.inspectionGroupById.load(member.groupId))!.inspectionId))!;
    const unit = await this.forKeeper(ctx, inspection);
    const last = until ?? addDays(today(), -1);
    if (!isCalendarDay(last)) throw badInput('until is not a calendar day', 'until');
    if (last < addDays(member.since, -1)) throw badInput('until must not be more than a day before since', 'until');
    return ctx.db.transaction(async (em) => {
      const locked = (await lockById(em, InspectionMember, member.id))!;
      if (locked.until !== null && locked.until <= last) throw new AppError('CONFLICT', `This membership already ends on ${locked.until}`);
      const changed = await em.createQueryBuilder().update(InspectionMember).set({ until: last })
        .where(locked.until === null ? 'id = :id AND until IS NULL' : 'id = :id AND until = :before', { id: member.id, before: locked.until })
        .execute();
      if (!changed.affected) throw new AppError('CONFLICT', 'The membership changed meanwhile; read it again');
      await recordAudit(em, ctx, {
        operation: 'endInspectionMember', recordType: 'InspectionMember', recordId: member.id, unit,
        before: { until: locked.until }, after: { until: last },
      });
      return em.findOneByOrFail(InspectionMember, { id: member.id });
    });
  },

  /** A target: a unit strictly below the inspecting unit, not a grid, once per round, inspected by one of its groups. */
  async addTarget(ctx: Context, input: AddInspectionTargetInput): Promise<InspectionTarget> {
    const inspection = await this.require(ctx, input.inspectionId, 'inspectionId');
    const unit = await this.forKeeper(ctx, inspection);
    const target = await orgUnitService.require(ctx, input.unitId, 'unitId');
    if (target.id === unit.id || !isUnder(target.path, unit.path) || !COVERED_LEVELS.includes(target.level)) {
      throw badInput(`A target must be a unit below ${unit.name} (not a grid)`, 'unitId');
    }
    const groupRef = decodeId(input.groupId, 'InspectionGroup');
    const group = groupRef && (await ctx.loaders.inspectionGroupById.load(groupRef.id));
    if (!group || group.inspectionId !== inspection.id) throw badInput('groupId must be a group of this round', 'groupId');
    return ctx.db.transaction(async (em) => {
      const locked = (await lockById(em, Inspection, inspection.id))!;
      if (!TARGETING.includes(locked.status)) throw new AppError('CONFLICT', `The round is ${locked.status}; targets are added while PLANNED or IN_PROGRESS`);
      if (await em.existsBy(InspectionTarget, { cityId: inspection.cityId, inspectionId: inspection.id, unitId: target.id })) {
        throw new AppError('CONFLICT', `${target.name} is already a target of this round`);
      }
      const { identifiers } = await em.insert(InspectionTarget, {
        cityId: inspection.cityId, inspectionId: inspection.id, groupId: group.id, unitId: target.id,
        feedback: null, feedbackToCommitteeAt: null, feedbackToPrincipalAt: null,
      });
      const id = Number(identifiers[0].id);
      await recordAudit(em, ctx, {
        operation: 'addInspectionTarget', recordType: 'InspectionTarget', recordId: id, unit: target,
        after: { inspectionId: inspection.id, unitId: target.id, groupId: group.id },
      });
      return em.findOneByOrFail(InspectionTarget, { id });
    });
  },

  /**
   * 双反馈: the inspecting unit's OFFICE records the feedback to the target's committee and
   * to its principal, once each, while the round is in FEEDBACK; the text is given the first time.
   */
  async recordFeedback(ctx: Context, input: RecordInspectionFeedbackInput): Promise<InspectionTarget> {
    const target = await this.requireTarget(ctx, input.targetId);
    const inspection = (await ctx.loaders.inspectionById.load(target.inspectionId))!;
    const unit = (await ctx.loaders.unitById.load(inspection.unitId))!;
    if (!GIVES_FEEDBACK.allows(ctx.viewer, inspection)) throw forbidden(`Only the OFFICE of ${unit.name} records its inspections' feedback`);
    const targetUnit = (await ctx.loaders.unitById.load(target.unitId))!;
    const column = input.recipient === FeedbackRecipient.COMMITTEE ? 'feedbackToCommitteeAt' : 'feedbackToPrincipalAt';
    const text = input.feedback?.trim() ?? null;
    return ctx.db.transaction(async (em) => {
      const round = (await lockById(em, Inspection, inspection.id))!;
      if (round.status !== InspectionStatus.FEEDBACK) throw new AppError('CONFLICT', `The round is ${round.status}; feedback is recorded in FEEDBACK`);
      const locked = (await lockById(em, InspectionTarget, target.id))!;
      if (locked[column]) throw new AppError('CONFLICT', `The feedback to the ${input.recipient.toLowerCase()} is already recorded`);
      if (!locked.feedback && !text) throw badInput('Give the feedback text the first time', 'feedback');
      if (locked.feedback && text && text !== locked.feedback) {
        throw new AppError('CONFLICT', 'Both recipients receive the same feedback; leave the text out');
      }
      const changed = await em.createQueryBuilder().update(InspectionTarget)
        .set({ [column]: now(), feedback: locked.feedback ?? text })
        .where(`id = :id AND ${column} IS NULL`, { id: target.id }).execute();
      if (!changed.affected) throw new AppError('CONFLICT', 'The target changed meanwhile; read it again');
      await recordAudit(em, ctx, {
        operation: 'recordInspectionFeedback', recordType: 'InspectionTarget', recordId: target.id, unit: targetUnit,
        after: { recipient: input.recipient, text: !locked.feedback },
      });
      return em.findOneByOrFail(InspectionTarget, { id: target.id });
    });
  },

  /** A visible target the viewer is assigned to today, while the round records findings. */
  async forInspector(ctx: Context, globalId: string): Promise<{ target: InspectionTarget; inspection: Inspection; unit: OrgUnit }> {
    const target = await this.requireTarget(ctx, globalId);
    if (!(await assignedTargets(ctx)).some((a) => a.targetId === target.id)) {
      throw forbidden('Only the inspectors assigned to this target record its findings and suggestions');
    }
    const inspection = (await ctx.loaders.inspectionById.load(target.inspectionId))!;
    return { target, inspection, unit: (await ctx.loaders.unitById.load(target.unitId))! };
  },

  /** Locks the round and checks that findings and suggestions may be recorded now. */
  async lockRecording(em: EntityManager, inspection: Inspection): Promise<void> {
    const round = (await lockById(em, Inspection, inspection.id))!;
    if (!RECORDING.includes(round.status)) {
      throw new AppError('CONFLICT', `The round is ${round.status}; findings and suggestions are recorded IN_PROGRESS or in FEEDBACK`);
    }
  },

  async addSuggestion(ctx: Context, input: AddInspectionSuggestionInput): Promise<InspectionSuggestion> {
    const { target, inspection, unit } = await this.forInspector(ctx, input.targetId);
    return ctx.db.transaction(async (em) => {
      await this.lockRecording(em, inspection);
      const { identifiers } = await em.insert(InspectionSuggestion, {
        cityId: target.cityId, targetId: target.id, text: input.text.trim(), createdByOfficialId: ctx.viewer!.officialId, createdAt: now(),
      });
      const id = Number(identifiers[0].id);
      await recordAudit(em, ctx, { operation: 'addInspectionSuggestion', recordType: 'InspectionSuggestion', recordId: id, unit, after: { targetId: target.id } });
      return em.findOneByOrFail(InspectionSuggestion, { id });
    });
  },

  /**
   * Coverage of a subtree in a cycle: the units strictly below the unit, down to communities
   * (grids are inspected with their community), and how many were the target of a round that
   * started between `since` and today. One grouped statement with COUNT DISTINCT over the path range.
   * Posts in scope and ANALYST in scope (figures; unit names are directory information).
   */
  async coverage(ctx: Context, unitId: string, since: string | undefined): Promise<Coverage> {
    const unit = await orgUnitService.require(ctx, unitId, 'unitId');
    if (!inScope(ctx.viewer, unit.path, [...INSPECTION_READERS, PostRole.ANALYST])) {
      throw forbidden(`Your posts do not cover ${unit.name}`);
    }
    const day = today();
    const start = since ?? defaultCycleStart(day);
    if (!isCalendarDay(start)) throw badInput('since is not a calendar day', 'since');
    if (start > day) throw badInput('since must not be in the future', 'since');
    const rows = await this.coverageBase(ctx, unit)
      // A target is in its unit's city (a unit below the inspecting one).
      .leftJoin('inspection_target', 'ct', `ct.cityId = u.cityId AND ct.unitId = u.id AND ct.inspectionId IN (
        SELECT ci.id FROM inspection ci WHERE ci.cityId = :cityId AND ci.startsOn >= :since AND ci.startsOn <= :day)`, { since: start, day })
      .select('u.level', 'level')
      .addSelect('u.kind', 'kind')
      .addSelect('COUNT(DISTINCT u.id)', 'total')
      .addSelect('COUNT(DISTINCT ct.unitId)', 'covered')
      .groupBy('u.level')
      .addGroupBy('u.kind')
      .getRawMany<{ level: UnitLevel; kind: UnitKind; total: string | number; covered: string | number }>();
    // Each unit is in exactly one (level, kind) group, so the sums per tier and per kind are exact.
    const sum = <K extends 'level' | 'kind'>(key: K, value: CoverageRow[K]) => {
      const of = rows.filter((r) => r[key] === value);
      return { total: of.reduce((n, r) => n + Number(r.total), 0), covered: of.reduce((n, r) => n + Number(r.covered), 0) };
    };
    const levels = COVERED_LEVELS.map((level) => ({ level, ...sum('level', level) })).filter((l) => l.total > 0);
    const kinds = Object.values(UnitKind).map((kind) => ({ kind, ...sum('kind', kind) })).filter((k) => k.total > 0);
    const total = levels.reduce((n, l) => n + l.total, 0);
    const covered = levels.reduce((n, l) => n + l.covered, 0);
    return { unit, since: start, total, covered, share: total ? covered / total : null, levels, kinds };
  },

  /** The units coverage counts: open, strictly below the unit, in the same city, not grids. */
  coverageBase(ctx: Context, unit: OrgUnit) {
    return ctx.db.getRepository(OrgUnit).createQueryBuilder('u')
      .where('u.cityId = :cityId AND u.path > :from AND u.path < :to AND u.level IN (:...levels) AND u.closedOn IS NULL',
        { cityId: unit.cityId, from: unit.path, to: subtreeEnd(unit.path), levels: COVERED_LEVELS });
  },

  /** The units of the coverage not inspected in the cycle, in tree order. */
  uncovered(ctx: Context, coverage: Coverage, page: PageArgs, kind?: UnitKind) {
    const qb = this.coverageBase(ctx, coverage.unit);
    if (kind) qb.andWhere('u.kind = :kind', { kind });
    // A target is in its unit's city.
    qb.andWhere(`NOT EXISTS (
      SELECT 1 FROM inspection_target ut INNER JOIN inspection ui ON ui.id = ut.inspectionId
      WHERE ut.cityId = u.cityId AND ut.unitId = u.id AND ui.startsOn >= :since AND ui.startsOn <= :day)`, { since: coverage.since, day: today() });
    return paginate(qb, page, [{ column: 'u.path', value: (u) => u.path }]);
  },
};
