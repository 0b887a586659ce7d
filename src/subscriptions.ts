// Subscriptions over graphql-ws on the API's own port and path. The socket is
// authenticated once, at connection (connectionParams.authorization = "Bearer <token>").
// Subscribers who would see the same thing form a group (multiplexing, as Hasura does):
// per event the group renews its viewer once, executes once (the record is read once per
// event for all groups and checked per group by the scope rule; field rules apply as in
// queries) and sends that one result to every member.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  GraphQLError, getOperationAST, parse, specifiedRules, subscribe, validate,
  type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, type GraphQLSchema,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { authenticate, bearerToken } from './auth/authenticate';
import type { Viewer } from './auth/viewer';
import { createSubscriptionContext, type Context } from './context';
import { UNRECORDED, writeSensitiveReads } from './sensitive-reads';
import { AppError, createFormatError } from './errors';
import { depthLimitRule } from './schema/limits';
import type { Metrics } from './metrics';
import { sha256 } from './trusted-documents';
import { jitSubscribe, operationKey, type JitCompiler } from './schema/executor';

export interface SubscriptionOptions {
  readonly path: string;
  readonly maxDepth: number;
  /** With safelisting on: the trusted documents by hash. */
  readonly trusted: Map<string, string> | null;
  readonly exposeErrorDetails: boolean;
  /** The open-subscriptions gauge reads the groups when scraped. */
  readonly metrics?: Metrics;
  /** With ZEREN_EXECUTOR=jit: each group's events run on the operation compiled once for all groups. */
  readonly compiler?: JitCompiler | null;
}

const tokenOf = (params: Readonly<Record<string, unknown>> | undefined): string | null => {
  const raw = params?.authorization ?? params?.Authorization;
  return typeof raw === 'string' ? bearerToken(raw) : null;
};

// ---------------------------------------------------------------- the group key
// A group shares one execution, so its members must get the same answer: the same
// document, operation and variables, and the same permission outcome. The viewer is
// read from the account alone (the token only names the account and bounds the sign-in,
// which each member keeps checking), so one account means one viewer. Two accounts
// never share a viewer: a post belongs to one official, an official has one account,
// and the rules read the post ids, roles and units and the official id (the task's
// responsible leader may read a rating comment). Grouping accounts would need a proof
// per document that none of that matters; the key does not try.

/** Objects with their keys sorted, at every depth: equal variables give equal text. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(object).sort().map((k) => [k, canonical(object[k])]));
};

/** (document text, operation name, canonical variables, account id); absent = null / {} as GraphQL reads them. */
const groupKey = (payload: SubscribePayload, accountId: number): string =>
  JSON.stringify([payload.query, payload.operationName ?? null, canonical(payload.variables ?? {}), accountId]);

/** What onSubscribe hands to subscribe() for one subscriber (as the contextValue graphql-ws passes on). */
interface Ticket {
  readonly key: string;
  /** The operation's key for the compiled-operation cache: its text's hash and name. */
  readonly operationKey: string;
  readonly viewer: Viewer;
  readonly token: string;
  /** The member's sign-in ends here (ms): it then stops receiving, as its own renewal did. */
  readonly expiresAt: number;
}

// ---------------------------------------------------------------- groups and members

/** Results a member may have waiting before it is dropped (a socket that does not read). */
const MAX_QUEUED = 1024;

type Step = IteratorResult<ExecutionResult, undefined>;

const isAsyncGenerator = (value: object): value is AsyncGenerator<ExecutionResult> =>
  typeof (value as AsyncGenerator)[Symbol.asyncIterator] === 'function';

/**
 * One subscriber: the async generator graphql-ws reads. The group pushes results;
 * return() (the client's `complete`, or its socket closing) leaves the group at once.
 */
class Member implements AsyncGenerator<ExecutionResult, undefined> {
  private readonly queue: ExecutionResult[] = [];
  private waiting: { resolve: (step: Step) => void; reject: (error: unknown) => void } | null = null;
  private ended: { error?: unknown } | null = null;

  constructor(private readonly group: Group, readonly token: string, readonly expiresAt: number) {}

  push(result: ExecutionResult): void {
    if (this.ended) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: result, done: false });
    } else if (this.queue.length < MAX_QUEUED) {
      this.queue.push(result);
    } else {
      // Bounded: one slow socket neither holds the group back nor grows without limit.
      this.group.leave(this);
      this.end(new Error(`More than ${MAX_QUEUED} events waiting for this subscriber`));
    }
  }

  /** No more events: completes after what is queued, or fails with the group's error. */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = error === undefined ? {} : { error };
    if (this.waiting && !this.queue.length) {
      const { resolve, reject } = this.waiting;
      this.waiting = null;
      if (error === undefined) resolve({ value: undefined, done: true });
      else reject(error);
    }
  }

  next(): Promise<Step> {
    const value = this.queue.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.ended) {
      const { error } = this.ended;
      this.ended = {};
      return error === undefined ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(error);
    }
    return new Promise((resolve, reject) => { this.waiting = { resolve, reject }; });
  }

  return(): Promise<Step> {
    this.queue.length = 0;
    this.group.leave(this);
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<Step> {
    void this.return();
    return Promise.reject(error);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** The subscribers of one key and their one source: graphql's subscribe() with one shared context. */
class Group {
  readonly members = new Set<Member>();
  private source: AsyncGenerator<ExecutionResult> | null = null;
  private closed = false;
  /** null once the source runs; an ExecutionResult with errors if subscribing failed. */
  private started: Promise<ExecutionResult | null> = Promise.resolve(null);
  /** The group's one context (its sensitive reads are recorded after each event). */
  private context: Context | null = null;

  constructor(private readonly registry: Groups, readonly key: string) {}

  /** Subscribes once, with one context for the group: renewed before each event, for everyone. */
  start(first: Ticket, args: ExecutionArgs): void {
    const requestId = randomUUID();
    const context = createSubscriptionContext(this.registry.db, () => this.renewViewer(), first.viewer, requestId);
    this.context = context;
    this.started = this.subscribe({ ...args, contextValue: context }, first.operationKey);
  }

  join(ticket: Ticket): Promise<Member | ExecutionResult> {
    const member = new Member(this, ticket.token, ticket.expiresAt);
    this.members.add(member);
    return this.started.then((failed) => failed ?? member, (err) => {
      this.members.delete(member);
      throw err;
    });
  }

  leave(member: Member): void {
    if (this.members.delete(member) && this.members.size === 0) this.close();
  }

  private async subscribe(args: ExecutionArgs, compiledAs: string): Promise<ExecutionResult | null> {
    let result: Awaited<ReturnType<typeof subscribe>>;
    try {
      result = await this.registry.subscribe(args, compiledAs);
    } catch (err) {
      this.close();
      throw err;
    }
    if (!isAsyncGenerator(result)) {
      // Refused when subscribing (e.g. the policy): every member gets this result, as alone.
      this.close();
      return result;
    }
    this.source = result;
    if (this.closed) void this.stop(result);
    else void this.pump(result, getOperationAST(args.document, args.operationName)?.name?.value);
    return null;
  }

  /** An event's sensitive reads, recorded before it is sent; false when that failed (the event is withheld). */
  private async recordReads(operation: string | null | undefined): Promise<boolean> {
    if (!this.context) return true;
    try {
      await writeSensitiveReads(this.context, operation);
      return true;
    } catch (err) {
      this.registry.log.error({ err, requestId: this.context.requestId }, 'sensitive reads not recorded: the event is withheld');
      return false;
    }
  }

  private async pump(source: AsyncGenerator<ExecutionResult>, operation?: string | null): Promise<void> {
    let error: unknown;
    try {
      for await (const result of source) {
        const recorded = await this.recordReads(operation);
        for (const member of this.members) member.push(recorded ? result : { errors: [UNRECORDED] } as never);
      }
    } catch (err) {
      error = err;
    }
    // The source ended: the viewer is no longer valid (members complete, as before) or it failed.
    this.close();
    for (const member of this.members) member.end(error);
    this.members.clear();
  }

  /**
   * The group's viewer before each event, read once for all members: with the sign-in
   * that lasts longest (members whose own sign-in has expired complete first). null
   * ends the source (every member completes), without a statement once the group is closed.
   */
  private async renewViewer(): Promise<Viewer | null> {
    if (this.closed) return null;
    const now = Date.now();
    let freshest: Member | null = null;
    for (const member of this.members) {
      if (member.expiresAt <= now) {
        this.members.delete(member);
        member.end();
      } else if (!freshest || member.expiresAt > freshest.expiresAt) freshest = member;
    }
    const viewer = freshest && (await authenticate(this.registry.db, freshest.token));
    // Ending: out of the registry now, so a new subscriber starts a group of its own.
    if (!viewer) this.close();
    return viewer;
  }

  /** Out of the registry at once (a new subscriber starts a new group); the source is returned. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.registry.remove(this);
    if (this.source) void this.stop(this.source);
  }

  // The source is an async generator waiting on the event bus: its return() takes effect
  // at the next event, where renewViewer() answers null without a statement.
  private async stop(source: AsyncGenerator<ExecutionResult>): Promise<void> {
    try {
      await source.return(undefined);
    } catch (err) {
      this.registry.log.warn({ err }, 'closing a subscription source failed');
    }
  }
}

/** The registry of live groups by key: a group is in it exactly while it may take members. */
class Groups {
  private readonly byKey = new Map<string, Group>();

  constructor(readonly db: DataSource, readonly log: Logger, private readonly schema: GraphQLSchema, private readonly compiler: JitCompiler | null) {}

  /** graphql-js's subscribe, or the same on graphql-jit with the operation compiled once (by its text's hash and name). */
  subscribe(args: ExecutionArgs, compiledAs: string): ReturnType<typeof subscribe> {
    const operation = getOperationAST(args.document, args.operationName);
    const compiled = operation && this.compiler?.({ document: args.document, operation, operationName: args.operationName, key: compiledAs });
    return compiled
      ? jitSubscribe(this.schema, compiled, operation, args.contextValue, (args.variableValues ?? {}) as Record<string, unknown>)
      : subscribe(args);
  }

  join(ticket: Ticket, args: ExecutionArgs): Promise<Member | ExecutionResult> {
    let group = this.byKey.get(ticket.key);
    if (!group) {
      group = new Group(this, ticket.key);
      this.byKey.set(ticket.key, group);
      group.start(ticket, args);
    }
    return group.join(ticket);
  }

  remove(group: Group): void {
    if (this.byKey.get(group.key) === group) this.byKey.delete(group.key);
  }

  closeAll(): void {
    for (const group of [...this.byKey.values()]) group.close();
  }

  /** Open subscriptions: the members of every group. */
  get size(): number {
    let n = 0;
    for (const group of this.byKey.values()) n += group.members.size;
    return n;
  }
}

// ---------------------------------------------------------------- the server

/** Attaches the graphql-ws server to the HTTP server; returns its disposer. */
export function attachSubscriptions(
  http: Server, schema: GraphQLSchema, db: DataSource, log: Logger, options: SubscriptionOptions,
): () => Promise<void> {
  const wss = new WebSocketServer({ server: http, path: options.path });
  const formatError = createFormatError(log, options.exposeErrorDetails);
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON(), e));
  const refuse = (message: string) => [new AppError('BAD_USER_INPUT', message)];
  const groups = new Groups(db, log, schema, options.compiler ?? null);
  options.metrics?.countSubscriptions(() => groups.size);
  // A group's result reaches every member as the same object: its errors are formatted once.
  const formatted = new WeakMap<ExecutionResult, FormattedExecutionResult>();

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
      if (!viewer || !token) return [new AppError('UNAUTHENTICATED', 'Your sign-in is no longer valid')];
      const exp = decodeJwt(token).exp;
      const ticket: Ticket = { key: groupKey(payload, viewer.accountId), operationKey: operationKey(sha256(payload.query), payload.operationName), viewer, token, expiresAt: exp === undefined ? Infinity : exp * 1000 };
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue: ticket };
    },
    // Every subscription joins its group instead of subscribing alone (only subscriptions get here).
    subscribe: (args) => groups.join(args.contextValue as Ticket, args),
    onError: (_ctx, _id, _payload, errors) => format(errors),
    onNext: (_ctx, _id, _payload, _args, result) => {
      if (!result.errors) return undefined;
      let done = formatted.get(result);
      if (!done) formatted.set(result, (done = { ...result, errors: format(result.errors) }));
      return done;
    },
  }, wss);

  return async () => {
    await disposable.dispose();
    groups.closeAll();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}
