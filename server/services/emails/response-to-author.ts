import { catalogueFor, type Language } from '../../l10n/index.js';
import { changeSentence, message, quoted, responderLine, type EmailMessage } from './content.js';

export interface ResponseToAuthor {
  story: { title: string; nickname: string };
  response: {
    body: string;
    change?: string | null;
    responder: { name: string; jobTitle?: string | null; organisation: { name: string } };
  };
  /** The story on the board site where it was told. */
  storyUrl: string;
  /** The language the author told their story in. */
  language: Language;
}

/** To the author (who gave an email): someone responded to their story. */
export function responseToAuthor(notice: ResponseToAuthor): EmailMessage {
  const { language } = notice;
  const { email } = catalogueFor(language);
  const words = email.responseToAuthor;
  const change = changeSentence(language, notice.response.change);
  const responder = responderLine(notice.response.responder);
  const title = quoted(notice.story.title);
  return message(words.subject(title), {
    language,
    title: words.title,
    preheader: words.preheader(responder),
    greeting: email.greeting(notice.story.nickname),
    paragraphs: [words.intro(responder, title), ...(change ? [change] : [])],
    quote: notice.response.body,
    actions: [{ label: words.action, url: notice.storyUrl }],
    footer: `${email.authorFooter} ${words.footer}`,
  });
}
