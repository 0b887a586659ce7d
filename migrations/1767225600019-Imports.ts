// Historical import (issue 13, point 8): a city's ADMIN brings past years in from a CSV or
// XLSX file. Each file is one import_batch (validated first, then imported in one
// transaction); every imported row keeps its batch and row number. An imported problem
// keeps the day it was found (foundOn), which the portrait counts it by; a problem entered
// live has none (null): it was found when it was recorded (createdAt, server time).
import { TableColumn, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';
import { asciiColumn, createTable, dateColumn, datetimeColumn, foreignKey, idColumn, index, intColumn, textColumn } from './portable';

/** The record tables an import writes, with the index of their provenance. */
const IMPORTED = [
  ['problem', 'IDX_problem_import'],
  ['accountability_record', 'IDX_accountability_record_import'],
  ['assessment', 'IDX_assessment_import'],
  ['task', 'IDX_task_import'],
] as const;

export class Imports1767225600019 implements MigrationInterface {
  name = 'Imports1767225600019';

  async up(qr: QueryRunner): Promise<void> {
    const int = (name: string, nullable = false) => intColumn(qr, name, nullable);
    await createTable(qr, 'import_batch', [
      idColumn(qr), int('cityId'), asciiColumn(qr, 'kind', 24), asciiColumn(qr, 'status', 16),
      int('fileId'), textColumn(qr, 'fileName', 200), asciiColumn(qr, 'sha256', 64), int('importedByOfficialId'),
      datetimeColumn('createdAt'), datetimeColumn('importedAt', true),
      int('rowCount'), int('issueCount'), int('importedCount'), textColumn(qr, 'issues', 'text'),
    ], [
      // The city's batches, newest first; a file's batches.
      index('IDX_import_batch_city', ['cityId', 'id']),
      index('IDX_import_batch_file', ['fileId']),
    ], [
      foreignKey('FK_import_batch_file', 'fileId', 'stored_file'),
      foreignKey('FK_import_batch_official', 'importedByOfficialId', 'official'),
    ]);

    for (const [table, indexName] of IMPORTED) {
      await qr.addColumn(table, new TableColumn(int('importBatchId', true)));
      await qr.addColumn(table, new TableColumn(int('importRow', true)));
      await qr.createIndex(table, index(indexName, ['importBatchId']));
      await qr.createForeignKey(table, new TableForeignKey({
        name: `FK_${table}_import`, columnNames: ['importBatchId'], referencedTableName: 'import_batch',
        referencedColumnNames: ['id'], onDelete: 'RESTRICT', onUpdate: 'NO ACTION',
      }));
    }

    await qr.addColumn('problem', new TableColumn(dateColumn('foundOn', true)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('problem', 'foundOn');
    for (const [table, indexName] of [...IMPORTED].reverse()) {
      await qr.dropForeignKey(table, `FK_${table}_import`);
      await qr.dropIndex(table, indexName);
      await qr.dropColumn(table, 'importRow');
      await qr.dropColumn(table, 'importBatchId');
    }
    await qr.dropTable('import_batch');
  }
}
