import type en from '../en/author.js';

/** Scottish Gaelic strings of author mode. */
const gd: Record<keyof typeof en, string> = {
  'author.label': 'Do sgeulachd',
  'author.loading': 'A’ luchdadh do sgeulachd…',
  'author.notFound': 'Cha deach an sgeulachd a lorg. Dèan cinnteach gu bheil an ceangal slàn agad.',
  'author.status': 'Staid:',
  'author.status.submitted': 'A’ feitheamh ri modaratair',
  'author.status.held': 'Ga cumail air ais',
  'author.status.published': 'Air fhoillseachadh',
  'author.status.rejected': 'Cha deach fhoillseachadh',
  'author.status.withdrawn': 'Air a tarraing air ais',
  'author.reason': 'Teachdaireachd on mhodaratair',
  'author.responses': 'Freagairtean',
  'author.replies': 'Na freagairtean agad',
  'author.reply': 'Freagair na freagairtean',
  'author.reply.hint': 'Leughaidh modaratair e mus tèid fhoillseachadh.',
  'author.reply.send': 'Cuir freagairt',
  'author.reply.sent': 'Tapadh leat: leughaidh modaratair do fhreagairt.',
  'author.reply.empty': 'Sgrìobh do fhreagairt (suas ri 8,000 caractar)',
  'author.withdraw': 'Tarraing mo sgeulachd air ais',
  'author.withdraw.confirm':
    'A bheil thu airson do sgeulachd a tharraing air ais? Thèid a toirt far na làraich seo agus far gach inbhir sa bhad, còmhla ris na freagairtean aice. Chan urrainn dhut seo a neo-dhèanamh.',
  'author.withdraw.yes': 'Tha, tarraing air ais i',
  'author.withdraw.no': 'Chan eil, cùm i',
  'author.failed': 'Cha do dh’obraich sin. Feuch ris a-rithist.',
  'author.tooMany': 'Cus fhreagairtean san uair seo. Feuch ris a-rithist an ceann tamaill.',
};
export default gd;
