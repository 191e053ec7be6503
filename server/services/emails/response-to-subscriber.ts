import { unsubscribeHeaders } from '../mail/index.js';
import { changeSentence, listOf, message, quoted, responderLine, type EmailMessage } from './content.js';

export interface ResponseToSubscriber {
  story: { title: string };
  serviceNames: string[];
  response: {
    body: string;
    change?: string | null;
    responder: { name: string; jobTitle?: string | null; organisation: { name: string } };
  };
  scopeName: string;
  storyUrl: string;
  unsubscribeUrl: string;
}

/** To a subscriber (an account): someone responded to a story they follow. */
export function responseToSubscriber(notice: ResponseToSubscriber): EmailMessage {
  const change = changeSentence(notice.response.change);
  return message(
    `New response to ${quoted(notice.story.title)}`,
    {
      title: 'New response',
      preheader: `${responderLine(notice.response.responder)} responded.`,
      paragraphs: [
        `${responderLine(notice.response.responder)} responded to the story ${quoted(notice.story.title)} about ${listOf(notice.serviceNames)}:`,
        ...(change ? [change] : []),
      ],
      quote: notice.response.body,
      actions: [{ label: 'Read the story and its responses', url: notice.storyUrl }],
      footer: `You get this because you subscribed to alerts about ${notice.scopeName}.`,
      unsubscribeUrl: notice.unsubscribeUrl,
    },
    unsubscribeHeaders(notice.unsubscribeUrl),
  );
}
