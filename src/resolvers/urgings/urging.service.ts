// Urgings (督办单, issue 12): DISCIPLINE in scope of a record's unit, or the OFFICE or
// SECRETARY of a unit strictly above it, urges the post answering for an overdue or RED
// record (a key task, a notice, a rectification item) and names a day for the reply; the
// holder of that post replies once. Read by posts in scope of the record's unit (the
// urged post and the units above it) and of the issuing unit (the urging side), all in SQL.
// Each write is one transaction with its audit entry and its notification; the
// notification is published after the commit.
import { Brackets, type EntityManager, type EntityTarget, type SelectQueryBuilder } from 'typeorm';
import { coveringPost, isUnder, KEEPER_ROLES, RECORD_READERS, scopeRoots, unitInScope, whereUnitFilter } from '../../auth/scope';
import type { Viewer, ViewerPost } from '../../auth/viewer';
import { addDays, inPeriod, isCalendarDay, now, today } from '../../clock';
import { config } from '../../config';
import { viewerOf, type Context } from '../../context';
import { lockById } from '../../data-source';
import { Notice, OrgUnit, Post, RectificationItem, Task, Urging } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { Light, NoticeState, NotificationKind, PostRole, RectificationStatus, TaskStatus, UrgingSubject } from '../../schema/enums';
import { decodeId, type Node, type NodeType } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { REPLIES_TO_URGING } from '../../auth/steps';
import { recordAudit } from '../audit/audit.service';
import { isOverdueItem, problemService } from '../inspections/problem.service';
import { isNoticeOverdue, noticeService } from '../notices/notice.service';
import { notify, publishNotifications } from '../notifications/notification.service';
import { orgUnitService } from '../org/org-unit.service';
import { lightOfTask, taskService } from '../tasks/task.service';
import type { UrgeInput, UrgingFilter } from './urging.inputs';

/** The longest reply window an issuer may give, in days from today. */
export const MAX_REPLY_DAYS = 30;

const NEWEST = [{ column: 'g.id', value: (g: Urging) => g.id, descending: true }];

/** The node type of each subject, and back. */
export const SUBJECT_TYPES: Record<UrgingSubject, NodeType> = {
  [UrgingSubject.TASK]: 'Task', [UrgingSubject.NOTICE]: 'Notice', [UrgingSubject.RECTIFICATION_ITEM]: 'RectificationItem',
};
const SUBJECT_OF: Partial<Record<NodeType, UrgingSubject>> = {
  Task: UrgingSubject.TASK, Notice: UrgingSubject.NOTICE, RectificationItem: UrgingSubject.RECTIFICATION_ITEM,
};

const ROLE_LABELS: Partial<Record<PostRole, string>> = {
  [PostRole.DISCIPLINE]: '纪委', [PostRole.OFFICE]: '党委办', [PostRole.SECRETARY]: '书记',
};

/** Not replied to and past the reply day, or replied to after it (the SQL of replyOverdue; never NULL, so NOT is its negation). */
const REPLY_OVERDUE = '((g.repliedOn IS NULL AND g.replyDueOn < :ugToday) OR (g.repliedOn IS NOT NULL AND g.repliedOn > g.replyDueOn))';

/** Replied after the reply day. */
export const repliedLate = (u: Urging): boolean => u.repliedOn !== null && u.repliedOn > u.replyDueOn;

/** 回复逾期: no reply and today is past the reply day, or a reply that came after it. */
export const isReplyOverdue = (u: Urging, day: string = today()): boolean =>
  (u.repliedOn === null && day > u.replyDueOn) || repliedLate(u);

/** What an urging is about, as found for the viewer. */
interface Subject {
  readonly type: UrgingSubject;
  readonly id: number;
  readonly title: string;
  /** The record's unit (for a notice, the unit of the post it is addressed to). */
  readonly unit: OrgUnit;
  readonly urgedPostId: number;
}

const notUrgent = (message: string, reason: 'closed' | 'not-overdue'): AppError => new AppError('CONFLICT', message, { reason });

/** Why the record may not be urged now (CONFLICT), or null: the rule of section 6, on a row as read or as locked. */
function refusal(type: UrgingSubject, row: Task | Notice | RectificationItem, day: string): AppError | null {
  if (type === UrgingSubject.TASK) {
    const task = row as Task;
    if (task.status === TaskStatus.CLOSED) return notUrgent('This task is closed (销号); only an open task that is RED or overdue can be urged', 'closed');
    const light = lightOfTask(task);
    return light === Light.RED ? null
      : notUrgent(`This task is ${light} and no milestone is past due; only a RED or overdue task can be urged`, 'not-overdue');
  }
  if (type === UrgingSubject.NOTICE) {
    const notice = row as Notice;
    if (isNoticeOverdue(notice, day)) return null;
    if (notice.state === NoticeState.CLOSED) return notUrgent('This notice is closed; only an overdue notice can be urged', 'closed');
    return notUrgent(notice.state === NoticeState.ISSUED
      ? `This notice is due on ${notice.dueOn}; only a notice past its due day without a report can be urged`
      : `This notice is ${notice.state}; only an ISSUED notice past its due day without a report can be urged`, 'not-overdue');
  }
  const item = row as RectificationItem;
  if (isOverdueItem(item, day)) return null;
  return item.status === RectificationStatus.CLOSED
    ? notUrgent('This rectification item is closed (销号); only an open item past its deadline can be urged', 'closed')
    : notUrgent(`This rectification item is due on ${item.deadline}; only an open item past its deadline can be urged`, 'not-overdue');
}

/** The table of each subject, for locking the record in the urging's transaction. */
const ENTITY_OF: Record<UrgingSubject, EntityTarget<Task | Notice | RectificationItem>> = {
  [UrgingSubject.TASK]: Task, [UrgingSubject.NOTICE]: Notice, [UrgingSubject.RECTIFICATION_ITEM]: RectificationItem,
};

/** The record, if the viewer sees it (NOT_FOUND otherwise, and for an id that is not one). */
async function findSubject(ctx: Context, globalId: string): Promise<{ subject: Subject; row: Task | Notice | RectificationItem }> {
  const ref = decodeId(globalId);
  const missing = () => new AppError('NOT_FOUND', 'recordId: no such record', { field: 'recordId' });
  if (!ref) throw missing();
  const type = SUBJECT_OF[ref.type];
  if (!type) throw badInput('recordId must be a Task, a Notice or a RectificationItem', 'recordId');
  if (type === UrgingSubject.TASK) {
    const task = await taskService.byId(ctx, ref.id);
    if (!task) throw missing();
    const unit = (await ctx.loaders.unitById.load(task.unitId))!;
    return { subject: { type, id: task.id, title: task.title, unit, urgedPostId: task.leaderPostId }, row: task };
  }
  if (type === UrgingSubject.NOTICE) {
    const notice = await noticeService.byId(ctx, ref.id);
    if (!notice) throw missing();
    // The unit that rectifies: the recipient's (the issuing unit or one below it).
    const recipient = (await ctx.loaders.postById.load(notice.recipientPostId))!;
    const unit = (await ctx.loaders.unitById.load(recipient.unitId))!;
    return { subject: { type, id: notice.id, title: notice.title, unit, urgedPostId: notice.recipientPostId }, row: notice };
  }
  const item = await problemService.itemById(ctx, ref.id);
  if (!item) throw missing();
  const problem = (await ctx.loaders.problemById.load(item.problemId))!;
  const unit = (await ctx.loaders.unitById.load(problem.unitId))!;
  return { subject: { type, id: item.id, title: item.measure, unit, urgedPostId: item.ownerPostId }, row: item };
}

/**
 * The viewer's post that urges about a unit (domain.md section 6): the deepest DISCIPLINE
 * post at the unit or above it; else the deepest OFFICE or SECRETARY post strictly above
 * it (the unit's own keepers answer for its records, they do not urge them).
 */
export function urgingPost(viewer: Viewer | null, unit: { id: number; path: string }): ViewerPost | undefined {
  const discipline = coveringPost(viewer, unit.path, [PostRole.DISCIPLINE]);
  if (discipline) return discipline;
  let best: ViewerPost | undefined;
  for (const post of viewer?.posts ?? []) {
    if (!KEEPER_ROLES.includes(post.role) || post.unitId === unit.id || !isUnder(unit.path, post.unitPath)) continue;
    if (!best || post.unitPath.length > best.unitPath.length) best = post;
  }
  return best;
}

/** The reply day: given (today to today + 30) or today + the configured days. */
function replyDay(given: string | undefined | null): string {
  const day = today();
  if (given === undefined || given === null) return addDays(day, config.urgingReplyDays);
  if (!isCalendarDay(given)) throw badInput('replyDueOn is not a calendar day', 'replyDueOn');
  if (given < day || given > addDays(day, MAX_REPLY_DAYS)) {
    throw badInput(`replyDueOn must be from today (${day}) to ${MAX_REPLY_DAYS} days later (${addDays(day, MAX_REPLY_DAYS)})`, 'replyDueOn');
  }
  return given;
}

/** The unit's name with the issuing post's role, for a notification: "东湖区纪委". */
const issuerLabel = (unit: OrgUnit, role: PostRole): string => `${unit.name}${ROLE_LABELS[role] ?? ''}`;

/** The holder of a post today: the official a notification goes to (none when the post has ended). */
const holderOf = (post: Post | null): number[] => (post && inPeriod(post) ? [post.officialId] : []);

export const urgingService = {
  /**
   * Urgings the viewer may read: posts in scope of the urged record's unit (the urged post
   * and every unit above it) or of the issuing unit (the urging side, which keeps them if
   * the urged unit moves away), and the urged post itself. A sibling never sees them.
   */
  visible(ctx: Context): SelectQueryBuilder<Urging> {
    const qb = ctx.db.getRepository(Urging).createQueryBuilder('g');
    const roots = scopeRoots(ctx.viewer, RECORD_READERS);
    const urged = unitInScope(qb, 'g.unitId', roots);
    const issuing = unitInScope(qb, 'g.issuerUnitId', roots, 'g.cityId');
    const postIds = ctx.viewer?.posts.map((p) => p.id) ?? [];
    return qb.andWhere(new Brackets((anyOf) => {
      anyOf.where(urged.sql, urged.params).orWhere(issuing.sql, issuing.params);
      if (postIds.length) anyOf.orWhere('g.urgedPostId IN (:...ugPosts)', { ugPosts: postIds });
    }));
  },

  byId(ctx: Context, id: number): Promise<Urging | null> {
    return this.visible(ctx).andWhere('g.id = :ugId', { ugId: id }).getOne();
  },

  async require(ctx: Context, globalId: string, field = 'id'): Promise<Urging> {
    const ref = decodeId(globalId, 'Urging');
    const urging = ref && (await this.byId(ctx, ref.id));
    if (!urging) throw new AppError('NOT_FOUND', `${field}: no such urging`, { field });
    return urging;
  },

  async filtered(ctx: Context, filter: UrgingFilter | undefined): Promise<SelectQueryBuilder<Urging>> {
    const qb = this.visible(ctx);
    if (!filter) return qb;
    if (filter.unitId) whereUnitFilter(qb, 'g', await orgUnitService.get(ctx, filter.unitId), filter.subtree ?? true);
    if (filter.subject) qb.andWhere('g.subjectType = :ugSubject', { ugSubject: filter.subject });
    if (filter.open === true) qb.andWhere('g.repliedOn IS NULL');
    if (filter.open === false) qb.andWhere('g.repliedOn IS NOT NULL');
    if (filter.replyOverdue !== undefined && filter.replyOverdue !== null) {
      qb.andWhere(filter.replyOverdue ? REPLY_OVERDUE : `NOT ${REPLY_OVERDUE}`, { ugToday: today() });
    }
    if (filter.urgedPostId !== undefined && filter.urgedPostId !== null) {
      qb.andWhere('g.urgedPostId = :ugUrged', { ugUrged: decodeId(filter.urgedPostId, 'Post')?.id ?? 0 });
    }
    return qb;
  },

  async list(ctx: Context, filter: UrgingFilter | undefined, page: PageArgs) {
    return paginate(await this.filtered(ctx, filter), page, NEWEST);
  },

  /** The urgings of a record the viewer may read, newest first (one batched, scoped statement per request). */
  ofRecord(ctx: Context, type: UrgingSubject, id: number): Promise<Urging[]> {
    return ctx.loaders.urgingsOfRecord.load({ ctx, type, id });
  },

  /**
   * 督办: find the record (NOT_FOUND), check the viewer may urge about its unit (FORBIDDEN),
   * the reply day (BAD_USER_INPUT) and that the record is overdue or RED (CONFLICT); then,
   * on the locked record, check again, write, audit and notify the urged post's holder.
   */
  async urge(ctx: Context, input: UrgeInput): Promise<Urging> {
    const viewer = viewerOf(ctx);
    const { subject, row } = await findSubject(ctx, input.recordId);
    const { unit } = subject;
    const issuer = urgingPost(viewer, unit);
    if (!issuer) throw forbidden(`Only DISCIPLINE at ${unit.name} or above, or the OFFICE or SECRETARY of a unit above it, urges its records`);
    if (viewer.posts.some((p) => p.id === subject.urgedPostId)) throw forbidden('You answer for this record yourself; an urging goes to someone else');
    const replyDueOn = replyDay(input.replyDueOn);
    const day = today();
    const refused = refusal(subject.type, row, day);
    if (refused) throw refused;
    const urged = await ctx.loaders.postById.load(subject.urgedPostId);
    if (!urged || !inPeriod(urged, day)) {
      throw new AppError('CONFLICT', 'The post that answers for this record has ended; assign the record to a current post first', { reason: 'no-holder' });
    }
    const issuerUnit = (await ctx.loaders.unitById.load(issuer.unitId))!;
    const content = input.content.trim();
    const { id, notifications } = await ctx.db.transaction(async (em) => {
      // The record may have been closed or reported since it was read.
      const locked = await lockById(em, ENTITY_OF[subject.type], subject.id);
      const late = locked && refusal(subject.type, locked, day);
      if (!locked || late) throw late ?? new AppError('NOT_FOUND', 'recordId: no such record', { field: 'recordId' });
      const { identifiers } = await em.insert(Urging, {
        cityId: unit.cityId, unitId: unit.id, subjectType: subject.type, subjectId: subject.id, urgedPostId: urged.id,
        issuerPostId: issuer.id, issuerUnitId: issuer.unitId, content, replyDueOn, createdAt: now(),
        reply: null, repliedAt: null, repliedOn: null, repliedByPostId: null,
      });
      const urgingId = Number(identifiers[0].id);
      await recordAudit(em, ctx, {
        operation: 'urge', recordType: 'Urging', recordId: urgingId, unit,
        after: { subjectType: subject.type, subjectId: subject.id, urgedPostId: urged.id, issuerPostId: issuer.id, replyDueOn },
      });
      const made = await notify(em, {
        officialIds: holderOf(urged), kind: NotificationKind.URGING_RECEIVED, subject: { type: 'Urging', id: urgingId },
        key: `urging:${urgingId}:received`, cityId: unit.cityId, dueOn: replyDueOn,
        title: `督办单: ${subject.title}`,
        body: `${issuerLabel(issuerUnit, issuer.role)}督办: ${content} 请于 ${replyDueOn} 前回复。`,
      });
      return { id: urgingId, notifications: made };
    });
    publishNotifications(notifications);
    return (await this.byId(ctx, id))!;
  },

  /** 回复督办: the holder of the urged post, once (CONFLICT after); the issuer post's holder is told. */
  async reply(ctx: Context, globalId: string, text: string): Promise<Urging> {
    const viewer = viewerOf(ctx);
    const urging = await this.require(ctx, globalId);
    if (!REPLIES_TO_URGING.allows(viewer, urging)) throw forbidden('Only the holder of the urged post replies to this urging');
    const replied = () => new AppError('CONFLICT', 'This urging has been replied to; a reply is given once', { reason: 'replied' });
    if (urging.repliedOn !== null) throw replied();
    const [unit, issuerPost] = await Promise.all([
      ctx.loaders.unitById.load(urging.unitId), ctx.loaders.postById.load(urging.issuerPostId),
    ]);
    const reply = text.trim();
    const { saved, notifications } = await ctx.db.transaction(async (em: EntityManager) => {
      const at = now();
      const repliedOn = today(at);
      const changed = await em.createQueryBuilder().update(Urging)
        .set({ reply, repliedAt: at, repliedOn, repliedByPostId: urging.urgedPostId })
        .where('id = :id AND repliedOn IS NULL', { id: urging.id }).execute();
      if (!changed.affected) throw replied();
      const after = await em.findOneByOrFail(Urging, { id: urging.id });
      await recordAudit(em, ctx, {
        operation: 'replyToUrging', recordType: 'Urging', recordId: urging.id, unit: unit!,
        before: { replied: false, replyDueOn: urging.replyDueOn }, after: { replied: true, repliedOn, late: repliedLate(after) },
      });
      const made = await notify(em, {
        officialIds: holderOf(issuerPost), kind: NotificationKind.URGING_REPLIED, subject: { type: 'Urging', id: urging.id },
        key: `urging:${urging.id}:replied`, cityId: urging.cityId, dueOn: null,
        title: `督办单已回复${repliedLate(after) ? ' (逾期)' : ''}`,
        body: `${unit!.name}回复督办: ${reply}`,
      });
      return { saved: after, notifications: made };
    });
    publishNotifications(notifications);
    return saved;
  },
};

// ---------------------------------------------------------------- batches for the loaders (src/loaders.ts)

/** A record of the request's viewer: the key of the loaders of urgings by record and of urged records. */
export interface UrgingRecordKey {
  readonly ctx: Context;
  readonly type: UrgingSubject;
  readonly id: number;
}

export const urgingRecordKey = (k: UrgingRecordKey): string => `${k.type}:${k.id}`;

const byType = (keys: readonly UrgingRecordKey[]): Map<UrgingSubject, number[]> => {
  const ids = new Map<UrgingSubject, number[]>();
  for (const k of keys) ids.set(k.type, [...(ids.get(k.type) ?? []), k.id]);
  return ids;
};

/** Task.urgings, Notice.urgings, RectificationItem.urgings: every record of the request in one scoped statement, newest first. */
export async function urgingsOfRecords(keys: readonly UrgingRecordKey[]): Promise<Urging[][]> {
  const ctx = keys[0].ctx;
  const qb = urgingService.visible(ctx);
  qb.andWhere(new Brackets((anyOf) => {
    for (const [type, ids] of byType(keys)) {
      anyOf.orWhere(`(g.subjectType = :ugType_${type} AND g.subjectId IN (:...ugIds_${type}))`, { [`ugType_${type}`]: type, [`ugIds_${type}`]: ids });
    }
  }));
  const rows = await qb.orderBy('g.id', 'DESC').getMany();
  const found = new Map<string, Urging[]>(keys.map((k) => [urgingRecordKey(k), []]));
  for (const row of rows) found.get(`${row.subjectType}:${row.subjectId}`)?.push(row);
  return keys.map((k) => found.get(urgingRecordKey(k))!);
}

/** Urging.record: the urged records the viewer may read, one scoped statement per kind (null for the others). */
export async function urgedRecords(keys: readonly UrgingRecordKey[]): Promise<(Node | null)[]> {
  const ctx = keys[0].ctx;
  const found = new Map<string, Node>();
  await Promise.all([...byType(keys)].map(async ([type, ids]) => {
    const rows: Node[] = type === UrgingSubject.TASK ? await taskService.visible(ctx).andWhere('t.id IN (:...ugIds)', { ugIds: ids }).getMany()
      : type === UrgingSubject.NOTICE ? await noticeService.visible(ctx).andWhere('n.id IN (:...ugIds)', { ugIds: ids }).getMany()
        : await (await problemService.visibleItems(ctx)).andWhere('r.id IN (:...ugIds)', { ugIds: ids }).getMany();
    for (const row of rows) found.set(`${type}:${(row as unknown as { id: number }).id}`, row);
  }));
  return keys.map((k) => found.get(urgingRecordKey(k)) ?? null);
}
