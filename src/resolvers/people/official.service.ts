// The directory of officials and the ADMIN writes on officials, posts and accounts.
import { Brackets } from 'typeorm';
import { hashPassword } from '../../auth/password';
import { whereUnitFilter } from '../../auth/scope';
import { inPeriodSql, now, today } from '../../clock';
import { config } from '../../config';
import { viewerOf, type Context } from '../../context';
import { ALL_CITIES } from '../../data-source';
import { Account, Domain, Official, OrgUnit, Post, PostDomain } from '../../entities';
import { END_SESSIONS } from '../../entities/account.entity';
import { AppError, badInput } from '../../errors';
import { PostRole } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { assertAdminOver, LIKE_ESCAPE, likeContains, orgUnitService } from '../org/org-unit.service';
import type { CreateAccountInput, CreateOfficialInput, CreatePostInput, OfficialFilter } from './people.inputs';
import { requireOfficial } from '../node/references';

const officialSnapshot = (o: Official) => ({
  name: o.name, title: o.title, unitId: o.unitId, hasPhone: o.phone !== null, hasIdNumber: o.idNumber !== null,
});
const postSnapshot = (p: Post, domainIds: number[]) => ({
  officialId: p.officialId, unitId: p.unitId, role: p.role, since: p.since, until: p.until, domainIds,
});
const accountSnapshot = (a: Account) => ({ officialId: a.officialId, username: a.username, active: a.active });

async function homeUnit(ctx: Context, official: Official): Promise<OrgUnit> {
  return (await ctx.loaders.unitById.load(official.unitId))!;
}

export const officialService = {
  async get(ctx: Context, globalId: string): Promise<Official | null> {
    const ref = decodeId(globalId, 'Official');
    return ref ? ctx.loaders.officialById.load(ref.id) : null;
  },

  async viewer(ctx: Context): Promise<Official | null> {
    return ctx.viewer ? ctx.loaders.officialById.load(ctx.viewer.officialId) : null;
  },

  async list(ctx: Context, filter: OfficialFilter | undefined, page: PageArgs) {
    const qb = ctx.db.getRepository(Official).createQueryBuilder('o');
    // Without a unit: the directory of every city's officials (any signed-in user reads it), paged by name.
    if (!filter?.unitId) qb.comment(ALL_CITIES);
    if (filter?.unitId) whereUnitFilter(qb, 'o', await orgUnitService.get(ctx, filter.unitId), filter.subtree ?? false);
    if (filter?.role) {
      qb.andWhere(new Brackets((w) => w.where(
        `EXISTS (SELECT 1 FROM post p WHERE p.cityId = o.cityId AND p.officialId = o.id AND p.role = :role AND ${inPeriodSql('p')})`,
        { role: filter.role, day: today() },
      )));
    }
    if (filter?.nameContains) qb.andWhere(`o.name LIKE :name ${LIKE_ESCAPE}`, { name: likeContains(filter.nameContains) });
    return paginate(qb, page, [{ column: 'o.name', value: (o) => o.name }, { column: 'o.id', value: (o) => o.id }]);
  },

  async create(ctx: Context, input: CreateOfficialInput): Promise<Official> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    assertAdminOver(ctx, unit);
    return ctx.db.transaction(async (em) => {
      const { identifiers } = await em.insert(Official, {
        cityId: unit.cityId, unitId: unit.id, name: input.name.trim(), title: input.title.trim(),
        phone: input.phone ?? null, idNumber: input.idNumber ?? null, createdAt: now(),
      });
      const official = await em.findOneByOrFail(Official, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, {
        operation: 'createOfficial', recordType: 'Official', recordId: official.id, unit, after: officialSnapshot(official),
      });
      return official;
    });
  },

  async createPost(ctx: Context, input: CreatePostInput): Promise<Post> {
    const official = await requireOfficial(ctx, input.officialId);
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    assertAdminOver(ctx, unit);
    if (official.cityId !== unit.cityId) throw badInput('A post must be in the official\'s city', 'unitId');
    if (input.until && input.until < input.since) throw badInput('until must not be before since', 'until');
    const domainRefs = input.domainIds.map((id) => decodeId(id, 'Domain'));
    if (domainRefs.length && input.role !== PostRole.TEAM_MEMBER) throw badInput('Only TEAM_MEMBER posts have domains', 'domainIds');
    if (domainRefs.some((d) => !d)) throw badInput('domainIds holds an id that is not a domain', 'domainIds');
    const domainIds = [...new Set(domainRefs.map((d) => d!.id))];
    return ctx.db.transaction(async (em) => {
      const found = domainIds.length ? await em.countBy(Domain, domainIds.map((id) => ({ id }))) : 0;
      if (found !== domainIds.length) throw new AppError('NOT_FOUND', 'domainIds: no such domain', { field: 'domainIds' });
      if (input.role === PostRole.SECRETARY) {
        // One principal per unit at a time: periods of SECRETARY posts must not overlap.
        const overlapping = await em.getRepository(Post).createQueryBuilder('p')
          .where('p.cityId = :cityId AND p.unitId = :unitId AND p.role = :role', { cityId: unit.cityId, unitId: unit.id, role: PostRole.SECRETARY })
          .andWhere('(p.until IS NULL OR p.until >= :since)', { since: input.since })
          .andWhere(input.until ? 'p.since <= :until' : '1 = 1', { until: input.until })
          .getCount();
        if (overlapping) throw new AppError('CONFLICT', `${unit.name} already has a SECRETARY in that period`);
      }
      const { identifiers } = await em.insert(Post, {
        cityId: unit.cityId, officialId: official.id, unitId: unit.id, role: input.role, since: input.since, until: input.until ?? null,
      });
      const postId = Number(identifiers[0].id);
      if (domainIds.length) await em.insert(PostDomain, domainIds.map((domainId) => ({ postId, domainId })));
      const post = await em.findOneByOrFail(Post, { id: postId });
      await recordAudit(em, ctx, { operation: 'createPost', recordType: 'Post', recordId: postId, unit, after: postSnapshot(post, domainIds) });
      return post;
    });
  },

  async endPost(ctx: Context, globalId: string, until: string): Promise<Post> {
    const ref = decodeId(globalId, 'Post');
    const post = ref ? await ctx.db.getRepository(Post).findOneBy({ id: ref.id }) : null;
    if (!post) throw new AppError('NOT_FOUND', 'id: no such post', { field: 'id' });
    const unit = (await ctx.loaders.unitById.load(post.unitId))!;
    assertAdminOver(ctx, unit);
    if (post.until !== null) throw new AppError('CONFLICT', `This post already ended on ${post.until}`);
    if (until < post.since) throw badInput(`until must not be before the post began (${post.since})`, 'until');
    return ctx.db.transaction(async (em) => {
      // Compare-and-set: only a post that is still open is ended.
      const updated = await em.createQueryBuilder().update(Post).set({ until })
        .where('id = :id AND until IS NULL', { id: post.id }).execute();
      if (!updated.affected) throw new AppError('CONFLICT', 'This post was ended meanwhile');
      const after = await em.findOneByOrFail(Post, { id: post.id });
      await recordAudit(em, ctx, {
        operation: 'endPost', recordType: 'Post', recordId: post.id, unit, before: { until: null }, after: { until: after.until },
      });
      return after;
    });
  },

  async createAccount(ctx: Context, input: CreateAccountInput): Promise<Account> {
    const official = await requireOfficial(ctx, input.officialId);
    const unit = await homeUnit(ctx, official);
    assertAdminOver(ctx, unit);
    const passwordHash = await hashPassword(input.password, config.auth.scryptLogN);
    return ctx.db.transaction(async (em) => {
      if (await em.existsBy(Account, { officialId: official.id })) throw new AppError('CONFLICT', `${official.name} already has an account`);
      if (await em.existsBy(Account, { username: input.username })) throw new AppError('CONFLICT', `The username ${input.username} is taken`, { field: 'username' });
      const { identifiers } = await em.insert(Account, {
        officialId: official.id, username: input.username, passwordHash, active: true, failedLogins: 0,
        lockedUntil: null, lastLoginAt: null, createdAt: now(),
      });
      const account = await em.findOneByOrFail(Account, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, { operation: 'createAccount', recordType: 'Account', recordId: account.id, unit, after: accountSnapshot(account) });
      return account;
    });
  },

  /** An account an ADMIN in scope of its official's home unit manages; NOT_FOUND otherwise. */
  async managedAccount(ctx: Context, globalId: string, field: string): Promise<{ account: Account; unit: OrgUnit }> {
    const ref = decodeId(globalId, 'Account');
    const account = ref ? await ctx.db.getRepository(Account).findOneBy({ id: ref.id }) : null;
    const official = account ? await ctx.loaders.officialById.load(account.officialId) : null;
    if (!account || !official) throw new AppError('NOT_FOUND', `${field}: no such account`, { field });
    const unit = await homeUnit(ctx, official);
    assertAdminOver(ctx, unit);
    return { account, unit };
  },

  /** Ends every session of an account (the viewer's own when null): its tokens stop working at once. */
  async endSessions(ctx: Context, globalId: string | null): Promise<boolean> {
    const viewer = viewerOf(ctx);
    const { account, unit } = globalId === null
      ? await (async () => {
        const own = await ctx.db.getRepository(Account).findOneByOrFail({ id: viewer.accountId });
        return { account: own, unit: await homeUnit(ctx, (await ctx.loaders.officialById.load(own.officialId))!) };
      })()
      : await this.managedAccount(ctx, globalId, 'accountId');
    await ctx.db.transaction(async (em) => {
      await em.update(Account, { id: account.id }, END_SESSIONS);
      await recordAudit(em, ctx, { operation: 'signOutEverywhere', recordType: 'Account', recordId: account.id, unit, after: { sessionsEnded: true } });
    });
    return true;
  },

  async setAccountActive(ctx: Context, globalId: string, active: boolean): Promise<Account> {
    const { account, unit } = await this.managedAccount(ctx, globalId, 'id');
    if (account.officialId === ctx.viewer?.officialId && !active) throw badInput('You cannot deactivate your own account', 'id');
    return ctx.db.transaction(async (em) => {
      // Re-activating also lifts a lock-out.
      // Either way the account's sessions end: tokens from before a deactivation never work again.
      await em.update(Account, { id: account.id }, active ? { active, failedLogins: 0, lockedUntil: null, ...END_SESSIONS } : { active, ...END_SESSIONS });
      const after = await em.findOneByOrFail(Account, { id: account.id });
      await recordAudit(em, ctx, {
        operation: 'setAccountActive', recordType: 'Account', recordId: account.id, unit,
        before: accountSnapshot(account), after: accountSnapshot(after),
      });
      return after;
    });
  },

  /** The account of an official, if the policy let the field through. */
  account(ctx: Context, official: Official): Promise<Account | null> {
    return ctx.loaders.accountByOfficialId.load(official.id);
  },
};
