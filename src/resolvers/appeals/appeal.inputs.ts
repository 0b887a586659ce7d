import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { AppealOutcome, AppealStatus } from '../../schema/enums';
import { NotBlank } from '../../schema/validation';
import { AccountabilityDecisionInput } from '../accountability/accountability.inputs';

@InputType({ description: '申诉: the official concerned appeals an accountability record' })
export class AppealInput {
  @Field(() => ID, { description: 'The record: its latest revision, not revoked, decided at most ZEREN_APPEAL_DAYS (15) days ago' })
  recordId!: string;

  @Field({ description: '申诉理由 The grounds of the appeal' })
  @NotBlank()
  @MaxLength(10000)
  grounds!: string;
}

@InputType({ description: '申诉答复: the deciding side\'s answer (once)' })
export class AnswerAppealInput {
  @Field(() => AppealOutcome, { description: '处理结果: UPHELD (the record stands), CHANGED (a new revision) or REVOKED' })
  outcome!: AppealOutcome;

  @Field({ description: '答复理由 The reasons of the answer (also the revocation\'s reason when REVOKED)' })
  @NotBlank()
  @MaxLength(10000)
  reasons!: string;

  @Field(() => AccountabilityDecisionInput, {
    nullable: true, description: 'CHANGED only, and then required: the corrected decision, as reviseAccountabilityRecord takes it',
  })
  @IsOptional()
  @ValidateNested()
  revision?: AccountabilityDecisionInput;
}

@InputType({ description: 'Filters of appeals; all optional, combined with AND' })
export class AppealFilter {
  @Field(() => AppealStatus, { nullable: true, description: 'OPEN (not yet answered) or ANSWERED' })
  status?: AppealStatus;

  @Field(() => Boolean, { nullable: true, description: 'true: only overdue answers (open past answerDueOn, or answered after it); false: only the others' })
  answerOverdue?: boolean;

  @Field(() => ID, { nullable: true, description: 'Appeals against records of this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;
}
