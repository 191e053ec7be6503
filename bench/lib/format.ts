/** Number formatting and plain-text tables for the bench printout. */

const wholeNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return Number.isFinite(value) ? wholeNumber.format(value) : '∞';
}

/** Rates keep three significant figures: the run-to-run noise is larger than that. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return '∞';
  const rounded = Number(value.toPrecision(3));
  return wholeNumber.format(rounded);
}

export function formatMs(value: number): string {
  if (value >= 10_000) return `${(value / 1_000).toFixed(1)} s`;
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ms`;
}

export function formatBytes(value: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1_024 && unit < units.length - 1) {
    scaled /= 1_024;
    unit++;
  }
  return `${scaled >= 100 || unit === 0 ? scaled.toFixed(0) : scaled.toFixed(1)} ${units[unit]}`;
}

/** A ratio as `0.020×` or `3.1×`: always enough digits to tell small ratios apart. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value >= 10) return `${value.toFixed(0)}×`;
  return `${Number(value.toPrecision(2))}×`;
}

/** Left-aligned first column, right-aligned figures, two spaces between columns. */
export function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)].join('\n');
}
