// Units are readable by every signed-in user; inMyScope, under and descendants are
// the scope rule in SQL. Exact visible sets over the fixture tree.
import { DescendantsDocument, OrgUnitDetailDocument, OrgUnitsDocument } from '../generated/graphql';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, UNIT_KEYS, type Persona, type UnitKey } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

describeDb('org units', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const names = (keys: UnitKey[]): string[] => keys.map((k) => `Unit ${k}`).sort();
  const listNames = async (persona: Persona, filter: object): Promise<string[]> => {
    const res = await h.exec(OrgUnitsDocument, { filter, first: 100 }, persona);
    expect(res.errors).toBeUndefined();
    const edges = res.data!.orgUnits.edges;
    expect(res.data!.orgUnits.totalCount).toBe(edges.length);
    return edges.map((e) => e.node.name).sort();
  };

  it('refuses anonymous requests with UNAUTHENTICATED', async () => {
    const res = await h.exec(OrgUnitsDocument, {}, null);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data).toBeNull();
  });

  it.each(ALL_PERSONAS.filter((p) => p !== 'inactive'))('shows every unit to %s', async (persona) => {
    expect(await listNames(persona, {})).toEqual(names([...UNIT_KEYS]));
  });

  it('treats a deactivated account as not signed in', async () => {
    expect(codes(await h.exec(OrgUnitsDocument, {}, 'inactive'))).toEqual(['UNAUTHENTICATED']);
  });

  const SCOPES: [Persona, UnitKey[]][] = [
    ['adminC1', ['C1', 'D1', 'S1', 'M1', 'G1', 'G2', 'M2', 'S2', 'M3', 'D2', 'S3']],
    ['adminC2', ['C2', 'D3']],
    ['adminD1', ['D1', 'S1', 'M1', 'G1', 'G2', 'M2', 'S2', 'M3']],
    ['officeD2', ['D2', 'S3']],
    ['officeS1', ['S1', 'M1', 'G1', 'G2', 'M2']],
    ['officeS2', ['S2', 'M3']],
    ['teamM1', ['M1', 'G1', 'G2']],
    ['teamM2', ['M2']],
    ['secretaryG1', ['G1']],
    ['informantG2', ['G2']],
    ['retired', []],
  ];
  it.each(SCOPES)('inMyScope for %s is exactly its subtree', async (persona, keys) => {
    expect(await listNames(persona, { inMyScope: true })).toEqual(names(keys));
  });

  it('filters by subtree, level and name', async () => {
    const { units } = h.fixture;
    expect(await listNames('teamM1', { under: unitId(units.S1) })).toEqual(names(['S1', 'M1', 'G1', 'G2', 'M2']));
    expect(await listNames('teamM1', { under: unitId(units.D1), level: 'COMMUNITY' })).toEqual(names(['M1', 'M2', 'M3']));
    expect(await listNames('teamM1', { nameContains: 'Unit G' })).toEqual(names(['G1', 'G2']));
    expect(await listNames('teamM1', { nameContains: '%' })).toEqual([]);
    expect(await listNames('teamM1', { under: 'not-an-id' })).toEqual([]);
  });

  it('pages with cursors and keeps totalCount for the whole list', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await h.exec(OrgUnitsDocument, { first: 4, after }, 'teamM1');
      const conn = res.data!.orgUnits;
      expect(conn.totalCount).toBe(UNIT_KEYS.length);
      expect(conn.pageInfo.hasPreviousPage).toBe(page > 0);
      seen.push(...conn.edges.map((e) => e.node.name));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(UNIT_KEYS.length);
    expect(new Set(seen).size).toBe(UNIT_KEYS.length);
  });

  it('rejects a page size over 100 and a forged cursor with BAD_USER_INPUT', async () => {
    expect(codes(await h.exec(OrgUnitsDocument, { first: 101 }, 'teamM1'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.exec(OrgUnitsDocument, { first: 5, after: 'garbage' }, 'teamM1'))).toEqual(['BAD_USER_INPUT']);
  });

  it('answers parent, children, ancestors and path', async () => {
    const { units } = h.fixture;
    const res = await h.exec(OrgUnitDetailDocument, { id: unitId(units.M1) }, 'officeD2');
    const unit = res.data!.orgUnit!;
    expect(unit.path).toBe(`/${units.C1.id}/${units.D1.id}/${units.S1.id}/${units.M1.id}/`);
    expect(unit.level).toBe('COMMUNITY');
    expect(unit.parent!.name).toBe('Unit S1');
    expect(unit.children.map((c) => c.name)).toEqual(['Unit G1', 'Unit G2']);
    expect(unit.ancestors.map((a) => a.name)).toEqual(['Unit C1', 'Unit D1', 'Unit S1']);
  });

  it('lists descendants of a unit, optionally of one level', async () => {
    const { units } = h.fixture;
    const all = await h.exec(DescendantsDocument, { id: unitId(units.D1), first: 100 }, 'teamM2');
    expect(all.data!.orgUnit!.descendants.edges.map((e) => e.node.name).sort()).toEqual(names(['S1', 'M1', 'G1', 'G2', 'M2', 'S2', 'M3']));
    expect(all.data!.orgUnit!.descendants.totalCount).toBe(7);
    const streets = await h.exec(DescendantsDocument, { id: unitId(units.C1), level: 'STREET', first: 100 }, 'teamM2');
    expect(streets.data!.orgUnit!.descendants.edges.map((e) => e.node.name).sort()).toEqual(names(['S1', 'S2', 'S3']));
  });

  it('returns null for unknown and malformed ids', async () => {
    expect((await h.exec(OrgUnitDetailDocument, { id: 'T3JnVW5pdDo5OTk5OTk=' }, 'teamM1')).data!.orgUnit).toBeNull();
    expect((await h.exec(OrgUnitDetailDocument, { id: '???' }, 'teamM1')).data!.orgUnit).toBeNull();
  });
});
