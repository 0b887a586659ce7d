// The demo data shows every feature: a sign-in per tier, lists adopted tier by tier,
// letters with some unsigned, tasks in every light and state, ratings and closures.
import { In, IsNull, type DataSource } from 'typeorm';
import { verifyPassword } from '../../src/auth/password';
import { Account, Appeal, Hearing, Notification, Report, ReportQuestion, OrgUnit, OrgUnitChange, ResponsibilityItem, ResponsibilityLetter, ResponsibilityList, Task, TaskClosure, TaskRating, Urging } from '../../src/entities';
import { lightOfTask } from '../../src/resolvers/tasks/task.service';
import { isOverdue } from '../../src/resolvers/tasks/light';
import { today } from '../../src/clock';
import { DEMO_PASSWORD, seedDemo, type DemoAccount } from '../../src/seed/demo';
import { closeTestDatabase, describeDb, openTestDatabase } from '../setup/db';

describeDb('demo data', () => {
  let db: DataSource;
  let accounts: DemoAccount[];
  beforeAll(async () => {
    db = await openTestDatabase();
    accounts = await seedDemo(db);
  });
  afterAll(() => closeTestDatabase(db));

  it('has accounts for every role with the documented password', async () => {
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(['SECRETARY', 'TEAM_MEMBER', 'DISCIPLINE', 'OFFICE', 'ADMIN', 'ANALYST', 'INSPECTOR', 'INFORMANT']));
    const account = await db.getRepository(Account).findOneByOrFail({ username: 'd1s1c1.secretary' });
    expect(await verifyPassword(DEMO_PASSWORD, account.passwordHash)).toBe(true);
  });

  it('has tasks in every light and state, some overdue, with ratings and closures', async () => {
    const tasks = await db.getRepository(Task).find();
    expect(new Set(tasks.map(lightOfTask))).toEqual(new Set(['RED', 'YELLOW', 'GREEN']));
    expect(new Set(tasks.map((t) => t.status))).toEqual(new Set(['IN_PROGRESS', 'CLOSURE_REQUESTED', 'CLOSED']));
    expect(tasks.some((t) => isOverdue(t, today()))).toBe(true);
    expect(new Set(tasks.map((t) => t.visibility))).toEqual(new Set(['PUBLIC', 'INTERNAL']));
    const closures = await db.getRepository(TaskClosure).find();
    expect(new Set(closures.map((c) => c.decision))).toEqual(new Set(['PENDING', 'CONFIRMED', 'RETURNED']));
    expect(closures.every((c) => c.requestedByOfficialId !== c.decidedByOfficialId)).toBe(true);
    expect(await db.getRepository(TaskRating).count()).toBeGreaterThan(0);
  });

  it('has urgings (one awaiting its reply, one answered late), appeals (open and upheld) and today\'s reminders', async () => {
    const urgings = await db.getRepository(Urging).find({ order: { id: 'ASC' } });
    expect(urgings.map((u) => [u.subjectType, u.reply !== null, u.repliedOn !== null && u.repliedOn > u.replyDueOn])).toEqual([
      ['TASK', false, false], ['TASK', true, true],
    ]);
    const appeals = await db.getRepository(Appeal).find({ order: { id: 'ASC' } });
    expect(appeals.map((a) => a.outcome)).toEqual([null, 'UPHELD']);
    const notifications = await db.getRepository(Notification).find();
    expect(notifications.length).toBeGreaterThan(10);
    // REPORT_DUE too, except in the first weeks of January (the report is due on 31 January).
    const kinds = new Set(notifications.map((n) => n.kind));
    for (const kind of ['TASK_DUE', 'NOTICE_DUE', 'RECTIFICATION_DUE', 'URGING_REPLY_DUE']) expect([kind, kinds.has(kind as never)]).toEqual([kind, true]);
    expect(notifications.every((n) => n.readAt === null)).toBe(true);
  });

  it('has lists adopted from the tier above and letters left unsigned', async () => {
    const adopted = await db.getRepository(ResponsibilityItem).createQueryBuilder('i').where('i.sourceItemId IS NOT NULL').getCount();
    expect(adopted).toBeGreaterThan(0);
    const lists = await db.getRepository(ResponsibilityList).find();
    expect(new Set(lists.map((l) => l.publishedAt !== null))).toEqual(new Set([true, false]));
    expect(new Set(lists.map((l) => l.subject)).size).toBe(4);
    const letters = await db.getRepository(ResponsibilityLetter).find();
    expect(letters.some((l) => l.signedAt === null)).toBe(true);
    expect(letters.some((l) => l.signedAt !== null)).toBe(true);
    expect(letters.some((l) => l.signerPostId !== null)).toBe(true);
  });

  it('has every kind of unit, a street merged and a community moved in the past, with the history to show', async () => {
    const units = await db.getRepository(OrgUnit).find();
    expect(new Set(units.map((u) => u.kind))).toEqual(new Set(['AREA', 'DEPARTMENT', 'ENTERPRISE', 'INSTITUTION']));
    const merged = units.filter((u) => u.closedOn !== null);
    expect(merged.map((u) => [u.level, u.successorId !== null, u.closedOn! < today()])).toEqual([['STREET', true, true]]);
    const changes = await db.getRepository(OrgUnitChange).find();
    expect(new Set(changes.map((c) => c.kind))).toEqual(new Set(['MOVE', 'MERGE']));
    expect(changes.every((c) => c.effectiveOn < today())).toBe(true);
    // The merged street's records were made before its merger and stay.
    expect(await db.getRepository(Task).countBy({ unitId: merged[0].id })).toBeGreaterThan(0);
  });

  it('has a closed plenary (述责述廉) with questioned and evaluated reporters, and one scheduled', async () => {
    const hearings = await db.getRepository(Hearing).find({ order: { id: 'ASC' } });
    expect(hearings.map((x) => x.status)).toEqual(['CLOSED', 'SCHEDULED']);
    const parts = await db.getRepository(Report).findBy({ hearingId: hearings[0].id });
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((p) => p.evaluatedAt !== null && p.satisfiedVotes! + p.basicallySatisfiedVotes! + p.unsatisfiedVotes! > 0)).toBe(true);
    expect(await db.getRepository(ReportQuestion).countBy({ reportId: In(parts.map((p) => p.id)) })).toBe(parts.length);
    expect(await db.getRepository(Report).countBy({ hearingId: hearings[1].id, evaluatedAt: IsNull() })).toBeGreaterThan(0);
  });
});
