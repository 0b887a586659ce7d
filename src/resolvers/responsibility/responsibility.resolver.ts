import { IsOptional, MaxLength, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Domain, Official, OrgUnit, Post, ResponsibilityItem, ResponsibilityLetter, ResponsibilityList } from '../../entities';
import { ChainRole, LetterStatus } from '../../schema/enums';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { chainService } from './chain.service';
import { letterService } from './letter.service';
import { listService } from './list.service';
import {
  AddResponsibilityItemInput, CreateResponsibilityListInput, IssueResponsibilityLetterInput, ResponsibilityLetterFilter,
  ResponsibilityListFilter,
} from './responsibility.inputs';
import { IsDay, NotBlank } from '../../schema/validation';

const ResponsibilityListConnection = ConnectionType(ResponsibilityList);
const ResponsibilityLetterConnection = ConnectionType(ResponsibilityLetter);

@ArgsType()
class ItemContentArgs {
  @Field(() => ID, { description: 'Global id of the item' })
  id!: string;

  @Field({ description: '事项内容: the new text, at most 2,000 characters' })
  @NotBlank()
  @MaxLength(2000)
  content!: string;
}

@ArgsType()
class MoveItemArgs {
  @Field(() => ID, { description: 'Global id of the item' })
  id!: string;

  @Field(() => Int, { description: 'The new position, from 1' })
  @Min(1)
  position!: number;
}

@ArgsType()
class ChainArgs {
  @Field(() => ID, { description: 'The unit where the chain starts' })
  unitId!: string;

  @Field(() => ID, { description: '领域 The domain whose team member in charge is wanted at each tier' })
  domainId!: string;

  @Field(() => String, { nullable: true, description: 'The day to look at (YYYY-MM-DD); today if left out' })
  @IsOptional()
  @IsDay()
  asOf?: string;
}

@ObjectType({ description: 'A subordinate unit or team member without a signed letter for the year' })
class LetterGap {
  @Field(() => OrgUnit, { nullable: true, description: 'The direct subordinate unit (for a unit letter)' })
  unit!: OrgUnit | null;

  @Field(() => Post, { nullable: true, description: 'The team member\'s post (for a personal letter)' })
  post!: Post | null;

  @Field(() => ResponsibilityLetter, { nullable: true, description: 'The letter, if issued' })
  letter!: ResponsibilityLetter | null;

  @Field(() => LetterStatus, { description: 'NOT_ISSUED or UNSIGNED (signed letters are not gaps)' })
  status!: LetterStatus;
}

@ObjectType({ description: 'One tier of the responsibility chain, as held on the day asked' })
class ChainTier {
  @Field(() => OrgUnit, { description: 'The unit of this tier, as it was on the day' })
  unit!: OrgUnit;

  @Field(() => Post, { nullable: true, description: '主要负责人 (SECRETARY); null when vacant' })
  principal!: Post | null;

  @Field(() => [Post], { description: '分管该领域的班子成员; empty when nobody is in charge' })
  inCharge!: Post[];

  @Field(() => Post, { nullable: true, description: '纪检负责人 (DISCIPLINE); null when vacant' })
  disciplineHead!: Post | null;

  @Field(() => [Post], { description: '党委(党组) 班子: SECRETARY, TEAM_MEMBER and DISCIPLINE posts' })
  committee!: Post[];

  @Field(() => [ChainRole], { description: 'The holders missing at this tier' })
  missing!: ChainRole[];
}

@Resolver(() => ResponsibilityList)
export class ResponsibilityListResolver {
  @Query(() => ResponsibilityListConnection, { description: '责任清单 of units in your scope, newest year first' })
  responsibilityLists(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => ResponsibilityListFilter, { nullable: true, description: 'Every visible list when omitted' }) filter?: ResponsibilityListFilter,
  ) {
    return listService.list(ctx, filter, page);
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit whose list it is' })
  unit(@Root() list: ResponsibilityList, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(list.unitId);
  }

  @FieldResolver(() => [ResponsibilityItem], { description: 'In order: adopted items, then local ones' })
  items(@Root() list: ResponsibilityList, @Ctx() ctx: Context) {
    return ctx.loaders.itemsByListId.load(list);
  }

  @Mutation(() => ResponsibilityList, { description: 'OFFICE or SECRETARY of the unit' })
  createResponsibilityList(@Ctx() ctx: Context, @Arg('input', () => CreateResponsibilityListInput, { description: 'The unit, year, subject and title' }) input: CreateResponsibilityListInput) {
    return listService.create(ctx, input);
  }

  @Mutation(() => ResponsibilityList, { description: 'Publish to the tier below, which may then adopt the items' })
  publishResponsibilityList(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the list (unpublished, with items)' }) id: string) {
    return listService.publish(ctx, id);
  }

  @Mutation(() => ResponsibilityItem, { description: 'Add a local item at the end' })
  addResponsibilityItem(@Ctx() ctx: Context, @Arg('input', () => AddResponsibilityItemInput, { description: 'The list and the item\'s text' }) input: AddResponsibilityItemInput) {
    return listService.addItem(ctx, input);
  }

  @Mutation(() => ResponsibilityItem, { description: 'OFFICE or SECRETARY of the unit: change an item\'s text (an adopted item too)' })
  updateResponsibilityItem(@Ctx() ctx: Context, @Args() { id, content }: ItemContentArgs) {
    return listService.updateItem(ctx, id, content);
  }

  @Mutation(() => ResponsibilityList, { description: 'Move an item; the others close up around it' })
  moveResponsibilityItem(@Ctx() ctx: Context, @Args() { id, position }: MoveItemArgs) {
    return listService.moveItem(ctx, id, position);
  }

  @Mutation(() => ResponsibilityList, { description: 'OFFICE or SECRETARY of the unit: delete an item; the others close up' })
  removeResponsibilityItem(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the item' }) id: string) {
    return listService.removeItem(ctx, id);
  }

  @Mutation(() => ResponsibilityList, { description: '"1+X": adopt the published items of the same list of the tier above' })
  adoptParentResponsibilityItems(
    @Ctx() ctx: Context, @Arg('listId', () => ID, { description: 'The adopting list: the parent unit\'s list of its year and subject must be published' }) listId: string) {
    return listService.adoptParentItems(ctx, listId);
  }
}

@Resolver(() => ResponsibilityItem)
export class ResponsibilityItemResolver {
  @FieldResolver(() => Boolean, { description: 'Adopted from the tier above (the "1" of "1+X")' })
  adopted(@Root() item: ResponsibilityItem): boolean {
    return item.sourceItemId !== null;
  }

  @FieldResolver(() => OrgUnit, { nullable: true, description: 'The unit whose list it was adopted from' })
  sourceUnit(@Root() item: ResponsibilityItem, @Ctx() ctx: Context) {
    return item.sourceUnitId ? ctx.loaders.unitById.load(item.sourceUnitId) : null;
  }

  @FieldResolver(() => OrgUnit, {
    description: '来源单位: the unit where the item started, through every tier of adoption (a city item adopted by a district, '
      + 'then a street, names the city); a local item\'s own unit. Units are directory information; the item is read with its list',
  })
  originUnit(@Root() item: ResponsibilityItem, @Ctx() ctx: Context) {
    return listService.originUnit(ctx, item);
  }
}

@Resolver(() => ResponsibilityLetter)
export class ResponsibilityLetterResolver {
  @Query(() => ResponsibilityLetterConnection, { description: '责任书 to or from units in your scope' })
  responsibilityLetters(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => ResponsibilityLetterFilter, { nullable: true, description: 'Every visible letter when omitted' }) filter?: ResponsibilityLetterFilter,
  ) {
    return letterService.list(ctx, filter, page);
  }

  @Query(() => [LetterGap], { description: 'Direct subordinates and current team members of a unit without a signed letter for the year' })
  responsibilityLetterGaps(
    @Ctx() ctx: Context, @Arg('unitId', () => ID, { description: 'The issuing unit, in your scope' }) unitId: string,
    @Arg('year', () => Int, { description: '年度' }) year: number,
  ) {
    return letterService.gaps(ctx, unitId, year);
  }

  @FieldResolver(() => OrgUnit, { description: 'The issuing unit' })
  unit(@Root() letter: ResponsibilityLetter, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(letter.unitId);
  }

  @FieldResolver(() => Post, { nullable: true, description: 'The issuing SECRETARY post (null for a committee letter)' })
  issuerPost(@Root() letter: ResponsibilityLetter, @Ctx() ctx: Context) {
    return letter.issuerPostId ? ctx.loaders.postById.load(letter.issuerPostId) : null;
  }

  @FieldResolver(() => Post, { nullable: true, description: 'The signing team member\'s post (personal letters)' })
  signerPost(@Root() letter: ResponsibilityLetter, @Ctx() ctx: Context) {
    return letter.signerPostId ? ctx.loaders.postById.load(letter.signerPostId) : null;
  }

  @FieldResolver(() => OrgUnit, { description: 'The signing unit (the issuing unit itself for a team member)' })
  signerUnit(@Root() letter: ResponsibilityLetter, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(letter.signerUnitId);
  }

  @FieldResolver(() => Official, { nullable: true, description: 'Who signed' })
  signedBy(@Root() letter: ResponsibilityLetter, @Ctx() ctx: Context) {
    return letter.signedByOfficialId ? ctx.loaders.officialById.load(letter.signedByOfficialId) : null;
  }

  @Mutation(() => ResponsibilityLetter, { description: 'The unit\'s SECRETARY (or, for the committee, its SECRETARY or OFFICE)' })
  issueResponsibilityLetter(@Ctx() ctx: Context, @Arg('input', () => IssueResponsibilityLetterInput, { description: 'The issuing unit, the counterpart, year and content' }) input: IssueResponsibilityLetterInput) {
    return letterService.issue(ctx, input);
  }

  @Mutation(() => ResponsibilityLetter, { description: 'The addressed team member, or the SECRETARY of the addressed unit' })
  signResponsibilityLetter(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the letter (not yet signed)' }) id: string) {
    return letterService.sign(ctx, id);
  }
}

@Resolver()
export class ChainResolver {
  @Query(() => [ChainTier], { description: '责任链: from the unit up to its city, who held each responsibility on asOf' })
  responsibilityChain(@Ctx() ctx: Context, @Args() { unitId, domainId, asOf }: ChainArgs) {
    return chainService.chain(ctx, unitId, domainId, asOf);
  }

  @Query(() => [Domain], { description: 'Domains no current TEAM_MEMBER of the unit is in charge of' })
  uncoveredDomains(@Ctx() ctx: Context, @Arg('unitId', () => ID, { description: 'The unit' }) unitId: string) {
    return chainService.uncoveredDomains(ctx, unitId);
  }
}
