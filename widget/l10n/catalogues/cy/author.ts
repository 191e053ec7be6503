import type en from '../en/author.js';

/** Welsh strings of author mode. */
const cy: Record<keyof typeof en, string> = {
  'author.label': 'Eich stori',
  'author.loading': 'Yn llwytho eich stori…',
  'author.notFound': 'Heb ddod o hyd i’r stori. Gwiriwch fod gennych y ddolen gyfan.',
  'author.status': 'Statws:',
  'author.meaning.complaint':
    'Mae eich stori’n gysylltiedig â chwyn ffurfiol sy’n dal i gael ei hystyried, felly ni chaiff ei chyhoeddi tra bo’r gŵyn ar agor. Does dim wedi’i golli: bydd cymedrolwr yn edrych arni eto pan fydd y gŵyn wedi’i chau.',
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
  'author.kind': 'Beth ydych chi’n ei anfon?',
  'author.kind.reply': 'Ateb i’r ymatebion',
  'author.kind.update': 'Diweddariad: sut aeth pethau wedyn',
  'author.update.send': 'Anfon diweddariad',
  'author.update.sent': 'Diolch: bydd cymedrolwr yn darllen eich diweddariad.',
  'author.reply.empty': 'Ysgrifennwch eich ateb (hyd at 8,000 nod)',
  'author.withdraw': 'Tynnu fy stori yn ôl',
  'author.withdraw.confirm':
    'Tynnu eich stori yn ôl? Caiff ei thynnu oddi ar y wefan hon a phob ffrwd ar unwaith, gyda’i hymatebion. Ni allwch ddadwneud hyn.',
  'author.withdraw.yes': 'Ie, tynnwch hi’n ôl',
  'author.withdraw.no': 'Na, cadwch hi',
  'author.erase': 'Dileu fy stori a fy manylion',
  'author.erase.confirm':
    'Dileu eich stori a’ch manylion? Caiff eich stori, eich atebion, eich cyfeiriad e-bost a’ch cod post eu dileu am byth, a chaiff yr ymatebion iddi eu tynnu i lawr. Ni allwch ddadwneud hyn.',
  'author.erase.yes': 'Ie, dilëwch y cyfan',
  'author.erase.no': 'Na, cadwch hi',
  'author.erased': 'Cafodd y stori hon ei dileu ar eich cais, gyda’ch manylion.',
  'author.failed': 'Ni weithiodd hynny. Rhowch gynnig arall arni.',
  'author.download': 'Llwytho i lawr bopeth a gedwir am eich stori',
  'author.download.hint':
    'Ffeil (JSON) gyda’ch stori, y cyfeiriad e-bost a’r cod post a roesoch, penderfyniadau’r cymedrolwr, yr ymatebion a’ch atebion.',
  'author.tooMany': 'Gormod o atebion yr awr hon. Rhowch gynnig arall arni yn nes ymlaen.',
  'author.meaning.submitted':
    'Mae cymedrolwr yn darllen pob stori cyn ei chyhoeddi, fel arfer o fewn 2 ddiwrnod gwaith. Yna caiff ei chyhoeddi o dan eich llysenw a’i hanfon at y gwasanaethau a ddewisoch.',
  'author.meaning.held': 'Mae cymedrolwr wedi oedi eich stori cyn ei chyhoeddi, fel arfer i ofyn am newid.',
  'author.meaning.published':
    'Gall unrhyw un ei darllen, ac mae wedi’i hanfon at y gwasanaethau a ddewisoch. Gall staff ymateb yn gyhoeddus.',
  'author.meaning.rejected': 'Penderfynodd cymedrolwr na ellir ei chyhoeddi fel y mae.',
  'author.meaning.withdrawn':
    'Rydych wedi’i thynnu i lawr. Nid yw ar y wefan hon nac mewn unrhyw ffrwd mwyach.',
  'author.sentOn': 'Anfonwyd ar {date}',
  'author.publishedOn': 'Cyhoeddwyd ar {date}',
  'author.withdrawnOn': 'Tynnwyd yn ôl ar {date}',
  'author.sent': 'Beth anfonoch chi',
  'author.actions': 'Beth allwch chi ei wneud',
  'author.actions.submitted':
    'Ni ellir newid stori ar ôl ei hanfon. I’w newid, tynnwch hi’n ôl a’i hadrodd eto.',
  'author.actions.held':
    'Ni ellir newid stori ar ôl ei hanfon. I wneud y newid, tynnwch hi’n ôl a’i hadrodd eto.',
  'author.actions.published':
    'Atebwch yr ymatebion (bydd cymedrolwr yn darllen eich ateb yn gyntaf), neu tynnwch eich stori’n ôl.',
  'author.actions.rejected':
    'Gallwch adrodd eich stori eto, heb yr hyn a grybwyllodd y cymedrolwr, a thynnu’r un hon yn ôl.',
  'author.status.preview': 'Wedi’i chymeradwyo: mae’r gwasanaethau’n ei darllen yn gyntaf',
  'author.meaning.preview':
    'Mae cymedrolwr wedi cymeradwyo eich stori. Gan ei bod yn codi pryderon difrifol, gall staff y gwasanaethau y mae’n sôn amdanynt ei darllen yn gyntaf a pharatoi ymateb i’w gyhoeddi gyda hi. Ni allant ei hatal rhag cael ei chyhoeddi.',
  'author.previewUntil':
    'Bydd yn cael ei chyhoeddi ar ddiwedd {date}, oni bai bod angen i gymedrolwr edrych arni eto.',
  'author.previewReview': 'Gofynnodd y gwasanaeth i gymedrolwr edrych arni eto cyn ei chyhoeddi.',
  'author.actions.preview':
    'Ni ellir newid stori ar ôl ei hanfon. I’w newid, tynnwch hi’n ôl a’i hadrodd eto.',
};
export default cy;
