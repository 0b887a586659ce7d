// A scheduled job's run for one calendar day (the reminders): claimed by compare-and-set in
// the database, so of several API processes one runs it; a claim that outlives claimedUntil
// (a process that died) is taken over, and finishedAt marks the day done.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('scheduled_run')
@Index('UQ_scheduled_run_job_day', ['job', 'day'], { unique: true })
export class ScheduledRun {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 40 })
  job!: string;

  @Column({ type: 'date' })
  day!: string;

  @Column({ type: 'varchar', length: 36 })
  claimedBy!: string;

  @Column({ type: 'datetime' })
  claimedUntil!: Date;

  /** When the run that finished the day began: records changed since then are looked at again by the next day's run. */
  @Column({ type: 'datetime', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'datetime', nullable: true })
  finishedAt!: Date | null;
}
