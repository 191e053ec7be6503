import { catalogueFor, type Language } from '../../l10n/index.js';
import { message, quoted, type EmailMessage } from './content.js';

export interface ReplyToResponder {
  story: { title: string; nickname: string };
  reply: { body: string };
  storyUrl: string;
  /** The responder's language. */
  language: Language;
}

/** To someone who responded to a story: its author has replied. */
export function replyToResponder(notice: ReplyToResponder): EmailMessage {
  const words = catalogueFor(notice.language).email.reply;
  const title = quoted(notice.story.title);
  return message(words.subject(notice.story.nickname, title), {
    language: notice.language,
    title: words.title,
    preheader: words.preheader(title),
    paragraphs: [words.intro(notice.story.nickname, title)],
    quote: notice.reply.body,
    actions: [{ label: words.action, url: notice.storyUrl }],
    footer: words.footer,
  });
}
