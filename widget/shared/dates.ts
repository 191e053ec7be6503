import type { MessageKey } from '../l10n/index.js';

const formats = new Map<string, Intl.DateTimeFormat | null>();

/**
 * The locales whose catalogue writes a date exactly as `Intl.DateTimeFormat` does. The widget writes
 * these itself: the page's first `Intl` date or number format loads the browser's locale data, some
 * 17 ms on a desktop and a long task on a phone, while a story list is being shown.
 */
const writtenByCatalogue = new Set(['en-GB', 'cy', 'gd']);

/**
 * The locale dates are written in: careloop serves the UK, so English is British ("1 December 2026",
 * 24-hour times) unless the page names another English (`lang="en-US"`). Welsh and Gaelic as they are.
 */
export function dateLocale(locale: string, pageLanguage?: string | null): string {
  const primary = locale.split('-')[0]!.toLowerCase();
  if (primary !== 'en') return locale;
  if (pageLanguage && /^en-[a-z]{2}$/i.test(pageLanguage)) return pageLanguage;
  return locale.includes('-') ? locale : 'en-GB';
}

/**
 * `2024-05-01T…` → "1 May 2024", "1 Mai 2024", "1mh dhen Chèitean 2024": a date in the element's language,
 * by the catalogue's month names and pattern (`msg`) for British English, Welsh and Gaelic, and by
 * `Intl.DateTimeFormat(locale)` for another English, or without `msg`. The catalogue is also the answer
 * when the browser has no data for the language (some builds of Chromium know no Welsh or Gaelic and
 * would answer in English).
 */
export function formatDate(
  iso: string | null | undefined,
  locale: string,
  msg?: (key: MessageKey) => string,
): string {
  if (!iso) return '';
  const date = new Date(iso);
  const wanted = dateLocale(locale);
  if (msg && writtenByCatalogue.has(wanted)) return byCatalogue(date, msg);
  let format = formats.get(wanted);
  if (format === undefined) {
    // A browser without data for the language resolves it to another one (its default, often en-US).
    const intl = intlFormat(wanted);
    format = intl.resolvedOptions().locale.split('-')[0] === wanted.split('-')[0] ? intl : null;
    formats.set(wanted, format);
  }
  if (format || !msg) return (format ?? intlFormat(wanted)).format(date);
  return byCatalogue(date, msg);
}

function byCatalogue(date: Date, msg: (key: MessageKey) => string): string {
  return msg('datePattern')
    .replace('{d}', String(date.getDate()))
    .replace('{month}', msg('dateMonths').split(',')[date.getMonth()] ?? '')
    .replace('{y}', String(date.getFullYear()));
}

/** `2026-12-01T14:05…` → "1 Dec 2026, 14:05": a short date with a 24-hour time, as people here write it. */
export function formatDateTime(iso: string, locale: string, time = true): string {
  return new Intl.DateTimeFormat(dateLocale(locale), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(time ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  } as Intl.DateTimeFormatOptions).format(new Date(iso));
}

const intlFormat = (locale: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' });
