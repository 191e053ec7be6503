import type en from '../en/author.js';

/** Scottish Gaelic strings of author mode. */
const gd: Record<keyof typeof en, string> = {
  'author.label': 'Do sgeulachd',
  'author.loading': 'A’ luchdadh do sgeulachd…',
  'author.notFound': 'Cha deach an sgeulachd a lorg. Dèan cinnteach gu bheil an ceangal slàn agad.',
  'author.status': 'Staid:',
  'author.meaning.complaint':
    'Tha an sgeulachd agad co-cheangailte ri gearan foirmeil a thathar fhathast a’ sgrùdadh, mar sin cha tèid fhoillseachadh fhad ’s a tha an gearan fosgailte. Cha deach dad a chall: seallaidh modaratair oirre a-rithist nuair a bhios an gearan dùinte.',
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
  'author.kind': 'Dè tha thu a’ cur?',
  'author.kind.reply': 'Freagairt dha na freagairtean',
  'author.kind.update': 'Naidheachd às ùr: mar a chaidh dhut on uair sin',
  'author.update.send': 'Cuir an naidheachd',
  'author.update.sent': 'Tapadh leat: leughaidh modaratair an naidheachd agad.',
  'author.reply.empty': 'Sgrìobh do fhreagairt (suas ri 8,000 caractar)',
  'author.withdraw': 'Tarraing mo sgeulachd air ais',
  'author.withdraw.confirm':
    'A bheil thu airson do sgeulachd a tharraing air ais? Thèid a toirt far na làraich seo agus far gach inbhir sa bhad, còmhla ris na freagairtean aice. Chan urrainn dhut seo a neo-dhèanamh.',
  'author.withdraw.yes': 'Tha, tarraing air ais i',
  'author.withdraw.no': 'Chan eil, cùm i',
  'author.erase': 'Sguab às mo sgeulachd is m’ fhiosrachadh',
  'author.erase.confirm':
    'A bheil thu airson do sgeulachd is d’ fhiosrachadh a sguabadh às? Thèid do sgeulachd, do fhreagairtean, do sheòladh puist-d is do chòd-puist a sguabadh às gu buan, agus thèid na freagairtean oirre a thoirt air falbh. Chan urrainn dhut seo a neo-dhèanamh.',
  'author.erase.yes': 'Tha, sguab às a h-uile càil',
  'author.erase.no': 'Chan eil, cùm i',
  'author.erased': 'Chaidh an sgeulachd seo a sguabadh às air d’ iarrtas, còmhla ri d’ fhiosrachadh.',
  'author.failed': 'Cha do dh’obraich sin. Feuch ris a-rithist.',
  'author.download': 'Luchdaich a-nuas gach rud a tha air a chumail mun sgeulachd agad',
  'author.download.hint':
    'Faidhle (JSON) leis an sgeulachd agad, an seòladh puist-d agus an còd-puist a thug thu seachad, co-dhùnaidhean a’ mhodaratair, na freagairtean agus na freagairtean agad fhèin.',
  'author.tooMany': 'Cus fhreagairtean san uair seo. Feuch ris a-rithist an ceann tamaill.',
  'author.meaning.submitted':
    'Leughaidh modaratair gach sgeulachd mus tèid fhoillseachadh, mar as trice taobh a-staigh 2 latha-obrach. An uair sin thèid a foillseachadh fo do far-ainm agus a cur gu na seirbheisean a thagh thu.',
  'author.meaning.held':
    'Chuir modaratair stad air do sgeulachd mus deach a foillseachadh, mar as trice gus atharrachadh iarraidh.',
  'author.meaning.published':
    'Faodaidh duine sam bith a leughadh, agus chaidh a cur gu na seirbheisean a thagh thu. Faodaidh an luchd-obrach freagairt gu poblach.',
  'author.meaning.rejected': 'Cho-dhùin modaratair nach gabh a foillseachadh mar a tha i.',
  'author.meaning.withdrawn':
    'Thug thu sìos i. Chan eil i air an làrach-lìn seo no ann an inbhir sam bith tuilleadh.',
  'author.sentOn': 'Air a cur {date}',
  'author.publishedOn': 'Air fhoillseachadh {date}',
  'author.withdrawnOn': 'Air a tarraing air ais {date}',
  'author.sent': 'Na chuir thu',
  'author.actions': 'Na nì thu',
  'author.actions.submitted':
    'Cha ghabh sgeulachd atharrachadh às dèidh a cur. Gus atharrachadh, tarraing air ais i agus innis a-rithist i.',
  'author.actions.held':
    'Cha ghabh sgeulachd atharrachadh às dèidh a cur. Gus an t-atharrachadh a dhèanamh, tarraing air ais i agus innis a-rithist i.',
  'author.actions.published':
    'Freagair na freagairtean (leughaidh modaratair do fhreagairt an toiseach), no tarraing do sgeulachd air ais.',
  'author.actions.rejected':
    'Faodaidh tu do sgeulachd innse a-rithist, às aonais na thuirt am modaratair, agus an tè seo a tharraing air ais.',
  'author.status.preview': 'Air aontachadh: tha na seirbheisean ga leughadh an toiseach',
  'author.meaning.preview':
    'Dh’aontaich modaratair ris an sgeulachd agad. Air sgàth ’s gu bheil i a’ togail dragh mòr, faodaidh luchd-obrach nan seirbheisean a leughadh an toiseach agus freagairt ullachadh a thèid fhoillseachadh còmhla rithe. Chan urrainn dhaibh stad a chur air.',
  'author.previewUntil':
    'Thèid fhoillseachadh aig deireadh {date}, mura feum modaratair sùil eile a thoirt oirre.',
  'author.previewReview':
    'Dh’iarr an t-seirbheis air modaratair sùil eile a thoirt oirre mus tèid fhoillseachadh.',
  'author.actions.preview':
    'Chan urrainnear sgeulachd atharrachadh às dèidh a cur. Airson a h-atharrachadh, tarraing air ais i agus innis a-rithist i.',
};
export default gd;
