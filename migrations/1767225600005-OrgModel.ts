// The real org tree (issue 10): a kind beside the tier (departments, enterprises and
// institutions under the area committees), closed and merged units, and the tree's
// history: a version of each unit per period, and the changes as recorded. Existing
// units get one open version from TREE_HISTORY_START with today's parent, name and path.
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { TREE_HISTORY_START } from '../src/entities/org-unit-version.entity';
import { asciiColumn, createTable, dateColumn, datetimeColumn, idColumn, index, intColumn, textColumn } from './portable';

export class OrgModel1767225600005 implements MigrationInterface {
  name = 'OrgModel1767225600005';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('org_unit', [
      new TableColumn({ ...asciiColumn(qr, 'kind', 16), default: "'AREA'" }),
      new TableColumn(dateColumn('closedOn', true)),
      new TableColumn(intColumn(qr, 'successorId', true)),
    ]);
    await qr.createIndex('org_unit', index('IDX_org_unit_city_kind', ['cityId', 'kind']));

    await createTable(qr, 'org_unit_version', [
      idColumn(qr), intColumn(qr, 'cityId'), intColumn(qr, 'unitId'), intColumn(qr, 'parentId', true), textColumn(qr, 'name', 100),
      asciiColumn(qr, 'level', 16), asciiColumn(qr, 'kind', 16), asciiColumn(qr, 'path', 255),
      dateColumn('validFrom'), dateColumn('validTo', true),
    ], [
      index('IDX_org_unit_version_unit', ['unitId', 'validFrom']), index('IDX_org_unit_version_parent', ['parentId', 'validFrom']),
      index('IDX_org_unit_version_city_path', ['cityId', 'path']),
    ]);
    await createTable(qr, 'org_unit_change', [
      idColumn(qr), intColumn(qr, 'cityId'), intColumn(qr, 'unitId'), asciiColumn(qr, 'kind', 16), dateColumn('effectiveOn'),
      intColumn(qr, 'fromParentId', true), intColumn(qr, 'toParentId', true), textColumn(qr, 'fromName', 100, true),
      textColumn(qr, 'toName', 100, true), intColumn(qr, 'relatedUnitId', true), datetimeColumn('recordedAt'),
      intColumn(qr, 'actorOfficialId', true),
    ], [index('IDX_org_unit_change_unit', ['unitId', 'effectiveOn'])]);

    await qr.query(
      `INSERT INTO org_unit_version (cityId, unitId, parentId, name, level, kind, path, validFrom, validTo)
       SELECT cityId, id, parentId, name, level, kind, path, ?, NULL FROM org_unit`,
      [TREE_HISTORY_START],
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('org_unit_change');
    await qr.dropTable('org_unit_version');
    await qr.dropIndex('org_unit', 'IDX_org_unit_city_kind');
    for (const column of ['successorId', 'closedOn', 'kind']) await qr.dropColumn('org_unit', column);
  }
}
