import type en from '../en/author.js';

/** Welsh strings of author mode. */
const cy: Record<keyof typeof en, string> = {
  'author.label': 'Eich stori',
  'author.loading': 'Yn llwytho eich stori…',
  'author.notFound': 'Heb ddod o hyd i’r stori. Gwiriwch fod gennych y ddolen gyfan.',
  'author.status': 'Statws:',
  'author.status.submitted': 'Yn aros am gymedrolwr',
  'author.status.held': 'Wedi’i dal yn ôl',
  'author.status.published': 'Wedi’i chyhoeddi',
  'author.status.rejected': 'Heb ei chyhoeddi',
  'author.status.withdrawn': 'Wedi’i thynnu’n ôl',
  'author.reason': 'Neges gan y cymedrolwr',
  'author.responses': 'Ymatebion',
  'author.replies': 'Eich atebion',
  'author.reply': 'Ateb yr ymatebion',
  'author.reply.hint': 'Bydd cymedrolwr yn ei ddarllen cyn iddo gael ei gyhoeddi.',
  'author.reply.send': 'Anfon ateb',
  'author.reply.sent': 'Diolch: bydd cymedrolwr yn darllen eich ateb.',
  'author.reply.empty': 'Ysgrifennwch eich ateb (hyd at 8,000 nod)',
  'author.withdraw': 'Tynnu fy stori yn ôl',
  'author.withdraw.confirm':
    'Tynnu eich stori yn ôl? Caiff ei thynnu oddi ar y wefan hon a phob ffrwd ar unwaith, gyda’i hymatebion. Ni allwch ddadwneud hyn.',
  'author.withdraw.yes': 'Ie, tynnwch hi’n ôl',
  'author.withdraw.no': 'Na, cadwch hi',
  'author.failed': 'Ni weithiodd hynny. Rhowch gynnig arall arni.',
  'author.tooMany': 'Gormod o atebion yr awr hon. Rhowch gynnig arall arni yn nes ymlaen.',
};
export default cy;
