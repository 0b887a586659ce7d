// The one place the schema is built: type-graphql resolvers with input validation,
// then the graphql-shield policy applied on top.
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { buildSchema } from 'type-graphql';
import { permissions } from '../auth/permissions';
import { events } from '../events';
import { AuditResolver } from '../resolvers/audit/audit.resolver';
import { AuthResolver } from '../resolvers/auth/auth.resolver';
import { NodeResolver } from '../resolvers/node/node.resolver';
import { OrgUnitResolver } from '../resolvers/org/org-unit.resolver';
import { OfficialResolver } from '../resolvers/people/official.resolver';
import { PostResolver } from '../resolvers/people/post.resolver';
import {
  ChainResolver, ResponsibilityItemResolver, ResponsibilityLetterResolver, ResponsibilityListResolver,
} from '../resolvers/responsibility/responsibility.resolver';
import {
  EvidenceResolver, MilestoneResolver, ProgressUpdateResolver, TaskClosureResolver, TaskRatingResolver, TaskResolver,
} from '../resolvers/tasks/task.resolver';

export const RESOLVERS = [
  AuthResolver, NodeResolver, OrgUnitResolver, OfficialResolver, PostResolver, AuditResolver,
  ResponsibilityListResolver, ResponsibilityItemResolver, ResponsibilityLetterResolver, ChainResolver,
  TaskResolver, MilestoneResolver, ProgressUpdateResolver, TaskRatingResolver, TaskClosureResolver, EvidenceResolver,
  // --- notices (resolvers) ---
  // --- inspections and problems (resolvers) ---
  // --- leads, cases and accountability (resolvers) ---
  // --- assessments, reports, interviews, risk points (resolvers) ---
  // --- portrait (resolvers) ---
] as const;

/** The schema without the policy: for printing the SDL and for the policy-coverage test. */
export function buildBareSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...RESOLVERS],
    pubSub: events,
    validate: { forbidUnknownValues: false },
  });
}

let built: Promise<GraphQLSchema> | undefined;

/** The served schema: bare schema + shield. Built once per process. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  return (built ??= buildBareSchema().then((schema) => applyMiddleware(schema, permissions)));
}

/** The SDL as committed in src/schema/schema.graphql. */
export const printSdl = (schema: GraphQLSchema): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
