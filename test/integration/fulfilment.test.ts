// The fulfilment record (履行主体责任记实, seeds 000 and 001): Official.fulfilment(year) gathers,
// across every post the official held in the year (an ended one too), the tasks led with
// progress, notices received, ratings, letters, reports and hearing parts with their
// questions, interviews, accountability records and the assessments of the units they led.
// Read by the integrity file's readers (a persona matrix with exact sets per section); each
// section shows what its record's own rule lets the viewer read. One statement per selected
// section, whatever the rows. Notices filter by the recipient official.
import { today } from '../../src/clock';
import {
  AccountabilityRecord, Hearing, Report, type Official, type Post, type OrgUnit,
} from '../../src/entities';
import { Failure, HearingStatus, InterviewKind, Light, Measure, NoticeState, PostRole, ReportKind, Visibility } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder, SeedBuilder } from '../../src/seed/builder';
import { AssessmentSeeder } from '../../src/seed/demo-assessments';
import { NoticeSeeder } from '../../src/seed/demo-notices';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, type Persona, type UnitKey } from '../setup/fixture';
import { reads, type Reader } from '../setup/tree';
import { codes, ok, startHarness, type Harness } from '../setup/harness';
import { officialId } from '../setup/ids';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The year of the record: last year (a written report on it exists). */
const Y = Number(today().slice(0, 4)) - 1;

const FULL = `query($id: ID!, $year: Int!) { official(id: $id) { id fulfilment(year: $year) {
  year official { id }
  posts { id role }
  tasksLed { title light progress { percent daysLate } }
  noticesReceived { title state }
  ratings { light comment }
  letters { content signedAt }
  reports { content kind questions { question answer } }
  hearingParts { content evaluation { total } hearing { title } }
  interviews { reason }
  accountabilityRecords { measure decidedOn }
  assessments { total unit { name } }
} } }`;
const TASKS_ONLY = `query($id: ID!, $year: Int!) { official(id: $id) { fulfilment(year: $year) { tasksLed { title } } } }`;
const NOTICES = `query($filter: NoticeFilter) { notices(filter: $filter, first: 100) { totalCount edges { node { title } } } }`;

/**
 * The subject: secretaryS1 (SECRETARY of S1 since 2024), who was also a TEAM_MEMBER of M1
 * from January to June of the year (an ended post). Their records, labelled by the unit
 * whose scope reads them; every "x" row is another year's or another official's.
 */
const TASKS: [title: string, unit: UnitKey][] = [['T S1', 'S1'], ['T M1', 'M1'], ['T S1 public', 'S1']];
const RATINGS: [comment: string, unit: UnitKey][] = [['R S1', 'S1'], ['R M1', 'M1'], ['R S1 public', 'S1']];
const LETTERS: [content: string, unit: UnitKey][] = [['L S1', 'S1'], ['L M1', 'M1']];
const REPORTS: [content: string, unit: UnitKey][] = [['W S1', 'S1'], ['O M1', 'M1']];
const INTERVIEWS: [reason: string, unit: UnitKey][] = [['I S1', 'S1'], ['I M1', 'M1']];

/** Who reads the file: the official; SECRETARY and DISCIPLINE whose scope holds them; readers of one of their records (M1's, by the record at M1). */
const FILE_READERS: Reader[] = ['secretaryS1', 'disciplineD1', 'disciplineC1', 'secretaryM1', 'disciplineM1'];
/** Notices: the recipient (by a current post), the issuing unit's SECRETARY/DISCIPLINE/OFFICE, DISCIPLINE at or above it. */
const NOTICE_READERS: Record<string, Reader[]> = {
  'N D1 to S1': ['secretaryS1', 'disciplineD1', 'disciplineC1'],
  'N S1 to M1 post': ['secretaryS1', 'disciplineD1', 'disciplineC1'],
};

describeDb('fulfilment record (履行主体责任记实)', () => {
  let h: Harness;
  let subject: Official;
  let memberPost: Post;

  const run = (doc: string, variables: J, as: Persona) => h.exec<J>(doc, variables, as);
  const fulfilmentOf = async (as: Persona, year = Y) => (await ok(run(FULL, { id: officialId(subject), year }, as))).official.fulfilment;

  beforeAll(async () => {
    h = await startHarness();
    const { units, officials, posts } = h.fixture;
    subject = officials.secretaryS1;
    await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      memberPost = await b.post(subject, units.M1, PostRole.TEAM_MEMBER, { since: `${Y}-01-01`, until: `${Y}-06-30`, domains: ['HEALTH'] });
      const s1 = posts.secretaryS1;
      const other = posts.teamM2;
      const milestones = [{ dueOn: `${Y}-06-30`, targetPercent: 50 }, { dueOn: `${Y}-12-31`, targetPercent: 100 }];
      const r = new ResponsibilitySeeder(em);
      const task = (unit: OrgUnit, leader: Post, title: string, year = Y, visibility = Visibility.INTERNAL) =>
        r.task(unit, leader, officials.officeS1, { title, year, domain: 'HEALTH', visibility, milestones, progress: [[30, `${title} progress`]] });
      const tS1 = await task(units.S1, s1, 'T S1');
      const tM1 = await task(units.M1, memberPost, 'T M1');
      const tPublic = await task(units.S1, s1, 'T S1 public', Y, Visibility.PUBLIC);
      const xYear = await task(units.S1, s1, 'x T S1 last year', Y - 1);
      const xOther = await task(units.M2, other, 'x T M2 other');
      await r.rating(tS1, officials.disciplineD1, 1, Light.GREEN, 'R S1');
      await r.rating(tM1, officials.disciplineM1, 2, Light.YELLOW, 'R M1');
      await r.rating(tPublic, officials.disciplineD1, 3, Light.RED, 'R S1 public');
      await r.rating(xYear, officials.disciplineD1, 1, Light.GREEN, 'x R last year');
      await r.rating(xOther, officials.disciplineD1, 1, Light.GREEN, 'x R other');
      await r.letter(units.D1, Y, posts.officeD1, { unit: units.S1 }, 'L S1', subject);
      await r.letter(units.M1, Y, posts.secretaryM1, { post: memberPost }, 'L M1', subject);
      await r.letter(units.D1, Y - 1, posts.officeD1, { unit: units.S1 }, 'x L last year', subject);
      await r.letter(units.S1, Y, s1, { post: other }, 'x L other');

      const n = new NoticeSeeder(em);
      const notice = (unit: OrgUnit, title: string, recipient: Post, state: NoticeState, drafter: Official, issuedOn?: string) =>
        n.notice(unit, { title, category: 'PUBLIC_COMPLAINTS', domain: 'HEALTH', recipient, state, drafter, issuedOn, report: 'Rectified' });
      await notice(units.D1, 'N D1 to S1', s1, NoticeState.ISSUED, officials.disciplineD1, `${Y}-03-01`);
      await notice(units.S1, 'N S1 to M1 post', memberPost, NoticeState.REPORTED, officials.officeS1, `${Y}-05-01`);
      await notice(units.D1, 'x N draft', s1, NoticeState.DRAFT, officials.disciplineD1);
      await notice(units.D1, 'x N last year', s1, NoticeState.ISSUED, officials.disciplineD1, `${Y - 1}-03-01`);
      await notice(units.S1, 'x N other', other, NoticeState.ISSUED, officials.officeS1, `${Y}-03-01`);

      const a = new AssessmentSeeder(em);
      const written = await a.written(units.S1, s1, Y, 'W S1', new Date(`${Y + 1}-01-20T02:00:00Z`));
      await a.question(written, officials.disciplineD1, 'On W S1?', 'Yes.');
      const oral = await a.oral(units.M1, memberPost, Y, `${Y}-04-01`, 'O M1');
      await a.question(oral, officials.disciplineD1, 'On O M1?');
      await a.written(units.S1, s1, Y - 1, 'x W last year', new Date(`${Y}-01-20T02:00:00Z`));
      await a.written(units.M2, other, Y, 'x W other', null);
      // A hearing at D1 on the year, held, with the subject's part evaluated.
      const { identifiers } = await em.insert(Hearing, {
        cityId: units.D1.cityId, unitId: units.D1.id, year: Y, heldOn: `${Y + 1}-01-10`, title: 'H D1', status: HearingStatus.HELD,
        createdByOfficialId: officials.officeD1.id, createdAt: new Date(), heldAt: new Date(), closedAt: null,
      });
      await em.insert(Report, {
        cityId: units.S1.cityId, unitId: units.S1.id, year: Y, kind: ReportKind.ORAL, reporterPostId: s1.id, content: 'P S1', dueOn: null,
        submittedAt: null, heldOn: `${Y + 1}-01-10`, createdAt: new Date(), hearingId: Number(identifiers[0].id),
        satisfiedVotes: 20, basicallySatisfiedVotes: 4, unsatisfiedVotes: 1, evaluatedAt: new Date(), evaluatedByOfficialId: officials.disciplineD1.id,
      });
      const interview = (unit: OrgUnit, by: Post, who: Official[], reason: string, heldOn: string) =>
        a.interview(unit, by, who, { kind: who.length > 1 ? InterviewKind.COLLECTIVE : InterviewKind.INDIVIDUAL, heldOn, reason, record: `Record ${reason}` });
      await interview(units.S1, posts.disciplineD1, [subject], 'I S1', `${Y}-06-01`);
      await interview(units.M1, posts.disciplineM1, [subject, officials.teamM1], 'I M1', `${Y}-02-01`);
      await interview(units.S1, posts.disciplineD1, [subject], 'x I last year', `${Y - 1}-06-01`);
      await interview(units.M2, posts.disciplineD1, [officials.teamM2], 'x I other', `${Y}-06-01`);

      const record = (official: Official, post: Post, unit: OrgUnit, decidedOn: string, measure: Measure) => em.insert(AccountabilityRecord, {
        cityId: unit.cityId, officialId: official.id, postId: post.id, unitId: unit.id, issuerUnitId: units.D1.id, caseId: null,
        failure: Failure.MAIN_RESPONSIBILITY, measure, decidedOn, reason: 'Reason', revisionOf: null,
        createdByOfficialId: officials.disciplineD1.id, createdAt: new Date(),
      });
      await record(subject, memberPost, units.M1, `${Y}-07-01`, Measure.CRITICISM_NOTICE);
      await record(subject, s1, units.S1, `${Y - 1}-07-01`, Measure.WARNING);
      await record(officials.teamM2, other, units.M2, `${Y}-07-01`, Measure.WARNING);

      await a.assessment(units.S1, officials.officeD1, { year: Y, scores: [90, 80, 70] });
      await a.assessment(units.M1, officials.secretaryS1, { year: Y, scores: [60, 60, 60] });
      await a.assessment(units.S1, officials.officeD1, { year: Y - 1, scores: [50, 50, 50] });
    });
  });
  afterAll(() => h.close());

  it('is read by the integrity file\'s readers only (null for everyone else)', async () => {
    const readers = [];
    for (const p of ALL_PERSONAS.filter((x) => x !== 'inactive')) {
      const res = await run(FULL, { id: officialId(subject), year: Y }, p);
      expect([p, res.errors]).toEqual([p, undefined]);
      if (res.data!.official.fulfilment) readers.push(p);
    }
    expect(readers.sort()).toEqual([...FILE_READERS].sort());
    // The same readers as the integrity file itself.
    for (const p of ALL_PERSONAS.filter((x) => x !== 'inactive')) {
      const file = (await ok(run(`query($id: ID!) { integrityFile(officialId: $id) { official { id } } }`, { id: officialId(subject) }, p))).integrityFile;
      expect([p, file !== null]).toEqual([p, FILE_READERS.includes(p as Reader)]);
    }
  });

  it('gathers each section across the year\'s posts, as each record\'s own rule lets the reader see it', async () => {
    const at = (p: Reader, rows: [string, UnitKey][]) => rows.filter(([, unit]) => reads(p, unit)).map(([l]) => l).sort();
    for (const p of FILE_READERS) {
      const f = await fulfilmentOf(p);
      expect(f.year).toBe(Y);
      expect(f.official.id).toBe(officialId(subject));
      expect(f.posts.map((x: J) => x.role)).toEqual([PostRole.SECRETARY, PostRole.TEAM_MEMBER]);
      const sorted = (rows: J[], key: string) => rows.map((x) => x[key]).sort();
      // A PUBLIC task is everyone's; its rating is read in scope only.
      expect([p, sorted(f.tasksLed, 'title')]).toEqual([p, [...new Set([...at(p, TASKS), 'T S1 public'])].sort()]);
      expect([p, sorted(f.ratings, 'comment')]).toEqual([p, at(p, RATINGS)]);
      expect([p, sorted(f.letters, 'content')]).toEqual([p, at(p, LETTERS)]);
      expect([p, sorted(f.reports, 'content')]).toEqual([p, at(p, REPORTS)]);
      expect([p, sorted(f.hearingParts, 'content')]).toEqual([p, reads(p, 'S1') ? ['P S1'] : []]);
      // The official is among the interviewees of both: the official reads them; others by scope.
      expect([p, sorted(f.interviews, 'reason')]).toEqual([p, p === 'secretaryS1' ? ['I M1', 'I S1'] : at(p, INTERVIEWS)]);
      expect([p, sorted(f.noticesReceived, 'title')]).toEqual([p, Object.keys(NOTICE_READERS).filter((t) => NOTICE_READERS[t].includes(p)).sort()]);
      // The record at M1 (decided by D1): the official, SECRETARY and DISCIPLINE in scope of M1, DISCIPLINE of D1: all five.
      expect([p, f.accountabilityRecords]).toEqual([p, [{ measure: Measure.CRITICISM_NOTICE, decidedOn: `${Y}-07-01` }]]);
      // S1's assessment (the subject its principal), read in scope of S1 or of its assessor D1; M1's is not theirs.
      expect([p, sorted(f.assessments, 'total')]).toEqual([p, reads(p, 'S1') ? [84] : []]);
    }
    const own = await fulfilmentOf('secretaryS1');
    expect(own.tasksLed.find((t: J) => t.title === 'T M1').progress).toEqual([{ percent: 30, daysLate: 0 }]);
    expect(own.noticesReceived.map((x: J) => [x.title, x.state]).sort()).toEqual([['N D1 to S1', 'ISSUED'], ['N S1 to M1 post', 'REPORTED']]);
    expect(own.reports.find((r: J) => r.content === 'W S1').questions).toEqual([{ question: 'On W S1?', answer: 'Yes.' }]);
    // The hearing is at D1, above the subject's S1: their part, not the hearing.
    expect(own.hearingParts).toEqual([{ content: 'P S1', evaluation: { total: 25 }, hearing: null }]);
    expect((await fulfilmentOf('disciplineD1')).hearingParts[0].hearing).toEqual({ title: 'H D1' });
    // Another year gathers that year's rows.
    expect((await fulfilmentOf('secretaryS1', Y - 1)).tasksLed.map((t: J) => t.title)).toEqual(['x T S1 last year']);
    expect(codes(await run(FULL, { id: officialId(subject), year: 1999 }, 'secretaryS1'))).toEqual(['BAD_USER_INPUT']);
  });

  it('costs one statement per selected section, whatever the rows', async () => {
    const count = async (doc: string) => {
      h.counter.reset();
      await ok(run(doc, { id: officialId(subject), year: Y }, 'disciplineD1'));
      return h.counter.count;
    };
    await count(FULL); // warms what the process caches once (not per request)
    const full = await count(FULL);
    const tasksOnly = await count(TASKS_ONLY);
    // More rows of every kind in the year: the same statements.
    await h.db.transaction(async (em) => {
      const { units, officials, posts } = h.fixture;
      const r = new ResponsibilitySeeder(em);
      for (const title of ['T S1 more', 'T S1 more 2']) {
        const t = await r.task(units.S1, posts.secretaryS1, officials.officeS1, {
          title, year: Y, domain: 'HEALTH', milestones: [{ dueOn: `${Y}-12-31`, targetPercent: 100 }], progress: [[10, 'a'], [20, 'b']],
        });
        await r.rating(t, officials.disciplineD1, 4, Light.GREEN, `${title} rating`);
      }
      const a = new AssessmentSeeder(em);
      await a.interview(units.S2, posts.disciplineD1, [subject], { kind: InterviewKind.INDIVIDUAL, heldOn: `${Y}-09-01`, reason: 'I S2', record: 'r' });
      const w = await a.oral(units.S1, posts.secretaryS1, Y, `${Y}-10-01`, 'O S1 more');
      await a.question(w, officials.disciplineD1, 'More?');
    });
    expect(await count(TASKS_ONLY)).toBe(tasksOnly);
    expect(await count(FULL)).toBe(full);
    if (process.env.SHOW_SQL) process.stdout.write(h.counter.statements.map((q) => q.slice(0, 140)).join('\n') + '\n');
    // The official and the gate (the viewer's scope over the official's posts and units), then the section.
    expect(tasksOnly).toBe(4);
    // Nine more sections, and one batch per nested loader and depth (progress, the rating rule's
    // task and leader post, questions, hearings, and units at up to two depths).
    expect(full - tasksOnly).toBeLessThanOrEqual(9 + 7);
  });

  it('filters notices by the recipient official, across their posts (an ended one too)', async () => {
    const titles = async (as: Persona, filter: J) => (await ok(run(NOTICES, { filter }, as))).notices.edges.map((e: J) => e.node.title).sort();
    expect(await titles('disciplineC1', { recipientOfficialId: officialId(subject) }))
      .toEqual(['N D1 to S1', 'N S1 to M1 post', 'x N draft', 'x N last year'].filter((t) => t !== 'x N draft').sort());
    expect(await titles('disciplineC1', { recipientOfficialId: officialId(subject), year: Y })).toEqual(['N D1 to S1', 'N S1 to M1 post']);
    expect(await titles('disciplineC1', { recipientOfficialId: officialId(subject), recipientPostId: encodeId('Post', memberPost.id) })).toEqual(['N S1 to M1 post']);
    // The viewer's own scope still applies: the draft only for the issuing unit's handlers.
    expect(await titles('disciplineD1', { recipientOfficialId: officialId(subject) })).toEqual(['N D1 to S1', 'N S1 to M1 post', 'x N draft', 'x N last year']);
    expect(await titles('secretaryM1', { recipientOfficialId: officialId(subject) })).toEqual([]);
    expect(await titles('disciplineC1', { recipientOfficialId: officialId(h.fixture.officials.teamM2) })).toEqual(['x N other']);
    expect(await titles('disciplineC1', { recipientOfficialId: encodeId('Post', memberPost.id) })).toEqual([]);
  });
});
