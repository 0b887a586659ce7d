// Sessions that end (issue 11): a password change, a deactivation (and the reactivation
// after it) and "sign out everywhere" end every token of the account at once, on the
// next request, on both engines; a new sign-in works.
import type { Persona } from '../setup/fixture';
import { PASSWORD } from '../setup/fixture';
import { describeDb } from '../setup/db';
import { codes, startHarness, type Harness } from '../setup/harness';
import { accountId } from '../setup/ids';

describeDb('sessions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const login = async (persona: Persona, password = PASSWORD): Promise<{ token: string }> => {
    const res = await h.exec('mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: persona.toLowerCase(), p: password }, null);
    expect(res.errors).toBeUndefined();
    return { token: (res.data as { login: { token: string } }).login.token };
  };
  /** The viewer's name with this token, or the error code. */
  const whoIs = async (as: { token: string }): Promise<string> => {
    const res = await h.exec('{ viewer { name } }', {}, as);
    return res.errors ? codes(res).join() : (res.data as { viewer: { name: string } }).viewer.name;
  };

  it('ends every session of your account when you sign out everywhere', async () => {
    const [a, b] = [await login('teamM1'), await login('teamM1')];
    expect([await whoIs(a), await whoIs(b)]).toEqual(['Official teamM1', 'Official teamM1']);
    const out = await h.exec('mutation { signOutEverywhere }', {}, a);
    expect(out.data).toEqual({ signOutEverywhere: true });
    expect([await whoIs(a), await whoIs(b)]).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(await whoIs(await login('teamM1'))).toBe('Official teamM1');
  });

  it('ends them all on a password change; the new password signs in', async () => {
    const old = await login('teamM2');
    const res = await h.exec('mutation C($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }',
      { c: PASSWORD, n: 'a-new-password-2026' }, old);
    expect(res.errors).toBeUndefined();
    expect(await whoIs(old)).toBe('UNAUTHENTICATED');
    expect(await whoIs(await login('teamM2', 'a-new-password-2026'))).toBe('Official teamM2');
  });

  it('ends them on a deactivation, and a reactivation does not revive them', async () => {
    const before = await login('officeS2');
    const setActive = (active: boolean) => h.exec('mutation A($id: ID!, $active: Boolean!) { setAccountActive(id: $id, active: $active) { active } }',
      { id: accountId(h.fixture.accounts.officeS2), active }, 'adminD1');
    expect((await setActive(false)).errors).toBeUndefined();
    expect(await whoIs(before)).toBe('UNAUTHENTICATED');
    expect((await setActive(true)).errors).toBeUndefined();
    expect(await whoIs(before)).toBe('UNAUTHENTICATED');
    expect(await whoIs(await login('officeS2'))).toBe('Official officeS2');
  });

  it('lets an ADMIN end the sessions of an account in their subtree only', async () => {
    const session = await login('secretaryS1');
    const end = (as: Persona) => h.exec('mutation E($id: ID) { signOutEverywhere(accountId: $id) }', { id: accountId(h.fixture.accounts.secretaryS1) }, as);
    expect(codes(await end('adminD2'))).toEqual(['FORBIDDEN']);
    expect(codes(await end('officeD2'))).toEqual(['FORBIDDEN']);
    expect(await whoIs(session)).toBe('Official secretaryS1');
    expect((await end('adminD1')).errors).toBeUndefined();
    expect(await whoIs(session)).toBe('UNAUTHENTICATED');
    expect(codes(await h.exec('mutation E($id: ID) { signOutEverywhere(accountId: $id) }', { id: 'QWNjb3VudDo5OTk5' }, 'adminC1'))).toEqual(['NOT_FOUND']);
  });
});
