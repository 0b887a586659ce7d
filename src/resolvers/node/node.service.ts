// node(id): one lookup per type, each through the same scoped path as its own query.
import type { EntityTarget } from 'typeorm';
import { seesAccountOf, seesTaskInternals } from '../../auth/rules';
import type { Context } from '../../context';
import {
  Account, Domain, Evidence, Milestone, Post, ProgressUpdate, ResponsibilityItem, TaskClosure, TaskRating,
} from '../../entities';
import { decodeId } from '../../schema/node';
import { auditService } from '../audit/audit.service';
import { letterService } from '../responsibility/letter.service';
import { listService } from '../responsibility/list.service';
import { taskService } from '../tasks/task.service';
import type { Node } from '../../schema/node';

/** A record of a task, visible when its task is (and, for internals, when the task's unit is in scope). */
async function ofTask<T extends { taskId: number }>(
  ctx: Context, target: EntityTarget<T>, id: number, internal: boolean,
): Promise<T | null> {
  const row = await ctx.db.getRepository(target).findOneBy({ id } as never);
  const task = row && (await taskService.byId(ctx, row.taskId));
  if (!row || !task) return null;
  return !internal || (await seesTaskInternals(ctx, task)) ? row : null;
}

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
      case 'ResponsibilityList':
        return listService.byId(ctx, ref.id);
      case 'ResponsibilityItem': {
        const item = await ctx.db.getRepository(ResponsibilityItem).findOneBy({ id: ref.id });
        return item && (await listService.byId(ctx, item.listId)) ? item : null;
      }
      case 'ResponsibilityLetter':
        return letterService.get(ctx, globalId);
      case 'Task':
        return taskService.byId(ctx, ref.id);
      case 'Milestone':
        return ofTask(ctx, Milestone, ref.id, false);
      case 'ProgressUpdate':
        return ofTask(ctx, ProgressUpdate, ref.id, false);
      case 'TaskRating':
        return ofTask(ctx, TaskRating, ref.id, true);
      case 'TaskClosure':
        return ofTask(ctx, TaskClosure, ref.id, true);
      case 'Evidence':
        return ofTask(ctx, Evidence, ref.id, true);
      // --- notices (node cases) ---
      // --- inspections and problems (node cases) ---
      // --- leads, cases and accountability (node cases) ---
      // --- assessments, reports, interviews, risk points (node cases) ---
      case 'Account': {
        const account = await ctx.db.getRepository(Account).findOneBy({ id: ref.id });
        const official = account && (await ctx.loaders.officialById.load(account.officialId));
        return account && official && (await seesAccountOf(ctx, official)) ? account : null;
      }
      default:
        return null;
    }
  },

  domains(ctx: Context): Promise<Domain[]> {
    return ctx.db.getRepository(Domain).find({ order: { code: 'ASC' } });
  },
};
