import type { ServerCatalogue } from './en.js';

const plural = new Intl.PluralRules('gd');

/** "1 sgeulachd", "2 sgeulachd", "3 sgeulachdan", "20 sgeulachd": the noun follows the number's category. */
function stories(count: number): string {
  return `${count} ${plural.select(count) === 'few' ? 'sgeulachdan' : 'sgeulachd'}`;
}

/** Scottish Gaelic (Gàidhlig). */
export const gd = {
  siteName: 'careloop',
  listAnd: (last: string) => `agus ${last}`,
  email: {
    unsubscribe: 'Cuir crìoch air an fho-sgrìobhadh',
    yourSubscriptions: 'Na fo-sgrìobhaidhean agad',
    changePlanned: 'Tha iad ag ràdh gu bheil atharrachadh san amharc air sgàth na sgeulachd seo.',
    changeMade: 'Tha iad ag ràdh gun deach atharrachadh a dhèanamh air sgàth na sgeulachd seo.',
    greeting: (nickname: string) => `Halò ${nickname},`,
    authorFooter:
      'Tha seo a’ tighinn thugad a chionn ’s gun tug thu seachad do sheòladh puist-d nuair a dh’innis thu do sgeulachd. Cha tèid a shealltainn do dhuine sam bith gu bràth.',
    confirm: {
      subject: (scope: string) => `Dearbh na brathan agad mu dheidhinn ${scope}`,
      title: 'Dearbh na brathan agad',
      preheader: 'Cha tèid càil a bharrachd a chur ach ma dhearbhas tu.',
      asked: (scope: string) =>
        `Dh’iarr cuideigin post-d chun an t-seòlaidh seo gach turas a thèid sgeulachd mu dheidhinn ${scope} fhoillseachadh air careloop.`,
      toStart:
        'Airson na brathan seo a thòiseachadh, dearbh gu h-ìosal. Cha tèid càil a bharrachd a chur mura dèan thu sin.',
      action: 'Dearbh na brathan',
      footer: 'Mura b’ e thusa a bh’ ann, leig seachad am post-d seo: cha chluinn thu bhuainn a-rithist.',
    },
    digest: {
      subject: (count: number, scope: string, day: string) =>
        `${count === 1 ? 'Sgeulachd ùr' : `${stories(count)} ùra`} mu dheidhinn ${scope} (${day})`,
      title: 'Geàrr-chunntas làitheil',
      intro: (count: number, scope: string, date: string) =>
        `${count === 1 ? 'Chaidh an sgeulachd seo' : 'Chaidh na sgeulachdan seo'} mu dheidhinn ${scope} fhoillseachadh ${date}:`,
      item: (index: number, title: string, services: string) =>
        `${index}. ${title}, mu dheidhinn ${services}.`,
      more: (count: number) => `Agus ${count} a bharrachd.`,
      action: (index: number) => `Leugh sgeulachd ${index}`,
      footer: (scope: string) =>
        `Tha an geàrr-chunntas làitheil seo a’ tighinn thugad a chionn ’s gun do chlàraich thu airson brathan mu dheidhinn ${scope}.`,
    },
    preview: {
      authorSubject: (title: string) => `Thèid an sgeulachd agad ${title} fhoillseachadh a dh’aithghearr`,
      authorTitle: 'Thèid an sgeulachd agad fhoillseachadh a dh’aithghearr',
      author: (title: string, day: string) =>
        `Dh’aontaich modaratair ris an sgeulachd agad ${title}. Air sgàth ’s gu bheil i a’ togail dragh mòr, faodaidh luchd-obrach nan seirbheisean air a bheil i a leughadh an toiseach, airson beagan làithean-obrach, agus freagairt ullachadh a thèid fhoillseachadh còmhla rithe. Thèid fhoillseachadh aig deireadh ${day}, mura feum modaratair sùil eile a thoirt oirre. Chan urrainn don luchd-obrach stad a chur air.`,
      reviewSubject: (title: string) => `Tha modaratair a’ toirt sùil eile air an sgeulachd agad ${title}`,
      reviewTitle: 'Tha modaratair a’ toirt sùil eile air an sgeulachd agad',
      review: (title: string, day: string) =>
        `Dh’iarr luchd-obrach na seirbheis air modaratair sùil eile a thoirt air an sgeulachd agad ${title} mus tèid fhoillseachadh (mar eisimpleir, air sgàth ’s gum faodadh i cuideigin aithneachadh). Chan urrainn dhaibh stad a chur air: mura cùm modaratair air ais i, thèid fhoillseachadh aig deireadh ${day}.`,
      publishedSubject: (title: string) => `Chaidh an sgeulachd agad ${title} fhoillseachadh`,
      publishedTitle: 'Chaidh an sgeulachd agad fhoillseachadh',
      published: (title: string) =>
        `Chaidh an sgeulachd agad ${title} fhoillseachadh a-nis. Cuiridh sinn post-d thugad nuair a fhreagras cuideigin.`,
      responderSubject: (service: string, title: string) =>
        `Ro-shealladh mus tèid fhoillseachadh: ${title} mu ${service}`,
      responderTitle: 'Sgeulachd chudromach airson ro-shealladh',
      responder: (services: string, title: string, day: string) =>
        `Dh’aontaich modaratairean ris an sgeulachd ${title} mu ${services} agus thuirt iad gu bheil i cudromach. Faodaidh tu a leughadh a-nis sa mhodh rianachd, mus tèid fhoillseachadh aig deireadh ${day}: ullaich freagairt a thèid fhoillseachadh còmhla rithe, no iarr air modaratair sùil eile a thoirt oirre ma tha rudeigin innte a dh’fheumas an aire. Thèid fhoillseachadh ge b’ e dè a chuireas tu romhad, mura cùm modaratair air ais i.`,
      responderAction: 'Ro-shealladh sa mhodh rianachd',
      responderFooter: 'Tha seo a’ tighinn thugad mar neach-obrach aig seirbheis air a bheil an sgeulachd.',
    },
    moderation: {
      heldSubject: (title: string) => `Chaidh an sgeulachd agad ${title} a chumail air ais`,
      rejectedSubject: (title: string) => `Cha deach an sgeulachd agad ${title} fhoillseachadh`,
      heldTitle: 'Chaidh an sgeulachd agad a chumail air ais',
      rejectedTitle: 'Cha deach an sgeulachd agad fhoillseachadh',
      held: (title: string) =>
        `Chùm modaratair an sgeulachd agad ${title} air ais: cha tèid a sealltainn gu poblach an-dràsta. An teachdaireachd aca dhut:`,
      rejected: (title: string) =>
        `Chuir modaratair romhpa gun an sgeulachd agad ${title} fhoillseachadh. An teachdaireachd aca dhut:`,
      footer:
        'Seallaidh an ceangal prìobhaideach agad (a fhuair thu nuair a dh’innis thu do sgeulachd) an staid aice.',
    },
    received: {
      subject: (title: string) => `Fhuair sinn an sgeulachd agad ${title}`,
      title: 'Fhuair sinn an sgeulachd agad',
      thanks: (title: string) => `Mòran taing airson an sgeulachd agad ${title} innse.`,
      enteredForYou: (title: string) =>
        `Mòran taing airson an sgeulachd agad ${title} innse. Chuir ball den luchd-obrach no saor-thoileach a-steach i às do leth, mar a dh’aontaich thu, agus thug iad an seòladh seo seachad airson ’s gun lean thu i.`,
      whatNext:
        'Dè thachras a-nis: leughaidh modaratair gach sgeulachd mus tèid fhoillseachadh, gus am fan a h-uile duine gun ainm agus an làrach sàbhailte. Nuair a thèid fhoillseachadh, thèid innse do luchd-obrach nan seirbheisean air a bheil i, agus faodaidh iad freagairt gu poblach. Cuiridh sinn post-d thugad nuair a fhreagras cuideigin.',
      privateLink:
        'Seallaidh an ceangal prìobhaideach agad an sgeulachd agad is an staid aice, agus leigidh e leat freagairtean a fhreagairt no a toirt air falbh. Cùm agad fhèin e: is urrainn do dhuine sam bith aig a bheil e an aon rud a dhèanamh.',
      action: 'An sgeulachd agad (ceangal prìobhaideach)',
      footer: 'Mura b’ e thusa a bh’ ann, leig seachad am post-d seo.',
    },
    reply: {
      subject: (nickname: string, title: string) => `Fhreagair ${nickname} air ${title}`,
      title: 'Fhreagair an t-ùghdar',
      preheader: (title: string) => `Fhreagair ùghdar ${title}.`,
      intro: (nickname: string, title: string) =>
        `Fhreagair ${nickname}, a dh’innis an sgeulachd ${title}, an dèidh na freagairt agad:`,
      action: 'Leugh an fhreagairt',
      footer: 'Tha seo a’ tighinn thugad a chionn ’s gun do fhreagair thu an sgeulachd seo.',
    },
    responseRejected: {
      subject: (title: string) => `Cha deach an fhreagairt agad do ${title} fhoillseachadh`,
      title: 'Cha deach an fhreagairt agad fhoillseachadh',
      intro: (title: string) =>
        `Leugh modaratair an fhreagairt agad dhan sgeulachd ${title} is cha do dh’fhoillsich iad i. Thuirt iad:`,
      action: 'Fosgail an sgeulachd',
      footer:
        'Tha seo a’ tighinn thugad a chionn ’s gun do fhreagair thu an sgeulachd seo. Leughaidh modaratair a’ chiad fhreagairtean agad mus bi iad poblach.',
    },
    responseToAuthor: {
      subject: (title: string) => `Freagairt dhan sgeulachd agad ${title}`,
      title: 'Freagairt dhan sgeulachd agad',
      preheader: (responder: string) => `Fhreagair ${responder} an sgeulachd agad.`,
      intro: (responder: string, title: string) => `Fhreagair ${responder} an sgeulachd agad ${title}:`,
      action: 'Leugh an fhreagairt',
      footer: 'Airson freagairt, cleachd an ceangal prìobhaideach a fhuair thu nuair a dh’innis thu i.',
    },
    responseToSubscriber: {
      subject: (title: string) => `Freagairt ùr do ${title}`,
      title: 'Freagairt ùr',
      preheader: (responder: string) => `Fhreagair ${responder}.`,
      intro: (responder: string, title: string, services: string) =>
        `Fhreagair ${responder} an sgeulachd ${title} mu dheidhinn ${services}:`,
      action: 'Leugh an sgeulachd is na freagairtean aice',
    },
    published: {
      subject: (service: string, title: string) => `Sgeulachd ùr mu dheidhinn ${service}: ${title}`,
      title: 'Sgeulachd ùr',
      intro: (services: string, title: string, nickname: string) =>
        `Chaidh sgeulachd ùr mu dheidhinn ${services} fhoillseachadh: ${title}, le ${nickname}.`,
      action: 'Leugh an sgeulachd is freagair',
    },
    subscribedFooter: (scope: string) =>
      `Tha seo a’ tighinn thugad a chionn ’s gun do chlàraich thu airson brathan mu dheidhinn ${scope}.`,
    report: {
      subject: (weekly: boolean, scope: string, period: string, count: string, rate: string) =>
        `Aithisg ${weekly ? 'sheachdaineil' : 'mhìosail'} airson ${scope} (${period}): ${count}, ${rate} air am freagairt`,
      title: (weekly: boolean) => (weekly ? 'Aithisg sheachdaineil' : 'Aithisg mhìosail'),
      stories,
      published: (count: number, scope: string, from: string, to: string) =>
        `Chaidh ${stories(count)} mu dheidhinn ${scope} fhoillseachadh eadar ${from} agus ${to} (UTC).`,
      responded: (count: number, rate: string) => `Fhuair ${count} dhiubh (${rate}) freagairt.`,
      firstResponse: (median: string, p90: string) =>
        `Thàinig a’ chiad fhreagairt an ceann ${median} (meadhan), agus taobh a-staigh ${p90} do 90% dhiubh.`,
      changes: (responses: number, planned: string, made: string) =>
        `De na freagairtean (${responses}), thuirt ${planned} gu bheil atharrachadh san amharc agus ${made} gun deach atharrachadh a dhèanamh.`,
      none: 'gin',
      hours: (hours: string) => `${hours} uair a thìde`,
      days: (days: string) => `${days} là`,
      good: 'Na bha math',
      improve: 'Na ghabhadh leasachadh',
      feelings: 'Mar a bha daoine a’ faireachdainn',
      footer: (weekly: boolean, scope: string) =>
        `Tha an aithisg ${weekly ? 'sheachdaineil' : 'mhìosail'} seo a’ tighinn thugad a chionn ’s gun do dh’iarr thu i air an fho-sgrìobhadh agad do ${scope}.`,
    },
  },
  pages: {
    notSubscribedTitle: 'Gun fho-sgrìobhadh',
    alreadyStopped: 'Chaidh stad a chur air na brathan seo mu thràth: chan fhaigh thu tuilleadh.',
    unsubscribeTitle: 'An cuir thu stad air na brathan seo?',
    unsubscribeAsk: (scope: string) => `Tha thu a’ faighinn brathan puist-d mu dheidhinn ${scope}.`,
    unsubscribeButton: 'Cuir crìoch air an fho-sgrìobhadh',
    unsubscribedTitle: 'Chaidh crìoch a chur air an fho-sgrìobhadh',
    unsubscribed: (scope: string) => `Chan fhaigh thu tuilleadh bhrathan mu dheidhinn ${scope}.`,
    alreadyConfirmedTitle: 'Air a dhearbhadh mu thràth',
    alreadyConfirmed: (scope: string) =>
      `Gheibh thu post-d nuair a thèid sgeulachd mu dheidhinn ${scope} fhoillseachadh.`,
    confirmTitle: 'Dearbh na brathan agad',
    confirmAsk: (scope: string) =>
      `Dearbh gu bheil thu ag iarraidh post-d gach turas a thèid sgeulachd mu dheidhinn ${scope} fhoillseachadh.`,
    confirmButton: 'Dearbh',
    confirmedTitle: 'Air a dhearbhadh',
    confirmed: (scope: string) =>
      `Gheibh thu post-d nuair a thèid sgeulachd mu dheidhinn ${scope} fhoillseachadh.`,
    everyAlertUnsubscribe: 'Tha ceangal anns gach brath airson crìoch a chur air an fho-sgrìobhadh.',
    invalidTitle: 'Chan eil an ceangal dligheach',
    invalid:
      'Chan eil an ceangal seo dligheach. Dèan lethbhreac dhen cheangal shlàn on phost-d, no lean an ceangal ann am post-d nas ùire.',
    yourSubscriptionsTitle: 'Na fo-sgrìobhaidhean agad',
    yourSubscriptionsIntro:
      'Gach fo-sgrìobhadh aig an t-seòladh puist-d seo. Sguab às gin nach eil thu ag iarraidh tuilleadh.',
    noSubscriptions: 'Chan eil fo-sgrìobhadh sam bith aig an t-seòladh puist-d seo: chan fhaigh thu brathan.',
    subscriptionDeleted: (scope: string) =>
      `Air a sguabadh às: chan fhaigh thu tuilleadh bhrathan mu dheidhinn ${scope}.`,
    deleteSubscription: 'Sguab às',
    deleteSubscriptionOf: (scope: string) => `Sguab às am fo-sgrìobhadh agad gu ${scope}`,
    modeImmediate: 'Post-d airson gach sgeulachd',
    modeDaily: 'Geàrr-chunntas làitheil',
    awaitingConfirmation: 'Gun dearbhadh fhathast',
  },
  feeds: {
    pageTitle: 'Lean na tha euslaintich ag ràdh – inbhirean careloop',
    heading: 'Lean na tha euslaintich ag ràdh',
    intro:
      'Chaidh gach sgeulachd an-seo a leughadh le modaratair mus deach fhoillseachadh. Cuir inbhir ris an leughadair inbhirean agad airson sgeulachdan ùra mu dheidhinn bòrd slàinte, ospadal no roinn-phàrlamaid fhaicinn nuair a thèid am foillseachadh; seallaidh na h-inbhirean “sgeulachdan is freagairtean” gach freagairt phoblach cuideachd.',
    boards: 'Bùird slàinte is na h-ospadail aca',
    constituencies: 'Roinnean-pàrlamaid',
    stories: 'sgeulachdan',
    storiesAndResponses: 'sgeulachdan is freagairtean',
    withResponses: (name: string) => `${name}, le freagairtean`,
    feedFor: (name: string) => ` airson ${name}`,
  },
} satisfies ServerCatalogue;
