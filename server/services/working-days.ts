import Holidays from 'date-holidays';

/**
 * Scotland's public and bank holidays, from a maintained library (`date-holidays`) rather than a list
 * typed by hand that goes stale each year. Observances (Mother's Day) are working days.
 */
const scotland = new Holidays('GB', 'SCT');
const holidaysByYear = new Map<number, Set<string>>();

function holidaysIn(year: number): Set<string> {
  let days = holidaysByYear.get(year);
  if (!days) {
    days = new Set(
      scotland
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public' || holiday.type === 'bank')
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    holidaysByYear.set(year, days);
  }
  return days;
}

/** `YYYY-MM-DD` of a UTC day. */
function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Monday to Friday and not a Scottish public or bank holiday (UTC days). */
export function isWorkingDay(date: Date): boolean {
  const weekday = date.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidaysIn(date.getUTCFullYear()).has(dayOf(date));
}

/**
 * When a window of `days` working days that opens at `start` closes: the end (midnight UTC) of the
 * `days`th working day after the day it opens. So every window holds `days` whole working days, however
 * late in the day, or on which day, it opened: opened on a Friday afternoon with 2 days, it closes at
 * the end of Tuesday (of Wednesday if that Monday is a bank holiday).
 */
export function endOfWorkingDays(start: Date, days: number): Date {
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  let counted = 0;
  while (counted < days) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (isWorkingDay(day)) counted += 1;
  }
  day.setUTCDate(day.getUTCDate() + 1);
  return day;
}
