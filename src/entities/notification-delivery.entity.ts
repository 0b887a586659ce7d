// The webhook outbox (src/outbox.ts): one row per notification to deliver outside Zeren,
// claimed by compare-and-set (claimToken, claimedUntil), retried with backoff, DEAD after
// the last attempt. ADMIN reads the status; the payload is rebuilt from the notification.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DeliveryStatus } from '../schema/enums';

@Entity('notification_delivery')
@Index('UQ_notification_delivery_notification', ['notificationId'], { unique: true })
@Index('IDX_notification_delivery_due', ['status', 'nextAttemptAt'])
@Index('IDX_notification_delivery_city', ['cityId', 'status', 'id'])
@ObjectType({ description: '外部推送 The webhook delivery of one notification (ADMIN)' })
export class NotificationDelivery {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  notificationId!: number;

  @Field(() => DeliveryStatus, { description: '推送状态' })
  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far' })
  @Column({ type: 'int' })
  attempts!: number;

  @Field({ description: 'The next attempt is due from then (while PENDING)' })
  @Column({ type: 'datetime' })
  nextAttemptAt!: Date;

  /** A worker holds the row until then (compare-and-set); null when nobody does. */
  @Column({ type: 'datetime', nullable: true })
  claimedUntil!: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  claimToken!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (an HTTP status or a network error; never a secret)' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the receiver answered 2xx' })
  @Column({ type: 'datetime', nullable: true })
  deliveredAt!: Date | null;

  @Field({ description: 'When it was queued' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
