/**
 * User text on its way into a feed: always text, never markup. XML 1.0 forbids most C0 control
 * characters (and U+FFFE/U+FFFF, and lone surrogates), so a story holding one would make the whole RSS
 * document unreadable: they are dropped, in both formats, so the two say the same. Everything else
 * (emoji, right-to-left text, bidirectional controls) is kept as written.
 */
const forbiddenInXml =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function feedText(text: string): string {
  return text.replace(forbiddenInXml, '');
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character]!);
}

/**
 * Plain text as safe HTML: each blank-line-separated paragraph escaped in its own `<p dir="auto">`
 * (so right-to-left text is laid out by its own direction), single line breaks as `<br>`.
 */
export function textAsHtml(text: string): string {
  return feedText(text)
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p dir="auto">${escapeHtml(paragraph).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}

/** A constituency's name as it appears in feed URLs: `Ayr, Carrick and Cumnock` → `ayr-carrick-and-cumnock`. */
export function constituencySlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
