// The portrait (政治生态素描画像): exact figures of a subtree computed by SQL aggregates,
// who may read it (posts in scope; ANALYST figures only, no names), and a statement
// count that does not grow with the data.
import type { EntityManager } from 'typeorm';
import { addDays, today } from '../../src/clock';
import {
  AccountabilityRecord, AccountabilityRevocation, Assessment, Inspection, InspectionGroup, InspectionTarget, Notice, NoticeCategory,
  Problem, RectificationItem, Domain,
} from '../../src/entities';
import type { OrgUnit, Post } from '../../src/entities';
import {
  Failure, Grade, InspectionMode, InspectionStatus, Measure, NoticeState, RectificationStatus, Severity, SupervisionSource, UnitLevel,
} from '../../src/schema/enums';
import { ResponsibilitySeeder, SeedBuilder } from '../../src/seed/builder';
import { encodeId } from '../../src/schema/node';
import {
  ChildrenPortraitsDocument, PortraitDocument, PortraitLeadersDocument, PortraitProblemsFoundDocument, PortraitsOfUnitsDocument,
  PortraitYearDocument, UnitPortraitDocument,
} from '../generated/graphql';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, UNIT_KEYS, type Persona } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';
import { lineage, reads, type Reader } from '../setup/tree';

describeDb('portrait', () => {
  let h: Harness;
  const day = today();
  const year = Number(day.slice(0, 4));
  const at = new Date();
  const unitId = (u: OrgUnit) => encodeId('OrgUnit', u.id);

  /** Records of every kind at a unit: enough to pin each figure. */
  async function seedUnit(em: EntityManager, unit: OrgUnit, leader: Post, official: { id: number }, k: number): Promise<void> {
    const r = new ResponsibilitySeeder(em);
    const edu = await em.findOneByOrFail(Domain, { code: 'EDUCATION' });
    const category = await em.findOneByOrFail(NoticeCategory, { code: 'FOUR_WINDS' });
    for (let i = 0; i < k; i++) {
      // One RED (missed milestone, overdue), one GREEN, one CLOSED per round.
      await r.task(unit, leader, official as never, { title: `red ${i}`, year, domain: 'EDUCATION', milestones: [{ dueOn: addDays(day, -3), targetPercent: 100 }] });
      await r.task(unit, leader, official as never, { title: `green ${i}`, year, domain: 'EDUCATION', milestones: [{ dueOn: addDays(day, 90), targetPercent: 100 }] });
      const done = await r.task(unit, leader, official as never, {
        title: `done ${i}`, year, domain: 'EDUCATION', milestones: [{ dueOn: addDays(day, -30), targetPercent: 100 }], progress: [[100, 'done']],
      });
      await r.closure(done, official as never, ['report'], { by: official as never, confirm: true });
      // A problem with one closed and one open item; a problem with no items.
      const { identifiers } = await em.insert(Problem, {
        cityId: unit.cityId, unitId: unit.id, domainId: edu.id, source: SupervisionSource.DAILY_SUPERVISION, severity: Severity.GENERAL,
        description: 'p', inspectionId: null, noticeId: null, caseId: null, createdByOfficialId: official.id, createdAt: at,
      });
      const problemId = Number(identifiers[0].id);
      await em.insert(RectificationItem, [RectificationStatus.CLOSED, RectificationStatus.OPEN].map((status) => ({
        cityId: unit.cityId, problemId, ownerPostId: leader.id, measure: 'm', deadline: addDays(day, -1), status,
        closedAt: status === RectificationStatus.CLOSED ? at : null, closedByOfficialId: null, principalApprovedByOfficialId: null,
        principalApprovedAt: null, supervisorApprovedByOfficialId: null, supervisorApprovedAt: null, createdAt: at,
      })));
      await em.insert(Problem, {
        cityId: unit.cityId, unitId: unit.id, domainId: edu.id, source: SupervisionSource.PUBLIC_COMPLAINT, severity: Severity.MINOR,
        description: 'q', inspectionId: null, noticeId: null, caseId: null, createdByOfficialId: official.id, createdAt: at,
      });
      // Two issued notices: one overdue, one reported.
      for (const [state, dueOn] of [[NoticeState.ISSUED, addDays(day, -1)], [NoticeState.REPORTED, addDays(day, 30)]] as const) {
        await em.insert(Notice, {
          cityId: unit.cityId, unitId: unit.id, categoryId: category.id, domainId: edu.id, recipientPostId: leader.id, title: 'n',
          problems: 'p', measures: 'm', source: SupervisionSource.DAILY_SUPERVISION, caseId: null, state, draftedByOfficialId: official.id,
          approvedByOfficialId: official.id, approvedAt: at, issuedAt: at, dueOn, reportedAt: state === NoticeState.REPORTED ? at : null,
          report: null, closedAt: null, version: 1, createdAt: at, updatedAt: at,
        });
      }
      // Accountability: a record, a revised record (only the revision counts), a revoked one (not counted).
      const record = (measure: Measure, revisionOf: number | null = null) => ({
        cityId: unit.cityId, officialId: official.id, postId: leader.id, unitId: unit.id, issuerUnitId: unit.id, caseId: null, failure: Failure.MAIN_RESPONSIBILITY,
        measure, decidedOn: `${year}-01-15`, reason: 'r', revisionOf, createdByOfficialId: official.id, createdAt: at,
      });
      await em.insert(AccountabilityRecord, record(Measure.CRITICISM_NOTICE));
      const first = Number((await em.insert(AccountabilityRecord, record(Measure.WARNING))).identifiers[0].id);
      await em.insert(AccountabilityRecord, record(Measure.ADMONISHMENT_TALK, first));
      const revoked = Number((await em.insert(AccountabilityRecord, record(Measure.DISMISSAL))).identifiers[0].id);
      await em.insert(AccountabilityRevocation, { cityId: unit.cityId, recordId: revoked, reason: 'wrong', revokedOn: day, createdByOfficialId: official.id, createdAt: at });
    }
  }

  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    await h.db.transaction(async (em) => {
      await seedUnit(em, units.M1, posts.teamM1, officials.teamM1, 2);
      await seedUnit(em, units.S1, posts.secretaryS1, officials.secretaryS1, 1);
      await seedUnit(em, units.D2 as OrgUnit, posts.secretaryS1, officials.secretaryS1, 1); // another district: never counted for D1
      // D1 inspects S1 and M1 this year: 2 of the 6 units below D1 (S1, M1, M2, S2, M3 and not the grids... see figures).
      const { identifiers } = await em.insert(Inspection, {
        cityId: units.D1.cityId, unitId: units.D1.id, year, round: 1, mode: InspectionMode.REGULAR, title: 'r1',
        startsOn: `${year}-01-10`, endsOn: `${year}-02-10`, status: InspectionStatus.CLOSED, createdByOfficialId: officials.disciplineD1.id, createdAt: at,
      });
      const inspectionId = Number(identifiers[0].id);
      const group = Number((await em.insert(InspectionGroup, { cityId: units.D1.cityId, inspectionId, name: 'g' })).identifiers[0].id);
      for (const u of [units.S1, units.M1]) {
        await em.insert(InspectionTarget, {
          cityId: u.cityId, inspectionId, groupId: group, unitId: u.id, feedback: null, feedbackToCommitteeAt: null, feedbackToPrincipalAt: null,
        });
      }
      const r = new ResponsibilitySeeder(em);
      await r.letter(units.S1, year, posts.secretaryS1, { unit: units.M1 }, 'c', officials.secretaryM1);
      await r.letter(units.S1, year, posts.secretaryS1, { unit: units.M2 }, 'c');
      for (const [u, total, grade, vetoed] of [[units.S1, 9250, Grade.EXCELLENT, false], [units.S2, 5000, Grade.POOR, true]] as const) {
        await em.insert(Assessment, {
          cityId: u.cityId, unitId: u.id, assessorUnitId: units.D1.id, year, total, grade, vetoed, vetoReason: vetoed ? 'case' : null,
          feedback: null, requirements: null, followUpOn: null, followUpResult: null, createdByOfficialId: officials.officeD1.id, createdAt: at, updatedAt: at,
        });
      }
    });
  });
  afterAll(() => h.close());

  it('gives the exact figures of a district\'s subtree (M1 twice, S1 once; D2 never)', async () => {
    const res = await h.exec(PortraitDocument, { unitId: unitId(h.fixture.units.D1), year }, 'disciplineD1');
    expect(res.errors).toBeUndefined();
    const p = res.data!.portrait;
    // D1, S1, M1, G1, G2, M2, S2, M3.
    expect(p.units).toBe(8);
    expect(p.tasks).toEqual({ total: 9, red: 3, yellow: 0, green: 6, closed: 3, overdue: 3, closureRate: 0.333, overdueRate: 0.333 });
    expect(p.problems).toEqual({ found: 6, rectified: 0, open: 6, items: 6, itemsClosed: 3, itemsOverdue: 3, rectificationRate: 0 });
    expect(p.notices).toEqual({ issued: 6, reported: 3, closed: 0, overdue: 3 });
    // Below D1 down to communities: S1, M1, M2, S2, M3 (grids excluded); S1 and M1 inspected.
    expect(p.inspection).toEqual({ cycleStart: `${year - 4}-01-01`, units: 5, inspected: 2, coverage: 0.4 });
    expect(p.accountability).toEqual({
      total: 6, byFailure: [{ key: 'MAIN_RESPONSIBILITY', count: 6 }],
      byMeasure: [{ key: 'ADMONISHMENT_TALK', count: 3 }, { key: 'CRITICISM_NOTICE', count: 3 }],
    });
    expect(p.letters).toEqual({ issued: 2, signed: 1, signedRate: 0.5 });
    expect(p.assessments).toEqual({ assessed: 2, averageTotal: 71.25, vetoed: 1, byGrade: [{ key: 'EXCELLENT', count: 1 }, { key: 'POOR', count: 1 }] });
  });

  it('narrows to a street\'s subtree', async () => {
    const p = (await h.exec(PortraitDocument, { unitId: unitId(h.fixture.units.S1), year }, 'secretaryS1')).data!.portrait;
    expect(p.units).toBe(5);
    expect(p.tasks.total).toBe(9);
    expect(p.inspection).toMatchObject({ units: 2, inspected: 1 }); // M1 and M2; M1 inspected
    expect(p.assessments.assessed).toBe(1);
  });

  // Readers of D1's portrait: posts in scope (not ADMIN) and ANALYST at C1.
  const READERS: Persona[] = ['officeD1', 'disciplineC1', 'disciplineD1', 'analystC1'];
  it.each(ALL_PERSONAS.filter((p) => p !== 'inactive'))('D1\'s portrait as %s', async (persona) => {
    const res = await h.exec(PortraitLeadersDocument, { unitId: unitId(h.fixture.units.D1), year }, persona);
    if (!READERS.includes(persona)) {
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data).toBeNull();
      return;
    }
    expect(res.data!.portrait.tasks.red).toBe(3);
    if (persona === 'analystC1') {
      // Figures, no names.
      expect(res.data!.portrait.redTaskLeaders).toBeNull();
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.errors![0].path).toEqual(['portrait', 'redTaskLeaders']);
    } else {
      expect(res.errors).toBeUndefined();
      expect(res.data!.portrait.redTaskLeaders).toEqual([
        { red: 2, overdue: 2, official: { name: 'Official teamM1' } },
        { red: 1, overdue: 1, official: { name: 'Official secretaryS1' } },
      ]);
    }
  });

  it('refuses the anonymous and the deactivated', async () => {
    for (const as of [null, 'inactive'] as const) {
      expect(codes(await h.exec(PortraitDocument, { unitId: unitId(h.fixture.units.D1), year }, as))).toEqual(['UNAUTHENTICATED']);
    }
  });

  /** Statements of one operation as a persona, counted after sign-in (the viewer's lookup is not counted). */
  async function statements(persona: Persona, query: unknown, variables: Record<string, unknown> = {}): Promise<number> {
    const contextValue = await h.server.contextFor(await h.tokenOf(persona));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation({ query: query as never, variables }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    return h.counter.count;
  }

  /** One query with a root portrait per unit, aliased u0, u1, ... */
  const aliased = (units: OrgUnit[], selection: string): string =>
    `{ ${units.map((u, i) => `u${i}: portrait(unitId: "${unitId(u)}", year: ${year}) { ${selection} }`).join(' ')} }`;

  it('gives OrgUnit.portrait the figures of the root portrait, section by section', async () => {
    const { units } = h.fixture;
    for (const [unit, persona] of [[units.D1, 'disciplineD1'], [units.S1, 'secretaryS1'], [units.C1, 'disciplineC1'], [units.G1, 'secretaryG1']] as const) {
      const root = await h.exec(PortraitDocument, { unitId: unitId(unit), year }, persona);
      const leaders = await h.exec(PortraitLeadersDocument, { unitId: unitId(unit), year }, persona);
      const nested = await h.exec(UnitPortraitDocument, { unitId: unitId(unit), year }, persona);
      expect(nested.errors).toBeUndefined();
      expect(nested.data!.orgUnit!.portrait).toEqual({ ...root.data!.portrait, redTaskLeaders: leaders.data!.portrait.redTaskLeaders });
    }
  });

  it('gives the ANALYST the figures of OrgUnit.portrait but not the names', async () => {
    const res = await h.exec(UnitPortraitDocument, { unitId: unitId(h.fixture.units.D1), year }, 'analystC1');
    const root = await h.exec(PortraitDocument, { unitId: unitId(h.fixture.units.D1), year }, 'analystC1');
    const { redTaskLeaders, ...figures } = res.data!.orgUnit!.portrait!;
    expect(figures).toEqual(root.data!.portrait);
    expect(redTaskLeaders).toBeNull();
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.errors![0].path).toEqual(['orgUnit', 'portrait', 'redTaskLeaders']);
  });

  // The same readers as Query.portrait: posts in scope, and ANALYST in scope; everyone else reads null, without an error.
  it.each(ALL_PERSONAS.filter((p) => p !== 'inactive') as Reader[])('OrgUnit.portrait of every fixture unit as %s', async (persona) => {
    const res = await h.exec(PortraitsOfUnitsDocument, { year }, persona);
    expect(res.errors).toBeUndefined();
    const keyOf = new Map(UNIT_KEYS.map((k) => [unitId(h.fixture.units[k]), k]));
    const visible = res.data!.orgUnits.edges
      .filter((e) => keyOf.has(e.node.id) && e.node.portrait !== null).map((e) => keyOf.get(e.node.id)!).sort();
    const expected = UNIT_KEYS
      .filter((k) => reads(persona, k) || (persona === 'analystC1' && lineage(k).includes('C1'))).sort();
    expect(visible).toEqual(expected);
  });

  it('computes only the sections asked: problems found and rectified cost one statement', async () => {
    const variables = { unitId: unitId(h.fixture.units.D1), year };
    // The request's fixed overhead: the unit's lookup (the viewer's is made before the count starts).
    const overhead = await statements('disciplineD1', PortraitYearDocument, variables);
    expect(overhead).toBe(1);
    expect(await statements('disciplineD1', PortraitProblemsFoundDocument, variables)).toBe(overhead + 1);
    // Every section: one statement each (units, tasks, problems, notices, inspection, accountability, letters, assessments).
    expect(await statements('disciplineD1', PortraitDocument, variables)).toBe(overhead + 8);
  });

  it('answers each aliased portrait like a portrait of its own, overlapping subtrees and years included', async () => {
    const { units } = h.fixture;
    const all = UNIT_KEYS.filter((k) => lineage(k).includes('C1')).map((k) => units[k]);
    const selection = 'units tasks { total red } problems { found rectified items } notices { issued } inspection { units inspected } '
      + 'accountability { total byFailure { key count } byMeasure { key count } } letters { issued signed } assessments { assessed averageTotal byGrade { key count } }';
    const together = await h.exec<Record<string, unknown>>(aliased(all, selection), {}, 'disciplineC1');
    expect(together.errors).toBeUndefined();
    for (const [i, u] of all.entries()) {
      const alone = await h.exec<Record<string, unknown>>(aliased([u], selection), {}, 'disciplineC1');
      expect(together.data![`u${i}`]).toEqual(alone.data!.u0);
    }
    // Roots at every depth, nested in one another: still one statement per section (the units' lookup, then 8 sections).
    expect(await statements('disciplineC1', aliased(all, selection))).toBe(1 + 8);
    // Two years in one request: each its own figures.
    const years = await h.exec<{ now: { tasks: { total: number } }; before: { tasks: { total: number } } }>(
      `{ now: portrait(unitId: "${unitId(units.D1)}", year: ${year}) { tasks { total } } before: portrait(unitId: "${unitId(units.D1)}", year: ${year - 1}) { tasks { total } } }`,
      {}, 'disciplineD1');
    expect(years.data!.now.tasks.total).toBeGreaterThan(0);
    expect(years.data!.before.tasks.total).toBe(0);
  });

  it('costs the same statements whatever the data (aggregates, not rows)', async () => {
    const variables = { unitId: unitId(h.fixture.units.C1), year };
    const small = await statements('disciplineC1', PortraitLeadersDocument, variables);
    await h.db.transaction((em) => seedUnit(em, h.fixture.units.M2, h.fixture.posts.teamM2, h.fixture.officials.teamM2, 5));
    const large = await statements('disciplineC1', PortraitLeadersDocument, variables);
    // The unit, the tasks, the leaders and their officials.
    expect(large).toBe(small);
    expect(large).toBe(4);
    const all = await statements('disciplineC1', PortraitDocument, variables);
    expect(all).toBe(9);
    process.stdout.write(`[n+1] portrait of a city: ${large} statements (tasks and leaders); every section: ${all}\n`);
  });

  it('costs the same statements for 2 districts as for 14, and for 14 aliased portraits as for 1', async () => {
    const { units, posts, officials } = h.fixture;
    // C2 gets 13 more districts (14 in all), two of them with records.
    const districts = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      const added: OrgUnit[] = [];
      for (let i = 1; i <= 13; i++) added.push(await b.unit(units.C2, `Extra district ${String(i).padStart(2, '0')}`, UnitLevel.DISTRICT));
      for (const d of added.slice(0, 2)) await seedUnit(em, d, posts.disciplineC2, officials.disciplineC2, 1);
      return added;
    });
    const two = await statements('disciplineC1', ChildrenPortraitsDocument, { unitId: unitId(units.C1), year });
    const fourteen = await statements('disciplineC2', ChildrenPortraitsDocument, { unitId: unitId(units.C2), year });
    // The unit with its children (one statement), the problems and the accountability of all the children.
    expect(two).toBe(3);
    expect(fourteen).toBe(two);
    const res = await h.exec(ChildrenPortraitsDocument, { unitId: unitId(units.C2), year }, 'disciplineC2');
    const children = res.data!.orgUnit!.children;
    expect(children).toHaveLength(14);
    const seeded = { problems: { found: 2, rectified: 0 }, accountability: { total: 2, byMeasure: [{ key: 'ADMONISHMENT_TALK', count: 1 }, { key: 'CRITICISM_NOTICE', count: 1 }] } };
    const empty = { problems: { found: 0, rectified: 0 }, accountability: { total: 0, byMeasure: [] } };
    expect(children.map((c) => [c.name, c.portrait])).toEqual(
      [...districts.map((d) => d.name), units.D3.name].map((name) => [name, name.endsWith(' 01') || name.endsWith(' 02') ? seeded : empty]));

    const selection = 'problems { found rectified } accountability { total byMeasure { key count } }';
    const fourteenDistricts = [units.D3, ...districts];
    const one = await statements('disciplineC2', aliased([units.D3], selection));
    const many = await statements('disciplineC2', aliased(fourteenDistricts, selection));
    // The units (one batch), the problems and the accountability.
    expect(one).toBe(3);
    expect(many).toBe(one);
    process.stdout.write(`[n+1] per-district figures: 2 children: ${two} statements; 14 children: ${fourteen}; 1 aliased portrait: ${one}; 14: ${many}\n`);
  });
});
