import { catalogueFor, type Language } from '../../l10n/index.js';
import { unsubscribeHeaders } from '../mail/index.js';
import { changeSentence, listIn, message, quoted, responderLine, type EmailMessage } from './content.js';

export interface ResponseToSubscriber {
  story: { title: string };
  serviceNames: string[];
  response: {
    body: string;
    change?: string | null;
    responder: { name: string; jobTitle?: string | null; organisation: { name: string } };
  };
  scopeName: string;
  storyUrl: string;
  unsubscribeUrl: string;
  /** The page of every subscription of the address, each with a delete. */
  subscriptionsUrl?: string;
  /** The subscription's language. */
  language: Language;
}

/** To a subscriber (an account): someone responded to a story they follow. */
export function responseToSubscriber(notice: ResponseToSubscriber): EmailMessage {
  const { language } = notice;
  const { email } = catalogueFor(language);
  const words = email.responseToSubscriber;
  const change = changeSentence(language, notice.response.change);
  const responder = responderLine(notice.response.responder);
  const title = quoted(notice.story.title);
  return message(
    words.subject(title),
    {
      language,
      title: words.title,
      preheader: words.preheader(responder),
      paragraphs: [
        words.intro(responder, title, listIn(language, notice.serviceNames)),
        ...(change ? [change] : []),
      ],
      quote: notice.response.body,
      actions: [{ label: words.action, url: notice.storyUrl }],
      footer: email.subscribedFooter(notice.scopeName),
      unsubscribeUrl: notice.unsubscribeUrl,
      subscriptionsUrl: notice.subscriptionsUrl,
    },
    unsubscribeHeaders(notice.unsubscribeUrl),
  );
}
