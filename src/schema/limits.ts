// Query limits: depth, aliases and directives are validation rules (GraphQL Armor),
// tokens a parse option (graphql-js), and cost is computed by graphql-query-complexity
// with connections weighted by their page size and reported on every response
// (extensions.cost). outcomePlugin feeds the request's metrics and log line.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { ApolloServerPlugin } from '@apollo/server';
import { getNullableType, GraphQLError, isListType, type DocumentNode, type GraphQLSchema, type ValidationContext } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { AppError } from '../errors';
import { DEFAULT_PAGE_SIZE } from './pagination';
import type { Metrics } from '../metrics';
import { requestScope } from '../request-scope';

/**
 * The most items one bulk form takes (src/resolvers/bulk): the seeds' largest batch is 64
 * letters; a batch is one transaction, so it stays small enough to hold its locks briefly.
 */
export const MAX_BATCH_ITEMS = 100;

/** Lists without a page size are assumed to hold about this many items. */
const UNBOUNDED_LIST_WEIGHT = 5;

const connectionEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  // A connection's edges are already weighted by its `first`.
  if (field.name === 'edges') return 1 + childComplexity;
  // A connection's page: first or last, else the default size.
  if (field.args.some((a) => a.name === 'first')) {
    const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
    return 1 + childComplexity * Math.max(size, 1);
  }
  if (isListType(getNullableType(field.type))) return 1 + childComplexity * UNBOUNDED_LIST_WEIGHT;
  return undefined;
};

// Report as a validation error instead of throwing out of validation (which Apollo turns into a 500).
const reportRejection = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [(context: unknown, error: GraphQLError) => (context as ValidationContext | null)?.reportError(error)],
};

export const depthLimitRule = (maxDepth: number) =>
  maxDepthRule({ n: maxDepth, ignoreIntrospection: true, flattenFragments: true, ...reportRejection });

export const aliasLimitRule = (maxAliases: number) => maxAliasesRule({ n: maxAliases, ...reportRejection });

export const directiveLimitRule = (maxDirectives: number) => maxDirectivesRule({ n: maxDirectives, ...reportRejection });

// A document's cost by operation and variables: Apollo keeps one parsed document per query
// text, and a dashboard sends the same few variables again and again. Walking the document
// for its cost took a tenth of a small request's CPU. Bounded per document; large variables
// (a bulk form's rows) are not kept.
const costs = new WeakMap<DocumentNode, Map<string, number>>();
const COSTS_PER_DOCUMENT = 64;
const COST_KEY_LONGEST = 1_024;

function costOf(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>, compute: () => number): number {
  const key = `${operationName ?? ''} ${JSON.stringify(variables)}`;
  if (key.length > COST_KEY_LONGEST) return compute();
  let known = costs.get(document);
  if (!known) costs.set(document, (known = new Map()));
  let cost = known.get(key);
  if (cost === undefined) {
    cost = compute();
    if (known.size >= COSTS_PER_DOCUMENT) known.clear();
    known.set(key, cost);
  }
  return cost;
}

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
            cost = costOf(document, request.operationName ?? undefined, request.variables ?? {}, () => getComplexity({
              schema: schema(),
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
            }));
          } catch (err) {
            // Variables that do not fit their types: getComplexity throws graphql's coercion
            // error, which would otherwise be masked as an internal error. The client's fault.
            if (err instanceof GraphQLError) throw new AppError('BAD_USER_INPUT', err.message, { http: { status: 400 } });
            throw err;
          }
          const scope = requestScope.current();
          if (scope) scope.cost = cost;
          if (cost > maxCost) {
            throw new AppError('BAD_USER_INPUT', `Query cost ${cost} exceeds the limit of ${maxCost}; ask for fewer items per page or fewer nested lists`, {
              cost, limit: maxCost, http: { status: 400 },
            });
          }
        },
        async willSendResponse({ response }) {
          const cost = requestScope.current()?.cost;
          if (cost === undefined || cost === null || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { requested: cost, limit: maxCost } };
        },
      };
    },
  };
}

/** The operation's name and outcome for the request's log line and metrics, and errors counted by code. */
export function outcomePlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName }) {
          const scope = requestScope.current();
          if (scope) scope.operation = operationName ?? null;
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors ?? [] : [];
          const codes = errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          for (const code of codes) metrics.errors.inc({ code });
          const scope = requestScope.current();
          if (scope) scope.outcome = codes.includes('UNAVAILABLE') ? 'unavailable' : codes.length ? 'error' : 'ok';
        },
      };
    },
  };
}
