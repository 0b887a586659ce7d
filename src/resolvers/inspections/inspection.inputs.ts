import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { InspectionMode, InspectionStatus, RectificationStatus, Severity, SupervisionSource } from '../../schema/enums';
import { IsDay, NotBlank, IsYear } from '../../schema/validation';


export enum FeedbackRecipient { COMMITTEE = 'COMMITTEE', PRINCIPAL = 'PRINCIPAL' }
registerEnumType(FeedbackRecipient, {
  name: 'FeedbackRecipient',
  description: '双反馈: the two recipients of an inspection\'s feedback',
  valuesConfig: { COMMITTEE: { description: '被巡察单位党组织 (领导班子)' }, PRINCIPAL: { description: '被巡察单位党组织主要负责人' } },
});

@InputType({ description: 'Filters of inspection rounds; all optional, combined with AND' })
export class InspectionFilter {
  @Field(() => ID, { nullable: true, description: 'Rounds of this inspecting unit (and of the units below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => ID, { nullable: true, description: 'Rounds with this unit among their targets' })
  targetUnitId?: string;

  @Field(() => Int, { nullable: true, description: 'Only rounds of this year' })
  year?: number;

  @Field(() => InspectionStatus, { nullable: true, description: 'Only rounds at this stage' })
  status?: InspectionStatus;

  @Field(() => InspectionMode, { nullable: true, description: 'Only rounds of this mode' })
  mode?: InspectionMode;
}

@InputType({ description: '巡察: a new round, PLANNED' })
export class CreateInspectionInput {
  @Field(() => ID, { description: 'The inspecting unit (巡察单位)' })
  unitId!: string;

  @Field(() => Int, { description: '年度, 2000-2100' })
  @IsYear()
  year!: number;

  @Field(() => Int, { nullable: true, description: '轮次; the next free round of the unit and year when left out' })
  @IsOptional()
  @Min(1)
  @Max(99)
  round?: number;

  @Field(() => InspectionMode, { defaultValue: InspectionMode.REGULAR, description: '巡察方式' })
  mode!: InspectionMode;

  @Field({ description: '标题, at most 200 characters' })
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsDay()
  startsOn!: string;

  @Field({ description: 'YYYY-MM-DD, not before startsOn' })
  @IsDay()
  endsOn!: string;
}

@InputType({ description: '巡察组: a new group of a round' })
export class AddInspectionGroupInput {
  @Field(() => ID, { description: 'The round' })
  inspectionId!: string;

  @Field({ description: 'e.g. 第一巡察组' })
  @NotBlank()
  @MaxLength(100)
  name!: string;
}

@InputType({ description: '巡察组成员: an INSPECTOR post joins a group for a period' })
export class AddInspectionMemberInput {
  @Field(() => ID, { description: 'The group' })
  groupId!: string;

  @Field(() => ID, { description: 'A current INSPECTOR post at the inspecting unit or below it (the talent pool)' })
  postId!: string;

  @Field(() => String, { nullable: true, description: 'First day of access (YYYY-MM-DD); today when left out' })
  @IsOptional()
  @IsDay()
  since?: string;

  @Field(() => String, { nullable: true, description: 'Last day of access (YYYY-MM-DD, inclusive); open when left out' })
  @IsOptional()
  @IsDay()
  until?: string;
}

@InputType({ description: '巡察对象: a unit inspected in a round by one of its groups' })
export class AddInspectionTargetInput {
  @Field(() => ID, { description: 'The round' })
  inspectionId!: string;

  @Field(() => ID, { description: 'A unit below the inspecting unit (not a grid)' })
  unitId!: string;

  @Field(() => ID, { description: 'The group of this round that inspects it' })
  groupId!: string;
}

@InputType({ description: '双反馈: the feedback delivered to one of the two recipients of a target (round in FEEDBACK)' })
export class RecordInspectionFeedbackInput {
  @Field(() => ID, { description: 'The inspected target' })
  targetId!: string;

  @Field(() => FeedbackRecipient, { description: 'Who received it: the committee or the principal (each once)' })
  recipient!: FeedbackRecipient;

  @Field(() => String, { nullable: true, description: '反馈意见: required the first time; both recipients receive the same text' })
  @IsOptional()
  @NotBlank()
  @MaxLength(8000)
  feedback?: string;
}

@InputType({ description: '整改意见建议 to an inspected target, by one of its INSPECTORs' })
export class AddInspectionSuggestionInput {
  @Field(() => ID, { description: 'The inspected target, assigned to you' })
  targetId!: string;

  @Field({ description: '整改意见建议' })
  @NotBlank()
  @MaxLength(4000)
  text!: string;
}

@InputType({ description: 'A finding (问题) of an inspection on one of your targets' })
export class RecordInspectionFindingInput {
  @Field(() => ID, { description: 'The inspected target, assigned to you' })
  targetId!: string;

  @Field(() => ID, { description: '领域' })
  domainId!: string;

  @Field(() => Severity, { description: '严重程度' })
  severity!: Severity;

  @Field({ description: '问题描述, at most 4,000 characters' })
  @NotBlank()
  @MaxLength(4000)
  description!: string;
}

@InputType({ description: 'A problem found outside an inspection (daily supervision, complaints, surveys, cases)' })
export class CreateProblemInput {
  @Field(() => ID, { description: 'The unit with the problem: yours as its DISCIPLINE post, or one below it' })
  unitId!: string;

  @Field(() => ID, { description: '领域' })
  domainId!: string;

  @Field(() => SupervisionSource, { description: 'Any source but INSPECTION_FEEDBACK (findings are recorded by the inspectors)' })
  source!: SupervisionSource;

  @Field(() => Severity, { description: '严重程度' })
  severity!: Severity;

  @Field({ description: '问题描述, at most 4,000 characters' })
  @NotBlank()
  @MaxLength(4000)
  description!: string;
}

@InputType({ description: 'Filters of problems; all optional, combined with AND' })
export class ProblemFilter {
  @Field(() => ID, { nullable: true, description: 'Problems of this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => SupervisionSource, { nullable: true, description: 'Only problems from this source' })
  source?: SupervisionSource;

  @Field(() => Severity, { nullable: true, description: 'Only problems of this severity' })
  severity?: Severity;

  @Field(() => ID, { nullable: true, description: 'Findings of this inspection round' })
  inspectionId?: string;

  @Field(() => ID, { nullable: true, description: 'Only problems of this domain (领域)' })
  domainId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Not rectified yet: no items, or an item still open (or, false: rectified)' })
  open?: boolean;

  @Field(() => ID, { nullable: true, description: 'The problems a notice (告知书) lists' })
  noticeId?: string;

  @Field(() => String, { nullable: true, description: 'Only problems under this category label (问题类别, as a notice groups them)' })
  @IsOptional()
  @MaxLength(100)
  category?: string;
}

@InputType({ description: '整改事项: a rectification item of a problem, with its owner and deadline' })
export class AddRectificationItemInput {
  @Field(() => ID, { description: 'The problem' })
  problemId!: string;

  @Field(() => ID, { description: 'A current SECRETARY, TEAM_MEMBER, DISCIPLINE or OFFICE post of the problem\'s unit (整改责任人)' })
  ownerPostId!: string;

  @Field({ description: '整改措施' })
  @NotBlank()
  @MaxLength(4000)
  measure!: string;

  @Field({ description: '整改时限 (YYYY-MM-DD), today or later' })
  @IsDay()
  deadline!: string;
}

@InputType({ description: 'Filters of rectification items; all optional, combined with AND' })
export class RectificationItemFilter {
  @Field(() => ID, { nullable: true, description: 'Items of problems of this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => ID, { nullable: true, description: 'The owner\'s post' })
  ownerPostId?: string;

  @Field(() => ID, { nullable: true, description: 'Only items of this problem' })
  problemId?: string;

  @Field(() => ID, { nullable: true, description: 'Items of the findings of this inspection round' })
  inspectionId?: string;

  @Field(() => RectificationStatus, { nullable: true, description: 'Only OPEN or only CLOSED items' })
  status?: RectificationStatus;

  @Field(() => Boolean, { nullable: true, description: 'Open past the deadline (or, false: not overdue)' })
  overdue?: boolean;

  @Field(() => Int, { nullable: true, description: 'Due soon (临期): not yet overdue, and due within this many days from today (0: today); at most 366' })
  @IsOptional()
  @Min(0)
  @Max(366)
  dueWithinDays?: number;

}
