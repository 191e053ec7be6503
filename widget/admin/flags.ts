import type { ApiAnswer } from '../api/answers.js';

/** A likely identifying detail the service spotted: `text === field.slice(start, end)` (UTF-16). */
export type Flag = ApiAnswer<'/moderation/queue'>['items'][number]['flags'][number];

/**
 * Cuts a field's text into plain and flagged pieces, in order, so a template can wrap the flagged ones
 * in `<mark>` and render every piece as text (never HTML). Overlapping or out-of-range flags are skipped.
 */
export function segments(text: string, flags: Flag[], field: Flag['field']): Array<[string, Flag?]> {
  const pieces: Array<[string, Flag?]> = [];
  let at = 0;
  const mine = flags.filter((flag) => flag.field === field).sort((a, b) => a.start - b.start);
  for (const flag of mine) {
    if (flag.start < at || flag.end > text.length || flag.end <= flag.start) continue;
    if (flag.start > at) pieces.push([text.slice(at, flag.start)]);
    pieces.push([text.slice(flag.start, flag.end), flag]);
    at = flag.end;
  }
  if (at < text.length) pieces.push([text.slice(at)]);
  return pieces;
}
