// 问题: found by an inspection, a notice, daily supervision or a case; closed through
// its rectification items.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Severity, SupervisionSource } from '../schema/enums';
import { Node } from '../schema/node';
import { DisciplinaryCase } from './disciplinary-case.entity';
import { Domain } from './domain.entity';
import { Inspection } from './inspection.entity';
import { Notice } from './notice.entity';
import { OrgUnit } from './org-unit.entity';

@Entity('problem')
@Index('IDX_problem_unit', ['unitId'])
@Index('IDX_problem_city_created', ['cityId', 'createdAt'])
@Index('IDX_problem_inspection', ['inspectionId'])
@Index('IDX_problem_notice', ['noticeId'])
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

  @Column({ type: 'int', nullable: true })
  caseId!: number | null;

  @ManyToOne(() => DisciplinaryCase, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'caseId', foreignKeyConstraintName: 'FK_problem_case' })
  case?: Relation<DisciplinaryCase>;

  @Column({ type: 'int' })
  createdByOfficialId!: number;

  @Field({ description: 'When it was recorded (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
