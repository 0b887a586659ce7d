import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Domain } from '../../entities';
import { Node } from '../../schema/node';
import { nodeService } from './node.service';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any record by its global id; null when absent or out of scope' })
  node(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return nodeService.get(ctx, id);
  }

  @Query(() => [Domain], { description: '领域 reference data' })
  domains(@Ctx() ctx: Context) {
    return nodeService.domains(ctx);
  }
}
