// 防控措施 of a risk point, with the post responsible for it.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { RiskPoint } from './risk-point.entity';

@Entity('control_measure')
@Index('IDX_control_measure_risk_point', ['riskPointId'])
@ObjectType({ implements: Node, description: '防控措施 A control measure of a risk point' })
export class ControlMeasure extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  riskPointId!: number;

  @ManyToOne(() => RiskPoint, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'riskPointId', foreignKeyConstraintName: 'FK_control_measure_risk_point' })
  riskPoint?: Relation<RiskPoint>;

  @Field({ description: '措施内容' })
  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'int', nullable: true })
  ownerPostId!: number | null;

  @Field({ description: 'When it was added (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
