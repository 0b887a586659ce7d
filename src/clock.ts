// Server time and the calendar day in the configured zone. Every timestamp a
// record carries comes from here, never from a client.
import { config } from './config';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
});

export const now = (): Date => new Date();

// The day is asked for every task of a list (its light): formatted once per second.
let lastDay = { second: NaN, day: '' };

/** Today as YYYY-MM-DD in the configured zone. */
export function today(at?: Date): string {
  const ms = at ? at.getTime() : Date.now();
  const second = Math.floor(ms / 1000);
  if (second !== lastDay.second) lastDay = { second, day: dayFormat.format(at ?? new Date(ms)) };
  return lastDay.day;
}

let lastSum = { day: '', n: NaN, result: '' };

/**
 * The earliest day a record entered live may be dated (a decision day, a task's or an
 * assessment's year): 1 January of last year. Older records are the past, which enters
 * only through a city's historical import (src/resolvers/imports), marked as imported.
 */
export const liveFloor = (): string => `${Number(today().slice(0, 4)) - 1}-01-01`;

/** A calendar day plus n days (YYYY-MM-DD arithmetic in UTC, so no zone shifts). */
export function addDays(day: string, n: number): string {
  if (day === lastSum.day && n === lastSum.n) return lastSum.result;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  lastSum = { day, n, result: d.toISOString().slice(0, 10) };
  return lastSum.result;
}

/** Whole days from day a to day b (YYYY-MM-DD; negative when b is earlier). */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** A DATE column's raw value as YYYY-MM-DD (drivers give a string, or a Date where not configured to). */
export const dayOf = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

/** The quarter (1-4) of a YYYY-MM-DD day. */
export const quarterOf = (day: string): number => Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;

/** Is YYYY-MM-DD a real calendar day (not 2026-02-30)? */
export function isCalendarDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** Is an effective-dated period (a post, a membership: since..until, inclusive, open-ended when until is null) in force on a day? */
export const inPeriod = (period: { since: string; until: string | null }, day: string = today()): boolean =>
  period.since <= day && (period.until === null || period.until >= day);

/** inPeriod as SQL on a table alias, against a day parameter (`:day` unless named). */
export const inPeriodSql = (alias: string, param = 'day'): string =>
  `${alias}.since <= :${param} AND (${alias}.until IS NULL OR ${alias}.until >= :${param})`;

/** "Due soon" (临期) as a window of days: from today to today + days, both inclusive. */
export const dueWindow = (days: number): { from: string; to: string } => ({ from: today(), to: addDays(today(), days) });

/**
 * A time to store in a DATETIME column that must not pass early (a retry, a lease): rounded
 * up to the whole second, since MariaDB keeps whole seconds.
 */
export const notBefore = (ms: number): Date => new Date(Math.ceil(ms / 1000) * 1000);
