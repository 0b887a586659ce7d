// Column and table builders shared by all migrations, so one migration serves
// SQLite and MySQL/MariaDB: text is utf8mb4 with an explicit collation on MySQL,
// paths are ASCII with a binary collation (domain.md section 10).
import { type QueryRunner, Table, TableForeignKey, TableIndex, type TableColumnOptions } from 'typeorm';

const isMysql = (qr: QueryRunner): boolean => ['mysql', 'mariadb'].includes(qr.connection.options.type);

/** Auto-increment integer id (SQLite insists on INTEGER for AUTOINCREMENT). */
export const idColumn = (qr: QueryRunner): TableColumnOptions => ({
  name: 'id', type: isMysql(qr) ? 'int' : 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment',
});

/** Integers are INT on MySQL and INTEGER on SQLite, as TypeORM maps entity `int` columns. */
export const intColumn = (qr: QueryRunner, name: string, nullable = false): TableColumnOptions =>
  ({ name, type: isMysql(qr) ? 'int' : 'integer', isNullable: nullable });

export const dateColumn = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'date', isNullable: nullable });

export const datetimeColumn = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable });

export const boolColumn = (name: string): TableColumnOptions => ({ name, type: 'boolean' });

export function textColumn(qr: QueryRunner, name: string, length: number | 'text', nullable = false): TableColumnOptions {
  const mysql = isMysql(qr) ? { charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' } : {};
  return length === 'text'
    ? { name, type: 'text', isNullable: nullable, ...mysql }
    : { name, type: 'varchar', length: String(length), isNullable: nullable, ...mysql };
}

/** Identifiers, codes and enum values: ASCII, compared byte for byte. */
export function asciiColumn(qr: QueryRunner, name: string, length: number, nullable = false): TableColumnOptions {
  const mysql = isMysql(qr) ? { charset: 'ascii', collation: 'ascii_bin' } : {};
  return { name, type: 'varchar', length: String(length), isNullable: nullable, ...mysql };
}

export const index = (name: string, columnNames: string[], isUnique = false): TableIndex =>
  new TableIndex({ name, columnNames, isUnique });

export const foreignKey = (
  name: string, column: string, referencedTableName: string, onDelete: 'RESTRICT' | 'CASCADE' = 'RESTRICT',
): TableForeignKey =>
  new TableForeignKey({ name, columnNames: [column], referencedTableName, referencedColumnNames: ['id'], onDelete, onUpdate: 'NO ACTION' });

export async function createTable(
  qr: QueryRunner, name: string, columns: TableColumnOptions[],
  indices: TableIndex[] = [], foreignKeys: TableForeignKey[] = [],
): Promise<void> {
  await qr.createTable(new Table({ name, columns, indices, foreignKeys }));
}
