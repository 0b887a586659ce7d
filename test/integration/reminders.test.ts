// Reminders (提醒, issue 12): the schedule across simulated days (10, 5 and 1 days before,
// the day overdue, then weekly), exactly the expected notifications (titles, recipients,
// offsets) from each kind, to the official holding the post that day; a missed day caught
// up once; a changed due day reminded anew; and exactly once under two schedulers at once
// (one database, and on MariaDB two data sources: the day's claim, then the unique key).
import type { DataSource } from 'typeorm';
import { addDays } from '../../src/clock';
import { parseReminderSchedule, REMINDER_SUBJECTS, type ReminderSchedule, type ReminderSubject } from '../../src/config';
import { createDataSource } from '../../src/data-source';
import {
  Notice, Notification, NotificationDelivery, Official, Post, RectificationItem, Report, ScheduledRun, Task, Urging,
} from '../../src/entities';
import { latestPoint, runReminders, whenText } from '../../src/reminders';
import { NoticeState, RectificationStatus, ReportKind, TaskStatus, UrgingSubject } from '../../src/schema/enums';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { InspectionSeeder } from '../../src/seed/demo-inspections';
import { NoticeSeeder } from '../../src/seed/demo-notices';
import { dbKind, describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { startHarness, type Harness } from '../setup/harness';

const DEFAULT = parseReminderSchedule('test', '10,5,1,overdue,weekly');
const OFF = parseReminderSchedule('test', 'off');
const only = (...subjects: ReminderSubject[]): Record<ReminderSubject, ReminderSchedule> =>
  Object.fromEntries(REMINDER_SUBJECTS.map((s) => [s, subjects.includes(s) ? DEFAULT : OFF])) as Record<ReminderSubject, ReminderSchedule>;

/** What a test compares: who, what, which point, the title. */
interface Seen { to: Persona | string; kind: string; subject: string; offset: number | null; title: string }

describe('the schedule (unit)', () => {
  it('takes the latest point reached, before points only until the due day', () => {
    const due = '2031-03-20';
    const at = (n: number) => latestPoint(DEFAULT, due, addDays(due, n));
    expect([-11, -10, -9, -6, -5, -2, -1, 0].map(at)).toEqual([null, -10, -10, -10, -5, -5, -1, -1]);
    expect([1, 2, 7, 8, 14, 15, 22, 400].map(at)).toEqual([1, 1, 1, 8, 8, 15, 22, 400]);
    const noRepeat = parseReminderSchedule('t', '3,0,overdue');
    expect([-4, -3, 0, 1, 30].map((n) => latestPoint(noRepeat, due, addDays(due, n)))).toEqual([null, -3, 0, 1, 1]);
    const beforeOnly = parseReminderSchedule('t', '2');
    expect([-2, 0, 1].map((n) => latestPoint(beforeOnly, due, addDays(due, n)))).toEqual([-2, -2, null]);
    expect([whenText(due, '2031-03-17'), whenText(due, due), whenText(due, '2031-03-22')]).toEqual(['还有3天到期', '今天到期', '已逾期2天']);
  });

  it('refuses a schedule it cannot read', () => {
    for (const bad of ['10,soon', 'weekly', '-1', 'every:0,overdue', '400']) expect(() => parseReminderSchedule('ZEREN_REMINDERS', bad)).toThrow(/ZEREN_REMINDERS/);
    expect(parseReminderSchedule('t', '1, 5, overdue, every:3')).toEqual({ before: [5, 1], overdue: true, repeatDays: 3 });
  });
});

describeDb('reminders', () => {
  let h: Harness;
  const task: Record<string, Task> = {};
  let officialName: Map<number, string>;

  /** The notifications created on a day (only the kinds given), as seen by the test. */
  const run = async (day: string, schedules = only('task'), db: DataSource = h.db): Promise<Seen[]> => {
    const { claimed, created } = await runReminders(db, day, { schedules });
    expect(claimed).toBe(true);
    return created.map(seen);
  };
  const seen = (n: Notification): Seen => ({
    to: officialName.get(n.officialId)!, kind: n.kind, subject: `${n.subjectType}:${n.subjectId}`, offset: n.offsetDays, title: n.title,
  });
  const sorted = (rows: Seen[]) => [...rows].sort((a, b) => `${a.kind}${a.to}${a.subject}`.localeCompare(`${b.kind}${b.to}${b.subject}`));
  const reset = async () => {
    for (const target of [NotificationDelivery, Notification, ScheduledRun]) await h.db.getRepository(target).createQueryBuilder().delete().execute();
  };

  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    officialName = new Map(Object.entries(officials).map(([persona, o]) => [o.id, persona]));
    await h.db.transaction(async (em) => {
      const s = new ResponsibilitySeeder(em);
      const make = async (key: string, title: string, dueOn: string, leader: Post) => {
        task[key] = await s.task(units.M1, leader, officials.secretaryM1, { title, year: 2031, domain: 'EDUCATION', milestones: [{ dueOn, targetPercent: 100 }] });
      };
      await make('a', '社区教育任务', '2031-03-20', posts.teamM1);
      await make('b', '校园安全任务', '2031-05-20', posts.teamM1);
      // Never reminded: a closed task, and one whose leader's post has ended.
      await make('closed', '已销号任务', '2031-03-20', posts.teamM1);
      await make('retired', '无人负责的任务', '2031-03-20', posts.retired);
      await em.update(Task, { id: task.closed.id }, { status: TaskStatus.CLOSED, closedAt: new Date() });
    });
  }, 120_000);
  afterAll(() => h?.close());
  beforeEach(reset);

  it('reminds a task\'s leader 10, 5 and 1 days before, the day it is overdue, then weekly: once each', async () => {
    const due = '2031-03-20';
    const byDay: Record<string, Seen[]> = {};
    for (let n = -11; n <= 16; n += 1) {
      const created = await run(addDays(due, n));
      if (created.length) byDay[n] = created;
    }
    const a = `Task:${task.a.id}`;
    const expected = (offset: number, when: string): Seen[] => [{ to: 'teamM1', kind: 'TASK_DUE', subject: a, offset, title: `重点任务「社区教育任务」${when}` }];
    expect(byDay).toEqual({
      '-10': expected(-10, '还有10天到期'), '-5': expected(-5, '还有5天到期'), '-1': expected(-1, '还有1天到期'),
      1: expected(1, '已逾期1天'), 8: expected(8, '已逾期8天'), 15: expected(15, '已逾期15天'),
    });
    const rows = await h.db.getRepository(Notification).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => r.offsetDays)).toEqual([-10, -5, -1, 1, 8, 15]);
    expect(rows[0]).toMatchObject({
      dueOn: due, body: '重点任务「社区教育任务」的下一个时间节点为2031-03-20，还有10天到期。请及时推进并报送进展。', readAt: null,
    });
    // No webhook configured in the tests: nothing is queued.
    expect(await h.db.getRepository(NotificationDelivery).count()).toBe(0);
    // A day already run runs no more.
    expect((await runReminders(h.db, addDays(due, 1), { schedules: only('task') })).claimed).toBe(false);
  });

  it('catches a missed day up once (the latest point only), and reminds a changed due day anew', async () => {
    const due = '2031-05-20';
    const b = (seenRows: Seen[]) => seenRows.filter((s) => s.subject === `Task:${task.b.id}`).map((s) => [s.offset, s.title]);
    expect(b(await run(addDays(due, -12)))).toEqual([]);
    // Down from -11 to -4: the -10 point is skipped, the -5 one caught up on -3.
    expect(b(await run(addDays(due, -3)))).toEqual([[-5, '重点任务「校园安全任务」还有3天到期']]);
    expect(b(await run(addDays(due, -2)))).toEqual([]);
    expect(b(await run(addDays(due, -1)))).toEqual([[-1, '重点任务「校园安全任务」还有1天到期']]);
    // Down from the due day to +9: one catch-up (8), not 1 and 8.
    expect(b(await run(addDays(due, 10)))).toEqual([[8, '重点任务「校园安全任务」已逾期10天']]);
    expect(b(await run(addDays(due, 11)))).toEqual([]);
    // The milestone is met and the next one is due in 8 days: its own schedule starts at once.
    const next = addDays(due, 20);
    await h.db.getRepository(Task).update({ id: task.b.id }, { nextDueOn: next, updatedAt: new Date() });
    expect(b(await run(addDays(due, 12)))).toEqual([[-10, '重点任务「校园安全任务」还有8天到期']]);
    expect(b(await run(addDays(due, 13)))).toEqual([]);
    const rows = await h.db.getRepository(Notification).findBy({ subjectId: task.b.id, subjectType: 'Task' });
    expect(rows.map((r) => [r.dueOn, r.offsetDays])).toEqual([[due, -5], [due, -1], [due, 8], [next, -10]]);
    await h.db.getRepository(Task).update({ id: task.b.id }, { nextDueOn: due });
  });

  it('reminds notices, rectification items and urgings to the post holding them that day, and nothing closed', async () => {
    const { units, posts, officials } = h.fixture;
    const due = '2031-07-10';
    const ids = await h.db.transaction(async (em) => {
      const notices = new NoticeSeeder(em);
      const notice = async (state: NoticeState, title: string) => {
        const n = await notices.notice(units.S1, {
          title, category: 'PUBLIC_COMPLAINTS', domain: 'EDUCATION', recipient: posts.secretaryM1, state, drafter: officials.officeS1, issuedOn: '2031-04-10',
        });
        await em.update(Notice, { id: n.id }, { dueOn: due });
        return n.id;
      };
      const insp = new InspectionSeeder(em);
      const problem = await insp.problem(units.M1, officials.disciplineM1, { domain: 'EDUCATION', description: '问题' });
      const urge = async (content: string, replied: boolean) => (await em.insert(Urging, {
        cityId: units.M1.cityId, unitId: units.M1.id, subjectType: UrgingSubject.TASK, subjectId: task.a.id, urgedPostId: posts.teamM1.id,
        issuerPostId: posts.disciplineD1.id, issuerUnitId: units.D1.id, content, replyDueOn: due, createdAt: new Date(),
        reply: replied ? '已办' : null, repliedAt: replied ? new Date() : null, repliedOn: replied ? '2031-07-01' : null, repliedByPostId: replied ? posts.teamM1.id : null,
      })).identifiers[0].id as number;
      return {
        issued: await notice(NoticeState.ISSUED, '关于教育收费问题的告知书'),
        reported: await notice(NoticeState.REPORTED, '已报告的告知书'),
        item: (await insp.item(problem, posts.disciplineM1, { measure: '建立收费台账', deadline: due })).id,
        closedItem: (await insp.item(problem, posts.disciplineM1, { measure: '已整改', deadline: due, closedBy: officials.secretaryM1 })).id,
        orphanItem: (await insp.item(problem, posts.retired, { measure: '无人负责', deadline: due })).id,
        urging: await urge('请说明任务滞后原因', false),
        replied: await urge('已回复的督办', true),
      };
    });
    const kinds = only('notice', 'rectification', 'urging');
    expect(await run('2031-06-29', kinds)).toEqual([]);
    expect(sorted(await run('2031-06-30', kinds))).toEqual([
      { to: 'secretaryM1', kind: 'NOTICE_DUE', subject: `Notice:${ids.issued}`, offset: -10, title: '告知书「关于教育收费问题的告知书」整改报告还有10天到期' },
      { to: 'disciplineM1', kind: 'RECTIFICATION_DUE', subject: `RectificationItem:${ids.item}`, offset: -10, title: '整改事项「建立收费台账」还有10天到期' },
      { to: 'teamM1', kind: 'URGING_REPLY_DUE', subject: `Urging:${ids.urging}`, offset: -10, title: '督办单回复还有10天到期' },
    ]);
    // The recipient's post changes hands: the new holder gets the reminders from the day they hold it.
    const successor = await h.db.transaction(async (em) => {
      await em.update(Post, { id: posts.secretaryM1.id }, { until: '2031-07-05' });
      const official = (await em.insert(Official, { cityId: units.M1.cityId, unitId: units.M1.id, name: '继任书记', title: '书记', phone: null, idNumber: null, createdAt: new Date() } as never)).identifiers[0].id as number;
      await em.insert(Post, { cityId: units.M1.cityId, officialId: official, unitId: units.M1.id, role: posts.secretaryM1.role, since: '2031-07-06', until: null });
      return official;
    });
    officialName.set(successor, 'successor');
    await h.db.getRepository(Notice).update({ id: ids.issued }, { recipientPostId: (await h.db.getRepository(Post).findOneByOrFail({ officialId: successor })).id });
    expect(sorted(await run('2031-07-06', kinds))).toEqual([
      { to: 'successor', kind: 'NOTICE_DUE', subject: `Notice:${ids.issued}`, offset: -5, title: '告知书「关于教育收费问题的告知书」整改报告还有4天到期' },
      { to: 'disciplineM1', kind: 'RECTIFICATION_DUE', subject: `RectificationItem:${ids.item}`, offset: -5, title: '整改事项「建立收费台账」还有4天到期' },
      { to: 'teamM1', kind: 'URGING_REPLY_DUE', subject: `Urging:${ids.urging}`, offset: -5, title: '督办单回复还有4天到期' },
    ]);
    expect((await run('2031-07-11', kinds)).map((s) => [s.kind, s.offset, s.title.slice(-5)])).toEqual([
      ['NOTICE_DUE', 1, '已逾期1天'], ['RECTIFICATION_DUE', 1, '已逾期1天'], ['URGING_REPLY_DUE', 1, '已逾期1天'],
    ]);
    await h.db.getRepository(Notice).update({ id: ids.issued }, { recipientPostId: posts.secretaryM1.id });
    await h.db.getRepository(Post).update({ id: posts.secretaryM1.id }, { until: null });
    await h.db.getRepository(Post).delete({ officialId: successor });
    for (const id of [ids.issued, ids.reported]) await h.db.getRepository(Notice).update({ id }, { state: NoticeState.CLOSED });
    await h.db.getRepository(Urging).update({ id: ids.urging }, { repliedOn: '2031-07-12', repliedAt: new Date(), reply: '已办' });
    await h.db.getRepository(RectificationItem).update({ id: ids.item }, { status: RectificationStatus.CLOSED });
  });

  it('reminds the SECRETARY of each unit below a city whose written report is not submitted (due 31 January)', async () => {
    const { units, posts } = h.fixture;
    await h.db.transaction(async (em) => {
      const report = (unit: keyof typeof units, post: Post, submittedAt: Date | null) => em.insert(Report, {
        cityId: units[unit].cityId, unitId: units[unit].id, year: 2031, kind: ReportKind.WRITTEN, reporterPostId: post.id, content: '报告',
        dueOn: '2032-01-31', submittedAt, heldOn: null, createdAt: new Date(),
      });
      await report('M1', posts.secretaryM1, new Date());
      await report('S1', posts.secretaryS1, null);
    });
    const draft = await h.db.getRepository(Report).findOneByOrFail({ unitId: units.S1.id, year: 2031 });
    const kinds = only('report');
    expect(await run('2032-01-20', kinds)).toEqual([]);
    expect(sorted(await run('2032-01-21', kinds))).toEqual([
      { to: 'secretaryG1', kind: 'REPORT_DUE', subject: `OrgUnit:${units.G1.id}`, offset: -10, title: '2031年度书面述责述廉报告还有10天到期' },
      { to: 'secretaryS1', kind: 'REPORT_DUE', subject: `Report:${draft.id}`, offset: -10, title: '2031年度书面述责述廉报告还有10天到期' },
    ]);
    const row = await h.db.getRepository(Notification).findOneByOrFail({ officialId: h.fixture.officials.secretaryG1.id });
    expect(row.body).toBe('Unit G12031年度履行全面从严治党主体责任情况书面报告应于2032-01-31前提交，还有10天到期。');
    // G1 drafts its report meanwhile: the same reminder is not made again under the new record.
    await h.db.getRepository(Report).insert({
      cityId: units.G1.cityId, unitId: units.G1.id, year: 2031, kind: ReportKind.WRITTEN, reporterPostId: posts.secretaryG1.id, content: '草稿',
      dueOn: '2032-01-31', submittedAt: null, heldOn: null, createdAt: new Date(),
    });
    expect((await run('2032-01-22', kinds))).toEqual([]);
    expect(sorted(await run('2032-02-01', kinds)).map((s) => [s.to, s.offset, s.title])).toEqual([
      ['secretaryG1', 1, '2031年度书面述责述廉报告已逾期1天'], ['secretaryS1', 1, '2031年度书面述责述廉报告已逾期1天'],
    ]);
    await h.db.getRepository(Report).createQueryBuilder().delete().execute();
  });

  it('costs statements by kinds and cities, not by records', async () => {
    const { units, posts, officials } = h.fixture;
    const due = '2031-09-30';
    await h.db.transaction(async (em) => {
      const s = new ResponsibilitySeeder(em);
      for (let i = 0; i < 30; i += 1) {
        await s.task(units.M1, posts.teamM1, officials.secretaryM1, { title: `批量任务${i}`, year: 2031, domain: 'EDUCATION', milestones: [{ dueOn: due, targetPercent: 100 }] });
      }
    });
    h.counter.reset();
    const created = await run(addDays(due, -10), only('task'));
    const statements = h.counter.count;
    expect(created.filter((c) => c.title.includes('批量任务'))).toHaveLength(30);
    // Claim (3), the last run, the cities, per city (2) one read; the keys looked at; one transaction for the new rows (5); finish.
    expect(statements).toBeLessThanOrEqual(6 + 2 + 1 + 5);
    h.counter.reset();
    // Nothing new: per kind and city one read, and at most one look at the keys (a record changed within the last run's second).
    await run(addDays(due, -9), only('task', 'notice', 'rectification', 'report', 'urging'));
    expect(h.counter.count).toBeLessThanOrEqual(6 + 2 * 5 * 2);
    expect(h.counter.statements.filter((q) => /^(START TRANSACTION|BEGIN)/i.test(q))).toEqual([]);
    await h.db.getRepository(Task).createQueryBuilder().update().set({ status: TaskStatus.CLOSED }).where('title LIKE :t', { t: '批量任务%' }).execute();
  });

  describe('exactly once under two schedulers', () => {
    let second: DataSource;
    beforeAll(async () => {
      // MariaDB: a second pool on the same database, as a second API process has. SQLite in
      // memory is one process's database: the two schedulers share it.
      if (dbKind() === 'mariadb') {
        const url = (h.db.options as { url: string }).url;
        second = createDataSource({ kind: 'mysql', url, sqlitePath: '' });
        await second.initialize();
      } else {
        second = h.db;
      }
    });
    afterAll(async () => {
      if (second !== h.db) await second.destroy();
    });

    it('the same day: one claims it, the other does nothing', async () => {
      const day = '2031-03-10';
      const [one, two] = await Promise.all([runReminders(h.db, day, { schedules: only('task') }), runReminders(second, day, { schedules: only('task') })]);
      expect([one.claimed, two.claimed].sort()).toEqual([false, true]);
      const created = [...one.created, ...two.created].map(seen);
      expect(created).toEqual([{ to: 'teamM1', kind: 'TASK_DUE', subject: `Task:${task.a.id}`, offset: -10, title: '重点任务「社区教育任务」还有10天到期' }]);
      expect(await h.db.getRepository(Notification).count()).toBe(1);
    });

    it('two days at once with the same latest point: the unique key keeps one', async () => {
      const one = () => runReminders(h.db, '2031-03-11', { schedules: only('task') });
      const two = () => runReminders(second, '2031-03-12', { schedules: only('task') });
      // SQLite: TypeORM runs one process's statements on one connection, so its transactions
      // cannot overlap (and its scheduler runs one day at a time): the two runs take turns.
      const runs = dbKind() === 'mariadb' ? await Promise.all([one(), two()]) : [await one(), await two()];
      expect(runs.every((r) => r.claimed)).toBe(true);
      expect(runs.flatMap((r) => r.created).map((n) => n.offsetDays)).toEqual([-10]);
      // The claims lost (a run that looks at everything again): the key refuses the second row.
      await h.db.getRepository(ScheduledRun).createQueryBuilder().delete().execute();
      expect((await runReminders(second, '2031-03-13', { schedules: only('task') })).created).toEqual([]);
      expect((await h.db.getRepository(Notification).find()).map((n) => [n.subjectId, n.offsetDays])).toEqual([[task.a.id, -10]]);
    });

    it('a claim whose process died is taken over after its lease; a live one is not', async () => {
      const day = '2031-03-15';
      await h.db.getRepository(ScheduledRun).insert({ job: 'reminders', day, claimedBy: 'dead-process', claimedUntil: new Date(Date.now() + 60_000), startedAt: new Date(), finishedAt: null });
      expect((await runReminders(second, day, { schedules: only('task') })).claimed).toBe(false);
      await h.db.getRepository(ScheduledRun).update({ day }, { claimedUntil: new Date(Date.now() - 1000) });
      const taken = await runReminders(second, day, { schedules: only('task') });
      expect(taken.claimed).toBe(true);
      expect(taken.created.map((n) => n.offsetDays)).toEqual([-5]);
    });
  });
});
