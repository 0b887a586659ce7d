// 销号申请: the responsible leader asks with evidence; the SECRETARY confirms or
// returns it, never the requester. Every request stays, with its decision.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ClosureDecision } from '../schema/enums';
import { Node } from '../schema/node';
import { Task } from './task.entity';

@Entity('task_closure')
@Index('IDX_task_closure_task', ['taskId', 'id'])
@ObjectType({ implements: Node, description: '销号申请 A request to close a task, and its decision' })
export class TaskClosure extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  taskId!: number;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'taskId', foreignKeyConstraintName: 'FK_task_closure_task' })
  task?: Relation<Task>;

  @Field({ description: '完成情况' })
  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'int' })
  requestedByOfficialId!: number;

  @Field({ description: 'Server time' })
  @Column({ type: 'datetime' })
  requestedAt!: Date;

  @Field(() => ClosureDecision, { description: '处理结果: PENDING until the SECRETARY decides' })
  @Column({ type: 'varchar', length: 16 })
  decision!: ClosureDecision;

  @Column({ type: 'int', nullable: true })
  decidedByOfficialId!: number | null;

  @Field(() => Date, { nullable: true, description: 'When it was confirmed or returned (server time); null while pending' })
  @Column({ type: 'datetime', nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was confirmed or returned' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  decisionComment!: string | null;
}
