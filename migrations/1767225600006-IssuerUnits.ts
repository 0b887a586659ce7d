// A record one unit issues about another stays with its issuer (domain.md section 3):
// a case and an accountability record carry the unit of the DISCIPLINE post that opened
// or decided it. Existing rows get their own unit (who saw them before still does).
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { index, intColumn } from './portable';

const TABLES = [
  ['disciplinary_case', 'IDX_disciplinary_case_city_issuer'],
  ['accountability_record', 'IDX_accountability_record_city_issuer'],
] as const;

export class IssuerUnits1767225600006 implements MigrationInterface {
  name = 'IssuerUnits1767225600006';

  async up(qr: QueryRunner): Promise<void> {
    for (const [table, indexName] of TABLES) {
      await qr.addColumn(table, new TableColumn(intColumn(qr, 'issuerUnitId', true)));
      await qr.query(`UPDATE ${table} SET issuerUnitId = unitId`);
      await qr.changeColumn(table, 'issuerUnitId', new TableColumn(intColumn(qr, 'issuerUnitId')));
      await qr.createIndex(table, index(indexName, ['cityId', 'issuerUnitId']));
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const [table, indexName] of [...TABLES].reverse()) {
      await qr.dropIndex(table, indexName);
      await qr.dropColumn(table, 'issuerUnitId');
    }
  }
}
