import { message, quoted, type EmailMessage } from './content.js';

export interface ReplyToResponder {
  story: { title: string; nickname: string };
  reply: { body: string };
  storyUrl: string;
}

/** To someone who responded to a story: its author has replied. */
export function replyToResponder(notice: ReplyToResponder): EmailMessage {
  return message(`${notice.story.nickname} replied on ${quoted(notice.story.title)}`, {
    title: 'The author replied',
    preheader: `The author of ${quoted(notice.story.title)} replied.`,
    paragraphs: [
      `${notice.story.nickname}, who told the story ${quoted(notice.story.title)}, replied after your response:`,
    ],
    quote: notice.reply.body,
    actions: [{ label: 'Read the reply', url: notice.storyUrl }],
    footer: 'You get this because you responded to this story.',
  });
}
