// A notification (通知) to one official: a reminder before or after a deadline, or an
// urging made or answered. Created exactly once per record, due day, offset and recipient:
// the unique (officialId, reminderKey) refuses a second row whatever process writes it.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NotificationKind } from '../schema/enums';
import { Node } from '../schema/node';

@Entity('notification')
@Index('UQ_notification_official_key', ['officialId', 'reminderKey'], { unique: true })
@Index('IDX_notification_official_read', ['officialId', 'readAt'])
@ObjectType({ implements: Node, description: '通知 A notification to you: a reminder of a deadline, or an urging made or answered' })
export class Notification extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  /** The recipient; only they read it. */
  @Column({ type: 'int' })
  officialId!: number;

  @Field(() => NotificationKind, { description: '通知类别' })
  @Column({ type: 'varchar', length: 32 })
  kind!: NotificationKind;

  /** The record's node type (Task, Notice, RectificationItem, Report, Urging). */
  @Column({ type: 'varchar', length: 40 })
  subjectType!: string;

  @Column({ type: 'int' })
  subjectId!: number;

  /** What makes it unique for its recipient: kind, record, due day and offset (or the event). */
  @Column({ type: 'varchar', length: 120 })
  reminderKey!: string;

  @Field(() => String, { nullable: true, description: 'The deadline it is about (YYYY-MM-DD), if any' })
  @Column({ type: 'date', nullable: true })
  dueOn!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The reminder\'s place in the schedule, in days from the due day: -10, -5, -1 before it, 1 the day it is overdue, 8, 15, … weekly after; null for an event (an urging made or answered)',
  })
  @Column({ type: 'int', nullable: true })
  offsetDays!: number | null;

  @Field({ description: '标题' })
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field({ description: '正文' })
  @Column({ type: 'varchar', length: 1000 })
  body!: string;

  @Field({ description: 'Server time it was created' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When you marked it read; null while unread' })
  @Column({ type: 'datetime', nullable: true })
  readAt!: Date | null;

  @Field({ description: 'Unread (readAt is null)' })
  get unread(): boolean {
    return this.readAt === null;
  }
}
