// Inspection and assessment outcomes (issue 13, points 4 and 5): a lead keeps the round and
// the target it came from; a round keeps OFFICE's waiver of findings left without a
// rectification item; an interviewee and an admonishment (诫勉谈话) keep the assessment that
// caused them; an assessment's follow-up check (回头看) has a due day.
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateColumn, datetimeColumn, foreignKey, index, intColumn, textColumn } from './portable';

export class InspectionOutcomes1767225600017 implements MigrationInterface {
  name = 'InspectionOutcomes1767225600017';

  async up(qr: QueryRunner): Promise<void> {
    const int = (name: string, nullable = false) => new TableColumn(intColumn(qr, name, nullable));

    // Leads: the target beside the round (inspectionId existed, without key or index). Counts per round.
    await qr.addColumns('lead', [int('targetId', true)]);
    await qr.createIndices('lead', [index('IDX_lead_inspection', ['inspectionId', 'status']), index('IDX_lead_target', ['targetId'])]);
    await qr.createForeignKeys('lead', [
      foreignKey('FK_lead_inspection', 'inspectionId', 'inspection'), foreignKey('FK_lead_target', 'targetId', 'inspection_target'),
    ]);

    // The waiver of a round's findings without a rectification item: who, when, why, how many.
    await qr.addColumns('inspection', [
      new TableColumn(textColumn(qr, 'waiverReason', 1000, true)), new TableColumn(datetimeColumn('waivedAt', true)),
      int('waivedByOfficialId', true), int('waivedFindings', true),
    ]);
    await qr.createForeignKey('inspection', foreignKey('FK_inspection_waived_by', 'waivedByOfficialId', 'official'));

    // The assessment that brought an interviewee to an interview (the bottom of a ranking).
    await qr.addColumns('interview_participant', [int('assessmentId', true)]);
    await qr.createIndex('interview_participant', index('IDX_interview_participant_assessment', ['assessmentId']));
    await qr.createForeignKey('interview_participant', foreignKey('FK_interview_participant_assessment', 'assessmentId', 'assessment'));

    // The assessment an admonishment (or any accountability record) answers.
    await qr.addColumns('accountability_record', [int('assessmentId', true)]);
    await qr.createIndex('accountability_record', index('IDX_accountability_record_assessment', ['assessmentId']));
    await qr.createForeignKey('accountability_record', foreignKey('FK_accountability_record_assessment', 'assessmentId', 'assessment'));

    // The follow-up check's due day; the list of follow-ups reads by city and due day.
    await qr.addColumns('assessment', [new TableColumn(dateColumn('followUpDueOn', true))]);
    await qr.createIndex('assessment', index('IDX_assessment_city_follow_up', ['cityId', 'followUpDueOn']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('assessment', 'IDX_assessment_city_follow_up');
    await qr.dropColumn('assessment', 'followUpDueOn');

    await qr.dropForeignKey('accountability_record', 'FK_accountability_record_assessment');
    await qr.dropIndex('accountability_record', 'IDX_accountability_record_assessment');
    await qr.dropColumn('accountability_record', 'assessmentId');

    await qr.dropForeignKey('interview_participant', 'FK_interview_participant_assessment');
    await qr.dropIndex('interview_participant', 'IDX_interview_participant_assessment');
    await qr.dropColumn('interview_participant', 'assessmentId');

    await qr.dropForeignKey('inspection', 'FK_inspection_waived_by');
    for (const column of ['waivedFindings', 'waivedByOfficialId', 'waivedAt', 'waiverReason']) await qr.dropColumn('inspection', column);

    await qr.dropForeignKey('lead', 'FK_lead_target');
    await qr.dropForeignKey('lead', 'FK_lead_inspection');
    await qr.dropIndex('lead', 'IDX_lead_target');
    await qr.dropIndex('lead', 'IDX_lead_inspection');
    await qr.dropColumn('lead', 'targetId');
  }
}
