// Query depth and cost limits, input errors, and the masking of unexpected errors.
import pino from 'pino';
import { GraphQLError } from 'graphql';
import { AppError, createFormatError } from '../../src/errors';
import { describeDb } from '../setup/db';
import { codes, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';
import { today } from '../../src/clock';

describeDb('limits and errors', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('refuses a query deeper than the limit with a clear BAD_USER_INPUT', async () => {
    const deep = `{ viewer { unit { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } } }`;
    const res = await h.exec(deep, {}, 'teamM1');
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/depth limit of \d+ exceeded, found \d+/);
  });

  it('refuses a query whose cost exceeds the limit, and says the cost', async () => {
    const costly = `{ orgUnits(first: 100) { edges { node { descendants(first: 100) { edges { node { children { officials { name } } } } } } } } }`;
    const res = await h.exec(costly, {}, 'teamM1');
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/cost \d+ exceeds the limit of \d+/);
    expect(res.errors![0].extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', cost: expect.any(Number), limit: expect.any(Number) }));
  });

  it('costs one document by its variables, each time (the cost is kept per document and variables)', async () => {
    const doc = 'query C($n: Int) { orgUnits(first: $n) { edges { node { descendants(first: $n) { edges { node { children { officials { name } } } } } } } } }';
    const run = async (n: number) => {
      const res = await h.exec(doc, { n }, 'teamM1');
      return { codes: codes(res), cost: res.errors?.[0].extensions?.cost ?? null };
    };
    // The same document passes and is refused as its page size changes, in any order.
    const large = await run(100);
    expect(large.codes).toEqual(['BAD_USER_INPUT']);
    expect(await run(2)).toEqual({ codes: [], cost: null });
    expect(await run(100)).toEqual(large);
    expect(await run(2)).toEqual({ codes: [], cost: null });
    const larger = await run(90);
    expect(larger.codes).toEqual(['BAD_USER_INPUT']);
    expect(larger.cost).toBeLessThan(large.cost as number);
  });

  it('lets a reasonable query through', async () => {
    const res = await h.exec(`{ orgUnits(first: 20) { edges { node { name children { name } } } } }`, {}, 'teamM1');
    expect(res.errors).toBeUndefined();
  });

  it('refuses broken text (a lone surrogate, a control character) and a year out of range, with the field named', async () => {
    const rename = (name: string) => h.exec('mutation R($id: ID!, $n: String!) { renameOrgUnit(id: $id, name: $n) { name } }',
      { id: unitId(h.fixture.units.M3), n: name }, 'adminD1');
    for (const broken of ['社区\uD800', '\uDC00社区', 'bell\u0007', 'nul\u0000']) {
      const res = await rename(broken);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('name');
    }
    // A pair is one character (an emoji or a rare 汉字 outside the BMP), and new lines are text.
    expect((await rename('𠀀社区 😀')).errors).toBeUndefined();
    const portrait = (year: number) => h.exec('query P($u: ID!, $y: Int!) { portrait(unitId: $u, year: $y) { units } }',
      { u: unitId(h.fixture.units.D1), y: year }, 'officeD1');
    for (const year of [-5, 1999, 2101]) {
      const res = await portrait(year);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('year');
    }
    expect((await portrait(Number(today().slice(0, 4)))).errors).toBeUndefined();
  });

  it('maps syntax and schema errors to BAD_USER_INPUT', async () => {
    expect(codes(await h.exec('{ viewer { name ', {}, 'teamM1'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.exec('{ viewer { salary } }', {}, 'teamM1'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.exec('query($id: ID!) { orgUnit(id: $id) { name } }', {}, 'teamM1'))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('formatError', () => {
  const log = pino({ level: 'silent' });
  const sqlError = Object.assign(new Error("ER_PARSE_ERROR near 'SELECT * FROM account'"), { sql: 'SELECT * FROM account' });
  const wrapped = new GraphQLError(sqlError.message, { originalError: sqlError, path: ['viewer'] });

  it('masks unexpected errors in production: no message, stack or SQL, but an error id', () => {
    const out = createFormatError(log, false)({ message: sqlError.message, path: ['viewer'] }, wrapped);
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(out.message).toBe(`Internal error (id ${out.extensions!.errorId})`);
    expect(JSON.stringify(out)).not.toMatch(/SELECT|stack|ER_PARSE/);
  });

  it('passes AppErrors through with their code', () => {
    const err = new AppError('CONFLICT', 'Already there', { field: 'username' });
    const out = createFormatError(log, false)({ message: err.message }, err);
    expect(out).toEqual(expect.objectContaining({ message: 'Already there', extensions: { code: 'CONFLICT', field: 'username' } }));
  });
});
