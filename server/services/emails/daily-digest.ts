import { unsubscribeHeaders } from '../mail/index.js';
import { listOf, message, oneLine, quoted, type EmailMessage } from './content.js';

/** Stories listed in one digest at most; the rest are counted. */
export const maxDigestStories = 30;

export interface DailyDigest {
  /** The UTC day the stories were published on, `YYYY-MM-DD`. */
  day: string;
  scopeName: string;
  stories: { title: string; serviceNames: string[]; url: string }[];
  unsubscribeUrl: string;
}

/** To a daily subscriber: the stories published the day before that they follow. */
export function dailyDigest(digest: DailyDigest): EmailMessage {
  const count = digest.stories.length;
  const listed = digest.stories.slice(0, maxDigestStories);
  const date = new Date(`${digest.day}T00:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const more = count - listed.length;
  return message(
    `${count === 1 ? '1 new story' : `${count} new stories`} about ${digest.scopeName} (${digest.day})`,
    {
      title: 'Daily digest',
      preheader: listed.map((story) => oneLine(story.title)).join(' · '),
      paragraphs: [
        `${count === 1 ? 'One story' : `${count} stories`} about ${digest.scopeName} ${count === 1 ? 'was' : 'were'} published on ${date}:`,
        ...listed.map(
          (story, index) => `${index + 1}. ${quoted(story.title)}, about ${listOf(story.serviceNames)}.`,
        ),
        ...(more > 0 ? [`And ${more} more.`] : []),
      ],
      actions: listed.map((story, index) => ({ label: `Read story ${index + 1}`, url: story.url })),
      footer: `You get this daily digest because you subscribed to alerts about ${digest.scopeName}.`,
      unsubscribeUrl: digest.unsubscribeUrl,
    },
    unsubscribeHeaders(digest.unsubscribeUrl),
  );
}
