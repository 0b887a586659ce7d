// Sensitive reads (issue 13, item 10): who read a lead's content or concerned official, a
// case, an accountability reason, an official's phone or ID number, when and by which
// operation. One row per request, record type and field, with the ids read.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { asciiColumn, createTable, datetimeColumn, idColumn, index, intColumn, textColumn } from './portable';

export class SensitiveReads1767225600014 implements MigrationInterface {
  name = 'SensitiveReads1767225600014';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'sensitive_read', [
      idColumn(qr), intColumn(qr, 'cityId'), datetimeColumn('at'), intColumn(qr, 'readerOfficialId'),
      textColumn(qr, 'operation', 60), asciiColumn(qr, 'recordType', 40), asciiColumn(qr, 'field', 40),
      textColumn(qr, 'recordIds', 'text'), intColumn(qr, 'readCount'),
    ], [index('IDX_sensitive_read_city_at', ['cityId', 'at']), index('IDX_sensitive_read_city_reader', ['cityId', 'readerOfficialId', 'at'])]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('sensitive_read');
  }
}
