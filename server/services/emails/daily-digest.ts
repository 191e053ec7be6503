import { catalogueFor, longDay, type Language } from '../../l10n/index.js';
import { unsubscribeHeaders } from '../mail/index.js';
import { listIn, message, oneLine, quoted, type EmailMessage } from './content.js';

/** Stories listed in one digest at most; the rest are counted. */
export const maxDigestStories = 30;

export interface DailyDigest {
  /** The UTC day the stories were published on, `YYYY-MM-DD`. */
  day: string;
  scopeName: string;
  stories: { title: string; serviceNames: string[]; url: string }[];
  unsubscribeUrl: string;
  /** The page of every subscription of the address, each with a delete. */
  subscriptionsUrl?: string;
  language: Language;
}

/** To a daily subscriber: the stories published the day before that they follow. */
export function dailyDigest(digest: DailyDigest): EmailMessage {
  const { language } = digest;
  const words = catalogueFor(language).email.digest;
  const count = digest.stories.length;
  const listed = digest.stories.slice(0, maxDigestStories);
  const more = count - listed.length;
  return message(
    words.subject(count, digest.scopeName, digest.day),
    {
      language,
      title: words.title,
      preheader: listed.map((story) => oneLine(story.title)).join(' · '),
      paragraphs: [
        words.intro(count, digest.scopeName, longDay(language, digest.day)),
        ...listed.map((story, index) =>
          words.item(index + 1, quoted(story.title), listIn(language, story.serviceNames)),
        ),
        ...(more > 0 ? [words.more(more)] : []),
      ],
      actions: listed.map((story, index) => ({ label: words.action(index + 1), url: story.url })),
      footer: words.footer(digest.scopeName),
      unsubscribeUrl: digest.unsubscribeUrl,
      subscriptionsUrl: digest.subscriptionsUrl,
    },
    unsubscribeHeaders(digest.unsubscribeUrl),
  );
}
