// A weighted item: score 0-100 in hundredths, weight in percent.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { Assessment } from './assessment.entity';

@Entity('assessment_item')
@Index('IDX_assessment_item_assessment', ['assessmentId', 'position'])
@ObjectType({ implements: Node, description: '考核项目 A weighted item of an assessment' })
export class AssessmentItem extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  assessmentId!: number;

  @ManyToOne(() => Assessment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assessmentId', foreignKeyConstraintName: 'FK_assessment_item_assessment' })
  assessment?: Relation<Assessment>;

  @Field(() => Int, { description: 'Order in the assessment, from 1' })
  @Column({ type: 'int' })
  position!: number;

  @Field({ description: '项目名称, e.g. 主体责任落实' })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Field(() => Int, { description: 'Percent of the total' })
  @Column({ type: 'int' })
  weight!: number;

  @Column({ type: 'int' })
  score!: number;
}
