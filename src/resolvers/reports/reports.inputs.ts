import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { InterviewKind, ReportKind, RiskLevel } from '../../schema/enums';
import { IsDay, NotBlank } from '../../schema/validation';


// ---- Reports (述责述廉) ----

@InputType({ description: 'Filters of reports; all optional, combined with AND' })
export class ReportFilter {
  @Field(() => ID, { nullable: true, description: 'Reports of this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => Int, { nullable: true, description: 'The year reported on' })
  year?: number;

  @Field(() => ReportKind, { nullable: true, description: 'Only WRITTEN or only ORAL reports' })
  kind?: ReportKind;

  @Field(() => Boolean, { nullable: true, description: 'WRITTEN reports not submitted by their due date (true), or all others (false)' })
  overdue?: boolean;

  @Field(() => Int, { nullable: true, description: 'Due soon (临期): not yet overdue, and due within this many days from today (0: today); at most 366' })
  @IsOptional()
  @Min(0)
  @Max(366)
  dueWithinDays?: number;

}

@InputType({ description: 'The annual written report of a unit on the year before, drafted by its SECRETARY' })
export class DraftWrittenReportInput {
  @Field(() => ID, { description: 'The reporting unit: yours as its SECRETARY' })
  unitId!: string;

  @Field(() => Int, { description: 'The year reported on (a year that has ended); due 31 January of the next' })
  @Min(2000)
  @Max(2100)
  year!: number;

  @Field({ description: '报告内容, at most 50,000 characters' })
  @NotBlank()
  @MaxLength(50000)
  content!: string;
}

@InputType({ description: '述责述廉: the parent\'s OFFICE schedules a subordinate unit\'s SECRETARY to report in person' })
export class ScheduleOralReportInput {
  @Field(() => ID, { description: 'The reporting unit (a direct subordinate of yours)' })
  unitId!: string;

  @Field(() => Int, { description: 'The year reported on' })
  @Min(2000)
  @Max(2100)
  year!: number;

  @Field({ description: 'The day of the hearing, YYYY-MM-DD' })
  @IsDay()
  heldOn!: string;

  @Field({ description: 'The subject of the hearing; the reporter may replace it with the text of the report until the day' })
  @NotBlank()
  @MaxLength(50000)
  content!: string;

  @Field(() => ID, { nullable: true, description: 'A current SECRETARY post of the unit; the unit\'s SECRETARY if left out' })
  reporterPostId?: string;
}

@InputType({ description: '询问质询: a question to the reporter of an oral report' })
export class AskReportQuestionInput {
  @Field(() => ID, { description: 'The oral report, on or after its day' })
  reportId!: string;

  @Field({ description: 'The question, at most 5,000 characters' })
  @NotBlank()
  @MaxLength(5000)
  question!: string;
}

@InputType({ description: 'The reporter\'s answer to a question of an oral report (once)' })
export class AnswerReportQuestionInput {
  @Field(() => ID, { description: 'The question, not yet answered' })
  questionId!: string;

  @Field({ description: 'The answer, at most 20,000 characters' })
  @NotBlank()
  @MaxLength(20000)
  answer!: string;
}

// ---- Interviews (约谈) ----

@InputType({ description: 'Filters of interviews; all optional, combined with AND' })
export class InterviewFilter {
  @Field(() => ID, { nullable: true, description: 'Interviews at this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => InterviewKind, { nullable: true, description: 'Only INDIVIDUAL or only COLLECTIVE interviews' })
  kind?: InterviewKind;

  @Field(() => Int, { nullable: true, description: 'Held in this year' })
  year?: number;

  @Field(() => ID, { nullable: true, description: 'With this official among the interviewees' })
  officialId?: string;

  @Field(() => ID, { nullable: true, description: 'Caused by this assessment (考核): an interviewee was called for it' })
  assessmentId?: string;
}

/** What every interview records: when, by whom, why, and the record (the fields of the input types that extend it). */
@InputType({ description: 'What every interview records (the fields of RecordInterviewInput and InterviewBottomRankedInput)' })
export abstract class InterviewNotesInput {
  @Field({ description: 'YYYY-MM-DD, today or earlier: an interview is recorded once held' })
  @IsDay()
  heldOn!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'One of your current SECRETARY or DISCIPLINE posts at the interview\'s unit or above; may be left out when you hold exactly one',
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
}

@InputType({ description: '约谈: who was interviewed, by whom, why, and the record' })
export class RecordInterviewInput extends InterviewNotesInput {
  @Field(() => ID, { description: 'The unit the interview concerns' })
  unitId!: string;

  @Field(() => InterviewKind, { description: '约谈形式' })
  kind!: InterviewKind;

  @Field(() => [ID], { description: 'The interviewees: officials of the unit\'s subtree; one for INDIVIDUAL, two or more for COLLECTIVE' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  participantIds!: string[];

  @Field(() => ID, {
    nullable: true,
    description: 'The assessment (考核) that caused it, if any: one you see, of the unit or a unit below it; every interviewee is called for it',
  })
  assessmentId?: string;
}

// ---- Risk points (廉政风险点) ----

@InputType({ description: 'Filters of risk points; all optional, combined with AND' })
export class RiskPointFilter {
  @Field(() => ID, { nullable: true, description: 'Risk points of this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => RiskLevel, { nullable: true, description: 'Only risk points of this level' })
  level?: RiskLevel;

  @Field(() => ID, { nullable: true, description: 'Only risk points of this domain (领域)' })
  domainId?: string;
}

@InputType({ description: '防控措施' })
export class ControlMeasureInput {
  @Field({ description: '措施内容, at most 5,000 characters' })
  @NotBlank()
  @MaxLength(5000)
  description!: string;

  @Field(() => ID, { nullable: true, description: 'The responsible post: a current post of the risk point\'s unit' })
  ownerPostId?: string;
}

@InputType({ description: '廉政风险点: a new risk point of a unit, with its control measures' })
export class CreateRiskPointInput {
  @Field(() => ID, { description: 'The unit: yours as its OFFICE or SECRETARY' })
  unitId!: string;

  @Field(() => ID, { nullable: true, description: '领域, if the risk lies in one' })
  domainId?: string;

  @Field({ description: '岗位或环节' })
  @NotBlank()
  @MaxLength(100)
  area!: string;

  @Field({ description: '风险描述, at most 5,000 characters' })
  @NotBlank()
  @MaxLength(5000)
  description!: string;

  @Field(() => RiskLevel, { description: '风险等级' })
  level!: RiskLevel;

  @Field(() => [ControlMeasureInput], { defaultValue: [], description: '防控措施, at most 50' })
  @ArrayMaxSize(50)
  @ValidateNested()
  measures!: ControlMeasureInput[];
}

@InputType({ description: 'Changes to a risk point; what is left out stays as it is' })
export class UpdateRiskPointInput {
  @Field(() => ID, { nullable: true, description: '领域 (it cannot be cleared)' })
  domainId?: string;

  @Field(() => String, { nullable: true, description: '岗位或环节, at most 100 characters' })
  @IsOptional()
  @NotBlank()
  @MaxLength(100)
  area?: string;

  @Field(() => String, { nullable: true, description: '风险描述, at most 5,000 characters' })
  @IsOptional()
  @NotBlank()
  @MaxLength(5000)
  description?: string;

  @Field(() => RiskLevel, { nullable: true, description: '风险等级' })
  level?: RiskLevel;
}

@InputType({ description: '防控措施 added to a risk point' })
export class AddControlMeasureInput extends ControlMeasureInput {
  @Field(() => ID, { description: 'The risk point' })
  riskPointId!: string;
}
