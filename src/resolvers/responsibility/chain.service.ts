// The responsibility chain (domain.md section 7) and domain coverage. Both read
// effective-dated posts, so they answer for any past day, not only today.
import { In } from 'typeorm';
import { inPeriodSql, today } from '../../clock';
import type { Context } from '../../context';
import { Domain, OrgUnit, Post, PostDomain } from '../../entities';
import { badInput } from '../../errors';
import { ChainRole, PostRole } from '../../schema/enums';
import { orgUnitService } from '../org/org-unit.service';
import { asOfKey, orgHistory, pastDay } from '../org/org-history';
import { requireDomain } from '../node/references';

export interface ChainTier {
  unit: OrgUnit;
  principal: Post | null;
  inCharge: Post[];
  disciplineHead: Post | null;
  committee: Post[];
  missing: ChainRole[];
}

const COMMITTEE_ROLES = [PostRole.SECRETARY, PostRole.TEAM_MEMBER, PostRole.DISCIPLINE];

export const chainService = {
  /**
   * From the unit up to its city: per tier the principal (SECRETARY), the team members
   * whose domains include the domain, the discipline head, and the committee, as held
   * on `asOf`, up the tree as it was that day. Three statements for today (the ancestors,
   * their posts on the day, the domain's links); a past day reads the unit's version first.
   */
  async chain(ctx: Context, unitId: string, domainId: string, asOf?: string): Promise<ChainTier[]> {
    const past = pastDay(asOf);
    const day = past ?? today();
    const found = await orgUnitService.require(ctx, unitId, 'unitId');
    const domain = await requireDomain(ctx, domainId);
    // The tree of the day: on a past day the unit's ancestry then, with each unit as it was.
    const unit = past ? await orgHistory.at(ctx, found, past) : found;
    if (!unit) throw badInput(`${found.name} was not open on ${past}`, 'asOf');

    const ids = unit.path.split('/').filter(Boolean).map(Number);
    const units = (await (past ? ctx.loaders.unitAsOf.loadMany(ids.map((id) => asOfKey(past, { cityId: unit.cityId, id }))) : ctx.loaders.unitById.loadMany(ids)))
      .filter((u): u is OrgUnit => u instanceof OrgUnit);
    // The ancestors are in the unit's city, and so are their posts.
    const posts = await ctx.db.getRepository(Post).createQueryBuilder('p')
      .where('p.cityId = :cityId AND p.unitId IN (:...ids) AND p.role IN (:...roles)', { cityId: found.cityId, ids, roles: COMMITTEE_ROLES })
      .andWhere(inPeriodSql('p'), { day })
      .orderBy('p.since', 'ASC').addOrderBy('p.id', 'ASC').getMany();
    const teamIds = posts.filter((p) => p.role === PostRole.TEAM_MEMBER).map((p) => p.id);
    const inChargeIds = new Set(teamIds.length
      ? (await ctx.db.getRepository(PostDomain).findBy({ postId: In(teamIds), domainId: domain.id })).map((pd) => pd.postId)
      : []);

    return units.sort((a, b) => b.path.length - a.path.length).map((u) => {
      const here = posts.filter((p) => p.unitId === u.id);
      const principal = here.find((p) => p.role === PostRole.SECRETARY) ?? null;
      const inCharge = here.filter((p) => inChargeIds.has(p.id));
      const disciplineHead = here.find((p) => p.role === PostRole.DISCIPLINE) ?? null;
      const missing = [
        ...(principal ? [] : [ChainRole.PRINCIPAL]),
        ...(inCharge.length ? [] : [ChainRole.TEAM_MEMBER_IN_CHARGE]),
        ...(disciplineHead ? [] : [ChainRole.DISCIPLINE_HEAD]),
      ];
      return { unit: u, principal, inCharge, disciplineHead, committee: here, missing };
    });
  },

  /** Domains no current TEAM_MEMBER post of the unit is in charge of: one NOT EXISTS query. */
  async uncoveredDomains(ctx: Context, unitId: string): Promise<Domain[]> {
    const unit = await orgUnitService.require(ctx, unitId, 'unitId');
    return ctx.db.getRepository(Domain).createQueryBuilder('d')
      .where(`NOT EXISTS (
        SELECT 1 FROM post_domain pd INNER JOIN post p ON p.id = pd.postId
        WHERE pd.domainId = d.id AND p.unitId = :unitId AND p.role = :role
          AND ${inPeriodSql('p')})`,
      { unitId: unit.id, role: PostRole.TEAM_MEMBER, day: today() })
      .orderBy('d.code').getMany();
  },
};
