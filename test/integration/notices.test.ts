// Notices (告知书): who reads which notice (recipient and cc once issued, the issuing
// unit's SECRETARY/DISCIPLINE/OFFICE always, DISCIPLINE above once issued), the case
// only for DISCIPLINE in its scope, filters and counts (overdue), the whole life cycle
// with the role of each step, refusals that write nothing, 以案四说 (one case -> several
// leaders in one transaction), the noticeChanged subscription, and the statement count.
import { subscribe, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { authenticate } from '../../src/auth/authenticate';
import { signToken } from '../../src/auth/token';
import { addDays, today } from '../../src/clock';
import { createSubscriptionContext } from '../../src/context';
import {
  AuditEntry, DisciplinaryCase, Domain, Notice, NoticeCategory, NoticeCc, NoticeEvent, Official, OrgUnit, Post,
} from '../../src/entities';
import { addCalendarMonths, noticeDueOn } from '../../src/resolvers/notices/due-date';
import { CaseStatus, NoticeState as State, PostRole, SupervisionSource } from '../../src/schema/enums';
import { decodeId, encodeId } from '../../src/schema/node';
import { SeedBuilder } from '../../src/seed/builder';
import { NoticeSeeder } from '../../src/seed/demo-notices';
import { seedDemo } from '../../src/seed/demo';
import {
  NoticeApproveDocument, NoticeBoardDocument, NoticeByIdDocument, NoticeCaseDocument, NoticeCategoriesDocument, NoticeCloseDocument,
  NoticeCountsDocument, NoticeDraftDocument, NoticeDraftFromCaseDocument, NoticeIssueDocument, NoticeNodeDocument, NoticeReopenDocument,
  NoticeReportDocument, NoticeReturnDocument, NoticeSubmitDocument, NoticeSuggestedRecipientsDocument, NoticeTitlesDocument,
  NoticeUpdateDocument, WatchNoticesDocument,
  type DraftNoticeInput, type DraftNoticesFromCaseInput, type NoticeFilter, type NoticeState, type NoticeTitlesQuery, type WatchNoticesSubscription,
} from '../generated/graphql';
import { closeTestDatabase, describeDb, openTestDatabase } from '../setup/db';
import { PASSWORD, type Persona, type UnitKey } from '../setup/fixture';
import { codes, ok, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

const TODAY = today();
const d = (n: number): string => addDays(TODAY, n);

/** Posts made for this file besides the fixture's personas. */
type Extra = 'secretaryD1' | 'officeM1' | 'teamD1' | 'teamD3' | 'teamS3' | 'formerTeamD1';
type Who = Persona | Extra;
const EXTRAS: [Extra, UnitKey, PostRole, { until?: string; domains?: string[] }][] = [
  ['secretaryD1', 'D1', PostRole.SECRETARY, {}],
  ['officeM1', 'M1', PostRole.OFFICE, {}],
  ['teamD1', 'D1', PostRole.TEAM_MEMBER, { domains: ['HEALTH'] }],
  ['teamD3', 'D3', PostRole.TEAM_MEMBER, { domains: ['EDUCATION'] }],
  ['teamS3', 'S3', PostRole.TEAM_MEMBER, { domains: ['EDUCATION'] }],
  ['formerTeamD1', 'D1', PostRole.TEAM_MEMBER, { until: '2023-12-31', domains: ['EDUCATION'] }],
];

interface SeedRow {
  title: string;
  unit: UnitKey;
  state: State;
  recipient: Who;
  cc?: Who[];
  domain: 'EDUCATION' | 'HEALTH';
  category: 'PUBLIC_COMPLAINTS' | 'FOUR_WINDS';
  /** Days before today it was issued (ISSUED and after). */
  issued?: number;
  fromCase?: boolean;
  overdue: boolean;
}

// Seeded in this order (ids ascending, so "newest first" is the reverse).
const SEEDS: SeedRow[] = [
  { title: 'D1 draft', unit: 'D1', state: State.DRAFT, recipient: 'teamD1', cc: ['officeS1'], domain: 'HEALTH', category: 'FOUR_WINDS', overdue: false },
  { title: 'D1 pending', unit: 'D1', state: State.PENDING_APPROVAL, recipient: 'teamM1', domain: 'EDUCATION', category: 'FOUR_WINDS', overdue: false },
  { title: 'D1 approved', unit: 'D1', state: State.APPROVED, recipient: 'teamM2', domain: 'EDUCATION', category: 'PUBLIC_COMPLAINTS', overdue: false },
  { title: 'D1 issued', unit: 'D1', state: State.ISSUED, recipient: 'teamM1', cc: ['officeS1', 'secretaryG1'], domain: 'EDUCATION', category: 'PUBLIC_COMPLAINTS', issued: 10, overdue: false },
  { title: 'D1 overdue', unit: 'D1', state: State.ISSUED, recipient: 'teamD1', domain: 'HEALTH', category: 'FOUR_WINDS', issued: 100, overdue: true },
  { title: 'M1 reported', unit: 'M1', state: State.REPORTED, recipient: 'teamM1', cc: ['officeD2'], domain: 'EDUCATION', category: 'PUBLIC_COMPLAINTS', issued: 100, fromCase: true, overdue: false },
  { title: 'M1 closed', unit: 'M1', state: State.CLOSED, recipient: 'teamM1', domain: 'EDUCATION', category: 'FOUR_WINDS', issued: 200, overdue: false },
  { title: 'M1 draft', unit: 'M1', state: State.DRAFT, recipient: 'teamM1', cc: ['informantG2'], domain: 'EDUCATION', category: 'FOUR_WINDS', overdue: false },
  { title: 'S1 issued', unit: 'S1', state: State.ISSUED, recipient: 'teamM2', domain: 'EDUCATION', category: 'PUBLIC_COMPLAINTS', issued: 5, overdue: false },
  { title: 'D2 issued', unit: 'D2', state: State.ISSUED, recipient: 'teamS3', domain: 'EDUCATION', category: 'FOUR_WINDS', issued: 30, overdue: false },
  { title: 'C2 issued', unit: 'C2', state: State.ISSUED, recipient: 'teamD3', domain: 'EDUCATION', category: 'FOUR_WINDS', issued: 120, overdue: true },
];

// What each persona reads, written out from section 6 (not computed): the issuing unit's
// SECRETARY, DISCIPLINE and OFFICE every notice of it; from ISSUED on also the recipient,
// the cc'd posts and DISCIPLINE above. A draft reaches neither its recipient nor its cc.
const D1_ALL = ['D1 draft', 'D1 pending', 'D1 approved', 'D1 issued', 'D1 overdue'];
const M1_ALL = ['M1 reported', 'M1 closed', 'M1 draft'];
const SEEN: Record<Exclude<Who, 'inactive' | 'formerTeamD1'>, string[]> = {
  adminC1: [], adminD1: [], adminD2: [], adminC2: [], analystC1: [], retired: [], informantG2: [], officeS2: [],
  officeD1: D1_ALL,
  officeD2: ['D2 issued', 'M1 reported'],
  officeS1: ['D1 issued', 'S1 issued'],
  secretaryS1: ['S1 issued'],
  secretaryM1: M1_ALL,
  disciplineC1: ['D1 issued', 'D1 overdue', 'M1 reported', 'M1 closed', 'S1 issued', 'D2 issued'],
  disciplineC2: ['C2 issued'],
  disciplineD1: [...D1_ALL, 'M1 reported', 'M1 closed', 'S1 issued'],
  disciplineM1: M1_ALL,
  teamM1: ['D1 issued', 'M1 reported', 'M1 closed'],
  teamM2: ['S1 issued'],
  secretaryG1: ['D1 issued'],
  secretaryD1: D1_ALL,
  officeM1: M1_ALL,
  teamD1: ['D1 overdue'],
  teamD3: ['C2 issued'],
  teamS3: ['D2 issued'],
};
const READERS = Object.keys(SEEN) as (keyof typeof SEEN)[];
const seen = (who: keyof typeof SEEN): string[] => [...SEEN[who]].sort();

describeDb('notices', () => {
  let h: Harness;
  const extra = {} as Record<Extra, { post: Post; official: Official; token: string }>;
  const notices: Record<string, Notice> = {};
  const domains: Record<string, string> = {};
  const categories: Record<string, string> = {};
  let theCase: DisciplinaryCase;

  const as = (who: Who | null): Persona | { token: string } | null =>
    who === null ? null : who in extra ? { token: extra[who as Extra].token } : (who as Persona);
  const postOf = (who: Who): Post => (who in extra ? extra[who as Extra].post : h.fixture.posts[who as Persona]);
  const officialOf = (who: Who): Official => (who in extra ? extra[who as Extra].official : h.fixture.officials[who as Persona]);
  const nameOf = (who: Who): string => officialOf(who).name;
  const postId = (who: Who): string => encodeId('Post', postOf(who).id);
  const noticeId = (title: string): string => encodeId('Notice', notices[title].id);
  const unit = (key: UnitKey): string => unitId(h.fixture.units[key]);
  const caseId = (): string => encodeId('DisciplinaryCase', theCase.id);

  beforeAll(async () => {
    h = await startHarness();
    const { units, officials } = h.fixture;
    const accounts = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      const made: [Extra, number][] = [];
      for (const [key, at, role, options] of EXTRAS) {
        const official = await b.official(units[at], `Official ${key}`, `${role} of ${at}`);
        const post = await b.post(official, units[at], role, { since: '2020-01-01', until: options.until ?? null, domains: options.domains });
        extra[key] = { post, official, token: '' };
        made.push([key, (await b.account(official, key.toLowerCase(), PASSWORD)).id]);
      }
      const education = await em.findOneByOrFail(Domain, { code: 'EDUCATION' });
      const { identifiers } = await em.insert(DisciplinaryCase, {
        cityId: units.M1.cityId, unitId: units.M1.id, issuerUnitId: units.M1.id, officialId: officials.teamM1.id, domainId: education.id, incidentOn: d(-300),
        title: 'Case M1', summary: 'Bid rigging in school construction', leadId: null, status: CaseStatus.OPEN,
        openedByOfficialId: officials.disciplineM1.id, openedAt: new Date(), closedAt: null,
      });
      theCase = await em.findOneByOrFail(DisciplinaryCase, { id: Number(identifiers[0].id) });
      const seeder = new NoticeSeeder(em);
      for (const s of SEEDS) {
        notices[s.title] = await seeder.notice(units[s.unit], {
          title: s.title, category: s.category, domain: s.domain, recipient: postOf(s.recipient), state: s.state,
          cc: (s.cc ?? []).map(postOf), drafter: officials.disciplineD1, issuedOn: s.issued === undefined ? undefined : d(-s.issued),
          source: s.fromCase ? SupervisionSource.CASE_INVESTIGATION : SupervisionSource.DAILY_SUPERVISION, caseId: s.fromCase ? theCase.id : null,
        });
      }
      return made;
    });
    for (const [key, accountId] of accounts) extra[key].token = (await signToken(accountId)).token;
    for (const dm of await h.db.getRepository(Domain).find()) domains[dm.code] = encodeId('Domain', dm.id);
    for (const c of await h.db.getRepository(NoticeCategory).find()) categories[c.code] = encodeId('NoticeCategory', c.id);
  });
  afterAll(() => h.close());

  // Rows of every table a notice write touches.
  const TABLES: Record<string, EntityTarget<ObjectLiteral>> = {
    notice: Notice, notice_cc: NoticeCc, notice_event: NoticeEvent, audit_entry: AuditEntry,
  };
  const counts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const [name, target] of Object.entries(TABLES)) out[name] = await h.db.getRepository(target).count();
    return out;
  };
  const plus = (base: Record<string, number>, delta: Record<string, number>) =>
    Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v + (delta[k] ?? 0)]));
  /** Every notice row and cc link, and the sizes of the append-only tables. */
  const snapshot = async () => ({
    notices: await h.db.getRepository(Notice).find({ order: { id: 'ASC' } }),
    cc: await h.db.getRepository(NoticeCc).find({ order: { noticeId: 'ASC', postId: 'ASC' } }),
    ...(await counts()),
  });


  /** Titles of `notices` (one page of 100), checked against totalCount and noticeStats.total. */
  async function titles(who: Who, filter?: NoticeFilter, stats = true): Promise<string[]> {
    const data = await ok(h.exec(NoticeTitlesDocument, { filter, first: 100 }, as(who)));
    const found = data.notices.edges.map((e) => e.node.title).sort();
    expect(data.notices.totalCount).toBe(found.length);
    if (stats) expect((await ok(h.exec(NoticeCountsDocument, { filter }, as(who)))).noticeStats.total).toBe(found.length);
    return found;
  }

  const errorPaths = (res: FormattedExecutionResult): string[] => (res.errors ?? []).map((e) => e.path!.join('.')).sort();

  // ---------------------------------------------------------------- the due date

  describe('due date', () => {
    it.each([
      ['2026-11-30', '2027-02-28'], ['2027-11-30', '2028-02-29'], ['2026-01-31', '2026-04-30'], ['2026-03-15', '2026-06-15'],
      ['2026-10-31', '2027-01-31'], ['2026-12-31', '2027-03-31'], ['2026-05-31', '2026-08-31'],
    ])('issued %s is due %s (three calendar months, clamped to the month\'s end)', (issued, due) => {
      expect(noticeDueOn(issued)).toBe(due);
    });

    it('adds any number of months across years', () => {
      expect(addCalendarMonths('2026-08-31', 18)).toBe('2028-02-29');
      expect(addCalendarMonths('2026-02-28', 0)).toBe('2026-02-28');
    });
  });

  // ---------------------------------------------------------------- reads

  describe('who reads which notice', () => {
    it.each(READERS)('notices and noticeStats as %s: exactly the notices of section 6', async (who) => {
      expect(await titles(who)).toEqual(seen(who));
    });

    it.each([['inactive'], [null]] as [Persona | null][])('notices, noticeStats, notice and node as %s: UNAUTHENTICATED', async (who) => {
      const list = await h.exec(NoticeTitlesDocument, { first: 10 }, who);
      expect(codes(list)).toEqual(['UNAUTHENTICATED']);
      expect(list.data).toBeNull();
      expect(codes(await h.exec(NoticeCountsDocument, {}, who))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await h.exec(NoticeByIdDocument, { id: noticeId('D1 issued') }, who))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await h.exec(NoticeNodeDocument, { id: noticeId('D1 issued') }, who))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await h.exec(NoticeCategoriesDocument, {}, who))).toEqual(['UNAUTHENTICATED']);
    });

    it.each(READERS)('notice(id) and node(id) of every notice and of its events as %s', async (who) => {
      for (const s of SEEDS) {
        const visible = SEEN[who].includes(s.title);
        const id = noticeId(s.title);
        const one = await ok(h.exec(NoticeByIdDocument, { id }, as(who)));
        expect(one.notice?.title ?? null).toBe(visible ? s.title : null);
        expect((await ok(h.exec(NoticeNodeDocument, { id }, as(who)))).node).toEqual(visible ? { __typename: 'Notice', id, title: s.title } : null);
        const [first] = await h.db.getRepository(NoticeEvent).find({ where: { noticeId: notices[s.title].id }, order: { id: 'ASC' }, take: 1 });
        const eventId = encodeId('NoticeEvent', first.id);
        expect((await ok(h.exec(NoticeNodeDocument, { id: eventId }, as(who)))).node)
          .toEqual(visible ? { __typename: 'NoticeEvent', id: eventId, toState: 'DRAFT' } : null);
      }
    });

    it('spells out a few rows of the table', async () => {
      // The recipient of a draft does not see it; the cc of a draft neither; DISCIPLINE above only once issued.
      expect(await titles('teamD1')).toEqual(['D1 overdue']);
      expect(await titles('informantG2')).toEqual([]);
      expect(await titles('disciplineC1', { unitId: unit('D1'), subtree: false })).toEqual(['D1 issued', 'D1 overdue']);
      // A cc'd post of a sibling district reads it; DISCIPLINE of the other city reads only its own.
      expect(await titles('officeD2', { unitId: unit('M1') })).toEqual(['M1 reported']);
      expect(await titles('disciplineC2', { unitId: unit('C1') })).toEqual([]);
      // A post that has ended reads nothing, though it once was a recipient's colleague.
      expect(await titles('retired')).toEqual([]);
    });

    it('shows a notice in full: unit, category, domain, recipient, cc, events, due date, overdue', async () => {
      const data = await ok(h.exec(NoticeByIdDocument, { id: noticeId('D1 overdue') }, as('teamD1')));
      const issuedOn = d(-100);
      expect(data.notice).toMatchObject({
        title: 'D1 overdue', state: 'ISSUED', source: 'DAILY_SUPERVISION', dueOn: noticeDueOn(issuedOn), overdue: true,
        unit: { name: 'Unit D1' }, category: { code: 'FOUR_WINDS', name: '"四风"问题频发' }, domain: { code: 'HEALTH' },
        recipient: { id: postId('teamD1'), role: 'TEAM_MEMBER', official: { name: nameOf('teamD1') } }, cc: [],
        report: null, reportedAt: null, closedAt: null, draftedBy: { name: nameOf('disciplineD1') },
      });
      expect(data.notice!.events.map((e) => [e.fromState, e.toState])).toEqual([
        [null, 'DRAFT'], ['DRAFT', 'PENDING_APPROVAL'], ['PENDING_APPROVAL', 'APPROVED'], ['APPROVED', 'ISSUED'],
      ]);
      const cc = await ok(h.exec(NoticeByIdDocument, { id: noticeId('D1 issued') }, as('officeD1')));
      expect(cc.notice!.cc.map((p) => p.id).sort()).toEqual([postId('officeS1'), postId('secretaryG1')].sort());
      expect(cc.notice!.overdue).toBe(false);
    });

    it('lists the eight categories (reference data)', async () => {
      const data = await ok(h.exec(NoticeCategoriesDocument, {}, 'teamM2'));
      expect(data.noticeCategories.map((c) => c.code)).toEqual([
        'ORDERS_NOT_FOLLOWED', 'FEIGNED_COMPLIANCE', 'FOUR_WINDS', 'PUBLIC_COMPLAINTS', 'SYSTEMIC_CASE_PROBLEMS', 'WEAK_REGULATION',
        'FREQUENT_VIOLATIONS', 'POOR_RECTIFICATION',
      ]);
      const node = await ok(h.exec(NoticeNodeDocument, { id: categories.PUBLIC_COMPLAINTS }, 'adminC2'));
      expect(node.node).toEqual({ __typename: 'NoticeCategory', id: categories.PUBLIC_COMPLAINTS, code: 'PUBLIC_COMPLAINTS' });
    });

    it('suggests the leader in charge of the domain at the unit, else its SECRETARY', async () => {
      const suggest = async (key: UnitKey, domain: string) =>
        (await ok(h.exec(NoticeSuggestedRecipientsDocument, { unitId: unit(key), domainId: domains[domain] }, 'disciplineD1')))
          .suggestedNoticeRecipients.map((p) => p.id);
      expect(await suggest('M1', 'EDUCATION')).toEqual([postId('teamM1')]);
      expect(await suggest('M1', 'HEALTH')).toEqual([postId('secretaryM1')]);
      expect(await suggest('D1', 'HEALTH')).toEqual([postId('teamD1')]);
      // The former team member in charge of education at D1 has moved on: the SECRETARY answers.
      expect(await suggest('D1', 'EDUCATION')).toEqual([postId('secretaryD1')]);
      expect(await suggest('D2', 'EDUCATION')).toEqual([]);
    });
  });

  describe('the originating case', () => {
    // M1 reported came from a case at M1: DISCIPLINE whose scope holds M1 reads the case.
    const CASE_READERS: Who[] = ['disciplineC1', 'disciplineD1', 'disciplineM1'];
    it.each(READERS.filter((w) => SEEN[w].includes('M1 reported')))('notice.case of M1 reported as %s', async (who) => {
      const res = await h.exec(NoticeCaseDocument, { id: noticeId('M1 reported') }, as(who));
      expect(res.data!.notice!.id).toBe(noticeId('M1 reported'));
      if (CASE_READERS.includes(who)) {
        expect(res.errors).toBeUndefined();
        expect(res.data!.notice!.case).toEqual({ id: caseId(), title: 'Case M1' });
      } else {
        expect(res.data!.notice!.case).toBeNull();
        expect(codes(res)).toEqual(['FORBIDDEN']);
        expect(errorPaths(res)).toEqual(['notice.case']);
      }
    });

    it('is null without an error when a notice has no case', async () => {
      const res = await h.exec(NoticeCaseDocument, { id: noticeId('D1 issued') }, as('teamM1'));
      expect(res.errors).toBeUndefined();
      expect(res.data!.notice!.case).toBeNull();
    });
  });

  describe('filters, overdue and counts', () => {
    const expectedFor = (who: keyof typeof SEEN, keep: (s: SeedRow) => boolean): string[] =>
      SEEDS.filter((s) => SEEN[who].includes(s.title) && keep(s)).map((s) => s.title).sort();

    it.each([
      ['disciplineD1', { overdue: true }], ['disciplineD1', { overdue: false }], ['disciplineC1', { overdue: true }],
      ['disciplineC2', { overdue: true }], ['teamM1', { overdue: false }], ['teamD1', { overdue: true }],
      ['disciplineD1', { state: 'ISSUED' }], ['disciplineD1', { state: 'DRAFT' }], ['secretaryD1', { state: 'PENDING_APPROVAL' }],
      ['officeM1', { state: 'REPORTED' }], ['disciplineC1', { state: 'CLOSED' }],
    ] as [keyof typeof SEEN, { overdue?: boolean; state?: NoticeState }][])('as %s, filter %j gives the exact set', async (who, filter) => {
      const want = expectedFor(who, (s) => (filter.overdue === undefined || s.overdue === filter.overdue)
        && (filter.state === undefined || s.state === filter.state));
      expect(want.length).toBeGreaterThan(0);
      // noticeStats ignores state and overdue, so its total is not compared.
      expect(await titles(who, filter, false)).toEqual(want);
    });

    it('filters by unit (subtree or not), recipient, domain, category, case and year', async () => {
      const who = 'disciplineD1';
      expect(await titles(who, { unitId: unit('D1'), subtree: false })).toEqual([...D1_ALL].sort());
      expect(await titles(who, { unitId: unit('S1') })).toEqual(['M1 closed', 'M1 reported', 'S1 issued']);
      expect(await titles(who, { unitId: unit('S1'), subtree: false })).toEqual(['S1 issued']);
      expect(await titles(who, { unitId: unit('D2') })).toEqual([]);
      expect(await titles(who, { recipientPostId: postId('teamM1') })).toEqual(['D1 issued', 'D1 pending', 'M1 closed', 'M1 reported']);
      expect(await titles('teamM1', { recipientPostId: postId('teamM1') })).toEqual(['D1 issued', 'M1 closed', 'M1 reported']);
      expect(await titles(who, { domainId: domains.HEALTH })).toEqual(['D1 draft', 'D1 overdue']);
      expect(await titles(who, { categoryId: categories.PUBLIC_COMPLAINTS })).toEqual(['D1 approved', 'D1 issued', 'M1 reported', 'S1 issued']);
      expect(await titles(who, { caseId: caseId() })).toEqual(['M1 reported']);
      // An id of the wrong type matches nothing.
      expect(await titles(who, { recipientPostId: domains.HEALTH })).toEqual([]);
      // Year: of issue, or of drafting for a notice not issued yet (in the server's zone).
      const yearOf = (s: SeedRow): number => Number((s.issued === undefined ? TODAY : d(-s.issued)).slice(0, 4));
      const thisYear = Number(TODAY.slice(0, 4));
      for (const year of [thisYear, thisYear - 1]) {
        expect(await titles(who, { year })).toEqual(expectedFor(who, (s) => yearOf(s) === year));
      }
    });

    it.each(['disciplineD1', 'disciplineC1', 'teamM1', 'disciplineC2', 'adminC1'] as (keyof typeof SEEN)[])(
      'noticeStats as %s counts by state and overdue in one aggregate', async (who) => {
        const rows = SEEDS.filter((s) => SEEN[who].includes(s.title));
        const n = (state: State) => rows.filter((s) => s.state === state).length;
        const want = {
          total: rows.length, draft: n(State.DRAFT), pendingApproval: n(State.PENDING_APPROVAL), approved: n(State.APPROVED),
          issued: n(State.ISSUED), reported: n(State.REPORTED), closed: n(State.CLOSED), overdue: rows.filter((s) => s.overdue).length,
        };
        expect((await ok(h.exec(NoticeCountsDocument, {}, as(who)))).noticeStats).toEqual(want);
        // State and overdue filters do not narrow the counts.
        expect((await ok(h.exec(NoticeCountsDocument, { filter: { state: 'DRAFT', overdue: true } }, as(who)))).noticeStats).toEqual(want);
      });

    it('pins disciplineD1\'s counts (a cross-check of the table)', async () => {
      expect((await ok(h.exec(NoticeCountsDocument, {}, 'disciplineD1'))).noticeStats).toEqual({
        total: 8, draft: 1, pendingApproval: 1, approved: 1, issued: 3, reported: 1, closed: 1, overdue: 1,
      });
      expect((await ok(h.exec(NoticeCountsDocument, { filter: { unitId: unit('M1') } }, 'disciplineD1'))).noticeStats)
        .toEqual({ total: 2, draft: 0, pendingApproval: 0, approved: 0, issued: 0, reported: 1, closed: 1, overdue: 0 });
    });

    it('pages newest first, three at a time, each notice once', async () => {
      const want = SEEDS.filter((s) => SEEN.disciplineC1.includes(s.title)).map((s) => s.title).reverse();
      const got: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const res: FormattedExecutionResult<NoticeTitlesQuery> = await h.exec(NoticeTitlesDocument, { first: 3, after }, 'disciplineC1');
        expect(res.errors).toBeUndefined();
        const { edges, pageInfo, totalCount } = res.data!.notices;
        expect(totalCount).toBe(want.length);
        got.push(...edges.map((e) => e.node.title));
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(got).toEqual(want);
      expect(codes(await h.exec(NoticeTitlesDocument, { first: 3, after: 'nope' }, 'disciplineC1'))).toEqual(['BAD_USER_INPUT']);
    });
  });

  // ---------------------------------------------------------------- writes

  /** A valid draft of D1 to teamM1; overrides replace fields. */
  const newDraft = (overrides: Partial<DraftNoticeInput> = {}): DraftNoticeInput => ({
    unitId: unit('D1'), categoryId: categories.PUBLIC_COMPLAINTS, domainId: domains.EDUCATION, recipientPostId: postId('teamM1'),
    title: 'New notice', problems: 'Problems', measures: 'Measures', source: 'DAILY_SUPERVISION', ccPostIds: [],
    ...overrides,
  });
  const fromCase = (overrides: Partial<DraftNoticesFromCaseInput> = {}): DraftNoticesFromCaseInput => ({
    caseId: caseId(), recipientPostIds: [postId('teamM1')], categoryId: categories.FOUR_WINDS, title: 'From the case',
    problems: 'Systemic problems', measures: 'Rules', ccPostIds: [], ...overrides,
  });

  type Attempt = (who: Who | null) => Promise<FormattedExecutionResult>;
  const ATTEMPTS: Record<string, Attempt> = {
    'draft at D1': (w) => h.exec(NoticeDraftDocument, { input: newDraft() }, as(w)),
    'from case at D1': (w) => h.exec(NoticeDraftFromCaseDocument, { input: fromCase({ unitId: unit('D1') }) }, as(w)),
    'from case': (w) => h.exec(NoticeDraftFromCaseDocument, { input: fromCase() }, as(w)),
    'update D1 draft': (w) => h.exec(NoticeUpdateDocument, { id: noticeId('D1 draft'), input: { title: 'Renamed' } }, as(w)),
    'update D1 pending': (w) => h.exec(NoticeUpdateDocument, { id: noticeId('D1 pending'), input: { title: 'Renamed' } }, as(w)),
    'submit D1 draft': (w) => h.exec(NoticeSubmitDocument, { id: noticeId('D1 draft') }, as(w)),
    'submit D1 pending': (w) => h.exec(NoticeSubmitDocument, { id: noticeId('D1 pending') }, as(w)),
    'approve D1 pending': (w) => h.exec(NoticeApproveDocument, { id: noticeId('D1 pending') }, as(w)),
    'approve D1 draft': (w) => h.exec(NoticeApproveDocument, { id: noticeId('D1 draft') }, as(w)),
    'approve D1 approved': (w) => h.exec(NoticeApproveDocument, { id: noticeId('D1 approved') }, as(w)),
    'return D1 pending': (w) => h.exec(NoticeReturnDocument, { id: noticeId('D1 pending'), comment: 'No' }, as(w)),
    'return D1 pending blank': (w) => h.exec(NoticeReturnDocument, { id: noticeId('D1 pending'), comment: '   ' }, as(w)),
    'return D1 issued': (w) => h.exec(NoticeReturnDocument, { id: noticeId('D1 issued'), comment: 'No' }, as(w)),
    'issue D1 approved': (w) => h.exec(NoticeIssueDocument, { id: noticeId('D1 approved') }, as(w)),
    'issue D1 pending': (w) => h.exec(NoticeIssueDocument, { id: noticeId('D1 pending') }, as(w)),
    'issue D1 issued': (w) => h.exec(NoticeIssueDocument, { id: noticeId('D1 issued') }, as(w)),
    'report D1 issued': (w) => h.exec(NoticeReportDocument, { id: noticeId('D1 issued'), report: 'Done' }, as(w)),
    'report D1 issued blank': (w) => h.exec(NoticeReportDocument, { id: noticeId('D1 issued'), report: ' ' }, as(w)),
    'report D1 pending': (w) => h.exec(NoticeReportDocument, { id: noticeId('D1 pending'), report: 'Done' }, as(w)),
    'report M1 reported': (w) => h.exec(NoticeReportDocument, { id: noticeId('M1 reported'), report: 'Again' }, as(w)),
    'report M1 closed': (w) => h.exec(NoticeReportDocument, { id: noticeId('M1 closed'), report: 'Again' }, as(w)),
    'close M1 reported': (w) => h.exec(NoticeCloseDocument, { id: noticeId('M1 reported') }, as(w)),
    'close D1 issued': (w) => h.exec(NoticeCloseDocument, { id: noticeId('D1 issued') }, as(w)),
    'reopen M1 reported': (w) => h.exec(NoticeReopenDocument, { id: noticeId('M1 reported'), comment: 'Redo' }, as(w)),
    'reopen M1 reported blank': (w) => h.exec(NoticeReopenDocument, { id: noticeId('M1 reported'), comment: '' }, as(w)),
    'reopen M1 closed': (w) => h.exec(NoticeReopenDocument, { id: noticeId('M1 closed'), comment: 'Redo' }, as(w)),
    'reopen D1 issued': (w) => h.exec(NoticeReopenDocument, { id: noticeId('D1 issued'), comment: 'Redo' }, as(w)),
  };

  describe('refused writes', () => {
    // [attempt, who, code]: the shield gate refuses roles that never may (FORBIDDEN), the service
    // the wrong unit or person (FORBIDDEN), notices out of sight (NOT_FOUND, drafts included),
    // the wrong state (CONFLICT) and blank text (BAD_USER_INPUT).
    const REFUSED: [string, Who | null, string][] = [
      ...(['officeD1', 'secretaryD1', 'disciplineM1', 'disciplineC1', 'disciplineC2', 'secretaryS1', 'teamM1', 'adminC1', 'analystC1', 'informantG2', 'retired'] as Who[])
        .map((w): [string, Who, string] => ['draft at D1', w, 'FORBIDDEN']),
      ['draft at D1', 'inactive', 'UNAUTHENTICATED'], ['draft at D1', null, 'UNAUTHENTICATED'],
      ['from case at D1', 'disciplineM1', 'FORBIDDEN'], ['from case at D1', 'officeD1', 'FORBIDDEN'],
      ['from case', 'disciplineC2', 'NOT_FOUND'], ['from case', 'secretaryM1', 'FORBIDDEN'], ['from case', null, 'UNAUTHENTICATED'],
      ['update D1 draft', 'officeD1', 'FORBIDDEN'], ['update D1 draft', 'secretaryD1', 'FORBIDDEN'], ['update D1 draft', 'teamD1', 'FORBIDDEN'],
      ['update D1 draft', 'disciplineC1', 'NOT_FOUND'], ['update D1 draft', 'disciplineM1', 'NOT_FOUND'],
      ['update D1 pending', 'disciplineD1', 'CONFLICT'],
      ['submit D1 draft', 'secretaryD1', 'FORBIDDEN'], ['submit D1 draft', 'officeD1', 'FORBIDDEN'], ['submit D1 draft', 'disciplineC1', 'NOT_FOUND'],
      ['submit D1 pending', 'disciplineD1', 'CONFLICT'],
      ['approve D1 pending', 'disciplineD1', 'FORBIDDEN'], ['approve D1 pending', 'officeD1', 'FORBIDDEN'], ['approve D1 pending', 'teamM1', 'FORBIDDEN'],
      ['approve D1 pending', 'secretaryS1', 'NOT_FOUND'], ['approve D1 pending', 'secretaryM1', 'NOT_FOUND'], ['approve D1 pending', null, 'UNAUTHENTICATED'],
      ['approve D1 draft', 'secretaryD1', 'CONFLICT'], ['approve D1 approved', 'secretaryD1', 'CONFLICT'],
      ['return D1 pending', 'disciplineD1', 'FORBIDDEN'], ['return D1 pending', 'secretaryS1', 'NOT_FOUND'],
      ['return D1 pending blank', 'secretaryD1', 'BAD_USER_INPUT'], ['return D1 issued', 'secretaryD1', 'CONFLICT'],
      ['issue D1 approved', 'disciplineD1', 'FORBIDDEN'], ['issue D1 approved', 'secretaryD1', 'FORBIDDEN'], ['issue D1 approved', 'teamM2', 'FORBIDDEN'],
      ['issue D1 approved', 'officeS1', 'NOT_FOUND'], ['issue D1 approved', 'officeM1', 'NOT_FOUND'], ['issue D1 approved', 'officeD2', 'NOT_FOUND'],
      ['issue D1 pending', 'officeD1', 'CONFLICT'], ['issue D1 issued', 'officeD1', 'CONFLICT'],
      ['report D1 issued', 'secretaryG1', 'FORBIDDEN'], ['report D1 issued', 'secretaryD1', 'FORBIDDEN'], ['report D1 issued', 'disciplineD1', 'FORBIDDEN'],
      ['report D1 issued', 'officeD1', 'FORBIDDEN'], ['report D1 issued', 'teamM2', 'NOT_FOUND'], ['report D1 issued', 'secretaryM1', 'NOT_FOUND'],
      ['report D1 issued', 'retired', 'FORBIDDEN'], ['report D1 issued blank', 'teamM1', 'BAD_USER_INPUT'],
      ['report D1 pending', 'teamM1', 'NOT_FOUND'], ['report M1 reported', 'teamM1', 'CONFLICT'], ['report M1 closed', 'teamM1', 'CONFLICT'],
      ['close M1 reported', 'officeD2', 'FORBIDDEN'], ['close M1 reported', 'officeD1', 'NOT_FOUND'], ['close M1 reported', 'secretaryM1', 'FORBIDDEN'],
      ['close M1 reported', 'disciplineM1', 'FORBIDDEN'], ['close M1 reported', 'teamM1', 'FORBIDDEN'], ['close D1 issued', 'officeD1', 'CONFLICT'],
      ['reopen M1 reported', 'officeD2', 'FORBIDDEN'], ['reopen M1 reported', 'secretaryM1', 'FORBIDDEN'], ['reopen M1 reported blank', 'officeM1', 'BAD_USER_INPUT'],
      ['reopen M1 closed', 'officeM1', 'CONFLICT'], ['reopen D1 issued', 'officeD1', 'CONFLICT'],
    ];
    it.each(REFUSED)('%s as %s: %s, and nothing is written', async (attempt, who, code) => {
      const before = await snapshot();
      const res = await ATTEMPTS[attempt](who);
      expect(codes(res)).toEqual([code]);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses invalid drafts with the field at fault and writes nothing', async () => {
      const before = await snapshot();
      const refuse = async (input: DraftNoticeInput, code: string, field: string) => {
        const res = await h.exec(NoticeDraftDocument, { input }, 'disciplineD1');
        expect(codes(res)).toEqual([code]);
        const ext = res.errors![0].extensions!;
        if (ext.fields) expect(ext.fields).toHaveProperty([field]);
        else expect(ext.field).toBe(field);
      };
      // The recipient: a current TEAM_MEMBER or SECRETARY post of D1 or below.
      await refuse(newDraft({ recipientPostId: postId('officeS1') }), 'BAD_USER_INPUT', 'recipientPostId');
      await refuse(newDraft({ recipientPostId: postId('teamS3') }), 'BAD_USER_INPUT', 'recipientPostId');
      await refuse(newDraft({ recipientPostId: postId('formerTeamD1') }), 'BAD_USER_INPUT', 'recipientPostId');
      await refuse(newDraft({ recipientPostId: postId('teamD3') }), 'BAD_USER_INPUT', 'recipientPostId');
      await refuse(newDraft({ recipientPostId: encodeId('Post', 999999) }), 'NOT_FOUND', 'recipientPostId');
      await refuse(newDraft({ recipientPostId: domains.HEALTH }), 'NOT_FOUND', 'recipientPostId');
      // cc: current posts of the same city, never the recipient.
      await refuse(newDraft({ ccPostIds: [postId('disciplineC2')] }), 'BAD_USER_INPUT', 'ccPostIds');
      await refuse(newDraft({ ccPostIds: [postId('retired')] }), 'BAD_USER_INPUT', 'ccPostIds');
      await refuse(newDraft({ ccPostIds: [postId('teamM1')] }), 'BAD_USER_INPUT', 'ccPostIds');
      await refuse(newDraft({ ccPostIds: [encodeId('Post', 999999)] }), 'NOT_FOUND', 'ccPostIds');
      // Reference data and the case.
      await refuse(newDraft({ categoryId: encodeId('NoticeCategory', 999) }), 'NOT_FOUND', 'categoryId');
      await refuse(newDraft({ domainId: categories.FOUR_WINDS }), 'NOT_FOUND', 'domainId');
      await refuse(newDraft({ caseId: caseId() }), 'BAD_USER_INPUT', 'source');
      await refuse(newDraft({ caseId: encodeId('DisciplinaryCase', 999999), source: 'CASE_INVESTIGATION' }), 'NOT_FOUND', 'caseId');
      // Text.
      await refuse(newDraft({ title: '  ' }), 'BAD_USER_INPUT', 'title');
      await refuse(newDraft({ problems: '' }), 'BAD_USER_INPUT', 'problems');
      await refuse(newDraft({ ccPostIds: Array.from({ length: 31 }, () => postId('officeS1')) }), 'BAD_USER_INPUT', 'ccPostIds');
      // A client cannot set the state or the dates.
      const forged = await h.exec(NoticeDraftDocument, { input: { ...newDraft(), state: 'ISSUED', dueOn: '2020-01-01' } as never }, 'disciplineD1');
      expect(codes(forged)).toEqual(['BAD_USER_INPUT']);
      // A case outside the drafter's DISCIPLINE scope is absent.
      const c2 = await h.exec(NoticeDraftDocument, {
        input: newDraft({ unitId: unit('C2'), recipientPostId: postId('teamD3'), caseId: caseId(), source: 'CASE_INVESTIGATION' }),
      }, 'disciplineC2');
      expect(codes(c2)).toEqual(['NOT_FOUND']);
      expect(c2.errors![0].extensions!.field).toBe('caseId');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a from-case batch as a whole when one recipient is wrong', async () => {
      const before = await snapshot();
      const batch = async (who: Who, input: DraftNoticesFromCaseInput, code: string, field: string) => {
        const res = await h.exec(NoticeDraftFromCaseDocument, { input }, as(who));
        expect(codes(res)).toEqual([code]);
        const ext = res.errors![0].extensions!;
        expect(ext.fields ? Object.keys(ext.fields as object) : [ext.field]).toEqual([field]);
      };
      // disciplineM1 issues from M1: D1's team member is above it.
      await batch('disciplineM1', fromCase({ recipientPostIds: [postId('teamM1'), postId('teamD1')] }), 'BAD_USER_INPUT', 'recipientPostIds');
      await batch('disciplineD1', fromCase({ recipientPostIds: [postId('teamM1'), postId('teamM1')] }), 'BAD_USER_INPUT', 'recipientPostIds');
      await batch('disciplineD1', fromCase({ recipientPostIds: [postId('teamM1'), postId('officeM1')] }), 'BAD_USER_INPUT', 'recipientPostIds');
      await batch('disciplineD1', fromCase({ recipientPostIds: [] }), 'BAD_USER_INPUT', 'recipientPostIds');
      await batch('disciplineD1', fromCase({ recipientPostIds: [postId('teamM1')], ccPostIds: [postId('teamM1')] }), 'BAD_USER_INPUT', 'ccPostIds');
      await batch('disciplineD1', fromCase({ caseId: noticeId('D1 draft') }), 'NOT_FOUND', 'caseId');
      expect(await snapshot()).toEqual(before);
    });
  });

  // ---------------------------------------------------------------- the life cycle

  describe('life cycle', () => {
    const expectServerTime = (at: string | null | undefined, from: Date, to: Date) => {
      const t = new Date(at!).getTime();
      expect(t).toBeGreaterThanOrEqual(Math.floor(from.getTime() / 1000) * 1000);
      expect(t).toBeLessThanOrEqual(Math.ceil(to.getTime() / 1000) * 1000);
    };
    const step = async (pending: Promise<FormattedExecutionResult<Record<string, { state: string }>>>, state: string) => {
      const data = await ok(pending);
      expect(Object.values(data)[0].state).toBe(state);
      return Object.values(data)[0];
    };

    it('DISCIPLINE drafts, SECRETARY sends back then approves, OFFICE issues, the recipient reports, OFFICE reopens and closes', async () => {
      let before = await counts();
      const drafted = await ok(h.exec(NoticeDraftDocument, {
        input: newDraft({ title: '  Lifecycle  ', ccPostIds: [postId('secretaryG1'), postId('officeS1'), postId('secretaryG1')] }),
      }, 'disciplineD1'));
      const notice = drafted.draftNotice;
      expect(notice).toMatchObject({
        title: 'Lifecycle', state: 'DRAFT', dueOn: null, overdue: false, issuedAt: null, unit: { name: 'Unit D1' },
        recipient: { id: postId('teamM1') }, draftedBy: { name: nameOf('disciplineD1') }, approvedBy: null,
      });
      expect(notice.cc.map((p) => p.id).sort()).toEqual([postId('officeS1'), postId('secretaryG1')].sort());
      expect(notice.events).toEqual([{ fromState: null, toState: 'DRAFT', comment: null, actor: { name: nameOf('disciplineD1') } }]);
      expect(await counts()).toEqual(plus(before, { notice: 1, notice_cc: 2, notice_event: 1, audit_entry: 1 }));
      const id = notice.id;
      const readers = async (): Promise<Who[]> => {
        const out: Who[] = [];
        for (const who of ['teamM1', 'secretaryG1', 'officeS1', 'disciplineC1', 'officeD1', 'secretaryD1', 'disciplineD1', 'teamM2'] as Who[]) {
          if ((await ok(h.exec(NoticeByIdDocument, { id }, as(who)))).notice) out.push(who);
        }
        return out;
      };
      // A draft: the issuing unit's SECRETARY, DISCIPLINE and OFFICE only.
      expect(await readers()).toEqual(['officeD1', 'secretaryD1', 'disciplineD1']);

      // Edited while a DRAFT: the cc list is replaced.
      before = await counts();
      const updated = await ok(h.exec(NoticeUpdateDocument, {
        id, input: { title: 'Lifecycle notice', ccPostIds: [postId('secretaryG1')], domainId: domains.HEALTH, recipientPostId: postId('teamD1') },
      }, 'disciplineD1'));
      expect(updated.updateNotice).toMatchObject({ title: 'Lifecycle notice', domain: { code: 'HEALTH' }, recipient: { id: postId('teamD1') }, cc: [{ id: postId('secretaryG1') }] });
      expect(await counts()).toEqual(plus(before, { notice_cc: -1, audit_entry: 1 }));
      await ok(h.exec(NoticeUpdateDocument, { id, input: { domainId: domains.EDUCATION, recipientPostId: postId('teamM1') } }, 'disciplineD1'));

      // Submitted, sent back with a comment, edited, submitted again, approved.
      before = await counts();
      await step(h.exec(NoticeSubmitDocument, { id }, 'disciplineD1'), 'PENDING_APPROVAL');
      expect(codes(await h.exec(NoticeUpdateDocument, { id, input: { title: 'Late edit' } }, 'disciplineD1'))).toEqual(['CONFLICT']);
      await step(h.exec(NoticeReturnDocument, { id, comment: ' Name the schools concerned ' }, as('secretaryD1')), 'DRAFT');
      await ok(h.exec(NoticeUpdateDocument, { id, input: { problems: 'Schools A and B' } }, 'disciplineD1'));
      await step(h.exec(NoticeSubmitDocument, { id, comment: 'Schools named' }, 'disciplineD1'), 'PENDING_APPROVAL');
      const t1 = new Date();
      const approved = await ok(h.exec(NoticeApproveDocument, { id }, as('secretaryD1')));
      expect(approved.approveNotice).toMatchObject({ state: 'APPROVED', approvedBy: { name: nameOf('secretaryD1') } });
      expectServerTime(approved.approveNotice.approvedAt, t1, new Date());
      expect(await counts()).toEqual(plus(before, { notice_event: 4, audit_entry: 5 }));
      // Approved but not issued: still the issuing unit's paper.
      expect(await readers()).toEqual(['officeD1', 'secretaryD1', 'disciplineD1']);

      // Issued by the OFFICE: due three calendar months after today.
      const t2 = new Date();
      const issued = await ok(h.exec(NoticeIssueDocument, { id }, 'officeD1'));
      expect(issued.issueNotice).toMatchObject({ state: 'ISSUED', dueOn: noticeDueOn(TODAY), overdue: false });
      expectServerTime(issued.issueNotice.issuedAt, t2, new Date());
      expect(await readers()).toEqual(['teamM1', 'secretaryG1', 'disciplineC1', 'officeD1', 'secretaryD1', 'disciplineD1']);

      // The recipient reports; the OFFICE reopens it (the due day stays); reported again; closed.
      const t3 = new Date();
      const reported = await ok(h.exec(NoticeReportDocument, { id, report: '  Rectified: rules issued  ' }, 'teamM1'));
      expect(reported.reportNotice).toMatchObject({ state: 'REPORTED', report: 'Rectified: rules issued' });
      expectServerTime(reported.reportNotice.reportedAt, t3, new Date());
      const reopened = await ok(h.exec(NoticeReopenDocument, { id, comment: 'Attach the rules' }, 'officeD1'));
      expect(reopened.reopenNotice).toMatchObject({ state: 'ISSUED', dueOn: noticeDueOn(TODAY), report: 'Rectified: rules issued' });
      await step(h.exec(NoticeReportDocument, { id, report: 'Rules attached' }, 'teamM1'), 'REPORTED');
      const t4 = new Date();
      const closed = await ok(h.exec(NoticeCloseDocument, { id, comment: 'Reviewed' }, 'officeD1'));
      expect(closed.closeNotice.state).toBe('CLOSED');
      expectServerTime(closed.closeNotice.closedAt, t4, new Date());

      // Closed for good: nothing moves it.
      const frozen = await snapshot();
      for (const attempt of [
        h.exec(NoticeReopenDocument, { id, comment: 'Again' }, 'officeD1'), h.exec(NoticeReportDocument, { id, report: 'More' }, 'teamM1'),
        h.exec(NoticeCloseDocument, { id }, 'officeD1'), h.exec(NoticeSubmitDocument, { id }, 'disciplineD1'),
        h.exec(NoticeUpdateDocument, { id, input: { title: 'X' } }, 'disciplineD1'),
      ]) expect(codes(await attempt)).toEqual(['CONFLICT']);
      expect(await snapshot()).toEqual(frozen);

      // Every step is an event, with who and why, oldest first; every write an audit entry.
      const full = (await ok(h.exec(NoticeByIdDocument, { id }, 'teamM1'))).notice!;
      expect(full).toMatchObject({ state: 'CLOSED', report: 'Rules attached', problems: 'Schools A and B', dueOn: noticeDueOn(TODAY), overdue: false });
      expect(full.events.map((e) => [e.fromState, e.toState, e.actor.name, e.comment])).toEqual([
        [null, 'DRAFT', nameOf('disciplineD1'), null],
        ['DRAFT', 'PENDING_APPROVAL', nameOf('disciplineD1'), null],
        ['PENDING_APPROVAL', 'DRAFT', nameOf('secretaryD1'), 'Name the schools concerned'],
        ['DRAFT', 'PENDING_APPROVAL', nameOf('disciplineD1'), 'Schools named'],
        ['PENDING_APPROVAL', 'APPROVED', nameOf('secretaryD1'), null],
        ['APPROVED', 'ISSUED', nameOf('officeD1'), null],
        ['ISSUED', 'REPORTED', nameOf('teamM1'), null],
        ['REPORTED', 'ISSUED', nameOf('officeD1'), 'Attach the rules'],
        ['ISSUED', 'REPORTED', nameOf('teamM1'), null],
        ['REPORTED', 'CLOSED', nameOf('officeD1'), 'Reviewed'],
      ]);
      const audit = await h.db.getRepository(AuditEntry).find({ where: { recordType: 'Notice', recordId: decodeId(id, 'Notice')!.id }, order: { id: 'ASC' } });
      expect(audit.map((a) => a.operation)).toEqual([
        'draftNotice', 'updateNotice', 'updateNotice', 'submitNotice', 'returnNotice', 'updateNotice', 'submitNotice', 'approveNotice',
        'issueNotice', 'reportNotice', 'reopenNotice', 'reportNotice', 'closeNotice',
      ]);
      expect(new Set(audit.map((a) => a.unitPath))).toEqual(new Set([h.fixture.units.D1.path]));
    });

    it('a reopened notice past its due day is overdue again', async () => {
      const issuedOn = d(-95);
      const reported = await h.db.transaction((em) => new NoticeSeeder(em).notice(h.fixture.units.M1, {
        title: 'Late report', category: 'FOUR_WINDS', domain: 'EDUCATION', recipient: h.fixture.posts.teamM1, state: State.REPORTED,
        drafter: h.fixture.officials.disciplineM1, issuedOn,
      }));
      const id = encodeId('Notice', reported.id);
      expect((await ok(h.exec(NoticeByIdDocument, { id }, 'teamM1'))).notice).toMatchObject({ state: 'REPORTED', overdue: false });
      await ok(h.exec(NoticeReopenDocument, { id, comment: 'Not enough' }, as('officeM1')));
      expect((await ok(h.exec(NoticeByIdDocument, { id }, 'teamM1'))).notice).toMatchObject({ state: 'ISSUED', overdue: true, dueOn: noticeDueOn(issuedOn) });
      expect(await titles('teamM1', { overdue: true }, false)).toEqual(['Late report']);
      await ok(h.exec(NoticeReportDocument, { id, report: 'Done now' }, 'teamM1'));
      expect(await titles('teamM1', { overdue: true }, false)).toEqual([]);
    });

    it('以案四说: one case, several leaders, one DRAFT each in one transaction', async () => {
      const before = await counts();
      const recipients: Who[] = ['teamM1', 'secretaryM1', 'teamD1'];
      const made = await ok(h.exec(NoticeDraftFromCaseDocument, {
        input: fromCase({ recipientPostIds: recipients.map(postId), ccPostIds: [postId('officeS1')], title: ' Lessons of Case M1 ' }),
      }, 'disciplineD1'));
      const list = made.draftNoticesFromCase;
      expect(list.map((n) => n.recipient.id)).toEqual(recipients.map(postId));
      for (const n of list) {
        expect(n).toMatchObject({
          title: 'Lessons of Case M1', state: 'DRAFT', source: 'CASE_INVESTIGATION', unit: { name: 'Unit D1' }, domain: { code: 'EDUCATION' },
          category: { code: 'FOUR_WINDS' }, case: { id: caseId(), title: 'Case M1' }, cc: [{ id: postId('officeS1') }],
        });
      }
      expect(await counts()).toEqual(plus(before, { notice: 3, notice_cc: 3, notice_event: 3, audit_entry: 3 }));
      expect(await titles('disciplineD1', { caseId: caseId(), state: 'DRAFT' }, false)).toEqual(['Lessons of Case M1', 'Lessons of Case M1', 'Lessons of Case M1']);
      // By default the issuing unit is the drafter's DISCIPLINE unit nearest above the case.
      const atM1 = await ok(h.exec(NoticeDraftFromCaseDocument, { input: fromCase({ domainId: domains.HEALTH }) }, 'disciplineM1'));
      expect(atM1.draftNoticesFromCase).toMatchObject([{ unit: { name: 'Unit M1' }, domain: { code: 'HEALTH' }, recipient: { id: postId('teamM1') } }]);
      const atC1 = await ok(h.exec(NoticeDraftFromCaseDocument, { input: fromCase({ recipientPostIds: [postId('teamS3')] }) }, 'disciplineC1'));
      expect(atC1.draftNoticesFromCase).toMatchObject([{ unit: { name: 'Unit C1' }, recipient: { id: postId('teamS3') } }]);
    });
  });

  // ---------------------------------------------------------------- the subscription

  describe('noticeChanged', () => {
    type Item = ExecutionResult<WatchNoticesSubscription>;
    const watch = async (who: Who, unitKey?: UnitKey): Promise<{ next(ms?: number): Promise<Item | 'timeout'>; stop(): Promise<void> }> => {
      const token = who in extra ? extra[who as Extra].token : await h.tokenOf(who as Persona);
      const viewer = (await authenticate(h.db, token))!;
      const contextValue = createSubscriptionContext(h.db, () => authenticate(h.db, token), viewer, `watch-${who}`);
      const it = (await subscribe({
        schema: h.server.schema, document: WatchNoticesDocument, contextValue, variableValues: unitKey ? { unitId: unit(unitKey) } : {},
      })) as AsyncGenerator<Item>;
      expect(Symbol.asyncIterator in it).toBe(true);
      let pending: Promise<IteratorResult<Item>> | null = null;
      return {
        async next(ms = 2000) {
          pending ??= it.next();
          let timer: NodeJS.Timeout | undefined;
          const got = await Promise.race([pending, new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), ms); })]);
          clearTimeout(timer);
          if (got === 'timeout') return got;
          pending = null;
          return got.value as Item;
        },
        // The generator ends at its next event (as over graphql-ws); waiting for that is not needed.
        async stop() {
          void it.return?.(undefined);
        },
      };
    };
    /** Starts each watcher's generator and lets it subscribe to the bus. */
    const arm = async (...watchers: { next(ms?: number): Promise<Item | 'timeout'> }[]) => {
      for (const w of watchers) expect(await w.next(20)).toBe('timeout');
    };

    it('pushes each change to whoever may read the notice then, and nothing to others', async () => {
      const drafter = await watch('disciplineD1');
      const recipient = await watch('teamM1');
      const sibling = await watch('teamM2');
      const otherSubtree = await watch('disciplineC1', 'D2');
      await arm(drafter, recipient, sibling, otherSubtree);
      try {
        const drafted = await ok(h.exec(NoticeDraftDocument, { input: newDraft({ title: 'Watched' }) }, 'disciplineD1'));
        const id = drafted.draftNotice.id;
        expect(await drafter.next()).toEqual({ data: { noticeChanged: { id, title: 'Watched', state: 'DRAFT', overdue: false, case: null } } });
        await ok(h.exec(NoticeSubmitDocument, { id }, 'disciplineD1'));
        expect(await drafter.next()).toMatchObject({ data: { noticeChanged: { id, state: 'PENDING_APPROVAL' } } });
        await ok(h.exec(NoticeApproveDocument, { id }, as('secretaryD1')));
        expect(await drafter.next()).toMatchObject({ data: { noticeChanged: { id, state: 'APPROVED' } } });
        // Until it is issued the recipient hears nothing; then the first event is the issue.
        await ok(h.exec(NoticeIssueDocument, { id }, 'officeD1'));
        expect(await drafter.next()).toMatchObject({ data: { noticeChanged: { id, state: 'ISSUED' } } });
        expect(await recipient.next()).toEqual({ data: { noticeChanged: { id, title: 'Watched', state: 'ISSUED', overdue: false, case: null } } });
        await ok(h.exec(NoticeReportDocument, { id, report: 'Done' }, 'teamM1'));
        expect(await recipient.next()).toMatchObject({ data: { noticeChanged: { id, state: 'REPORTED' } } });
        expect(await drafter.next()).toMatchObject({ data: { noticeChanged: { id, state: 'REPORTED' } } });
        // The sibling tier, and a watcher narrowed to another subtree, received nothing.
        expect(await sibling.next(300)).toBe('timeout');
        expect(await otherSubtree.next(50)).toBe('timeout');
      } finally {
        await Promise.all([drafter, recipient, sibling, otherSubtree].map((w) => w.stop()));
      }
    });

    it('applies the field rules to each event: the case is null with FORBIDDEN for the recipient', async () => {
      // M1 reported was issued 100 days ago: reopened, it is overdue at once.
      const recipient = await watch('teamM1');
      const discipline = await watch('disciplineM1', 'M1');
      await arm(recipient, discipline);
      try {
        await ok(h.exec(NoticeReopenDocument, { id: noticeId('M1 reported'), comment: 'Redo' }, as('officeM1')));
        const got = (await recipient.next()) as Item;
        expect(got.data).toEqual({ noticeChanged: { id: noticeId('M1 reported'), title: 'M1 reported', state: 'ISSUED', overdue: true, case: null } });
        expect(got.errors!.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'noticeChanged.case']]);
        const full = (await discipline.next()) as Item;
        expect(full.errors).toBeUndefined();
        expect(full.data!.noticeChanged.case).toEqual({ id: caseId() });
      } finally {
        await Promise.all([recipient, discipline].map((w) => w.stop()));
      }
    });
  });
});

// ---------------------------------------------------------------- statements

describeDb('no N+1 in the notice list', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  /** n notices of M1 to its leaders, each with two cc'd posts and its events (issued, reported, closed). */
  const seed = (n: number, offset: number) => h.db.transaction(async (em) => {
    const { units, posts, officials } = h.fixture;
    const seeder = new NoticeSeeder(em);
    const states = [State.DRAFT, State.ISSUED, State.REPORTED, State.CLOSED];
    for (let i = 0; i < n; i++) {
      await seeder.notice(units.M1, {
        title: `Notice ${offset + i}`, category: i % 2 ? 'FOUR_WINDS' : 'PUBLIC_COMPLAINTS', domain: i % 2 ? 'HEALTH' : 'EDUCATION',
        recipient: i % 3 ? posts.teamM1 : posts.secretaryM1, state: states[i % states.length], issuedOn: addDays(today(), -i * 9),
        cc: [posts.officeS1, i % 2 ? posts.secretaryS1 : posts.secretaryG1], drafter: officials.disciplineM1,
        approver: officials.secretaryM1, issuer: officials.officeS1,
      });
    }
  });

  const measure = async (): Promise<{ statements: number; notices: number }> => {
    const contextValue = await h.server.contextFor(await h.tokenOf('disciplineM1'));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation(
      { query: NoticeBoardDocument, variables: { filter: { unitId: unitId(h.fixture.units.M1) }, first: 100 } }, { contextValue },
    );
    const statements = h.counter.count;
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    if (process.env.SHOW_SQL) process.stdout.write(h.counter.statements.map((q) => q.slice(0, 160)).join('\n') + '\n');
    const data = res.body.singleResult.data as { notices: { totalCount: number; edges: { node: { cc: unknown[]; events: unknown[]; recipient: { official: { name: string } } } }[] } };
    expect(data.notices.totalCount).toBe(data.notices.edges.length);
    expect(data.notices.edges.every((e) => e.node.cc.length === 2 && e.node.events.length >= 1 && e.node.recipient.official.name)).toBe(true);
    return { statements, notices: data.notices.edges.length };
  };

  it('costs the same number of statements for 3 notices and for 30', async () => {
    await seed(3, 0);
    const small = await measure();
    await seed(27, 100);
    const large = await measure();
    expect(small.notices).toBe(3);
    expect(large.notices).toBe(30);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(8);
    process.stdout.write(`[n+1] notice list: ${small.notices} notices: ${small.statements} statements; ${large.notices} notices: ${large.statements} statements\n`);
  });
});

// ---------------------------------------------------------------- demo data

describeDb('demo notices', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    await seedDemo(db);
  });
  afterAll(() => closeTestDatabase(db));

  it('has notices in every state, overdue ones, a send-back, a reopening and one case sent to several leaders', async () => {
    const all = await db.getRepository(Notice).find();
    expect(new Set(all.map((n) => n.state))).toEqual(new Set(Object.values(State)));
    const day = today();
    expect(all.some((n) => n.state === State.ISSUED && n.dueOn! < day)).toBe(true);
    expect(all.filter((n) => n.dueOn !== null).every((n) => n.issuedAt !== null && n.dueOn === noticeDueOn(today(n.issuedAt)))).toBe(true);
    const events = await db.getRepository(NoticeEvent).find();
    expect(events.some((e) => e.fromState === State.PENDING_APPROVAL && e.toState === State.DRAFT && e.comment)).toBe(true);
    expect(events.some((e) => e.fromState === State.REPORTED && e.toState === State.ISSUED && e.comment)).toBe(true);
    // Every notice has the events of its path, ending in its state, with one event per version.
    for (const n of all) {
      const mine = events.filter((e) => e.noticeId === n.id).sort((a, b) => a.id - b.id);
      expect(mine.at(-1)!.toState).toBe(n.state);
      expect(mine.length).toBe(n.version);
    }
    const fromCase = all.filter((n) => n.source === SupervisionSource.CASE_INVESTIGATION);
    expect(new Set(fromCase.map((n) => n.recipientPostId)).size).toBeGreaterThanOrEqual(3);
    expect(await db.getRepository(NoticeCc).count()).toBeGreaterThan(0);
    // Recipients are current TEAM_MEMBER posts of the issuing unit or below it.
    const posts = await db.getRepository(Post).find();
    const units = new Map((await db.getRepository(OrgUnit).find()).map((u) => [u.id, u]));
    for (const n of all) {
      const post = posts.find((p) => p.id === n.recipientPostId)!;
      expect(post.role).toBe(PostRole.TEAM_MEMBER);
      expect(units.get(post.unitId)!.path.startsWith(units.get(n.unitId)!.path)).toBe(true);
    }
  });
});
