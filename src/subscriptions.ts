// Subscriptions over graphql-ws on the API's own port and path. The socket is
// authenticated once, at connection (connectionParams.authorization = "Bearer <token>");
// every event is then re-read through the scoped services with a renewed viewer, so
// the scope rule and the field policy are exactly those of queries.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { authenticate, bearerToken } from './auth/authenticate';
import { createSubscriptionContext } from './context';
import { AppError, createFormatError } from './errors';
import { depthLimitRule } from './schema/limits';
import { sha256 } from './trusted-documents';

export interface SubscriptionOptions {
  readonly path: string;
  readonly maxDepth: number;
  /** With safelisting on: the trusted documents by hash. */
  readonly trusted: Map<string, string> | null;
  readonly exposeErrorDetails: boolean;
}

const tokenOf = (params: Readonly<Record<string, unknown>> | undefined): string | null => {
  const raw = params?.authorization ?? params?.Authorization;
  return typeof raw === 'string' ? bearerToken(raw) : null;
};

/** Attaches the graphql-ws server to the HTTP server; returns its disposer. */
export function attachSubscriptions(
  http: Server, schema: GraphQLSchema, db: DataSource, log: Logger, options: SubscriptionOptions,
): () => Promise<void> {
  const wss = new WebSocketServer({ server: http, path: options.path });
  const formatError = createFormatError(log, options.exposeErrorDetails);
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON(), e));
  const refuse = (message: string) => [new AppError('BAD_USER_INPUT', message)];

  const disposable = useServer<Record<string, unknown>, { token?: string }>({
    // Refuse the socket (4403) without a valid sign-in.
    onConnect: async (ctx) => {
      const token = tokenOf(ctx.connectionParams);
      if (!token || !(await authenticate(db, token))) return false;
      ctx.extra.token = token;
      return true;
    },
    onSubscribe: async (ctx, _id, payload) => {
      if (options.trusted && !options.trusted.has(sha256(payload.query))) {
        return [new AppError('FORBIDDEN', 'Only trusted documents run on this server: send a document from the manifest')];
      }
      let document;
      try {
        document = parse(payload.query);
      } catch (err) {
        return [err as GraphQLError];
      }
      const errors = validate(schema, document, [...specifiedRules, depthLimitRule(options.maxDepth)]);
      if (errors.length) return errors;
      // Queries and mutations go over HTTP, where the cost limit and the request log apply.
      if (getOperationAST(document, payload.operationName)?.operation !== 'subscription') {
        return refuse('Only subscriptions are served over WebSocket; send queries and mutations to POST /graphql');
      }
      const token = (ctx.extra as { token?: string }).token ?? null;
      const viewer = await authenticate(db, token);
      if (!viewer) return [new AppError('UNAUTHENTICATED', 'Your sign-in is no longer valid')];
      const requestId = randomUUID();
      return {
        schema, document, operationName: payload.operationName, variableValues: payload.variables,
        contextValue: createSubscriptionContext(db, () => authenticate(db, token), viewer, requestId, log.child({ requestId })),
      };
    },
    onError: (_ctx, _id, _payload, errors) => format(errors),
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : undefined),
  }, wss);

  return async () => {
    await disposable.dispose();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}
