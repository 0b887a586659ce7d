// Lights change with the calendar too: a task turns YELLOW when its next milestone
// enters the window and RED the day after it is missed, with no write to announce it.
// Once a day, the tasks whose light or overdue flag changes that day are published
// to subscribers like any other change (one indexed-or-scanned query per day).
import type { DataSource } from 'typeorm';
import { addDays, today } from './clock';
import { config } from './config';
import { Task } from './entities';
import { events } from './events';
import { TaskStatus } from './schema/enums';

/** Publishes taskChanged for the tasks whose light or overdue flag changes on `day`; returns how many. */
export async function publishLightChanges(db: DataSource, day: string = today()): Promise<number> {
  const missedYesterday = addDays(day, -1);
  const enteringWindow = addDays(day, config.yellowDays);
  const rows = await db.getRepository(Task).createQueryBuilder('t').select('t.id', 'id')
    .where('t.status <> :closed', { closed: TaskStatus.CLOSED })
    .andWhere('(t.nextDueOn IN (:missedYesterday, :enteringWindow) OR (t.dueOn = :missedYesterday AND t.percent < 100))',
      { missedYesterday, enteringWindow })
    .orderBy('t.id').getRawMany<{ id: number }>();
  for (const { id } of rows) events.publish('taskChanged', { taskId: Number(id) });
  return rows.length;
}

/** Runs the sweep whenever the calendar day changes (checked every few minutes); returns a stopper. */
export function startLightSweep(db: DataSource, onError: (err: unknown) => void, everyMs = 5 * 60_000): () => void {
  let lastDay = today();
  const timer = setInterval(() => {
    const day = today();
    if (day === lastDay) return;
    lastDay = day;
    publishLightChanges(db, day).catch(onError);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
