// Sign-in: same error for wrong password and unknown user, lock-out, inactive
// accounts, token checks, password change.
import { SignJWT } from 'jose';
import { config } from '../../src/config';
import { Account } from '../../src/entities';
import { ChangePasswordDocument, LoginDocument, ViewerDocument } from '../generated/graphql';
import { describeDb } from '../setup/db';
import { PASSWORD } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';

describeDb('sign-in', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const login = (username: string, password: string) => h.exec(LoginDocument, { username, password }, null);

  it('signs in and the token identifies the viewer', async () => {
    const res = await login('teamm1', PASSWORD);
    expect(res.errors).toBeUndefined();
    expect(res.data!.login.official.name).toBe('Official teamM1');
    expect(new Date(res.data!.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const viewer = await h.exec(ViewerDocument, {}, { token: res.data!.login.token });
    expect(viewer.data!.viewer!.name).toBe('Official teamM1');
  });

  it('gives a wrong password and an unknown user the same error', async () => {
    const wrong = await login('teamm2', 'not-the-password');
    const unknown = await login('nobody', 'not-the-password');
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(codes(unknown)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
    expect(wrong.data).toBeNull();
  });

  it('locks an account after repeated failures, even against the right password', async () => {
    for (let i = 0; i < config.auth.maxFailedLogins; i++) expect(codes(await login('officed2', 'wrong-password'))).toEqual(['UNAUTHENTICATED']);
    const locked = await h.db.getRepository(Account).findOneByOrFail({ username: 'officed2' });
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(codes(await login('officed2', PASSWORD))).toEqual(['UNAUTHENTICATED']);
    // An existing token of a locked account stops working too.
    expect(codes(await h.exec(ViewerDocument, {}, 'officeD2'))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an inactive account', async () => {
    expect(codes(await login('inactive', PASSWORD))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses expired, forged and malformed tokens', async () => {
    const id = String(h.fixture.accounts.teamM1.id);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(id).setIssuer('zeren')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(config.auth.tokenSecret);
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(id).setIssuer('zeren')
      .setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-another'));
    for (const token of [expired, forged, 'not.a.token', '']) {
      expect(codes(await h.exec(ViewerDocument, {}, { token }))).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('changes the own password: the old one stops working', async () => {
    const res = await h.exec(ChangePasswordDocument, { currentPassword: PASSWORD, newPassword: 'a-brand-new-password' }, 'teamM2');
    expect(res.data!.changePassword).toBe(true);
    expect(codes(await login('teamm2', PASSWORD))).toEqual(['UNAUTHENTICATED']);
    // The old session ended with the change; the new password signs in.
    expect(codes(await h.exec(ViewerDocument, {}, 'teamM2'))).toEqual(['UNAUTHENTICATED']);
    const fresh = await login('teamm2', 'a-brand-new-password');
    expect(fresh.data!.login.official.name).toBe('Official teamM2');
    const token = { token: fresh.data!.login.token };
    const bad = await h.exec(ChangePasswordDocument, { currentPassword: 'wrong-current', newPassword: 'another-new-password' }, token);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const short = await h.exec(ChangePasswordDocument, { currentPassword: 'a-brand-new-password', newPassword: 'short' }, token);
    expect(codes(short)).toEqual(['BAD_USER_INPUT']);
  });
});
