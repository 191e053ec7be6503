import { catalogueFor, type Language } from '../../l10n/index.js';
import { renderEmail, type EmailContent } from '../mail/index.js';

export { listIn, type Language } from '../../l10n/index.js';

/** An email's content, ready for the outbox (the caller adds the recipient and the dedupe key). */
export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/** How much of a story an alert quotes: enough to decide whether to read on. */
const excerptLength = 500;

/** `content` rendered (plain text and HTML) with its subject kept to one line. */
export function message(
  subject: string,
  content: EmailContent,
  headers?: Record<string, string>,
): EmailMessage {
  return { subject: oneLine(subject), ...renderEmail(content), ...(headers ? { headers } : {}) };
}

/** The start of `text`, cut at a word boundary, with an ellipsis when anything was cut. */
export function excerpt(text: string, length = excerptLength): string {
  const trimmed = text.trim();
  if (trimmed.length <= length) return trimmed;
  const cut = trimmed.slice(0, length);
  const lastSpace = cut.search(/\s\S*$/);
  return `${(lastSpace > length / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** A title or name as it goes into a subject or a sentence: one line, in curly quotes where asked. */
export function quoted(title: string): string {
  return `“${oneLine(title)}”`;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** How a responder is shown: name, job title, organisation (the public facts on a response). */
export function responderLine(responder: {
  name: string;
  jobTitle?: string | null;
  organisation: { name: string };
}): string {
  return [responder.name, responder.jobTitle, responder.organisation.name].filter(Boolean).join(', ');
}

/** The sentence a change marker adds, in `language`. */
export function changeSentence(language: Language, change: string | null | undefined): string | undefined {
  if (change === 'planned') return catalogueFor(language).email.changePlanned;
  if (change === 'made') return catalogueFor(language).email.changeMade;
  return undefined;
}
