// The parts of a round a viewer sees (auth/inspection-scope.ts): the inspecting side
// reads everything; the others read the targets they see, the groups inspecting them
// and those targets' findings. Rows come from batched loaders (one statement per kind
// for a whole page), the filter runs on rows already loaded.
import type DataLoader from 'dataloader';
import {
  seesInspection, seesInspectionFully, seesProblem, seesTarget, visibleTargets,
} from '../../auth/inspection-scope';
import type { Context } from '../../context';
import type { Inspection, InspectionGroup, InspectionTarget, Problem } from '../../entities';

async function filterBy<T>(rows: T[], sees: (row: T) => Promise<boolean>): Promise<T[]> {
  const seen = await Promise.all(rows.map(sees));
  return rows.filter((_, i) => seen[i]);
}

/** Rows loaded in a batch by their parent, handed to the by-id loaders that rules and nested fields use. */
function primed<T extends { id: number }>(loader: DataLoader<number, T | null>, rows: T[]): T[] {
  for (const row of rows) loader.prime(row.id, row);
  return rows;
}

export const inspectionReads = {
  async targets(ctx: Context, inspection: Inspection): Promise<InspectionTarget[]> {
    return primed(ctx.loaders.inspectionTargetById, await visibleTargets(ctx, inspection));
  },

  async groups(ctx: Context, inspection: Inspection): Promise<InspectionGroup[]> {
    const [groups, full, targets] = await Promise.all([
      ctx.loaders.inspectionGroupsByInspectionId.load(inspection).then((rows) => primed(ctx.loaders.inspectionGroupById, rows)),
      seesInspectionFully(ctx, inspection),
      visibleTargets(ctx, inspection),
    ]);
    if (full) return groups;
    const inspecting = new Set(targets.map((t) => t.groupId));
    return groups.filter((g) => inspecting.has(g.id));
  },

  async groupTargets(ctx: Context, group: InspectionGroup): Promise<InspectionTarget[]> {
    const inspection = await ctx.loaders.inspectionById.load(group.inspectionId);
    return inspection ? (await visibleTargets(ctx, inspection)).filter((t) => t.groupId === group.id) : [];
  },

  async findings(ctx: Context, inspection: Inspection): Promise<Problem[]> {
    const findings = await ctx.loaders.findingsByInspectionId.load(inspection);
    return primed(ctx.loaders.problemById, await filterBy(findings, (p) => seesProblem(ctx, p)));
  },

  async targetProblems(ctx: Context, target: InspectionTarget): Promise<Problem[]> {
    const findings = await ctx.loaders.findingsByInspectionId.load({ cityId: target.cityId, id: target.inspectionId });
    return primed(ctx.loaders.problemById, await filterBy(findings.filter((p) => p.unitId === target.unitId), (p) => seesProblem(ctx, p)));
  },

  /** A finding's round (null for other problems, or a round the viewer does not see). */
  async problemInspection(ctx: Context, problem: Problem): Promise<Inspection | null> {
    const inspection = problem.inspectionId === null ? null : await ctx.loaders.inspectionById.load(problem.inspectionId);
    return inspection && (await seesInspection(ctx, inspection)) ? inspection : null;
  },

  /** A finding's target: the round's target at the problem's unit. */
  async problemTarget(ctx: Context, problem: Problem): Promise<InspectionTarget | null> {
    if (problem.inspectionId === null) return null;
    const targets = await ctx.loaders.inspectionTargetsByInspectionId.load({ cityId: problem.cityId, id: problem.inspectionId });
    const target = targets.find((t) => t.unitId === problem.unitId);
    return target && (await seesTarget(ctx, target)) ? target : null;
  },
};
