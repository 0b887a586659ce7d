// The one access policy: a graphql-shield map, default deny. Every root field and
// every field of every type is listed; what is not listed is refused with FORBIDDEN.
// Row scope (which records exist for a viewer) lives in the services via scope.ts.
import type { GraphQLSchema } from 'graphql';
import { allow } from 'graphql-shield';
import { PostRole } from '../schema/enums';
import {
  canReadAccount, canReadAuditLog, canReadContactDetails, canReadSensitiveReads, canReadRatingComment, canReadTaskInternals, hasAnyRole, isAdmin,
  isSignedIn,
} from './rules';
import {
  canCountInspectionLeads, canReadInspectionAuthor, isInspectionKeeper, isInspectionOffice, isInspector, isProblemRecorder, isRectificationApprover,
  isRectificationCloser,
} from './inspections-rules';
import {
  canInvestigateCase, canReadAccountabilityReason, canReadAppealText, canReadLeadDetails, canReadRecordCase, isLeadReporter,
} from './accountability-rules';
import { canReadNoticeCase, mayIssueNotices } from './notices-rules';
import { canReadPortraitDisciplineFigures, canReadPortraitNames } from './portrait-rules';
import {
  isAssessmentKeeper, isInterviewer, isReporter, isReportQuestioner, isReportScheduler,
} from './assessments-rules';
import { isCityAdmin } from './notifications-rules';
import { applyPolicy, type SensitiveMap } from './policy';
import type { Locate } from '../sensitive-reads';

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
    sensitiveReads: canReadSensitiveReads,
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
    // Row scope in the service: the problems of the notices the viewer reads.
    noticeProblemStats: isSignedIn,
    suggestedNoticeRecipients: isSignedIn,
    // --- inspections and problems (Query) ---
    // Row scope in the services (auth/inspection-scope.ts); coverage checks the unit.
    inspection: isSignedIn,
    inspections: isSignedIn,
    problems: isSignedIn,
    rectificationItems: isSignedIn,
    inspectionCoverage: isSignedIn,
    // Row scope in the service: suggestions to the targets the viewer sees (auth/inspection-scope.ts).
    inspectionSuggestions: isSignedIn,
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
    // --- appeals (Query) ---
    // Row scope in the service: the record's readers (the official, SECRETARY and DISCIPLINE in scope).
    appeals: isSignedIn,
    // --- assessments, reports, interviews, risk points (Query) ---
    // Row scope in the services: posts in scope (a unit sees its own assessment, the parent all its children's).
    assessments: isSignedIn,
    assessmentRanking: isSignedIn,
    defaultAssessmentScheme: isSignedIn,
    reports: isSignedIn,
    reportGaps: isSignedIn,
    interviews: isSignedIn,
    // Row scope in the service: the assessments the viewer sees (as assessments).
    assessmentFollowUps: isSignedIn,
    riskPoints: isSignedIn,
    // --- hearings (Query) ---
    // Row scope in the service: posts in scope of the hearing's unit (each part is read as a report).
    hearings: isSignedIn,
    // --- portrait (Query) ---
    portrait: isSignedIn,
    // Row scope in the service: the children the viewer may read (as OrgUnit.portrait).
    portraits: isSignedIn,
    // --- urgings (Query) ---
    // Row scope in the service: posts in scope of the urged record's unit or of the issuing unit, and the urged post.
    urgings: isSignedIn,
    // --- notifications (Query) ---
    // Row scope in the service: the viewer's own notifications only.
    notifications: isSignedIn,
    unreadNotificationCount: isSignedIn,
    // The webhook outbox of the viewer's city (ADMIN at the city).
    notificationDeliveries: isCityAdmin,
    // --- imports (Query) ---
    // The import batches of the viewer's city (ADMIN at the city; row scope in the service too).
    importBatches: isCityAdmin,
    // --- work items (Query) ---
    // Own only by construction: every item is selected from the viewer's posts by the rule
    // of its step (auth/steps.ts), so ANALYST and ADMIN posts have none.
    workItems: isSignedIn,
    workItemCounts: isSignedIn,
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
    // The service checks the inspecting unit's OFFICE (WAIVES_FINDINGS), the state and the findings.
    waiveInspectionFindings: isInspectionOffice,
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
    // --- appeals (Mutation) ---
    // The service checks the official concerned (appeal), the deciding DISCIPLINE (answer), the period and the state.
    appeal: isSignedIn,
    answerAppeal: isDiscipline,
    // --- assessments, reports, interviews, risk points (Mutation) ---
    recordAssessment: isAssessmentKeeper,
    updateAssessment: isAssessmentKeeper,
    recordAssessmentFollowUp: isAssessmentKeeper,
    // The service checks the assessor unit (ASSESSES) and that the check is not yet recorded.
    scheduleAssessmentFollowUp: isAssessmentKeeper,
    draftWrittenReport: isReporter,
    updateReportContent: isReporter,
    submitWrittenReport: isReporter,
    scheduleOralReport: isReportScheduler,
    askReportQuestion: isReportQuestioner,
    // The reporter: a SECRETARY, or at a hearing a team member (the service checks the post).
    answerReportQuestion: isLeader,
    // --- hearings (Mutation) ---
    // The service checks the hearing's unit (its OFFICE or DISCIPLINE organise, its DISCIPLINE
    // evaluates), the reporter's post and the hearing's state.
    scheduleHearing: hasAnyRole(PostRole.OFFICE, PostRole.DISCIPLINE),
    addHearingReporter: hasAnyRole(PostRole.OFFICE, PostRole.DISCIPLINE),
    holdHearing: hasAnyRole(PostRole.OFFICE, PostRole.DISCIPLINE),
    closeHearing: hasAnyRole(PostRole.OFFICE, PostRole.DISCIPLINE),
    evaluateHearingReporter: isDiscipline,
    recordInterview: isInterviewer,
    // The service checks the interviewer post (SECRETARY or DISCIPLINE at the assessing unit or above).
    interviewBottomRanked: isInterviewer,
    createRiskPoint: isAssessmentKeeper,
    updateRiskPoint: isAssessmentKeeper,
    addControlMeasure: isAssessmentKeeper,
    // --- urgings (Mutation) ---
    // The service checks the record's unit (DISCIPLINE in scope, OFFICE/SECRETARY above), its state,
    // and for a reply the urged post; these roles are the ones that can urge or be urged.
    urge: hasAnyRole(PostRole.DISCIPLINE, PostRole.OFFICE, PostRole.SECRETARY),
    replyToUrging: hasAnyRole(PostRole.SECRETARY, PostRole.TEAM_MEMBER, PostRole.DISCIPLINE, PostRole.OFFICE),
    // --- notifications (Mutation) ---
    // Only the viewer's own rows are updated (the service).
    markNotificationsRead: isSignedIn,
    // --- imports (Mutation) ---
    // Historical import, the only door to the past: ADMIN at a city (the service: their own upload, the batch's city).
    validateImport: isCityAdmin,
    commitImport: isCityAdmin,
    // --- bulk forms (Mutation) ---
    // The single mutation's gate; each item is then checked by that mutation's own service code.
    issueResponsibilityLetters: isKeeper,
    submitNotices: isDiscipline,
    approveNotices: isSecretary,
    issueNotices: mayIssueNotices,
    onboardOfficials: isAdmin,
    addInspectionTargets: isInspectionKeeper,
    recordInspectionFeedbacks: isInspectionOffice,
  },
  // Row scope in the subscription's source (the same query as task(id)).
  Subscription: {
    taskChanged: isSignedIn,
    // --- notices (Subscription) ---
    noticeChanged: isSignedIn,
    // --- notifications (Subscription) ---
    // Events reach the recipient only (the service filters and re-reads as the viewer).
    notificationAdded: isSignedIn,
  },
  // portrait: null outside the portrait's readers (the service; same rule as Query.portrait).
  OrgUnit: { '*': allow, portrait: allow },
  // The tree's history is as public as the tree (no actor is exposed).
  OrgUnitChange: { '*': allow },
  Domain: { '*': allow },
  // fulfilment: null unless the viewer reads the official's file (the service: the integrity file's readers).
  Official: { '*': allow, phone: canReadContactDetails, idNumber: canReadContactDetails, account: canReadAccount, fulfilment: allow },
  Post: { '*': allow },
  // Reached only through guarded fields and scoped services.
  Account: { '*': allow },
  AuditEntry: { '*': allow },
  // Reached only through auditService.sensitiveReads (the cities of the viewer's city DISCIPLINE posts).
  SensitiveRead: { '*': allow },
  SensitiveReadConnection: { '*': allow },
  SensitiveReadEdge: { '*': allow },
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
  // Counts over the notices the viewer reads (noticeProblemService.stats).
  NoticeProblemStats: { '*': allow },
  NoticeProblemCategoryCount: { '*': allow },
  NoticeProblemDomainCount: { '*': allow },
  NoticeConnection: { '*': allow },
  NoticeEdge: { '*': allow },
  // --- inspections and problems (types) ---
  // Reached only through scoped services and filtered field resolvers.
  // leadCount: the readers of the round's leads (DISCIPLINE of the inspecting unit or above); the
  // counts of suggestions and of findings without items cover the targets the viewer sees.
  Inspection: { '*': allow, leadCount: canCountInspectionLeads },
  // Read on a visible round (its readers): the waiver's reason, day, count and OFFICE official.
  InspectionWaiver: { '*': allow },
  InspectionSuggestionConnection: { '*': allow },
  InspectionSuggestionEdge: { '*': allow },
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
  // inspection and target: null unless the viewer sees that round and target (inspection-outcomes.service).
  Lead: {
    '*': allow, content: canReadLeadDetails, concernedOfficial: canReadLeadDetails, case: canReadLeadDetails, inspection: allow, target: allow,
  },
  LeadConnection: { '*': allow },
  LeadEdge: { '*': allow },
  // A case reached from a record (its official) shows neither the lead nor the proposal.
  DisciplinaryCase: { '*': allow, lead: canInvestigateCase, proposal: canInvestigateCase, files: canInvestigateCase },
  DisciplinaryCaseConnection: { '*': allow },
  DisciplinaryCaseEdge: { '*': allow },
  ProposedRecord: { '*': allow },
  // assessment: read as the assessment itself (null unless the viewer sees it; a scoped loader).
  AccountabilityRecord: { '*': allow, reason: canReadAccountabilityReason, case: canReadRecordCase, assessment: allow },
  AccountabilityRecordConnection: { '*': allow },
  AccountabilityRecordEdge: { '*': allow },
  AccountabilityRevocation: { '*': allow, reason: canReadAccountabilityReason },
  IntegrityFile: { '*': allow },
  RestrictionRule: { '*': allow },
  // --- appeals (types) ---
  // Reached only through the scoped service and visible records; the grounds and the answer's
  // reasons as the record's reason (the official and DISCIPLINE in scope, not a SECRETARY).
  Appeal: { '*': allow, grounds: canReadAppealText, reasons: canReadAppealText },
  AppealConnection: { '*': allow },
  AppealEdge: { '*': allow },
  // --- assessments, reports, interviews, risk points (types) ---
  // Reached only through scoped services (visible assessments, reports, interviews, risk points).
  Assessment: { '*': allow },
  AssessmentItem: { '*': allow },
  AssessmentRanking: { '*': allow },
  AssessmentSchemeItem: { '*': allow },
  AssessmentConnection: { '*': allow },
  AssessmentEdge: { '*': allow },
  // The follow-up list: visible assessments only (the service).
  AssessmentFollowUpConnection: { '*': allow },
  AssessmentFollowUpEdge: { '*': allow },
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
  // --- hearings (types) ---
  // Reached only through the scoped service, or from a visible part (Report.hearing: null out of scope).
  Hearing: { '*': allow },
  HearingConnection: { '*': allow },
  HearingEdge: { '*': allow },
  // Read with its part (a visible report).
  HearingEvaluation: { '*': allow },
  // --- fulfilment record (types) ---
  // Reached only through Official.fulfilment (the integrity file's readers); each section through its record's visible().
  Fulfilment: { '*': allow },
  // --- portrait (types) ---
  // Leads and cases are DISCIPLINE matters: their figures for DISCIPLINE in scope only (not ANALYST, not other posts).
  Portrait: { '*': allow, redTaskLeaders: canReadPortraitNames, leads: canReadPortraitDisciplineFigures, cases: canReadPortraitDisciplineFigures },
  PortraitTasks: { '*': allow },
  PortraitProblems: { '*': allow },
  PortraitNotices: { '*': allow },
  PortraitInspection: { '*': allow },
  PortraitAccountability: { '*': allow },
  PortraitLetters: { '*': allow },
  PortraitAssessments: { '*': allow },
  PortraitCount: { '*': allow },
  PortraitLeader: { '*': allow },
  PortraitUrgings: { '*': allow },
  PortraitLeads: { '*': allow },
  PortraitCases: { '*': allow },
  PortraitInterviews: { '*': allow },
  PortraitReports: { '*': allow },
  PortraitSuggestions: { '*': allow },
  // --- urgings (types) ---
  // Reached only through the scoped service and loaders; record through its own scope (null otherwise).
  Urging: { '*': allow },
  UrgingConnection: { '*': allow },
  UrgingEdge: { '*': allow },
  // --- notifications (types) ---
  // Reached only as the recipient (scoped service); record through node(id), so its own scope applies.
  Notification: { '*': allow },
  NotificationConnection: { '*': allow },
  NotificationEdge: { '*': allow },
  // Reached only through notificationDeliveries (ADMIN at the city).
  NotificationDelivery: { '*': allow },
  NotificationDeliveryConnection: { '*': allow },
  NotificationDeliveryEdge: { '*': allow },
  // --- imports (types) ---
  // A batch is reached through importBatches / node (ADMIN of its city) or the provenance of a
  // record the viewer reads (its file name, importer and time); the dry run's report: ADMIN of a city only.
  ImportBatch: { '*': allow, issues: isCityAdmin },
  ImportIssue: { '*': allow },
  ImportProvenance: { '*': allow },
  ImportBatchConnection: { '*': allow },
  ImportBatchEdge: { '*': allow },
  // --- work items (types) ---
  // Reached only through workItems (the viewer's own); record: a record the viewer may act on, so reads.
  WorkItem: { '*': allow },
  WorkItemConnection: { '*': allow },
  WorkItemEdge: { '*': allow },
  WorkItemCount: { '*': allow },
  // --- bulk forms (types) ---
  // Returned to the ADMIN who onboarded them; the official's contact fields and account keep their own rules.
  OnboardedOfficial: { '*': allow },
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

/** A sensitive value's record: the parent itself (its id and city). */
const itself = (type: string): Locate => (parent) => {
  const r = parent as { id: number; cityId: number };
  return { type, id: r.id, cityId: r.cityId };
};

/**
 * Sensitive reads (domain.md section 6), audited per request: each granted, non-null value
 * of these fields is recorded (src/sensitive-reads.ts). Reading any field of a case is
 * reading the case.
 */
export const SENSITIVE_READS: SensitiveMap = {
  'Official.phone': itself('Official'),
  'Official.idNumber': itself('Official'),
  'Lead.content': itself('Lead'),
  'Lead.concernedOfficial': itself('Lead'),
  'DisciplinaryCase.*': itself('DisciplinaryCase'),
  'AccountabilityRecord.reason': itself('AccountabilityRecord'),
  // An appeal's grounds and answer are read as the record's reason.
  'Appeal.grounds': itself('Appeal'),
  'Appeal.reasons': itself('Appeal'),
  'AccountabilityRevocation.reason': (parent) => {
    const r = parent as { recordId: number; cityId: number };
    return { type: 'AccountabilityRecord', id: r.recordId, cityId: r.cityId };
  },
};

/** The policy on the served schema: what the map does not name is refused with FORBIDDEN (policy.ts). */
export const applyPermissions = (schema: GraphQLSchema): GraphQLSchema => applyPolicy(schema, RULES, SENSITIVE_READS);
