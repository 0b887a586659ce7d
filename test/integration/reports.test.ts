// Reports (述责述廉), interviews (约谈) and risk points (廉政风险点): who reads which (a
// persona matrix against the fixture tree; interviewees also read their interviews),
// written reports drafted, submitted once and flagged overdue or late, oral hearings
// scheduled by the parent's OFFICE with questions from the parent's DISCIPLINE answered
// by the reporter, the subordinates with no written report, interviews with their
// interviewees, risk points with control measures. Refused writes change nothing.
import { signToken } from '../../src/auth/token';
import { addDays, today } from '../../src/clock';
import {
  AuditEntry, ControlMeasure, Domain, Interview, InterviewParticipant, Report, ReportQuestion, RiskPoint, type Official, type Post,
} from '../../src/entities';
import { InterviewKind, PostRole, RiskLevel } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { SeedBuilder } from '../../src/seed/builder';
import { AssessmentSeeder } from '../../src/seed/demo-assessments';
import {
  AddControlMeasureDocument, AnswerReportQuestionDocument, AskReportQuestionDocument, CreateRiskPointDocument,
  DraftWrittenReportDocument, InterviewsDocument, RecordInterviewDocument, ReportGapsDocument, ReportsDocument,
  RiskPointsDocument, ScheduleOralReportDocument, SubmitWrittenReportDocument, SupervisionNodeDocument,
  UpdateReportContentDocument, UpdateRiskPointDocument, type CreateRiskPointInput, type RecordInterviewInput,
  type RepFieldsFragment, type ScheduleOralReportInput,
} from '../generated/graphql';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, PASSWORD, type Persona, type UnitKey } from '../setup/fixture';
import { reads, type Reader } from '../setup/tree';
import { codes, ok, refusedWithout, startHarness, type Harness } from '../setup/harness';
import { officialId, unitId } from '../setup/ids';

type As = Persona | { token: string } | null;

const TODAY = today();
const THIS_YEAR = Number(TODAY.slice(0, 4));
/** The year a written report may be written on now. */
const LAST = THIS_YEAR - 1;

// ---- The expected scope, from the fixture tree ----

const READERS = ALL_PERSONAS.filter((p): p is Reader => p !== 'inactive');

// ---- The matrix records (year 2024, due 2025-01-31) ----

const MATRIX_YEAR = 2024;
type ReportState = 'on time' | 'late' | 'draft' | 'oral';
const REPORTS: [label: string, unit: UnitKey, state: ReportState][] = [
  ['W M1', 'M1', 'on time'], ['W M2', 'M2', 'late'], ['W G1', 'G1', 'draft'], ['W S1', 'S1', 'on time'],
  ['W S3', 'S3', 'on time'], ['W D3', 'D3', 'draft'], ['O M1', 'M1', 'oral'],
];
/** Interviews by reason: [unit, kind, interviewer persona, interviewee personas]. */
const INTERVIEWS: [label: string, unit: UnitKey, kind: InterviewKind, interviewer: Persona, participants: (Persona | 'officialD3')[]][] = [
  ['I1', 'M1', InterviewKind.INDIVIDUAL, 'disciplineM1', ['teamM1']],
  ['I2', 'S1', InterviewKind.COLLECTIVE, 'secretaryS1', ['secretaryM1', 'teamM2']],
  ['I3', 'D2', InterviewKind.INDIVIDUAL, 'disciplineC1', ['officeD2']],
  ['I4', 'D3', InterviewKind.INDIVIDUAL, 'disciplineC2', ['officialD3']],
  ['I5', 'D1', InterviewKind.COLLECTIVE, 'disciplineD1', ['officeS2', 'retired']],
];
const RISKS: [area: string, unit: UnitKey][] = [['RP M1', 'M1'], ['RP S1', 'S1'], ['RP D2', 'D2'], ['RP C2', 'C2']];

describeDb('reports, interviews and risk points', () => {
  let h: Harness;
  const reportIds: Record<string, string> = {};
  const interviewIds: Record<string, string> = {};
  const riskIds: Record<string, string> = {};
  let questionId = '';
  let measureId = '';
  const extra = {} as {
    /** SECRETARY at D1 and DISCIPLINE at S1: two posts that may interview at M1. */
    twoHats: { token: string }; twoHatsSecretaryD1: Post; twoHatsDisciplineS1: Post; twoHatsOfficial: Official;
    officialD3: Official; teamS3: Post;
  };

  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    const account = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      extra.twoHatsOfficial = await b.official(units.D1, 'Official twoHats', 'twoHats');
      extra.twoHatsSecretaryD1 = await b.post(extra.twoHatsOfficial, units.D1, PostRole.SECRETARY, { since: '2024-01-01' });
      extra.twoHatsDisciplineS1 = await b.post(extra.twoHatsOfficial, units.S1, PostRole.DISCIPLINE, { since: '2024-01-01' });
      extra.officialD3 = await b.official(units.D3, 'Official officialD3', 'officialD3');
      extra.teamS3 = await b.post(await b.official(units.S3, 'Official teamS3', 'teamS3'), units.S3, PostRole.TEAM_MEMBER, { since: '2024-01-01' });
      const d3Post = await b.post(extra.officialD3, units.D3, PostRole.TEAM_MEMBER, { since: '2024-01-01' });

      const s = new AssessmentSeeder(em);
      const reporterOf: Partial<Record<UnitKey, Post>> = {
        M1: posts.secretaryM1, M2: posts.teamM2, G1: posts.secretaryG1, S1: posts.secretaryS1, S3: extra.teamS3, D3: d3Post,
      };
      for (const [label, unit, state] of REPORTS) {
        const reporter = reporterOf[unit]!;
        const report = state === 'oral'
          ? await s.oral(units[unit], reporter, MATRIX_YEAR, '2025-03-01', label)
          : await s.written(units[unit], reporter, MATRIX_YEAR, label,
            state === 'draft' ? null : new Date(state === 'late' ? '2025-02-10T02:00:00Z' : '2025-01-20T02:00:00Z'));
        reportIds[label] = encodeId('Report', report.id);
        if (state === 'oral') {
          const q = await s.question(report, officials.disciplineD1, 'Why?', 'Because.');
          questionId = encodeId('ReportQuestion', q.id);
        }
      }
      const officialOf = (p: Persona | 'officialD3'): Official => (p === 'officialD3' ? extra.officialD3 : officials[p]);
      for (const [label, unit, kind, interviewer, participants] of INTERVIEWS) {
        const i = await s.interview(units[unit], posts[interviewer], participants.map(officialOf), { kind, heldOn: '2025-06-01', reason: label, record: `Record ${label}` });
        interviewIds[label] = encodeId('Interview', i.id);
      }
      for (const [area, unit] of RISKS) {
        const rp = await s.riskPoint(units[unit], { area, level: RiskLevel.MEDIUM, description: `${area} risk`, domain: 'FINANCE' }, [
          { description: `${area} measure 1`, owner: unit === 'M1' ? posts.teamM1 : undefined }, { description: `${area} measure 2` },
        ]);
        riskIds[area] = encodeId('RiskPoint', rp.id);
        if (unit === 'M1') measureId = encodeId('ControlMeasure', (await em.findOneByOrFail(ControlMeasure, { riskPointId: rp.id, description: 'RP M1 measure 1' })).id);
      }
      return b.account(extra.twoHatsOfficial, 'twohats', PASSWORD);
    });
    extra.twoHats = { token: (await signToken(account.id)).token };
  });
  afterAll(() => h.close());


  const snapshot = async () => ({
    reports: await h.db.getRepository(Report).find({ order: { id: 'ASC' } }),
    questions: await h.db.getRepository(ReportQuestion).find({ order: { id: 'ASC' } }),
    interviews: await h.db.getRepository(Interview).count(),
    participants: await h.db.getRepository(InterviewParticipant).count(),
    riskPoints: await h.db.getRepository(RiskPoint).find({ order: { id: 'ASC' } }),
    measures: await h.db.getRepository(ControlMeasure).count(),
    audit: await h.db.getRepository(AuditEntry).count(),
  });

  /** The operation fails with exactly this code and writes nothing. */
  const refused = refusedWithout(snapshot);

  const unit = (key: UnitKey): string => unitId(h.fixture.units[key]);
  const postId = (p: Post): string => encodeId('Post', p.id);
  const personOf = (p: Persona): string => officialId(h.fixture.officials[p]);
  const reportsOf = async (as: As, filter: object = { year: MATRIX_YEAR }): Promise<RepFieldsFragment[]> => {
    const data = await ok(h.exec(ReportsDocument, { filter, first: 100 }, as));
    expect(data.reports.totalCount).toBe(data.reports.edges.length);
    return data.reports.edges.map((e) => e.node);
  };
  const labels = async (as: As, filter?: object): Promise<string[]> => (await reportsOf(as, filter)).map((r) => r.content).sort();
  const interviewsOf = async (as: As, filter: object = {}): Promise<string[]> => {
    const data = await ok(h.exec(InterviewsDocument, { filter, first: 100 }, as));
    expect(data.interviews.totalCount).toBe(data.interviews.edges.length);
    return data.interviews.edges.map((e) => e.node.reason).sort();
  };
  const risksOf = async (as: As, filter: object = {}): Promise<string[]> => {
    const data = await ok(h.exec(RiskPointsDocument, { filter, first: 100 }, as));
    expect(data.riskPoints.totalCount).toBe(data.riskPoints.edges.length);
    return data.riskPoints.edges.map((e) => e.node.area).sort();
  };

  // ---------------------------------------------------------------- reads

  describe('read scope', () => {
    it.each(READERS)('%s reads exactly the reports, interviews and risk points at or below their posts (and interviews they sat in)', async (persona) => {
      const reports = REPORTS.filter(([, u]) => reads(persona, u)).map(([l]) => l);
      const interviews = INTERVIEWS.filter(([, u, , , who]) => reads(persona, u) || (who as string[]).includes(persona)).map(([l]) => l);
      const risks = RISKS.filter(([, u]) => reads(persona, u)).map(([a]) => a);
      expect(await labels(persona)).toEqual([...reports].sort());
      expect(await interviewsOf(persona)).toEqual([...interviews].sort());
      expect(await risksOf(persona)).toEqual([...risks].sort());
      const node = async (id: string) => (await ok(h.exec(SupervisionNodeDocument, { id }, persona))).node;
      for (const [label] of REPORTS) expect((await node(reportIds[label]))?.id ?? null).toBe(reports.includes(label) ? reportIds[label] : null);
      expect(await node(questionId)).toEqual(reports.includes('O M1') ? { __typename: 'ReportQuestion', id: questionId, question: 'Why?' } : null);
      for (const [label] of INTERVIEWS) expect((await node(interviewIds[label]))?.id ?? null).toBe(interviews.includes(label) ? interviewIds[label] : null);
      for (const [area] of RISKS) expect((await node(riskIds[area]))?.id ?? null).toBe(risks.includes(area) ? riskIds[area] : null);
      expect(await node(measureId)).toEqual(risks.includes('RP M1') ? { __typename: 'ControlMeasure', id: measureId, description: 'RP M1 measure 1' } : null);
    });

    it('spells out a few rows: siblings never, interviewees always', async () => {
      expect(await labels('teamM2')).toEqual(['W M2']);
      expect(await labels('secretaryM1')).toEqual(['O M1', 'W G1', 'W M1']);
      expect(await labels('analystC1')).toEqual([]);
      expect(await interviewsOf('teamM2')).toEqual(['I2']); // S1's interview, as an interviewee
      expect(await interviewsOf('retired')).toEqual(['I5']); // no current post, still an interviewee
      expect(await interviewsOf('secretaryG1')).toEqual([]);
      expect(await risksOf('officeS1')).toEqual(['RP M1', 'RP S1']);
    });

    it('flags overdue drafts and late submissions, and filters by them', async () => {
      const all = await reportsOf('disciplineC1');
      const flags = Object.fromEntries(all.map((r) => [r.content, [r.kind, r.dueOn, r.overdue, r.late]]));
      expect(flags).toEqual({
        'W M1': ['WRITTEN', '2025-01-31', false, false], 'W M2': ['WRITTEN', '2025-01-31', false, true],
        'W G1': ['WRITTEN', '2025-01-31', true, false], 'W S1': ['WRITTEN', '2025-01-31', false, false],
        'W S3': ['WRITTEN', '2025-01-31', false, false], 'O M1': ['ORAL', null, false, false],
      });
      expect(await labels('disciplineC1', { year: MATRIX_YEAR, overdue: true })).toEqual(['W G1']);
      expect(await labels('disciplineC1', { year: MATRIX_YEAR, overdue: false })).toEqual(['O M1', 'W M1', 'W M2', 'W S1', 'W S3']);
      expect(await labels('disciplineC2', { overdue: true })).toEqual(['W D3']);
      expect(await labels('disciplineC1', { year: MATRIX_YEAR, kind: 'ORAL' })).toEqual(['O M1']);
      expect(await labels('disciplineC1', { year: MATRIX_YEAR, unitId: unit('M1') })).toEqual(['O M1', 'W G1', 'W M1']);
      expect(await labels('disciplineC1', { year: MATRIX_YEAR, unitId: unit('M1'), subtree: false })).toEqual(['O M1', 'W M1']);
      expect(await labels('disciplineC1', { year: 2023 })).toEqual([]);
      const oral = all.find((r) => r.content === 'O M1')!;
      expect(oral).toMatchObject({
        heldOn: '2025-03-01', reporter: { role: 'SECRETARY', official: { name: 'Official secretaryM1' } },
        questions: [{ question: 'Why?', answer: 'Because.', askedBy: { name: 'Official disciplineD1' } }],
      });
    });

    it('filters interviews and risk points', async () => {
      expect(await interviewsOf('disciplineC1', { kind: 'COLLECTIVE' })).toEqual(['I2', 'I5']);
      expect(await interviewsOf('disciplineC1', { officialId: personOf('secretaryM1') })).toEqual(['I2']);
      expect(await interviewsOf('disciplineC1', { unitId: unit('D1'), subtree: false })).toEqual(['I5']);
      expect(await interviewsOf('disciplineC1', { unitId: unit('D1') })).toEqual(['I1', 'I2', 'I5']);
      expect(await interviewsOf('disciplineC1', { year: 2025 })).toEqual(['I1', 'I2', 'I3', 'I5']);
      expect(await interviewsOf('disciplineC1', { year: 2024 })).toEqual([]);
      const i2 = (await ok(h.exec(InterviewsDocument, { filter: { officialId: personOf('teamM2') }, first: 5 }, 'secretaryS1'))).interviews.edges[0].node;
      expect(i2).toMatchObject({
        kind: 'COLLECTIVE', heldOn: '2025-06-01', record: 'Record I2', unit: { name: 'Unit S1' },
        interviewer: { role: 'SECRETARY', official: { name: 'Official secretaryS1' } },
        participants: [{ name: 'Official secretaryM1' }, { name: 'Official teamM2' }],
      });
      const finance = encodeId('Domain', (await h.db.getRepository(Domain).findOneByOrFail({ code: 'FINANCE' })).id);
      expect(await risksOf('disciplineC1', { domainId: finance, level: 'MEDIUM' })).toEqual(['RP D2', 'RP M1', 'RP S1']);
      expect(await risksOf('disciplineC1', { level: 'HIGH' })).toEqual([]);
      expect(await risksOf('disciplineC1', { unitId: unit('S1'), subtree: false })).toEqual(['RP S1']);
      const rp = (await ok(h.exec(RiskPointsDocument, { filter: { unitId: unit('M1') }, first: 5 }, 'teamM1'))).riskPoints.edges[0].node;
      expect(rp).toMatchObject({
        unit: { name: 'Unit M1' }, domain: { code: 'FINANCE' },
        measures: [{ description: 'RP M1 measure 1', owner: { id: postId(h.fixture.posts.teamM1), role: 'TEAM_MEMBER' } }, { description: 'RP M1 measure 2', owner: null }],
      });
    });

    // [persona, unit, the gaps as "<unit> <draft?>", or the refusal]
    it.each([
      ['disciplineC1', 'M1', ['Unit G1 draft', 'Unit G2 -']],
      ['secretaryM1', 'M1', ['Unit G1 draft', 'Unit G2 -']],
      ['secretaryS1', 'S1', []],
      ['officeD1', 'D1', ['Unit S2 -']],
      ['disciplineC1', 'C1', ['Unit D1 -', 'Unit D2 -']],
      ['informantG2', 'G2', []],
      ['teamM2', 'M1', 'FORBIDDEN'],
      ['secretaryG1', 'M1', 'FORBIDDEN'],
      ['disciplineC2', 'S1', 'FORBIDDEN'],
      ['adminC1', 'S1', 'FORBIDDEN'],
      ['analystC1', 'S1', 'FORBIDDEN'],
      ['inactive', 'S1', 'UNAUTHENTICATED'],
      [null, 'S1', 'UNAUTHENTICATED'],
    ] as [As, UnitKey, string[] | string][])('reportGaps as %s of %s -> %j', async (as, unitKey, expected) => {
      const res = await h.exec(ReportGapsDocument, { unitId: unit(unitKey), year: MATRIX_YEAR }, as);
      if (typeof expected === 'string') {
        expect(codes(res)).toEqual([expected]);
        return;
      }
      expect(res.errors).toBeUndefined();
      expect(res.data!.reportGaps.map((g) => `${g.unit.name} ${g.report ? 'draft' : '-'}`)).toEqual(expected);
      expect(res.data!.reportGaps.every((g) => g.overdue)).toBe(true);
    });

    it('refuses anonymous readers', async () => {
      for (const as of [null, 'inactive'] as As[]) {
        expect(codes(await h.exec(ReportsDocument, { first: 5 }, as))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await h.exec(InterviewsDocument, { first: 5 }, as))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await h.exec(RiskPointsDocument, { first: 5 }, as))).toEqual(['UNAUTHENTICATED']);
      }
    });
  });

  // ---------------------------------------------------------------- written reports

  describe('written reports', () => {
    const draft = (as: As, input: { unitId?: string; year?: number; content?: string } = {}) =>
      h.exec(DraftWrittenReportDocument, { input: { unitId: unit('M1'), year: LAST, content: '年度报告', ...input } }, as);
    const dueOn = `${THIS_YEAR}-01-31`;

    it('drafts, rewrites and submits once; the gap closes', async () => {
      const gaps = async () => (await ok(h.exec(ReportGapsDocument, { unitId: unit('S1'), year: LAST }, 'secretaryS1'))).reportGaps
        .map((g) => `${g.unit.name} ${g.report ? 'draft' : '-'} ${g.overdue}`);
      expect(await gaps()).toEqual([`Unit M1 - ${TODAY > dueOn}`, `Unit M2 - ${TODAY > dueOn}`]);
      const drafted = (await ok(draft('secretaryM1', { content: ' 初稿 ' }))).draftWrittenReport;
      expect(drafted).toMatchObject({
        year: LAST, kind: 'WRITTEN', content: '初稿', dueOn, submittedAt: null, heldOn: null, overdue: TODAY > dueOn, late: false,
        unit: { name: 'Unit M1' }, reporter: { id: postId(h.fixture.posts.secretaryM1) }, questions: [],
      });
      expect(await gaps()).toEqual([`Unit M1 draft ${TODAY > dueOn}`, `Unit M2 - ${TODAY > dueOn}`]);
      // The parent reads the draft and its state; a sibling does not see it.
      expect((await labels('officeS1', { year: LAST })).length).toBe(1);
      expect(await labels('teamM2', { year: LAST })).toEqual([]);

      const update = (as: As, content = '定稿') => h.exec(UpdateReportContentDocument, { id: drafted.id, content }, as);
      const submit = (as: As) => h.exec(SubmitWrittenReportDocument, { id: drafted.id }, as);
      expect((await ok(update('secretaryM1'))).updateReportContent.content).toBe('定稿');
      await refused('BAD_USER_INPUT', () => update('secretaryM1', ' '));
      await refused('FORBIDDEN', () => update('teamM1')); // the shield: not a SECRETARY
      await refused('FORBIDDEN', () => update('secretaryS1')); // reads it, but not M1's SECRETARY
      await refused('FORBIDDEN', () => update(extra.twoHats));
      await refused('NOT_FOUND', () => update('secretaryG1')); // below M1: does not see it
      await refused('FORBIDDEN', () => submit('secretaryS1'));
      await refused('FORBIDDEN', () => submit('officeS1'));
      await refused('NOT_FOUND', () => submit('secretaryG1'));
      await refused('UNAUTHENTICATED', () => submit(null));

      const before = Date.now();
      const submitted = (await ok(submit('secretaryM1'))).submitWrittenReport;
      const at = new Date(submitted.submittedAt!).getTime();
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(Date.now() + 1000);
      expect(submitted).toMatchObject({ content: '定稿', overdue: false, late: TODAY > dueOn });
      await refused('CONFLICT', () => submit('secretaryM1'));
      await refused('CONFLICT', () => update('secretaryM1'));
      expect(await gaps()).toEqual([`Unit M2 - ${TODAY > dueOn}`]);
      const audit = await h.db.getRepository(AuditEntry).find({ where: { recordType: 'Report' }, order: { id: 'ASC' } });
      expect(audit.map((a) => a.operation)).toEqual(['draftWrittenReport', 'updateReportContent', 'submitWrittenReport']);
      expect(JSON.parse(audit[2].before!)).toMatchObject({ submitted: false });
      expect(JSON.parse(audit[2].after!)).toMatchObject({ submitted: true });
    });

    it.each([
      ['a second report on the year', 'secretaryM1', 'CONFLICT', {}],
      ['the year not yet ended', 'secretaryM1', 'BAD_USER_INPUT', { year: THIS_YEAR }],
      ['a year out of range', 'secretaryM1', 'BAD_USER_INPUT', { year: 1999 }],
      ['blank content', 'secretaryM1', 'BAD_USER_INPUT', { year: 2023, content: ' ' }],
      ['an unknown unit', 'secretaryM1', 'NOT_FOUND', { unitId: encodeId('OrgUnit', 999999) }],
      ['the SECRETARY of the tier above', 'secretaryS1', 'FORBIDDEN', { year: 2023 }],
      ['the SECRETARY of the tier below', 'secretaryG1', 'FORBIDDEN', { year: 2023 }],
      ['OFFICE of the unit above', 'officeS1', 'FORBIDDEN', { year: 2023 }],
      ['a team member', 'teamM1', 'FORBIDDEN', { year: 2023 }],
      ['DISCIPLINE', 'disciplineM1', 'FORBIDDEN', { year: 2023 }],
      ['ADMIN', 'adminC1', 'FORBIDDEN', { year: 2023 }],
      ['an inactive account', 'inactive', 'UNAUTHENTICATED', { year: 2023 }],
      ['nobody', null, 'UNAUTHENTICATED', { year: 2023 }],
    ] as [string, As, string, object][])('refuses a draft: %s, as %s -> %s, nothing written', async (_, as, code, input) => {
      await refused(code, () => draft(as, input));
    });
  });

  // ---------------------------------------------------------------- oral reports

  describe('oral reports (述责述廉)', () => {
    const schedule = (as: As, input: Partial<ScheduleOralReportInput>) =>
      h.exec(ScheduleOralReportDocument, { input: { unitId: unit('S1'), year: LAST, heldOn: TODAY, content: '述责述廉', ...input } }, as);
    const ask = (as: As, reportId: string, question = '问题') => h.exec(AskReportQuestionDocument, { input: { reportId, question } }, as);
    const answer = (as: As, id: string, text = '回答') => h.exec(AnswerReportQuestionDocument, { input: { questionId: id, answer: text } }, as);

    it('is scheduled by the parent\'s OFFICE, questioned by the parent\'s DISCIPLINE, answered by the reporter', async () => {
      const report = (await ok(schedule('officeD1', {}))).scheduleOralReport;
      expect(report).toMatchObject({
        kind: 'ORAL', year: LAST, heldOn: TODAY, dueOn: null, submittedAt: null, overdue: false, late: false, content: '述责述廉',
        unit: { name: 'Unit S1' }, reporter: { id: postId(h.fixture.posts.secretaryS1), role: 'SECRETARY' }, questions: [],
      });
      await refused('CONFLICT', () => schedule('officeD1', {}));
      // The reporter may still write the report on the day.
      expect((await ok(h.exec(UpdateReportContentDocument, { id: report.id, content: '述职报告全文' }, 'secretaryS1'))).updateReportContent.content).toBe('述职报告全文');
      await refused('FORBIDDEN', () => h.exec(UpdateReportContentDocument, { id: report.id, content: 'x' }, extra.twoHats)); // a SECRETARY above, not the reporter

      const q = (await ok(ask('disciplineD1', report.id, ' 整改进展? '))).askReportQuestion;
      expect(q).toMatchObject({ question: '整改进展?', answer: null, askedBy: { name: 'Official disciplineD1' } });
      await refused('FORBIDDEN', () => ask('disciplineC1', report.id)); // DISCIPLINE above the parent
      await refused('FORBIDDEN', () => ask(extra.twoHats, report.id)); // DISCIPLINE of the unit itself
      await refused('FORBIDDEN', () => ask('secretaryS1', report.id)); // the shield
      await refused('NOT_FOUND', () => ask('disciplineM1', report.id));
      await refused('NOT_FOUND', () => ask('disciplineC2', report.id));
      await refused('BAD_USER_INPUT', () => ask('disciplineD1', reportIds['W S1'])); // a written report
      await refused('BAD_USER_INPUT', () => ask('disciplineD1', report.id, ' '));

      await refused('FORBIDDEN', () => answer(extra.twoHats, q.id)); // reads it, not the reporter
      await refused('FORBIDDEN', () => answer('officeS1', q.id)); // the shield
      await refused('NOT_FOUND', () => answer('secretaryM1', q.id));
      await refused('NOT_FOUND', () => answer('secretaryS1', encodeId('ReportQuestion', 999999)));
      const answered = (await ok(answer('secretaryS1', q.id, ' 已整改 '))).answerReportQuestion;
      expect(answered.answer).toBe('已整改');
      expect(answered.answeredAt).not.toBeNull();
      await refused('CONFLICT', () => answer('secretaryS1', q.id));
      const read = (await reportsOf('secretaryS1', { year: LAST, kind: 'ORAL' }))[0];
      expect(read.questions).toEqual([expect.objectContaining({ question: '整改进展?', answer: '已整改', askedBy: { name: 'Official disciplineD1' } })]);
      const ops = (await h.db.getRepository(AuditEntry).find({ where: { recordType: 'ReportQuestion' }, order: { id: 'ASC' } })).map((a) => a.operation);
      expect(ops).toEqual(['askReportQuestion', 'answerReportQuestion']);
    });

    it('asks nothing before the hearing, and lets the text change only until the day', async () => {
      // M1's parent is S1, whose DISCIPLINE is twoHats.
      const future = (await ok(schedule('officeS1', { unitId: unit('M1'), heldOn: addDays(TODAY, 10), reporterPostId: postId(h.fixture.posts.secretaryM1) })))
        .scheduleOralReport;
      await refused('CONFLICT', () => ask(extra.twoHats, future.id));
      await refused('FORBIDDEN', () => ask('disciplineD1', future.id)); // not M1's parent
      expect((await ok(h.exec(UpdateReportContentDocument, { id: future.id, content: '提纲' }, 'secretaryM1'))).updateReportContent.content).toBe('提纲');
      // The 2024 hearing of M1 is over.
      await refused('CONFLICT', () => h.exec(UpdateReportContentDocument, { id: reportIds['O M1'], content: 'x' }, 'secretaryM1'));
      await refused('BAD_USER_INPUT', () => h.exec(SubmitWrittenReportDocument, { id: future.id }, 'secretaryM1'));
    });

    it.each([
      ['a reporter who is not the unit\'s SECRETARY', 'officeS1', 'BAD_USER_INPUT', () => ({ unitId: unit('M2'), reporterPostId: postId(h.fixture.posts.teamM2) })],
      ['a reporter of another unit', 'officeS1', 'BAD_USER_INPUT', () => ({ unitId: unit('M2'), reporterPostId: postId(h.fixture.posts.secretaryM1) })],
      ['an unknown reporter post', 'officeS1', 'NOT_FOUND', () => ({ unitId: unit('M2'), reporterPostId: encodeId('Post', 999999) })],
      ['a unit with no SECRETARY', 'officeD2', 'BAD_USER_INPUT', () => ({ unitId: unit('S3') })],
      ['a day that does not exist', 'officeS1', 'BAD_USER_INPUT', () => ({ unitId: unit('M2'), heldOn: '2025-02-30' })],
      ['a malformed day', 'officeS1', 'BAD_USER_INPUT', () => ({ unitId: unit('M2'), heldOn: 'tomorrow' })],
      ['a year not begun', 'officeS1', 'BAD_USER_INPUT', () => ({ unitId: unit('M2'), year: THIS_YEAR + 1, reporterPostId: postId(h.fixture.posts.teamM2) })],
      ['a city (no tier above)', 'officeD1', 'BAD_USER_INPUT', () => ({ unitId: unit('C1') })],
      ['the OFFICE two tiers up', 'officeD1', 'FORBIDDEN', () => ({ unitId: unit('M2') })],
      ['the OFFICE of a sibling', 'officeS2', 'FORBIDDEN', () => ({ unitId: unit('M2') })],
      ['the parent\'s SECRETARY', 'secretaryS1', 'FORBIDDEN', () => ({ unitId: unit('M2') })],
      ['the parent\'s DISCIPLINE', 'disciplineD1', 'FORBIDDEN', () => ({ unitId: unit('S2') })],
      ['nobody', null, 'UNAUTHENTICATED', () => ({ unitId: unit('M2') })],
    ] as [string, As, string, () => Partial<ScheduleOralReportInput>][])('refuses scheduling: %s, as %s -> %s, nothing written', async (_, as, code, input) => {
      await refused(code, () => schedule(as, input()));
    });
  });

  // ---------------------------------------------------------------- interviews

  describe('interviews (约谈)', () => {
    const base = (): RecordInterviewInput => ({
      unitId: unit('M1'), kind: 'INDIVIDUAL', heldOn: TODAY, participantIds: [personOf('teamM1')], reason: '提醒谈话', record: '谈话记录',
    });
    const recordAs = (as: As, input: Partial<RecordInterviewInput>) => h.exec(RecordInterviewDocument, { input: { ...base(), ...input } }, as);

    it('records individual and collective interviews; the interviewees then read them', async () => {
      const one = (await ok(recordAs('disciplineM1', { reason: ' 个别约谈 ' }))).recordInterview;
      expect(one).toMatchObject({
        kind: 'INDIVIDUAL', heldOn: TODAY, reason: '个别约谈', record: '谈话记录', unit: { name: 'Unit M1' },
        interviewer: { id: postId(h.fixture.posts.disciplineM1), role: 'DISCIPLINE' }, participants: [{ name: 'Official teamM1' }],
      });
      // An official of the subtree by a current post (twoHats lives at D1, holds a post at S1).
      const many = (await ok(recordAs('secretaryS1', {
        unitId: unit('S1'), kind: 'COLLECTIVE', reason: '集体约谈', heldOn: addDays(TODAY, -3),
        participantIds: [personOf('secretaryM1'), personOf('secretaryG1'), officialId(extra.twoHatsOfficial)],
      }))).recordInterview;
      expect(many.participants.map((p) => p.name)).toEqual(['Official secretaryG1', 'Official secretaryM1', 'Official twoHats']);
      expect(await interviewsOf('secretaryG1')).toEqual(['集体约谈']);
      // Two posts that may interview at M1: name one.
      await refused('BAD_USER_INPUT', () => recordAs(extra.twoHats, {}));
      const named = (await ok(recordAs(extra.twoHats, { interviewerPostId: postId(extra.twoHatsSecretaryD1), reason: '书记约谈' }))).recordInterview;
      expect(named.interviewer).toMatchObject({ id: postId(extra.twoHatsSecretaryD1), role: 'SECRETARY' });
      const audit = await h.db.getRepository(AuditEntry).find({ where: { operation: 'recordInterview' } });
      expect(audit.length).toBe(3);
    });

    it.each([
      ['a collective interview of one', 'disciplineM1', 'BAD_USER_INPUT', () => ({ kind: 'COLLECTIVE' as const })],
      ['an individual interview of two', 'disciplineM1', 'BAD_USER_INPUT', () => ({ participantIds: [personOf('teamM1'), personOf('secretaryM1')] })],
      ['nobody interviewed', 'disciplineM1', 'BAD_USER_INPUT', () => ({ participantIds: [] })],
      ['the same interviewee twice', 'disciplineM1', 'BAD_USER_INPUT', () => ({ kind: 'COLLECTIVE' as const, participantIds: [personOf('teamM1'), personOf('teamM1')] })],
      ['an interviewee outside the subtree', 'disciplineM1', 'BAD_USER_INPUT', () => ({ participantIds: [personOf('teamM2')] })],
      ['an interviewee above the unit', 'disciplineM1', 'BAD_USER_INPUT', () => ({ participantIds: [personOf('secretaryS1')] })],
      ['the interviewer among the interviewees', 'disciplineM1', 'BAD_USER_INPUT', () => ({ kind: 'COLLECTIVE' as const, participantIds: [personOf('teamM1'), personOf('disciplineM1')] })],
      ['an unknown official', 'disciplineM1', 'NOT_FOUND', () => ({ participantIds: [encodeId('Official', 999999)] })],
      ['a day to come', 'disciplineM1', 'BAD_USER_INPUT', () => ({ heldOn: addDays(TODAY, 1) })],
      ['a day that does not exist', 'disciplineM1', 'BAD_USER_INPUT', () => ({ heldOn: '2025-02-30' })],
      ['blank record', 'disciplineM1', 'BAD_USER_INPUT', () => ({ record: ' ' })],
      ['another official\'s post as interviewer', 'disciplineM1', 'BAD_USER_INPUT', () => ({ interviewerPostId: postId(h.fixture.posts.secretaryM1) })],
      ['an unknown unit', 'disciplineM1', 'NOT_FOUND', () => ({ unitId: encodeId('OrgUnit', 999999) })],
      ['a SECRETARY below the unit', 'secretaryG1', 'FORBIDDEN', () => ({})],
      ['a DISCIPLINE of another city', 'disciplineC2', 'FORBIDDEN', () => ({})],
      ['OFFICE', 'officeS1', 'FORBIDDEN', () => ({})],
      ['a team member', 'teamM1', 'FORBIDDEN', () => ({ participantIds: [personOf('secretaryM1')] })],
      ['ADMIN', 'adminC1', 'FORBIDDEN', () => ({})],
      ['nobody', null, 'UNAUTHENTICATED', () => ({})],
    ] as [string, As, string, () => Partial<RecordInterviewInput>][])('refuses an interview: %s, as %s -> %s, nothing written', async (_, as, code, input) => {
      await refused(code, () => recordAs(as, input()));
    });
  });

  // ---------------------------------------------------------------- risk points

  describe('risk points (廉政风险点)', () => {
    const create = (as: As, input: Partial<CreateRiskPointInput>) => h.exec(CreateRiskPointDocument, {
      input: { unitId: unit('S1'), area: '工程招投标', description: '围标串标', level: 'HIGH', ...input },
    }, as);

    it('are kept by the unit\'s OFFICE or SECRETARY with their control measures', async () => {
      const construction = encodeId('Domain', (await h.db.getRepository(Domain).findOneByOrFail({ code: 'CONSTRUCTION_BIDDING' })).id);
      const rp = (await ok(create('officeS1', {
        domainId: construction, measures: [{ description: ' 集体审查 ', ownerPostId: postId(h.fixture.posts.secretaryS1) }, { description: '全程监督' }],
      }))).createRiskPoint;
      expect(rp).toMatchObject({
        area: '工程招投标', level: 'HIGH', domain: { code: 'CONSTRUCTION_BIDDING' }, unit: { name: 'Unit S1' },
        measures: [{ description: '集体审查', owner: { id: postId(h.fixture.posts.secretaryS1) } }, { description: '全程监督', owner: null }],
      });
      const updated = (await ok(h.exec(UpdateRiskPointDocument, { id: rp.id, input: { level: 'MEDIUM', area: ' 招投标 ' } }, 'secretaryS1'))).updateRiskPoint;
      expect(updated).toMatchObject({ level: 'MEDIUM', area: '招投标', description: '围标串标' });
      const added = (await ok(h.exec(AddControlMeasureDocument, { input: { riskPointId: riskIds['RP M1'], description: '定期轮岗' } }, 'secretaryM1'))).addControlMeasure;
      expect(added.measures.map((m) => m.description)).toEqual(['RP M1 measure 1', 'RP M1 measure 2', '定期轮岗']);
      const ops = (await h.db.getRepository(AuditEntry).find({ where: [{ recordType: 'RiskPoint' }, { recordType: 'ControlMeasure' }], order: { id: 'ASC' } }))
        .map((a) => a.operation);
      expect(ops).toEqual(['createRiskPoint', 'updateRiskPoint', 'addControlMeasure']);
    });

    it.each([
      ['an owner of another unit', 'officeS1', 'BAD_USER_INPUT', () => ({ measures: [{ description: 'x', ownerPostId: postId(h.fixture.posts.teamM1) }] })],
      ['an ended owner post', 'officeD1', 'BAD_USER_INPUT', () => ({ unitId: unit('D1'), measures: [{ description: 'x', ownerPostId: postId(h.fixture.posts.retired) }] })],
      ['an unknown domain', 'officeS1', 'NOT_FOUND', () => ({ domainId: encodeId('Domain', 999999) })],
      ['a blank area', 'officeS1', 'BAD_USER_INPUT', () => ({ area: ' ' })],
      ['a blank measure', 'officeS1', 'BAD_USER_INPUT', () => ({ measures: [{ description: ' ' }] })],
      ['the keeper of the unit below', 'secretaryM1', 'FORBIDDEN', () => ({})],
      ['the keeper above', 'officeD1', 'FORBIDDEN', () => ({})],
      ['the keeper of a sibling', 'officeS2', 'FORBIDDEN', () => ({})],
      ['a team member', 'teamM1', 'FORBIDDEN', () => ({ unitId: unit('M1') })],
      ['DISCIPLINE', 'disciplineM1', 'FORBIDDEN', () => ({ unitId: unit('M1') })],
      ['nobody', null, 'UNAUTHENTICATED', () => ({})],
    ] as [string, As, string, () => Partial<CreateRiskPointInput>][])('refuses a risk point: %s, as %s -> %s, nothing written', async (_, as, code, input) => {
      await refused(code, () => create(as, input()));
    });

    it.each([
      ['officeS1', 'FORBIDDEN'], ['secretaryS1', 'FORBIDDEN'], ['teamM1', 'FORBIDDEN'], ['officeS2', 'NOT_FOUND'],
      ['secretaryG1', 'NOT_FOUND'], ['officeD2', 'NOT_FOUND'], ['adminC1', 'FORBIDDEN'],
    ] as [Persona, string][])('refuses changes to M1\'s risk point as %s -> %s, nothing written', async (as, code) => {
      await refused(code, () => h.exec(UpdateRiskPointDocument, { id: riskIds['RP M1'], input: { level: 'LOW' } }, as));
      await refused(code, () => h.exec(AddControlMeasureDocument, { input: { riskPointId: riskIds['RP M1'], description: 'x' } }, as));
    });

    it('refuses an empty change', async () => {
      await refused('BAD_USER_INPUT', () => h.exec(UpdateRiskPointDocument, { id: riskIds['RP M1'], input: {} }, 'secretaryM1'));
    });
  });
});
