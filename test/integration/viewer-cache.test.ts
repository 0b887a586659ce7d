// The viewer cache and the commit of a change to an identity: a viewer read while the
// change is still uncommitted (the old account) must not outlive the commit. The write
// bumps the generation when it is written and again after its commit (IdentityCommitSubscriber,
// which TypeORM runs only because it is marked @EventSubscriber()). The org tree's rows are
// kept on the same terms (TreeRows).
import { authenticate, identify, identityChanged, IdentityCommitSubscriber } from '../../src/auth/authenticate';
import { signToken } from '../../src/auth/token';
import { Account } from '../../src/entities';
import { ReplicaCommitSubscriber } from '../../src/replica';
import { describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { ok, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

describeDb('the viewer cache around a commit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('registers the commit subscribers with TypeORM', () => {
    expect(h.db.subscribers.filter((s) => s instanceof IdentityCommitSubscriber)).toHaveLength(1);
    expect(h.db.subscribers.filter((s) => s instanceof ReplicaCommitSubscriber)).toHaveLength(1);
  });

  it('does not keep a viewer read before the deactivation committed', async () => {
    const account = h.fixture.accounts.teamM2;
    const { token } = await signToken(account.id);
    expect(await authenticate(h.db, token)).not.toBeNull();
    await h.db.transaction(async (em) => {
      await em.getRepository(Account).update(account.id, { active: false });
      identityChanged(em);
      // Read outside the transaction while it is open (on SQLite the one connection sees
      // the uncommitted row, on MariaDB another connection does not): cached or not, it
      // must not outlive the commit.
      await authenticate(h.db, token);
    });
    expect(await authenticate(h.db, token)).toBeNull();
    await h.db.getRepository(Account).update(account.id, { active: true });
  });
});

describeDb('the org tree cache', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const TREE = 'query T($id: ID!) { orgUnit(id: $id) { name children { name } } }';
  type Tree = { orgUnit: { name: string; children: { name: string }[] } };
  /** A request's answer and statements, counted from where the last left off (not from a cold start). */
  const read = async (id: string, as: Persona): Promise<Tree & { statements: number }> => {
    const before = h.counter.count;
    const data = await ok(h.exec<Tree>(TREE, { id }, as));
    return { ...data, statements: h.counter.count - before };
  };

  it('reads a unit with its children once, and again after a rename or a move', async () => {
    const { S1, S2, M2 } = h.fixture.units;
    await ok(h.exec('{ viewer { name } }', {}, 'officeD1'));
    const cold = await read(unitId(S1), 'officeD1');
    expect(cold.orgUnit).toEqual({ name: 'Unit S1', children: [{ name: 'Unit M1' }, { name: 'Unit M2' }] });
    const warm = await read(unitId(S1), 'officeD1');
    expect(warm.orgUnit).toEqual(cold.orgUnit);
    expect(warm.statements).toBe(cold.statements - 1);
    // Another viewer is served the same rows (the tree is public; what a viewer may do with it is the policy's).
    await ok(h.exec('{ viewer { name } }', {}, 'officeS1'));
    expect((await read(unitId(S1), 'officeS1')).statements).toBe(warm.statements);

    await ok(h.exec('mutation R($id: ID!, $n: String!) { renameOrgUnit(id: $id, name: $n) { name } }', { id: unitId(S1), n: 'Unit S1 renamed' }, 'adminC1'));
    await ok(h.exec('{ viewer { name } }', {}, 'officeD1'));
    const renamed = await read(unitId(S1), 'officeD1');
    expect(renamed.orgUnit.name).toBe('Unit S1 renamed');
    expect(renamed.statements).toBe(cold.statements);

    await ok(h.exec('mutation M($id: ID!, $to: ID!) { moveOrgUnit(id: $id, newParentId: $to) { name } }', { id: unitId(M2), to: unitId(S2) }, 'adminC1'));
    await ok(h.exec('{ viewer { name } }', {}, 'officeD1'));
    expect((await read(unitId(S1), 'officeD1')).orgUnit.children).toEqual([{ name: 'Unit M1' }]);
    expect((await read(unitId(S2), 'officeD1')).orgUnit.children).toEqual([{ name: 'Unit M2' }, { name: 'Unit M3' }]);
  });

  it('serves frozen rows, and keeps none that a write overtook', async () => {
    const { tree } = await identify(h.db, await h.tokenOf('officeD1'));
    let reads = 0;
    const kept = await tree!.read('test rows', async () => [{ reads: ++reads }]);
    expect(Object.isFrozen(kept) && Object.isFrozen(kept[0])).toBe(true);
    expect(() => { (kept[0] as { reads: number }).reads = 7; }).toThrow(TypeError);
    expect(await tree!.read('test rows', async () => [{ reads: ++reads }])).toBe(kept);
    expect(reads).toBe(1);
    // A write recorded while the rows were being read: they are served to this request, not kept.
    const overtaken = async () => {
      reads += 1;
      identityChanged(h.db.manager);
      return [{ reads }];
    };
    const { tree: next } = await identify(h.db, await h.tokenOf('officeD1'));
    expect(await next!.read('overtaken rows', overtaken)).toEqual([{ reads: 2 }]);
    expect(await next!.read('overtaken rows', async () => [{ reads: ++reads }])).toEqual([{ reads: 3 }]);
    // The write also dropped what was kept before it.
    expect(await next!.read('test rows', async () => [{ reads: ++reads }])).toEqual([{ reads: 4 }]);
  });

  it('keeps no rows for a request without a viewer', async () => {
    expect(await identify(h.db, null)).toEqual({ viewer: null, tree: null });
    expect(await identify(h.db, 'not-a-token')).toEqual({ viewer: null, tree: null });
  });
});
