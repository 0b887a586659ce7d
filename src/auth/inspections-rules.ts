// Named rules of inspections, problems and rectification. Mutation gates read only the
// viewer ("contextual"); the services then check the exact unit, assignment and state.
// Names carry an "inspections:" prefix: graphql-shield refuses two different rules of one name.
import { rule } from 'graphql-shield';
import type { Context } from '../context';
import type { Inspection } from '../entities/inspection.entity';
import { InspectionSuggestion } from '../entities/inspection-suggestion.entity';
import { Problem } from '../entities/problem.entity';
import { PostRole } from '../schema/enums';
import { seesInspectionAuthor } from './inspection-scope';
import { roleGate } from './rules';
import { DECIDES_LEAD } from './steps';

const holdsRole = (name: string, ...roles: PostRole[]) => roleGate(`inspections:${name}`, roles);

/** Rounds, groups, members, targets and the life cycle; rectification lists: OFFICE or SECRETARY. */
export const isInspectionKeeper = holdsRole('isKeeper', PostRole.OFFICE, PostRole.SECRETARY);
/** Dual feedback: the inspecting unit's OFFICE (巡察办). */
export const isInspectionOffice = holdsRole('isOffice', PostRole.OFFICE);
/** Findings and suggestions: INSPECTORs (the service checks the assignment). */
export const isInspector = holdsRole('isInspector', PostRole.INSPECTOR);
/** Problems of daily supervision: DISCIPLINE. */
export const isProblemRecorder = holdsRole('isProblemRecorder', PostRole.DISCIPLINE);
/** Closing an item: its owner (any owner role) or the unit's SECRETARY. */
export const isRectificationCloser = holdsRole('isRectificationCloser', PostRole.SECRETARY, PostRole.TEAM_MEMBER, PostRole.DISCIPLINE, PostRole.OFFICE);
/** 双审: the unit's SECRETARY, the leader in charge one tier up (TEAM_MEMBER, or SECRETARY when none). */
export const isRectificationApprover = holdsRole('isRectificationApprover', PostRole.SECRETARY, PostRole.TEAM_MEMBER);

/**
 * Who recorded a finding or a suggestion: the inspecting side and the inspectors of that
 * target; any reader for a problem outside an inspection.
 */
export const canReadInspectionAuthor = rule('inspections:canReadAuthor', { cache: 'strict' })(
  async (parent: Problem | InspectionSuggestion, _args, ctx: Context) => {
    if (parent instanceof Problem) return parent.inspectionId === null || seesInspectionAuthor(ctx, parent.inspectionId, parent.unitId);
    if (!(parent instanceof InspectionSuggestion)) return false;
    const target = await ctx.loaders.inspectionTargetById.load(parent.targetId);
    return !!target && seesInspectionAuthor(ctx, target.inspectionId, target.unitId);
  });

/**
 * Inspection.leadCount: whoever reads the round's leads, which go to the inspecting unit:
 * DISCIPLINE of that unit or above (DECIDES_LEAD at the receiving unit). The count itself
 * leaves out any lead about the viewer.
 */
export const canCountInspectionLeads = rule('inspections:canCountLeads', { cache: 'strict' })(
  async (parent: Inspection, _args, ctx: Context) => {
    const unit = await ctx.loaders.unitById.load(parent.unitId);
    return !!unit && DECIDES_LEAD.allows(ctx.viewer, { concernedOfficialId: null, toUnitPath: unit.path, toUnitCityId: unit.cityId });
  });
