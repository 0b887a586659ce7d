// The one place the schema is built: type-graphql resolvers with input validation,
// then the policy (graphql-shield rules, applied per field by auth/policy.ts) on top.
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
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
import { AuditResolver } from '../resolvers/audit/audit.resolver';
import { AuthResolver } from '../resolvers/auth/auth.resolver';
import { NodeResolver } from '../resolvers/node/node.resolver';
import { NoticeEventResolver, NoticeResolver } from '../resolvers/notices/notice.resolver';
import { OrgUnitResolver } from '../resolvers/org/org-unit.resolver';
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
  AuthResolver, NodeResolver, OrgUnitResolver, OfficialResolver, PostResolver, AuditResolver,
  ResponsibilityListResolver, ResponsibilityItemResolver, ResponsibilityLetterResolver, ChainResolver,
  TaskResolver, OrgUnitTasksResolver, MilestoneResolver, ProgressUpdateResolver, TaskRatingResolver, TaskClosureResolver, EvidenceResolver,
  // --- notices (resolvers) ---
  NoticeResolver, NoticeEventResolver,
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
] as const;

/** The schema without the policy: for printing the SDL and for the policy-coverage test. */
export function buildBareSchema(): Promise<GraphQLSchema> {
  // Zeren uses no type-graphql middlewares or @Authorized (the policy is one map), so a
  // plain @Field needs no wrapper: graphql-js reads the property (no work per value).
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
  return buildSchema({
    resolvers: [...RESOLVERS],
    pubSub: events,
    validate: { forbidUnknownValues: false },
  });
}

let built: Promise<GraphQLSchema> | undefined;

/** The served schema: bare schema + the policy. Built once per process. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  return (built ??= buildBareSchema().then((schema) => applyPermissions(schema)));
}

/** The SDL as committed in src/schema/schema.graphql. */
export const printSdl = (schema: GraphQLSchema): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
