// One transition of a notice, with who made it and when (append-only).
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { NoticeState } from '../schema/enums';
import { Node } from '../schema/node';
import { Notice } from './notice.entity';

@Entity('notice_event')
@Index('IDX_notice_event_notice', ['noticeId', 'id'])
@ObjectType({ implements: Node, description: 'A step of a notice\'s life cycle' })
export class NoticeEvent extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  noticeId!: number;

  @ManyToOne(() => Notice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'noticeId', foreignKeyConstraintName: 'FK_notice_event_notice' })
  notice?: Relation<Notice>;

  @Field(() => NoticeState, { nullable: true, description: 'The state before the step; null for the drafting' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  fromState!: NoticeState | null;

  @Field(() => NoticeState, { description: 'The state after the step' })
  @Column({ type: 'varchar', length: 20 })
  toState!: NoticeState;

  @Column({ type: 'int' })
  actorOfficialId!: number;

  @Field({ description: 'Server time' })
  @Column({ type: 'datetime' })
  at!: Date;

  @Field(() => String, { nullable: true, description: 'The comment given with the step (the reason when returned or reopened); null when none and for a report (see Notice.report)' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment!: string | null;
}
