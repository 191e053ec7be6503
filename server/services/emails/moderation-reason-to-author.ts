import { catalogueFor, type Language } from '../../l10n/index.js';
import { message, quoted, type EmailMessage } from './content.js';

export interface ModerationReasonToAuthor {
  story: { title: string; nickname: string };
  decision: 'held' | 'rejected';
  /** The moderator's message to the author. */
  reason: string;
  /** The language the author told their story in. */
  language: Language;
}

/** To the author (who gave an email): a moderator held or rejected their story, and why. */
export function moderationReasonToAuthor(notice: ModerationReasonToAuthor): EmailMessage {
  const { email } = catalogueFor(notice.language);
  const words = email.moderation;
  const held = notice.decision === 'held';
  const title = quoted(notice.story.title);
  return message(held ? words.heldSubject(title) : words.rejectedSubject(title), {
    language: notice.language,
    title: held ? words.heldTitle : words.rejectedTitle,
    greeting: email.greeting(notice.story.nickname),
    paragraphs: [held ? words.held(title) : words.rejected(title)],
    quote: notice.reason,
    footer: `${email.authorFooter} ${words.footer}`,
  });
}
