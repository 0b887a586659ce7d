// Assessment outcomes (issue 13, point 5; seeds 001 and 004): the principals of the bottom N
// units of a ranking are called to one interview in one mutation (ties at the boundary
// included, each interviewee keeping the assessment that called them); interviews and
// admonishments (诫勉谈话) name the assessment that caused them, read only where that
// assessment is; follow-up checks (回头看) are listed with their due days and status for
// exactly the readers of the assessments. Refusals write nothing; the list reads are bounded.
// The demo data shows the links and the follow-ups.
import { signToken } from '../../src/auth/token';
import { addDays, today } from '../../src/clock';
import { IsNull, Not, type DataSource } from 'typeorm';
import {
  AccountabilityRecord, Assessment, AuditEntry, Interview, InterviewParticipant, Lead, type Official, type OrgUnit, type Post,
} from '../../src/entities';
import { PostRole, UnitLevel } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { SeedBuilder } from '../../src/seed/builder';
import { seedDemo } from '../../src/seed/demo';
import { closeTestDatabase, describeDb, openTestDatabase } from '../setup/db';
import { ALL_PERSONAS, PASSWORD, type Persona } from '../setup/fixture';
import { expectBoundedStatements, ok, refusedWithout, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const TODAY = today();
const d = (n: number): string => addDays(TODAY, n);
const YEAR = Number(TODAY.slice(0, 4));

/** The principals of S2's children added here (M6 has none), and a team member of M4. */
const EXTRA = ['secM3', 'secM4', 'secM5', 'teamM4'] as const;
type Extra = (typeof EXTRA)[number];
type Who = Exclude<Persona, 'inactive'> | Extra;
const EVERYONE: Who[] = [...(ALL_PERSONAS.filter((p) => p !== 'inactive') as Who[]), ...EXTRA];

/** S2's ranking for YEAR: M6 95, M3 90, M4 and M5 tied at 70 (the bottom). */
const SCORES: Record<'M3' | 'M4' | 'M5' | 'M6', number> = { M3: 90, M4: 70, M5: 70, M6: 95 };
type Child = keyof typeof SCORES;
/** Who reads S2's children's assessments: posts at S2 or above (the assessor side), or at the child itself. */
const ASSESSOR_SIDE: Who[] = ['officeS2', 'officeD1', 'disciplineD1', 'disciplineC1'];
const OWN: Partial<Record<Who, Child>> = { secM3: 'M3', secM4: 'M4', secM5: 'M5', teamM4: 'M4' };

describeDb('assessment outcomes: the bottom of a ranking, causes and follow-up checks', () => {
  let h: Harness;
  const tokens = {} as Record<Extra, { token: string }>;
  const people = {} as Record<Extra, Official>;
  const posts = {} as Record<Extra, Post>;
  const units = {} as Record<Child, OrgUnit>;
  /** Assessment ids: the children's of YEAR, M3's of the year before, S3's (by D2). */
  const ids: Record<string, string> = {};
  let interviewId = '';

  const as = (who: Who): Persona | { token: string } => (who in tokens ? tokens[who as Extra] : (who as Persona));
  const q = (doc: string, vars: Record<string, unknown>, who: Who) => h.exec<Json>(doc, vars, as(who));
  const uid = (u: OrgUnit): string => unitId(u);
  const oid = (o: Official): string => encodeId('Official', o.id);
  const label = (id: string): string => Object.keys(ids).find((k) => ids[k] === id) ?? id;

  const snapshot = async () => ({
    interviews: await h.db.getRepository(Interview).find({ order: { id: 'ASC' } }),
    participants: await h.db.getRepository(InterviewParticipant).find({ order: { interviewId: 'ASC', officialId: 'ASC' } }),
    assessments: await h.db.getRepository(Assessment).find({ order: { id: 'ASC' } }),
    records: await h.db.getRepository(AccountabilityRecord).find({ order: { id: 'ASC' } }),
    audit: await h.db.getRepository(AuditEntry).count(),
  });
  const refused = refusedWithout(snapshot);

  const RECORD = `mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) { id } }`;
  const BOTTOM = `mutation($input: InterviewBottomRankedInput!) {
    interviewBottomRanked(input: $input) { id kind heldOn unit { name } interviewer { official { name } } participants { name } assessments { id } }
  }`;
  const bottom = (who: Who, input: object) => q(BOTTOM, {
    input: { assessorUnitId: uid(h.fixture.units.S2), year: YEAR, count: 1, heldOn: TODAY, reason: '考核排名靠后', record: '表态整改', ...input },
  }, who);
  const FOLLOW_UPS = `query($filter: AssessmentFollowUpFilter, $first: Int) {
    assessmentFollowUps(filter: $filter, first: $first) { totalCount edges { node { id followUpDueOn followUpStatus followUpOn } } }
  }`;
  const followUps = async (who: Who, filter?: object) => {
    const res = (await ok(q(FOLLOW_UPS, { filter, first: 100 }, who))).assessmentFollowUps;
    expect(res.totalCount).toBe(res.edges.length);
    return res.edges.map((e: Json) => [label(e.node.id), e.node.followUpStatus, e.node.followUpDueOn])
      .sort((a: string[], b: string[]) => a[0].localeCompare(b[0]));
  };

  beforeAll(async () => {
    h = await startHarness();
    const { units: fixtureUnits } = h.fixture;
    units.M3 = fixtureUnits.M3;
    const accounts = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      for (const key of ['M4', 'M5', 'M6'] as const) units[key] = await b.unit(fixtureUnits.S2, `Unit ${key}`, UnitLevel.COMMUNITY);
      const at: Record<Extra, [Child, PostRole]> = {
        secM3: ['M3', PostRole.SECRETARY], secM4: ['M4', PostRole.SECRETARY], secM5: ['M5', PostRole.SECRETARY], teamM4: ['M4', PostRole.TEAM_MEMBER],
      };
      const made = [];
      for (const key of EXTRA) {
        const [unit, role] = at[key];
        people[key] = await b.official(units[unit], `Official ${key}`, key);
        posts[key] = await b.post(people[key], units[unit], role, { since: '2024-01-01', domains: role === PostRole.TEAM_MEMBER ? ['HEALTH'] : undefined });
        made.push(await b.account(people[key], key.toLowerCase(), PASSWORD));
      }
      return made;
    });
    for (const [i, key] of EXTRA.entries()) tokens[key] = { token: (await signToken(accounts[i].id)).token };
    for (const [key, score] of Object.entries(SCORES) as [Child, number][]) {
      const requirements = key === 'M3' || key === 'M4' ? `${key} 限期整改` : undefined;
      ids[key] = (await ok(q(RECORD, { input: { unitId: uid(units[key]), year: YEAR, scores: [score, score, score], requirements } }, 'officeS2'))).recordAssessment.id;
    }
    ids['M3 before'] = (await ok(q(RECORD, { input: { unitId: uid(units.M3), year: YEAR - 1, scores: [60, 60, 60], requirements: '整改' } }, 'officeS2'))).recordAssessment.id;
    ids.S3 = (await ok(q(RECORD, { input: { unitId: uid(h.fixture.units.S3), year: YEAR, scores: [80, 80, 80] } }, 'officeD2'))).recordAssessment.id;
    // A check that fell due ten days ago (scheduling through the API takes today or later only).
    await h.db.getRepository(Assessment).update({ id: Number(Buffer.from(ids['M3 before'], 'base64').toString().split(':')[1]) }, { followUpDueOn: d(-10) });
  });
  afterAll(() => h.close());

  describe('the bottom of a ranking called to one interview', () => {
    it('refuses callers who may not interview at the assessing unit, and bad input, writing nothing', async () => {
      await refused('FORBIDDEN', () => bottom('officeS2', {})); // OFFICE never interviews
      await refused('FORBIDDEN', () => bottom('disciplineM1', {})); // below the assessing unit
      await refused('FORBIDDEN', () => bottom('secretaryS1', {})); // a sibling
      await refused('FORBIDDEN', () => bottom('disciplineC2', {})); // another city
      await refused('UNAUTHENTICATED', () => h.exec(BOTTOM, { input: { assessorUnitId: uid(h.fixture.units.S2), year: YEAR, count: 1, heldOn: TODAY, reason: 'x', record: 'x' } }, null));
      await refused('BAD_USER_INPUT', () => bottom('disciplineD1', { count: 5 })); // only 4 assessed
      await refused('BAD_USER_INPUT', () => bottom('disciplineD1', { count: 0 }));
      await refused('BAD_USER_INPUT', () => bottom('disciplineD1', { year: YEAR - 5 })); // nobody assessed that year
      await refused('BAD_USER_INPUT', () => bottom('disciplineD1', { heldOn: d(1) }));
      await refused('BAD_USER_INPUT', () => bottom('disciplineD1', { followUpDueOn: d(-1) }));
      await refused('BAD_USER_INPUT', () => bottom('disciplineD1', { reason: ' ' }));
      await refused('NOT_FOUND', () => bottom('disciplineD1', { assessorUnitId: encodeId('OrgUnit', 999999) }));
      // The whole ranking reaches M6, which has no principal today: refused, naming it.
      const res = await refused('CONFLICT', () => bottom('disciplineD1', { count: 4 }));
      expect(res.errors![0].extensions).toMatchObject({ reason: 'noPrincipal', units: ['Unit M6'] });
    });

    it('calls both principals tied at the bottom for N = 1, in one transaction, scheduling their follow-up checks', async () => {
      const auditBefore = await h.db.getRepository(AuditEntry).count();
      const interview = (await ok(bottom('disciplineD1', { count: 1, followUpDueOn: d(30) }))).interviewBottomRanked;
      interviewId = interview.id;
      expect(interview).toMatchObject({
        kind: 'COLLECTIVE', heldOn: TODAY, unit: { name: 'Unit S2' }, interviewer: { official: { name: 'Official disciplineD1' } },
        participants: [{ name: 'Official secM4' }, { name: 'Official secM5' }],
      });
      expect(interview.assessments.map((a: Json) => label(a.id)).sort()).toEqual(['M4', 'M5']);
      const audit = await h.db.getRepository(AuditEntry).find({ order: { id: 'ASC' } });
      expect(audit.slice(auditBefore).map((a) => a.operation)).toEqual(['interviewBottomRanked', 'scheduleAssessmentFollowUp', 'scheduleAssessmentFollowUp']);
      expect(JSON.parse(audit[auditBefore].after!)).toMatchObject({ kind: 'COLLECTIVE', participants: expect.any(Array), assessments: expect.any(Array) });
      // N = 3 reaches M3 as well (the tied pair counts as two places).
      const wider = (await ok(bottom('disciplineC1', { count: 3 }))).interviewBottomRanked;
      expect(wider.participants.map((p: Json) => p.name)).toEqual(['Official secM3', 'Official secM4', 'Official secM5']);
      expect(wider.assessments.map((a: Json) => label(a.id)).sort()).toEqual(['M3', 'M4', 'M5']);
    });

    it.each(EVERYONE)('%s reads the interview\'s assessments only where it reads the assessment', async (who) => {
      const res = await ok(q(`query($filter: InterviewFilter) { interviews(filter: $filter, first: 10) { edges { node { id assessments { id } } } } }`,
        { filter: { assessmentId: ids.M4 } }, who));
      const node = res.interviews.edges.find((e: Json) => e.node.id === interviewId)?.node;
      const seesInterview = ASSESSOR_SIDE.includes(who) || who === 'secM4' || who === 'secM5';
      expect(!!node).toBe(seesInterview);
      if (!node) return;
      const expected = ASSESSOR_SIDE.includes(who) ? ['M4', 'M5'] : [OWN[who]!];
      expect(node.assessments.map((a: Json) => label(a.id)).sort()).toEqual(expected);
    });
  });

  describe('interviews and admonishments name their assessment', () => {
    const INTERVIEW = `mutation($input: RecordInterviewInput!) { recordInterview(input: $input) { id kind assessments { id } } }`;
    const interview = (who: Who, input: object) => q(INTERVIEW, {
      input: { unitId: uid(units.M4), kind: 'INDIVIDUAL', heldOn: TODAY, participantIds: [oid(people.secM4)], reason: '约谈', record: '记录', ...input },
    }, who);
    const CREATE = `mutation($input: CreateAccountabilityRecordInput!) { createAccountabilityRecord(input: $input) { id measure assessment { id } } }`;
    const admonish = (who: Who, assessmentId: string, official: Extra = 'secM4') => q(CREATE, {
      input: {
        officialId: oid(people[official]), postId: encodeId('Post', posts[official].id), failure: 'MAIN_RESPONSIBILITY', measure: 'ADMONISHMENT_TALK',
        decidedOn: TODAY, reason: '考核排名靠后, 诫勉谈话', assessmentId,
      },
    }, who);

    it('records an interview caused by an assessment of the unit or below, never another\'s', async () => {
      const made = (await ok(interview('disciplineD1', { assessmentId: ids.M4 }))).recordInterview;
      expect(made.assessments.map((a: Json) => label(a.id))).toEqual(['M4']);
      await refused('BAD_USER_INPUT', () => interview('disciplineD1', { assessmentId: ids.M3 })); // M3 is not M4 or below it
      await refused('NOT_FOUND', () => interview('disciplineD1', { assessmentId: ids.S3 })); // D2's: not visible to D1
      await refused('NOT_FOUND', () => interview('disciplineD1', { assessmentId: 'garbage' }));
      const listed = await ok(q(`query($filter: InterviewFilter) { interviews(filter: $filter, first: 10) { totalCount } }`, { filter: { assessmentId: ids.M4 } }, 'disciplineD1'));
      expect(listed.interviews.totalCount).toBe(3);
    });

    it('records an admonishment naming the assessment; a revision keeps it; the record\'s official reads it', async () => {
      const made = (await ok(admonish('disciplineD1', ids.M4))).createAccountabilityRecord;
      expect(made).toMatchObject({ measure: 'ADMONISHMENT_TALK', assessment: { id: ids.M4 } });
      const audit = await h.db.getRepository(AuditEntry).find({ order: { id: 'DESC' }, take: 1 });
      expect(JSON.parse(audit[0].after!)).toMatchObject({ assessmentId: Number(Buffer.from(ids.M4, 'base64').toString().split(':')[1]) });
      const revised = (await ok(q(`mutation($id: ID!, $input: AccountabilityDecisionInput!) { reviseAccountabilityRecord(id: $id, input: $input) { id assessment { id } } }`, {
        id: made.id, input: { failure: 'MAIN_RESPONSIBILITY', measure: 'ADMONISHMENT_TALK', decidedOn: TODAY, reason: '更正' },
      }, 'disciplineD1'))).reviseAccountabilityRecord;
      expect(revised.assessment).toEqual({ id: ids.M4 });
      const read = `query($id: ID!) { accountabilityRecord(id: $id) { assessment { id } } }`;
      expect((await ok(q(read, { id: revised.id }, 'secM4'))).accountabilityRecord).toEqual({ assessment: { id: ids.M4 } });
      expect((await ok(q(read, { id: revised.id }, 'disciplineC1'))).accountabilityRecord).toEqual({ assessment: { id: ids.M4 } });
      await refused('BAD_USER_INPUT', () => admonish('disciplineD1', ids.M5)); // secM4 is at M4, not M5
      await refused('NOT_FOUND', () => admonish('disciplineD1', ids.S3));
    });
  });

  describe('follow-up checks', () => {
    const SCHEDULE = `mutation($id: ID!, $dueOn: String!) { scheduleAssessmentFollowUp(id: $id, dueOn: $dueOn) { followUpDueOn followUpStatus } }`;
    const CHECK = `mutation($id: ID!, $input: AssessmentFollowUpInput!) { recordAssessmentFollowUp(id: $id, input: $input) { followUpOn followUpStatus } }`;

    it('lists the checks with their due days and status for the assessor side', async () => {
      expect(await followUps('officeS2')).toEqual([
        ['M3', 'UNSCHEDULED', null], ['M3 before', 'OVERDUE', d(-10)], ['M4', 'SCHEDULED', d(30)], ['M5', 'SCHEDULED', d(30)],
      ]);
      expect(await followUps('officeS2', { status: 'OVERDUE' })).toEqual([['M3 before', 'OVERDUE', d(-10)]]);
      expect(await followUps('officeS2', { status: 'SCHEDULED', year: YEAR })).toEqual([['M4', 'SCHEDULED', d(30)], ['M5', 'SCHEDULED', d(30)]]);
      expect(await followUps('officeS2', { unitId: uid(units.M3) })).toEqual([['M3', 'UNSCHEDULED', null], ['M3 before', 'OVERDUE', d(-10)]]);
      expect(await followUps('officeS2', { assessorUnitId: uid(h.fixture.units.D2) })).toEqual([]);
    });

    it('schedules by the assessor\'s OFFICE or SECRETARY only, today or later, and closes a check when recorded', async () => {
      await refused('FORBIDDEN', () => q(SCHEDULE, { id: ids.M3, dueOn: d(20) }, 'officeD1')); // above the assessor, not it
      await refused('FORBIDDEN', () => q(SCHEDULE, { id: ids.M3, dueOn: d(20) }, 'disciplineD1')); // not a keeper
      await refused('NOT_FOUND', () => q(SCHEDULE, { id: ids.M3, dueOn: d(20) }, 'officeS1'));
      await refused('BAD_USER_INPUT', () => q(SCHEDULE, { id: ids.M3, dueOn: d(-1) }, 'officeS2'));
      await refused('BAD_USER_INPUT', () => q(SCHEDULE, { id: ids.M3, dueOn: '2026-02-30' }, 'officeS2'));
      expect((await ok(q(SCHEDULE, { id: ids.M3, dueOn: d(20) }, 'officeS2'))).scheduleAssessmentFollowUp).toEqual({ followUpDueOn: d(20), followUpStatus: 'SCHEDULED' });
      // M5 had no requirements: the check scheduled after the interview may be recorded all the same.
      expect((await ok(q(CHECK, { id: ids.M5, input: { followUpOn: TODAY, followUpResult: '已整改' } }, 'officeS2'))).recordAssessmentFollowUp)
        .toEqual({ followUpOn: TODAY, followUpStatus: 'DONE' });
      await refused('CONFLICT', () => q(SCHEDULE, { id: ids.M5, dueOn: d(40) }, 'officeS2'));
      expect(await followUps('officeS2', { status: 'DONE' })).toEqual([['M5', 'DONE', d(30)]]);
    });

    it.each(EVERYONE)('%s lists exactly the follow-ups of the assessments it reads', async (who) => {
      const expected = ASSESSOR_SIDE.includes(who)
        ? ['M3', 'M3 before', 'M4', 'M5']
        : OWN[who] === 'M3' ? ['M3', 'M3 before'] : OWN[who] === 'M4' ? ['M4'] : OWN[who] === 'M5' ? ['M5'] : [];
      expect((await followUps(who)).map(([key]: string[]) => key)).toEqual(expected);
    });
  });

  describe('statements', () => {
    const measure = (doc: string, vars: Record<string, unknown>, who: Persona) => h.statementsOf(doc, vars, who);
    const bounded = expectBoundedStatements;

    it('reads a page of follow-ups, and interviews with their assessments, in the same statements whatever its size', async () => {
      const list = `query($first: Int) { assessmentFollowUps(first: $first) { totalCount edges { node { followUpStatus unit { name } rank } } } }`;
      const one = await measure(list, { first: 1 }, 'officeS2');
      const four = await measure(list, { first: 4 }, 'officeS2');
      process.stdout.write(`[n+1] assessmentFollowUps: 1 row: ${one} statements; 4 rows: ${four}\n`);
      bounded(one, four, 4, 6);
      const interviews = `query($first: Int) { interviews(first: $first) { totalCount edges { node { participants { name } assessments { unit { name } rank } } } } }`;
      const few = await measure(interviews, { first: 1 }, 'disciplineD1');
      const more = await measure(interviews, { first: 3 }, 'disciplineD1');
      process.stdout.write(`[n+1] interviews with their assessments: 1 row: ${few} statements; 3 rows: ${more}\n`);
      bounded(few, more, 6, 9);
    });
  });
});

describeDb('demo outcomes', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await openTestDatabase();
    await seedDemo(db);
  });
  afterAll(() => closeTestDatabase(db));

  it('links inspectors\' leads to their target, the last-ranked district\'s interview to its assessment, and schedules follow-ups', async () => {
    const leads = await db.getRepository(Lead).find();
    const fromRounds = leads.filter((l) => l.inspectionId !== null);
    expect(fromRounds.length).toBeGreaterThan(0);
    expect(fromRounds.every((l) => l.targetId !== null)).toBe(true);
    expect(leads.filter((l) => l.inspectionId === null).every((l) => l.targetId === null)).toBe(true);
    const called = await db.getRepository(InterviewParticipant).find({ where: { assessmentId: Not(IsNull()) } });
    expect(called.length).toBeGreaterThan(0);
    const due = await db.getRepository(Assessment).find({ where: { followUpDueOn: Not(IsNull()) } });
    expect(due.some((a) => a.followUpDueOn! < TODAY)).toBe(true);
    expect(due.some((a) => a.followUpDueOn! > TODAY)).toBe(true);
  });
});
