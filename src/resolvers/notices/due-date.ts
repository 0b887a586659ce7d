// 整改报告期限: the recipient reports in writing within three calendar months of issue
// (seed 000, Wanzhou). A month later than the last day of a shorter month is that
// month's last day: issued 2026-11-30, due 2027-02-28.
export const REPORT_MONTHS = 3;

/** A calendar day (YYYY-MM-DD) plus n calendar months, clamped to the end of the target month. */
export function addCalendarMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index % 12;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(Math.min(date, lastDay)).padStart(2, '0')}`;
}

/** The day a notice issued on `issuedOn` is due. */
export const noticeDueOn = (issuedOn: string): string => addCalendarMonths(issuedOn, REPORT_MONTHS);
