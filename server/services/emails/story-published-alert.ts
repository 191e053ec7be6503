import { unsubscribeHeaders } from '../mail/index.js';
import { excerpt, listOf, message, quoted, type EmailMessage } from './content.js';

export interface StoryPublishedAlert {
  story: { title: string; body: string; nickname: string };
  /** Names of the services the story is about. */
  serviceNames: string[];
  /** What the subscription is about, in words. */
  scopeName: string;
  storyUrl: string;
  unsubscribeUrl: string;
}

/** To a subscriber: a story they follow was published. Public content only, never the author's details. */
export function storyPublishedAlert(alert: StoryPublishedAlert): EmailMessage {
  const about = listOf(alert.serviceNames);
  return message(
    `New story about ${alert.serviceNames[0] ?? alert.scopeName}: ${quoted(alert.story.title)}`,
    {
      title: 'New story',
      preheader: excerpt(alert.story.body, 120),
      paragraphs: [
        `A new story about ${about} has been published: ${quoted(alert.story.title)}, told by ${alert.story.nickname}.`,
      ],
      quote: excerpt(alert.story.body),
      actions: [{ label: 'Read the story and respond', url: alert.storyUrl }],
      footer: `You get this because you subscribed to alerts about ${alert.scopeName}.`,
      unsubscribeUrl: alert.unsubscribeUrl,
    },
    unsubscribeHeaders(alert.unsubscribeUrl),
  );
}
