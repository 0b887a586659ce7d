// The executor of queries and mutations over HTTP (ZEREN_EXECUTOR): graphql-js, or
// graphql-jit, which compiles each document once into a JS function. Apollo Server takes
// a custom executor only from a "gateway" ({ schema, executor }); everything before
// execution (APQ and trusted documents, parsing, validation with the depth rule and
// NoIntrospection, the cost plugin) and after it (formatError, status codes) stays Apollo's.
import {
  astFromValue, defaultFieldResolver, execute, getNamedType, getNullableType, getVariableValues, GraphQLError, isAbstractType,
  isInputObjectType, isIntrospectionType, isListType, isObjectType, Kind, typeFromAST, valueFromASTUntyped,
  type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type GraphQLField, type GraphQLInputField, type GraphQLInputType, type GraphQLNamedType,
  type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type SourceLocation, type ValueNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { getMetadataStorage } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { dirname, join } from 'node:path';
import { ruledFields } from '../auth/policy';
import type { Context } from '../context';
import { PROPERTY_READS } from './build-schema';
import { Lru } from '../lru';
import { READ_WITH } from './lookahead';
import { PLAIN_FIELDS } from './pagination';
import { entityColumns } from './rows';

type Gateway = ApolloServerOptionsWithGateway<Context>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;
type Request = Parameters<Executor>[0];
type Variables = Record<string, unknown>;

/** Compiled documents kept (least recently used dropped first): a few kB to a few hundred kB each. */
const DEFAULT_MAX_DOCUMENTS = 1000;

// ---------------------------------------------------------------- where graphql-jit differs from graphql-js

/**
 * graphql-jit reads a field without a resolver as a plain property: a promise (a
 * connection's lazy totalCount) or a function there would be served as is. graphql-js
 * runs defaultFieldResolver for such a field, so making it explicit changes nothing on
 * graphql-js and makes graphql-jit await and call as graphql-js does. Fields known to hold
 * plain values stay property reads (no resolver call, resolve info or promise check per
 * value): the stored columns of the entity behind a type (`Task.title`; relations are not
 * columns), whether hydrated from raw rows or by TypeORM, and the connections' fields that
 * pagination.ts declares plain (`TaskEdge.node`). Idempotent.
 */
function withExplicitResolvers(schema: GraphQLSchema, db: DataSource): GraphQLSchema {
  const plain = plainFields(db);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const fields = plain.get(type.name);
    for (const field of Object.values(type.getFields())) {
      if (!field.resolve && !fields?.has(field.name)) field.resolve = defaultFieldResolver;
    }
  }
  return schema;
}

/** Per GraphQL object type: the fields whose values are always plain (see withExplicitResolvers). */
function plainFields(db: DataSource): Map<string, Set<string>> {
  const byType = new Map<string, Set<string>>();
  for (const { name, target } of getMetadataStorage().objectTypes) {
    const declared = PLAIN_FIELDS.get(target);
    if (declared) byType.set(name, new Set(declared));
    // The entity's columns as the data source maps them (inherited ones too), without those a
    // query computes (virtual properties).
    if (db.hasMetadata(target)) byType.set(name, new Set(entityColumns(db, target).filter((c) => !c.isVirtualProperty).map((c) => c.propertyName)));
  }
  return byType;
}

// ---------------------------------------------------------------- property reads

type Field = GraphQLField<unknown, unknown>;

/** The fields read as properties in every document: PROPERTY_READS less those the policy wraps. */
function staticReads(schema: GraphQLSchema): Map<Field, string> {
  const reads = new Map<Field, string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const property = PROPERTY_READS.get(field);
      if (property && !ruledFields.has(field)) reads.set(field, property);
    }
  }
  return reads;
}

/**
 * The relations of READ_WITH this operation may read as properties: a field whose every
 * occurrence (through fragments and abstract types too) lies where its list reads it with
 * its nodes, and that the policy does not wrap.
 */
function relationReads(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): Map<Field, string> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  // Per field met: the property every occurrence agrees on, or null.
  const met = new Map<Field, string | null>();
  const walk = (set: SelectionSetNode, parent: GraphQLNamedType | undefined, within: { map: Readonly<Record<string, string>>; path: string } | null): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent, within);
      } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(sel.name.value);
        if (fragment) walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), within);
      } else if (isObjectType(parent)) {
        const field = parent.getFields()[sel.name.value];
        if (!field) continue;
        const path = within ? within.path + sel.name.value : '';
        const property = within?.map[path];
        const known = met.get(field);
        met.set(field, property && (known === undefined || known === property) ? property : null);
        const declared = READ_WITH.get(`${parent.name}.${field.name}`);
        if (sel.selectionSet) walk(sel.selectionSet, getNamedType(field.type), declared ? { map: declared, path: '' } : within && { map: within.map, path: `${path}.` });
      } else if (isAbstractType(parent)) {
        // A field asked on an interface: each possible type's field is met outside any list's reads.
        for (const type of schema.getPossibleTypes(parent)) {
          const field = type.getFields()[sel.name.value];
          if (!field) continue;
          met.set(field, null);
          if (sel.selectionSet) walk(sel.selectionSet, getNamedType(field.type), null);
        }
      }
    }
  };
  walk(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined, null);
  const reads = new Map<Field, string>();
  for (const [field, property] of met) if (property && !ruledFields.has(field)) reads.set(field, property);
  return reads;
}

/**
 * Runs graphql-jit's compiler with `reads` as property reads: it reads a field without a
 * resolver as its parent's property named by the field's `name`, and reads both only while
 * compiling. So for that synchronous call each such field has its resolver set aside and its
 * name set to the property; both are restored before anything else runs (introspection,
 * graphql-js and the schema printer see the schema unchanged).
 */
function compiledWith<T>(reads: ReadonlyMap<Field, string>, compile: () => T): T {
  const saved = [...reads.keys()].map((field) => [field, field.name, field.resolve] as const);
  try {
    for (const [field, property] of reads) {
      (field as { name: string }).name = property;
      field.resolve = undefined;
    }
    return compile();
  } finally {
    for (const [field, name, resolve] of saved) {
      (field as { name: string }).name = name;
      field.resolve = resolve;
    }
  }
}

/**
 * graphql-jit reports an input field of a variable that is non-null with a default
 * (`subtree: Boolean! = true`) as missing instead of using the default. So defaults of
 * omitted input fields are written into the variables first, as a client would send them.
 */
const defaultLiterals = new WeakMap<GraphQLInputField, ValueNode | null>();

function defaultLiteral(field: GraphQLInputField): ValueNode | null {
  let literal = defaultLiterals.get(field);
  if (literal === undefined) {
    try {
      literal = astFromValue(field.defaultValue, field.type) ?? null;
    } catch {
      literal = null;
    }
    defaultLiterals.set(field, literal);
  }
  return literal;
}

function withDefaults(type: GraphQLInputType, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    return Array.isArray(value) ? value.map((item) => withDefaults(nullable.ofType, item)) : withDefaults(nullable.ofType, value);
  }
  if (!isInputObjectType(nullable) || typeof value !== 'object' || Array.isArray(value)) return value;
  const input = value as Variables;
  const filled: Variables = { ...input };
  for (const field of Object.values(nullable.getFields())) {
    if (input[field.name] !== undefined) {
      filled[field.name] = withDefaults(field.type, input[field.name]);
    } else if (field.defaultValue !== undefined) {
      const literal = defaultLiteral(field);
      // A default that has no literal form (an object scalar) goes in as its value.
      filled[field.name] = literal ? valueFromASTUntyped(literal) : field.defaultValue;
    }
  }
  return filled;
}

/**
 * graphql-jit's errors inherit from graphql's GraphQLError but are not built by it: no
 * `extensions` object when the cause has none (Apollo reads `extensions.code` and would
 * answer a bare "Internal server error" without path or error id). Rebuilt as graphql-js
 * does for a resolver error: same message, path, cause and locations.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? undefined,
  });
  (rebuilt as { locations?: readonly SourceLocation[] }).locations = error.locations;
  return rebuilt;
}

/** graphql-js's shape: errors first when there are any (Apollo keeps the order in-process). */
const normalised = (result: ExecutionResult): ExecutionResult =>
  result.errors ? { errors: result.errors.map(asGraphQLError), data: result.data } : result;

// ---------------------------------------------------------------- the executor

/** A compiled operation, or null: graphql-jit cannot compile it, graphql-js runs it. */
export type Compiled = { readonly query: CompiledQuery; readonly variables: (raw: Variables) => Variables } | null;

/** One operation of a parsed and validated document, and the key it is kept under (its text's hash and name). */
export interface Operation {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly operationName?: string | null;
  readonly key: string;
}

/** graphql-jit's compilation of an operation, or null; once per key. */
export type JitCompiler = (op: Operation) => Compiled;

/** An operation's key for the compiled-operation cache: its text's SHA-256 and its name. */
export const operationKey = (textHash: string, operationName: string | null | undefined): string => `${textHash}:${operationName ?? ''}`;

/**
 * Compiles each (document, operation) once, with the property reads above, and keeps it in
 * a bounded LRU: shared by the HTTP executor and the subscriptions' events.
 */
export function jitCompiler(schema: GraphQLSchema, db: DataSource, log: Logger, maxDocuments = DEFAULT_MAX_DOCUMENTS): JitCompiler {
  withExplicitResolvers(schema, db);
  const always = staticReads(schema);
  const cache = new Lru<string, Compiled>(maxDocuments);
  const compile = ({ document, operation, operationName }: Operation): Compiled => {
    const reads = new Map([...always, ...relationReads(schema, document, operation)]);
    const result = compiledWith(reads, () => compileQuery(schema, document, operationName ?? undefined));
    if (!isCompiledQuery(result)) {
      // The document was validated: a limit of the compiler, not the client's fault.
      log.warn({ operationName, errors: result.errors?.map((e) => e.message) }, 'graphql-jit cannot compile a document: it runs on graphql-js');
      return null;
    }
    const types = (operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, typeFromAST(schema, v.type)] as const);
    return {
      query: result,
      variables: (raw) => {
        const filled: Variables = { ...raw };
        for (const [name, type] of types) if (type && raw[name] !== undefined) filled[name] = withDefaults(type as GraphQLInputType, raw[name]);
        return filled;
      },
    };
  };
  return (op) => {
    let compiled = cache.get(op.key);
    if (compiled === undefined) cache.set(op.key, (compiled = compile(op)));
    return compiled;
  };
}

/** Variables as graphql-js coerces them (its own errors), then as the compiled operation takes them. */
function variablesFor(schema: GraphQLSchema, compiled: NonNullable<Compiled>, operation: OperationDefinitionNode, raw: Variables) {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw);
  return coerced.errors ? { errors: coerced.errors } : { variables: compiled.variables(raw) };
}

/**
 * The executor for ZEREN_EXECUTOR=jit: each (document, operation) compiled once (keyed by
 * Apollo's query hash, the SHA-256 of the text, also for persisted queries), then run with
 * the request's context. Variables are checked by graphql-js first, so their errors are
 * graphql-js's own. The response is serialised by the server's stringifyResult
 * (src/answer.ts), one function for every document, not by graphql-jit's per-document stringify.
 */
export function jitExecutor(schema: GraphQLSchema, compiler: JitCompiler): Executor {
  const onGraphqlJs = (rc: Request) => execute({
    schema, document: rc.document, contextValue: rc.context, variableValues: rc.request.variables, operationName: rc.request.operationName,
  });
  return async (rc) => {
    // No operation resolved (an unknown or missing operation name): graphql-js words the error.
    if (!rc.operation) return onGraphqlJs(rc);
    const compiled = compiler({ document: rc.document, operation: rc.operation, operationName: rc.operationName, key: operationKey(rc.queryHash, rc.operationName) });
    if (!compiled) return onGraphqlJs(rc);
    const input = variablesFor(schema, compiled, rc.operation, rc.request.variables ?? {});
    if (input.errors) return { errors: input.errors };
    return normalised(await compiled.query.query(undefined, rc.context, input.variables));
  };
}

/**
 * A subscription on graphql-jit: its source stream, each event executed by the compiled
 * operation (graphql-js's shape of errors, as for queries), or the result that refused it.
 */
export async function jitSubscribe(
  schema: GraphQLSchema, compiled: NonNullable<Compiled>, operation: OperationDefinitionNode, context: unknown, raw: Variables,
): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const input = variablesFor(schema, compiled, operation, raw);
  if (input.errors) return { errors: input.errors };
  const stream = await compiled.query.subscribe!(undefined, context, input.variables);
  if (!(Symbol.asyncIterator in stream)) return normalised(stream);
  // Mapped as graphql-js maps its stream: return() and throw() reach the source at once.
  const events: AsyncGenerator<ExecutionResult> = {
    next: async () => {
      const step = await stream.next();
      return step.done ? step : { done: false, value: normalised(step.value) };
    },
    return: async () => (await stream.return?.()) ?? { done: true, value: undefined },
    throw: async (err: unknown) => (stream.throw ? stream.throw(err) : Promise.reject(err)),
    [Symbol.asyncIterator]: () => events,
  } as unknown as AsyncGenerator<ExecutionResult>;
  return events;
}

// ---------------------------------------------------------------- Apollo's gateway request context

type HeaderMap = Map<string, string>;

/** A Fetch-style view of Apollo's HeaderMap (as Apollo's own FetcherHeadersForHeaderMap). */
class FetcherHeaders {
  constructor(private readonly map: HeaderMap) {}
  append(name: string, value: string): void {
    this.map.set(name, this.map.has(name) ? `${this.map.get(name)}, ${value}` : value);
  }
  delete(name: string): void {
    this.map.delete(name);
  }
  get(name: string): string | null {
    return this.map.get(name) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name);
  }
  set(name: string, value: string): void {
    this.map.set(name, value);
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/** The request's HTTP status, read and set through to Apollo's response (a getter of a class, see below). */
class ResponseHttp {
  readonly headers: FetcherHeaders;
  constructor(private readonly response: { http: { status?: number; headers: HeaderMap } }) {
    this.headers = new FetcherHeaders(response.http.headers);
  }
  get status(): number | undefined {
    return this.response.http.status;
  }
  set status(status: number | undefined) {
    this.response.http.status = status;
  }
}

/** Apollo's request context, as far as makeGatewayGraphQLRequestContext reads it. */
interface ApolloRequestContext {
  readonly request: { query?: string; operationName?: string; variables?: Variables; extensions?: Record<string, unknown>; http?: { method: string; search: string; headers: HeaderMap } };
  readonly response: { http: { status?: number; headers: HeaderMap } };
  readonly [field: string]: unknown;
}

/**
 * The request context a gateway's executor is handed, made as Apollo makes it
 * (@apollo/server's utils/makeGatewayGraphQLRequestContext.js, version 5) but for the
 * response's status: Apollo writes it as a getter and a setter of an object literal, and V8
 * gives every evaluation of such a literal a hidden class of its own that holds the accessors'
 * closures until the next full collection. Those closures hold Apollo's whole request context,
 * so every request's context, answer and loaders (a street read's tasks and rows) outlived the
 * request through each young-generation collection and were promoted: 0.8 MB at each collection
 * under `{ __typename }` at one connection, none with Apollo's own executor. Here the status is
 * a getter and setter of a class.
 */
function gatewayRequestContext(context: ApolloRequestContext, server: { logger: unknown; cache: unknown }, internals: { includeStacktraceInErrorResponses?: boolean }): unknown {
  const { request: from } = context;
  const request: Record<string, unknown> = {};
  if ('query' in from) request.query = from.query;
  if ('operationName' in from) request.operationName = from.operationName;
  if ('variables' in from) request.variables = from.variables;
  if ('extensions' in from) request.extensions = from.extensions;
  if (from.http) {
    const { method, search, headers } = from.http;
    request.http = { method, url: `https://unknown-url.invalid/${search !== '' && !search.startsWith('?') ? '?' : ''}${search}`, headers: new FetcherHeaders(headers) };
  }
  return {
    request, response: { http: new ResponseHttp(context.response) }, logger: server.logger,
    schema: context.schema, schemaHash: 'schemaHash no longer exists since Apollo Server 4', context: context.contextValue, cache: server.cache,
    queryHash: context.queryHash, document: context.document, source: context.source, operationName: context.operationName, operation: context.operation,
    errors: context.errors, metrics: context.metrics, debug: internals.includeStacktraceInErrorResponses, overallCachePolicy: context.overallCachePolicy,
    requestIsBatched: context.requestIsBatched,
  };
}

/** Apollo's module that makes the gateway's request context (not among its package's exports, so reached by its path). */
export const APOLLO_GATEWAY_CONTEXT = join(dirname(require.resolve('@apollo/server')), 'utils', 'makeGatewayGraphQLRequestContext.js');

/**
 * Makes Apollo's request pipeline, which calls the module's export at each request, use
 * gatewayRequestContext. Throws when the module is not as expected (an Apollo upgrade): the
 * executor contract test then fails, and the replacement is to be checked against the new version.
 */
export function replaceGatewayRequestContext(): void {
  const module = require(APOLLO_GATEWAY_CONTEXT) as { makeGatewayGraphQLRequestContext?: unknown };
  if (typeof module.makeGatewayGraphQLRequestContext !== 'function') throw new Error(`${APOLLO_GATEWAY_CONTEXT} no longer exports makeGatewayGraphQLRequestContext`);
  module.makeGatewayGraphQLRequestContext = gatewayRequestContext;
}

/**
 * What Apollo Server takes in place of `schema` for a custom executor: a "gateway" that
 * serves one fixed schema (nothing is ever reloaded) and executes with `executor`.
 */
export function staticGateway(schema: GraphQLSchema, executor: Executor): Gateway {
  replaceGatewayRequestContext();
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {},
  };
}
