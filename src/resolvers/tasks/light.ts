// The light of a key task (domain.md section 5): computed from the milestones, the
// progress and today, never typed in. A milestone is reached when the task's percent
// has reached its target; RED once an open milestone is past due, YELLOW within the
// configured window before it, GREEN otherwise and for closed tasks. The same rule is
// written once in SQL (for filters and counts) and once in TypeScript (for a row).
import { Brackets } from 'typeorm';
import { addDays } from '../../clock';
import { NO_OPEN_MILESTONE } from '../../entities/task.entity';
import { Light, TaskStatus } from '../../schema/enums';

export interface MilestonePlan {
  readonly dueOn: string;
  readonly targetPercent: number;
}

/** Due date of the earliest milestone the percent has not reached. */
export const nextDueOn = (milestones: readonly MilestonePlan[], percent: number): string =>
  milestones.filter((m) => m.targetPercent > percent).map((m) => m.dueOn).sort()[0] ?? NO_OPEN_MILESTONE;

/** nextDueOn as SQL in an UPDATE of the task (its city and id), for a percent given as a parameter (?). */
export const nextDueOnSql = (): string =>
  `COALESCE((SELECT MIN(m.dueOn) FROM milestone m WHERE m.cityId = task.cityId AND m.taskId = task.id AND m.targetPercent > ?), '${NO_OPEN_MILESTONE}')`;

/** The final due date: the last milestone's. */
export const finalDueOn = (milestones: readonly MilestonePlan[]): string => milestones.map((m) => m.dueOn).sort().at(-1)!;

export function lightOf(task: { status: TaskStatus; nextDueOn: string }, today: string, yellowDays: number): Light {
  if (task.status === TaskStatus.CLOSED) return Light.GREEN;
  if (task.nextDueOn < today) return Light.RED;
  if (task.nextDueOn <= addDays(today, yellowDays)) return Light.YELLOW;
  return Light.GREEN;
}

/**
 * Past its final due date and not finished (below 100 percent; the last milestone is
 * always at 100), so an overdue task is always RED. A finished task awaiting closure is not overdue.
 */
export const isOverdue = (task: { status: TaskStatus; dueOn: string; percent: number }, today: string): boolean =>
  task.status !== TaskStatus.CLOSED && task.percent < 100 && task.dueOn < today;

/** lightOf as a SQL condition on a task alias. */
export function lightCondition(alias: string, light: Light, today: string, yellowDays: number): Brackets {
  const open = `${alias}.status <> '${TaskStatus.CLOSED}'`;
  const params = { lightToday: today, lightYellowUntil: addDays(today, yellowDays) };
  return new Brackets((w) => {
    if (light === Light.RED) w.where(`${open} AND ${alias}.nextDueOn < :lightToday`, params);
    else if (light === Light.YELLOW) w.where(`${open} AND ${alias}.nextDueOn >= :lightToday AND ${alias}.nextDueOn <= :lightYellowUntil`, params);
    else w.where(`(${alias}.status = '${TaskStatus.CLOSED}' OR ${alias}.nextDueOn > :lightYellowUntil)`, params);
  });
}

/** isOverdue (or its negation) as a SQL condition. */
export const overdueCondition = (alias: string, overdue: boolean): string =>
  overdue
    ? `(${alias}.status <> '${TaskStatus.CLOSED}' AND ${alias}.percent < 100 AND ${alias}.dueOn < :overdueToday)`
    : `(${alias}.status = '${TaskStatus.CLOSED}' OR ${alias}.percent >= 100 OR ${alias}.dueOn >= :overdueToday)`;
