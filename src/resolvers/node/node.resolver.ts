import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Domain } from '../../entities';
import { Node } from '../../schema/node';
import { MAX_NODES, nodeService } from './node.service';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any record by its global id; null when absent or out of scope' })
  node(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'A global id, as any record\'s id field gives it' }) id: string) {
    return nodeService.get(ctx, id);
  }

  @Query(() => [Node], {
    nullable: 'items', description: `Records by their global ids, in the order asked (at most ${MAX_NODES}); null for each one absent or out of scope`,
  })
  nodes(@Ctx() ctx: Context, @Arg('ids', () => [ID], { description: 'Global ids, of any types' }) ids: string[]) {
    return nodeService.many(ctx, ids);
  }

  @Query(() => [Domain], { description: '领域 reference data' })
  domains(@Ctx() ctx: Context) {
    return nodeService.domains(ctx);
  }
}
