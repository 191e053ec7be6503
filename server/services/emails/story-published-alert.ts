import { catalogueFor, type Language } from '../../l10n/index.js';
import { unsubscribeHeaders } from '../mail/index.js';
import { excerpt, listIn, message, quoted, type EmailMessage } from './content.js';

export interface StoryPublishedAlert {
  story: { title: string; body: string; nickname: string };
  /** Names of the services the story is about. */
  serviceNames: string[];
  /** What the subscription is about, in words. */
  scopeName: string;
  storyUrl: string;
  unsubscribeUrl: string;
  /** The page of every subscription of the address, each with a delete. */
  subscriptionsUrl?: string;
  /** The subscription's language. */
  language: Language;
}

/** To a subscriber: a story they follow was published. Public content only, never the author's details. */
export function storyPublishedAlert(alert: StoryPublishedAlert): EmailMessage {
  const { language } = alert;
  const { email } = catalogueFor(language);
  const words = email.published;
  const title = quoted(alert.story.title);
  return message(
    words.subject(alert.serviceNames[0] ?? alert.scopeName, title),
    {
      language,
      title: words.title,
      preheader: excerpt(alert.story.body, 120),
      paragraphs: [words.intro(listIn(language, alert.serviceNames), title, alert.story.nickname)],
      quote: excerpt(alert.story.body),
      actions: [{ label: words.action, url: alert.storyUrl }],
      footer: email.subscribedFooter(alert.scopeName),
      unsubscribeUrl: alert.unsubscribeUrl,
      subscriptionsUrl: alert.subscriptionsUrl,
    },
    unsubscribeHeaders(alert.unsubscribeUrl),
  );
}
