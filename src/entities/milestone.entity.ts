// 时间节点: by `dueOn` the task should have reached `targetPercent`.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { Task } from './task.entity';

@Entity('milestone')
@Index('IDX_milestone_task_due', ['taskId', 'dueOn'])
@ObjectType({ implements: Node, description: '时间节点 A milestone of a key task' })
export class Milestone extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  taskId!: number;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'taskId', foreignKeyConstraintName: 'FK_milestone_task' })
  task?: Relation<Task>;

  @Field({ description: '节点名称' })
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @Column({ type: 'date' })
  dueOn!: string;

  @Field(() => Int, { description: 'Progress (percent) the task should reach by dueOn' })
  @Column({ type: 'int' })
  targetPercent!: number;
}
