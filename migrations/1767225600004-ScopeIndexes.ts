// Scope as an indexed condition on the record's own city (the shard key of domain.md
// section 10) and unit: every record table read by a scoped list gets (cityId, unit),
// and the tree gets (cityId, path), so the subtree semi-join reads the index alone;
// and a covering index for the portrait's rectification figures.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './portable';

export const SCOPE_INDEXES: readonly [table: string, name: string, columns: string[]][] = [
  ['org_unit', 'IDX_org_unit_city_path', ['cityId', 'path']],
  ['responsibility_letter', 'IDX_responsibility_letter_city_signer', ['cityId', 'signerUnitId']],
  ['disciplinary_case', 'IDX_disciplinary_case_city_unit', ['cityId', 'unitId']],
  ['lead', 'IDX_lead_city_to_unit', ['cityId', 'toUnitId']],
  ['accountability_record', 'IDX_accountability_record_city_unit', ['cityId', 'unitId']],
  ['assessment', 'IDX_assessment_city_unit', ['cityId', 'unitId']],
  ['report', 'IDX_report_city_unit', ['cityId', 'unitId']],
  ['interview', 'IDX_interview_city_unit', ['cityId', 'unitId']],
  ['risk_point', 'IDX_risk_point_city_unit', ['cityId', 'unitId']],
  // The portrait's rectification figures read an item's state and deadline from the index alone.
  ['rectification_item', 'IDX_rectification_item_problem_state', ['problemId', 'status', 'deadline']],
];

export class ScopeIndexes1767225600004 implements MigrationInterface {
  name = 'ScopeIndexes1767225600004';

  async up(qr: QueryRunner): Promise<void> {
    for (const [table, name, columns] of SCOPE_INDEXES) await qr.createIndex(table, index(name, columns));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const [table, name] of [...SCOPE_INDEXES].reverse()) await qr.dropIndex(table, name);
  }
}
