// 进展: posted by the responsible leader with the server's time. Never edited: a
// correction is a new row that names the row it corrects; both stay.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { Task } from './task.entity';

@Entity('progress_update')
@Index('IDX_progress_update_task', ['taskId', 'id'])
@ObjectType({ implements: Node, description: '进展 A progress update (immutable; corrections are new versions)' })
export class ProgressUpdate extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  taskId!: number;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'taskId', foreignKeyConstraintName: 'FK_progress_update_task' })
  task?: Relation<Task>;

  @Field({ description: '进展情况' })
  @Column({ type: 'text' })
  text!: string;

  @Field(() => Int, { description: 'Progress reported, in percent 0-100' })
  @Column({ type: 'int' })
  percent!: number;

  @Column({ type: 'int' })
  authorOfficialId!: number;

  @Field({ description: 'Server time; cannot be set by a client' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  /** The update this one corrects (null for an original update). */
  @Column({ type: 'int', nullable: true })
  correctsId!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the correction was made' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  correctionReason!: string | null;

  /** The due day of the milestone open when this was posted (null when none was open); ProgressUpdate.dueOn. */
  @Column({ type: 'date', nullable: true })
  dueOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The calendar day it was posted on, in the server\'s zone (YYYY-MM-DD)' })
  @Column({ type: 'date', nullable: true })
  postedOn!: string | null;

}
