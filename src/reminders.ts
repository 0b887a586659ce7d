// Reminders (提醒, issue 12): once a calendar day, each open deadline is reminded of on
// its schedule (ZEREN_REMINDERS*, by default 10, 5 and 1 days before the due day, the day
// it becomes overdue, then weekly), to the official holding the responsible post that day.
//
// Exactly once per record, due day, offset and recipient:
// - a day's run is claimed by compare-and-set in the database (scheduled_run), so of
//   several API processes one runs it, and a run whose process died is taken over after
//   its lease; the unique (officialId, reminderKey) of notification is the second guard;
// - each record gets the LATEST point of its schedule reached by the day, if not sent yet:
//   a day missed while the server was down is caught up once (the latest point only), and
//   never twice. A run looks at the records whose latest point falls after the last
//   finished run's day, and at those changed (or whose post changed hands) since that run
//   began; anything else was looked at already.
//
// Statements: per city and kind, one read (the records in its window with the post holders
// of the day) and one look at the keys it would create; when something is new, one
// transaction that checks the keys again, inserts the new rows and queues their
// deliveries (per 500 rows).
import { type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { addDays, dayOf, daysBetween, inPeriodSql, today } from './clock';
import { config, type ReminderSchedule, type ReminderSubject } from './config';
import { ALL_CITIES } from './data-source';
import {
  Notice, OrgUnit, Post, RectificationItem, Report, Task, Urging, type Notification,
} from './entities';
import { clip, insertNotifications, notYetCreated, publishNotifications, type NewNotification } from './resolvers/notifications/notification.service';
import { writtenDueOn } from './resolvers/reports/report.service';
import { claimRun, finishRun, lastFinished, releaseRun } from './scheduled-runs';
import { NoticeState, NotificationKind, PostRole, RectificationStatus, ReportKind, TaskStatus, UnitLevel } from './schema/enums';

const JOB = 'reminders';

const asTime = (value: unknown): Date | null => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`));

/**
 * The latest point of the schedule reached on `day` for a deadline on `dueOn`, in days from
 * the due day (-10, -5, -1; 0 on the day; 1 overdue; 8, 15, … weekly), or null for none.
 * The points before the due day stand only until it has passed.
 */
export function latestPoint(schedule: ReminderSchedule, dueOn: string, day: string): number | null {
  const diff = daysBetween(dueOn, day);
  if (diff >= 1 && schedule.overdue) return schedule.repeatDays ? 1 + schedule.repeatDays * Math.floor((diff - 1) / schedule.repeatDays) : 1;
  if (diff >= 1) return null;
  const reached = schedule.before.filter((b) => -b <= diff);
  return reached.length ? 0 - Math.min(...reached) || 0 : null;
}

/** "还有3天到期", "今天到期", "已逾期2天": as of the day the reminder is made. */
export function whenText(dueOn: string, day: string): string {
  const left = daysBetween(day, dueOn);
  if (left > 0) return `还有${left}天到期`;
  if (left === 0) return '今天到期';
  return `已逾期${-left}天`;
}


/** One open deadline and the official to remind, as a kind's read gives it. */
interface Candidate {
  readonly subjectType: string;
  readonly subjectId: number;
  /** The record part of the key: the same record under another subject (a report drafted meanwhile) keeps it. */
  readonly keyOf: string;
  readonly dueOn: string;
  readonly officialId: number;
  /** The record (or its due day) changed at; a post that began after the last run also counts as a change. */
  readonly changedAt: Date | null;
  readonly postSince: string;
  readonly text: { readonly title: (when: string) => string; readonly body: (when: string) => string };
}

interface Window {
  readonly city: number;
  readonly day: string;
  /** Due days from (null: no lower bound, while overdue reminders repeat) to, inclusive. */
  readonly from: string | null;
  readonly to: string;
}

/** A kind of reminder: its schedule, its notification kind and its one read per city. */
interface ReminderKind {
  readonly subject: ReminderSubject;
  readonly kind: NotificationKind;
  read(db: DataSource, w: Window): Promise<Candidate[]>;
}

/** The holder of a post on the day: the post is joined on (cityId, id) and in force that day. */
function heldOn<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, postColumn: string, w: Window): SelectQueryBuilder<T> {
  return qb.innerJoin(Post, 'p', `p.id = ${postColumn} AND p.cityId = :rCity`)
    .addSelect('p.officialId', 'officialId').addSelect('p.since', 'postSince')
    .andWhere(inPeriodSql('p', 'rDay'), { rDay: w.day, rCity: w.city });
}

function dueBetween<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string, w: Window): SelectQueryBuilder<T> {
  if (w.from) qb.andWhere(`${column} >= :rFrom`, { rFrom: w.from });
  return qb.andWhere(`${column} <= :rTo`, { rTo: w.to });
}

type Raw = Record<string, unknown>;
const common = (r: Raw) => ({ officialId: Number(r.officialId), postSince: dayOf(r.postSince) });

const KINDS: readonly ReminderKind[] = [
  {
    // A key task's next milestone, to its responsible leader (open tasks only).
    subject: 'task', kind: NotificationKind.TASK_DUE,
    async read(db, w) {
      const qb = db.getRepository(Task).createQueryBuilder('t')
        .select(['t.id AS id', 't.title AS title', 't.nextDueOn AS dueOn', 't.updatedAt AS changedAt'])
        .where('t.cityId = :rCity AND t.status <> :rClosed', { rCity: w.city, rClosed: TaskStatus.CLOSED })
        // A task imported from a past year is a record of the past: nothing is due on it now.
        .andWhere('t.importBatchId IS NULL');
      const rows = await heldOn(dueBetween(qb, 't.nextDueOn', w), 't.leaderPostId', w).getRawMany<Raw>();
      return rows.map((r) => {
        const title = String(r.title);
        const dueOn = dayOf(r.dueOn);
        return {
          ...common(r), subjectType: 'Task', subjectId: Number(r.id), keyOf: `Task:${r.id}`, dueOn, changedAt: asTime(r.changedAt),
          text: {
            title: (when) => `重点任务「${clip(title, 60)}」${when}`,
            body: (when) => `重点任务「${title}」的下一个时间节点为${dueOn}，${when}。请及时推进并报送进展。`,
          },
        };
      });
    },
  },
  {
    // An issued notice's written rectification report, to the recipient (due three months after issue).
    subject: 'notice', kind: NotificationKind.NOTICE_DUE,
    async read(db, w) {
      const qb = db.getRepository(Notice).createQueryBuilder('n')
        .select(['n.id AS id', 'n.title AS title', 'n.dueOn AS dueOn', 'n.updatedAt AS changedAt'])
        .where('n.cityId = :rCity AND n.state = :rIssued', { rCity: w.city, rIssued: NoticeState.ISSUED });
      const rows = await heldOn(dueBetween(qb, 'n.dueOn', w), 'n.recipientPostId', w).getRawMany<Raw>();
      return rows.map((r) => {
        const title = String(r.title);
        const dueOn = dayOf(r.dueOn);
        return {
          ...common(r), subjectType: 'Notice', subjectId: Number(r.id), keyOf: `Notice:${r.id}`, dueOn, changedAt: asTime(r.changedAt),
          text: {
            title: (when) => `告知书「${clip(title, 60)}」整改报告${when}`,
            body: (when) => `告知书「${title}」要求于${dueOn}前书面报告整改情况，${when}。`,
          },
        };
      });
    },
  },
  {
    // An open rectification item's deadline, to its owner (who has it closed, 销号).
    subject: 'rectification', kind: NotificationKind.RECTIFICATION_DUE,
    async read(db, w) {
      const qb = db.getRepository(RectificationItem).createQueryBuilder('ri')
        .select(['ri.id AS id', 'ri.measure AS measure', 'ri.deadline AS dueOn', 'ri.createdAt AS changedAt'])
        .where('ri.cityId = :rCity AND ri.status = :rOpen', { rCity: w.city, rOpen: RectificationStatus.OPEN });
      const rows = await heldOn(dueBetween(qb, 'ri.deadline', w), 'ri.ownerPostId', w).getRawMany<Raw>();
      return rows.map((r) => {
        const measure = String(r.measure);
        const dueOn = dayOf(r.dueOn);
        return {
          ...common(r), subjectType: 'RectificationItem', subjectId: Number(r.id), keyOf: `RectificationItem:${r.id}`, dueOn,
          changedAt: asTime(r.changedAt),
          text: {
            title: (when) => `整改事项「${clip(measure, 60)}」${when}`,
            body: (when) => `整改事项「${clip(measure, 300)}」的整改期限为${dueOn}，${when}。请按期整改销号。`,
          },
        };
      });
    },
  },
  {
    // The written report (书面述责述廉) on the year before, due 31 January, to the SECRETARY of
    // every open unit below a city that has not submitted it (the report when drafted, else the unit).
    subject: 'report', kind: NotificationKind.REPORT_DUE,
    async read(db, w) {
      const year = Number(w.day.slice(0, 4));
      // The due days in the window: this year's (on last year), and next year's once its first point nears.
      const dues = [writtenDueOn(year - 1), writtenDueOn(year)].filter((due) => (!w.from || due >= w.from) && due <= w.to);
      const found: Candidate[] = [];
      for (const dueOn of dues) {
        const onYear = Number(dueOn.slice(0, 4)) - 1;
        const qb = db.getRepository(OrgUnit).createQueryBuilder('u')
          .select(['u.id AS unitId', 'u.name AS unitName', 'r.id AS reportId', 'r.createdAt AS changedAt'])
          .leftJoin(Report, 'r', 'r.unitId = u.id AND r.cityId = :rCity AND r.year = :rYear AND r.kind = :rWritten', { rYear: onYear, rWritten: ReportKind.WRITTEN })
          .innerJoin(Post, 'p', 'p.unitId = u.id AND p.cityId = :rCity AND p.role = :rSecretary', { rSecretary: PostRole.SECRETARY })
          .addSelect('p.officialId', 'officialId').addSelect('p.since', 'postSince')
          .where('u.cityId = :rCity AND u.parentId IS NOT NULL AND u.closedOn IS NULL', { rCity: w.city })
          .andWhere('r.submittedAt IS NULL')
          .andWhere(inPeriodSql('p', 'rDay'), { rDay: w.day });
        for (const r of await qb.getRawMany<Raw>()) {
          const unitName = String(r.unitName);
          const reportId = r.reportId === null || r.reportId === undefined ? null : Number(r.reportId);
          found.push({
            ...common(r), dueOn, changedAt: asTime(r.changedAt),
            subjectType: reportId ? 'Report' : 'OrgUnit', subjectId: reportId ?? Number(r.unitId), keyOf: `OrgUnit:${r.unitId}:written:${onYear}`,
            text: {
              title: (when) => `${onYear}年度书面述责述廉报告${when}`,
              body: (when) => `${unitName}${onYear}年度履行全面从严治党主体责任情况书面报告应于${dueOn}前提交，${when}。`,
            },
          });
        }
      }
      return found;
    },
  },
  {
    // An urging's reply (督办回复), to the holder of the urged post, until it is answered.
    subject: 'urging', kind: NotificationKind.URGING_REPLY_DUE,
    async read(db, w) {
      const qb = db.getRepository(Urging).createQueryBuilder('ur')
        .select(['ur.id AS id', 'ur.content AS content', 'ur.replyDueOn AS dueOn', 'ur.createdAt AS changedAt'])
        .where('ur.cityId = :rCity AND ur.repliedOn IS NULL', { rCity: w.city });
      const rows = await heldOn(dueBetween(qb, 'ur.replyDueOn', w), 'ur.urgedPostId', w).getRawMany<Raw>();
      return rows.map((r) => {
        const content = String(r.content);
        const dueOn = dayOf(r.dueOn);
        return {
          ...common(r), subjectType: 'Urging', subjectId: Number(r.id), keyOf: `Urging:${r.id}`, dueOn, changedAt: asTime(r.changedAt),
          text: {
            title: (when) => `督办单回复${when}`,
            body: (when) => `督办事项「${clip(content, 300)}」须于${dueOn}前回复，${when}。`,
          },
        };
      });
    },
  },
];

/** The key of one reminder for its recipient: kind, record, due day and point. */
export const reminderKey = (kind: NotificationKind, keyOf: string, dueOn: string, point: number): string =>
  `${kind}:${keyOf}:${dueOn}:${point}`;

// ---------------------------------------------------------------- the day's claim

// ---------------------------------------------------------------- the run

export interface ReminderRun {
  /** false: another process holds the day, or it is done. */
  readonly claimed: boolean;
  /** The notifications this run created, in creation order. */
  readonly created: Notification[];
}

export interface ReminderOptions {
  readonly schedules?: Readonly<Record<ReminderSubject, ReminderSchedule>>;
  readonly leaseMs?: number;
}

/** The due days a schedule can reach from `day`: from (null = unbounded, while overdue reminders last) to. */
function windowOf(schedule: ReminderSchedule, day: string): { from: string | null; to: string } | null {
  if (!schedule.before.length && !schedule.overdue) return null;
  const to = addDays(day, schedule.before.length ? Math.max(...schedule.before) : -1);
  // Overdue reminders reach back to any due day (repeating), or the first overdue point caught up.
  const from = schedule.overdue ? null : day;
  return { from, to };
}

/**
 * Runs the reminders of one calendar day (tests pass the day they simulate), once across
 * processes; returns what it created. The new notifications are published to their
 * recipients' subscriptions and queued for the webhook in the same transaction as they are written.
 */
export async function runReminders(db: DataSource, day: string = today(), options: ReminderOptions = {}): Promise<ReminderRun> {
  const claim = await claimRun(db, JOB, day, options.leaseMs);
  if (!claim) return { claimed: false, created: [] };
  const created: Notification[] = [];
  try {
    const previous = await lastFinished(db, JOB, day);
    // The job runs for every city: the one statement over all of them is this list of cities.
    const cities = (await db.getRepository(OrgUnit).createQueryBuilder('c').comment(ALL_CITIES).select('c.cityId', 'cityId')
      .where('c.level = :city AND c.parentId IS NULL', { city: UnitLevel.CITY }).orderBy('c.cityId').getRawMany<{ cityId: number }>())
      .map((c) => Number(c.cityId));
    for (const city of cities) {
      for (const kind of KINDS) {
        const schedule = (options.schedules ?? config.reminders)[kind.subject];
        const window = windowOf(schedule, day);
        if (!window) continue;
        const wanted: NewNotification[] = [];
        for (const c of await kind.read(db, { city, day, ...window })) {
          const point = latestPoint(schedule, c.dueOn, day);
          if (point === null) continue;
          // Looked at by the last finished run already, and nothing changed since.
          const fresh = !previous || addDays(c.dueOn, point) > previous.day || c.postSince > previous.day
            || (c.changedAt !== null && previous.startedAt !== null && c.changedAt >= previous.startedAt);
          if (!fresh) continue;
          const when = whenText(c.dueOn, day);
          wanted.push({
            officialId: c.officialId, cityId: city, kind: kind.kind, subject: { type: c.subjectType, id: c.subjectId },
            key: reminderKey(kind.kind, c.keyOf, c.dueOn, point), title: c.text.title(when), body: c.text.body(when),
            dueOn: c.dueOn, offsetDays: point,
          });
        }
        // Most of what a run considers exists already: a first look outside a transaction, then the writes.
        const missing = wanted.length ? await notYetCreated(db.manager, wanted) : [];
        if (missing.length) created.push(...await db.transaction((em) => insertNotifications(em, missing)));
      }
    }
    await finishRun(db, claim);
  } catch (err) {
    await releaseRun(db, claim).catch(() => undefined);
    publishNotifications(created);
    throw err;
  }
  publishNotifications(created);
  return { claimed: true, created };
}

/**
 * Checks every ZEREN_SCHEDULER_CHECK_MS (hourly; the first time soon after start) whether
 * today's reminders have run, and runs them (claimed in the database, so one process of
 * several does); returns a stopper that waits for a run in flight. A process that did not
 * get the claim keeps checking: if the holder dies, its lease ends and another takes over.
 */
export function startReminders(
  db: DataSource, onError: (err: unknown) => void, everyMs = config.schedulerCheckMs, firstAfterMs = Math.min(30_000, everyMs),
): () => Promise<void> {
  let done = '';
  let running: Promise<void> | null = null;
  const check = (): void => {
    const day = today();
    if (day === done || running) return;
    running = runReminders(db, day)
      .then((run) => { if (run.claimed) done = day; }, onError)
      .finally(() => { running = null; });
  };
  const first = setTimeout(check, firstAfterMs);
  const timer = setInterval(check, everyMs);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
