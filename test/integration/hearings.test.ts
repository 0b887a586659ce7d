// Hearings (述责述廉 会议, seed 004): a session at a unit with many reporters (its team members,
// the principals of the units directly below), questions from its DISCIPLINE and members
// answered by the reporter, an evaluation per reporter, and the life cycle SCHEDULED -> HELD
// -> CLOSED. Who reads which hearing and part (a persona matrix with exact sets), who takes
// each step (exact codes), and refused steps that write nothing.
import { signToken } from '../../src/auth/token';
import { addDays, today } from '../../src/clock';
import { AuditEntry, Hearing, Report, ReportQuestion, type Official, type Post } from '../../src/entities';
import { PostRole } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { SeedBuilder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, PASSWORD, type Persona, type UnitKey } from '../setup/fixture';
import { lineage, reads, type Reader } from '../setup/tree';
import { codes, ok, refusedWithout, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TODAY = today();
const YEAR = Number(TODAY.slice(0, 4));

const SCHEDULE = `mutation($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id status heldOn year title unit { id } parts { id } } }`;
const ADD = `mutation($input: AddHearingReporterInput!) {
  addHearingReporter(input: $input) { id kind year heldOn content unit { id } reporter { id } hearing { id } evaluation { total } } }`;
const HOLD = `mutation($id: ID!) { holdHearing(id: $id) { id status heldAt } }`;
const CLOSE = `mutation($id: ID!) { closeHearing(id: $id) { id status closedAt } }`;
const EVALUATE = `mutation($input: EvaluateHearingReporterInput!) {
  evaluateHearingReporter(input: $input) { id evaluation { satisfied basicallySatisfied unsatisfied total evaluatedBy { id } } } }`;
const ASK = `mutation($input: AskReportQuestionInput!) { askReportQuestion(input: $input) { id question askedBy { id } } }`;
const ANSWER = `mutation($input: AnswerReportQuestionInput!) { answerReportQuestion(input: $input) { id answer } }`;
const HEARINGS = `query($filter: HearingFilter) { hearings(filter: $filter, first: 100) { totalCount edges { node { id title status parts { id } } } } }`;
const REPORTS = `query { reports(first: 100) { totalCount edges { node { id content hearing { id } questions { id } } } } }`;
const WORK_ITEMS = `query { workItems(filter: { kinds: [ANSWER_QUESTION] }, first: 100) { edges { node { record { id } } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Hearing { title } ... on Report { content hearing { id } } } }`;

/** teamD1: a TEAM_MEMBER of D1; secretaryS2: the principal of S2 (both report at D1's hearing). */
const EXTRA = ['teamD1', 'secretaryS2'] as const;
type Extra = (typeof EXTRA)[number];
type Viewer = Reader | Extra;
const VIEWERS: Viewer[] = [...(ALL_PERSONAS.filter((p) => p !== 'inactive') as Reader[]), ...EXTRA];
const EXTRA_AT: Record<Extra, UnitKey> = { teamD1: 'D1', secretaryS2: 'S2' };
/** Posts in scope of the unit (the tree's own expectation, written out by hand). */
const readsAt = (v: Viewer, unit: UnitKey): boolean =>
  (EXTRA as readonly string[]).includes(v) ? lineage(unit).includes(EXTRA_AT[v as Extra]) : reads(v as Reader, unit);

/** The matrix: hearings by title, at a unit, and their parts as [label, reporter, the reporter's unit]. */
const HEARINGS_AT: [title: string, unit: UnitKey][] = [['H D1', 'D1'], ['H M1', 'M1'], ['H D2', 'D2'], ['H C2', 'C2']];
const PARTS: [label: string, hearing: string, reporter: Viewer, unit: UnitKey][] = [
  ['P teamD1', 'H D1', 'teamD1', 'D1'], ['P secretaryS1', 'H D1', 'secretaryS1', 'S1'], ['P secretaryS2', 'H D1', 'secretaryS2', 'S2'],
  ['P teamM1', 'H M1', 'teamM1', 'M1'], ['P secretaryG1', 'H M1', 'secretaryG1', 'G1'],
];

describeDb('hearings (述责述廉 会议)', () => {
  let h: Harness;
  const people = {} as Record<Viewer, Official>;
  const posts = {} as Record<Viewer, Post>;
  const tokens = {} as Record<Extra, { token: string }>;
  const hearingIds: Record<string, string> = {};
  const partIds: Record<string, string> = {};
  const label = new Map<string, string>();

  const as = (v: Viewer): Persona | { token: string } => ((EXTRA as readonly string[]).includes(v) ? tokens[v as Extra] : (v as Persona));
  const uid = (key: UnitKey): string => unitId(h.fixture.units[key]);
  const pid = (v: Viewer): string => encodeId('Post', posts[v].id);
  const run = (doc: string, variables: J, v: Viewer) => h.exec<J>(doc, variables, as(v));

  const snapshot = async () => ({
    hearings: await h.db.getRepository(Hearing).find({ order: { id: 'ASC' } }),
    reports: await h.db.getRepository(Report).find({ order: { id: 'ASC' } }),
    questions: await h.db.getRepository(ReportQuestion).find({ order: { id: 'ASC' } }),
    audit: await h.db.getRepository(AuditEntry).count(),
  });
  /** The operation fails with exactly this code and writes nothing. */
  const refused = refusedWithout(snapshot);

  const schedule = (v: Viewer, unit: UnitKey, title: string, heldOn = TODAY) =>
    run(SCHEDULE, { input: { unitId: uid(unit), year: YEAR - 1, heldOn, title } }, v);
  const add = (v: Viewer, hearing: string, reporter: Viewer, subject = `Subject of ${reporter}`) =>
    run(ADD, { input: { hearingId: hearingIds[hearing], reporterPostId: pid(reporter), subject } }, v);
  const ask = (v: Viewer, part: string, question = `A question from ${v}`) => run(ASK, { input: { reportId: partIds[part], question } }, v);
  const evaluate = (v: Viewer, part: string, votes: [number, number, number] = [20, 5, 1]) =>
    run(EVALUATE, { input: { reportId: partIds[part], satisfied: votes[0], basicallySatisfied: votes[1], unsatisfied: votes[2] } }, v);

  beforeAll(async () => {
    h = await startHarness();
    const { units, officials, posts: fixturePosts } = h.fixture;
    Object.assign(people, officials);
    Object.assign(posts, fixturePosts);
    const accounts = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      people.teamD1 = await b.official(units.D1, 'Official teamD1', 'teamD1');
      posts.teamD1 = await b.post(people.teamD1, units.D1, PostRole.TEAM_MEMBER, { since: '2024-01-01', domains: ['HEALTH'] });
      people.secretaryS2 = await b.official(units.S2, 'Official secretaryS2', 'secretaryS2');
      posts.secretaryS2 = await b.post(people.secretaryS2, units.S2, PostRole.SECRETARY, { since: '2024-01-01' });
      return Promise.all(EXTRA.map((k) => b.account(people[k], k.toLowerCase(), PASSWORD)));
    });
    for (const [i, k] of EXTRA.entries()) tokens[k] = { token: (await signToken(accounts[i].id)).token };
  });
  afterAll(() => h.close());

  it('is scheduled by the unit\'s OFFICE or DISCIPLINE, for today or later', async () => {
    const organiser: Record<string, Viewer> = { 'H D1': 'officeD1', 'H M1': 'disciplineM1', 'H D2': 'officeD2', 'H C2': 'disciplineC2' };
    for (const [title, unit] of HEARINGS_AT) {
      const heldOn = unit === 'D2' ? addDays(TODAY, 30) : TODAY;
      const made = (await ok(schedule(organiser[title], unit, title, heldOn))).scheduleHearing;
      expect(made).toMatchObject({ status: 'SCHEDULED', heldOn, year: YEAR - 1, title, unit: { id: uid(unit) }, parts: [] });
      hearingIds[title] = made.id;
      label.set(made.id, title);
    }
    // Another unit's posts, one tier above, a role that does not organise, the past: refused.
    await refused('FORBIDDEN', () => schedule('officeS1', 'D1', 'x'));
    await refused('FORBIDDEN', () => schedule('disciplineC1', 'D1', 'x'));
    await refused('FORBIDDEN', () => schedule('secretaryS1', 'S1', 'x'));
    await refused('FORBIDDEN', () => schedule('teamD1', 'D1', 'x'));
    await refused('BAD_USER_INPUT', () => schedule('officeD1', 'D1', 'x', addDays(TODAY, -1)));
    await refused('BAD_USER_INPUT', () => run(SCHEDULE, { input: { unitId: uid('D1'), year: YEAR + 1, heldOn: TODAY, title: 'x' } }, 'officeD1'));
    expect(codes(await run(SCHEDULE, { input: { unitId: uid('D1'), year: YEAR, heldOn: TODAY, title: '  ' } }, 'officeD1'))).toEqual(['BAD_USER_INPUT']);
  });

  it('takes the unit\'s team members and the principals of the units directly below as reporters, once each', async () => {
    for (const [part, hearing, reporter, unit] of PARTS) {
      const organiser: Viewer = hearing === 'H D1' ? (reporter === 'secretaryS2' ? 'disciplineD1' : 'officeD1') : 'disciplineM1';
      const made = (await ok(add(organiser, hearing, reporter, part))).addHearingReporter;
      expect(made).toMatchObject({
        kind: 'ORAL', year: YEAR - 1, heldOn: TODAY, content: part, unit: { id: uid(unit) }, reporter: { id: pid(reporter) },
        hearing: { id: hearingIds[hearing] }, evaluation: null,
      });
      partIds[part] = made.id;
      label.set(made.id, part);
    }
    // Not a team member of D1 nor a principal directly below it; an ended post; twice the same post.
    await refused('BAD_USER_INPUT', () => add('officeD1', 'H D1', 'teamM1'));
    await refused('BAD_USER_INPUT', () => add('officeD1', 'H D1', 'secretaryM1'));
    await refused('BAD_USER_INPUT', () => add('officeD1', 'H D1', 'officeS1'));
    await refused('BAD_USER_INPUT', () => add('officeD1', 'H D1', 'retired'));
    await refused('CONFLICT', () => add('officeD1', 'H D1', 'secretaryS1'));
    // Organisers of the hearing's unit only: a hearing out of scope is absent.
    await refused('NOT_FOUND', () => add('officeS1', 'H D1', 'teamD1'));
    await refused('NOT_FOUND', () => add('officeD2', 'H D1', 'teamD1'));
    await refused('FORBIDDEN', () => add('disciplineC1', 'H D1', 'teamD1'));
    await refused('FORBIDDEN', () => add('teamD1', 'H D1', 'teamD1'));
    // A SCHEDULED hearing takes no questions; a day to come cannot be held; no reporters, no hearing.
    await refused('CONFLICT', () => ask('disciplineD1', 'P secretaryS1'));
    await refused('CONFLICT', () => run(HOLD, { id: hearingIds['H D2'] }, 'officeD2'));
    await refused('CONFLICT', () => run(HOLD, { id: hearingIds['H C2'] }, 'disciplineC2'));
  });

  it('is read by posts in scope of its unit; each part as a report, by posts in scope of the reporter\'s unit', async () => {
    for (const v of VIEWERS) {
      const hearings = await ok(run(HEARINGS, {}, v));
      const seen = hearings.hearings.edges.map((e: J) => label.get(e.node.id)).sort();
      expect([v, seen]).toEqual([v, HEARINGS_AT.filter(([, unit]) => readsAt(v, unit)).map(([t]) => t).sort()]);
      expect(hearings.hearings.totalCount).toBe(seen.length);
      // A visible hearing shows every part.
      for (const e of hearings.hearings.edges) {
        expect(e.node.parts.map((p: J) => label.get(p.id))).toEqual(PARTS.filter(([, hh]) => hh === e.node.title).map(([p]) => p));
      }
      const reports = await ok(run(REPORTS, {}, v));
      const parts = reports.reports.edges.map((e: J) => label.get(e.node.id)).sort();
      expect([v, parts]).toEqual([v, PARTS.filter(([, , , unit]) => readsAt(v, unit)).map(([p]) => p).sort()]);
      // Report.hearing: null where the hearing's unit is out of scope (a reporter from below reads their part only).
      for (const e of reports.reports.edges) {
        const [, hearing] = PARTS.find(([p]) => p === label.get(e.node.id))!;
        const unit = HEARINGS_AT.find(([t]) => t === hearing)![1];
        expect([v, label.get(e.node.id), e.node.hearing?.id ?? null]).toEqual([v, label.get(e.node.id), readsAt(v, unit) ? hearingIds[hearing] : null]);
      }
    }
    // node(id) follows the same rules.
    expect((await ok(run(NODE, { id: hearingIds['H D1'] }, 'secretaryS1'))).node).toBeNull();
    expect((await ok(run(NODE, { id: partIds['P secretaryS1'] }, 'secretaryS1'))).node).toMatchObject({ content: 'P secretaryS1', hearing: null });
    expect((await ok(run(NODE, { id: hearingIds['H D1'] }, 'disciplineC1'))).node).toMatchObject({ title: 'H D1' });
    expect((await ok(run(NODE, { id: hearingIds['H D1'] }, 'disciplineC2'))).node).toBeNull();
    // Filters.
    const filtered = async (v: Viewer, filter: J) => (await ok(run(HEARINGS, { filter }, v))).hearings.edges.map((e: J) => e.node.title).sort();
    expect(await filtered('disciplineC1', { unitId: uid('D1'), subtree: false })).toEqual(['H D1']);
    expect(await filtered('disciplineC1', { unitId: uid('D1') })).toEqual(['H D1', 'H M1']);
    expect(await filtered('disciplineC1', { status: 'SCHEDULED', year: YEAR - 1 })).toEqual(['H D1', 'H D2', 'H M1']);
    expect(await filtered('disciplineC1', { year: YEAR })).toEqual([]);
  });

  it('is held, questioned by its DISCIPLINE and members, answered by the reporter, evaluated by its DISCIPLINE, then closed', async () => {
    await refused('FORBIDDEN', () => run(HOLD, { id: hearingIds['H D1'] }, 'teamD1'));
    await refused('NOT_FOUND', () => run(HOLD, { id: hearingIds['H D1'] }, 'officeS1'));
    expect((await ok(run(HOLD, { id: hearingIds['H D1'] }, 'officeD1'))).holdHearing).toMatchObject({ status: 'HELD' });
    await refused('CONFLICT', () => run(HOLD, { id: hearingIds['H D1'] }, 'disciplineD1'));
    await refused('CONFLICT', () => add('officeD1', 'H D1', 'secretaryS2'));

    // 询问质询: the hearing unit's DISCIPLINE and members; not a reporter on their own part, not OFFICE, not above.
    const q1 = (await ok(ask('disciplineD1', 'P secretaryS1'))).askReportQuestion;
    expect(q1.askedBy.id).toBe(encodeId('Official', people.disciplineD1.id));
    const q2 = (await ok(ask('teamD1', 'P secretaryS1'))).askReportQuestion;
    const q3 = (await ok(ask('disciplineD1', 'P teamD1'))).askReportQuestion;
    await refused('FORBIDDEN', () => ask('teamD1', 'P teamD1'));
    await refused('FORBIDDEN', () => ask('officeD1', 'P secretaryS1'));
    await refused('FORBIDDEN', () => ask('disciplineC1', 'P secretaryS1'));
    await refused('NOT_FOUND', () => ask('secretaryS1', 'P teamD1'));
    await refused('NOT_FOUND', () => ask('disciplineM1', 'P secretaryS1'));

    // The reporter answers, once; nobody else.
    const answer = (v: Viewer, questionId: string, text = `Answer by ${v}`) => run(ANSWER, { input: { questionId, answer: text } }, v);
    expect((await ok(answer('secretaryS1', q1.id))).answerReportQuestion).toMatchObject({ answer: 'Answer by secretaryS1' });
    await refused('CONFLICT', () => answer('secretaryS1', q1.id));
    await refused('FORBIDDEN', () => answer('teamD1', q2.id));
    await refused('FORBIDDEN', () => answer('disciplineD1', q2.id));
    expect((await ok(answer('teamD1', q3.id))).answerReportQuestion).toMatchObject({ answer: 'Answer by teamD1' });

    // The unanswered question waits in the reporter's work items (待办) until the hearing closes.
    const answerItems = async (v: Viewer) => (await ok(run(WORK_ITEMS, {}, v))).workItems.edges.map((e: J) => e.node.record.id);
    expect(await answerItems('secretaryS1')).toEqual([q2.id]);

    // Closing waits for every evaluation.
    const notEvaluated = await refused('CONFLICT', () => run(CLOSE, { id: hearingIds['H D1'] }, 'officeD1'));
    expect(notEvaluated.errors![0].extensions).toMatchObject({ reason: 'notEvaluated', missing: 3 });

    // 测评: the hearing unit's DISCIPLINE, once per part, at least one vote.
    await refused('FORBIDDEN', () => evaluate('officeD1', 'P secretaryS1'));
    await refused('FORBIDDEN', () => evaluate('disciplineC1', 'P secretaryS1'));
    await refused('NOT_FOUND', () => evaluate('disciplineM1', 'P secretaryS1'));
    await refused('BAD_USER_INPUT', () => evaluate('disciplineD1', 'P secretaryS1', [0, 0, 0]));
    await refused('BAD_USER_INPUT', () => evaluate('disciplineD1', 'P secretaryS1', [-1, 3, 0]));
    const evaluated = (await ok(evaluate('disciplineD1', 'P secretaryS1', [18, 6, 2]))).evaluateHearingReporter;
    expect(evaluated.evaluation).toEqual({
      satisfied: 18, basicallySatisfied: 6, unsatisfied: 2, total: 26, evaluatedBy: { id: encodeId('Official', people.disciplineD1.id) },
    });
    await refused('CONFLICT', () => evaluate('disciplineD1', 'P secretaryS1'));
    // A part of a hearing not yet held is not evaluated.
    await refused('CONFLICT', () => evaluate('disciplineM1', 'P teamM1'));
    await ok(evaluate('disciplineD1', 'P teamD1'));
    await ok(evaluate('disciplineD1', 'P secretaryS2', [10, 10, 10]));

    // The reporter reads their own part's evaluation.
    const own = await ok(run(NODE.replace('hearing { id }', 'hearing { id } evaluation { total } questions { question answer }'), { id: partIds['P secretaryS1'] }, 'secretaryS1'));
    expect(own.node).toMatchObject({
      hearing: null, evaluation: { total: 26 },
      questions: [{ question: 'A question from disciplineD1', answer: 'Answer by secretaryS1' }, { question: 'A question from teamD1', answer: null }],
    });

    await refused('FORBIDDEN', () => run(CLOSE, { id: hearingIds['H D1'] }, 'teamD1'));
    await refused('CONFLICT', () => run(CLOSE, { id: hearingIds['H M1'] }, 'disciplineM1'));
    expect((await ok(run(CLOSE, { id: hearingIds['H D1'] }, 'disciplineD1'))).closeHearing).toMatchObject({ status: 'CLOSED' });

    // Closed: nothing changes any more.
    await refused('CONFLICT', () => run(CLOSE, { id: hearingIds['H D1'] }, 'officeD1'));
    await refused('CONFLICT', () => ask('disciplineD1', 'P secretaryS2'));
    await refused('CONFLICT', () => answer('secretaryS1', q2.id));
    await refused('CONFLICT', () => run(HOLD, { id: hearingIds['H D1'] }, 'officeD1'));
    expect(await answerItems('secretaryS1')).toEqual([]);
  });

  it('audits each step, and leaves the one oral report of a unit\'s own to scheduleOralReport', async () => {
    const operations = (await h.db.getRepository(AuditEntry).find({ order: { id: 'ASC' } })).map((e) => e.operation);
    for (const op of ['scheduleHearing', 'addHearingReporter', 'holdHearing', 'askReportQuestion', 'answerReportQuestion', 'evaluateHearingReporter', 'closeHearing']) {
      expect(operations).toContain(op);
    }
    expect(operations.filter((o) => o === 'addHearingReporter')).toHaveLength(PARTS.length);
    // S1 reports at D1's hearing; its own oral report of the year is still its parent's OFFICE's to schedule.
    const scheduled = await run(`mutation($input: ScheduleOralReportInput!) { scheduleOralReport(input: $input) { id hearing { id } } }`, {
      input: { unitId: uid('S1'), year: YEAR - 1, heldOn: TODAY, content: 'Own oral report' },
    }, 'officeD1');
    expect(scheduled.errors).toBeUndefined();
    expect(scheduled.data!.scheduleOralReport.hearing).toBeNull();
  });
});
