// 考核: the parent assesses each child once a year; item scores with weights give the
// total (hundredths of a point), a veto (一票否决) makes the grade POOR.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Grade } from '../schema/enums';
import { Node } from '../schema/node';
import { ImportBatch } from './import-batch.entity';
import { OrgUnit } from './org-unit.entity';

@Entity('assessment')
@Index('IDX_assessment_city_unit', ['cityId', 'unitId'])
@Index('IDX_assessment_import', ['importBatchId'])
@Index('IDX_assessment_unit_year', ['unitId', 'year'], { unique: true })
@Index('IDX_assessment_assessor_year', ['assessorUnitId', 'year', 'total'])
@Index('IDX_assessment_city_follow_up', ['cityId', 'followUpDueOn'])
@ObjectType({ implements: Node, description: '考核 The annual assessment of a unit by its parent' })
export class Assessment extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_assessment_unit' })
  unit?: Relation<OrgUnit>;

  @Column({ type: 'int' })
  assessorUnitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assessorUnitId', foreignKeyConstraintName: 'FK_assessment_assessor_unit' })
  assessorUnit?: Relation<OrgUnit>;

  @Field(() => Int, { description: '年度 The year assessed' })
  @Column({ type: 'int' })
  year!: number;

  @Column({ type: 'int' })
  total!: number;

  @Field(() => Grade, { description: '考核等次, from the total (90 and above EXCELLENT, 80 GOOD, 60 FAIR, else POOR); POOR when vetoed' })
  @Column({ type: 'varchar', length: 16 })
  grade!: Grade;

  @Field(() => Boolean, { description: '一票否决' })
  @Column({ type: 'boolean' })
  vetoed!: boolean;

  @Field(() => String, { nullable: true, description: '否决理由; null without a veto' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  vetoReason!: string | null;

  @Field(() => String, { nullable: true, description: '反馈问题' })
  @Column({ type: 'text', nullable: true })
  feedback!: string | null;

  @Field(() => String, { nullable: true, description: '个性化整改要求' })
  @Column({ type: 'text', nullable: true })
  requirements!: string | null;

  @Field(() => String, { nullable: true, description: '跟踪检查 (回头看) due day (YYYY-MM-DD); null while none is scheduled' })
  @Column({ type: 'date', nullable: true })
  followUpDueOn!: string | null;

  @Field(() => String, { nullable: true, description: '跟踪检查日期' })
  @Column({ type: 'date', nullable: true })
  followUpOn!: string | null;

  @Field(() => String, { nullable: true, description: '跟踪检查结果' })
  @Column({ type: 'text', nullable: true })
  followUpResult!: string | null;

  /** 导入: the import batch that brought this record in from a past year; null when entered live. */
  @Column({ type: 'int', nullable: true })
  importBatchId!: number | null;

  @ManyToOne(() => ImportBatch, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'importBatchId', foreignKeyConstraintName: 'FK_assessment_import' })
  importBatch?: Relation<ImportBatch>;

  /** 导入: the row of the batch's file it came from (the header is row 1). */
  @Column({ type: 'int', nullable: true })
  importRow!: number | null;

  @Column({ type: 'int' })
  createdByOfficialId!: number;

  @Field({ description: 'When it was recorded (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  @Field({ description: 'Last rescoring, change or follow-up (server time)' })
  @Column({ type: 'datetime' })
  updatedAt!: Date;
}
