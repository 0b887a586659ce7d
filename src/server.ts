// createServer(): Express + Apollo Server with the policy, limits, error masking,
// health endpoints and the self-hosted playground. Shared by main.ts and the tests.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { authenticate, bearerToken } from './auth/authenticate';
import { config, type Config } from './config';
import { createContext, type Context } from './context';
import { createFormatError } from './errors';
import { logger } from './logger';
import { playgroundRouter } from './playground/graphiql';
import { buildAppSchema } from './schema/build-schema';
import { jitExecutor, staticGateway } from './schema/executor';
import { costLimitPlugin, depthLimitRule } from './schema/limits';
import { attachSubscriptions } from './subscriptions';
import { loadManifest, manifestCache, safelistMiddleware } from './trusted-documents';

export const GRAPHQL_PATH = '/graphql';

export interface ZerenServer {
  readonly app: express.Express;
  readonly http: Server;
  readonly apollo: ApolloServer<Context>;
  readonly schema: GraphQLSchema;
  /** Context for an in-process operation (tests): the viewer is resolved from the token. */
  contextFor(token: string | null): Promise<Context>;
  stop(): Promise<void>;
}

/** What a server serves; the defaults come from config (tests override them). */
export interface ServerOptions {
  readonly playground: boolean;
  /** Accept only the manifest's documents (safelisting); otherwise APQ with an in-memory cache. */
  readonly trustedDocuments: boolean;
  readonly trustedDocumentsManifest: string;
  /** What executes queries and mutations (subscriptions always run on graphql-js). */
  readonly executor: Config['executor'];
}

export async function createServer(db: DataSource, overrides: Partial<ServerOptions> = {}): Promise<ZerenServer> {
  const options: ServerOptions = {
    playground: config.playground, trustedDocuments: config.trustedDocuments,
    trustedDocumentsManifest: config.trustedDocumentsManifest, executor: config.executor, ...overrides,
  };
  const schema = await buildAppSchema();
  const app = express();
  const http = createHttpServer(app);
  const trusted = options.trustedDocuments ? loadManifest(options.trustedDocumentsManifest) : null;
  const apollo = new ApolloServer<Context>({
    // graphql-jit plugs in as a "gateway" serving this one schema with its own executor.
    ...(options.executor === 'jit' ? { gateway: staticGateway(schema, jitExecutor(schema, logger)) } : { schema }),
    // The playground needs introspection; without it (production default) the schema is
    // what src/schema/schema.graphql and operations/ publish.
    introspection: options.playground,
    // Automatic persisted queries; with safelisting the cache is the manifest, read-only.
    persistedQueries: trusted ? { cache: manifestCache(trusted), ttl: null } : {},
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(logger, config.env === 'development'),
    validationRules: [depthLimitRule(config.limits.maxDepth)],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: http }),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of GraphQL answers here, so no hook on every field for cache hints.
      ApolloServerPluginCacheControlDisabled(),
      costLimitPlugin(() => schema, config.limits.maxCost),
    ],
  });
  await apollo.start();

  const contextFor = async (token: string | null, requestId: string = randomUUID()): Promise<Context> => {
    const log = logger.child({ requestId });
    return createContext(db, await authenticate(db, token), requestId, log);
  };

  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const requestId = (req.get('x-request-id') || randomUUID()).slice(0, 64);
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info({
        requestId, method: req.method, path: req.path, status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      }, 'request');
    });
    next();
  });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch (err) {
      logger.warn({ err }, 'database not reachable');
      res.status(503).json({ status: 'unavailable' });
    }
  });
  if (options.playground) app.use(playgroundRouter(GRAPHQL_PATH));
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '1mb' }),
    ...(trusted ? [safelistMiddleware(trusted)] : []),
    expressMiddleware(apollo, {
      context: ({ req, res }) => contextFor(bearerToken(req.get('authorization')), res.locals.requestId as string),
    }),
  );

  const stopSubscriptions = attachSubscriptions(http, schema, db, logger, {
    path: GRAPHQL_PATH, maxDepth: config.limits.maxDepth, trusted, exposeErrorDetails: config.env === 'development',
  });

  return {
    app, http, apollo, schema,
    contextFor: (token) => contextFor(token),
    async stop() {
      await stopSubscriptions();
      await apollo.stop();
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
