// Responsibility: lists and items, letters, key tasks with milestones, progress,
// ratings, closures and evidence.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  asciiColumn, createTable, dateColumn, datetimeColumn, foreignKey, idColumn, index, intColumn, textColumn,
} from './portable';

export class Responsibility1767225600002 implements MigrationInterface {
  name = 'Responsibility1767225600002';

  async up(qr: QueryRunner): Promise<void> {
    const int = (name: string, nullable = false) => intColumn(qr, name, nullable);
    const text = (name: string, length: number | 'text', nullable = false) => textColumn(qr, name, length, nullable);

    await createTable(qr, 'responsibility_list', [
      idColumn(qr), int('cityId'), int('unitId'), int('year'), asciiColumn(qr, 'subject', 24), text('title', 200),
      datetimeColumn('publishedAt', true), datetimeColumn('createdAt'), datetimeColumn('updatedAt'),
    ], [
      index('IDX_responsibility_list_unit_year_subject', ['unitId', 'year', 'subject'], true),
      index('IDX_responsibility_list_city_year', ['cityId', 'year']),
    ], [foreignKey('FK_responsibility_list_unit', 'unitId', 'org_unit')]);

    await createTable(qr, 'responsibility_item', [
      idColumn(qr), int('cityId'), int('listId'), int('position'), text('content', 'text'),
      int('sourceItemId', true), int('sourceUnitId', true), datetimeColumn('createdAt'),
    ], [index('IDX_responsibility_item_list_position', ['listId', 'position'])],
    [foreignKey('FK_responsibility_item_list', 'listId', 'responsibility_list')]);

    await createTable(qr, 'responsibility_letter', [
      idColumn(qr), int('cityId'), int('unitId'), int('year'), asciiColumn(qr, 'issuedBy', 16), int('issuerPostId', true),
      int('signerPostId', true), int('signerUnitId'), asciiColumn(qr, 'signerKey', 24), text('content', 'text'),
      datetimeColumn('issuedAt'), datetimeColumn('signedAt', true), int('signedByOfficialId', true),
    ], [
      index('IDX_responsibility_letter_unit_year_signer', ['unitId', 'year', 'signerKey'], true),
      index('IDX_responsibility_letter_signer_unit', ['signerUnitId', 'year']),
    ], [
      foreignKey('FK_responsibility_letter_unit', 'unitId', 'org_unit'),
      foreignKey('FK_responsibility_letter_signer_post', 'signerPostId', 'post'),
      foreignKey('FK_responsibility_letter_signer_unit', 'signerUnitId', 'org_unit'),
    ]);

    await createTable(qr, 'task', [
      idColumn(qr), int('cityId'), int('unitId'), int('year'), text('title', 200), int('domainId'), int('leaderPostId'),
      text('leadOffice', 100), text('goal', 'text'), text('measures', 'text'), asciiColumn(qr, 'visibility', 16),
      asciiColumn(qr, 'status', 24), int('percent'), dateColumn('dueOn'), dateColumn('nextDueOn'),
      datetimeColumn('closedAt', true), int('createdByOfficialId'), datetimeColumn('createdAt'), datetimeColumn('updatedAt'),
    ], [
      index('IDX_task_unit_year', ['unitId', 'year', 'nextDueOn']), index('IDX_task_city_year', ['cityId', 'year', 'status']),
      index('IDX_task_leader', ['leaderPostId']), index('IDX_task_domain', ['domainId']),
      index('IDX_task_visibility', ['visibility', 'year']),
    ], [
      foreignKey('FK_task_unit', 'unitId', 'org_unit'), foreignKey('FK_task_domain', 'domainId', 'domain'),
      foreignKey('FK_task_leader_post', 'leaderPostId', 'post'),
    ]);

    await createTable(qr, 'milestone', [
      idColumn(qr), int('cityId'), int('taskId'), text('title', 200), dateColumn('dueOn'), int('targetPercent'),
    ], [index('IDX_milestone_task_due', ['taskId', 'dueOn'])], [foreignKey('FK_milestone_task', 'taskId', 'task')]);

    await createTable(qr, 'progress_update', [
      idColumn(qr), int('cityId'), int('taskId'), text('text', 'text'), int('percent'), int('authorOfficialId'),
      datetimeColumn('createdAt'), int('correctsId', true), text('correctionReason', 500, true),
    ], [index('IDX_progress_update_task', ['taskId', 'id'])], [foreignKey('FK_progress_update_task', 'taskId', 'task')]);

    await createTable(qr, 'task_rating', [
      idColumn(qr), int('cityId'), int('taskId'), int('year'), int('quarter'), asciiColumn(qr, 'light', 8),
      asciiColumn(qr, 'computedLight', 8), int('percent'), text('comment', 'text'), int('ratedByOfficialId'), datetimeColumn('createdAt'),
    ], [index('IDX_task_rating_task_quarter', ['taskId', 'year', 'quarter'], true)],
    [foreignKey('FK_task_rating_task', 'taskId', 'task')]);

    await createTable(qr, 'task_closure', [
      idColumn(qr), int('cityId'), int('taskId'), text('summary', 'text'), int('requestedByOfficialId'), datetimeColumn('requestedAt'),
      asciiColumn(qr, 'decision', 16), int('decidedByOfficialId', true), datetimeColumn('decidedAt', true),
      text('decisionComment', 1000, true),
    ], [index('IDX_task_closure_task', ['taskId', 'id'])], [foreignKey('FK_task_closure_task', 'taskId', 'task')]);

    await createTable(qr, 'evidence', [
      idColumn(qr), int('cityId'), int('taskId'), int('progressUpdateId', true), int('closureId', true), text('title', 200),
      text('reference', 500, true), int('addedByOfficialId'), datetimeColumn('createdAt'),
    ], [
      index('IDX_evidence_task', ['taskId']), index('IDX_evidence_progress', ['progressUpdateId']),
      index('IDX_evidence_closure', ['closureId']),
    ], [foreignKey('FK_evidence_task', 'taskId', 'task')]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of [
      'evidence', 'task_closure', 'task_rating', 'progress_update', 'milestone', 'task',
      'responsibility_letter', 'responsibility_item', 'responsibility_list',
    ]) {
      await qr.dropTable(table);
    }
  }
}
