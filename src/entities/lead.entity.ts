// 问题线索: from an INFORMANT or an INSPECTOR to the discipline office above; never
// visible to the official it concerns.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { LeadStatus } from '../schema/enums';
import { Node } from '../schema/node';
import { InspectionTarget } from './inspection-target.entity';
import { Inspection } from './inspection.entity';
import { OrgUnit } from './org-unit.entity';

@Entity('lead')
@Index('IDX_lead_city_to_unit', ['cityId', 'toUnitId'])
@Index('IDX_lead_unit', ['unitId'])
@Index('IDX_lead_to_unit', ['toUnitId'])
@Index('IDX_lead_concerned', ['concernedOfficialId'])
@Index('IDX_lead_submitter', ['submittedByOfficialId'])
@Index('IDX_lead_inspection', ['inspectionId', 'status'])
@Index('IDX_lead_target', ['targetId'])
@ObjectType({ implements: Node, description: '问题线索 A lead reported to the discipline office above' })
export class Lead extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_lead_unit' })
  unit?: Relation<OrgUnit>;

  @Column({ type: 'int' })
  toUnitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'toUnitId', foreignKeyConstraintName: 'FK_lead_to_unit' })
  toUnit?: Relation<OrgUnit>;

  @Column({ type: 'int', nullable: true })
  concernedOfficialId!: number | null;

  @Column({ type: 'int' })
  submittedByOfficialId!: number;

  /** The round an INSPECTOR reported it from (null for an informant's lead). */
  @Column({ type: 'int', nullable: true })
  inspectionId!: number | null;

  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inspectionId', foreignKeyConstraintName: 'FK_lead_inspection' })
  inspection?: Relation<Inspection>;

  /** The target of that round (the unit inspected); null for leads before migration 017 or from informants. */
  @Column({ type: 'int', nullable: true })
  targetId!: number | null;

  @ManyToOne(() => InspectionTarget, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'targetId', foreignKeyConstraintName: 'FK_lead_target' })
  target?: Relation<InspectionTarget>;

  // Nullable in GraphQL: the submitter sees the status only (null + FORBIDDEN here).
  @Field(() => String, { nullable: true, description: '线索内容 (DISCIPLINE in scope only)' })
  @Column({ type: 'text' })
  content!: string;

  @Field(() => LeadStatus, { description: '线索状态 (the submitter reads this too)' })
  @Column({ type: 'varchar', length: 16 })
  status!: LeadStatus;

  @Column({ type: 'int', nullable: true })
  caseId!: number | null;

  @Field({ description: 'When it was submitted (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  @Field({ description: 'Last change of status (server time)' })
  @Column({ type: 'datetime' })
  updatedAt!: Date;
}
