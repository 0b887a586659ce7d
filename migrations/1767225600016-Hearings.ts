// Hearings (述责述廉 会议, issue 13): a session held at a unit with many reporters. Each
// reporter's part is an ORAL report (the report model, questions included) that names its
// hearing and carries the evaluation (满意 / 基本满意 / 不满意 counts). The fulfilment record
// reads reports by their reporter's post and letters by their signer, so those get indexes too.
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { asciiColumn, createTable, dateColumn, datetimeColumn, foreignKey, idColumn, index, intColumn, textColumn } from './portable';

export class Hearings1767225600016 implements MigrationInterface {
  name = 'Hearings1767225600016';

  async up(qr: QueryRunner): Promise<void> {
    const int = (name: string, nullable = false) => intColumn(qr, name, nullable);
    await createTable(qr, 'hearing', [
      idColumn(qr), int('cityId'), int('unitId'), int('year'), dateColumn('heldOn'), textColumn(qr, 'title', 200),
      asciiColumn(qr, 'status', 16), int('createdByOfficialId'), datetimeColumn('createdAt'), datetimeColumn('heldAt', true),
      datetimeColumn('closedAt', true),
    ], [
      // The scope (the unit, by city) and a unit's hearings of a year.
      index('IDX_hearing_city_unit', ['cityId', 'unitId']),
      index('IDX_hearing_unit_year', ['unitId', 'year']),
    ], [
      foreignKey('FK_hearing_unit', 'unitId', 'org_unit'),
    ]);
    await qr.addColumns('report', [
      new TableColumn(int('hearingId', true)), new TableColumn(int('satisfiedVotes', true)), new TableColumn(int('basicallySatisfiedVotes', true)),
      new TableColumn(int('unsatisfiedVotes', true)), new TableColumn(datetimeColumn('evaluatedAt', true)), new TableColumn(int('evaluatedByOfficialId', true)),
    ]);
    // A hearing's parts (one per reporter's post), and a reporter's reports of a year (year first:
    // on MySQL an index led by reporterPostId would take over its foreign key's own index).
    await qr.createIndices('report', [
      index('IDX_report_hearing', ['hearingId', 'reporterPostId'], true), index('IDX_report_year_reporter', ['year', 'reporterPostId']),
    ]);
    await qr.createForeignKey('report', foreignKey('FK_report_hearing', 'hearingId', 'hearing'));
    // The fulfilment record's letters: addressed to one of the official's posts, or signed by them.
    await qr.createIndices('responsibility_letter', [
      index('IDX_responsibility_letter_year_signer_post', ['year', 'signerPostId']), index('IDX_responsibility_letter_signed_by', ['signedByOfficialId', 'year']),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('responsibility_letter', 'IDX_responsibility_letter_signed_by');
    await qr.dropIndex('responsibility_letter', 'IDX_responsibility_letter_year_signer_post');
    await qr.dropForeignKey('report', 'FK_report_hearing');
    await qr.dropIndex('report', 'IDX_report_year_reporter');
    await qr.dropIndex('report', 'IDX_report_hearing');
    for (const column of ['evaluatedByOfficialId', 'evaluatedAt', 'unsatisfiedVotes', 'basicallySatisfiedVotes', 'satisfiedVotes', 'hearingId']) {
      await qr.dropColumn('report', column);
    }
    await qr.dropTable('hearing');
  }
}
