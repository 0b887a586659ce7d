// The one place the schema is built: type-graphql resolvers with input validation,
// then the policy (graphql-shield rules, applied per field by auth/policy.ts) on top.
import 'reflect-metadata';
import { isObjectType, lexicographicSortSchema, printSchema, type GraphQLField, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
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
  });
  // type-graphql takes no description for the root types: they are set here.
  schema.getQueryType()!.description = 'Reads: each record you may see, by the scope rule of your posts (absent otherwise)';
  schema.getMutationType()!.description = 'Writes: each checked by your posts, in one transaction, audited';
  schema.getSubscriptionType()!.description = 'Pushes over graphql-ws at /graphql (connectionParams.authorization = "Bearer <token>")';
  return callFieldResolversDirectly(schema);
}

type Resolve = NonNullable<GraphQLField<unknown, unknown>['resolve']>;

/**
 * type-graphql calls every field resolver through its handler: a container lookup, the
 * parameters collected one by one, argument validation, middlewares. A field resolver whose
 * parameters are only the root, the context and the info has no argument to validate, and
 * Zeren has no middlewares, so it is called directly: the same method, once per value,
 * without that work. (A root that is not already of the parameter's class goes the long way,
 * which converts it.)
 */
function callFieldResolversDirectly(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  const instances = new Map<Function, Record<string, (...a: unknown[]) => unknown>>();
  for (const r of storage.fieldResolvers) {
    if (r.kind !== 'external' || !r.getObjectType || r.middlewares?.length || r.roles?.length) continue;
    const params = [...(r.params ?? [])].sort((a, b) => a.index - b.index);
    if (params.some((p) => !(p.kind === 'context' || p.kind === 'info' || (p.kind === 'root' && !p.propertyName)))) continue;
    const objectType = storage.objectTypes.find((t) => t.target === r.getObjectType!());
    const type = objectType && schema.getType(objectType.name);
    const field = isObjectType(type) ? type.getFields()[r.schemaName] : undefined;
    if (!field?.resolve) continue;
    let instance = instances.get(r.target);
    if (!instance) instances.set(r.target, (instance = new (r.target as new () => Record<string, (...a: unknown[]) => unknown>)()));
    const method = instance[r.methodName].bind(instance);
    const kinds = params.map((p) => p.kind).join(',');
    const rootParam = params.find((p) => p.kind === 'root');
    const rootType = rootParam?.kind === 'root' ? rootParam.getType?.() : undefined;
    const long = field.resolve;
    const direct: Resolve | undefined = ({
      'root': (root: unknown) => method(root),
      'root,context': (root: unknown, _a: unknown, ctx: unknown) => method(root, ctx),
      'root,context,info': (root: unknown, _a: unknown, ctx: unknown, info: unknown) => method(root, ctx, info),
      'context,root': (root: unknown, _a: unknown, ctx: unknown) => method(ctx, root),
    } as Record<string, Resolve>)[kinds];
    if (!direct) continue;
    field.resolve = typeof rootType === 'function' && rootType !== Object
      ? (root, args, ctx, info) => (root instanceof (rootType as Function) ? direct(root, args, ctx, info) : long(root, args, ctx, info))
      : direct;
  }
  return schema;
}

let built: Promise<GraphQLSchema> | undefined;

/** The served schema: bare schema + the policy. Built once per process. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  return (built ??= buildBareSchema().then((schema) => applyPermissions(schema)));
}

/** The SDL as committed in src/schema/schema.graphql. */
export const printSdl = (schema: GraphQLSchema): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
