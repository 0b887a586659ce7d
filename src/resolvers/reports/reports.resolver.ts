import { MaxLength } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ControlMeasure, Domain, Interview, Official, OrgUnit, Post, Report, ReportQuestion, RiskPoint } from '../../entities';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { NotBlank } from '../../schema/validation';
import { interviewService } from './interview.service';
import { isLate, isOverdue, reportService } from './report.service';
import {
  AddControlMeasureInput, AnswerReportQuestionInput, AskReportQuestionInput, CreateRiskPointInput, DraftWrittenReportInput,
  InterviewFilter, RecordInterviewInput, ReportFilter, RiskPointFilter, ScheduleOralReportInput, UpdateRiskPointInput,
} from './reports.inputs';
import { riskPointService } from './risk-point.service';

const ReportConnection = ConnectionType(Report);
const InterviewConnection = ConnectionType(Interview);
const RiskPointConnection = ConnectionType(RiskPoint);

@ArgsType()
class ReportContentArgs {
  @Field(() => ID, { description: 'Global id of the report' })
  id!: string;

  @Field({ description: '报告内容: the whole new text, at most 50,000 characters' })
  @NotBlank()
  @MaxLength(50000)
  content!: string;
}

@ObjectType({ description: 'A direct subordinate without a submitted written report on the year' })
class ReportGap {
  @Field(() => OrgUnit, { description: 'The direct subordinate unit' })
  unit!: OrgUnit;

  @Field(() => Report, { nullable: true, description: 'The draft, if one was begun' })
  report!: Report | null;

  @Field({ description: 'The due date (31 January of the next year) has passed' })
  overdue!: boolean;
}

@Resolver(() => Report)
export class ReportResolver {
  @Query(() => ReportConnection, { description: '述责述廉 reports of units in your scope, newest year first' })
  reports(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => ReportFilter, { nullable: true, description: 'Every report you see when omitted' }) filter?: ReportFilter,
  ) {
    return reportService.list(ctx, filter, page);
  }

  @Query(() => [ReportGap], { description: 'Direct subordinates of a unit without a submitted written report on the year' })
  reportGaps(
    @Ctx() ctx: Context, @Arg('unitId', () => ID, { description: 'The parent unit, in your scope' }) unitId: string,
    @Arg('year', () => Int, { description: 'The year reported on' }) year: number,
  ) {
    return reportService.gaps(ctx, unitId, year);
  }

  @FieldResolver(() => OrgUnit, { description: 'The reporting unit' })
  unit(@Root() report: Report, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(report.unitId);
  }

  @FieldResolver(() => Post, { description: 'The reporter\'s post: the unit\'s SECRETARY; at a hearing, a team member of its unit or a principal below it' })
  reporter(@Root() report: Report, @Ctx() ctx: Context) {
    return ctx.loaders.postById.load(report.reporterPostId);
  }

  @FieldResolver(() => Boolean, { description: 'WRITTEN, not submitted, and past its due date' })
  overdue(@Root() report: Report): boolean {
    return isOverdue(report);
  }

  @FieldResolver(() => Boolean, { description: 'Submitted after its due date' })
  late(@Root() report: Report): boolean {
    return isLate(report);
  }

  @FieldResolver(() => [ReportQuestion], { description: '询问质询 of an oral report, in the order asked' })
  questions(@Root() report: Report, @Ctx() ctx: Context) {
    return ctx.loaders.questionsByReportId.load(report);
  }

  @Mutation(() => Report, { description: 'The unit\'s SECRETARY: begin the written report on a year that has ended' })
  draftWrittenReport(@Ctx() ctx: Context, @Arg('input', () => DraftWrittenReportInput, { description: 'The unit, year and first text' }) input: DraftWrittenReportInput) {
    return reportService.draftWritten(ctx, input);
  }

  @Mutation(() => Report, { description: 'A new text: a written draft (its unit\'s SECRETARY) or an oral report until its day (the reporter)' })
  updateReportContent(@Ctx() ctx: Context, @Args() { id, content }: ReportContentArgs) {
    return reportService.updateContent(ctx, id, content);
  }

  @Mutation(() => Report, { description: 'The unit\'s SECRETARY: submit the written report (server time; once)' })
  submitWrittenReport(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the written report (not yet submitted)' }) id: string) {
    return reportService.submitWritten(ctx, id);
  }

  @Mutation(() => Report, { description: 'The parent\'s OFFICE: schedule a subordinate unit\'s oral report (述责述廉)' })
  scheduleOralReport(@Ctx() ctx: Context, @Arg('input', () => ScheduleOralReportInput, { description: 'The unit, year, day and subject' }) input: ScheduleOralReportInput) {
    return reportService.scheduleOral(ctx, input);
  }

  @Mutation(() => ReportQuestion, { description: 'The parent\'s DISCIPLINE: ask the reporter a question (询问质询) at or after the hearing' })
  askReportQuestion(@Ctx() ctx: Context, @Arg('input', () => AskReportQuestionInput, { description: 'The report and the question' }) input: AskReportQuestionInput) {
    return reportService.ask(ctx, input);
  }

  @Mutation(() => ReportQuestion, { description: 'The reporter: answer a question, once' })
  answerReportQuestion(@Ctx() ctx: Context, @Arg('input', () => AnswerReportQuestionInput, { description: 'The question and the answer' }) input: AnswerReportQuestionInput) {
    return reportService.answer(ctx, input);
  }
}

@Resolver(() => ReportQuestion)
export class ReportQuestionResolver {
  @FieldResolver(() => Official, { description: 'The DISCIPLINE official who asked' })
  askedBy(@Root() question: ReportQuestion, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(question.askedByOfficialId);
  }
}

@Resolver(() => Interview)
export class InterviewResolver {
  @Query(() => InterviewConnection, { description: '约谈 of units in your scope, and those you were interviewed in; newest first' })
  interviews(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => InterviewFilter, { nullable: true, description: 'Every interview you see when omitted' }) filter?: InterviewFilter,
  ) {
    return interviewService.list(ctx, filter, page);
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit the interview concerns' })
  unit(@Root() interview: Interview, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(interview.unitId);
  }

  @FieldResolver(() => Post, { description: 'The interviewer\'s post' })
  interviewer(@Root() interview: Interview, @Ctx() ctx: Context) {
    return ctx.loaders.postById.load(interview.interviewerPostId);
  }

  @FieldResolver(() => [Official], { description: 'The interviewees' })
  participants(@Root() interview: Interview, @Ctx() ctx: Context) {
    return ctx.loaders.participantsByInterviewId.load(interview.id);
  }

  @Mutation(() => Interview, { description: 'A SECRETARY or DISCIPLINE post of the unit or above: record an interview that was held' })
  recordInterview(@Ctx() ctx: Context, @Arg('input', () => RecordInterviewInput, { description: 'The interview as held' }) input: RecordInterviewInput) {
    return interviewService.record(ctx, input);
  }
}

@Resolver(() => RiskPoint)
export class RiskPointResolver {
  @Query(() => RiskPointConnection, { description: '廉政风险点 of units in your scope' })
  riskPoints(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => RiskPointFilter, { nullable: true, description: 'Every risk point you see when omitted' }) filter?: RiskPointFilter,
  ) {
    return riskPointService.list(ctx, filter, page);
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit with the risk' })
  unit(@Root() point: RiskPoint, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(point.unitId);
  }

  @FieldResolver(() => Domain, { nullable: true, description: '领域; null when not tied to one' })
  domain(@Root() point: RiskPoint, @Ctx() ctx: Context) {
    return point.domainId === null ? null : ctx.loaders.domainById.load(point.domainId);
  }

  @FieldResolver(() => [ControlMeasure], { description: '防控措施, in the order added' })
  measures(@Root() point: RiskPoint, @Ctx() ctx: Context) {
    return ctx.loaders.measuresByRiskPointId.load(point);
  }

  @Mutation(() => RiskPoint, { description: 'The unit\'s OFFICE or SECRETARY: a risk point with its control measures' })
  createRiskPoint(@Ctx() ctx: Context, @Arg('input', () => CreateRiskPointInput, { description: 'The risk point and its measures' }) input: CreateRiskPointInput) {
    return riskPointService.create(ctx, input);
  }

  @Mutation(() => RiskPoint, { description: 'The unit\'s OFFICE or SECRETARY' })
  updateRiskPoint(
    @Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the risk point' }) id: string,
    @Arg('input', () => UpdateRiskPointInput, { description: 'The changes (at least one)' }) input: UpdateRiskPointInput,
  ) {
    return riskPointService.update(ctx, id, input);
  }

  @Mutation(() => RiskPoint, { description: 'The unit\'s OFFICE or SECRETARY: add a control measure' })
  addControlMeasure(@Ctx() ctx: Context, @Arg('input', () => AddControlMeasureInput, { description: 'The risk point and the measure' }) input: AddControlMeasureInput) {
    return riskPointService.addMeasure(ctx, input);
  }
}

@Resolver(() => ControlMeasure)
export class ControlMeasureResolver {
  @FieldResolver(() => Post, { nullable: true, description: 'The responsible post' })
  owner(@Root() measure: ControlMeasure, @Ctx() ctx: Context) {
    return measure.ownerPostId === null ? null : ctx.loaders.postById.load(measure.ownerPostId);
  }
}
