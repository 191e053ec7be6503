import { message, quoted, type EmailMessage } from './content.js';

export interface ModerationReasonToAuthor {
  story: { title: string; nickname: string };
  decision: 'held' | 'rejected';
  /** The moderator's message to the author. */
  reason: string;
}

/** To the author (who gave an email): a moderator held or rejected their story, and why. */
export function moderationReasonToAuthor(notice: ModerationReasonToAuthor): EmailMessage {
  const held = notice.decision === 'held';
  return message(
    held
      ? `Your story ${quoted(notice.story.title)} is on hold`
      : `Your story ${quoted(notice.story.title)} was not published`,
    {
      title: held ? 'Your story is on hold' : 'Your story was not published',
      greeting: `Hello ${notice.story.nickname},`,
      paragraphs: [
        held
          ? `A moderator has put your story ${quoted(notice.story.title)} on hold: it is not shown publicly for now. Their message to you:`
          : `A moderator has decided not to publish your story ${quoted(notice.story.title)}. Their message to you:`,
      ],
      quote: notice.reason,
      footer:
        'You get this because you gave your email address when you told your story. It is never shown to anyone. Your private link (given when you told your story) shows its status.',
    },
  );
}
