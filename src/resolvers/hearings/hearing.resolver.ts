import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Hearing, Official, OrgUnit, Report } from '../../entities';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { AddHearingReporterInput, EvaluateHearingReporterInput, HearingFilter, ScheduleHearingInput } from './hearing.inputs';
import { hearingService } from './hearing.service';

const HearingConnection = ConnectionType(Hearing);

@ObjectType({ description: '测评 The evaluation of one reporter\'s part at a hearing: the counted ballots' })
export class HearingEvaluation {
  @Field(() => Int, { description: '满意 votes' })
  satisfied!: number;

  @Field(() => Int, { description: '基本满意 votes' })
  basicallySatisfied!: number;

  @Field(() => Int, { description: '不满意 votes' })
  unsatisfied!: number;

  @Field(() => Int, { description: 'All votes counted' })
  total!: number;

  @Field({ description: 'When it was recorded (server time)' })
  evaluatedAt!: Date;

  /** Who recorded it (HearingEvaluation.evaluatedBy). */
  evaluatedByOfficialId!: number;
}

@Resolver(() => Hearing)
export class HearingResolver {
  @Query(() => HearingConnection, { description: '述责述廉 会议 held at units in your scope, latest day first' })
  hearings(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => HearingFilter, { nullable: true, description: 'Every hearing you see when omitted' }) filter?: HearingFilter,
  ) {
    return hearingService.list(ctx, filter, page);
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit holding the hearing' })
  unit(@Root() hearing: Hearing, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(hearing.unitId);
  }

  @FieldResolver(() => [Report], { description: 'Each reporter\'s part (an ORAL report, with its questions and evaluation), in the order added' })
  parts(@Root() hearing: Hearing, @Ctx() ctx: Context) {
    return ctx.loaders.partsByHearingId.load(hearing);
  }

  @FieldResolver(() => Official, { description: 'Who scheduled it' })
  createdBy(@Root() hearing: Hearing, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(hearing.createdByOfficialId);
  }

  @Mutation(() => Hearing, { description: 'The unit\'s OFFICE or DISCIPLINE: schedule a hearing (述责述廉 会议) for today or later' })
  scheduleHearing(@Ctx() ctx: Context, @Arg('input', () => ScheduleHearingInput, { description: 'The unit, year, day and title' }) input: ScheduleHearingInput) {
    return hearingService.schedule(ctx, input);
  }

  @Mutation(() => Report, {
    description: 'The hearing unit\'s OFFICE or DISCIPLINE, while SCHEDULED: add a reporter (a team member of the unit, or the principal of a unit directly below); returns their part',
  })
  addHearingReporter(@Ctx() ctx: Context, @Arg('input', () => AddHearingReporterInput, { description: 'The hearing, the reporter\'s post and the subject' }) input: AddHearingReporterInput) {
    return hearingService.addReporter(ctx, input);
  }

  @Mutation(() => Hearing, { description: 'The hearing unit\'s OFFICE or DISCIPLINE: mark a SCHEDULED hearing HELD, on or after its day, with at least one reporter' })
  holdHearing(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the hearing' }) id: string) {
    return hearingService.hold(ctx, id);
  }

  @Mutation(() => Report, { description: '测评: the hearing unit\'s DISCIPLINE records a reporter\'s evaluation once, while the hearing is HELD (never of their own part)' })
  evaluateHearingReporter(@Ctx() ctx: Context, @Arg('input', () => EvaluateHearingReporterInput, { description: 'The part and the counted votes' }) input: EvaluateHearingReporterInput) {
    return hearingService.evaluate(ctx, input);
  }

  @Mutation(() => Hearing, { description: 'The hearing unit\'s OFFICE or DISCIPLINE: close a HELD hearing once every reporter is evaluated' })
  closeHearing(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the hearing' }) id: string) {
    return hearingService.close(ctx, id);
  }
}

/** A report's hearing and evaluation: a part is read like any report. */
@Resolver(() => Report)
export class ReportHearingResolver {
  @FieldResolver(() => Hearing, { nullable: true, description: 'The hearing this is one reporter\'s part of; null for a report on its own, or when the hearing\'s unit is outside your scope' })
  hearing(@Root() report: Report, @Ctx() ctx: Context) {
    return hearingService.ofPart(ctx, report);
  }

  @FieldResolver(() => HearingEvaluation, { nullable: true, description: '测评 of a hearing part; null until recorded' })
  evaluation(@Root() report: Report): HearingEvaluation | null {
    if (report.evaluatedAt === null || report.evaluatedAt === undefined) return null;
    const [satisfied, basicallySatisfied, unsatisfied] = [report.satisfiedVotes ?? 0, report.basicallySatisfiedVotes ?? 0, report.unsatisfiedVotes ?? 0];
    return {
      satisfied, basicallySatisfied, unsatisfied, total: satisfied + basicallySatisfied + unsatisfied,
      evaluatedAt: report.evaluatedAt, evaluatedByOfficialId: report.evaluatedByOfficialId!,
    };
  }
}

@Resolver(() => HearingEvaluation)
export class HearingEvaluationResolver {
  @FieldResolver(() => Official, { description: 'The DISCIPLINE official who recorded it' })
  evaluatedBy(@Root() evaluation: HearingEvaluation, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(evaluation.evaluatedByOfficialId);
  }
}
