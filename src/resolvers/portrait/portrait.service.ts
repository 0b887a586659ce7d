// 政治生态素描画像: the figures of a unit's subtree for a year. A portrait is its unit and
// year; each section is computed only when asked, by a per-request loader that answers
// every portrait of the request in one grouped SQL aggregate (portrait.figures.ts).
// Posts in scope get the figures and the names; ANALYST the figures only.
import { assertInScope, inScope, RECORD_READERS } from '../../auth/scope';
import type { Context } from '../../context';
import { IsNull } from 'typeorm';
import { OrgUnit } from '../../entities';
import { PostRole, type UnitKind } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { orgUnitService } from '../org/org-unit.service';
import type { LeaderFigure, PortraitKey } from './portrait.figures';

/** A portrait the viewer may read: its sections are resolved from it. */
export interface Portrait {
  unit: OrgUnit;
  year: number;
}

/** Roles that read a portrait: posts in scope, and ANALYST (figures only). */
export const PORTRAIT_READERS = [...RECORD_READERS, PostRole.ANALYST];

export const portraitKey = (portrait: Portrait): PortraitKey => ({
  unitId: portrait.unit.id, cityId: portrait.unit.cityId, path: portrait.unit.path, year: portrait.year,
});

export const portraitService = {
  /** Query.portrait: an unknown unit is NOT_FOUND, a unit outside the readers' scope FORBIDDEN. */
  async portrait(ctx: Context, unitId: string, year: number): Promise<Portrait> {
    const unit = await orgUnitService.require(ctx, unitId, 'unitId');
    assertInScope(ctx.viewer, unit, PORTRAIT_READERS);
    return { unit, year };
  },

  /** Query.portraits: the children of a unit (read by the parent's id, no lookup of the parent), each the viewer may read. */
  async ofChildren(ctx: Context, parentId: string, year: number, kind?: UnitKind): Promise<Portrait[]> {
    // Portraits are read only in the viewer's scope, which lies in the viewer's city (every post
    // is in its official's city): the children are read there, by the parent's key.
    const ref = decodeId(parentId, 'OrgUnit');
    const parent = ref && ctx.viewer ? { cityId: ctx.viewer.cityId, id: ref.id } : null;
    const children = !parent ? []
      : kind ? await ctx.db.getRepository(OrgUnit).find({ where: { cityId: parent.cityId, parentId: parent.id, kind, closedOn: IsNull() }, order: { name: 'ASC', id: 'ASC' } })
        : await ctx.loaders.childrenByUnitId.load(parent);
    return children.map((unit) => this.ofUnit(ctx, unit, year)).filter((p): p is Portrait => p !== null);
  },

  /** OrgUnit.portrait: the same readers; a unit they do not cover simply has none (null, no error). */
  ofUnit(ctx: Context, unit: OrgUnit, year: number): Portrait | null {
    return inScope(ctx.viewer, unit.path, PORTRAIT_READERS) ? { unit, year } : null;
  },

  /**
   * The leaders with the most RED tasks in the subtree this year (names: posts in scope
   * only, the policy hides this field from ANALYST).
   */
  async redTaskLeaders(ctx: Context, portrait: Portrait, first: number): Promise<LeaderFigure[]> {
    return (await ctx.loaders.portraitRedTaskLeadersByUnitYear.load(portraitKey(portrait))).slice(0, first);
  },
};
