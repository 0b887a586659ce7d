// Leads, cases and accountability (domain.md section 6): who reads a lead's details,
// who investigates a case, who reads an accountability record's reason and case.
// The same predicates put the scope into the services' SQL; these check one loaded record.
import { rule } from 'graphql-shield';
import type { Context } from '../context';
import type { AccountabilityRecord } from '../entities/accountability-record.entity';
import { AccountabilityRevocation } from '../entities/accountability-revocation.entity';
import type { DisciplinaryCase } from '../entities/disciplinary-case.entity';
import type { Lead } from '../entities/lead.entity';
import { PostRole } from '../schema/enums';
import { hasAnyRole } from './rules';
import { inScope } from './scope';
import { DECIDES_LEAD } from './steps';

/** What decides who reads a record: a record, or an appeal (which copies these from its record). */
type RecordParties = Pick<AccountabilityRecord, 'officialId' | 'unitId' | 'issuerUnitId'>;

/** SECRETARY and DISCIPLINE in scope read accountability records (besides the official). */
export const RECORD_READER_ROLES: readonly PostRole[] = [PostRole.SECRETARY, PostRole.DISCIPLINE];

const unitInScopeOf = async (ctx: Context, unitId: number, roles: readonly PostRole[]): Promise<boolean> => {
  const unit = await ctx.loaders.unitById.load(unitId);
  return !!unit && inScope(ctx.viewer, unit.path, roles);
};

/**
 * A lead in full: DISCIPLINE at the receiving unit or above, never the official it
 * concerns (whatever posts that official holds). The submitter sees the status only.
 */
export async function readsLeadDetails(ctx: Context, lead: Lead): Promise<boolean> {
  if (!ctx.viewer) return false;
  const toUnit = await ctx.loaders.unitById.load(lead.toUnitId);
  return !!toUnit && DECIDES_LEAD.allows(ctx.viewer, { concernedOfficialId: lead.concernedOfficialId, toUnitPath: toUnit.path, toUnitCityId: toUnit.cityId });
}

/**
 * A case and its investigation (lead, proposal): DISCIPLINE in scope of the case's unit
 * or of its issuer (the unit of the DISCIPLINE post that opened it: it keeps the case when
 * the unit moves away), never the official it is against (no one investigates themselves).
 * In SQL: caseService.visible.
 */
export async function investigatesCase(ctx: Context, c: DisciplinaryCase): Promise<boolean> {
  if (!ctx.viewer || c.officialId === ctx.viewer.officialId) return false;
  return (await unitInScopeOf(ctx, c.unitId, [PostRole.DISCIPLINE])) || unitInScopeOf(ctx, c.issuerUnitId, [PostRole.DISCIPLINE]);
}

/**
 * An accountability record: the official, SECRETARY and DISCIPLINE in scope of the record's
 * unit, and DISCIPLINE in scope of its issuer (the deciding post's unit). In SQL:
 * accountabilityService.visible.
 */
export async function seesAccountabilityRecord(ctx: Context, record: RecordParties): Promise<boolean> {
  if (!ctx.viewer) return false;
  return record.officialId === ctx.viewer.officialId || (await unitInScopeOf(ctx, record.unitId, RECORD_READER_ROLES))
    || unitInScopeOf(ctx, record.issuerUnitId, [PostRole.DISCIPLINE]);
}

/**
 * A record's `reason`: DISCIPLINE in scope of its unit or issuer, and the official (not a
 * SECRETARY). An appeal's grounds and its answer's reasons are read the same way.
 */
export async function readsAccountabilityReason(ctx: Context, record: RecordParties): Promise<boolean> {
  if (!ctx.viewer) return false;
  return record.officialId === ctx.viewer.officialId || (await unitInScopeOf(ctx, record.unitId, [PostRole.DISCIPLINE]))
    || unitInScopeOf(ctx, record.issuerUnitId, [PostRole.DISCIPLINE]);
}

/** Mutation gate of submitLead: the services then check the unit or the inspection assignment. */
export const isLeadReporter = hasAnyRole(PostRole.INFORMANT, PostRole.INSPECTOR);

export const canReadLeadDetails = rule('canReadLeadDetails', { cache: 'strict' })(
  (parent: Lead, _args, ctx: Context) => readsLeadDetails(ctx, parent));

export const canInvestigateCase = rule('canInvestigateCase', { cache: 'strict' })(
  (parent: DisciplinaryCase, _args, ctx: Context) => investigatesCase(ctx, parent));

/**
 * A record's `case` is read as the case itself: DISCIPLINE investigating it, never the
 * record's official (who reads the record and its reason, not the case file). The rule
 * runs whether or not there is a case, so a denial does not tell that one exists.
 */
export const canReadRecordCase = rule('canReadRecordCase', { cache: 'strict' })(
  async (parent: AccountabilityRecord, _args, ctx: Context) => {
    if (!ctx.viewer || parent.officialId === ctx.viewer.officialId) return false;
    if (parent.caseId === null) return readsAccountabilityReason(ctx, parent);
    const found = await ctx.loaders.caseById.load(parent.caseId);
    return !!found && investigatesCase(ctx, found);
  });

/** On a record, or on a revocation (read through its record). */
export const canReadAccountabilityReason = rule('canReadAccountabilityReason', { cache: 'strict' })(
  async (parent: AccountabilityRecord | AccountabilityRevocation, _args, ctx: Context) => {
    const record = parent instanceof AccountabilityRevocation
      ? await ctx.loaders.accountabilityRecordById.load(parent.recordId)
      : parent;
    return !!record && readsAccountabilityReason(ctx, record);
  });

/** An appeal's grounds and the answer's reasons: the readers of its record's reason (the appeal carries the record's parties). */
export const canReadAppealText = rule('canReadAppealText', { cache: 'strict' })(
  (parent: RecordParties, _args, ctx: Context) => readsAccountabilityReason(ctx, parent));
