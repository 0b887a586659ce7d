// The viewer cache and the commit of a change to an identity: a viewer read while the
// change is still uncommitted (the old account) must not outlive the commit. The write
// bumps the generation when it is written and again after its commit (IdentityCommitSubscriber,
// which TypeORM runs only because it is marked @EventSubscriber()).
import { authenticate, identityChanged, IdentityCommitSubscriber } from '../../src/auth/authenticate';
import { signToken } from '../../src/auth/token';
import { Account } from '../../src/entities';
import { ReplicaCommitSubscriber } from '../../src/replica';
import { describeDb } from '../setup/db';
import { startHarness, type Harness } from '../setup/harness';

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
