// Exports over HTTP (issue 14): a list's query as CSV and XLSX, every page, with the
// same scope and field rules as the query (a field the viewer may not read is blank and
// marked), Chinese headers, audited; the XLSX is read back with exceljs.
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { addDays, today } from '../../src/clock';
import { AuditEntry, type Official } from '../../src/entities';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

const ROWS = 230; // more than two pages of 100

describeDb('exports', () => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      const day = today();
      for (let i = 0; i < ROWS; i++) {
        await r.task(units.M1, posts.teamM1, officials.officeS1 as Official, {
          title: `导出任务 ${String(i).padStart(3, '0')}`, year: Number(day.slice(0, 4)), domain: 'HEALTH',
          milestones: [{ dueOn: addDays(day, 30), targetPercent: 100 }],
        });
      }
    });
    await new Promise<void>((resolve) => h.server.http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(h.server.http.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => h.close());

  const QUERY = 'query E($unit: ID!) { tasks(filter: { unitId: $unit, subtree: false }) { edges { node { title percent leader { official { name phone } } } } } }';
  const exportAs = async (persona: Persona | null, format: 'csv' | 'xlsx', query = QUERY) => fetch(`${base}/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(persona ? { authorization: `Bearer ${await h.tokenOf(persona)}` } : {}) },
    body: JSON.stringify({ query, variables: { unit: unitId(h.fixture.units.M1) }, format }),
  });

  it('exports every page of a list as CSV with Chinese headers, in the list\'s order', async () => {
    const res = await exportAs('officeS1', 'csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="zeren-tasks-.*\.csv"/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0].split(',')).toHaveLength(4);
    expect(lines[0]).toMatch(/责任领导/);
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines[1].split(',')[0]).toBe('导出任务 000');
    expect(lines[ROWS].split(',')[0]).toBe(`导出任务 ${String(ROWS - 1).padStart(3, '0')}`);
    // An OFFICE in scope reads the leader's phone.
    expect(lines.slice(1).every((l) => /^导出任务 \d{3},0,Official teamM1,[^〔,]*$/.test(l))).toBe(true);
  });

  it('exports XLSX, read back with exceljs, with the fields the viewer may not read blank and marked', async () => {
    const res = await exportAs('secretaryM1', 'xlsx');
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(ROWS + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toHaveLength(4);
    expect(String(header[3])).toMatch(/责任领导/);
    const rows = Array.from({ length: ROWS }, (_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1));
    expect(rows[0][0]).toBe('导出任务 000');
    // A SECRETARY of M1 reads the tasks, not the phone of the leader (a TEAM_MEMBER): blank and marked.
    expect(rows.every((r) => r[2] === 'Official teamM1' && r[3] === '〔无权查看〕')).toBe(true);
  });

  it('exports a plain list too: the children\'s portraits, with the figures an ANALYST may not read marked', async () => {
    const query = 'query P($unit: ID!, $year: Int!) { portraits(parentId: $unit, year: $year) { unit { name } units redTaskLeaders(first: 3) { official { name } } } }';
    const res = await fetch(`${base}/export`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.tokenOf('analystC1')}` },
      body: JSON.stringify({ query, variables: { unit: unitId(h.fixture.units.C1), year: Number(today().slice(0, 4)) }, format: 'csv' }),
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).map((l) => [l.split(',')[0], l.split(',')[2]]).sort()).toEqual([['Unit D1', '〔无权查看〕'], ['Unit D2', '〔无权查看〕']]);
  });

  it('applies the scope: a sibling street\'s OFFICE exports none of M1\'s internal tasks', async () => {
    const res = await exportAs('officeS2', 'csv');
    expect(res.status).toBe(200);
    expect((await res.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/)).toHaveLength(1);
  });

  it('refuses what is not a list query, and anyone not signed in, with GraphQL errors; and audits each export', async () => {
    const before = await h.db.getRepository(AuditEntry).countBy({ operation: 'export' });
    const codeOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code });
    expect(await codeOf(await exportAs(null, 'csv'))).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await codeOf(await exportAs('officeS1', 'csv', '{ viewer { name } }'))).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    expect(await codeOf(await exportAs('officeS1', 'csv', 'mutation { signOutEverywhere }'))).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    expect(await codeOf(await exportAs('officeS1', 'csv', '{ tasks(first: 5) { edges { node { title } } } }'))).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    await (await exportAs('officeS1', 'csv')).text();
    const entries = await h.db.getRepository(AuditEntry).find({ where: { operation: 'export' }, order: { id: 'DESC' } });
    expect(entries.length).toBe(before + 1);
    expect(JSON.parse(entries[0].after!)).toEqual(expect.objectContaining({ list: 'tasks', format: 'csv', rows: ROWS }));
  });
});
