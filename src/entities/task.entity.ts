// 重点任务: a unit's key task for a year, led by a post of the unit. `percent`,
// `dueOn` and `nextDueOn` are kept in step with progress and milestones inside the
// same transaction, so the light and "overdue" are plain indexed conditions in SQL.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { TaskStatus, Visibility } from '../schema/enums';
import { Node } from '../schema/node';
import { ImportBatch } from './import-batch.entity';
import { Domain } from './domain.entity';
import { OrgUnit } from './org-unit.entity';
import { Post } from './post.entity';

/** nextDueOn when no milestone is open: sorts last and never lights up. */
export const NO_OPEN_MILESTONE = '9999-12-31';

@Entity('task')
// A unit's page of a year, cut and counted on the index alone (task-pages.ts).
@Index('IDX_task_unit_page', ['unitId', 'year', 'nextDueOn', 'status', 'visibility', 'cityId'])
@Index('IDX_task_city_year', ['cityId', 'year', 'status'])
// The reminders' daily read: open tasks of a city by their next milestone (src/reminders.ts).
@Index('IDX_task_city_next_due', ['cityId', 'nextDueOn'])
@Index('IDX_task_leader', ['leaderPostId'])
@Index('IDX_task_domain', ['domainId'])
@Index('IDX_task_import', ['importBatchId'])
@Index('IDX_task_visibility', ['visibility', 'year'])
@ObjectType({ implements: Node, description: '重点任务 A key task' })
export class Task extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_task_unit' })
  unit?: Relation<OrgUnit>;

  @Field(() => Int, { description: '年度 The year the task is for' })
  @Column({ type: 'int' })
  year!: number;

  @Field({ description: '任务名称' })
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'int' })
  domainId!: number;

  @ManyToOne(() => Domain, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'domainId', foreignKeyConstraintName: 'FK_task_domain' })
  domain?: Relation<Domain>;

  /** The responsible leader's post (责任领导), a SECRETARY or TEAM_MEMBER post of the unit. */
  @Column({ type: 'int' })
  leaderPostId!: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'leaderPostId', foreignKeyConstraintName: 'FK_task_leader_post' })
  leaderPost?: Relation<Post>;

  @Field({ description: '牵头科室' })
  @Column({ type: 'varchar', length: 100 })
  leadOffice!: string;

  @Field({ description: '工作目标' })
  @Column({ type: 'text' })
  goal!: string;

  @Field({ description: '具体举措' })
  @Column({ type: 'text' })
  measures!: string;

  @Field(() => Visibility, { description: '公开范围: PUBLIC tasks are read by every signed-in user, INTERNAL ones by posts in scope' })
  @Column({ type: 'varchar', length: 16 })
  visibility!: Visibility;

  @Field(() => TaskStatus, { description: '任务状态' })
  @Column({ type: 'varchar', length: 24 })
  status!: TaskStatus;

  @Field(() => Int, { description: 'Progress in percent, from the latest progress update' })
  @Column({ type: 'int' })
  percent!: number;

  @Field({ description: 'Due date of the last milestone (YYYY-MM-DD)' })
  @Column({ type: 'date' })
  dueOn!: string;

  /** Due date of the earliest milestone not yet reached, or NO_OPEN_MILESTONE. */
  @Column({ type: 'date' })
  nextDueOn!: string;

  @Field(() => Date, { nullable: true, description: 'When the closure (销号) was confirmed' })
  @Column({ type: 'datetime', nullable: true })
  closedAt!: Date | null;

  /** 导入: the import batch that brought this record in from a past year; null when entered live. */
  @Column({ type: 'int', nullable: true })
  importBatchId!: number | null;

  @ManyToOne(() => ImportBatch, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'importBatchId', foreignKeyConstraintName: 'FK_task_import' })
  importBatch?: Relation<ImportBatch>;

  /** 导入: the row of the batch's file it came from (the header is row 1). */
  @Column({ type: 'int', nullable: true })
  importRow!: number | null;

  @Column({ type: 'int' })
  createdByOfficialId!: number;

  @Field({ description: 'When the task was created (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  @Field({ description: 'Last change to the plan, progress or status (server time)' })
  @Column({ type: 'datetime' })
  updatedAt!: Date;
}
