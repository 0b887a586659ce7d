// Urgings (督办单): who may urge (DISCIPLINE in scope, the OFFICE or SECRETARY of a unit
// above; everyone else FORBIDDEN, or NOT_FOUND where the record is out of sight), on what
// (RED or overdue tasks, overdue notices and rectification items; CONFLICT otherwise), the
// reply (the urged post, once) and its overdue flag across days, who reads them (never a
// sibling), the records' urgings in one batched statement, the portrait's counts, the
// audit entries and the notifications of the urged and of the issuer.
import type { EntityManager } from 'typeorm';
import { addDays, today } from '../../src/clock';
import { AuditEntry, Domain, Notice, NoticeCategory, Notification, Problem, RectificationItem, Urging } from '../../src/entities';
import type { OrgUnit, Post, Task } from '../../src/entities';
import {
  NoticeState, NotificationKind, PostRole, RectificationStatus, Severity, SupervisionSource, UrgingSubject, Visibility,
} from '../../src/schema/enums';
import { decodeId, encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import {
  PortraitUrgingsDocument, PortraitYearDocument, RecordUrgingsDocument, ReplyToUrgingDocument, TasksWithoutUrgingsDocument,
  TasksWithUrgingsDocument, UrgeDocument, UrgingListDocument, UrgingNodeDocument, UrgingRecordsDocument,
  type UrgeInput,
} from '../generated/graphql';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, type Persona, type UnitKey } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';
import type { Reader } from '../setup/tree';

const TODAY = today();
const d = (n: number): string => addDays(TODAY, n);
const YEAR = Number(TODAY.slice(0, 4));
/** A time well inside a year (UTC), for rows the portrait counts by year. */
const inYear = (year: number): Date => new Date(`${year}-06-15T04:00:00Z`);

describeDb('urgings', () => {
  let h: Harness;
  /** Global ids of the seeded records, by name. */
  const ids: Record<string, string> = {};
  /** Data-layer urgings, by content. */
  const seeded: Record<string, number> = {};

  const post = (p: Persona): Post => h.fixture.posts[p];
  const postId = (p: Persona): string => encodeId('Post', post(p).id);
  const unit = (k: UnitKey): OrgUnit => h.fixture.units[k];
  const urge = (input: UrgeInput, as: Persona | null) => h.exec(UrgeDocument, { input }, as);
  const urgingId = (content: string): string => encodeId('Urging', seeded[content]);
  const count = async (): Promise<{ urgings: number; audit: number }> => ({
    urgings: await h.db.getRepository(Urging).count(), audit: await h.db.getRepository(AuditEntry).count(),
  });

  async function insertUrging(em: EntityManager, u: {
    content: string; unit: UnitKey; type: UrgingSubject; subjectId: number; urged: Persona; issuer: Persona; replyDueOn: string;
    repliedOn?: string; createdAt?: Date;
  }): Promise<void> {
    const at = u.createdAt ?? new Date();
    const { identifiers } = await em.insert(Urging, {
      cityId: unit(u.unit).cityId, unitId: unit(u.unit).id, subjectType: u.type, subjectId: u.subjectId, urgedPostId: post(u.urged).id,
      issuerPostId: post(u.issuer).id, issuerUnitId: post(u.issuer).unitId, content: u.content, replyDueOn: u.replyDueOn, createdAt: at,
      reply: u.repliedOn ? 'done' : null, repliedAt: u.repliedOn ? new Date(`${u.repliedOn}T04:00:00Z`) : null, repliedOn: u.repliedOn ?? null,
      repliedByPostId: u.repliedOn ? post(u.urged).id : null,
    });
    seeded[u.content] = Number(identifiers[0].id);
  }

  beforeAll(async () => {
    h = await startHarness();
    const { officials } = h.fixture;
    await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      const task = async (name: string, at: UnitKey, leader: Persona, milestones: [number, number][], extra: { visibility?: Visibility; progress?: [number, string][] } = {}): Promise<Task> => {
        const t = await r.task(unit(at), post(leader), officials.officeD1, {
          title: name, year: YEAR, domain: 'EDUCATION', visibility: extra.visibility, progress: extra.progress,
          milestones: milestones.map(([days, targetPercent]) => ({ dueOn: d(days), targetPercent })),
        });
        ids[name] = encodeId('Task', t.id);
        return t;
      };
      await task('red M1', 'M1', 'teamM1', [[-3, 100]]);
      await task('green M1', 'M1', 'teamM1', [[90, 100]]);
      await task('yellow M1', 'M1', 'teamM1', [[5, 100]]);
      const done = await task('closed M1', 'M1', 'teamM1', [[-30, 100]], { progress: [[100, 'done']] });
      await r.closure(done, officials.teamM1, ['report'], { by: officials.secretaryM1, confirm: true });
      await task('red S1', 'S1', 'secretaryS1', [[-10, 100]]);
      await task('red M2', 'M2', 'teamM2', [[-1, 50], [30, 100]]);
      await task('red M2 public', 'M2', 'teamM2', [[-1, 100]], { visibility: Visibility.PUBLIC });
      const visTask = await task('red M1 vis', 'M1', 'teamM1', [[-2, 100]]);

      const edu = await em.findOneByOrFail(Domain, { code: 'EDUCATION' });
      const category = await em.findOneByOrFail(NoticeCategory, { code: 'FOUR_WINDS' });
      const at = new Date();
      const notice = async (name: string, state: NoticeState, dueOn: string): Promise<number> => {
        const { identifiers } = await em.insert(Notice, {
          cityId: unit('D1').cityId, unitId: unit('D1').id, categoryId: category.id, domainId: edu.id, recipientPostId: post('teamM2').id,
          title: name, problems: 'p', measures: 'm', source: SupervisionSource.DAILY_SUPERVISION, caseId: null, state,
          draftedByOfficialId: officials.disciplineD1.id, approvedByOfficialId: officials.disciplineD1.id, approvedAt: at, issuedAt: at, dueOn,
          reportedAt: state === NoticeState.REPORTED ? at : null, report: null, closedAt: null, version: 1, createdAt: at, updatedAt: at,
        });
        ids[name] = encodeId('Notice', Number(identifiers[0].id));
        return Number(identifiers[0].id);
      };
      const overdueNotice = await notice('D1 to M2 overdue', NoticeState.ISSUED, d(-1));
      await notice('D1 to M2 due', NoticeState.ISSUED, d(30));
      await notice('D1 to M2 reported', NoticeState.REPORTED, d(-10));

      const problem = async (at: UnitKey): Promise<number> => Number((await em.insert(Problem, {
        cityId: unit(at).cityId, unitId: unit(at).id, domainId: edu.id, source: SupervisionSource.DAILY_SUPERVISION, severity: Severity.GENERAL,
        description: `problem at ${at}`, inspectionId: null, noticeId: null, caseId: null, createdByOfficialId: officials.disciplineD1.id, createdAt: new Date(),
      })).identifiers[0].id);
      const item = async (name: string, problemId: number, owner: Persona, deadline: string, status = RectificationStatus.OPEN): Promise<number> => {
        const { identifiers } = await em.insert(RectificationItem, {
          cityId: unit('M1').cityId, problemId, ownerPostId: post(owner).id, measure: name, deadline, status,
          closedAt: status === RectificationStatus.CLOSED ? new Date() : null, closedByOfficialId: null, principalApprovedByOfficialId: null,
          principalApprovedAt: null, supervisorApprovedByOfficialId: null, supervisorApprovedAt: null, createdAt: new Date(),
        });
        ids[name] = encodeId('RectificationItem', Number(identifiers[0].id));
        return Number(identifiers[0].id);
      };
      const m1 = await problem('M1');
      await item('M1 overdue item', m1, 'teamM1', d(-2));
      await item('M1 due item', m1, 'teamM1', d(10));
      await item('M1 closed item', m1, 'teamM1', d(-5), RectificationStatus.CLOSED);
      await item('M1 discipline item', m1, 'disciplineM1', d(-2));
      const s2Item = await item('S2 item', await problem('S2'), 'officeS2', d(-1));

      // Read by the scope rule (the visibility matrix): one per kind of record, all urged and issued at known posts.
      await insertUrging(em, { content: 'vis: U1 task M1', unit: 'M1', type: UrgingSubject.TASK, subjectId: visTask.id, urged: 'teamM1', issuer: 'disciplineD1', replyDueOn: d(7) });
      await insertUrging(em, { content: 'vis: U2 item S2', unit: 'S2', type: UrgingSubject.RECTIFICATION_ITEM, subjectId: s2Item, urged: 'officeS2', issuer: 'disciplineC1', replyDueOn: d(7) });
      await insertUrging(em, { content: 'vis: U3 notice M2', unit: 'M2', type: UrgingSubject.NOTICE, subjectId: overdueNotice, urged: 'teamM2', issuer: 'officeD1', replyDueOn: d(7) });
      // Reply days across days: the API only takes days from today on, so the past is written here.
      const day = (content: string, replyDueOn: string, repliedOn?: string) => insertUrging(em, {
        content, unit: 'M1', type: UrgingSubject.TASK, subjectId: visTask.id, urged: 'teamM1', issuer: 'disciplineM1', replyDueOn, repliedOn,
      });
      await day('day: open, due two days ago', d(-2));
      await day('day: open, due today', TODAY);
      await day('day: replied before the day', d(-1), d(-3));
      await day('day: replied after the day', d(-5), d(-2));
      // The portrait's: D2 and S3 of this year, D2 of last year, and C2's district (another city).
      const at2 = (content: string, where: UnitKey, replyDueOn: string, repliedOn?: string, createdAt = inYear(YEAR)) => insertUrging(em, {
        content, unit: where, type: UrgingSubject.TASK, subjectId: visTask.id, urged: 'officeD2', issuer: 'disciplineC1', replyDueOn, repliedOn, createdAt,
      });
      await at2('portrait: D2 replied on time', 'D2', `${YEAR}-06-20`, `${YEAR}-06-18`);
      await at2('portrait: S3 replied late', 'S3', `${YEAR}-06-20`, `${YEAR}-06-25`);
      await at2('portrait: D2 open overdue', 'D2', d(-1));
      await at2('portrait: S3 open', 'S3', d(3));
      await at2('portrait: D2 last year', 'D2', `${YEAR - 1}-06-20`, undefined, inYear(YEAR - 1));
      await insertUrging(em, {
        content: 'portrait: D3 (C2)', unit: 'D3', type: UrgingSubject.TASK, subjectId: visTask.id, urged: 'disciplineC2', issuer: 'disciplineC2',
        replyDueOn: d(-1), createdAt: inYear(YEAR),
      });
    });
  });
  afterAll(() => h.close());

  describe('who may urge a RED task of M1 (persona matrix)', () => {
    // DISCIPLINE at M1 or above, OFFICE or SECRETARY strictly above M1: the post that urges.
    const MAY: Partial<Record<Persona, [PostRole, UnitKey]>> = {
      disciplineM1: [PostRole.DISCIPLINE, 'M1'], disciplineD1: [PostRole.DISCIPLINE, 'D1'], disciplineC1: [PostRole.DISCIPLINE, 'C1'],
      officeS1: [PostRole.OFFICE, 'S1'], secretaryS1: [PostRole.SECRETARY, 'S1'], officeD1: [PostRole.OFFICE, 'D1'],
    };
    // Sees the task but may not urge (the unit's own SECRETARY, its leader), or has no role that urges: FORBIDDEN.
    // Passes the role gate but does not see the INTERNAL task (a sibling, another city, a unit below): NOT_FOUND.
    const REFUSED: Partial<Record<Persona, string>> = {
      secretaryM1: 'FORBIDDEN', teamM1: 'FORBIDDEN', teamM2: 'FORBIDDEN', analystC1: 'FORBIDDEN', adminC1: 'FORBIDDEN', adminD1: 'FORBIDDEN',
      adminD2: 'FORBIDDEN', adminC2: 'FORBIDDEN', informantG2: 'FORBIDDEN', retired: 'FORBIDDEN',
      officeS2: 'NOT_FOUND', officeD2: 'NOT_FOUND', disciplineC2: 'NOT_FOUND', secretaryG1: 'NOT_FOUND',
      inactive: 'UNAUTHENTICATED',
    };

    it('covers every persona', () => {
      expect([...Object.keys(MAY), ...Object.keys(REFUSED)].sort()).toEqual([...ALL_PERSONAS].sort());
    });

    it.each(Object.keys(REFUSED) as Persona[])('%s is refused, and nothing is written', async (persona) => {
      const before = await count();
      const res = await urge({ recordId: ids['red M1'], content: 'Report by Friday' }, persona);
      expect(codes(res)).toEqual([REFUSED[persona]]);
      expect(res.data).toBeNull();
      expect(await count()).toEqual(before);
    });

    it('refuses the anonymous', async () => {
      expect(codes(await urge({ recordId: ids['red M1'], content: 'x' }, null))).toEqual(['UNAUTHENTICATED']);
    });

    it.each(Object.keys(MAY) as Persona[])('%s urges the leader, as the expected post', async (persona) => {
      const res = await urge({ recordId: ids['red M1'], content: `matrix: ${persona}` }, persona);
      expect(res.errors).toBeUndefined();
      const u = res.data!.urge;
      const [role, at] = MAY[persona]!;
      expect(u).toMatchObject({
        subjectType: 'TASK', content: `matrix: ${persona}`, replyDueOn: d(7), reply: null, open: true, replyOverdue: false, repliedLate: false,
        repliedAt: null, repliedBy: null, unit: { name: 'Unit M1' }, issuerUnit: { name: `Unit ${at}` },
        urgedPost: { id: postId('teamM1'), role: 'TEAM_MEMBER', official: { name: 'Official teamM1' } },
        issuerPost: { id: postId(persona), role, unit: { name: `Unit ${at}` } },
      });
      const audit = await h.db.getRepository(AuditEntry).findOneByOrFail({ operation: 'urge', recordType: 'Urging', recordId: decodeId(u.id, 'Urging')!.id });
      expect(audit.actorOfficialId).toBe(h.fixture.officials[persona].id);
      expect(audit.unitPath).toBe(unit('M1').path);
    });
  });

  it('refuses the unit\'s own OFFICE and a sibling\'s DISCIPLINE, and lets DISCIPLINE above urge a SECRETARY\'s task', async () => {
    // S1's own OFFICE keeps S1's tasks; its SECRETARY leads this one.
    expect(codes(await urge({ recordId: ids['red S1'], content: 'x' }, 'officeS1'))).toEqual(['FORBIDDEN']);
    expect(codes(await urge({ recordId: ids['red S1'], content: 'x' }, 'secretaryS1'))).toEqual(['FORBIDDEN']);
    // M1's DISCIPLINE and M2, its sibling: the PUBLIC task is visible (FORBIDDEN), the INTERNAL one is not (NOT_FOUND).
    expect(codes(await urge({ recordId: ids['red M2 public'], content: 'x' }, 'disciplineM1'))).toEqual(['FORBIDDEN']);
    expect(codes(await urge({ recordId: ids['red M2'], content: 'x' }, 'disciplineM1'))).toEqual(['NOT_FOUND']);
    const res = await urge({ recordId: ids['red S1'], content: 'same-unit: D1 urges S1' }, 'disciplineD1');
    expect(res.errors).toBeUndefined();
    expect(res.data!.urge.urgedPost.id).toBe(postId('secretaryS1'));
  });

  describe('on what', () => {
    it('refuses a GREEN or YELLOW task on time, and a closed one, with CONFLICT and a reason', async () => {
      for (const [name, reason] of [['green M1', 'not-overdue'], ['yellow M1', 'not-overdue'], ['closed M1', 'closed']]) {
        const before = await count();
        const res = await urge({ recordId: ids[name], content: 'x' }, 'disciplineD1');
        expect(codes(res)).toEqual(['CONFLICT']);
        expect(res.errors![0].extensions!.reason).toBe(reason);
        expect(await count()).toEqual(before);
      }
    });

    it('urges an overdue notice\'s recipient (the unit below the issuing one), and refuses one not overdue', async () => {
      const res = await urge({ recordId: ids['D1 to M2 overdue'], content: 'on what: notice' }, 'officeD1');
      expect(res.errors).toBeUndefined();
      expect(res.data!.urge).toMatchObject({ subjectType: 'NOTICE', unit: { name: 'Unit M2' }, urgedPost: { id: postId('teamM2') } });
      // DISCIPLINE above the issuing unit reads issued notices, and urges too.
      expect(codes(await urge({ recordId: ids['D1 to M2 overdue'], content: 'on what: notice by C1' }, 'disciplineC1'))).toEqual([]);
      for (const name of ['D1 to M2 due', 'D1 to M2 reported']) {
        const refused = await urge({ recordId: ids[name], content: 'x' }, 'officeD1');
        expect(codes(refused)).toEqual(['CONFLICT']);
        expect(refused.errors![0].extensions!.reason).toBe('not-overdue');
      }
      // S1's SECRETARY is above M2 but does not read D1's notice.
      expect(codes(await urge({ recordId: ids['D1 to M2 overdue'], content: 'x' }, 'secretaryS1'))).toEqual(['NOT_FOUND']);
    });

    it('urges an overdue rectification item\'s owner, and refuses one not overdue or closed', async () => {
      const res = await urge({ recordId: ids['M1 overdue item'], content: 'on what: item' }, 'officeS1');
      expect(res.errors).toBeUndefined();
      expect(res.data!.urge).toMatchObject({ subjectType: 'RECTIFICATION_ITEM', unit: { name: 'Unit M1' }, urgedPost: { id: postId('teamM1') } });
      for (const [name, reason] of [['M1 due item', 'not-overdue'], ['M1 closed item', 'closed']]) {
        const refused = await urge({ recordId: ids[name], content: 'x' }, 'officeS1');
        expect(codes(refused)).toEqual(['CONFLICT']);
        expect(refused.errors![0].extensions!.reason).toBe(reason);
      }
      expect(codes(await urge({ recordId: ids['M1 overdue item'], content: 'x' }, 'secretaryM1'))).toEqual(['FORBIDDEN']);
      // The owner is M1's DISCIPLINE post: it does not urge itself; D1's does.
      expect(codes(await urge({ recordId: ids['M1 discipline item'], content: 'x' }, 'disciplineM1'))).toEqual(['FORBIDDEN']);
      const above = await urge({ recordId: ids['M1 discipline item'], content: 'on what: discipline item' }, 'disciplineD1');
      expect(above.data!.urge.urgedPost.id).toBe(postId('disciplineM1'));
    });

    it('refuses ids of other records and malformed ids', async () => {
      const other = await urge({ recordId: unitId(unit('M1')), content: 'x' }, 'disciplineD1');
      expect(codes(other)).toEqual(['BAD_USER_INPUT']);
      expect(other.errors![0].extensions!.field).toBe('recordId');
      expect(codes(await urge({ recordId: 'not-an-id', content: 'x' }, 'disciplineD1'))).toEqual(['NOT_FOUND']);
      expect(codes(await urge({ recordId: encodeId('Task', 999999), content: 'x' }, 'disciplineD1'))).toEqual(['NOT_FOUND']);
    });

    it('takes a reply day from today to today + 30 (7 days by default), and nothing else', async () => {
      for (const replyDueOn of [d(-1), d(31), `${YEAR}-02-30`, 'tomorrow']) {
        const before = await count();
        const res = await urge({ recordId: ids['red M1'], content: 'x', replyDueOn }, 'disciplineD1');
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(await count()).toEqual(before);
      }
      expect(codes(await urge({ recordId: ids['red M1'], content: '   ' }, 'disciplineD1'))).toEqual(['BAD_USER_INPUT']);
      for (const replyDueOn of [TODAY, d(30)]) {
        const res = await urge({ recordId: ids['red M1'], content: `reply day ${replyDueOn}`, replyDueOn }, 'disciplineD1');
        expect(res.errors).toBeUndefined();
        expect(res.data!.urge.replyDueOn).toBe(replyDueOn);
      }
    });
  });

  describe('the reply', () => {
    let id: string;

    it('notifies the official holding the urged post, once', async () => {
      const res = await urge({ recordId: ids['red M2'], content: 'reply: M2 report please', replyDueOn: d(3) }, 'officeS1');
      expect(res.errors).toBeUndefined();
      id = res.data!.urge.id;
      const rows = await h.db.getRepository(Notification).find({ where: { subjectType: 'Urging', subjectId: decodeId(id, 'Urging')!.id } });
      expect(rows.map((n) => [n.officialId, n.kind, n.dueOn])).toEqual([[h.fixture.officials.teamM2.id, NotificationKind.URGING_RECEIVED, d(3)]]);
      expect(rows[0].title).toContain('red M2');
      expect(rows[0].body).toContain('reply: M2 report please');
    });

    it('is refused to everyone but the urged post: FORBIDDEN where the urging is visible, NOT_FOUND where it is not', async () => {
      const REFUSED: [Persona, string][] = [
        ['secretaryS1', 'FORBIDDEN'], ['officeS1', 'FORBIDDEN'], ['disciplineD1', 'FORBIDDEN'], ['analystC1', 'FORBIDDEN'], ['adminD1', 'FORBIDDEN'],
        ['teamM1', 'NOT_FOUND'], ['disciplineM1', 'NOT_FOUND'], ['officeS2', 'NOT_FOUND'], ['secretaryM1', 'NOT_FOUND'],
      ];
      for (const [persona, code] of REFUSED) {
        const before = await count();
        expect([persona, codes(await h.exec(ReplyToUrgingDocument, { id, reply: 'x' }, persona))]).toEqual([persona, [code]]);
        expect(await count()).toEqual(before);
      }
    });

    it('is recorded once, audited, and tells the issuer', async () => {
      const res = await h.exec(ReplyToUrgingDocument, { id, reply: 'Milestone met on Monday' }, 'teamM2');
      expect(res.errors).toBeUndefined();
      expect(res.data!.replyToUrging).toMatchObject({
        reply: 'Milestone met on Monday', open: false, replyOverdue: false, repliedLate: false, repliedBy: { id: postId('teamM2') },
      });
      expect(res.data!.replyToUrging.repliedAt).not.toBeNull();
      const second = await h.exec(ReplyToUrgingDocument, { id, reply: 'again' }, 'teamM2');
      expect(codes(second)).toEqual(['CONFLICT']);
      expect(second.errors![0].extensions!.reason).toBe('replied');
      const dbId = decodeId(id, 'Urging')!.id;
      expect((await h.db.getRepository(Urging).findOneByOrFail({ id: dbId })).reply).toBe('Milestone met on Monday');
      const audit = await h.db.getRepository(AuditEntry).find({ where: { recordType: 'Urging', recordId: dbId }, order: { id: 'ASC' } });
      expect(audit.map((a) => [a.operation, a.actorOfficialId])).toEqual([
        ['urge', h.fixture.officials.officeS1.id], ['replyToUrging', h.fixture.officials.teamM2.id],
      ]);
      const told = await h.db.getRepository(Notification).find({ where: { subjectType: 'Urging', subjectId: dbId }, order: { id: 'ASC' } });
      expect(told.map((n) => [n.officialId, n.kind])).toEqual([
        [h.fixture.officials.teamM2.id, NotificationKind.URGING_RECEIVED], [h.fixture.officials.officeS1.id, NotificationKind.URGING_REPLIED],
      ]);
    });

    it('flags an overdue reply across days: none past the day, or one after it', async () => {
      const dayOnes = async (filter: Record<string, unknown> = {}): Promise<Record<string, { open: boolean; replyOverdue: boolean; repliedLate: boolean }>> => {
        const res = await h.exec(UrgingListDocument, { filter, first: 100 }, 'disciplineM1');
        expect(res.errors).toBeUndefined();
        return Object.fromEntries(res.data!.urgings.edges.filter((e) => e.node.content.startsWith('day: '))
          .map((e) => [e.node.content, { open: e.node.open, replyOverdue: e.node.replyOverdue, repliedLate: e.node.repliedLate }]));
      };
      expect(await dayOnes()).toEqual({
        'day: open, due two days ago': { open: true, replyOverdue: true, repliedLate: false },
        'day: open, due today': { open: true, replyOverdue: false, repliedLate: false },
        'day: replied before the day': { open: false, replyOverdue: false, repliedLate: false },
        'day: replied after the day': { open: false, replyOverdue: true, repliedLate: true },
      });
      // The filters agree with the fields.
      expect(Object.keys(await dayOnes({ replyOverdue: true })).sort()).toEqual(['day: open, due two days ago', 'day: replied after the day']);
      expect(Object.keys(await dayOnes({ replyOverdue: false })).sort()).toEqual(['day: open, due today', 'day: replied before the day']);
      expect(Object.keys(await dayOnes({ open: true })).sort()).toEqual(['day: open, due today', 'day: open, due two days ago']);
      expect(Object.keys(await dayOnes({ open: false })).sort()).toEqual(['day: replied after the day', 'day: replied before the day']);
      // A reply today to an urging due two days ago is late, and stays flagged.
      const late = await h.exec(ReplyToUrgingDocument, { id: urgingId('day: open, due two days ago'), reply: 'sorry' }, 'teamM1');
      expect(late.errors).toBeUndefined();
      expect(late.data!.replyToUrging).toMatchObject({ open: false, replyOverdue: true, repliedLate: true });
      // Due today and replied today: on time.
      const onTime = await h.exec(ReplyToUrgingDocument, { id: urgingId('day: open, due today'), reply: 'done' }, 'teamM1');
      expect(onTime.data!.replyToUrging).toMatchObject({ open: false, replyOverdue: false, repliedLate: false });
    });
  });

  describe('who reads them', () => {
    // Posts in scope of the urged record's unit (the urged post and every unit above) or of the
    // issuing unit; written out from section 6, not computed.
    const U1 = 'vis: U1 task M1'; // M1, issued by D1's DISCIPLINE, to M1's team member
    const U2 = 'vis: U2 item S2'; // S2, issued by C1's DISCIPLINE, to S2's OFFICE
    const U3 = 'vis: U3 notice M2'; // M2 (a D1 notice to M2's team member), issued by D1's OFFICE
    const SEEN: Record<Reader, string[]> = {
      adminC1: [], adminD1: [], adminD2: [], adminC2: [], analystC1: [], retired: [], informantG2: [], secretaryG1: [], officeD2: [],
      disciplineC2: [],
      officeD1: [U1, U2, U3], disciplineC1: [U1, U2, U3], disciplineD1: [U1, U2, U3],
      officeS1: [U1, U3], secretaryS1: [U1, U3], secretaryM1: [U1], disciplineM1: [U1], teamM1: [U1],
      officeS2: [U2], teamM2: [U3],
    };

    it.each(Object.keys(SEEN) as Reader[])('%s reads exactly its urgings, in lists and by id', async (persona) => {
      const res = await h.exec(UrgingListDocument, { first: 100 }, persona);
      expect(res.errors).toBeUndefined();
      const listed = res.data!.urgings.edges.map((e) => e.node.content).filter((c) => c.startsWith('vis: ')).sort();
      expect(listed).toEqual([...SEEN[persona]].sort());
      for (const content of [U1, U2, U3]) {
        const node = await h.exec(UrgingNodeDocument, { id: urgingId(content) }, persona);
        expect(node.data!.node?.__typename ?? null).toBe(SEEN[persona].includes(content) ? 'Urging' : null);
      }
      // A sibling sees none of M1's urgings, nor a city's post another city's.
      if (persona === 'officeS2' || persona === 'teamM2' || persona === 'disciplineC2') {
        expect(res.data!.urgings.edges.some((e) => e.node.content.startsWith('matrix: '))).toBe(false);
      }
    });

    it('shows the urged record only to those who read it', async () => {
      const records = async (persona: Persona) => {
        const res = await h.exec(UrgingRecordsDocument, { first: 100 }, persona);
        expect(res.errors).toBeUndefined();
        return Object.fromEntries(res.data!.urgings.edges.filter((e) => e.node.content.startsWith('vis: '))
          .map((e) => [e.node.content, e.node.record?.__typename ?? null]));
      };
      expect(await records('officeD1')).toEqual({ [U1]: 'Task', [U2]: 'RectificationItem', [U3]: 'Notice' });
      // S1's SECRETARY reads the urging about M2 but not D1's notice itself.
      expect(await records('secretaryS1')).toEqual({ [U1]: 'Task', [U3]: null });
      expect(await records('teamM2')).toEqual({ [U3]: 'Notice' });
    });

    it('filters by unit, kind and post, with a total', async () => {
      const list = async (filter: Record<string, unknown>) => {
        const res = await h.exec(UrgingListDocument, { filter, first: 100 }, 'disciplineC1');
        expect(res.errors).toBeUndefined();
        return res.data!.urgings.edges.map((e) => e.node.content).filter((c) => c.startsWith('vis: '));
      };
      expect(await list({ subject: 'NOTICE' })).toEqual([U3]);
      expect(await list({ unitId: unitId(unit('S2')) })).toEqual([U2]);
      expect((await list({ unitId: unitId(unit('S1')) })).sort()).toEqual([U1, U3]);
      expect(await list({ unitId: unitId(unit('S1')), subtree: false })).toEqual([]);
      expect(await list({ urgedPostId: postId('officeS2') })).toEqual([U2]);
      const total = await h.exec(UrgingListDocument, { filter: { unitId: unitId(unit('S2')) }, first: 1 }, 'disciplineC1');
      expect(total.data!.urgings.totalCount).toBe(1);
    });

    it('lists a record\'s urgings under the scope: a sibling reading a PUBLIC task sees none', async () => {
      const urged = await urge({ recordId: ids['red M2 public'], content: 'record: public M2' }, 'officeS1');
      expect(urged.errors).toBeUndefined();
      const of = async (persona: Persona, name: string) => {
        const res = await h.exec(RecordUrgingsDocument, { ids: [ids[name]] }, persona);
        expect(res.errors).toBeUndefined();
        const node = res.data!.nodes[0] as { urgings?: { content: string }[] } | null;
        return node?.urgings?.map((u) => u.content) ?? null;
      };
      expect(await of('teamM2', 'red M2 public')).toEqual(['record: public M2']);
      expect(await of('disciplineM1', 'red M2 public')).toEqual([]);
      // Newest first.
      expect(await of('officeD1', 'D1 to M2 overdue')).toEqual(['on what: notice by C1', 'on what: notice', U3]);
      expect(await of('secretaryS1', 'M1 overdue item')).toEqual(['on what: item']);
    });
  });

  /** Statements of one operation as a persona, counted after sign-in. */
  async function statements(persona: Persona, query: unknown, variables: Record<string, unknown>): Promise<number> {
    const contextValue = await h.server.contextFor(await h.tokenOf(persona));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation({ query: query as never, variables }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    return h.counter.count;
  }

  it('reads the urgings of a page of tasks in one statement', async () => {
    const variables = { unitId: unitId(unit('M1')) };
    const without = await statements('disciplineD1', TasksWithoutUrgingsDocument, variables);
    expect(await statements('disciplineD1', TasksWithUrgingsDocument, variables)).toBe(without + 1);
    const res = await h.exec(TasksWithUrgingsDocument, variables, 'disciplineD1');
    const red = res.data!.tasks.edges.find((e) => e.node.title === 'red M1')!.node;
    expect(red.urgings.filter((u) => u.content.startsWith('matrix: '))).toHaveLength(6);
  });

  describe('the portrait', () => {
    const figures = async (at: UnitKey, persona: Persona, year = YEAR) => {
      const res = await h.exec(PortraitUrgingsDocument, { unitId: unitId(unit(at)), year }, persona);
      expect(res.errors).toBeUndefined();
      return res.data!.portrait.urgings;
    };

    it('counts the year\'s urgings about the subtree: replied, open, reply overdue', async () => {
      expect(await figures('D2', 'disciplineC1')).toEqual({ issued: 4, replied: 2, open: 2, replyOverdue: 2 });
      expect(await figures('S3', 'disciplineC1')).toEqual({ issued: 2, replied: 1, open: 1, replyOverdue: 1 });
      expect(await figures('D2', 'disciplineC1', YEAR - 1)).toEqual({ issued: 1, replied: 0, open: 1, replyOverdue: 1 });
      expect(await figures('C2', 'disciplineC2')).toEqual({ issued: 1, replied: 0, open: 1, replyOverdue: 1 });
      // Figures only: the ANALYST reads them too.
      expect(await figures('D2', 'analystC1')).toEqual({ issued: 4, replied: 2, open: 2, replyOverdue: 2 });
    });

    it('costs one statement, computed only when asked', async () => {
      const variables = { unitId: unitId(unit('D2')), year: YEAR };
      const overhead = await statements('disciplineC1', PortraitYearDocument, variables);
      expect(overhead).toBe(1);
      expect(await statements('disciplineC1', PortraitUrgingsDocument, variables)).toBe(overhead + 1);
    });
  });
});
