// Responsibility letters (责任书): issued by a unit's SECRETARY (or its committee) to
// a team member or a direct subordinate unit, signed by the other side with the
// server's time. A letter is in the scope of the signing unit, so both sides and
// the tiers above them read it, and siblings do not.
import { assertInScope, RECORD_READERS, scopeRoots, unitInScope } from '../../auth/scope';
import { SIGNS_LETTER } from '../../auth/steps';
import { inPeriod, now } from '../../clock';
import type { Context } from '../../context';
import { OrgUnit, Post, ResponsibilityLetter } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { LetterIssuer, LetterStatus, PostRole } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import type { IssueResponsibilityLetterInput, ResponsibilityLetterFilter } from './responsibility.inputs';

export interface LetterGap {
  unit: OrgUnit | null;
  post: Post | null;
  letter: ResponsibilityLetter | null;
  status: LetterStatus;
}

/** One letter per unit, year and counterpart: a team member's post ("P<id>") or a subordinate unit ("U<id>"). */
export const signerKeyOf = (counterpart: { postId: number } | { unitId: number }): string =>
  ('postId' in counterpart ? `P${counterpart.postId}` : `U${counterpart.unitId}`);

export const letterService = {
  visible(ctx: Context) {
    const qb = ctx.db.getRepository(ResponsibilityLetter).createQueryBuilder('l');
    const scoped = unitInScope(qb, 'l.signerUnitId', scopeRoots(ctx.viewer, RECORD_READERS));
    return qb.andWhere(scoped.sql, scoped.params);
  },

  async get(ctx: Context, globalId: string): Promise<ResponsibilityLetter | null> {
    const ref = decodeId(globalId, 'ResponsibilityLetter');
    return ref ? this.visible(ctx).andWhere('l.id = :id', { id: ref.id }).getOne() : null;
  },

  async list(ctx: Context, filter: ResponsibilityLetterFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.unitId) qb.andWhere('l.unitId = :unitId', { unitId: decodeId(filter.unitId, 'OrgUnit')?.id ?? 0 });
    if (filter?.year) qb.andWhere('l.year = :year', { year: filter.year });
    if (filter?.signed === true) qb.andWhere('l.signedAt IS NOT NULL');
    if (filter?.signed === false) qb.andWhere('l.signedAt IS NULL');
    return paginate(qb, page, [{ column: 'l.year', value: (l) => l.year, descending: true }, { column: 'l.id', value: (l) => l.id }]);
  },

  async issue(ctx: Context, input: IssueResponsibilityLetterInput): Promise<ResponsibilityLetter> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    const issuerRoles = input.issuedBy === LetterIssuer.SECRETARY ? [PostRole.SECRETARY] : [PostRole.SECRETARY, PostRole.OFFICE];
    const issuerPost = ctx.viewer?.posts.find((p) => p.unitId === unit.id && issuerRoles.includes(p.role));
    if (!issuerPost) {
      throw forbidden(input.issuedBy === LetterIssuer.SECRETARY
        ? `Only the SECRETARY of ${unit.name} issues letters in their own name`
        : `Only the SECRETARY or OFFICE of ${unit.name} issue its committee's letters`);
    }
    if (!input.signerPostId === !input.signerUnitId) throw badInput('Give exactly one of signerPostId and signerUnitId', 'signerPostId');
    let signerPost: Post | null = null;
    let signerUnit: OrgUnit;
    if (input.signerPostId) {
      const ref = decodeId(input.signerPostId, 'Post');
      signerPost = ref && (await ctx.loaders.postById.load(ref.id));
      if (!signerPost || signerPost.unitId !== unit.id || signerPost.role !== PostRole.TEAM_MEMBER || !inPeriod(signerPost)) {
        throw badInput(`signerPostId must be a current TEAM_MEMBER post of ${unit.name}`, 'signerPostId');
      }
      signerUnit = unit;
    } else {
      const child = await orgUnitService.require(ctx, input.signerUnitId!, 'signerUnitId');
      if (child.parentId !== unit.id) throw badInput(`${child.name} is not a direct subordinate of ${unit.name}`, 'signerUnitId');
      signerUnit = child;
    }
    const signerKey = signerKeyOf(signerPost ? { postId: signerPost.id } : { unitId: signerUnit.id });
    return ctx.db.transaction(async (em) => {
      if (await em.existsBy(ResponsibilityLetter, { cityId: unit.cityId, unitId: unit.id, year: input.year, signerKey })) {
        throw new AppError('CONFLICT', `A ${input.year} letter to this ${signerPost ? 'team member' : 'unit'} already exists`);
      }
      const { identifiers } = await em.insert(ResponsibilityLetter, {
        cityId: unit.cityId, unitId: unit.id, year: input.year, issuedBy: input.issuedBy,
        issuerPostId: input.issuedBy === LetterIssuer.SECRETARY ? issuerPost.id : null,
        signerPostId: signerPost?.id ?? null, signerUnitId: signerUnit.id, signerKey, content: input.content.trim(),
        issuedAt: now(), signedAt: null, signedByOfficialId: null,
      });
      const letter = await em.findOneByOrFail(ResponsibilityLetter, { id: Number(identifiers[0].id) });
      await recordAudit(em, ctx, {
        operation: 'issueResponsibilityLetter', recordType: 'ResponsibilityLetter', recordId: letter.id, unit: signerUnit,
        after: { year: letter.year, issuedBy: letter.issuedBy, signerKey },
      });
      return letter;
    });
  },

  /** The holder of the signing post, or the SECRETARY of the signing unit, signs once. */
  async sign(ctx: Context, globalId: string): Promise<ResponsibilityLetter> {
    const letter = await this.get(ctx, globalId);
    if (!letter) throw new AppError('NOT_FOUND', 'id: no such letter', { field: 'id' });
    const signerUnit = (await ctx.loaders.unitById.load(letter.signerUnitId))!;
    if (!SIGNS_LETTER.allows(ctx.viewer, letter)) {
      throw forbidden(letter.signerPostId ? 'Only the team member it is addressed to signs this letter' : `Only the SECRETARY of ${signerUnit.name} signs this letter`);
    }
    if (letter.signedAt) throw new AppError('CONFLICT', 'This letter is already signed');
    return ctx.db.transaction(async (em) => {
      const signed = await em.createQueryBuilder().update(ResponsibilityLetter)
        .set({ signedAt: now(), signedByOfficialId: ctx.viewer!.officialId })
        .where('id = :id AND signedAt IS NULL', { id: letter.id }).execute();
      if (!signed.affected) throw new AppError('CONFLICT', 'This letter is already signed');
      await recordAudit(em, ctx, {
        operation: 'signResponsibilityLetter', recordType: 'ResponsibilityLetter', recordId: letter.id, unit: signerUnit,
        before: { signed: false }, after: { signed: true },
      });
      return em.findOneByOrFail(ResponsibilityLetter, { id: letter.id });
    });
  },

  /** Who a unit's letters go to: its direct subordinate units (open today) and its current team members. */
  async counterparts(ctx: Context, unit: OrgUnit): Promise<{ children: OrgUnit[]; team: Post[] }> {
    const [children, posts] = await Promise.all([ctx.loaders.childrenByUnitId.load(unit), ctx.loaders.currentPostsByUnitId.load(unit)]);
    return { children, team: posts.filter((p) => p.role === PostRole.TEAM_MEMBER) };
  },

  /**
   * Which direct subordinate units and current team members of a unit have no signed
   * letter for the year: three small indexed reads (children, team posts, the unit's letters).
   */
  async gaps(ctx: Context, unitId: string, year: number): Promise<LetterGap[]> {
    const unit = await orgUnitService.require(ctx, unitId, 'unitId');
    assertInScope(ctx.viewer, unit, RECORD_READERS);
    const [{ children, team }, letters] = await Promise.all([
      this.counterparts(ctx, unit),
      ctx.db.getRepository(ResponsibilityLetter).findBy({ cityId: unit.cityId, unitId: unit.id, year }),
    ]);
    const byKey = new Map(letters.map((l) => [l.signerKey, l]));
    const gap = (key: string, target: { unit: OrgUnit | null; post: Post | null }): LetterGap | null => {
      const letter = byKey.get(key) ?? null;
      if (letter?.signedAt) return null;
      return { ...target, letter, status: letter ? LetterStatus.UNSIGNED : LetterStatus.NOT_ISSUED };
    };
    return [
      ...children.map((c) => gap(signerKeyOf({ unitId: c.id }), { unit: c, post: null })),
      ...team.map((p) => gap(signerKeyOf({ postId: p.id }), { unit: null, post: p })),
    ].filter((g): g is LetterGap => g !== null);
  },
};
