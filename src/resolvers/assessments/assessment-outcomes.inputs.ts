import { IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { FollowUpStatus } from '../../schema/enums';
import { InterviewNotesInput } from '../reports/reports.inputs';
import { IsDay, IsYear } from '../../schema/validation';

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
export class InterviewBottomRankedInput extends InterviewNotesInput {
  @Field(() => ID, { description: 'The assessing unit whose ranking is read (the parent); the interview is recorded at it' })
  assessorUnitId!: string;

  @Field(() => Int, { description: '年度 of the ranking' })
  @IsYear()
  year!: number;

  @Field(() => Int, { description: 'N, 1 to 50: the units with fewer than N ranked behind them (ties at the boundary are all called)' })
  @Min(1)
  @Max(50)
  count!: number;

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
