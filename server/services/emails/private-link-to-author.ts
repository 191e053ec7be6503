import { message, quoted, type EmailMessage } from './content.js';

export interface PrivateLinkToAuthor {
  story: { title: string; nickname: string };
  /** The author's private link (with the author key), when it is known. */
  privateUrl?: string;
}

/** To the author (who gave an email) when they told their story: their private link and what happens next. */
export function privateLinkToAuthor(notice: PrivateLinkToAuthor): EmailMessage {
  return message(`Your story ${quoted(notice.story.title)} was received`, {
    title: 'Your story was received',
    greeting: `Hello ${notice.story.nickname},`,
    paragraphs: [
      `Thank you for telling your story ${quoted(notice.story.title)}.`,
      'What happens next: a moderator reads every story before it is published, to keep everyone anonymous and the site safe. Once it is published, the staff of the services it is about are told, and can respond in public. We will email you when someone responds.',
      ...(notice.privateUrl
        ? [
            'Your private link shows your story and its status, and lets you reply to responses or withdraw it. Keep it to yourself: anyone with it can do the same.',
          ]
        : []),
    ],
    actions: notice.privateUrl ? [{ label: 'Your story (private link)', url: notice.privateUrl }] : [],
    footer:
      'You get this because you gave your email address when you told your story. It is never shown to anyone. If this was not you, ignore this email.',
  });
}
