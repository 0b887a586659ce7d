// The one place the schema is built: type-graphql resolvers with input validation,
// then the policy (graphql-shield rules, applied per field by auth/policy.ts) on top.
import 'reflect-metadata';
import { isObjectType, lexicographicSortSchema, printSchema, type FieldNode, type GraphQLField, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type ContainerType } from 'type-graphql';
import { getMetadataArgsStorage } from 'typeorm';
import { applyPermissions } from '../auth/permissions';
import {
  InspectionCoverageResolver, InspectionGroupResolver, InspectionMemberResolver, InspectionResolver, InspectionSuggestionResolver,
  InspectionTargetResolver,
} from '../resolvers/inspections/inspection.resolver';
import { ProblemResolver, RectificationItemResolver } from '../resolvers/inspections/problem.resolver';
import { AssessmentItemResolver, AssessmentResolver } from '../resolvers/assessments/assessment.resolver';
import {
  ControlMeasureResolver, InterviewResolver, ReportQuestionResolver, ReportResolver, RiskPointResolver,
} from '../resolvers/reports/reports.resolver';
import {
  AccountabilityRecordResolver, AccountabilityRevocationResolver, IntegrityFileResolver,
} from '../resolvers/accountability/accountability.resolver';
import { DisciplinaryCaseResolver, LeadResolver } from '../resolvers/cases/cases.resolver';
import { OrgUnitPortraitResolver, PortraitLeaderResolver, PortraitResolver } from '../resolvers/portrait/portrait.resolver';
import { events } from '../events';
import { CaseFilesResolver, FileResolver, NoticeFilesResolver, RectificationItemFilesResolver } from '../resolvers/files/file.resolver';
import { validateArgumentsOnce } from './validation';
import {
  NoticeUrgingsResolver, RectificationItemUrgingsResolver, TaskUrgingsResolver, UrgingResolver,
} from '../resolvers/urgings/urging.resolver';
import { AccountabilityRecordAppealsResolver, AppealResolver } from '../resolvers/appeals/appeal.resolver';
import {
  AccountabilityRecordProvenanceResolver, AssessmentProvenanceResolver, ImportBatchResolver, ProblemProvenanceResolver, TaskProvenanceResolver,
} from '../resolvers/imports/import.resolver';
import {
  InspectionOutcomeResolver, InspectionTargetOutcomeResolver, InspectionWaiverResolver, LeadOriginResolver,
} from '../resolvers/inspections/inspection-outcomes.resolver';
import {
  AccountabilityRecordAssessmentResolver, AssessmentOutcomeResolver, InterviewAssessmentsResolver,
} from '../resolvers/assessments/assessment-outcomes.resolver';
import { HearingEvaluationResolver, HearingResolver, ReportHearingResolver } from '../resolvers/hearings/hearing.resolver';
import { FulfilmentResolver, OfficialFulfilmentResolver } from '../resolvers/fulfilment/fulfilment.resolver';
import { NotificationDeliveryResolver, NotificationResolver } from '../resolvers/notifications/notification.resolver';
import { WorkItemResolver } from '../resolvers/work/work-item.resolver';
import { BulkResolver } from '../resolvers/bulk/bulk.resolver';
import { AuditResolver, SensitiveReadResolver } from '../resolvers/audit/audit.resolver';
import { AuthResolver } from '../resolvers/auth/auth.resolver';
import { NodeResolver } from '../resolvers/node/node.resolver';
import { NoticeEventResolver, NoticeProblemDomainCountResolver, NoticeResolver } from '../resolvers/notices/notice.resolver';
import { OrgUnitChangeResolver, OrgUnitResolver } from '../resolvers/org/org-unit.resolver';
import { OfficialResolver } from '../resolvers/people/official.resolver';
import { PostResolver } from '../resolvers/people/post.resolver';
import {
  ChainResolver, ResponsibilityItemResolver, ResponsibilityLetterResolver, ResponsibilityListResolver,
} from '../resolvers/responsibility/responsibility.resolver';
import {
  EvidenceResolver, MilestoneResolver, OrgUnitTasksResolver, ProgressUpdateResolver, TaskClosureResolver, TaskRatingResolver,
  TaskResolver,
} from '../resolvers/tasks/task.resolver';

export const RESOLVERS = [
  AuthResolver, NodeResolver, OrgUnitResolver, OrgUnitChangeResolver, OfficialResolver, PostResolver, AuditResolver, SensitiveReadResolver,
  ResponsibilityListResolver, ResponsibilityItemResolver, ResponsibilityLetterResolver, ChainResolver,
  TaskResolver, OrgUnitTasksResolver, MilestoneResolver, ProgressUpdateResolver, TaskRatingResolver, TaskClosureResolver, EvidenceResolver,
  // --- notices (resolvers) ---
  NoticeResolver, NoticeEventResolver, NoticeProblemDomainCountResolver,
  // --- inspections and problems (resolvers) ---
  InspectionResolver, InspectionCoverageResolver, InspectionGroupResolver, InspectionMemberResolver, InspectionTargetResolver,
  InspectionSuggestionResolver, ProblemResolver, RectificationItemResolver,
  // --- leads, cases and accountability (resolvers) ---
  LeadResolver, DisciplinaryCaseResolver, AccountabilityRecordResolver, AccountabilityRevocationResolver, IntegrityFileResolver,
  // --- assessments, reports, interviews, risk points (resolvers) ---
  AssessmentResolver, AssessmentItemResolver, ReportResolver, ReportQuestionResolver, InterviewResolver, RiskPointResolver,
  ControlMeasureResolver,
  // --- portrait (resolvers) ---
  PortraitResolver, PortraitLeaderResolver, OrgUnitPortraitResolver,
  // --- files on records ---
  FileResolver, NoticeFilesResolver, RectificationItemFilesResolver, CaseFilesResolver,
  // --- urgings (resolvers) ---
  UrgingResolver, TaskUrgingsResolver, NoticeUrgingsResolver, RectificationItemUrgingsResolver,
  // --- notifications (resolvers) ---
  NotificationResolver, NotificationDeliveryResolver,
  // --- appeals (resolvers) ---
  AppealResolver, AccountabilityRecordAppealsResolver,
  // --- historical import (resolvers) ---
  ImportBatchResolver, ProblemProvenanceResolver, AccountabilityRecordProvenanceResolver, AssessmentProvenanceResolver, TaskProvenanceResolver,
  // --- hearings (resolvers) ---
  HearingResolver, ReportHearingResolver, HearingEvaluationResolver,
  // --- fulfilment record (resolvers) ---
  OfficialFulfilmentResolver, FulfilmentResolver,
  // --- inspection and assessment outcomes (resolvers) ---
  InspectionOutcomeResolver, InspectionWaiverResolver, InspectionTargetOutcomeResolver, LeadOriginResolver,
  AssessmentOutcomeResolver, InterviewAssessmentsResolver, AccountabilityRecordAssessmentResolver,
  // --- work items (resolvers) ---
  WorkItemResolver,
  // --- bulk forms (resolvers) ---
  BulkResolver,
] as const;

/** The schema without the policy: for printing the SDL and for the policy-coverage test. */
export async function buildBareSchema(): Promise<GraphQLSchema> {
  // Zeren uses no type-graphql middlewares or @Authorized (the policy is one map), so a
  // plain @Field needs no wrapper: graphql-js reads the property (no work per value).
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
  const schema = await buildSchema({
    resolvers: [...RESOLVERS],
    pubSub: events,
    validateFn: validateArgumentsOnce,
    container,
  });
  // type-graphql takes no description for the root types: they are set here.
  schema.getQueryType()!.description = 'Reads: each record you may see, by the scope rule of your posts (absent otherwise)';
  schema.getMutationType()!.description = 'Writes: each checked by your posts, in one transaction, audited';
  schema.getSubscriptionType()!.description = 'Pushes over graphql-ws at /graphql (connectionParams.authorization = "Bearer <token>")';
  return readGettersDirectly(callFieldResolversDirectly(schema));
}

type Resolve = NonNullable<GraphQLField<unknown, unknown>['resolve']>;
type Instance = Record<string | symbol, (...a: unknown[]) => unknown>;

/** One instance per resolver class, shared by type-graphql's handlers and the direct calls below. */
const instances = new Map<Function, Instance>();
const instanceOf = (target: Function): Instance => {
  let instance = instances.get(target);
  if (!instance) instances.set(target, (instance = new (target as new () => Instance)()));
  return instance;
};

/**
 * Put on a copy of a field's arguments, this makes type-graphql's handler hand the
 * parameters it converted and validated to the function stored under it, in place of
 * calling the resolver method (the container gives it a stand-in whose every method does that).
 */
const CAPTURE = Symbol('zeren.captureParams');
type Sink = (params: unknown[]) => void;
const container: ContainerType = {
  get: (target: Function, { args }: { args: Record<symbol, Sink | undefined> }) => {
    const sink = args[CAPTURE];
    // Not thenable: type-graphql awaits a container's answer that looks like a promise.
    return sink ? new Proxy({}, { get: (_, key) => (key === 'then' ? undefined : (...params: unknown[]) => sink(params)) }) : instanceOf(target);
  },
};

/**
 * Fields whose value is a property of the parent, computed by a getter of its class:
 * `Node.id` (the getter `globalId`), and every field resolver that takes the root alone on
 * a stored record's class (`Task.light`, a pure function of the task), which gets a getter
 * `$light` on the class. The graphql-jit executor reads these as properties (no resolver
 * call, resolve info or promise check per value) unless the policy wraps the field.
 */
export const PROPERTY_READS = new WeakMap<GraphQLField<unknown, unknown>, string>();

const isStoredRecord = (target: unknown): boolean => getMetadataArgsStorage().tables.some((t) => t.target === target);

/** Fields declared on a getter of another name (`@Field({ name: 'id' }) get globalId()`): a property read of it. */
function readGettersDirectly(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const target = objectType.target;
    for (const f of storage.fields) {
      if (f.name === f.schemaName || f.params?.length || !(f.target === target || target.prototype instanceof f.target)) continue;
      const field = type.getFields()[f.schemaName];
      const overridden = storage.fieldResolvers.some((r) => r.schemaName === f.schemaName && r.getObjectType?.() === target);
      if (!field || overridden) continue;
      const property = f.name;
      field.resolve = (root) => (root as Record<string, unknown>)[property];
      PROPERTY_READS.set(field, property);
    }
  }
  return schema;
}

/**
 * type-graphql calls every field resolver through its handler: a container lookup, the
 * parameters collected one by one, each argument converted to its class (a walk of the
 * metadata per value) and validated, middlewares. Zeren has no middlewares, and a field's
 * arguments depend only on its node in the document and the request's variables, so a
 * field resolver is called directly: the root, the context and the info passed as they come,
 * and the arguments converted and validated by type-graphql's own handler once per field
 * node and variables (the first value's call), then reused for every other value of that
 * field (OrgUnit.tasks under 2,000 units). Invalid arguments fail every value, as before.
 * A root that is not already of the parameter's class goes the long way, which converts it.
 */
function callFieldResolversDirectly(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  for (const r of storage.fieldResolvers) {
    if (r.kind !== 'external' || !r.getObjectType || r.middlewares?.length || r.roles?.length) continue;
    const params = [...(r.params ?? [])].sort((a, b) => a.index - b.index);
    if (params.some((p) => p.kind === 'custom' || (p.kind === 'root' && p.propertyName))) continue;
    const objectType = storage.objectTypes.find((t) => t.target === r.getObjectType!());
    const type = objectType && schema.getType(objectType.name);
    const field = isObjectType(type) ? type.getFields()[r.schemaName] : undefined;
    if (!field?.resolve) continue;
    const instance = instanceOf(r.target);
    const method = instance[r.methodName].bind(instance);
    const kinds = params.map((p) => p.kind);
    const rootParam = params.find((p) => p.kind === 'root');
    const rootType = rootParam?.kind === 'root' ? rootParam.getType?.() : undefined;
    const long = field.resolve;
    if (kinds.length === 1 && kinds[0] === 'root' && isStoredRecord(rootType)) {
      const property = `$${r.schemaName}`;
      Object.defineProperty((rootType as Function).prototype, property, { get(this: unknown) { return method(this); }, configurable: true });
      PROPERTY_READS.set(field, property);
    }
    const direct = kinds.some((k) => k === 'arg' || k === 'args') ? withArgumentsOnce(long, kinds, method) : plainCall(kinds, method);
    if (!direct) continue;
    field.resolve = typeof rootType === 'function' && rootType !== Object
      ? (root, args, ctx, info) => (root instanceof (rootType as Function) ? direct(root, args, ctx, info) : long(root, args, ctx, info))
      : direct;
  }
  return schema;
}

/** A resolver of the root, the context and the info only. */
const plainCall = (kinds: readonly string[], method: (...a: unknown[]) => unknown): Resolve | undefined => ({
  'root': (root: unknown) => method(root),
  'root,context': (root: unknown, _a: unknown, ctx: unknown) => method(root, ctx),
  'root,context,info': (root: unknown, _a: unknown, ctx: unknown, info: unknown) => method(root, ctx, info),
  'context,root': (root: unknown, _a: unknown, ctx: unknown) => method(ctx, root),
} as Record<string, Resolve>)[kinds.join(',')];

/** A resolver with arguments: see callFieldResolversDirectly. */
function withArgumentsOnce(long: Resolve, kinds: readonly string[], method: (...a: unknown[]) => unknown): Resolve {
  // Per field node, then per request's variables: the converted parameters, or their promise.
  const converted = new WeakMap<FieldNode, WeakMap<object, unknown[] | Promise<unknown[]>>>();
  return (root, args, ctx, info) => {
    let byVariables = converted.get(info.fieldNodes[0]);
    if (!byVariables) converted.set(info.fieldNodes[0], (byVariables = new WeakMap()));
    let known = byVariables.get(info.variableValues);
    if (!known) {
      let captured: unknown[] = [];
      const sink: Sink = (params) => { captured = params; };
      const done = Promise.resolve(long(root, { ...args, [CAPTURE]: sink }, ctx, info)).then(() => {
        // Only the arguments are kept: type-graphql's parameters hold the first value's root,
        // context and info too, and the entry outlived its request through the young
        // generation's collections, keeping the whole request alive (README, Benchmark, stop 29).
        const params = captured.map((p, i) => (kinds[i] === 'arg' || kinds[i] === 'args' ? p : undefined));
        byVariables.set(info.variableValues, params);
        return params;
      });
      byVariables.set(info.variableValues, (known = done));
    }
    const call = (params: unknown[]): unknown => method(...kinds.map((kind, i) => (
      kind === 'root' ? root : kind === 'context' ? ctx : kind === 'info' ? info : params[i])));
    return Array.isArray(known) ? call(known) : known.then(call);
  };
}

let built: Promise<GraphQLSchema> | undefined;

/** The served schema: bare schema + the policy. Built once per process. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  return (built ??= buildBareSchema().then((schema) => applyPermissions(schema)));
}

/** The SDL as committed in src/schema/schema.graphql. */
export const printSdl = (schema: GraphQLSchema): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
