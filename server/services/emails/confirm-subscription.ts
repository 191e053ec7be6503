import { message, type EmailMessage } from './content.js';

export interface ConfirmSubscription {
  scopeName: string;
  confirmUrl: string;
}

/** The only email an email subscription gets until it is confirmed (double opt-in). */
export function confirmSubscription(request: ConfirmSubscription): EmailMessage {
  return message(`Confirm your alerts about ${request.scopeName}`, {
    title: 'Confirm your alerts',
    preheader: 'Nothing more is sent unless you confirm.',
    paragraphs: [
      `Someone asked for an email to this address whenever a story about ${request.scopeName} is published on careloop.`,
      'To start these alerts, confirm below. Nothing more is sent unless you do.',
    ],
    actions: [{ label: 'Confirm alerts', url: request.confirmUrl }],
    footer: 'If this was not you, ignore this email: you will not hear from us again.',
  });
}
