import { DomainError } from '../../domain/errors.js';

const dayMs = 24 * 60 * 60 * 1000;
/** The period a report covers when none is asked for: the last 90 days, today included. */
export const defaultPeriodDays = 90;
/** Longer periods are refused: five years of weeks is already more than a chart can show. */
export const maxPeriodDays = 5 * 366;

/**
 * A report's period in whole UTC days: `from` 00:00 inclusive to the end of `to` (the store is asked
 * for `publishedAt >= start` and `< end`, where `end` is the midnight after `to`). `previous` is the
 * period of the same length just before it (for the tags' change).
 */
export interface ReportPeriod {
  from: string;
  to: string;
  days: number;
  start: Date;
  end: Date;
  previousStart: Date;
}

/** The period from the query's `from`/`to` (`YYYY-MM-DD`, both optional); `invalid` naming the field when wrong. */
export function reportPeriod(query: { from?: string; to?: string }, now: Date): ReportPeriod {
  const today = utcDayOf(now);
  const to = query.to ?? (query.from ? addDays(query.from, defaultPeriodDays - 1) : today);
  const from = query.from ?? addDays(to, -(defaultPeriodDays - 1));
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isRealDay(value))
      throw DomainError.invalid([{ field, code: 'invalid-format', message: 'is not a real calendar day' }]);
  }
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + dayMs);
  const days = Math.round((end.getTime() - start.getTime()) / dayMs);
  if (days < 1)
    throw DomainError.invalid([
      { field: 'to', code: 'dates-out-of-order', message: 'must not be before from' },
    ]);
  if (days > maxPeriodDays) {
    throw DomainError.invalid([
      {
        field: 'from',
        code: 'period-too-long',
        message: `must be at most ${maxPeriodDays} days before to`,
        limit: maxPeriodDays,
      },
    ]);
  }
  return { from, to, days, start, end, previousStart: new Date(start.getTime() - days * dayMs) };
}

/** `YYYY-MM-DD` of `date` in UTC. */
export function utcDayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return utcDayOf(new Date(new Date(`${day}T00:00:00Z`).getTime() + days * dayMs));
}

/** ISO 8601 week (`2026-W05`) of a UTC date, the same as the store's `$dateToString` `%G-W%V`. */
export function isoWeekOf(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of this week decides the week-year.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / dayMs + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Every ISO week the period touches, in order (the first and last may be partly outside it). */
export function weeksOf(period: Pick<ReportPeriod, 'start' | 'end'>): string[] {
  const weeks: string[] = [];
  for (let at = period.start.getTime(); at < period.end.getTime(); at += dayMs) {
    const week = isoWeekOf(new Date(at));
    if (weeks.at(-1) !== week) weeks.push(week);
  }
  return weeks;
}

function isRealDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && utcDayOf(date) === day;
}
