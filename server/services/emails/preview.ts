import { catalogueFor, longDay, type Language } from '../../l10n/index.js';
import { excerpt, listIn, message, quoted, type EmailMessage } from './content.js';

/** The day a preview window's last moment falls on (`until` is the midnight that ends it), as a UTC day. */
export function lastDayOf(until: Date): string {
  return new Date(until.getTime() - 1).toISOString().slice(0, 10);
}

export interface PreviewToAuthor {
  story: { title: string; nickname: string };
  /** `opened`: in preview until `until`; `review`: a responder asked for a review; `published`: it is out. */
  step: 'opened' | 'review' | 'published';
  until: Date;
  /** The language the author told their story in. */
  language: Language;
}

/**
 * To the author (who gave an email), at each step of a provider preview. Never who asked for a review
 * or why: that is between the service and the moderators.
 */
export function previewToAuthor(notice: PreviewToAuthor): EmailMessage {
  const { email } = catalogueFor(notice.language);
  const words = email.preview;
  const title = quoted(notice.story.title);
  const day = longDay(notice.language, lastDayOf(notice.until));
  const [subject, heading, paragraph] =
    notice.step === 'opened'
      ? [words.authorSubject(title), words.authorTitle, words.author(title, day)]
      : notice.step === 'review'
        ? [words.reviewSubject(title), words.reviewTitle, words.review(title, day)]
        : [words.publishedSubject(title), words.publishedTitle, words.published(title)];
  return message(subject, {
    language: notice.language,
    title: heading,
    greeting: email.greeting(notice.story.nickname),
    paragraphs: [paragraph],
    footer: `${email.authorFooter} ${email.moderation.footer}`,
  });
}

export interface PreviewToResponder {
  story: { title: string; body: string };
  serviceNames: string[];
  until: Date;
  /** Where responders preview it (admin mode). */
  adminUrl: string;
  /** The responder's language. */
  language: Language;
}

/** To a responder of a service a serious story names: read it before it is published. */
export function previewToResponder(alert: PreviewToResponder): EmailMessage {
  const { language } = alert;
  const words = catalogueFor(language).email.preview;
  const title = quoted(alert.story.title);
  return message(words.responderSubject(alert.serviceNames[0] ?? '', title), {
    language,
    title: words.responderTitle,
    preheader: excerpt(alert.story.body, 120),
    paragraphs: [
      words.responder(listIn(language, alert.serviceNames), title, longDay(language, lastDayOf(alert.until))),
    ],
    quote: excerpt(alert.story.body),
    actions: [{ label: words.responderAction, url: alert.adminUrl }],
    footer: words.responderFooter,
  });
}
