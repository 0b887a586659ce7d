// Appeals (申诉, issue 13): the official concerned appeals an accountability record; the
// deciding side answers once. Read by the record's readers, scoped on the appeal's own columns.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { asciiColumn, createTable, dateColumn, datetimeColumn, foreignKey, idColumn, index, intColumn, textColumn } from './portable';

export class Appeals1767225600013 implements MigrationInterface {
  name = 'Appeals1767225600013';

  async up(qr: QueryRunner): Promise<void> {
    const int = (name: string, nullable = false) => intColumn(qr, name, nullable);
    await createTable(qr, 'appeal', [
      idColumn(qr), int('cityId'), int('recordId'), int('officialId'), int('unitId'), int('issuerUnitId'),
      textColumn(qr, 'grounds', 'text'), dateColumn('filedOn'), datetimeColumn('createdAt'), dateColumn('answerDueOn'),
      asciiColumn(qr, 'outcome', 16, true), textColumn(qr, 'reasons', 'text', true), dateColumn('answeredOn', true),
      datetimeColumn('answeredAt', true), int('answeredByOfficialId', true), int('revisionId', true), int('revocationId', true),
    ], [
      // The scope (the record's unit, or its issuer, by city), a record's appeals (the loader and
      // the one-open-appeal check), the official's own, and the open/overdue filters.
      index('IDX_appeal_city_unit', ['cityId', 'unitId']),
      index('IDX_appeal_city_issuer', ['cityId', 'issuerUnitId']),
      index('IDX_appeal_record', ['recordId']),
      index('IDX_appeal_official', ['officialId']),
      index('IDX_appeal_unit', ['unitId']),
      index('IDX_appeal_due', ['cityId', 'answeredOn', 'answerDueOn']),
    ], [
      foreignKey('FK_appeal_record', 'recordId', 'accountability_record'),
      foreignKey('FK_appeal_official', 'officialId', 'official'),
      foreignKey('FK_appeal_unit', 'unitId', 'org_unit'),
      foreignKey('FK_appeal_revision', 'revisionId', 'accountability_record'),
      foreignKey('FK_appeal_revocation', 'revocationId', 'accountability_revocation'),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('appeal');
  }
}
