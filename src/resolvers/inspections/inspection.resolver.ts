import { IsOptional } from 'class-validator';
import {
  Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root,
} from 'type-graphql';
import type { Context } from '../../context';
import {
  Inspection, InspectionGroup, InspectionMember, InspectionSuggestion, InspectionTarget, Official, OrgUnit, Post, Problem,
} from '../../entities';
import { InspectionStatus, UnitKind, UnitLevel } from '../../schema/enums';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import {
  AddInspectionGroupInput, AddInspectionMemberInput, AddInspectionSuggestionInput, AddInspectionTargetInput, CreateInspectionInput,
  InspectionFilter, RecordInspectionFeedbackInput,
} from './inspection.inputs';
import { inspectionService, isActiveMember, type Coverage } from './inspection.service';
import { inspectionReads } from './inspection-reads';
import { IsDay } from '../../schema/validation';

const InspectionConnection = ConnectionType(Inspection);
const UncoveredUnitConnection = ConnectionType(OrgUnit, 'UncoveredUnit');

@ArgsType()
class CoverageArgs {
  @Field(() => ID, { description: 'The unit whose subtree is counted (the unit itself is not)' })
  unitId!: string;

  @Field(() => String, { nullable: true, description: 'First day of the cycle (YYYY-MM-DD); 1 January four years before this year when left out (a five-year term)' })
  @IsOptional()
  @IsDay()
  since?: string;
}

@ArgsType()
class EndMemberArgs {
  @Field(() => ID, { description: 'Global id of the membership' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Last day of access (YYYY-MM-DD, inclusive); yesterday when left out, so access ends at once' })
  @IsOptional()
  @IsDay()
  until?: string;
}

@ObjectType({ description: 'Coverage of one tier of the subtree' })
class InspectionCoverageLevel {
  @Field(() => UnitLevel, { description: '层级' }) level!: UnitLevel;
  @Field(() => Int, { description: 'Units of this tier below the unit' }) total!: number;
  @Field(() => Int, { description: 'Of those, the targets of a round of the cycle' }) covered!: number;
}

@ObjectType({ description: 'Coverage of one kind of unit (部门 / 乡镇街道 / 国企 ...) in the subtree' })
class InspectionCoverageKind {
  @Field(() => UnitKind, { description: '单位类别' }) kind!: UnitKind;
  @Field(() => Int, { description: 'Units of this kind below the unit, not grids' }) total!: number;
  @Field(() => Int, { description: 'Of those, the targets of a round of the cycle' }) covered!: number;
}

@ObjectType({ description: '巡察全覆盖: the units below a unit (down to communities; grids are inspected with their community) inspected in a cycle' })
class InspectionCoverage {
  @Field(() => OrgUnit, { description: 'The unit whose subtree is counted' }) unit!: OrgUnit;
  @Field({ description: 'First day of the cycle (YYYY-MM-DD); a round counts when it started between this day and today' })
  since!: string;

  @Field(() => Int, { description: 'Units strictly below the unit, not grids' }) total!: number;
  @Field(() => Int, { description: 'Of those, the targets of a round of the cycle' }) covered!: number;
  @Field(() => Float, { nullable: true, description: 'covered / total (0 to 1); null when there are no units below' }) share!: number | null;
  @Field(() => [InspectionCoverageLevel], { description: 'By tier, from districts down (every kind of unit on that tier)' }) levels!: InspectionCoverageLevel[];
  @Field(() => [InspectionCoverageKind], { description: 'By kind: area committees, departments, enterprises, institutions (those present)' }) kinds!: InspectionCoverageKind[];
}

@Resolver(() => Inspection)
export class InspectionResolver {
  @Query(() => Inspection, { nullable: true, description: 'An inspection round, if visible to you' })
  inspection(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the round' }) id: string) {
    return inspectionService.get(ctx, id);
  }

  @Query(() => InspectionConnection, {
    description: '巡察 rounds you see: of inspecting units in your scope, with a target in your scope, or with a target you are assigned to; newest first',
  })
  inspections(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => InspectionFilter, { nullable: true, description: 'Every round you see when omitted' }) filter?: InspectionFilter,
  ) {
    return inspectionService.list(ctx, filter, page);
  }

  @Query(() => InspectionCoverage, { description: '巡察覆盖率 of a subtree in a cycle (posts in scope and ANALYST in scope)' })
  inspectionCoverage(@Ctx() ctx: Context, @Args() { unitId, since }: CoverageArgs) {
    return inspectionService.coverage(ctx, unitId, since);
  }

  @FieldResolver(() => OrgUnit, { description: 'The inspecting unit' })
  unit(@Root() inspection: Inspection, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(inspection.unitId);
  }

  @FieldResolver(() => [InspectionGroup], { description: '巡察组: all of them for the inspecting side, else those inspecting the targets you see' })
  groups(@Root() inspection: Inspection, @Ctx() ctx: Context) {
    return inspectionReads.groups(ctx, inspection);
  }

  @FieldResolver(() => [InspectionTarget], { description: '巡察对象: all of them for the inspecting side, else those you see' })
  targets(@Root() inspection: Inspection, @Ctx() ctx: Context) {
    return inspectionReads.targets(ctx, inspection);
  }

  @FieldResolver(() => [Problem], { description: '发现的问题: the findings of the targets you see, oldest first' })
  findings(@Root() inspection: Inspection, @Ctx() ctx: Context) {
    return inspectionReads.findings(ctx, inspection);
  }

  @Mutation(() => Inspection, { description: 'OFFICE (巡察办) or SECRETARY of the inspecting unit: plan a round' })
  createInspection(@Ctx() ctx: Context, @Arg('input', () => CreateInspectionInput, { description: 'The round to plan' }) input: CreateInspectionInput) {
    return inspectionService.create(ctx, input);
  }

  @Mutation(() => Inspection, {
    description: 'OFFICE or SECRETARY of the inspecting unit: the next step (PLANNED → IN_PROGRESS → FEEDBACK → RECTIFICATION → CLOSED)',
  })
  advanceInspection(
    @Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the round' }) id: string,
    @Arg('to', () => InspectionStatus, { description: 'The next status (one step only)' }) to: InspectionStatus,
  ) {
    return inspectionService.advance(ctx, id, to);
  }

  @Mutation(() => InspectionGroup, { description: 'OFFICE or SECRETARY of the inspecting unit' })
  addInspectionGroup(@Ctx() ctx: Context, @Arg('input', () => AddInspectionGroupInput, { description: 'The round and the group\'s name' }) input: AddInspectionGroupInput) {
    return inspectionService.addGroup(ctx, input);
  }

  @Mutation(() => InspectionMember, { description: 'OFFICE or SECRETARY of the inspecting unit: an INSPECTOR post joins a group for a period' })
  addInspectionMember(@Ctx() ctx: Context, @Arg('input', () => AddInspectionMemberInput, { description: 'The group, the INSPECTOR post and the period' }) input: AddInspectionMemberInput) {
    return inspectionService.addMember(ctx, input);
  }

  @Mutation(() => InspectionMember, { description: 'OFFICE or SECRETARY of the inspecting unit: end a membership (and the access it gives)' })
  endInspectionMember(@Ctx() ctx: Context, @Args() { id, until }: EndMemberArgs) {
    return inspectionService.endMember(ctx, id, until);
  }

  @Mutation(() => InspectionTarget, { description: 'OFFICE or SECRETARY of the inspecting unit: a unit below it, inspected by one of the round\'s groups' })
  addInspectionTarget(@Ctx() ctx: Context, @Arg('input', () => AddInspectionTargetInput, { description: 'The round, the unit and the group' }) input: AddInspectionTargetInput) {
    return inspectionService.addTarget(ctx, input);
  }

  @Mutation(() => InspectionTarget, { description: 'OFFICE of the inspecting unit: record the feedback to the committee or to the principal (双反馈)' })
  recordInspectionFeedback(
    @Ctx() ctx: Context, @Arg('input', () => RecordInspectionFeedbackInput, { description: 'The target, the recipient and the feedback' }) input: RecordInspectionFeedbackInput) {
    return inspectionService.recordFeedback(ctx, input);
  }

  @Mutation(() => InspectionSuggestion, { description: 'An INSPECTOR assigned to the target: a suggestion (整改意见建议)' })
  addInspectionSuggestion(
    @Ctx() ctx: Context, @Arg('input', () => AddInspectionSuggestionInput, { description: 'The target and the suggestion' }) input: AddInspectionSuggestionInput) {
    return inspectionService.addSuggestion(ctx, input);
  }
}

@Resolver(() => InspectionCoverage)
export class InspectionCoverageResolver {
  @FieldResolver(() => UncoveredUnitConnection, { description: 'The units not inspected in the cycle, in tree order' })
  uncovered(
    @Root() coverage: InspectionCoverage, @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('kind', () => UnitKind, { nullable: true, description: 'Only units of this kind' }) kind?: UnitKind,
  ) {
    return inspectionService.uncovered(ctx, coverage as Coverage, page, kind);
  }
}

@Resolver(() => InspectionGroup)
export class InspectionGroupResolver {
  @FieldResolver(() => Inspection, { description: 'The round' })
  inspection(@Root() group: InspectionGroup, @Ctx() ctx: Context) {
    return ctx.loaders.inspectionById.load(group.inspectionId);
  }

  @FieldResolver(() => [InspectionMember], { description: 'Every membership, past and current, by first day' })
  members(@Root() group: InspectionGroup, @Ctx() ctx: Context) {
    return ctx.loaders.inspectionMembersByGroupId.load(group);
  }

  @FieldResolver(() => [InspectionTarget], { description: 'The targets it inspects that you see' })
  targets(@Root() group: InspectionGroup, @Ctx() ctx: Context) {
    return inspectionReads.groupTargets(ctx, group);
  }
}

@Resolver(() => InspectionMember)
export class InspectionMemberResolver {
  @FieldResolver(() => Post, { description: 'The INSPECTOR post' })
  post(@Root() member: InspectionMember, @Ctx() ctx: Context) {
    return ctx.loaders.postById.load(member.postId);
  }

  @FieldResolver(() => InspectionGroup, { description: 'The group' })
  group(@Root() member: InspectionMember, @Ctx() ctx: Context) {
    return ctx.loaders.inspectionGroupById.load(member.groupId);
  }

  @FieldResolver(() => Boolean, { description: 'The membership gives access today' })
  active(@Root() member: InspectionMember): boolean {
    return isActiveMember(member);
  }
}

@Resolver(() => InspectionTarget)
export class InspectionTargetResolver {
  @FieldResolver(() => Inspection, { description: 'The round' })
  inspection(@Root() target: InspectionTarget, @Ctx() ctx: Context) {
    return ctx.loaders.inspectionById.load(target.inspectionId);
  }

  @FieldResolver(() => OrgUnit, { description: 'The inspected unit' })
  unit(@Root() target: InspectionTarget, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(target.unitId);
  }

  @FieldResolver(() => InspectionGroup, { description: 'The group that inspects it' })
  group(@Root() target: InspectionTarget, @Ctx() ctx: Context) {
    return ctx.loaders.inspectionGroupById.load(target.groupId);
  }

  @FieldResolver(() => Boolean, { description: '双反馈 complete: delivered to both the committee and the principal' })
  dualFeedback(@Root() target: InspectionTarget): boolean {
    return target.feedbackToCommitteeAt !== null && target.feedbackToPrincipalAt !== null;
  }

  @FieldResolver(() => [InspectionSuggestion], { description: '意见建议, oldest first' })
  suggestions(@Root() target: InspectionTarget, @Ctx() ctx: Context) {
    return ctx.loaders.suggestionsByTargetId.load(target);
  }

  @FieldResolver(() => [Problem], { description: 'The findings on this target, oldest first' })
  problems(@Root() target: InspectionTarget, @Ctx() ctx: Context) {
    return inspectionReads.targetProblems(ctx, target);
  }
}

@Resolver(() => InspectionSuggestion)
export class InspectionSuggestionResolver {
  @FieldResolver(() => InspectionTarget, { description: 'The inspected target it was given to' })
  target(@Root() suggestion: InspectionSuggestion, @Ctx() ctx: Context) {
    return ctx.loaders.inspectionTargetById.load(suggestion.targetId);
  }

  @FieldResolver(() => Official, { nullable: true, description: 'The inspector (the inspecting side and the target\'s inspectors only)' })
  createdBy(@Root() suggestion: InspectionSuggestion, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(suggestion.createdByOfficialId);
  }
}
