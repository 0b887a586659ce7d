// The real org tree (issue 10): kinds of unit beside the tiers, and a tree that keeps
// its history. A street moves to another district in the past, a community is renamed
// and then merged into its sibling, and every read of a past day (asOf, the chain, the
// case proposal) walks the tree of that day, while today's tree decides who sees what.
import { addDays, today } from '../../src/clock';
import {
  Domain, Inspection, InspectionGroup, InspectionTarget, Problem, type Official, type OrgUnit, type Post,
} from '../../src/entities';
import { InspectionMode, InspectionStatus, Severity, SupervisionSource, Visibility } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import type { Persona, UnitKey } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';
import { officialId, unitId } from '../setup/ids';

const TODAY = today();
const BEFORE = addDays(TODAY, -100);
const MOVED = addDays(TODAY, -60);
const RENAMED = addDays(TODAY, -30);
const MERGED = addDays(TODAY, -10);

// Responses are checked field by field below; `any` keeps that terse.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

describeDb('the org tree: kinds of unit and the tree of a past day', () => {
  let h: Harness;
  let inspectionId: number;
  let caseId: string;
  const uid = (key: UnitKey): string => unitId(h.fixture.units[key]);
  const ok = async (p: Promise<{ data?: J; errors?: readonly { message: string }[] }>): Promise<J> => {
    const res = await p;
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  const names = (units: { name: string }[]) => units.map((u) => u.name);
  /** The titles of the tasks a persona can list (of the ones this test seeded). */
  const visibleTasks = async (persona: Persona | { token: string }, prefix = 'History '): Promise<string[]> => {
    const data = await ok(h.exec('{ tasks(first: 100) { edges { node { title } } } }', {}, persona));
    return data.tasks.edges.map((e: J) => e.node.title).filter((t: string) => t.startsWith(prefix)).sort();
  };
  const chainUnits = async (unit: OrgUnit, asOf: string | null): Promise<string[]> => {
    const domain = await h.db.getRepository(Domain).findOneByOrFail({ code: 'EDUCATION' });
    const data = await ok(h.exec(
      'query C($u: ID!, $d: ID!, $asOf: String) { responsibilityChain(unitId: $u, domainId: $d, asOf: $asOf) { unit { name } } }',
      { u: unitId(unit), d: encodeId('Domain', domain.id), asOf }, 'disciplineC1',
    ));
    return data.responsibilityChain.map((t: J) => t.unit.name);
  };

  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      const task = (unit: OrgUnit, post: Post, title: string) => r.task(unit, post, officials.officeS1 as Official, {
        title, year: Number(TODAY.slice(0, 4)), domain: 'HEALTH', visibility: Visibility.INTERNAL,
        milestones: [{ dueOn: addDays(TODAY, 30), targetPercent: 100 }],
      });
      await task(units.M1, posts.teamM1, 'History M1');
      await task(units.M2, posts.teamM2, 'History M2');
      // D1 inspects S1 (a round by one unit about another), with a finding.
      const at = new Date();
      const domain = await em.findOneByOrFail(Domain, { code: 'EDUCATION' });
      const inspection = await em.insert(Inspection, {
        cityId: units.D1.cityId, unitId: units.D1.id, year: Number(BEFORE.slice(0, 4)), round: 1, mode: InspectionMode.REGULAR, title: 'D1 round',
        startsOn: BEFORE, endsOn: addDays(BEFORE, 30), status: InspectionStatus.IN_PROGRESS, createdByOfficialId: officials.officeD1.id, createdAt: at,
      });
      inspectionId = Number(inspection.identifiers[0].id);
      const group = await em.insert(InspectionGroup, { cityId: units.D1.cityId, inspectionId, name: 'Group 1' });
      await em.insert(InspectionTarget, {
        cityId: units.D1.cityId, inspectionId, groupId: Number(group.identifiers[0].id), unitId: units.S1.id,
        feedback: null, feedbackToCommitteeAt: null, feedbackToPrincipalAt: null,
      });
      await em.insert(Problem, {
        cityId: units.D1.cityId, unitId: units.S1.id, domainId: domain.id, source: SupervisionSource.INSPECTION_FEEDBACK, severity: Severity.GENERAL,
        description: 'History finding', inspectionId, noticeId: null, caseId: null, createdByOfficialId: officials.disciplineD1.id, createdAt: at,
      });
    });
  });
  afterAll(() => h.close());

  describe('kinds of unit', () => {
    let department: J;

    it('hangs a department, an enterprise and a school under area units on the tier below, and refuses them elsewhere', async () => {
      const create = (input: Record<string, unknown>, as: Persona = 'adminD1') =>
        h.exec('mutation M($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id name level kind parent { name } } }', { input }, as);
      department = (await ok(create({ parentId: uid('D1'), name: '区教育局党组', kind: 'DEPARTMENT' }))).createOrgUnit;
      expect(department).toEqual(expect.objectContaining({ name: '区教育局党组', level: 'STREET', kind: 'DEPARTMENT', parent: { name: 'Unit D1' } }));
      const enterprise = (await ok(create({ parentId: uid('C1'), name: '市城投集团党委', kind: 'ENTERPRISE' }, 'adminC1'))).createOrgUnit;
      expect([enterprise.level, enterprise.kind]).toEqual(['DISTRICT', 'ENTERPRISE']);
      const school = (await ok(create({ parentId: uid('S2'), name: '中山路小学党支部', kind: 'INSTITUTION' }))).createOrgUnit;
      expect([school.level, school.kind]).toEqual(['COMMUNITY', 'INSTITUTION']);

      // Not under a community; nothing under a department; a tier that is not the one below.
      const refused = async (input: Record<string, unknown>, field: string) => {
        const res = await create(input);
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect((res.errors![0] as J).extensions.field).toBe(field);
      };
      await refused({ parentId: uid('M1'), name: 'x', kind: 'ENTERPRISE' }, 'parentId');
      await refused({ parentId: department.id, name: 'x', kind: 'AREA' }, 'parentId');
      await refused({ parentId: uid('D1'), name: 'x', kind: 'DEPARTMENT', level: 'COMMUNITY' }, 'level');
      // Another district's ADMIN cannot add to D1.
      expect(codes(await create({ parentId: uid('D1'), name: 'x', kind: 'DEPARTMENT' }, 'adminD2'))).toEqual(['FORBIDDEN']);
    });

    it('lists, filters and covers units by kind', async () => {
      const filtered = await ok(h.exec(
        'query K($under: ID!) { orgUnits(first: 50, filter: { under: $under, kind: DEPARTMENT }) { edges { node { name } } } '
        + 'orgUnit(id: $under) { descendants(first: 50, kind: INSTITUTION) { edges { node { name } } } } }',
        { under: uid('D1') }, 'officeD1',
      ));
      expect(filtered.orgUnits.edges.map((e: J) => e.node.name)).toEqual(['区教育局党组']);
      expect(filtered.orgUnit.descendants.edges.map((e: J) => e.node.name)).toEqual(['中山路小学党支部']);
      const coverage = await ok(h.exec(
        'query Cov($u: ID!) { inspectionCoverage(unitId: $u) { total kinds { kind total covered } uncovered(first: 50, kind: DEPARTMENT) { edges { node { name } } } } }',
        { u: uid('D1') }, 'officeD1',
      ));
      // Below D1: streets S1, S2 and communities M1, M2, M3 (AREA; D1's round covers S1), the department, the school.
      expect(coverage.inspectionCoverage.total).toBe(7);
      expect(coverage.inspectionCoverage.kinds).toEqual([
        { kind: 'AREA', total: 5, covered: 1 }, { kind: 'DEPARTMENT', total: 1, covered: 0 }, { kind: 'INSTITUTION', total: 1, covered: 0 },
      ]);
      expect(coverage.inspectionCoverage.uncovered.edges.map((e: J) => e.node.name)).toEqual(['区教育局党组']);
    });

    it('takes posts, accounts and key tasks like any unit: the department\'s OFFICE keeps its tasks, seen from D1 and not from D2', async () => {
      const official = (await ok(h.exec('mutation O($input: CreateOfficialInput!) { createOfficial(input: $input) { id } }',
        { input: { unitId: department.id, name: '部门办公室主任', title: '办公室主任' } }, 'adminD1'))).createOfficial;
      const post = (await ok(h.exec('mutation P($input: CreatePostInput!) { createPost(input: $input) { id unit { kind } } }',
        { input: { officialId: official.id, unitId: department.id, role: 'OFFICE', since: '2024-01-01' } }, 'adminD1'))).createPost;
      expect(post.unit).toEqual({ kind: 'DEPARTMENT' });
      const secretary = (await ok(h.exec('mutation P($input: CreatePostInput!) { createPost(input: $input) { id } }',
        { input: { officialId: official.id, unitId: department.id, role: 'SECRETARY', since: '2024-01-01' } }, 'adminD1'))).createPost;
      await ok(h.exec('mutation A($input: CreateAccountInput!) { createAccount(input: $input) { id } }',
        { input: { officialId: official.id, username: 'dept.office', password: 'Dept-office-password-2026' } }, 'adminD1'));
      const { login } = await ok(h.exec('mutation L { login(username: "dept.office", password: "Dept-office-password-2026") { token } }', {}, null));
      const domain = await h.db.getRepository(Domain).findOneByOrFail({ code: 'EDUCATION' });
      await ok(h.exec('mutation T($input: CreateTaskInput!) { createTask(input: $input) { id unit { name } } }', { input: {
        unitId: department.id, year: Number(TODAY.slice(0, 4)), title: 'Department task', domainId: encodeId('Domain', domain.id),
        leaderPostId: secretary.id, leadOffice: '办公室', goal: 'g', measures: 'm', milestones: [{ title: '完成', dueOn: addDays(TODAY, 20), targetPercent: 100 }],
      } }, { token: login.token }));
      expect(await visibleTasks({ token: login.token }, 'Department ')).toEqual(['Department task']);
      expect(await visibleTasks({ token: login.token })).toEqual([]);
      expect(await visibleTasks('officeD1', 'Department ')).toEqual(['Department task']);
      expect(await visibleTasks('officeD2', 'Department ')).toEqual([]);
    });

    it('keeps the scope rule for every kind: the department\'s records are seen from D1 and the city, not from a sibling district', async () => {
      const data = await ok(h.exec('{ orgUnits(first: 100, filter: { inMyScope: true, kind: DEPARTMENT }) { edges { node { name } } } }', {}, 'officeD1'));
      expect(data.orgUnits.edges.map((e: J) => e.node.name)).toEqual(['区教育局党组']);
      const sibling = await ok(h.exec('{ orgUnits(first: 100, filter: { inMyScope: true, kind: DEPARTMENT }) { edges { node { name } } } }', {}, 'officeD2'));
      expect(sibling.orgUnits.edges).toEqual([]);
    });
  });

  describe('a street moved to another district in the past', () => {
    const move = (effectiveOn: string | null, as: Persona = 'adminC1') => h.exec(
      'mutation M($id: ID!, $to: ID!, $on: String) { moveOrgUnit(id: $id, newParentId: $to, effectiveOn: $on) { id parent { name } } }',
      { id: uid('S1'), to: uid('D2'), on: effectiveOn }, as,
    );

    it('refuses a day in the future or further back than allowed, and an ADMIN of only one side', async () => {
      expect(codes(await move(addDays(TODAY, 1)))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await move(addDays(TODAY, -400)))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await move('2026-02-30'))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await move(MOVED, 'adminD1'))).toEqual(['FORBIDDEN']);
    });

    /** What a persona sees of what D1 issued about S1: the case, the round's targets, the finding. */
    const issued = async (persona: Persona) => {
      const data = await ok(h.exec(
        'query I($c: ID!, $i: ID!) { c: node(id: $c) { id } i: node(id: $i) { ... on Inspection { targets { unit { name } } } } '
        + 'cases(first: 50) { edges { node { title } } } problems(first: 50) { edges { node { description } } } }',
        { c: caseId, i: encodeId('Inspection', inspectionId) }, persona,
      ));
      return {
        case: data.c !== null && data.cases.edges.some((e: J) => e.node.title === 'D1 case'),
        targets: data.i?.targets.map((t: J) => t.unit.name) ?? null,
        finding: data.problems.edges.some((e: J) => e.node.description === 'History finding'),
      };
    };

    it('before the move: D1 opens a case about M1; D1 sees its case, round and finding, a sibling district none', async () => {
      const domain = await h.db.getRepository(Domain).findOneByOrFail({ code: 'EDUCATION' });
      const opened = await ok(h.exec('mutation O($input: OpenCaseInput!) { openCase(input: $input) { id } }', {
        input: { unitId: uid('M1'), officialId: officialId(h.fixture.officials.teamM1), domainId: encodeId('Domain', domain.id), incidentOn: BEFORE, title: 'D1 case', summary: 's' },
      }, 'disciplineD1'));
      caseId = opened.openCase.id;
      expect(await issued('disciplineD1')).toEqual({ case: true, targets: ['Unit S1'], finding: true });
      expect(await issued('officeD1')).toEqual({ case: false, targets: ['Unit S1'], finding: true });
      expect(await issued('officeD2')).toEqual({ case: false, targets: null, finding: false });
    });

    it('moves S1 from D1 to D2 as of its day, in one change kept in its history', async () => {
      const before = { tasksD1: await visibleTasks('officeD1'), tasksD2: await visibleTasks('officeD2') };
      expect(before).toEqual({ tasksD1: ['History M1', 'History M2'], tasksD2: [] });
      expect((await ok(move(MOVED))).moveOrgUnit.parent).toEqual({ name: 'Unit D2' });
      const history = await ok(h.exec(
        'query H($id: ID!) { orgUnit(id: $id) { history { kind effectiveOn fromParent { name } toParent { name } } } }', { id: uid('S1') }, 'officeD2',
      ));
      expect(history.orgUnit.history).toEqual([{ kind: 'MOVE', effectiveOn: MOVED, fromParent: { name: 'Unit D1' }, toParent: { name: 'Unit D2' } }]);
    });

    it('answers asOf reads with the tree of that day, and today\'s reads with today\'s', async () => {
      const read = (asOf: string | null) => ok(h.exec(
        'query T($s: ID!, $d1: ID!, $asOf: String) { street: orgUnit(id: $s, asOf: $asOf) { name parent { name } ancestors { name } children { name } } '
        + 'd1: orgUnit(id: $d1, asOf: $asOf) { children { name } descendants(first: 50, level: COMMUNITY) { totalCount edges { node { name } } } } '
        + 'orgUnits(first: 100, asOf: $asOf, filter: { under: $d1, level: STREET }) { edges { node { name } } } }',
        { s: uid('S1'), d1: uid('D1'), asOf }, 'officeD1',
      ));
      const then = await read(BEFORE);
      expect(then.street).toEqual({ name: 'Unit S1', parent: { name: 'Unit D1' }, ancestors: [{ name: 'Unit C1' }, { name: 'Unit D1' }], children: [{ name: 'Unit M1' }, { name: 'Unit M2' }] });
      expect(names(then.d1.children)).toEqual(['Unit S1', 'Unit S2']);
      expect(then.d1.descendants.edges.map((e: J) => e.node.name)).toEqual(['Unit M1', 'Unit M2', 'Unit M3']);
      expect(then.orgUnits.edges.map((e: J) => e.node.name)).toEqual(['Unit S1', 'Unit S2']);
      // The day of the move is the new tree's first day; and today's tree needs no day.
      for (const day of [MOVED, null]) {
        const now = await read(day);
        expect(now.street.parent).toEqual({ name: 'Unit D2' });
        expect(now.street.ancestors).toEqual([{ name: 'Unit C1' }, { name: 'Unit D2' }]);
        // The department was created today: not in the tree of the day of the move.
        const streets = day ? ['Unit S2'] : ['Unit S2', '区教育局党组'];
        expect(names(now.d1.children).sort()).toEqual(streets);
        expect(now.d1.descendants.edges.map((e: J) => e.node.name).sort()).toEqual(day ? ['Unit M3'] : ['Unit M3', '中山路小学党支部']);
        expect(now.orgUnits.edges.map((e: J) => e.node.name).sort()).toEqual(streets);
      }
      // A unit that did not exist on the day is null then.
      const dept = await ok(h.exec('{ orgUnits(first: 1, filter: { kind: DEPARTMENT }) { edges { node { id } } } }', {}, 'officeD1'));
      const gone = await ok(h.exec('query U($id: ID!, $asOf: String) { orgUnit(id: $id, asOf: $asOf) { name } }',
        { id: dept.orgUnits.edges[0].node.id, asOf: addDays(TODAY, -1) }, 'officeD1'));
      expect(gone.orgUnit).toBeNull();
    });

    it('walks the chain of the day: D1 before the move, D2 from its day on', async () => {
      const { units } = h.fixture;
      expect(await chainUnits(units.M1, BEFORE)).toEqual(['Unit M1', 'Unit S1', 'Unit D1', 'Unit C1']);
      expect(await chainUnits(units.M1, addDays(MOVED, -1))).toEqual(['Unit M1', 'Unit S1', 'Unit D1', 'Unit C1']);
      expect(await chainUnits(units.M1, MOVED)).toEqual(['Unit M1', 'Unit S1', 'Unit D2', 'Unit C1']);
      expect(await chainUnits(units.M1, null)).toEqual(['Unit M1', 'Unit S1', 'Unit D2', 'Unit C1']);
    });

    it('proposes for a case the chain of the incident day (一案双查): D1\'s DISCIPLINE head for an incident before the move', async () => {
      const domain = await h.db.getRepository(Domain).findOneByOrFail({ code: 'EDUCATION' });
      const open = (incidentOn: string) => ok(h.exec(
        'mutation O($input: OpenCaseInput!) { openCase(input: $input) { proposal { unit { name } role official { name } } } }',
        { input: { unitId: uid('M1'), officialId: officialId(h.fixture.officials.teamM1), domainId: encodeId('Domain', domain.id), incidentOn, title: `Incident ${incidentOn}`, summary: 'Summary' } },
        'disciplineC1',
      ));
      const before = (await open(BEFORE)).openCase.proposal.map((p: J) => p.unit.name);
      const after = (await open(MOVED)).openCase.proposal.map((p: J) => p.unit.name);
      expect(before).toContain('Unit D1');
      expect(after).not.toContain('Unit D1');
    });

    it('keeps with D1 what D1 issued about S1, and lets its DISCIPLINE act on the incident of the old tree', async () => {
      // D1 still sees its case, its round's target and finding; D2's posts see the finding of the unit now theirs.
      expect(await issued('disciplineD1')).toEqual({ case: true, targets: ['Unit S1'], finding: true });
      expect(await issued('officeD1')).toEqual({ case: false, targets: ['Unit S1'], finding: true });
      expect(await issued('officeD2')).toEqual({ case: false, targets: ['Unit S1'], finding: true });
      expect(await issued('officeS2')).toEqual({ case: false, targets: null, finding: false });
      expect(await issued('disciplineC2')).toEqual({ case: false, targets: null, finding: false });
      // A new case about M1: for an incident under the old tree, D1's DISCIPLINE may open it; for one after the move, not.
      const domain = await h.db.getRepository(Domain).findOneByOrFail({ code: 'EDUCATION' });
      const open = (incidentOn: string) => h.exec('mutation O($input: OpenCaseInput!) { openCase(input: $input) { id } }', {
        input: { unitId: uid('M1'), officialId: officialId(h.fixture.officials.teamM1), domainId: encodeId('Domain', domain.id), incidentOn, title: `D1 ${incidentOn}`, summary: 's' },
      }, 'disciplineD1');
      expect((await open(addDays(MOVED, -1))).errors).toBeUndefined();
      expect(codes(await open(MOVED))).toEqual(['FORBIDDEN']);
      // And record accountability from its own case, which D1 then sees.
      const made = await ok(h.exec(
        'mutation M($input: MakeAccountabilityRecordsInput!) { makeAccountabilityRecords(input: $input) { id } }',
        { input: { caseId, records: [{ officialId: officialId(h.fixture.officials.teamM1), postId: encodeId('Post', h.fixture.posts.teamM1.id), failure: 'MAIN_RESPONSIBILITY', measure: 'CRITICISM_NOTICE', decidedOn: TODAY, reason: 'r' }] } },
        'disciplineD1',
      ));
      const seen = await ok(h.exec('query R($id: ID!) { node(id: $id) { id } }', { id: made.makeAccountabilityRecords[0].id }, 'disciplineD1'));
      expect(seen.node).toEqual({ id: made.makeAccountabilityRecords[0].id });
    });

    it('lets today\'s tree decide who sees the street\'s records: D2 now, not D1, never the sibling street', async () => {
      expect(await visibleTasks('officeD2')).toEqual(['History M1', 'History M2']);
      expect(await visibleTasks('officeD1')).toEqual([]);
      expect(await visibleTasks('officeS2')).toEqual([]);
      expect(await visibleTasks('officeS1')).toEqual(['History M1', 'History M2']);
    });
  });

  describe('a community renamed, then merged into its sibling', () => {
    it('renames M2 as of its day; a change dated before a recorded one is refused', async () => {
      const rename = (name: string, on: string) => h.exec(
        'mutation R($id: ID!, $name: String!, $on: String) { renameOrgUnit(id: $id, name: $name, effectiveOn: $on) { name } }',
        { id: uid('M2'), name, on }, 'adminD2',
      );
      expect((await ok(rename('花园社区', RENAMED))).renameOrgUnit.name).toBe('花园社区');
      expect(codes(await rename('Too early', BEFORE))).toEqual(['BAD_USER_INPUT']);
      const names2 = await ok(h.exec('query N($id: ID!, $a: String, $b: String) { a: orgUnit(id: $id, asOf: $a) { name } b: orgUnit(id: $id, asOf: $b) { name } }',
        { id: uid('M2'), a: addDays(RENAMED, -1), b: RENAMED }, 'officeD2'));
      expect([names2.a.name, names2.b.name]).toEqual(['Unit M2', '花园社区']);
    });

    it('refuses to merge a unit that still has open units below it, or into another tier', async () => {
      const merge = (id: string, successorId: string) => h.exec(
        'mutation M($input: MergeOrgUnitInput!) { mergeOrgUnit(input: $input) { id } }', { input: { id, successorId, effectiveOn: MERGED } }, 'adminC1',
      );
      expect(codes(await merge(uid('M1'), uid('M3')))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await merge(uid('M2'), uid('S2')))).toEqual(['BAD_USER_INPUT']);
    });

    it('merges M2 into M1: closed, gone from today\'s tree, there on earlier days, and its records seen by M1\'s posts', async () => {
      expect(await visibleTasks('teamM1')).toEqual(['History M1']);
      const merged = await ok(h.exec(
        'mutation M($input: MergeOrgUnitInput!) { mergeOrgUnit(input: $input) { closedOn successor { name } history { kind effectiveOn relatedUnit { name } } } }',
        { input: { id: uid('M2'), successorId: uid('M1'), effectiveOn: MERGED } }, 'adminD2',
      ));
      expect(merged.mergeOrgUnit).toEqual({
        closedOn: MERGED, successor: { name: 'Unit M1' },
        history: [{ kind: 'RENAME', effectiveOn: RENAMED, relatedUnit: null }, { kind: 'MERGE', effectiveOn: MERGED, relatedUnit: { name: 'Unit M1' } }],
      });
      const tree = await ok(h.exec('query S($id: ID!, $a: String) { today: orgUnit(id: $id) { children { name } } then: orgUnit(id: $id, asOf: $a) { children { name } } }',
        { id: uid('S1'), a: addDays(MERGED, -1) }, 'officeS1'));
      expect(names(tree.today.children)).toEqual(['Unit M1']);
      expect(names(tree.then.children)).toEqual(['Unit M1', '花园社区']);
      // The successor's posts (and their ancestors) see the merged unit's records; its own post still does; a sibling never.
      expect(await visibleTasks('teamM1')).toEqual(['History M1', 'History M2']);
      expect(await visibleTasks('teamM2')).toEqual(['History M2']);
      expect(await visibleTasks('officeS2')).toEqual([]);
      // A closed unit takes no further change.
      expect(codes(await h.exec('mutation C($input: TreeChangeInput!) { closeOrgUnit(input: $input) { id } }', { input: { id: uid('M2') } }, 'adminC1')))
        .toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('a street split in two, and one of them closed', () => {
    it('splits S3 into new streets beside it from the day, each naming S3 as predecessor, and closes one', async () => {
      const SPLIT = addDays(TODAY, -20);
      const split = await ok(h.exec(
        'mutation S($input: SplitOrgUnitInput!) { splitOrgUnit(input: $input) { id name level kind parent { name } history { kind effectiveOn relatedUnit { name } } } }',
        { input: { id: uid('S3'), names: ['东街道', '西街道'], effectiveOn: SPLIT } }, 'adminD2',
      ));
      expect(split.splitOrgUnit.map((u: J) => [u.name, u.level, u.kind, u.parent.name, u.history])).toEqual(['东街道', '西街道'].map((name) => [
        name, 'STREET', 'AREA', 'Unit D2', [{ kind: 'SPLIT', effectiveOn: SPLIT, relatedUnit: { name: 'Unit S3' } }],
      ]));
      const s3 = await ok(h.exec('query H($id: ID!) { orgUnit(id: $id) { history { kind relatedUnit { name } } } }', { id: uid('S3') }, 'officeD2'));
      expect(s3.orgUnit.history.map((c: J) => [c.kind, c.relatedUnit.name])).toEqual([['SPLIT', '东街道'], ['SPLIT', '西街道']]);
      // Refused: no names, a blank name, a repeated name; a sibling district's ADMIN.
      for (const names of [[], ['  '], ['甲', '甲']]) {
        expect(codes(await h.exec('mutation S($input: SplitOrgUnitInput!) { splitOrgUnit(input: $input) { id } }', { input: { id: uid('S3'), names } }, 'adminD2')))
          .toEqual(['BAD_USER_INPUT']);
      }
      expect(codes(await h.exec('mutation S($input: SplitOrgUnitInput!) { splitOrgUnit(input: $input) { id } }', { input: { id: uid('S3'), names: ['x'] } }, 'adminD1')))
        .toEqual(['FORBIDDEN']);

      const west = split.splitOrgUnit[1].id;
      const closed = await ok(h.exec('mutation C($input: TreeChangeInput!) { closeOrgUnit(input: $input) { closedOn history { kind } } }', { input: { id: west } }, 'adminD2'));
      expect(closed.closeOrgUnit).toEqual({ closedOn: TODAY, history: [{ kind: 'SPLIT' }, { kind: 'CLOSE' }] });
      const tree = await ok(h.exec(
        'query T($d2: ID!, $before: String, $after: String) { today: orgUnit(id: $d2) { children { name } } '
        + 'yesterday: orgUnit(id: $d2, asOf: $after) { children { name } } before: orgUnit(id: $d2, asOf: $before) { children { name } } '
        + 'all: orgUnits(first: 50, filter: { under: $d2, level: STREET, includeClosed: true }) { totalCount } open: orgUnits(first: 50, filter: { under: $d2, level: STREET }) { totalCount } }',
        { d2: uid('D2'), before: addDays(SPLIT, -1), after: addDays(TODAY, -1) }, 'officeD2',
      ));
      expect(names(tree.before.children).sort()).toEqual(['Unit S1', 'Unit S3']);
      expect(names(tree.yesterday.children).sort()).toEqual(['Unit S1', 'Unit S3', '东街道', '西街道']);
      expect(names(tree.today.children).sort()).toEqual(['Unit S1', 'Unit S3', '东街道']);
      expect([tree.all.totalCount, tree.open.totalCount]).toEqual([4, 3]);
    });
  });

  describe('speed', () => {
    const count = async (query: string, variables: Record<string, unknown>) => {
      const contextValue = await h.server.contextFor(await h.tokenOf('officeD1'));
      h.counter.reset();
      const res = await h.server.apollo.executeOperation({ query, variables }, { contextValue });
      if (res.body.kind !== 'single') throw new Error('unexpected');
      expect(res.body.singleResult.errors).toBeUndefined();
      return { statements: h.counter.count, history: h.counter.statements.filter((q) => q.includes('org_unit_version')).length };
    };
    const TREE = 'query T($id: ID!, $asOf: String) { orgUnit(id: $id, asOf: $asOf) { name parent { name } children { name children { name children { name } } } } }';

    it('reads today\'s tree with no history join, and a past day\'s in a bounded number of statements', async () => {
      const todays = await count(TREE, { id: uid('C1'), asOf: null });
      expect(todays.history).toBe(0);
      const past = await count(TREE, { id: uid('C1'), asOf: BEFORE });
      // Today's row of the unit by its key (its city routes the rest), then the unit, its parent
      // and one statement per level of children as they were, whatever the number of units.
      expect(past.statements).toBeLessThanOrEqual(5);
      expect(past.statements).toBe(past.history + 1);
      const smaller = await count(TREE, { id: uid('D2'), asOf: BEFORE });
      expect(smaller.statements).toBeLessThanOrEqual(past.statements);
    });
  });
});
