import { catalogueFor, type Language } from '../../l10n/index.js';
import { message, type EmailMessage } from './content.js';

export interface ConfirmSubscription {
  scopeName: string;
  confirmUrl: string;
  /** The language the subscriber asked in. */
  language: Language;
}

/** The only email an email subscription gets until it is confirmed (double opt-in). */
export function confirmSubscription(request: ConfirmSubscription): EmailMessage {
  const words = catalogueFor(request.language).email.confirm;
  return message(words.subject(request.scopeName), {
    language: request.language,
    title: words.title,
    preheader: words.preheader,
    paragraphs: [words.asked(request.scopeName), words.toStart],
    actions: [{ label: words.action, url: request.confirmUrl }],
    footer: words.footer,
  });
}
