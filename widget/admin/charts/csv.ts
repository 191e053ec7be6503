/**
 * RFC 4180 CSV (as the reports endpoint writes it: CRLF, quoted fields with doubled quotes) into records
 * keyed by the header row's names. Small on purpose: the admin chunk has a size budget.
 */
export function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') field += text[i++];
      else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',' || char === '\n') {
      row.push(field);
      field = '';
      if (char === '\n') {
        rows.push(row);
        row = [];
      }
    } else if (char !== '\r') field += char;
  }
  if (field || row.length) rows.push([...row, field]);
  const [header = [], ...records] = rows;
  return records.map((values) => Object.fromEntries(header.map((name, i) => [name, values[i] ?? ''])));
}
