import { catalogueFor, type Language } from '../../l10n/index.js';
import { message, quoted, type EmailMessage } from './content.js';

export interface ResponseRejected {
  story: { title: string };
  /** The moderator's reason, quoted to the responder. */
  reason: string;
  storyUrl: string;
  /** The responder's language. */
  language: Language;
}

/** To a responder: a moderator rejected their queued response, and why (it will never be public). */
export function responseRejected(notice: ResponseRejected): EmailMessage {
  const words = catalogueFor(notice.language).email.responseRejected;
  const title = quoted(notice.story.title);
  return message(words.subject(title), {
    language: notice.language,
    title: words.title,
    paragraphs: [words.intro(title)],
    quote: notice.reason,
    actions: [{ label: words.action, url: notice.storyUrl }],
    footer: words.footer,
  });
}
