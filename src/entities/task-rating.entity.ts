// 季度评价: the unit's DISCIPLINE post rates a task once per quarter. A snapshot:
// the light given, the computed light and the percent at that moment are stored.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Light } from '../schema/enums';
import { Node } from '../schema/node';
import { Task } from './task.entity';

@Entity('task_rating')
@Index('IDX_task_rating_task_quarter', ['taskId', 'year', 'quarter'], { unique: true })
@ObjectType({ implements: Node, description: '季度亮灯评价 A quarterly rating of a task (snapshot)' })
export class TaskRating extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  taskId!: number;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'taskId', foreignKeyConstraintName: 'FK_task_rating_task' })
  task?: Relation<Task>;

  @Field(() => Int, { description: 'The task\'s year (the quarter is of this year)' })
  @Column({ type: 'int' })
  year!: number;

  @Field(() => Int, { description: '1 to 4' })
  @Column({ type: 'int' })
  quarter!: number;

  @Field(() => Light, { description: 'The light given by the rater' })
  @Column({ type: 'varchar', length: 8 })
  light!: Light;

  @Field(() => Light, { description: 'The light the milestones showed when rated' })
  @Column({ type: 'varchar', length: 8 })
  computedLight!: Light;

  @Field(() => Int, { description: 'The task\'s percent when rated' })
  @Column({ type: 'int' })
  percent!: number;

  // Nullable: a reader without the right gets null and a FORBIDDEN error here, not a vanished rating.
  @Field({ nullable: true, description: '评价意见 (DISCIPLINE in scope, the unit\'s SECRETARY and the responsible leader only)' })
  @Column({ type: 'text' })
  comment!: string;

  @Column({ type: 'int' })
  ratedByOfficialId!: number;

  @Field({ description: 'When the rating was recorded (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
