// Notifications (issue 12): reminders and urging events per official, unique per
// (official, reminder key); the webhook outbox, one delivery per notification; and the
// claim of a scheduled job's day (compare-and-set, so one process runs it).
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { asciiColumn, createTable, dateColumn, datetimeColumn, idColumn, index, intColumn, textColumn } from './portable';

export class Notifications1767225600011 implements MigrationInterface {
  name = 'Notifications1767225600011';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'notification', [
      idColumn(qr), intColumn(qr, 'cityId'), intColumn(qr, 'officialId'), asciiColumn(qr, 'kind', 32), asciiColumn(qr, 'subjectType', 40),
      intColumn(qr, 'subjectId'), asciiColumn(qr, 'reminderKey', 120), dateColumn('dueOn', true), intColumn(qr, 'offsetDays', true),
      textColumn(qr, 'title', 200), textColumn(qr, 'body', 1000), datetimeColumn('createdAt'), datetimeColumn('readAt', true),
    ], [
      index('UQ_notification_official_key', ['officialId', 'reminderKey'], true),
      index('IDX_notification_official_read', ['officialId', 'readAt']),
    ]);
    await createTable(qr, 'notification_delivery', [
      idColumn(qr), intColumn(qr, 'cityId'), intColumn(qr, 'notificationId'), asciiColumn(qr, 'status', 16), intColumn(qr, 'attempts'),
      datetimeColumn('nextAttemptAt'), datetimeColumn('claimedUntil', true), asciiColumn(qr, 'claimToken', 36, true),
      textColumn(qr, 'lastError', 200, true), datetimeColumn('deliveredAt', true), datetimeColumn('createdAt'),
    ], [
      index('UQ_notification_delivery_notification', ['notificationId'], true),
      index('IDX_notification_delivery_due', ['status', 'nextAttemptAt']),
      index('IDX_notification_delivery_city', ['cityId', 'status', 'id']),
    ]);
    await createTable(qr, 'scheduled_run', [
      idColumn(qr), asciiColumn(qr, 'job', 40), dateColumn('day'), asciiColumn(qr, 'claimedBy', 36), datetimeColumn('claimedUntil'),
      datetimeColumn('startedAt', true), datetimeColumn('finishedAt', true),
    ], [index('UQ_scheduled_run_job_day', ['job', 'day'], true)]);
    // The reminders' daily read of open tasks by their next milestone, per city.
    await qr.createIndex('task', index('IDX_task_city_next_due', ['cityId', 'nextDueOn']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('task', 'IDX_task_city_next_due');
    await qr.dropTable('scheduled_run');
    await qr.dropTable('notification_delivery');
    await qr.dropTable('notification');
  }
}
