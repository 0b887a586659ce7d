import DataLoader from 'dataloader';
import { toGlobalId } from 'graphql-relay';
import { Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription, Arg } from 'type-graphql';
import { In } from 'typeorm';
import type { Context } from '../../context';
import { Notification, NotificationDelivery, Official } from '../../entities';
import { NotificationKind } from '../../schema/enums';
import { Node } from '../../schema/node';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { nodeService } from '../node/node.service';
import { deliveryService } from './delivery.service';
import { MarkNotificationsReadArgs, NotificationDeliveriesArgs, NotificationFilter } from './notification.inputs';
import { notificationService } from './notification.service';

const NotificationConnection = ConnectionType(Notification);
const NotificationDeliveryConnection = ConnectionType(NotificationDelivery);

// Loaders that need the viewer (createLoaders has only the database): one per request,
// keyed by the request's loaders (a subscription renews them before each event).
const recordLoaders = new WeakMap<object, DataLoader<string, Node | null>>();
const notificationLoaders = new WeakMap<object, DataLoader<number, Notification | null>>();

/** A notification's record through node(id): null when absent or no longer in the viewer's scope. */
function recordLoader(ctx: Context): DataLoader<string, Node | null> {
  let loader = recordLoaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader((ids) => nodeService.many(ctx, ids), { maxBatchSize: 100 });
    recordLoaders.set(ctx.loaders, loader);
  }
  return loader;
}

/** A delivery's notification (ADMIN reads its kind and title, not through the recipient's scope). */
function notificationLoader(ctx: Context): DataLoader<number, Notification | null> {
  let loader = notificationLoaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = await ctx.db.getRepository(Notification).find({ where: { id: In([...ids]) } });
      const byId = new Map(rows.map((n) => [n.id, n]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    notificationLoaders.set(ctx.loaders, loader);
  }
  return loader;
}

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => NotificationConnection, { description: '我的通知: your notifications, newest first (nobody else\'s)' })
  notifications(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => NotificationFilter, { nullable: true, description: 'All your notifications when omitted' }) filter?: NotificationFilter,
  ) {
    return notificationService.list(ctx, filter, page);
  }

  @Query(() => Int, { description: 'How many of your notifications are unread' })
  unreadNotificationCount(@Ctx() ctx: Context) {
    return notificationService.unreadCount(ctx);
  }

  @Mutation(() => Int, { description: 'Mark your notifications read (the ids, or all: true); returns how many were unread and are now read' })
  markNotificationsRead(@Ctx() ctx: Context, @Args() { ids, all }: MarkNotificationsReadArgs) {
    return notificationService.markRead(ctx, ids, all);
  }

  @Subscription(() => Notification, {
    description: 'A notification for you was created (a reminder, an urging), over graphql-ws at /graphql; only your own',
    subscribe: ({ context }) => notificationService.added(context as Context),
  })
  notificationAdded(@Root() notification: Notification): Notification {
    return notification;
  }

  @FieldResolver(() => Node, { nullable: true, description: 'The record it is about (a task, notice, rectification item, report, urging); null when you may no longer read it' })
  record(@Root() notification: Notification, @Ctx() ctx: Context) {
    return recordLoader(ctx).load(toGlobalId(notification.subjectType, String(notification.subjectId)));
  }
}

@Resolver(() => NotificationDelivery)
export class NotificationDeliveryResolver {
  @Query(() => NotificationDeliveryConnection, { description: 'ADMIN of a city: the webhook outbox of your city, newest first' })
  notificationDeliveries(@Ctx() ctx: Context, @Args() { status, ...page }: NotificationDeliveriesArgs) {
    return deliveryService.list(ctx, status, page);
  }

  @FieldResolver(() => NotificationKind, { description: 'The notification\'s kind' })
  async kind(@Root() delivery: NotificationDelivery, @Ctx() ctx: Context) {
    return (await notificationLoader(ctx).load(delivery.notificationId))!.kind;
  }

  @FieldResolver(() => String, { description: 'The notification\'s title (its body is the recipient\'s)' })
  async title(@Root() delivery: NotificationDelivery, @Ctx() ctx: Context) {
    return (await notificationLoader(ctx).load(delivery.notificationId))!.title;
  }

  @FieldResolver(() => Official, { description: 'Who it is for' })
  async recipient(@Root() delivery: NotificationDelivery, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load((await notificationLoader(ctx).load(delivery.notificationId))!.officialId);
  }
}
