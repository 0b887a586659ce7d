import { ArrayMaxSize, ArrayMinSize, ValidateNested } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Account, InspectionTarget, Notice, Official, Post, ResponsibilityLetter } from '../../entities';
import { MAX_BATCH_ITEMS } from '../../schema/limits';
import {
  AddInspectionTargetsInput, IssueResponsibilityLettersInput, OnboardOfficialInput, RecordInspectionFeedbacksInput,
} from './bulk.inputs';
import { bulkService } from './bulk.service';

const ALL_OR_NONE = 'One transaction: if any item is refused, nothing is written and the one BAD_USER_INPUT error lists'
  + ' each refused item in extensions.items ({ index, code, message, field }).';

@ArgsType()
class NoticeIdsArgs {
  @Field(() => [ID], { description: `Global ids of the notices, 1 to ${MAX_BATCH_ITEMS}, each once` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  ids!: string[];
}

@ArgsType()
class OnboardArgs {
  @Field(() => [OnboardOfficialInput], { description: `The new officials, 1 to ${MAX_BATCH_ITEMS}` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  @ValidateNested({ each: true })
  people!: OnboardOfficialInput[];
}

@ObjectType({ description: 'A new official as onboarded: the official, their posts and their account' })
export class OnboardedOfficial {
  @Field(() => Official, { description: 'The official' })
  official!: Official;

  @Field(() => [Post], { description: 'Their posts, in the order given' })
  posts!: Post[];

  @Field(() => Account, { nullable: true, description: 'Their account, if one was asked for' })
  account!: Account | null;
}

@Resolver()
export class BulkResolver {
  @Mutation(() => [ResponsibilityLetter], {
    description: `批量签发责任书: issueResponsibilityLetter to every direct subordinate unit or every team member of the unit. ${ALL_OR_NONE}`,
  })
  issueResponsibilityLetters(
    @Ctx() ctx: Context,
    @Arg('input', () => IssueResponsibilityLettersInput, { description: 'The issuing unit, the counterparts, year and content' }) input: IssueResponsibilityLettersInput,
  ) {
    return bulkService.issueLetters(ctx, input);
  }

  @Mutation(() => [Notice], { description: `submitNotice on each notice (the issuing unit's DISCIPLINE). ${ALL_OR_NONE}` })
  submitNotices(@Ctx() ctx: Context, @Args() { ids }: NoticeIdsArgs) {
    return bulkService.noticeStep(ctx, ids, 'submit');
  }

  @Mutation(() => [Notice], { description: `approveNotice on each notice (the issuing unit's SECRETARY). ${ALL_OR_NONE}` })
  approveNotices(@Ctx() ctx: Context, @Args() { ids }: NoticeIdsArgs) {
    return bulkService.noticeStep(ctx, ids, 'approve');
  }

  @Mutation(() => [Notice], { description: `issueNotice on each notice (the issuing unit's OFFICE; due in three months). ${ALL_OR_NONE}` })
  issueNotices(@Ctx() ctx: Context, @Args() { ids }: NoticeIdsArgs) {
    return bulkService.noticeStep(ctx, ids, 'issue');
  }

  @Mutation(() => [OnboardedOfficial], {
    description: `ADMIN: createOfficial, createPost and createAccount for each new official, in one. ${ALL_OR_NONE}`,
  })
  onboardOfficials(@Ctx() ctx: Context, @Args() { people }: OnboardArgs) {
    return bulkService.onboard(ctx, people);
  }

  @Mutation(() => [InspectionTarget], { description: `addInspectionTarget for each target of one round. ${ALL_OR_NONE}` })
  addInspectionTargets(
    @Ctx() ctx: Context, @Arg('input', () => AddInspectionTargetsInput, { description: 'The round and its targets' }) input: AddInspectionTargetsInput,
  ) {
    return bulkService.addTargets(ctx, input);
  }

  @Mutation(() => [InspectionTarget], { description: `recordInspectionFeedback (双反馈) for each target and recipient. ${ALL_OR_NONE}` })
  recordInspectionFeedbacks(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordInspectionFeedbacksInput, { description: 'The targets, their recipients and feedback' }) input: RecordInspectionFeedbacksInput,
  ) {
    return bulkService.recordFeedbacks(ctx, input);
  }
}
