import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Account, Official, OrgUnit, Post } from '../../entities';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { CreateAccountInput, CreateOfficialInput, OfficialFilter } from './people.inputs';
import { officialService } from './official.service';

const OfficialConnection = ConnectionType(Official);

@Resolver(() => Official)
export class OfficialResolver {
  @Query(() => Official, { nullable: true, description: 'The signed-in official, with current posts' })
  viewer(@Ctx() ctx: Context) {
    return officialService.viewer(ctx);
  }

  @Query(() => Official, { nullable: true, description: '干部 An official of the directory by global id; null when absent' })
  official(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the official' }) id: string) {
    return officialService.get(ctx, id);
  }

  @Query(() => OfficialConnection, { description: 'The directory of officials, by name' })
  officials(@Ctx() ctx: Context, @Args() page: PageArgs, @Arg('filter', () => OfficialFilter, { nullable: true, description: 'Every official when omitted' }) filter?: OfficialFilter) {
    return officialService.list(ctx, filter, page);
  }

  @FieldResolver(() => OrgUnit, { description: 'Home unit' })
  unit(@Root() official: Official, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(official.unitId);
  }

  @FieldResolver(() => [Post], { description: 'Posts held today; with includeEnded, every post ever held' })
  posts(@Root() official: Official, @Ctx() ctx: Context, @Arg('includeEnded', { defaultValue: false, description: 'Every post ever held (ended and future ones too), by first day' }) includeEnded: boolean) {
    return (includeEnded ? ctx.loaders.allPostsByOfficialId : ctx.loaders.currentPostsByOfficialId).load(official);
  }

  @FieldResolver(() => Account, { nullable: true, description: 'Sign-in account (the official and ADMIN in scope)' })
  account(@Root() official: Official, @Ctx() ctx: Context) {
    return officialService.account(ctx, official);
  }

  @Mutation(() => Official, { description: 'ADMIN: add an official to a unit\'s directory' })
  createOfficial(@Ctx() ctx: Context, @Arg('input', () => CreateOfficialInput, { description: 'The new official' }) input: CreateOfficialInput) {
    return officialService.create(ctx, input);
  }

  @Mutation(() => Account, { description: 'ADMIN: give an official a sign-in account' })
  createAccount(@Ctx() ctx: Context, @Arg('input', () => CreateAccountInput, { description: 'The official, username and first password' }) input: CreateAccountInput) {
    return officialService.createAccount(ctx, input);
  }

  @Mutation(() => Boolean, {
    description: 'Sign out everywhere: every token of the account stops working at once (your own account, or as ADMIN one in your subtree)',
  })
  signOutEverywhere(@Ctx() ctx: Context, @Arg('accountId', () => ID, { nullable: true, description: 'Yours when omitted' }) accountId?: string) {
    return officialService.endSessions(ctx, accountId ?? null);
  }

  @Mutation(() => Account, { description: 'ADMIN: deactivate or re-activate an account (re-activating lifts a lock-out); either ends its sessions' })
  setAccountActive(
    @Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the account' }) id: string,
    @Arg('active', { description: 'True to re-activate, false to deactivate' }) active: boolean,
  ) {
    return officialService.setAccountActive(ctx, id, active);
  }
}
