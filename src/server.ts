// createServer(): Express + Apollo Server with the policy, limits, error masking,
// health endpoints and the self-hosted playground. Shared by main.ts and the tests.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { authenticate, bearerToken } from './auth/authenticate';
import { config } from './config';
import { createContext, type Context } from './context';
import { createFormatError } from './errors';
import { logger } from './logger';
import { playgroundRouter } from './playground/graphiql';
import { buildAppSchema } from './schema/build-schema';
import { costLimitPlugin, depthLimitRule } from './schema/limits';

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

export async function createServer(db: DataSource): Promise<ZerenServer> {
  const schema = await buildAppSchema();
  const app = express();
  const http = createHttpServer(app);
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.playground,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(logger, config.env === 'development'),
    validationRules: [depthLimitRule(config.limits.maxDepth)],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: http }),
      ApolloServerPluginLandingPageDisabled(),
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
  if (config.playground) app.use(playgroundRouter(GRAPHQL_PATH));
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: ({ req, res }) => contextFor(bearerToken(req.get('authorization')), res.locals.requestId as string),
    }),
  );

  return {
    app, http, apollo, schema,
    contextFor: (token) => contextFor(token),
    async stop() {
      await apollo.stop();
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
