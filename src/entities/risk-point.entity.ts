// 廉政风险点 (Wuhan): a unit's risk in an area, with control measures.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RiskLevel } from '../schema/enums';
import { Node } from '../schema/node';
import { OrgUnit } from './org-unit.entity';

@Entity('risk_point')
@Index('IDX_risk_point_city_unit', ['cityId', 'unitId'])
@Index('IDX_risk_point_unit', ['unitId'])
@ObjectType({ implements: Node, description: '廉政风险点 An integrity risk point of a unit' })
export class RiskPoint extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_risk_point_unit' })
  unit?: Relation<OrgUnit>;

  @Column({ type: 'int', nullable: true })
  domainId!: number | null;

  @Field({ description: '岗位或环节' })
  @Column({ type: 'varchar', length: 100 })
  area!: string;

  @Field({ description: '风险描述' })
  @Column({ type: 'text' })
  description!: string;

  @Field(() => RiskLevel, { description: '风险等级' })
  @Column({ type: 'varchar', length: 8 })
  level!: RiskLevel;

  @Field({ description: 'When it was recorded (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
