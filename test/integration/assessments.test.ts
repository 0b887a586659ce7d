// Assessments (考核): who reads which (the parent and above every child's, a unit only its
// own, never a sibling's), the rank among siblings in SQL (vetoed last, ties shared), the
// parent's ranking, totals and grades from weighted items, veto, feedback and follow-up,
// the writes of the parent's OFFICE or SECRETARY only (refusals write nothing), and a
// ranking whose statement count does not grow with the number of children.
import { addDays, today } from '../../src/clock';
import type { DataSource } from 'typeorm';
import {
  Assessment, AssessmentItem, AuditEntry, ControlMeasure, Interview, OrgUnit, Report, ReportQuestion, RiskPoint,
} from '../../src/entities';
import { DEFAULT_SCHEME } from '../../src/resolvers/assessments/assessment.service';
import { isLate, isOverdue } from '../../src/resolvers/reports/report.service';
import { seedDemo } from '../../src/seed/demo';
import { UnitLevel } from '../../src/schema/enums';
import { decodeId, encodeId } from '../../src/schema/node';
import { SeedBuilder } from '../../src/seed/builder';
import { AssessmentSeeder } from '../../src/seed/demo-assessments';
import {
  AssessmentNodeDocument, AssessmentRankingDocument, AssessmentsDocument, DefaultAssessmentSchemeDocument,
  RecordAssessmentDocument, RecordAssessmentFollowUpDocument, UpdateAssessmentDocument, type AssessFieldsFragment,
  type RecordAssessmentInput, type UpdateAssessmentInput,
} from '../generated/graphql';
import { closeTestDatabase, describeDb, openTestDatabase } from '../setup/db';
import { ALL_PERSONAS, type Persona, type UnitKey } from '../setup/fixture';
import { reads, type Reader } from '../setup/tree';
import { codes, ok, refusedWithout, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

type As = Persona | { token: string } | null;

const TODAY = today();
const THIS_YEAR = Number(TODAY.slice(0, 4));

// ---- The expected scope, from the fixture tree (not from the code under test) ----



const READERS = ALL_PERSONAS.filter((p): p is Reader => p !== 'inactive');

// ---- The matrix year: each assessed unit with its (uniform) score, veto, and expected grade, rank and "of N" ----

const MATRIX_YEAR = 2024;
const MATRIX: [unit: UnitKey, score: number, veto: boolean, grade: string, rank: number, among: number][] = [
  ['M1', 85.5, false, 'GOOD', 2, 2],
  ['M2', 92, false, 'EXCELLENT', 1, 2],
  ['S1', 80, false, 'GOOD', 1, 2],
  ['S2', 95, true, 'POOR', 2, 2], // vetoed: after S1 whatever the total
  ['G1', 70, false, 'FAIR', 1, 1], // G2 is not assessed
  ['D1', 88, false, 'GOOD', 1, 2], // a tie with D2
  ['D2', 88, false, 'GOOD', 1, 2],
  ['S3', 65, false, 'FAIR', 1, 1],
  ['D3', 50, false, 'POOR', 1, 1],
];

describeDb('assessments', () => {
  let h: Harness;
  const ids = {} as Record<UnitKey, string>;
  const itemIds = {} as Record<UnitKey, string>;

  beforeAll(async () => {
    h = await startHarness();
    const { units, officials } = h.fixture;
    await h.db.transaction(async (em) => {
      const s = new AssessmentSeeder(em);
      for (const [unit, score, veto] of MATRIX) {
        const a = await s.assessment(units[unit], officials.officeD1, {
          year: MATRIX_YEAR, scores: [score, score, score], veto: veto ? '重大腐败案件' : undefined, feedback: `Feedback ${unit}`,
          requirements: `Requirements ${unit}`,
        });
        ids[unit] = encodeId('Assessment', a.id);
        itemIds[unit] = encodeId('AssessmentItem', (await em.findOneByOrFail(AssessmentItem, { assessmentId: a.id, position: 1 })).id);
      }
    });
  });
  afterAll(() => h.close());


  const snapshot = async () => ({
    assessments: await h.db.getRepository(Assessment).find({ order: { id: 'ASC' } }),
    items: await h.db.getRepository(AssessmentItem).find({ order: { id: 'ASC' } }),
    audit: await h.db.getRepository(AuditEntry).count(),
  });

  /** The operation fails with exactly this code and writes nothing. */
  const refused = refusedWithout(snapshot);

  const unit = (key: UnitKey): string => unitId(h.fixture.units[key]);
  const list = async (as: As, filter: object): Promise<AssessFieldsFragment[]> => {
    const data = await ok(h.exec(AssessmentsDocument, { filter, first: 100 }, as));
    expect(data.assessments.totalCount).toBe(data.assessments.edges.length);
    return data.assessments.edges.map((e) => e.node);
  };
  const standing = (a: AssessFieldsFragment) => [a.unit.name.replace('Unit ', ''), a.total, a.grade, a.rank, a.rankedAmong];
  const record = (as: As, input: Partial<RecordAssessmentInput>) =>
    h.exec(RecordAssessmentDocument, { input: { unitId: unit('M1'), year: THIS_YEAR, scores: [80, 80, 80], ...input } }, as);
  const update = (as: As, id: string, input: UpdateAssessmentInput) => h.exec(UpdateAssessmentDocument, { id, input }, as);
  const ranking = (as: As, assessor: UnitKey, year: number) => h.exec(AssessmentRankingDocument, { assessorUnitId: unit(assessor), year }, as);

  // ---------------------------------------------------------------- reads

  describe('who reads which assessment', () => {
    it.each(READERS)('%s reads exactly the assessments of the units at or below their posts, with their ranks', async (persona) => {
      const expected = MATRIX.filter(([u]) => reads(persona, u))
        .map(([u, score, , grade, rank, among]) => [u, score, grade, rank, among]);
      const found = (await list(persona, { year: MATRIX_YEAR })).map(standing);
      expect(found.sort()).toEqual(expected.sort());
      // node(id) agrees, for the assessments and their items.
      for (const [u, score] of MATRIX) {
        const node = (await ok(h.exec(AssessmentNodeDocument, { id: ids[u] }, persona))).node;
        const item = (await ok(h.exec(AssessmentNodeDocument, { id: itemIds[u] }, persona))).node;
        if (reads(persona, u)) {
          expect(node).toMatchObject({ __typename: 'Assessment', id: ids[u], year: MATRIX_YEAR, total: score, unit: { name: `Unit ${u}` } });
          expect(item).toEqual({ __typename: 'AssessmentItem', id: itemIds[u], name: '主体责任落实', score });
        } else {
          expect(node).toBeNull();
          expect(item).toBeNull();
        }
      }
    });

    it('spells out a few rows: a unit sees its own score and rank, never a sibling\'s', async () => {
      expect((await list('secretaryM1', { year: MATRIX_YEAR })).map(standing)).toEqual([['M1', 85.5, 'GOOD', 2, 2], ['G1', 70, 'FAIR', 1, 1]]);
      // Asking for the parent's assessments shows only its own among them.
      expect((await list('secretaryM1', { assessorUnitId: unit('S1'), year: MATRIX_YEAR })).map(standing)).toEqual([['M1', 85.5, 'GOOD', 2, 2]]);
      expect((await list('teamM2', { assessorUnitId: unit('S1') })).map(standing)).toEqual([['M2', 92, 'EXCELLENT', 1, 2]]);
      expect(await list('teamM2', { unitId: unit('M1') })).toEqual([]);
      expect(await list('secretaryG1', { unitId: unit('M1') })).toEqual([]);
      expect(await list('informantG2', {})).toEqual([]);
      // A unit reads its own feedback and rectification requirements.
      expect(await list('teamM1', { unitId: unit('M1') })).toEqual([expect.objectContaining({
        feedback: 'Feedback M1', requirements: 'Requirements M1', vetoed: false, vetoReason: null, assessorUnit: { id: unit('S1'), name: 'Unit S1' },
        items: [
          expect.objectContaining({ position: 1, name: '主体责任落实', weight: 60, score: 85.5 }),
          expect.objectContaining({ position: 2, name: '监督责任落实', weight: 20, score: 85.5 }),
          expect.objectContaining({ position: 3, name: '作风建设', weight: 20, score: 85.5 }),
        ],
      })]);
    });

    it('lists newest year first, then in rank order, and pages without gaps or repeats', async () => {
      expect((await list('disciplineC1', { year: MATRIX_YEAR })).map((a) => a.unit.name.replace('Unit ', '')))
        .toEqual(['M2', 'D1', 'D2', 'M1', 'S1', 'G1', 'S3', 'S2']);
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: { assessments: { edges: { node: { unit: { name: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } } } =
          await ok(h.exec(AssessmentsDocument, { filter: { year: MATRIX_YEAR }, first: 3, after }, 'disciplineC1'));
        seen.push(...page.assessments.edges.map((e) => e.node.unit.name));
        after = page.assessments.pageInfo.hasNextPage ? page.assessments.pageInfo.endCursor ?? null : null;
      } while (after);
      expect(seen).toEqual(['M2', 'D1', 'D2', 'M1', 'S1', 'G1', 'S3', 'S2'].map((u) => `Unit ${u}`));
    });

    // [assessor, the ranking in order as [unit, rank], unassessed children]
    const RANKINGS: [UnitKey, [UnitKey, number][], string[]][] = [
      ['S1', [['M2', 1], ['M1', 2]], []],
      ['D1', [['S1', 1], ['S2', 2]], []],
      ['M1', [['G1', 1]], ['Unit G2']],
      ['C1', [['D1', 1], ['D2', 1]], []],
      ['G1', [], []],
    ];
    it.each(READERS.flatMap((p) => RANKINGS.map(([u]) => [p, u] as const)))(
      'assessmentRanking as %s of %s: posts at the assessor or above only', async (persona, assessor) => {
        const [, expected, unassessed] = RANKINGS.find(([u]) => u === assessor)!;
        const res = await ranking(persona, assessor, MATRIX_YEAR);
        if (!reads(persona, assessor)) {
          expect(codes(res)).toEqual(['FORBIDDEN']);
          return;
        }
        expect(res.errors).toBeUndefined();
        const r = res.data!.assessmentRanking;
        expect(r.assessorUnit.name).toBe(`Unit ${assessor}`);
        expect(r.assessments.map((a) => [a.unit.name.replace('Unit ', ''), a.rank])).toEqual(expected);
        expect(r.assessments.every((a) => a.rankedAmong === expected.length)).toBe(true);
        expect(r.unassessed.map((u) => u.name)).toEqual(unassessed);
      });

    it('has the vetoed unit last with its reason', async () => {
      const r = (await ok(ranking('officeD1', 'D1', MATRIX_YEAR))).assessmentRanking;
      expect(r.assessments.map((a) => [a.unit.name, a.total, a.vetoed, a.vetoReason, a.grade])).toEqual([
        ['Unit S1', 80, false, null, 'GOOD'], ['Unit S2', 95, true, '重大腐败案件', 'POOR'],
      ]);
    });

    it('tells the default scheme to every signed-in user, and refuses anonymous readers', async () => {
      expect((await ok(h.exec(DefaultAssessmentSchemeDocument, {}, 'informantG2'))).defaultAssessmentScheme).toEqual([
        { name: '主体责任落实', weight: 60 }, { name: '监督责任落实', weight: 20 }, { name: '作风建设', weight: 20 },
      ]);
      for (const as of [null, 'inactive'] as As[]) {
        expect(codes(await h.exec(AssessmentsDocument, { first: 5 }, as))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await ranking(as, 'S1', MATRIX_YEAR))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await h.exec(AssessmentNodeDocument, { id: ids.M1 }, as))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await h.exec(DefaultAssessmentSchemeDocument, {}, as))).toEqual(['UNAUTHENTICATED']);
      }
      expect(codes(await h.exec(AssessmentRankingDocument, { assessorUnitId: encodeId('OrgUnit', 999999), year: 2024 }, 'disciplineC1')))
        .toEqual(['NOT_FOUND']);
    });
  });

  // ---------------------------------------------------------------- writes

  describe('recording and changing assessments', () => {
    const YEAR = THIS_YEAR - 1;

    it('records with the default scheme: Σ score × weight / 100, the grade and the rank', async () => {
      const auditBefore = await h.db.getRepository(AuditEntry).count();
      const a = (await ok(h.exec(RecordAssessmentDocument, {
        input: { unitId: unit('M3'), year: YEAR, scores: [90, 80, 70], feedback: ' 反馈 ' },
      }, 'officeS2'))).recordAssessment;
      expect(a).toMatchObject({
        year: YEAR, total: 84, grade: 'GOOD', vetoed: false, vetoReason: null, feedback: '反馈', requirements: null, followUpOn: null,
        rank: 1, rankedAmong: 1, unit: { name: 'Unit M3' }, assessorUnit: { name: 'Unit S2' }, recordedBy: { name: 'Official officeS2' },
      });
      expect(a.items.map((i) => [i.position, i.name, i.weight, i.score])).toEqual([
        [1, '主体责任落实', 60, 90], [2, '监督责任落实', 20, 80], [3, '作风建设', 20, 70],
      ]);
      const audit = await h.db.getRepository(AuditEntry).find({ order: { id: 'DESC' }, take: 1 });
      expect(await h.db.getRepository(AuditEntry).count()).toBe(auditBefore + 1);
      expect(audit[0]).toMatchObject({ operation: 'recordAssessment', recordType: 'Assessment', actorOfficialId: h.fixture.officials.officeS2.id });
      expect(JSON.parse(audit[0].after!)).toMatchObject({ total: 8400, grade: 'GOOD', items: [{ weight: 60, score: 9000 }, { weight: 20, score: 8000 }, { weight: 20, score: 7000 }] });
    });

    it('ranks siblings in SQL as they are scored, vetoed and rescored', async () => {
      // A custom scheme; totals round half up to hundredths: (85.55×33 + 90.01×33 + 77.77×34) / 100 = 84.3766.
      const m1 = (await ok(record('secretaryS1', {
        year: YEAR, scores: undefined, items: [{ name: ' 甲 ', weight: 33, score: 85.55 }, { name: '乙', weight: 33, score: 90.01 }, { name: '丙', weight: 34, score: 77.77 }],
      }))).recordAssessment;
      expect(m1).toMatchObject({ total: 84.38, grade: 'GOOD', rank: 1, rankedAmong: 1 });
      expect(m1.items.map((i) => [i.name, i.weight, i.score])).toEqual([['甲', 33, 85.55], ['乙', 33, 90.01], ['丙', 34, 77.77]]);
      const m2 = (await ok(record('officeS1', { unitId: unit('M2'), year: YEAR, scores: [90, 90, 90] }))).recordAssessment;
      expect(m2).toMatchObject({ total: 90, grade: 'EXCELLENT', rank: 1, rankedAmong: 2 });
      const order = async () => (await ok(ranking('secretaryS1', 'S1', YEAR))).assessmentRanking.assessments
        .map((a) => `${a.unit.name.replace('Unit ', '')}:${a.rank}:${a.grade}`);
      expect(await order()).toEqual(['M2:1:EXCELLENT', 'M1:2:GOOD']);

      // 一票否决: POOR and last, whatever the total.
      const vetoed = (await ok(update('officeS1', m2.id, { vetoed: true, vetoReason: '发生重大腐败案件' }))).updateAssessment;
      expect(vetoed).toMatchObject({ total: 90, grade: 'POOR', vetoed: true, vetoReason: '发生重大腐败案件', rank: 2 });
      expect(await order()).toEqual(['M1:1:GOOD', 'M2:2:POOR']);
      // Lifted: back in first place.
      expect((await ok(update('secretaryS1', m2.id, { vetoed: false }))).updateAssessment)
        .toMatchObject({ grade: 'EXCELLENT', vetoed: false, vetoReason: null, rank: 1 });
      // Rescored with the default scheme: the items are replaced; then a tie shares the rank.
      const rescored = (await ok(update('officeS1', m1.id, { scores: [95, 95, 95] }))).updateAssessment;
      expect(rescored).toMatchObject({ total: 95, grade: 'EXCELLENT', rank: 1 });
      expect(rescored.items.map((i) => i.name)).toEqual(['主体责任落实', '监督责任落实', '作风建设']);
      expect(await h.db.getRepository(AssessmentItem).countBy({ assessmentId: decodeId(m1.id)!.id })).toBe(3);
      expect(await order()).toEqual(['M1:1:EXCELLENT', 'M2:2:EXCELLENT']);
      await ok(update('officeS1', m2.id, { items: [{ name: '主体责任落实', weight: 100, score: 95 }] }));
      expect(await order()).toEqual(['M1:1:EXCELLENT', 'M2:1:EXCELLENT']);
      // Each side still sees only its own.
      expect((await list('secretaryM1', { year: YEAR })).map(standing)).toEqual([['M1', 95, 'EXCELLENT', 1, 2]]);

      // Every change is audited with the state before and after.
      const updates = await h.db.getRepository(AuditEntry).find({ where: { operation: 'updateAssessment' }, order: { id: 'ASC' } });
      expect(updates.map((u) => [JSON.parse(u.before!).grade, JSON.parse(u.after!).grade])).toEqual([
        ['EXCELLENT', 'POOR'], ['POOR', 'EXCELLENT'], ['GOOD', 'EXCELLENT'], ['EXCELLENT', 'EXCELLENT'],
      ]);
      expect(JSON.parse(updates[2].before!).items.map((i: { name: string }) => i.name)).toEqual(['甲', '乙', '丙']);
    });

    it.each([
      [[90, 90, 90], 90, 'EXCELLENT'], [[100, 100, 100], 100, 'EXCELLENT'], [[89.99, 89.99, 89.99], 89.99, 'GOOD'],
      [[80, 80, 80], 80, 'GOOD'], [[79.99, 79.99, 79.99], 79.99, 'FAIR'], [[60, 60, 60], 60, 'FAIR'],
      [[59.99, 59.99, 59.99], 59.99, 'POOR'], [[0, 0, 0], 0, 'POOR'], [[100, 0, 50], 70, 'FAIR'],
    ] as [number[], number, string][])('grades scores %j: total %d, %s', async (scores, total, grade) => {
      const [m3] = await list('officeS2', { unitId: unit('M3'), year: YEAR });
      expect((await ok(update('officeS2', m3.id, { scores }))).updateAssessment).toMatchObject({ total, grade });
    });

    it('records feedback, requirements and the follow-up check', async () => {
      const [m3] = await list('officeS2', { unitId: unit('M3'), year: YEAR });
      const followUp = (as: As, followUpOn: string, followUpResult = '已整改') =>
        h.exec(RecordAssessmentFollowUpDocument, { id: m3.id, input: { followUpOn, followUpResult } }, as);
      // Nothing to follow up before there are requirements.
      await refused('CONFLICT', () => followUp('officeS2', TODAY));
      const changed = (await ok(update('officeS2', m3.id, { feedback: '问题清单', requirements: ' 限期整改 ' }))).updateAssessment;
      expect(changed).toMatchObject({ feedback: '问题清单', requirements: '限期整改' });
      await refused('BAD_USER_INPUT', () => followUp('officeS2', addDays(TODAY, 1)));
      await refused('BAD_USER_INPUT', () => followUp('officeS2', addDays(TODAY, -1))); // before the assessment was recorded
      await refused('BAD_USER_INPUT', () => followUp('officeS2', '2025-02-30'));
      await refused('BAD_USER_INPUT', () => followUp('officeS2', '2025-2-3'));
      await refused('BAD_USER_INPUT', () => followUp('officeS2', TODAY, ' '));
      const done = (await ok(followUp('officeS2', TODAY, ' 已完成整改 '))).recordAssessmentFollowUp;
      expect(done).toMatchObject({ followUpOn: TODAY, followUpResult: '已完成整改', requirements: '限期整改' });
      const audit = await h.db.getRepository(AuditEntry).findOneOrFail({ where: { operation: 'recordAssessmentFollowUp' }, order: { id: 'DESC' } });
      expect(JSON.parse(audit.before!)).toMatchObject({ followUpOn: null });
      expect(JSON.parse(audit.after!)).toMatchObject({ followUpOn: TODAY, followUpResult: '已完成整改' });
    });

    it.each([
      ['weights that do not sum to 100', 'BAD_USER_INPUT', { scores: undefined, items: [{ name: 'A', weight: 60, score: 80 }, { name: 'B', weight: 30, score: 80 }] }],
      ['duplicate item names', 'BAD_USER_INPUT', { scores: undefined, items: [{ name: 'A', weight: 50, score: 80 }, { name: ' A', weight: 50, score: 80 }] }],
      ['a weight of 0', 'BAD_USER_INPUT', { scores: undefined, items: [{ name: 'A', weight: 0, score: 80 }, { name: 'B', weight: 100, score: 80 }] }],
      ['a blank item name', 'BAD_USER_INPUT', { scores: undefined, items: [{ name: ' ', weight: 100, score: 80 }] }],
      ['a score above 100', 'BAD_USER_INPUT', { scores: [100.01, 80, 80] }],
      ['a negative score', 'BAD_USER_INPUT', { scores: [-1, 80, 80] }],
      ['three decimals', 'BAD_USER_INPUT', { scores: [85.555, 80, 80] }],
      ['too few default scores', 'BAD_USER_INPUT', { scores: [80, 80] }],
      ['both items and scores', 'BAD_USER_INPUT', { items: [{ name: 'A', weight: 100, score: 80 }] }],
      ['neither items nor scores', 'BAD_USER_INPUT', { scores: undefined }],
      ['a veto without a reason', 'BAD_USER_INPUT', { vetoed: true }],
      ['a reason without a veto', 'BAD_USER_INPUT', { vetoReason: '理由' }],
      ['a year not begun', 'BAD_USER_INPUT', { year: THIS_YEAR + 1 }],
      ['a year out of range', 'BAD_USER_INPUT', { year: 1999 }],
      ['a second assessment of the year', 'CONFLICT', { year: MATRIX_YEAR }],
      ['a unit without a parent', 'BAD_USER_INPUT', { unitId: 'C1' }],
      ['an unknown unit', 'NOT_FOUND', { unitId: encodeId('OrgUnit', 999999) }],
    ] as [string, string, Partial<RecordAssessmentInput>][])('refuses %s: %s, nothing written', async (_, code, input) => {
      const unitKey = input.unitId as UnitKey | undefined;
      await refused(code, () => record('officeS1', { ...input, unitId: unitKey && unitKey in h.fixture.units ? unit(unitKey) : input.unitId ?? unit('M1') }));
    });

    it.each([
      ['nothing to change', 'BAD_USER_INPUT', {}],
      ['a veto without a reason', 'BAD_USER_INPUT', { vetoed: true }],
      ['a reason when lifting the veto', 'BAD_USER_INPUT', { vetoed: false, vetoReason: '理由' }],
      ['a reason without a veto in force', 'BAD_USER_INPUT', { vetoReason: '理由' }],
      ['weights that do not sum to 100', 'BAD_USER_INPUT', { items: [{ name: 'A', weight: 99, score: 80 }] }],
      ['blank feedback', 'BAD_USER_INPUT', { feedback: '  ' }],
    ] as [string, string, UpdateAssessmentInput][])('refuses an update with %s: %s, nothing written', async (_, code, input) => {
      await refused(code, () => update('officeS1', ids.M1, input));
    });
  });

  describe('writes by the wrong post', () => {
    // [who, recording M1's assessment (its unit is public), changing M1's matrix assessment]
    const WHO: [As, string, string][] = [
      [null, 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
      ['inactive', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
      // Not OFFICE or SECRETARY anywhere: the shield's gate.
      ['retired', 'FORBIDDEN', 'FORBIDDEN'],
      ['adminC1', 'FORBIDDEN', 'FORBIDDEN'],
      ['analystC1', 'FORBIDDEN', 'FORBIDDEN'],
      ['teamM1', 'FORBIDDEN', 'FORBIDDEN'],
      ['disciplineC1', 'FORBIDDEN', 'FORBIDDEN'],
      ['disciplineM1', 'FORBIDDEN', 'FORBIDDEN'],
      ['informantG2', 'FORBIDDEN', 'FORBIDDEN'],
      // The assessed unit itself, and the tier above the assessor: they read it, the service refuses.
      ['secretaryM1', 'FORBIDDEN', 'FORBIDDEN'],
      ['officeD1', 'FORBIDDEN', 'FORBIDDEN'],
      // Keepers elsewhere (and below M1), who cannot see M1's assessment: as if it did not exist.
      ['officeS2', 'FORBIDDEN', 'NOT_FOUND'],
      ['officeD2', 'FORBIDDEN', 'NOT_FOUND'],
      ['secretaryG1', 'FORBIDDEN', 'NOT_FOUND'],
    ];
    const OPS = ['record', 'update', 'followUp'] as const;
    it.each(WHO.flatMap(([as, recordCode, changeCode]) => OPS.map((op) => [op, as ?? 'anonymous', op === 'record' ? recordCode : changeCode, as] as const)))(
      '%s as %s -> %s, nothing written', async (op, _label, code, as) => {
        await refused(code, () => {
          if (op === 'record') return record(as, { year: THIS_YEAR });
          if (op === 'update') return update(as, ids.M1, { feedback: 'Not allowed' });
          return h.exec(RecordAssessmentFollowUpDocument, { id: ids.M1, input: { followUpOn: TODAY, followUpResult: 'x' } }, as);
        });
      });

    it('lets the assessor\'s SECRETARY and OFFICE themselves write', async () => {
      const a = (await ok(record('secretaryS1', { year: THIS_YEAR }))).recordAssessment;
      expect(a).toMatchObject({ total: 80, grade: 'GOOD', assessorUnit: { name: 'Unit S1' } });
      expect((await ok(update('officeS1', a.id, { requirements: '整改' }))).updateAssessment.requirements).toBe('整改');
      await refused('NOT_FOUND', () => update('officeS1', encodeId('Assessment', 999999), { feedback: 'x' }));
      await refused('NOT_FOUND', () => update('officeS1', ids.M1.replace(/./, 'x'), { feedback: 'x' }));
    });
  });

  // ---------------------------------------------------------------- statements

  describe('no N+1 in the parent\'s ranking', () => {
    let street: OrgUnit;
    let children = 0;

    const addChildren = (n: number) => h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      const s = new AssessmentSeeder(em);
      for (let i = 0; i < n; i++) {
        children += 1;
        const child = await b.unit(street, `Ranked ${children}`, UnitLevel.COMMUNITY);
        await s.assessment(child, h.fixture.officials.officeD2, {
          year: MATRIX_YEAR, scores: [60 + children, 70, 80], feedback: `Feedback ${children}`, requirements: `Requirements ${children}`,
          veto: children === 2 ? 'veto' : undefined,
        });
      }
      await b.unit(street, `Unassessed ${children}`, UnitLevel.COMMUNITY);
    });

    const measure = async (): Promise<{ statements: number; ranked: number; listStatements: number }> => {
      const contextValue = await h.server.contextFor(await h.tokenOf('officeD2'));
      h.counter.reset();
      const res = await h.server.apollo.executeOperation(
        { query: AssessmentRankingDocument, variables: { assessorUnitId: unitId(street), year: MATRIX_YEAR } }, { contextValue },
      );
      const statements = h.counter.count;
      if (res.body.kind !== 'single') throw new Error('unexpected');
      expect(res.body.singleResult.errors).toBeUndefined();
      const data = res.body.singleResult.data as { assessmentRanking: { assessments: AssessFieldsFragment[]; unassessed: unknown[] } };
      const ranked = data.assessmentRanking.assessments;
      // Vetoed last, the rest by total; every row with its items, feedback and "of N".
      expect(ranked.at(-1)!.vetoed).toBe(true);
      expect(ranked.map((a) => a.rank)).toEqual(ranked.map((_, i) => i + 1));
      expect(ranked.every((a) => a.items.length === 3 && a.feedback && a.requirements && a.rankedAmong === ranked.length)).toBe(true);
      // The same rows as a list: the ranks come from one batched statement.
      const listContext = await h.server.contextFor(await h.tokenOf('officeD2'));
      h.counter.reset();
      const listed = await h.server.apollo.executeOperation(
        { query: AssessmentsDocument, variables: { filter: { assessorUnitId: unitId(street) }, first: 100 } }, { contextValue: listContext },
      );
      if (listed.body.kind !== 'single') throw new Error('unexpected');
      const edges = (listed.body.singleResult.data as { assessments: { edges: { node: AssessFieldsFragment }[] } }).assessments.edges;
      expect(edges.map((e) => [e.node.id, e.node.rank])).toEqual(ranked.map((a) => [a.id, a.rank]));
      return { statements, ranked: ranked.length, listStatements: h.counter.count };
    };

    it('costs the same statements for 2 and for 8 children', async () => {
      await h.db.transaction(async (em) => {
        street = await new SeedBuilder(em, 10).unit(h.fixture.units.D2, 'Ranking street', UnitLevel.STREET);
      });
      await addChildren(2);
      const small = await measure();
      await addChildren(6);
      const large = await measure();
      expect([small.ranked, large.ranked]).toEqual([2, 8]);
      expect(large.statements).toBe(small.statements);
      expect(large.statements).toBeLessThanOrEqual(6);
      expect(large.listStatements).toBe(small.listStatements);
      expect(large.listStatements).toBeLessThanOrEqual(8);
      process.stdout.write(`[n+1] assessment ranking: ${small.ranked} children: ${small.statements} statements; ${large.ranked} children: ${large.statements} statements; `
        + `as a list: ${small.listStatements} and ${large.listStatements}\n`);
    });
  });
});

describeDb('demo assessments, reports, interviews and risk points', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await openTestDatabase();
    await seedDemo(db);
  });
  afterAll(() => closeTestDatabase(db));

  it('has every grade, a veto, feedback with follow-up checks, both schemes and an unassessed unit', async () => {
    const assessments = await db.getRepository(Assessment).find();
    expect(new Set(assessments.map((a) => a.grade))).toEqual(new Set(['EXCELLENT', 'GOOD', 'FAIR', 'POOR']));
    expect(assessments.some((a) => a.vetoed && a.vetoReason && a.total >= 6000)).toBe(true);
    expect(assessments.some((a) => !a.vetoed && a.grade === 'POOR')).toBe(true);
    expect(assessments.some((a) => a.requirements && a.followUpOn && a.followUpResult)).toBe(true);
    expect(assessments.some((a) => a.requirements && !a.followUpOn)).toBe(true);
    const names = new Set((await db.getRepository(AssessmentItem).find()).map((i) => i.name));
    expect(names.size).toBeGreaterThan(DEFAULT_SCHEME.length);
    const grid = await db.getRepository(OrgUnit).findOneByOrFail({ level: UnitLevel.GRID });
    expect(assessments.some((a) => a.unitId === grid.id)).toBe(false);
  });

  it('has written reports on time, late, overdue as drafts and missing; oral hearings held and to come; interviews; risk points', async () => {
    const reports = await db.getRepository(Report).find();
    const written = reports.filter((r) => r.kind === 'WRITTEN');
    expect(written.some((r) => r.submittedAt && !isLate(r))).toBe(true);
    expect(written.some((r) => isLate(r))).toBe(true);
    expect(written.some((r) => !r.submittedAt)).toBe(true);
    if (TODAY > `${THIS_YEAR}-01-31`) expect(written.some((r) => isOverdue(r))).toBe(true);
    const units = await db.getRepository(OrgUnit).count();
    expect(new Set(written.filter((r) => r.year === THIS_YEAR - 1).map((r) => r.unitId)).size).toBeLessThan(units - 1);
    const oral = reports.filter((r) => r.kind === 'ORAL');
    expect(oral.some((r) => r.heldOn! > TODAY)).toBe(true);
    const questions = await db.getRepository(ReportQuestion).find();
    expect(new Set(questions.map((q) => q.answer !== null))).toEqual(new Set([true, false]));
    const interviews = await db.getRepository(Interview).find();
    expect(new Set(interviews.map((i) => i.kind))).toEqual(new Set(['INDIVIDUAL', 'COLLECTIVE']));
    const risks = await db.getRepository(RiskPoint).find();
    expect(new Set(risks.map((r) => r.level))).toEqual(new Set(['LOW', 'MEDIUM', 'HIGH']));
    expect(await db.getRepository(ControlMeasure).count()).toBeGreaterThan(risks.length);
  });
});
