// 问题: found by an inspection, a notice, daily supervision or a case; closed through
// its rectification items.
import { Field, ObjectType } from 'type-graphql';
import {
  Column, Entity, EventSubscriber, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type EntitySubscriberInterface, type InsertEvent, type Relation,
} from 'typeorm';
import { today } from '../clock';
import { Severity, SupervisionSource } from '../schema/enums';
import { Node } from '../schema/node';
import { ImportBatch } from './import-batch.entity';
import { DisciplinaryCase } from './disciplinary-case.entity';
import { Domain } from './domain.entity';
import { Inspection } from './inspection.entity';
import { Notice } from './notice.entity';
import { OrgUnit } from './org-unit.entity';

@Entity('problem')
@Index('IDX_problem_unit', ['unitId'])
@Index('IDX_problem_import', ['importBatchId'])
@Index('IDX_problem_city_created', ['cityId', 'createdAt'])
@Index('IDX_problem_unit_found', ['cityId', 'unitId', 'foundOn'])
@Index('IDX_problem_inspection', ['inspectionId'])
@Index('IDX_problem_notice', ['noticeId'])
@Index('IDX_problem_notice_category', ['noticeId', 'category'])
@ObjectType({ implements: Node, description: '问题 A problem found, with its rectification items' })
export class Problem extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_problem_unit' })
  unit?: Relation<OrgUnit>;

  @Column({ type: 'int' })
  domainId!: number;

  @ManyToOne(() => Domain, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'domainId', foreignKeyConstraintName: 'FK_problem_domain' })
  domain?: Relation<Domain>;

  @Field(() => SupervisionSource, { description: '问题来源' })
  @Column({ type: 'varchar', length: 24 })
  source!: SupervisionSource;

  @Field(() => Severity, { description: '严重程度' })
  @Column({ type: 'varchar', length: 16 })
  severity!: Severity;

  @Field({ description: '问题描述' })
  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'int', nullable: true })
  inspectionId!: number | null;

  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inspectionId', foreignKeyConstraintName: 'FK_problem_inspection' })
  inspection?: Relation<Inspection>;

  @Column({ type: 'int', nullable: true })
  noticeId!: number | null;

  @ManyToOne(() => Notice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'noticeId', foreignKeyConstraintName: 'FK_problem_notice' })
  notice?: Relation<Notice>;

  @Field(() => String, { nullable: true, description: '问题类别: the label a notice groups its problems under (e.g. 清产核资不精准); null outside notices' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  category!: string | null;

  @Field(() => String, { nullable: true, description: '整改情况: the recipient\'s answer to this problem in the written rectification report of its notice; null before the report' })
  @Column({ type: 'text', nullable: true })
  answer!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the answer came in with the report (server time); a later report after a reopening replaces it' })
  @Column({ type: 'datetime', nullable: true })
  answeredAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  caseId!: number | null;

  @ManyToOne(() => DisciplinaryCase, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'caseId', foreignKeyConstraintName: 'FK_problem_case' })
  case?: Relation<DisciplinaryCase>;

  /**
   * 发现日期: an imported problem's from its file; a live one's the day it is recorded
   * (ProblemFoundOnSubscriber); a notice's problems' the day the notice is issued (null before).
   */
  @Column({ type: 'date', nullable: true })
  foundOn!: string | null;

  /** 导入: the import batch that brought this record in from a past year; null when entered live. */
  @Column({ type: 'int', nullable: true })
  importBatchId!: number | null;

  @ManyToOne(() => ImportBatch, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'importBatchId', foreignKeyConstraintName: 'FK_problem_import' })
  importBatch?: Relation<ImportBatch>;

  /** 导入: the row of the batch's file it came from (the header is row 1). */
  @Column({ type: 'int', nullable: true })
  importRow!: number | null;

  @Column({ type: 'int' })
  createdByOfficialId!: number;

  @Field({ description: 'When it was recorded (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}

/**
 * A problem entered live was found the day it is recorded (in the configured zone): every
 * insert that says nothing of its found day gets that one, so the portrait counts problems by
 * foundOn alone. (Imports give theirs; a draft notice's problems give null, until its issue.)
 */
@EventSubscriber()
export class ProblemFoundOnSubscriber implements EntitySubscriberInterface<Problem> {
  listenTo(): Function {
    return Problem;
  }

  beforeInsert(event: InsertEvent<Problem>): void {
    const row = event.entity as Partial<Problem> | undefined;
    if (row && row.foundOn === undefined) row.foundOn = today(row.createdAt instanceof Date ? row.createdAt : new Date());
  }
}
