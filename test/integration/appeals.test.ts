// Appeals (申诉) against accountability records: who may appeal, answer and read (a persona
// matrix against the fixture tree, with exact sets and codes), the appeal period, each
// outcome's effect on the record and its restrictions, overdue answers, and answers that
// fail writing nothing. Records are made through the API with decision days in the past.
import { signToken } from '../../src/auth/token';
import { addDays, today } from '../../src/clock';
import { addMonths } from '../../src/resolvers/accountability/accountability.service';
import {
  AccountabilityRecord, AccountabilityRevocation, Appeal, AuditEntry, type Official, type Post,
} from '../../src/entities';
import { Failure, Measure, PostRole } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { SeedBuilder } from '../../src/seed/builder';
import {
  AnswerAppealDocument, AppealNodeDocument, AppealRestrictionsDocument, AppealsDocument, CreateAccountabilityRecordDocument,
  FileAppealDocument, RecordAppealsDocument, ReviseAccountabilityRecordDocument, RevokeAccountabilityRecordDocument,
  type AnswerAppealInput,
} from '../generated/graphql';
import { dbKind, describeDb } from '../setup/db';
import { ALL_PERSONAS, PASSWORD, type Persona, type UnitKey } from '../setup/fixture';
import { lineage } from '../setup/tree';
import { codes, ok, refusedWithout, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';


const TODAY = today();

/** concernedX: a TEAM_MEMBER at M1 who also holds the DISCIPLINE post at S1, above it; teamD3: a team member in the other city. */
const EXTRA = ['concernedX', 'teamD3'] as const;
type Viewer = Exclude<Persona, 'inactive'> | (typeof EXTRA)[number];
const VIEWERS: Viewer[] = [...(ALL_PERSONAS.filter((p) => p !== 'inactive') as Viewer[]), ...EXTRA];

const DISCIPLINE_AT: Partial<Record<Viewer, UnitKey>> = { disciplineC1: 'C1', disciplineC2: 'C2', disciplineD1: 'D1', disciplineM1: 'M1', concernedX: 'S1' };
const SECRETARY_AT: Partial<Record<Viewer, UnitKey>> = { secretaryS1: 'S1', secretaryM1: 'M1', secretaryG1: 'G1' };
const covers = (at: UnitKey | undefined, unit: UnitKey): boolean => !!at && lineage(unit).includes(at);

/** The appeals of the matrix: whose record, its unit, who decided it, the measure and the decision day. */
const APPEALS: { key: string; official: Viewer; unit: UnitKey; decider: Viewer; measure: Measure; daysAgo: number }[] = [
  { key: 'A1', official: 'teamM1', unit: 'M1', decider: 'disciplineD1', measure: Measure.DISMISSAL, daysAgo: 15 },
  { key: 'A2', official: 'teamM2', unit: 'M2', decider: 'disciplineC1', measure: Measure.DEMOTION, daysAgo: 5 },
  { key: 'A3', official: 'concernedX', unit: 'M1', decider: 'disciplineD1', measure: Measure.CRITICISM_NOTICE, daysAgo: 3 },
  { key: 'A4', official: 'teamD3', unit: 'D3', decider: 'disciplineC2', measure: Measure.WARNING, daysAgo: 1 },
];
type AppealRow = (typeof APPEALS)[number];
/** The record's readers: the official, SECRETARY and DISCIPLINE in scope. */
const seen = (v: Viewer, a: AppealRow): boolean => a.official === v || covers(DISCIPLINE_AT[v], a.unit) || covers(SECRETARY_AT[v], a.unit);
/** The grounds and reasons: as the record's reason (the official, DISCIPLINE in scope). */
const textSeen = (v: Viewer, a: AppealRow): boolean => a.official === v || covers(DISCIPLINE_AT[v], a.unit);
/** Who answers: DISCIPLINE in scope of the record's unit, never its official. */
const answers = (v: Viewer, a: AppealRow): boolean => a.official !== v && covers(DISCIPLINE_AT[v], a.unit);

describeDb('appeals', () => {
  let h: Harness;
  const people = {} as Record<Viewer, Official>;
  const posts = {} as Record<Viewer, Post>;
  const tokens = {} as Record<(typeof EXTRA)[number], { token: string }>;
  /** Record and appeal global ids by appeal key. */
  const records: Record<string, string> = {};
  const appeals: Record<string, string> = {};
  const label = new Map<string, string>();

  const as = (v: Viewer): Persona | { token: string } => ((EXTRA as readonly string[]).includes(v) ? tokens[v as (typeof EXTRA)[number]] : (v as Persona));
  const uid = (key: UnitKey): string => unitId(h.fixture.units[key]);
  const oid = (v: Viewer): string => encodeId('Official', people[v].id);
  const dbId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);


  /** Every row an appeal or its answer may write, and the size of the audit log. */
  const snapshot = async () => ({
    appeals: await h.db.getRepository(Appeal).find({ order: { id: 'ASC' } }),
    records: await h.db.getRepository(AccountabilityRecord).find({ order: { id: 'ASC' } }),
    revocations: await h.db.getRepository(AccountabilityRevocation).find({ order: { id: 'ASC' } }),
    audit: await h.db.getRepository(AuditEntry).count(),
  });

  /** The operation fails with exactly this code and writes nothing. */
  const refused = refusedWithout(snapshot);

  /** A record made through the API by its deciding DISCIPLINE, decided some days ago. */
  async function makeRecord(official: Viewer, decider: Viewer, measure: Measure, daysAgo: number): Promise<string> {
    const res = await ok(h.exec(CreateAccountabilityRecordDocument, {
      input: {
        officialId: oid(official), postId: encodeId('Post', posts[official].id), failure: Failure.MAIN_RESPONSIBILITY, measure,
        decidedOn: addDays(TODAY, -daysAgo), reason: `Reason of ${official}`,
      },
    }, as(decider)));
    return res.createAccountabilityRecord.id;
  }

  const file = (v: Viewer, recordId: string, grounds = 'The facts were misread') =>
    h.exec(FileAppealDocument, { input: { recordId, grounds } }, as(v));
  const answer = (v: Viewer, id: string, input: AnswerAppealInput) => h.exec(AnswerAppealDocument, { id, input }, as(v));
  /** The appeals listed (their grounds and reasons may be denied: those errors only). */
  const listed = async (v: Viewer, filter?: object) => {
    const res = await h.exec(AppealsDocument, { filter, first: 100 }, as(v));
    expect((res.errors ?? []).every((e) => e.extensions?.code === 'FORBIDDEN' && ['grounds', 'reasons'].includes(String(e.path?.at(-1))))).toBe(true);
    return res.data!.appeals.edges.map((e) => label.get(e.node.id)).sort();
  };

  beforeAll(async () => {
    h = await startHarness();
    const { units, officials, posts: fixturePosts } = h.fixture;
    Object.assign(people, officials);
    Object.assign(posts, fixturePosts);
    const accounts = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      people.concernedX = await b.official(units.M1, 'Official concernedX', 'concernedX');
      posts.concernedX = await b.post(people.concernedX, units.M1, PostRole.TEAM_MEMBER, { since: '2024-01-01', domains: ['HEALTH'] });
      await b.post(people.concernedX, units.S1, PostRole.DISCIPLINE, { since: '2024-01-01' });
      people.teamD3 = await b.official(units.D3, 'Official teamD3', 'teamD3');
      posts.teamD3 = await b.post(people.teamD3, units.D3, PostRole.TEAM_MEMBER, { since: '2024-01-01', domains: ['FINANCE'] });
      return Promise.all(EXTRA.map((k) => b.account(people[k], k.toLowerCase(), PASSWORD)));
    });
    for (const [i, k] of EXTRA.entries()) tokens[k] = { token: (await signToken(accounts[i].id)).token };
    for (const a of APPEALS) {
      records[a.key] = await makeRecord(a.official, a.decider, a.measure, a.daysAgo);
      appeals[a.key] = (await ok(file(a.official, records[a.key], `Grounds ${a.key}`))).appeal.id;
      label.set(appeals[a.key], a.key);
    }
  });
  afterAll(() => h.close());

  describe('who reads appeals', () => {
    it.each(VIEWERS)('%s reads exactly the appeals of the table, the grounds only where allowed', async (v) => {
      const res = await h.exec(AppealsDocument, { first: 100 }, as(v));
      const expected = APPEALS.filter((a) => seen(v, a));
      const edges = res.data!.appeals.edges;
      expect(edges.map((e) => label.get(e.node.id)).sort()).toEqual(expected.map((a) => a.key).sort());
      expect(res.data!.appeals.totalCount).toBe(expected.length);
      const denied: string[] = [];
      edges.forEach((e, i) => {
        const a = APPEALS.find((x) => x.key === label.get(e.node.id))!;
        expect(e.node.record.id).toBe(records[a.key]);
        if (textSeen(v, a)) expect(e.node.grounds).toBe(`Grounds ${a.key}`);
        else {
          // The answer's reasons are read as the grounds: denied even while there are none.
          expect([e.node.grounds, e.node.reasons]).toEqual([null, null]);
          denied.push(`appeals.edges.${i}.node.grounds`, `appeals.edges.${i}.node.reasons`);
        }
      });
      expect((res.errors ?? []).map((e) => e.path!.join('.')).sort()).toEqual(denied.sort());
      expect(codes(res).every((c) => c === 'FORBIDDEN')).toBe(true);
      // node(id) and the record's appeals agree: absent, never "exists but forbidden".
      for (const a of APPEALS) {
        const node = await ok(h.exec(AppealNodeDocument, { id: appeals[a.key] }, as(v)));
        expect(node.node).toEqual(seen(v, a) ? { __typename: 'Appeal', id: appeals[a.key], status: 'OPEN' } : null);
        const record = (await ok(h.exec(RecordAppealsDocument, { id: records[a.key] }, as(v)))).accountabilityRecord;
        expect(record?.appeals.map((x) => x.id) ?? null).toEqual(seen(v, a) ? [appeals[a.key]] : null);
      }
    });

    it('spells out the rows that matter', async () => {
      // SECRETARY in scope reads the appeal, not its grounds; a sibling's SECRETARY nothing.
      expect(await listed('secretaryS1')).toEqual(['A1', 'A2', 'A3']);
      expect(await listed('secretaryM1')).toEqual(['A1', 'A3']);
      expect(await listed('secretaryG1')).toEqual([]);
      expect(await listed('concernedX')).toEqual(['A1', 'A2', 'A3']);
      expect(await listed('teamM1')).toEqual(['A1']);
      expect(await listed('disciplineC2')).toEqual(['A4']);
      for (const v of ['officeD1', 'adminC1', 'analystC1', 'informantG2', 'retired'] as Viewer[]) expect(await listed(v)).toEqual([]);
      for (const who of [null, 'inactive'] as const) expect(codes(await h.exec(AppealsDocument, { first: 10 }, who))).toEqual(['UNAUTHENTICATED']);
    });

    it('filters by status, overdue and unit, and pages newest first', async () => {
      expect(await listed('disciplineC1', { status: 'OPEN' })).toEqual(['A1', 'A2', 'A3']);
      expect(await listed('disciplineC1', { status: 'ANSWERED' })).toEqual([]);
      expect(await listed('disciplineC1', { answerOverdue: false })).toEqual(['A1', 'A2', 'A3']);
      expect(await listed('disciplineC1', { answerOverdue: true })).toEqual([]);
      expect(await listed('disciplineC1', { unitId: uid('M1') })).toEqual(['A1', 'A3']);
      expect(await listed('disciplineC1', { unitId: uid('S1'), subtree: false })).toEqual([]);
      expect(await listed('disciplineC1', { unitId: uid('S1') })).toEqual(['A1', 'A2', 'A3']);
      expect(await listed('disciplineC1', { unitId: uid('D3') })).toEqual([]);
      const order: string[] = [];
      let after: string | null = null;
      do {
        const page: { appeals: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
          await ok(h.exec(AppealsDocument, { first: 2, after }, 'disciplineC1'));
        order.push(...page.appeals.edges.map((e) => label.get(e.node.id)!));
        after = page.appeals.pageInfo.hasNextPage ? page.appeals.pageInfo.endCursor : null;
      } while (after);
      expect(order).toEqual(['A3', 'A2', 'A1']);
    });
  });

  describe('who may appeal, and when', () => {
    it('lets only the official concerned appeal: others who read the record are FORBIDDEN, the rest NOT_FOUND', async () => {
      const recordId = await makeRecord('teamM1', 'disciplineM1', Measure.WARNING, 2);
      for (const v of VIEWERS.filter((x) => x !== 'teamM1')) {
        const code = seen(v, { key: '-', official: 'teamM1', unit: 'M1', decider: 'disciplineM1', measure: Measure.WARNING, daysAgo: 2 }) ? 'FORBIDDEN' : 'NOT_FOUND';
        await refused(code, () => file(v, recordId));
      }
      await refused('UNAUTHENTICATED', () => h.exec(FileAppealDocument, { input: { recordId, grounds: 'x' } }, null));
      await refused('UNAUTHENTICATED', () => h.exec(FileAppealDocument, { input: { recordId, grounds: 'x' } }, 'inactive'));
      await refused('BAD_USER_INPUT', () => file('teamM1', recordId, '   '));
      await refused('BAD_USER_INPUT', () => file('teamM1', recordId, 'x'.repeat(10001)));
      await refused('NOT_FOUND', () => file('teamM1', encodeId('AccountabilityRecord', 999999)));
      const before = await h.db.getRepository(AuditEntry).count();
      const made = (await ok(file('teamM1', recordId, '  Trimmed  '))).appeal;
      expect(made).toEqual(expect.objectContaining({
        status: 'OPEN', outcome: null, grounds: 'Trimmed', reasons: null, filedOn: TODAY, answerDueOn: addDays(TODAY, 30), answeredOn: null,
        answerOverdue: false, official: { id: oid('teamM1'), name: 'Official teamM1' }, unit: { id: uid('M1'), name: 'Unit M1' },
        answeredBy: null, revision: null, revocation: null,
      }));
      const audit = await h.db.getRepository(AuditEntry).find({ order: { id: 'DESC' }, take: 1 });
      expect(await h.db.getRepository(AuditEntry).count()).toBe(before + 1);
      expect(audit[0]).toEqual(expect.objectContaining({ operation: 'appeal', recordType: 'Appeal', recordId: dbId(made.id), unitPath: h.fixture.units.M1.path }));
      // One open appeal per record.
      const second = await refused('CONFLICT', () => file('teamM1', recordId));
      expect(second.errors![0].extensions!.reason).toBe('appealOpen');
    });

    it('takes an appeal up to ZEREN_APPEAL_DAYS (15) after the decision, not a day later', async () => {
      const last = await makeRecord('teamM1', 'disciplineD1', Measure.WARNING, 15);
      const late = await makeRecord('teamM1', 'disciplineD1', Measure.WARNING, 16);
      expect((await ok(h.exec(RecordAppealsDocument, { id: late }, 'teamM1'))).accountabilityRecord!.appealableUntil).toBe(addDays(TODAY, -1));
      const res = await refused('CONFLICT', () => file('teamM1', late));
      expect(res.errors![0].extensions).toEqual(expect.objectContaining({ code: 'CONFLICT', reason: 'appealPeriodOver' }));
      expect((await ok(file('teamM1', last))).appeal.status).toBe('OPEN');
      // A1 was decided 15 days ago too: filed on its last day.
      expect((await ok(h.exec(RecordAppealsDocument, { id: records.A1 }, 'teamM1'))).accountabilityRecord!.appealableUntil).toBe(TODAY);
    });

    it('freezes the record while an appeal is open: it is changed or revoked by answering', async () => {
      const again = { failure: Failure.OTHER, measure: Measure.WARNING, decidedOn: TODAY, reason: 'Direct' };
      const res = await refused('CONFLICT', () => h.exec(ReviseAccountabilityRecordDocument, { id: records.A3, input: again }, 'disciplineD1'));
      expect(res.errors![0].extensions!.reason).toBe('appealOpen');
      await refused('CONFLICT', () => h.exec(RevokeAccountabilityRecordDocument, { id: records.A3, reason: 'Direct', revokedOn: TODAY }, 'disciplineD1'));
    });
  });

  describe('answers', () => {
    const upheld: AnswerAppealInput = { outcome: 'UPHELD', reasons: 'The facts stand' };

    it('lets DISCIPLINE deciding about the record answer, never its official: exact codes for everyone else', async () => {
      const a3 = APPEALS.find((a) => a.key === 'A3')!;
      for (const v of VIEWERS.filter((x) => !answers(x, a3))) {
        // The shield refuses non-DISCIPLINE callers; DISCIPLINE out of scope does not see the appeal; the official is refused.
        const code = DISCIPLINE_AT[v] === undefined ? 'FORBIDDEN' : seen(v, a3) ? 'FORBIDDEN' : 'NOT_FOUND';
        await refused(code, () => answer(v, appeals.A3, upheld));
      }
      expect(VIEWERS.filter((v) => answers(v, a3)).sort()).toEqual(['disciplineC1', 'disciplineD1', 'disciplineM1']);
      await refused('FORBIDDEN', () => answer('concernedX', appeals.A3, upheld));
      await refused('UNAUTHENTICATED', () => h.exec(AnswerAppealDocument, { id: appeals.A3, input: upheld }, null));
    });

    it('UPHELD: the record stands, and a second answer is refused', async () => {
      const before = await h.db.getRepository(AccountabilityRecord).findOneByOrFail({ id: dbId(records.A3) });
      const auditBefore = await h.db.getRepository(AuditEntry).count();
      const res = (await ok(answer('disciplineM1', appeals.A3, { ...upheld, reasons: '  The facts stand  ' }))).answerAppeal;
      expect(res).toEqual(expect.objectContaining({
        status: 'ANSWERED', outcome: 'UPHELD', reasons: 'The facts stand', answeredOn: TODAY, answerOverdue: false,
        answeredBy: { name: 'Official disciplineM1' }, revision: null, revocation: null,
        record: expect.objectContaining({ id: records.A3, current: true }),
      }));
      expect(await h.db.getRepository(AccountabilityRecord).findOneByOrFail({ id: before.id })).toEqual(before);
      expect(await h.db.getRepository(AuditEntry).count()).toBe(auditBefore + 1);
      const second = await refused('CONFLICT', () => answer('disciplineD1', appeals.A3, upheld));
      expect(second.errors![0].extensions!.reason).toBe('answered');
      await refused('CONFLICT', () => answer('disciplineD1', appeals.A3, { outcome: 'REVOKED', reasons: 'Twice' }));
      // The answer's reasons: as the grounds (the official reads them; a SECRETARY in scope does not).
      const own = (await ok(h.exec(AppealsDocument, { filter: { status: 'ANSWERED' }, first: 10 }, as('concernedX')))).appeals.edges;
      expect(own.map((e) => [label.get(e.node.id), e.node.reasons])).toEqual([['A3', 'The facts stand']]);
      const secretary = await h.exec(AppealsDocument, { filter: { status: 'ANSWERED' }, first: 10 }, 'secretaryM1');
      expect(secretary.data!.appeals.edges.map((e) => e.node.reasons)).toEqual([null]);
      expect(codes(secretary)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      // The record keeps every appeal: once answered, its official may appeal again within the period.
      const again = (await ok(file('concernedX', records.A3, 'New facts'))).appeal;
      const record = (await ok(h.exec(RecordAppealsDocument, { id: records.A3 }, as('concernedX')))).accountabilityRecord!;
      expect(record.appeals.map((a) => [a.id, a.status])).toEqual([[appeals.A3, 'ANSWERED'], [again.id, 'OPEN']]);
      await ok(answer('disciplineD1', again.id, upheld));
    });

    it('REVOKED: through the revoke path; a DISMISSAL appealed and revoked no longer restricts', async () => {
      const until = addMonths(addDays(TODAY, -15), 12);
      const file1 = (await ok(h.exec(AppealRestrictionsDocument, { officialId: oid('teamM1') }, 'teamM1'))).integrityFile!;
      expect(file1.currentRestrictions).toEqual([{ id: records.A1, measure: 'DISMISSAL', restrictedUntil: until }]);
      const auditBefore = await h.db.getRepository(AuditEntry).count();
      const res = (await ok(answer('disciplineD1', appeals.A1, { outcome: 'REVOKED', reasons: 'Not responsible' }))).answerAppeal;
      expect(res).toEqual(expect.objectContaining({
        status: 'ANSWERED', outcome: 'REVOKED', reasons: 'Not responsible', revision: null,
        revocation: expect.objectContaining({ revokedOn: TODAY, reason: 'Not responsible' }),
        record: expect.objectContaining({ id: records.A1, current: true, restrictedUntil: null }),
      }));
      // The revocation and the answer, both audited.
      const audit = await h.db.getRepository(AuditEntry).find({ order: { id: 'ASC' }, skip: auditBefore, take: 10 });
      expect(audit.map((e) => [e.operation, e.recordType])).toEqual([['revokeAccountabilityRecord', 'AccountabilityRevocation'], ['answerAppeal', 'Appeal']]);
      const file2 = (await ok(h.exec(AppealRestrictionsDocument, { officialId: oid('teamM1') }, 'teamM1'))).integrityFile!;
      expect(file2.currentRestrictions).toEqual([]);
      expect(file2.records.find((r) => r.id === records.A1)!.appeals).toEqual([{ id: appeals.A1, outcome: 'REVOKED' }]);
      const record = (await ok(h.exec(RecordAppealsDocument, { id: records.A1 }, 'disciplineC1'))).accountabilityRecord!;
      expect(record.revocation?.id).toBe(res.revocation!.id);
      // A revoked record is appealed no more.
      await refused('CONFLICT', () => file('teamM1', records.A1));
    });

    it('CHANGED: a new revision through the revise path; a lesser measure changes restrictedUntil', async () => {
      const decidedOn = addDays(TODAY, -5);
      const file1 = (await ok(h.exec(AppealRestrictionsDocument, { officialId: oid('teamM2') }, 'teamM2'))).integrityFile!;
      expect(file1.currentRestrictions).toEqual([{ id: records.A2, measure: 'DEMOTION', restrictedUntil: addMonths(decidedOn, 24) }]);
      // CHANGED needs a valid revision; the other outcomes take none. Nothing is written.
      await refused('BAD_USER_INPUT', () => answer('disciplineC1', appeals.A2, { outcome: 'CHANGED', reasons: 'Lesser' }));
      await refused('BAD_USER_INPUT', () => answer('disciplineC1', appeals.A2, {
        outcome: 'CHANGED', reasons: 'Lesser', revision: { failure: 'MAIN_RESPONSIBILITY', measure: 'DISMISSAL', decidedOn: addDays(TODAY, 1), reason: 'Future' },
      }));
      await refused('BAD_USER_INPUT', () => answer('disciplineC1', appeals.A2, {
        outcome: 'CHANGED', reasons: 'Lesser', revision: { failure: 'MAIN_RESPONSIBILITY', measure: 'DISMISSAL', decidedOn, reason: ' ' },
      }));
      await refused('BAD_USER_INPUT', () => answer('disciplineC1', appeals.A2, {
        outcome: 'UPHELD', reasons: 'Stands', revision: { failure: 'MAIN_RESPONSIBILITY', measure: 'DISMISSAL', decidedOn, reason: 'Not here' },
      }));
      await refused('BAD_USER_INPUT', () => answer('disciplineC1', appeals.A2, { outcome: 'UPHELD', reasons: '' }));
      const res = (await ok(answer('disciplineC1', appeals.A2, {
        outcome: 'CHANGED', reasons: 'Demotion was too heavy', revision: { failure: 'MAIN_RESPONSIBILITY', measure: 'DISMISSAL', decidedOn, reason: 'Corrected on appeal' },
      }))).answerAppeal;
      expect(res).toEqual(expect.objectContaining({
        status: 'ANSWERED', outcome: 'CHANGED', revocation: null,
        record: expect.objectContaining({ id: records.A2, current: false }),
        revision: { id: expect.any(String), measure: 'DISMISSAL', decidedOn, current: true, restrictedUntil: addMonths(decidedOn, 12), revises: { id: records.A2 } },
      }));
      const file2 = (await ok(h.exec(AppealRestrictionsDocument, { officialId: oid('teamM2') }, 'teamM2'))).integrityFile!;
      expect(file2.currentRestrictions).toEqual([{ id: res.revision!.id, measure: 'DISMISSAL', restrictedUntil: addMonths(decidedOn, 12) }]);
      // The old revision keeps its appeal; it is appealed no more, the new one may be.
      const old = (await ok(h.exec(RecordAppealsDocument, { id: records.A2 }, 'teamM2'))).accountabilityRecord!;
      expect([old.current, old.revisedBy?.id, old.appeals.map((a) => a.outcome)]).toEqual([false, res.revision!.id, ['CHANGED']]);
      await refused('CONFLICT', () => file('teamM2', records.A2));
      expect((await ok(file('teamM2', res.revision!.id))).appeal.record.id).toBe(res.revision!.id);
    });

    it('flags answers overdue: open past answerDueOn, or answered after it', async () => {
      // A4 was filed 40 days ago (its days moved back in the database: the clock is the server's).
      await h.db.getRepository(Appeal).update({ id: dbId(appeals.A4) }, { filedOn: addDays(TODAY, -40), answerDueOn: addDays(TODAY, -10) });
      expect(await listed('disciplineC2', { answerOverdue: true })).toEqual(['A4']);
      expect(await listed('disciplineC2', { answerOverdue: false })).toEqual([]);
      expect(await listed('disciplineC1', { answerOverdue: true })).toEqual([]);
      const node = (await ok(h.exec(RecordAppealsDocument, { id: records.A4 }, as('teamD3')))).accountabilityRecord!;
      expect(node.appeals).toEqual([{ id: appeals.A4, status: 'OPEN', outcome: null }]);
      const res = (await ok(answer('disciplineC2', appeals.A4, { outcome: 'UPHELD', reasons: 'Late, but the facts stand' }))).answerAppeal;
      expect([res.status, res.answeredOn, res.answerDueOn, res.answerOverdue]).toEqual(['ANSWERED', TODAY, addDays(TODAY, -10), true]);
      expect(await listed('disciplineC2', { answerOverdue: true, status: 'ANSWERED' })).toEqual(['A4']);
      expect(await listed('disciplineC2', { answerOverdue: true, status: 'OPEN' })).toEqual([]);
      // Answered in time: not overdue.
      expect(await listed('disciplineC1', { answerOverdue: false, status: 'ANSWERED' })).toEqual(['A1', 'A2', 'A3']);
    });

    it('writes nothing when the answer fails inside its transaction', async () => {
      const recordId = await makeRecord('teamM1', 'disciplineD1', Measure.DEMOTION, 4);
      const appealId = (await ok(file('teamM1', recordId))).appeal.id;
      // A revocation that reached the record behind the appeal's back (say, by an import):
      // the answer marks the appeal, then the revise path finds the record revoked and all is undone.
      await h.db.getRepository(AccountabilityRevocation).insert({
        cityId: h.fixture.units.M1.cityId, recordId: dbId(recordId), reason: 'Elsewhere', revokedOn: TODAY,
        createdByOfficialId: people.disciplineC1.id, createdAt: new Date(),
      });
      await refused('CONFLICT', () => answer('disciplineD1', appealId, {
        outcome: 'CHANGED', reasons: 'Lesser', revision: { failure: 'MAIN_RESPONSIBILITY', measure: 'WARNING', decidedOn: TODAY, reason: 'Lesser' },
      }));
      expect((await h.db.getRepository(Appeal).findOneByOrFail({ id: dbId(appealId) })).outcome).toBeNull();
    });

    // On MariaDB only: SQLite's one connection cannot hold two write transactions at once
    // (TypeORM's "cannot start a transaction within a transaction", for every mutation alike).
    (dbKind() === 'mariadb' ? it : it.skip)('gives one of two answers at once, and writes one revision', async () => {
      const recordId = await makeRecord('teamM2', 'disciplineD1', Measure.DEMOTION, 4);
      const appealId = (await ok(file('teamM2', recordId))).appeal.id;
      const before = await h.db.getRepository(AccountabilityRecord).count();
      const change = (measure: Measure): AnswerAppealInput => ({
        outcome: 'CHANGED', reasons: `To ${measure}`, revision: { failure: 'MAIN_RESPONSIBILITY', measure, decidedOn: TODAY, reason: `To ${measure}` },
      });
      const results = await Promise.all([answer('disciplineD1', appealId, change(Measure.WARNING)), answer('disciplineC1', appealId, change(Measure.DISMISSAL))]);
      expect(results.map((r) => codes(r)).sort()).toEqual([[], ['CONFLICT']]);
      expect(await h.db.getRepository(AccountabilityRecord).count()).toBe(before + 1);
      const done = await h.db.getRepository(Appeal).findOneByOrFail({ id: dbId(appealId) });
      const revision = await h.db.getRepository(AccountabilityRecord).findOneByOrFail({ revisionOf: dbId(recordId) });
      expect([done.revisionId, `To ${revision.measure}`]).toEqual([revision.id, done.reasons]);
    });
  });
});
