import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Domain, Inspection, InspectionTarget, Notice, Official, OrgUnit, Post, Problem, RectificationItem } from '../../entities';
import { RectificationStatus } from '../../schema/enums';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import {
  AddRectificationItemInput, CreateProblemInput, ProblemFilter, RecordInspectionFindingInput, RectificationItemFilter,
} from './inspection.inputs';
import { inspectionReads } from './inspection-reads';
import { isOverdueItem, needsDualApproval, problemService } from './problem.service';

const ProblemConnection = ConnectionType(Problem);
const RectificationItemConnection = ConnectionType(RectificationItem);

@Resolver(() => Problem)
export class ProblemResolver {
  @Query(() => ProblemConnection, {
    description: '问题 you see: of units in your scope, or the findings of the targets you are assigned to; newest first',
  })
  problems(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => ProblemFilter, { nullable: true, description: 'Every problem you see when omitted' }) filter?: ProblemFilter,
  ) {
    return problemService.list(ctx, filter, page);
  }

  @Query(() => RectificationItemConnection, { description: '整改事项 of the problems you see, by deadline' })
  rectificationItems(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => RectificationItemFilter, { nullable: true, description: 'Every item you see when omitted' }) filter?: RectificationItemFilter,
  ) {
    return problemService.listItems(ctx, filter, page);
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit with the problem' })
  unit(@Root() problem: Problem, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(problem.unitId);
  }

  @FieldResolver(() => Domain, { description: '领域' })
  domain(@Root() problem: Problem, @Ctx() ctx: Context) {
    return ctx.loaders.domainById.load(problem.domainId);
  }

  @FieldResolver(() => Inspection, { nullable: true, description: 'The round that found it (inspection findings)' })
  inspection(@Root() problem: Problem, @Ctx() ctx: Context) {
    return inspectionReads.problemInspection(ctx, problem);
  }

  @FieldResolver(() => InspectionTarget, { nullable: true, description: 'The inspected target it was found on (inspection findings)' })
  target(@Root() problem: Problem, @Ctx() ctx: Context) {
    return inspectionReads.problemTarget(ctx, problem);
  }

  @FieldResolver(() => Notice, { nullable: true, description: 'The notice (告知书) that lists it; null for other problems' })
  notice(@Root() problem: Problem, @Ctx() ctx: Context) {
    // A notice's problems are visible only to the notice's readers (problemService.visible).
    return problem.noticeId === null ? null : ctx.loaders.noticeById.load(problem.noticeId);
  }

  @FieldResolver(() => [RectificationItem], { description: '整改事项, by deadline' })
  items(@Root() problem: Problem, @Ctx() ctx: Context) {
    return ctx.loaders.rectificationItemsByProblemId.load(problem);
  }

  @FieldResolver(() => Boolean, { description: 'Rectified: it has items and every one is closed' })
  async rectified(@Root() problem: Problem, @Ctx() ctx: Context): Promise<boolean> {
    const items = await ctx.loaders.rectificationItemsByProblemId.load(problem);
    return items.length > 0 && items.every((i) => i.status === RectificationStatus.CLOSED);
  }

  @FieldResolver(() => Official, { nullable: true, description: 'Who recorded it (of a finding: the inspecting side and the target\'s inspectors only)' })
  recordedBy(@Root() problem: Problem, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(problem.createdByOfficialId);
  }

  @Mutation(() => Problem, { description: 'DISCIPLINE at the unit or above: a problem of daily supervision, a complaint, a survey or a case' })
  createProblem(@Ctx() ctx: Context, @Arg('input', () => CreateProblemInput, { description: 'The problem' }) input: CreateProblemInput) {
    return problemService.create(ctx, input);
  }

  @Mutation(() => Problem, { description: 'An INSPECTOR assigned to the target: record a finding (IN_PROGRESS or FEEDBACK)' })
  recordInspectionFinding(
    @Ctx() ctx: Context, @Arg('input', () => RecordInspectionFindingInput, { description: 'The target and the finding' }) input: RecordInspectionFindingInput) {
    return problemService.recordFinding(ctx, input);
  }

  @Mutation(() => RectificationItem, { description: 'OFFICE or SECRETARY of the problem\'s unit: list a rectification item (整改清单)' })
  addRectificationItem(
    @Ctx() ctx: Context, @Arg('input', () => AddRectificationItemInput, { description: 'The problem, owner, measure and deadline' }) input: AddRectificationItemInput) {
    return problemService.addItem(ctx, input);
  }

  @Mutation(() => RectificationItem, { description: 'The owner or the unit\'s SECRETARY: close (销号) an item of a problem outside an inspection' })
  closeRectificationItem(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the item (open)' }) id: string) {
    return problemService.closeItem(ctx, id);
  }

  @Mutation(() => RectificationItem, {
    description: '双审 of an inspection\'s item: the unit\'s SECRETARY (principal) or the leader in charge one tier up; the second approval closes it',
  })
  approveRectification(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the item (open, of an inspection\'s finding)' }) id: string) {
    return problemService.approve(ctx, id);
  }
}

@Resolver(() => RectificationItem)
export class RectificationItemResolver {
  @FieldResolver(() => Problem, { description: 'The problem it rectifies' })
  problem(@Root() item: RectificationItem, @Ctx() ctx: Context) {
    return ctx.loaders.problemById.load(item.problemId);
  }

  @FieldResolver(() => Post, { description: '整改责任人 The owner\'s post' })
  owner(@Root() item: RectificationItem, @Ctx() ctx: Context) {
    return ctx.loaders.postById.load(item.ownerPostId);
  }

  @FieldResolver(() => Boolean, { description: 'Open past the deadline' })
  overdue(@Root() item: RectificationItem): boolean {
    return isOverdueItem(item);
  }

  @FieldResolver(() => Boolean, { description: 'Closed by two approvals (双审): an item of an inspection\'s finding' })
  async dualApproval(@Root() item: RectificationItem, @Ctx() ctx: Context): Promise<boolean> {
    const problem = await ctx.loaders.problemById.load(item.problemId);
    return !!problem && needsDualApproval(problem);
  }

  @FieldResolver(() => Official, { nullable: true, description: 'Who closed it (the second approver of a 双审 item); null while open' })
  closedBy(@Root() item: RectificationItem, @Ctx() ctx: Context) {
    return item.closedByOfficialId ? ctx.loaders.officialById.load(item.closedByOfficialId) : null;
  }

  @FieldResolver(() => Official, { nullable: true, description: 'The principal (the unit\'s SECRETARY) who approved' })
  principalApprovedBy(@Root() item: RectificationItem, @Ctx() ctx: Context) {
    return item.principalApprovedByOfficialId ? ctx.loaders.officialById.load(item.principalApprovedByOfficialId) : null;
  }

  @FieldResolver(() => Official, { nullable: true, description: 'The leader in charge one tier up who approved' })
  supervisorApprovedBy(@Root() item: RectificationItem, @Ctx() ctx: Context) {
    return item.supervisorApprovedByOfficialId ? ctx.loaders.officialById.load(item.supervisorApprovedByOfficialId) : null;
  }
}
