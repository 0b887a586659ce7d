import { IsOptional, MaxLength } from 'class-validator';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Official, OrgUnit, OrgUnitChange, Post } from '../../entities';
import { UnitKind, UnitLevel } from '../../schema/enums';
import { nestedDepth } from '../../schema/lookahead';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { CreateOrgUnitInput, MergeOrgUnitInput, OrgUnitFilter, SplitOrgUnitInput, TreeChangeInput } from './org-unit.inputs';
import { dayBelow, orgHistory, pastDay } from './org-history';
import { orgUnitService } from './org-unit.service';
import { IsDay, NotBlank } from '../../schema/validation';

const OrgUnitConnection = ConnectionType(OrgUnit);

@ArgsType()
class RenameArgs {
  @Field(() => ID, { description: 'The unit (open)' })
  id!: string;

  @Field({ description: 'The new name, at most 100 characters' })
  @NotBlank()
  @MaxLength(100)
  name!: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD it took effect (today when omitted)' })
  @IsOptional()
  @IsDay()
  effectiveOn?: string | null;
}

const AS_OF = { nullable: true, description: 'YYYY-MM-DD: the tree as it was that day (today\'s when omitted)' } as const;

@Resolver(() => OrgUnit)
export class OrgUnitResolver {
  @Query(() => OrgUnit, { nullable: true, description: 'A unit; with asOf, as it was that day (null if it did not exist or was closed then)' })
  orgUnit(
    @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo, @Arg('id', () => ID, { description: 'Global id of the unit' }) id: string,
    @Arg('asOf', () => String, AS_OF) asOf?: string,
  ) {
    const day = pastDay(asOf);
    return day ? orgUnitService.get(ctx, id, day) : orgUnitService.getWithTiers(ctx, id, nestedDepth(info, 'children') - 1);
  }

  @Query(() => OrgUnitConnection, { description: 'Units in tree order; with asOf, those open that day, as they were' })
  orgUnits(
    @Ctx() ctx: Context, @Args() page: PageArgs, @Arg('filter', () => OrgUnitFilter, { nullable: true, description: 'All units open today (or on asOf) when omitted' }) filter?: OrgUnitFilter,
    @Arg('asOf', () => String, AS_OF) asOf?: string,
  ) {
    return orgUnitService.list(ctx, filter, page, pastDay(asOf));
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: '上级 The unit one tier above (on asOf, that day\'s); null for a city' })
  parent(@Root() unit: OrgUnit, @Ctx() ctx: Context, @Arg('asOf', () => String, AS_OF) asOf?: string) {
    const day = dayBelow(unit, asOf);
    if (day) return orgHistory.parent(ctx, unit, day);
    return unit.parentId ? ctx.loaders.unitById.load(unit.parentId) : null;
  }

  @FieldResolver(() => [OrgUnit], { description: 'Direct subordinate units open today (or on asOf), by name' })
  children(@Root() unit: OrgUnit, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo, @Arg('asOf', () => String, AS_OF) asOf?: string) {
    const day = dayBelow(unit, asOf);
    return day ? orgHistory.children(ctx, unit, day) : orgUnitService.children(ctx, unit, nestedDepth(info, 'children'));
  }

  @FieldResolver(() => [OrgUnit], { description: 'From the root (the city) down to the parent' })
  ancestors(@Root() unit: OrgUnit, @Ctx() ctx: Context, @Arg('asOf', () => String, AS_OF) asOf?: string) {
    const day = dayBelow(unit, asOf);
    return day ? orgHistory.ancestors(ctx, unit, day) : orgUnitService.ancestors(ctx, unit);
  }

  @FieldResolver(() => OrgUnitConnection, { description: 'Every unit below this one, in tree order (open today, or on asOf)' })
  descendants(
    @Root() unit: OrgUnit, @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('level', () => UnitLevel, { nullable: true, description: 'Only units of this tier' }) level?: UnitLevel,
    @Arg('kind', () => UnitKind, { nullable: true, description: 'Only units of this kind (departments, enterprises, ...)' }) kind?: UnitKind,
    @Arg('asOf', () => String, AS_OF) asOf?: string,
  ) {
    const day = dayBelow(unit, asOf);
    return day ? orgHistory.descendants(ctx, unit, day, { level, kind }, page) : orgUnitService.descendants(ctx, unit, { level, kind }, page);
  }

  @FieldResolver(() => [OrgUnitChange], { description: '组织调整: the changes recorded for this unit, in the order they took effect' })
  history(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return orgHistory.history(ctx, unit);
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: 'A merged unit\'s successor' })
  successor(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return unit.successorId ? ctx.loaders.unitById.load(unit.successorId) : null;
  }

  @FieldResolver(() => [Official], { description: 'The directory: officials whose home unit this is' })
  officials(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return ctx.loaders.officialsByUnitId.load(unit);
  }

  @FieldResolver(() => [Post], { description: 'Posts held at this unit today' })
  posts(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return ctx.loaders.currentPostsByUnitId.load(unit);
  }

  @Mutation(() => OrgUnit, { description: 'ADMIN: create a unit under a parent (an area unit one tier below; a department, enterprise or institution under a city, district or street)' })
  createOrgUnit(@Ctx() ctx: Context, @Arg('input', () => CreateOrgUnitInput, { description: 'The new unit and its parent' }) input: CreateOrgUnitInput) {
    return orgUnitService.create(ctx, input);
  }

  @Mutation(() => OrgUnit, { description: 'ADMIN: rename a unit from effectiveOn (today when omitted)' })
  renameOrgUnit(@Ctx() ctx: Context, @Args() { id, name, effectiveOn }: RenameArgs) {
    return orgUnitService.rename(ctx, id, name, effectiveOn);
  }

  @Mutation(() => OrgUnit, { description: 'ADMIN: move a unit and its subtree under another parent in the same city, from effectiveOn (today when omitted)' })
  moveOrgUnit(
    @Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The unit to move (not a city)' }) id: string,
    @Arg('newParentId', () => ID, { description: 'The new parent: open, in the same city, one tier above the unit' }) newParentId: string,
    @Arg('effectiveOn', () => String, { nullable: true, description: 'YYYY-MM-DD it took effect' }) effectiveOn?: string,
  ) {
    return orgUnitService.move(ctx, id, newParentId, effectiveOn);
  }

  @Mutation(() => OrgUnit, { description: 'ADMIN: 撤并, close a unit (with no open units below it) into a successor of its tier and kind' })
  mergeOrgUnit(@Ctx() ctx: Context, @Arg('input', () => MergeOrgUnitInput, { description: 'The unit, its successor and the day' }) input: MergeOrgUnitInput) {
    return orgUnitService.merge(ctx, input.id, input.successorId, input.effectiveOn);
  }

  @Mutation(() => [OrgUnit], { description: 'ADMIN: 拆分, create units beside a unit, split from it (close the predecessor apart if it ends)' })
  splitOrgUnit(@Ctx() ctx: Context, @Arg('input', () => SplitOrgUnitInput, { description: 'The predecessor, the new names and the day' }) input: SplitOrgUnitInput) {
    return orgUnitService.split(ctx, input.id, input.names, input.effectiveOn);
  }

  @Mutation(() => OrgUnit, { description: 'ADMIN: 撤销, close a unit with no open units below it; its records stay where they are' })
  closeOrgUnit(@Ctx() ctx: Context, @Arg('input', () => TreeChangeInput, { description: 'The unit and the day' }) input: TreeChangeInput) {
    return orgUnitService.close(ctx, input.id, input.effectiveOn);
  }
}

@Resolver(() => OrgUnitChange)
export class OrgUnitChangeResolver {
  @FieldResolver(() => OrgUnit, { description: 'The unit changed' })
  unit(@Root() change: OrgUnitChange, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(change.unitId);
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: 'The parent before a move, merge or closure' })
  fromParent(@Root() change: OrgUnitChange, @Ctx() ctx: Context) {
    return change.fromParentId ? ctx.loaders.unitById.load(change.fromParentId) : null;
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: 'The parent after a move, or at creation' })
  toParent(@Root() change: OrgUnitChange, @Ctx() ctx: Context) {
    return change.toParentId ? ctx.loaders.unitById.load(change.toParentId) : null;
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: 'MERGE: the successor (or, on the successor, the merged unit); SPLIT: the predecessor (or, on the predecessor, the new unit)' })
  relatedUnit(@Root() change: OrgUnitChange, @Ctx() ctx: Context) {
    return change.relatedUnitId ? ctx.loaders.unitById.load(change.relatedUnitId) : null;
  }
}
