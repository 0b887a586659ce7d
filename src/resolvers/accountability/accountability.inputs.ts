import { ArrayMaxSize, ArrayMinSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { Failure, Measure } from '../../schema/enums';
import { IsDay, NotBlank } from '../../schema/validation';


@InputType({ description: 'What was decided: the failure, the measure, the day and the reason' })
export class AccountabilityDecisionInput {
  @Field(() => Failure, { description: '问责情形' })
  failure!: Failure;

  @Field(() => Measure, { description: '问责方式' })
  measure!: Measure;

  @Field({ description: 'YYYY-MM-DD, not in the future' })
  @IsDay()
  decidedOn!: string;

  @Field({ description: '问责理由' })
  @NotBlank()
  @MaxLength(10000)
  reason!: string;
}

@InputType({ description: '问责: the official and the post (or unit) they held; optionally from a case' })
export class CreateAccountabilityRecordInput extends AccountabilityDecisionInput {
  @Field(() => ID, { description: 'The official held accountable' })
  officialId!: string;

  @Field(() => ID, { nullable: true, description: 'The post held (on the incident day, for a case); its unit is the record\'s unit' })
  @IsOptional()
  postId?: string;

  @Field(() => ID, { nullable: true, description: 'Without a post: the unit (default: the official\'s home unit)' })
  @IsOptional()
  unitId?: string;

  @Field(() => ID, { nullable: true, description: 'The case it is made from: OPEN, in your DISCIPLINE scope' })
  @IsOptional()
  caseId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The assessment (考核) it answers, e.g. 诫勉谈话 of a principal ranked at the bottom: one you see, of the record\'s unit or a unit above it',
  })
  @IsOptional()
  assessmentId?: string;
}

@InputType({ description: 'One record of a case: usually a row of the case\'s proposal' })
export class CaseRecordInput extends AccountabilityDecisionInput {
  @Field(() => ID, { description: 'The official held accountable' })
  officialId!: string;

  @Field(() => ID, { description: 'The post the official held on the incident day' })
  postId!: string;
}

@InputType({ description: '一案双查: every record of a case, made together or not at all' })
export class MakeAccountabilityRecordsInput {
  @Field(() => ID, { description: 'The case: OPEN, in your DISCIPLINE scope' })
  caseId!: string;

  @Field(() => [CaseRecordInput], { description: 'The records, 1 to 50' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  records!: CaseRecordInput[];
}

@ArgsType()
export class RevokeAccountabilityRecordArgs {
  @Field(() => ID, { description: 'Global id of the latest revision (not revoked)' })
  id!: string;

  @Field({ description: '撤销理由' })
  @NotBlank()
  @MaxLength(10000)
  reason!: string;

  @Field({ description: 'YYYY-MM-DD, not in the future and not before the decision' })
  @IsDay()
  revokedOn!: string;
}

@InputType({ description: 'Filters of accountability records; all optional, combined with AND' })
export class AccountabilityRecordFilter {
  @Field(() => ID, { nullable: true, description: 'Records of this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => ID, { nullable: true, description: 'Only records of this official' })
  officialId?: string;

  @Field(() => Failure, { nullable: true, description: 'Only records of this failure (问责情形)' })
  failure?: Failure;

  @Field(() => Measure, { nullable: true, description: 'Only records of this measure (问责方式)' })
  measure?: Measure;

  @Field(() => Int, { nullable: true, description: 'Year of the decision' })
  year?: number;

  @Field(() => Boolean, { defaultValue: false, description: 'Also revoked records' })
  includeRevoked!: boolean;

  @Field(() => Boolean, { defaultValue: false, description: 'Also revisions replaced by a later one' })
  includeSuperseded!: boolean;
}
