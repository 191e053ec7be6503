/** Average advance of a character of the charts' 13 px text, generous enough for Welsh and Gaelic. */
const charWidth = 7.2;
/** Room between a label's end and the plot. */
const gap = 16;
/** Line height of a label that wraps, in the charts' units. */
export const labelLineHeight = 15;

/**
 * The left margin a chart needs for its row labels, at least `least` and at most `most`, and each label
 * as the lines it takes there: whole, never cut — a label longer than the widest margin wraps at its
 * spaces instead (the charts' tables have every label too).
 */
export function labelColumn(
  labels: readonly string[],
  least: number,
  most: number,
): { left: number; lines: string[][] } {
  const longest = Math.max(0, ...labels.map((label) => label.length));
  const left = Math.min(most, Math.max(least, Math.ceil(longest * charWidth) + gap));
  const fits = Math.max(1, Math.floor((left - gap) / charWidth));
  return { left, lines: labels.map((label) => wrap(label, fits)) };
}

/** `text` in lines of at most `fits` characters, broken at spaces (a longer word keeps a line to itself). */
export function wrap(text: string, fits: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > fits) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}
