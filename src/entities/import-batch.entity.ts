// 历史数据导入: one file a city's ADMIN imports (past problems, accountability records,
// assessments, tasks). It is validated first (the dry run: its row-by-row report is kept
// here), then imported once, all rows in one transaction. Every imported record names its
// batch and row: that is its provenance.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ImportIssueCode, ImportKind, ImportStatus } from '../schema/enums';
import { Node } from '../schema/node';
import { Official } from './official.entity';
import { StoredFile } from './stored-file.entity';

@ObjectType({ description: '校验问题 One issue of a dry run: where it is and what is wrong' })
export class ImportIssue {
  @Field(() => Int, { description: 'The row of the file (the header is row 1); 0 for the file as a whole' })
  row!: number;

  @Field(() => String, { nullable: true, description: 'The column (its header); null for a whole row or the file' })
  column!: string | null;

  @Field(() => ImportIssueCode, { description: 'What is wrong' })
  code!: ImportIssueCode;

  @Field({ description: 'What is wrong, for a person to fix it' })
  message!: string;
}

@Entity('import_batch')
@Index('IDX_import_batch_city', ['cityId', 'id'])
@Index('IDX_import_batch_file', ['fileId'])
@ObjectType({ implements: Node, description: '导入批次 One historical import file: its dry run, then its import' })
export class ImportBatch extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Field(() => ImportKind, { description: 'What the file holds' })
  @Column({ type: 'varchar', length: 24 })
  kind!: ImportKind;

  @Field(() => ImportStatus, { description: 'VALIDATED or INVALID after the dry run; IMPORTED once written' })
  @Column({ type: 'varchar', length: 16 })
  status!: ImportStatus;

  /** The upload (POST /files?purpose=import). */
  @Column({ type: 'int' })
  fileId!: number;

  @ManyToOne(() => StoredFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fileId', foreignKeyConstraintName: 'FK_import_batch_file' })
  storedFile?: Relation<StoredFile>;

  /** The name it was uploaded with (GraphQL: file). */
  @Column({ type: 'varchar', length: 200 })
  fileName!: string;

  @Field({ description: 'SHA-256 of the file (hex): exactly which content was imported' })
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'int' })
  importedByOfficialId!: number;

  @ManyToOne(() => Official, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'importedByOfficialId', foreignKeyConstraintName: 'FK_import_batch_official' })
  importedBy?: Relation<Official>;

  @Field({ description: 'When the dry run was made (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  /** When the rows were imported (GraphQL: at). */
  @Column({ type: 'datetime', nullable: true })
  importedAt!: Date | null;

  /** Data rows in the file (GraphQL: rows). */
  @Column({ type: 'int' })
  rowCount!: number;

  @Field(() => Int, { description: 'Issues the dry run found (0: it may be imported)' })
  @Column({ type: 'int' })
  issueCount!: number;

  /** Records written (GraphQL: imported). */
  @Column({ type: 'int' })
  importedCount!: number;

  /** The dry run's report, JSON of ImportIssue[] (at most config.imports.maxIssues kept). */
  @Column({ type: 'text' })
  issues!: string;
}
