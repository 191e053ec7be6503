/**
 * Strings of author mode, opened from the private link (English, the source). Story statuses name the
 * author's replies' statuses too; change markers come from public.ts.
 */
export default {
  'author.label': 'Your story',
  'author.loading': 'Loading your story…',
  'author.notFound': 'Story not found. Check you have the whole link.',
  'author.status': 'Status:',
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
  'author.reply.empty': 'Write your reply (up to 8,000 characters)',
  'author.withdraw': 'Withdraw my story',
  'author.withdraw.confirm':
    'Withdraw your story? It leaves this site and every feed at once, with its responses. You cannot undo this.',
  'author.withdraw.yes': 'Yes, withdraw it',
  'author.withdraw.no': 'No, keep it',
  'author.failed': 'That did not work. Please try again.',
  'author.tooMany': 'Too many replies this hour. Please try again later.',
};
