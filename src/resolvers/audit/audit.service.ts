// The append-only audit log: written inside each mutation's transaction, read
// by ADMIN (their subtree) and DISCIPLINE of a city (their city).
import type { EntityManager } from 'typeorm';
import { identityChanged } from '../../auth/authenticate';
import { scopeRoots, whereInScope } from '../../auth/scope';
import { now } from '../../clock';
import { execute } from '../../data-source';
import type { Context } from '../../context';
import { AuditEntry } from '../../entities';
import { PostRole, UnitLevel } from '../../schema/enums';
import { decodeId, type NodeType } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import type { AuditFilter } from './audit.inputs';

export interface AuditRecord {
  operation: string;
  recordType: NodeType;
  recordId: number;
  unit: { cityId: number; path: string };
  before?: object | null;
  after?: object | null;
}

/** Writes that can change who a signed-in viewer is (their account, posts or the paths of their units). */
const changesIdentity = (entry: AuditRecord): boolean =>
  ['Account', 'Post', 'OrgUnit'].includes(entry.recordType) && entry.operation !== 'login' && entry.operation !== 'loginFailed';

const auditRow = (ctx: Context, entry: AuditRecord) => ({
  at: now(),
  actorOfficialId: ctx.viewer?.officialId ?? null,
  operation: entry.operation,
  recordType: entry.recordType,
  recordId: entry.recordId,
  cityId: entry.unit.cityId,
  unitPath: entry.unit.path,
  before: entry.before ? JSON.stringify(entry.before) : null,
  after: entry.after ? JSON.stringify(entry.after) : null,
});

/**
 * An action on the viewer's own behalf (an upload, a download, an export), filed under the
 * unit of their first current post; a viewer with no post has no unit to file it under.
 */
export async function recordOwnAction(em: EntityManager, ctx: Context, entry: Omit<AuditRecord, 'unit'>): Promise<void> {
  const post = ctx.viewer?.posts[0];
  if (post) await recordAudit(em, ctx, { ...entry, unit: { cityId: post.cityId, path: post.unitPath } });
}

export async function recordAudit(em: EntityManager, ctx: Context, entry: AuditRecord): Promise<void> {
  if (changesIdentity(entry)) identityChanged(em);
  await em.insert(AuditEntry, auditRow(ctx, entry));
}

/**
 * The same entry where some values are SQL expressions over a row the transaction has
 * locked (`from`: e.g. "task t WHERE t.id = ?"), so a hot write need not read that row
 * first: an expression replaces the value of its column.
 */
export async function recordAuditFrom(
  em: EntityManager, ctx: Context, entry: Omit<AuditRecord, 'unit' | 'before'>,
  from: { sql: string; params: unknown[] }, expressions: { cityId: string; unitPath: string; before: string },
): Promise<void> {
  const full = { ...entry, unit: { cityId: 0, path: '' } };
  if (changesIdentity(full)) identityChanged(em);
  const row: Record<string, unknown> = auditRow(ctx, full);
  const columns = Object.keys(row);
  const values = columns.map((c) => (c in expressions ? expressions[c as keyof typeof expressions] : '?'));
  const params = columns.filter((c) => !(c in expressions)).map((c) => row[c]);
  await execute(em, `INSERT INTO audit_entry (${columns.map((c) => `\`${c}\``).join(', ')}) SELECT ${values.join(', ')} FROM ${from.sql}`,
    [...params, ...from.params]);
}

function auditRoots(ctx: Context) {
  const admin = scopeRoots(ctx.viewer, [PostRole.ADMIN]);
  const cityDiscipline = (ctx.viewer?.posts ?? [])
    .filter((p) => p.role === PostRole.DISCIPLINE && p.unitLevel === UnitLevel.CITY)
    .map((p) => ({ cityId: p.cityId, path: p.unitPath }));
  return [...admin, ...cityDiscipline];
}

export const auditService = {
  list(ctx: Context, filter: AuditFilter | undefined, page: PageArgs) {
    const qb = ctx.db.getRepository(AuditEntry).createQueryBuilder('a');
    whereInScope(qb, auditRoots(ctx), { cityId: 'a.cityId', path: 'a.unitPath' });
    if (filter?.operation) qb.andWhere('a.operation = :operation', { operation: filter.operation });
    if (filter?.recordType) qb.andWhere('a.recordType = :recordType', { recordType: filter.recordType });
    if (filter?.recordId) {
      const record = decodeId(filter.recordId);
      if (!record) qb.andWhere('1 = 0');
      else qb.andWhere('a.recordType = :rt AND a.recordId = :rid', { rt: record.type, rid: record.id });
    }
    if (filter?.since) qb.andWhere('a.at >= :since', { since: filter.since });
    return paginate(qb, page, [{ column: 'a.id', value: (a) => a.id, descending: true }]);
  },

  async get(ctx: Context, id: number): Promise<AuditEntry | null> {
    const qb = ctx.db.getRepository(AuditEntry).createQueryBuilder('a').where('a.id = :id', { id });
    return whereInScope(qb, auditRoots(ctx), { cityId: 'a.cityId', path: 'a.unitPath' }).getOne();
  },
};
