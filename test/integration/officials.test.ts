// The directory is public to signed-in users; phone and idNumber only to the
// official, ADMIN and OFFICE in scope; accounts only to the official and ADMIN in scope.
import { OfficialAccountDocument, OfficialContactDocument, OfficialPostsDocument, OfficialsDocument, NodeDocument, DomainsDocument, ViewerDocument } from '../generated/graphql';
import { encodeId } from '../../src/schema/node';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, type Persona } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';
import { accountId, officialId, unitId } from '../setup/ids';

describeDb('officials', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  // Who may read the contact details of secretaryM1 (home unit M1, under S1, D1, C1).
  const CONTACT_READERS: Persona[] = ['secretaryM1', 'adminC1', 'adminD1', 'officeD1', 'officeS1'];

  it.each(ALL_PERSONAS.filter((p) => p !== 'inactive'))('contact details of secretaryM1 as %s', async (persona) => {
    const res = await h.exec(OfficialContactDocument, { id: officialId(h.fixture.officials.secretaryM1) }, persona);
    const official = res.data!.official!;
    expect(official.name).toBe('Official secretaryM1');
    if (CONTACT_READERS.includes(persona)) {
      expect(res.errors).toBeUndefined();
      expect(official.phone).toMatch(/^1390000\d{4}$/);
      expect(official.idNumber).toMatch(/^\d{17}X$/);
    } else {
      expect(official.phone).toBeNull();
      expect(official.idNumber).toBeNull();
      expect(codes(res)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      expect(res.errors!.map((e) => e.path!.join('.')).sort()).toEqual(['official.idNumber', 'official.phone']);
    }
  });

  it.each([
    ['secretaryM1', true], ['adminC1', true], ['adminD1', true], ['adminD2', false], ['adminC2', false],
    ['officeD1', false], ['disciplineC1', false], ['teamM1', false],
  ] as [Persona, boolean][])('account of secretaryM1 as %s: visible=%s', async (persona, visible) => {
    const res = await h.exec(OfficialAccountDocument, { id: officialId(h.fixture.officials.secretaryM1) }, persona);
    if (visible) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.official!.account!.username).toBe('secretarym1');
    } else {
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data!.official!.account).toBeNull();
    }
    const node = await h.exec(NodeDocument, { id: accountId(h.fixture.accounts.secretaryM1) }, persona);
    expect(node.data!.node).toEqual(visible ? expect.objectContaining({ __typename: 'Account', username: 'secretarym1' }) : null);
  });

  it('lists the directory with exact subtree and role filters', async () => {
    const { units } = h.fixture;
    const list = async (filter: object): Promise<string[]> => {
      const res = await h.exec(OfficialsDocument, { filter, first: 100 }, 'teamM2');
      expect(res.errors).toBeUndefined();
      expect(res.data!.officials.totalCount).toBe(res.data!.officials.edges.length);
      return res.data!.officials.edges.map((e) => e.node.name.replace('Official ', '')).sort();
    };
    expect(await list({ unitId: unitId(units.S1), subtree: true })).toEqual(
      ['disciplineM1', 'informantG2', 'officeS1', 'secretaryG1', 'secretaryM1', 'secretaryS1', 'teamM1', 'teamM2'].sort());
    expect(await list({ unitId: unitId(units.S1) })).toEqual(['officeS1', 'secretaryS1']);
    // The deactivated account's official still holds the post: accounts and posts are separate.
    expect(await list({ unitId: unitId(units.D1), role: 'ADMIN' })).toEqual(['adminD1', 'inactive']);
    expect(await list({ role: 'DISCIPLINE' })).toEqual(['disciplineC1', 'disciplineC2', 'disciplineD1', 'disciplineM1']);
    expect(await list({ role: 'OFFICE', unitId: unitId(units.D1), subtree: true })).toEqual(['officeD1', 'officeS1', 'officeS2']);
    expect(await list({ nameContains: 'retired' })).toEqual(['retired']);
  });

  it('pages through the directory by name', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const res = await h.exec(OfficialsDocument, { first: 7, after }, 'teamM1');
      seen.push(...res.data!.officials.edges.map((e) => e.node.name));
      after = res.data!.officials.pageInfo.hasNextPage ? res.data!.officials.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : 1)));
    expect(seen).toHaveLength(ALL_PERSONAS.length);
  });

  it('gives the viewer their current posts only; ended posts on request', async () => {
    const viewer = await h.exec(ViewerDocument, {}, 'teamM1');
    expect(viewer.errors).toBeUndefined();
    expect(viewer.data!.viewer!.posts).toEqual([
      expect.objectContaining({ role: 'TEAM_MEMBER', current: true, until: null, unit: expect.objectContaining({ name: 'Unit M1' }), domains: [{ code: 'EDUCATION', name: '教育' }] }),
    ]);
    expect(viewer.data!.viewer!.phone).toMatch(/^1390000/);
    const retired = await h.exec(ViewerDocument, {}, 'retired');
    expect(retired.data!.viewer!.posts).toEqual([]);
    const history = await h.exec(OfficialPostsDocument, { id: officialId(h.fixture.officials.retired), includeEnded: true }, 'teamM1');
    expect(history.data!.official!.posts).toEqual([expect.objectContaining({ role: 'OFFICE', until: '2023-12-31', current: false })]);
  });

  it('resolves node() for each public type and null for malformed ids', async () => {
    const { units, officials } = h.fixture;
    const domains = await h.exec(DomainsDocument, {}, 'teamM1');
    expect(domains.data!.domains.map((d) => d.code)).toContain('EDUCATION');
    const cases: [string, string][] = [
      [unitId(units.G2), 'OrgUnit'], [officialId(officials.teamM1), 'Official'], [domains.data!.domains[0].id, 'Domain'],
    ];
    for (const [id, type] of cases) {
      const res = await h.exec(NodeDocument, { id }, 'informantG2');
      expect(res.data!.node).toEqual(expect.objectContaining({ __typename: type, id }));
    }
    for (const id of ['', 'bm9wZQ==', encodeId('OrgUnit', 987654), Buffer.from('Secret:1').toString('base64')]) {
      expect((await h.exec(NodeDocument, { id }, 'adminC1')).data!.node).toBeNull();
    }
  });
});
