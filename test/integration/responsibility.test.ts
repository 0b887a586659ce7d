// Responsibility lists (责任清单), letters (责任书), the chain (责任链) and domain
// coverage: who reads which records (a persona matrix against a table of the tree),
// who keeps them, "1+X" adoption, issuing and signing letters, the effective-dated
// chain. Every refused write is checked to change nothing (rows and audit).
import type { FormattedExecutionResult } from 'graphql';
import { signToken } from '../../src/auth/token';
import { AuditEntry, Domain, ResponsibilityItem, ResponsibilityLetter, ResponsibilityList, type Post } from '../../src/entities';
import { PostRole, ResponsibilitySubject } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder, SeedBuilder } from '../../src/seed/builder';
import {
  AddResponsibilityItemDocument, AdoptParentResponsibilityItemsDocument, CreateResponsibilityListDocument,
  IssueResponsibilityLetterDocument, MoveResponsibilityItemDocument, PublishResponsibilityListDocument,
  RemoveResponsibilityItemDocument, ResponsibilityChainDocument, ResponsibilityLetterGapsDocument, ResponsibilityLettersDocument,
  ResponsibilityListsDocument, ResponsibilityNodeDocument, SignResponsibilityLetterDocument, UncoveredDomainsDocument,
  UpdateResponsibilityItemDocument, type IssueResponsibilityLetterInput, type ResponsibilityChainQuery,
  type RespListFieldsFragment, type ResponsibilitySubject as Subject,
} from '../generated/graphql';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, PASSWORD, type Persona, type UnitKey } from '../setup/fixture';
import { reads } from '../setup/tree';
import { codes, ok, refusedWithout, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

type As = Persona | { token: string } | null;
type Result = FormattedExecutionResult<Record<string, unknown>>;

// ---- The expected scope, from the fixture tree (not from the code under test) ----





// ---- The records of the matrix year ----

const MATRIX_YEAR = 2023;
/** One list per unit: titled "List <unit>". */
const MATRIX_LISTS: UnitKey[] = ['C1', 'D1', 'S1', 'M1', 'M2', 'G1', 'S3', 'D3'];
/** Letters by their content: [issuing unit, addressed (a unit, or teamM1's post), the signing unit scope follows]. */
const MATRIX_LETTERS: [label: string, from: UnitKey, to: UnitKey | 'teamM1', signingUnit: UnitKey, signed: boolean][] = [
  ['S1→M1', 'S1', 'M1', 'M1', true],
  ['S1→M2', 'S1', 'M2', 'M2', false],
  ['M1→teamM1', 'M1', 'teamM1', 'M1', true],
  ['M1→G1', 'M1', 'G1', 'G1', false],
  ['D1→S1', 'D1', 'S1', 'S1', true],
  ['D1→S2', 'D1', 'S2', 'S2', false],
  ['D2→S3', 'D2', 'S3', 'S3', false],
  ['C2→D3', 'C2', 'D3', 'D3', true],
];

const ALL_DOMAINS = [
  'AGRICULTURE', 'CIVIL_AFFAIRS', 'CONSTRUCTION_BIDDING', 'DISCIPLINE_INSPECTION', 'ECOLOGY', 'EDUCATION', 'FINANCE', 'HEALTH',
  'PARTY_BUILDING', 'TRANSPORT', 'URBAN_MANAGEMENT', 'WORK_SAFETY',
];
const domainsBut = (...held: string[]): string[] => ALL_DOMAINS.filter((d) => !held.includes(d));

/** A list's items as [position, content, adopted, source unit name]. */
const itemsOf = (list: RespListFieldsFragment): [number, string, boolean, string | null][] =>
  list.items.map((i) => [i.position, i.content, i.adopted, i.sourceUnit?.name ?? null]);

describeDb('responsibility', () => {
  let h: Harness;
  /** Posts and accounts added to the fixture for this file. */
  const extra = {} as {
    formerSecretaryD1: Post; formerTeamM1: Post; secretaryC2: Post; officeC1: { token: string };
  };
  const listIds = {} as Record<UnitKey, string>;
  /** The one item of each matrix list. */
  const itemIds = {} as Record<UnitKey, string>;
  const letterIds = {} as Record<string, string>;
  /** The M1 list the refusal matrix aims at, and its items. */
  const target = {} as { list: string; items: string[] };

  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    const officeC1Account = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      const person = (unit: UnitKey, name: string) => b.official(units[unit], `Official ${name}`, name);
      // Effective-dated posts for the chain and coverage: ended, future, and multi-domain.
      extra.formerSecretaryD1 = await b.post(await person('D1', 'formerSecretaryD1'), units.D1, PostRole.SECRETARY, { since: '2020-01-01', until: '2023-12-31' });
      extra.formerTeamM1 = await b.post(await person('M1', 'formerTeamM1'), units.M1, PostRole.TEAM_MEMBER, {
        since: '2020-01-01', until: '2023-12-31', domains: ['HEALTH', 'EDUCATION'],
      });
      await b.post(await person('M2', 'futureTeamM2'), units.M2, PostRole.TEAM_MEMBER, { since: '2099-01-01', domains: ['FINANCE'] });
      await b.post(await person('S2', 'teamS2'), units.S2, PostRole.TEAM_MEMBER, { since: '2024-01-01', domains: ['FINANCE', 'PARTY_BUILDING'] });
      extra.secretaryC2 = await b.post(await person('C2', 'secretaryC2'), units.C2, PostRole.SECRETARY, { since: '2022-03-01' });
      const secretaryD2 = await b.post(await person('D2', 'secretaryD2'), units.D2, PostRole.SECRETARY, { since: '2024-01-01' });
      // A keeper at a city, which has no tier above to adopt from.
      const officeC1 = await person('C1', 'officeC1');
      await b.post(officeC1, units.C1, PostRole.OFFICE, { since: '2024-01-01' });

      const r = new ResponsibilitySeeder(em);
      for (const key of MATRIX_LISTS) {
        const list = await r.list(units[key], MATRIX_YEAR, ResponsibilitySubject.PARTY_COMMITTEE, `List ${key}`, [`${key} item`]);
        listIds[key] = encodeId('ResponsibilityList', list.id);
        itemIds[key] = encodeId('ResponsibilityItem', (await em.findOneByOrFail(ResponsibilityItem, { listId: list.id })).id);
      }
      const issuers: Partial<Record<UnitKey, Post>> = {
        S1: posts.secretaryS1, M1: posts.secretaryM1, D1: extra.formerSecretaryD1, D2: secretaryD2, C2: extra.secretaryC2,
      };
      for (const [label, from, to, , signed] of MATRIX_LETTERS) {
        const signer = to === 'teamM1' ? officials.teamM1 : officials.secretaryM1; // who signs does not matter here
        const letter = await r.letter(units[from], MATRIX_YEAR, issuers[from]!, to === 'teamM1' ? { post: posts.teamM1 } : { unit: units[to] },
          label, signed ? signer : undefined);
        letterIds[label] = encodeId('ResponsibilityLetter', letter.id);
      }
      // The refusal matrix: an M1 draft with two items, below a published S1 list it could adopt from.
      const parent = await r.list(units.S1, 2024, ResponsibilitySubject.PARTY_COMMITTEE, 'S1 2024', ['P1'], { published: true });
      const draft = await r.list(units.M1, 2024, ResponsibilitySubject.PARTY_COMMITTEE, 'M1 2024', ['T1', 'T2']);
      target.list = encodeId('ResponsibilityList', draft.id);
      target.items = (await em.find(ResponsibilityItem, { where: { listId: draft.id }, order: { position: 'ASC' } }))
        .map((i) => encodeId('ResponsibilityItem', i.id));
      expect(parent.publishedAt).not.toBeNull();
      return b.account(officeC1, 'officec1', PASSWORD);
    });
    extra.officeC1 = { token: (await signToken(officeC1Account.id)).token };
  });
  afterAll(() => h.close());

  // ---- Helpers ----

  /** The data of a result that must have no errors. */

  /** Every row of the responsibility tables, and the size of the audit log. */
  const snapshot = async () => ({
    lists: await h.db.getRepository(ResponsibilityList).find({ order: { id: 'ASC' } }),
    items: await h.db.getRepository(ResponsibilityItem).find({ order: { id: 'ASC' } }),
    letters: await h.db.getRepository(ResponsibilityLetter).find({ order: { id: 'ASC' } }),
    audit: await h.db.getRepository(AuditEntry).count(),
  });

  /** The operation fails with exactly this code and writes nothing. */
  const refused = refusedWithout(snapshot);

  const domainId = async (code: string): Promise<string> =>
    encodeId('Domain', (await h.db.getRepository(Domain).findOneByOrFail({ code })).id);
  const postId = (post: Post): string => encodeId('Post', post.id);
  const unit = (key: UnitKey): string => unitId(h.fixture.units[key]);

  const listsOf = async (as: As, filter: object = { year: MATRIX_YEAR }): Promise<string[]> => {
    const data = await ok(h.exec(ResponsibilityListsDocument, { filter, first: 100 }, as));
    expect(data.responsibilityLists.totalCount).toBe(data.responsibilityLists.edges.length);
    return data.responsibilityLists.edges.map((e) => e.node.title).sort();
  };
  const lettersOf = async (as: As, filter: object = { year: MATRIX_YEAR }): Promise<string[]> => {
    const data = await ok(h.exec(ResponsibilityLettersDocument, { filter, first: 100 }, as));
    expect(data.responsibilityLetters.totalCount).toBe(data.responsibilityLetters.edges.length);
    return data.responsibilityLetters.edges.map((e) => e.node.content).sort();
  };

  // ---- 1. Who reads what ----

  describe('read scope', () => {
    it.each(ALL_PERSONAS.filter((p): p is Exclude<Persona, 'inactive'> => p !== 'inactive'))(
      '%s reads exactly the lists and letters at or below their posts', async (persona) => {
        const lists = MATRIX_LISTS.filter((u) => reads(persona, u));
        const letters = MATRIX_LETTERS.filter(([, , , signingUnit]) => reads(persona, signingUnit)).map(([label]) => label);
        expect(await listsOf(persona)).toEqual(lists.map((u) => `List ${u}`).sort());
        expect(await lettersOf(persona)).toEqual([...letters].sort());
        // node(id) agrees: the same records (and their items), null for the others.
        for (const u of MATRIX_LISTS) {
          const node = (await ok(h.exec(ResponsibilityNodeDocument, { id: listIds[u] }, persona))).node;
          expect(node).toEqual(lists.includes(u) ? { __typename: 'ResponsibilityList', id: listIds[u], title: `List ${u}` } : null);
          const item = (await ok(h.exec(ResponsibilityNodeDocument, { id: itemIds[u] }, persona))).node;
          expect(item).toEqual(lists.includes(u) ? { __typename: 'ResponsibilityItem', id: itemIds[u], content: `${u} item` } : null);
        }
        for (const [label] of MATRIX_LETTERS) {
          const node = (await ok(h.exec(ResponsibilityNodeDocument, { id: letterIds[label] }, persona))).node;
          expect(node).toEqual(letters.includes(label) ? { __typename: 'ResponsibilityLetter', id: letterIds[label], content: label } : null);
        }
      });

    it('spells out a few rows of the table', async () => {
      expect(await listsOf('officeS1')).toEqual(['List G1', 'List M1', 'List M2', 'List S1']);
      expect(await lettersOf('officeS1')).toEqual(['D1→S1', 'M1→G1', 'M1→teamM1', 'S1→M1', 'S1→M2']);
      // Siblings do not see each other's letters, though both came from S1.
      expect(await lettersOf('teamM2')).toEqual(['S1→M2']);
      expect(await lettersOf('secretaryG1')).toEqual(['M1→G1']);
      expect(await listsOf('analystC1')).toEqual([]);
      expect(await listsOf('adminC1')).toEqual([]);
      expect(await lettersOf('disciplineC2')).toEqual(['C2→D3']);
    });

    it.each([['anonymous', null], ['inactive', 'inactive']] as [string, As][])('%s is refused with UNAUTHENTICATED', async (_, as) => {
      expect(codes(await h.exec(ResponsibilityListsDocument, { first: 10 }, as))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await h.exec(ResponsibilityLettersDocument, { first: 10 }, as))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await h.exec(ResponsibilityNodeDocument, { id: listIds.M1 }, as))).toEqual(['UNAUTHENTICATED']);
    });

    it('filters lists by unit (with or without the subtree) within scope, and letters by issuer and signature', async () => {
      expect(await listsOf('disciplineC1', { year: MATRIX_YEAR, unitId: unit('S1') })).toEqual(['List G1', 'List M1', 'List M2', 'List S1']);
      expect(await listsOf('disciplineC1', { year: MATRIX_YEAR, unitId: unit('S1'), subtree: false })).toEqual(['List S1']);
      expect(await listsOf('teamM2', { year: MATRIX_YEAR, unitId: unit('S1') })).toEqual(['List M2']);
      expect(await listsOf('disciplineC2', { year: MATRIX_YEAR, unitId: unit('S1') })).toEqual([]);
      expect(await lettersOf('disciplineC1', { year: MATRIX_YEAR, unitId: unit('S1') })).toEqual(['S1→M1', 'S1→M2']);
      expect(await lettersOf('disciplineC1', { year: MATRIX_YEAR, signed: true })).toEqual(['D1→S1', 'M1→teamM1', 'S1→M1']);
      expect(await lettersOf('disciplineC1', { year: MATRIX_YEAR, signed: false })).toEqual(['D1→S2', 'D2→S3', 'M1→G1', 'S1→M2']);
    });

    it('pages through the visible lists without gaps or repeats', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: { responsibilityLists: { edges: { node: { title: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
          await ok(h.exec(ResponsibilityListsDocument, { filter: { year: MATRIX_YEAR }, first: 3, after }, 'disciplineC1'));
        seen.push(...page.responsibilityLists.edges.map((e) => e.node.title));
        after = page.responsibilityLists.pageInfo.hasNextPage ? page.responsibilityLists.pageInfo.endCursor : null;
      } while (after);
      expect(seen.sort()).toEqual(['List C1', 'List D1', 'List G1', 'List M1', 'List M2', 'List S1', 'List S3']);
    });
  });

  // ---- 2. Keeping lists: "1+X" through the API ----

  describe('lists', () => {
    const create = (as: As, unitKey: UnitKey, year: number, subject: Subject, title: string) =>
      h.exec(CreateResponsibilityListDocument, { input: { unitId: unit(unitKey), year, subject, title } }, as);
    const add = (as: As, listId: string, content: string) => h.exec(AddResponsibilityItemDocument, { input: { listId, content } }, as);
    const adopt = (as: As, listId: string) => h.exec(AdoptParentResponsibilityItemsDocument, { listId }, as);
    const publish = (as: As, id: string) => h.exec(PublishResponsibilityListDocument, { id }, as);
    const move = (as: As, id: string, position: number) => h.exec(MoveResponsibilityItemDocument, { id, position }, as);
    const remove = (as: As, id: string) => h.exec(RemoveResponsibilityItemDocument, { id }, as);
    const read = async (id: string): Promise<RespListFieldsFragment | undefined> =>
      (await ok(h.exec(ResponsibilityListsDocument, { filter: { year: 2025 }, first: 100 }, 'disciplineC1')))
        .responsibilityLists.edges.map((e) => e.node).find((l) => l.id === id);

    it('"1+X": S1 publishes its items; M1 adopts them ahead of its own, keeps positions 1..n, and cannot adopt twice', async () => {
      const s1 = (await ok(create('secretaryS1', 'S1', 2025, 'PRINCIPAL', '  S1 第一责任人清单 '))).createResponsibilityList;
      expect(s1).toMatchObject({ title: 'S1 第一责任人清单', year: 2025, subject: 'PRINCIPAL', publishedAt: null, items: [], unit: { name: 'Unit S1' } });
      // Both keepers of S1 may add.
      for (const [i, [as, content]] of ([['secretaryS1', 'A1'], ['officeS1', ' A2 '], ['secretaryS1', 'A3']] as const).entries()) {
        const item = (await ok(add(as, s1.id, content))).addResponsibilityItem;
        expect(item).toMatchObject({ position: i + 1, content: content.trim(), adopted: false, sourceUnit: null });
      }

      // M1 starts with a local item; S1 has not published yet, so there is nothing to adopt.
      const m1 = (await ok(create('secretaryM1', 'M1', 2025, 'PRINCIPAL', 'M1 第一责任人清单'))).createResponsibilityList;
      await ok(add('secretaryM1', m1.id, 'X1'));
      await refused('NOT_FOUND', () => adopt('secretaryM1', m1.id));

      const published = (await ok(publish('officeS1', s1.id))).publishResponsibilityList;
      expect(published.publishedAt).not.toBeNull();
      expect(itemsOf(published)).toEqual([[1, 'A1', false, null], [2, 'A2', false, null], [3, 'A3', false, null]]);
      await refused('CONFLICT', () => publish('secretaryS1', s1.id));

      const adopted = (await ok(adopt('secretaryM1', m1.id))).adoptParentResponsibilityItems;
      expect(itemsOf(adopted)).toEqual([
        [1, 'A1', true, 'Unit S1'], [2, 'A2', true, 'Unit S1'], [3, 'A3', true, 'Unit S1'], [4, 'X1', false, null],
      ]);
      await refused('CONFLICT', () => adopt('secretaryM1', m1.id));

      const x2 = (await ok(add('secretaryM1', m1.id, 'X2'))).addResponsibilityItem;
      expect(x2).toMatchObject({ position: 5, adopted: false });
      const x1 = adopted.items[3].id;
      expect(itemsOf((await ok(move('secretaryM1', x1, 1))).moveResponsibilityItem)).toEqual([
        [1, 'X1', false, null], [2, 'A1', true, 'Unit S1'], [3, 'A2', true, 'Unit S1'], [4, 'A3', true, 'Unit S1'], [5, 'X2', false, null],
      ]);
      expect(itemsOf((await ok(move('secretaryM1', x1, 5))).moveResponsibilityItem).map(([p, c]) => `${p}:${c}`))
        .toEqual(['1:A1', '2:A2', '3:A3', '4:X2', '5:X1']);
      expect(itemsOf((await ok(move('secretaryM1', x1, 4))).moveResponsibilityItem).map(([p, c]) => `${p}:${c}`))
        .toEqual(['1:A1', '2:A2', '3:A3', '4:X1', '5:X2']);
      await refused('BAD_USER_INPUT', () => move('secretaryM1', x1, 6));
      await refused('BAD_USER_INPUT', () => move('secretaryM1', x1, 0));

      // An adopted item may be reworded locally; it stays adopted.
      const a2 = adopted.items[1].id;
      const updated = (await ok(h.exec(UpdateResponsibilityItemDocument, { id: a2, content: ' A2 (M1) ' }, 'secretaryM1'))).updateResponsibilityItem;
      expect(updated).toEqual({ id: a2, position: 2, content: 'A2 (M1)', adopted: true });
      await refused('BAD_USER_INPUT', () => h.exec(UpdateResponsibilityItemDocument, { id: a2, content: '' }, 'secretaryM1'));

      // Removing closes the gap; every parent item is still adopted, so adopting again is a conflict.
      expect(itemsOf((await ok(remove('secretaryM1', x1))).removeResponsibilityItem)).toEqual([
        [1, 'A1', true, 'Unit S1'], [2, 'A2 (M1)', true, 'Unit S1'], [3, 'A3', true, 'Unit S1'], [4, 'X2', false, null],
      ]);
      await refused('CONFLICT', () => adopt('secretaryM1', m1.id));
      expect((await ok(h.exec(ResponsibilityNodeDocument, { id: x1 }, 'secretaryM1'))).node).toBeNull();
      await refused('NOT_FOUND', () => remove('secretaryM1', x1));

      // The source list is untouched by adoption and by M1's edits.
      expect(itemsOf((await read(s1.id))!)).toEqual([[1, 'A1', false, null], [2, 'A2', false, null], [3, 'A3', false, null]]);
      expect(itemsOf((await read(m1.id))!).map(([p, c]) => `${p}:${c}`)).toEqual(['1:A1', '2:A2 (M1)', '3:A3', '4:X2']);
    });

    it('adopts a removed parent item again, back in the parent\'s order, before the local items', async () => {
      const m1 = (await ok(h.exec(ResponsibilityListsDocument, { filter: { year: 2025, unitId: unit('M1'), subtree: false }, first: 5 }, 'secretaryM1')))
        .responsibilityLists.edges[0].node;
      const a1 = m1.items.find((i) => i.content === 'A1')!;
      await ok(remove('secretaryM1', a1.id));
      const again = (await ok(adopt('secretaryM1', m1.id))).adoptParentResponsibilityItems;
      expect(again.items.map((i) => i.position)).toEqual([1, 2, 3, 4]);
      expect(again.items.map((i) => i.adopted)).toEqual([true, true, true, false]);
      expect(again.items.slice(0, 3).map((i) => i.content)).toEqual(['A1', 'A2 (M1)', 'A3']);
      expect(again.items[3].content).toBe('X2');
    });

    it('refuses a duplicate list, publishing an empty one, and adopting with nothing above', async () => {
      await refused('CONFLICT', () => create('officeS1', 'S1', 2025, 'PRINCIPAL', 'Again'));
      await refused('CONFLICT', () => create('officeS1', 'S1', 2024, 'PARTY_COMMITTEE', 'Again'));

      const s2 = (await ok(create('officeS2', 'S2', 2025, 'DISCIPLINE_COMMISSION', 'S2 监督责任'))).createResponsibilityList;
      await refused('BAD_USER_INPUT', () => publish('officeS2', s2.id));
      // D1 has no DISCIPLINE_COMMISSION list for 2025.
      await refused('NOT_FOUND', () => adopt('officeS2', s2.id));
      await ok(add('officeS2', s2.id, 'S2 item'));
      expect((await ok(publish('officeS2', s2.id))).publishResponsibilityList.publishedAt).not.toBeNull();

      // A city has no tier above.
      const c1 = (await ok(create(extra.officeC1, 'C1', 2025, 'PRINCIPAL', 'C1 清单'))).createResponsibilityList;
      await ok(add(extra.officeC1, c1.id, 'C1 item'));
      await refused('BAD_USER_INPUT', () => adopt(extra.officeC1, c1.id));

      // Input validation and unknown ids.
      await refused('BAD_USER_INPUT', () => create('officeS1', 'S1', 1999, 'PRINCIPAL', 'Old'));
      await refused('BAD_USER_INPUT', () => create('officeS1', 'S1', 2026, 'PRINCIPAL', ''));
      await refused('NOT_FOUND', () => h.exec(CreateResponsibilityListDocument, {
        input: { unitId: encodeId('OrgUnit', 999999), year: 2026, subject: 'PRINCIPAL', title: 'X' },
      }, 'officeS1'));
      await refused('NOT_FOUND', () => add('officeS1', encodeId('ResponsibilityList', 999999), 'X'));
      await refused('NOT_FOUND', () => add('officeS1', listIds.S1.replace(/./, 'x'), 'X'));
      await refused('BAD_USER_INPUT', () => add('officeS1', listIds.S1, ''));
    });
  });

  // ---- 5. Refused list writes: exact code, nothing written ----

  describe('list writes by the wrong post', () => {
    type Op = 'create' | 'add' | 'update' | 'move' | 'remove' | 'publish' | 'adopt';
    const WRITES: Record<Op, (as: As) => Promise<Result>> = {
      create: (as) => h.exec(CreateResponsibilityListDocument, {
        input: { unitId: unit('M1'), year: 2024, subject: 'DISCIPLINE_COMMISSION', title: 'Not allowed' },
      }, as),
      add: (as) => h.exec(AddResponsibilityItemDocument, { input: { listId: target.list, content: 'Not allowed' } }, as),
      update: (as) => h.exec(UpdateResponsibilityItemDocument, { id: target.items[0], content: 'Not allowed' }, as),
      move: (as) => h.exec(MoveResponsibilityItemDocument, { id: target.items[0], position: 2 }, as),
      remove: (as) => h.exec(RemoveResponsibilityItemDocument, { id: target.items[0] }, as),
      publish: (as) => h.exec(PublishResponsibilityListDocument, { id: target.list }, as),
      adopt: (as) => h.exec(AdoptParentResponsibilityItemsDocument, { listId: target.list }, as),
    };
    // [who, code on the M1 draft, code on creating an M1 list (its unit is public)]
    const WHO: [As, string, string][] = [
      [null, 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
      ['inactive', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
      // Not a keeper anywhere: the shield's gate.
      ['retired', 'FORBIDDEN', 'FORBIDDEN'],
      ['adminC1', 'FORBIDDEN', 'FORBIDDEN'],
      ['analystC1', 'FORBIDDEN', 'FORBIDDEN'],
      ['teamM1', 'FORBIDDEN', 'FORBIDDEN'],
      ['disciplineM1', 'FORBIDDEN', 'FORBIDDEN'],
      ['informantG2', 'FORBIDDEN', 'FORBIDDEN'],
      // A keeper above M1, who reads the list: the service refuses.
      ['officeS1', 'FORBIDDEN', 'FORBIDDEN'],
      ['secretaryS1', 'FORBIDDEN', 'FORBIDDEN'],
      ['officeD1', 'FORBIDDEN', 'FORBIDDEN'],
      // A keeper elsewhere, who cannot see the list: as if it did not exist.
      ['officeS2', 'NOT_FOUND', 'FORBIDDEN'],
      ['officeD2', 'NOT_FOUND', 'FORBIDDEN'],
      ['secretaryG1', 'NOT_FOUND', 'FORBIDDEN'],
    ];
    const CASES = WHO.flatMap(([as, code, createCode]) =>
      (Object.keys(WRITES) as Op[]).map((op) => [op, as ?? 'anonymous', op === 'create' ? createCode : code, as] as const));

    it.each(CASES)('%s as %s -> %s, nothing written', async (op, _label, code, as) => {
      await refused(code, () => WRITES[op](as));
    });

    it('lets the keepers of M1 themselves write the same list', async () => {
      const list = (await ok(h.exec(AdoptParentResponsibilityItemsDocument, { listId: target.list }, 'secretaryM1'))).adoptParentResponsibilityItems;
      expect(itemsOf(list)).toEqual([[1, 'P1', true, 'Unit S1'], [2, 'T1', false, null], [3, 'T2', false, null]]);
      expect(itemsOf((await ok(h.exec(MoveResponsibilityItemDocument, { id: target.items[1], position: 2 }, 'secretaryM1'))).moveResponsibilityItem)
        .map(([p, c]) => `${p}:${c}`)).toEqual(['1:P1', '2:T2', '3:T1']);
    });
  });

  // ---- 3. Letters through the API ----

  describe('letters', () => {
    const YEAR = 2025;
    const issue = (as: As, input: Partial<IssueResponsibilityLetterInput>) =>
      h.exec(IssueResponsibilityLetterDocument, { input: { unitId: unit('S1'), year: YEAR, content: '责任内容', ...input } }, as);
    const sign = (as: As, id: string) => h.exec(SignResponsibilityLetterDocument, { id }, as);
    /** Gaps as "<unit or official name> <status>". */
    const gaps = async (unitKey: UnitKey, year: number, as: As = 'disciplineC1'): Promise<string[]> =>
      (await ok(h.exec(ResponsibilityLetterGapsDocument, { unitId: unit(unitKey), year }, as))).responsibilityLetterGaps
        .map((g) => `${g.unit?.name ?? g.post!.official.name} ${g.status}${g.letter ? '' : ' -'}`);

    it('issues letters, reports the gaps before and after signing, and lets only the addressed side sign, once', async () => {
      const { posts, officials } = h.fixture;
      expect(await gaps('S1', YEAR, 'secretaryS1')).toEqual(['Unit M1 NOT_ISSUED -', 'Unit M2 NOT_ISSUED -']);
      // The ended TEAM_MEMBER post of M1 is not a gap.
      expect(await gaps('M1', YEAR, 'secretaryM1')).toEqual(['Unit G1 NOT_ISSUED -', 'Unit G2 NOT_ISSUED -', 'Official teamM1 NOT_ISSUED -']);

      const toM1 = (await ok(issue('secretaryS1', { signerUnitId: unit('M1'), content: ' S1 与 M1 ' }))).issueResponsibilityLetter;
      expect(toM1).toMatchObject({
        year: YEAR, content: 'S1 与 M1', issuedBy: 'SECRETARY', signedAt: null, signedBy: null, signerPost: null,
        unit: { name: 'Unit S1' }, signerUnit: { name: 'Unit M1' }, issuerPost: { id: postId(posts.secretaryS1), role: 'SECRETARY' },
      });
      const toM2 = (await ok(issue('officeS1', { signerUnitId: unit('M2'), issuedBy: 'COMMITTEE', content: 'S1 与 M2' }))).issueResponsibilityLetter;
      expect(toM2).toMatchObject({ issuedBy: 'COMMITTEE', issuerPost: null, signerUnit: { name: 'Unit M2' } });
      const toTeam = (await ok(issue('secretaryM1', { unitId: unit('M1'), signerPostId: postId(posts.teamM1), content: 'M1 与 teamM1' }))).issueResponsibilityLetter;
      expect(toTeam).toMatchObject({
        unit: { name: 'Unit M1' }, signerUnit: { name: 'Unit M1' }, signerPost: { id: postId(posts.teamM1), official: { name: 'Official teamM1' } },
      });

      expect(await gaps('S1', YEAR)).toEqual(['Unit M1 UNSIGNED', 'Unit M2 UNSIGNED']);
      expect(await gaps('M1', YEAR)).toEqual(['Unit G1 NOT_ISSUED -', 'Unit G2 NOT_ISSUED -', 'Official teamM1 UNSIGNED']);
      const gapLetters = (await ok(h.exec(ResponsibilityLetterGapsDocument, { unitId: unit('S1'), year: YEAR }, 'officeS1'))).responsibilityLetterGaps;
      expect(gapLetters.map((g) => g.letter?.id)).toEqual([toM1.id, toM2.id]);

      // The wrong signers: refused, nothing written.
      await refused('FORBIDDEN', () => sign('teamM1', toM1.id)); // a team member of M1, not its SECRETARY
      await refused('FORBIDDEN', () => sign('secretaryS1', toM1.id)); // the issuer
      await refused('FORBIDDEN', () => sign('disciplineM1', toM1.id)); // the shield: not a leader
      await refused('FORBIDDEN', () => sign('officeS1', toM1.id));
      await refused('NOT_FOUND', () => sign('teamM2', toM1.id)); // a sibling does not see it
      await refused('NOT_FOUND', () => sign('secretaryG1', toM1.id)); // below the signing unit
      await refused('FORBIDDEN', () => sign('teamM2', toM2.id)); // at M2, but not its SECRETARY
      await refused('FORBIDDEN', () => sign('secretaryM1', toTeam.id)); // a personal letter: only the team member
      await refused('UNAUTHENTICATED', () => sign(null, toM1.id));
      await refused('NOT_FOUND', () => sign('secretaryM1', encodeId('ResponsibilityLetter', 999999)));

      const before = Date.now();
      const signed = (await ok(sign('secretaryM1', toM1.id))).signResponsibilityLetter;
      const after = Date.now();
      expect(signed.signedBy).toEqual({ id: encodeId('Official', officials.secretaryM1.id), name: 'Official secretaryM1' });
      // Server time (datetime columns may drop the milliseconds).
      const at = new Date(signed.signedAt!).getTime();
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(after + 1000);
      expect((await ok(sign('teamM1', toTeam.id))).signResponsibilityLetter.signedBy!.name).toBe('Official teamM1');
      await refused('CONFLICT', () => sign('secretaryM1', toM1.id));
      await refused('CONFLICT', () => sign('teamM1', toTeam.id));

      expect(await gaps('S1', YEAR)).toEqual(['Unit M2 UNSIGNED']);
      expect(await gaps('M1', YEAR)).toEqual(['Unit G1 NOT_ISSUED -', 'Unit G2 NOT_ISSUED -']);
      expect(await lettersOf('disciplineC1', { year: YEAR, signed: true })).toEqual(['M1 与 teamM1', 'S1 与 M1']);
      expect(await lettersOf('disciplineC1', { year: YEAR, signed: false })).toEqual(['S1 与 M2']);
      // Scope follows the signing unit: M2's team member sees the letter to M2 only.
      expect((await ok(h.exec(ResponsibilityLettersDocument, { filter: { year: YEAR }, first: 10 }, 'teamM2'))).responsibilityLetters.edges
        .map((e) => e.node.id)).toEqual([toM2.id]);
    });

    it.each([
      ['both counterparts', 'secretaryS1', 'BAD_USER_INPUT', () => ({ signerUnitId: unit('M1'), signerPostId: postId(h.fixture.posts.teamM1) })],
      ['no counterpart', 'secretaryS1', 'BAD_USER_INPUT', () => ({})],
      ['a unit two tiers down', 'secretaryS1', 'BAD_USER_INPUT', () => ({ signerUnitId: unit('G1') })],
      ['the unit itself', 'secretaryS1', 'BAD_USER_INPUT', () => ({ signerUnitId: unit('S1') })],
      ['a sibling unit', 'secretaryS1', 'BAD_USER_INPUT', () => ({ signerUnitId: unit('S2') })],
      ['an unknown unit', 'secretaryS1', 'NOT_FOUND', () => ({ signerUnitId: encodeId('OrgUnit', 999999) })],
      ['a team member of another unit', 'secretaryS1', 'BAD_USER_INPUT', () => ({ signerPostId: postId(h.fixture.posts.teamM1) })],
      ['a post of another unit', 'secretaryM1', 'BAD_USER_INPUT', () => ({ unitId: unit('M1'), signerPostId: postId(h.fixture.posts.teamM2) })],
      ['a post that is not TEAM_MEMBER', 'secretaryM1', 'BAD_USER_INPUT', () => ({ unitId: unit('M1'), signerPostId: postId(h.fixture.posts.disciplineM1) })],
      ['an ended TEAM_MEMBER post', 'secretaryM1', 'BAD_USER_INPUT', () => ({ unitId: unit('M1'), signerPostId: postId(extra.formerTeamM1) })],
      ['a year out of range', 'secretaryS1', 'BAD_USER_INPUT', () => ({ signerUnitId: unit('M1'), year: 1999 })],
      ['empty content', 'secretaryS1', 'BAD_USER_INPUT', () => ({ signerUnitId: unit('M1'), content: '' })],
      ['blank content', 'secretaryS1', 'BAD_USER_INPUT', () => ({ signerUnitId: unit('M1'), content: ' \n\t ' })],
      ['a second letter to M1 for the year', 'secretaryS1', 'CONFLICT', () => ({ signerUnitId: unit('M1'), year: MATRIX_YEAR })],
      ['a second letter, from the committee', 'officeS1', 'CONFLICT', () => ({ signerUnitId: unit('M1'), year: MATRIX_YEAR, issuedBy: 'COMMITTEE' as const })],
      ['a second personal letter', 'secretaryM1', 'CONFLICT', () => ({ unitId: unit('M1'), signerPostId: postId(h.fixture.posts.teamM1), year: MATRIX_YEAR })],
      ['OFFICE in the SECRETARY\'s name', 'officeS1', 'FORBIDDEN', () => ({ signerUnitId: unit('M1') })],
      ['the SECRETARY of another unit', 'secretaryM1', 'FORBIDDEN', () => ({ signerUnitId: unit('M1') })],
      ['OFFICE of the tier above', 'officeD1', 'FORBIDDEN', () => ({ signerUnitId: unit('M1'), issuedBy: 'COMMITTEE' as const })],
      ['a team member', 'teamM1', 'FORBIDDEN', () => ({ unitId: unit('M1'), signerUnitId: unit('G1') })],
      ['DISCIPLINE', 'disciplineM1', 'FORBIDDEN', () => ({ unitId: unit('M1'), signerUnitId: unit('G1') })],
      ['ADMIN', 'adminC1', 'FORBIDDEN', () => ({ signerUnitId: unit('M1') })],
      ['an inactive account', 'inactive', 'UNAUTHENTICATED', () => ({ signerUnitId: unit('M1') })],
      ['nobody', null, 'UNAUTHENTICATED', () => ({ signerUnitId: unit('M1') })],
    ] as [string, As, string, () => Partial<IssueResponsibilityLetterInput>][])(
      'refuses a letter: %s, as %s -> %s, nothing written', async (_, as, code, input) => {
        await refused(code, () => issue(as, { year: 2024, ...input() }));
      });

    it.each([
      ['disciplineC1', 'S1', ['Unit M2 UNSIGNED']],
      ['secretaryS1', 'S1', ['Unit M2 UNSIGNED']],
      ['teamM1', 'M1', ['Unit G1 UNSIGNED', 'Unit G2 NOT_ISSUED -']],
      ['informantG2', 'G2', []],
      ['teamM2', 'M1', 'FORBIDDEN'],
      ['secretaryG1', 'M1', 'FORBIDDEN'],
      ['disciplineC2', 'S1', 'FORBIDDEN'],
      ['adminC1', 'S1', 'FORBIDDEN'],
      ['analystC1', 'S1', 'FORBIDDEN'],
      ['retired', 'D1', 'FORBIDDEN'],
      ['inactive', 'S1', 'UNAUTHENTICATED'],
      [null, 'S1', 'UNAUTHENTICATED'],
    ] as [As, UnitKey, string[] | string][])('gaps of %s for %s -> %j', async (as, unitKey, expected) => {
      if (typeof expected === 'string') {
        expect(codes(await h.exec(ResponsibilityLetterGapsDocument, { unitId: unit(unitKey), year: MATRIX_YEAR }, as))).toEqual([expected]);
      } else {
        expect(await gaps(unitKey, MATRIX_YEAR, as)).toEqual(expected);
      }
    });

    it('gives NOT_FOUND for the gaps of an unknown unit', async () => {
      expect(codes(await h.exec(ResponsibilityLetterGapsDocument, { unitId: encodeId('OrgUnit', 999999), year: 2025 }, 'disciplineC1')))
        .toEqual(['NOT_FOUND']);
    });
  });

  // ---- 4. The chain and domain coverage ----

  describe('chain', () => {
    interface Tier { unit: string; principal: string | null; inCharge: string[]; disciplineHead: string | null; committee: string[]; missing: string[] }
    const who = (p: { role: string; official: { name: string } }): string => `${p.role} ${p.official.name.replace('Official ', '')}`;
    const tiers = (chain: ResponsibilityChainQuery['responsibilityChain']): Tier[] => chain.map((t) => ({
      unit: t.unit.name.replace('Unit ', ''),
      principal: t.principal && who(t.principal),
      inCharge: t.inCharge.map(who),
      disciplineHead: t.disciplineHead && who(t.disciplineHead),
      committee: t.committee.map(who),
      missing: t.missing,
    }));
    const chainOf = async (unitKey: UnitKey, domain: string, asOf?: string, as: As = 'teamM1'): Promise<Tier[]> =>
      tiers((await ok(h.exec(ResponsibilityChainDocument, { unitId: unit(unitKey), domainId: await domainId(domain), asOf }, as))).responsibilityChain);

    const ALL_MISSING = ['PRINCIPAL', 'TEAM_MEMBER_IN_CHARGE', 'DISCIPLINE_HEAD'];
    const TODAY_M1_EDUCATION: Tier[] = [
      {
        unit: 'M1', principal: 'SECRETARY secretaryM1', inCharge: ['TEAM_MEMBER teamM1'], disciplineHead: 'DISCIPLINE disciplineM1',
        committee: ['SECRETARY secretaryM1', 'DISCIPLINE disciplineM1', 'TEAM_MEMBER teamM1'], missing: [],
      },
      {
        unit: 'S1', principal: 'SECRETARY secretaryS1', inCharge: [], disciplineHead: null,
        committee: ['SECRETARY secretaryS1'], missing: ['TEAM_MEMBER_IN_CHARGE', 'DISCIPLINE_HEAD'],
      },
      {
        unit: 'D1', principal: null, inCharge: [], disciplineHead: 'DISCIPLINE disciplineD1',
        committee: ['DISCIPLINE disciplineD1'], missing: ['PRINCIPAL', 'TEAM_MEMBER_IN_CHARGE'],
      },
      {
        unit: 'C1', principal: null, inCharge: [], disciplineHead: 'DISCIPLINE disciplineC1',
        committee: ['DISCIPLINE disciplineC1'], missing: ['PRINCIPAL', 'TEAM_MEMBER_IN_CHARGE'],
      },
    ];

    it('runs from the unit up to its city with the holders of today', async () => {
      expect(await chainOf('M1', 'EDUCATION')).toEqual(TODAY_M1_EDUCATION);
      // Nobody at M1 is in charge of HEALTH today: its only holder's post ended.
      const health = await chainOf('M1', 'HEALTH');
      expect(health[0]).toEqual({ ...TODAY_M1_EDUCATION[0], inCharge: [], missing: ['TEAM_MEMBER_IN_CHARGE'] });
      expect(health.slice(1)).toEqual(TODAY_M1_EDUCATION.slice(1));
      expect(await chainOf('D3', 'EDUCATION')).toEqual([
        { unit: 'D3', principal: null, inCharge: [], disciplineHead: null, committee: [], missing: ALL_MISSING },
        {
          unit: 'C2', principal: 'SECRETARY secretaryC2', inCharge: [], disciplineHead: 'DISCIPLINE disciplineC2',
          committee: ['SECRETARY secretaryC2', 'DISCIPLINE disciplineC2'], missing: ['TEAM_MEMBER_IN_CHARGE'],
        },
      ]);
      expect((await chainOf('C1', 'EDUCATION')).map((t) => t.unit)).toEqual(['C1']);
      expect((await chainOf('G2', 'EDUCATION')).map((t) => t.unit)).toEqual(['G2', 'M1', 'S1', 'D1', 'C1']);
    });

    it('answers for a past day with the posts held then', async () => {
      expect(await chainOf('M1', 'EDUCATION', '2023-06-01')).toEqual([
        {
          unit: 'M1', principal: null, inCharge: ['TEAM_MEMBER formerTeamM1'], disciplineHead: null,
          committee: ['TEAM_MEMBER formerTeamM1'], missing: ['PRINCIPAL', 'DISCIPLINE_HEAD'],
        },
        { unit: 'S1', principal: null, inCharge: [], disciplineHead: null, committee: [], missing: ALL_MISSING },
        {
          unit: 'D1', principal: 'SECRETARY formerSecretaryD1', inCharge: [], disciplineHead: null,
          committee: ['SECRETARY formerSecretaryD1'], missing: ['TEAM_MEMBER_IN_CHARGE', 'DISCIPLINE_HEAD'],
        },
        { unit: 'C1', principal: null, inCharge: [], disciplineHead: null, committee: [], missing: ALL_MISSING },
      ]);
      expect((await chainOf('M1', 'HEALTH', '2023-06-01'))[0].inCharge).toEqual(['TEAM_MEMBER formerTeamM1']);
      expect((await chainOf('M1', 'FINANCE', '2023-06-01'))[0].inCharge).toEqual([]);
    });

    it.each([
      ['2019-12-31', null], ['2020-01-01', 'SECRETARY formerSecretaryD1'], ['2023-12-31', 'SECRETARY formerSecretaryD1'], ['2024-01-01', null],
    ])('holds the first and last day of a post: D1 principal on %s is %s', async (asOf, principal) => {
      expect((await chainOf('S1', 'EDUCATION', asOf))[1]).toMatchObject({ unit: 'D1', principal });
    });

    it.each(['teamM1', 'analystC1', 'adminC2', 'informantG2', 'disciplineC2', 'retired'] as Persona[])(
      'is answered for any signed-in user: %s', async (persona) => {
        expect(await chainOf('M1', 'EDUCATION', undefined, persona)).toEqual(TODAY_M1_EDUCATION);
      });

    it('refuses a bad day, unknown ids and anonymous callers', async () => {
      const education = await domainId('EDUCATION');
      const run = (vars: { unitId?: string; domainId?: string; asOf?: string }, as: As = 'teamM1') =>
        h.exec(ResponsibilityChainDocument, { unitId: unit('M1'), domainId: education, ...vars }, as);
      for (const asOf of ['2023-02-30', '2023-6-1', 'yesterday', '2023-13-01']) {
        expect(codes(await run({ asOf }))).toEqual(['BAD_USER_INPUT']);
      }
      expect(codes(await run({ unitId: encodeId('OrgUnit', 999999) }))).toEqual(['NOT_FOUND']);
      expect(codes(await run({ domainId: encodeId('Domain', 999999) }))).toEqual(['NOT_FOUND']);
      expect(codes(await run({ domainId: unit('S1') }))).toEqual(['NOT_FOUND']);
      expect(codes(await run({}, null))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await run({}, 'inactive'))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('uncovered domains', () => {
    it.each([
      // teamM1 holds EDUCATION; formerTeamM1's HEALTH ended with the post.
      ['M1', domainsBut('EDUCATION')],
      // A future post does not cover FINANCE yet.
      ['M2', domainsBut('EDUCATION')],
      ['S2', domainsBut('FINANCE', 'PARTY_BUILDING')],
      // No team members at all.
      ['S1', ALL_DOMAINS],
      ['G1', ALL_DOMAINS],
      ['C2', ALL_DOMAINS],
    ] as [UnitKey, string[]][])('at %s', async (unitKey, expected) => {
      const data = await ok(h.exec(UncoveredDomainsDocument, { unitId: unit(unitKey) }, 'informantG2'));
      expect(data.uncoveredDomains.map((d) => d.code)).toEqual(expected);
    });

    it('refuses unknown units and anonymous callers', async () => {
      expect(codes(await h.exec(UncoveredDomainsDocument, { unitId: encodeId('OrgUnit', 999999) }, 'teamM1'))).toEqual(['NOT_FOUND']);
      expect(codes(await h.exec(UncoveredDomainsDocument, { unitId: unit('M1') }, null))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await h.exec(UncoveredDomainsDocument, { unitId: unit('M1') }, 'inactive'))).toEqual(['UNAUTHENTICATED']);
    });
  });
});
