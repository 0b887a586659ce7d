// Files attached to records other than task evidence (issue 14): a notice's rectification
// report, a rectification item, a case's files (案卷).
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { asciiColumn, createTable, datetimeColumn, idColumn, index, intColumn } from './portable';

export class FileAttachments1767225600009 implements MigrationInterface {
  name = 'FileAttachments1767225600009';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'file_attachment', [
      idColumn(qr), intColumn(qr, 'cityId'), intColumn(qr, 'fileId'), asciiColumn(qr, 'recordType', 40), intColumn(qr, 'recordId'),
      intColumn(qr, 'attachedByOfficialId'), datetimeColumn('createdAt'),
    ], [index('IDX_file_attachment_record', ['recordType', 'recordId']), index('IDX_file_attachment_file', ['fileId'])]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('file_attachment');
  }
}
