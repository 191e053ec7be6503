const formats = new Map<string, Intl.DateTimeFormat>();

/** `2024-05-01T…` → "1 May 2024" (or "1 Mai 2024" in Welsh): a date in the element's language. */
export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' });
    formats.set(locale, format);
  }
  return format.format(new Date(iso));
}
