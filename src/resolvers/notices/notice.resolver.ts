import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import { DisciplinaryCase, Domain, Notice, NoticeCategory, NoticeEvent, Official, OrgUnit, Post, Problem } from '../../entities';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import {
  DraftNoticeInput, DraftNoticesFromCaseInput, NoticeFilter, NoticeReasonArgs, NoticeStepArgs, ReportNoticeArgs, UpdateNoticeInput,
} from './notice.inputs';
import { isNoticeOverdue, noticeService } from './notice.service';
import { noticeProblemService, type DomainCount } from './notice-problem.service';

const NoticeConnection = ConnectionType(Notice);

@ObjectType({ description: 'Counts of the notices matching a filter, by state' })
class NoticeStats {
  @Field(() => Int, { description: 'Notices matching the filter' }) total!: number;
  @Field(() => Int, { description: '起草 (DRAFT)' }) draft!: number;
  @Field(() => Int, { description: '待审批 (PENDING_APPROVAL)' }) pendingApproval!: number;
  @Field(() => Int, { description: '已审批 (APPROVED)' }) approved!: number;
  @Field(() => Int, { description: '已下发 (ISSUED), overdue ones included' }) issued!: number;
  @Field(() => Int, { description: '已书面报告整改 (REPORTED)' }) reported!: number;
  @Field(() => Int, { description: '已办结 (CLOSED)' }) closed!: number;
  @Field(() => Int, { description: 'ISSUED, past the due date, not reported' }) overdue!: number;
}

@ObjectType({ description: 'Problems of notices under one category label' })
class NoticeProblemCategoryCount {
  @Field({ description: '问题类别' }) category!: string;
  @Field(() => Int, { description: 'Notices listing a problem of this category' }) notices!: number;
  @Field(() => Int, { description: 'Problems of this category' }) problems!: number;
  @Field(() => Int, { description: 'Of those, answered in a written report' }) answered!: number;
}

@ObjectType({ description: 'Problems of the notices of one domain' })
class NoticeProblemDomainCount {
  domainId!: number;
  @Field(() => Int, { description: 'Notices of the domain that list problems' }) notices!: number;
  @Field(() => Int, { description: 'Their problems' }) problems!: number;
  @Field(() => Int, { description: 'Of those, answered in a written report' }) answered!: number;
}

@ObjectType({ description: '告知问题统计: the problem records of the notices matching a filter (e.g. Wanzhou: 48 problems over 26 notices in 10 domains)' })
class NoticeProblemStats {
  @Field(() => Int, { description: 'Notices that list problems' }) notices!: number;
  @Field(() => Int, { description: 'Their problems' }) problems!: number;
  @Field(() => Int, { description: 'Of those, answered in a written report' }) answered!: number;
  @Field(() => [NoticeProblemCategoryCount], { description: 'By category label, in label order' }) byCategory!: NoticeProblemCategoryCount[];
  @Field(() => [NoticeProblemDomainCount], { description: 'By domain (领域); its length is the number of domains' }) byDomain!: NoticeProblemDomainCount[];
}

@Resolver(() => NoticeProblemDomainCount)
export class NoticeProblemDomainCountResolver {
  @FieldResolver(() => Domain, { description: '领域' })
  domain(@Root() count: DomainCount, @Ctx() ctx: Context) {
    return ctx.loaders.domainById.load(count.domainId);
  }
}

@Resolver(() => Notice)
export class NoticeResolver {
  @Query(() => Notice, { nullable: true, description: 'A notice, if you may read it' })
  notice(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the notice' }) id: string) {
    return noticeService.get(ctx, id);
  }

  @Query(() => NoticeConnection, {
    description: '告知书, newest first: as recipient or cc (once issued), as SECRETARY, DISCIPLINE or OFFICE of the issuing unit, as DISCIPLINE above it (once issued)',
  })
  notices(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => NoticeFilter, { nullable: true, description: 'Every notice you may read when omitted' }) filter?: NoticeFilter,
  ) {
    return noticeService.list(ctx, filter, page);
  }

  @Query(() => NoticeStats, { description: 'Counts by state of the notices you may read (state and overdue filters ignored)' })
  noticeStats(
    @Ctx() ctx: Context,
    @Arg('filter', () => NoticeFilter, { nullable: true, description: 'Every notice you may read when omitted' }) filter?: NoticeFilter,
  ) {
    return noticeService.stats(ctx, filter);
  }

  @Query(() => NoticeProblemStats, {
    description: '告知问题统计: counts of the problem records of the notices you may read that match the filter (every filter applies), by category and by domain',
  })
  noticeProblemStats(
    @Ctx() ctx: Context,
    @Arg('filter', () => NoticeFilter, { nullable: true, description: 'Every notice you may read when omitted' }) filter?: NoticeFilter,
  ) {
    return noticeProblemService.stats(ctx, filter);
  }

  @Query(() => [NoticeCategory], { description: '告知情形 (reference data)' })
  noticeCategories(@Ctx() ctx: Context) {
    return noticeService.categories(ctx);
  }

  @Query(() => [Post], { description: 'Who a notice of the unit about the domain goes to: its team members in charge of the domain today, else its SECRETARY' })
  suggestedNoticeRecipients(
    @Ctx() ctx: Context, @Arg('unitId', () => ID, { description: 'The unit whose leader the notice is for' }) unitId: string,
    @Arg('domainId', () => ID, { description: '领域 The notice\'s domain' }) domainId: string,
  ) {
    return noticeService.suggestedRecipients(ctx, unitId, domainId);
  }

  @Subscription(() => Notice, {
    description: 'A notice you may read changed (drafted, edited, a step of its life cycle), over graphql-ws at /graphql; optionally only notices issued in a unit\'s subtree',
    subscribe: ({ args, context }) => noticeService.changes(context as Context, (args as { unitId?: string }).unitId),
  })
  noticeChanged(@Root() notice: Notice, @Arg('unitId', () => ID, { nullable: true, description: 'Only notices issued by this unit or the units below it' }) _unitId?: string): Notice {
    return notice;
  }

  @FieldResolver(() => OrgUnit, { description: 'The issuing unit' })
  unit(@Root() notice: Notice, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(notice.unitId);
  }

  @FieldResolver(() => NoticeCategory, { description: '告知情形' })
  category(@Root() notice: Notice, @Ctx() ctx: Context) {
    return ctx.loaders.noticeCategoryById.load(notice.categoryId);
  }

  @FieldResolver(() => Domain, { description: '领域' })
  domain(@Root() notice: Notice, @Ctx() ctx: Context) {
    return ctx.loaders.domainById.load(notice.domainId);
  }

  @FieldResolver(() => Post, { description: 'The leader in charge it is addressed to' })
  recipient(@Root() notice: Notice, @Ctx() ctx: Context) {
    return ctx.loaders.postById.load(notice.recipientPostId);
  }

  @FieldResolver(() => [Post], { description: '抄送' })
  cc(@Root() notice: Notice, @Ctx() ctx: Context) {
    return ctx.loaders.noticeCcPostsByNoticeId.load(notice.id);
  }

  @FieldResolver(() => [NoticeEvent], { description: 'Every step, oldest first' })
  events(@Root() notice: Notice, @Ctx() ctx: Context) {
    return ctx.loaders.noticeEventsByNoticeId.load(notice);
  }

  @FieldResolver(() => Official, { description: 'The DISCIPLINE official who drafted it' })
  draftedBy(@Root() notice: Notice, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(notice.draftedByOfficialId);
  }

  @FieldResolver(() => Official, { nullable: true, description: 'The SECRETARY who approved it' })
  approvedBy(@Root() notice: Notice, @Ctx() ctx: Context) {
    return notice.approvedByOfficialId ? ctx.loaders.officialById.load(notice.approvedByOfficialId) : null;
  }

  // Guarded: null with FORBIDDEN for readers who are not DISCIPLINE in the case's scope.
  @FieldResolver(() => DisciplinaryCase, { name: 'case', nullable: true, description: 'The case it came from (以案四说); DISCIPLINE in scope of the case only' })
  originCase(@Root() notice: Notice, @Ctx() ctx: Context) {
    return notice.caseId ? ctx.loaders.caseById.load(notice.caseId) : null;
  }

  @FieldResolver(() => [Problem], { description: '所列问题: the notice\'s problems as records, in order, each with its category and, once reported, its answer' })
  problemRecords(@Root() notice: Notice, @Ctx() ctx: Context) {
    return ctx.loaders.problemsByNoticeId.load(notice);
  }

  @FieldResolver(() => Int, { description: 'How many problem records the notice lists' })
  async problemCount(@Root() notice: Notice, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.problemsByNoticeId.load(notice)).length;
  }

  @FieldResolver(() => Boolean, { description: 'ISSUED and past its due date without a report' })
  overdue(@Root() notice: Notice): boolean {
    return isNoticeOverdue(notice);
  }

  @Mutation(() => Notice, { description: 'The DISCIPLINE post of the issuing unit: draft a notice (DRAFT)' })
  draftNotice(@Ctx() ctx: Context, @Arg('input', () => DraftNoticeInput, { description: 'The new notice' }) input: DraftNoticeInput) {
    return noticeService.draft(ctx, input);
  }

  @Mutation(() => [Notice], { description: '以案四说: the DISCIPLINE post: one DRAFT per leader from a case in your scope, all in one transaction' })
  draftNoticesFromCase(
    @Ctx() ctx: Context, @Arg('input', () => DraftNoticesFromCaseInput, { description: 'The case, the recipients and the common text' }) input: DraftNoticesFromCaseInput) {
    return noticeService.draftFromCase(ctx, input);
  }

  @Mutation(() => Notice, { description: 'The DISCIPLINE post of the issuing unit: change a DRAFT' })
  updateNotice(
    @Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the notice (a DRAFT)' }) id: string,
    @Arg('input', () => UpdateNoticeInput, { description: 'The fields to change' }) input: UpdateNoticeInput,
  ) {
    return noticeService.update(ctx, id, input);
  }

  @Mutation(() => Notice, { description: 'The DISCIPLINE post of the issuing unit: DRAFT -> PENDING_APPROVAL' })
  submitNotice(@Ctx() ctx: Context, @Args() { id, comment }: NoticeStepArgs) {
    return noticeService.step(ctx, id, 'submit', comment);
  }

  @Mutation(() => Notice, { description: 'The SECRETARY of the issuing unit: PENDING_APPROVAL -> APPROVED' })
  approveNotice(@Ctx() ctx: Context, @Args() { id, comment }: NoticeStepArgs) {
    return noticeService.step(ctx, id, 'approve', comment);
  }

  @Mutation(() => Notice, { description: 'The SECRETARY of the issuing unit: send back to DRAFT, saying why' })
  returnNotice(@Ctx() ctx: Context, @Args() { id, comment }: NoticeReasonArgs) {
    return noticeService.step(ctx, id, 'sendBack', comment);
  }

  @Mutation(() => Notice, { description: 'The OFFICE of the issuing unit: APPROVED -> ISSUED; due three calendar months later' })
  issueNotice(@Ctx() ctx: Context, @Args() { id, comment }: NoticeStepArgs) {
    return noticeService.step(ctx, id, 'issue', comment);
  }

  @Mutation(() => Notice, { description: 'The recipient: the written rectification report, answering each problem record, ISSUED -> REPORTED' })
  reportNotice(@Ctx() ctx: Context, @Args() { id, report, answers }: ReportNoticeArgs) {
    return noticeService.step(ctx, id, 'report', report, answers);
  }

  @Mutation(() => Notice, { description: 'The OFFICE of the issuing unit, after review: REPORTED -> CLOSED' })
  closeNotice(@Ctx() ctx: Context, @Args() { id, comment }: NoticeStepArgs) {
    return noticeService.step(ctx, id, 'close', comment);
  }

  @Mutation(() => Notice, { description: 'The OFFICE of the issuing unit: REPORTED -> ISSUED again, saying why (the due date stays)' })
  reopenNotice(@Ctx() ctx: Context, @Args() { id, comment }: NoticeReasonArgs) {
    return noticeService.step(ctx, id, 'reopen', comment);
  }
}

@Resolver(() => NoticeEvent)
export class NoticeEventResolver {
  @FieldResolver(() => Official, { description: 'Who took the step' })
  actor(@Root() event: NoticeEvent, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(event.actorOfficialId);
  }
}
