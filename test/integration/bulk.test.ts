// Bulk forms (issue 13, point 9): letters to all subordinate units or team members, notice
// steps on many notices, onboarding (official, posts, account), many inspection targets,
// feedback to many targets. For each: a success, a persona matrix (exact codes, and every
// item's reason when a batch is refused), and a refused batch with mixed reasons that
// writes nothing (rows and audit before = after). Then the batch limit, events held until
// the commit, and the statements a batch costs.
import type { FormattedExecutionResult } from 'graphql';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { signToken } from '../../src/auth/token';
import {
  Account, AuditEntry, Inspection, InspectionGroup, InspectionTarget, Notice, NoticeEvent, Official, type OrgUnit, Post, PostDomain,
  ResponsibilityLetter,
} from '../../src/entities';
import { events } from '../../src/events';
import { InspectionMode, InspectionStatus, NoticeState, PostRole, UnitLevel } from '../../src/schema/enums';
import { MAX_BATCH_ITEMS } from '../../src/schema/limits';
import { encodeId } from '../../src/schema/node';
import { SeedBuilder } from '../../src/seed/builder';
import { InspectionSeeder } from '../../src/seed/demo-inspections';
import { NoticeSeeder } from '../../src/seed/demo-notices';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, PASSWORD, type Persona, type UnitKey } from '../setup/fixture';
import { codes, ok, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

const YEAR = 2026;

/** Posts made for this file besides the fixture's personas. */
const EXTRAS = [
  ['secretaryD1', 'D1', PostRole.SECRETARY, undefined],
  ['officeM1', 'M1', PostRole.OFFICE, undefined],
  ['teamD1a', 'D1', PostRole.TEAM_MEMBER, ['HEALTH']],
  ['teamD1b', 'D1', PostRole.TEAM_MEMBER, ['EDUCATION']],
] as const;
type Extra = (typeof EXTRAS)[number][0];
type Who = Exclude<Persona, 'inactive'> | Extra;
const WHO: Who[] = [...(ALL_PERSONAS.filter((p) => p !== 'inactive') as Who[]), ...EXTRAS.map(([key]) => key)];

/** The list a mutation answered, typed by the test that reads it. */
const list = <T = unknown>(data: unknown, field: string): T[] => (data as Record<string, T[]>)[field];

/** What a persona gets from a bulk form: success, one top-level code, or a refused batch with each item's code. */
type Outcome = 'ok' | 'FORBIDDEN' | { items: string[] };

/** The outcome of every persona of WHO, from the ones named; everyone else is refused by the mutation's gate. */
const matrix = (named: Partial<Record<Who, Outcome>>): [Who, Outcome][] => WHO.map((w) => [w, named[w] ?? 'FORBIDDEN']);

const LETTERS = /* GraphQL */ `
  mutation BulkLetters($input: IssueResponsibilityLettersInput!) {
    issueResponsibilityLetters(input: $input) { id year issuedBy signerUnit { name } signerPost { id } }
  }`;
const LETTER = /* GraphQL */ `
  mutation OneLetter($input: IssueResponsibilityLetterInput!) { issueResponsibilityLetter(input: $input) { id } }`;
const NOTICE_STEP = (field: string) => /* GraphQL */ `
  mutation BulkNotices($ids: [ID!]!) { ${field}(ids: $ids) { id title state dueOn } }`;
const ONBOARD = /* GraphQL */ `
  mutation Onboard($people: [OnboardOfficialInput!]!) {
    onboardOfficials(people: $people) { official { id name unit { name } } posts { id role unit { name } domains { code } } account { username active } }
  }`;
const TARGETS = /* GraphQL */ `
  mutation BulkTargets($input: AddInspectionTargetsInput!) { addInspectionTargets(input: $input) { id unit { name } } }`;
const FEEDBACKS = /* GraphQL */ `
  mutation BulkFeedback($input: RecordInspectionFeedbacksInput!) {
    recordInspectionFeedbacks(input: $input) { id unit { name } feedback feedbackToCommitteeAt feedbackToPrincipalAt }
  }`;

describeDb('bulk forms', () => {
  let h: Harness;
  const extra = {} as Record<Extra, { post: Post; official: Official; token: string }>;
  const units = {} as Record<UnitKey | 'S4' | 'S5', OrgUnit> & Record<string, OrgUnit>;
  const notices: Record<string, number> = {};
  const rounds: Record<string, number> = {};
  const groups: Record<string, number> = {};
  const targets: Record<string, number> = {};

  const as = (who: Who | null): Persona | { token: string } | null =>
    who === null ? null : who in extra ? { token: extra[who as Extra].token } : (who as Persona);
  const uid = (key: string): string => unitId(units[key]);
  const noticeIds = (...titles: string[]): string[] => titles.map((t) => encodeId('Notice', notices[t]));
  const groupId = (name: string): string => encodeId('InspectionGroup', groups[name]);
  const targetId = (key: string): string => encodeId('InspectionTarget', targets[key]);

  /** Rows of every table a bulk form writes, and the audit log. */
  const TABLES: Record<string, EntityTarget<ObjectLiteral>> = {
    letters: ResponsibilityLetter, notices: Notice, noticeEvents: NoticeEvent, officials: Official, posts: Post, postDomains: PostDomain,
    accounts: Account, targets: InspectionTarget, audit: AuditEntry,
  };
  const snapshot = async () => ({
    counts: Object.fromEntries(await Promise.all(Object.entries(TABLES).map(async ([k, t]) => [k, await h.db.getRepository(t).count()] as const))),
    notices: await h.db.getRepository(Notice).find({ select: { id: true, state: true, version: true }, order: { id: 'ASC' } }),
    targets: await h.db.getRepository(InspectionTarget).find({ order: { id: 'ASC' } }),
  });

  /** The batch is refused as one BAD_USER_INPUT with these items, and nothing changed. */
  async function refusedWith(
    run: () => Promise<FormattedExecutionResult<Record<string, unknown>>>, items: object[],
  ): Promise<void> {
    const before = await snapshot();
    const res = await run();
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.data).toBeNull();
    expect(res.errors![0].extensions!.items).toEqual(items.map((i) => expect.objectContaining(i)));
    expect(await snapshot()).toEqual(before);
  }

  /** Checks one persona's outcome (a refusal writes nothing); returns the data of a success. */
  async function expectOutcome(outcome: Outcome, run: () => Promise<FormattedExecutionResult<Record<string, unknown>>>) {
    if (outcome === 'ok') return ok(run());
    if (outcome === 'FORBIDDEN') {
      const before = await snapshot();
      const res = await run();
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(await snapshot()).toEqual(before);
      return null;
    }
    await refusedWith(run, outcome.items.map((code, index) => ({ index, code })));
    return null;
  }

  beforeAll(async () => {
    h = await startHarness();
    Object.assign(units, h.fixture.units);
    const { officials } = h.fixture;
    const accounts = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      const made: [Extra, number][] = [];
      for (const [key, at, role, domains] of EXTRAS) {
        const official = await b.official(units[at], `Official ${key}`, `${role} of ${at}`);
        const post = await b.post(official, units[at], role, { since: '2024-01-01', domains: domains ? [...domains] : undefined });
        extra[key] = { post, official, token: '' };
        made.push([key, (await b.account(official, key.toLowerCase(), PASSWORD)).id]);
      }
      // Streets under D2 for the statement counts (D2's OFFICE issues letters to them; D1 inspects none of them).
      for (let i = 4; i <= 9; i++) units[`S${i}`] = await b.unit(units.D2, `Unit S${i}`, UnitLevel.STREET);
      for (let i = 1; i <= 8; i++) units[`X${i}`] = await b.unit(units.S2, `Unit X${i}`, UnitLevel.COMMUNITY);

      const n = new NoticeSeeder(em);
      const seed = async (title: string, unit: UnitKey, state: NoticeState) => {
        notices[title] = (await n.notice(units[unit], {
          title, category: 'FOUR_WINDS', domain: 'EDUCATION', recipient: h.fixture.posts.teamM1, state, drafter: officials.disciplineM1,
        })).id;
      };
      for (const t of ['draft a', 'draft b', 'draft c', 'draft d', 'draft e']) await seed(`M1 ${t}`, 'M1', NoticeState.DRAFT);
      for (const t of ['pending a', 'pending b']) await seed(`M1 ${t}`, 'M1', NoticeState.PENDING_APPROVAL);
      for (const t of ['approved a', 'approved b']) await seed(`M1 ${t}`, 'M1', NoticeState.APPROVED);
      for (let i = 1; i <= 8; i++) await seed(`M1 count ${i}`, 'M1', NoticeState.DRAFT);
      await seed('D1 draft', 'D1', NoticeState.DRAFT);

      const s = new InspectionSeeder(em);
      const round = async (key: string, round: number, status: InspectionStatus) => {
        rounds[key] = (await s.inspection(units.D1, officials.officeD1, {
          year: YEAR, round, mode: InspectionMode.REGULAR, title: `Round ${key}`, startsOn: `${YEAR}-03-01`, endsOn: `${YEAR}-05-01`, status,
        })).id;
        return em.findOneByOrFail(Inspection, { id: rounds[key] });
      };
      const group = async (inspection: Inspection, name: string): Promise<InspectionGroup> => {
        const made = await s.group(inspection, name);
        groups[name] = made.id;
        return made;
      };
      // 'plan' keeps no target (seen by D1 and above only); the matrix's successes go to 'planOk'.
      const plan = await round('plan', 1, InspectionStatus.PLANNED);
      await group(plan, 'Plan A');
      const planOk = await round('planOk', 6, InspectionStatus.PLANNED);
      await group(planOk, 'PlanOk A');
      const plan2 = await round('plan2', 2, InspectionStatus.PLANNED);
      await group(plan2, 'Plan2 A');
      const count = await round('count', 3, InspectionStatus.IN_PROGRESS);
      await group(count, 'Count A');
      const fb = await round('fb', 4, InspectionStatus.FEEDBACK);
      const fbGroup = await group(fb, 'Fb A');
      for (const key of ['S2', 'M3', 'S1', 'M1', 'M2']) {
        targets[`fb ${key}`] = (await s.target(fb, fbGroup, units[key], key === 'M1' ? { text: 'Feedback M1', committee: true } : undefined)).id;
      }
      for (let i = 1; i <= 8; i++) targets[`fb X${i}`] = (await s.target(fb, fbGroup, units[`X${i}`])).id;
      const planned = await round('planned', 5, InspectionStatus.PLANNED);
      targets['planned S1'] = (await s.target(planned, await group(planned, 'Planned A'), units.S1)).id;
      return made;
    });
    for (const [key, accountId] of accounts) extra[key].token = (await signToken(accountId)).token;
  });
  afterAll(() => h.close());

  // ---------------------------------------------------------------- letters

  describe('issueResponsibilityLetters', () => {
    const toUnits = (year: number, extraInput: object = {}) => ({
      unitId: uid('D1'), year, issuedBy: 'COMMITTEE', to: 'SUBORDINATE_UNITS', content: '全面从严治党主体责任书', ...extraInput,
    });
    const issue = (who: Who | null, input: object) => h.exec(LETTERS, { input }, as(who));

    // Keepers of other units: every item is refused by issueResponsibilityLetter's own check.
    const keeperElsewhere: Outcome = { items: ['FORBIDDEN', 'FORBIDDEN'] };
    it.each(matrix({
      officeD1: 'ok', secretaryD1: 'ok',
      officeD2: keeperElsewhere, officeS1: keeperElsewhere, officeS2: keeperElsewhere, officeM1: keeperElsewhere,
      secretaryS1: keeperElsewhere, secretaryM1: keeperElsewhere, secretaryG1: keeperElsewhere,
    }))('letters of D1 to its subordinate units as %s: %j', async (who, outcome) => {
      // A year of its own per persona that succeeds, so each success starts from no letters.
      const year = who === 'officeD1' ? YEAR : who === 'secretaryD1' ? YEAR + 1 : YEAR + 2;
      const data = await expectOutcome(outcome, () => issue(who, toUnits(year)));
      if (data) {
        const letters = (data as { issueResponsibilityLetters: { year: number; issuedBy: string; signerUnit: { name: string }; signerPost: null }[] })
          .issueResponsibilityLetters;
        expect(letters.map((l) => [l.signerUnit.name, l.year, l.issuedBy, l.signerPost])).toEqual([
          ['Unit S1', year, 'COMMITTEE', null], ['Unit S2', year, 'COMMITTEE', null],
        ]);
      }
    });

    it('anonymous: UNAUTHENTICATED', async () => {
      expect(codes(await issue(null, toUnits(YEAR + 3)))).toEqual(['UNAUTHENTICATED']);
    });

    it('to every team member: one personal letter each, in the SECRETARY\'s name, audited one by one', async () => {
      const audit = await h.db.getRepository(AuditEntry).countBy({ operation: 'issueResponsibilityLetter' });
      const data = await ok(issue('secretaryD1', { ...toUnits(YEAR), issuedBy: 'SECRETARY', to: 'TEAM_MEMBERS' }));
      expect(list<{ signerPost: { id: string } }>(data, 'issueResponsibilityLetters').map((l) => l.signerPost.id).sort())
        .toEqual([encodeId('Post', extra.teamD1a.post.id), encodeId('Post', extra.teamD1b.post.id)].sort());
      expect(await h.db.getRepository(AuditEntry).countBy({ operation: 'issueResponsibilityLetter' })).toBe(audit + 2);
    });

    it('a counterpart that already has a letter refuses the batch with its reason; onlyMissing leaves it out', async () => {
      const year = YEAR + 4;
      await ok(h.exec(LETTER, { input: { unitId: uid('D1'), year, issuedBy: 'COMMITTEE', signerUnitId: uid('S2'), content: 'S2 first' } }, 'officeD1'));
      await refusedWith(() => issue('officeD1', toUnits(year)), [{ index: 1, code: 'CONFLICT', signerUnitId: uid('S2') }]);
      const data = await ok(issue('officeD1', toUnits(year, { onlyMissing: true })));
      expect(list<{ signerUnit: { name: string } }>(data, 'issueResponsibilityLetters').map((l) => l.signerUnit.name)).toEqual(['Unit S1']);
      // Nothing left to issue: an empty answer, not an error.
      expect(list(await ok(issue('officeD1', toUnits(year, { onlyMissing: true }))), 'issueResponsibilityLetters')).toEqual([]);
    });

    it('a unit without team members: BAD_USER_INPUT (an empty batch)', async () => {
      const res = await issue('officeS1', { ...toUnits(YEAR), unitId: uid('S1'), to: 'TEAM_MEMBERS' });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    });
  });

  // ---------------------------------------------------------------- notices

  describe('submitNotices, approveNotices, issueNotices', () => {
    const step = (field: string, who: Who | null, ids: string[]) => h.exec(NOTICE_STEP(field), { ids }, as(who));
    const hidden: Outcome = { items: ['NOT_FOUND', 'NOT_FOUND'] };

    // Before it is issued, a notice is seen by its issuing unit's SECRETARY, DISCIPLINE and OFFICE
    // only: DISCIPLINE above and other units do not find it (NOT_FOUND for each item).
    it.each(matrix({ disciplineM1: 'ok', disciplineC1: hidden, disciplineC2: hidden, disciplineD1: hidden }))(
      'submitNotices of two M1 drafts as %s: %j', async (who, outcome) => {
        const data = await expectOutcome(outcome, () => step('submitNotices', who, noticeIds('M1 draft a', 'M1 draft b')));
        if (data) expect(list<{ state: string }>(data, 'submitNotices').map((n) => n.state)).toEqual(['PENDING_APPROVAL', 'PENDING_APPROVAL']);
      });

    it.each(matrix({ secretaryM1: 'ok', secretaryS1: hidden, secretaryG1: hidden, secretaryD1: hidden }))(
      'approveNotices of two pending M1 notices as %s: %j', async (who, outcome) => {
        const data = await expectOutcome(outcome, () => step('approveNotices', who, noticeIds('M1 pending a', 'M1 pending b')));
        if (data) expect(list<{ state: string }>(data, 'approveNotices').map((n) => n.state)).toEqual(['APPROVED', 'APPROVED']);
      });

    it.each(matrix({ officeM1: 'ok', officeD1: hidden, officeD2: hidden, officeS1: hidden, officeS2: hidden }))(
      'issueNotices of two approved M1 notices as %s: %j', async (who, outcome) => {
        const data = await expectOutcome(outcome, () => step('issueNotices', who, noticeIds('M1 approved a', 'M1 approved b')));
        if (data) {
          expect(list<{ state: string }>(data, 'issueNotices').map((n) => n.state)).toEqual(['ISSUED', 'ISSUED']);
          expect(list<{ dueOn: string | null }>(data, 'issueNotices').every((n) => n.dueOn !== null)).toBe(true);
        }
      });

    it('anonymous: UNAUTHENTICATED', async () => {
      expect(codes(await step('submitNotices', null, noticeIds('M1 draft c')))).toEqual(['UNAUTHENTICATED']);
    });

    it('the whole life cycle in three calls: each step one event and one audit entry per notice', async () => {
      const ids = noticeIds('M1 draft c', 'M1 draft d');
      const before = await snapshot();
      await ok(step('submitNotices', 'disciplineM1', ids));
      await ok(step('approveNotices', 'secretaryM1', ids));
      const issued = await ok(step('issueNotices', 'officeM1', ids));
      expect(list<{ title: string; state: string }>(issued, 'issueNotices').map((n) => [n.title, n.state])).toEqual([
        ['M1 draft c', 'ISSUED'], ['M1 draft d', 'ISSUED'],
      ]);
      const after = await snapshot();
      expect(after.counts.noticeEvents - before.counts.noticeEvents).toBe(6);
      expect(after.counts.audit - before.counts.audit).toBe(6);
    });

    it('a refused batch: wrong state, out of sight and a repeated id, each with its reason; nothing written', async () => {
      const [draftE, pendingA, d1Draft] = noticeIds('M1 draft e', 'M1 pending a', 'D1 draft');
      // M1 pending a was approved by the matrix above: it is no longer PENDING_APPROVAL... and never a DRAFT.
      await refusedWith(() => step('submitNotices', 'disciplineM1', [draftE, pendingA, d1Draft, draftE]), [
        { index: 1, code: 'CONFLICT', id: pendingA },
        { index: 2, code: 'NOT_FOUND', id: d1Draft, field: 'id' },
        { index: 3, code: 'BAD_USER_INPUT', id: draftE },
      ]);
      const res = await step('submitNotices', 'disciplineM1', [draftE, pendingA]);
      expect(res.errors![0].extensions!.items).toEqual([
        { index: 1, code: 'CONFLICT', message: 'This notice is APPROVED; only a DRAFT notice can be submitted for approval', id: pendingA },
      ]);
    });

    it('events are published once the batch commits, and never for a refused batch', async () => {
      const heard: number[] = [];
      const iterator = events.subscribe('noticeChanged')[Symbol.asyncIterator]();
      const listen = (async () => {
        for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          heard.push(next.value.noticeId);
        }
      })();
      const [draftE, pendingA] = noticeIds('M1 draft e', 'M1 pending a');
      expect(codes(await step('submitNotices', 'disciplineM1', [draftE, pendingA]))).toEqual(['BAD_USER_INPUT']);
      await ok(step('submitNotices', 'disciplineM1', [draftE]));
      await new Promise((resolve) => setTimeout(resolve, 20));
      await iterator.return?.();
      await listen;
      expect(heard).toEqual([notices['M1 draft e']]);
    });
  });

  // ---------------------------------------------------------------- onboarding

  describe('onboardOfficials', () => {
    const person = (name: string, username: string, extraPost: object = {}, home: string = 'M1') => ({
      official: { unitId: uid(home), name, title: '社区党委委员', phone: '13900001111' },
      posts: [{ role: 'TEAM_MEMBER', since: '2026-01-01', ...extraPost }],
      account: { username, password: 'onboarding-password-1' },
    });
    const onboard = (who: Who | null, people: object[]) => h.exec(ONBOARD, { people }, as(who));

    it.each(matrix({ adminC1: 'ok', adminD1: 'ok', adminD2: { items: ['FORBIDDEN'] }, adminC2: { items: ['FORBIDDEN'] } }))(
      'onboarding an official of M1 as %s: %j', async (who, outcome) => {
        const data = await expectOutcome(outcome, () => onboard(who, [person(`New ${who}`, `new.${who.toLowerCase()}`)]));
        if (data) {
          expect(list(data, 'onboardOfficials')).toEqual([{
            official: { id: expect.any(String), name: `New ${who}`, unit: { name: 'Unit M1' } },
            posts: [{ id: expect.any(String), role: 'TEAM_MEMBER', unit: { name: 'Unit M1' }, domains: [] }],
            account: { username: `new.${who.toLowerCase()}`, active: true },
          }]);
        }
      });

    it('anonymous: UNAUTHENTICATED', async () => {
      expect(codes(await onboard(null, [person('Nobody', 'nobody')]))).toEqual(['UNAUTHENTICATED']);
    });

    it('several people, several posts each, and one who signs in at once', async () => {
      const education = encodeId('Domain', (await h.db.getRepository(PostDomain).findOneByOrFail({ postId: extra.teamD1b.post.id })).domainId);
      const data = await ok(onboard('adminD1', [
        { ...person('Two posts', 'two.posts', { domainIds: [education] }), posts: [
          { role: 'TEAM_MEMBER', since: '2026-01-01', domainIds: [education] }, { role: 'DISCIPLINE', unitId: uid('G1'), since: '2026-01-01' },
        ] },
        { ...person('No account', 'unused'), account: null },
      ]));
      expect(list<{ official: { name: string }; posts: { role: string; unit: { name: string }; domains: { code: string }[] }[]; account: unknown }>(data, 'onboardOfficials').map((o) =>
        [o.official.name, o.posts.map((p) => [p.role, p.unit.name, p.domains.map((d) => d.code)]), o.account])).toEqual([
        ['Two posts', [['TEAM_MEMBER', 'Unit M1', ['EDUCATION']], ['DISCIPLINE', 'Unit G1', []]], { username: 'two.posts', active: true }],
        ['No account', [['TEAM_MEMBER', 'Unit M1', []]], null],
      ]);
      const login = await h.exec(`mutation { login(username: "two.posts", password: "onboarding-password-1") { token } }`);
      expect(login.errors).toBeUndefined();
    });

    it('a refused batch names the person and the part at fault; nothing written', async () => {
      await refusedWith(() => onboard('adminD1', [
        person('Fine', 'fine.one'),
        person('Post outside', 'post.outside', { unitId: uid('D2') }),
        person('Same username', 'fine.one'),
        person('Home outside', 'home.outside', {}, 'S3'),
        person('Second secretary', 'second.secretary', { role: 'SECRETARY' }),
      ]), [
        { index: 1, code: 'FORBIDDEN', field: 'posts.0' },
        { index: 2, code: 'CONFLICT', field: 'account.username', message: 'account: The username fine.one is taken' },
        { index: 3, code: 'FORBIDDEN', field: 'official' },
        { index: 4, code: 'CONFLICT', field: 'posts.0' },
      ]);
    });
  });

  // ---------------------------------------------------------------- inspection targets

  describe('addInspectionTargets', () => {
    const add = (who: Who | null, round: string, list: [string, string][]) => h.exec(TARGETS, {
      input: { inspectionId: encodeId('Inspection', rounds[round]), targets: list.map(([unit, group]) => ({ unitId: uid(unit), groupId: groupId(group) })) },
    }, as(who));
    const hidden: Outcome = { items: ['NOT_FOUND', 'NOT_FOUND'] };

    // A round without targets is seen by the posts of its unit and above only.
    it.each(matrix({
      officeD1: 'ok', secretaryD1: 'ok',
      officeD2: hidden, officeS1: hidden, officeS2: hidden, officeM1: hidden, secretaryS1: hidden, secretaryM1: hidden, secretaryG1: hidden,
    }))('two targets of a planned D1 round as %s: %j', async (who, outcome) => {
      const given: [string, string][] = outcome !== 'ok' ? [['S1', 'Plan A'], ['M3', 'Plan A']]
        : who === 'secretaryD1' ? [['S2', 'PlanOk A'], ['M2', 'PlanOk A']] : [['S1', 'PlanOk A'], ['M3', 'PlanOk A']];
      const data = await expectOutcome(outcome, () => add(who, outcome === 'ok' ? 'planOk' : 'plan', given));
      if (data) expect(list<{ unit: { name: string } }>(data, 'addInspectionTargets').map((t) => t.unit.name)).toEqual(given.map(([u]) => `Unit ${u}`));
    });

    it('anonymous: UNAUTHENTICATED', async () => {
      expect(codes(await add(null, 'plan2', [['S1', 'Plan2 A']]))).toEqual(['UNAUTHENTICATED']);
    });

    it('a refused batch: a grid, a unit not below, a unit twice, a group of another round; nothing written', async () => {
      await refusedWith(() => add('officeD1', 'plan2', [
        ['S1', 'Plan2 A'], ['G1', 'Plan2 A'], ['D3', 'Plan2 A'], ['S1', 'Plan2 A'], ['M1', 'Plan A'],
      ]), [
        { index: 1, code: 'BAD_USER_INPUT', field: 'unitId', unitId: uid('G1') },
        { index: 2, code: 'BAD_USER_INPUT', field: 'unitId', unitId: uid('D3') },
        // The second S1 meets the first one, written earlier in the same transaction.
        { index: 3, code: 'CONFLICT', unitId: uid('S1') },
        { index: 4, code: 'BAD_USER_INPUT', field: 'groupId', unitId: uid('M1') },
      ]);
      const res = await add('officeD1', 'fb', [['S3', 'Fb A']]);
      expect(res.errors![0].extensions!.items).toEqual([expect.objectContaining({ index: 0, code: 'BAD_USER_INPUT', field: 'unitId' })]);
    });
  });

  // ---------------------------------------------------------------- inspection feedback

  describe('recordInspectionFeedbacks', () => {
    const deliver = (who: Who | null, items: object[]) => h.exec(FEEDBACKS, { input: { items } }, as(who));
    const both = (key: string, feedback: string | null = `反馈 ${key}`) => ({ targetId: targetId(key), ...(feedback ? { feedback } : {}) });
    const hidden: Outcome = { items: ['NOT_FOUND', 'NOT_FOUND'] };

    // Targets S2 and M3: seen by the inspecting side (D1 and above) and by the target units' posts (S2 and above, M3 and above).
    it.each(matrix({
      officeD1: 'ok', officeS2: { items: ['FORBIDDEN', 'FORBIDDEN'] }, officeD2: hidden, officeS1: hidden, officeM1: hidden,
    }))('dual feedback to the S2 and M3 targets as %s: %j', async (who, outcome) => {
      const data = await expectOutcome(outcome, () => deliver(who, [both('fb S2'), both('fb M3')]));
      if (data) {
        expect(list<{ unit: { name: string }; feedback: string; feedbackToCommitteeAt: string | null; feedbackToPrincipalAt: string | null }>(data, 'recordInspectionFeedbacks').map((t) =>
          [t.unit.name, t.feedback, !!t.feedbackToCommitteeAt, !!t.feedbackToPrincipalAt])).toEqual([
          ['Unit S2', '反馈 fb S2', true, true], ['Unit M3', '反馈 fb M3', true, true],
        ]);
      }
    });

    it('anonymous: UNAUTHENTICATED', async () => {
      expect(codes(await deliver(null, [both('fb S1')]))).toEqual(['UNAUTHENTICATED']);
    });

    it('to one recipient only, the other later', async () => {
      const data = await ok(deliver('officeD1', [{ ...both('fb M2'), recipients: ['PRINCIPAL'] }]));
      const [target] = list<{ feedbackToCommitteeAt: string | null; feedbackToPrincipalAt: string | null }>(data, 'recordInspectionFeedbacks');
      expect(target.feedbackToCommitteeAt).toBeNull();
      expect(target.feedbackToPrincipalAt).not.toBeNull();
    });

    it('a refused batch: a recipient already served, no text the first time, a round not in FEEDBACK, a target twice; nothing written', async () => {
      await refusedWith(() => deliver('officeD1', [
        both('fb S1'), both('fb M1', null), both('fb X1', null), both('planned S1'), both('fb S1'),
      ]), [
        { index: 1, code: 'CONFLICT', targetId: targetId('fb M1') },
        { index: 2, code: 'BAD_USER_INPUT', field: 'feedback', targetId: targetId('fb X1') },
        { index: 3, code: 'CONFLICT', targetId: targetId('planned S1') },
        { index: 4, code: 'BAD_USER_INPUT', targetId: targetId('fb S1') },
      ]);
    });
  });

  // ---------------------------------------------------------------- limits

  describe('limits', () => {
    it(`more than ${MAX_BATCH_ITEMS} items, or none: BAD_USER_INPUT before anything runs`, async () => {
      const many = Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => noticeIds('M1 draft a')[0]);
      const before = await snapshot();
      expect(codes(await h.exec(NOTICE_STEP('submitNotices'), { ids: many }, 'disciplineM1'))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await h.exec(NOTICE_STEP('submitNotices'), { ids: [] }, 'disciplineM1'))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await h.exec(FEEDBACKS, { input: { items: [] } }, 'officeD1'))).toEqual(['BAD_USER_INPUT']);
      expect(await snapshot()).toEqual(before);
    });
  });

  // ---------------------------------------------------------------- statements

  describe('statements per batch', () => {
    /** The statements of one operation as `who` (signed in beforehand: a write to posts or accounts renews every sign-in). */
    async function measure(who: Who, run: () => Promise<FormattedExecutionResult<Record<string, unknown>>>): Promise<number> {
      await ok(h.exec('{ viewer { id } }', {}, as(who)));
      h.counter.reset();
      await ok(run());
      return h.counter.count;
    }

    // Measured on SQLite and MariaDB (2026-12): a fixed part for the transaction and the rules'
    // batched inputs, then per item the single mutation's own statements plus a savepoint and
    // its release. Notices 19 for 2 and 51 for 6; letters 48 for 7; targets 22 for 2 and 54 for
    // 6; onboarding 23 for 1 and 59 for 3 (MariaDB 22 and 56); feedback 39 for 2 and 103 for 6.
    it('notice steps: 8 per notice (read, savepoint, lock, compare-and-set, event, re-read, audit, release)', async () => {
      const two = await measure('disciplineM1', () => h.exec(NOTICE_STEP('submitNotices'), { ids: noticeIds('M1 count 1', 'M1 count 2') }, 'disciplineM1'));
      const six = await measure('disciplineM1', () => h.exec(NOTICE_STEP('submitNotices'), {
        ids: noticeIds(...[3, 4, 5, 6, 7, 8].map((i) => `M1 count ${i}`)),
      }, 'disciplineM1'));
      expect((six - two) / 4).toBeLessThanOrEqual(8);
      expect(two).toBeLessThanOrEqual(8 * 2 + 3);
    });

    it('letters: 6 per letter (savepoint, check, insert, re-read, audit, release); the unit and its counterparts read once', async () => {
      const issue = (year: number) => h.exec(LETTERS, {
        input: { unitId: uid('D2'), year, issuedBy: 'COMMITTEE', to: 'SUBORDINATE_UNITS', content: '责任书' },
      }, 'officeD2');
      const seven = await measure('officeD2', () => issue(YEAR));
      expect(await h.db.getRepository(ResponsibilityLetter).countBy({ unitId: units.D2.id, year: YEAR })).toBe(7);
      expect(seven).toBeLessThanOrEqual(7 * 6 + 6);
    });

    it('targets: 8 per target (round read, savepoint, lock, check, insert, audit, re-read, release); units and groups read once', async () => {
      const addTargets = (keys: string[]) => h.exec(TARGETS, {
        input: { inspectionId: encodeId('Inspection', rounds.count), targets: keys.map((k) => ({ unitId: uid(k), groupId: groupId('Count A') })) },
      }, 'officeD1');
      const two = await measure('officeD1', () => addTargets(['X1', 'X2']));
      const six = await measure('officeD1', () => addTargets(['X3', 'X4', 'X5', 'X6', 'X7', 'X8']));
      expect((six - two) / 4).toBeLessThanOrEqual(8);
      expect(two).toBeLessThanOrEqual(8 * 2 + 6);
    });

    it('onboarding: 18 per person with a post and an account (the three single mutations, each in a savepoint)', async () => {
      const people = (tag: string, n: number) => Array.from({ length: n }, (_, i) => ({
        official: { unitId: uid('M2'), name: `Count ${tag}${i}`, title: '委员' },
        posts: [{ role: 'TEAM_MEMBER', since: '2026-01-01' }],
        account: { username: `count.${tag}${i}`, password: 'onboarding-password-1' },
      }));
      const one = await measure('adminD1', () => h.exec(ONBOARD, { people: people('a', 1) }, 'adminD1'));
      const three = await measure('adminD1', () => h.exec(ONBOARD, { people: people('b', 3) }, 'adminD1'));
      expect((three - one) / 2).toBeLessThanOrEqual(18);
      expect(one).toBeLessThanOrEqual(18 + 5);
    });

    it('feedback: 8 per target and recipient (target read, savepoint, two locks, update, audit, re-read, release)', async () => {
      const deliver = (keys: string[]) => h.exec(FEEDBACKS, { input: { items: keys.map((k) => ({ targetId: targetId(`fb ${k}`), feedback: k })) } }, 'officeD1');
      const two = await measure('officeD1', () => deliver(['X1', 'X2']));
      const six = await measure('officeD1', () => deliver(['X3', 'X4', 'X5', 'X6', 'X7', 'X8']));
      expect((six - two) / 4).toBeLessThanOrEqual(2 * 8);
      expect(two).toBeLessThanOrEqual(2 * 2 * 8 + 7);
    });
  });
});
