// Notifications (通知, issue 12): reminders of deadlines (src/reminders.ts) and urging
// events, one row per recipient official, unique by (official, reminder key). Only the
// recipient reads a notification; subscribers hear of their own as it is created. With a
// webhook configured each new notification also gets an outbox row (src/outbox.ts).
import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { now } from '../../clock';
import { config } from '../../config';
import type { Context } from '../../context';
import { citiesOf } from '../../auth/scope';
import { Notification, NotificationDelivery } from '../../entities';
import { badInput } from '../../errors';
import { events } from '../../events';
import { DeliveryStatus, type NotificationKind } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';

/** A notification to create: its recipient, what it is about, and what makes it unique for them. */
export interface NewNotification {
  readonly officialId: number;
  readonly cityId: number;
  readonly kind: NotificationKind;
  readonly subject: { readonly type: string; readonly id: number };
  /** Unique per recipient: the same key for the same official is created once, ever. */
  readonly key: string;
  readonly title: string;
  readonly body: string;
  readonly dueOn?: string | null;
  readonly offsetDays?: number | null;
}

export interface NotifyInput {
  readonly officialIds: readonly number[];
  readonly kind: NotificationKind;
  readonly subject: { readonly type: string; readonly id: number };
  readonly key: string;
  readonly title: string;
  readonly body: string;
  readonly cityId: number;
  readonly dueOn?: string | null;
  readonly offsetDays?: number | null;
}

/** Rows per INSERT: 13 parameters a row stays well under SQLite's 32,766 and MySQL's packet. */
const BATCH = 500;
/** The most ids markNotificationsRead takes at once. */
export const MAX_MARK_IDS = 100;

/** A text cut to `length` characters, with an ellipsis when cut. */
export const clip = (text: string, length: number): string => (text.length <= length ? text : `${text.slice(0, length - 1)}…`);

/** The existing notifications among these (official, key) pairs: one statement (full rows, or the keys only). */
async function matching(em: EntityManager, batch: readonly NewNotification[], full: boolean): Promise<Notification[]> {
  const wanted = new Set(batch.map((n) => `${n.officialId}|${n.key}`));
  const rows = await em.getRepository(Notification).find({
    ...(full ? {} : { select: { id: true, officialId: true, reminderKey: true } }),
    where: {
      cityId: In(citiesOf(batch)), officialId: In([...new Set(batch.map((n) => n.officialId))]),
      reminderKey: In([...new Set(batch.map((n) => n.key))]),
    },
    order: { id: 'ASC' },
  });
  return rows.filter((row) => wanted.has(`${row.officialId}|${row.reminderKey}`));
}

const distinct = (wanted: readonly NewNotification[]): NewNotification[] =>
  [...new Map(wanted.map((n) => [`${n.officialId}|${n.key}`, n])).values()];

/**
 * The ones not created yet, read outside any transaction (a scheduler's cheap first look:
 * most of what it considers exists already); insertNotifications checks again.
 */
export async function notYetCreated(em: EntityManager, wanted: readonly NewNotification[]): Promise<NewNotification[]> {
  const all = distinct(wanted);
  const missing: NewNotification[] = [];
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    const present = new Set((await matching(em, batch, false)).map((row) => `${row.officialId}|${row.reminderKey}`));
    missing.push(...batch.filter((n) => !present.has(`${n.officialId}|${n.key}`)));
  }
  return missing;
}

/**
 * Creates the notifications that do not exist yet, in the caller's transaction, and queues
 * their webhook deliveries (when a webhook is configured); returns the rows this call
 * created (an existing (official, key) is left as it is). Three statements a batch and one
 * for the deliveries. Inside a transaction the answer is exact also against a concurrent
 * writer: MySQL/MariaDB's reads see the snapshot of the first read plus this transaction's
 * own rows, and SQLite serialises writers. The caller publishes with publishNotifications
 * after the commit.
 */
export async function insertNotifications(em: EntityManager, wanted: readonly NewNotification[]): Promise<Notification[]> {
  const all = distinct(wanted);
  const created: Notification[] = [];
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    const found = await matching(em, batch, false);
    const before = new Set(found.map((row) => row.id));
    const present = new Set(found.map((row) => `${row.officialId}|${row.reminderKey}`));
    const missing = batch.filter((n) => !present.has(`${n.officialId}|${n.key}`));
    if (!missing.length) continue;
    const at = now();
    await em.createQueryBuilder().insert().into(Notification).orIgnore().values(missing.map((n) => ({
      cityId: n.cityId, officialId: n.officialId, kind: n.kind, subjectType: n.subject.type, subjectId: n.subject.id, reminderKey: n.key,
      dueOn: n.dueOn ?? null, offsetDays: n.offsetDays ?? null, title: clip(n.title, 200), body: clip(n.body, 1000), createdAt: at, readAt: null,
    }))).updateEntity(false).execute();
    created.push(...(await matching(em, batch, true)).filter((row) => !before.has(row.id)));
  }
  if (created.length && config.webhook.url) {
    const at = now();
    for (let i = 0; i < created.length; i += BATCH) {
      await em.createQueryBuilder().insert().into(NotificationDelivery).orIgnore().values(created.slice(i, i + BATCH).map((n) => ({
        cityId: n.cityId, notificationId: n.id, status: DeliveryStatus.PENDING, attempts: 0, nextAttemptAt: at, claimedUntil: null,
        claimToken: null, lastError: null, deliveredAt: null, createdAt: at,
      }))).updateEntity(false).execute();
    }
  }
  return created;
}

/**
 * One notification per official about one record or event (an urging made or answered),
 * in the caller's transaction; idempotent by (official, key). Publish the returned rows
 * with publishNotifications after the commit.
 */
export function notify(em: EntityManager, input: NotifyInput): Promise<Notification[]> {
  const { officialIds, ...rest } = input;
  return insertNotifications(em, [...new Set(officialIds)].map((officialId) => ({ ...rest, officialId })));
}

/** After the commit: each recipient's subscriptions hear of their new notifications. */
export function publishNotifications(rows: readonly Notification[]): void {
  for (const n of rows) events.publish('notificationAdded', { notificationId: n.id, officialId: n.officialId });
}

export interface NotificationFilterArgs {
  readonly unread?: boolean | null;
  readonly kind?: NotificationKind | null;
}

const NEWEST = [{ column: 'nt.id', value: (n: Notification) => n.id, descending: true }];

export const notificationService = {
  /** The viewer's own notifications: nobody else's, whatever their posts. */
  visible(ctx: Context): SelectQueryBuilder<Notification> {
    return ctx.db.getRepository(Notification).createQueryBuilder('nt')
      .where('nt.cityId = :ntCity AND nt.officialId = :ntOfficial', { ntCity: ctx.viewer?.cityId ?? 0, ntOfficial: ctx.viewer?.officialId ?? 0 });
  },

  byId(ctx: Context, id: number): Promise<Notification | null> {
    return this.visible(ctx).andWhere('nt.id = :ntId', { ntId: id }).getOne();
  },

  list(ctx: Context, filter: NotificationFilterArgs | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.unread === true) qb.andWhere('nt.readAt IS NULL');
    if (filter?.unread === false) qb.andWhere('nt.readAt IS NOT NULL');
    if (filter?.kind) qb.andWhere('nt.kind = :ntKind', { ntKind: filter.kind });
    return paginate(qb, page, NEWEST);
  },

  unreadCount(ctx: Context): Promise<number> {
    return this.visible(ctx).andWhere('nt.readAt IS NULL').getCount();
  },

  /**
   * Marks the viewer's own notifications read (those named, or all unread); returns how many
   * changed. An id of someone else's notification is ignored like an absent one (nothing
   * tells them apart); an id that is not a Notification id is BAD_USER_INPUT.
   */
  async markRead(ctx: Context, globalIds: readonly string[] | null | undefined, all: boolean | null | undefined): Promise<number> {
    if (all && globalIds) throw badInput('Give ids or all: true, not both', 'ids');
    if (!all && !globalIds) throw badInput('Give the ids to mark read, or all: true', 'ids');
    const qb = ctx.db.createQueryBuilder().update(Notification).set({ readAt: now() })
      .where('cityId = :city AND officialId = :official AND readAt IS NULL', { city: ctx.viewer?.cityId ?? 0, official: ctx.viewer?.officialId ?? 0 });
    if (!all) {
      if (globalIds!.length > MAX_MARK_IDS) throw badInput(`Mark at most ${MAX_MARK_IDS} ids at once`, 'ids');
      const ids = globalIds!.map((globalId, i) => {
        const ref = decodeId(globalId, 'Notification');
        if (!ref) throw badInput(`ids[${i}] is not a notification id`, 'ids');
        return ref.id;
      });
      if (!ids.length) return 0;
      qb.andWhere('id IN (:...ids)', { ids: [...new Set(ids)] });
    }
    return (await qb.execute()).affected ?? 0;
  },

  /**
   * The viewer's new notifications, for a subscription: an event names its recipient, and
   * each is re-read through visible() after renewing the viewer, so only the recipient
   * hears of it and a deactivated account stops hearing.
   */
  async *added(ctx: Context): AsyncGenerator<Notification> {
    for await (const { notificationId, officialId } of events.subscribe('notificationAdded')) {
      if (officialId !== ctx.viewer?.officialId) continue;
      if (ctx.renew && !(await ctx.renew())) return;
      const row = await this.byId(ctx, notificationId);
      if (row) yield row;
    }
  },
};
