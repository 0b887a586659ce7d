// INSPECTOR posts reach records only through an inspection assignment: the targets of
// the groups they are members of, and only while the membership lasts (domain.md
// section 6). One indexed query per request, cached on the loaders.
import { inPeriodSql, today } from '../clock';
import type { Context } from '../context';
import { PostRole } from '../schema/enums';
import { citiesOf } from './scope';

export interface AssignedTarget {
  readonly inspectionId: number;
  readonly targetId: number;
  readonly unitId: number;
  readonly cityId: number;
  readonly unitPath: string;
}

const cache = new WeakMap<object, Promise<AssignedTarget[]>>();

/** The inspection targets the viewer's current INSPECTOR posts are assigned to today. */
export function assignedTargets(ctx: Context): Promise<AssignedTarget[]> {
  const posts = ctx.viewer?.posts.filter((p) => p.role === PostRole.INSPECTOR) ?? [];
  if (!posts.length) return Promise.resolve([]);
  const postIds = posts.map((p) => p.id);
  // A membership is in its round's city, which is its post's (a post at the inspecting
  // unit or below it), and so are the targets of its group.
  const cities = citiesOf(posts);
  // Per request: the loaders object is created per request (and renewed per subscription event).
  let found = cache.get(ctx.loaders);
  if (!found) {
    const day = today();
    found = ctx.db.createQueryBuilder()
      .select(['t.inspectionId AS inspectionId', 't.id AS targetId', 'u.id AS unitId', 'u.cityId AS cityId', 'u.path AS unitPath'])
      .from('inspection_target', 't')
      .innerJoin('inspection_member', 'm', 'm.cityId = t.cityId AND m.groupId = t.groupId')
      .innerJoin('org_unit', 'u', 'u.id = t.unitId')
      .where('m.cityId IN (:...cities) AND m.postId IN (:...postIds)', { cities, postIds })
      .andWhere(inPeriodSql('m'), { day })
      .getRawMany<AssignedTarget>()
      .then((rows) => rows.map((r) => ({
        inspectionId: Number(r.inspectionId), targetId: Number(r.targetId), unitId: Number(r.unitId),
        cityId: Number(r.cityId), unitPath: r.unitPath,
      })));
    cache.set(ctx.loaders, found);
  }
  return found;
}
