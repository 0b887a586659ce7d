import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { OrgUnit } from '../../entities';
import { Node } from '../../schema/node';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { WorkItem, WorkItemCount, WorkItemFilter } from './work-item.inputs';
import { workItemService } from './work-item.service';

const WorkItemConnection = ConnectionType(WorkItem);

@Resolver(() => WorkItem)
export class WorkItemResolver {
  @Query(() => WorkItemConnection, {
    description: '我的待办: what your posts may do now or soon, by the rules of the mutations that do it; '
      + 'by due day (items without one last), then kind, then record',
  })
  workItems(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => WorkItemFilter, { nullable: true, description: 'All your work items when omitted' }) filter?: WorkItemFilter,
  ) {
    return workItemService.list(ctx, filter, page);
  }

  @Query(() => [WorkItemCount], { description: '待办数量: your work items counted by kind (every kind asked for, zeros included)' })
  workItemCounts(
    @Ctx() ctx: Context,
    @Arg('filter', () => WorkItemFilter, { nullable: true, description: 'All your work items when omitted' }) filter?: WorkItemFilter,
  ) {
    return workItemService.counts(ctx, filter);
  }

  @FieldResolver(() => Node, { description: 'The record it acts on: give its id to the action (the OrgUnit itself for draftWrittenReport and recordAssessment)' })
  record(@Root() item: WorkItem, @Ctx() ctx: Context) {
    return workItemService.record(ctx, item);
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit of the record (a letter: the signing unit; a lead: the unit it is about)' })
  unit(@Root() item: WorkItem, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(item.unitId);
  }
}
