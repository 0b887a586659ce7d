// Assessment outcomes (issue 13, point 5): the bottom of a ranking called to one interview,
// the assessment behind an interview or an admonishment, and the follow-up checks listed.
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { AccountabilityRecord, Assessment, Interview } from '../../entities';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { AssessmentFollowUpFilter, FollowUpDueArgs, InterviewBottomRankedInput } from './assessment-outcomes.inputs';
import { FollowUpStatus } from '../../schema/enums';
import { assessmentOutcomeService, followUpStatus } from './assessment-outcomes.service';

const AssessmentFollowUpConnection = ConnectionType(Assessment, 'AssessmentFollowUp');

@Resolver(() => Assessment)
export class AssessmentOutcomeResolver {
  @Query(() => AssessmentFollowUpConnection, {
    description: '跟踪检查 (回头看): the assessments you see with rectification requirements or a check scheduled or recorded; newest year first',
  })
  assessmentFollowUps(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => AssessmentFollowUpFilter, { nullable: true, description: 'Every follow-up you see when omitted' }) filter?: AssessmentFollowUpFilter,
  ) {
    return assessmentOutcomeService.followUps(ctx, filter, page);
  }

  @FieldResolver(() => FollowUpStatus, { nullable: true, description: '跟踪检查状态; null when no check is asked for (no requirements, none scheduled)' })
  followUpStatus(@Root() a: Assessment): FollowUpStatus | null {
    return followUpStatus(a);
  }

  @Mutation(() => Assessment, { description: 'The assessor\'s OFFICE or SECRETARY: the day the follow-up check (回头看) is due (audited)' })
  scheduleAssessmentFollowUp(
    @Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the assessment' }) id: string,
    @Args() { dueOn }: FollowUpDueArgs,
  ) {
    return assessmentOutcomeService.scheduleFollowUp(ctx, id, dueOn);
  }

  @Mutation(() => Interview, {
    description: '排名靠后集体约谈: a SECRETARY or DISCIPLINE post of the assessing unit or above calls the principals of the bottom N units of its ranking to one interview (one transaction)',
  })
  interviewBottomRanked(
    @Ctx() ctx: Context, @Arg('input', () => InterviewBottomRankedInput, { description: 'The ranking, N and the interview as held' }) input: InterviewBottomRankedInput,
  ) {
    return assessmentOutcomeService.interviewBottomRanked(ctx, input);
  }
}

@Resolver(() => Interview)
export class InterviewAssessmentsResolver {
  @FieldResolver(() => [Assessment], { description: 'The assessments (考核) that called its interviewees, those you see; in ranking order' })
  assessments(@Root() interview: Interview, @Ctx() ctx: Context) {
    return ctx.loaders.assessmentsOfInterview.load({ ctx, id: interview.id });
  }
}

@Resolver(() => AccountabilityRecord)
export class AccountabilityRecordAssessmentResolver {
  @FieldResolver(() => Assessment, { nullable: true, description: 'The assessment it answers (e.g. 诫勉谈话 of a unit ranked at the bottom), if you see it' })
  assessment(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return record.assessmentId === null ? null : ctx.loaders.visibleAssessmentById.load({ ctx, id: record.assessmentId });
  }
}
