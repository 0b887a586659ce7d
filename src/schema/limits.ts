// Query depth and cost limits. Depth is a validation rule (GraphQL Armor); cost is
// computed by graphql-query-complexity with connections weighted by their page size.
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { ApolloServerPlugin } from '@apollo/server';
import { getNullableType, GraphQLError, isListType, type GraphQLSchema, type ValidationContext } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { AppError } from '../errors';

/** Lists without a page size are assumed to hold about this many items. */
const UNBOUNDED_LIST_WEIGHT = 5;

const connectionEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  // A connection's edges are already weighted by its `first`.
  if (field.name === 'edges') return 1 + childComplexity;
  if (typeof args.first === 'number') return 1 + childComplexity * Math.max(args.first, 1);
  if (isListType(getNullableType(field.type))) return 1 + childComplexity * UNBOUNDED_LIST_WEIGHT;
  return undefined;
};

export const depthLimitRule = (maxDepth: number) =>
  maxDepthRule({
    n: maxDepth,
    ignoreIntrospection: true,
    flattenFragments: true,
    exposeLimits: true,
    // Report as a validation error instead of throwing out of validation (which Apollo turns into a 500).
    propagateOnRejection: false,
    onReject: [(context, error) => (context as ValidationContext | null)?.reportError(error)],
  });

export function costLimitPlugin(schema: () => GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if (!operation) return;
          const introspectionOnly = operation.selectionSet.selections.every(
            (s) => s.kind === 'Field' && s.name.value.startsWith('__'),
          );
          if (introspectionOnly) return;
          let cost: number;
          try {
            cost = getComplexity({
              schema: schema(),
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (err) {
            // Variables that do not fit their types: getComplexity throws graphql's coercion
            // error, which would otherwise be masked as an internal error. The client's fault.
            if (err instanceof GraphQLError) throw new AppError('BAD_USER_INPUT', err.message, { http: { status: 400 } });
            throw err;
          }
          if (cost > maxCost) {
            throw new AppError('BAD_USER_INPUT', `Query cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items per page or fewer nested lists`, {
              cost, limit: maxCost, http: { status: 400 },
            });
          }
        },
      };
    },
  };
}

