// Lights change with the calendar too: a task turns YELLOW when its next milestone
// enters the window and RED the day after it is missed, with no write to announce it.
// Once a day, the tasks whose light or overdue flag changes that day are published
// to subscribers like any other change (one indexed-or-scanned query per day), by one
// API process of several (the day is claimed in scheduled_run, src/scheduled-runs.ts).
import type { DataSource } from 'typeorm';
import { addDays, today } from './clock';
import { config } from './config';
import { Task } from './entities';
import { events } from './events';
import { ALL_CITIES } from './data-source';
import { runOnce } from './scheduled-runs';
import { TaskStatus } from './schema/enums';

/** Publishes taskChanged for the tasks whose light or overdue flag changes on `day`; returns how many. */
export async function publishLightChanges(db: DataSource, day: string = today()): Promise<number> {
  const missedYesterday = addDays(day, -1);
  const enteringWindow = addDays(day, config.yellowDays);
  // Every city's tasks (a per-shard job on a sharded engine): a declared scan.
  const rows = await db.getRepository(Task).createQueryBuilder('t').comment(ALL_CITIES).select('t.id', 'id')
    .where('t.status <> :closed', { closed: TaskStatus.CLOSED })
    .andWhere('(t.nextDueOn IN (:missedYesterday, :enteringWindow) OR (t.dueOn = :missedYesterday AND t.percent < 100))',
      { missedYesterday, enteringWindow })
    .orderBy('t.id').getRawMany<{ id: number }>();
  for (const { id } of rows) events.publish('taskChanged', { taskId: Number(id) });
  return rows.length;
}

/** The day's sweep, unless another process ran it or runs it now: how many were published, or null. */
export const sweepLightsOnce = (db: DataSource, day: string = today()): Promise<number | null> =>
  runOnce(db, 'light-sweep', day, () => publishLightChanges(db, day));

/**
 * Checks every few minutes (and soon after start) whether today's sweep has run anywhere,
 * and runs it if not; returns a stopper. A restart after midnight catches the day up.
 */
export function startLightSweep(db: DataSource, onError: (err: unknown) => void, everyMs = Math.min(5 * 60_000, config.schedulerCheckMs)): () => void {
  let done = '';
  let running = false;
  const check = (): void => {
    const day = today();
    if (day === done || running) return;
    running = true;
    sweepLightsOnce(db, day)
      .then((published) => { if (published !== null) done = day; }, onError)
      .finally(() => { running = false; });
  };
  const first = setTimeout(check, Math.min(30_000, everyMs));
  const timer = setInterval(check, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
