// The filter of workItems and workItemCounts, and the types they answer with. A work item
// is derived, not stored (domain.md section 5): it is not a Node, and its id is stable
// (its kind and its record) but node(id) does not resolve it; refetch the list instead.
import { ArrayMaxSize, IsOptional, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { KIND_ORDER, WorkItemKind } from './work-kinds';

@InputType({ description: 'Filters of your work items (待办); all optional, combined with AND' })
export class WorkItemFilter {
  @Field(() => [WorkItemKind], { nullable: true, description: 'Only these kinds (an empty list matches nothing)' })
  @IsOptional()
  @ArrayMaxSize(KIND_ORDER.length)
  kinds?: WorkItemKind[];

  @Field(() => ID, { nullable: true, description: 'Only items whose unit is this unit or a unit below it' })
  unitId?: string;

  @Field(() => Int, { nullable: true, description: 'Due soon (临期): only items due from today to today + this many days (0: today); at most 366' })
  @IsOptional()
  @Min(0)
  @Max(366)
  dueWithinDays?: number;

  @Field(() => Boolean, { nullable: true, description: 'true: only items past their due day; false: only the others (not yet due, or with no due day)' })
  overdue?: boolean;
}

@ObjectType({
  description: '待办事项 Something you may do now or soon, by the same rule as the mutation that does it. Derived from the records, '
    + 'not stored: it leaves your list once the step is taken (by you or by anyone)',
})
export class WorkItem {
  @Field(() => ID, { description: 'Stable opaque id: the kind and the record (not a Node id: node(id) does not resolve it)' })
  id!: string;

  @Field(() => WorkItemKind, { description: '待办类别 What to do' })
  kind!: WorkItemKind;

  @Field({ description: 'The name of the mutation that does it (e.g. postProgress), taking the record\'s id' })
  action!: string;

  @Field(() => String, { nullable: true, description: '期限 The day it is due (YYYY-MM-DD); null when the step has no deadline' })
  dueOn!: string | null;

  @Field({ description: '临期: due from today to today + ZEREN_YELLOW_DAYS (the window that lights a key task YELLOW)' })
  dueSoon!: boolean;

  @Field({ description: '逾期: past its due day' })
  overdue!: boolean;

  /** The record's GraphQL type and id, and its unit (resolved by field resolvers). */
  recordType!: string;
  recordId!: number;
  unitId!: number;
}

@ObjectType({ description: 'How many work items of one kind you have' })
export class WorkItemCount {
  @Field(() => WorkItemKind, { description: '待办类别' })
  kind!: WorkItemKind;

  @Field(() => Int, { description: 'Items of this kind' })
  count!: number;

  @Field(() => Int, { description: 'Of them, past their due day (逾期)' })
  overdue!: number;

  @Field(() => Int, { description: 'Of them, due soon (临期, as WorkItem.dueSoon)' })
  dueSoon!: number;
}
