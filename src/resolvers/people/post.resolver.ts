import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { inPeriod } from '../../clock';
import type { Context } from '../../context';
import { Domain, Official, OrgUnit, Post } from '../../entities';
import { IsDay } from '../../schema/validation';
import { CreatePostInput } from './people.inputs';
import { officialService } from './official.service';

@ArgsType()
class EndPostArgs {
  @Field(() => ID, { description: 'Global id of the post' })
  id!: string;

  @Field({ description: 'Last day held (YYYY-MM-DD)' })
  @IsDay()
  until!: string;
}

@Resolver(() => Post)
export class PostResolver {
  @FieldResolver(() => Official, { description: 'The official holding the post' })
  official(@Root() post: Post, @Ctx() ctx: Context) {
    // Read with the post (a join) when it was: no batch, no promise.
    return post.official ?? ctx.loaders.officialById.load(post.officialId);
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit where the post is held' })
  unit(@Root() post: Post, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(post.unitId);
  }

  @FieldResolver(() => [Domain], { description: '分管领域 (TEAM_MEMBER posts)' })
  domains(@Root() post: Post, @Ctx() ctx: Context) {
    return ctx.loaders.domainsByPostId.load(post.id);
  }

  @FieldResolver(() => Boolean, { description: 'Held today' })
  current(@Root() post: Post): boolean {
    return inPeriod(post);
  }

  @Mutation(() => Post, { description: 'ADMIN: appoint an official to a post' })
  createPost(@Ctx() ctx: Context, @Arg('input', () => CreatePostInput, { description: 'The official, unit, role and period' }) input: CreatePostInput) {
    return officialService.createPost(ctx, input);
  }

  @Mutation(() => Post, { description: 'ADMIN: end a post on a day (the post and its history stay)' })
  endPost(@Ctx() ctx: Context, @Args() { id, until }: EndPostArgs) {
    return officialService.endPost(ctx, id, until);
  }
}
