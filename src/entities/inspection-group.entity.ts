// 巡察组: a group of INSPECTOR posts assigned to some of a round's targets.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { Inspection } from './inspection.entity';

@Entity('inspection_group')
@Index('IDX_inspection_group_inspection', ['inspectionId'])
@ObjectType({ implements: Node, description: '巡察组 A group of an inspection round' })
export class InspectionGroup extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  inspectionId!: number;

  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inspectionId', foreignKeyConstraintName: 'FK_inspection_group_inspection' })
  inspection?: Relation<Inspection>;

  @Field({ description: '名称, e.g. 第一巡察组' })
  @Column({ type: 'varchar', length: 100 })
  name!: string;
}
