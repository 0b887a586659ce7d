// Urgings (督办单): urge, reply, list; the urgings of a task, a notice or a rectification item.
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Notice, OrgUnit, Post, RectificationItem, Task, Urging } from '../../entities';
import { UrgingSubject } from '../../schema/enums';
import { Node } from '../../schema/node';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { ReplyToUrgingArgs, UrgeInput, UrgingFilter } from './urging.inputs';
import { isReplyOverdue, repliedLate, urgingService } from './urging.service';

const UrgingConnection = ConnectionType(Urging);

@Resolver(() => Urging)
export class UrgingResolver {
  @Query(() => UrgingConnection, {
    description: '督办单, newest first: those about records of units in your scope (as the urged side or above it) or issued from one, and those addressed to your posts',
  })
  urgings(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => UrgingFilter, { nullable: true, description: 'Every urging you may read when omitted' }) filter?: UrgingFilter,
  ) {
    return urgingService.list(ctx, filter, page);
  }

  @Mutation(() => Urging, {
    description: '督办: DISCIPLINE at the record\'s unit or above, or the OFFICE or SECRETARY of a unit above it, urges the post answering for '
      + 'a RED or overdue task, an overdue notice or an overdue rectification item; its holder is notified',
  })
  urge(@Ctx() ctx: Context, @Arg('input', () => UrgeInput, { description: 'The record, what is asked and the reply day' }) input: UrgeInput) {
    return urgingService.urge(ctx, input);
  }

  @Mutation(() => Urging, { description: '回复督办: the holder of the urged post replies, once; the issuer is notified' })
  replyToUrging(@Ctx() ctx: Context, @Args() { id, reply }: ReplyToUrgingArgs) {
    return urgingService.reply(ctx, id, reply);
  }

  @FieldResolver(() => Node, { nullable: true, description: 'The record urged (Task, Notice or RectificationItem); null where you may not read it' })
  record(@Root() urging: Urging, @Ctx() ctx: Context) {
    return ctx.loaders.urgedRecord.load({ ctx, type: urging.subjectType, id: urging.subjectId });
  }

  @FieldResolver(() => OrgUnit, { description: 'The urged record\'s unit (for a notice: the unit of the post it is addressed to)' })
  unit(@Root() urging: Urging, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(urging.unitId);
  }

  @FieldResolver(() => Post, { description: 'The post that must reply: the task\'s responsible leader, the notice\'s recipient, the item\'s owner' })
  urgedPost(@Root() urging: Urging, @Ctx() ctx: Context) {
    return ctx.loaders.postById.load(urging.urgedPostId);
  }

  @FieldResolver(() => Post, { description: 'The post that urged (DISCIPLINE in scope, or OFFICE or SECRETARY above)' })
  issuerPost(@Root() urging: Urging, @Ctx() ctx: Context) {
    return ctx.loaders.postById.load(urging.issuerPostId);
  }

  @FieldResolver(() => OrgUnit, { description: 'The issuing post\'s unit' })
  issuerUnit(@Root() urging: Urging, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(urging.issuerUnitId);
  }

  @FieldResolver(() => Post, { nullable: true, description: 'The post that replied (the urged post); null until it replies' })
  repliedBy(@Root() urging: Urging, @Ctx() ctx: Context) {
    return urging.repliedByPostId === null ? null : ctx.loaders.postById.load(urging.repliedByPostId);
  }

  @FieldResolver(() => Boolean, { description: 'Not yet replied to' })
  open(@Root() urging: Urging): boolean {
    return urging.repliedOn === null;
  }

  @FieldResolver(() => Boolean, {
    description: '回复逾期: not replied to and today is past replyDueOn, or replied to after replyDueOn (days in the configured time zone)',
  })
  replyOverdue(@Root() urging: Urging): boolean {
    return isReplyOverdue(urging);
  }

  @FieldResolver(() => Boolean, { description: '逾期回复: replied to, after replyDueOn (false while there is no reply)' })
  repliedLate(@Root() urging: Urging): boolean {
    return repliedLate(urging);
  }
}

@Resolver(() => Task)
export class TaskUrgingsResolver {
  @FieldResolver(() => [Urging], { description: '督办单 about this task you may read, newest first' })
  urgings(@Root() task: Task, @Ctx() ctx: Context) {
    return urgingService.ofRecord(ctx, UrgingSubject.TASK, task.id);
  }
}

@Resolver(() => Notice)
export class NoticeUrgingsResolver {
  @FieldResolver(() => [Urging], { description: '督办单 about this notice you may read, newest first' })
  urgings(@Root() notice: Notice, @Ctx() ctx: Context) {
    return urgingService.ofRecord(ctx, UrgingSubject.NOTICE, notice.id);
  }
}

@Resolver(() => RectificationItem)
export class RectificationItemUrgingsResolver {
  @FieldResolver(() => [Urging], { description: '督办单 about this rectification item you may read, newest first' })
  urgings(@Root() item: RectificationItem, @Ctx() ctx: Context) {
    return urgingService.ofRecord(ctx, UrgingSubject.RECTIFICATION_ITEM, item.id);
  }
}
