// Reports (述责述廉): the WRITTEN annual report a unit's SECRETARY drafts and submits on
// the year before (due 31 January), and the ORAL hearing the parent's OFFICE schedules,
// where the parent's DISCIPLINE asks questions (询问质询) and the reporting SECRETARY
// answers. Posts in scope read them: the unit's own posts and the tiers above, drafts
// included (the parent follows what is overdue); siblings never.
import { In, IsNull, type SelectQueryBuilder } from 'typeorm';
import { assertInScope, holdsPostAt, RECORD_READERS, scopeRoots, unitInScope, whereUnitFilter } from '../../auth/scope';
import { ANSWERS_QUESTIONS, WRITES_REPORT } from '../../auth/steps';
import { dueWindow, inPeriod, isCalendarDay, now, today } from '../../clock';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import { OrgUnit, Report, ReportQuestion, type Post } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { PostRole, ReportKind } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { hearingService } from '../hearings/hearing.service';
import { orgUnitService } from '../org/org-unit.service';
import type {
  AnswerReportQuestionInput, AskReportQuestionInput, DraftWrittenReportInput, ReportFilter, ScheduleOralReportInput,
} from './reports.inputs';

/** A written report on `year` is due on 31 January of the year after. */
export const writtenDueOn = (year: number): string => `${year + 1}-01-31`;

/** Not submitted and past its due date (WRITTEN only). */
export const isOverdue = (r: Report, day = today()): boolean =>
  r.kind === ReportKind.WRITTEN && r.submittedAt === null && r.dueOn !== null && day > r.dueOn;

/** Submitted on a day after its due date. */
export const isLate = (r: Report): boolean => r.submittedAt !== null && r.dueOn !== null && today(r.submittedAt) > r.dueOn;

const OVERDUE_SQL = '(r.kind = :writtenKind AND r.submittedAt IS NULL AND r.dueOn < :overdueToday)';

const thisYear = (): number => Number(today().slice(0, 4));

const snapshot = (r: Report) => ({
  year: r.year, kind: r.kind, reporterPostId: r.reporterPostId, content: r.content, dueOn: r.dueOn,
  submitted: r.submittedAt !== null, heldOn: r.heldOn,
});

export interface ReportGap {
  unit: OrgUnit;
  /** The unsubmitted draft, if there is one. */
  report: Report | null;
  overdue: boolean;
}

/** The viewer's current SECRETARY post at the unit, who writes its report (auth/steps.ts WRITES_REPORT). */
const secretaryPostAt = (ctx: Context, unitId: number) => (WRITES_REPORT.allows(ctx.viewer, { unitId })
  ? ctx.viewer!.posts.find((p) => p.unitId === unitId && p.role === PostRole.SECRETARY)
  : undefined);

export const reportService = {
  visible(ctx: Context): SelectQueryBuilder<Report> {
    const qb = ctx.db.getRepository(Report).createQueryBuilder('r');
    const scoped = unitInScope(qb, 'r.unitId', scopeRoots(ctx.viewer, RECORD_READERS));
    return qb.andWhere(scoped.sql, scoped.params);
  },

  byId(ctx: Context, id: number): Promise<Report | null> {
    return this.visible(ctx).andWhere('r.id = :id', { id }).getOne();
  },

  async require(ctx: Context, globalId: string, field = 'id'): Promise<Report> {
    const ref = decodeId(globalId, 'Report');
    const found = ref && (await this.byId(ctx, ref.id));
    if (!found) throw new AppError('NOT_FOUND', `${field}: no such report`, { field });
    return found;
  },

  /** A question, when its report is visible. */
  async questionById(ctx: Context, id: number): Promise<ReportQuestion | null> {
    const question = await ctx.db.getRepository(ReportQuestion).findOneBy({ id });
    return question && (await this.byId(ctx, question.reportId)) ? question : null;
  },

  async list(ctx: Context, filter: ReportFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.unitId) whereUnitFilter(qb, 'r', await orgUnitService.get(ctx, filter.unitId), filter.subtree ?? true);
    if (filter?.year) qb.andWhere('r.year = :year', { year: filter.year });
    if (filter?.kind) qb.andWhere('r.kind = :kind', { kind: filter.kind });
    if (filter?.overdue != null) {
      qb.andWhere(filter.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`, { writtenKind: ReportKind.WRITTEN, overdueToday: today() });
    }
    if (filter?.dueWithinDays != null) {
      // A written report not yet submitted, due in the window.
      const { from, to } = dueWindow(filter.dueWithinDays);
      qb.andWhere('r.kind = :dueWritten AND r.submittedAt IS NULL AND r.dueOn >= :dueFrom AND r.dueOn <= :dueTo', { dueWritten: ReportKind.WRITTEN, dueFrom: from, dueTo: to });
    }
    return paginate(qb, page, [{ column: 'r.year', value: (r) => r.year, descending: true }, { column: 'r.id', value: (r) => r.id }]);
  },

  /**
   * The direct subordinates of a unit with no submitted WRITTEN report on the year: three
   * small reads (the unit, its children, their reports of the year), like letter gaps.
   */
  async gaps(ctx: Context, unitId: string, year: number): Promise<ReportGap[]> {
    const unit = await orgUnitService.require(ctx, unitId, 'unitId');
    assertInScope(ctx.viewer, unit, RECORD_READERS);
    const children = await ctx.loaders.childrenByUnitId.load(unit);
    if (!children.length) return [];
    const reports = await ctx.db.getRepository(Report).findBy({
      cityId: unit.cityId, unitId: In(children.map((c) => c.id)), year, kind: ReportKind.WRITTEN,
    });
    const byUnit = new Map(reports.map((r) => [r.unitId, r]));
    const pastDue = today() > writtenDueOn(year);
    return children
      .filter((c) => !byUnit.get(c.id)?.submittedAt)
      .map((c) => ({ unit: c, report: byUnit.get(c.id) ?? null, overdue: pastDue }));
  },

  /** The unit's SECRETARY drafts the written report on a year that has ended. */
  async draftWritten(ctx: Context, input: DraftWrittenReportInput): Promise<Report> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    const post = secretaryPostAt(ctx, unit.id);
    if (!post) throw forbidden(`Only the SECRETARY of ${unit.name} writes its annual report`);
    if (input.year >= thisYear()) throw badInput(`The written report on ${input.year} is written once the year has ended`, 'year');
    return ctx.db.transaction(async (em) => {
      // Serialises two drafts of the same unit (one written report per year).
      await lockById(em, OrgUnit, unit.id);
      if (await em.existsBy(Report, { cityId: unit.cityId, unitId: unit.id, year: input.year, kind: ReportKind.WRITTEN })) {
        throw new AppError('CONFLICT', `${unit.name} already has a written report on ${input.year}`);
      }
      const { identifiers } = await em.insert(Report, {
        cityId: unit.cityId, unitId: unit.id, year: input.year, kind: ReportKind.WRITTEN, reporterPostId: post.id,
        content: input.content.trim(), dueOn: writtenDueOn(input.year), submittedAt: null, heldOn: null, createdAt: now(),
      });
      const report = await em.findOneByOrFail(Report, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, { operation: 'draftWrittenReport', recordType: 'Report', recordId: report.id, unit, after: snapshot(report) });
      return report;
    });
  },

  /**
   * A new text: of a WRITTEN draft by the unit's SECRETARY (until submitted), of an ORAL
   * report by its reporter (until the day of the hearing).
   */
  async updateContent(ctx: Context, globalId: string, content: string): Promise<Report> {
    const report = await this.require(ctx, globalId);
    const unit = (await ctx.loaders.unitById.load(report.unitId))!;
    const written = report.kind === ReportKind.WRITTEN;
    const allowed = written ? !!secretaryPostAt(ctx, unit.id) : !!ctx.viewer?.posts.some((p) => p.id === report.reporterPostId);
    if (!allowed) throw forbidden(written ? `Only the SECRETARY of ${unit.name} writes its annual report` : 'Only the reporter writes an oral report');
    return ctx.db.transaction(async (em) => {
      const before = (await lockById(em, Report, report.id))!;
      if (written && before.submittedAt) throw new AppError('CONFLICT', 'This report has been submitted and can no longer change');
      if (!written && before.heldOn! < today()) throw new AppError('CONFLICT', 'The hearing is over; the report can no longer change');
      await em.update(Report, { id: report.id }, { content: content.trim() });
      const after = await em.findOneByOrFail(Report, { id: report.id });
      await recordAudit(em, ctx, { operation: 'updateReportContent', recordType: 'Report', recordId: report.id, unit, before: snapshot(before), after: snapshot(after) });
      return after;
    });
  },

  /** The unit's SECRETARY submits the draft, once, at the server's time (late if after the due date). */
  async submitWritten(ctx: Context, globalId: string): Promise<Report> {
    const report = await this.require(ctx, globalId);
    const unit = (await ctx.loaders.unitById.load(report.unitId))!;
    const post = secretaryPostAt(ctx, unit.id);
    if (!post) throw forbidden(`Only the SECRETARY of ${unit.name} submits its annual report`);
    if (report.kind !== ReportKind.WRITTEN) throw badInput('Only a written report is submitted', 'id');
    return ctx.db.transaction(async (em) => {
      const submitted = await em.createQueryBuilder().update(Report)
        .set({ submittedAt: now(), reporterPostId: post.id })
        .where('id = :id AND submittedAt IS NULL', { id: report.id }).execute();
      if (!submitted.affected) throw new AppError('CONFLICT', 'This report is already submitted');
      const after = await em.findOneByOrFail(Report, { id: report.id });
      await recordAudit(em, ctx, { operation: 'submitWrittenReport', recordType: 'Report', recordId: report.id, unit, before: snapshot(report), after: snapshot(after) });
      return after;
    });
  },

  /** The parent's OFFICE schedules a subordinate unit's oral report (one a year). */
  async scheduleOral(ctx: Context, input: ScheduleOralReportInput): Promise<Report> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    if (unit.parentId === null) throw badInput(`${unit.name} has no tier above to report to`, 'unitId');
    const parent = (await ctx.loaders.unitById.load(unit.parentId))!;
    if (!holdsPostAt(ctx.viewer, parent.id, [PostRole.OFFICE])) throw forbidden(`Only the OFFICE of ${parent.name} schedules the oral reports of its subordinate units`);
    if (!isCalendarDay(input.heldOn)) throw badInput('heldOn is not a calendar day', 'heldOn');
    if (input.year > thisYear()) throw badInput(`${input.year} has not begun`, 'year');
    const reporter = await this.reporterPost(ctx, unit, input.reporterPostId);
    return ctx.db.transaction(async (em) => {
      await lockById(em, OrgUnit, unit.id);
      // One oral report of its own a year; parts of hearings are not counted.
      if (await em.existsBy(Report, { cityId: unit.cityId, unitId: unit.id, year: input.year, kind: ReportKind.ORAL, hearingId: IsNull() })) {
        throw new AppError('CONFLICT', `${unit.name} already has an oral report on ${input.year}`);
      }
      const { identifiers } = await em.insert(Report, {
        cityId: unit.cityId, unitId: unit.id, year: input.year, kind: ReportKind.ORAL, reporterPostId: reporter.id,
        content: input.content.trim(), dueOn: null, submittedAt: null, heldOn: input.heldOn, createdAt: now(),
      });
      const report = await em.findOneByOrFail(Report, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, { operation: 'scheduleOralReport', recordType: 'Report', recordId: report.id, unit, after: snapshot(report) });
      return report;
    });
  },

  /** The given post, or the unit's SECRETARY: a current SECRETARY post of the unit. */
  async reporterPost(ctx: Context, unit: OrgUnit, globalId: string | undefined): Promise<Post> {
    const day = today();
    if (globalId === undefined || globalId === null) {
      const post = (await ctx.loaders.currentPostsByUnitId.load(unit)).find((p) => p.role === PostRole.SECRETARY);
      if (!post) throw badInput(`${unit.name} has no SECRETARY today: name the reporter`, 'reporterPostId');
      return post;
    }
    const ref = decodeId(globalId, 'Post');
    const post = ref && (await ctx.loaders.postById.load(ref.id));
    if (!post) throw new AppError('NOT_FOUND', 'reporterPostId: no such post', { field: 'reporterPostId' });
    if (post.unitId !== unit.id || post.role !== PostRole.SECRETARY || !inPeriod(post, day)) {
      throw badInput(`The reporter must hold a current SECRETARY post of ${unit.name}`, 'reporterPostId');
    }
    return post;
  },

  /**
   * 询问质询: on an oral report of its own, the parent's DISCIPLINE at or after its day; on a
   * hearing part, the hearing unit's DISCIPLINE and members while the hearing is HELD.
   */
  async ask(ctx: Context, input: AskReportQuestionInput): Promise<ReportQuestion> {
    const report = await this.require(ctx, input.reportId, 'reportId');
    const unit = report.hearingId !== null ? await hearingService.checkQuestion(ctx, report) : await this.checkOralQuestion(ctx, report);
    return ctx.db.transaction(async (em) => {
      if (report.hearingId !== null) await hearingService.lockHeld(em, report.hearingId);
      const { identifiers } = await em.insert(ReportQuestion, {
        cityId: report.cityId, reportId: report.id, askedByOfficialId: ctx.viewer!.officialId, question: input.question.trim(),
        answer: null, askedAt: now(), answeredAt: null,
      });
      const question = await em.findOneByOrFail(ReportQuestion, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, {
        operation: 'askReportQuestion', recordType: 'ReportQuestion', recordId: question.id, unit, after: { reportId: report.id, question: question.question },
      });
      return question;
    });
  },

  /** An oral report of its own: the parent's DISCIPLINE asks, at or after its day; returns the report's unit. */
  async checkOralQuestion(ctx: Context, report: Report): Promise<OrgUnit> {
    const unit = (await ctx.loaders.unitById.load(report.unitId))!;
    const parent = unit.parentId === null ? null : await ctx.loaders.unitById.load(unit.parentId);
    if (!parent || !holdsPostAt(ctx.viewer, parent.id, [PostRole.DISCIPLINE])) {
      throw forbidden(`Only the DISCIPLINE of ${parent?.name ?? 'the tier above'} questions the reports of ${unit.name}`);
    }
    if (report.kind !== ReportKind.ORAL) throw badInput('Questions are asked at oral reports', 'reportId');
    if (report.heldOn! > today()) throw new AppError('CONFLICT', `The hearing is on ${report.heldOn}; ask then`);
    return unit;
  },

  /** The reporter answers a question, once (on a hearing part, until the hearing is closed). */
  async answer(ctx: Context, input: AnswerReportQuestionInput): Promise<ReportQuestion> {
    const ref = decodeId(input.questionId, 'ReportQuestion');
    const question = ref && (await this.questionById(ctx, ref.id));
    if (!question) throw new AppError('NOT_FOUND', 'questionId: no such question', { field: 'questionId' });
    const report = (await ctx.loaders.reportById.load(question.reportId))!;
    const unit = (await ctx.loaders.unitById.load(report.unitId))!;
    if (!ANSWERS_QUESTIONS.allows(ctx.viewer, report)) throw forbidden('Only the reporter answers the questions of an oral report');
    if (report.hearingId !== null) await hearingService.checkAnswer(ctx, report);
    return ctx.db.transaction(async (em) => {
      const answered = await em.createQueryBuilder().update(ReportQuestion)
        .set({ answer: input.answer.trim(), answeredAt: now() })
        .where('id = :id AND answer IS NULL', { id: question.id }).execute();
      if (!answered.affected) throw new AppError('CONFLICT', 'This question is already answered');
      await recordAudit(em, ctx, {
        operation: 'answerReportQuestion', recordType: 'ReportQuestion', recordId: question.id, unit,
        before: { answered: false }, after: { answered: true, answer: input.answer.trim() },
      });
      return em.findOneByOrFail(ReportQuestion, { id: question.id });
    });
  },
};
