// 意见建议 given to an inspected unit.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { InspectionTarget } from './inspection-target.entity';

@Entity('inspection_suggestion')
@Index('IDX_inspection_suggestion_target', ['targetId'])
@ObjectType({ implements: Node, description: '整改意见建议 A suggestion to an inspected unit' })
export class InspectionSuggestion extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  targetId!: number;

  @ManyToOne(() => InspectionTarget, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'targetId', foreignKeyConstraintName: 'FK_inspection_suggestion_target' })
  target?: Relation<InspectionTarget>;

  @Field({ description: '整改意见建议' })
  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'int' })
  createdByOfficialId!: number;

  @Field({ description: 'When it was given (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
