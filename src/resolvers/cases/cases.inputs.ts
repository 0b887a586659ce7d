import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CaseStatus, LeadStatus } from '../../schema/enums';
import { IsDay, NotBlank } from '../../schema/validation';


@InputType({ description: '报送问题线索: an INFORMANT on their unit or below, an INSPECTOR on an assigned target' })
export class SubmitLeadInput {
  @Field(() => ID, { description: 'The unit the lead is about' })
  unitId!: string;

  @Field(() => ID, { nullable: true, description: 'The official it concerns (never shown to them)' })
  concernedOfficialId?: string;

  @Field(() => ID, { nullable: true, description: 'INSPECTOR: the inspection it comes from (when the unit is a target of several)' })
  inspectionId?: string;

  @Field({ description: '线索内容' })
  @NotBlank()
  @MaxLength(10000)
  content!: string;
}

@InputType({ description: 'Filters of leads; all optional, combined with AND' })
export class LeadFilter {
  @Field(() => ID, { nullable: true, description: 'Leads about this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => LeadStatus, { nullable: true, description: 'Only leads in this status' })
  status?: LeadStatus;

  @Field(() => Boolean, { nullable: true, description: 'Only the leads you submitted' })
  submittedByMe?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only the leads reported from this inspection round' })
  inspectionId?: string;

  @Field(() => ID, { nullable: true, description: 'Only the leads reported on this inspection target' })
  targetId?: string;
}

@InputType({ description: '立案: against an official, for an incident on a day; from a lead when leadId is given' })
export class OpenCaseInput {
  @Field(() => ID, { description: 'The unit where the incident happened' })
  unitId!: string;

  @Field(() => ID, { description: 'The official the case is against' })
  officialId!: string;

  @Field(() => ID, { description: 'The domain: with the unit and incidentOn it gives the responsibility chain (一案双查)' })
  domainId!: string;

  @Field({ description: 'YYYY-MM-DD; the chain is proposed as held on this day' })
  @IsDay()
  incidentOn!: string;

  @Field({ description: '案件名称, at most 200 characters' })
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field({ description: '案情摘要' })
  @NotBlank()
  @MaxLength(10000)
  summary!: string;

  @Field(() => ID, { nullable: true, description: 'A lead received by your DISCIPLINE post (SUBMITTED or UNDER_REVIEW): it becomes CASE_OPENED' })
  @IsOptional()
  leadId?: string;
}

@InputType({ description: 'Filters of cases; all optional, combined with AND' })
export class CaseFilter {
  @Field(() => ID, { nullable: true, description: 'Cases of this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => ID, { nullable: true, description: 'The official the case is against' })
  officialId?: string;

  @Field(() => CaseStatus, { nullable: true, description: 'Only OPEN or only CLOSED cases' })
  status?: CaseStatus;

  @Field(() => Int, { nullable: true, description: 'Year of the incident' })
  year?: number;
}
