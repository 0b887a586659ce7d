// Sensitive reads (issue 13, item 10): reading a phone or ID number, a lead's content or
// concerned official, a case or an accountability reason writes an entry (who, what, when,
// operation) before the answer leaves, one INSERT per request; a refused or null read is
// not a read; when the entry cannot be written the answer is withheld; only DISCIPLINE of
// a city reads the entries, of its own city.
import { CaseByIdDocument, CreateAccountabilityRecordDocument, LeadByIdDocument, OfficialContactDocument, OfficialPhonesDocument, OpenCaseDocument, SensitiveReadsDocument, SubmitLeadDocument } from '../generated/graphql';
import { addDays, today } from '../../src/clock';
import { describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';
import { Failure, Measure } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';

describeDb('sensitive reads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const oid = (p: Persona): string => encodeId('Official', h.fixture.officials[p].id);
  type Entry = { operation: string; recordType: string; field: string; recordIds: string[]; readCount: number; reader: { name: string } };
  /** The entries about one record, oldest first, as the city's DISCIPLINE reads them. */
  const entriesAbout = async (recordId: string, reader: Persona = 'disciplineC1'): Promise<Entry[]> => {
    const res = await h.exec(SensitiveReadsDocument, { filter: { recordId }, first: 100 }, reader);
    expect(res.errors).toBeUndefined();
    return res.data!.sensitiveReads.edges.map((e) => e.node as Entry).reverse();
  };
  const short = (e: Entry) => [e.reader.name, e.operation, e.recordType, e.field];

  it('records a granted read of a phone and ID number, with the operation, in one INSERT', async () => {
    h.counter.reset();
    const res = await h.exec(OfficialContactDocument, { id: oid('teamM1') }, 'officeD1');
    expect(res.data!.official!.phone).toMatch(/^139/);
    expect(h.counter.statements.filter((s) => /insert/i.test(s) && /sensitive_read/.test(s))).toHaveLength(1);
    expect((await entriesAbout(oid('teamM1'))).map(short).sort((a, b) => a[3].localeCompare(b[3]))).toEqual([
      ['Official officeD1', 'OfficialContact', 'Official', 'idNumber'],
      ['Official officeD1', 'OfficialContact', 'Official', 'phone'],
    ]);
  });

  it('records nothing for a refused read, nor for a request that reads nothing sensitive', async () => {
    const before = (await entriesAbout(oid('teamM2'))).length;
    const refused = await h.exec(OfficialContactDocument, { id: oid('teamM2') }, 'teamM1');
    expect(refused.data!.official!.phone).toBeNull();
    expect(codes(refused)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    h.counter.reset();
    await h.exec('query { officials(first: 5) { edges { node { name } } } }', {}, 'officeD1');
    expect(h.counter.statements.filter((s) => /sensitive_read/.test(s))).toEqual([]);
    expect((await entriesAbout(oid('teamM2'))).length).toBe(before);
  });

  it('records a list of phones as one entry with every id read', async () => {
    const res = await h.exec(OfficialPhonesDocument, { filter: { unitId: unitId(h.fixture.units.D1), subtree: true } }, 'officeD1');
    const read = res.data!.officials.edges.filter((e) => e.node.phone).map((e) => e.node.id).sort();
    expect(read.length).toBeGreaterThan(3);
    const [entry] = (await h.exec(SensitiveReadsDocument, { filter: { field: 'phone' }, first: 1 }, 'disciplineC1')).data!.sensitiveReads.edges;
    expect([entry.node.operation, entry.node.readCount, [...entry.node.recordIds].sort()]).toEqual(['OfficialPhones', read.length, read]);
  });

  it('records reads of a lead\'s content, a case and an accountability reason', async () => {
    const lead = await h.exec(SubmitLeadDocument, { input: { unitId: unitId(h.fixture.units.G2), content: 'Canteen kickbacks' } }, 'informantG2');
    expect(lead.errors).toBeUndefined();
    const leadId = lead.data!.submitLead.id;
    // The submitter sees the status only: nothing sensitive read, nothing recorded.
    expect(await entriesAbout(leadId)).toEqual([]);
    const reviewer = lead.data!.submitLead.toUnit.name === 'Unit M1' ? 'disciplineM1' : 'disciplineD1';
    expect((await h.exec(LeadByIdDocument, { id: leadId }, reviewer)).data!.lead!.content).toBe('Canteen kickbacks');
    expect((await entriesAbout(leadId)).map(short)).toEqual([[`Official ${reviewer}`, 'LeadById', 'Lead', 'content']]);

    const [education] = await h.db.query("SELECT id FROM domain WHERE code = 'EDUCATION'");
    const opened = await h.exec(OpenCaseDocument, { input: {
      unitId: unitId(h.fixture.units.M1), officialId: oid('teamM1'), domainId: encodeId('Domain', Number(education.id)),
      incidentOn: addDays(today(), -30), title: 'Canteen', summary: 'Kickbacks',
    } }, 'disciplineD1');
    expect(opened.errors).toBeUndefined();
    const caseId = opened.data!.openCase.id;
    await h.exec(CaseByIdDocument, { id: caseId }, 'disciplineD1');
    // Every field of a case is the case: one entry per request, field "*".
    expect((await entriesAbout(caseId)).map(short)).toEqual([
      ['Official disciplineD1', 'OpenCase', 'DisciplinaryCase', '*'], ['Official disciplineD1', 'CaseById', 'DisciplinaryCase', '*'],
    ]);

    const made = await h.exec(CreateAccountabilityRecordDocument, { input: {
      officialId: oid('secretaryS1'), postId: encodeId('Post', h.fixture.posts.secretaryS1.id), failure: Failure.MAIN_RESPONSIBILITY,
      measure: Measure.CRITICISM_NOTICE, decidedOn: addDays(today(), -1), reason: 'Late reports',
    } }, 'disciplineD1');
    expect(made.errors).toBeUndefined();
    const recordId = made.data!.createAccountabilityRecord.id;
    expect((await entriesAbout(recordId)).map(short)).toEqual([['Official disciplineD1', 'CreateAccountabilityRecord', 'AccountabilityRecord', 'reason']]);
  });

  it('is read by DISCIPLINE of a city only, its own city\'s entries', async () => {
    expect((await entriesAbout(oid('teamM1'), 'disciplineC1')).length).toBeGreaterThan(0);
    expect(await entriesAbout(oid('teamM1'), 'disciplineC2')).toEqual([]);
    for (const persona of ['disciplineD1', 'adminC1', 'officeD1', 'analystC1', 'teamM1'] as Persona[]) {
      expect(codes(await h.exec(SensitiveReadsDocument, { first: 1 }, persona))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await h.exec(SensitiveReadsDocument, { first: 1 }, null))).toEqual(['UNAUTHENTICATED']);
  });

  it('withholds the answer when its reads cannot be recorded', async () => {
    await h.db.query('ALTER TABLE sensitive_read RENAME TO sensitive_read_off');
    try {
      const res = await h.exec(OfficialContactDocument, { id: oid('teamM1') }, 'officeD1');
      expect(res.data).toBeUndefined();
      expect(codes(res)).toEqual(['UNAVAILABLE']);
      // Nothing sensitive read: the answer goes out as usual.
      expect((await h.exec('query { officials(first: 1) { edges { node { name } } } }', {}, 'officeD1')).errors).toBeUndefined();
    } finally {
      await h.db.query('ALTER TABLE sensitive_read_off RENAME TO sensitive_read');
    }
  });
});
