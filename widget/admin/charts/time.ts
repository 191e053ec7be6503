const dayMs = 86400000;

/** `2026-03-02` → its UTC midnight in ms. */
export const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** ms → `YYYY-MM-DD` (UTC). */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The period `days` long ending today (UTC), as the service counts it: both ends inclusive. */
export function lastDays(days: number, now = Date.now()): { from: string; to: string } {
  const to = isoDay(now);
  return { from: isoDay(dayStart(to) - (days - 1) * dayMs), to };
}

/** `2026-W10` → the Monday that ISO week starts on, as `YYYY-MM-DD`. */
export function weekMonday(week: string): string {
  const [year, number] = week.split('-W').map(Number);
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return isoDay(jan4 - weekday * dayMs + (number - 1) * 7 * dayMs);
}
