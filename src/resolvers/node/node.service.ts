// node(id): one lookup per type, each through the same scoped path as its own query.
import { seesAccountOf } from '../../auth/rules';
import type { Context } from '../../context';
import { Account, Domain, Post } from '../../entities';
import { decodeId } from '../../schema/node';
import { auditService } from '../audit/audit.service';
import type { Node } from '../../schema/node';

export const nodeService = {
  async get(ctx: Context, globalId: string): Promise<Node | null> {
    const ref = decodeId(globalId);
    if (!ref) return null;
    switch (ref.type) {
      case 'OrgUnit':
        return ctx.loaders.unitById.load(ref.id);
      case 'Official':
        return ctx.loaders.officialById.load(ref.id);
      case 'Domain':
        return ctx.loaders.domainById.load(ref.id);
      case 'Post':
        return ctx.db.getRepository(Post).findOneBy({ id: ref.id });
      case 'AuditEntry':
        return auditService.get(ctx, ref.id);
      case 'Account': {
        const account = await ctx.db.getRepository(Account).findOneBy({ id: ref.id });
        const official = account && (await ctx.loaders.officialById.load(account.officialId));
        return account && official && (await seesAccountOf(ctx, official)) ? account : null;
      }
    }
  },

  domains(ctx: Context): Promise<Domain[]> {
    return ctx.db.getRepository(Domain).find({ order: { code: 'ASC' } });
  },
};
