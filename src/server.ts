// createServer(): Express + Apollo Server with the policy, limits, error masking,
// health endpoints and the self-hosted playground. Shared by main.ts and the tests.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { bearerToken, identify } from './auth/authenticate';
import { config, type Config } from './config';
import { createContext, type Context } from './context';
import { createFormatError } from './errors';
import { logger } from './logger';
import { playgroundRouter } from './playground/graphiql';
import { buildAppSchema } from './schema/build-schema';
import { jitCompiler, jitExecutor, staticGateway } from './schema/executor';
import { aliasLimitRule, costLimitPlugin, depthLimitRule, directiveLimitRule, outcomePlugin } from './schema/limits';
import { bodyErrors, corsFor, deadline, drainGate, rateLimiter } from './edge';
import { exportHandler } from './export';
import { downloadHandler, localFileStore, uploadHandler, type FileStore } from './files';
import { Metrics } from './metrics';
import { requestScope } from './request-scope';
import { attachSubscriptions } from './subscriptions';
import { sendAnswers, stringifyAnswer } from './answer';
import { sensitiveReadsPlugin } from './sensitive-reads';
import { loadManifest, manifestCache, safelistMiddleware } from './trusted-documents';
import { persistedQueryStore, redis } from './redis';

export const GRAPHQL_PATH = '/graphql';

export interface ZerenServer {
  readonly app: express.Express;
  readonly http: Server;
  readonly apollo: ApolloServer<Context>;
  readonly schema: GraphQLSchema;
  readonly metrics: Metrics;
  /** Context for an in-process operation (tests): the viewer is resolved from the token. */
  contextFor(token: string | null): Promise<Context>;
  /**
   * Stops gracefully: new requests get 503 (retryable), the listener closes, in-flight
   * requests finish (idle keep-alive connections are closed), subscriptions end.
   * The database is the caller's to close.
   */
  stop(): Promise<void>;
}

/** What a server serves; the defaults come from config (tests override them). */
export interface ServerOptions {
  readonly playground: boolean;
  /** Accept only the manifest's documents (safelisting); otherwise APQ with an in-memory cache. */
  readonly trustedDocuments: boolean;
  readonly trustedDocumentsManifest: string;
  /** What executes queries, mutations and subscription events: graphql-jit (compiled once per document) or graphql-js. */
  readonly executor: Config['executor'];
  readonly requestsPerMinute: number;
  readonly requestTimeoutMs: number;
  readonly readyTimeoutMs: number;
  readonly corsOrigins: readonly string[];
  /** Where evidence files are kept (the local folder of config.files by default). */
  readonly fileStore: FileStore;
}

/** The promise's outcome, or a rejection with Error('timeout') once `ms` have passed first. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error('timeout')), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** A name fit for a metric label; past 200 distinct names the rest count as "other". */
function operationLabel(seen: Set<string>, name: string | null): string {
  if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'anonymous';
  if (seen.has(name)) return name;
  if (seen.size >= 200) return 'other';
  seen.add(name);
  return name;
}

/**
 * Node's request or response class, its objects made with Express's prototype (`app.request`,
 * `app.response`) from the start: Express gives each request and response its prototype as it
 * arrives (Object.setPrototypeOf in app.handle), which then finds the same one and does nothing.
 * Changed there, the objects left V8's fast paths and outlived the young generation's
 * collections: under a load of `{ __typename }`, twice the server's CPU per request, and at each
 * collection megabytes promoted and a 10-50 ms pause. The new object is made by Node's
 * constructor called on it, as Node's own classes extend each other (made with
 * Reflect.construct instead, the objects still outlived the collections); were Node's class
 * ever a `class`, it is used as it is.
 */
function madeWith<T extends abstract new (...args: never[]) => object>(base: T, prototype: object): T {
  if (Function.prototype.toString.call(base).startsWith('class')) return base;
  function Made(this: object, ...args: unknown[]): void {
    Reflect.apply(base, this, args);
  }
  Made.prototype = prototype;
  return Made as unknown as T;
}

export async function createServer(db: DataSource, overrides: Partial<ServerOptions> = {}): Promise<ZerenServer> {
  const options: ServerOptions = {
    playground: config.playground, trustedDocuments: config.trustedDocuments,
    trustedDocumentsManifest: config.trustedDocumentsManifest, executor: config.executor,
    requestsPerMinute: config.limits.requestsPerMinute, requestTimeoutMs: config.capacity.requestTimeoutMs,
    readyTimeoutMs: config.capacity.readyTimeoutMs, corsOrigins: config.corsOrigins, fileStore: overrides.fileStore ?? localFileStore(config.files.dir), ...overrides,
  };
  const schema = await buildAppSchema();
  const app = express();
  const http = createHttpServer({
    IncomingMessage: madeWith<typeof IncomingMessage>(IncomingMessage, app.request),
    ServerResponse: madeWith<typeof ServerResponse>(ServerResponse, app.response),
  }, app);
  sendAnswers(app);
  const metrics = new Metrics(db);
  const trusted = options.trustedDocuments ? loadManifest(options.trustedDocumentsManifest) : null;
  const shared = redis();
  // graphql-jit compiles each operation once, for the HTTP executor and the subscriptions' events.
  const compiler = options.executor === 'jit' ? jitCompiler(schema, db, logger) : null;
  const apollo = new ApolloServer<Context>({
    // graphql-jit plugs in as a "gateway" serving this one schema with its own executor.
    ...(compiler ? { gateway: staticGateway(schema, jitExecutor(schema, compiler)) } : { schema }),
    // The playground needs introspection; without it (production default) the schema is
    // what src/schema/schema.graphql and operations/ publish, and errors suggest no field names.
    introspection: options.playground,
    hideSchemaDetailsFromClientErrors: !options.playground,
    // Stopping is main.ts's (SIGTERM/SIGINT): Apollo's own handler would stop it a second time.
    stopOnTerminationSignals: false,
    // Automatic persisted queries; with safelisting the cache is the manifest, read-only;
    // with several processes (ZEREN_REDIS_URL) they share one store in Redis.
    persistedQueries: trusted ? { cache: manifestCache(trusted), ttl: null } : shared ? { cache: persistedQueryStore(shared.command), ttl: null } : {},
    includeStacktraceInErrorResponses: false,
    // JSON without Apollo's appended newline (a second part Express's Buffer.from flattened),
    // and a large answer written as bytes in pieces (src/answer.ts).
    stringifyResult: stringifyAnswer,
    formatError: createFormatError(logger, config.exposeErrorDetails),
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: [
      depthLimitRule(config.limits.maxDepth), aliasLimitRule(config.limits.maxAliases), directiveLimitRule(config.limits.maxDirectives),
    ],
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of GraphQL answers here, so no hook on every field for cache hints.
      ApolloServerPluginCacheControlDisabled(),
      costLimitPlugin(() => schema, config.limits.maxCost),
      outcomePlugin(metrics),
      // Last: the reads are recorded once the answer is final, before it is sent.
      sensitiveReadsPlugin(logger),
    ],
  });
  await apollo.start();

  const contextFor = async (token: string | null, requestId: string = randomUUID()): Promise<Context> => {
    const { viewer, tree } = await identify(db, token);
    return createContext(db, viewer, requestId, tree);
  };
  const limit = rateLimiter(options.requestsPerMinute);
  /** One more request against the caller's rate limit (an account, or an anonymous address). */
  const countCall = (ctx: Context, req: express.Request): Promise<void> => limit(ctx.viewer ? `account:${ctx.viewer.accountId}` : `address:${req.ip}`);
  /** The context of an HTTP request (GraphQL, files, exports), its official noted for the request's log line. */
  const requestContext = async (req: express.Request, res: express.Response): Promise<Context> => {
    const ctx = await contextFor(bearerToken(req.get('authorization')), res.locals.requestId as string);
    const scope = requestScope.current();
    if (scope) scope.officialId = ctx.viewer?.officialId ?? null;
    return ctx;
  };
  /** A request counted against the rate limit as it starts (an export counts each page instead). */
  const countedContext = async (req: express.Request, res: express.Response): Promise<Context> => {
    const ctx = await requestContext(req, res);
    await countCall(ctx, req);
    return ctx;
  };
  let draining = false;
  // Requests still being answered. A client that hangs up leaves its request running (its
  // writes, its audit, its sensitive reads): stop() waits for them, within the request deadline.
  const inFlight = new Set<Promise<unknown>>();
  const tracked = (handler: express.RequestHandler): express.RequestHandler => (req, res, next) => {
    const result: unknown = handler(req, res, next);
    if (result instanceof Promise) {
      const settled = result.then(() => undefined, () => undefined);
      inFlight.add(settled);
      void settled.then(() => inFlight.delete(settled));
    }
    return result as void;
  };
  const operations = new Set<string>();
  const cors = corsFor(options.corsOrigins);
  const gate = drainGate(() => draining);
  const edgeErrors = bodyErrors(logger);

  app.disable('x-powered-by');
  // No ETag on answers: they are per viewer and mostly POSTed, and Express hashed every body
  // for one (SHA-1 of a district's 400 kB: 1.4% of its read).
  app.set('etag', false);
  // HTTP requests whose headers are in and whose response has not closed: stop() waits for them.
  let open = 0;
  let allClosed: (() => void) | null = null;
  const closedAll = (): Promise<void> => (open === 0 ? Promise.resolve() : new Promise((resolve) => (allClosed = resolve)));
  app.use((req, res, next) => {
    open += 1;
    const requestId = (req.get('x-request-id') || randomUUID()).slice(0, 64);
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    requestScope.run(() => {
      const scope = requestScope.current()!;
      // One listener per response, for the count, the metrics and the log line.
      res.on('close', () => {
        open -= 1;
        if (open === 0 && allClosed) {
          allClosed();
          allClosed = null;
        }
        // A response cut off by its client (never finished) is not logged.
        if (!res.writableFinished) return;
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        // originalUrl: inside a mounted router Express strips the mount path from req.path.
        const path = req.originalUrl.split('?')[0];
        const graphql = path === GRAPHQL_PATH && req.method !== 'OPTIONS';
        if (graphql) {
          const outcome = res.locals.timedOut || res.statusCode === 503 ? 'unavailable' : scope.outcome ?? (res.statusCode < 400 ? 'ok' : 'rejected');
          metrics.requestSeconds.observe({ operation: operationLabel(operations, scope.operation), outcome }, ms / 1000);
          metrics.statements.observe(scope.statements);
        }
        logger.info({
          requestId, method: req.method, path, status: res.statusCode, ms,
          ...(graphql ? { operation: scope.operation, statements: scope.statements, roundTrips: scope.statements - scope.held, officialId: scope.officialId } : {}),
        }, 'request');
      });
      next();
    });
  });
  app.get('/health', (_req, res) => {
    res.json({ status: draining ? 'stopping' : 'ok' });
  });
  // Ready when the database (and Redis, when shared) answers within readyTimeoutMs (a frozen or unreachable one: 503), and not while stopping.
  app.get('/ready', async (_req, res) => {
    try {
      if (draining) throw new Error('stopping');
      await within(Promise.all([db.query('SELECT 1'), shared?.command.ping()]), options.readyTimeoutMs);
      res.json({ status: 'ready' });
    } catch (err) {
      logger.warn({ err }, 'not ready');
      res.status(503).json({ status: 'unavailable' });
    }
  });
  if (config.metrics) {
    app.get('/metrics', async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }
  if (options.playground) app.use(playgroundRouter(GRAPHQL_PATH));
  app.use(
    GRAPHQL_PATH,
    cors,
    gate,
    deadline(options.requestTimeoutMs, logger),
    express.json({ limit: '1mb' }),
    ...(trusted ? [safelistMiddleware(trusted)] : []),
    tracked(expressMiddleware(apollo, { context: ({ req, res }) => countedContext(req, res) })),
    edgeErrors,
  );

  // Evidence files: upload (one part named "file") and download by the rules of the record they belong to.
  app.post('/files', cors, gate, tracked(uploadHandler(options.fileStore, config.files, countedContext)), edgeErrors);
  app.get('/files/:id', cors, gate, tracked(downloadHandler(options.fileStore, countedContext)), edgeErrors);

  // Exports (CSV, XLSX) of any list, page by page through the same executor and rules.
  app.post('/export', cors, gate, express.json({ limit: '1mb' }), tracked(exportHandler(schema, {
    context: requestContext,
    async execute(ctx, query, variables) {
      const res = await apollo.executeOperation({ query, variables }, { contextValue: ctx });
      if (res.body.kind !== 'single') throw new Error('an export page came back incremental');
      return res.body.singleResult;
    },
    limit: countCall,
  }, logger)), edgeErrors);

  const stopSubscriptions = attachSubscriptions(http, schema, db, logger, {
    path: GRAPHQL_PATH, maxDepth: config.limits.maxDepth, trusted, exposeErrorDetails: config.exposeErrorDetails, metrics, compiler,
  });

  let stopped: Promise<void> | undefined;
  return {
    app, http, apollo, schema, metrics,
    contextFor: (token) => contextFor(token),
    stop() {
      return (stopped ??= (async () => {
        draining = true;
        await stopSubscriptions();
        // The listener closes, and with it the idle keep-alive connections (Node's close()). The
        // requests under way are answered (new ones on their connections get the gate's 503),
        // within the request deadline; then every connection left is closed.
        const closed = http.listening ? new Promise<void>((resolve) => http.close(() => resolve())) : Promise.resolve();
        await within(closedAll(), options.requestTimeoutMs).catch(() => undefined);
        http.closeAllConnections();
        await closed;
        await apollo.stop();
        // Requests whose clients hung up may still be running their work: waited for here.
        await within(Promise.all(inFlight), options.requestTimeoutMs).catch(() => undefined);
      })());
    },
  };
}
