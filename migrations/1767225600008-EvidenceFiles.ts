// Evidence files (issue 14): uploads kept by their SHA-256, and evidence that names one.
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { asciiColumn, createTable, datetimeColumn, idColumn, index, intColumn, textColumn } from './portable';

export class EvidenceFiles1767225600008 implements MigrationInterface {
  name = 'EvidenceFiles1767225600008';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'stored_file', [
      idColumn(qr), intColumn(qr, 'cityId'), asciiColumn(qr, 'sha256', 64), intColumn(qr, 'size'), asciiColumn(qr, 'contentType', 100),
      textColumn(qr, 'name', 200), intColumn(qr, 'uploadedByOfficialId'), datetimeColumn('createdAt'), datetimeColumn('attachedAt', true),
    ], [index('IDX_stored_file_sha256', ['sha256']), index('IDX_stored_file_unattached', ['attachedAt', 'createdAt'])]);
    await qr.addColumn('evidence', new TableColumn(intColumn(qr, 'fileId', true)));
    await qr.createIndex('evidence', index('IDX_evidence_file', ['fileId']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('evidence', 'IDX_evidence_file');
    await qr.dropColumn('evidence', 'fileId');
    await qr.dropTable('stored_file');
  }
}
