// Every DataLoader on one screen, built per request (never shared between users).
// Each batch is one `IN (...)` query whose results are aligned with the keys.
import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { today } from './clock';
import { Account, Domain, Official, OrgUnit, Post, PostDomain } from './entities';

type Key = number;

function one<T>(keys: readonly Key[], rows: T[], keyOf: (row: T) => Key): (T | null)[] {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? null);
}

function many<T>(keys: readonly Key[], rows: T[], keyOf: (row: T) => Key): T[][] {
  const byKey = new Map<Key, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) byKey.get(keyOf(row))?.push(row);
  return keys.map((k) => byKey.get(k)!);
}

const currentOn = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string): SelectQueryBuilder<T> =>
  qb.andWhere(`${alias}.since <= :day AND (${alias}.until IS NULL OR ${alias}.until >= :day)`, { day: today() });

export function createLoaders(db: DataSource) {
  const repo = db.getRepository.bind(db);
  return {
    unitById: new DataLoader<Key, OrgUnit | null>(async (ids) =>
      one(ids, await repo(OrgUnit).findBy({ id: In([...ids]) }), (u) => u.id)),

    childrenByUnitId: new DataLoader<Key, OrgUnit[]>(async (ids) =>
      many(ids, await repo(OrgUnit).find({ where: { parentId: In([...ids]) }, order: { name: 'ASC', id: 'ASC' } }),
        (u) => u.parentId!)),

    domainById: new DataLoader<Key, Domain | null>(async (ids) =>
      one(ids, await repo(Domain).findBy({ id: In([...ids]) }), (d) => d.id)),

    officialById: new DataLoader<Key, Official | null>(async (ids) =>
      one(ids, await repo(Official).findBy({ id: In([...ids]) }), (o) => o.id)),

    /** The directory of a unit: officials whose home unit it is. */
    officialsByUnitId: new DataLoader<Key, Official[]>(async (ids) =>
      many(ids, await repo(Official).find({ where: { unitId: In([...ids]) }, order: { name: 'ASC', id: 'ASC' } }),
        (o) => o.unitId)),

    currentPostsByOfficialId: new DataLoader<Key, Post[]>(async (ids) =>
      many(ids, await currentOn(repo(Post).createQueryBuilder('p').where('p.officialId IN (:...ids)', { ids }), 'p')
        .orderBy('p.id').getMany(), (p) => p.officialId)),

    allPostsByOfficialId: new DataLoader<Key, Post[]>(async (ids) =>
      many(ids, await repo(Post).find({ where: { officialId: In([...ids]) }, order: { since: 'ASC', id: 'ASC' } }),
        (p) => p.officialId)),

    currentPostsByUnitId: new DataLoader<Key, Post[]>(async (ids) =>
      many(ids, await currentOn(repo(Post).createQueryBuilder('p').where('p.unitId IN (:...ids)', { ids }), 'p')
        .orderBy('p.role').addOrderBy('p.id').getMany(), (p) => p.unitId)),

    domainsByPostId: new DataLoader<Key, Domain[]>(async (ids) => {
      const rows = await repo(PostDomain).createQueryBuilder('pd')
        .innerJoinAndMapOne('pd.domain', Domain, 'd', 'd.id = pd.domainId')
        .where('pd.postId IN (:...ids)', { ids }).orderBy('d.code').getMany();
      return many(ids, rows, (r) => r.postId).map((list) => list.map((r) => r.domain!));
    }),

    accountByOfficialId: new DataLoader<Key, Account | null>(async (ids) =>
      one(ids, await repo(Account).findBy({ officialId: In([...ids]) }), (a) => a.officialId)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
