import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { HearingStatus } from '../../schema/enums';
import { IsDay, NotBlank } from '../../schema/validation';

@InputType({ description: 'Filters of hearings; all optional, combined with AND' })
export class HearingFilter {
  @Field(() => ID, { nullable: true, description: 'Hearings held at this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => Int, { nullable: true, description: 'The year reported on' })
  @IsOptional()
  @Min(2000)
  @Max(2100)
  year?: number;

  @Field(() => HearingStatus, { nullable: true, description: 'Only hearings in this state' })
  status?: HearingStatus;
}

@InputType({ description: '述责述廉 会议: the hearing unit\'s OFFICE or DISCIPLINE schedules a session' })
export class ScheduleHearingInput {
  @Field(() => ID, { description: 'The unit holding the hearing (yours, as its OFFICE or DISCIPLINE)' })
  unitId!: string;

  @Field(() => Int, { description: 'The year reported on (this year or earlier)' })
  @Min(2000)
  @Max(2100)
  year!: number;

  @Field({ description: 'The day of the hearing, YYYY-MM-DD: today or later' })
  @IsDay()
  heldOn!: string;

  @Field({ description: '会议名称, at most 200 characters' })
  @NotBlank()
  @MaxLength(200)
  title!: string;
}

@InputType({ description: 'A reporter added to a scheduled hearing: their part is an ORAL report' })
export class AddHearingReporterInput {
  @Field(() => ID, { description: 'The hearing, still SCHEDULED' })
  hearingId!: string;

  @Field(() => ID, {
    description: 'A current post: a TEAM_MEMBER of the hearing\'s unit, or the SECRETARY (principal) of a unit directly below it (a subordinate unit or department)',
  })
  reporterPostId!: string;

  @Field({ description: 'The subject of the part; the reporter may replace it with the text of the report until the day (updateReportContent)' })
  @NotBlank()
  @MaxLength(50000)
  subject!: string;
}

@InputType({ description: '测评: the counted ballots on one reporter\'s part (满意 / 基本满意 / 不满意), recorded once' })
export class EvaluateHearingReporterInput {
  @Field(() => ID, { description: 'The reporter\'s part: an ORAL report of a HELD hearing' })
  reportId!: string;

  @Field(() => Int, { description: '满意 votes' })
  @Min(0)
  @Max(100000)
  satisfied!: number;

  @Field(() => Int, { description: '基本满意 votes' })
  @Min(0)
  @Max(100000)
  basicallySatisfied!: number;

  @Field(() => Int, { description: '不满意 votes' })
  @Min(0)
  @Max(100000)
  unsatisfied!: number;
}
