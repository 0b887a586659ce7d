// A unit inspected in a round, by one group; feedback goes to both its committee and
// its principal (双反馈).
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { Inspection } from './inspection.entity';
import { InspectionGroup } from './inspection-group.entity';
import { OrgUnit } from './org-unit.entity';

@Entity('inspection_target')
@Index('IDX_inspection_target_unit', ['inspectionId', 'unitId'], { unique: true })
@Index('IDX_inspection_target_target', ['unitId'])
@Index('IDX_inspection_target_group', ['groupId'])
@ObjectType({ implements: Node, description: '巡察对象 A unit inspected in a round, with its feedback' })
export class InspectionTarget extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  inspectionId!: number;

  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inspectionId', foreignKeyConstraintName: 'FK_inspection_target_inspection' })
  inspection?: Relation<Inspection>;

  @Column({ type: 'int' })
  groupId!: number;

  @ManyToOne(() => InspectionGroup, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'groupId', foreignKeyConstraintName: 'FK_inspection_target_group' })
  group?: Relation<InspectionGroup>;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_inspection_target_unit' })
  unit?: Relation<OrgUnit>;

  @Field(() => String, { nullable: true, description: '反馈意见' })
  @Column({ type: 'text', nullable: true })
  feedback!: string | null;

  @Field(() => Date, { nullable: true, description: '反馈党组织' })
  @Column({ type: 'datetime', nullable: true })
  feedbackToCommitteeAt!: Date | null;

  @Field(() => Date, { nullable: true, description: '反馈主要负责人' })
  @Column({ type: 'datetime', nullable: true })
  feedbackToPrincipalAt!: Date | null;
}
