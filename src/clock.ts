// Server time and the calendar day in the configured zone. Every timestamp a
// record carries comes from here, never from a client.
import { config } from './config';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
});

export const now = (): Date => new Date();

/** Today as YYYY-MM-DD in the configured zone. */
export const today = (at: Date = now()): string => dayFormat.format(at);
