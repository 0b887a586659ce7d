// 佐证材料: attached to a progress update or a closure request, with the server's
// time; never edited or removed.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { Task } from './task.entity';

@Entity('evidence')
@Index('IDX_evidence_task', ['taskId'])
@Index('IDX_evidence_progress', ['progressUpdateId'])
@Index('IDX_evidence_closure', ['closureId'])
@Index('IDX_evidence_file', ['fileId'])
@ObjectType({ implements: Node, description: '佐证材料 A piece of evidence' })
export class Evidence extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  taskId!: number;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'taskId', foreignKeyConstraintName: 'FK_evidence_task' })
  task?: Relation<Task>;

  @Column({ type: 'int', nullable: true })
  progressUpdateId!: number | null;

  @Column({ type: 'int', nullable: true })
  closureId!: number | null;

  @Field({ description: '材料名称' })
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Where it is kept: a document number or an intranet link' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reference!: string | null;

  /** An uploaded file (StoredFile), besides or instead of the reference. */
  @Column({ type: 'int', nullable: true })
  fileId!: number | null;

  @Column({ type: 'int' })
  addedByOfficialId!: number;

  @Field({ description: 'Server time' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
