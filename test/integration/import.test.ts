// Historical import (导入, issue 13 point 8): a city's ADMIN uploads a CSV or XLSX file built
// here (exceljs writes the workbook), validates it (the dry run: its exact row-by-row report),
// then imports it in one transaction. A refused file writes nothing; the imported records
// carry their provenance, are audited, are read by the normal rules (a district sees its
// subtree's only), and count in the portrait by their own year. Only a city's ADMIN imports,
// and another city's units do not resolve. Live entry still refuses the past.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { addDays, today } from '../../src/clock';
import { In, IsNull, Not } from 'typeorm';
import { AccountabilityRecord, Assessment, AuditEntry, ImportBatch, Milestone, Notification, Problem, StoredFile, Task } from '../../src/entities';
import { runReminders } from '../../src/reminders';
import { localFileStore } from '../../src/files';
import { createServer, type ZerenServer } from '../../src/server';
import { encodeId } from '../../src/schema/node';
import { describeDb } from '../setup/db';
import type { Persona, UnitKey } from '../setup/fixture';
import { lineage } from '../setup/tree';
import { codes, ok, refusedWithout, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

const TODAY = today();
const THIS_YEAR = Number(TODAY.slice(0, 4));
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const VALIDATE = `mutation($input: ValidateImportInput!) { validateImport(input: $input) {
  id kind status file sha256 rows issueCount imported at importer { name } issues { row column code message } } }`;
const COMMIT = 'mutation($id: ID!) { commitImport(id: $id) { id status rows imported at file importer { name } issueCount } }';
const BATCHES = 'query($filter: ImportBatchFilter) { importBatches(filter: $filter) { totalCount edges { node { id kind status file rows imported issueCount } } } }';
const PROVENANCE = 'provenance { batch { id file importer { name } at } row }';
const PROBLEMS = `query { problems(first: 100) { edges { node { description foundOn unit { name } ${PROVENANCE} } } } }`;
const RECORDS = `query { accountabilityRecords(first: 100) { edges { node { measure decidedOn unit { name } ${PROVENANCE} } } } }`;
const PORTRAIT = 'query($unitId: ID!, $year: Int!) { portrait(unitId: $unitId, year: $year) { problems { found } accountability { total } assessments { assessed } tasks { total closed } } }';

const csv = (rows: string[][]): Buffer => Buffer.from(rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n'), 'utf8');

async function xlsx(rows: (string | number | Date)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导入');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describeDb('historical import', () => {
  let h: Harness;
  let server: ZerenServer;
  let dir: string;
  let base: string;
  const name = (u: UnitKey): string => `Unit ${u}`;

  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'zeren-import-'));
    // This server's store is where uploads go and where the importer reads them.
    server = await createServer(h.db, { playground: false, fileStore: localFileStore(dir) });
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server.stop();
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = async (persona: Persona, bytes: Buffer, fileName: string): Promise<{ status: number; body: J }> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
    const res = await fetch(`${base}/files?purpose=import`, { method: 'POST', body: form, headers: { authorization: `Bearer ${await h.tokenOf(persona)}` } });
    return { status: res.status, body: await res.json() as J };
  };
  const uploaded = async (persona: Persona, bytes: Buffer, fileName: string): Promise<string> => {
    const res = await upload(persona, bytes, fileName);
    expect(res.status).toBe(201);
    return res.body.data.file.id as string;
  };
  const validate = (persona: Persona, fileId: string, kind: string) => h.exec<J>(VALIDATE, { input: { fileId, kind } }, persona);
  const commit = (persona: Persona, id: string) => h.exec<J>(COMMIT, { id }, persona);
  const nothingWritten = refusedWithout(async () => Promise.all([
    h.db.getRepository(Problem).count(), h.db.getRepository(AccountabilityRecord).count(), h.db.getRepository(Assessment).count(),
    h.db.getRepository(Task).count(), h.db.getRepository(Milestone).count(),
    h.db.getRepository(AuditEntry).count({ where: { operation: 'importRecord' } }),
  ]));

  const PROBLEM_HEADER = ['unit', 'domain', 'description', 'foundOn', 'source', 'severity'];
  const GOOD_PROBLEMS = [
    PROBLEM_HEADER,
    [name('M1'), 'EDUCATION', '2018 问题 M1', '2018-03-05', 'DAILY_SUPERVISION', 'GENERAL'],
    // Chinese values and headers' values: the domain's name, the enums' labels, a day written with slashes.
    [name('G1'), '教育', '2018 问题 G1', '2018/7/9', '群众反映', '严重'],
    [name('D1'), 'EDUCATION', '2018 问题 D1', '2018-12-31', '', ''],
    [name('S3'), 'EDUCATION', '2018 问题 S3', '2018-06-01', 'SPECIAL_SURVEY', 'MINOR'],
  ];

  describe('the dry run', () => {
    it('reports every issue, row by row, and writes no record', async () => {
      const file = csv([
        PROBLEM_HEADER,
        [name('M1'), 'EDUCATION', 'fine', '2018-03-05', '', ''],
        [name('M1'), 'EDUCATION', 'bad day', '2018-02-30', '', ''],
        [name('D3'), 'EDUCATION', 'another city', '2018-03-05', '', ''],
        [name('M1'), 'EDUCATION', 'future', addDays(TODAY, 1), '', ''],
        [name('M1'), 'EDUCATION', '', '2018-03-05', '', ''],
        [name('M1'), 'NOPE', 'unknown domain, odd severity', '2018-03-05', '', 'HUGE'],
        ['', '', '', '', '', ''],
        ['Unit Nowhere', 'EDUCATION', 'no such unit', '2018-03-05', 'GOSSIP', ''],
      ]);
      const fileId = await uploaded('adminC1', file, '2018年问题.csv');
      const before = await h.db.getRepository(Problem).count();
      const batch = (await ok(validate('adminC1', fileId, 'PROBLEMS'))).validateImport;
      expect(batch).toEqual(expect.objectContaining({
        kind: 'PROBLEMS', status: 'INVALID', file: '2018年问题.csv', rows: 7, issueCount: 8, imported: 0, at: null,
        importer: { name: 'Official adminC1' },
      }));
      // Row numbers are the file's (the header is row 1; the empty row 8 is skipped, not renumbered).
      expect(batch.issues.map((i: J) => [i.row, i.column, i.code])).toEqual([
        [3, 'foundOn', 'INVALID'],
        [4, 'unit', 'NOT_FOUND'],
        [5, 'foundOn', 'NOT_PAST'],
        [6, 'description', 'MISSING'],
        [7, 'domain', 'NOT_FOUND'],
        [7, 'severity', 'INVALID'],
        [9, 'unit', 'NOT_FOUND'],
        [9, 'source', 'INVALID'],
      ]);
      expect(batch.issues[1].message).toBe('unit: no unit "Unit D3" in your city');
      expect(await h.db.getRepository(Problem).count()).toBe(before);
      // The file belongs to its batch from the dry run on: it does not expire as an unattached upload.
      const stored = await h.db.getRepository(StoredFile).findOneByOrFail({ id: Number(Buffer.from(fileId, 'base64').toString().split(':')[1]) });
      expect(stored.attachedAt).not.toBeNull();

      // The refused file writes nothing: an INVALID batch cannot be imported.
      const res = await nothingWritten('CONFLICT', () => commit('adminC1', batch.id));
      expect(res.errors![0].extensions).toEqual(expect.objectContaining({ reason: 'invalid' }));
    });

    it('reports unknown and missing columns, an unreadable file and too many rows', async () => {
      const columns = (await ok(validate('adminC1', await uploaded('adminC1', csv([['unit', 'domain', 'colour', 'foundOn'], [name('M1'), 'EDUCATION', 'red', '2018-01-01']]), 'c.csv'), 'PROBLEMS'))).validateImport;
      expect(columns.issues.map((i: J) => [i.row, i.column, i.code])).toEqual([[1, 'colour', 'UNKNOWN_COLUMN'], [1, 'description', 'MISSING']]);

      const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('not really a workbook')]);
      const unreadable = (await ok(validate('adminC1', await uploaded('adminC1', zip, 'broken.xlsx'), 'PROBLEMS'))).validateImport;
      expect(unreadable).toEqual(expect.objectContaining({ status: 'INVALID', rows: 0, issues: [expect.objectContaining({ row: 0, column: null, code: 'UNREADABLE' })] }));

      const many = csv([PROBLEM_HEADER, ...Array.from({ length: 5001 }, (_, i) => [name('M1'), 'EDUCATION', `p${i}`, '2018-01-01', '', ''])]);
      const tooMany = (await ok(validate('adminC1', await uploaded('adminC1', many, 'many.csv'), 'PROBLEMS'))).validateImport;
      expect(tooMany).toEqual(expect.objectContaining({ status: 'INVALID', rows: 5001, issueCount: 1, issues: [expect.objectContaining({ row: 0, code: 'TOO_MANY_ROWS' })] }));

      // Not a CSV or XLSX at all: the upload itself is refused (415), and an evidence upload is no import file.
      expect((await upload('adminC1', Buffer.from([0x00, 0x01, 0x02, 0x03]), 'x.bin')).status).toBe(415);
      // Larger than ZEREN_IMPORT_MAX_BYTES (5 MB): 413.
      const big = await upload('adminC1', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'big.csv');
      expect([big.status, big.body.errors[0].extensions.code]).toEqual([413, 'BAD_USER_INPUT']);
      const photo = Buffer.from('%PDF-1.4 evidence');
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(photo)]), 'scan.pdf');
      const res = await fetch(`${base}/files`, { method: 'POST', body: form, headers: { authorization: `Bearer ${await h.tokenOf('adminC1')}` } });
      const pdfId = ((await res.json()) as J).data.file.id as string;
      expect(codes(await validate('adminC1', pdfId, 'PROBLEMS'))).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('who imports', () => {
    it('is the ADMIN of a city only, with their own upload, and another city\'s units never resolve', async () => {
      const file = csv([PROBLEM_HEADER, [name('M1'), 'EDUCATION', 'matrix', '2018-03-05', '', '']]);
      const fileOf = async (p: Persona) => uploaded(p, file, 'm.csv');
      for (const persona of ['adminD1', 'adminD2', 'disciplineC1', 'officeD1', 'secretaryS1', 'analystC1', 'retired'] as Persona[]) {
        const fileId = await fileOf(persona === 'retired' ? 'adminC1' : persona);
        expect([persona, codes(await validate(persona, fileId, 'PROBLEMS'))]).toEqual([persona, ['FORBIDDEN']]);
      }
      // Someone else's upload is not found.
      expect(codes(await validate('adminC2', await fileOf('adminC1'), 'PROBLEMS'))).toEqual(['NOT_FOUND']);
      // ADMIN of the other city: C1's units are not found in C2.
      const other = (await ok(validate('adminC2', await fileOf('adminC2'), 'PROBLEMS'))).validateImport;
      expect(other.issues).toEqual([{ row: 2, column: 'unit', code: 'NOT_FOUND', message: 'unit: no unit "Unit M1" in your city' }]);
      // Nor can C2's ADMIN import (or see) C1's batch.
      const mine = (await ok(validate('adminC1', await fileOf('adminC1'), 'PROBLEMS'))).validateImport;
      expect(codes(await commit('adminC2', mine.id))).toEqual(['NOT_FOUND']);
      expect(codes(await commit('adminD1', mine.id))).toEqual(['FORBIDDEN']);
      const listed = async (p: Persona) => (await ok(h.exec<J>(BATCHES, {}, p))).importBatches.edges.map((e: J) => e.node.id);
      expect(await listed('adminC1')).toContain(mine.id);
      expect(await listed('adminC2')).not.toContain(mine.id);
      expect(codes(await h.exec(BATCHES, {}, 'adminD1'))).toEqual(['FORBIDDEN']);
      expect(codes(await h.exec(BATCHES, {}, 'disciplineC1'))).toEqual(['FORBIDDEN']);
      expect((await ok(h.exec<J>('query($id: ID!) { node(id: $id) { id } }', { id: mine.id }, 'adminC2'))).node).toBeNull();
      expect((await ok(h.exec<J>('query($id: ID!) { node(id: $id) { id } }', { id: mine.id }, 'adminC1'))).node).toEqual({ id: mine.id });
    });
  });

  describe('an accepted file', () => {
    /** Problems of 2018 at M1, G1, D1 (district D1) and S3 (district D2). */
    let problemsBatch: J;
    let recordsBatch: J;

    it('imports past problems in one transaction, marked and audited, once', async () => {
      const rows = GOOD_PROBLEMS;
      const fileId = await uploaded('adminC1', csv(rows), '武汉2018问题.csv');
      const dry = (await ok(validate('adminC1', fileId, 'PROBLEMS'))).validateImport;
      expect(dry).toEqual(expect.objectContaining({ status: 'VALIDATED', rows: 4, issueCount: 0, issues: [], imported: 0, at: null }));
      // A second dry run of the same file before the import: validated too, but only one of them imports.
      const twin = (await ok(validate('adminC1', await uploaded('adminC1', csv(rows), 'twin.csv'), 'PROBLEMS'))).validateImport;
      expect(twin.status).toBe('VALIDATED');
      const audits = await h.db.getRepository(AuditEntry).count({ where: { operation: 'importRecord' } });
      problemsBatch = (await ok(commit('adminC1', dry.id))).commitImport;
      expect(problemsBatch).toEqual(expect.objectContaining({ id: dry.id, status: 'IMPORTED', rows: 4, imported: 4, file: '武汉2018问题.csv', importer: { name: 'Official adminC1' } }));
      expect(problemsBatch.at).toEqual(expect.any(String));
      // Each record audited as imported, with its batch and row.
      const entries = await h.db.getRepository(AuditEntry).find({ where: { operation: 'importRecord', recordType: 'Problem' }, order: { id: 'ASC' } });
      expect(entries.length - audits).toBe(4);
      expect(entries.slice(-4).map((e) => JSON.parse(e.after!).importRow)).toEqual([2, 3, 4, 5]);
      // Once: a second import of the batch, or a new dry run of the same file, is refused.
      expect((await nothingWritten('CONFLICT', () => commit('adminC1', dry.id))).errors![0].extensions).toEqual(expect.objectContaining({ reason: 'imported' }));
      expect((await nothingWritten('CONFLICT', () => commit('adminC1', twin.id))).errors![0].extensions).toEqual(expect.objectContaining({ reason: 'imported' }));
      const again = (await ok(validate('adminC1', await uploaded('adminC1', csv(rows), 'again.csv'), 'PROBLEMS'))).validateImport;
      expect(again.issues.map((i: J) => [i.row, i.code])).toEqual([[0, 'DUPLICATE']]);
      // The file now belongs to the batch: its ADMIN downloads it.
      const file = await fetch(`${base}/files/${encodeURIComponent(encodeId('StoredFile', (await h.db.getRepository(ImportBatch).findOneByOrFail({ sha256: dry.sha256, status: 'IMPORTED' as never })).fileId))}`, {
        headers: { authorization: `Bearer ${await h.tokenOf('adminC1')}` },
      });
      expect(file.status).toBe(200);
    });

    it('shows the imported problems by the normal rules, each with its provenance', async () => {
      const seen = async (p: Persona) => (await ok(h.exec<J>(PROBLEMS, {}, p))).problems.edges.map((e: J) => e.node)
        .filter((n: J) => n.provenance?.batch.id === problemsBatch.id);
      const UNIT_OF: Record<string, UnitKey> = { '2018 问题 M1': 'M1', '2018 问题 G1': 'G1', '2018 问题 D1': 'D1', '2018 问题 S3': 'S3' };
      for (const persona of ['disciplineC1', 'disciplineD1', 'officeD2', 'officeS1', 'secretaryM1', 'secretaryG1', 'disciplineC2', 'adminC1', 'analystC1'] as const) {
        const home = { disciplineC1: 'C1', disciplineD1: 'D1', officeD2: 'D2', officeS1: 'S1', secretaryM1: 'M1', secretaryG1: 'G1', disciplineC2: 'C2', adminC1: null, analystC1: null }[persona] as UnitKey | null;
        const expected = Object.entries(UNIT_OF).filter(([, u]) => home && lineage(u).includes(home)).map(([d]) => d).sort();
        expect([persona, (await seen(persona)).map((n: J) => n.description).sort()]).toEqual([persona, expected]);
      }
      const m1 = (await seen('secretaryM1')).find((n: J) => n.description === '2018 问题 M1');
      expect(m1).toEqual({
        description: '2018 问题 M1', foundOn: '2018-03-05', unit: { name: 'Unit M1' },
        provenance: { batch: { id: problemsBatch.id, file: '武汉2018问题.csv', importer: { name: 'Official adminC1' }, at: problemsBatch.at }, row: 2 },
      });
      const g1 = (await seen('disciplineD1')).find((n: J) => n.description === '2018 问题 G1');
      expect(g1).toEqual(expect.objectContaining({ foundOn: '2018-07-09', provenance: expect.objectContaining({ row: 3 }) }));
      // The dry run's report is the ADMIN's only.
      const issues = await h.exec<J>(`query { problems(first: 100) { edges { node { provenance { batch { issues { row } } } } } } }`, {}, 'disciplineC1');
      expect(codes(issues)[0]).toBe('FORBIDDEN');
    });

    it('imports accountability records from an XLSX workbook (officials by ID number or name, in the city)', async () => {
      const { officials } = h.fixture;
      const book = await xlsx([
        ['被问责人', '单位', '问责情形', '问责方式', '决定日期', '问责理由', '作出单位'],
        [officials.teamM1.idNumber!, name('M1'), '主体责任落实不力', '诫勉谈话', new Date(Date.UTC(2018, 4, 20)), '2018 问责 teamM1', name('D1')],
        ['Official teamM2', '', 'SUPERVISION_RESPONSIBILITY', 'WARNING', '2018-11-02', '2018 问责 teamM2', ''],
        ['Official officeD2', name('S3'), 'OTHER', 'CRITICISM_NOTICE', '2018-01-15', '2018 问责 officeD2', name('D1')],
        ['Official disciplineC2', '', 'OTHER', 'WARNING', '2018-01-15', 'another city', ''],
      ]);
      const fileId = await uploaded('adminC1', book, '2018问责.xlsx');
      const dry = (await ok(validate('adminC1', fileId, 'ACCOUNTABILITY'))).validateImport;
      expect(dry.issues.map((i: J) => [i.row, i.column, i.code])).toEqual([[4, 'issuer', 'INVALID'], [5, 'official', 'NOT_FOUND']]);

      const fixed = await xlsx([
        ['被问责人', '单位', '问责情形', '问责方式', '决定日期', '问责理由', '作出单位'],
        [officials.teamM1.idNumber!, name('M1'), '主体责任落实不力', '诫勉谈话', new Date(Date.UTC(2018, 4, 20)), '2018 问责 teamM1', name('D1')],
        ['Official teamM2', '', 'SUPERVISION_RESPONSIBILITY', 'WARNING', '2018-11-02', '2018 问责 teamM2', ''],
        ['Official officeD2', name('S3'), 'OTHER', 'CRITICISM_NOTICE', '2018-01-15', '2018 问责 officeD2', ''],
      ]);
      const valid = (await ok(validate('adminC1', await uploaded('adminC1', fixed, '2018问责.xlsx'), 'ACCOUNTABILITY'))).validateImport;
      expect(valid).toEqual(expect.objectContaining({ status: 'VALIDATED', rows: 3, issues: [] }));
      recordsBatch = (await ok(commit('adminC1', valid.id))).commitImport;
      expect(recordsBatch).toEqual(expect.objectContaining({ status: 'IMPORTED', imported: 3 }));

      const seen = async (p: Persona) => (await ok(h.exec<J>(RECORDS, {}, p))).accountabilityRecords.edges.map((e: J) => e.node)
        .filter((n: J) => n.provenance?.batch.id === recordsBatch.id);
      const byDecision = (nodes: J[]) => nodes.map((n) => `${n.unit.name} ${n.measure} ${n.decidedOn}`).sort();
      expect(byDecision(await seen('disciplineC1'))).toEqual([
        'Unit M1 ADMONISHMENT_TALK 2018-05-20', 'Unit M2 WARNING 2018-11-02', 'Unit S3 CRITICISM_NOTICE 2018-01-15',
      ]);
      // D1's DISCIPLINE: its subtree's, and the record it issued (M1, issuer D1); never D2's.
      expect(byDecision(await seen('disciplineD1'))).toEqual(['Unit M1 ADMONISHMENT_TALK 2018-05-20', 'Unit M2 WARNING 2018-11-02']);
      expect(byDecision(await seen('teamM1'))).toEqual(['Unit M1 ADMONISHMENT_TALK 2018-05-20']);
      // An OFFICE post reads no one's records but its holder's own.
      expect(byDecision(await seen('officeD2'))).toEqual(['Unit S3 CRITICISM_NOTICE 2018-01-15']);
      expect(await seen('disciplineC2')).toEqual([]);
      expect((await seen('teamM2'))[0].provenance).toEqual(expect.objectContaining({ row: 3, batch: expect.objectContaining({ file: '2018问责.xlsx' }) }));
    });

    it('imports assessments and tasks with their outcomes', async () => {
      const assessments = csv([
        ['unit', 'year', 'total', 'grade', 'vetoed', 'vetoReason', 'feedback'],
        [name('D1'), '2018', '92.5', '', '', '', '好'],
        [name('D2'), '2018', '70', '', '是', '发生重大问题', ''],
        [name('D2'), '2018', '71', '', '', '', ''],
        [name('C1'), '2018', '80', '', '', '', ''],
        [name('S1'), String(THIS_YEAR), '80', '', '', '', ''],
      ]);
      const dry = (await ok(validate('adminC1', await uploaded('adminC1', assessments, 'a.csv'), 'ASSESSMENTS'))).validateImport;
      expect(dry.issues.map((i: J) => [i.row, i.column, i.code])).toEqual([[4, 'unit', 'DUPLICATE'], [5, 'unit', 'INVALID'], [6, 'year', 'NOT_PAST']]);
      const good = (await ok(validate('adminC1', await uploaded('adminC1', csv([
        ['被考核单位', '年度', '总分', '一票否决', '否决理由'],
        [name('D1'), '2018', '92.5', '否', ''], [name('D2'), '2018', '70', '是', '发生重大问题'],
      ]), '2018考核.csv'), 'ASSESSMENTS'))).validateImport;
      expect(good.status).toBe('VALIDATED');
      await ok(commit('adminC1', good.id));
      const grades = await h.db.getRepository(Assessment).find({ where: { year: 2018 }, order: { unitId: 'ASC' } });
      expect(grades.map((a) => [a.unitId, a.total, a.grade, a.vetoed, a.importRow])).toEqual([
        [h.fixture.units.D1.id, 9250, 'EXCELLENT', false, 2], [h.fixture.units.D2.id, 7000, 'POOR', true, 3],
      ]);

      // The leader held a post at the unit in the year (the fixture's posts run from 2024 on).
      const tasks = csv([
        ['unit', 'year', 'title', 'domain', 'leader', 'dueOn', 'percent', 'closedOn'],
        [name('M1'), '2024', '2024 任务 closed', 'EDUCATION', 'Official teamM1', '2024-06-30', '100', '2024-07-02'],
        [name('M1'), '2024', '2024 任务 missed', 'EDUCATION', 'Official teamM1', '2024-09-30', '60', ''],
        [name('M1'), '2018', '2018 任务', 'EDUCATION', 'Official teamM1', '2018-09-30', '60', ''],
        [name('M1'), '2024', 'closed early', 'EDUCATION', 'Official teamM1', '2024-09-30', '80', '2024-10-01'],
      ]);
      const tdry = (await ok(validate('adminC1', await uploaded('adminC1', tasks, 't.csv'), 'TASKS'))).validateImport;
      expect(tdry.issues.map((i: J) => [i.row, i.column, i.code])).toEqual([[4, 'leader', 'NOT_FOUND'], [5, 'closedOn', 'INVALID']]);
      const tgood = (await ok(validate('adminC1', await uploaded('adminC1', csv(tasks.toString('utf8').split('\r\n').slice(0, 3).map((l) => l.split(','))), 't2.csv'), 'TASKS'))).validateImport;
      expect(tgood.status).toBe('VALIDATED');
      await ok(commit('adminC1', tgood.id));
      const q = `query { tasks(first: 100, filter: { year: 2024 }) { edges { node { title status percent light overdue ${PROVENANCE} } } } }`;
      const nodes = (await ok(h.exec<J>(q, {}, 'secretaryM1'))).tasks.edges.map((e: J) => e.node).filter((n: J) => n.provenance);
      expect(nodes.map((n: J) => [n.title, n.status, n.percent, n.light, n.overdue, n.provenance.row]).sort()).toEqual([
        ['2024 任务 closed', 'CLOSED', 100, 'GREEN', false, 2], ['2024 任务 missed', 'IN_PROGRESS', 60, 'RED', true, 3],
      ]);
      expect((await ok(h.exec<J>(q, {}, 'officeD2'))).tasks.edges.filter((e: J) => e.node.provenance)).toEqual([]);
      // A past year's task is a record of the past: no work item and no reminder for its leader, though RED and overdue.
      const importedTasks = (await h.db.getRepository(Task).findBy({ importBatchId: Not(IsNull()) })).map((t) => t.id);
      expect(importedTasks).toHaveLength(2);
      await runReminders(h.db, TODAY);
      expect(await h.db.getRepository(Notification).countBy({ subjectType: 'Task', subjectId: In(importedTasks) })).toBe(0);
      const items = (await ok(h.exec<J>('query { workItems(first: 100) { edges { node { kind record { id } } } } }', {}, 'teamM1'))).workItems.edges;
      expect(items.filter((e: J) => importedTasks.map((id) => encodeId('Task', id)).includes(e.node.record.id))).toEqual([]);
    });

    it('counts the imported records in the portrait of their own year', async () => {
      const portrait = async (p: Persona, u: UnitKey, year: number) => (await ok(h.exec<J>(PORTRAIT, { unitId: unitId(h.fixture.units[u]), year }, p))).portrait;
      expect(await portrait('disciplineC1', 'C1', 2018)).toEqual({
        problems: { found: 4 }, accountability: { total: 3 }, assessments: { assessed: 2 }, tasks: { total: 0, closed: 0 },
      });
      expect(await portrait('disciplineD1', 'D1', 2018)).toEqual({
        problems: { found: 3 }, accountability: { total: 2 }, assessments: { assessed: 1 }, tasks: { total: 0, closed: 0 },
      });
      expect(await portrait('officeD2', 'D2', 2018)).toEqual({
        problems: { found: 1 }, accountability: { total: 1 }, assessments: { assessed: 1 }, tasks: { total: 0, closed: 0 },
      });
      expect((await portrait('secretaryM1', 'M1', 2024)).tasks).toEqual({ total: 2, closed: 1 });
      // Not in the year they were imported.
      expect((await portrait('disciplineC1', 'C1', THIS_YEAR)).problems.found).toBe(0);
    });

    it('lists the city\'s batches, newest first, by kind and status', async () => {
      const all = (await ok(h.exec<J>(BATCHES, { filter: { status: 'IMPORTED' } }, 'adminC1'))).importBatches;
      expect(all.edges.map((e: J) => [e.node.kind, e.node.imported])).toEqual([['TASKS', 2], ['ASSESSMENTS', 2], ['ACCOUNTABILITY', 3], ['PROBLEMS', 4]]);
      const records = (await ok(h.exec<J>(BATCHES, { filter: { kind: 'ACCOUNTABILITY', status: 'IMPORTED' } }, 'adminC1'))).importBatches;
      expect(records.edges.map((e: J) => e.node.id)).toEqual([recordsBatch.id]);
    });
  });

  describe('reads', () => {
    /** Statements of one read, the viewer's authentication not counted. */
    const statementsOf = async (persona: Persona, query: string): Promise<{ statements: number; data: J }> => {
      const contextValue = await h.server.contextFor(await h.tokenOf(persona));
      h.counter.reset();
      const res = await h.server.apollo.executeOperation({ query }, { contextValue });
      const statements = h.counter.count;
      if (res.body.kind !== 'single') throw new Error('unexpected');
      expect(res.body.singleResult.errors).toBeUndefined();
      return { statements, data: res.body.singleResult.data as J };
    };
    const LIST = `query { problems(first: 100) { totalCount edges { node { description ${PROVENANCE} } } } }`;
    const BATCH_LIST = 'query { importBatches(first: 100) { totalCount edges { node { id file at rows imported importer { name } unit { name } } } } }';

    it('are bounded by the query\'s shape, not by its rows (provenance and batches through loaders)', async () => {
      // Batches of 20 problems each, at units all over the city: one, then three.
      const importBatch = async (b: number) => {
        const rows = Array.from({ length: 20 }, (_, i) => [name((['M1', 'G2', 'S2', 'D2', 'S3'] as const)[i % 5]), 'EDUCATION', `bulk ${b}-${i}`, `2019-0${1 + (i % 9)}-1${i % 10}`, '', '']);
        const dry = (await ok(validate('adminC1', await uploaded('adminC1', csv([PROBLEM_HEADER, ...rows]), `bulk${b}.csv`), 'PROBLEMS'))).validateImport;
        await ok(commit('adminC1', dry.id));
      };
      await importBatch(0);
      const small = await statementsOf('disciplineC1', LIST);
      const batchesSmall = await statementsOf('adminC1', BATCH_LIST);
      await importBatch(1);
      await importBatch(2);
      const large = await statementsOf('disciplineC1', LIST);
      const batchesLarge = await statementsOf('adminC1', BATCH_LIST);
      expect(large.data.problems.totalCount).toBe(small.data.problems.totalCount + 40);
      expect(new Set(large.data.problems.edges.map((e: J) => e.node.provenance.batch.id)).size).toBeGreaterThan(new Set(small.data.problems.edges.map((e: J) => e.node.provenance.batch.id)).size);
      expect(large.statements).toBe(small.statements);
      expect(batchesLarge.data.importBatches.totalCount).toBeGreaterThan(batchesSmall.data.importBatches.totalCount);
      expect(batchesLarge.statements).toBe(batchesSmall.statements);
      // The 2019 problems count in 2019, not in 2018.
      const p2019 = (await ok(h.exec<J>(PORTRAIT, { unitId: unitId(h.fixture.units.C1), year: 2019 }, 'disciplineC1'))).portrait;
      expect(p2019.problems.found).toBe(60);
    });
  });

  describe('live entry', () => {
    it('still refuses the past: import is the only door', async () => {
      const { officials } = h.fixture;
      const create = (decidedOn: string) => h.exec(`mutation($input: CreateAccountabilityRecordInput!) { createAccountabilityRecord(input: $input) { id } }`, {
        input: { officialId: encodeId('Official', officials.teamM1.id), failure: 'OTHER', measure: 'WARNING', decidedOn, reason: 'live' },
      }, 'disciplineD1');
      const res = await nothingWritten('BAD_USER_INPUT', () => create('2018-05-20'));
      expect(res.errors![0].extensions).toEqual(expect.objectContaining({ field: 'decidedOn' }));
      await nothingWritten('BAD_USER_INPUT', () => create(`${THIS_YEAR - 2}-12-31`));
      expect(codes(await create(`${THIS_YEAR - 1}-01-01`))).toEqual([]);
      // An imported record is corrected or revoked live: a revision may keep a day as old as the record's, a revocation is dated now.
      const imported = (await ok(h.exec<J>(`query { accountabilityRecords(first: 100) { edges { node { id decidedOn ${PROVENANCE} } } } }`, {}, 'disciplineD1')))
        .accountabilityRecords.edges.map((e: J) => e.node).find((n: J) => n.decidedOn === '2018-11-02');
      const revoke = (revokedOn: string) => h.exec(`mutation($id: ID!, $reason: String!, $revokedOn: String!) {
        revokeAccountabilityRecord(id: $id, reason: $reason, revokedOn: $revokedOn) { id } }`, { id: imported.id, reason: '撤销', revokedOn }, 'disciplineD1');
      expect(codes(await revoke('2018-12-01'))).toEqual(['BAD_USER_INPUT']);
      const revised = await ok(h.exec<J>(`mutation($id: ID!, $input: AccountabilityDecisionInput!) { reviseAccountabilityRecord(id: $id, input: $input) { decidedOn provenance { row } } }`, {
        id: imported.id, input: { failure: 'SUPERVISION_RESPONSIBILITY', measure: 'CRITICISM_NOTICE', decidedOn: '2018-11-05', reason: '更正' },
      }, 'disciplineD1'));
      // The revision is entered live: no provenance.
      expect(revised.reviseAccountabilityRecord).toEqual({ decidedOn: '2018-11-05', provenance: null });
      const assess = await h.exec(`mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) { id } }`, {
        input: { unitId: unitId(h.fixture.units.M1), year: 2019, scores: [80, 80, 80] },
      }, 'officeS1');
      expect(codes(assess)).toEqual(['BAD_USER_INPUT']);
    });
  });
});
