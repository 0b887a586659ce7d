// Inspection outcomes (issue 13, point 4; seed 003): leads keep the round and target they came
// from and are counted per round for their readers only; suggestions are a filterable
// connection with counts, read by exactly the viewers of their target (a persona matrix);
// a round does not close while a finding has no rectification item, unless the inspecting
// unit's OFFICE waives them with a reason (stored, audited, readable); refusals write nothing.
// A last block pins the statements of the new reads.
import { signToken } from '../../src/auth/token';
import { addDays, today } from '../../src/clock';
import {
  AuditEntry, Inspection, InspectionSuggestion, Lead, type InspectionGroup, type InspectionTarget, type Official, type Post,
} from '../../src/entities';
import { InspectionMode, InspectionStatus, PostRole } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { SeedBuilder } from '../../src/seed/builder';
import { InspectionSeeder } from '../../src/seed/demo-inspections';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, PASSWORD, type Persona, type UnitKey } from '../setup/fixture';
import { expectBoundedStatements, ok, refusedWithout, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';
import { READS_AT as FIXTURE_READS_AT, lineage } from '../setup/tree';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const TODAY = today();
const d = (n: number): string => addDays(TODAY, n);
const YEAR = Number(TODAY.slice(0, 4)) - 1;

type Inspector = 'inspectorA' | 'inspectorB';
const INSPECTORS: Inspector[] = ['inspectorA', 'inspectorB'];
type Who = Exclude<Persona, 'inactive'> | Inspector;
const EVERYONE: Who[] = [...(ALL_PERSONAS.filter((p) => p !== 'inactive') as Who[]), ...INSPECTORS];

/** Where each one reads inspection records by the scope rule (inspectors: only through assignments). */
const READS_AT: Record<Who, UnitKey | null> = { ...FIXTURE_READS_AT, inspectorA: null, inspectorB: null };
const reads = (who: Who, unit: UnitKey): boolean => READS_AT[who] !== null && lineage(unit).includes(READS_AT[who]!);

type Round = 'R1' | 'R2' | 'R3';
/** R1: D1 inspects S1, M1 (group A) and M3 (group B); R2: C2 inspects D3; R3: D2 inspects S3 (no findings). */
const ROUNDS: Record<Round, { unit: UnitKey; status: InspectionStatus; targets: Partial<Record<UnitKey, 'A' | 'B' | 'C' | 'D'>> }> = {
  R1: { unit: 'D1', status: InspectionStatus.FEEDBACK, targets: { S1: 'A', M1: 'A', M3: 'B' } },
  R2: { unit: 'C2', status: InspectionStatus.IN_PROGRESS, targets: { D3: 'C' } },
  R3: { unit: 'D2', status: InspectionStatus.RECTIFICATION, targets: { S3: 'D' } },
};
const ASSIGNED: Record<Inspector, [Round, UnitKey][]> = { inspectorA: [['R1', 'S1'], ['R1', 'M1']], inspectorB: [['R1', 'M3']] };
const assigned = (who: Who, round: Round, unit: UnitKey): boolean =>
  (ASSIGNED[who as Inspector] ?? []).some(([r, u]) => r === round && u === unit);
const seesTarget = (who: Who, round: Round, unit: UnitKey): boolean => reads(who, ROUNDS[round].unit) || reads(who, unit) || assigned(who, round, unit);

/** Suggestions: [text, round, target unit]. */
const SUGGESTIONS: [string, Round, UnitKey][] = [
  ['SG S1', 'R1', 'S1'], ['SG M1a', 'R1', 'M1'], ['SG M1b', 'R1', 'M1'], ['SG M3', 'R1', 'M3'], ['SG D3', 'R2', 'D3'], ['SG S3', 'R3', 'S3'],
];
/** DISCIPLINE posts: they read the leads a round sends to its inspecting unit. */
const DISCIPLINE_AT: Partial<Record<Who, UnitKey>> = { disciplineC1: 'C1', disciplineC2: 'C2', disciplineD1: 'D1', disciplineM1: 'M1' };
/** Leads of each round read in full: disciplineD1 does not read the lead about them. */
const LEAD_COUNTS: Record<Round, Partial<Record<Who, number>>> = { R1: { disciplineC1: 3, disciplineD1: 2 }, R2: {}, R3: {} };
const suggestionsSeen = (who: Who): string[] => SUGGESTIONS.filter(([, r, u]) => seesTarget(who, r, u)).map(([t]) => t).sort();

/** Findings of R1: [description, unit, has an item]. F M1's item is closed, so only the bare findings stop the round. */
const FINDINGS: [string, UnitKey, boolean][] = [['F S1', 'S1', false], ['F M1', 'M1', true], ['F M3', 'M3', false]];

describeDb('inspection outcomes: leads, suggestions and the waiver', () => {
  let h: Harness;
  const tokens = {} as Record<Inspector, { token: string }>;
  const posts = {} as Record<Inspector, Post>;
  const people = {} as Record<Inspector, Official>;
  const rounds = {} as Record<Round, string>;
  const targets: Record<string, string> = {};
  const leads: Record<string, string> = {};

  const as = (who: Who): Persona | { token: string } => (who in tokens ? tokens[who as Inspector] : (who as Persona));
  const q = (doc: string, vars: Record<string, unknown>, who: Who) => h.exec<Json>(doc, vars, as(who));
  const uid = (key: UnitKey): string => unitId(h.fixture.units[key]);

  /** Every row the waiver and the close may write, and the size of the audit log. */
  const snapshot = async () => ({
    rounds: await h.db.getRepository(Inspection).find({ order: { id: 'ASC' } }),
    audit: await h.db.getRepository(AuditEntry).count(),
  });
  const refused = refusedWithout(snapshot);

  const SUBMIT = `mutation($input: SubmitLeadInput!) { submitLead(input: $input) { id } }`;

  beforeAll(async () => {
    h = await startHarness();
    const { units, officials, posts: fixturePosts } = h.fixture;
    const accounts = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      const made = [];
      for (const who of INSPECTORS) {
        people[who] = await b.official(units.D1, `Official ${who}`, who);
        posts[who] = await b.post(people[who], units.D1, PostRole.INSPECTOR, { since: '2024-01-01' });
        made.push(await b.account(people[who], who.toLowerCase(), PASSWORD));
      }
      const s = new InspectionSeeder(em);
      const groups: Record<string, InspectionGroup> = {};
      const byUnit: Record<string, InspectionTarget> = {};
      for (const [i, name] of (Object.keys(ROUNDS) as Round[]).entries()) {
        const r = ROUNDS[name];
        const round = await s.inspection(units[r.unit], officials.officeD1, {
          year: YEAR, round: i + 1, mode: InspectionMode.REGULAR, title: name, startsOn: `${YEAR}-03-01`, endsOn: `${YEAR}-05-01`, status: r.status,
        });
        rounds[name] = encodeId('Inspection', round.id);
        for (const [unit, group] of Object.entries(r.targets) as [UnitKey, string][]) {
          groups[group] ??= await s.group(round, `Group ${group}`);
          byUnit[`${name} ${unit}`] = await s.target(round, groups[group], units[unit], { text: `Feedback ${unit}`, committee: true, principal: true });
          targets[`${name} ${unit}`] = encodeId('InspectionTarget', byUnit[`${name} ${unit}`].id);
        }
      }
      await s.member(groups.A, posts.inspectorA, d(-30));
      await s.member(groups.B, posts.inspectorB, d(-30));
      for (const [text, round, unit] of SUGGESTIONS) await s.suggestion(byUnit[`${round} ${unit}`], people.inspectorA, text);
      const r1 = await em.findOneByOrFail(Inspection, { title: 'R1' });
      for (const [description, unit, withItem] of FINDINGS) {
        const finding = await s.problem(units[unit], people.inspectorA, { domain: 'EDUCATION', description, inspection: r1 });
        if (withItem) await s.item(finding, fixturePosts.teamM1, { measure: `Fix ${unit}`, deadline: d(10), principal: officials.secretaryM1, supervisor: officials.secretaryS1 });
      }
      return made;
    });
    for (const [i, who] of INSPECTORS.entries()) tokens[who] = { token: (await signToken(accounts[i].id)).token };

    // Leads through the API: two from R1's inspectors (one about disciplineD1), one from an informant.
    leads['L M1'] = (await ok(q(SUBMIT, { input: { unitId: uid('M1'), content: 'Lead M1', inspectionId: rounds.R1 } }, 'inspectorA'))).submitLead.id;
    leads['L S1'] = (await ok(q(SUBMIT, { input: { unitId: uid('S1'), content: 'Lead S1' } }, 'inspectorA'))).submitLead.id;
    leads['L M3'] = (await ok(q(SUBMIT, {
      input: { unitId: uid('M3'), content: 'Lead M3', concernedOfficialId: encodeId('Official', h.fixture.officials.disciplineD1.id) },
    }, 'inspectorB'))).submitLead.id;
    leads['L G2'] = (await ok(q(SUBMIT, { input: { unitId: uid('G2'), content: 'Lead G2' } }, 'informantG2'))).submitLead.id;
  });
  afterAll(() => h.close());

  describe('leads keep their round and target', () => {
    it('stores the round and the target of an inspector\'s lead, nothing for an informant\'s', async () => {
      const rows = await h.db.getRepository(Lead).find({ order: { id: 'ASC' } });
      const r1 = await h.db.getRepository(Inspection).findOneByOrFail({ title: 'R1' });
      expect(rows.map((l) => [l.content, l.inspectionId, l.targetId !== null])).toEqual([
        ['Lead M1', r1.id, true], ['Lead S1', r1.id, true], ['Lead M3', r1.id, true], ['Lead G2', null, false],
      ]);
      const audit = await h.db.getRepository(AuditEntry).find({ where: { operation: 'submitLead' }, order: { id: 'ASC' } });
      expect(JSON.parse(audit[0].after!)).toMatchObject({ inspectionId: r1.id, targetId: rows[0].targetId });
    });

    it('answers Lead.inspection and Lead.target to the lead\'s readers, null where there is none', async () => {
      const read = `query($id: ID!) { lead(id: $id) { inspection { id } target { id unit { name } } } }`;
      expect((await ok(q(read, { id: leads['L M1'] }, 'disciplineD1'))).lead).toEqual({ inspection: { id: rounds.R1 }, target: { id: targets['R1 M1'], unit: { name: 'Unit M1' } } });
      // The submitter reads where it came from (the target it is assigned to).
      expect((await ok(q(read, { id: leads['L S1'] }, 'inspectorA'))).lead).toEqual({ inspection: { id: rounds.R1 }, target: { id: targets['R1 S1'], unit: { name: 'Unit S1' } } });
      expect((await ok(q(read, { id: leads['L G2'] }, 'disciplineM1'))).lead).toEqual({ inspection: null, target: null });
      // Never the official it concerns: the lead itself is absent.
      expect((await ok(q(read, { id: leads['L M3'] }, 'disciplineD1'))).lead).toBeNull();
    });

    it('filters leads by round and by target', async () => {
      const list = `query($filter: LeadFilter) { leads(filter: $filter, first: 50) { totalCount edges { node { id } } } }`;
      const names = async (who: Who, filter: object) => {
        const res = (await ok(q(list, { filter }, who))).leads;
        return res.edges.map((e: Json) => Object.keys(leads).find((k) => leads[k] === e.node.id)).sort();
      };
      expect(await names('disciplineC1', { inspectionId: rounds.R1 })).toEqual(['L M1', 'L M3', 'L S1']);
      expect(await names('disciplineD1', { inspectionId: rounds.R1 })).toEqual(['L M1', 'L S1']);
      expect(await names('disciplineC1', { targetId: targets['R1 M3'] })).toEqual(['L M3']);
      expect(await names('inspectorA', { inspectionId: rounds.R1 })).toEqual(['L M1', 'L S1']);
      expect(await names('disciplineC1', { inspectionId: rounds.R2 })).toEqual([]);
      expect(await names('disciplineC1', { inspectionId: 'garbage' })).toEqual([]);
    });

    it.each(EVERYONE)('%s reads Inspection.leadCount only as DISCIPLINE of the inspecting unit or above', async (who) => {
      const res = await q(`{ inspections(first: 10) { edges { node { title leadCount } } } }`, {}, who);
      const edges = res.data!.inspections.edges as Json[];
      const roundsSeen = (Object.keys(ROUNDS) as Round[]).filter((r) => (Object.keys(ROUNDS[r].targets) as UnitKey[]).some((u) => seesTarget(who, r, u)));
      expect(edges.map((e) => e.node.title).sort()).toEqual(roundsSeen.sort());
      const denied: string[] = [];
      edges.forEach((e, i) => {
        const round = e.node.title as Round;
        const at = DISCIPLINE_AT[who];
        if (at && lineage(ROUNDS[round].unit).includes(at)) expect(e.node.leadCount).toBe(LEAD_COUNTS[round][who] ?? 0);
        else {
          expect(e.node.leadCount).toBeNull();
          denied.push(`inspections.edges.${i}.node.leadCount`);
        }
      });
      expect((res.errors ?? []).map((err) => [err.path?.join('.'), err.extensions?.code])).toEqual(denied.map((path) => [path, 'FORBIDDEN']));
    });
  });

  describe('suggestions as a connection', () => {
    const LIST = `query($filter: InspectionSuggestionFilter, $first: Int) {
      inspectionSuggestions(filter: $filter, first: $first) { totalCount edges { node { text target { id } } } }
    }`;
    const texts = async (who: Who, filter?: object) => {
      const res = (await ok(q(LIST, { filter, first: 100 }, who))).inspectionSuggestions;
      expect(res.totalCount).toBe(res.edges.length);
      return res.edges.map((e: Json) => e.node.text).sort();
    };

    it.each(EVERYONE)('%s lists exactly the suggestions to the targets it sees', async (who) => {
      expect(await texts(who)).toEqual(suggestionsSeen(who));
    });

    it('filters by round, target, unit (with or without its subtree) and year', async () => {
      expect(await texts('officeD1', { inspectionId: rounds.R1 })).toEqual(['SG M1a', 'SG M1b', 'SG M3', 'SG S1']);
      expect(await texts('officeD1', { targetId: targets['R1 M1'] })).toEqual(['SG M1a', 'SG M1b']);
      expect(await texts('officeD1', { unitId: uid('S1') })).toEqual(['SG M1a', 'SG M1b', 'SG S1']);
      expect(await texts('officeD1', { unitId: uid('S1'), subtree: false })).toEqual(['SG S1']);
      expect(await texts('disciplineC1', { year: YEAR })).toEqual(['SG M1a', 'SG M1b', 'SG M3', 'SG S1', 'SG S3']);
      expect(await texts('disciplineC1', { year: YEAR + 1 })).toEqual([]);
      // A sibling's target stays absent whatever the filter.
      expect(await texts('secretaryM1', { inspectionId: rounds.R1 })).toEqual(['SG M1a', 'SG M1b']);
      expect(await texts('officeS2', { targetId: targets['R1 M1'] })).toEqual([]);
      expect(await texts('officeD1', { targetId: 'garbage' })).toEqual([]);
    });

    it('counts suggestions per round and per target for the targets the viewer sees', async () => {
      const read = `query($id: ID!) { inspection(id: $id) { suggestionCount targets { unit { name } suggestionCount } } }`;
      expect((await ok(q(read, { id: rounds.R1 }, 'officeD1'))).inspection).toEqual({
        suggestionCount: 4,
        targets: [{ unit: { name: 'Unit S1' }, suggestionCount: 1 }, { unit: { name: 'Unit M1' }, suggestionCount: 2 }, { unit: { name: 'Unit M3' }, suggestionCount: 1 }],
      });
      expect((await ok(q(read, { id: rounds.R1 }, 'teamM1'))).inspection).toEqual({ suggestionCount: 2, targets: [{ unit: { name: 'Unit M1' }, suggestionCount: 2 }] });
      expect((await ok(q(read, { id: rounds.R1 }, 'inspectorB'))).inspection).toEqual({ suggestionCount: 1, targets: [{ unit: { name: 'Unit M3' }, suggestionCount: 1 }] });
      expect((await ok(q(read, { id: rounds.R1 }, 'officeD2'))).inspection).toBeNull();
    });
  });

  describe('closing with findings that have no rectification item', () => {
    const ADVANCE = `mutation($id: ID!, $to: InspectionStatus!) { advanceInspection(id: $id, to: $to) { status } }`;
    const WAIVE = `mutation($id: ID!, $reason: String!) {
      waiveInspectionFindings(id: $id, reason: $reason) { status findingsWithoutItems rectificationWaiver { reason findings waivedAt waivedBy { name } } }
    }`;
    const waive = (who: Who, id = rounds.R1, reason = ' 问题已移交专项治理 ') => q(WAIVE, { id, reason }, who);

    it('refuses a waiver before RECTIFICATION, then refuses to close while findings lack items, naming how many', async () => {
      await refused('CONFLICT', () => waive('officeD1'));
      expect((await ok(q(ADVANCE, { id: rounds.R1, to: 'RECTIFICATION' }, 'officeD1'))).advanceInspection.status).toBe('RECTIFICATION');
      const res = await refused('CONFLICT', () => q(ADVANCE, { id: rounds.R1, to: 'CLOSED' }, 'officeD1'));
      expect(res.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'findingsWithoutItems', findingsWithoutItems: 2 });
    });

    it('counts the findings without items of the targets each viewer sees', async () => {
      const read = `query($id: ID!) { inspection(id: $id) { findingsWithoutItems rectificationWaiver { reason } } }`;
      const count = async (who: Who) => (await ok(q(read, { id: rounds.R1 }, who))).inspection?.findingsWithoutItems ?? null;
      expect([await count('officeD1'), await count('officeS1'), await count('teamM1'), await count('officeS2'), await count('officeD2')]).toEqual([2, 1, 0, 1, null]);
      expect((await ok(q(read, { id: rounds.R1 }, 'officeD1'))).inspection.rectificationWaiver).toBeNull();
    });

    it('lets only the inspecting unit\'s OFFICE waive, with a reason, once', async () => {
      await refused('FORBIDDEN', () => waive('disciplineD1')); // not an OFFICE post
      await refused('FORBIDDEN', () => waive('officeS1')); // sees the round through its targets, not its OFFICE
      await refused('NOT_FOUND', () => waive('officeD2')); // does not see the round
      await refused('NOT_FOUND', () => waive('officeD1', encodeId('Inspection', 999999)));
      await refused('BAD_USER_INPUT', () => waive('officeD1', rounds.R1, '  '));
      await refused('UNAUTHENTICATED', () => h.exec(WAIVE, { id: rounds.R1, reason: 'x' }, null));
      const auditBefore = await h.db.getRepository(AuditEntry).count();
      const waived = (await ok(waive('officeD1'))).waiveInspectionFindings;
      expect(waived).toMatchObject({
        status: 'RECTIFICATION', findingsWithoutItems: 2,
        rectificationWaiver: { reason: '问题已移交专项治理', findings: 2, waivedBy: { name: 'Official officeD1' } },
      });
      expect(waived.rectificationWaiver.waivedAt).not.toBeNull();
      const audit = await h.db.getRepository(AuditEntry).find({ order: { id: 'DESC' }, take: 1 });
      expect(await h.db.getRepository(AuditEntry).count()).toBe(auditBefore + 1);
      expect(audit[0]).toMatchObject({ operation: 'waiveInspectionFindings', recordType: 'Inspection', unitPath: h.fixture.units.D1.path });
      expect(JSON.parse(audit[0].after!)).toEqual({ waived: true, reason: '问题已移交专项治理', findingsWithoutItems: 2 });
      await refused('CONFLICT', () => waive('officeD1'));
      // The round's readers read the waiver, the target side too.
      const read = `query($id: ID!) { inspection(id: $id) { rectificationWaiver { reason findings waivedBy { name } } } }`;
      expect((await ok(q(read, { id: rounds.R1 }, 'teamM1'))).inspection.rectificationWaiver)
        .toEqual({ reason: '问题已移交专项治理', findings: 2, waivedBy: { name: 'Official officeD1' } });
    });

    it('closes the waived round; a round whose findings all have items has nothing to waive', async () => {
      expect((await ok(q(ADVANCE, { id: rounds.R1, to: 'CLOSED' }, 'officeD1'))).advanceInspection.status).toBe('CLOSED');
      await refused('CONFLICT', () => waive('officeD1'));
      await refused('CONFLICT', () => waive('officeD2', rounds.R3));
      expect((await ok(q(ADVANCE, { id: rounds.R3, to: 'CLOSED' }, 'officeD2'))).advanceInspection.status).toBe('CLOSED');
    });
  });

  describe('statements', () => {
    const measure = (doc: string, vars: Record<string, unknown>, who: Who) => h.statementsOf(doc, vars, as(who));
    const bounded = expectBoundedStatements;

    it('reads a page of suggestions with their targets in the same statements whatever its size', async () => {
      const doc = `query($first: Int) { inspectionSuggestions(first: $first) { totalCount edges { node { text target { unit { name } suggestionCount } } } } }`;
      const one = await measure(doc, { first: 1 }, 'disciplineC1');
      const six = await measure(doc, { first: 6 }, 'disciplineC1');
      process.stdout.write(`[n+1] inspectionSuggestions with targets: 1 row: ${one} statements; 6 rows: ${six}\n`);
      bounded(one, six, 6, 8);
    });

    it('reads the counts of every round of a page in the same statements whatever its size', async () => {
      await h.db.transaction(async (em) => {
        const s = new InspectionSeeder(em);
        for (let i = 0; i < 4; i += 1) {
          const round = await s.inspection(h.fixture.units.D1, h.fixture.officials.officeD1, {
            year: YEAR - 1, round: 10 + i, mode: InspectionMode.SPECIAL, title: `Extra ${i}`, startsOn: `${YEAR - 1}-03-0${i + 1}`, endsOn: `${YEAR - 1}-04-01`, status: InspectionStatus.CLOSED,
          });
          const group = await s.group(round, `Extra ${i}`);
          const target = await s.target(round, group, h.fixture.units.S2);
          await s.suggestion(target, people.inspectorA, `Extra ${i}`);
          await s.problem(h.fixture.units.S2, people.inspectorA, { domain: 'HEALTH', description: `Extra ${i}`, inspection: round });
        }
      });
      const doc = `query($first: Int) { inspections(first: $first, filter: { unitId: "${uid('D1')}" }) {
        edges { node { title leadCount suggestionCount findingsWithoutItems rectificationWaiver { reason } targets { suggestionCount } } } } }`;
      const two = await measure(doc, { first: 2 }, 'disciplineD1');
      const five = await measure(doc, { first: 5 }, 'disciplineD1');
      process.stdout.write(`[n+1] rounds with leadCount, suggestion and finding counts, waiver: 2 rounds: ${two} statements; 5 rounds: ${five}\n`);
      bounded(two, five, 6, 10);
      expect(await h.db.getRepository(InspectionSuggestion).count()).toBe(SUGGESTIONS.length + 4);
    });
  });
});
