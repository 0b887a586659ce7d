// Bearer token -> Viewer. An inactive or locked account, a bad or expired token:
// all end as "not signed in". Two indexed queries per request.
import type { DataSource } from 'typeorm';
import { inPeriodSql, today } from '../clock';
import { Account } from '../entities/account.entity';
import type { PostRole } from '../schema/enums';
import { verifyToken } from './token';
import type { Viewer } from './viewer';

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/**
 * Resolves the viewer of a request. Returns null when there is no usable token;
 * the policy then refuses everything but `login` with UNAUTHENTICATED.
 */
export async function authenticate(db: DataSource, token: string | null): Promise<Viewer | null> {
  if (!token) return null;
  const accountId = await verifyToken(token);
  if (accountId === null) return null;
  const account = await db.getRepository(Account).findOne({ where: { id: accountId } });
  if (!account || !account.active || (account.lockedUntil && account.lockedUntil > new Date())) return null;
  return { accountId, officialId: account.officialId, posts: await currentPosts(db, account.officialId) };
}

export async function currentPosts(db: DataSource, officialId: number): Promise<Viewer['posts']> {
  const day = today();
  const rows = await db
    .createQueryBuilder()
    .select(['p.id AS id', 'p.role AS role', 'u.id AS unitId', 'u.path AS unitPath', 'u.level AS unitLevel', 'u.cityId AS cityId'])
    .from('post', 'p')
    .innerJoin('org_unit', 'u', 'u.id = p.unitId')
    .where('p.officialId = :officialId', { officialId })
    .andWhere(inPeriodSql('p'), { day })
    .orderBy('p.id')
    .getRawMany<{ id: number; role: PostRole; unitId: number; unitPath: string; unitLevel: string; cityId: number }>();
  return rows.map((r) => ({ ...r, id: Number(r.id), unitId: Number(r.unitId), cityId: Number(r.cityId) }));
}
