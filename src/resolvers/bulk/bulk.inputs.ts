import { ArrayMaxSize, ArrayMinSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { LetterIssuer } from '../../schema/enums';
import { MAX_BATCH_ITEMS } from '../../schema/limits';
import { IsYear, NotBlank } from '../../schema/validation';
import { FeedbackRecipient } from '../inspections/inspection.inputs';
import { AccountCredentialsInput, CreateOfficialInput, PostTermsInput } from '../people/people.inputs';

export enum LetterCounterparts { SUBORDINATE_UNITS = 'SUBORDINATE_UNITS', TEAM_MEMBERS = 'TEAM_MEMBERS' }
registerEnumType(LetterCounterparts, {
  name: 'LetterCounterparts',
  description: 'Who a batch of responsibility letters goes to',
  valuesConfig: {
    SUBORDINATE_UNITS: { description: '全部直属下级单位 (each signed by its SECRETARY)' },
    TEAM_MEMBERS: { description: '全部班子成员 (current TEAM_MEMBER posts of the unit)' },
  },
});

@InputType({ description: '责任书 to every direct subordinate unit or every team member of a unit, one letter each, all or none' })
export class IssueResponsibilityLettersInput {
  @Field(() => ID, { description: 'The issuing unit' })
  unitId!: string;

  @Field(() => Int, { description: '年度, 2000-2100' })
  @IsYear()
  year!: number;

  @Field(() => LetterIssuer, { defaultValue: LetterIssuer.SECRETARY, description: 'SECRETARY: you sign as the unit\'s SECRETARY; COMMITTEE: for the committee (SECRETARY or OFFICE)' })
  issuedBy!: LetterIssuer;

  @Field(() => LetterCounterparts, { description: 'The unit\'s direct subordinate units, or its current team members' })
  to!: LetterCounterparts;

  @Field(() => Boolean, { defaultValue: false, description: 'Leave out the counterparts that already have a letter of the year (else each of them refuses the batch)' })
  onlyMissing!: boolean;

  @Field({ description: '责任内容, the same for every letter' })
  @NotBlank()
  @MaxLength(10000)
  content!: string;
}

@InputType({ description: 'One post of a new official (the official is the one being onboarded)' })
export class OnboardPostInput extends PostTermsInput {
  @Field(() => ID, { nullable: true, description: 'The unit, in the official\'s city; the official\'s home unit if left out' })
  unitId?: string;
}

@InputType({ description: 'The sign-in account of a new official' })
export class OnboardAccountInput extends AccountCredentialsInput {}

@InputType({ description: 'A new official with their posts and account: createOfficial, createPost and createAccount in one' })
export class OnboardOfficialInput {
  @Field(() => CreateOfficialInput, { description: 'The official: home unit, name, title, contact details' })
  @ValidateNested()
  official!: CreateOfficialInput;

  @Field(() => [OnboardPostInput], { description: 'Their posts (任职), 1 to 5' })
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  posts!: OnboardPostInput[];

  @Field(() => OnboardAccountInput, { nullable: true, description: 'Their sign-in account; none if left out' })
  @IsOptional()
  @ValidateNested()
  account?: OnboardAccountInput;
}

@InputType({ description: 'A unit to inspect and the group that inspects it' })
export class InspectionTargetItemInput {
  @Field(() => ID, { description: 'A unit below the inspecting unit (not a grid)' })
  unitId!: string;

  @Field(() => ID, { description: 'The group of this round that inspects it' })
  groupId!: string;
}

@InputType({ description: 'Many targets of one round, all or none' })
export class AddInspectionTargetsInput {
  @Field(() => ID, { description: 'The round' })
  inspectionId!: string;

  @Field(() => [InspectionTargetItemInput], { description: `The targets, 1 to ${MAX_BATCH_ITEMS}` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  @ValidateNested({ each: true })
  targets!: InspectionTargetItemInput[];
}

@InputType({ description: '双反馈 delivered to one target: to its committee, its principal, or both' })
export class InspectionFeedbackItemInput {
  @Field(() => ID, { description: 'The inspected target (its round in FEEDBACK)' })
  targetId!: string;

  @Field(() => [FeedbackRecipient], {
    defaultValue: [FeedbackRecipient.COMMITTEE, FeedbackRecipient.PRINCIPAL],
    description: 'Who received it, each once; both by default',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  recipients!: FeedbackRecipient[];

  @Field(() => String, { nullable: true, description: '反馈意见: required the first time; both recipients receive the same text' })
  @IsOptional()
  @NotBlank()
  @MaxLength(8000)
  feedback?: string;
}

@InputType({ description: 'Feedback to many targets, all or none' })
export class RecordInspectionFeedbacksInput {
  @Field(() => [InspectionFeedbackItemInput], { description: `The targets' feedback, 1 to ${MAX_BATCH_ITEMS}` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  @ValidateNested({ each: true })
  items!: InspectionFeedbackItemInput[];
}
