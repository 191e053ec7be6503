import { catalogueFor, defaultLanguage, type Language } from '../../l10n/index.js';

/** A button in the HTML part, a `Label: URL` line in the plain-text part. */
export interface EmailAction {
  label: string;
  /** Absolute http(s) URL: mail is read far from the site, so a relative link goes nowhere. */
  url: string;
}

/**
 * What an email says. Every string is text, never HTML: what a user wrote (a story excerpt, a response)
 * is escaped like everything else, so it can never become markup or a link.
 */
export interface EmailContent {
  /** The language every string is in: the HTML part's `lang`, and the words this renderer adds. */
  language?: Language;
  /** The short summary mail clients show after the subject; hidden in the body. */
  preheader?: string;
  /** The HTML document's title (screen readers announce it); defaults to the site's name. */
  title?: string;
  greeting?: string;
  paragraphs: string[];
  /** User text, quoted as written (line breaks kept), e.g. the story excerpt or the response. */
  quote?: string;
  actions?: EmailAction[];
  footer?: string;
  /** Adds an "Unsubscribe" link at the foot; pair it with `unsubscribeHeaders(url)`. */
  unsubscribeUrl?: string;
  /** Adds a "Your subscriptions" link beside it: every subscription of the address, each deletable. */
  subscriptionsUrl?: string;
}

export interface RenderedEmail {
  text: string;
  html: string;
}

const textWidth = 72;

/** Renders both parts of an email: a plain-text part wrapped for reading, and a simple accessible HTML part. */
export function renderEmail(content: EmailContent): RenderedEmail {
  for (const action of content.actions ?? []) assertAbsoluteUrl(action.url);
  if (content.unsubscribeUrl !== undefined) assertAbsoluteUrl(content.unsubscribeUrl);
  if (content.subscriptionsUrl !== undefined) assertAbsoluteUrl(content.subscriptionsUrl);
  return { text: renderText(content), html: renderHtml(content) };
}

/** Throws for anything but an absolute http(s) URL: a bug in the caller, never user input. */
export function assertAbsoluteUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new TypeError(`email links must be absolute http(s) URLs (got ${JSON.stringify(url)})`);
  }
}

function renderText(content: EmailContent): string {
  const blocks: string[] = [];
  if (content.greeting) blocks.push(wrapText(content.greeting, textWidth));
  for (const paragraph of content.paragraphs) blocks.push(wrapText(paragraph, textWidth));
  if (content.quote) {
    blocks.push(
      wrapText(content.quote, textWidth - 2)
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n'),
    );
  }
  if (content.actions?.length) {
    blocks.push(content.actions.map((action) => `${oneLine(action.label)}: ${action.url}`).join('\n'));
  }
  const foot: string[] = [];
  if (content.footer) foot.push(wrapText(content.footer, textWidth));
  if (content.unsubscribeUrl) foot.push(`${unsubscribeLabel(content)}: ${content.unsubscribeUrl}`);
  if (content.subscriptionsUrl) {
    foot.push(`${catalogueFor(content.language).email.yourSubscriptions}: ${content.subscriptionsUrl}`);
  }
  if (foot.length) blocks.push(`--\n${foot.join('\n')}`);
  return `${blocks.join('\n\n')}\n`;
}

/**
 * Wraps each line of `text` at `width` characters on spaces. A word longer than the width (a URL) keeps
 * its own line unbroken, and line breaks the writer typed are kept.
 */
export function wrapText(text: string, width: number): string {
  return normaliseNewlines(text)
    .split('\n')
    .map((line) => {
      const words = line
        .trim()
        .split(/[ \t]+/)
        .filter(Boolean);
      const lines: string[] = [];
      let current = '';
      for (const word of words) {
        if (!current) current = word;
        else if (current.length + 1 + word.length <= width) current += ` ${word}`;
        else {
          lines.push(current);
          current = word;
        }
      }
      lines.push(current);
      return lines.join('\n');
    })
    .join('\n');
}

const font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const paragraphStyle = 'margin:0 0 16px;font-size:16px;line-height:1.5;color:#1f2933';
const buttonStyle =
  'display:inline-block;padding:12px 20px;margin:0 8px 8px 0;background:#1d4ed8;color:#ffffff;' +
  'font-weight:600;text-decoration:none;border-radius:6px';

function renderHtml(content: EmailContent): string {
  const body: string[] = [];
  if (content.greeting) body.push(htmlParagraph(content.greeting));
  for (const paragraph of content.paragraphs) body.push(htmlParagraph(paragraph));
  if (content.quote) {
    const quoted = normaliseNewlines(content.quote)
      .split(/\n{2,}/)
      .filter((part) => part.trim())
      .map((part) => `<p style="margin:0 0 8px">${escapeHtml(part.trim()).replace(/\n/g, '<br>')}</p>`)
      .join('');
    body.push(
      '<blockquote style="margin:0 0 16px;padding:12px 16px;border-left:4px solid #1d4ed8;' +
        `background:#f1f5f9;font-size:16px;line-height:1.5;color:#1f2933">${quoted}</blockquote>`,
    );
  }
  if (content.actions?.length) {
    const links = content.actions
      .map(
        (action) =>
          `<a href="${escapeHtml(action.url)}" style="${buttonStyle}">${escapeHtml(action.label)}</a>`,
      )
      .join('');
    body.push(`<p style="margin:8px 0 16px">${links}</p>`);
  }
  const foot: string[] = [];
  if (content.footer) foot.push(escapeHtml(content.footer));
  if (content.unsubscribeUrl) {
    foot.push(
      `<a href="${escapeHtml(content.unsubscribeUrl)}" style="color:#52606d">${escapeHtml(unsubscribeLabel(content))}</a>`,
    );
  }
  if (content.subscriptionsUrl) {
    foot.push(
      `<a href="${escapeHtml(content.subscriptionsUrl)}" style="color:#52606d">${escapeHtml(catalogueFor(content.language).email.yourSubscriptions)}</a>`,
    );
  }
  if (foot.length) {
    body.push(
      '<p style="margin:24px 0 0;padding-top:16px;border-top:1px solid #e4e7eb;font-size:14px;' +
        `line-height:1.5;color:#52606d">${foot.join('<br>')}</p>`,
    );
  }
  const preheader = content.preheader
    ? '<div style="display:none;max-height:0;overflow:hidden;mso-hide:all" aria-hidden="true">' +
      `${escapeHtml(content.preheader)}</div>`
    : '';
  return [
    '<!doctype html>',
    `<html lang="${content.language ?? defaultLanguage}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(content.title ?? catalogueFor(content.language).siteName)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background:#f4f5f7;${font}">`,
    preheader,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f5f7">',
    '<tr><td align="center" style="padding:24px 12px">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ' +
      'style="max-width:600px;background:#ffffff;border-radius:8px">',
    `<tr><td style="padding:32px 28px;${font}">`,
    body.join('\n'),
    '</td></tr>',
    '</table>',
    '</td></tr>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function unsubscribeLabel(content: EmailContent): string {
  return catalogueFor(content.language).email.unsubscribe;
}

function htmlParagraph(text: string): string {
  return `<p style="${paragraphStyle}">${escapeHtml(normaliseNewlines(text).trim()).replace(/\n/g, '<br>')}</p>`;
}

/** Escapes text for HTML content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
