// The one access policy: a graphql-shield map, default deny. Every root field and
// every field of every type is listed; what is not listed is refused with FORBIDDEN.
// Row scope (which records exist for a viewer) lives in the services via scope.ts.
import { allow, deny, shield } from 'graphql-shield';
import { AppError } from '../errors';
import { PostRole } from '../schema/enums';
import {
  canReadAccount, canReadAuditLog, canReadContactDetails, canReadRatingComment, canReadTaskInternals, hasAnyRole, isAdmin,
  isSignedIn,
} from './rules';

// Mutation gates by role; the services then check the exact unit, the record and its state.
const isKeeper = hasAnyRole(PostRole.OFFICE, PostRole.SECRETARY);
const isLeader = hasAnyRole(PostRole.SECRETARY, PostRole.TEAM_MEMBER);
const isSecretary = hasAnyRole(PostRole.SECRETARY);
const isDiscipline = hasAnyRole(PostRole.DISCIPLINE);

export const RULES = {
  Query: {
    viewer: isSignedIn,
    node: isSignedIn,
    orgUnit: isSignedIn,
    orgUnits: isSignedIn,
    official: isSignedIn,
    officials: isSignedIn,
    domains: isSignedIn,
    auditLog: canReadAuditLog,
    // Row scope in the services: posts in scope (and PUBLIC tasks for everyone).
    responsibilityLists: isSignedIn,
    responsibilityLetters: isSignedIn,
    responsibilityLetterGaps: isSignedIn,
    task: isSignedIn,
    tasks: isSignedIn,
    taskStats: isSignedIn,
    // Who holds which post is directory information.
    responsibilityChain: isSignedIn,
    uncoveredDomains: isSignedIn,
    // --- notices (Query) ---
    // --- inspections and problems (Query) ---
    // --- leads, cases and accountability (Query) ---
    // --- assessments, reports, interviews, risk points (Query) ---
    // --- portrait (Query) ---
  },
  Mutation: {
    login: allow,
    changePassword: isSignedIn,
    createOrgUnit: isAdmin,
    renameOrgUnit: isAdmin,
    moveOrgUnit: isAdmin,
    createOfficial: isAdmin,
    createPost: isAdmin,
    endPost: isAdmin,
    createAccount: isAdmin,
    setAccountActive: isAdmin,
    createResponsibilityList: isKeeper,
    publishResponsibilityList: isKeeper,
    addResponsibilityItem: isKeeper,
    updateResponsibilityItem: isKeeper,
    moveResponsibilityItem: isKeeper,
    removeResponsibilityItem: isKeeper,
    adoptParentResponsibilityItems: isKeeper,
    issueResponsibilityLetter: isKeeper,
    signResponsibilityLetter: isLeader,
    createTask: isKeeper,
    updateTask: isKeeper,
    addMilestone: isKeeper,
    postProgress: isLeader,
    correctProgress: isLeader,
    rateTask: isDiscipline,
    requestTaskClosure: isLeader,
    confirmTaskClosure: isSecretary,
    returnTaskClosure: isSecretary,
    // --- notices (Mutation) ---
    // --- inspections and problems (Mutation) ---
    // --- leads, cases and accountability (Mutation) ---
    // --- assessments, reports, interviews, risk points (Mutation) ---
  },
  // Row scope in the subscription's source (the same query as task(id)).
  Subscription: {
    taskChanged: isSignedIn,
    // --- notices (Subscription) ---
  },
  OrgUnit: { '*': allow },
  Domain: { '*': allow },
  Official: { '*': allow, phone: canReadContactDetails, idNumber: canReadContactDetails, account: canReadAccount },
  Post: { '*': allow },
  // Reached only through guarded fields and scoped services.
  Account: { '*': allow },
  AuditEntry: { '*': allow },
  // Reached only through scoped services (lists, letters, visible tasks).
  ResponsibilityList: { '*': allow },
  ResponsibilityItem: { '*': allow },
  ResponsibilityLetter: { '*': allow },
  LetterGap: { '*': allow },
  ChainTier: { '*': allow },
  Task: { '*': allow, ratings: canReadTaskInternals, closures: canReadTaskInternals },
  Milestone: { '*': allow },
  ProgressUpdate: { '*': allow, evidence: canReadTaskInternals },
  TaskRating: { '*': allow, comment: canReadRatingComment },
  TaskClosure: { '*': allow },
  Evidence: { '*': allow },
  TaskStats: { '*': allow },
  // --- notices (types) ---
  // --- inspections and problems (types) ---
  // --- leads, cases and accountability (types) ---
  // --- assessments, reports, interviews, risk points (types) ---
  // --- portrait (types) ---
  LoginPayload: { '*': allow },
  PageInfo: { '*': allow },
  OrgUnitConnection: { '*': allow },
  OrgUnitEdge: { '*': allow },
  OfficialConnection: { '*': allow },
  OfficialEdge: { '*': allow },
  AuditEntryConnection: { '*': allow },
  AuditEntryEdge: { '*': allow },
  ResponsibilityListConnection: { '*': allow },
  ResponsibilityListEdge: { '*': allow },
  ResponsibilityLetterConnection: { '*': allow },
  ResponsibilityLetterEdge: { '*': allow },
  TaskConnection: { '*': allow },
  TaskEdge: { '*': allow },
};

export const permissions = shield(RULES, {
  fallbackRule: deny,
  allowExternalErrors: true,
  fallbackError: () => new AppError('FORBIDDEN', 'Not allowed for your posts'),
});
