import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { NoticeState, Severity, SupervisionSource } from '../../schema/enums';
import { NotBlank } from '../../schema/validation';

export const MAX_CC = 30;
export const MAX_RECIPIENTS = 30;
/** Long texts: 10,000 characters fit a TEXT column in utf8mb4 even at four bytes each. */
export const MAX_TEXT = 10000;

/** Wanzhou's agriculture notice listed 14 problems; a notice lists at most this many. */
export const MAX_NOTICE_PROBLEMS = 100;

@InputType({ description: '告知书所列问题: one problem of a notice, under a category label (e.g. 清产核资不精准)' })
export class NoticeProblemInput {
  @Field({ description: '问题类别, at most 100 characters; problems of a notice are counted by it' })
  @NotBlank()
  @MaxLength(100)
  category!: string;

  @Field({ description: '问题描述, at most 2,000 characters' })
  @NotBlank()
  @MaxLength(2000)
  description!: string;

  @Field(() => Severity, { defaultValue: Severity.GENERAL, description: '严重程度; GENERAL when omitted' })
  severity!: Severity;
}

@InputType({ description: 'The recipient\'s answer to one problem of the notice (整改情况)' })
export class NoticeProblemAnswerInput {
  @Field(() => ID, { description: 'A problem of this notice (Notice.problemRecords)' })
  problemId!: string;

  @Field({ description: '整改情况, at most 2,000 characters' })
  @NotBlank()
  @MaxLength(2000)
  answer!: string;
}

@InputType({ description: '起草告知书 (the DISCIPLINE post of the issuing unit)' })
export class DraftNoticeInput {
  @Field(() => ID, { description: 'The issuing unit: yours as its DISCIPLINE post' })
  unitId!: string;

  @Field(() => ID, { description: '告知情形' })
  categoryId!: string;

  @Field(() => ID, { description: '领域' })
  domainId!: string;

  @Field(() => ID, { description: 'A current TEAM_MEMBER or SECRETARY post of the issuing unit or below it (see suggestedNoticeRecipients)' })
  recipientPostId!: string;

  @Field({ description: '标题, at most 200 characters' })
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field(() => String, { nullable: true, description: '存在问题: the summary text; derived from problemRecords when omitted (one of the two is required)' })
  @IsOptional()
  @NotBlank()
  @MaxLength(MAX_TEXT)
  problems?: string;

  @Field(() => [NoticeProblemInput], { defaultValue: [], description: '所列问题: each problem as a record with its category, in order (at most 100)' })
  @ArrayMaxSize(MAX_NOTICE_PROBLEMS)
  @ValidateNested({ each: true })
  problemRecords!: NoticeProblemInput[];

  @Field({ description: '建议措施' })
  @NotBlank()
  @MaxLength(MAX_TEXT)
  measures!: string;

  @Field(() => SupervisionSource, { description: '问题来源; CASE_INVESTIGATION when caseId is given' })
  source!: SupervisionSource;

  @Field(() => ID, { nullable: true, description: 'The originating case (以案四说), one in your DISCIPLINE scope' })
  @IsOptional()
  caseId?: string;

  @Field(() => [ID], { defaultValue: [], description: '抄送: current posts of any unit of the same city' })
  @ArrayMaxSize(MAX_CC)
  ccPostIds!: string[];
}

@InputType({ description: 'Fields of a DRAFT to change; the ones left out stay' })
export class UpdateNoticeInput {
  @Field(() => ID, { nullable: true, description: '告知情形' })
  categoryId?: string;

  @Field(() => ID, { nullable: true, description: '领域' })
  domainId?: string;

  @Field(() => ID, { nullable: true, description: 'A current TEAM_MEMBER or SECRETARY post of the issuing unit or below it' })
  recipientPostId?: string;

  @Field(() => String, { nullable: true, description: '标题, at most 200 characters' })
  @IsOptional()
  @NotBlank()
  @MaxLength(200)
  title?: string;

  @Field(() => String, { nullable: true, description: '存在问题 (the summary), at most 10,000 characters; derived again from problemRecords when those are given without it' })
  @IsOptional()
  @NotBlank()
  @MaxLength(MAX_TEXT)
  problems?: string;

  @Field(() => [NoticeProblemInput], { nullable: true, description: 'The whole new list of problems (replaces the draft\'s problem records)' })
  @IsOptional()
  @ArrayMaxSize(MAX_NOTICE_PROBLEMS)
  @ValidateNested({ each: true })
  problemRecords?: NoticeProblemInput[];

  @Field(() => String, { nullable: true, description: '建议措施, at most 10,000 characters' })
  @IsOptional()
  @NotBlank()
  @MaxLength(MAX_TEXT)
  measures?: string;

  @Field(() => SupervisionSource, { nullable: true, description: 'Must stay CASE_INVESTIGATION on a notice from a case' })
  source?: SupervisionSource;

  @Field(() => [ID], { nullable: true, description: 'The whole new cc list' })
  @IsOptional()
  @ArrayMaxSize(MAX_CC)
  ccPostIds?: string[];
}

@InputType({ description: '以案四说/以案四改: one DRAFT per leader, from one case, in one transaction' })
export class DraftNoticesFromCaseInput {
  @Field(() => ID, { description: 'A case in your DISCIPLINE scope' })
  caseId!: string;

  @Field(() => [ID], { description: 'Current TEAM_MEMBER or SECRETARY posts of the issuing unit or below it, each once' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RECIPIENTS)
  recipientPostIds!: string[];

  @Field(() => ID, { description: '告知情形' })
  categoryId!: string;

  @Field({ description: '标题, at most 200 characters, on every notice' })
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field(() => String, { nullable: true, description: '存在问题, at most 10,000 characters, on every notice; derived from problemRecords when omitted (one of the two is required)' })
  @IsOptional()
  @NotBlank()
  @MaxLength(MAX_TEXT)
  problems?: string;

  @Field(() => [NoticeProblemInput], { defaultValue: [], description: '所列问题, as records on every notice (at most 100)' })
  @ArrayMaxSize(MAX_NOTICE_PROBLEMS)
  @ValidateNested({ each: true })
  problemRecords!: NoticeProblemInput[];

  @Field({ description: '建议措施, at most 10,000 characters, on every notice' })
  @NotBlank()
  @MaxLength(MAX_TEXT)
  measures!: string;

  @Field(() => ID, { nullable: true, description: 'The issuing unit; by default the unit of your DISCIPLINE post nearest above the case' })
  @IsOptional()
  unitId?: string;

  @Field(() => ID, { nullable: true, description: 'The domain; by default the case\'s' })
  @IsOptional()
  domainId?: string;

  @Field(() => [ID], { defaultValue: [], description: '抄送, on every notice' })
  @ArrayMaxSize(MAX_CC)
  ccPostIds!: string[];
}

@InputType({ description: 'Filters of notices; all optional, combined with AND' })
export class NoticeFilter {
  @Field(() => ID, { nullable: true, description: 'Notices issued by this unit (and the units below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => NoticeState, { nullable: true, description: 'Only notices in this state' })
  state?: NoticeState;

  @Field(() => Boolean, { nullable: true, description: 'ISSUED and past its due date without a report (or the opposite)' })
  overdue?: boolean;

  @Field(() => Int, { nullable: true, description: 'Due soon (临期): not yet overdue, and due within this many days from today (0: today); at most 366' })
  @IsOptional()
  @Min(0)
  @Max(366)
  dueWithinDays?: number;


  @Field(() => ID, { nullable: true, description: 'The recipient\'s post' })
  recipientPostId?: string;

  @Field(() => ID, { nullable: true, description: 'The recipient official: notices addressed to any of their posts, current or ended' })
  recipientOfficialId?: string;

  @Field(() => ID, { nullable: true, description: 'Only notices of this domain (领域)' })
  domainId?: string;

  @Field(() => ID, { nullable: true, description: 'Only notices of this category (告知情形)' })
  categoryId?: string;

  @Field(() => ID, { nullable: true, description: 'Notices from this case' })
  caseId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only notices issued (ISSUED, REPORTED or CLOSED), or with false only those not yet issued' })
  issued?: boolean;

  @Field(() => Int, { nullable: true, description: 'Issued in this year (a notice not yet issued: drafted in it), in the server\'s time zone' })
  @IsOptional()
  @Min(2000)
  year?: number;
}

@ArgsType()
export class NoticeStepArgs {
  @Field(() => ID, { description: 'Global id of the notice' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Kept with the step in the notice\'s events' })
  @IsOptional()
  @MaxLength(1000)
  comment?: string;
}

@ArgsType()
export class NoticeReasonArgs {
  @Field(() => ID, { description: 'Global id of the notice' })
  id!: string;

  @Field({ description: 'Why: kept with the step in the notice\'s events' })
  @NotBlank()
  @MaxLength(1000)
  comment!: string;
}

@ArgsType()
export class ReportNoticeArgs {
  @Field(() => ID, { description: 'Global id of the notice (ISSUED, addressed to your post)' })
  id!: string;

  @Field({ description: '书面整改报告' })
  @NotBlank()
  @MaxLength(MAX_TEXT)
  report!: string;

  @Field(() => [NoticeProblemAnswerInput], {
    defaultValue: [], description: '整改情况 per problem: one answer for each of the notice\'s problem records, required when it has any',
  })
  @ArrayMaxSize(MAX_NOTICE_PROBLEMS)
  @ValidateNested({ each: true })
  answers!: NoticeProblemAnswerInput[];
}
