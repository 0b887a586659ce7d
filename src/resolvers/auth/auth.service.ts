// Sign-in with lock-out. A wrong password, an unknown user, an inactive or a locked
// account all give the same UNAUTHENTICATED error, after the same scrypt work.
import { hashPassword, verifyPassword } from '../../auth/password';
import { signToken } from '../../auth/token';
import { now } from '../../clock';
import { config } from '../../config';
import { viewerOf, type Context } from '../../context';
import { Account } from '../../entities';
import { END_SESSIONS } from '../../entities/account.entity';
import { AppError, badInput } from '../../errors';
import { recordAudit } from '../audit/audit.service';

const refused = (): AppError => new AppError('UNAUTHENTICATED', 'Wrong username or password');

// Verified against when the username is unknown, so timing does not tell.
let dummyHash: Promise<string> | undefined;

export const authService = {
  async login(ctx: Context, username: string, password: string) {
    const accounts = ctx.db.getRepository(Account);
    const account = await accounts.findOneBy({ username: username.trim().toLowerCase() });
    if (!account) {
      await verifyPassword(password, await (dummyHash ??= hashPassword('not-a-password', config.auth.scryptLogN)));
      throw refused();
    }
    const passwordOk = await verifyPassword(password, account.passwordHash);
    const at = now();
    const locked = account.lockedUntil !== null && account.lockedUntil > at;
    if (!account.active || locked) throw refused();
    if (!passwordOk) {
      const failures = account.failedLogins + 1;
      const lock = failures >= config.auth.maxFailedLogins;
      await ctx.db.transaction(async (em) => {
        await em.createQueryBuilder().update(Account)
          .set(lock
            ? { failedLogins: 0, lockedUntil: new Date(at.getTime() + config.auth.lockoutMinutes * 60_000) }
            : { failedLogins: () => 'failedLogins + 1' })
          .where('id = :id', { id: account.id }).execute();
        await recordAudit(em, { ...ctx, viewer: null }, {
          operation: lock ? 'loginLockedOut' : 'loginFailed', recordType: 'Account', recordId: account.id,
          unit: await unitOf(ctx, account), after: { failedLogins: lock ? 0 : failures, locked: lock },
        });
      });
      throw refused();
    }
    const unit = await unitOf(ctx, account);
    await ctx.db.transaction(async (em) => {
      await em.update(Account, { id: account.id }, { failedLogins: 0, lockedUntil: null, lastLoginAt: at });
      await recordAudit(em, { ...ctx, viewer: { accountId: account.id, officialId: account.officialId, cityId: unit.cityId, posts: [] } }, {
        operation: 'login', recordType: 'Account', recordId: account.id, unit, after: { lastLoginAt: at },
      });
    });
    const { token, expiresAt } = await signToken(account.id, account.sessionVersion);
    return { token, expiresAt, official: await ctx.loaders.officialById.load(account.officialId) };
  },

  async changePassword(ctx: Context, current: string, next: string): Promise<boolean> {
    const viewer = viewerOf(ctx);
    const account = await ctx.db.getRepository(Account).findOneByOrFail({ id: viewer.accountId });
    if (!(await verifyPassword(current, account.passwordHash))) throw badInput('The current password is wrong', 'currentPassword');
    if (current === next) throw badInput('The new password must differ from the current one', 'newPassword');
    const passwordHash = await hashPassword(next, config.auth.scryptLogN);
    await ctx.db.transaction(async (em) => {
      // Every session ends, this one included: sign in again with the new password.
      await em.update(Account, { id: account.id }, { passwordHash, ...END_SESSIONS });
      await recordAudit(em, ctx, {
        operation: 'changePassword', recordType: 'Account', recordId: account.id, unit: await unitOf(ctx, account), after: { changed: true },
      });
    });
    return true;
  },
};

async function unitOf(ctx: Context, account: Account) {
  const official = (await ctx.loaders.officialById.load(account.officialId))!;
  return (await ctx.loaders.unitById.load(official.unitId))!;
}

