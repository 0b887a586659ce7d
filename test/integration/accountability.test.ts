// Leads (问题线索), cases and 一案双查, accountability records (问责) and the integrity
// file (廉政档案): who reads which records (a persona matrix against tables of the tree),
// the fields only some readers see, submitting and deciding leads, opening cases with the
// chain of the incident day, records made all or nothing, revisions, revocations and the
// restriction rule table. Every refused write is checked to change nothing (rows and audit).
import type { FormattedExecutionResult } from 'graphql';
import type { DataSource } from 'typeorm';
import { signToken } from '../../src/auth/token';
import { addDays, today } from '../../src/clock';
import {
  AccountabilityRecord, AccountabilityRevocation, AuditEntry, DisciplinaryCase, Domain, Inspection, InspectionGroup,
  InspectionMember, InspectionTarget, Lead, type Official, type OrgUnit, type Post,
} from '../../src/entities';
import { CaseStatus, Failure, InspectionMode, InspectionStatus, LeadStatus, Measure, PostRole } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { SeedBuilder } from '../../src/seed/builder';
import { seedDemo } from '../../src/seed/demo';
import {
  AccountabilityNodeDocument, AccountabilityRecordsDocument, CaseByIdDocument, CasesDocument, CloseCaseDocument,
  CreateAccountabilityRecordDocument, DismissLeadDocument, IntegrityFileDocument, LeadByIdDocument, LeadsDocument,
  MakeAccountabilityRecordsDocument, OpenCaseDocument, RecordCaseDocument, RestrictionRulesDocument, ReviewLeadDocument,
  ReviseAccountabilityRecordDocument, RevokeAccountabilityRecordDocument, SubmitLeadDocument,
  type CaseRecordInput, type CreateAccountabilityRecordInput,
} from '../generated/graphql';
import { closeTestDatabase, describeDb, openTestDatabase } from '../setup/db';
import { PASSWORD, PERSONAS, type Persona, type UnitKey } from '../setup/fixture';
import { lineage } from '../setup/tree';
import { codes, ok, refusedWithout, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';


// ---- The expected scope, from the fixture tree (not from the code under test) ----



/** Officials added for this file, with an account (signed in with a token). */
const EXTRA_VIEWERS = ['concernedX', 'secretaryD1', 'inspectorD1', 'formerInspector'] as const;
/** Officials added for this file without an account. */
const EXTRA_PEOPLE = ['informantS3', 'informantD3', 'subjectD3', 'formerTeamM1', 'formerDisciplineD1'] as const;
type Viewer = Exclude<Persona, 'inactive'> | (typeof EXTRA_VIEWERS)[number];
type Person = Viewer | (typeof EXTRA_PEOPLE)[number];

const VIEWERS: Viewer[] = [
  ...(Object.keys(PERSONAS) as (keyof typeof PERSONAS)[]), 'retired', ...EXTRA_VIEWERS,
];

/**
 * The current DISCIPLINE and SECRETARY posts of each viewer. concernedX holds a
 * TEAM_MEMBER post at M1 (HEALTH) and a DISCIPLINE post at S1, above it.
 */
const DISCIPLINE_AT: Partial<Record<Viewer, UnitKey[]>> = {
  disciplineC1: ['C1'], disciplineC2: ['C2'], disciplineD1: ['D1'], disciplineM1: ['M1'], concernedX: ['S1'],
};
const SECRETARY_AT: Partial<Record<Viewer, UnitKey[]>> = {
  secretaryS1: ['S1'], secretaryM1: ['M1'], secretaryG1: ['G1'], secretaryD1: ['D1'],
};
const under = (roots: UnitKey[] | undefined, unit: UnitKey): boolean => (roots ?? []).some((r) => lineage(unit).includes(r));

// ---- The records of the matrix ----

/** Leads: the unit concerned, the receiving unit (the submitter's parent, or the inspecting unit). */
const LEADS: { key: string; unit: UnitKey; to: UnitKey; concerned: Person | null; by: Person; status: LeadStatus; inspection?: true }[] = [
  { key: 'L1', unit: 'G2', to: 'M1', concerned: 'concernedX', by: 'informantG2', status: LeadStatus.SUBMITTED },
  { key: 'L2', unit: 'G2', to: 'M1', concerned: 'teamM1', by: 'informantG2', status: LeadStatus.UNDER_REVIEW },
  { key: 'L3', unit: 'M3', to: 'D1', concerned: null, by: 'inspectorD1', status: LeadStatus.SUBMITTED, inspection: true },
  { key: 'L4', unit: 'S3', to: 'D2', concerned: null, by: 'informantS3', status: LeadStatus.DISMISSED },
  { key: 'L5', unit: 'D3', to: 'C2', concerned: 'subjectD3', by: 'informantD3', status: LeadStatus.CASE_OPENED },
  { key: 'L6', unit: 'G2', to: 'M1', concerned: 'disciplineM1', by: 'informantG2', status: LeadStatus.SUBMITTED },
];
type LeadRow = (typeof LEADS)[number];
/** In full: DISCIPLINE of the receiving unit or above; the submitter: the status only; never the official concerned. */
const leadInFull = (v: Viewer, l: LeadRow) => l.concerned !== v && under(DISCIPLINE_AT[v], l.to);
const leadSeen = (v: Viewer, l: LeadRow) => l.concerned !== v && (under(DISCIPLINE_AT[v], l.to) || l.by === v);

const CASES: { key: string; unit: UnitKey; against: Person; domain: string; incidentOn: string; lead?: string; status: CaseStatus }[] = [
  { key: 'K1', unit: 'M1', against: 'teamM1', domain: 'EDUCATION', incidentOn: '2024-06-01', status: CaseStatus.OPEN },
  { key: 'K2', unit: 'D3', against: 'subjectD3', domain: 'FINANCE', incidentOn: '2024-04-01', lead: 'L5', status: CaseStatus.OPEN },
  { key: 'K3', unit: 'S1', against: 'concernedX', domain: 'HEALTH', incidentOn: '2024-09-01', status: CaseStatus.CLOSED },
  { key: 'K4', unit: 'M1', against: 'formerTeamM1', domain: 'EDUCATION', incidentOn: '2023-05-01', status: CaseStatus.OPEN },
];
type CaseRow = (typeof CASES)[number];
/** DISCIPLINE in scope, never the official the case is against. */
const caseSeen = (v: Viewer, c: CaseRow) => c.against !== v && under(DISCIPLINE_AT[v], c.unit);

const TODAY = today();
const RECENT = addDays(TODAY, -30);
/** Records: R4b corrects R4; R5 is revoked; R7 (recent demotion) restricts today. */
const RECORDS: {
  key: string; official: Person; unit: UnitKey; case?: string; failure: Failure; measure: Measure; decidedOn: string;
  revises?: string; revoked?: true; restrictedUntil: string | null;
}[] = [
  { key: 'R1', official: 'teamM1', unit: 'M1', case: 'K1', failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.DISMISSAL, decidedOn: '2024-09-10', restrictedUntil: '2025-09-10' },
  { key: 'R2', official: 'secretaryM1', unit: 'M1', case: 'K1', failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.ADMONISHMENT_TALK, decidedOn: '2024-09-10', restrictedUntil: null },
  { key: 'R3', official: 'disciplineM1', unit: 'M1', case: 'K1', failure: Failure.SUPERVISION_RESPONSIBILITY, measure: Measure.CRITICISM_NOTICE, decidedOn: '2024-09-11', restrictedUntil: null },
  { key: 'R4', official: 'secretaryS1', unit: 'S1', failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.DEMOTION, decidedOn: '2024-03-01', restrictedUntil: '2026-03-01' },
  { key: 'R4b', official: 'secretaryS1', unit: 'S1', failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.DEMOTION, decidedOn: '2024-03-15', revises: 'R4', restrictedUntil: '2026-03-15' },
  { key: 'R5', official: 'secretaryG1', unit: 'G1', failure: Failure.OTHER, measure: Measure.ORDERED_RESIGNATION, decidedOn: '2024-05-01', revoked: true, restrictedUntil: null },
  { key: 'R6', official: 'subjectD3', unit: 'D3', case: 'K2', failure: Failure.OTHER, measure: Measure.WARNING, decidedOn: '2024-07-01', restrictedUntil: null },
  { key: 'R7', official: 'teamM2', unit: 'M2', failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.DEMOTION, decidedOn: RECENT, restrictedUntil: null },
];
type RecordRow = (typeof RECORDS)[number];
const recordSeen = (v: Viewer, r: RecordRow) => r.official === v || under(DISCIPLINE_AT[v], r.unit) || under(SECRETARY_AT[v], r.unit);
const reasonSeen = (v: Viewer, r: RecordRow) => r.official === v || under(DISCIPLINE_AT[v], r.unit);
const superseded = (r: RecordRow) => RECORDS.some((o) => o.revises === r.key);

/** n years after a day (29 February becomes the 28th). */
const plusYears = (day: string, n: number): string => {
  const [y, m, d] = day.split('-');
  return `${Number(y) + n}-${m}-${d === '29' && m === '02' ? '28' : d}`;
};
/** R7's restriction: two years from a decision 30 days ago. */
const r7Until = (): string => plusYears(RECENT, 2);

describeDb('leads, cases and accountability', () => {
  let h: Harness;
  const people = {} as Record<Person, Official>;
  const posts = {} as Record<string, Post>;
  const tokens = {} as Record<(typeof EXTRA_VIEWERS)[number], { token: string }>;
  const ids = { leads: {} as Record<string, string>, cases: {} as Record<string, string>, records: {} as Record<string, string> };
  const label = new Map<string, string>();
  let revocationR5 = '';
  let inspection: Inspection;

  const as = (v: Viewer): Persona | { token: string } =>
    (EXTRA_VIEWERS as readonly string[]).includes(v) ? tokens[v as (typeof EXTRA_VIEWERS)[number]] : (v as Persona);
  const unit = (key: UnitKey): OrgUnit => h.fixture.units[key];
  const uid = (key: UnitKey): string => unitId(unit(key));
  const oid = (p: Person): string => encodeId('Official', people[p].id);
  const pid = (key: string): string => encodeId('Post', posts[key].id);

  beforeAll(async () => {
    h = await startHarness();
    const { units, officials, posts: fixturePosts } = h.fixture;
    Object.assign(people, officials);
    for (const [k, p] of Object.entries(fixturePosts)) posts[k] = p;
    const accounts = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      const person = async (key: Person, at: UnitKey) => (people[key] = await b.official(units[at], `Official ${key}`, key));
      // concernedX: a team member at M1 who also holds the DISCIPLINE post at S1, above it.
      await person('concernedX', 'M1');
      posts.concernedXTeam = await b.post(people.concernedX, units.M1, PostRole.TEAM_MEMBER, { since: '2024-01-01', domains: ['HEALTH'] });
      posts.concernedX = await b.post(people.concernedX, units.S1, PostRole.DISCIPLINE, { since: '2024-01-01' });
      await person('secretaryD1', 'D1');
      posts.secretaryD1 = await b.post(people.secretaryD1, units.D1, PostRole.SECRETARY, { since: '2024-01-01' });
      await person('inspectorD1', 'D1');
      posts.inspectorD1 = await b.post(people.inspectorD1, units.D1, PostRole.INSPECTOR, { since: '2024-01-01' });
      await person('formerInspector', 'D1');
      posts.formerInspector = await b.post(people.formerInspector, units.D1, PostRole.INSPECTOR, { since: '2024-01-01' });
      await person('informantS3', 'S3');
      await b.post(people.informantS3, units.S3, PostRole.INFORMANT, { since: '2024-01-01' });
      await person('informantD3', 'D3');
      await b.post(people.informantD3, units.D3, PostRole.INFORMANT, { since: '2024-01-01' });
      await person('subjectD3', 'D3');
      posts.subjectD3 = await b.post(people.subjectD3, units.D3, PostRole.TEAM_MEMBER, { since: '2024-01-01', domains: ['FINANCE'] });
      // People who moved on: the chain of an incident in 2023 still names them.
      await person('formerTeamM1', 'M1');
      posts.formerTeamM1 = await b.post(people.formerTeamM1, units.M1, PostRole.TEAM_MEMBER, { since: '2020-01-01', until: '2023-12-31', domains: ['EDUCATION'] });
      await person('formerDisciplineD1', 'D1');
      posts.formerDisciplineD1 = await b.post(people.formerDisciplineD1, units.D1, PostRole.DISCIPLINE, { since: '2020-01-01', until: '2023-12-31' });

      // D1's inspection of S2 and M3; the former inspector's membership has ended.
      const at = new Date();
      inspection = await em.save(em.create(Inspection, {
        cityId: units.D1.cityId, unitId: units.D1.id, year: 2026, round: 1, mode: InspectionMode.REGULAR, title: 'D1 round 1',
        startsOn: '2026-01-01', endsOn: '2026-12-31', status: InspectionStatus.IN_PROGRESS, createdByOfficialId: officials.disciplineD1.id, createdAt: at,
      }));
      const group = await em.save(em.create(InspectionGroup, { cityId: units.D1.cityId, inspectionId: inspection.id, name: 'Group 1' }));
      await em.insert(InspectionMember, [
        { cityId: units.D1.cityId, groupId: group.id, postId: posts.inspectorD1.id, since: '2024-01-01', until: null },
        { cityId: units.D1.cityId, groupId: group.id, postId: posts.formerInspector.id, since: '2024-01-01', until: addDays(TODAY, -1) },
      ]);
      await em.insert(InspectionTarget, ['S2', 'M3'].map((k) => ({
        cityId: units.D1.cityId, inspectionId: inspection.id, groupId: group.id, unitId: units[k as UnitKey].id,
        feedback: null, feedbackToCommitteeAt: null, feedbackToPrincipalAt: null,
      })));

      for (const l of LEADS) {
        const { identifiers } = await em.insert(Lead, {
          cityId: units[l.unit].cityId, unitId: units[l.unit].id, toUnitId: units[l.to].id, concernedOfficialId: l.concerned ? people[l.concerned].id : null,
          submittedByOfficialId: people[l.by].id, inspectionId: l.inspection ? inspection.id : null, content: `Lead ${l.key}`,
          status: l.status, caseId: null, createdAt: at, updatedAt: at,
        });
        ids.leads[l.key] = encodeId('Lead', Number(identifiers[0].id));
      }
      const caseDb: Record<string, number> = {};
      for (const c of CASES) {
        const domain = await em.findOneByOrFail(Domain, { code: c.domain });
        const leadId = c.lead ? Number(Buffer.from(ids.leads[c.lead], 'base64').toString().split(':')[1]) : null;
        const { identifiers } = await em.insert(DisciplinaryCase, {
          cityId: units[c.unit].cityId, unitId: units[c.unit].id, issuerUnitId: units[c.unit].id, officialId: people[c.against].id, domainId: domain.id, incidentOn: c.incidentOn,
          title: `Case ${c.key}`, summary: `Summary ${c.key}`, leadId, status: c.status, openedByOfficialId: officials.disciplineC1.id,
          openedAt: at, closedAt: c.status === CaseStatus.CLOSED ? at : null,
        });
        caseDb[c.key] = Number(identifiers[0].id);
        ids.cases[c.key] = encodeId('DisciplinaryCase', caseDb[c.key]);
        if (leadId) await em.update(Lead, { id: leadId }, { caseId: caseDb[c.key] });
      }
      const recordDb: Record<string, number> = {};
      for (const r of RECORDS) {
        const post = posts[r.official];
        const { identifiers } = await em.insert(AccountabilityRecord, {
          cityId: units[r.unit].cityId, officialId: people[r.official].id, postId: post?.unitId === units[r.unit].id ? post.id : null,
          unitId: units[r.unit].id, issuerUnitId: units[r.unit].id, caseId: r.case ? caseDb[r.case] : null, failure: r.failure, measure: r.measure, decidedOn: r.decidedOn,
          reason: `Reason ${r.key}`, revisionOf: r.revises ? recordDb[r.revises] : null, createdByOfficialId: officials.disciplineC1.id, createdAt: at,
        });
        recordDb[r.key] = Number(identifiers[0].id);
        ids.records[r.key] = encodeId('AccountabilityRecord', recordDb[r.key]);
        if (r.revoked) {
          const rev = await em.insert(AccountabilityRevocation, {
            cityId: units[r.unit].cityId, recordId: recordDb[r.key], reason: `Revoked ${r.key}`, revokedOn: '2024-08-01',
            createdByOfficialId: officials.disciplineC1.id, createdAt: at,
          });
          revocationR5 = encodeId('AccountabilityRevocation', Number(rev.identifiers[0].id));
        }
      }
      return Promise.all(EXTRA_VIEWERS.map((k) => b.account(people[k], k.toLowerCase(), PASSWORD)));
    });
    for (const [i, k] of EXTRA_VIEWERS.entries()) tokens[k] = { token: (await signToken(accounts[i].id)).token };
    for (const map of Object.values(ids)) for (const [k, id] of Object.entries(map)) label.set(id, k);
    expect(label.size).toBe(LEADS.length + CASES.length + RECORDS.length);
  });
  afterAll(() => h.close());

  // ---- Helpers ----

  /** One's own integrity file: every record's case is denied to the official (FORBIDDEN), nothing else. */
  async function ownFile(v: Viewer) {
    const res = await h.exec(IntegrityFileDocument, { officialId: oid(v) }, as(v));
    expect(res.errors?.every((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.at(-1) === 'case') ?? true).toBe(true);
    return res.data!;
  }


  const errorPaths = (res: FormattedExecutionResult): string[] => (res.errors ?? []).map((e) => e.path!.join('.')).sort();

  /** Every row of this area's tables, and the size of the audit log. */
  const snapshot = async () => ({
    leads: await h.db.getRepository(Lead).find({ order: { id: 'ASC' } }),
    cases: await h.db.getRepository(DisciplinaryCase).find({ order: { id: 'ASC' } }),
    records: await h.db.getRepository(AccountabilityRecord).find({ order: { id: 'ASC' } }),
    revocations: await h.db.getRepository(AccountabilityRevocation).find({ order: { id: 'ASC' } }),
    audit: await h.db.getRepository(AuditEntry).count(),
  });

  /** The operation fails with exactly this code and writes nothing. */
  const refused = refusedWithout(snapshot);

  const domainId = async (code: string): Promise<string> =>
    encodeId('Domain', (await h.db.getRepository(Domain).findOneByOrFail({ code })).id);

  const dbId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

  // ---- 1. Leads: who reads what ----

  describe('lead visibility', () => {
    it.each(VIEWERS)('%s sees exactly the leads of the table, in full or as a status', async (v) => {
      const res = await h.exec(LeadsDocument, { first: 100 }, as(v));
      const edges = res.data!.leads.edges;
      const expected = LEADS.filter((l) => leadSeen(v, l));
      expect(edges.map((e) => label.get(e.node.id)).sort()).toEqual(expected.map((l) => l.key).sort());
      expect(res.data!.leads.totalCount).toBe(expected.length);
      const denied: string[] = [];
      edges.forEach((e, i) => {
        const l = LEADS.find((x) => x.key === label.get(e.node.id))!;
        expect(e.node.status).toBe(l.status);
        expect(e.node.toUnit.name).toBe(`Unit ${l.to}`);
        expect(e.node.submittedBy.name).toBe(`Official ${l.by}`);
        if (leadInFull(v, l)) {
          expect(e.node.content).toBe(`Lead ${l.key}`);
          expect(e.node.concernedOfficial?.name ?? null).toBe(l.concerned ? `Official ${l.concerned}` : null);
        } else {
          expect(e.node.content).toBeNull();
          expect(e.node.concernedOfficial).toBeNull();
          denied.push(`leads.edges.${i}.node.concernedOfficial`, `leads.edges.${i}.node.content`);
        }
      });
      expect(errorPaths(res)).toEqual(denied.sort());
      expect(codes(res).every((c) => c === 'FORBIDDEN')).toBe(true);
      // lead(id) and node(id) agree: absent means null, not an error.
      for (const l of LEADS) {
        const node = await ok(h.exec(AccountabilityNodeDocument, { id: ids.leads[l.key] }, as(v)));
        expect(node.node).toEqual(leadSeen(v, l) ? { __typename: 'Lead', id: ids.leads[l.key], status: l.status } : null);
        const one = await h.exec(LeadByIdDocument, { id: ids.leads[l.key] }, as(v));
        expect(one.data!.lead?.id ?? null).toBe(leadSeen(v, l) ? ids.leads[l.key] : null);
      }
    });

    it('spells out the rows that matter', async () => {
      const seen = async (v: Viewer) => (await h.exec(LeadsDocument, { first: 100 }, as(v))).data!.leads.edges.map((e) => label.get(e.node.id)).sort();
      // concernedX holds DISCIPLINE above M1 but never sees L1, the lead about them.
      expect(await seen('concernedX')).toEqual(['L2', 'L6']);
      // M1's own DISCIPLINE does not see L6, which concerns her; D1 and C1 do.
      expect(await seen('disciplineM1')).toEqual(['L1', 'L2']);
      expect(await seen('disciplineD1')).toEqual(['L1', 'L2', 'L3', 'L6']);
      expect(await seen('disciplineC1')).toEqual(['L1', 'L2', 'L3', 'L4', 'L6']);
      expect(await seen('disciplineC2')).toEqual(['L5']);
      // Submitters: the status of their own leads.
      expect(await seen('informantG2')).toEqual(['L1', 'L2', 'L6']);
      expect(await seen('inspectorD1')).toEqual(['L3']);
      // SECRETARY, OFFICE, ADMIN, the official concerned: nothing.
      for (const v of ['secretaryS1', 'secretaryD1', 'officeD1', 'adminC1', 'analystC1', 'teamM1'] as Viewer[]) expect(await seen(v)).toEqual([]);
    });

    it('filters leads by unit, status and submitter', async () => {
      const seen = async (v: Viewer, filter: object) =>
        (await ok(h.exec(LeadsDocument, { filter, first: 100 }, as(v)))).leads.edges.map((e) => label.get(e.node.id)).sort();
      expect(await seen('disciplineC1', { unitId: uid('S1') })).toEqual(['L1', 'L2', 'L6']);
      expect(await seen('disciplineC1', { unitId: uid('M1'), subtree: false })).toEqual([]);
      expect(await seen('disciplineC1', { unitId: uid('G2'), subtree: false })).toEqual(['L1', 'L2', 'L6']);
      expect(await seen('disciplineC1', { status: 'SUBMITTED' })).toEqual(['L1', 'L3', 'L6']);
      expect(await seen('disciplineC2', { unitId: uid('S1') })).toEqual([]);
      const own = await h.exec(LeadsDocument, { filter: { submittedByMe: true }, first: 100 }, 'informantG2');
      expect(own.data!.leads.edges.map((e) => label.get(e.node.id)).sort()).toEqual(['L1', 'L2', 'L6']);
      expect(await seen('disciplineD1', { submittedByMe: true })).toEqual([]);
    });

    it('pages newest first without gaps or repeats', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: { leads: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
          await ok(h.exec(LeadsDocument, { first: 2, after }, 'disciplineC1'));
        seen.push(...page.leads.edges.map((e) => label.get(e.node.id)!));
        after = page.leads.pageInfo.hasNextPage ? page.leads.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(['L6', 'L4', 'L3', 'L2', 'L1']);
    });

    it('refuses anonymous and deactivated callers', async () => {
      for (const who of [null, 'inactive'] as const) {
        expect(codes(await h.exec(LeadsDocument, { first: 10 }, who))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await h.exec(CasesDocument, { first: 10 }, who))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await h.exec(AccountabilityRecordsDocument, { first: 10 }, who))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await h.exec(IntegrityFileDocument, { officialId: oid('teamM1') }, who))).toEqual(['UNAUTHENTICATED']);
      }
    });
  });

  // ---- 2. Cases: who reads what ----

  describe('case visibility', () => {
    it.each(VIEWERS)('%s sees exactly the cases of the table', async (v) => {
      const data = await ok(h.exec(CasesDocument, { first: 100 }, as(v)));
      const expected = CASES.filter((c) => caseSeen(v, c)).map((c) => c.key).sort();
      expect(data.cases.edges.map((e) => label.get(e.node.id)).sort()).toEqual(expected);
      expect(data.cases.totalCount).toBe(expected.length);
      for (const c of CASES) {
        const node = await ok(h.exec(AccountabilityNodeDocument, { id: ids.cases[c.key] }, as(v)));
        expect(node.node).toEqual(caseSeen(v, c) ? { __typename: 'DisciplinaryCase', id: ids.cases[c.key], title: `Case ${c.key}` } : null);
      }
    });

    it('spells out the rows that matter', async () => {
      const seen = async (v: Viewer) => (await ok(h.exec(CasesDocument, { first: 100 }, as(v)))).cases.edges.map((e) => label.get(e.node.id)).sort();
      // K3 is against concernedX: their DISCIPLINE post at S1 does not show it.
      expect(await seen('concernedX')).toEqual(['K1', 'K4']);
      expect(await seen('disciplineD1')).toEqual(['K1', 'K3', 'K4']);
      expect(await seen('disciplineC2')).toEqual(['K2']);
      expect(await seen('secretaryS1')).toEqual([]);
      expect(await seen('teamM1')).toEqual([]);
    });

    it('filters cases by unit, official, status and year', async () => {
      const seen = async (filter: object) =>
        (await ok(h.exec(CasesDocument, { filter, first: 100 }, 'disciplineC1'))).cases.edges.map((e) => label.get(e.node.id)).sort();
      expect(await seen({ unitId: uid('M1') })).toEqual(['K1', 'K4']);
      expect(await seen({ unitId: uid('S1'), subtree: false })).toEqual(['K3']);
      expect(await seen({ officialId: oid('teamM1') })).toEqual(['K1']);
      expect(await seen({ status: 'CLOSED' })).toEqual(['K3']);
      expect(await seen({ year: 2023 })).toEqual(['K4']);
    });

    it('proposes the chain as held on the incident day, with people who moved on since, never the official it is against', async () => {
      // K1 is against teamM1, the team member in charge of EDUCATION at M1: the case deals with them.
      const k1 = (await ok(h.exec(CaseByIdDocument, { id: ids.cases.K1 }, 'disciplineC1'))).case!;
      expect(k1.proposal!.map((p) => [p.unit.name, p.role, p.failure, p.official.name])).toEqual([
        ['Unit M1', 'PRINCIPAL', 'MAIN_RESPONSIBILITY', 'Official secretaryM1'],
        ['Unit M1', 'DISCIPLINE_HEAD', 'SUPERVISION_RESPONSIBILITY', 'Official disciplineM1'],
        ['Unit S1', 'PRINCIPAL', 'MAIN_RESPONSIBILITY', 'Official secretaryS1'],
        ['Unit S1', 'DISCIPLINE_HEAD', 'SUPERVISION_RESPONSIBILITY', 'Official concernedX'],
        ['Unit D1', 'PRINCIPAL', 'MAIN_RESPONSIBILITY', 'Official secretaryD1'],
        ['Unit D1', 'DISCIPLINE_HEAD', 'SUPERVISION_RESPONSIBILITY', 'Official disciplineD1'],
        ['Unit C1', 'DISCIPLINE_HEAD', 'SUPERVISION_RESPONSIBILITY', 'Official disciplineC1'],
      ]);
      expect(k1.records.map((r) => r.official.name).sort()).toEqual(['Official disciplineM1', 'Official secretaryM1', 'Official teamM1']);
      // In 2023 the posts of today did not exist; those who held them then are proposed
      // (K4 is against formerTeamM1, then in charge at M1: not proposed).
      const k4 = (await ok(h.exec(CaseByIdDocument, { id: ids.cases.K4 }, 'disciplineD1'))).case!;
      expect(k4.proposal!.map((p) => [p.unit.name, p.role, p.official.name, p.post.id, p.post.until])).toEqual([
        ['Unit D1', 'DISCIPLINE_HEAD', 'Official formerDisciplineD1', pid('formerDisciplineD1'), '2023-12-31'],
      ]);
    });

    it('shows a case\'s lead to its investigators who may read the lead', async () => {
      const k2 = (await ok(h.exec(CaseByIdDocument, { id: ids.cases.K2 }, 'disciplineC2'))).case!;
      expect(k2.lead).toEqual({ id: ids.leads.L5, status: 'CASE_OPENED' });
      const lead = (await ok(h.exec(LeadByIdDocument, { id: ids.leads.L5 }, 'disciplineC2'))).lead!;
      expect(lead.case).toEqual({ id: ids.cases.K2, title: 'Case K2' });
    });
  });

  // ---- 3. Accountability records and integrity files: who reads what ----

  describe('record visibility', () => {
    const listed = (v: Viewer, filter: { includeRevoked?: boolean; includeSuperseded?: boolean }) =>
      RECORDS.filter((r) => recordSeen(v, r) && (filter.includeRevoked || !r.revoked) && (filter.includeSuperseded || !superseded(r)));

    it.each(VIEWERS)('%s reads exactly the records of the table, the reason only where allowed', async (v) => {
      for (const filter of [{}, { includeRevoked: true, includeSuperseded: true }]) {
        const res = await h.exec(AccountabilityRecordsDocument, { filter, first: 100 }, as(v));
        const edges = res.data!.accountabilityRecords.edges;
        const expected = listed(v, filter);
        expect(edges.map((e) => label.get(e.node.id)).sort()).toEqual(expected.map((r) => r.key).sort());
        expect(res.data!.accountabilityRecords.totalCount).toBe(expected.length);
        const denied: string[] = [];
        edges.forEach((e, i) => {
          const r = RECORDS.find((x) => x.key === label.get(e.node.id))!;
          expect(e.node.official.name).toBe(`Official ${r.official}`);
          expect(e.node.current).toBe(!superseded(r));
          expect(e.node.restrictedUntil).toBe(r.key === 'R7' ? r7Until() : r.restrictedUntil);
          if (reasonSeen(v, r)) expect(e.node.reason).toBe(`Reason ${r.key}`);
          else {
            expect(e.node.reason).toBeNull();
            denied.push(`accountabilityRecords.edges.${i}.node.reason`);
            if (r.revoked) denied.push(`accountabilityRecords.edges.${i}.node.revocation.reason`);
          }
        });
        expect(errorPaths(res)).toEqual(denied.sort());
        expect(codes(res).every((c) => c === 'FORBIDDEN')).toBe(true);
      }
      for (const r of RECORDS) {
        const node = await ok(h.exec(AccountabilityNodeDocument, { id: ids.records[r.key] }, as(v)));
        expect(node.node).toEqual(recordSeen(v, r) ? { __typename: 'AccountabilityRecord', id: ids.records[r.key], decidedOn: r.decidedOn } : null);
      }
      const revocation = await ok(h.exec(AccountabilityNodeDocument, { id: revocationR5 }, as(v)));
      expect(revocation.node).toEqual(recordSeen(v, RECORDS.find((r) => r.key === 'R5')!)
        ? { __typename: 'AccountabilityRevocation', id: revocationR5, revokedOn: '2024-08-01' } : null);
    });

    it('spells out the rows that matter', async () => {
      // (A SECRETARY's view carries FORBIDDEN errors for the reasons.)
      const seen = async (v: Viewer) => (await h.exec(AccountabilityRecordsDocument, { first: 100 }, as(v))).data!
        .accountabilityRecords.edges.map((e) => label.get(e.node.id)).sort();
      expect(await seen('teamM1')).toEqual(['R1']);
      expect(await seen('teamM2')).toEqual(['R7']);
      expect(await seen('secretaryM1')).toEqual(['R1', 'R2', 'R3']);
      expect(await seen('secretaryS1')).toEqual(['R1', 'R2', 'R3', 'R4b', 'R7']);
      expect(await seen('disciplineC2')).toEqual(['R6']);
      for (const v of ['officeD1', 'adminC1', 'analystC1', 'informantG2', 'inspectorD1', 'retired'] as Viewer[]) expect(await seen(v)).toEqual([]);
    });

    it('filters by unit, official, failure, measure and year; newest decision first', async () => {
      const seen = async (filter: object) => (await ok(h.exec(AccountabilityRecordsDocument, { filter, first: 100 }, 'disciplineC1')))
        .accountabilityRecords.edges.map((e) => label.get(e.node.id));
      // Same day: the later record first.
      expect(await seen({})).toEqual(['R7', 'R3', 'R2', 'R1', 'R4b']);
      expect(await seen({ unitId: uid('S1'), subtree: false })).toEqual(['R4b']);
      expect(await seen({ unitId: uid('M1') })).toEqual(['R3', 'R2', 'R1']);
      expect(await seen({ officialId: oid('secretaryS1'), includeSuperseded: true })).toEqual(['R4b', 'R4']);
      expect(await seen({ failure: 'SUPERVISION_RESPONSIBILITY' })).toEqual(['R3']);
      expect(await seen({ measure: 'DEMOTION' })).toEqual(['R7', 'R4b']);
      expect(await seen({ year: 2024, includeRevoked: true })).toEqual(['R3', 'R2', 'R1', 'R5', 'R4b']);
      // Keyset pages on (decidedOn, id), across records decided the same day.
      const paged: string[] = [];
      let after: string | null = null;
      do {
        const page: { accountabilityRecords: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
          (await h.exec(AccountabilityRecordsDocument, { filter: { includeRevoked: true, includeSuperseded: true }, first: 2, after }, 'disciplineC1')).data!;
        paged.push(...page.accountabilityRecords.edges.map((e) => label.get(e.node.id)!));
        after = page.accountabilityRecords.pageInfo.hasNextPage ? page.accountabilityRecords.pageInfo.endCursor : null;
      } while (after);
      expect(paged).toEqual(['R7', 'R3', 'R2', 'R1', 'R5', 'R4b', 'R4']);
    });

    it('gives a record\'s case to DISCIPLINE investigating it, never to the official it is against (who reads the reason)', async () => {
      const official = await h.exec(RecordCaseDocument, { id: ids.records.R1 }, 'teamM1');
      expect(official.data!.accountabilityRecord).toEqual({ id: ids.records.R1, reason: 'Reason R1', case: null });
      expect(errorPaths(official)).toEqual(['accountabilityRecord.case']);
      expect(codes(official)).toEqual(['FORBIDDEN']);
      const secretary = await h.exec(RecordCaseDocument, { id: ids.records.R1 }, 'secretaryM1');
      expect(secretary.data!.accountabilityRecord).toEqual({ id: ids.records.R1, reason: null, case: null });
      expect(errorPaths(secretary)).toEqual(['accountabilityRecord.case', 'accountabilityRecord.reason']);
      const discipline = await h.exec(RecordCaseDocument, { id: ids.records.R1 }, 'disciplineM1');
      expect(discipline.errors).toBeUndefined();
      expect(discipline.data!.accountabilityRecord!.case!.proposal!.length).toBe(7);
    });

    it('lists the rule table', async () => {
      const rules = (await ok(h.exec(RestrictionRulesDocument, {}, 'analystC1'))).restrictionRules;
      expect(rules.map((r) => [r.measure, r.months])).toEqual([['DEMOTION', 24], ['DISMISSAL', 12], ['ORDERED_RESIGNATION', 12]]);
      const node = await ok(h.exec(AccountabilityNodeDocument, { id: rules[0].id }, 'teamM1'));
      expect(node.node).toEqual({ __typename: 'RestrictionRule', id: rules[0].id, months: 24 });
    });

    const FILES: Person[] = ['teamM1', 'secretaryS1', 'secretaryG1', 'teamM2', 'subjectD3', 'officeD1'];
    /** Where each file's official works (home unit and only post). */
    const WORKS_AT: Partial<Record<Person, UnitKey>> = {
      teamM1: 'M1', secretaryS1: 'S1', secretaryG1: 'G1', teamM2: 'M2', subjectD3: 'D3', officeD1: 'D1',
    };
    /** The official; readers of one of its records; SECRETARY and DISCIPLINE whose scope holds the official (a clean file too). */
    const fileOpens = (v: Viewer, owner: Person, seen: number) => owner === v || seen > 0
      || under(DISCIPLINE_AT[v], WORKS_AT[owner]!) || under(SECRETARY_AT[v], WORKS_AT[owner]!);
    it.each(VIEWERS)('%s opens exactly the integrity files of the table', async (v) => {
      for (const owner of FILES) {
        const res = await h.exec(IntegrityFileDocument, { officialId: oid(owner) }, as(v));
        const theirs = RECORDS.filter((r) => r.official === owner && recordSeen(v, r));
        const file = res.data!.integrityFile;
        if (!fileOpens(v, owner, theirs.length)) {
          expect(res.errors).toBeUndefined();
          expect(file).toBeNull();
          continue;
        }
        expect(file!.official.name).toBe(`Official ${owner}`);
        expect(file!.records.map((r) => label.get(r.id)).sort()).toEqual(theirs.map((r) => r.key).sort());
        const denied = file!.records.flatMap((r, i) => {
          const row = RECORDS.find((x) => x.key === label.get(r.id))!;
          // The official reads the reason, never the case file (as the case itself).
          if (reasonSeen(v, row)) return row.official === v ? [`integrityFile.records.${i}.case`] : [];
          // The rules run whether or not there is a case: null with FORBIDDEN either way.
          return [`integrityFile.records.${i}.reason`, `integrityFile.records.${i}.case`,
            ...(row.revoked ? [`integrityFile.records.${i}.revocation.reason`] : [])];
        });
        expect(errorPaths(res)).toEqual(denied.sort());
      }
    });

    it('holds the posts, every revision, revocations and the restrictions in force', async () => {
      const s1 = (await ok(h.exec(IntegrityFileDocument, { officialId: oid('secretaryS1') }, 'disciplineD1'))).integrityFile!;
      expect(s1.posts.map((p) => [p.role, p.unit.name, p.until])).toEqual([['SECRETARY', 'Unit S1', null]]);
      expect(s1.records.map((r) => [label.get(r.id), r.current, r.revises && label.get(r.revises.id), r.revisedBy && label.get(r.revisedBy.id)]))
        .toEqual([['R4b', true, 'R4', null], ['R4', false, null, 'R4b']]);
      expect(s1.currentRestrictions).toEqual([]);
      const g1 = (await ownFile('secretaryG1')).integrityFile!;
      expect(g1.records[0]).toEqual(expect.objectContaining({
        measure: 'ORDERED_RESIGNATION', restrictedUntil: null, restriction: null,
        revocation: expect.objectContaining({ reason: 'Revoked R5', revokedOn: '2024-08-01', revokedBy: { name: 'Official disciplineC1' } }),
      }));
      const m2 = (await ownFile('teamM2')).integrityFile!;
      expect(m2.currentRestrictions).toEqual([{ id: ids.records.R7, measure: 'DEMOTION', restrictedUntil: r7Until(), restriction: '两年内不得提升职务' }]);
      // A clean file: for its official and for DISCIPLINE/SECRETARY whose scope holds the official (vetting), no one else.
      const clean = await ok(h.exec(IntegrityFileDocument, { officialId: oid('officeD1') }, 'officeD1'));
      expect(clean.integrityFile).toEqual(expect.objectContaining({ records: [], currentRestrictions: [] }));
      expect((await ok(h.exec(IntegrityFileDocument, { officialId: oid('officeD1') }, 'disciplineC1'))).integrityFile)
        .toEqual(expect.objectContaining({ records: [], currentRestrictions: [] }));
      expect((await ok(h.exec(IntegrityFileDocument, { officialId: oid('officeD1') }, 'disciplineC2'))).integrityFile).toBeNull();
      expect((await ok(h.exec(IntegrityFileDocument, { officialId: oid('officeD1') }, 'officeS1'))).integrityFile).toBeNull();
      expect((await ok(h.exec(IntegrityFileDocument, { officialId: encodeId('Official', 999999) }, 'disciplineC1'))).integrityFile).toBeNull();
    });
  });

  // ---- 4. Submitting and deciding leads ----

  describe('leads: submit, review, dismiss', () => {
    const submit = (v: Viewer, input: { unitId: string; content: string; concernedOfficialId?: string; inspectionId?: string }) =>
      h.exec(SubmitLeadDocument, { input }, as(v));

    it('sends an INFORMANT\'s lead to the DISCIPLINE of the tier above', async () => {
      const before = await h.db.getRepository(AuditEntry).count();
      const res = await ok(submit('informantG2', { unitId: uid('G2'), content: 'Grid fund misuse', concernedOfficialId: oid('teamM1') }));
      expect(res.submitLead).toEqual(expect.objectContaining({
        status: 'SUBMITTED', unit: { name: 'Unit G2' }, toUnit: { name: 'Unit M1' }, submittedBy: { name: 'Official informantG2' },
      }));
      const row = await h.db.getRepository(Lead).findOneByOrFail({ id: dbId(res.submitLead.id) });
      expect(row).toEqual(expect.objectContaining({ toUnitId: unit('M1').id, concernedOfficialId: people.teamM1.id, inspectionId: null }));
      const audit = await h.db.getRepository(AuditEntry).find({ order: { id: 'DESC' }, take: 1 });
      expect(await h.db.getRepository(AuditEntry).count()).toBe(before + 1);
      expect(audit[0]).toEqual(expect.objectContaining({ operation: 'submitLead', recordType: 'Lead', unitPath: unit('M1').path }));
      // No content and no concerned official in the audit log (ADMINs read it).
      expect(Object.keys(JSON.parse(audit[0].after!)).sort()).toEqual(['caseId', 'inspectionId', 'status', 'toUnitId', 'unitId']);
      const full = await ok(h.exec(LeadByIdDocument, { id: res.submitLead.id }, 'disciplineM1'));
      expect(full.lead).toEqual(expect.objectContaining({ content: 'Grid fund misuse', concernedOfficial: { id: oid('teamM1'), name: 'Official teamM1' } }));
      const own = await h.exec(LeadByIdDocument, { id: res.submitLead.id }, 'informantG2');
      expect(own.data!.lead).toEqual(expect.objectContaining({ status: 'SUBMITTED', content: null, concernedOfficial: null, case: null }));
      expect(errorPaths(own)).toEqual(['lead.case', 'lead.concernedOfficial', 'lead.content']);
    });

    it('sends an INSPECTOR\'s lead on an assigned target to the inspecting unit', async () => {
      const res = await ok(submit('inspectorD1', { unitId: uid('M3'), content: 'Target M3 lead' }));
      expect(res.submitLead.toUnit).toEqual({ name: 'Unit D1' });
      const row = await h.db.getRepository(Lead).findOneByOrFail({ id: dbId(res.submitLead.id) });
      expect(row.inspectionId).toBe(inspection.id);
      const named = await ok(submit('inspectorD1', { unitId: uid('S2'), content: 'Target S2 lead', inspectionId: encodeId('Inspection', inspection.id) }));
      expect(named.submitLead.toUnit).toEqual({ name: 'Unit D1' });
    });

    it('refuses leads outside the submitter\'s reach', async () => {
      const content = 'Out of reach';
      // An INFORMANT: not above their unit, not a sibling's.
      await refused('FORBIDDEN', () => submit('informantG2', { unitId: uid('M1'), content }));
      await refused('FORBIDDEN', () => submit('informantG2', { unitId: uid('G1'), content }));
      // An INSPECTOR: only targets of a current assignment.
      await refused('FORBIDDEN', () => submit('inspectorD1', { unitId: uid('M2'), content }));
      await refused('FORBIDDEN', () => submit('inspectorD1', { unitId: uid('M3'), content, inspectionId: encodeId('Inspection', inspection.id + 1000) }));
      await refused('FORBIDDEN', () => submit('formerInspector', { unitId: uid('M3'), content }));
      await refused('FORBIDDEN', () => submit('informantG2', { unitId: uid('G2'), content, inspectionId: encodeId('Inspection', inspection.id) }));
      // Other roles never submit.
      for (const v of ['disciplineM1', 'secretaryM1', 'adminC1', 'retired'] as Viewer[]) {
        await refused('FORBIDDEN', () => submit(v, { unitId: uid('G2'), content }));
      }
      await refused('NOT_FOUND', () => submit('informantG2', { unitId: uid('G2'), content, concernedOfficialId: encodeId('Official', 999999) }));
      await refused('BAD_USER_INPUT', () => submit('informantG2', { unitId: uid('G2'), content: '   ' }));
    });

    it('takes a lead under review and dismisses it with the reason in the audit log', async () => {
      const id = ids.leads.L1;
      // The official concerned and other trees do not find it; the submitter may not decide.
      await refused('NOT_FOUND', () => h.exec(ReviewLeadDocument, { id }, as('concernedX')));
      await refused('NOT_FOUND', () => h.exec(ReviewLeadDocument, { id }, 'disciplineC2'));
      await refused('FORBIDDEN', () => h.exec(ReviewLeadDocument, { id }, 'informantG2'));
      await refused('FORBIDDEN', () => h.exec(ReviewLeadDocument, { id }, 'secretaryM1'));
      expect((await ok(h.exec(ReviewLeadDocument, { id }, 'disciplineM1'))).reviewLead.status).toBe('UNDER_REVIEW');
      await refused('CONFLICT', () => h.exec(ReviewLeadDocument, { id }, 'disciplineM1'));
      await refused('BAD_USER_INPUT', () => h.exec(DismissLeadDocument, { id, reason: ' ' }, 'disciplineD1'));
      expect((await ok(h.exec(DismissLeadDocument, { id, reason: 'No evidence found' }, 'disciplineD1'))).dismissLead.status).toBe('DISMISSED');
      const audit = await h.db.getRepository(AuditEntry).findOneByOrFail({ operation: 'dismissLead', recordId: dbId(id) });
      expect(JSON.parse(audit.after!)).toEqual(expect.objectContaining({ status: 'DISMISSED', reason: 'No evidence found' }));
      await refused('CONFLICT', () => h.exec(DismissLeadDocument, { id, reason: 'again' }, 'disciplineD1'));
      // The submitter sees the new status.
      expect((await h.exec(LeadByIdDocument, { id }, 'informantG2')).data!.lead!.status).toBe('DISMISSED');
    });
  });

  // ---- 5. Cases and 一案双查 ----

  describe('cases: open from a lead, make records all or nothing', () => {
    let caseId = '';
    let proposal: { role: string; failure: string; post: { id: string }; official: { id: string; name: string } }[] = [];
    const openInput = async (over: Record<string, unknown> = {}) => ({
      unitId: uid('M1'), officialId: oid('teamM1'), domainId: await domainId('EDUCATION'), incidentOn: '2024-06-01',
      title: 'School canteen', summary: 'Kickbacks from the canteen supplier', ...over,
    });

    it('refuses to open a case outside scope, against oneself, in the future or from a closed lead', async () => {
      await refused('FORBIDDEN', async () => h.exec(OpenCaseDocument, { input: await openInput({ unitId: uid('S1') }) }, 'disciplineM1'));
      await refused('FORBIDDEN', async () => h.exec(OpenCaseDocument, { input: await openInput() }, 'disciplineC2'));
      await refused('FORBIDDEN', async () => h.exec(OpenCaseDocument, { input: await openInput({ officialId: oid('disciplineD1') }) }, 'disciplineD1'));
      await refused('FORBIDDEN', async () => h.exec(OpenCaseDocument, { input: await openInput() }, 'secretaryS1'));
      await refused('BAD_USER_INPUT', async () => h.exec(OpenCaseDocument, { input: await openInput({ incidentOn: addDays(TODAY, 1) }) }, 'disciplineD1'));
      await refused('BAD_USER_INPUT', async () => h.exec(OpenCaseDocument, { input: await openInput({ incidentOn: '2024-02-30' }) }, 'disciplineD1'));
      await refused('NOT_FOUND', async () => h.exec(OpenCaseDocument, { input: await openInput({ domainId: encodeId('Domain', 999) }) }, 'disciplineD1'));
      // From a lead: dismissed (CONFLICT), of another tree (NOT_FOUND), about the investigator (NOT_FOUND).
      await refused('CONFLICT', async () => h.exec(OpenCaseDocument, { input: await openInput({ leadId: ids.leads.L4 }) }, 'disciplineC1'));
      await refused('NOT_FOUND', async () => h.exec(OpenCaseDocument, { input: await openInput({ leadId: ids.leads.L5 }) }, 'disciplineD1'));
      await refused('NOT_FOUND', async () => h.exec(OpenCaseDocument, { input: await openInput({ leadId: ids.leads.L6 }) }, 'disciplineM1'));
    });

    it('opens a case from a lead: the lead becomes CASE_OPENED with it, and the chain of the incident day is proposed', async () => {
      const before = await h.db.getRepository(AuditEntry).count();
      const res = await ok(h.exec(OpenCaseDocument, { input: await openInput({ leadId: ids.leads.L2 }) }, 'disciplineD1'));
      caseId = res.openCase.id;
      expect(res.openCase).toEqual(expect.objectContaining({
        title: 'School canteen', status: 'OPEN', incidentOn: '2024-06-01', unit: { id: uid('M1'), name: 'Unit M1' },
        official: { id: oid('teamM1'), name: 'Official teamM1' }, domain: { code: 'EDUCATION' }, openedBy: { name: 'Official disciplineD1' },
        lead: { id: ids.leads.L2, status: 'CASE_OPENED', case: { id: caseId } },
      }));
      expect(await h.db.getRepository(AuditEntry).count()).toBe(before + 2);
      const lead = await h.db.getRepository(Lead).findOneByOrFail({ id: dbId(ids.leads.L2) });
      expect(lead).toEqual(expect.objectContaining({ status: 'CASE_OPENED', caseId: dbId(caseId) }));
      proposal = res.openCase.proposal!;
      // Never the official it is against (teamM1, in charge of EDUCATION at M1).
      expect(proposal.map((p) => [p.role, p.official.name])).toEqual([
        ['PRINCIPAL', 'Official secretaryM1'], ['DISCIPLINE_HEAD', 'Official disciplineM1'],
        ['PRINCIPAL', 'Official secretaryS1'], ['DISCIPLINE_HEAD', 'Official concernedX'],
        ['PRINCIPAL', 'Official secretaryD1'], ['DISCIPLINE_HEAD', 'Official disciplineD1'], ['DISCIPLINE_HEAD', 'Official disciplineC1'],
      ]);
      // A lead that became a case cannot become another.
      await refused('CONFLICT', async () => h.exec(OpenCaseDocument, { input: await openInput({ leadId: ids.leads.L2 }) }, 'disciplineC1'));
    });

    const rowsOf = (picks: number[], over: Partial<CaseRecordInput>[] = []): CaseRecordInput[] => picks.map((i, n) => ({
      officialId: proposal[i].official.id, postId: proposal[i].post.id, failure: proposal[i].failure as Failure,
      measure: Measure.CRITICISM_NOTICE, decidedOn: addDays(TODAY, -1), reason: `一案双查 ${i}`, ...over[n],
    }));

    it('writes nothing when one row is wrong, and says which', async () => {
      const make = (v: Viewer, records: CaseRecordInput[]) => h.exec(MakeAccountabilityRecordsDocument, { input: { caseId, records } }, as(v));
      // The investigator's own record (index 5) and one outside their scope (C1, index 6).
      let res = await refused('FORBIDDEN', () => make('disciplineD1', rowsOf([0, 1, 2, 3, 4, 5])));
      expect(res.errors![0].extensions).toEqual(expect.objectContaining({ index: 5, field: 'records.5.officialId' }));
      res = await refused('FORBIDDEN', () => make('disciplineD1', rowsOf([0, 6])));
      expect(res.errors![0].extensions).toEqual(expect.objectContaining({ index: 1, field: 'records.1.unitId' }));
      // A post of someone else; a post not held on the incident day; a day before the incident or in the future.
      res = await refused('BAD_USER_INPUT', () => make('disciplineD1', rowsOf([0, 1, 2], [{}, {}, { postId: pid('teamM2') }])));
      expect(res.errors![0].extensions).toEqual(expect.objectContaining({ index: 2, field: 'records.2.postId' }));
      res = await refused('BAD_USER_INPUT', () => make('disciplineD1', [...rowsOf([0]), {
        officialId: oid('formerTeamM1'), postId: pid('formerTeamM1'), failure: Failure.MAIN_RESPONSIBILITY,
        measure: Measure.WARNING, decidedOn: addDays(TODAY, -1), reason: 'Moved on before the incident',
      }]));
      expect(res.errors![0].extensions).toEqual(expect.objectContaining({ index: 1, field: 'records.1.postId' }));
      res = await refused('BAD_USER_INPUT', () => make('disciplineD1', rowsOf([0, 1], [{}, { decidedOn: '2024-05-31' }])));
      expect(res.errors![0].extensions).toEqual(expect.objectContaining({ index: 1, field: 'records.1.decidedOn' }));
      await refused('BAD_USER_INPUT', () => make('disciplineD1', rowsOf([0], [{ decidedOn: addDays(TODAY, 1) }])));
      await refused('BAD_USER_INPUT', () => make('disciplineD1', []));
      // Not visible: the case's own subject, another tree; wrong role.
      await refused('NOT_FOUND', () => make('disciplineC2', rowsOf([0])));
      await refused('FORBIDDEN', () => make('secretaryD1', rowsOf([0])));
    });

    it('makes every record of the case in one transaction', async () => {
      const before = await h.db.getRepository(AuditEntry).count();
      // The official the case is against is not proposed, but the case makes their record too.
      const subject: CaseRecordInput = {
        officialId: oid('teamM1'), postId: pid('teamM1'), failure: Failure.MAIN_RESPONSIBILITY,
        measure: Measure.DISMISSAL, decidedOn: addDays(TODAY, -1), reason: '一案双查 subject',
      };
      const records = [...rowsOf([0]), subject, ...rowsOf([1, 2, 3, 4])];
      const res = await ok(h.exec(MakeAccountabilityRecordsDocument, { input: { caseId, records } }, 'disciplineD1'));
      expect(res.makeAccountabilityRecords.map((r) => [r.official.name, r.unit.name, r.failure, r.measure, r.case?.id])).toEqual([
        ['Official secretaryM1', 'Unit M1', 'MAIN_RESPONSIBILITY', 'CRITICISM_NOTICE', caseId],
        ['Official teamM1', 'Unit M1', 'MAIN_RESPONSIBILITY', 'DISMISSAL', caseId],
        ['Official disciplineM1', 'Unit M1', 'SUPERVISION_RESPONSIBILITY', 'CRITICISM_NOTICE', caseId],
        ['Official secretaryS1', 'Unit S1', 'MAIN_RESPONSIBILITY', 'CRITICISM_NOTICE', caseId],
        ['Official concernedX', 'Unit S1', 'SUPERVISION_RESPONSIBILITY', 'CRITICISM_NOTICE', caseId],
        ['Official secretaryD1', 'Unit D1', 'MAIN_RESPONSIBILITY', 'CRITICISM_NOTICE', caseId],
      ]);
      expect(res.makeAccountabilityRecords[1].restrictedUntil).toBe(plusYears(addDays(TODAY, -1), 1));
      expect(await h.db.getRepository(AuditEntry).count()).toBe(before + 6);
      const made = await ok(h.exec(CaseByIdDocument, { id: caseId }, 'disciplineD1'));
      expect(made.case!.records).toHaveLength(6);
      // The C1 row by the city's DISCIPLINE... except their own: someone else decides that.
      await refused('FORBIDDEN', () => h.exec(MakeAccountabilityRecordsDocument, { input: { caseId, records: rowsOf([6]) } }, 'disciplineC1'));
      const c1 = await ok(h.exec(MakeAccountabilityRecordsDocument, { input: { caseId, records: rowsOf([5]) } }, 'disciplineC1'));
      expect(c1.makeAccountabilityRecords[0].official.name).toBe('Official disciplineD1');
      // A closed case takes no new records.
      expect((await ok(h.exec(CloseCaseDocument, { id: caseId }, 'disciplineD1'))).closeCase.status).toBe('CLOSED');
      await refused('CONFLICT', () => h.exec(CloseCaseDocument, { id: caseId }, 'disciplineD1'));
      await refused('CONFLICT', () => h.exec(MakeAccountabilityRecordsDocument, { input: { caseId, records: rowsOf([0]) } }, 'disciplineD1'));
    });
  });

  // ---- 6. Records: create, revise, revoke ----

  describe('records: create, revise, revoke', () => {
    const input = (over: Partial<CreateAccountabilityRecordInput> = {}): CreateAccountabilityRecordInput => ({
      officialId: oid('secretaryS1'), postId: pid('secretaryS1'), failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.REASSIGNMENT,
      decidedOn: addDays(TODAY, -10), reason: 'Budget overruns', ...over,
    });
    const create = (v: Viewer, over: Partial<CreateAccountabilityRecordInput> = {}) =>
      h.exec(CreateAccountabilityRecordDocument, { input: input(over) }, as(v));

    it('records accountability without a case, within scope only', async () => {
      const res = await ok(create('disciplineD1'));
      expect(res.createAccountabilityRecord).toEqual(expect.objectContaining({
        measure: 'REASSIGNMENT', unit: { id: uid('S1'), name: 'Unit S1' }, post: { id: pid('secretaryS1'), role: 'SECRETARY' },
        reason: 'Budget overruns', current: true, restrictedUntil: null, restriction: null, case: null, createdBy: { name: 'Official disciplineD1' },
      }));
      // Without a post: the unit given, or the official's home unit.
      const home = await ok(create('disciplineD1', { officialId: oid('retired'), postId: undefined }));
      expect(home.createAccountabilityRecord.unit.name).toBe('Unit D1');
      await refused('FORBIDDEN', () => create('disciplineM1'));
      await refused('FORBIDDEN', () => create('disciplineC2'));
      await refused('FORBIDDEN', () => create('disciplineM1', { officialId: oid('disciplineM1'), postId: pid('disciplineM1') }));
      await refused('FORBIDDEN', () => create('secretaryD1'));
      await refused('BAD_USER_INPUT', () => create('disciplineD1', { decidedOn: addDays(TODAY, 1) }));
      await refused('BAD_USER_INPUT', () => create('disciplineD1', { decidedOn: '2025-02-29' }));
      await refused('BAD_USER_INPUT', () => create('disciplineD1', { postId: pid('secretaryM1') }));
      await refused('BAD_USER_INPUT', () => create('disciplineD1', { unitId: uid('M1') }));
      await refused('BAD_USER_INPUT', () => create('disciplineD1', { reason: '' }));
      await refused('NOT_FOUND', () => create('disciplineD1', { officialId: encodeId('Official', 999999) }));
      await refused('CONFLICT', () => create('disciplineD1', { caseId: ids.cases.K3, decidedOn: addDays(TODAY, -10) }));
      // Live entry reaches back to 1 January of last year; older decisions enter by a city's historical import.
      await refused('BAD_USER_INPUT', () => create('disciplineD1', { decidedOn: `${Number(TODAY.slice(0, 4)) - 2}-12-31` }));
      await refused('NOT_FOUND', () => create('disciplineD1', { caseId: ids.cases.K2 }));
    });

    it('revises the latest revision with a new row, leaving the old one untouched', async () => {
      const original = await h.db.getRepository(AccountabilityRecord).findOneByOrFail({ id: dbId(ids.records.R1) });
      const res = await ok(h.exec(ReviseAccountabilityRecordDocument, {
        id: ids.records.R1, input: { failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.DEMOTION, decidedOn: '2024-09-20', reason: 'Corrected measure' },
      }, 'disciplineD1'));
      const revision = res.reviseAccountabilityRecord;
      expect(revision).toEqual(expect.objectContaining({
        measure: 'DEMOTION', decidedOn: '2024-09-20', reason: 'Corrected measure', current: true, revises: { id: ids.records.R1 },
        restrictedUntil: '2026-09-20', official: { id: oid('teamM1'), name: 'Official teamM1' }, unit: { id: uid('M1'), name: 'Unit M1' },
        case: { id: ids.cases.K1 },
      }));
      expect(await h.db.getRepository(AccountabilityRecord).findOneByOrFail({ id: original.id })).toEqual(original);
      const file = (await ok(h.exec(IntegrityFileDocument, { officialId: oid('teamM1') }, 'disciplineD1'))).integrityFile!;
      const r1 = file.records.find((r) => r.id === ids.records.R1)!;
      expect([r1.current, r1.revisedBy?.id, r1.measure]).toEqual([false, revision.id, 'DISMISSAL']);
      // Only the latest revision may be revised; and not by the wrong people.
      const again = { failure: Failure.OTHER, measure: Measure.WARNING, decidedOn: '2024-09-21', reason: 'Again' };
      await refused('CONFLICT', () => h.exec(ReviseAccountabilityRecordDocument, { id: ids.records.R1, input: again }, 'disciplineD1'));
      await refused('CONFLICT', () => h.exec(ReviseAccountabilityRecordDocument, { id: ids.records.R5, input: again }, 'disciplineD1'));
      await refused('FORBIDDEN', () => h.exec(ReviseAccountabilityRecordDocument, { id: ids.records.R3, input: again }, 'disciplineM1'));
      await refused('FORBIDDEN', () => h.exec(ReviseAccountabilityRecordDocument, { id: revision.id, input: again }, 'secretaryM1'));
      await refused('NOT_FOUND', () => h.exec(ReviseAccountabilityRecordDocument, { id: revision.id, input: again }, 'disciplineC2'));
      await refused('BAD_USER_INPUT', () => h.exec(ReviseAccountabilityRecordDocument, { id: revision.id, input: { ...again, decidedOn: '2024-05-01' } }, 'disciplineD1'));
    });

    it('revokes a record: it stays, with the reason, and restricts no longer', async () => {
      const before = await h.db.getRepository(AccountabilityRecord).findOneByOrFail({ id: dbId(ids.records.R7) });
      expect((await ownFile('teamM2')).integrityFile!.currentRestrictions).toHaveLength(1);
      await refused('BAD_USER_INPUT', () => h.exec(RevokeAccountabilityRecordDocument, { id: ids.records.R7, reason: 'Early', revokedOn: addDays(RECENT, -1) }, 'disciplineD1'));
      await refused('BAD_USER_INPUT', () => h.exec(RevokeAccountabilityRecordDocument, { id: ids.records.R7, reason: 'Late', revokedOn: addDays(TODAY, 1) }, 'disciplineD1'));
      await refused('NOT_FOUND', () => h.exec(RevokeAccountabilityRecordDocument, { id: ids.records.R7, reason: 'No', revokedOn: TODAY }, 'disciplineM1'));
      await refused('FORBIDDEN', () => h.exec(RevokeAccountabilityRecordDocument, { id: ids.records.R7, reason: 'No', revokedOn: TODAY }, 'secretaryS1'));
      const res = await ok(h.exec(RevokeAccountabilityRecordDocument, { id: ids.records.R7, reason: 'Appeal upheld', revokedOn: TODAY }, 'disciplineD1'));
      expect(res.revokeAccountabilityRecord).toEqual(expect.objectContaining({
        id: ids.records.R7, measure: 'DEMOTION', restrictedUntil: null, restriction: null,
        revocation: expect.objectContaining({ reason: 'Appeal upheld', revokedOn: TODAY, revokedBy: { name: 'Official disciplineD1' } }),
      }));
      expect(await h.db.getRepository(AccountabilityRecord).findOneByOrFail({ id: before.id })).toEqual(before);
      expect((await ownFile('teamM2')).integrityFile!.currentRestrictions).toEqual([]);
      // Listed only when revoked records are asked for.
      const listed = async (includeRevoked: boolean) => (await ok(h.exec(AccountabilityRecordsDocument, { filter: { officialId: oid('teamM2'), includeRevoked }, first: 10 }, 'teamM2')))
        .accountabilityRecords.edges.map((e) => e.node.id);
      expect(await listed(false)).toEqual([]);
      expect(await listed(true)).toEqual([ids.records.R7]);
      await refused('CONFLICT', () => h.exec(RevokeAccountabilityRecordDocument, { id: ids.records.R7, reason: 'Twice', revokedOn: TODAY }, 'disciplineD1'));
      await refused('CONFLICT', () => h.exec(RevokeAccountabilityRecordDocument, { id: ids.records.R4, reason: 'Superseded', revokedOn: TODAY }, 'disciplineD1'));
      await refused('NOT_FOUND', () => h.exec(RevokeAccountabilityRecordDocument, { id: ids.records.R4b, reason: 'Other tree', revokedOn: TODAY }, 'disciplineC2'));
    });
  });
});

// ---- 7. The integrity file costs a fixed number of statements ----

describeDb('no N+1 in an integrity file', () => {
  let h: Harness;
  let subject: Official;
  let groups = 0;
  beforeAll(async () => {
    h = await startHarness();
    subject = await h.db.transaction((em) => new SeedBuilder(em, 10).official(h.fixture.units.M3, 'Counted official', 'counted'));
  });
  afterAll(() => h.close());

  /** Per group: an ended post, a case, a record from it and its revision; every other revision revoked. */
  const addGroups = (n: number) => h.db.transaction(async (em) => {
    const b = new SeedBuilder(em, 10);
    const m3 = h.fixture.units.M3;
    const domain = await em.findOneByOrFail(Domain, { code: 'EDUCATION' });
    const at = new Date();
    for (let i = 0; i < n; i++, groups++) {
      const year = 2000 + groups;
      const post = await b.post(subject, m3, PostRole.TEAM_MEMBER, { since: `${year}-01-01`, until: `${year}-12-31`, domains: ['EDUCATION'] });
      const opened = await em.insert(DisciplinaryCase, {
        cityId: m3.cityId, unitId: m3.id, issuerUnitId: m3.id, officialId: subject.id, domainId: domain.id, incidentOn: `${year}-03-01`, title: `Case ${year}`,
        summary: 's', leadId: null, status: CaseStatus.OPEN, openedByOfficialId: h.fixture.officials.disciplineC1.id, openedAt: at, closedAt: null,
      });
      const base = {
        cityId: m3.cityId, officialId: subject.id, postId: post.id, unitId: m3.id, issuerUnitId: m3.id, caseId: Number(opened.identifiers[0].id),
        failure: Failure.MAIN_RESPONSIBILITY, createdByOfficialId: h.fixture.officials.disciplineC1.id, createdAt: at,
      };
      const first = await em.insert(AccountabilityRecord, { ...base, measure: Measure.DISMISSAL, decidedOn: `${year}-06-01`, reason: 'r', revisionOf: null });
      const second = await em.insert(AccountabilityRecord, {
        ...base, measure: Measure.DEMOTION, decidedOn: `${year}-06-02`, reason: 'r2', revisionOf: Number(first.identifiers[0].id),
      });
      if (groups % 2 === 1) {
        await em.insert(AccountabilityRevocation, {
          cityId: m3.cityId, recordId: Number(second.identifiers[0].id), reason: 'v', revokedOn: `${year}-09-01`,
          createdByOfficialId: h.fixture.officials.disciplineC1.id, createdAt: at,
        });
      }
    }
  });

  const measure = async (): Promise<{ statements: number; records: number; posts: number }> => {
    const contextValue = await h.server.contextFor(await h.tokenOf('disciplineD1'));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation(
      { query: IntegrityFileDocument, variables: { officialId: encodeId('Official', subject.id) } }, { contextValue },
    );
    const statements = h.counter.count;
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    const file = (res.body.singleResult.data as { integrityFile: { records: unknown[]; posts: unknown[] } }).integrityFile;
    return { statements, records: file.records.length, posts: file.posts.length };
  };

  it('does not grow with the records, revisions, revocations, cases and posts', async () => {
    await addGroups(1);
    const small = await measure();
    await addGroups(9);
    const large = await measure();
    expect([small.records, large.records]).toEqual([2, 20]);
    expect(large.posts).toBe(10);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(12);
    process.stdout.write(`[n+1] integrity file with ${small.records} records: ${small.statements} statements; with ${large.records}: ${large.statements}\n`);
  });
});

// ---- 8. The demo has leads, cases and records in every state ----

describeDb('demo leads, cases and accountability', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await openTestDatabase();
    await seedDemo(db);
  });
  afterAll(() => closeTestDatabase(db));

  it('covers every state', async () => {
    const leads = await db.getRepository(Lead).find();
    expect(new Set(leads.map((l) => l.status))).toEqual(new Set(Object.values(LeadStatus)));
    expect(leads.filter((l) => l.status === LeadStatus.CASE_OPENED).every((l) => l.caseId !== null)).toBe(true);
    const cases = await db.getRepository(DisciplinaryCase).find();
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(Object.values(CaseStatus)));
    expect(cases.some((c) => c.leadId !== null)).toBe(true);
    const records = await db.getRepository(AccountabilityRecord).find();
    expect(records.some((r) => r.revisionOf !== null)).toBe(true);
    expect(records.some((r) => r.caseId === null)).toBe(true);
    expect(new Set(records.map((r) => r.failure))).toEqual(new Set(Object.values(Failure)));
    // Nobody decided their own accountability.
    expect(records.every((r) => r.createdByOfficialId !== r.officialId)).toBe(true);
    expect(await db.getRepository(AccountabilityRevocation).count()).toBeGreaterThan(0);
    // Restrictions in force (a recent dismissal and demotion) and one expired (an old resignation).
    const rules = new Map([[Measure.DISMISSAL, 12], [Measure.DEMOTION, 24], [Measure.ORDERED_RESIGNATION, 12]]);
    const restricted = records.filter((r) => rules.has(r.measure));
    expect(restricted.map((r) => r.measure).sort()).toEqual(['DEMOTION', 'DISMISSAL', 'ORDERED_RESIGNATION']);
    expect(restricted.find((r) => r.measure === Measure.ORDERED_RESIGNATION)!.decidedOn < addDays(today(), -366)).toBe(true);
  });
});
