import { MaxLength } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Official, OrgUnit, Post } from '../../entities';
import { UnitLevel } from '../../schema/enums';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { CreateOrgUnitInput, OrgUnitFilter } from './org-unit.inputs';
import { orgUnitService } from './org-unit.service';
import { NotBlank } from '../../schema/validation';

const OrgUnitConnection = ConnectionType(OrgUnit);

@ArgsType()
class RenameArgs {
  @Field(() => ID)
  id!: string;

  @Field()
  @NotBlank()
  @MaxLength(100)
  name!: string;
}

@Resolver(() => OrgUnit)
export class OrgUnitResolver {
  @Query(() => OrgUnit, { nullable: true })
  orgUnit(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return orgUnitService.get(ctx, id);
  }

  @Query(() => OrgUnitConnection, { description: 'Units in tree order' })
  orgUnits(@Ctx() ctx: Context, @Args() page: PageArgs, @Arg('filter', () => OrgUnitFilter, { nullable: true }) filter?: OrgUnitFilter) {
    return orgUnitService.list(ctx, filter, page);
  }

  @FieldResolver(() => OrgUnit, { nullable: true })
  parent(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return unit.parentId ? ctx.loaders.unitById.load(unit.parentId) : null;
  }

  @FieldResolver(() => [OrgUnit], { description: 'Direct subordinate units, by name' })
  children(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return ctx.loaders.childrenByUnitId.load(unit.id);
  }

  @FieldResolver(() => [OrgUnit], { description: 'From the root (the city) down to the parent' })
  ancestors(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return orgUnitService.ancestors(ctx, unit);
  }

  @FieldResolver(() => OrgUnitConnection, { description: 'Every unit below this one, in tree order' })
  descendants(
    @Root() unit: OrgUnit, @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('level', () => UnitLevel, { nullable: true }) level?: UnitLevel,
  ) {
    return orgUnitService.descendants(ctx, unit, level, page);
  }

  @FieldResolver(() => [Official], { description: 'The directory: officials whose home unit this is' })
  officials(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return ctx.loaders.officialsByUnitId.load(unit.id);
  }

  @FieldResolver(() => [Post], { description: 'Posts held at this unit today' })
  posts(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return ctx.loaders.currentPostsByUnitId.load(unit.id);
  }

  @Mutation(() => OrgUnit, { description: 'ADMIN: create a unit under a parent one tier above' })
  createOrgUnit(@Ctx() ctx: Context, @Arg('input', () => CreateOrgUnitInput) input: CreateOrgUnitInput) {
    return orgUnitService.create(ctx, input);
  }

  @Mutation(() => OrgUnit, { description: 'ADMIN: rename a unit' })
  renameOrgUnit(@Ctx() ctx: Context, @Args() { id, name }: RenameArgs) {
    return orgUnitService.rename(ctx, id, name);
  }

  @Mutation(() => OrgUnit, { description: 'ADMIN: move a unit and its subtree under another parent in the same city' })
  moveOrgUnit(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('newParentId', () => ID) newParentId: string) {
    return orgUnitService.move(ctx, id, newParentId);
  }
}
