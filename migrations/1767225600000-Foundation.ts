// The foundation: org tree, domains, officials, posts, accounts and the audit log.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  asciiColumn, boolColumn, createTable, dateColumn, datetimeColumn, foreignKey, idColumn, index, intColumn, textColumn,
} from './portable';

export class Foundation1767225600000 implements MigrationInterface {
  name = 'Foundation1767225600000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'org_unit', [
      idColumn(qr), intColumn(qr, 'cityId'), intColumn(qr, 'parentId', true), textColumn(qr, 'name', 100),
      asciiColumn(qr, 'level', 16), asciiColumn(qr, 'path', 255), datetimeColumn('createdAt'), datetimeColumn('updatedAt'),
    ], [
      index('IDX_org_unit_path', ['path'], true), index('IDX_org_unit_city_level', ['cityId', 'level']),
    ], [foreignKey('FK_org_unit_parent', 'parentId', 'org_unit')]);

    await createTable(qr, 'domain', [idColumn(qr), asciiColumn(qr, 'code', 40), textColumn(qr, 'name', 100)], [
      index('IDX_domain_code', ['code'], true),
    ]);

    await createTable(qr, 'official', [
      idColumn(qr), intColumn(qr, 'cityId'), intColumn(qr, 'unitId'), textColumn(qr, 'name', 60), textColumn(qr, 'title', 100),
      textColumn(qr, 'phone', 30, true), asciiColumn(qr, 'idNumber', 18, true), datetimeColumn('createdAt'),
    ], [
      index('IDX_official_unit', ['unitId']), index('IDX_official_city_name', ['cityId', 'name']),
    ], [foreignKey('FK_official_unit', 'unitId', 'org_unit')]);

    await createTable(qr, 'post', [
      idColumn(qr), intColumn(qr, 'cityId'), intColumn(qr, 'officialId'), intColumn(qr, 'unitId'), asciiColumn(qr, 'role', 16),
      dateColumn('since'), dateColumn('until', true),
    ], [
      index('IDX_post_unit_role', ['unitId', 'role']), index('IDX_post_official', ['officialId']),
      index('IDX_post_city', ['cityId']),
    ], [foreignKey('FK_post_official', 'officialId', 'official'), foreignKey('FK_post_unit', 'unitId', 'org_unit')]);

    await createTable(qr, 'post_domain', [
      { ...intColumn(qr, 'postId'), isPrimary: true }, { ...intColumn(qr, 'domainId'), isPrimary: true },
    ], [
      index('IDX_post_domain_post', ['postId']), index('IDX_post_domain_domain', ['domainId']),
    ], [
      foreignKey('FK_post_domain_post', 'postId', 'post', 'CASCADE'),
      foreignKey('FK_post_domain_domain', 'domainId', 'domain', 'CASCADE'),
    ]);

    await createTable(qr, 'account', [
      idColumn(qr), intColumn(qr, 'officialId'), textColumn(qr, 'username', 60), asciiColumn(qr, 'passwordHash', 255),
      boolColumn('active'), intColumn(qr, 'failedLogins'), datetimeColumn('lockedUntil', true),
      datetimeColumn('lastLoginAt', true), datetimeColumn('createdAt'),
    ], [
      index('IDX_account_official', ['officialId'], true), index('IDX_account_username', ['username'], true),
    ], [foreignKey('FK_account_official', 'officialId', 'official')]);

    await createTable(qr, 'audit_entry', [
      idColumn(qr), datetimeColumn('at'), intColumn(qr, 'actorOfficialId', true), asciiColumn(qr, 'operation', 60),
      asciiColumn(qr, 'recordType', 40), intColumn(qr, 'recordId'), intColumn(qr, 'cityId'), asciiColumn(qr, 'unitPath', 255),
      textColumn(qr, 'before', 'text', true), textColumn(qr, 'after', 'text', true),
    ], [
      index('IDX_audit_entry_city_path', ['cityId', 'unitPath']), index('IDX_audit_entry_at', ['at']),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of ['audit_entry', 'account', 'post_domain', 'post', 'official', 'domain', 'org_unit']) {
      await qr.dropTable(table);
    }
  }
}
