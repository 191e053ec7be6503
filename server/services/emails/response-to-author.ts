import { changeSentence, message, quoted, responderLine, type EmailMessage } from './content.js';

export interface ResponseToAuthor {
  story: { title: string; nickname: string };
  response: {
    body: string;
    change?: string | null;
    responder: { name: string; jobTitle?: string | null; organisation: { name: string } };
  };
  /** The story on the board site where it was told. */
  storyUrl: string;
}

/** To the author (who gave an email): someone responded to their story. */
export function responseToAuthor(notice: ResponseToAuthor): EmailMessage {
  const change = changeSentence(notice.response.change);
  return message(`A response to your story ${quoted(notice.story.title)}`, {
    title: 'A response to your story',
    preheader: `${responderLine(notice.response.responder)} responded to your story.`,
    greeting: `Hello ${notice.story.nickname},`,
    paragraphs: [
      `${responderLine(notice.response.responder)} responded to your story ${quoted(notice.story.title)}:`,
      ...(change ? [change] : []),
    ],
    quote: notice.response.body,
    actions: [{ label: 'Read the response', url: notice.storyUrl }],
    footer:
      'You get this because you gave your email address when you told your story. It is never shown to anyone. To reply, use the private link you were given when you told it.',
  });
}
