import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { IsDay, IsYear, NotBlank } from '../../schema/validation';

/** Where an assessment's follow-up check (跟踪检查 / 回头看) stands; computed from its days, never stored. */
export enum FollowUpStatus { UNSCHEDULED = 'UNSCHEDULED', SCHEDULED = 'SCHEDULED', OVERDUE = 'OVERDUE', DONE = 'DONE' }
registerEnumType(FollowUpStatus, {
  name: 'FollowUpStatus',
  description: '跟踪检查状态 Where an assessment\'s follow-up check stands',
  valuesConfig: {
    UNSCHEDULED: { description: '待安排: rectification requirements were given, no check is scheduled or recorded' },
    SCHEDULED: { description: '已安排: a check is due today or later' },
    OVERDUE: { description: '逾期: the due day has passed without a recorded check' },
    DONE: { description: '已检查: the check is recorded (day and result)' },
  },
});

@InputType({ description: 'Filters of follow-up checks; all optional, combined with AND' })
export class AssessmentFollowUpFilter {
  @Field(() => ID, { nullable: true, description: 'Checks of the assessments made by this unit (of its direct subordinates)' })
  assessorUnitId?: string;

  @Field(() => ID, { nullable: true, description: 'Checks of this unit\'s assessment' })
  unitId?: string;

  @Field(() => Int, { nullable: true, description: 'Only assessments of this year' })
  year?: number;

  @Field(() => FollowUpStatus, { nullable: true, description: 'Only checks in this state' })
  status?: FollowUpStatus;
}

@InputType({ description: '排名靠后集体约谈: the principals of the bottom N units of a ranking, called to one interview' })
export class InterviewBottomRankedInput {
  @Field(() => ID, { description: 'The assessing unit whose ranking is read (the parent); the interview is recorded at it' })
  assessorUnitId!: string;

  @Field(() => Int, { description: '年度 of the ranking' })
  @IsYear()
  year!: number;

  @Field(() => Int, { description: 'N, 1 to 50: the units with fewer than N ranked behind them (ties at the boundary are all called)' })
  @Min(1)
  @Max(50)
  count!: number;

  @Field({ description: 'YYYY-MM-DD, today or earlier: an interview is recorded once held' })
  @IsDay()
  heldOn!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'One of your current SECRETARY or DISCIPLINE posts at the assessing unit or above; may be left out when you hold exactly one',
  })
  interviewerPostId?: string;

  @Field({ description: '约谈事由' })
  @NotBlank()
  @MaxLength(5000)
  reason!: string;

  @Field({ description: '谈话记录' })
  @NotBlank()
  @MaxLength(50000)
  record!: string;

  @Field(() => String, { nullable: true, description: '回头看: the day each of those assessments\' follow-up check is due (YYYY-MM-DD, not before heldOn)' })
  @IsOptional()
  @IsDay()
  followUpDueOn?: string;
}

@ArgsType()
export class FollowUpDueArgs {
  @Field({ description: 'YYYY-MM-DD, today or later: the day the follow-up check is due' })
  @IsDay()
  dueOn!: string;
}
