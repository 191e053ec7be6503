/**
 * Strings of author mode, opened from the private link (English, the source). Story statuses name the
 * author's replies' statuses too; change markers come from public.ts.
 */
export default {
  'author.label': 'Your story',
  'author.loading': 'Loading your story…',
  'author.notFound': 'Story not found. Check you have the whole link.',
  'author.status': 'Status:',
  'author.meaning.complaint':
    'Your story is linked to a formal complaint that is still being looked into, so it will not be published while the complaint is open. Nothing is lost: a moderator will look at it again when the complaint is closed.',
  'author.status.submitted': 'Waiting for a moderator',
  'author.status.held': 'On hold',
  'author.status.published': 'Published',
  'author.status.rejected': 'Not published',
  'author.status.withdrawn': 'Withdrawn',
  'author.reason': 'Message from the moderator',
  'author.responses': 'Responses',
  'author.replies': 'Your replies',
  'author.reply': 'Reply to the responses',
  'author.reply.hint': 'A moderator reads it before it is published.',
  'author.reply.send': 'Send reply',
  'author.reply.sent': 'Thank you: a moderator will read your reply.',
  'author.kind': 'What are you sending?',
  'author.kind.reply': 'A reply to the responses',
  'author.kind.update': 'An update: how things went since',
  'author.update.send': 'Send update',
  'author.update.sent': 'Thank you: a moderator will read your update.',
  'author.reply.empty': 'Write your reply (up to 8,000 characters)',
  'author.withdraw': 'Withdraw my story',
  'author.withdraw.confirm':
    'Withdraw your story? It leaves this site and every feed at once, with its responses. You cannot undo this.',
  'author.withdraw.yes': 'Yes, withdraw it',
  'author.withdraw.no': 'No, keep it',
  'author.erase': 'Delete my story and my details',
  'author.erase.confirm':
    'Delete your story and your details? Your story, your replies, your email address and postcode are deleted for good, and the responses to it are taken down. You cannot undo this.',
  'author.erase.yes': 'Yes, delete everything',
  'author.erase.no': 'No, keep it',
  'author.erased': 'This story was deleted at your request, with your details.',
  'author.failed': 'That did not work. Please try again.',
  'author.download': 'Download everything held about your story',
  'author.download.hint':
    'A file (JSON) with your story, the email address and postcode you gave, the moderator’s decisions, the responses and your replies.',
  'author.tooMany': 'Too many replies this hour. Please try again later.',
  'author.meaning.submitted':
    'A moderator reads every story before it is published, usually within 2 working days. Then it is published under your nickname and sent to the services you chose.',
  'author.meaning.held':
    'A moderator has paused your story before publishing it, usually to ask for a change.',
  'author.meaning.published':
    'Anyone can read it, and it has been sent to the services you chose. Staff can respond in public.',
  'author.meaning.rejected': 'A moderator decided it cannot be published as it is.',
  'author.meaning.withdrawn': 'You took it down. It is no longer on this site or in any feed.',
  'author.sentOn': 'Sent on {date}',
  'author.publishedOn': 'Published on {date}',
  'author.withdrawnOn': 'Withdrawn on {date}',
  'author.sent': 'What you sent',
  'author.actions': 'What you can do',
  'author.actions.submitted':
    'A story cannot be changed once it is sent. To change it, withdraw it and tell it again.',
  'author.actions.held':
    'A story cannot be changed once it is sent. To make the change, withdraw it and tell it again.',
  'author.actions.published':
    'Reply to the responses (a moderator reads your reply first), or withdraw your story.',
  'author.actions.rejected':
    'You can tell your story again, leaving out what the moderator mentioned, and withdraw this one.',
  'author.status.preview': 'Approved: the services are reading it first',
  'author.meaning.preview':
    'A moderator approved your story. Because it raises serious concerns, the staff of the services it is about can read it first and prepare a response to be published with it. They cannot stop it being published.',
  'author.previewUntil':
    'It will be published at the end of {date}, unless a moderator needs to look at it again.',
  'author.previewReview': 'The service asked a moderator to look at it again before it is published.',
  'author.actions.preview':
    'A story cannot be changed once it is sent. To change it, withdraw it and tell it again.',
};
