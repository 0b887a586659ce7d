// 待办 (issue 12): the kinds of work item and, for each, the SELECT that finds the records
// its step waits on for the viewer. Who takes the step is the actor its mutation checks
// (auth/steps.ts, from the same declaration); the state is the one its service requires.
// Each SELECT carries the record's cityId and starts from an indexed column; the service
// runs them as one UNION ALL (work-item.service.ts).
import { registerEnumType } from 'type-graphql';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { coversUnit, type Actor, type Columns } from '../../auth/actor';
import { citiesOf, KEEPER_ROLES } from '../../auth/scope';
import {
  ANSWERS_QUESTIONS, APPROVES_AS_PRINCIPAL, ASSESSES, CLOSES_ITEM, DECIDES_CLOSURES, DECIDES_LEAD, GIVES_FEEDBACK, LEADS_TASK,
  NOT_THE_REQUESTER, NOTICE_ACTORS, RATES_TASK, REPLIES_TO_URGING, SIGNS_LETTER, supervisorPostSql, WRITES_REPORT,
} from '../../auth/steps';
import type { Viewer } from '../../auth/viewer';
import { addDays, quarterOf } from '../../clock';
import { config } from '../../config';
import {
  ClosureDecision, HearingStatus, InspectionStatus, LeadStatus, PostRole, RectificationStatus, ReportKind, TaskStatus,
} from '../../schema/enums';
import { STEPS, type NoticeStep } from '../notices/notice.service';
import { writtenDueOn } from '../reports/report.service';
import { lateEntryCutoff } from '../tasks/task.service';

export enum WorkItemKind {
  SIGN_LETTER = 'SIGN_LETTER',
  REPORT_PROGRESS = 'REPORT_PROGRESS',
  REQUEST_CLOSURE = 'REQUEST_CLOSURE',
  CONFIRM_CLOSURE = 'CONFIRM_CLOSURE',
  RATE_TASK = 'RATE_TASK',
  SUBMIT_NOTICE = 'SUBMIT_NOTICE',
  APPROVE_NOTICE = 'APPROVE_NOTICE',
  ISSUE_NOTICE = 'ISSUE_NOTICE',
  REPORT_ON_NOTICE = 'REPORT_ON_NOTICE',
  CLOSE_NOTICE = 'CLOSE_NOTICE',
  CLOSE_RECTIFICATION = 'CLOSE_RECTIFICATION',
  SIGN_RECTIFICATION = 'SIGN_RECTIFICATION',
  SUBMIT_REPORT = 'SUBMIT_REPORT',
  ANSWER_QUESTION = 'ANSWER_QUESTION',
  REVIEW_LEAD = 'REVIEW_LEAD',
  DELIVER_FEEDBACK = 'DELIVER_FEEDBACK',
  RECORD_ASSESSMENT = 'RECORD_ASSESSMENT',
  ANSWER_URGING = 'ANSWER_URGING',
}

registerEnumType(WorkItemKind, {
  name: 'WorkItemKind',
  description: '待办类别 What a work item asks the viewer to do (the record it acts on and the mutation are on the item)',
  valuesConfig: {
    SIGN_LETTER: { description: '签订责任书: a letter to your post, or to your unit as its SECRETARY, not yet signed (signResponsibilityLetter)' },
    REPORT_PROGRESS: {
      description: '报送进展: a key task you lead whose open milestone is due within the YELLOW window (ZEREN_YELLOW_DAYS) or missed (RED), '
        + 'with no progress posted on that milestone yet (for a missed one: none since it was missed) (postProgress)',
    },
    REQUEST_CLOSURE: { description: '申请销号: a key task you lead at 100 percent with no closure pending (requestTaskClosure)' },
    CONFIRM_CLOSURE: {
      description: '审核销号: a pending closure of a task of your unit, as its SECRETARY (never the official who asked); '
        + 'of a subordinate unit whose SECRETARY leads the task and so asked (confirmTaskClosure or returnTaskClosure)',
    },
    RATE_TASK: { description: '季度评价: an open key task of this year of your unit, as its DISCIPLINE, not yet rated this quarter; due the quarter\'s last day (rateTask)' },
    SUBMIT_NOTICE: { description: '提交审批: a DRAFT notice of your unit, as its DISCIPLINE (submitNotice)' },
    APPROVE_NOTICE: { description: '审批告知书: a notice of your unit pending approval, as its SECRETARY (approveNotice or returnNotice)' },
    ISSUE_NOTICE: { description: '印发告知书: an APPROVED notice of your unit, as its OFFICE (issueNotice)' },
    REPORT_ON_NOTICE: { description: '报送整改报告: an ISSUED notice addressed to your post; due three months after issue (reportNotice)' },
    CLOSE_NOTICE: { description: '审核销号告知书: a REPORTED notice of your unit, as its OFFICE (closeNotice or reopenNotice)' },
    CLOSE_RECTIFICATION: {
      description: '整改销号: an open rectification item outside an inspection that you own, or of your unit as its SECRETARY; due its deadline (closeRectificationItem)',
    },
    SIGN_RECTIFICATION: {
      description: '双审签字: an open item of an inspection\'s finding still missing your approval: as the SECRETARY of the problem\'s unit, '
        + 'or as the leader in charge one tier up; never both approvals by one official; due its deadline (approveRectification)',
    },
    SUBMIT_REPORT: {
      description: '书面述责述廉: as a unit\'s SECRETARY, a written report drafted and not submitted (submitWrittenReport), or none yet '
        + 'on last year (the record is the unit: draftWrittenReport); due 31 January',
    },
    ANSWER_QUESTION: { description: '答复询问质询: an unanswered question at an oral report you give (answerReportQuestion)' },
    REVIEW_LEAD: { description: '受理线索: a SUBMITTED lead to your unit, as its DISCIPLINE, unless it concerns you (reviewLead or dismissLead)' },
    DELIVER_FEEDBACK: {
      description: '巡察反馈: a target of your unit\'s inspection in FEEDBACK, as its OFFICE, still missing the feedback to its committee or its principal '
        + '(recordInspectionFeedback)',
    },
    RECORD_ASSESSMENT: {
      description: '年度考核: a direct subordinate of your unit, as its OFFICE or SECRETARY, with no assessment on last year (the record is that unit: recordAssessment)',
    },
    ANSWER_URGING: { description: '回复督办: an urging (督办单) to your post not yet replied to; due its reply day (replyToUrging)' },
  },
});

/** Kinds sort after the due day in this order (the enum's); the number is what SQL sorts on. */
export const KIND_ORDER: readonly WorkItemKind[] = Object.values(WorkItemKind);

/** What every SELECT of the union gives, in this order. */
export interface WorkRow {
  /** The kind's index in KIND_ORDER. */
  readonly k: number;
  /** The record's GraphQL type. */
  readonly rt: string;
  readonly rid: number;
  readonly uid: number;
  readonly cid: number;
  /** YYYY-MM-DD or null. */
  readonly due: string | null;
}

export interface KindInput {
  readonly db: DataSource;
  readonly viewer: Viewer;
  /** Today, in the configured zone. */
  readonly day: string;
}

export interface KindSpec {
  readonly kind: WorkItemKind;
  /** The mutation that acts on a record of this kind, by the record's type. */
  readonly action: Readonly<Record<string, string>>;
  /** Could the viewer's posts take this step at all? If not, no SELECT is run. */
  possible(viewer: Viewer): boolean;
  /** The SELECTs (one, two for SUBMIT_REPORT), with the columns of WorkRow but k. */
  selects(input: KindInput): SelectQueryBuilder<ObjectLiteral>[];
}

let seq = 0;
const name = (): string => `wk${(seq = (seq + 1) % 1_000_000)}`;

/** A new SELECT of the union with its columns, in the city condition (the service adds k last). */
function from(input: KindInput, table: string, alias: string, out: { rt: string; id: string; unit: string; city: string; due: string | null }) {
  const cities = name();
  // Every column in parentheses: TypeORM moves a plain "alias.column" selection ahead of the
  // others, and the members of a UNION must list their columns in one order.
  return input.db.createQueryBuilder().from(table, alias)
    .select(`'${out.rt}'`, 'rt').addSelect(`(${out.id})`, 'rid').addSelect(`(${out.unit})`, 'uid').addSelect(`(${out.city})`, 'cid')
    .addSelect(out.due ? `(${out.due})` : 'NULL', 'due')
    // The shard key (domain.md section 10): only the cities the viewer holds posts in.
    .where(`${out.city} IN (:...${cities})`, { [cities]: citiesOf(input.viewer.posts) });
}

/** The step's actor as a condition of the SELECT. */
function actor<F>(qb: SelectQueryBuilder<ObjectLiteral>, rule: Actor<F>, viewer: Viewer, columns: Columns<F>): SelectQueryBuilder<ObjectLiteral> {
  const c = rule.sql(viewer, columns);
  return qb.andWhere(c.sql, c.params);
}

/**
 * `column IN (SELECT id FROM table alias WHERE cityId IN (the viewer's cities) AND condition)`:
 * drives the read from that table's (cityId, …) index. The SELECT it narrows is in those cities already.
 */
function semiJoin(column: string, table: string, alias: string, viewer: Viewer, [sql, params]: [string, ObjectLiteral]): [string, ObjectLiteral] {
  const [cities, citiesP] = inList(`${alias}.cityId`, citiesOf(viewer.posts));
  return [`${column} IN (SELECT ${alias}.id FROM ${table} ${alias} WHERE ${cities} AND (${sql}))`, { ...citiesP, ...params }];
}

/** `column IN (values)` with a fresh parameter (false when empty). */
function inList(column: string, values: readonly number[]): [string, ObjectLiteral] {
  if (!values.length) return ['1 = 0', {}];
  const n = name();
  return [`${column} IN (:...${n})`, { [n]: [...new Set(values)] }];
}

const unitsOf = (viewer: Viewer, roles?: readonly PostRole[]): number[] =>
  viewer.posts.filter((p) => !roles || roles.includes(p.role)).map((p) => p.unitId);

/**
 * The units right below the viewer's units of these roles, as a condition on an org_unit
 * alias: the parent, within the indexed path range of those posts (the scope rule).
 */
function childrenOf(viewer: Viewer, roles: readonly PostRole[], alias: string): [string, ObjectLiteral] {
  const below = coversUnit<{ path: string; city: number }>('path', 'city', roles).sql(viewer, { path: `${alias}.path`, city: `${alias}.cityId` });
  const [parent, parentP] = inList(`${alias}.parentId`, unitsOf(viewer, roles));
  return [`${below.sql} AND ${parent}`, { ...below.params, ...parentP }];
}

/** `column IN` the viewer's units of these roles and the units right below them: an indexed narrowing. */
function atOrRightBelow(column: string, viewer: Viewer, roles: readonly PostRole[]): [string, ObjectLiteral] {
  const [own, ownP] = inList('cu.id', unitsOf(viewer, roles));
  const [below, belowP] = childrenOf(viewer, roles, 'cu');
  return [`${column} IN (SELECT cu.id FROM org_unit cu WHERE ${own} OR (${below}))`, { ...ownP, ...belowP }];
}

const bind = (value: unknown): [string, ObjectLiteral] => {
  const n = name();
  return [`:${n}`, { [n]: value }];
};

/** The last day of the quarter `day` falls in. */
export function quarterEnd(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = quarterOf(day) * 3;
  return month === 12 ? `${year}-12-31` : addDays(`${year}-${String(month + 1).padStart(2, '0')}-01`, -1);
}

const TASK_COLUMNS = { leaderPostId: 't.leaderPostId', unitId: 't.unitId' } as const;

/** A notice step of noticeService's STEPS: its state and its actor, read from there. */
function noticeKind(kind: WorkItemKind, step: NoticeStep, due: boolean): KindSpec {
  const { from: state, actor: who, operation } = STEPS[step];
  return {
    kind,
    action: { Notice: operation },
    possible: (viewer) => NOTICE_ACTORS[who].possible(viewer),
    selects: (input) => {
      const [s, sp] = bind(state);
      const qb = from(input, 'notice', 'n', { rt: 'Notice', id: 'n.id', unit: 'n.unitId', city: 'n.cityId', due: due ? 'n.dueOn' : null })
        .andWhere(`n.state = ${s}`, sp);
      return [actor(qb, NOTICE_ACTORS[who], input.viewer, { unitId: 'n.unitId', recipientPostId: 'n.recipientPostId' })];
    },
  };
}

export const KINDS: readonly KindSpec[] = [
  {
    kind: WorkItemKind.SIGN_LETTER,
    action: { ResponsibilityLetter: 'signResponsibilityLetter' },
    possible: (viewer) => SIGNS_LETTER.possible(viewer),
    selects: (input) => {
      const qb = from(input, 'responsibility_letter', 'l', { rt: 'ResponsibilityLetter', id: 'l.id', unit: 'l.signerUnitId', city: 'l.cityId', due: null })
        .andWhere('l.signedAt IS NULL')
        // A letter to a post is signed at that post's unit (letterService.issue), so the
        // viewer's units narrow it on the (cityId, signerUnitId) index for both kinds of signer.
        .andWhere(...inList('l.signerUnitId', unitsOf(input.viewer)));
      return [actor(qb, SIGNS_LETTER, input.viewer, { signerPostId: 'l.signerPostId', signerUnitId: 'l.signerUnitId' })];
    },
  },
  {
    kind: WorkItemKind.REPORT_PROGRESS,
    action: { Task: 'postProgress' },
    possible: (viewer) => LEADS_TASK.possible(viewer),
    selects: (input) => {
      const [soon, soonP] = bind(addDays(input.day, config.yellowDays));
      const [day, dayP] = bind(input.day);
      const [open, openP] = bind(TaskStatus.IN_PROGRESS);
      const qb = from(input, 'task', 't', { rt: 'Task', id: 't.id', unit: 't.unitId', city: 't.cityId', due: 't.nextDueOn' })
        // postProgress appends only to an open task (IN_PROGRESS) entered live (an imported one is of a past year) ...
        .andWhere(`t.status = ${open} AND t.importBatchId IS NULL`, openP)
        // ... YELLOW or RED (a task with no open milestone has the far-future sentinel) ...
        .andWhere(`t.nextDueOn <= ${soon}`, soonP)
        // The leader's post is at the task's unit (requireLeaderPost): the unit index narrows it.
        .andWhere(...inList('t.unitId', unitsOf(input.viewer, [PostRole.SECRETARY, PostRole.TEAM_MEMBER])))
        // ... not yet reported on for that milestone (ProgressUpdate.dueOn is the due day a post
        // answered); once missed, only a post after the due day counts.
        // (A task's updates, ratings and closures carry the task's city: the join is on the shard key.)
        .andWhere(`NOT EXISTS (SELECT 1 FROM progress_update pu WHERE pu.cityId = t.cityId AND pu.taskId = t.id AND pu.dueOn = t.nextDueOn
          AND (t.nextDueOn >= ${day} OR pu.postedOn > t.nextDueOn))`, dayP);
      // With late entry refused, a milestone missed past the grace takes no post: no item.
      const cutoff = lateEntryCutoff(input.day);
      if (cutoff) {
        const [c, cp] = bind(cutoff);
        qb.andWhere(`t.nextDueOn >= ${c}`, cp);
      }
      return [actor(qb, LEADS_TASK, input.viewer, TASK_COLUMNS)];
    },
  },
  {
    kind: WorkItemKind.REQUEST_CLOSURE,
    action: { Task: 'requestTaskClosure' },
    possible: (viewer) => LEADS_TASK.possible(viewer),
    selects: (input) => {
      const [open, openP] = bind(TaskStatus.IN_PROGRESS);
      // requestClosure: neither closed nor pending, and at 100 percent.
      const qb = from(input, 'task', 't', { rt: 'Task', id: 't.id', unit: 't.unitId', city: 't.cityId', due: null })
        .andWhere(`t.status = ${open} AND t.percent >= 100 AND t.importBatchId IS NULL`, openP);
      return [actor(qb, LEADS_TASK, input.viewer, TASK_COLUMNS)];
    },
  },
  {
    kind: WorkItemKind.CONFIRM_CLOSURE,
    action: { Task: 'confirmTaskClosure' },
    possible: (viewer) => DECIDES_CLOSURES.possible(viewer),
    selects: (input) => {
      const [requested, requestedP] = bind(TaskStatus.CLOSURE_REQUESTED);
      const [pending, pendingP] = bind(ClosureDecision.PENDING);
      const [sec, secP] = inList('t.unitId', unitsOf(input.viewer, [PostRole.SECRETARY]));
      const qb = from(input, 'task', 't', { rt: 'Task', id: 't.id', unit: 't.unitId', city: 't.cityId', due: null })
        .innerJoin('org_unit', 'u', 'u.id = t.unitId')
        .innerJoin('task_closure', 'c', `c.cityId = t.cityId AND c.taskId = t.id AND c.decision = ${pending}`, pendingP)
        .innerJoin('post', 'lp', 'lp.id = t.leaderPostId')
        .andWhere(`t.status = ${requested}`, requestedP)
        // Addressed to the SECRETARY of the task's unit; when that SECRETARY leads the task (and
        // so asked), to the SECRETARY one tier up (a subset of who may decide: decideClosure).
        // (Written as the units at or right below the viewer's, indexed, and then which of the two.)
        .andWhere(...atOrRightBelow('t.unitId', input.viewer, [PostRole.SECRETARY]))
        .andWhere(`(${sec} OR lp.role = '${PostRole.SECRETARY}')`, secP);
      actor(qb, DECIDES_CLOSURES, input.viewer, { unitPath: 'u.path', unitCityId: 'u.cityId' });
      return [actor(qb, NOT_THE_REQUESTER, input.viewer, { requestedByOfficialId: 'c.requestedByOfficialId' })];
    },
  },
  {
    kind: WorkItemKind.RATE_TASK,
    action: { Task: 'rateTask' },
    possible: (viewer) => RATES_TASK.possible(viewer),
    selects: (input) => {
      const [due, dueP] = bind(quarterEnd(input.day));
      const [year, yearP] = bind(Number(input.day.slice(0, 4)));
      const [quarter, quarterP] = bind(quarterOf(input.day));
      const [closed, closedP] = bind(TaskStatus.CLOSED);
      // This year's open tasks with no rating for this quarter (rate: one per task and quarter, once it has begun).
      const qb = from(input, 'task', 't', { rt: 'Task', id: 't.id', unit: 't.unitId', city: 't.cityId', due })
        .setParameters(dueP)
        .andWhere(`t.year = ${year} AND t.status <> ${closed}`, { ...yearP, ...closedP })
        .andWhere(`NOT EXISTS (SELECT 1 FROM task_rating tr WHERE tr.cityId = t.cityId AND tr.taskId = t.id AND tr.year = t.year AND tr.quarter = ${quarter})`, quarterP);
      return [actor(qb, RATES_TASK, input.viewer, TASK_COLUMNS)];
    },
  },
  noticeKind(WorkItemKind.SUBMIT_NOTICE, 'submit', false),
  noticeKind(WorkItemKind.APPROVE_NOTICE, 'approve', false),
  noticeKind(WorkItemKind.ISSUE_NOTICE, 'issue', false),
  noticeKind(WorkItemKind.REPORT_ON_NOTICE, 'report', true),
  noticeKind(WorkItemKind.CLOSE_NOTICE, 'close', false),
  {
    kind: WorkItemKind.CLOSE_RECTIFICATION,
    action: { RectificationItem: 'closeRectificationItem' },
    possible: (viewer) => CLOSES_ITEM.possible(viewer),
    selects: (input) => {
      const [open, openP] = bind(RectificationStatus.OPEN);
      // closeItem: an open item of a problem outside an inspection.
      const qb = from(input, 'rectification_item', 'r', { rt: 'RectificationItem', id: 'r.id', unit: 'p.unitId', city: 'p.cityId', due: 'r.deadline' })
        .innerJoin('problem', 'p', 'p.id = r.problemId')
        .andWhere(`r.status = ${open} AND p.inspectionId IS NULL`, openP)
        // An item's owner holds a post of the problem's unit (problemService.addItem), so the
        // viewer's units narrow both capacities: problems by unit, then their items.
        .andWhere(...semiJoin('r.problemId', 'problem', 'pp', input.viewer, inList('pp.unitId', unitsOf(input.viewer))));
      return [actor(qb, CLOSES_ITEM, input.viewer, { ownerPostId: 'r.ownerPostId', unitId: 'p.unitId' })];
    },
  },
  {
    kind: WorkItemKind.SIGN_RECTIFICATION,
    action: { RectificationItem: 'approveRectification' },
    // The principal is a SECRETARY; the leader in charge one tier up a TEAM_MEMBER or SECRETARY.
    possible: (viewer) => viewer.posts.some((p) => p.role === PostRole.SECRETARY || p.role === PostRole.TEAM_MEMBER),
    selects: (input) => {
      const { viewer } = input;
      const [open, openP] = bind(RectificationStatus.OPEN);
      const [day, dayP] = bind(input.day);
      const [posts, postsP] = inList('sp.id', viewer.posts.map((p) => p.id));
      const principal = APPROVES_AS_PRINCIPAL.sql(viewer, { unitId: 'p.unitId' });
      const [me, meP] = bind(viewer.officialId);
      const qb = from(input, 'rectification_item', 'r', { rt: 'RectificationItem', id: 'r.id', unit: 'p.unitId', city: 'p.cityId', due: 'r.deadline' })
        .innerJoin('problem', 'p', 'p.id = r.problemId')
        .innerJoin('org_unit', 'u', 'u.id = p.unitId')
        // approve: an open item of an inspection's finding ...
        .andWhere(`r.status = ${open} AND p.inspectionId IS NOT NULL`, openP)
        // ... of the viewer's unit or of a unit right below it (an indexed narrowing of the two capacities) ...
        .andWhere(...semiJoin('r.problemId', 'problem', 'pp', viewer, atOrRightBelow('pp.unitId', viewer, [PostRole.SECRETARY, PostRole.TEAM_MEMBER])))
        // ... whose approval in a capacity the viewer holds is missing, the other not given by the viewer.
        .andWhere(`((${principal.sql} AND r.principalApprovedAt IS NULL
            AND (r.supervisorApprovedByOfficialId IS NULL OR r.supervisorApprovedByOfficialId <> ${me}))
          OR (EXISTS (SELECT 1 FROM post sp WHERE ${posts} AND ${supervisorPostSql('sp', 'u.parentId', 'p.domainId', day.slice(1))})
            AND r.supervisorApprovedAt IS NULL AND (r.principalApprovedByOfficialId IS NULL OR r.principalApprovedByOfficialId <> ${me})))`,
        { ...principal.params, ...postsP, ...dayP, ...meP });
      return [qb];
    },
  },
  {
    kind: WorkItemKind.SUBMIT_REPORT,
    action: { Report: 'submitWrittenReport', OrgUnit: 'draftWrittenReport' },
    possible: (viewer) => WRITES_REPORT.possible(viewer),
    selects: (input) => {
      const [written, writtenP] = bind(ReportKind.WRITTEN);
      const last = Number(input.day.slice(0, 4)) - 1;
      const drafts = from(input, 'report', 'r', { rt: 'Report', id: 'r.id', unit: 'r.unitId', city: 'r.cityId', due: 'r.dueOn' })
        .andWhere(`r.kind = ${written} AND r.submittedAt IS NULL`, writtenP);
      // No written report on last year yet: the unit is the record (draftWrittenReport takes it).
      const [due, dueP] = bind(writtenDueOn(last));
      const [year, yearP] = bind(last);
      const [written2, written2P] = bind(ReportKind.WRITTEN);
      const missing = from(input, 'org_unit', 'ru', { rt: 'OrgUnit', id: 'ru.id', unit: 'ru.id', city: 'ru.cityId', due })
        .setParameters(dueP)
        .andWhere('ru.closedOn IS NULL')
        // (A unit's records are in its city.)
        .andWhere(`NOT EXISTS (SELECT 1 FROM report r2 WHERE r2.cityId = ru.cityId AND r2.unitId = ru.id AND r2.year = ${year} AND r2.kind = ${written2})`, { ...yearP, ...written2P });
      return [actor(drafts, WRITES_REPORT, input.viewer, { unitId: 'r.unitId' }), actor(missing, WRITES_REPORT, input.viewer, { unitId: 'ru.id' })];
    },
  },
  {
    kind: WorkItemKind.ANSWER_QUESTION,
    action: { ReportQuestion: 'answerReportQuestion' },
    possible: (viewer) => ANSWERS_QUESTIONS.possible(viewer),
    selects: (input) => {
      const qb = from(input, 'report_question', 'q', { rt: 'ReportQuestion', id: 'q.id', unit: 'r.unitId', city: 'q.cityId', due: null })
        .innerJoin('report', 'r', 'r.id = q.reportId')
        .andWhere('q.answer IS NULL')
        // A part of a closed hearing takes no more answers (hearingService.checkAnswer).
        .andWhere(`NOT EXISTS (SELECT 1 FROM hearing wh WHERE wh.id = r.hearingId AND wh.status = '${HearingStatus.CLOSED}')`)
        // The reporter's post is at the report's unit (reportService.reporterPost): an indexed narrowing.
        .andWhere(...inList('r.unitId', unitsOf(input.viewer)));
      return [actor(qb, ANSWERS_QUESTIONS, input.viewer, { reporterPostId: 'r.reporterPostId' })];
    },
  },
  {
    kind: WorkItemKind.REVIEW_LEAD,
    action: { Lead: 'reviewLead' },
    possible: (viewer) => DECIDES_LEAD.possible(viewer),
    selects: (input) => {
      const [submitted, submittedP] = bind(LeadStatus.SUBMITTED);
      const qb = from(input, 'lead', 'l', { rt: 'Lead', id: 'l.id', unit: 'l.unitId', city: 'l.cityId', due: null })
        .innerJoin('org_unit', 'tu', 'tu.id = l.toUnitId')
        .andWhere(`l.status = ${submitted}`, submittedP)
        // Addressed to the DISCIPLINE of the receiving unit (those above may decide too, but it is not theirs to do).
        .andWhere(...inList('l.toUnitId', unitsOf(input.viewer, [PostRole.DISCIPLINE])));
      return [actor(qb, DECIDES_LEAD, input.viewer, { concernedOfficialId: 'l.concernedOfficialId', toUnitPath: 'tu.path', toUnitCityId: 'tu.cityId' })];
    },
  },
  {
    kind: WorkItemKind.DELIVER_FEEDBACK,
    action: { InspectionTarget: 'recordInspectionFeedback' },
    possible: (viewer) => GIVES_FEEDBACK.possible(viewer),
    selects: (input) => {
      const [feedback, feedbackP] = bind(InspectionStatus.FEEDBACK);
      const qb = from(input, 'inspection_target', 'it', { rt: 'InspectionTarget', id: 'it.id', unit: 'it.unitId', city: 'it.cityId', due: null })
        .innerJoin('inspection', 'i', 'i.id = it.inspectionId')
        // recordFeedback: while the round is in FEEDBACK, once to each recipient.
        .andWhere(`i.status = ${feedback} AND (it.feedbackToCommitteeAt IS NULL OR it.feedbackToPrincipalAt IS NULL)`, feedbackP);
      return [actor(qb, GIVES_FEEDBACK, input.viewer, { unitId: 'i.unitId' })];
    },
  },
  {
    kind: WorkItemKind.RECORD_ASSESSMENT,
    action: { OrgUnit: 'recordAssessment' },
    possible: (viewer) => ASSESSES.possible(viewer),
    selects: (input) => {
      const [year, yearP] = bind(Number(input.day.slice(0, 4)) - 1);
      // record: a unit with a parent, one assessment per unit and year (last year's is what is due).
      const qb = from(input, 'org_unit', 'au', { rt: 'OrgUnit', id: 'au.id', unit: 'au.id', city: 'au.cityId', due: null })
        .andWhere('au.closedOn IS NULL')
        .andWhere(...childrenOf(input.viewer, KEEPER_ROLES, 'au'))
        .andWhere(`NOT EXISTS (SELECT 1 FROM assessment a WHERE a.cityId = au.cityId AND a.unitId = au.id AND a.year = ${year})`, yearP);
      return [actor(qb, ASSESSES, input.viewer, { assessorUnitId: 'au.parentId' })];
    },
  },
  {
    kind: WorkItemKind.ANSWER_URGING,
    action: { Urging: 'replyToUrging' },
    possible: (viewer) => REPLIES_TO_URGING.possible(viewer),
    selects: (input) => {
      // reply: once (repliedOn stays null until then; the (urgedPostId, repliedOn) index).
      const qb = from(input, 'urging', 'g', { rt: 'Urging', id: 'g.id', unit: 'g.unitId', city: 'g.cityId', due: 'g.replyDueOn' })
        .andWhere('g.repliedOn IS NULL');
      return [actor(qb, REPLIES_TO_URGING, input.viewer, { urgedPostId: 'g.urgedPostId' })];
    },
  },
];

