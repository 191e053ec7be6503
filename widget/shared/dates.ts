import type { MessageKey } from '../l10n/index.js';

const formats = new Map<string, Intl.DateTimeFormat | null>();

/**
 * `2024-05-01T…` → "1 May 2024", "1 Mai 2024", "1mh dhen Chèitean 2024": a date in the element's language,
 * by `Intl.DateTimeFormat(locale)`, or by the catalogue's month names and pattern when the browser has no
 * data for that language (some builds of Chromium know no Welsh or Gaelic and would answer in English).
 */
export function formatDate(
  iso: string | null | undefined,
  locale: string,
  msg?: (key: MessageKey) => string,
): string {
  if (!iso) return '';
  const date = new Date(iso);
  let format = formats.get(locale);
  if (format === undefined) {
    // A browser without data for the language resolves it to another one (its default, often en-US).
    const intl = intlFormat(locale);
    format = intl.resolvedOptions().locale.split('-')[0] === locale.split('-')[0] ? intl : null;
    formats.set(locale, format);
  }
  if (format || !msg) return (format ?? intlFormat(locale)).format(date);
  return msg('datePattern')
    .replace('{d}', String(date.getDate()))
    .replace('{month}', msg('dateMonths').split(',')[date.getMonth()] ?? '')
    .replace('{y}', String(date.getFullYear()));
}

const intlFormat = (locale: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' });
