// Supervision and accountability: notices, inspections, problems and rectification,
// leads, cases, accountability records, assessments, reports, interviews, risk points.
// Cross-table links that may be empty are plain nullable columns; the rest are foreign keys.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  asciiColumn, boolColumn, createTable, dateColumn, datetimeColumn, foreignKey, idColumn, index, intColumn, textColumn,
} from './portable';

const NOTICE_CATEGORIES: [string, string][] = [
  ['ORDERS_NOT_FOLLOWED', '政令不畅'],
  ['FEIGNED_COMPLIANCE', '阳奉阴违'],
  ['FOUR_WINDS', '"四风"问题频发'],
  ['PUBLIC_COMPLAINTS', '群众反映强烈'],
  ['SYSTEMIC_CASE_PROBLEMS', '典型案件暴露系统性问题'],
  ['WEAK_REGULATION', '监管制度缺失'],
  ['FREQUENT_VIOLATIONS', '违纪违法问题多发'],
  ['POOR_RECTIFICATION', '整改落实不力'],
];

const RESTRICTIONS: [string, number, string][] = [
  ['ORDERED_RESIGNATION', 12, '一年内不得重新担任与其原任职务相当的领导职务'],
  ['DISMISSAL', 12, '一年内不得重新担任与其原任职务相当的领导职务'],
  ['DEMOTION', 24, '两年内不得提升职务'],
];

export class Supervision1767225600003 implements MigrationInterface {
  name = 'Supervision1767225600003';

  async up(qr: QueryRunner): Promise<void> {
    const int = (name: string, nullable = false) => intColumn(qr, name, nullable);
    const text = (name: string, length: number | 'text', nullable = false) => textColumn(qr, name, length, nullable);
    await createTable(qr, 'notice_category', [idColumn(qr), asciiColumn(qr, 'code', 40), text('name', 100)], [index('IDX_notice_category_code', ['code'], true)], []);
    await createTable(qr, 'notice', [idColumn(qr), int('cityId'), int('unitId'), int('categoryId'), int('domainId'), int('recipientPostId'), text('title', 200), text('problems', 'text'), text('measures', 'text'), asciiColumn(qr, 'source', 24), int('caseId', true), asciiColumn(qr, 'state', 20), int('draftedByOfficialId'), int('approvedByOfficialId', true), datetimeColumn('approvedAt', true), datetimeColumn('issuedAt', true), dateColumn('dueOn', true), datetimeColumn('reportedAt', true), text('report', 'text', true), datetimeColumn('closedAt', true), int('version'), datetimeColumn('createdAt'), datetimeColumn('updatedAt')], [index('IDX_notice_unit_state', ['unitId', 'state']), index('IDX_notice_recipient', ['recipientPostId']), index('IDX_notice_city_due', ['cityId', 'dueOn']), index('IDX_notice_case', ['caseId'])], [foreignKey('FK_notice_unit', 'unitId', 'org_unit'), foreignKey('FK_notice_category', 'categoryId', 'notice_category'), foreignKey('FK_notice_domain', 'domainId', 'domain'), foreignKey('FK_notice_recipient_post', 'recipientPostId', 'post')]);
    await createTable(qr, 'notice_cc', [{ ...int('noticeId'), isPrimary: true }, { ...int('postId'), isPrimary: true }], [index('IDX_notice_cc_post', ['postId'])], [foreignKey('FK_notice_cc_notice', 'noticeId', 'notice'), foreignKey('FK_notice_cc_post', 'postId', 'post')]);
    await createTable(qr, 'notice_event', [idColumn(qr), int('cityId'), int('noticeId'), asciiColumn(qr, 'fromState', 20, true), asciiColumn(qr, 'toState', 20), int('actorOfficialId'), datetimeColumn('at'), text('comment', 1000, true)], [index('IDX_notice_event_notice', ['noticeId', 'id'])], [foreignKey('FK_notice_event_notice', 'noticeId', 'notice')]);
    await createTable(qr, 'inspection', [idColumn(qr), int('cityId'), int('unitId'), int('year'), int('round'), asciiColumn(qr, 'mode', 16), text('title', 200), dateColumn('startsOn'), dateColumn('endsOn'), asciiColumn(qr, 'status', 16), int('createdByOfficialId'), datetimeColumn('createdAt')], [index('IDX_inspection_unit_round', ['unitId', 'year', 'round'], true), index('IDX_inspection_city_year', ['cityId', 'year'])], [foreignKey('FK_inspection_unit', 'unitId', 'org_unit')]);
    await createTable(qr, 'inspection_group', [idColumn(qr), int('cityId'), int('inspectionId'), text('name', 100)], [index('IDX_inspection_group_inspection', ['inspectionId'])], [foreignKey('FK_inspection_group_inspection', 'inspectionId', 'inspection')]);
    await createTable(qr, 'inspection_member', [idColumn(qr), int('cityId'), int('groupId'), int('postId'), dateColumn('since'), dateColumn('until', true)], [index('IDX_inspection_member_group', ['groupId']), index('IDX_inspection_member_post', ['postId'])], [foreignKey('FK_inspection_member_group', 'groupId', 'inspection_group'), foreignKey('FK_inspection_member_post', 'postId', 'post')]);
    await createTable(qr, 'inspection_target', [idColumn(qr), int('cityId'), int('inspectionId'), int('groupId'), int('unitId'), text('feedback', 'text', true), datetimeColumn('feedbackToCommitteeAt', true), datetimeColumn('feedbackToPrincipalAt', true)], [index('IDX_inspection_target_unit', ['inspectionId', 'unitId'], true), index('IDX_inspection_target_target', ['unitId']), index('IDX_inspection_target_group', ['groupId'])], [foreignKey('FK_inspection_target_inspection', 'inspectionId', 'inspection'), foreignKey('FK_inspection_target_group', 'groupId', 'inspection_group'), foreignKey('FK_inspection_target_unit', 'unitId', 'org_unit')]);
    await createTable(qr, 'inspection_suggestion', [idColumn(qr), int('cityId'), int('targetId'), text('text', 'text'), int('createdByOfficialId'), datetimeColumn('createdAt')], [index('IDX_inspection_suggestion_target', ['targetId'])], [foreignKey('FK_inspection_suggestion_target', 'targetId', 'inspection_target')]);
    await createTable(qr, 'disciplinary_case', [idColumn(qr), int('cityId'), int('unitId'), int('officialId'), int('domainId'), dateColumn('incidentOn'), text('title', 200), text('summary', 'text'), int('leadId', true), asciiColumn(qr, 'status', 16), int('openedByOfficialId'), datetimeColumn('openedAt'), datetimeColumn('closedAt', true)], [index('IDX_disciplinary_case_unit', ['unitId']), index('IDX_disciplinary_case_official', ['officialId'])], [foreignKey('FK_disciplinary_case_unit', 'unitId', 'org_unit'), foreignKey('FK_disciplinary_case_official', 'officialId', 'official'), foreignKey('FK_disciplinary_case_domain', 'domainId', 'domain')]);
    await createTable(qr, 'problem', [idColumn(qr), int('cityId'), int('unitId'), int('domainId'), asciiColumn(qr, 'source', 24), asciiColumn(qr, 'severity', 16), text('description', 'text'), int('inspectionId', true), int('noticeId', true), int('caseId', true), int('createdByOfficialId'), datetimeColumn('createdAt')], [index('IDX_problem_unit', ['unitId']), index('IDX_problem_city_created', ['cityId', 'createdAt']), index('IDX_problem_inspection', ['inspectionId']), index('IDX_problem_notice', ['noticeId'])], [foreignKey('FK_problem_unit', 'unitId', 'org_unit'), foreignKey('FK_problem_domain', 'domainId', 'domain'), foreignKey('FK_problem_inspection', 'inspectionId', 'inspection'), foreignKey('FK_problem_notice', 'noticeId', 'notice'), foreignKey('FK_problem_case', 'caseId', 'disciplinary_case')]);
    await createTable(qr, 'rectification_item', [idColumn(qr), int('cityId'), int('problemId'), int('ownerPostId'), text('measure', 'text'), dateColumn('deadline'), asciiColumn(qr, 'status', 16), datetimeColumn('closedAt', true), int('closedByOfficialId', true), int('principalApprovedByOfficialId', true), datetimeColumn('principalApprovedAt', true), int('supervisorApprovedByOfficialId', true), datetimeColumn('supervisorApprovedAt', true), datetimeColumn('createdAt')], [index('IDX_rectification_item_problem', ['problemId']), index('IDX_rectification_item_owner', ['ownerPostId']), index('IDX_rectification_item_city_deadline', ['cityId', 'deadline'])], [foreignKey('FK_rectification_item_problem', 'problemId', 'problem'), foreignKey('FK_rectification_item_owner_post', 'ownerPostId', 'post')]);
    await createTable(qr, 'lead', [idColumn(qr), int('cityId'), int('unitId'), int('toUnitId'), int('concernedOfficialId', true), int('submittedByOfficialId'), int('inspectionId', true), text('content', 'text'), asciiColumn(qr, 'status', 16), int('caseId', true), datetimeColumn('createdAt'), datetimeColumn('updatedAt')], [index('IDX_lead_unit', ['unitId']), index('IDX_lead_to_unit', ['toUnitId']), index('IDX_lead_concerned', ['concernedOfficialId']), index('IDX_lead_submitter', ['submittedByOfficialId'])], [foreignKey('FK_lead_unit', 'unitId', 'org_unit'), foreignKey('FK_lead_to_unit', 'toUnitId', 'org_unit')]);
    await createTable(qr, 'accountability_record', [idColumn(qr), int('cityId'), int('officialId'), int('postId', true), int('unitId'), int('caseId', true), asciiColumn(qr, 'failure', 32), asciiColumn(qr, 'measure', 32), dateColumn('decidedOn'), text('reason', 'text'), int('revisionOf', true), int('createdByOfficialId'), datetimeColumn('createdAt')], [index('IDX_accountability_record_official', ['officialId']), index('IDX_accountability_record_unit', ['unitId']), index('IDX_accountability_record_case', ['caseId']), index('IDX_accountability_record_revision', ['revisionOf'])], [foreignKey('FK_accountability_record_official', 'officialId', 'official'), foreignKey('FK_accountability_record_unit', 'unitId', 'org_unit'), foreignKey('FK_accountability_record_case', 'caseId', 'disciplinary_case')]);
    await createTable(qr, 'accountability_revocation', [idColumn(qr), int('cityId'), int('recordId'), text('reason', 'text'), dateColumn('revokedOn'), int('createdByOfficialId'), datetimeColumn('createdAt')], [index('IDX_accountability_revocation_record', ['recordId'], true)], [foreignKey('FK_accountability_revocation_record', 'recordId', 'accountability_record')]);
    await createTable(qr, 'restriction_rule', [idColumn(qr), asciiColumn(qr, 'measure', 32), int('months'), text('restriction', 200)], [index('IDX_restriction_rule_measure', ['measure'], true)], []);
    await createTable(qr, 'assessment', [idColumn(qr), int('cityId'), int('unitId'), int('assessorUnitId'), int('year'), int('total'), asciiColumn(qr, 'grade', 16), boolColumn('vetoed'), text('vetoReason', 1000, true), text('feedback', 'text', true), text('requirements', 'text', true), dateColumn('followUpOn', true), text('followUpResult', 'text', true), int('createdByOfficialId'), datetimeColumn('createdAt'), datetimeColumn('updatedAt')], [index('IDX_assessment_unit_year', ['unitId', 'year'], true), index('IDX_assessment_assessor_year', ['assessorUnitId', 'year', 'total'])], [foreignKey('FK_assessment_unit', 'unitId', 'org_unit'), foreignKey('FK_assessment_assessor_unit', 'assessorUnitId', 'org_unit')]);
    await createTable(qr, 'assessment_item', [idColumn(qr), int('cityId'), int('assessmentId'), int('position'), text('name', 100), int('weight'), int('score')], [index('IDX_assessment_item_assessment', ['assessmentId', 'position'])], [foreignKey('FK_assessment_item_assessment', 'assessmentId', 'assessment')]);
    await createTable(qr, 'report', [idColumn(qr), int('cityId'), int('unitId'), int('year'), asciiColumn(qr, 'kind', 16), int('reporterPostId'), text('content', 'text'), dateColumn('dueOn', true), datetimeColumn('submittedAt', true), dateColumn('heldOn', true), datetimeColumn('createdAt')], [index('IDX_report_unit_year', ['unitId', 'year', 'kind'])], [foreignKey('FK_report_unit', 'unitId', 'org_unit'), foreignKey('FK_report_reporter_post', 'reporterPostId', 'post')]);
    await createTable(qr, 'report_question', [idColumn(qr), int('cityId'), int('reportId'), int('askedByOfficialId'), text('question', 'text'), text('answer', 'text', true), datetimeColumn('askedAt'), datetimeColumn('answeredAt', true)], [index('IDX_report_question_report', ['reportId'])], [foreignKey('FK_report_question_report', 'reportId', 'report')]);
    await createTable(qr, 'interview', [idColumn(qr), int('cityId'), int('unitId'), asciiColumn(qr, 'kind', 16), dateColumn('heldOn'), int('interviewerPostId'), text('reason', 'text'), text('record', 'text'), datetimeColumn('createdAt')], [index('IDX_interview_unit', ['unitId', 'heldOn'])], [foreignKey('FK_interview_unit', 'unitId', 'org_unit'), foreignKey('FK_interview_interviewer_post', 'interviewerPostId', 'post')]);
    await createTable(qr, 'interview_participant', [{ ...int('interviewId'), isPrimary: true }, { ...int('officialId'), isPrimary: true }], [index('IDX_interview_participant_official', ['officialId'])], [foreignKey('FK_interview_participant_interview', 'interviewId', 'interview'), foreignKey('FK_interview_participant_official', 'officialId', 'official')]);
    await createTable(qr, 'risk_point', [idColumn(qr), int('cityId'), int('unitId'), int('domainId', true), text('area', 100), text('description', 'text'), asciiColumn(qr, 'level', 8), datetimeColumn('createdAt')], [index('IDX_risk_point_unit', ['unitId'])], [foreignKey('FK_risk_point_unit', 'unitId', 'org_unit')]);
    await createTable(qr, 'control_measure', [idColumn(qr), int('cityId'), int('riskPointId'), text('description', 'text'), int('ownerPostId', true), datetimeColumn('createdAt')], [index('IDX_control_measure_risk_point', ['riskPointId'])], [foreignKey('FK_control_measure_risk_point', 'riskPointId', 'risk_point')]);
    for (const [code, name] of NOTICE_CATEGORIES) {
      await qr.manager.createQueryBuilder().insert().into('notice_category').values({ code, name }).execute();
    }
    for (const [measure, months, restriction] of RESTRICTIONS) {
      await qr.manager.createQueryBuilder().insert().into('restriction_rule').values({ measure, months, restriction }).execute();
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of ['control_measure', 'risk_point', 'interview_participant', 'interview', 'report_question', 'report', 'assessment_item', 'assessment', 'restriction_rule', 'accountability_revocation', 'accountability_record', 'lead', 'rectification_item', 'problem', 'disciplinary_case', 'inspection_suggestion', 'inspection_target', 'inspection_member', 'inspection_group', 'inspection', 'notice_event', 'notice_cc', 'notice', 'notice_category']) {
      await qr.dropTable(table);
    }
  }
}
