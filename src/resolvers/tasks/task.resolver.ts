import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg, Args, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription,
} from 'type-graphql';
import { daysBetween, today } from '../../clock';
import type { Context } from '../../context';
import { StoredFile } from '../../entities/stored-file.entity';
import { Domain, Evidence, Milestone, Official, OrgUnit, Post, ProgressUpdate, Task, TaskClosure, TaskRating } from '../../entities';
import { NO_OPEN_MILESTONE } from '../../entities/task.entity';
import { Light, TaskSort } from '../../schema/enums';
import { selectedPaths } from '../../schema/lookahead';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { isOverdue } from './light';
import {
  CorrectProgressInput, CreateTaskInput, DecideClosureInput, MilestoneInput, PostProgressInput, RateTaskInput,
  RequestClosureInput, TaskFilter, UnitTaskFilter, UpdateTaskInput,
} from './task.inputs';
import { lightOfTask, taskService } from './task.service';

const TaskConnection = ConnectionType(Task);

@ObjectType({ description: 'Counts of the tasks matching a filter, by light and status' })
class TaskStats {
  @Field(() => Int, { description: 'Tasks matching the filter' }) total!: number;
  @Field(() => Int, { description: '红灯: open tasks with a milestone past due' }) red!: number;
  @Field(() => Int, { description: '黄灯: open tasks with a milestone due within ZEREN_YELLOW_DAYS (14 by default)' }) yellow!: number;
  @Field(() => Int, { description: '绿灯: tasks on track, and closed tasks' }) green!: number;
  @Field(() => Int, { description: '推进中 (IN_PROGRESS)' }) inProgress!: number;
  @Field(() => Int, { description: '已申请销号 (CLOSURE_REQUESTED)' }) closureRequested!: number;
  @Field(() => Int, { description: '已销号 (CLOSED)' }) closed!: number;
  @Field(() => Int, { description: 'Past the final due date without reaching 100 percent' }) overdue!: number;
}

@Resolver(() => OrgUnit)
export class OrgUnitTasksResolver {
  @FieldResolver(() => TaskConnection, {
    description: '重点任务 of this unit (not of the units below it) that you may see: all of them in your scope, else the PUBLIC ones. '
      + 'Asked on many units (a street and its communities), every unit\'s page comes in one statement',
  })
  tasks(
    @Root() unit: OrgUnit, @Ctx() ctx: Context, @Args() page: PageArgs, @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => UnitTaskFilter, { nullable: true, description: 'Every visible task of the unit when omitted' }) filter?: UnitTaskFilter,
    @Arg('sort', () => TaskSort, { defaultValue: TaskSort.NEXT_DUE, description: 'Order of the tasks' }) sort: TaskSort = TaskSort.NEXT_DUE,
  ) {
    return taskService.ofUnit(ctx, unit, filter, sort, page, selectedPaths(info, 5));
  }
}

@Resolver(() => Task)
export class TaskResolver {
  @Query(() => Task, { nullable: true, description: 'A key task, if visible to you' })
  task(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the task' }) id: string) {
    return taskService.get(ctx, id);
  }

  @Query(() => TaskConnection, { description: '重点任务: PUBLIC tasks, and INTERNAL tasks of units in your scope' })
  tasks(
    @Ctx() ctx: Context, @Args() page: PageArgs, @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => TaskFilter, { nullable: true, description: 'Every visible task when omitted' }) filter?: TaskFilter,
    @Arg('sort', () => TaskSort, { defaultValue: TaskSort.NEXT_DUE, description: 'Order of the tasks' }) sort: TaskSort = TaskSort.NEXT_DUE,
  ) {
    return taskService.list(ctx, filter, sort, page, selectedPaths(info, 5));
  }

  @Query(() => TaskStats, { description: 'Counts by light and status of the tasks you may see (light and overdue filters ignored)' })
  taskStats(@Ctx() ctx: Context, @Arg('filter', () => TaskFilter, { nullable: true, description: 'Every visible task when omitted' }) filter?: TaskFilter) {
    return taskService.stats(ctx, filter);
  }

  @Subscription(() => Task, {
    description: 'A key task you may see changed (progress, light, status, plan), over graphql-ws at /graphql; optionally only tasks of a unit\'s subtree',
    subscribe: ({ args, context }) => taskService.changes(context as Context, (args as { unitId?: string }).unitId),
  })
  taskChanged(@Root() task: Task, @Arg('unitId', () => ID, { nullable: true, description: 'Only tasks of this unit and the units below it' }) _unitId?: string): Task {
    return task;
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit whose key task it is' })
  unit(@Root() task: Task, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(task.unitId);
  }

  @FieldResolver(() => Domain, { description: '领域' })
  domain(@Root() task: Task, @Ctx() ctx: Context) {
    return ctx.loaders.domainById.load(task.domainId);
  }

  @FieldResolver(() => Post, { description: '责任领导 The responsible leader\'s post' })
  leader(@Root() task: Task, @Ctx() ctx: Context) {
    // Read with the task (a join, when the list saw `leader` selected) when it was.
    return task.leaderPost ?? ctx.loaders.postById.load(task.leaderPostId);
  }

  @FieldResolver(() => Light, { description: '亮灯, computed from milestones, progress and today' })
  light(@Root() task: Task): Light {
    return lightOfTask(task);
  }

  @FieldResolver(() => Boolean, { description: 'Past the final due date without reaching 100 percent (always RED)' })
  overdue(@Root() task: Task): boolean {
    return isOverdue(task, today());
  }

  @FieldResolver(() => String, { nullable: true, description: 'Due date of the earliest milestone not yet reached' })
  nextDueOn(@Root() task: Task): string | null {
    return task.nextDueOn === NO_OPEN_MILESTONE ? null : task.nextDueOn;
  }

  @FieldResolver(() => [Milestone], { description: '时间节点, in date order' })
  milestones(@Root() task: Task, @Ctx() ctx: Context) {
    return ctx.loaders.milestonesByTaskId.load(task);
  }

  @FieldResolver(() => ProgressUpdate, { nullable: true, description: 'The newest progress update (or correction)' })
  latestProgress(@Root() task: Task, @Ctx() ctx: Context) {
    return ctx.loaders.latestProgressByTaskId.load(task);
  }

  @FieldResolver(() => [ProgressUpdate], { description: 'Every progress update and correction, newest first' })
  progress(@Root() task: Task, @Ctx() ctx: Context) {
    return ctx.loaders.progressByTaskId.load(task);
  }

  // Guarded fields are nullable: a denied read is null with FORBIDDEN at its path, not a vanished task.
  @FieldResolver(() => [TaskRating], { nullable: true, description: '季度评价, newest first (posts in scope only)' })
  ratings(@Root() task: Task, @Ctx() ctx: Context) {
    return ctx.loaders.ratingsByTaskId.load(task);
  }

  @FieldResolver(() => [TaskClosure], { nullable: true, description: '销号申请, newest first (posts in scope only)' })
  closures(@Root() task: Task, @Ctx() ctx: Context) {
    return ctx.loaders.closuresByTaskId.load(task);
  }

  @Mutation(() => Task, { description: 'OFFICE or SECRETARY of the unit: create a key task with its milestones' })
  createTask(@Ctx() ctx: Context, @Arg('input', () => CreateTaskInput, { description: 'The task and its plan' }) input: CreateTaskInput) {
    return taskService.create(ctx, input);
  }

  @Mutation(() => Task, { description: 'OFFICE or SECRETARY of the unit: change a task that is not closed' })
  updateTask(
    @Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the task' }) id: string,
    @Arg('input', () => UpdateTaskInput, { description: 'The fields to change' }) input: UpdateTaskInput,
  ) {
    return taskService.update(ctx, id, input);
  }

  @Mutation(() => Task, { description: 'OFFICE or SECRETARY of the unit: add a milestone due today or later' })
  addMilestone(
    @Ctx() ctx: Context, @Arg('taskId', () => ID, { description: 'Global id of the task (not closed)' }) taskId: string,
    @Arg('input', () => MilestoneInput, { description: 'The new milestone; the plan must stay in order' }) input: MilestoneInput,
  ) {
    return taskService.addMilestone(ctx, taskId, input);
  }

  @Mutation(() => ProgressUpdate, { description: 'The responsible leader: post progress (server time; cannot be back-dated)' })
  postProgress(@Ctx() ctx: Context, @Arg('input', () => PostProgressInput, { description: 'The task, text, percent and evidence' }) input: PostProgressInput) {
    return taskService.postProgress(ctx, input);
  }

  @Mutation(() => ProgressUpdate, { description: 'The responsible leader: correct the latest update with a new version (the old one stays)' })
  correctProgress(@Ctx() ctx: Context, @Arg('input', () => CorrectProgressInput, { description: 'The update corrected and its new version' }) input: CorrectProgressInput) {
    return taskService.correctProgress(ctx, input);
  }

  @Mutation(() => TaskRating, { description: 'The unit\'s DISCIPLINE: record the quarterly rating (snapshot)' })
  rateTask(@Ctx() ctx: Context, @Arg('input', () => RateTaskInput, { description: 'The task, quarter, light and comment' }) input: RateTaskInput) {
    return taskService.rate(ctx, input);
  }

  @Mutation(() => TaskClosure, { description: 'The responsible leader: ask to close (销号) with evidence, at 100 percent' })
  requestTaskClosure(@Ctx() ctx: Context, @Arg('input', () => RequestClosureInput, { description: 'The task, summary and evidence' }) input: RequestClosureInput) {
    return taskService.requestClosure(ctx, input);
  }

  @Mutation(() => TaskClosure, { description: 'A SECRETARY of the unit or above, not the requester: confirm the closure' })
  confirmTaskClosure(@Ctx() ctx: Context, @Arg('input', () => DecideClosureInput, { description: 'The task and an optional comment' }) input: DecideClosureInput) {
    return taskService.decideClosure(ctx, input, true);
  }

  @Mutation(() => TaskClosure, { description: 'A SECRETARY of the unit or above, not the requester: return the request with a comment' })
  returnTaskClosure(@Ctx() ctx: Context, @Arg('input', () => DecideClosureInput, { description: 'The task and the comment (required)' }) input: DecideClosureInput) {
    return taskService.decideClosure(ctx, input, false);
  }
}

@Resolver(() => Milestone)
export class MilestoneResolver {
  @FieldResolver(() => Boolean, { description: 'The task\'s percent has reached the target' })
  async reached(@Root() milestone: Milestone, @Ctx() ctx: Context): Promise<boolean> {
    const task = await ctx.loaders.taskCoreById.load(milestone.taskId);
    return !!task && task.percent >= milestone.targetPercent;
  }
}

/**
 * The due day an update answered. A row read from the table has it; the answer of
 * postProgress was built without reading the task (five statements), so there it is read
 * when asked for.
 */
const dueOnReads = new WeakMap<ProgressUpdate, Promise<string | null>>();
function dueOnOf(ctx: Context, update: ProgressUpdate): Promise<string | null> {
  if (update.dueOn !== undefined) return Promise.resolve(update.dueOn);
  let read = dueOnReads.get(update);
  if (!read) {
    dueOnReads.set(update, (read = ctx.db.getRepository(ProgressUpdate).findOne({ select: { id: true, dueOn: true }, where: { id: update.id } })
      .then((row) => row?.dueOn ?? null)));
  }
  return read;
}

@Resolver(() => ProgressUpdate)
export class ProgressUpdateResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The due day of the milestone open when this was posted (YYYY-MM-DD); null when none was open (or before this was recorded)' })
  dueOn(@Root() update: ProgressUpdate, @Ctx() ctx: Context) {
    return dueOnOf(ctx, update);
  }

  @FieldResolver(() => Int, { description: '迟报: whole days after that due day it was posted (0 when on time)' })
  async daysLate(@Root() update: ProgressUpdate, @Ctx() ctx: Context): Promise<number> {
    const dueOn = await dueOnOf(ctx, update);
    if (!dueOn || !update.postedOn || update.postedOn <= dueOn) return 0;
    return daysBetween(dueOn, update.postedOn);
  }

  @FieldResolver(() => Task, { description: 'The task, as it is now (a mutation result updates the client cache)' })
  task(@Root() update: ProgressUpdate, @Ctx() ctx: Context) {
    return ctx.loaders.taskById.load(update.taskId);
  }

  @FieldResolver(() => Official, { description: 'The responsible leader who posted it' })
  author(@Root() update: ProgressUpdate, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(update.authorOfficialId);
  }

  @FieldResolver(() => ProgressUpdate, { nullable: true, description: 'The update this version corrects' })
  corrects(@Root() update: ProgressUpdate, @Ctx() ctx: Context) {
    return update.correctsId ? ctx.loaders.progressById.load(update.correctsId) : null;
  }

  @FieldResolver(() => [Evidence], { nullable: true, description: 'Posts in scope only' })
  evidence(@Root() update: ProgressUpdate, @Ctx() ctx: Context) {
    return ctx.loaders.evidenceByProgressId.load(update);
  }
}

@Resolver(() => TaskRating)
export class TaskRatingResolver {
  @FieldResolver(() => Official, { description: 'The DISCIPLINE official who rated' })
  ratedBy(@Root() rating: TaskRating, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(rating.ratedByOfficialId);
  }
}

@Resolver(() => TaskClosure)
export class TaskClosureResolver {
  @FieldResolver(() => Official, { description: 'The responsible leader who asked' })
  requestedBy(@Root() closure: TaskClosure, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(closure.requestedByOfficialId);
  }

  @FieldResolver(() => Official, { nullable: true, description: 'The SECRETARY who confirmed or returned it; null while pending' })
  decidedBy(@Root() closure: TaskClosure, @Ctx() ctx: Context) {
    return closure.decidedByOfficialId ? ctx.loaders.officialById.load(closure.decidedByOfficialId) : null;
  }

  @FieldResolver(() => [Evidence], { description: '佐证材料 given with the request' })
  evidence(@Root() closure: TaskClosure, @Ctx() ctx: Context) {
    return ctx.loaders.evidenceByClosureId.load(closure);
  }
}

@Resolver(() => Evidence)
export class EvidenceResolver {
  @FieldResolver(() => Official, { description: 'Who gave it (the responsible leader)' })
  addedBy(@Root() evidence: Evidence, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(evidence.addedByOfficialId);
  }

  @FieldResolver(() => StoredFile, { nullable: true, description: 'The uploaded file, when one was given (download it at its downloadUrl)' })
  file(@Root() evidence: Evidence, @Ctx() ctx: Context) {
    return evidence.fileId === null ? null : ctx.loaders.fileById.load(evidence.fileId);
  }
}
