// Applies the one policy map (permissions.ts) to the built schema, at the cost of a
// field, not of a value: a field whose rule is `allow` keeps its resolver untouched; a
// rule that reads only the viewer ("contextual") is decided once per request; a rule
// that reads the record runs as a plain predicate (loaders batch and cache its reads),
// never hashing the parent as graphql-shield's own `cache: 'strict'` does.
// The rules stay graphql-shield rules; only their application is ours.
import { defaultFieldResolver, isIntrospectionType, isObjectType, type GraphQLField, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { allow, deny } from 'graphql-shield';
import type { Context } from '../context';
import { AppError } from '../errors';
import type { Locate } from '../sensitive-reads';

type Decision = true | Error;
type Decide = (parent: unknown, args: Record<string, unknown>, ctx: Context, info: Parameters<GraphQLFieldResolver<unknown, Context>>[3]) =>
  Decision | Promise<Decision>;

export type RuleMap = Record<string, Record<string, unknown>>;

/** A rule made by graphql-shield's rule(): its name, its cache option and its function (private in its typings). */
interface Rule { readonly name: string; readonly cache: unknown; readonly func: (...args: unknown[]) => unknown }
const isRule = (r: unknown): r is Rule =>
  typeof r === 'object' && r !== null && typeof (r as Rule).func === 'function' && typeof (r as Rule).name === 'string';

/** What a refused field answers (graphql-shield's fallbackError). */
export const refused = (): AppError => new AppError('FORBIDDEN', 'Not allowed for your posts');

const toDecision = (result: unknown): Decision => (result === true ? true : result instanceof Error ? result : refused());

/**
 * true, or the error to answer with: an Error the rule returns, FORBIDDEN for false or a
 * throw. A rule that answers at once (no read needed) is decided without a promise.
 */
function evaluate(rule: Rule, parent: unknown, args: unknown, ctx: Context, info: unknown): Decision | Promise<Decision> {
  let result: unknown;
  try {
    result = rule.func(parent, args, ctx, info);
  } catch {
    return refused();
  }
  return result instanceof Promise ? result.then(toDecision, () => refused()) : toDecision(result);
}

// Decisions of viewer-only rules, per request: keyed by the request's loaders, which a
// subscription renews with its viewer before each event.
const decided = new WeakMap<object, Map<Rule, Decision | Promise<Decision>>>();

function decider(rule: unknown, where: string): Decide | null {
  if (rule === allow) return null;
  if (rule === deny) return () => refused();
  if (!isRule(rule)) throw new Error(`${where}: only allow, deny and named rules are supported by the policy`);
  if (rule.cache !== 'contextual') return (parent, args, ctx, info) => evaluate(rule, parent, args, ctx, info);
  return (parent, args, ctx, info) => {
    let memo = decided.get(ctx.loaders);
    if (!memo) decided.set(ctx.loaders, (memo = new Map()));
    const known = memo.get(rule);
    if (known !== undefined) return known;
    const decision = evaluate(rule, parent, args, ctx, info);
    memo.set(rule, decision instanceof Promise ? decision.then((d) => {
      memo.set(rule, d);
      return d;
    }) : decision);
    return memo.get(rule)!;
  };
}

function guard(resolve: GraphQLFieldResolver<unknown, Context>, decide: Decide): GraphQLFieldResolver<unknown, Context> {
  return (parent, args, ctx, info) => {
    const decision = decide(parent, args, ctx, info);
    if (decision === true) return resolve(parent, args, ctx, info);
    if (decision instanceof Error) throw decision;
    return decision.then((d) => {
      if (d !== true) throw d;
      return resolve(parent, args, ctx, info);
    });
  };
}

/** Sensitive fields ("Official.phone", or "DisciplinaryCase.*" for every field) and where their values live. */
export type SensitiveMap = Record<string, Locate>;

/** Notes each non-null value the field answers in the request's sensitive reads (src/sensitive-reads.ts). */
function noting(resolve: GraphQLFieldResolver<unknown, Context>, field: string, locate: Locate): GraphQLFieldResolver<unknown, Context> {
  const note = (parent: unknown, ctx: Context, value: unknown): unknown => {
    const at = value === null || value === undefined ? null : locate(parent);
    if (at) ctx.reads?.note(field, at);
    return value;
  };
  return (parent, args, ctx, info) => {
    const value = resolve(parent, args, ctx, info);
    return value instanceof Promise ? value.then((v) => note(parent, ctx, v)) : note(parent, ctx, value);
  };
}

/**
 * The fields whose resolver the policy wrapped (a rule other than allow, or the audit of a
 * sensitive read): their values are never read past it (the executor's property reads).
 */
export const ruledFields = new WeakSet<GraphQLField<unknown, unknown>>();

/**
 * Puts the map's rules on the schema's fields (in place): the field's own rule, else its
 * type's '*', else deny. A subscription field is guarded when subscribing and at every event.
 * A sensitive field's granted reads are noted for the audit (after its rule, so a refused
 * read is not a read).
 */
export function applyPolicy(schema: GraphQLSchema, rules: RuleMap, sensitive: SensitiveMap = {}): GraphQLSchema {
  for (const key of Object.keys(sensitive)) {
    const [typeName, name] = key.split('.');
    const type = schema.getType(typeName);
    if (!isObjectType(type) || (name !== '*' && !(name in type.getFields()))) throw new Error(`The sensitive reads name ${key}, which the schema lacks`);
  }
  for (const [typeName, fields] of Object.entries(rules)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`The policy names ${typeName}, which is not an object type of the schema`);
    for (const name of Object.keys(fields)) {
      if (name !== '*' && !(name in type.getFields())) throw new Error(`The policy names ${typeName}.${name}, which the schema lacks`);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const typeRules = rules[type.name] ?? {};
    for (const [name, field] of Object.entries(type.getFields())) {
      const locate = sensitive[`${type.name}.${name}`] ?? sensitive[`${type.name}.*`];
      if (locate) field.resolve = noting(field.resolve ?? defaultFieldResolver, sensitive[`${type.name}.${name}`] ? name : '*', locate);
      const decide = decider(name in typeRules ? typeRules[name] : '*' in typeRules ? typeRules['*'] : deny, `${type.name}.${name}`);
      if (locate !== undefined || decide !== null) ruledFields.add(field);
      if (!decide) continue;
      field.resolve = guard(field.resolve ?? defaultFieldResolver, decide);
      if (field.subscribe) field.subscribe = guard(field.subscribe, decide);
    }
  }
  return schema;
}
