// Urgings (督办单, issue 12): a superior urges the post answering for an overdue or RED
// record to act and to reply by a day; read by the record's unit and the urging side.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { asciiColumn, createTable, dateColumn, datetimeColumn, foreignKey, idColumn, index, intColumn, textColumn } from './portable';

export class Urgings1767225600012 implements MigrationInterface {
  name = 'Urgings1767225600012';

  async up(qr: QueryRunner): Promise<void> {
    const int = (name: string, nullable = false) => intColumn(qr, name, nullable);
    await createTable(qr, 'urging', [
      idColumn(qr), int('cityId'), int('unitId'), asciiColumn(qr, 'subjectType', 24), int('subjectId'), int('urgedPostId'),
      int('issuerPostId'), int('issuerUnitId'), textColumn(qr, 'content', 'text'), dateColumn('replyDueOn'), datetimeColumn('createdAt'),
      textColumn(qr, 'reply', 'text', true), datetimeColumn('repliedAt', true), dateColumn('repliedOn', true), int('repliedByPostId', true),
    ], [
      // The scope and the portrait (a unit's subtree by city and unit), the urged post's open
      // urgings (its work and reminders), a record's urgings, and the urging side.
      index('IDX_urging_city_unit', ['cityId', 'unitId', 'createdAt']),
      index('IDX_urging_urged_open', ['urgedPostId', 'repliedOn']),
      index('IDX_urging_subject', ['subjectType', 'subjectId']),
      index('IDX_urging_issuer_unit', ['issuerUnitId']),
    ], [
      foreignKey('FK_urging_unit', 'unitId', 'org_unit'),
      foreignKey('FK_urging_urged_post', 'urgedPostId', 'post'),
      foreignKey('FK_urging_issuer_post', 'issuerPostId', 'post'),
      foreignKey('FK_urging_issuer_unit', 'issuerUnitId', 'org_unit'),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('urging');
  }
}
