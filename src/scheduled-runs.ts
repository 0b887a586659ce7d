// Scheduled work for a calendar day (the reminders, the light sweep), run once across API
// processes: each job's day is claimed by compare-and-set in scheduled_run. The row is
// created unclaimed if missing (a duplicate insert is ignored), then taken only if nobody
// finished it and nobody's lease runs; a process that died while holding it is taken over
// once its lease ends. Portable SQL: no locks held across statements, no GET_LOCK.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dayOf, notBefore, now } from './clock';
import { ScheduledRun } from './entities';

/** A run holds its day this long; a process that died is taken over afterwards. */
const LEASE_MS = 15 * 60_000;

export interface RunClaim {
  readonly id: number;
  readonly token: string;
}

/**
 * Claims a job's day by compare-and-set: the row is created unclaimed if missing (a
 * duplicate insert is ignored), then taken only if nobody finished it and nobody's lease
 * runs. Null when another process holds it or it is done.
 */
export async function claimRun(db: DataSource, job: string, day: string, leaseMs = LEASE_MS): Promise<RunClaim | null> {
  const at = now();
  await db.createQueryBuilder().insert().into(ScheduledRun).orIgnore()
    .values({ job, day, claimedBy: '', claimedUntil: new Date(0), startedAt: null, finishedAt: null }).updateEntity(false).execute();
  const token = randomUUID();
  const taken = await db.createQueryBuilder().update(ScheduledRun)
    .set({ claimedBy: token, claimedUntil: notBefore(at.getTime() + leaseMs), startedAt: at })
    .where('job = :job AND day = :day AND finishedAt IS NULL AND claimedUntil < :at', { job, day, at }).execute();
  if (!taken.affected) return null;
  const row = await db.getRepository(ScheduledRun).findOneByOrFail({ job, day });
  return row.claimedBy === token ? { id: row.id, token } : null;
}

/** The day is done (only by the holder of the claim). */
export async function finishRun(db: DataSource, claim: RunClaim): Promise<void> {
  await db.createQueryBuilder().update(ScheduledRun).set({ finishedAt: now() })
    .where('id = :id AND claimedBy = :token', { id: claim.id, token: claim.token }).execute();
}

/** A failed run lets go at once, so the next check (of any process) runs the day again. */
export async function releaseRun(db: DataSource, claim: RunClaim): Promise<void> {
  await db.createQueryBuilder().update(ScheduledRun).set({ claimedUntil: new Date(0) })
    .where('id = :id AND claimedBy = :token AND finishedAt IS NULL', { id: claim.id, token: claim.token }).execute();
}

/** The last finished run before the day: what it covered need not be looked at again. */
export async function lastFinished(db: DataSource, job: string, day: string): Promise<{ day: string; startedAt: Date | null } | null> {
  const row = await db.getRepository(ScheduledRun).createQueryBuilder('s')
    .where('s.job = :job AND s.day < :day AND s.finishedAt IS NOT NULL', { job, day })
    .orderBy('s.day', 'DESC').limit(1).getOne();
  return row && { day: dayOf(row.day), startedAt: row.startedAt };
}

/**
 * Runs `work` for the job's day unless another process holds or finished it: the day is
 * finished when `work` resolves, let go at once when it throws (the next check, of any
 * process, runs it again). Returns work's result, or null when it was not this process's turn.
 */
export async function runOnce<T>(db: DataSource, job: string, day: string, work: () => Promise<T>, leaseMs = LEASE_MS): Promise<T | null> {
  const claim = await claimRun(db, job, day, leaseMs);
  if (!claim) return null;
  let result: T;
  try {
    result = await work();
  } catch (err) {
    await releaseRun(db, claim).catch(() => undefined);
    throw err;
  }
  await finishRun(db, claim);
  return result;
}
