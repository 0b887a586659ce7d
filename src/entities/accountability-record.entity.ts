// 问责: immutable once made. A correction is a new revision naming the one it replaces;
// a revocation is a separate row; together they form the official's integrity file.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Failure, Measure } from '../schema/enums';
import { Node } from '../schema/node';
import { ImportBatch } from './import-batch.entity';
import { Assessment } from './assessment.entity';
import { DisciplinaryCase } from './disciplinary-case.entity';
import { Official } from './official.entity';
import { OrgUnit } from './org-unit.entity';

@Entity('accountability_record')
@Index('IDX_accountability_record_city_unit', ['cityId', 'unitId'])
@Index('IDX_accountability_record_city_issuer', ['cityId', 'issuerUnitId'])
@Index('IDX_accountability_record_official', ['officialId'])
@Index('IDX_accountability_record_unit', ['unitId'])
@Index('IDX_accountability_record_import', ['importBatchId'])
@Index('IDX_accountability_record_case', ['caseId'])
@Index('IDX_accountability_record_revision', ['revisionOf'])
@Index('IDX_accountability_record_assessment', ['assessmentId'])
@ObjectType({ implements: Node, description: '问责 An accountability record (immutable; corrections are revisions)' })
export class AccountabilityRecord extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  officialId!: number;

  @ManyToOne(() => Official, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'officialId', foreignKeyConstraintName: 'FK_accountability_record_official' })
  official?: Relation<Official>;

  @Column({ type: 'int', nullable: true })
  postId!: number | null;

  @Column({ type: 'int' })
  unitId!: number;

  /** The unit of the DISCIPLINE post that decided the record: it keeps the record when the unit moves away. */
  @Column({ type: 'int' })
  issuerUnitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_accountability_record_unit' })
  unit?: Relation<OrgUnit>;

  @Column({ type: 'int', nullable: true })
  caseId!: number | null;

  @ManyToOne(() => DisciplinaryCase, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'caseId', foreignKeyConstraintName: 'FK_accountability_record_case' })
  case?: Relation<DisciplinaryCase>;

  /** The assessment it answers (诫勉谈话 of a unit ranked at the bottom, seed 001), if any; revisions keep it. */
  @Column({ type: 'int', nullable: true })
  assessmentId!: number | null;

  @ManyToOne(() => Assessment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assessmentId', foreignKeyConstraintName: 'FK_accountability_record_assessment' })
  assessment?: Relation<Assessment>;

  @Field(() => Failure, { description: '问责情形: which responsibility was not carried out' })
  @Column({ type: 'varchar', length: 32 })
  failure!: Failure;

  @Field(() => Measure, { description: '问责方式' })
  @Column({ type: 'varchar', length: 32 })
  measure!: Measure;

  @Field({ description: 'YYYY-MM-DD' })
  @Column({ type: 'date' })
  decidedOn!: string;

  @Field(() => String, { nullable: true, description: '理由 (DISCIPLINE in scope and the official only)' })
  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'int', nullable: true })
  revisionOf!: number | null;

  /** 导入: the import batch that brought this record in from a past year; null when entered live. */
  @Column({ type: 'int', nullable: true })
  importBatchId!: number | null;

  @ManyToOne(() => ImportBatch, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'importBatchId', foreignKeyConstraintName: 'FK_accountability_record_import' })
  importBatch?: Relation<ImportBatch>;

  /** 导入: the row of the batch's file it came from (the header is row 1). */
  @Column({ type: 'int', nullable: true })
  importRow!: number | null;

  @Column({ type: 'int' })
  createdByOfficialId!: number;

  @Field({ description: 'When this revision was recorded (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
