// The portrait's figures of issue 13 (point 11): leads, cases, interviews, reports and inspection
// suggestions of a subtree and year, each an exact figure from one grouped statement computed
// only when selected (Query.portrait, aliases, portraits(parentId) and OrgUnit.portrait alike).
// Leads and cases are DISCIPLINE matters: DISCIPLINE in scope reads those two; every other
// reader of the portrait (posts in scope, ANALYST) gets null with FORBIDDEN at that path.
import type { FormattedExecutionResult } from 'graphql';
import { addDays, today } from '../../src/clock';
import {
  DisciplinaryCase, Domain, Inspection, InspectionGroup, InspectionSuggestion, InspectionTarget, Interview, Lead, Report, type OrgUnit,
} from '../../src/entities';
import { CaseStatus, InspectionMode, InspectionStatus, InterviewKind, LeadStatus, ReportKind } from '../../src/schema/enums';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, UNIT_KEYS, type Persona, type UnitKey } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';
import { lineage, reads, type Reader } from '../setup/tree';

const TODAY = today();
const YEAR = Number(TODAY.slice(0, 4));
const NOW = new Date();
const LAST_YEAR = new Date(`${YEAR - 1}-06-15T04:00:00Z`);

const SECTIONS = 'leads { received pending dismissed caseOpened } cases { opened open closed } interviews { held individual collective } '
  + 'reports { written submitted overdue oral } suggestions { made targets }';

/** The expected figures, written out from the seed below (not computed). */
const FIGURES: Partial<Record<UnitKey, Record<string, Record<string, number>>>> = {
  D1: {
    leads: { received: 7, pending: 4, dismissed: 2, caseOpened: 1 }, cases: { opened: 3, open: 2, closed: 1 },
    interviews: { held: 3, individual: 2, collective: 1 }, reports: { written: 3, submitted: 1, overdue: 1, oral: 1 },
    suggestions: { made: 3, targets: 2 },
  },
  S1: {
    leads: { received: 3, pending: 2, dismissed: 1, caseOpened: 0 }, cases: { opened: 3, open: 2, closed: 1 },
    interviews: { held: 3, individual: 2, collective: 1 }, reports: { written: 2, submitted: 1, overdue: 1, oral: 1 },
    suggestions: { made: 3, targets: 2 },
  },
  M1: {
    leads: { received: 1, pending: 1, dismissed: 0, caseOpened: 0 }, cases: { opened: 2, open: 1, closed: 1 },
    interviews: { held: 2, individual: 2, collective: 0 }, reports: { written: 1, submitted: 1, overdue: 0, oral: 1 },
    suggestions: { made: 1, targets: 1 },
  },
  S2: {
    leads: { received: 0, pending: 0, dismissed: 0, caseOpened: 0 }, cases: { opened: 0, open: 0, closed: 0 },
    interviews: { held: 0, individual: 0, collective: 0 }, reports: { written: 1, submitted: 0, overdue: 0, oral: 0 },
    suggestions: { made: 0, targets: 0 },
  },
};

/** DISCIPLINE posts of the fixture and their units. */
const DISCIPLINE_AT: Partial<Record<Persona, UnitKey>> = { disciplineC1: 'C1', disciplineC2: 'C2', disciplineD1: 'D1', disciplineM1: 'M1' };
const readsDisciplineFigures = (p: Persona, unit: UnitKey): boolean => !!DISCIPLINE_AT[p] && lineage(unit).includes(DISCIPLINE_AT[p]!);

describeDb('portrait figures: leads, cases, interviews, reports, suggestions', () => {
  let h: Harness;
  const unit = (k: UnitKey): OrgUnit => h.fixture.units[k];

  beforeAll(async () => {
    h = await startHarness();
    const { units, officials, posts } = h.fixture;
    await h.db.transaction(async (em) => {
      const edu = await em.findOneByOrFail(Domain, { code: 'EDUCATION' });
      const informant = officials.informantG2.id;
      const lead = (to: UnitKey, about: UnitKey, status: LeadStatus, at = NOW) => em.insert(Lead, {
        cityId: units[to].cityId, unitId: units[about].id, toUnitId: units[to].id, concernedOfficialId: null, submittedByOfficialId: informant,
        inspectionId: null, content: 'c', status, caseId: null, createdAt: at, updatedAt: at,
      });
      for (const s of [LeadStatus.SUBMITTED, LeadStatus.UNDER_REVIEW, LeadStatus.DISMISSED, LeadStatus.CASE_OPENED]) await lead('D1', 'M1', s);
      await lead('S1', 'M1', LeadStatus.SUBMITTED);
      await lead('S1', 'M1', LeadStatus.DISMISSED);
      await lead('M1', 'G1', LeadStatus.SUBMITTED);
      await lead('D2', 'S3', LeadStatus.SUBMITTED); // another district: never D1's
      await lead('D1', 'M1', LeadStatus.SUBMITTED, LAST_YEAR); // another year

      const kase = (at: UnitKey, status: CaseStatus, openedAt = NOW) => em.insert(DisciplinaryCase, {
        cityId: units[at].cityId, unitId: units[at].id, issuerUnitId: units[at].id, officialId: officials.teamM1.id, domainId: edu.id,
        incidentOn: addDays(TODAY, -30), title: 't', summary: 's', leadId: null, status, openedByOfficialId: officials.disciplineD1.id,
        openedAt, closedAt: status === CaseStatus.CLOSED ? NOW : null,
      });
      await kase('M1', CaseStatus.OPEN);
      await kase('M1', CaseStatus.CLOSED);
      await kase('S1', CaseStatus.OPEN);
      await kase('D2', CaseStatus.OPEN);
      await kase('M1', CaseStatus.OPEN, LAST_YEAR);

      const interview = (at: UnitKey, kind: InterviewKind, heldOn = TODAY) => em.insert(Interview, {
        cityId: units[at].cityId, unitId: units[at].id, kind, heldOn, interviewerPostId: posts.secretaryS1.id, reason: 'r', record: 'r', createdAt: NOW,
      });
      await interview('M1', InterviewKind.INDIVIDUAL);
      await interview('M1', InterviewKind.INDIVIDUAL);
      await interview('S1', InterviewKind.COLLECTIVE);
      await interview('D2', InterviewKind.INDIVIDUAL);
      await interview('M1', InterviewKind.INDIVIDUAL, `${YEAR - 1}-06-15`);

      const report = (at: UnitKey, kind: ReportKind, o: { submitted?: boolean; dueOn?: string | null; year?: number } = {}) => em.insert(Report, {
        cityId: units[at].cityId, unitId: units[at].id, year: o.year ?? YEAR, kind, reporterPostId: posts.secretaryM1.id, content: 'c',
        dueOn: kind === ReportKind.WRITTEN ? o.dueOn ?? addDays(TODAY, 30) : null, submittedAt: o.submitted ? NOW : null,
        heldOn: kind === ReportKind.ORAL ? TODAY : null, createdAt: NOW,
      });
      await report('M1', ReportKind.WRITTEN, { submitted: true });
      await report('M1', ReportKind.ORAL);
      await report('S1', ReportKind.WRITTEN, { dueOn: addDays(TODAY, -1) }); // overdue today
      await report('S2', ReportKind.WRITTEN); // due later
      await report('D2', ReportKind.WRITTEN, { dueOn: addDays(TODAY, -1) });
      await report('M1', ReportKind.WRITTEN, { year: YEAR - 1, dueOn: addDays(TODAY, -1) });

      const round = async (by: UnitKey, targets: [UnitKey, number][]) => {
        const inspectionId = Number((await em.insert(Inspection, {
          cityId: units[by].cityId, unitId: units[by].id, year: YEAR, round: 1, mode: InspectionMode.REGULAR, title: 'r',
          startsOn: `${YEAR}-01-10`, endsOn: `${YEAR}-02-10`, status: InspectionStatus.FEEDBACK, createdByOfficialId: officials.disciplineD1.id, createdAt: NOW,
        })).identifiers[0].id);
        const groupId = Number((await em.insert(InspectionGroup, { cityId: units[by].cityId, inspectionId, name: 'g' })).identifiers[0].id);
        for (const [at, suggestions] of targets) {
          const targetId = Number((await em.insert(InspectionTarget, {
            cityId: units[at].cityId, inspectionId, groupId, unitId: units[at].id, feedback: null, feedbackToCommitteeAt: null, feedbackToPrincipalAt: null,
          })).identifiers[0].id);
          for (let i = 0; i < suggestions; i++) {
            await em.insert(InspectionSuggestion, { cityId: units[at].cityId, targetId, text: 's', createdByOfficialId: officials.disciplineD1.id, createdAt: NOW });
          }
        }
      };
      await round('D1', [['S1', 2], ['M1', 1], ['S2', 0]]);
      await round('D2', [['S3', 1]]);
    });
  });
  afterAll(() => h.close());

  const portrait = (k: UnitKey, as: Persona, year = YEAR) =>
    h.exec<{ portrait: Record<string, unknown> }>(`query($u: ID!, $y: Int!) { portrait(unitId: $u, year: $y) { ${SECTIONS} } }`, { u: unitId(unit(k)), y: year }, as);

  it.each(['D1', 'S1', 'M1', 'S2'] as const)('gives the exact figures of %s\'s subtree to DISCIPLINE in scope', async (k) => {
    const res = await portrait(k, 'disciplineD1');
    expect(res.errors).toBeUndefined();
    expect(res.data!.portrait).toEqual(FIGURES[k]);
  });

  it('counts only the year asked (records of last year are last year\'s)', async () => {
    const res = await portrait('M1', 'disciplineM1', YEAR - 1);
    expect(res.errors).toBeUndefined();
    expect(res.data!.portrait).toEqual({
      leads: { received: 0, pending: 0, dismissed: 0, caseOpened: 0 }, cases: { opened: 1, open: 1, closed: 0 },
      interviews: { held: 1, individual: 1, collective: 0 }, reports: { written: 1, submitted: 0, overdue: 1, oral: 0 },
      suggestions: { made: 0, targets: 0 },
    });
    // D1's lead of last year was received by D1, not by M1.
    expect((await portrait('D1', 'disciplineD1', YEAR - 1)).data!.portrait.leads).toEqual({ received: 1, pending: 1, dismissed: 0, caseOpened: 0 });
  });

  it('gives the ANALYST and posts in scope that are not DISCIPLINE the figures, but not leads and cases', async () => {
    for (const as of ['analystC1', 'officeD1'] as const) {
      const res = await portrait('D1', as);
      const { leads, cases, ...rest } = FIGURES.D1!;
      expect(res.data!.portrait).toEqual({ ...rest, leads: null, cases: null });
      expect(codes(res)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      expect(res.errors!.map((e) => e.path).sort()).toEqual([['portrait', 'cases'], ['portrait', 'leads']]);
      expect(leads && cases).toBeTruthy();
    }
  });

  // OrgUnit.portrait of every fixture unit: the portrait where the persona reads it (posts in scope, ANALYST of C1),
  // leads and cases only for DISCIPLINE in scope (null with FORBIDDEN for the other readers of that portrait).
  it.each(ALL_PERSONAS.filter((p) => p !== 'inactive') as Reader[])('reads leads and cases of every unit\'s portrait as %s', async (persona) => {
    const res: FormattedExecutionResult<{ orgUnits: { edges: { node: { id: string; portrait: Record<string, unknown> | null } }[] } }> = await h.exec(
      `query($y: Int!) { orgUnits(first: 100) { edges { node { id portrait(year: $y) { leads { received } cases { opened } interviews { held } } } } } }`,
      { y: YEAR }, persona);
    const keyOf = new Map(UNIT_KEYS.map((k) => [unitId(unit(k)), k]));
    const got = res.data!.orgUnits.edges.filter((e) => keyOf.has(e.node.id)).map((e) => [keyOf.get(e.node.id)!, e.node.portrait] as const);
    const expectedVisible = UNIT_KEYS.filter((k) => reads(persona, k) || (persona === 'analystC1' && lineage(k).includes('C1'))).sort();
    expect(got.filter(([, p]) => p !== null).map(([k]) => k).sort()).toEqual(expectedVisible);
    const withDiscipline = got.filter(([k, p]) => p !== null && readsDisciplineFigures(persona, k));
    for (const [, p] of withDiscipline) expect(p!.leads).not.toBeNull();
    const without = got.filter(([k, p]) => p !== null && !readsDisciplineFigures(persona, k));
    for (const [, p] of without) expect([p!.leads, p!.cases]).toEqual([null, null]);
    expect(codes(res)).toEqual(Array(2 * without.length).fill('FORBIDDEN'));
    for (const e of res.errors ?? []) expect(['leads', 'cases']).toContain(e.path![e.path!.length - 1]);
  });

  it('refuses a portrait outside the readers\' scope, and the anonymous', async () => {
    expect(codes(await portrait('D1', 'disciplineM1'))).toEqual(['FORBIDDEN']);
    expect(codes(await portrait('D1', 'disciplineC2'))).toEqual(['FORBIDDEN']);
    expect(codes(await h.exec(`{ portrait(unitId: "${unitId(unit('D1'))}", year: ${YEAR}) { interviews { held } } }`))).toEqual(['UNAUTHENTICATED']);
  });

  it('gives portraits(parentId) each child\'s figures, like its own portrait', async () => {
    const res = await h.exec<{ portraits: { unit: { name: string } }[] }>(
      `query($p: ID!, $y: Int!) { portraits(parentId: $p, year: $y) { unit { name } ${SECTIONS} } }`, { p: unitId(unit('D1')), y: YEAR }, 'disciplineD1');
    expect(res.errors).toBeUndefined();
    expect(res.data!.portraits).toEqual([{ unit: { name: 'Unit S1' }, ...FIGURES.S1 }, { unit: { name: 'Unit S2' }, ...FIGURES.S2 }]);
  });

  /** Statements of one operation as a persona (the viewer's lookup is made before the count starts). */
  async function statements(persona: Persona, query: string): Promise<number> {
    const contextValue = await h.server.contextFor(await h.tokenOf(persona));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation({ query }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    return h.counter.count;
  }

  it('computes each section only when selected, one grouped statement for all the portraits of the request', async () => {
    const one = (k: UnitKey, selection: string) => `{ portrait(unitId: "${unitId(unit(k))}", year: ${YEAR}) { ${selection} } }`;
    const overhead = await statements('disciplineD1', one('D1', 'year'));
    expect(overhead).toBe(1);
    for (const section of ['leads { received }', 'cases { opened }', 'interviews { held }', 'reports { written }', 'suggestions { made }']) {
      expect(await statements('disciplineD1', one('D1', section))).toBe(overhead + 1);
    }
    expect(await statements('disciplineD1', one('D1', SECTIONS))).toBe(overhead + 5);
    // Aliased portraits of nested units at every depth, and the children's portraits: still one statement per section.
    const all = UNIT_KEYS.filter((k) => lineage(k).includes('C1'));
    const aliased = `{ ${all.map((k, i) => `u${i}: portrait(unitId: "${unitId(unit(k))}", year: ${YEAR}) { ${SECTIONS} }`).join(' ')} }`;
    expect(await statements('disciplineC1', aliased)).toBe(1 + 5);
    const children = `{ portraits(parentId: "${unitId(unit('D1'))}", year: ${YEAR}) { ${SECTIONS} } }`;
    const two = await statements('disciplineD1', children);
    expect(await statements('disciplineC1', `{ portraits(parentId: "${unitId(unit('C1'))}", year: ${YEAR}) { ${SECTIONS} } }`)).toBe(two);
  });
});
