// The append-only audit log: written inside each mutation's transaction, read
// by ADMIN (their subtree) and DISCIPLINE of a city (their city).
import type { EntityManager } from 'typeorm';
import { identityChanged } from '../../auth/authenticate';
import { isCityDisciplinePost } from '../../auth/rules';
import { citiesOf, scopeRoots, whereInScope } from '../../auth/scope';
import { now } from '../../clock';
import { executeDeferred } from '../../data-source';
import type { Context } from '../../context';
import { AuditEntry, SensitiveRead } from '../../entities';
import { PostRole } from '../../schema/enums';
import { decodeId, type NodeType } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import type { AuditFilter, SensitiveReadFilter } from './audit.inputs';

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

/**
 * The audit entry of a write, in the write's transaction. Nothing reads its result, so on
 * MySQL/MariaDB it travels with the transaction's next statement or its COMMIT.
 */
export async function recordAudit(em: EntityManager, ctx: Context, entry: AuditRecord): Promise<void> {
  if (changesIdentity(entry)) identityChanged(em);
  const row: Record<string, unknown> = auditRow(ctx, entry);
  await insertAudit(em, Object.keys(row), () => '?', Object.values(row));
}

/** INSERT INTO audit_entry of `columns`, each column's value as `valueOf` writes it, then `tail` (e.g. "FROM ..."). */
function insertAudit(em: EntityManager, columns: readonly string[], valueOf: (column: string) => string, params: unknown[], tail = ''): Promise<void> {
  const values = columns.map(valueOf).join(', ');
  return executeDeferred(em, `INSERT INTO audit_entry (${columns.map((c) => `\`${c}\``).join(', ')}) ${tail ? `SELECT ${values} FROM ${tail}` : `VALUES (${values})`}`, params);
}

/** Many entries of one write (an import's records), a multi-row INSERT per 200. */
export async function recordAudits(em: EntityManager, ctx: Context, entries: readonly AuditRecord[]): Promise<void> {
  if (entries.some(changesIdentity)) identityChanged(em);
  for (let i = 0; i < entries.length; i += 200) await em.insert(AuditEntry, entries.slice(i, i + 200).map((e) => auditRow(ctx, e)));
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
  const params = columns.filter((c) => !(c in expressions)).map((c) => row[c]);
  await insertAudit(em, columns, (c) => (c in expressions ? expressions[c as keyof typeof expressions] : '?'), [...params, ...from.params], from.sql);
}

function auditRoots(ctx: Context) {
  const admin = scopeRoots(ctx.viewer, [PostRole.ADMIN]);
  const cityDiscipline = (ctx.viewer?.posts ?? []).filter(isCityDisciplinePost).map((p) => ({ cityId: p.cityId, path: p.unitPath }));
  return [...admin, ...cityDiscipline];
}

/** The cities whose sensitive reads the viewer may read: where they are DISCIPLINE of the city (domain.md section 6). */
const sensitiveReadCities = (ctx: Context): number[] => citiesOf((ctx.viewer?.posts ?? []).filter(isCityDisciplinePost));

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

  /** Sensitive reads of the cities where the viewer is DISCIPLINE of the city, newest first. */
  sensitiveReads(ctx: Context, filter: SensitiveReadFilter | undefined, page: PageArgs) {
    const cities = sensitiveReadCities(ctx);
    const qb = ctx.db.getRepository(SensitiveRead).createQueryBuilder('r');
    if (!cities.length) qb.where('1 = 0');
    else qb.where('r.cityId IN (:...cities)', { cities });
    if (filter?.readerId) qb.andWhere('r.readerOfficialId = :reader', { reader: decodeId(filter.readerId, 'Official')?.id ?? 0 });
    if (filter?.recordId) {
      const record = decodeId(filter.recordId);
      if (!record) qb.andWhere('1 = 0');
      // The ids are kept as ",12,57,": one id is found with LIKE, on the rows of its type.
      else qb.andWhere('r.recordType = :rt AND r.recordIds LIKE :rid', { rt: record.type, rid: `%,${record.id},%` });
    }
    if (filter?.field) qb.andWhere('r.field = :field', { field: filter.field });
    if (filter?.since) qb.andWhere('r.at >= :since', { since: filter.since });
    return paginate(qb, page, [{ column: 'r.id', value: (r) => r.id, descending: true }]);
  },

  async getSensitiveRead(ctx: Context, id: number): Promise<SensitiveRead | null> {
    const cities = sensitiveReadCities(ctx);
    if (!cities.length) return null;
    return ctx.db.getRepository(SensitiveRead).createQueryBuilder('r')
      .where('r.id = :id AND r.cityId IN (:...cities)', { id, cities }).getOne();
  },

  async get(ctx: Context, id: number): Promise<AuditEntry | null> {
    const qb = ctx.db.getRepository(AuditEntry).createQueryBuilder('a').where('a.id = :id', { id });
    return whereInScope(qb, auditRoots(ctx), { cityId: 'a.cityId', path: 'a.unitPath' }).getOne();
  },
};
