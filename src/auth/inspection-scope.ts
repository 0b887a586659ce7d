// Who reads inspections, problems and rectification (domain.md section 6: "posts in
// scope (an INSPECTOR: the targets of the inspections assigned)"). Each record belongs
// to one unit, and the scope rule applies to that unit:
//
//   Inspection, InspectionGroup, InspectionMember   the inspecting unit
//   InspectionTarget, InspectionSuggestion          the target unit
//   Problem, RectificationItem                      the problem's unit (a finding: its target unit)
//
// Readers are the posts of INSPECTION_READERS at that unit or above it, and INSPECTOR
// posts for the targets they are assigned to through a membership current today (with
// the target's suggestions, findings and their rectification items), nothing else.
// A round is also seen, as a header, by whoever sees one of its targets; they see only
// those targets, the groups inspecting them and their members. So a target unit sees
// its own target, feedback, suggestions and problems, never a sibling target's.
// The inspecting side keeps its targets and findings when a target unit moves away
// (a record one unit issues about another stays with the issuer, domain.md section 3):
// readers of the inspecting unit see the round's targets and findings wherever they are.
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Context } from '../context';
import type { Inspection } from '../entities/inspection.entity';
import type { InspectionGroup } from '../entities/inspection-group.entity';
import type { InspectionTarget } from '../entities/inspection-target.entity';
import type { Problem } from '../entities/problem.entity';
import { PostRole } from '../schema/enums';
import { assignedTargets, type AssignedTarget } from './inspection-access';
import { inScope, RECORD_READERS, scopeRoots, unitInScope, type ScopeRoot } from './scope';

/**
 * Roles that read inspection records by the scope rule. INSPECTOR is left out: an
 * inspector's access runs only through an assignment, never through the post's unit.
 */
export const INSPECTION_READERS: readonly PostRole[] = RECORD_READERS.filter((role) => role !== PostRole.INSPECTOR);

/** What the viewer reads: subtree roots of the reading posts, and today's assigned targets. */
export interface InspectionView {
  readonly roots: readonly ScopeRoot[];
  readonly assigned: AssignedTarget[];
}

export async function inspectionView(ctx: Context): Promise<InspectionView> {
  return { roots: scopeRoots(ctx.viewer, INSPECTION_READERS), assigned: await assignedTargets(ctx) };
}

let seq = 0;
const param = (prefix: string): string => `${prefix}${(seq = (seq + 1) % 1_000_000)}`;

/** Rounds: the inspecting unit in scope, a target unit in scope, or an assigned target. */
export function inspectionCondition<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, view: InspectionView): Brackets {
  const own = unitInScope(qb, `${alias}.unitId`, view.roots);
  const targeted = unitInScope(qb, 'vt.unitId', view.roots);
  const ids = [...new Set(view.assigned.map((a) => a.inspectionId))];
  return new Brackets((or) => {
    or.where(own.sql, own.params);
    or.orWhere(`${alias}.id IN (SELECT vt.inspectionId FROM inspection_target vt WHERE ${targeted.sql})`, targeted.params);
    if (ids.length) {
      const p = param('ai');
      or.orWhere(`${alias}.id IN (:...${p})`, { [p]: ids });
    }
  });
}

/** "The record's round is inspected by a unit in scope" (the issuer keeps its targets and findings). */
function issuedCondition<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, view: InspectionView): { sql: string; params: ObjectLiteral } {
  const inspecting = unitInScope(qb, 'vi.unitId', view.roots);
  return { sql: `${alias}.inspectionId IN (SELECT vi.id FROM inspection vi WHERE ${inspecting.sql})`, params: inspecting.params };
}

/** Targets: the target unit in scope, the round's inspecting unit in scope, or assigned. */
export function targetCondition<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, view: InspectionView): Brackets {
  const own = unitInScope(qb, `${alias}.unitId`, view.roots);
  const issued = issuedCondition(qb, alias, view);
  const ids = view.assigned.map((a) => a.targetId);
  return new Brackets((or) => {
    or.where(own.sql, own.params);
    or.orWhere(issued.sql, issued.params);
    if (ids.length) {
      const p = param('at');
      or.orWhere(`${alias}.id IN (:...${p})`, { [p]: ids });
    }
  });
}

/** Problems: the unit in scope, a finding of a round inspected in scope, or of an assigned target (same round, same unit). */
export function problemCondition<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, view: InspectionView): Brackets {
  const own = unitInScope(qb, `${alias}.unitId`, view.roots);
  const issued = issuedCondition(qb, alias, view);
  return new Brackets((or) => {
    or.where(own.sql, own.params);
    or.orWhere(issued.sql, issued.params);
    for (const a of view.assigned) {
      const [i, u] = [param('pi'), param('pu')];
      or.orWhere(`(${alias}.inspectionId = :${i} AND ${alias}.unitId = :${u})`, { [i]: a.inspectionId, [u]: a.unitId });
    }
  });
}

/** Is the unit in the scope of the viewer's reading posts? */
export async function readsUnit(ctx: Context, unitId: number): Promise<boolean> {
  const unit = await ctx.loaders.unitById.load(unitId);
  return !!unit && inScope(ctx.viewer, unit.path, INSPECTION_READERS);
}

/** The inspecting side: readers at the inspecting unit or above see the whole round. */
export const seesInspectionFully = (ctx: Context, inspection: Inspection): Promise<boolean> => readsUnit(ctx, inspection.unitId);

/** The inspecting side of a round (by its id): readers of the inspecting unit. */
async function inspectsRound(ctx: Context, inspectionId: number | null): Promise<boolean> {
  const inspection = inspectionId === null ? null : await ctx.loaders.inspectionById.load(inspectionId);
  return !!inspection && seesInspectionFully(ctx, inspection);
}

export async function seesTarget(ctx: Context, target: InspectionTarget): Promise<boolean> {
  if ((await assignedTargets(ctx)).some((a) => a.targetId === target.id)) return true;
  return (await readsUnit(ctx, target.unitId)) || inspectsRound(ctx, target.inspectionId);
}

export async function seesProblem(ctx: Context, problem: Problem): Promise<boolean> {
  const assigned = await assignedTargets(ctx);
  if (problem.inspectionId !== null && assigned.some((a) => a.inspectionId === problem.inspectionId && a.unitId === problem.unitId)) {
    return true;
  }
  return (await readsUnit(ctx, problem.unitId)) || inspectsRound(ctx, problem.inspectionId);
}

/** The targets of a round the viewer sees (all of them for the inspecting side). */
export async function visibleTargets(ctx: Context, inspection: Inspection): Promise<InspectionTarget[]> {
  const targets = await ctx.loaders.inspectionTargetsByInspectionId.load(inspection);
  if (await seesInspectionFully(ctx, inspection)) return targets;
  const seen = await Promise.all(targets.map((t) => seesTarget(ctx, t)));
  return targets.filter((_, i) => seen[i]);
}

export async function seesInspection(ctx: Context, inspection: Inspection): Promise<boolean> {
  return (await seesInspectionFully(ctx, inspection)) || (await visibleTargets(ctx, inspection)).length > 0;
}

/** A group: the inspecting side, or whoever sees one of the targets it inspects. */
export async function seesGroup(ctx: Context, group: InspectionGroup): Promise<boolean> {
  const inspection = await ctx.loaders.inspectionById.load(group.inspectionId);
  if (!inspection) return false;
  if (await seesInspectionFully(ctx, inspection)) return true;
  return (await visibleTargets(ctx, inspection)).some((t) => t.groupId === group.id);
}

/**
 * Who recorded a finding or a suggestion: the inspecting side (readers of the inspecting
 * unit and above) and the inspectors assigned to that target. The inspected unit hears
 * from the group, not from a named inspector.
 */
export async function seesInspectionAuthor(ctx: Context, inspectionId: number, unitId: number): Promise<boolean> {
  if ((await assignedTargets(ctx)).some((a) => a.inspectionId === inspectionId && a.unitId === unitId)) return true;
  return inspectsRound(ctx, inspectionId);
}
