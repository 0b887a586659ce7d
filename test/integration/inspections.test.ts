// Inspections (巡察), problems and rectification: who reads which round, target, finding
// and item (a persona matrix against tables of the fixture tree, INSPECTORs through
// their current memberships only), the author of a finding for the inspecting side only,
// coverage of a subtree in a cycle, the life cycle through the API (groups, members,
// targets, findings, suggestions, dual feedback, rectification lists and 双审), and
// refused writes that change nothing. A second suite pins the statements of a round.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { FormattedExecutionResult } from 'graphql';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { signToken } from '../../src/auth/token';
import { addDays, today } from '../../src/clock';
import {
  AuditEntry, Domain, Inspection, InspectionGroup, InspectionMember, InspectionSuggestion, InspectionTarget, Official, OrgUnit, Post,
  Problem, RectificationItem,
} from '../../src/entities';
import { InspectionMode, InspectionStatus, PostRole, Severity, SupervisionSource, UnitLevel } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { SeedBuilder } from '../../src/seed/builder';
import { seedDemo } from '../../src/seed/demo';
import { InspectionSeeder } from '../../src/seed/demo-inspections';
import {
  InspAddGroupDocument, InspAddItemDocument, InspAddMemberDocument, InspAddTargetDocument, InspAdvanceDocument, InspApproveDocument,
  InspAuthorsDocument, InspCloseItemDocument, InspCoverageDocument, InspCreateDocument, InspCreateProblemDocument,
  InspEndMemberDocument, InspFeedbackDocument, InspFindingDocument, InspInspectionDocument, InspInspectionsDocument, InspItemsDocument,
  InspNodeDocument, InspProblemAuthorsDocument, InspProblemsDocument, InspStatementsDocument, InspSuggestDocument,
  type InspCoverageQuery, type InspectionFilter, type ProblemFilter, type RectificationItemFilter,
} from '../generated/graphql';
import { closeTestDatabase, dbKind, describeDb, openTestDatabase } from '../setup/db';
import { ALL_PERSONAS, PASSWORD, type Persona, type UnitKey } from '../setup/fixture';
import { lineage } from '../setup/tree';
import { codes, ok, refusedWithout, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

const TODAY = today();
const d = (n: number): string => addDays(TODAY, n);
const THIS_YEAR = Number(TODAY.slice(0, 4));
/** The matrix rounds belong to last year (their targets count in the default five-year cycle). */
const MATRIX_YEAR = THIS_YEAR - 1;

// ---- Who is who: the fixture's personas and the posts this file adds ----

type Inspector = 'inspectorA' | 'inspectorB' | 'inspectorGone' | 'inspectorLater' | 'inspectorC2';
type Extra = Inspector | 'secretaryD1' | 'teamD1' | 'secretaryS2' | 'twoHats' | 'officeInspectorS1';
type Who = Exclude<Persona, 'inactive'> | Extra;
type As = Who | 'inactive' | null;
type Result = FormattedExecutionResult<Record<string, unknown>>;

/** [unit, role] of each extra post (twoHats holds two: SECRETARY at M3 and at S2; officeInspectorS1: OFFICE and INSPECTOR at S1). */
const EXTRA_POSTS: [Extra, UnitKey, PostRole, string[]?][] = [
  ['inspectorA', 'D1', PostRole.INSPECTOR], ['inspectorB', 'D1', PostRole.INSPECTOR], ['inspectorGone', 'D1', PostRole.INSPECTOR],
  ['inspectorLater', 'S1', PostRole.INSPECTOR], ['inspectorC2', 'C2', PostRole.INSPECTOR],
  ['secretaryD1', 'D1', PostRole.SECRETARY], ['teamD1', 'D1', PostRole.TEAM_MEMBER, ['EDUCATION']],
  ['secretaryS2', 'S2', PostRole.SECRETARY], ['twoHats', 'M3', PostRole.SECRETARY], ['twoHats', 'S2', PostRole.SECRETARY],
  ['officeInspectorS1', 'S1', PostRole.OFFICE], ['officeInspectorS1', 'S1', PostRole.INSPECTOR],
];


/**
 * Where each one reads inspection records by the scope rule: the units of their posts that
 * are not ADMIN, ANALYST or INSPECTOR. Inspectors read only through their assignments.
 */
const READS_AT: Record<Who, UnitKey[]> = {
  adminC1: [], adminD1: [], adminD2: [], adminC2: [], analystC1: [], retired: [],
  officeD1: ['D1'], officeD2: ['D2'], officeS1: ['S1'], officeS2: ['S2'], secretaryS1: ['S1'], secretaryM1: ['M1'],
  disciplineC1: ['C1'], disciplineC2: ['C2'], disciplineD1: ['D1'], disciplineM1: ['M1'], teamM1: ['M1'], teamM2: ['M2'],
  secretaryG1: ['G1'], informantG2: ['G2'],
  inspectorA: [], inspectorB: [], inspectorGone: [], inspectorLater: [], inspectorC2: [],
  secretaryD1: ['D1'], teamD1: ['D1'], secretaryS2: ['S2'], twoHats: ['M3', 'S2'], officeInspectorS1: ['S1'],
};
const reads = (who: Who, unit: UnitKey): boolean => READS_AT[who].some((at) => lineage(unit).includes(at));
const EVERYONE = [...ALL_PERSONAS.filter((p): p is Exclude<Persona, 'inactive'> => p !== 'inactive'), ...Object.keys({
  inspectorA: 1, inspectorB: 1, inspectorGone: 1, inspectorLater: 1, inspectorC2: 1, secretaryD1: 1, teamD1: 1, secretaryS2: 1, twoHats: 1,
  officeInspectorS1: 1,
} satisfies Record<Extra, 1>) as Extra[]];

// ---- The matrix records (seeded directly) ----

type Round = 'R1 D1' | 'R2 C2' | 'R3 D2' | 'R4 D1';
/** Each round: inspecting unit, status, and its targets with the group inspecting each. */
const ROUNDS: Record<Round, { unit: UnitKey; status: InspectionStatus; startsOn: string; targets: Partial<Record<UnitKey, string>> }> = {
  'R1 D1': { unit: 'D1', status: InspectionStatus.FEEDBACK, startsOn: `${MATRIX_YEAR}-03-01`, targets: { S1: 'Group A', M1: 'Group A', M3: 'Group B' } },
  'R2 C2': { unit: 'C2', status: InspectionStatus.IN_PROGRESS, startsOn: `${MATRIX_YEAR}-04-01`, targets: { D3: 'Group C' } },
  'R3 D2': { unit: 'D2', status: InspectionStatus.CLOSED, startsOn: `${MATRIX_YEAR}-02-01`, targets: { S3: 'Group D' } },
  // Planned, starting in a month: not yet counted by coverage.
  'R4 D1': { unit: 'D1', status: InspectionStatus.PLANNED, startsOn: d(30), targets: { M2: 'Group E' } },
};
const ROUND_NAMES = Object.keys(ROUNDS) as Round[];
/** Memberships: [inspector, round, group, since, until]. */
const MEMBERSHIPS: [Inspector, Round, string, string, string | null][] = [
  ['inspectorA', 'R1 D1', 'Group A', d(-30), null],
  ['inspectorGone', 'R1 D1', 'Group A', d(-30), d(-1)],
  ['inspectorLater', 'R1 D1', 'Group A', d(1), null],
  ['inspectorB', 'R1 D1', 'Group B', d(-30), null],
  ['inspectorC2', 'R2 C2', 'Group C', d(-30), d(0)],
];
/** The targets each inspector is assigned to today. */
const ASSIGNED: Record<Who, [Round, UnitKey][]> = Object.fromEntries(EVERYONE.map((who) => [who, MEMBERSHIPS
  .filter(([i, , , since, until]) => i === who && since <= TODAY && (until === null || until >= TODAY))
  .flatMap(([, round, group]) => (Object.entries(ROUNDS[round].targets) as [UnitKey, string][])
    .filter(([, g]) => g === group).map(([unit]) => [round, unit] as [Round, UnitKey]))])) as Record<Who, [Round, UnitKey][]>;
const assigned = (who: Who, round: Round, unit: UnitKey): boolean => ASSIGNED[who].some(([r, u]) => r === round && u === unit);

/** Problems: [description, unit, round of a finding or null]. */
const PROBLEMS: [string, UnitKey, Round | null][] = [
  ['F S1', 'S1', 'R1 D1'], ['F M1', 'M1', 'R1 D1'], ['F M3', 'M3', 'R1 D1'], ['F D3', 'D3', 'R2 C2'], ['F S3', 'S3', 'R3 D2'],
  ['P M2', 'M2', null], ['P G2', 'G2', null], ['P C1', 'C1', null],
];
/** Items: [measure, problem, open]. */
const ITEMS: [string, string, boolean][] = [['I M1', 'F M1', true], ['I M3', 'F M3', true], ['I S3', 'F S3', false], ['I M2', 'P M2', true], ['I C1', 'P C1', false]];
/** Suggestions: [text, round, target unit]. */
const SUGGESTIONS: [string, Round, UnitKey][] = [['Suggest M1', 'R1 D1', 'M1'], ['Suggest M3', 'R1 D1', 'M3']];

// What a viewer sees, from the tables above (not from the code under test):
const fullOf = (who: Who, round: Round): boolean => reads(who, ROUNDS[round].unit);
const seesTargetOf = (who: Who, round: Round, unit: UnitKey): boolean => reads(who, unit) || assigned(who, round, unit);
const targetsSeen = (who: Who, round: Round): UnitKey[] =>
  (Object.keys(ROUNDS[round].targets) as UnitKey[]).filter((u) => fullOf(who, round) || seesTargetOf(who, round, u));
const roundsSeen = (who: Who): Round[] => ROUND_NAMES.filter((r) => fullOf(who, r) || targetsSeen(who, r).length > 0);
const problemsSeen = (who: Who): string[] =>
  PROBLEMS.filter(([, unit, round]) => reads(who, unit) || (round !== null && assigned(who, round, unit))).map(([desc]) => desc);
const authorSeen = (who: Who, desc: string): boolean => {
  const [, unit, round] = PROBLEMS.find(([p]) => p === desc)!;
  return round === null || fullOf(who, round) || assigned(who, round, unit);
};
const sortedTargets = (round: Round, units: UnitKey[]): string[] =>
  (Object.keys(ROUNDS[round].targets) as UnitKey[]).filter((u) => units.includes(u)).map((u) => `Unit ${u}`);

describeDb('inspections, problems and rectification', () => {
  let h: Harness;
  const tokens = {} as Record<Extra, { token: string }>;
  const posts = {} as Record<Extra, Post[]>;
  const ids = {
    rounds: {} as Record<Round, string>, targets: {} as Record<string, string>, groups: {} as Record<string, string>,
    members: {} as Record<string, string>, problems: {} as Record<string, string>, items: {} as Record<string, string>,
    suggestions: {} as Record<string, string>,
  };
  const domains: Record<string, string> = {};

  const as = (who: As): Persona | { token: string } | null => (who && who in tokens ? tokens[who as Extra] : (who as Persona | null));
  const run = <R, V>(doc: TypedDocumentNode<R, V>, vars: V, who: As) => h.exec(doc, vars, as(who));
  const unit = (key: UnitKey): string => unitId(h.fixture.units[key]);
  const postId = (p: Post): string => encodeId('Post', p.id);
  const personaPost = (who: Persona): string => postId(h.fixture.posts[who]);

  beforeAll(async () => {
    h = await startHarness();
    const { units, officials, posts: fixturePosts } = h.fixture;
    const accounts = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      const people = {} as Record<Extra, Official>;
      const made: [Extra, number][] = [];
      for (const [key, at, role, domainCodes] of EXTRA_POSTS) {
        if (!people[key]) {
          people[key] = await b.official(units[at], `Official ${key}`, key);
          made.push([key, (await b.account(people[key], key.toLowerCase(), PASSWORD)).id]);
        }
        (posts[key] ??= []).push(await b.post(people[key], units[at], role, { since: '2024-01-01', domains: domainCodes }));
      }

      const s = new InspectionSeeder(em);
      const rounds = {} as Record<Round, Inspection>;
      const groups: Record<string, InspectionGroup> = {};
      const targets: Record<string, InspectionTarget> = {};
      for (const [i, name] of ROUND_NAMES.entries()) {
        const r = ROUNDS[name];
        rounds[name] = await s.inspection(units[r.unit], officials.officeD1, {
          year: MATRIX_YEAR, round: i + 1, mode: InspectionMode.REGULAR, title: name, startsOn: r.startsOn, endsOn: addDays(r.startsOn, 60), status: r.status,
        });
        ids.rounds[name] = encodeId('Inspection', rounds[name].id);
        for (const [target, group] of Object.entries(r.targets) as [UnitKey, string][]) {
          groups[group] ??= await s.group(rounds[name], group);
          ids.groups[group] = encodeId('InspectionGroup', groups[group].id);
          targets[target] = await s.target(rounds[name], groups[group], units[target], target === 'S1'
            ? { text: 'Feedback S1', committee: true }
            : target === 'M3' ? { text: 'Feedback M3', committee: true, principal: true } : undefined);
          ids.targets[`${name} ${target}`] = encodeId('InspectionTarget', targets[target].id);
        }
      }
      for (const [who, , group, since, until] of MEMBERSHIPS) {
        const member = await s.member(groups[group], posts[who][0], since, until);
        ids.members[`${who} ${group}`] = encodeId('InspectionMember', member.id);
      }
      for (const [text, , target] of SUGGESTIONS) {
        const suggestion = await s.suggestion(targets[target], people.inspectorA, text);
        ids.suggestions[text] = encodeId('InspectionSuggestion', suggestion.id);
      }
      const authors: Record<string, Official> = {
        'F S1': people.inspectorA, 'F M1': people.inspectorA, 'F M3': people.inspectorB, 'F D3': people.inspectorC2, 'F S3': officials.officeD2,
        'P M2': officials.disciplineD1, 'P G2': officials.disciplineM1, 'P C1': officials.disciplineC1,
      };
      const domainOf: Record<string, string> = { 'F S1': 'EDUCATION', 'F M1': 'EDUCATION', 'F M3': 'FINANCE' };
      const problems: Record<string, Problem> = {};
      for (const [desc, at, round] of PROBLEMS) {
        problems[desc] = await s.problem(units[at], authors[desc], {
          domain: domainOf[desc] ?? 'HEALTH', description: desc, inspection: round ? rounds[round] : undefined,
          source: desc === 'P G2' ? SupervisionSource.PUBLIC_COMPLAINT : desc === 'P C1' ? SupervisionSource.SPECIAL_SURVEY : undefined,
          severity: desc === 'F M3' ? Severity.CRITICAL : Severity.GENERAL,
        });
        ids.problems[desc] = encodeId('Problem', problems[desc].id);
      }
      const owners: Record<string, Post> = {
        'I M1': fixturePosts.teamM1, 'I M3': posts.twoHats[0], 'I S3': fixturePosts.officeD2, 'I M2': fixturePosts.teamM2, 'I C1': fixturePosts.disciplineC1,
      };
      for (const [measure, problem, open] of ITEMS) {
        const item = await s.item(problems[problem], owners[measure], {
          measure, deadline: measure === 'I M2' ? d(-2) : d(10), closedBy: open ? undefined : officials.disciplineC1,
        });
        ids.items[measure] = encodeId('RectificationItem', item.id);
      }
      return made;
    });
    for (const [key, accountId] of accounts) tokens[key] = { token: (await signToken(accountId)).token };
    for (const dm of await h.db.getRepository(Domain).find()) domains[dm.code] = encodeId('Domain', dm.id);
  });
  afterAll(() => h.close());

  // ---- Helpers ----


  const TABLES: Record<string, EntityTarget<ObjectLiteral>> = {
    inspection: Inspection, inspection_group: InspectionGroup, inspection_member: InspectionMember, inspection_target: InspectionTarget,
    inspection_suggestion: InspectionSuggestion, problem: Problem, rectification_item: RectificationItem,
  };
  /** Every row of the area's tables, and the size of the audit log. */
  const snapshot = async () => {
    const out: Record<string, unknown> = { audit: await h.db.getRepository(AuditEntry).count() };
    for (const [name, target] of Object.entries(TABLES)) out[name] = await h.db.getRepository(target).find({ order: { id: 'ASC' } });
    return out;
  };
  /** The operation fails with exactly this code and writes nothing. */
  const refused = refusedWithout(snapshot);
  const errorPaths = (res: Result): string[] => (res.errors ?? []).map((e) => e.path!.join('.'));
  const auditOps = async (n: number): Promise<string[]> =>
    (await h.db.getRepository(AuditEntry).find({ order: { id: 'DESC' }, take: n })).map((a) => a.operation).reverse();

  const inspectionsOf = async (who: As, filter: InspectionFilter = { year: MATRIX_YEAR }) => {
    const data = await ok(run(InspInspectionsDocument, { filter, first: 100 }, who));
    expect(data.inspections.totalCount).toBe(data.inspections.edges.length);
    return data.inspections.edges.map((e) => e.node);
  };
  const problemsOf = async (who: As, filter?: ProblemFilter): Promise<string[]> => {
    const data = await ok(run(InspProblemsDocument, { filter, first: 100 }, who));
    expect(data.problems.totalCount).toBe(data.problems.edges.length);
    return data.problems.edges.map((e) => e.node.description).sort();
  };
  const itemsOf = async (who: As, filter?: RectificationItemFilter): Promise<string[]> => {
    const data = await ok(run(InspItemsDocument, { filter, first: 100 }, who));
    expect(data.rectificationItems.totalCount).toBe(data.rectificationItems.edges.length);
    return data.rectificationItems.edges.map((e) => e.node.measure).sort();
  };
  const node = async (who: As, id: string) => (await ok(run(InspNodeDocument, { id }, who))).node;

  // ---------------------------------------------------------------- reads

  describe('who reads what', () => {
    it.each(EVERYONE)('%s: exactly the rounds, targets, groups, findings, problems and items of the tables', async (who) => {
      const rounds = await inspectionsOf(who);
      expect(rounds.map((r) => r.title).sort()).toEqual(roundsSeen(who));
      for (const r of rounds) {
        const name = r.title as Round;
        const seen = targetsSeen(who, name);
        expect(r.targets.map((t) => t.unit.name)).toEqual(sortedTargets(name, seen));
        expect(r.groups.map((g) => g.name)).toEqual([...new Set(seen.map((u) => ROUNDS[name].targets[u]!))]);
        expect(r.findings.map((f) => f.description)).toEqual(PROBLEMS.filter(([, u, pr]) => pr === name && seen.includes(u)).map(([p]) => p));
        expect(r.unit.name).toBe(`Unit ${ROUNDS[name].unit}`);
      }
      const problems = problemsSeen(who);
      expect(await problemsOf(who)).toEqual([...problems].sort());
      expect(await itemsOf(who)).toEqual(ITEMS.filter(([, p]) => problems.includes(p)).map(([m]) => m).sort());

      // node(id) agrees, record by record.
      for (const name of ROUND_NAMES) {
        const visible = roundsSeen(who).includes(name);
        expect(await node(who, ids.rounds[name])).toEqual(visible ? { __typename: 'Inspection', id: ids.rounds[name], title: name } : null);
        for (const target of Object.keys(ROUNDS[name].targets) as UnitKey[]) {
          const id = ids.targets[`${name} ${target}`];
          const seen = targetsSeen(who, name).includes(target);
          expect(await node(who, id)).toEqual(seen ? { __typename: 'InspectionTarget', id, unit: { name: `Unit ${target}` } } : null);
        }
        for (const group of new Set(Object.values(ROUNDS[name].targets))) {
          const seen = targetsSeen(who, name).some((u) => ROUNDS[name].targets[u] === group);
          expect(await node(who, ids.groups[group])).toEqual(seen ? { __typename: 'InspectionGroup', id: ids.groups[group], name: group } : null);
        }
      }
      for (const [inspector, round, group, since] of MEMBERSHIPS) {
        const id = ids.members[`${inspector} ${group}`];
        const seen = targetsSeen(who, round).some((u) => ROUNDS[round].targets[u] === group);
        expect(await node(who, id)).toEqual(seen ? { __typename: 'InspectionMember', id, since } : null);
      }
      for (const [text, round, target] of SUGGESTIONS) {
        const id = ids.suggestions[text];
        expect(await node(who, id)).toEqual(targetsSeen(who, round).includes(target) ? { __typename: 'InspectionSuggestion', id, text } : null);
      }
      for (const [desc] of PROBLEMS) {
        const id = ids.problems[desc];
        expect(await node(who, id)).toEqual(problems.includes(desc) ? { __typename: 'Problem', id, description: desc } : null);
      }
      for (const [measure, problem] of ITEMS) {
        const id = ids.items[measure];
        expect(await node(who, id)).toEqual(problems.includes(problem) ? { __typename: 'RectificationItem', id, measure } : null);
      }
    });

    it('spells out a few rows of the tables', () => {
      expect(roundsSeen('officeS1')).toEqual(['R1 D1', 'R4 D1']);
      expect(targetsSeen('officeS1', 'R1 D1')).toEqual(['S1', 'M1']);
      expect(targetsSeen('teamM1', 'R1 D1')).toEqual(['M1']);
      expect(targetsSeen('officeS2', 'R1 D1')).toEqual(['M3']);
      expect(roundsSeen('inspectorA')).toEqual(['R1 D1']);
      expect(targetsSeen('inspectorA', 'R1 D1')).toEqual(['S1', 'M1']);
      expect(problemsSeen('inspectorA')).toEqual(['F S1', 'F M1']);
      expect(problemsSeen('inspectorB')).toEqual(['F M3']);
      expect(roundsSeen('inspectorGone')).toEqual([]);
      expect(roundsSeen('inspectorLater')).toEqual([]);
      expect(problemsSeen('inspectorC2')).toEqual(['F D3']);
      expect(roundsSeen('disciplineC1')).toEqual(['R1 D1', 'R3 D2', 'R4 D1']);
      expect(roundsSeen('secretaryG1')).toEqual([]);
      expect(problemsSeen('secretaryG1')).toEqual([]);
      expect(problemsSeen('informantG2')).toEqual(['P G2']);
      expect(roundsSeen('analystC1')).toEqual([]);
      expect(roundsSeen('adminC1')).toEqual([]);
    });

    it('shows a target\'s own posts their feedback, suggestions, findings and group, not a sibling target\'s', async () => {
      const r1 = (await ok(run(InspInspectionDocument, { id: ids.rounds['R1 D1'] }, 'secretaryM1'))).inspection!;
      expect(r1.groups).toEqual([expect.objectContaining({ name: 'Group A', targets: [{ unit: { name: 'Unit M1' } }] })]);
      expect(r1.groups[0].members.map((m) => [m.post.official.name, m.active])).toEqual([
        ['Official inspectorA', true], ['Official inspectorGone', false], ['Official inspectorLater', false],
      ]);
      expect(r1.targets).toEqual([expect.objectContaining({
        unit: { name: 'Unit M1' }, group: { name: 'Group A' }, feedback: null, dualFeedback: false,
        suggestions: [{ id: ids.suggestions['Suggest M1'], text: 'Suggest M1' }], problems: [{ id: ids.problems['F M1'], description: 'F M1' }],
      })]);
      const full = (await ok(run(InspInspectionDocument, { id: ids.rounds['R1 D1'] }, 'officeD1'))).inspection!;
      expect(full.targets.map((t) => [t.unit.name, t.feedback, !!t.feedbackToCommitteeAt, !!t.feedbackToPrincipalAt, t.dualFeedback])).toEqual([
        ['Unit S1', 'Feedback S1', true, false, false], ['Unit M1', null, false, false, false], ['Unit M3', 'Feedback M3', true, true, true],
      ]);
      expect(full.groups.map((g) => [g.name, g.targets.map((t) => t.unit.name)])).toEqual([
        ['Group A', ['Unit S1', 'Unit M1']], ['Group B', ['Unit M3']],
      ]);
      expect((await ok(run(InspInspectionDocument, { id: ids.rounds['R2 C2'] }, 'officeD1'))).inspection).toBeNull();
    });

    it.each(EVERYONE)('%s: who recorded a finding is null with FORBIDDEN unless on the inspecting side or assigned', async (who) => {
      const res = await run(InspProblemAuthorsDocument, {}, who);
      const rows = (res.data as { problems: { edges: { node: { description: string; recordedBy: { name: string } | null } }[] } }).problems.edges;
      const hidden: string[] = [];
      rows.forEach((e, i) => {
        if (authorSeen(who, e.node.description)) expect(e.node.recordedBy).not.toBeNull();
        else {
          expect(e.node.recordedBy).toBeNull();
          hidden.push(`problems.edges.${i}.node.recordedBy`);
        }
      });
      expect(errorPaths(res).sort()).toEqual(hidden.sort());
      expect(codes(res)).toEqual(hidden.map(() => 'FORBIDDEN'));
    });

    it('hides a suggestion\'s author from the inspected unit, and shows it to the inspecting side', async () => {
      const partial = await run(InspAuthorsDocument, { id: ids.rounds['R1 D1'] }, 'teamM1');
      expect(partial.data!.inspection!.targets).toEqual([{ unit: { name: 'Unit M1' }, suggestions: [{ text: 'Suggest M1', createdBy: null }] }]);
      expect(partial.data!.inspection!.findings).toEqual([{ description: 'F M1', recordedBy: null }]);
      expect(errorPaths(partial).sort()).toEqual(['inspection.findings.0.recordedBy', 'inspection.targets.0.suggestions.0.createdBy']);
      expect(codes(partial)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      for (const who of ['disciplineD1', 'inspectorA'] as Who[]) {
        const full = await ok(run(InspAuthorsDocument, { id: ids.rounds['R1 D1'] }, who));
        expect(full.inspection!.targets.find((t) => t.unit.name === 'Unit M1')!.suggestions[0].createdBy).toEqual({ name: 'Official inspectorA' });
      }
    });

    it.each([['anonymous', null], ['inactive', 'inactive']] as [string, As][])('%s is refused with UNAUTHENTICATED', async (_, who) => {
      expect(codes(await run(InspInspectionsDocument, { first: 5 }, who))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await run(InspProblemsDocument, { first: 5 }, who))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await run(InspItemsDocument, { first: 5 }, who))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await run(InspInspectionDocument, { id: ids.rounds['R1 D1'] }, who))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await run(InspCoverageDocument, { unitId: unit('D1') }, who))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await run(InspNodeDocument, { id: ids.problems['F M1'] }, who))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('filters and pages', () => {
    const titles = async (filter: InspectionFilter, who: As = 'disciplineC1') => (await inspectionsOf(who, filter)).map((r) => r.title).sort();

    it('filters rounds by inspecting unit, target, status, mode and year, within scope', async () => {
      expect(await titles({ year: MATRIX_YEAR, unitId: unit('D1') })).toEqual(['R1 D1', 'R4 D1']);
      expect(await titles({ year: MATRIX_YEAR, unitId: unit('C1') })).toEqual(['R1 D1', 'R3 D2', 'R4 D1']);
      expect(await titles({ year: MATRIX_YEAR, unitId: unit('C1'), subtree: false })).toEqual([]);
      expect(await titles({ year: MATRIX_YEAR, targetUnitId: unit('M1') })).toEqual(['R1 D1']);
      expect(await titles({ year: MATRIX_YEAR, targetUnitId: unit('M2') })).toEqual(['R4 D1']);
      expect(await titles({ year: MATRIX_YEAR, status: 'CLOSED' })).toEqual(['R3 D2']);
      expect(await titles({ year: MATRIX_YEAR, mode: 'CROSS' })).toEqual([]);
      expect(await titles({ year: MATRIX_YEAR - 1 })).toEqual([]);
      expect(await titles({ year: MATRIX_YEAR, unitId: unit('D1') }, 'disciplineC2')).toEqual([]);
      expect(await titles({ year: MATRIX_YEAR, targetUnitId: unit('M1') }, 'officeS2')).toEqual([]);
      // Newest first by start, and pages without gaps or repeats.
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: { inspections: { edges: { node: { title: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
          await ok(run(InspInspectionsDocument, { filter: { year: MATRIX_YEAR }, first: 1, after }, 'disciplineC1'));
        seen.push(...page.inspections.edges.map((e) => e.node.title));
        after = page.inspections.pageInfo.hasNextPage ? page.inspections.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(['R4 D1', 'R1 D1', 'R3 D2']);
    });

    it('filters problems by unit, source, severity, round, domain and whether they are rectified', async () => {
      expect(await problemsOf('disciplineC1', { unitId: unit('S1') })).toEqual(['F M1', 'F S1', 'P G2', 'P M2']);
      expect(await problemsOf('disciplineC1', { unitId: unit('S1'), subtree: false })).toEqual(['F S1']);
      expect(await problemsOf('teamM1', { unitId: unit('S1') })).toEqual(['F M1', 'P G2']);
      expect(await problemsOf('disciplineC1', { source: 'INSPECTION_FEEDBACK' })).toEqual(['F M1', 'F M3', 'F S1', 'F S3']);
      expect(await problemsOf('disciplineC1', { source: 'PUBLIC_COMPLAINT' })).toEqual(['P G2']);
      expect(await problemsOf('disciplineC1', { severity: 'CRITICAL' })).toEqual(['F M3']);
      expect(await problemsOf('disciplineC1', { inspectionId: ids.rounds['R1 D1'] })).toEqual(['F M1', 'F M3', 'F S1']);
      expect(await problemsOf('officeS1', { inspectionId: ids.rounds['R1 D1'] })).toEqual(['F M1', 'F S1']);
      expect(await problemsOf('disciplineC1', { domainId: domains.EDUCATION })).toEqual(['F M1', 'F S1']);
      expect(await problemsOf('disciplineC1', { open: false })).toEqual(['F S3', 'P C1']);
      expect(await problemsOf('disciplineC1', { open: true })).toEqual(['F M1', 'F M3', 'F S1', 'P G2', 'P M2']);
      expect(await problemsOf('disciplineC1', { inspectionId: ids.items['I M1'] })).toEqual([]);
      const f = (await ok(run(InspProblemsDocument, { filter: { inspectionId: ids.rounds['R3 D2'] } }, 'disciplineC1'))).problems.edges[0].node;
      expect(f).toMatchObject({
        description: 'F S3', source: 'INSPECTION_FEEDBACK', rectified: true, unit: { name: 'Unit S3' }, domain: { code: 'HEALTH' },
        inspection: { id: ids.rounds['R3 D2'], title: 'R3 D2' }, target: { id: ids.targets['R3 D2 S3'], unit: { name: 'Unit S3' } },
      });
      const p = (await ok(run(InspProblemsDocument, { filter: { source: 'DAILY_SUPERVISION' } }, 'disciplineC1'))).problems.edges[0].node;
      expect(p).toMatchObject({ description: 'P M2', rectified: false, inspection: null, target: null, items: [{ status: 'OPEN' }] });
    });

    it('filters items by owner, status, deadline, round, problem and unit', async () => {
      expect(await itemsOf('disciplineC1', { overdue: true })).toEqual(['I M2']);
      expect(await itemsOf('disciplineC1', { overdue: false })).toEqual(['I C1', 'I M1', 'I M3', 'I S3']);
      expect(await itemsOf('disciplineC1', { status: 'CLOSED' })).toEqual(['I C1', 'I S3']);
      expect(await itemsOf('disciplineC1', { ownerPostId: personaPost('teamM1') })).toEqual(['I M1']);
      expect(await itemsOf('disciplineC1', { inspectionId: ids.rounds['R1 D1'] })).toEqual(['I M1', 'I M3']);
      expect(await itemsOf('disciplineC1', { problemId: ids.problems['P M2'] })).toEqual(['I M2']);
      expect(await itemsOf('disciplineC1', { unitId: unit('S1') })).toEqual(['I M1', 'I M2']);
      expect(await itemsOf('disciplineC1', { unitId: unit('S1'), subtree: false })).toEqual([]);
      expect(await itemsOf('teamM2', { unitId: unit('S1') })).toEqual(['I M2']);
      const [item] = (await ok(run(InspItemsDocument, { filter: { problemId: ids.problems['P M2'] } }, 'teamM2'))).rectificationItems.edges;
      expect(item.node).toMatchObject({
        measure: 'I M2', deadline: d(-2), status: 'OPEN', overdue: true, dualApproval: false, closedBy: null,
        owner: { id: personaPost('teamM2'), official: { name: 'Official teamM2' } }, problem: { id: ids.problems['P M2'], description: 'P M2' },
      });
    });
  });

  // ---------------------------------------------------------------- coverage

  describe('coverage', () => {
    const coverage = async (key: UnitKey, since?: string, who: As = 'disciplineC1', first = 100): Promise<InspCoverageQuery['inspectionCoverage']> =>
      (await ok(run(InspCoverageDocument, { unitId: unit(key), since, first }, who))).inspectionCoverage;
    const uncovered = (c: InspCoverageQuery['inspectionCoverage']) => c.uncovered.edges.map((e) => e.node.name.replace('Unit ', ''));

    it('counts the units below down to communities that a round of the cycle inspected (the default cycle: five years)', async () => {
      const c1 = await coverage('C1');
      // Below C1, grids left out: D1 S1 M1 M2 S2 M3 D2 S3; inspected: S1 M1 M3 (R1), S3 (R3); R4 starts next month.
      expect(c1).toMatchObject({ since: `${THIS_YEAR - 4}-01-01`, total: 8, covered: 4, share: 0.5, unit: { name: 'Unit C1' } });
      expect(c1.levels).toEqual([
        { level: 'DISTRICT', total: 2, covered: 0 }, { level: 'STREET', total: 3, covered: 2 }, { level: 'COMMUNITY', total: 3, covered: 2 },
      ]);
      const path = (k: UnitKey) => h.fixture.units[k].path;
      expect(uncovered(c1)).toEqual((['D1', 'M2', 'S2', 'D2'] as UnitKey[]).sort((a, b) => (path(a) < path(b) ? -1 : 1)));
      expect(c1.uncovered.totalCount).toBe(4);
      const d1 = await coverage('D1', undefined, 'officeD1');
      expect(d1).toMatchObject({ total: 5, covered: 3, share: 0.6 });
      expect(uncovered(d1).sort()).toEqual(['M2', 'S2']);
      // C2 and D3: the round of C2 targets D3 (its member's access ends today; coverage does not care).
      expect(await coverage('C2', undefined, 'disciplineC2')).toMatchObject({ total: 1, covered: 1, share: 1, levels: [{ level: 'DISTRICT', total: 1, covered: 1 }] });
      // Nothing below a grid; a community's grids do not count.
      expect(await coverage('M1', undefined, 'teamM1')).toMatchObject({ total: 0, covered: 0, share: null, levels: [] });
    });

    it('takes the cycle start as an argument, and pages through the uncovered units', async () => {
      expect(await coverage('C1', `${THIS_YEAR}-01-01`)).toMatchObject({ since: `${THIS_YEAR}-01-01`, total: 8, covered: 0, share: 0 });
      expect(await coverage('C1', `${MATRIX_YEAR}-02-01`)).toMatchObject({ covered: 4 });
      expect(await coverage('C1', `${MATRIX_YEAR}-02-02`)).toMatchObject({ covered: 3 });
      expect(await coverage('C1', `${MATRIX_YEAR}-03-02`)).toMatchObject({ covered: 0 });
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: InspCoverageQuery = await ok(run(InspCoverageDocument, { unitId: unit('C1'), first: 3, after }, 'analystC1'));
        seen.push(...uncovered(page.inspectionCoverage));
        after = page.inspectionCoverage.uncovered.pageInfo.hasNextPage ? page.inspectionCoverage.uncovered.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(uncovered(await coverage('C1')));
    });

    it.each([
      ['adminC1', 'C1', 'FORBIDDEN'], ['inspectorA', 'D1', 'FORBIDDEN'], ['teamM2', 'D1', 'FORBIDDEN'], ['disciplineC2', 'D1', 'FORBIDDEN'],
      ['retired', 'D1', 'FORBIDDEN'], ['analystC1', 'D1', null], ['informantG2', 'G2', null], ['officeS1', 'S1', null],
    ] as [Who, UnitKey, string | null][])('coverage as %s of %s -> %s', async (who, key, code) => {
      const res = await run(InspCoverageDocument, { unitId: unit(key) }, who);
      expect(codes(res)).toEqual(code ? [code] : []);
    });

    it('refuses an unknown unit, a bad or a future cycle start', async () => {
      expect(codes(await run(InspCoverageDocument, { unitId: encodeId('OrgUnit', 999999) }, 'disciplineC1'))).toEqual(['NOT_FOUND']);
      expect(codes(await run(InspCoverageDocument, { unitId: unit('C1'), since: '2025-02-30' }, 'disciplineC1'))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await run(InspCoverageDocument, { unitId: unit('C1'), since: 'soon' }, 'disciplineC1'))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await run(InspCoverageDocument, { unitId: unit('C1'), since: d(1) }, 'disciplineC1'))).toEqual(['BAD_USER_INPUT']);
    });
  });

  // ---------------------------------------------------------------- refused writes

  describe('writes by the wrong post or in the wrong state', () => {
    const R1 = () => ids.rounds['R1 D1'];
    const TM1 = () => ids.targets['R1 D1 M1'];
    const WRITES: Record<string, (who: As) => Promise<Result>> = {
      createInspection: (who) => run(InspCreateDocument, {
        input: { unitId: unit('D1'), year: THIS_YEAR, title: 'Not allowed', startsOn: d(1), endsOn: d(30) },
      }, who),
      advanceInspection: (who) => run(InspAdvanceDocument, { id: R1(), to: 'RECTIFICATION' }, who),
      addInspectionGroup: (who) => run(InspAddGroupDocument, { input: { inspectionId: R1(), name: 'Group Z' } }, who),
      addInspectionMember: (who) => run(InspAddMemberDocument, { input: { groupId: ids.groups['Group A'], postId: postId(posts.inspectorB[0]) } }, who),
      endInspectionMember: (who) => run(InspEndMemberDocument, { id: ids.members['inspectorA Group A'] }, who),
      addInspectionTarget: (who) => run(InspAddTargetDocument, { input: { inspectionId: R1(), unitId: unit('M2'), groupId: ids.groups['Group A'] } }, who),
      recordInspectionFeedback: (who) => run(InspFeedbackDocument, { input: { targetId: TM1(), recipient: 'COMMITTEE', feedback: 'Not allowed' } }, who),
      addInspectionSuggestion: (who) => run(InspSuggestDocument, { input: { targetId: TM1(), text: 'Not allowed' } }, who),
      recordInspectionFinding: (who) => run(InspFindingDocument, {
        input: { targetId: TM1(), domainId: domains.EDUCATION, severity: 'MINOR', description: 'Not allowed' },
      }, who),
      createProblem: (who) => run(InspCreateProblemDocument, {
        input: { unitId: unit('M2'), domainId: domains.HEALTH, source: 'DAILY_SUPERVISION', severity: 'MINOR', description: 'Not allowed' },
      }, who),
      addRectificationItem: (who) => run(InspAddItemDocument, {
        input: { problemId: ids.problems['F M1'], ownerPostId: personaPost('teamM1'), measure: 'Not allowed', deadline: d(5) },
      }, who),
      closeRectificationItem: (who) => run(InspCloseItemDocument, { id: ids.items['I M2'] }, who),
      approveRectification: (who) => run(InspApproveDocument, { id: ids.items['I M1'] }, who),
    };
    // [operation, who, code]: the shield's role gate, then absent (NOT_FOUND), then the wrong post (FORBIDDEN), then the state.
    const CASES: [string, As, string][] = [
      ...Object.keys(WRITES).flatMap((op) => [[op, null, 'UNAUTHENTICATED'], [op, 'inactive', 'UNAUTHENTICATED'], [op, 'adminC1', 'FORBIDDEN'],
        [op, 'analystC1', 'FORBIDDEN'], [op, 'retired', 'FORBIDDEN']] as [string, As, string][]),
      ['createInspection', 'teamM1', 'FORBIDDEN'], ['createInspection', 'officeS1', 'FORBIDDEN'], ['createInspection', 'secretaryM1', 'FORBIDDEN'],
      ['createInspection', 'officeD2', 'FORBIDDEN'], ['createInspection', 'inspectorA', 'FORBIDDEN'],
      ['advanceInspection', 'teamM1', 'FORBIDDEN'], ['advanceInspection', 'officeS1', 'FORBIDDEN'], ['advanceInspection', 'secretaryM1', 'FORBIDDEN'],
      ['advanceInspection', 'officeD2', 'NOT_FOUND'], ['advanceInspection', 'secretaryG1', 'NOT_FOUND'], ['advanceInspection', 'inspectorA', 'FORBIDDEN'],
      // Targets S1 (half fed back) and M1 (not fed back) stop the round at FEEDBACK.
      ['advanceInspection', 'officeD1', 'CONFLICT'], ['advanceInspection', 'secretaryD1', 'CONFLICT'],
      ['addInspectionGroup', 'officeS1', 'FORBIDDEN'], ['addInspectionGroup', 'officeD2', 'NOT_FOUND'], ['addInspectionGroup', 'disciplineD1', 'FORBIDDEN'],
      ['addInspectionMember', 'secretaryS1', 'FORBIDDEN'], ['addInspectionMember', 'officeS2', 'NOT_FOUND'], ['addInspectionMember', 'officeD2', 'NOT_FOUND'],
      ['endInspectionMember', 'secretaryS1', 'FORBIDDEN'], ['endInspectionMember', 'officeS2', 'NOT_FOUND'], ['endInspectionMember', 'inspectorA', 'FORBIDDEN'],
      // Round FEEDBACK: no more targets.
      ['addInspectionTarget', 'officeD1', 'CONFLICT'], ['addInspectionTarget', 'officeS1', 'FORBIDDEN'], ['addInspectionTarget', 'secretaryG1', 'NOT_FOUND'],
      ['recordInspectionFeedback', 'officeS1', 'FORBIDDEN'], ['recordInspectionFeedback', 'secretaryD1', 'FORBIDDEN'],
      ['recordInspectionFeedback', 'officeS2', 'NOT_FOUND'], ['recordInspectionFeedback', 'officeD2', 'NOT_FOUND'], ['recordInspectionFeedback', 'inspectorA', 'FORBIDDEN'],
      ...(['addInspectionSuggestion', 'recordInspectionFinding'] as const).flatMap((op) => [
        [op, 'inspectorB', 'NOT_FOUND'], [op, 'inspectorGone', 'NOT_FOUND'], [op, 'inspectorLater', 'NOT_FOUND'], [op, 'inspectorC2', 'NOT_FOUND'],
        // Reads the target through the OFFICE post, is not assigned to it.
        [op, 'officeInspectorS1', 'FORBIDDEN'], [op, 'officeD1', 'FORBIDDEN'], [op, 'teamM1', 'FORBIDDEN'],
      ] as [string, As, string][]),
      ['createProblem', 'disciplineM1', 'FORBIDDEN'], ['createProblem', 'disciplineC2', 'FORBIDDEN'], ['createProblem', 'teamM2', 'FORBIDDEN'],
      ['createProblem', 'officeD1', 'FORBIDDEN'],
      ['addRectificationItem', 'officeS1', 'FORBIDDEN'], ['addRectificationItem', 'officeD1', 'FORBIDDEN'], ['addRectificationItem', 'officeS2', 'NOT_FOUND'],
      ['addRectificationItem', 'teamM1', 'FORBIDDEN'], ['addRectificationItem', 'inspectorA', 'FORBIDDEN'],
      // I M2: owned by teamM2 at M2, a problem of daily supervision.
      ['closeRectificationItem', 'secretaryM1', 'NOT_FOUND'], ['closeRectificationItem', 'officeS1', 'FORBIDDEN'],
      ['closeRectificationItem', 'secretaryS1', 'FORBIDDEN'], ['closeRectificationItem', 'disciplineD1', 'FORBIDDEN'], ['closeRectificationItem', 'informantG2', 'FORBIDDEN'],
      // I M1: a finding's item at M1 (principal secretaryM1, supervisor secretaryS1: nobody at S1 is in charge of EDUCATION).
      ['approveRectification', 'teamM1', 'FORBIDDEN'], ['approveRectification', 'teamM2', 'NOT_FOUND'], ['approveRectification', 'secretaryG1', 'NOT_FOUND'],
      ['approveRectification', 'teamD1', 'FORBIDDEN'], ['approveRectification', 'secretaryD1', 'FORBIDDEN'], ['approveRectification', 'disciplineM1', 'FORBIDDEN'],
      ['approveRectification', 'officeS1', 'FORBIDDEN'], ['approveRectification', 'inspectorA', 'FORBIDDEN'],
    ];

    it.each(CASES)('%s as %s -> %s, nothing written', async (op, who, code) => {
      await refused(code, () => WRITES[op](who));
    });

    it('refuses to close an inspection\'s item directly, or to approve another problem\'s item', async () => {
      for (const who of ['secretaryM1', 'teamM1'] as Who[]) {
        await refused('BAD_USER_INPUT', () => run(InspCloseItemDocument, { id: ids.items['I M1'] }, who));
      }
      await refused('BAD_USER_INPUT', () => run(InspApproveDocument, { id: ids.items['I M2'] }, 'secretaryS1'));
      await refused('CONFLICT', () => run(InspCloseItemDocument, { id: ids.items['I C1'] }, 'disciplineC1'));
    });
  });

  // ---------------------------------------------------------------- the life cycle

  describe('a round through the API', () => {
    const flow = {} as { round: string; group: string; other: string; member: string; targetM1: string; targetS1: string; findingM1: string; findingS1: string };

    it('plans a round: numbers, groups, members and targets, each checked', async () => {
      const created = (await ok(run(InspCreateDocument, {
        input: { unitId: unit('D1'), year: THIS_YEAR, mode: 'SPECIAL', title: ' Flow D1 ', startsOn: d(-1), endsOn: d(30) },
      }, 'officeD1'))).createInspection;
      expect(created).toMatchObject({ title: 'Flow D1', year: THIS_YEAR, round: 1, mode: 'SPECIAL', status: 'PLANNED', startsOn: d(-1), unit: { name: 'Unit D1' } });
      flow.round = created.id;
      const second = (await ok(run(InspCreateDocument, {
        input: { unitId: unit('D1'), year: THIS_YEAR, title: 'Flow D1 second', startsOn: d(40), endsOn: d(50) },
      }, 'secretaryD1'))).createInspection;
      expect(second).toMatchObject({ round: 2, mode: 'REGULAR' });
      flow.other = second.id;
      const create = (input: object, who: As = 'officeD1') => run(InspCreateDocument, {
        input: { unitId: unit('D1'), year: THIS_YEAR, title: 'X', startsOn: d(1), endsOn: d(2), ...input },
      }, who);
      await refused('CONFLICT', () => create({ round: 1 }));
      await refused('BAD_USER_INPUT', () => create({ endsOn: d(0) }));
      await refused('BAD_USER_INPUT', () => create({ startsOn: '2026-02-30' }));
      await refused('BAD_USER_INPUT', () => create({ title: ' ' }));
      await refused('BAD_USER_INPUT', () => create({ year: 1999 }));
      await refused('BAD_USER_INPUT', () => create({ unitId: unit('M1') }, 'secretaryM1'));
      await refused('NOT_FOUND', () => create({ unitId: encodeId('OrgUnit', 999999) }));

      const group = (await ok(run(InspAddGroupDocument, { input: { inspectionId: flow.round, name: 'Flow A' } }, 'secretaryD1'))).addInspectionGroup;
      expect(group).toMatchObject({ name: 'Flow A', inspection: { id: flow.round }, members: [] });
      flow.group = group.id;
      await refused('CONFLICT', () => run(InspAddGroupDocument, { input: { inspectionId: flow.round, name: 'Flow A' } }, 'officeD1'));
      const otherGroup = (await ok(run(InspAddGroupDocument, { input: { inspectionId: flow.other, name: 'Other' } }, 'officeD1'))).addInspectionGroup;

      const addMember = (input: object, who: As = 'officeD1') =>
        run(InspAddMemberDocument, { input: { groupId: flow.group, postId: postId(posts.inspectorA[0]), ...input } }, who);
      const member = (await ok(addMember({}))).addInspectionMember;
      expect(member).toMatchObject({ since: TODAY, until: null, active: true, post: { id: postId(posts.inspectorA[0]) }, group: { id: flow.group } });
      flow.member = member.id;
      await refused('CONFLICT', () => addMember({ since: d(5) }));
      await refused('BAD_USER_INPUT', () => addMember({ postId: postId(posts.inspectorC2[0]) })); // not in D1's subtree
      await refused('BAD_USER_INPUT', () => addMember({ postId: personaPost('teamM1') })); // not an INSPECTOR post
      await refused('BAD_USER_INPUT', () => addMember({ postId: postId(posts.inspectorB[0]), since: d(5), until: d(4) }));
      await refused('NOT_FOUND', () => addMember({ postId: encodeId('Post', 999999) }));
      await refused('NOT_FOUND', () => addMember({ groupId: encodeId('InspectionGroup', 999999) }));
      // An INSPECTOR of S1 (the talent pool below D1) joins for a later period.
      expect((await ok(addMember({ postId: postId(posts.inspectorLater[0]), since: d(10), until: d(20) }))).addInspectionMember.active).toBe(false);

      const addTarget = (key: UnitKey, groupId = flow.group, who: As = 'officeD1') =>
        run(InspAddTargetDocument, { input: { inspectionId: flow.round, unitId: unit(key), groupId } }, who);
      const m1 = (await ok(addTarget('M1'))).addInspectionTarget;
      expect(m1).toMatchObject({ unit: { name: 'Unit M1' }, group: { name: 'Flow A' }, feedback: null, dualFeedback: false, suggestions: [], problems: [] });
      flow.targetM1 = m1.id;
      flow.targetS1 = (await ok(addTarget('S1', flow.group, 'secretaryD1'))).addInspectionTarget.id;
      await refused('CONFLICT', () => addTarget('M1'));
      await refused('BAD_USER_INPUT', () => addTarget('D1'));
      await refused('BAD_USER_INPUT', () => addTarget('G1'));
      await refused('BAD_USER_INPUT', () => addTarget('S3'));
      await refused('BAD_USER_INPUT', () => addTarget('M2', otherGroup.id));
      await refused('BAD_USER_INPUT', () => addTarget('M2', ids.groups['Group A']));
      expect(await auditOps(2)).toEqual(['addInspectionTarget', 'addInspectionTarget']);
    });

    it('lets the assigned inspector record findings and suggestions only while the round is in the unit', async () => {
      const finding = (targetId: string, description: string, domainId = domains.EDUCATION, who: As = 'inspectorA') =>
        run(InspFindingDocument, { input: { targetId, domainId, severity: 'SERIOUS', description } }, who);
      await refused('CONFLICT', () => finding(flow.targetM1, 'Too early'));
      await refused('CONFLICT', () => run(InspAdvanceDocument, { id: flow.round, to: 'FEEDBACK' }, 'officeD1'));
      expect((await ok(run(InspAdvanceDocument, { id: flow.round, to: 'IN_PROGRESS' }, 'officeD1'))).advanceInspection.status).toBe('IN_PROGRESS');
      await refused('CONFLICT', () => run(InspAdvanceDocument, { id: flow.round, to: 'IN_PROGRESS' }, 'secretaryD1'));
      await refused('CONFLICT', () => run(InspAdvanceDocument, { id: flow.other, to: 'IN_PROGRESS' }, 'officeD1')); // no target

      const m1 = (await ok(finding(flow.targetM1, ' Flow M1 '))).recordInspectionFinding;
      expect(m1).toMatchObject({
        description: 'Flow M1', source: 'INSPECTION_FEEDBACK', severity: 'SERIOUS', rectified: false, unit: { name: 'Unit M1' },
        inspection: { id: flow.round }, target: { id: flow.targetM1 }, items: [], recordedBy: { name: 'Official inspectorA' },
      });
      flow.findingM1 = m1.id;
      flow.findingS1 = (await ok(finding(flow.targetS1, 'Flow S1'))).recordInspectionFinding.id;
      await refused('NOT_FOUND', () => finding(flow.targetM1, 'X', encodeId('Domain', 999999)));
      await refused('BAD_USER_INPUT', () => finding(flow.targetM1, ' '));
      await refused('NOT_FOUND', () => finding(flow.targetM1, 'X', domains.EDUCATION, 'inspectorB'));
      await refused('FORBIDDEN', () => finding(flow.targetS1, 'X', domains.EDUCATION, 'officeInspectorS1'));
      const suggestion = (await ok(run(InspSuggestDocument, { input: { targetId: flow.targetM1, text: 'Flow suggestion' } }, 'inspectorA'))).addInspectionSuggestion;
      expect(suggestion).toMatchObject({ text: 'Flow suggestion', createdBy: { name: 'Official inspectorA' }, target: { id: flow.targetM1 } });
      expect(await auditOps(3)).toEqual(['recordInspectionFinding', 'recordInspectionFinding', 'addInspectionSuggestion']);
      // The target's own posts see the finding; the sibling M2 does not.
      expect(await problemsOf('teamM1', { inspectionId: flow.round })).toEqual(['Flow M1']);
      expect(await problemsOf('teamM2', { inspectionId: flow.round })).toEqual([]);
      expect(await problemsOf('inspectorA', { inspectionId: flow.round })).toEqual(['Flow M1', 'Flow S1']);
    });

    it('records the dual feedback: the inspecting unit\'s OFFICE, once per recipient, the same text for both', async () => {
      const feedback = (targetId: string, recipient: 'COMMITTEE' | 'PRINCIPAL', text?: string, who: As = 'officeD1') =>
        run(InspFeedbackDocument, { input: { targetId, recipient, feedback: text } }, who);
      await refused('CONFLICT', () => feedback(flow.targetM1, 'COMMITTEE', 'Too early'));
      expect((await ok(run(InspAdvanceDocument, { id: flow.round, to: 'FEEDBACK' }, 'secretaryD1'))).advanceInspection.status).toBe('FEEDBACK');
      // Findings may still be recorded in FEEDBACK.
      await ok(run(InspSuggestDocument, { input: { targetId: flow.targetS1, text: 'Late suggestion' } }, 'inspectorA'));
      await refused('BAD_USER_INPUT', () => feedback(flow.targetM1, 'PRINCIPAL'));
      await refused('FORBIDDEN', () => feedback(flow.targetM1, 'COMMITTEE', 'X', 'officeS1'));
      const half = (await ok(feedback(flow.targetM1, 'COMMITTEE', ' M1 反馈意见 '))).recordInspectionFeedback;
      expect(half).toMatchObject({ feedback: 'M1 反馈意见', dualFeedback: false, feedbackToPrincipalAt: null });
      expect(half.feedbackToCommitteeAt).not.toBeNull();
      await refused('CONFLICT', () => feedback(flow.targetM1, 'COMMITTEE', 'M1 反馈意见'));
      await refused('CONFLICT', () => feedback(flow.targetM1, 'PRINCIPAL', 'Another text'));
      await refused('CONFLICT', () => run(InspAdvanceDocument, { id: flow.round, to: 'RECTIFICATION' }, 'officeD1'));
      const full = (await ok(feedback(flow.targetM1, 'PRINCIPAL', 'M1 反馈意见'))).recordInspectionFeedback;
      expect(full).toMatchObject({ feedback: 'M1 反馈意见', dualFeedback: true });
      await ok(feedback(flow.targetS1, 'PRINCIPAL', 'S1 反馈意见'));
      await ok(feedback(flow.targetS1, 'COMMITTEE'));
      expect(await auditOps(4)).toEqual(Array(4).fill('recordInspectionFeedback'));
    });

    it('keeps the rectification list of the target unit and closes each item by 双审', async () => {
      const add = (problemId: string, ownerPostId: string, who: As, deadline = d(20)) =>
        run(InspAddItemDocument, { input: { problemId, ownerPostId, measure: ` Fix ${who} `, deadline } }, who);
      const m1 = (await ok(add(flow.findingM1, personaPost('teamM1'), 'secretaryM1'))).addRectificationItem;
      expect(m1).toMatchObject({
        measure: 'Fix secretaryM1', deadline: d(20), status: 'OPEN', overdue: false, dualApproval: true, principalApprovedAt: null,
        supervisorApprovedAt: null, owner: { id: personaPost('teamM1') }, problem: { id: flow.findingM1 },
      });
      await refused('BAD_USER_INPUT', () => add(flow.findingM1, personaPost('teamM2'), 'secretaryM1')); // not a post of M1
      await refused('BAD_USER_INPUT', () => add(flow.findingM1, personaPost('secretaryG1'), 'secretaryM1'));
      await refused('BAD_USER_INPUT', () => add(flow.findingM1, personaPost('teamM1'), 'secretaryM1', d(-1)));
      await refused('BAD_USER_INPUT', () => add(flow.findingM1, personaPost('teamM1'), 'secretaryM1', '2025-13-01'));
      await refused('NOT_FOUND', () => add(flow.findingM1, encodeId('Post', 999999), 'secretaryM1'));
      await refused('FORBIDDEN', () => add(flow.findingM1, personaPost('teamM1'), 'officeS1'));
      const s1 = (await ok(add(flow.findingS1, personaPost('secretaryS1'), 'officeS1'))).addRectificationItem;
      expect((await ok(run(InspAdvanceDocument, { id: flow.round, to: 'RECTIFICATION' }, 'officeD1'))).advanceInspection.status).toBe('RECTIFICATION');

      const approve = (id: string, who: As) => run(InspApproveDocument, { id }, who);
      // M1's item: the principal is M1's SECRETARY; nobody at S1 is in charge of EDUCATION, so S1's SECRETARY supervises.
      await refused('FORBIDDEN', () => approve(m1.id, 'teamM1'));
      await refused('BAD_USER_INPUT', () => run(InspCloseItemDocument, { id: m1.id }, 'teamM1'));
      const supervised = (await ok(approve(m1.id, 'secretaryS1'))).approveRectification;
      expect(supervised).toMatchObject({ status: 'OPEN', principalApprovedAt: null, supervisorApprovedBy: { name: 'Official secretaryS1' }, closedAt: null });
      await refused('CONFLICT', () => approve(m1.id, 'secretaryS1'));
      await refused('CONFLICT', () => run(InspAdvanceDocument, { id: flow.round, to: 'CLOSED' }, 'officeD1'));
      const closed = (await ok(approve(m1.id, 'secretaryM1'))).approveRectification;
      expect(closed).toMatchObject({
        status: 'CLOSED', principalApprovedBy: { name: 'Official secretaryM1' }, supervisorApprovedBy: { name: 'Official secretaryS1' },
        closedBy: { name: 'Official secretaryM1' },
      });
      expect(closed.closedAt).toBe(closed.principalApprovedAt);
      await refused('CONFLICT', () => approve(m1.id, 'secretaryM1'));
      await refused('CONFLICT', () => approve(m1.id, 'secretaryS1'));

      // S1's item: D1's team member in charge of EDUCATION supervises (not D1's SECRETARY while there is one).
      await refused('FORBIDDEN', () => approve(s1.id, 'secretaryD1'));
      expect((await ok(approve(s1.id, 'secretaryS1'))).approveRectification).toMatchObject({ status: 'OPEN', principalApprovedBy: { name: 'Official secretaryS1' } });
      expect((await ok(approve(s1.id, 'teamD1'))).approveRectification).toMatchObject({ status: 'CLOSED', closedBy: { name: 'Official teamD1' } });
      expect(await auditOps(4)).toEqual(Array(4).fill('approveRectification'));
      const problems = (await ok(run(InspProblemsDocument, { filter: { inspectionId: flow.round } }, 'officeD1'))).problems.edges;
      expect(problems.map((p) => [p.node.description, p.node.rectified])).toEqual([['Flow S1', true], ['Flow M1', true]]);

      expect((await ok(run(InspAdvanceDocument, { id: flow.round, to: 'CLOSED' }, 'officeD1'))).advanceInspection.status).toBe('CLOSED');
      await refused('CONFLICT', () => run(InspAdvanceDocument, { id: flow.round, to: 'CLOSED' }, 'officeD1'));
      await refused('CONFLICT', () => run(InspAddGroupDocument, { input: { inspectionId: flow.round, name: 'Late' } }, 'officeD1'));
      await refused('CONFLICT', () => run(InspAddMemberDocument, { input: { groupId: flow.group, postId: postId(posts.inspectorB[0]) } }, 'officeD1'));
      await refused('CONFLICT', () => add(flow.findingM1, personaPost('teamM1'), 'secretaryM1'));
      await refused('CONFLICT', () => run(InspFindingDocument, {
        input: { targetId: flow.targetM1, domainId: domains.EDUCATION, severity: 'MINOR', description: 'Late' },
      }, 'inspectorA'));
    });

    it('never takes both approvals from one official, even one holding both posts', async () => {
      // I M3: a finding at M3; twoHats is M3's SECRETARY and S2's (the supervisor: nobody at S2 is in charge of FINANCE).
      const first = (await ok(run(InspApproveDocument, { id: ids.items['I M3'] }, 'twoHats'))).approveRectification;
      expect(first).toMatchObject({ status: 'OPEN', principalApprovedBy: { name: 'Official twoHats' }, supervisorApprovedBy: null });
      await refused('FORBIDDEN', () => run(InspApproveDocument, { id: ids.items['I M3'] }, 'twoHats'));
      const second = (await ok(run(InspApproveDocument, { id: ids.items['I M3'] }, 'secretaryS2'))).approveRectification;
      expect(second).toMatchObject({ status: 'CLOSED', supervisorApprovedBy: { name: 'Official secretaryS2' }, closedBy: { name: 'Official secretaryS2' } });
    });

    it('records problems of daily supervision by DISCIPLINE in scope, closed by the owner or the unit\'s SECRETARY', async () => {
      const create = (input: object, who: As) => run(InspCreateProblemDocument, {
        input: { unitId: unit('G1'), domainId: domains.HEALTH, source: 'DAILY_SUPERVISION', severity: 'GENERAL', description: 'Daily G1', ...input },
      }, who);
      const problem = (await ok(create({}, 'disciplineM1'))).createProblem;
      expect(problem).toMatchObject({
        description: 'Daily G1', source: 'DAILY_SUPERVISION', unit: { name: 'Unit G1' }, inspection: null, target: null, rectified: false,
        recordedBy: { name: 'Official disciplineM1' },
      });
      expect(await auditOps(1)).toEqual(['createProblem']);
      await refused('BAD_USER_INPUT', () => create({ source: 'INSPECTION_FEEDBACK' }, 'disciplineM1'));
      await refused('BAD_USER_INPUT', () => create({ description: '' }, 'disciplineC1'));
      await refused('NOT_FOUND', () => create({ domainId: encodeId('Domain', 999999) }, 'disciplineC1'));
      await refused('NOT_FOUND', () => create({ unitId: encodeId('OrgUnit', 999999) }, 'disciplineC1'));
      await refused('FORBIDDEN', () => create({ unitId: unit('D3') }, 'disciplineC1'));

      // G1's SECRETARY lists an item it owns, then closes it; the closed item is final.
      const item = (await ok(run(InspAddItemDocument, {
        input: { problemId: problem.id, ownerPostId: personaPost('secretaryG1'), measure: 'Fix G1', deadline: TODAY },
      }, 'secretaryG1'))).addRectificationItem;
      expect(item).toMatchObject({ dualApproval: false, overdue: false, status: 'OPEN' });
      await refused('BAD_USER_INPUT', () => run(InspApproveDocument, { id: item.id }, 'secretaryG1'));
      await refused('FORBIDDEN', () => run(InspCloseItemDocument, { id: item.id }, 'secretaryM1'));
      const closed = (await ok(run(InspCloseItemDocument, { id: item.id }, 'secretaryG1'))).closeRectificationItem;
      expect(closed).toMatchObject({ status: 'CLOSED', closedBy: { name: 'Official secretaryG1' }, principalApprovedAt: null });
      await refused('CONFLICT', () => run(InspCloseItemDocument, { id: item.id }, 'secretaryG1'));

      // I M2: its owner (teamM2) closes it.
      expect((await ok(run(InspCloseItemDocument, { id: ids.items['I M2'] }, 'teamM2'))).closeRectificationItem)
        .toMatchObject({ status: 'CLOSED', overdue: false, closedBy: { name: 'Official teamM2' } });
      expect(await auditOps(2)).toEqual(['closeRectificationItem', 'closeRectificationItem']);
    });

    it('ends an inspector\'s access with the membership', async () => {
      const end = (id: string, until?: string, who: As = 'officeD1') => run(InspEndMemberDocument, { id, until }, who);
      expect(problemsSeen('inspectorA')).toEqual(['F S1', 'F M1']);
      await refused('BAD_USER_INPUT', () => end(ids.members['inspectorA Group A'], addDays(d(-30), -2)));
      await refused('CONFLICT', () => end(ids.members['inspectorGone Group A'], d(5)));
      const ended = (await ok(end(ids.members['inspectorA Group A']))).endInspectionMember;
      expect(ended).toMatchObject({ since: d(-30), until: d(-1), active: false });
      expect(await auditOps(1)).toEqual(['endInspectionMember']);
      expect(await inspectionsOf('inspectorA')).toEqual([]);
      expect(await problemsOf('inspectorA', { inspectionId: ids.rounds['R1 D1'] })).toEqual([]);
      expect(await node('inspectorA', ids.targets['R1 D1 M1'])).toBeNull();
      await refused('NOT_FOUND', () => run(InspSuggestDocument, { input: { targetId: ids.targets['R1 D1 M1'], text: 'Gone' } }, 'inspectorA'));
      // The inspecting side still sees the membership, no longer active.
      const r1 = (await ok(run(InspInspectionDocument, { id: ids.rounds['R1 D1'] }, 'officeD1'))).inspection!;
      expect(r1.groups[0].members.map((m) => [m.post.official.name, m.until, m.active])).toEqual([
        ['Official inspectorA', d(-1), false], ['Official inspectorGone', d(-1), false], ['Official inspectorLater', null, false],
      ]);
    });
  });
});

// ---------------------------------------------------------------- statements

describeDb('no N+1 in an inspection round', () => {
  let h: Harness;
  const roundIds: Record<'small' | 'large', string> = { small: '', large: '' };
  let inspectorToken = '';

  /** A round of D1 over n new communities under S2, one group per target with two members, two findings each with two items. */
  beforeAll(async () => {
    h = await startHarness();
    const { units, officials } = h.fixture;
    inspectorToken = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      const s = new InspectionSeeder(em);
      const inspector = await b.official(units.D1, 'Official roundInspector', 'inspector');
      const inspectorPost = await b.post(inspector, units.D1, PostRole.INSPECTOR, { since: '2024-01-01' });
      const other = await b.post(await b.official(units.D1, 'Official secondInspector', 'inspector'), units.D1, PostRole.INSPECTOR, { since: '2024-01-01' });
      for (const [size, n] of [['small', 2], ['large', 10]] as const) {
        const round = await s.inspection(units.D1, officials.officeD1, {
          year: 2025, round: n, mode: InspectionMode.REGULAR, title: `Round ${size}`, startsOn: '2025-03-01', endsOn: '2025-05-01',
          status: InspectionStatus.RECTIFICATION,
        });
        roundIds[size] = encodeId('Inspection', round.id);
        for (let i = 0; i < n; i++) {
          const community: OrgUnit = await b.unit(units.S2, `Community ${size} ${i}`, UnitLevel.COMMUNITY);
          const secretary = await b.post(await b.official(community, `Secretary ${size} ${i}`, 'secretary'), community, PostRole.SECRETARY);
          const group = await s.group(round, `Group ${i}`);
          await s.member(group, inspectorPost, '2025-01-01');
          await s.member(group, other, '2025-01-01', '2025-06-30');
          const target = await s.target(round, group, community, { text: `Feedback ${i}`, committee: true, principal: i % 2 === 0 });
          await s.suggestion(target, inspector, `Suggestion ${i}`);
          for (let f = 0; f < 2; f++) {
            const problem = await s.problem(community, inspector, { domain: 'EDUCATION', description: `Finding ${i}.${f}`, inspection: round });
            await s.item(problem, secretary, { measure: `Item ${i}.${f}.a`, deadline: '2025-06-01', principal: officials.secretaryS1 });
            await s.item(problem, secretary, { measure: `Item ${i}.${f}.b`, deadline: '2099-06-01' });
          }
        }
      }
      return (await signToken((await b.account(inspector, 'roundinspector', PASSWORD)).id)).token;
    });
  });
  afterAll(() => h.close());

  const measure = async (size: 'small' | 'large', token: string) => {
    const contextValue = await h.server.contextFor(token);
    h.counter.reset();
    const res = await h.server.apollo.executeOperation({ query: InspStatementsDocument, variables: { id: roundIds[size] } }, { contextValue });
    const statements = h.counter.count;
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    if (process.env.SHOW_SQL) process.stdout.write(h.counter.statements.map((q) => q.slice(0, 160)).join('\n') + '\n');
    const round = (res.body.singleResult.data as { inspection: { targets: unknown[]; findings: { items: unknown[] }[]; groups: { members: unknown[] }[] } }).inspection;
    return {
      statements, targets: round.targets.length, groups: round.groups.length, members: round.groups.reduce((n, g) => n + g.members.length, 0),
      findings: round.findings.length, items: round.findings.reduce((n, f) => n + f.items.length, 0),
    };
  };

  // The inspector's view filters every row through the assignment (one more query, and
  // loads that land in later batches), so its bound is higher; neither grows with the round.
  // On SQLite every query answers at once, so the batches are always the same and the counts
  // equal. MariaDB answers the queries of one batch one by one, and the rows that depend on
  // them may then load in two batches instead of one: the count varies between runs but never
  // exceeds one statement per loader and parent in the document (WAVES), whatever the size.
  const WAVES = 21;
  it.each([['the inspecting side (disciplineD1)', 14], ['an assigned inspector', 18]] as [string, number][])(
    'costs the same statements for a round of 2 targets and of 10, read by %s', async (label, bound) => {
      const token = label === 'an assigned inspector' ? inspectorToken : await h.tokenOf('disciplineD1');
      const small = await measure('small', token);
      const large = await measure('large', token);
      expect(small).toMatchObject({ targets: 2, groups: 2, members: 4, findings: 4, items: 8 });
      expect(large).toMatchObject({ targets: 10, groups: 10, members: 20, findings: 20, items: 40 });
      if (dbKind() === 'sqlite') {
        expect(large.statements).toBe(small.statements);
        expect(large.statements).toBeLessThanOrEqual(bound);
      } else {
        expect(small.statements).toBeLessThanOrEqual(WAVES);
        expect(large.statements).toBeLessThanOrEqual(WAVES);
      }
      process.stdout.write(`[n+1] inspection round read by ${label}: ${small.targets} targets: ${small.statements} statements; ${large.targets} targets: ${large.statements} statements\n`);
    });
});

// ---------------------------------------------------------------- demo data

describeDb('demo inspections', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await openTestDatabase();
    await seedDemo(db);
  });
  afterAll(() => closeTestDatabase(db));

  it('has rounds in every status and mode, memberships past, current and future, and feedback none, half and dual', async () => {
    const rounds = await db.getRepository(Inspection).find();
    expect(new Set(rounds.map((r) => r.status))).toEqual(new Set(Object.values(InspectionStatus)));
    expect(new Set(rounds.map((r) => r.mode))).toEqual(new Set(Object.values(InspectionMode)));
    const members = await db.getRepository(InspectionMember).find();
    const day = today();
    expect(members.some((m) => m.until !== null && m.until < day)).toBe(true);
    expect(members.some((m) => m.since <= day && (m.until === null || m.until >= day))).toBe(true);
    expect(members.some((m) => m.since > day)).toBe(true);
    const targets = await db.getRepository(InspectionTarget).find();
    const halves = targets.map((t) => Number(t.feedbackToCommitteeAt !== null) + Number(t.feedbackToPrincipalAt !== null));
    expect(new Set(halves)).toEqual(new Set([0, 1, 2]));
    expect(await db.getRepository(InspectionSuggestion).count()).toBeGreaterThan(0);
  });

  it('has findings and other problems, with items open, overdue, half approved either way, and closed', async () => {
    const problems = await db.getRepository(Problem).find();
    expect(new Set(problems.map((p) => p.source))).toEqual(new Set([
      SupervisionSource.INSPECTION_FEEDBACK, SupervisionSource.DAILY_SUPERVISION, SupervisionSource.PUBLIC_COMPLAINT, SupervisionSource.SPECIAL_SURVEY,
    ]));
    expect(problems.filter((p) => p.inspectionId !== null).every((p) => p.source === SupervisionSource.INSPECTION_FEEDBACK)).toBe(true);
    const items = await db.getRepository(RectificationItem).find();
    const day = today();
    expect(items.some((i) => i.status === 'OPEN' && i.deadline < day)).toBe(true);
    expect(items.some((i) => i.status === 'OPEN' && i.deadline >= day && !i.principalApprovedAt && !i.supervisorApprovedAt)).toBe(true);
    expect(items.some((i) => i.status === 'OPEN' && i.principalApprovedAt && !i.supervisorApprovedAt)).toBe(true);
    expect(items.some((i) => i.status === 'OPEN' && !i.principalApprovedAt && i.supervisorApprovedAt)).toBe(true);
    const dual = items.filter((i) => i.status === 'CLOSED' && i.principalApprovedAt && i.supervisorApprovedAt);
    expect(dual.length).toBeGreaterThan(0);
    expect(dual.every((i) => i.principalApprovedByOfficialId !== i.supervisorApprovedByOfficialId)).toBe(true);
    expect(items.some((i) => i.status === 'CLOSED' && !i.principalApprovedAt)).toBe(true);
  });
});
