// Enums of the schema: English values, Chinese descriptions (domain.md section 2).
import 'reflect-metadata';
import { registerEnumType } from 'type-graphql';

export enum UnitLevel {
  CITY = 'CITY',
  DISTRICT = 'DISTRICT',
  STREET = 'STREET',
  COMMUNITY = 'COMMUNITY',
  GRID = 'GRID',
}

/** Tier order: a unit's parent is always exactly one tier above it. */
export const LEVEL_ORDER: readonly UnitLevel[] = [
  UnitLevel.CITY,
  UnitLevel.DISTRICT,
  UnitLevel.STREET,
  UnitLevel.COMMUNITY,
  UnitLevel.GRID,
];

registerEnumType(UnitLevel, {
  name: 'UnitLevel',
  description: '组织层级 The tier of an organisation unit',
  valuesConfig: {
    CITY: { description: '市' },
    DISTRICT: { description: '区(县)' },
    STREET: { description: '街道(乡镇)' },
    COMMUNITY: { description: '社区(村)' },
    GRID: { description: '网格' },
  },
});

/** What kind of Party organisation a unit is (domain.md section 3), beside its tier. */
export enum UnitKind {
  AREA = 'AREA',
  DEPARTMENT = 'DEPARTMENT',
  ENTERPRISE = 'ENTERPRISE',
  INSTITUTION = 'INSTITUTION',
}

registerEnumType(UnitKind, {
  name: 'UnitKind',
  description: '单位类别 The kind of a unit: an area committee, or a department, enterprise or institution under one',
  valuesConfig: {
    AREA: { description: '地方党委(市、区县、街道乡镇、社区村、网格)' },
    DEPARTMENT: { description: '部门党组(党委)、机关党委' },
    ENTERPRISE: { description: '国有企业党委' },
    INSTITUTION: { description: '事业单位党组织(学校、医院等)' },
  },
});

/** The tiers a department, enterprise or institution may hang under (domain.md section 3). */
export const NON_AREA_PARENT_LEVELS: readonly UnitLevel[] = [UnitLevel.CITY, UnitLevel.DISTRICT, UnitLevel.STREET];

/** A change to the tree, kept with its effective date. */
export enum OrgChangeKind {
  CREATE = 'CREATE',
  RENAME = 'RENAME',
  MOVE = 'MOVE',
  MERGE = 'MERGE',
  SPLIT = 'SPLIT',
  CLOSE = 'CLOSE',
}

registerEnumType(OrgChangeKind, {
  name: 'OrgChangeKind',
  description: '组织调整 A change to the org tree',
  valuesConfig: {
    CREATE: { description: '设立' },
    RENAME: { description: '更名' },
    MOVE: { description: '隶属调整 (moved under another parent)' },
    MERGE: { description: '撤并 (closed, merged into a successor)' },
    SPLIT: { description: '拆分 (a new unit split from a predecessor, or the predecessor it split from)' },
    CLOSE: { description: '撤销 (closed without a successor)' },
  },
});

export enum PostRole {
  SECRETARY = 'SECRETARY',
  TEAM_MEMBER = 'TEAM_MEMBER',
  DISCIPLINE = 'DISCIPLINE',
  OFFICE = 'OFFICE',
  INSPECTOR = 'INSPECTOR',
  INFORMANT = 'INFORMANT',
  ANALYST = 'ANALYST',
  ADMIN = 'ADMIN',
}

registerEnumType(PostRole, {
  name: 'PostRole',
  description: '岗位角色 The role a post gives its holder',
  valuesConfig: {
    SECRETARY: { description: '党委(党组)书记, 主要负责人, 第一责任人' },
    TEAM_MEMBER: { description: '班子成员, 一岗双责, 分管领域' },
    DISCIPLINE: { description: '纪委(纪检组/纪工委), 监督责任' },
    OFFICE: { description: '党委办公室 / 党建办 / 巡察办' },
    INSPECTOR: { description: '巡察组成员' },
    INFORMANT: { description: '监察信息员' },
    ANALYST: { description: '分析员 (只看汇总数据)' },
    ADMIN: { description: '系统管理员 (账号与组织树, 不看敏感记录)' },
  },
});

export enum ResponsibilitySubject {
  PARTY_COMMITTEE = 'PARTY_COMMITTEE',
  PRINCIPAL = 'PRINCIPAL',
  TEAM_MEMBER = 'TEAM_MEMBER',
  DISCIPLINE_COMMISSION = 'DISCIPLINE_COMMISSION',
}

registerEnumType(ResponsibilitySubject, {
  name: 'ResponsibilitySubject',
  description: '责任主体 The four subjects of the "4+1" lists',
  valuesConfig: {
    PARTY_COMMITTEE: { description: '党委(党组) 主体责任' },
    PRINCIPAL: { description: '主要负责人 第一责任人' },
    TEAM_MEMBER: { description: '班子成员 一岗双责' },
    DISCIPLINE_COMMISSION: { description: '纪委(纪检组) 监督责任' },
  },
});

export enum LetterIssuer {
  SECRETARY = 'SECRETARY',
  COMMITTEE = 'COMMITTEE',
}

registerEnumType(LetterIssuer, {
  name: 'LetterIssuer',
  description: '责任书的签发方',
  valuesConfig: { SECRETARY: { description: '书记签发' }, COMMITTEE: { description: '党委(党组)签发' } },
});

export enum LetterStatus {
  NOT_ISSUED = 'NOT_ISSUED',
  UNSIGNED = 'UNSIGNED',
  SIGNED = 'SIGNED',
}

registerEnumType(LetterStatus, {
  name: 'LetterStatus',
  description: '责任书状态',
  valuesConfig: { NOT_ISSUED: { description: '未签发' }, UNSIGNED: { description: '已签发, 未签字' }, SIGNED: { description: '已签字' } },
});

export enum Visibility {
  PUBLIC = 'PUBLIC',
  INTERNAL = 'INTERNAL',
}

registerEnumType(Visibility, {
  name: 'Visibility',
  description: '公开范围',
  valuesConfig: {
    PUBLIC: { description: '公开: 所有登录用户可看内容、目标和进展' },
    INTERNAL: { description: '内部: 仅本单位及上级' },
  },
});

export enum Light {
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
}

registerEnumType(Light, {
  name: 'Light',
  description: '亮灯',
  valuesConfig: { GREEN: { description: '绿灯 按计划推进' }, YELLOW: { description: '黄灯 时间节点临近未完成' }, RED: { description: '红灯 时间节点已过未完成' } },
});

export enum TaskStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  CLOSURE_REQUESTED = 'CLOSURE_REQUESTED',
  CLOSED = 'CLOSED',
}

registerEnumType(TaskStatus, {
  name: 'TaskStatus',
  description: '任务状态',
  valuesConfig: { IN_PROGRESS: { description: '推进中' }, CLOSURE_REQUESTED: { description: '已申请销号' }, CLOSED: { description: '已销号' } },
});

export enum ClosureDecision {
  PENDING = 'PENDING',
  CONFIRMED = 'CONFIRMED',
  RETURNED = 'RETURNED',
}

registerEnumType(ClosureDecision, {
  name: 'ClosureDecision',
  description: '销号申请的处理结果',
  valuesConfig: { PENDING: { description: '待确认' }, CONFIRMED: { description: '已确认销号' }, RETURNED: { description: '已退回' } },
});

export enum ChainRole {
  PRINCIPAL = 'PRINCIPAL',
  TEAM_MEMBER_IN_CHARGE = 'TEAM_MEMBER_IN_CHARGE',
  DISCIPLINE_HEAD = 'DISCIPLINE_HEAD',
}

registerEnumType(ChainRole, {
  name: 'ChainRole',
  description: '责任链上的角色',
  valuesConfig: {
    PRINCIPAL: { description: '主要负责人 (书记)' },
    TEAM_MEMBER_IN_CHARGE: { description: '分管该领域的班子成员' },
    DISCIPLINE_HEAD: { description: '纪检负责人' },
  },
});

export enum TaskSort {
  NEXT_DUE = 'NEXT_DUE',
  DUE_ON = 'DUE_ON',
  NEWEST = 'NEWEST',
  TITLE = 'TITLE',
}

registerEnumType(TaskSort, {
  name: 'TaskSort',
  description: '任务排序',
  valuesConfig: {
    NEXT_DUE: { description: 'Earliest open milestone first (most urgent first)' },
    DUE_ON: { description: 'Final due date, earliest first' },
    NEWEST: { description: 'Most recently created first' },
    TITLE: { description: 'By title' },
  },
});

// Supervision and accountability (domain.md section 5).

const enumOf = <T extends Record<string, string>>(values: T, name: string, description: string, labels: Record<keyof T, string>): T => {
  registerEnumType(values, {
    name, description,
    valuesConfig: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, { description: v }])) as never,
  });
  return values;
};

export enum NoticeState {
  DRAFT = 'DRAFT', PENDING_APPROVAL = 'PENDING_APPROVAL', APPROVED = 'APPROVED', ISSUED = 'ISSUED', REPORTED = 'REPORTED', CLOSED = 'CLOSED',
}
enumOf(NoticeState, 'NoticeState', '告知书状态', {
  DRAFT: '起草 (纪委)', PENDING_APPROVAL: '待审批', APPROVED: '已审批 (书记)', ISSUED: '已下发 (党委办)', REPORTED: '已书面报告整改', CLOSED: '已办结',
});

export enum SupervisionSource {
  INSPECTION_FEEDBACK = 'INSPECTION_FEEDBACK', DAILY_SUPERVISION = 'DAILY_SUPERVISION', CASE_INVESTIGATION = 'CASE_INVESTIGATION',
  PUBLIC_COMPLAINT = 'PUBLIC_COMPLAINT', SPECIAL_SURVEY = 'SPECIAL_SURVEY',
}
enumOf(SupervisionSource, 'SupervisionSource', '问题来源', {
  INSPECTION_FEEDBACK: '巡视巡察反馈', DAILY_SUPERVISION: '日常监督', CASE_INVESTIGATION: '案件查办', PUBLIC_COMPLAINT: '群众反映', SPECIAL_SURVEY: '专项调研',
});

export enum Severity { MINOR = 'MINOR', GENERAL = 'GENERAL', SERIOUS = 'SERIOUS', CRITICAL = 'CRITICAL' }
enumOf(Severity, 'Severity', '问题严重程度', { MINOR: '轻微', GENERAL: '一般', SERIOUS: '较重', CRITICAL: '严重' });

export enum RectificationStatus { OPEN = 'OPEN', CLOSED = 'CLOSED' }
enumOf(RectificationStatus, 'RectificationStatus', '整改状态', { OPEN: '整改中', CLOSED: '已销号' });

export enum InspectionMode {
  REGULAR = 'REGULAR', EXTENDED = 'EXTENDED', SPECIAL = 'SPECIAL', PINPOINT = 'PINPOINT', MOBILE = 'MOBILE', CROSS = 'CROSS',
}
enumOf(InspectionMode, 'InspectionMode', '巡察方式', {
  REGULAR: '常规巡察', EXTENDED: '延伸巡察', SPECIAL: '专项巡察', PINPOINT: '点穴式巡察', MOBILE: '机动巡察', CROSS: '交叉巡察',
});

export enum InspectionStatus { PLANNED = 'PLANNED', IN_PROGRESS = 'IN_PROGRESS', FEEDBACK = 'FEEDBACK', RECTIFICATION = 'RECTIFICATION', CLOSED = 'CLOSED' }
enumOf(InspectionStatus, 'InspectionStatus', '巡察阶段', {
  PLANNED: '计划', IN_PROGRESS: '进驻巡察', FEEDBACK: '反馈', RECTIFICATION: '整改', CLOSED: '结束',
});

export enum LeadStatus { SUBMITTED = 'SUBMITTED', UNDER_REVIEW = 'UNDER_REVIEW', DISMISSED = 'DISMISSED', CASE_OPENED = 'CASE_OPENED' }
enumOf(LeadStatus, 'LeadStatus', '问题线索状态', { SUBMITTED: '已报送', UNDER_REVIEW: '处置中', DISMISSED: '了结', CASE_OPENED: '已立案' });

export enum CaseStatus { OPEN = 'OPEN', CLOSED = 'CLOSED' }
enumOf(CaseStatus, 'CaseStatus', '案件状态', { OPEN: '办理中', CLOSED: '已办结' });

export enum Failure { MAIN_RESPONSIBILITY = 'MAIN_RESPONSIBILITY', SUPERVISION_RESPONSIBILITY = 'SUPERVISION_RESPONSIBILITY', OTHER = 'OTHER' }
enumOf(Failure, 'Failure', '问责情形', { MAIN_RESPONSIBILITY: '主体责任落实不力', SUPERVISION_RESPONSIBILITY: '监督责任落实不力', OTHER: '其他' });

export enum Measure {
  CRITICISM_NOTICE = 'CRITICISM_NOTICE', ADMONISHMENT_TALK = 'ADMONISHMENT_TALK', SUSPENSION = 'SUSPENSION', REASSIGNMENT = 'REASSIGNMENT',
  ORDERED_RESIGNATION = 'ORDERED_RESIGNATION', DISMISSAL = 'DISMISSAL', DEMOTION = 'DEMOTION', WARNING = 'WARNING',
  SERIOUS_WARNING = 'SERIOUS_WARNING', REMOVAL_FROM_PARTY_POSTS = 'REMOVAL_FROM_PARTY_POSTS', PROBATION = 'PROBATION', EXPULSION = 'EXPULSION',
}
enumOf(Measure, 'Measure', '问责方式', {
  CRITICISM_NOTICE: '通报批评', ADMONISHMENT_TALK: '诫勉谈话', SUSPENSION: '停职检查', REASSIGNMENT: '调整职务', ORDERED_RESIGNATION: '责令辞职',
  DISMISSAL: '免职', DEMOTION: '降职', WARNING: '警告', SERIOUS_WARNING: '严重警告', REMOVAL_FROM_PARTY_POSTS: '撤销党内职务',
  PROBATION: '留党察看', EXPULSION: '开除党籍',
});

export enum Grade { EXCELLENT = 'EXCELLENT', GOOD = 'GOOD', FAIR = 'FAIR', POOR = 'POOR' }
enumOf(Grade, 'Grade', '考核等次', { EXCELLENT: '好', GOOD: '较好', FAIR: '一般', POOR: '差' });

export enum ReportKind { WRITTEN = 'WRITTEN', ORAL = 'ORAL' }
enumOf(ReportKind, 'ReportKind', '报告形式', { WRITTEN: '书面报告 (次年1月底前)', ORAL: '述责述廉 (当面汇报, 询问质询)' });

export enum InterviewKind { INDIVIDUAL = 'INDIVIDUAL', COLLECTIVE = 'COLLECTIVE' }
enumOf(InterviewKind, 'InterviewKind', '约谈形式', { INDIVIDUAL: '个别约谈', COLLECTIVE: '集体约谈' });

export enum RiskLevel { LOW = 'LOW', MEDIUM = 'MEDIUM', HIGH = 'HIGH' }
enumOf(RiskLevel, 'RiskLevel', '风险等级', { LOW: '低', MEDIUM: '中', HIGH: '高' });

// --- notifications (issue 12) ---
export enum NotificationKind {
  TASK_DUE = 'TASK_DUE', NOTICE_DUE = 'NOTICE_DUE', RECTIFICATION_DUE = 'RECTIFICATION_DUE', REPORT_DUE = 'REPORT_DUE',
  URGING_RECEIVED = 'URGING_RECEIVED', URGING_REPLIED = 'URGING_REPLIED', URGING_REPLY_DUE = 'URGING_REPLY_DUE',
}
enumOf(NotificationKind, 'NotificationKind', '通知类别 What a notification is about', {
  TASK_DUE: '重点任务时间节点临期或逾期 (负责领导)', NOTICE_DUE: '告知书整改报告临期或逾期 (接收领导)',
  RECTIFICATION_DUE: '整改事项临期或逾期 (销号责任人)', REPORT_DUE: '书面述责述廉报告临期或逾期 (次年1月31日前)',
  URGING_RECEIVED: '收到督办单', URGING_REPLIED: '督办单已回复', URGING_REPLY_DUE: '督办单回复临期或逾期',
});

export enum DeliveryStatus { PENDING = 'PENDING', DELIVERED = 'DELIVERED', DEAD = 'DEAD' }
enumOf(DeliveryStatus, 'DeliveryStatus', '外部推送状态 A notification\'s webhook delivery', {
  PENDING: '待推送 (or retrying with backoff)', DELIVERED: '已送达 (the receiver answered 2xx)', DEAD: '推送失败 (dead letter after the last attempt)',
});

// --- urging (enums) ---
export enum UrgingSubject { TASK = 'TASK', NOTICE = 'NOTICE', RECTIFICATION_ITEM = 'RECTIFICATION_ITEM' }
enumOf(UrgingSubject, 'UrgingSubject', '督办对象 What an urging (督办单) is about', {
  TASK: '重点任务 (RED or overdue)', NOTICE: '告知书 (overdue: issued, past due, not reported)', RECTIFICATION_ITEM: '整改事项 (open past its deadline)',
});

// --- appeals (enums) ---
export enum AppealStatus { OPEN = 'OPEN', ANSWERED = 'ANSWERED' }
enumOf(AppealStatus, 'AppealStatus', '申诉状态 Where an appeal stands', {
  OPEN: '待答复 (filed, not yet answered)', ANSWERED: '已答复 (answered: upheld, changed or revoked)',
});

export enum AppealOutcome { UPHELD = 'UPHELD', CHANGED = 'CHANGED', REVOKED = 'REVOKED' }
enumOf(AppealOutcome, 'AppealOutcome', '申诉处理结果 How the deciding side answered an appeal', {
  UPHELD: '维持 (the record stands)', CHANGED: '变更 (a new revision of the record replaces it)', REVOKED: '撤销 (the record is revoked; it stays, with the revocation)',
});

// --- imports (enums) ---
export enum ImportKind { PROBLEMS = 'PROBLEMS', ACCOUNTABILITY = 'ACCOUNTABILITY', ASSESSMENTS = 'ASSESSMENTS', TASKS = 'TASKS' }
enumOf(ImportKind, 'ImportKind', '导入类别 What a historical import file holds (one kind per file)', {
  PROBLEMS: '问题 (with the day each was found)', ACCOUNTABILITY: '问责记录', ASSESSMENTS: '年度考核 (total, grade, veto)',
  TASKS: '重点任务及其结果 (final percent, closure)',
});

export enum ImportStatus { VALIDATED = 'VALIDATED', INVALID = 'INVALID', IMPORTED = 'IMPORTED' }
enumOf(ImportStatus, 'ImportStatus', '导入状态 Where an import batch stands', {
  VALIDATED: '校验通过 (the dry run found no issue; commitImport writes it)', INVALID: '校验未通过 (see issues; nothing can be written)',
  IMPORTED: '已导入 (every row written, in one transaction)',
});

export enum ImportIssueCode {
  MISSING = 'MISSING', INVALID = 'INVALID', NOT_FOUND = 'NOT_FOUND', AMBIGUOUS = 'AMBIGUOUS', NOT_PAST = 'NOT_PAST',
  DUPLICATE = 'DUPLICATE', UNKNOWN_COLUMN = 'UNKNOWN_COLUMN', TOO_MANY_ROWS = 'TOO_MANY_ROWS', UNREADABLE = 'UNREADABLE',
}
enumOf(ImportIssueCode, 'ImportIssueCode', '校验问题 What is wrong with a cell, a row or the file', {
  MISSING: '必填为空 (a required cell is empty, or a required column is absent)', INVALID: '格式错误 (not a day, a number or a known value)',
  NOT_FOUND: '未找到 (no such unit, official, post or domain in your city)', AMBIGUOUS: '不唯一 (several match the name; give the id number or the unit id)',
  NOT_PAST: '非历史日期 (import is for past records: not in the future)', DUPLICATE: '重复 (the record exists already, or twice in the file)',
  UNKNOWN_COLUMN: '未知列 (a header the kind does not have)', TOO_MANY_ROWS: '行数超限 (ZEREN_IMPORT_MAX_ROWS)',
  UNREADABLE: '无法读取 (not a CSV in UTF-8 or an XLSX workbook)',
});

// --- hearings (enums) ---
export enum HearingStatus { SCHEDULED = 'SCHEDULED', HELD = 'HELD', CLOSED = 'CLOSED' }
enumOf(HearingStatus, 'HearingStatus', '述责述廉会议状态 Where a hearing stands', {
  SCHEDULED: '已安排 (reporters are added until it is held)', HELD: '已召开 (questions, answers and the evaluation are recorded)',
  CLOSED: '已结束 (every reporter evaluated; nothing changes)',
});

/** Where an assessment's follow-up check (跟踪检查 / 回头看) stands; computed from its days, never stored. */
export enum FollowUpStatus { UNSCHEDULED = 'UNSCHEDULED', SCHEDULED = 'SCHEDULED', OVERDUE = 'OVERDUE', DONE = 'DONE' }
enumOf(FollowUpStatus, 'FollowUpStatus', '跟踪检查状态 Where an assessment\'s follow-up check stands', {
  UNSCHEDULED: '待安排: rectification requirements were given, no check is scheduled or recorded',
  SCHEDULED: '已安排: a check is due today or later',
  OVERDUE: '逾期: the due day has passed without a recorded check',
  DONE: '已检查: the check is recorded (day and result)',
});
