import type { ServerCatalogue } from './en.js';

/** Welsh (Cymraeg). A number before a noun takes the singular: "3 stori". */
export const cy = {
  siteName: 'careloop',
  listAnd: (last: string) => (/^[aeiouwyâêîôûŵŷ]/i.test(last) ? `ac ${last}` : `a ${last}`),
  email: {
    unsubscribe: 'Dad-danysgrifio',
    yourSubscriptions: 'Eich tanysgrifiadau',
    changePlanned: 'Maen nhw’n dweud bod newid wedi’i gynllunio oherwydd y stori hon.',
    changeMade: 'Maen nhw’n dweud bod newid wedi’i wneud oherwydd y stori hon.',
    greeting: (nickname: string) => `Helo ${nickname},`,
    authorFooter:
      'Rydych chi’n cael hwn oherwydd i chi roi eich cyfeiriad e-bost pan wnaethoch chi adrodd eich stori. Nid yw byth yn cael ei ddangos i neb.',
    confirm: {
      subject: (scope: string) => `Cadarnhewch eich hysbysiadau am ${scope}`,
      title: 'Cadarnhewch eich hysbysiadau',
      preheader: 'Ni fydd dim mwy yn cael ei anfon oni bai eich bod yn cadarnhau.',
      asked: (scope: string) =>
        `Gofynnodd rhywun am e-bost i’r cyfeiriad hwn bob tro y caiff stori am ${scope} ei chyhoeddi ar careloop.`,
      toStart:
        'I ddechrau’r hysbysiadau hyn, cadarnhewch isod. Ni fydd dim mwy yn cael ei anfon oni bai eich bod yn gwneud hynny.',
      action: 'Cadarnhau’r hysbysiadau',
      footer: 'Os nad chi oedd hyn, anwybyddwch yr e-bost hwn: fyddwch chi ddim yn clywed gennym eto.',
    },
    digest: {
      subject: (count: number, scope: string, day: string) => `${count} stori newydd am ${scope} (${day})`,
      title: 'Crynodeb dyddiol',
      intro: (count: number, scope: string, date: string) =>
        `Cyhoeddwyd ${count === 1 ? 'un stori' : `${count} stori`} am ${scope} ar ${date}:`,
      item: (index: number, title: string, services: string) => `${index}. ${title}, am ${services}.`,
      more: (count: number) => `A ${count} arall.`,
      action: (index: number) => `Darllen stori ${index}`,
      footer: (scope: string) =>
        `Rydych chi’n cael y crynodeb dyddiol hwn oherwydd i chi danysgrifio i hysbysiadau am ${scope}.`,
    },
    preview: {
      authorSubject: (title: string) => `Bydd eich stori ${title} yn cael ei chyhoeddi cyn bo hir`,
      authorTitle: 'Bydd eich stori yn cael ei chyhoeddi cyn bo hir',
      author: (title: string, day: string) =>
        `Mae cymedrolwr wedi cymeradwyo eich stori ${title}. Gan ei bod yn codi pryderon difrifol, gall staff y gwasanaethau y mae’n sôn amdanynt ei darllen yn gyntaf, am ychydig o ddiwrnodau gwaith, a pharatoi ymateb i’w gyhoeddi gyda hi. Bydd yn cael ei chyhoeddi ar ddiwedd ${day}, oni bai bod angen i gymedrolwr edrych arni eto. Ni all y staff ei hatal rhag cael ei chyhoeddi.`,
      reviewSubject: (title: string) => `Mae cymedrolwr yn edrych ar eich stori ${title} eto`,
      reviewTitle: 'Mae cymedrolwr yn edrych ar eich stori eto',
      review: (title: string, day: string) =>
        `Gofynnodd staff y gwasanaeth i gymedrolwr edrych ar eich stori ${title} eto cyn ei chyhoeddi (er enghraifft, am y gallai adnabod rhywun). Ni allant ei hatal rhag cael ei chyhoeddi: oni bai bod cymedrolwr yn ei dal yn ôl, bydd yn cael ei chyhoeddi ar ddiwedd ${day}.`,
      publishedSubject: (title: string) => `Mae eich stori ${title} wedi’i chyhoeddi`,
      publishedTitle: 'Mae eich stori wedi’i chyhoeddi',
      published: (title: string) =>
        `Mae eich stori ${title} wedi’i chyhoeddi nawr. Byddwn yn anfon e-bost atoch pan fydd rhywun yn ymateb.`,
      responderSubject: (service: string, title: string) => `Rhagolwg cyn cyhoeddi: ${title} am ${service}`,
      responderTitle: 'Stori ddifrifol i’w rhagweld',
      responder: (services: string, title: string, day: string) =>
        `Mae cymedrolwyr wedi cymeradwyo’r stori ${title} am ${services} a’i graddio’n ddifrifol. Gallwch ei darllen nawr yn y modd gweinyddu, cyn iddi gael ei chyhoeddi ar ddiwedd ${day}: paratowch ymateb i’w gyhoeddi gyda hi, neu gofynnwch i gymedrolwr edrych arni eto os oes angen iddynt sylwi ar rywbeth ynddi. Bydd yn cael ei chyhoeddi beth bynnag a benderfynwch, oni bai bod cymedrolwr yn ei dal yn ôl.`,
      responderAction: 'Rhagweld yn y modd gweinyddu',
      responderFooter: 'Rydych yn cael hwn fel aelod o staff gwasanaeth y mae’r stori yn sôn amdano.',
    },
    moderation: {
      heldSubject: (title: string) => `Mae eich stori ${title} wedi’i dal yn ôl`,
      rejectedSubject: (title: string) => `Ni chyhoeddwyd eich stori ${title}`,
      heldTitle: 'Mae eich stori wedi’i dal yn ôl',
      rejectedTitle: 'Ni chyhoeddwyd eich stori',
      held: (title: string) =>
        `Mae cymedrolwr wedi dal eich stori ${title} yn ôl: nid yw’n cael ei dangos yn gyhoeddus am y tro. Eu neges i chi:`,
      rejected: (title: string) =>
        `Mae cymedrolwr wedi penderfynu peidio â chyhoeddi eich stori ${title}. Eu neges i chi:`,
      footer: 'Mae eich dolen breifat (a roddwyd pan wnaethoch chi adrodd eich stori) yn dangos ei statws.',
    },
    received: {
      subject: (title: string) => `Mae eich stori ${title} wedi dod i law`,
      title: 'Mae eich stori wedi dod i law',
      thanks: (title: string) => `Diolch am adrodd eich stori ${title}.`,
      enteredForYou: (title: string) =>
        `Diolch am adrodd eich stori ${title}. Fe wnaeth aelod o staff neu wirfoddolwr ei chofnodi ar eich rhan, fel y cytunoch, a rhoi’r cyfeiriad hwn er mwyn i chi allu ei dilyn.`,
      whatNext:
        'Beth sy’n digwydd nesaf: mae cymedrolwr yn darllen pob stori cyn iddi gael ei chyhoeddi, i gadw pawb yn ddienw a’r wefan yn ddiogel. Ar ôl iddi gael ei chyhoeddi, bydd staff y gwasanaethau y mae’n sôn amdanynt yn cael gwybod, a gallant ymateb yn gyhoeddus. Byddwn yn anfon e-bost atoch pan fydd rhywun yn ymateb.',
      privateLink:
        'Mae eich dolen breifat yn dangos eich stori a’i statws, ac yn gadael i chi ateb ymatebion neu ei thynnu’n ôl. Cadwch hi i chi’ch hun: gall unrhyw un sydd â hi wneud yr un peth.',
      action: 'Eich stori (dolen breifat)',
      footer: 'Os nad chi oedd hyn, anwybyddwch yr e-bost hwn.',
    },
    reply: {
      subject: (nickname: string, title: string) => `Atebodd ${nickname} ar ${title}`,
      title: 'Mae’r awdur wedi ateb',
      preheader: (title: string) => `Mae awdur ${title} wedi ateb.`,
      intro: (nickname: string, title: string) =>
        `Mae ${nickname}, a adroddodd y stori ${title}, wedi ateb ar ôl eich ymateb:`,
      action: 'Darllen yr ateb',
      footer: 'Rydych chi’n cael hwn oherwydd i chi ymateb i’r stori hon.',
    },
    responseRejected: {
      subject: (title: string) => `Ni chyhoeddwyd eich ymateb i ${title}`,
      title: 'Ni chyhoeddwyd eich ymateb',
      intro: (title: string) =>
        `Darllenodd cymedrolwr eich ymateb i’r stori ${title} ac ni wnaeth ei gyhoeddi. Dywedon nhw:`,
      action: 'Agor y stori',
      footer:
        'Rydych chi’n cael hwn oherwydd i chi ymateb i’r stori hon. Mae cymedrolwr yn darllen eich ymatebion cyntaf cyn iddynt fod yn gyhoeddus.',
    },
    responseToAuthor: {
      subject: (title: string) => `Ymateb i’ch stori ${title}`,
      title: 'Ymateb i’ch stori',
      preheader: (responder: string) => `Mae ${responder} wedi ymateb i’ch stori.`,
      intro: (responder: string, title: string) => `Mae ${responder} wedi ymateb i’ch stori ${title}:`,
      action: 'Darllen yr ymateb',
      footer: 'I ateb, defnyddiwch y ddolen breifat a gawsoch pan wnaethoch chi ei hadrodd.',
    },
    responseToSubscriber: {
      subject: (title: string) => `Ymateb newydd i ${title}`,
      title: 'Ymateb newydd',
      preheader: (responder: string) => `Mae ${responder} wedi ymateb.`,
      intro: (responder: string, title: string, services: string) =>
        `Mae ${responder} wedi ymateb i’r stori ${title} am ${services}:`,
      action: 'Darllen y stori a’i hymatebion',
    },
    published: {
      subject: (service: string, title: string) => `Stori newydd am ${service}: ${title}`,
      title: 'Stori newydd',
      intro: (services: string, title: string, nickname: string) =>
        `Mae stori newydd am ${services} wedi’i chyhoeddi: ${title}, gan ${nickname}.`,
      action: 'Darllen y stori ac ymateb',
    },
    subscribedFooter: (scope: string) =>
      `Rydych chi’n cael hwn oherwydd i chi danysgrifio i hysbysiadau am ${scope}.`,
    report: {
      subject: (weekly: boolean, scope: string, period: string, stories: string, rate: string) =>
        `Adroddiad ${weekly ? 'wythnosol' : 'misol'} ar gyfer ${scope} (${period}): ${stories}, ${rate} wedi cael ymateb`,
      title: (weekly: boolean) => (weekly ? 'Adroddiad wythnosol' : 'Adroddiad misol'),
      stories: (count: number) => `${count} stori`,
      published: (count: number, scope: string, from: string, to: string) =>
        `Cyhoeddwyd ${count} stori am ${scope} rhwng ${from} a ${to} (UTC).`,
      responded: (count: number, rate: string) => `Cafodd ${count} ohonynt (${rate}) ymateb.`,
      firstResponse: (median: string, p90: string) =>
        `Daeth yr ymateb cyntaf ar ôl ${median} (canolrif), ac o fewn ${p90} i 90% ohonynt.`,
      changes: (responses: number, planned: string, made: string) =>
        `O’r ${responses} ymateb, dywedodd ${planned} fod newid wedi’i gynllunio a ${made} fod newid wedi’i wneud.`,
      none: 'dim',
      hours: (hours: string) => `${hours} awr`,
      days: (days: string) => `${days} diwrnod`,
      good: 'Beth oedd yn dda',
      improve: 'Beth allai fod yn well',
      feelings: 'Sut roedd pobl yn teimlo',
      footer: (weekly: boolean, scope: string) =>
        `Rydych chi’n cael yr adroddiad ${weekly ? 'wythnosol' : 'misol'} hwn oherwydd i chi ofyn amdano ar eich tanysgrifiad i ${scope}.`,
    },
  },
  pages: {
    notSubscribedTitle: 'Heb danysgrifio',
    alreadyStopped: 'Mae’r hysbysiadau hyn wedi’u stopio’n barod: ni chewch chi ragor.',
    unsubscribeTitle: 'Stopio’r hysbysiadau hyn?',
    unsubscribeAsk: (scope: string) => `Rydych chi’n cael hysbysiadau e-bost am ${scope}.`,
    unsubscribeButton: 'Dad-danysgrifio',
    unsubscribedTitle: 'Wedi dad-danysgrifio',
    unsubscribed: (scope: string) => `Ni chewch chi ragor o hysbysiadau am ${scope}.`,
    alreadyConfirmedTitle: 'Wedi’i gadarnhau’n barod',
    alreadyConfirmed: (scope: string) => `Rydych chi’n cael e-bost pan gaiff stori am ${scope} ei chyhoeddi.`,
    confirmTitle: 'Cadarnhewch eich hysbysiadau',
    confirmAsk: (scope: string) =>
      `Cadarnhewch eich bod eisiau e-bost bob tro y caiff stori am ${scope} ei chyhoeddi.`,
    confirmButton: 'Cadarnhau',
    confirmedTitle: 'Wedi’i gadarnhau',
    confirmed: (scope: string) => `Byddwch yn cael e-bost pan gaiff stori am ${scope} ei chyhoeddi.`,
    everyAlertUnsubscribe: 'Mae dolen i ddad-danysgrifio ym mhob hysbysiad.',
    invalidTitle: 'Nid yw’r ddolen yn ddilys',
    invalid:
      'Nid yw’r ddolen hon yn ddilys. Copïwch y ddolen gyfan o’r e-bost, neu dilynwch y ddolen mewn e-bost mwy diweddar.',
    yourSubscriptionsTitle: 'Eich tanysgrifiadau',
    yourSubscriptionsIntro:
      'Pob tanysgrifiad sydd gan y cyfeiriad e-bost hwn. Dilëwch unrhyw un nad ydych ei eisiau mwyach.',
    noSubscriptions: 'Nid oes gan y cyfeiriad e-bost hwn unrhyw danysgrifiadau: ni chewch chi hysbysiadau.',
    subscriptionDeleted: (scope: string) => `Wedi’i ddileu: ni chewch chi ragor o hysbysiadau am ${scope}.`,
    deleteSubscription: 'Dileu',
    deleteSubscriptionOf: (scope: string) => `Dileu eich tanysgrifiad i ${scope}`,
    modeImmediate: 'E-bost am bob stori',
    modeDaily: 'Crynodeb dyddiol',
    awaitingConfirmation: 'Heb ei gadarnhau eto',
  },
  feeds: {
    pageTitle: 'Dilynwch beth mae cleifion yn ei ddweud – ffrydiau careloop',
    heading: 'Dilynwch beth mae cleifion yn ei ddweud',
    intro:
      'Cafodd pob stori yma ei darllen gan gymedrolwr cyn iddi gael ei chyhoeddi. Ychwanegwch ffrwd at eich darllenydd ffrydiau i weld straeon newydd am fwrdd iechyd, ysbyty neu etholaeth wrth iddynt gael eu cyhoeddi; mae’r ffrydiau “straeon ac ymatebion” hefyd yn dangos pob ymateb cyhoeddus.',
    boards: 'Byrddau iechyd a’u hysbytai',
    constituencies: 'Etholaethau',
    stories: 'straeon',
    storiesAndResponses: 'straeon ac ymatebion',
    withResponses: (name: string) => `${name}, gydag ymatebion`,
    feedFor: (name: string) => ` ar gyfer ${name}`,
  },
} satisfies ServerCatalogue;
