// ADMIN writes on the tree, officials, posts and accounts: allowed in the ADMIN's
// subtree only; every refusal has its code and writes nothing (not even audit).
import { AuditEntry, Official, OrgUnit, Post } from '../../src/entities';
import { encodeId } from '../../src/schema/node';
import {
  CreateAccountDocument, CreateOfficialDocument, CreateOrgUnitDocument, CreatePostDocument, DomainsDocument, EndPostDocument,
  LoginDocument, MoveOrgUnitDocument, OrgUnitDetailDocument, RenameOrgUnitDocument, SetAccountActiveDocument,
} from '../generated/graphql';
import { describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';
import { accountId, officialId, unitId } from '../setup/ids';

describeDb('ADMIN mutations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const counts = async () => ({
    units: await h.db.getRepository(OrgUnit).count(),
    officials: await h.db.getRepository(Official).count(),
    posts: await h.db.getRepository(Post).count(),
    audit: await h.db.getRepository(AuditEntry).count(),
  });

  it.each([
    ['adminD1', null], ['adminC1', null], ['adminD2', 'FORBIDDEN'], ['adminC2', 'FORBIDDEN'], ['officeD1', 'FORBIDDEN'],
    ['secretaryS1', 'FORBIDDEN'], ['disciplineC1', 'FORBIDDEN'], ['inactive', 'UNAUTHENTICATED'], [null, 'UNAUTHENTICATED'],
  ] as [Persona | null, string | null][])('createOrgUnit under S1 as %s -> %s', async (persona, code) => {
    const before = await counts();
    const res = await h.exec(CreateOrgUnitDocument, { input: { parentId: unitId(h.fixture.units.S1), name: `New by ${persona}`, level: 'COMMUNITY' } }, persona);
    if (code === null) {
      expect(res.errors).toBeUndefined();
      const unit = res.data!.createOrgUnit;
      expect(unit.parent!.id).toBe(unitId(h.fixture.units.S1));
      expect(unit.path).toMatch(new RegExp(`^${h.fixture.units.S1.path}\\d+/$`));
      expect(await counts()).toEqual({ ...before, units: before.units + 1, audit: before.audit + 1 });
    } else {
      expect(codes(res)).toEqual([code]);
      expect(await counts()).toEqual(before);
    }
  });

  it('refuses a unit of the wrong tier and an empty name with BAD_USER_INPUT', async () => {
    const before = await counts();
    const wrongTier = await h.exec(CreateOrgUnitDocument, { input: { parentId: unitId(h.fixture.units.S1), name: 'X', level: 'GRID' } }, 'adminC1');
    expect(codes(wrongTier)).toEqual(['BAD_USER_INPUT']);
    expect(wrongTier.errors![0].message).toMatch(/COMMUNITY/);
    const empty = await h.exec(CreateOrgUnitDocument, { input: { parentId: unitId(h.fixture.units.S1), name: '', level: 'COMMUNITY' } }, 'adminC1');
    expect(codes(empty)).toEqual(['BAD_USER_INPUT']);
    expect(empty.errors![0].extensions!.fields).toHaveProperty(['name']);
    const missing = await h.exec(CreateOrgUnitDocument, { input: { parentId: encodeId('OrgUnit', 999999), name: 'X', level: 'COMMUNITY' } }, 'adminC1');
    expect(codes(missing)).toEqual(['NOT_FOUND']);
    expect(await counts()).toEqual(before);
  });

  it('renames within scope only', async () => {
    expect(codes(await h.exec(RenameOrgUnitDocument, { id: unitId(h.fixture.units.S3), name: 'Nope' }, 'adminD1'))).toEqual(['FORBIDDEN']);
    const res = await h.exec(RenameOrgUnitDocument, { id: unitId(h.fixture.units.S3), name: '  Unit S3 renamed ' }, 'adminD2');
    expect(res.data!.renameOrgUnit.name).toBe('Unit S3 renamed');
  });

  it('moves a subtree: every path below is rewritten in one go', async () => {
    const { units } = h.fixture;
    // adminD1 cannot place S2 under D2 (not theirs); wrong tier, other city and no-op moves are refused.
    expect(codes(await h.exec(MoveOrgUnitDocument, { id: unitId(units.S2), newParentId: unitId(units.D2) }, 'adminD1'))).toEqual(['FORBIDDEN']);
    expect(codes(await h.exec(MoveOrgUnitDocument, { id: unitId(units.S2), newParentId: unitId(units.S1) }, 'adminC1'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.exec(MoveOrgUnitDocument, { id: unitId(units.S2), newParentId: unitId(units.D1) }, 'adminC1'))).toEqual(['CONFLICT']);
    expect(codes(await h.exec(MoveOrgUnitDocument, { id: unitId(units.D1), newParentId: unitId(units.C2) }, 'adminC1'))).toEqual(['FORBIDDEN']);
    const before = await counts();
    const res = await h.exec(MoveOrgUnitDocument, { id: unitId(units.S2), newParentId: unitId(units.D2) }, 'adminC1');
    expect(res.errors).toBeUndefined();
    expect(res.data!.moveOrgUnit.path).toBe(`${units.D2.path}${units.S2.id}/`);
    const m3 = await h.exec(OrgUnitDetailDocument, { id: unitId(units.M3) }, 'teamM1');
    expect(m3.data!.orgUnit!.path).toBe(`${units.D2.path}${units.S2.id}/${units.M3.id}/`);
    expect(m3.data!.orgUnit!.ancestors.map((a) => a.name)).toEqual(['Unit C1', 'Unit D2', 'Unit S2']);
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    // And back, so the rest of the file sees the fixture tree.
    await h.exec(MoveOrgUnitDocument, { id: unitId(units.S2), newParentId: unitId(units.D1) }, 'adminC1');
  });

  it('refuses moving across cities', async () => {
    const adminBoth = await h.exec(MoveOrgUnitDocument, { id: unitId(h.fixture.units.D3), newParentId: unitId(h.fixture.units.C1) }, 'adminC2');
    expect(codes(adminBoth)).toEqual(['FORBIDDEN']);
  });

  it('creates an official, a post with domains and an account that can sign in', async () => {
    const { units } = h.fixture;
    const before = await counts();
    const created = await h.exec(CreateOfficialDocument, {
      input: { unitId: unitId(units.M2), name: '新干部', title: '社区党委委员', phone: '13912345678', idNumber: '11010119900101123X' },
    }, 'adminD1');
    expect(created.errors).toBeUndefined();
    const official = created.data!.createOfficial;
    const domains = (await h.exec(DomainsDocument, {}, 'adminD1')).data!.domains;
    const education = domains.find((d) => d.code === 'EDUCATION')!;
    const post = await h.exec(CreatePostDocument, {
      input: { officialId: official.id, unitId: unitId(units.M2), role: 'TEAM_MEMBER', domainIds: [education.id], since: '2025-03-01' },
    }, 'adminD1');
    expect(post.errors).toBeUndefined();
    expect(post.data!.createPost).toEqual(expect.objectContaining({ role: 'TEAM_MEMBER', current: true, domains: [{ code: 'EDUCATION' }] }));
    const account = await h.exec(CreateAccountDocument, { input: { officialId: official.id, username: 'xin.ganbu', password: 'first-password-1' } }, 'adminD1');
    expect(account.data!.createAccount).toEqual(expect.objectContaining({ username: 'xin.ganbu', active: true }));
    expect((await h.exec(LoginDocument, { username: 'xin.ganbu', password: 'first-password-1' }, null)).data!.login.official.name).toBe('新干部');
    expect(await counts()).toEqual({ ...before, officials: before.officials + 1, posts: before.posts + 1, audit: before.audit + 4 });

    // Duplicates are conflicts; nothing is written.
    const again = await counts();
    expect(codes(await h.exec(CreateAccountDocument, { input: { officialId: official.id, username: 'other.name', password: 'first-password-1' } }, 'adminD1'))).toEqual(['CONFLICT']);
    expect(codes(await h.exec(CreateAccountDocument, { input: { officialId: officialId(h.fixture.officials.teamM2), username: 'xin.ganbu', password: 'first-password-1' } }, 'adminD1'))).toEqual(['CONFLICT']);
    expect(await counts()).toEqual(again);
  });

  it('validates officials and posts with BAD_USER_INPUT and writes nothing', async () => {
    const { units, officials } = h.fixture;
    const before = await counts();
    const badId = await h.exec(CreateOfficialDocument, { input: { unitId: unitId(units.M2), name: 'A', title: 'B', idNumber: '12345' } }, 'adminD1');
    expect(codes(badId)).toEqual(['BAD_USER_INPUT']);
    expect(badId.errors![0].extensions!.fields).toHaveProperty(['idNumber']);
    const outOfOrder = await h.exec(CreatePostDocument, {
      input: { officialId: officialId(officials.teamM2), unitId: unitId(units.M2), role: 'OFFICE', since: '2025-05-01', until: '2025-04-01' },
    }, 'adminD1');
    expect(codes(outOfOrder)).toEqual(['BAD_USER_INPUT']);
    const badDate = await h.exec(CreatePostDocument, {
      input: { officialId: officialId(officials.teamM2), unitId: unitId(units.M2), role: 'OFFICE', since: '2025-13-01' },
    }, 'adminD1');
    expect(codes(badDate)).toEqual(['BAD_USER_INPUT']);
    const domainsOnOffice = await h.exec(CreatePostDocument, {
      input: { officialId: officialId(officials.teamM2), unitId: unitId(units.M2), role: 'OFFICE', since: '2025-05-01', domainIds: [encodeId('Domain', 1)] },
    }, 'adminD1');
    expect(codes(domainsOnOffice)).toEqual(['BAD_USER_INPUT']);
    const secondSecretary = await h.exec(CreatePostDocument, {
      input: { officialId: officialId(officials.teamM1), unitId: unitId(units.S1), role: 'SECRETARY', since: '2025-05-01' },
    }, 'adminD1');
    expect(codes(secondSecretary)).toEqual(['CONFLICT']);
    const elsewhere = await h.exec(CreatePostDocument, {
      input: { officialId: officialId(officials.teamM2), unitId: unitId(units.S3), role: 'OFFICE', since: '2025-05-01' },
    }, 'adminD1');
    expect(codes(elsewhere)).toEqual(['FORBIDDEN']);
    expect(await counts()).toEqual(before);
  });

  it('ends a post once; the history stays', async () => {
    const post = await h.db.getRepository(Post).findOneByOrFail({ officialId: h.fixture.officials.officeS2.id });
    const id = encodeId('Post', post.id);
    expect(codes(await h.exec(EndPostDocument, { id, until: '2025-06-30' }, 'adminD2'))).toEqual(['FORBIDDEN']);
    expect(codes(await h.exec(EndPostDocument, { id, until: '2023-06-30' }, 'adminD1'))).toEqual(['BAD_USER_INPUT']);
    const ended = await h.exec(EndPostDocument, { id, until: '2025-06-30' }, 'adminD1');
    expect(ended.data!.endPost).toEqual({ id, until: '2025-06-30', current: false });
    expect(codes(await h.exec(EndPostDocument, { id, until: '2025-07-30' }, 'adminD1'))).toEqual(['CONFLICT']);
    expect(await h.db.getRepository(Post).countBy({ id: post.id })).toBe(1);
  });

  it('deactivates and re-activates accounts in scope', async () => {
    const id = accountId(h.fixture.accounts.teamM2);
    expect(codes(await h.exec(SetAccountActiveDocument, { id, active: false }, 'adminD2'))).toEqual(['FORBIDDEN']);
    expect(codes(await h.exec(SetAccountActiveDocument, { id: accountId(h.fixture.accounts.adminD1), active: false }, 'adminD1'))).toEqual(['BAD_USER_INPUT']);
    expect((await h.exec(SetAccountActiveDocument, { id, active: false }, 'adminD1')).data!.setAccountActive.active).toBe(false);
    expect(codes(await h.exec(DomainsDocument, {}, 'teamM2'))).toEqual(['UNAUTHENTICATED']);
    expect((await h.exec(SetAccountActiveDocument, { id, active: true }, 'adminC1')).data!.setAccountActive.active).toBe(true);
    // Reactivation does not revive the tokens from before: the official signs in again.
    expect(codes(await h.exec(DomainsDocument, {}, 'teamM2'))).toEqual(['UNAUTHENTICATED']);
    const login = await h.exec('mutation { login(username: "teamm2", password: "fixture-password-1") { token } }', {}, null);
    const token = (login.data as { login: { token: string } }).login.token;
    expect((await h.exec(DomainsDocument, {}, { token })).errors).toBeUndefined();
  });
});
