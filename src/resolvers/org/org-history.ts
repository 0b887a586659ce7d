// The tree of a past day (domain.md section 3): each unit's version valid on that day
// (parent, name, tier, kind, path), read only when a question names a day before
// today; today's tree is org_unit itself, with no history join. Units read as of a day
// carry it (`asOf`), so their parent, children, ancestors and descendants are of that day too.
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { isCalendarDay, today } from '../../clock';
import type { Context } from '../../context';
import { OrgUnit, OrgUnitChange, OrgUnitVersion } from '../../entities';
import { badInput } from '../../errors';
import type { UnitKind, UnitLevel } from '../../schema/enums';
import { mapNodes, paginate, type Connection, type PageArgs } from '../../schema/pagination';
import { subtreeEnd } from '../../auth/scope';
import type { CityRef } from '../../loaders';

/** A version valid on `:day` (validFrom inclusive, validTo exclusive). */
const VALID_ON = 'v.validFrom <= :day AND (v.validTo IS NULL OR v.validTo > :day)';

type Versioned = OrgUnitVersion & { unit: OrgUnit };

/** Versions valid on the day, each with its unit's row (`v.unit`). */
export const versionsOn = (db: DataSource, day: string): SelectQueryBuilder<Versioned> =>
  (db.getRepository(OrgUnitVersion).createQueryBuilder('v') as SelectQueryBuilder<Versioned>)
    .innerJoinAndMapOne('v.unit', OrgUnit, 'u', 'u.id = v.unitId')
    .where(VALID_ON, { day });

/** The unit as it was on `day`: today's row with that day's parent, name, tier, kind and path. */
export const asUnit = (v: Versioned, day: string): OrgUnit =>
  Object.assign(v.unit, { parentId: v.parentId, name: v.name, level: v.level, kind: v.kind, path: v.path, asOf: day });

/**
 * The day a tree read asks about: null for today's tree (no day, today, or later: the
 * tree knows no future), else a past day, checked.
 */
export function pastDay(asOf: string | null | undefined, field = 'asOf'): string | null {
  if (asOf === null || asOf === undefined) return null;
  if (!isCalendarDay(asOf)) throw badInput(`${field} must be a date as YYYY-MM-DD`, field);
  return asOf < today() ? asOf : null;
}

/** The day of a field below a unit: its own asOf argument, else the day the unit was read as of. */
export const dayBelow = (unit: OrgUnit, asOf: string | null | undefined): string | null => pastDay(asOf) ?? unit.asOf ?? null;

const BY_VERSION_PATH = [{ column: 'v.path', value: (v: Versioned) => v.path }];

export const orgHistory = {
  /** The unit on `day`, or null when it did not exist (or was closed) then. */
  at(ctx: Context, unit: CityRef, day: string): Promise<OrgUnit | null> {
    return ctx.loaders.unitAsOf.load(asOfKey(day, unit));
  },

  children(ctx: Context, unit: OrgUnit, day: string): Promise<OrgUnit[]> {
    return ctx.loaders.childrenAsOf.load(asOfKey(day, unit));
  },

  async parent(ctx: Context, unit: OrgUnit, day: string): Promise<OrgUnit | null> {
    const then = unit.asOf === day ? unit : await this.at(ctx, unit, day);
    return then?.parentId ? this.at(ctx, { cityId: then.cityId, id: then.parentId }, day) : null;
  },

  /** From the root down to the parent, as the tree was on the day (two statements at most). */
  async ancestors(ctx: Context, unit: OrgUnit, day: string): Promise<OrgUnit[]> {
    const then = unit.asOf === day ? unit : await this.at(ctx, unit, day);
    if (!then) return [];
    const ids = then.path.split('/').filter(Boolean).map(Number).slice(0, -1);
    const units = await ctx.loaders.unitAsOf.loadMany(ids.map((id) => asOfKey(day, { cityId: then.cityId, id })));
    return units.filter((u): u is OrgUnit => u instanceof OrgUnit);
  },

  /** Units strictly below the unit on the day, in that day's tree order. */
  async descendants(
    ctx: Context, unit: OrgUnit, day: string, filter: { level?: UnitLevel; kind?: UnitKind }, page: PageArgs,
  ): Promise<Connection<OrgUnit>> {
    const then = unit.asOf === day ? unit : await this.at(ctx, unit, day);
    if (!then) {
      const none = versionsOn(ctx.db, day).andWhere('v.cityId = :cityId AND 1 = 0', { cityId: unit.cityId });
      return mapNodes(await paginate(none, page, BY_VERSION_PATH), (v) => asUnit(v, day));
    }
    const qb = versionsOn(ctx.db, day)
      .andWhere('v.cityId = :cityId AND v.path > :from AND v.path < :to', { cityId: then.cityId, from: then.path, to: subtreeEnd(then.path) });
    if (filter.level) qb.andWhere('v.level = :level', { level: filter.level });
    if (filter.kind) qb.andWhere('v.kind = :kind', { kind: filter.kind });
    return mapNodes(await paginate(qb, page, BY_VERSION_PATH), (v) => asUnit(v, day));
  },

  /** orgUnits on a past day: the same filters, over that day's versions. */
  async list(
    ctx: Context, day: string, where: (qb: SelectQueryBuilder<Versioned>) => Promise<void>, page: PageArgs,
  ): Promise<Connection<OrgUnit>> {
    const qb = versionsOn(ctx.db, day);
    await where(qb);
    return mapNodes(await paginate(qb, page, BY_VERSION_PATH), (v) => asUnit(v, day));
  },

  /** The unit's changes, in the order they took effect. */
  history(ctx: Context, unit: OrgUnit): Promise<OrgUnitChange[]> {
    return ctx.loaders.changesByUnitId.load(unit);
  },
};

/** A key of the unit-as-of loaders: the day, the unit's city (which its batch's statement names) and its id. */
export const asOfKey = (day: string, unit: CityRef): string => `${day}|${unit.cityId}|${unit.id}`;

/** Batches of asOfKey keys, one statement per distinct day (a request normally names one), in the keys' cities. */
export async function byDay<T>(
  keys: readonly string[], read: (day: string, cities: number[], ids: number[]) => Promise<Map<number, T>>, empty: T,
): Promise<T[]> {
  const days = new Map<string, { cities: Set<number>; ids: number[] }>();
  const parsed = keys.map((key) => {
    const [day, cityId, id] = key.split('|');
    const batch = days.get(day) ?? { cities: new Set<number>(), ids: [] };
    days.set(day, batch);
    batch.cities.add(Number(cityId));
    batch.ids.push(Number(id));
    return `${day}|${id}`;
  });
  const found = new Map<string, T>();
  await Promise.all([...days].map(async ([day, { cities, ids }]) => {
    for (const [id, value] of await read(day, [...cities], ids)) found.set(`${day}|${id}`, value);
  }));
  return parsed.map((k) => found.get(k) ?? empty);
}
