/**
 * CSV as RFC 4180 describes it: CRLF line ends, every field quoted when it holds a comma, quote, CR or
 * LF (quotes doubled). A field a spreadsheet would read as a formula (starting with = + - @, or a tab or
 * CR that some strip first) gets a leading apostrophe, so opening the file never runs what a story says.
 */
export type CsvValue = string | number | null | undefined;

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
