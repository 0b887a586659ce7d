// Every DataLoader on one screen, built per request (never shared between users).
// Each batch is one `IN (...)` query whose results are aligned with the keys.
import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { today } from './clock';
import {
  Account, Domain, Evidence, Milestone, Official, OrgUnit, Post, PostDomain, ProgressUpdate, ResponsibilityItem,
  ResponsibilityList, Task, TaskClosure, TaskRating,
} from './entities';

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

    postById: new DataLoader<Key, Post | null>(async (ids) =>
      one(ids, await repo(Post).findBy({ id: In([...ids]) }), (p) => p.id)),

    // Records below are reached only through a parent the services have already
    // scoped (a visible list or task), so these batches need no scope of their own.
    listById: new DataLoader<Key, ResponsibilityList | null>(async (ids) =>
      one(ids, await repo(ResponsibilityList).findBy({ id: In([...ids]) }), (l) => l.id)),

    itemsByListId: new DataLoader<Key, ResponsibilityItem[]>(async (ids) =>
      many(ids, await repo(ResponsibilityItem).find({ where: { listId: In([...ids]) }, order: { position: 'ASC', id: 'ASC' } }),
        (i) => i.listId)),

    taskById: new DataLoader<Key, Task | null>(async (ids) =>
      one(ids, await repo(Task).findBy({ id: In([...ids]) }), (t) => t.id)),

    milestonesByTaskId: new DataLoader<Key, Milestone[]>(async (ids) =>
      many(ids, await repo(Milestone).find({ where: { taskId: In([...ids]) }, order: { dueOn: 'ASC', id: 'ASC' } }),
        (m) => m.taskId)),

    progressById: new DataLoader<Key, ProgressUpdate | null>(async (ids) =>
      one(ids, await repo(ProgressUpdate).findBy({ id: In([...ids]) }), (p) => p.id)),

    /** Every version, newest first. */
    progressByTaskId: new DataLoader<Key, ProgressUpdate[]>(async (ids) =>
      many(ids, await repo(ProgressUpdate).find({ where: { taskId: In([...ids]) }, order: { id: 'DESC' } }),
        (p) => p.taskId)),

    /** The newest update of each task: one grouped subquery, not every version. */
    latestProgressByTaskId: new DataLoader<Key, ProgressUpdate | null>(async (ids) => {
      const rows = await repo(ProgressUpdate).createQueryBuilder('p')
        .where('p.id IN (SELECT MAX(l.id) FROM progress_update l WHERE l.taskId IN (:...ids) GROUP BY l.taskId)', { ids })
        .getMany();
      return one(ids, rows, (p) => p.taskId);
    }),

    ratingsByTaskId: new DataLoader<Key, TaskRating[]>(async (ids) =>
      many(ids, await repo(TaskRating).find({ where: { taskId: In([...ids]) }, order: { year: 'DESC', quarter: 'DESC' } }),
        (r) => r.taskId)),

    closuresByTaskId: new DataLoader<Key, TaskClosure[]>(async (ids) =>
      many(ids, await repo(TaskClosure).find({ where: { taskId: In([...ids]) }, order: { id: 'DESC' } }),
        (c) => c.taskId)),

    evidenceByProgressId: new DataLoader<Key, Evidence[]>(async (ids) =>
      many(ids, await repo(Evidence).find({ where: { progressUpdateId: In([...ids]) }, order: { id: 'ASC' } }),
        (e) => e.progressUpdateId!)),

    evidenceByClosureId: new DataLoader<Key, Evidence[]>(async (ids) =>
      many(ids, await repo(Evidence).find({ where: { closureId: In([...ids]) }, order: { id: 'ASC' } }),
        (e) => e.closureId!)),

    // --- notices (loaders) ---
    // --- inspections and problems (loaders) ---
    // --- leads, cases and accountability (loaders) ---
    // --- assessments, reports, interviews, risk points (loaders) ---
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
