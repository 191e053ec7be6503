import { catalogueFor, type Language } from '../../l10n/index.js';
import { message, quoted, type EmailMessage } from './content.js';

export interface PrivateLinkToAuthor {
  story: { title: string; nickname: string };
  /** The author's private link (with the author key), when it is known. */
  privateUrl?: string;
  /** Staff or a volunteer entered it for them (they did not fill in the form themselves). */
  toldForThem?: boolean;
  /** The language the author told their story in. */
  language: Language;
}

/** To the author (who gave an email) when they told their story: their private link and what happens next. */
export function privateLinkToAuthor(notice: PrivateLinkToAuthor): EmailMessage {
  const { email } = catalogueFor(notice.language);
  const words = email.received;
  const title = quoted(notice.story.title);
  return message(words.subject(title), {
    language: notice.language,
    title: words.title,
    greeting: email.greeting(notice.story.nickname),
    paragraphs: [
      notice.toldForThem ? words.enteredForYou(title) : words.thanks(title),
      words.whatNext,
      ...(notice.privateUrl ? [words.privateLink] : []),
    ],
    actions: notice.privateUrl ? [{ label: words.action, url: notice.privateUrl }] : [],
    footer: `${email.authorFooter} ${words.footer}`,
  });
}
