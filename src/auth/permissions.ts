// The one access policy: a graphql-shield map, default deny. Every root field and
// every field of every type is listed; what is not listed is refused with FORBIDDEN.
// Row scope (which records exist for a viewer) lives in the services via scope.ts.
import type { GraphQLSchema } from 'graphql';
import { allow } from 'graphql-shield';
import { PostRole } from '../schema/enums';
import {
  canReadAccount, canReadAuditLog, canReadContactDetails, canReadRatingComment, canReadTaskInternals, hasAnyRole, isAdmin,
  isSignedIn,
} from './rules';
import {
  canReadInspectionAuthor, isInspectionKeeper, isInspectionOffice, isInspector, isProblemRecorder, isRectificationApprover,
  isRectificationCloser,
} from './inspections-rules';
import {
  canInvestigateCase, canReadAccountabilityReason, canReadLeadDetails, canReadRecordCase, isLeadReporter,
} from './accountability-rules';
import { canReadNoticeCase, mayIssueNotices } from './notices-rules';
import { canReadPortraitNames } from './portrait-rules';
import {
  isAssessmentKeeper, isInterviewer, isReporter, isReportQuestioner, isReportScheduler,
} from './assessments-rules';
import { applyPolicy } from './policy';

// Mutation gates by role; the services then check the exact unit, the record and its state.
const isKeeper = hasAnyRole(PostRole.OFFICE, PostRole.SECRETARY);
const isLeader = hasAnyRole(PostRole.SECRETARY, PostRole.TEAM_MEMBER);
const isSecretary = hasAnyRole(PostRole.SECRETARY);
const isDiscipline = hasAnyRole(PostRole.DISCIPLINE);

export const RULES = {
  Query: {
    viewer: isSignedIn,
    node: isSignedIn,
    nodes: isSignedIn,
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
    // Row scope in the service: recipient and cc (once issued), the issuing unit's
    // SECRETARY, DISCIPLINE and OFFICE, DISCIPLINE above (once issued).
    notice: isSignedIn,
    notices: isSignedIn,
    noticeStats: isSignedIn,
    noticeCategories: isSignedIn,
    suggestedNoticeRecipients: isSignedIn,
    // --- inspections and problems (Query) ---
    // Row scope in the services (auth/inspection-scope.ts); coverage checks the unit.
    inspection: isSignedIn,
    inspections: isSignedIn,
    problems: isSignedIn,
    rectificationItems: isSignedIn,
    inspectionCoverage: isSignedIn,
    // --- leads, cases and accountability (Query) ---
    // Row scope in the services: leads (receiving DISCIPLINE and the submitter, never the
    // official concerned), cases (DISCIPLINE in scope), records (the official, SECRETARY and
    // DISCIPLINE in scope), integrity files (the official, readers of one of its records).
    leads: isSignedIn,
    lead: isSignedIn,
    cases: isSignedIn,
    case: isSignedIn,
    accountabilityRecords: isSignedIn,
    accountabilityRecord: isSignedIn,
    integrityFile: isSignedIn,
    restrictionRules: isSignedIn,
    // --- assessments, reports, interviews, risk points (Query) ---
    // Row scope in the services: posts in scope (a unit sees its own assessment, the parent all its children's).
    assessments: isSignedIn,
    assessmentRanking: isSignedIn,
    defaultAssessmentScheme: isSignedIn,
    reports: isSignedIn,
    reportGaps: isSignedIn,
    interviews: isSignedIn,
    riskPoints: isSignedIn,
    // --- portrait (Query) ---
    portrait: isSignedIn,
    // Row scope in the service: the children the viewer may read (as OrgUnit.portrait).
    portraits: isSignedIn,
  },
  Mutation: {
    login: allow,
    changePassword: isSignedIn,
    createOrgUnit: isAdmin,
    renameOrgUnit: isAdmin,
    moveOrgUnit: isAdmin,
    mergeOrgUnit: isAdmin,
    splitOrgUnit: isAdmin,
    closeOrgUnit: isAdmin,
    createOfficial: isAdmin,
    createPost: isAdmin,
    endPost: isAdmin,
    createAccount: isAdmin,
    setAccountActive: isAdmin,
    // Your own sessions, or (checked in the service) an account an ADMIN manages.
    signOutEverywhere: isSignedIn,
    // Who attaches to which record is declared per type in the service (resolvers/files/attachment.service.ts).
    attachFiles: isSignedIn,
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
    // The service checks the issuing unit (or the recipient's post) and the state.
    draftNotice: isDiscipline,
    draftNoticesFromCase: isDiscipline,
    updateNotice: isDiscipline,
    submitNotice: isDiscipline,
    approveNotice: isSecretary,
    returnNotice: isSecretary,
    issueNotice: mayIssueNotices,
    reportNotice: isLeader,
    closeNotice: mayIssueNotices,
    reopenNotice: mayIssueNotices,
    // --- inspections and problems (Mutation) ---
    createInspection: isInspectionKeeper,
    advanceInspection: isInspectionKeeper,
    addInspectionGroup: isInspectionKeeper,
    addInspectionMember: isInspectionKeeper,
    endInspectionMember: isInspectionKeeper,
    addInspectionTarget: isInspectionKeeper,
    recordInspectionFeedback: isInspectionOffice,
    addInspectionSuggestion: isInspector,
    recordInspectionFinding: isInspector,
    createProblem: isProblemRecorder,
    addRectificationItem: isInspectionKeeper,
    closeRectificationItem: isRectificationCloser,
    approveRectification: isRectificationApprover,
    // --- leads, cases and accountability (Mutation) ---
    // The services check the unit (or the inspection assignment), the record and its state.
    submitLead: isLeadReporter,
    reviewLead: isDiscipline,
    dismissLead: isDiscipline,
    openCase: isDiscipline,
    closeCase: isDiscipline,
    createAccountabilityRecord: isDiscipline,
    makeAccountabilityRecords: isDiscipline,
    reviseAccountabilityRecord: isDiscipline,
    revokeAccountabilityRecord: isDiscipline,
    // --- assessments, reports, interviews, risk points (Mutation) ---
    recordAssessment: isAssessmentKeeper,
    updateAssessment: isAssessmentKeeper,
    recordAssessmentFollowUp: isAssessmentKeeper,
    draftWrittenReport: isReporter,
    updateReportContent: isReporter,
    submitWrittenReport: isReporter,
    scheduleOralReport: isReportScheduler,
    askReportQuestion: isReportQuestioner,
    answerReportQuestion: isReporter,
    recordInterview: isInterviewer,
    createRiskPoint: isAssessmentKeeper,
    updateRiskPoint: isAssessmentKeeper,
    addControlMeasure: isAssessmentKeeper,
  },
  // Row scope in the subscription's source (the same query as task(id)).
  Subscription: {
    taskChanged: isSignedIn,
    // --- notices (Subscription) ---
    noticeChanged: isSignedIn,
  },
  // portrait: null outside the portrait's readers (the service; same rule as Query.portrait).
  OrgUnit: { '*': allow, portrait: allow },
  // The tree's history is as public as the tree (no actor is exposed).
  OrgUnitChange: { '*': allow },
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
  // Reached through evidence (guarded above) or node(id), which applies the file's own rule.
  StoredFile: { '*': allow },
  TaskStats: { '*': allow },
  // --- notices (types) ---
  // Reached only through the scoped notice service; the case only by DISCIPLINE in its scope.
  Notice: { '*': allow, case: canReadNoticeCase },
  NoticeCategory: { '*': allow },
  NoticeEvent: { '*': allow },
  NoticeStats: { '*': allow },
  NoticeConnection: { '*': allow },
  NoticeEdge: { '*': allow },
  // --- inspections and problems (types) ---
  // Reached only through scoped services and filtered field resolvers.
  Inspection: { '*': allow },
  InspectionGroup: { '*': allow },
  InspectionMember: { '*': allow },
  InspectionTarget: { '*': allow },
  InspectionSuggestion: { '*': allow, createdBy: canReadInspectionAuthor },
  Problem: { '*': allow, recordedBy: canReadInspectionAuthor },
  RectificationItem: { '*': allow },
  InspectionCoverage: { '*': allow },
  InspectionCoverageLevel: { '*': allow },
  InspectionCoverageKind: { '*': allow },
  InspectionConnection: { '*': allow },
  InspectionEdge: { '*': allow },
  ProblemConnection: { '*': allow },
  ProblemEdge: { '*': allow },
  RectificationItemConnection: { '*': allow },
  RectificationItemEdge: { '*': allow },
  UncoveredUnitConnection: { '*': allow },
  UncoveredUnitEdge: { '*': allow },
  // --- leads, cases and accountability (types) ---
  // Reached only through the scoped services; the submitter of a lead reads its status only.
  Lead: { '*': allow, content: canReadLeadDetails, concernedOfficial: canReadLeadDetails, case: canReadLeadDetails },
  LeadConnection: { '*': allow },
  LeadEdge: { '*': allow },
  // A case reached from a record (its official) shows neither the lead nor the proposal.
  DisciplinaryCase: { '*': allow, lead: canInvestigateCase, proposal: canInvestigateCase, files: canInvestigateCase },
  DisciplinaryCaseConnection: { '*': allow },
  DisciplinaryCaseEdge: { '*': allow },
  ProposedRecord: { '*': allow },
  AccountabilityRecord: { '*': allow, reason: canReadAccountabilityReason, case: canReadRecordCase },
  AccountabilityRecordConnection: { '*': allow },
  AccountabilityRecordEdge: { '*': allow },
  AccountabilityRevocation: { '*': allow, reason: canReadAccountabilityReason },
  IntegrityFile: { '*': allow },
  RestrictionRule: { '*': allow },
  // --- assessments, reports, interviews, risk points (types) ---
  // Reached only through scoped services (visible assessments, reports, interviews, risk points).
  Assessment: { '*': allow },
  AssessmentItem: { '*': allow },
  AssessmentRanking: { '*': allow },
  AssessmentSchemeItem: { '*': allow },
  AssessmentConnection: { '*': allow },
  AssessmentEdge: { '*': allow },
  Report: { '*': allow },
  ReportQuestion: { '*': allow },
  ReportGap: { '*': allow },
  ReportConnection: { '*': allow },
  ReportEdge: { '*': allow },
  Interview: { '*': allow },
  InterviewConnection: { '*': allow },
  InterviewEdge: { '*': allow },
  RiskPoint: { '*': allow },
  ControlMeasure: { '*': allow },
  RiskPointConnection: { '*': allow },
  RiskPointEdge: { '*': allow },
  // --- portrait (types) ---
  Portrait: { '*': allow, redTaskLeaders: canReadPortraitNames },
  PortraitTasks: { '*': allow },
  PortraitProblems: { '*': allow },
  PortraitNotices: { '*': allow },
  PortraitInspection: { '*': allow },
  PortraitAccountability: { '*': allow },
  PortraitLetters: { '*': allow },
  PortraitAssessments: { '*': allow },
  PortraitCount: { '*': allow },
  PortraitLeader: { '*': allow },
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

/** The policy on the served schema: what the map does not name is refused with FORBIDDEN (policy.ts). */
export const applyPermissions = (schema: GraphQLSchema): GraphQLSchema => applyPolicy(schema, RULES);
