// 我的待办 (issue 12, item 1): workItems and workItemCounts. A persona matrix with the
// exact set of each persona on a world written out by hand (a sibling's items never
// appear), each kind appearing for the post that takes the step and leaving once the
// mutation is done, the filters, stable keyset paging both ways, and a statement count
// that does not grow with the number of items.
import type { FormattedExecutionResult } from 'graphql';
import { addDays, quarterOf, today } from '../../src/clock';
import {
  Assessment, Domain, Inspection, InspectionGroup, InspectionTarget, Lead, Notice, NoticeCategory, Problem, RectificationItem, Report,
  ReportQuestion, Urging, type Official, type OrgUnit, type Post,
} from '../../src/entities';
import { writtenDueOn } from '../../src/resolvers/reports/report.service';
import {
  Grade, InspectionMode, InspectionStatus, LeadStatus, NoticeState, RectificationStatus, ReportKind, Severity, SupervisionSource,
  UrgingSubject,
} from '../../src/schema/enums';
import { decodeId, encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { WorkItemCountsDocument, WorkItemsDocument, type WorkItemFilter, type WorkItemsQuery } from '../generated/graphql';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, type Persona, type UnitKey } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

const TODAY = today();
const d = (n: number): string => addDays(TODAY, n);
const YEAR = Number(TODAY.slice(0, 4));
const LAST = YEAR - 1;

type Edge = WorkItemsQuery['workItems']['edges'][number];
type Result = FormattedExecutionResult<WorkItemsQuery>;

describeDb('work items (待办)', () => {
  let h: Harness;
  /** "Type:id" of each record the world makes, to its label. */
  const labels = new Map<string, string>();
  const ids: Record<string, number> = {};

  const name = (type: string, id: number, label: string): void => {
    labels.set(`${type}:${id}`, label);
    ids[label] = id;
  };

  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    for (const key of Object.keys(units) as UnitKey[]) name('OrgUnit', units[key].id, key);
    await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      const education = await em.findOneByOrFail(Domain, { code: 'EDUCATION' });
      const [category] = await em.find(NoticeCategory, { order: { id: 'ASC' }, take: 1 });
      const at = new Date();

      // ---- key tasks of this year
      const task = async (label: string, unit: OrgUnit, leader: Post, milestones: [number, number][], percent?: number) => {
        const t = await r.task(unit, leader, officials.officeS1 as Official, {
          title: label, year: YEAR, domain: 'EDUCATION', milestones: milestones.map(([days, target]) => ({ dueOn: d(days), targetPercent: target })),
          progress: percent === undefined ? [] : [[percent, `${label} 进展`]],
        });
        name('Task', t.id, label);
        return t;
      };
      await task('T1', units.M1, posts.teamM1, [[5, 100]]); // due soon
      await task('T2', units.M1, posts.teamM1, [[-3, 50], [60, 100]], 10); // RED
      await task('T3', units.M1, posts.teamM1, [[60, 100]], 30); // GREEN
      await task('T4', units.M1, posts.teamM1, [[30, 100]], 100); // at 100: closure to ask
      const t5 = await task('T5', units.M1, posts.secretaryM1, [[30, 100]], 100);
      await r.closure(t5, officials.secretaryM1 as Official, ['现场照片']); // asked by the unit's SECRETARY: the tier above decides
      const t6 = await task('T6', units.M1, posts.teamM1, [[30, 100]], 100);
      await r.closure(t6, officials.teamM1 as Official, ['现场照片']);
      await task('T7', units.M2, posts.teamM2, [[2, 100]]); // the sibling community's
      const t8 = await task('T8', units.M1, posts.teamM1, [[30, 100]], 100);
      await r.closure(t8, officials.teamM1 as Official, ['现场照片'], { by: officials.secretaryM1 as Official, confirm: true });

      // ---- responsibility letters
      const letter = async (label: string, unit: OrgUnit, year: number, issuer: Post, to: { post: Post } | { unit: OrgUnit }, signer?: Official) =>
        name('ResponsibilityLetter', (await r.letter(unit, year, issuer, to, `${label} 责任书`, signer)).id, label);
      await letter('L1', units.S1, YEAR, posts.secretaryS1, { unit: units.M1 });
      await letter('L2', units.M1, YEAR, posts.secretaryM1, { post: posts.teamM1 });
      await letter('L3', units.M1, LAST, posts.secretaryM1, { post: posts.teamM1 }, officials.teamM1 as Official); // signed
      await letter('L4', units.S1, YEAR, posts.secretaryS1, { unit: units.M2 }); // M2 has no SECRETARY here
      await letter('L5', units.M1, YEAR, posts.secretaryM1, { unit: units.G1 });

      // ---- notices in each state
      const notice = async (label: string, unit: OrgUnit, state: NoticeState, recipient: Post, dueOn: string | null = null) => {
        const { identifiers } = await em.insert(Notice, {
          cityId: unit.cityId, unitId: unit.id, categoryId: category.id, domainId: education.id, recipientPostId: recipient.id,
          title: label, problems: '问题', measures: '措施', source: SupervisionSource.DAILY_SUPERVISION, caseId: null, state,
          draftedByOfficialId: officials.disciplineM1.id, approvedByOfficialId: null, approvedAt: null, issuedAt: dueOn ? at : null, dueOn,
          reportedAt: state === NoticeState.REPORTED ? at : null, report: state === NoticeState.REPORTED ? '整改报告' : null, closedAt: null,
          version: 1, createdAt: at, updatedAt: at,
        });
        name('Notice', Number(identifiers[0].id), label);
      };
      await notice('N1', units.M1, NoticeState.DRAFT, posts.teamM1);
      await notice('N2', units.M1, NoticeState.PENDING_APPROVAL, posts.teamM1);
      await notice('N3', units.S1, NoticeState.APPROVED, posts.teamM1);
      await notice('N4', units.S1, NoticeState.ISSUED, posts.teamM1, d(20));
      await notice('N5', units.S1, NoticeState.REPORTED, posts.teamM1, d(20));
      await notice('N6', units.S2, NoticeState.APPROVED, posts.officeS2);
      await notice('N7', units.D1, NoticeState.ISSUED, posts.teamM2, d(-1));

      // ---- an inspection by S1 in FEEDBACK, problems and rectification items
      const { identifiers: [inspection] } = await em.insert(Inspection, {
        cityId: units.S1.cityId, unitId: units.S1.id, year: YEAR, round: 1, mode: InspectionMode.REGULAR, title: '第一轮巡察',
        startsOn: d(-60), endsOn: d(-10), status: InspectionStatus.FEEDBACK, createdByOfficialId: officials.officeS1.id, createdAt: at,
      });
      const inspectionId = Number(inspection.id);
      const { identifiers: [group] } = await em.insert(InspectionGroup, { cityId: units.S1.cityId, inspectionId, name: '第一巡察组' });
      const target = async (label: string, unit: OrgUnit, done: boolean) => {
        const { identifiers } = await em.insert(InspectionTarget, {
          cityId: unit.cityId, inspectionId, groupId: Number(group.id), unitId: unit.id, feedback: done ? '反馈意见' : null,
          feedbackToCommitteeAt: done ? at : null, feedbackToPrincipalAt: done ? at : null,
        });
        name('InspectionTarget', Number(identifiers[0].id), label);
      };
      await target('IT1', units.M1, false);
      await target('IT2', units.M2, true);
      const item = async (label: string, unit: OrgUnit, fromInspection: boolean, owner: Post, deadline: string) => {
        const { identifiers: [problem] } = await em.insert(Problem, {
          cityId: unit.cityId, unitId: unit.id, domainId: education.id,
          source: fromInspection ? SupervisionSource.INSPECTION_FEEDBACK : SupervisionSource.DAILY_SUPERVISION, severity: Severity.GENERAL,
          description: `${label} 问题`, inspectionId: fromInspection ? inspectionId : null, noticeId: null, caseId: null,
          createdByOfficialId: officials.disciplineM1.id, createdAt: at,
        });
        const { identifiers } = await em.insert(RectificationItem, {
          cityId: unit.cityId, problemId: Number(problem.id), ownerPostId: owner.id, measure: `${label} 整改措施`, deadline,
          status: RectificationStatus.OPEN, closedAt: null, closedByOfficialId: null, principalApprovedByOfficialId: null,
          principalApprovedAt: null, supervisorApprovedByOfficialId: null, supervisorApprovedAt: null, createdAt: at,
        });
        name('RectificationItem', Number(identifiers[0].id), label);
      };
      await item('R1', units.M1, false, posts.teamM1, d(10)); // closed by its owner or M1's SECRETARY
      await item('R2', units.M1, true, posts.secretaryM1, d(-2)); // 双审: M1's SECRETARY, and S1's SECRETARY (no team member of S1 in charge)
      await item('R3', units.G1, true, posts.secretaryG1, d(15)); // 双审: G1's SECRETARY, and M1's team member in charge of EDUCATION

      // ---- reports: M1's draft on last year, an oral report with questions
      const report = async (label: string, kind: ReportKind, heldOn: string | null) => {
        const { identifiers } = await em.insert(Report, {
          cityId: units.M1.cityId, unitId: units.M1.id, year: kind === ReportKind.WRITTEN ? LAST : YEAR, kind, reporterPostId: posts.secretaryM1.id,
          content: `${label} 报告`, dueOn: kind === ReportKind.WRITTEN ? writtenDueOn(LAST) : null, submittedAt: null, heldOn, createdAt: at,
        });
        name('Report', Number(identifiers[0].id), label);
        return Number(identifiers[0].id);
      };
      await report('W1', ReportKind.WRITTEN, null);
      const oral = await report('O1', ReportKind.ORAL, d(-1));
      for (const [label, answer] of [['Q1', null], ['Q2', '已答复']] as const) {
        const { identifiers } = await em.insert(ReportQuestion, {
          cityId: units.M1.cityId, reportId: oral, askedByOfficialId: officials.disciplineD1.id, question: `${label} 询问`, answer,
          askedAt: at, answeredAt: answer ? at : null,
        });
        name('ReportQuestion', Number(identifiers[0].id), label);
      }

      // ---- leads to M1's DISCIPLINE (and one to S1, which has none)
      const lead = async (label: string, to: OrgUnit, status: LeadStatus, concerned: Official | null) => {
        const { identifiers } = await em.insert(Lead, {
          cityId: to.cityId, unitId: units.G2.id, toUnitId: to.id, concernedOfficialId: concerned?.id ?? null,
          submittedByOfficialId: officials.informantG2.id, inspectionId: null, content: `${label} 线索`, status, caseId: null, createdAt: at, updatedAt: at,
        });
        name('Lead', Number(identifiers[0].id), label);
      };
      await lead('LD1', units.M1, LeadStatus.SUBMITTED, null);
      await lead('LD2', units.M1, LeadStatus.SUBMITTED, officials.disciplineM1 as Official); // concerns M1's DISCIPLINE
      await lead('LD3', units.M1, LeadStatus.UNDER_REVIEW, null);
      await lead('LD4', units.S1, LeadStatus.SUBMITTED, null);

      // ---- last year's assessment of M2 (S1 still owes M1's)
      await em.insert(Assessment, {
        cityId: units.M2.cityId, unitId: units.M2.id, assessorUnitId: units.S1.id, year: LAST, total: 8500, grade: Grade.GOOD, vetoed: false,
        vetoReason: null, feedback: null, requirements: null, followUpOn: null, followUpResult: null,
        createdByOfficialId: officials.officeS1.id, createdAt: at, updatedAt: at,
      });
    });
  }, 120_000);
  afterAll(() => h.close());

  const labelOf = (globalId: string): string => {
    const ref = decodeId(globalId)!;
    return labels.get(`${ref.type}:${ref.id}`) ?? `${ref.type}:${ref.id}`;
  };
  const asText = (e: Edge): string => `${e.node.kind} ${labelOf(e.node.record.id)}`;

  /** Every item of the persona, paged through 100 at a time. */
  const all = async (as: Persona, filter?: WorkItemFilter): Promise<Edge[]> => {
    const edges: Edge[] = [];
    let after: string | null | undefined = null;
    do {
      const res: Result = await h.exec(WorkItemsDocument, { filter, first: 100, after }, as);
      expect(res.errors).toBeUndefined();
      edges.push(...res.data!.workItems.edges);
      after = res.data!.workItems.pageInfo.hasNextPage ? res.data!.workItems.pageInfo.endCursor : null;
    } while (after);
    return edges;
  };
  const itemsOf = async (as: Persona, filter?: WorkItemFilter): Promise<string[]> => (await all(as, filter)).map(asText).sort();

  // The matrix, by hand: the post that takes each step, nobody else.
  const RATES = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'].map((t) => `RATE_TASK ${t}`);
  const EXPECTED: Record<Persona, string[]> = {
    teamM1: [
      'REPORT_PROGRESS T1', 'REPORT_PROGRESS T2', 'REQUEST_CLOSURE T4', 'SIGN_LETTER L2', 'REPORT_ON_NOTICE N4',
      'CLOSE_RECTIFICATION R1', 'SIGN_RECTIFICATION R3',
    ],
    teamM2: ['REPORT_PROGRESS T7', 'REPORT_ON_NOTICE N7'],
    secretaryM1: [
      'CONFIRM_CLOSURE T6', 'SIGN_LETTER L1', 'APPROVE_NOTICE N2', 'CLOSE_RECTIFICATION R1', 'SIGN_RECTIFICATION R2', 'SUBMIT_REPORT W1',
      'ANSWER_QUESTION Q1', 'RECORD_ASSESSMENT G1', 'RECORD_ASSESSMENT G2',
    ],
    secretaryS1: ['CONFIRM_CLOSURE T5', 'SIGN_RECTIFICATION R2', 'SUBMIT_REPORT S1', 'RECORD_ASSESSMENT M1'],
    secretaryG1: ['SIGN_LETTER L5', 'SIGN_RECTIFICATION R3', 'SUBMIT_REPORT G1'],
    disciplineM1: [...RATES, 'SUBMIT_NOTICE N1', 'REVIEW_LEAD LD1'],
    officeS1: ['ISSUE_NOTICE N3', 'CLOSE_NOTICE N5', 'DELIVER_FEEDBACK IT1', 'RECORD_ASSESSMENT M1'],
    officeS2: ['ISSUE_NOTICE N6', 'RECORD_ASSESSMENT M3'],
    officeD1: ['RECORD_ASSESSMENT S1', 'RECORD_ASSESSMENT S2'],
    officeD2: ['RECORD_ASSESSMENT S3'],
    disciplineC1: [], disciplineC2: [], disciplineD1: [], analystC1: [], informantG2: [],
    adminC1: [], adminD1: [], adminD2: [], adminC2: [], retired: [], inactive: [],
  };

  it('gives each persona exactly the steps its posts take, never a sibling\'s', async () => {
    for (const persona of ALL_PERSONAS.filter((p) => p !== 'inactive')) {
      expect({ persona, items: await itemsOf(persona) }).toEqual({ persona, items: [...EXPECTED[persona]].sort() });
    }
  });

  it('refuses an anonymous or deactivated caller', async () => {
    expect(codes(await h.exec(WorkItemsDocument, {}, null))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await h.exec(WorkItemCountsDocument, {}, null))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await h.exec(WorkItemsDocument, {}, 'inactive'))).toEqual(['UNAUTHENTICATED']);
  });

  it('names the mutation, the unit, the due day and its flags, sorted by due day then kind', async () => {
    const edges = await all('teamM1');
    const byLabel = new Map(edges.map((e) => [asText(e), e.node]));
    expect(byLabel.get('REPORT_PROGRESS T1')).toMatchObject({ action: 'postProgress', dueOn: d(5), dueSoon: true, overdue: false, unit: { name: 'Unit M1' } });
    expect(byLabel.get('REPORT_PROGRESS T2')).toMatchObject({ dueOn: d(-3), dueSoon: false, overdue: true, record: { __typename: 'Task', light: 'RED' } });
    expect(byLabel.get('REQUEST_CLOSURE T4')).toMatchObject({ action: 'requestTaskClosure', dueOn: null, dueSoon: false, overdue: false });
    expect(byLabel.get('SIGN_LETTER L2')).toMatchObject({ action: 'signResponsibilityLetter', record: { __typename: 'ResponsibilityLetter', year: YEAR } });
    expect(byLabel.get('REPORT_ON_NOTICE N4')).toMatchObject({ action: 'reportNotice', dueOn: d(20), dueSoon: false, record: { state: 'ISSUED' } });
    expect(byLabel.get('CLOSE_RECTIFICATION R1')).toMatchObject({ action: 'closeRectificationItem', dueOn: d(10), dueSoon: true });
    expect(byLabel.get('SIGN_RECTIFICATION R3')).toMatchObject({ action: 'approveRectification', unit: { name: 'Unit G1' } });
    // By due day (none last), then kind in the enum's order.
    expect(edges.map(asText)).toEqual([
      'REPORT_PROGRESS T2', 'REPORT_PROGRESS T1', 'CLOSE_RECTIFICATION R1', 'SIGN_RECTIFICATION R3', 'REPORT_ON_NOTICE N4',
      'SIGN_LETTER L2', 'REQUEST_CLOSURE T4',
    ]);
    // Ids are stable and distinct.
    const again = await all('teamM1');
    expect(again.map((e) => e.node.id)).toEqual(edges.map((e) => e.node.id));
    expect(new Set(edges.map((e) => e.node.id)).size).toBe(edges.length);

    const secretary = new Map((await all('secretaryM1')).map((e) => [asText(e), e.node]));
    expect(secretary.get('SUBMIT_REPORT W1')).toMatchObject({ action: 'submitWrittenReport', dueOn: writtenDueOn(LAST), record: { __typename: 'Report' } });
    expect(secretary.get('RECORD_ASSESSMENT G1')).toMatchObject({ action: 'recordAssessment', record: { __typename: 'OrgUnit', name: 'Unit G1' } });
    const s1 = new Map((await all('secretaryS1')).map((e) => [asText(e), e.node]));
    expect(s1.get('SUBMIT_REPORT S1')).toMatchObject({ action: 'draftWrittenReport', record: { __typename: 'OrgUnit' }, dueOn: writtenDueOn(LAST) });
    const quarterEnd = ['03-31', '06-30', '09-30', '12-31'][quarterOf(TODAY) - 1];
    const rater = await all('disciplineM1', { kinds: ['RATE_TASK'] });
    expect(rater.every((e) => e.node.dueOn === `${YEAR}-${quarterEnd}` && e.node.action === 'rateTask')).toBe(true);
  });

  it('filters by kind, unit, due window and overdue, and counts by kind', async () => {
    expect(await itemsOf('teamM1', { kinds: ['REPORT_PROGRESS', 'SIGN_LETTER'] })).toEqual(['REPORT_PROGRESS T1', 'REPORT_PROGRESS T2', 'SIGN_LETTER L2']);
    expect(await itemsOf('teamM1', { kinds: [] })).toEqual([]);
    expect(await itemsOf('teamM1', { dueWithinDays: 7 })).toEqual(['REPORT_PROGRESS T1']);
    expect(await itemsOf('teamM1', { dueWithinDays: 15 })).toEqual(['CLOSE_RECTIFICATION R1', 'REPORT_PROGRESS T1', 'SIGN_RECTIFICATION R3']);
    expect(await itemsOf('teamM1', { overdue: true })).toEqual(['REPORT_PROGRESS T2']);
    expect((await itemsOf('teamM1', { overdue: false })).length).toBe(EXPECTED.teamM1.length - 1);
    // A unit and the units below it.
    expect(await itemsOf('teamM1', { unitId: unitId(h.fixture.units.G1) })).toEqual(['SIGN_RECTIFICATION R3']);
    expect((await itemsOf('teamM1', { unitId: unitId(h.fixture.units.S1) })).length).toBe(EXPECTED.teamM1.length);
    expect(await itemsOf('teamM1', { unitId: unitId(h.fixture.units.M2) })).toEqual([]);
    expect(await itemsOf('secretaryM1', { unitId: unitId(h.fixture.units.G2) })).toEqual(['RECORD_ASSESSMENT G2']);
    expect(await itemsOf('teamM1', { unitId: encodeId('OrgUnit', 999999) })).toEqual([]);
    expect(codes(await h.exec(WorkItemsDocument, { filter: { dueWithinDays: -1 } }, 'teamM1'))).toEqual(['BAD_USER_INPUT']);

    const counts = await h.exec(WorkItemCountsDocument, {}, 'teamM1');
    expect(counts.errors).toBeUndefined();
    const byKind = Object.fromEntries(counts.data!.workItemCounts.map((c) => [c.kind, c]));
    expect(counts.data!.workItemCounts).toHaveLength(18);
    expect(byKind.REPORT_PROGRESS).toEqual({ kind: 'REPORT_PROGRESS', count: 2, overdue: 1, dueSoon: 1 });
    expect(byKind.CLOSE_RECTIFICATION).toEqual({ kind: 'CLOSE_RECTIFICATION', count: 1, overdue: 0, dueSoon: 1 });
    expect(byKind.RATE_TASK).toEqual({ kind: 'RATE_TASK', count: 0, overdue: 0, dueSoon: 0 });
    const total = counts.data!.workItemCounts.reduce((n, c) => n + c.count, 0);
    expect(total).toBe(EXPECTED.teamM1.length);
    const some = await h.exec(WorkItemCountsDocument, { filter: { kinds: ['RATE_TASK', 'REVIEW_LEAD'] } }, 'disciplineM1');
    expect(some.data!.workItemCounts).toEqual([
      { kind: 'RATE_TASK', count: 6, overdue: 0, dueSoon: expect.any(Number) },
      { kind: 'REVIEW_LEAD', count: 1, overdue: 0, dueSoon: 0 },
    ]);
    const none = await h.exec(WorkItemCountsDocument, {}, 'analystC1');
    expect(none.data!.workItemCounts.every((c) => c.count === 0)).toBe(true);
  });

  it('pages with a stable keyset cursor, forwards and backwards, with the total', async () => {
    const whole = (await all('disciplineM1')).map((e) => e.node.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: Result = await h.exec(WorkItemsDocument, { first: 3, after }, 'disciplineM1');
      const page: WorkItemsQuery['workItems'] = res.data!.workItems;
      expect(page.totalCount).toBe(whole.length);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(whole);
    const back: string[] = [];
    let before: string | null = null;
    for (;;) {
      const res: Result = await h.exec(WorkItemsDocument, { last: 3, before }, 'disciplineM1');
      const page: WorkItemsQuery['workItems'] = res.data!.workItems;
      back.unshift(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor!;
    }
    expect(back).toEqual(whole);
    expect(codes(await h.exec(WorkItemsDocument, { first: 3, after: 'not-a-cursor' }, 'disciplineM1'))).toEqual(['BAD_USER_INPUT']);
  });

  it('costs the same statements for a few items and for many', async () => {
    const measure = async (): Promise<{ statements: number; items: number }> => {
      const contextValue = await h.server.contextFor(await h.tokenOf('disciplineM1'));
      h.counter.reset();
      const res = await h.server.apollo.executeOperation({ query: WorkItemsDocument, variables: { first: 100 } }, { contextValue });
      const statements = h.counter.count;
      if (res.body.kind !== 'single') throw new Error('unexpected');
      expect(res.body.singleResult.errors).toBeUndefined();
      return { statements, items: (res.body.singleResult.data as WorkItemsQuery).workItems.edges.length };
    };
    const few = await measure();
    // Forty more tasks to rate and ten more leads to review.
    await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      const { units, posts, officials } = h.fixture;
      for (let i = 0; i < 40; i++) {
        await r.task(units.M1, posts.teamM1, officials.officeS1 as Official, { title: `More ${i}`, year: YEAR, domain: 'EDUCATION', milestones: [{ dueOn: d(90), targetPercent: 100 }] });
      }
      for (let i = 0; i < 10; i++) {
        await em.insert(Lead, {
          cityId: units.M1.cityId, unitId: units.G2.id, toUnitId: units.M1.id, concernedOfficialId: null, submittedByOfficialId: officials.informantG2.id,
          inspectionId: null, content: `More ${i}`, status: LeadStatus.SUBMITTED, caseId: null, createdAt: new Date(), updatedAt: new Date(),
        });
      }
    });
    const many = await measure();
    expect(many.items).toBe(few.items + 50);
    expect(many.statements).toBe(few.statements);
    // The page, its total, the records (tasks, notices, leads) and the units.
    expect(many.statements).toBeLessThanOrEqual(6);
    process.stdout.write(`[work items] ${few.items} items: ${few.statements} statements; ${many.items} items: ${many.statements} statements\n`);
    // Back to the world the other tests expect.
    await h.db.query('DELETE FROM lead WHERE content LIKE ?', ['More %']);
    await h.db.query('DELETE FROM milestone WHERE taskId IN (SELECT id FROM task WHERE title LIKE ?)', ['More %']);
    await h.db.query('DELETE FROM task WHERE title LIKE ?', ['More %']);
    expect(await itemsOf('disciplineM1')).toEqual([...EXPECTED.disciplineM1].sort());
  });

  describe('each step leaves the list once taken', () => {
    const gql = async (as: Persona, query: string, variables: Record<string, unknown>): Promise<void> => {
      const res = await h.exec(query, variables, as);
      expect(res.errors).toBeUndefined();
    };
    const id = (type: Parameters<typeof encodeId>[0], label: string): string => encodeId(type, ids[label]);
    const has = async (as: Persona, item: string): Promise<boolean> => (await itemsOf(as)).includes(item);

    it('letters, progress, closure and ratings', async () => {
      await gql('secretaryM1', 'mutation($id: ID!) { signResponsibilityLetter(id: $id) { id } }', { id: id('ResponsibilityLetter', 'L1') });
      expect(await has('secretaryM1', 'SIGN_LETTER L1')).toBe(false);

      await gql('teamM1', 'mutation($t: ID!) { postProgress(input: { taskId: $t, text: "按计划推进", percent: 40 }) { id } }', { t: id('Task', 'T1') });
      expect(await has('teamM1', 'REPORT_PROGRESS T1')).toBe(false);
      // A missed milestone: a post after it was missed answers it.
      await gql('teamM1', 'mutation($t: ID!) { postProgress(input: { taskId: $t, text: "补报进展", percent: 20 }) { id } }', { t: id('Task', 'T2') });
      expect(await has('teamM1', 'REPORT_PROGRESS T2')).toBe(false);

      await gql('teamM1', 'mutation($t: ID!) { requestTaskClosure(input: { taskId: $t, summary: "已完成", evidence: [{ title: "验收材料" }] }) { id } }', { t: id('Task', 'T4') });
      expect(await has('teamM1', 'REQUEST_CLOSURE T4')).toBe(false);
      expect(await has('secretaryM1', 'CONFIRM_CLOSURE T4')).toBe(true);

      await gql('secretaryM1', 'mutation($t: ID!) { confirmTaskClosure(input: { taskId: $t }) { id } }', { t: id('Task', 'T6') });
      expect(await has('secretaryM1', 'CONFIRM_CLOSURE T6')).toBe(false);
      expect(await has('disciplineM1', 'RATE_TASK T6')).toBe(false); // closed: nothing left to rate
      await gql('secretaryS1', 'mutation($t: ID!) { confirmTaskClosure(input: { taskId: $t }) { id } }', { t: id('Task', 'T5') });
      expect(await has('secretaryS1', 'CONFIRM_CLOSURE T5')).toBe(false);

      await gql('disciplineM1', 'mutation($t: ID!, $q: Int!) { rateTask(input: { taskId: $t, quarter: $q, light: GREEN, comment: "推进有力" }) { id } }',
        { t: id('Task', 'T3'), q: quarterOf(TODAY) });
      expect(await has('disciplineM1', 'RATE_TASK T3')).toBe(false);
      expect(await has('disciplineM1', 'RATE_TASK T1')).toBe(true);
    });

    it('each notice step for the post that takes it', async () => {
      await gql('disciplineM1', 'mutation($id: ID!) { submitNotice(id: $id) { id } }', { id: id('Notice', 'N1') });
      expect(await has('disciplineM1', 'SUBMIT_NOTICE N1')).toBe(false);
      expect(await has('secretaryM1', 'APPROVE_NOTICE N1')).toBe(true);

      await gql('secretaryM1', 'mutation($id: ID!) { approveNotice(id: $id) { id } }', { id: id('Notice', 'N2') });
      expect(await has('secretaryM1', 'APPROVE_NOTICE N2')).toBe(false);

      await gql('officeS1', 'mutation($id: ID!) { issueNotice(id: $id) { id } }', { id: id('Notice', 'N3') });
      expect(await has('officeS1', 'ISSUE_NOTICE N3')).toBe(false);
      expect(await has('teamM1', 'REPORT_ON_NOTICE N3')).toBe(true);

      await gql('teamM1', 'mutation($id: ID!) { reportNotice(id: $id, report: "已整改") { id } }', { id: id('Notice', 'N4') });
      expect(await has('teamM1', 'REPORT_ON_NOTICE N4')).toBe(false);
      expect(await has('officeS1', 'CLOSE_NOTICE N4')).toBe(true);

      await gql('officeS1', 'mutation($id: ID!) { closeNotice(id: $id) { id } }', { id: id('Notice', 'N5') });
      expect(await has('officeS1', 'CLOSE_NOTICE N5')).toBe(false);
    });

    it('rectification closed by its owner, and signed by both sides (双审)', async () => {
      await gql('teamM1', 'mutation($id: ID!) { closeRectificationItem(id: $id) { id } }', { id: id('RectificationItem', 'R1') });
      expect(await has('teamM1', 'CLOSE_RECTIFICATION R1')).toBe(false);
      expect(await has('secretaryM1', 'CLOSE_RECTIFICATION R1')).toBe(false);

      await gql('secretaryM1', 'mutation($id: ID!) { approveRectification(id: $id) { id } }', { id: id('RectificationItem', 'R2') });
      expect(await has('secretaryM1', 'SIGN_RECTIFICATION R2')).toBe(false);
      expect(await has('secretaryS1', 'SIGN_RECTIFICATION R2')).toBe(true);
      await gql('secretaryS1', 'mutation($id: ID!) { approveRectification(id: $id) { status } }', { id: id('RectificationItem', 'R2') });
      expect(await has('secretaryS1', 'SIGN_RECTIFICATION R2')).toBe(false);

      await gql('teamM1', 'mutation($id: ID!) { approveRectification(id: $id) { id } }', { id: id('RectificationItem', 'R3') });
      expect(await has('teamM1', 'SIGN_RECTIFICATION R3')).toBe(false);
      expect(await has('secretaryG1', 'SIGN_RECTIFICATION R3')).toBe(true);
    });

    it('reports, questions, leads, feedback and assessments', async () => {
      await gql('secretaryM1', 'mutation($id: ID!) { submitWrittenReport(id: $id) { id } }', { id: id('Report', 'W1') });
      expect(await has('secretaryM1', 'SUBMIT_REPORT W1')).toBe(false);
      expect(await has('secretaryM1', 'SUBMIT_REPORT M1')).toBe(false);

      // Drafting last year's report turns the unit's item into the draft's.
      const res = await h.exec('mutation($u: ID!, $y: Int!) { draftWrittenReport(input: { unitId: $u, year: $y, content: "报告" }) { id } }',
        { u: unitId(h.fixture.units.S1), y: LAST }, 'secretaryS1');
      expect(res.errors).toBeUndefined();
      const draft = decodeId((res.data as { draftWrittenReport: { id: string } }).draftWrittenReport.id)!;
      labels.set(`Report:${draft.id}`, 'W2');
      expect((await itemsOf('secretaryS1', { kinds: ['SUBMIT_REPORT'] }))).toEqual(['SUBMIT_REPORT W2']);

      await gql('secretaryM1', 'mutation($q: ID!) { answerReportQuestion(input: { questionId: $q, answer: "已落实" }) { id } }', { q: id('ReportQuestion', 'Q1') });
      expect(await has('secretaryM1', 'ANSWER_QUESTION Q1')).toBe(false);

      await gql('disciplineM1', 'mutation($id: ID!) { reviewLead(id: $id) { id } }', { id: id('Lead', 'LD1') });
      expect(await has('disciplineM1', 'REVIEW_LEAD LD1')).toBe(false);

      const feedback = 'mutation($t: ID!, $r: FeedbackRecipient!, $f: String) { recordInspectionFeedback(input: { targetId: $t, recipient: $r, feedback: $f }) { id } }';
      await gql('officeS1', feedback, { t: id('InspectionTarget', 'IT1'), r: 'COMMITTEE', f: '反馈意见' });
      expect(await has('officeS1', 'DELIVER_FEEDBACK IT1')).toBe(true); // the principal has not heard it yet
      await gql('officeS1', feedback, { t: id('InspectionTarget', 'IT1'), r: 'PRINCIPAL', f: null });
      expect(await has('officeS1', 'DELIVER_FEEDBACK IT1')).toBe(false);

      await gql('officeS1', 'mutation($u: ID!, $y: Int!) { recordAssessment(input: { unitId: $u, year: $y, scores: [90, 85, 80] }) { id } }',
        { u: unitId(h.fixture.units.M1), y: LAST });
      expect(await has('officeS1', 'RECORD_ASSESSMENT M1')).toBe(false);
      expect(await has('secretaryS1', 'RECORD_ASSESSMENT M1')).toBe(false);
    });

    it('an urging to the post that answers for a record, until it replies', async () => {
      const { units, posts } = h.fixture;
      const { identifiers } = await h.db.getRepository(Urging).insert({
        cityId: units.M1.cityId, unitId: units.M1.id, subjectType: UrgingSubject.TASK, subjectId: ids.T2, urgedPostId: posts.teamM1.id,
        issuerPostId: posts.disciplineD1.id, issuerUnitId: units.D1.id, content: '请加快推进', replyDueOn: d(3), createdAt: new Date(),
        reply: null, repliedAt: null, repliedOn: null, repliedByPostId: null,
      });
      const urging = Number(identifiers[0].id);
      labels.set(`Urging:${urging}`, 'U1');
      const edges = await all('teamM1', { kinds: ['ANSWER_URGING'] });
      expect(edges.map(asText)).toEqual(['ANSWER_URGING U1']);
      expect(edges[0].node).toMatchObject({ action: 'replyToUrging', dueOn: d(3), dueSoon: true, record: { __typename: 'Urging', replyDueOn: d(3) } });
      expect(await itemsOf('teamM2', { kinds: ['ANSWER_URGING'] })).toEqual([]);
      expect(await itemsOf('disciplineD1', { kinds: ['ANSWER_URGING'] })).toEqual([]);
      await gql('teamM1', 'mutation($id: ID!) { replyToUrging(id: $id, reply: "已加快推进") { id } }', { id: encodeId('Urging', urging) });
      expect(await itemsOf('teamM1', { kinds: ['ANSWER_URGING'] })).toEqual([]);
    });
  });
});
