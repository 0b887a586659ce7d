// 述责述廉 会议 (seed 004): a session at a unit where many reporters give account: the unit's
// team members and the principals of the units directly below it. The unit's OFFICE or
// DISCIPLINE schedules it and adds reporters (each part an ORAL report: the report model,
// its questions and answers), marks it held on or after its day, and closes it once every
// part is evaluated; its DISCIPLINE and members question the reporters (askReportQuestion),
// who answer (answerReportQuestion); its DISCIPLINE records each part's evaluation (测评).
// Read by posts in scope of the hearing's unit; a part is read like any report (by posts
// in scope of the reporter's unit), so a reporter from below reads their own part.
import { IsNull, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { readsUnitRecords } from '../../auth/rules';
import { RECORD_READERS, scopeRoots, unitInScope, whereUnitFilter } from '../../auth/scope';
import { EVALUATES_AT_HEARING, ORGANISES_HEARING, QUESTIONS_AT_HEARING } from '../../auth/steps';
import { inPeriod, isCalendarDay, now, today } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import { Hearing, Report, type OrgUnit, type Post } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { HearingStatus, PostRole, ReportKind } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import type { AddHearingReporterInput, EvaluateHearingReporterInput, HearingFilter, ScheduleHearingInput } from './hearing.inputs';

const NEWEST = [
  { column: 'h.heldOn', value: (h: Hearing) => h.heldOn, descending: true },
  { column: 'h.id', value: (h: Hearing) => h.id, descending: true },
];

const snapshot = (h: Hearing) => ({ unitId: h.unitId, year: h.year, heldOn: h.heldOn, title: h.title, status: h.status });

/** The hearing locked for a step that needs it in `status`; CONFLICT otherwise. */
async function lockIn(em: EntityManager, hearing: { id: number }, status: HearingStatus, doing: string): Promise<Hearing> {
  const locked = (await lockById(em, Hearing, hearing.id))!;
  if (locked.status !== status) {
    throw new AppError('CONFLICT', `The hearing is ${locked.status}; ${doing} needs it ${status}`, { reason: 'hearingStatus', status: locked.status });
  }
  return locked;
}

export const hearingService = {
  /** Hearings of units in the scope of the viewer's record-reading posts. */
  visible(ctx: Context): SelectQueryBuilder<Hearing> {
    const qb = ctx.db.getRepository(Hearing).createQueryBuilder('h');
    const scoped = unitInScope(qb, 'h.unitId', scopeRoots(ctx.viewer, RECORD_READERS));
    return qb.andWhere(scoped.sql, scoped.params);
  },

  byId(ctx: Context, id: number): Promise<Hearing | null> {
    return this.visible(ctx).andWhere('h.id = :hearingId', { hearingId: id }).getOne();
  },

  async require(ctx: Context, globalId: string, field = 'id'): Promise<Hearing> {
    const ref = decodeId(globalId, 'Hearing');
    const found = ref && (await this.byId(ctx, ref.id));
    if (!found) throw new AppError('NOT_FOUND', `${field}: no such hearing`, { field });
    return found;
  },

  /** A part's hearing as the viewer may see it (Report.hearing): the same rule for a unit at hand. */
  async ofPart(ctx: Context, report: Report): Promise<Hearing | null> {
    if (report.hearingId === null) return null;
    const hearing = await ctx.loaders.hearingById.load(report.hearingId);
    const unit = hearing && (await ctx.loaders.unitById.load(hearing.unitId));
    return unit && readsUnitRecords(ctx.viewer, unit) ? hearing : null;
  },

  /** Newest day first. */
  async list(ctx: Context, filter: HearingFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.unitId) whereUnitFilter(qb, 'h', await orgUnitService.get(ctx, filter.unitId), filter.subtree ?? true);
    if (filter?.year) qb.andWhere('h.year = :hearingYear', { hearingYear: filter.year });
    if (filter?.status) qb.andWhere('h.status = :hearingStatus', { hearingStatus: filter.status });
    return paginate(qb, page, NEWEST);
  },

  async requireOrganiser(ctx: Context, hearing: { unitId: number }): Promise<OrgUnit> {
    const unit = (await ctx.loaders.unitById.load(hearing.unitId))!;
    if (!ORGANISES_HEARING.allows(ctx.viewer, hearing)) throw forbidden(`Only the OFFICE or DISCIPLINE of ${unit.name} organises its hearings`);
    return unit;
  },

  async schedule(ctx: Context, input: ScheduleHearingInput): Promise<Hearing> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    await this.requireOrganiser(ctx, { unitId: unit.id });
    if (!isCalendarDay(input.heldOn)) throw badInput('heldOn is not a calendar day', 'heldOn');
    if (input.heldOn < today()) throw badInput('heldOn is in the past: a hearing is scheduled for today or later', 'heldOn');
    if (input.year > Number(today().slice(0, 4))) throw badInput(`${input.year} has not begun`, 'year');
    return ctx.db.transaction(async (em) => {
      const { identifiers } = await em.insert(Hearing, {
        cityId: unit.cityId, unitId: unit.id, year: input.year, heldOn: input.heldOn, title: input.title.trim(), status: HearingStatus.SCHEDULED,
        createdByOfficialId: ctx.viewer!.officialId, createdAt: now(), heldAt: null, closedAt: null,
      });
      const hearing = await em.findOneByOrFail(Hearing, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, { operation: 'scheduleHearing', recordType: 'Hearing', recordId: hearing.id, unit, after: snapshot(hearing) });
      return hearing;
    });
  },

  /**
   * Who may report at a hearing of `unit`: a current TEAM_MEMBER post of the unit, or the
   * current SECRETARY post (the principal) of a unit directly below it.
   */
  async reporterPost(ctx: Context, unit: OrgUnit, globalId: string): Promise<Post> {
    const ref = decodeId(globalId, 'Post');
    const post = ref && (await ctx.loaders.postById.load(ref.id));
    if (!post) throw new AppError('NOT_FOUND', 'reporterPostId: no such post', { field: 'reporterPostId' });
    const postUnit = (await ctx.loaders.unitById.load(post.unitId))!;
    const member = post.unitId === unit.id && post.role === PostRole.TEAM_MEMBER;
    const principalBelow = postUnit.parentId === unit.id && postUnit.closedOn === null && post.role === PostRole.SECRETARY;
    if (!inPeriod(post, today()) || !(member || principalBelow)) {
      throw badInput(`The reporter must hold a current TEAM_MEMBER post of ${unit.name}, or the SECRETARY post of a unit directly below it`, 'reporterPostId');
    }
    return post;
  },

  /** The organisers add a reporter while the hearing is SCHEDULED: one part per post. */
  async addReporter(ctx: Context, input: AddHearingReporterInput): Promise<Report> {
    const hearing = await this.require(ctx, input.hearingId, 'hearingId');
    const unit = await this.requireOrganiser(ctx, hearing);
    const post = await this.reporterPost(ctx, unit, input.reporterPostId);
    return ctx.db.transaction(async (em) => {
      await lockIn(em, hearing, HearingStatus.SCHEDULED, 'adding a reporter');
      if (await em.existsBy(Report, { cityId: hearing.cityId, hearingId: hearing.id, reporterPostId: post.id })) {
        throw new AppError('CONFLICT', 'This post already reports at this hearing', { field: 'reporterPostId' });
      }
      const { identifiers } = await em.insert(Report, {
        cityId: hearing.cityId, unitId: post.unitId, year: hearing.year, kind: ReportKind.ORAL, reporterPostId: post.id,
        content: input.subject.trim(), dueOn: null, submittedAt: null, heldOn: hearing.heldOn, createdAt: now(), hearingId: hearing.id,
      });
      const part = await em.findOneByOrFail(Report, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, {
        operation: 'addHearingReporter', recordType: 'Report', recordId: part.id, unit,
        after: { hearingId: hearing.id, reporterPostId: post.id, unitId: post.unitId },
      });
      return part;
    });
  },

  /** The organisers mark it held: on or after its day, with at least one reporter. */
  async hold(ctx: Context, globalId: string): Promise<Hearing> {
    const hearing = await this.require(ctx, globalId);
    const unit = await this.requireOrganiser(ctx, hearing);
    if (hearing.heldOn > today()) throw new AppError('CONFLICT', `The hearing is on ${hearing.heldOn}; mark it held then`, { reason: 'notYet' });
    return ctx.db.transaction(async (em) => {
      const before = await lockIn(em, hearing, HearingStatus.SCHEDULED, 'holding it');
      if (!(await em.existsBy(Report, { cityId: hearing.cityId, hearingId: hearing.id }))) {
        throw new AppError('CONFLICT', 'The hearing has no reporter: add one first', { reason: 'noReporters' });
      }
      await em.update(Hearing, { id: hearing.id }, { status: HearingStatus.HELD, heldAt: now() });
      const after = await em.findOneByOrFail(Hearing, { id: hearing.id });
      await recordAudit(em, ctx, { operation: 'holdHearing', recordType: 'Hearing', recordId: hearing.id, unit, before: snapshot(before), after: snapshot(after) });
      return after;
    });
  },

  /** The organisers close it once HELD and every part is evaluated: nothing changes afterwards. */
  async close(ctx: Context, globalId: string): Promise<Hearing> {
    const hearing = await this.require(ctx, globalId);
    const unit = await this.requireOrganiser(ctx, hearing);
    return ctx.db.transaction(async (em) => {
      const before = await lockIn(em, hearing, HearingStatus.HELD, 'closing it');
      const missing = await em.countBy(Report, { cityId: hearing.cityId, hearingId: hearing.id, evaluatedAt: IsNull() });
      if (missing) throw new AppError('CONFLICT', `${missing} reporter(s) not yet evaluated`, { reason: 'notEvaluated', missing });
      await em.update(Hearing, { id: hearing.id }, { status: HearingStatus.CLOSED, closedAt: now() });
      const after = await em.findOneByOrFail(Hearing, { id: hearing.id });
      await recordAudit(em, ctx, { operation: 'closeHearing', recordType: 'Hearing', recordId: hearing.id, unit, before: snapshot(before), after: snapshot(after) });
      return after;
    });
  },

  /** A hearing part and its hearing, when the viewer sees the hearing (its readers read every part). */
  async part(ctx: Context, globalId: string, field: string): Promise<{ part: Report; hearing: Hearing; reporter: Post }> {
    const ref = decodeId(globalId, 'Report');
    const part = ref && (await ctx.db.getRepository(Report).findOneBy({ id: ref.id }));
    const hearing = part?.hearingId ? await this.byId(ctx, part.hearingId) : null;
    if (!part || !hearing) throw new AppError('NOT_FOUND', `${field}: no such hearing part`, { field });
    return { part, hearing, reporter: (await ctx.loaders.postById.load(part.reporterPostId))! };
  },

  /** 测评: the hearing unit's DISCIPLINE records a part's evaluation once, while the hearing is HELD. */
  async evaluate(ctx: Context, input: EvaluateHearingReporterInput): Promise<Report> {
    const { part, hearing, reporter } = await this.part(ctx, input.reportId, 'reportId');
    const unit = (await ctx.loaders.unitById.load(hearing.unitId))!;
    if (!EVALUATES_AT_HEARING.allows(ctx.viewer, { unitId: hearing.unitId, reporterOfficialId: reporter.officialId })) {
      throw forbidden(`Only the DISCIPLINE of ${unit.name} records the evaluation, never of their own part`);
    }
    if (input.satisfied + input.basicallySatisfied + input.unsatisfied === 0) throw badInput('An evaluation counts at least one vote', 'satisfied');
    return ctx.db.transaction(async (em) => {
      await lockIn(em, hearing, HearingStatus.HELD, 'the evaluation');
      const evaluated = await em.createQueryBuilder().update(Report)
        .set({
          satisfiedVotes: input.satisfied, basicallySatisfiedVotes: input.basicallySatisfied, unsatisfiedVotes: input.unsatisfied,
          evaluatedAt: now(), evaluatedByOfficialId: ctx.viewer!.officialId,
        })
        .where('id = :id AND evaluatedAt IS NULL', { id: part.id }).execute();
      if (!evaluated.affected) throw new AppError('CONFLICT', 'This part has already been evaluated', { reason: 'evaluated' });
      await recordAudit(em, ctx, {
        operation: 'evaluateHearingReporter', recordType: 'Report', recordId: part.id, unit,
        after: { hearingId: hearing.id, satisfied: input.satisfied, basicallySatisfied: input.basicallySatisfied, unsatisfied: input.unsatisfied },
      });
      return em.findOneByOrFail(Report, { id: part.id });
    });
  },

  /**
   * 询问质询 on a part (reportService.ask): the hearing unit's DISCIPLINE and members, never
   * the reporter, while the hearing is HELD. Returns the hearing's unit (the audit's unit).
   */
  async checkQuestion(ctx: Context, part: Report): Promise<OrgUnit> {
    const hearing = (await ctx.loaders.hearingById.load(part.hearingId!))!;
    const [unit, reporter] = await Promise.all([ctx.loaders.unitById.load(hearing.unitId), ctx.loaders.postById.load(part.reporterPostId)]);
    if (!QUESTIONS_AT_HEARING.allows(ctx.viewer, { unitId: hearing.unitId, reporterOfficialId: reporter!.officialId })) {
      throw forbidden(`Only the DISCIPLINE and members of ${unit!.name} question its hearing's reporters, never their own part`);
    }
    if (hearing.status !== HearingStatus.HELD) {
      throw new AppError('CONFLICT', `The hearing is ${hearing.status}; questions are asked while it is HELD`, { reason: 'hearingStatus', status: hearing.status });
    }
    return unit!;
  },

  /** In a question's transaction: the part's hearing, locked, is still HELD. */
  async lockHeld(em: EntityManager, hearingId: number): Promise<void> {
    await lockIn(em, { id: hearingId }, HearingStatus.HELD, 'a question');
  },

  /** An answer on a part: not once the hearing is CLOSED (reportService.answer checks the reporter). */
  async checkAnswer(ctx: Context, part: Report): Promise<void> {
    const hearing = (await ctx.loaders.hearingById.load(part.hearingId!))!;
    if (hearing.status === HearingStatus.CLOSED) throw new AppError('CONFLICT', 'The hearing is closed; answers can no longer be given', { reason: 'hearingStatus', status: hearing.status });
  },
};
