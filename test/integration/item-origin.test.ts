// Provenance of adopted responsibility-list items (issue 13, point 11): an item adopted from the
// tier above keeps the unit where it started (originUnit) through every further adoption, beside
// the unit it was adopted from (sourceUnit); a local item starts at its own unit. The items are
// read with their lists (posts in scope, exact sets per persona); the migration traces existing
// adopted items back to their origin.
import { signToken } from '../../src/auth/token';
import { AuditEntry, ResponsibilityItem, type OrgUnit } from '../../src/entities';
import { encodeId } from '../../src/schema/node';
import { PostRole, ResponsibilitySubject } from '../../src/schema/enums';
import { SeedBuilder } from '../../src/seed/builder';
import { backfillOrigins } from '../../migrations/1767225600015-NoticeProblems';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, PASSWORD, type Persona, type UnitKey } from '../setup/fixture';
import { codes, ok, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';
import { reads, type Reader } from '../setup/tree';

const YEAR = 2026;
const SUBJECT = ResponsibilitySubject.PARTY_COMMITTEE;

interface ItemView { content: string; adopted: boolean; sourceUnit: { name: string } | null; originUnit: { name: string } }
interface ListsData { responsibilityLists: { edges: { node: { id: string; unit: { name: string }; items: ItemView[] } }[] } }

const LISTS = `query($unitId: ID!, $year: Int!) {
  responsibilityLists(filter: { unitId: $unitId, year: $year }) {
    edges { node { id unit { name } items { content adopted sourceUnit { name } originUnit { name } } } }
  }
}`;

describeDb('responsibility item origin', () => {
  let h: Harness;
  let secretaryC1: { token: string };
  const lists = {} as Record<'C1' | 'D1' | 'S1' | 'M1', string>;
  const unit = (k: UnitKey): OrgUnit => h.fixture.units[k];

  const create = async (at: UnitKey, as: Persona | { token: string }): Promise<string> => (await ok(h.exec<{ createResponsibilityList: { id: string } }>(
    `mutation($unitId: ID!) { createResponsibilityList(input: { unitId: $unitId, year: ${YEAR}, subject: ${SUBJECT}, title: "主体责任清单" }) { id } }`,
    { unitId: unitId(unit(at)) }, as))).createResponsibilityList.id;
  const add = (listId: string, content: string, as: Persona | { token: string }) =>
    ok(h.exec(`mutation($listId: ID!, $content: String!) { addResponsibilityItem(input: { listId: $listId, content: $content }) { id } }`, { listId, content }, as));
  const publish = (id: string, as: Persona | { token: string }) =>
    ok(h.exec('mutation($id: ID!) { publishResponsibilityList(id: $id) { id } }', { id }, as));
  const adopt = (listId: string, as: Persona | { token: string }) =>
    h.exec('mutation($listId: ID!) { adoptParentResponsibilityItems(listId: $listId) { id } }', { listId }, as);
  const itemsOf = async (at: UnitKey, as: Persona | { token: string }): Promise<ItemView[]> =>
    (await ok(h.exec<ListsData>(LISTS, { unitId: unitId(unit(at)), year: YEAR }, as))).responsibilityLists.edges
      .find((e) => e.node.unit.name === unit(at).name)!.node.items;

  beforeAll(async () => {
    h = await startHarness();
    const account = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      const official = await b.official(h.fixture.units.C1, 'Official secretaryC1', 'SECRETARY of C1');
      await b.post(official, h.fixture.units.C1, PostRole.SECRETARY, { since: '2020-01-01' });
      return b.account(official, 'secretaryc1', PASSWORD);
    });
    secretaryC1 = { token: (await signToken(account.id)).token };

    // The city writes two items and publishes; each tier below adopts, adds its own and publishes.
    lists.C1 = await create('C1', secretaryC1);
    await add(lists.C1, '市级事项一', secretaryC1);
    await add(lists.C1, '市级事项二', secretaryC1);
    await publish(lists.C1, secretaryC1);
    lists.D1 = await create('D1', 'officeD1');
    await ok(adopt(lists.D1, 'officeD1'));
    await add(lists.D1, '区级事项', 'officeD1');
    await publish(lists.D1, 'officeD1');
    lists.S1 = await create('S1', 'officeS1');
    await ok(adopt(lists.S1, 'officeS1'));
    await add(lists.S1, '街道事项', 'officeS1');
    await publish(lists.S1, 'officeS1');
    lists.M1 = await create('M1', 'secretaryM1');
    await add(lists.M1, '社区事项', 'secretaryM1');
    await ok(adopt(lists.M1, 'secretaryM1'));
  });
  afterAll(() => h.close());

  const view = (content: string, source: UnitKey | null, origin: UnitKey): ItemView => ({
    content, adopted: source !== null, sourceUnit: source && { name: `Unit ${source}` }, originUnit: { name: `Unit ${origin}` },
  });

  it('keeps the unit where each item started through every tier (city -> district -> street -> community)', async () => {
    expect(await itemsOf('D1', 'officeD1')).toEqual([
      view('市级事项一', 'C1', 'C1'), view('市级事项二', 'C1', 'C1'), view('区级事项', null, 'D1'),
    ]);
    expect(await itemsOf('S1', 'officeS1')).toEqual([
      view('市级事项一', 'D1', 'C1'), view('市级事项二', 'D1', 'C1'), view('区级事项', 'D1', 'D1'), view('街道事项', null, 'S1'),
    ]);
    // Adopted after the community's own item: adopted first in the parent's order, then the local one.
    expect(await itemsOf('M1', 'secretaryM1')).toEqual([
      view('市级事项一', 'S1', 'C1'), view('市级事项二', 'S1', 'C1'), view('区级事项', 'S1', 'D1'), view('街道事项', 'S1', 'S1'),
      view('社区事项', null, 'M1'),
    ]);
  });

  it('keeps the origin in the column of adopted items only (a local item started at its own unit), and audits it', async () => {
    const rows = await h.db.getRepository(ResponsibilityItem).find({ order: { id: 'ASC' } });
    expect(rows.filter((r) => r.sourceItemId === null).map((r) => r.originUnitId)).toEqual([null, null, null, null, null]);
    expect(rows.filter((r) => r.sourceItemId !== null).map((r) => r.originUnitId).sort())
      .toEqual([...Array(6).fill(unit('C1').id), unit('D1').id, unit('D1').id, unit('S1').id].sort());
    const entries = await h.db.getRepository(AuditEntry).find({ where: { operation: 'adoptParentResponsibilityItems' }, order: { id: 'ASC' } });
    expect(entries).toHaveLength(3);
    expect(JSON.parse(entries[2].after!).added.map((a: { originUnitId: number }) => a.originUnitId))
      .toEqual([unit('C1').id, unit('C1').id, unit('D1').id, unit('S1').id]);
  });

  // The items (and so their origins) are read with the list: posts in scope of the community, never a sibling's.
  it.each(ALL_PERSONAS.filter((p) => p !== 'inactive') as Reader[])('reads the community\'s list and its origins only in scope, as %s', async (persona) => {
    const res = await h.exec<ListsData>(LISTS, { unitId: unitId(unit('M1')), year: YEAR }, persona);
    expect(res.errors).toBeUndefined();
    const names = res.data!.responsibilityLists.edges.map((e) => e.node.unit.name);
    expect(names).toEqual(reads(persona, 'M1') ? ['Unit M1'] : []);
    if (names.length) expect(res.data!.responsibilityLists.edges[0].node.items.map((i) => i.originUnit.name)).toEqual(['Unit C1', 'Unit C1', 'Unit D1', 'Unit S1', 'Unit M1']);
  });

  it('reads a list item\'s origin through node(id) only where the list is visible', async () => {
    const [item] = await h.db.getRepository(ResponsibilityItem).find({ where: { content: '区级事项' }, order: { id: 'DESC' }, take: 1 });
    const id = encodeId('ResponsibilityItem', item.id);
    const query = `{ node(id: "${id}") { ... on ResponsibilityItem { content originUnit { name } } } }`;
    const mine = await h.exec<{ node: ItemView | null }>(query, {}, 'secretaryM1');
    expect(codes(mine)).toEqual([]);
    expect(mine.data!.node).toEqual({ content: '区级事项', originUnit: { name: 'Unit D1' } });
    expect((await h.exec<{ node: unknown }>(query, {}, 'teamM2')).data!.node).toBeNull();
  });

  it('traces existing adopted items back to their origin in the migration', async () => {
    await h.db.query('UPDATE responsibility_item SET originUnitId = NULL');
    const qr = h.db.createQueryRunner();
    try {
      await backfillOrigins(qr);
    } finally {
      await qr.release();
    }
    expect(await itemsOf('M1', 'secretaryM1')).toEqual([
      view('市级事项一', 'S1', 'C1'), view('市级事项二', 'S1', 'C1'), view('区级事项', 'S1', 'D1'), view('街道事项', 'S1', 'S1'),
      view('社区事项', null, 'M1'),
    ]);
    const rows = await h.db.getRepository(ResponsibilityItem).find();
    expect(rows.filter((r) => r.sourceItemId === null).every((r) => r.originUnitId === null)).toBe(true);
  });

  it('costs the same statements for a list\'s origins whatever the number of tiers, lists and items', async () => {
    const count = async (at: UnitKey, subtree: boolean): Promise<number> => {
      const contextValue = await h.server.contextFor(await h.tokenOf('disciplineC1'));
      h.counter.reset();
      const query = LISTS.replace('filter: { unitId: $unitId, year: $year }', `filter: { unitId: $unitId, year: $year, subtree: ${subtree} }`);
      const res = await h.server.apollo.executeOperation({ query, variables: { unitId: unitId(unit(at)), year: YEAR } }, { contextValue });
      if (res.body.kind !== 'single') throw new Error('unexpected');
      expect(res.body.singleResult.errors).toBeUndefined();
      return h.counter.count;
    };
    // The unit filter, the page, the items, their lists (local items) and the units named: one statement each.
    const one = await count('D1', false);
    expect(one).toBe(5);
    expect(await count('M1', false)).toBe(one);
    expect(await count('C1', true)).toBe(one);
  });
});
