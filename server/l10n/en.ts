/**
 * The service's own words in English: emails, the pages behind email links, the feeds page. The other
 * catalogues must have every key (`satisfies ServerCatalogue`, and a test). Values are plain text;
 * templates escape them. Functions take names and titles as already formatted (quoted, listed).
 */
export const en = {
  siteName: 'careloop',
  /** Joins the last two items of a list: "A, B and C". */
  listAnd: (last: string) => `and ${last}`,
  email: {
    unsubscribe: 'Unsubscribe',
    yourSubscriptions: 'Your subscriptions',
    changePlanned: 'They say a change is planned because of this story.',
    changeMade: 'They say a change has been made because of this story.',
    greeting: (nickname: string) => `Hello ${nickname},`,
    authorFooter:
      'You get this because you gave your email address when you told your story. It is never shown to anyone.',
    confirm: {
      subject: (scope: string) => `Confirm your alerts about ${scope}`,
      title: 'Confirm your alerts',
      preheader: 'Nothing more is sent unless you confirm.',
      asked: (scope: string) =>
        `Someone asked for an email to this address whenever a story about ${scope} is published on careloop.`,
      toStart: 'To start these alerts, confirm below. Nothing more is sent unless you do.',
      action: 'Confirm alerts',
      footer: 'If this was not you, ignore this email: you will not hear from us again.',
    },
    digest: {
      subject: (count: number, scope: string, day: string) =>
        `${count === 1 ? '1 new story' : `${count} new stories`} about ${scope} (${day})`,
      title: 'Daily digest',
      intro: (count: number, scope: string, date: string) =>
        `${count === 1 ? 'One story' : `${count} stories`} about ${scope} ${count === 1 ? 'was' : 'were'} published on ${date}:`,
      item: (index: number, title: string, services: string) => `${index}. ${title}, about ${services}.`,
      more: (count: number) => `And ${count} more.`,
      action: (index: number) => `Read story ${index}`,
      footer: (scope: string) => `You get this daily digest because you subscribed to alerts about ${scope}.`,
    },
    preview: {
      authorSubject: (title: string) => `Your story ${title} will be published soon`,
      authorTitle: 'Your story will be published soon',
      author: (title: string, day: string) =>
        `A moderator has approved your story ${title}. Because it raises serious concerns, the staff of the services it is about can read it first, for a few working days, and may prepare a response to be published with it. It will be published at the end of ${day}, unless a moderator needs to look at it again. The staff cannot stop it being published.`,
      reviewSubject: (title: string) => `A moderator is looking at your story ${title} again`,
      reviewTitle: 'A moderator is looking at your story again',
      review: (title: string, day: string) =>
        `The staff of the service asked a moderator to look at your story ${title} again before it is published (for example, because it may identify someone). They cannot stop it being published: unless a moderator holds it, it will be published at the end of ${day}.`,
      publishedSubject: (title: string) => `Your story ${title} is published`,
      publishedTitle: 'Your story is published',
      published: (title: string) =>
        `Your story ${title} is now published. We will email you when someone responds.`,
      responderSubject: (service: string, title: string) =>
        `Preview before publication: ${title} about ${service}`,
      responderTitle: 'A serious story to preview',
      responder: (services: string, title: string, day: string) =>
        `Moderators have approved the story ${title} about ${services} and rated it serious. You can read it now in admin mode, before it is published at the end of ${day}: prepare a response to be published with it, or ask a moderator to look at it again if something in it needs their attention. It will be published whatever you decide, unless a moderator holds it.`,
      responderAction: 'Preview it in admin mode',
      responderFooter: 'You receive this as staff of a service the story is about.',
    },
    moderation: {
      heldSubject: (title: string) => `Your story ${title} is on hold`,
      rejectedSubject: (title: string) => `Your story ${title} was not published`,
      heldTitle: 'Your story is on hold',
      rejectedTitle: 'Your story was not published',
      held: (title: string) =>
        `A moderator has put your story ${title} on hold: it is not shown publicly for now. Their message to you:`,
      rejected: (title: string) =>
        `A moderator has decided not to publish your story ${title}. Their message to you:`,
      footer: 'Your private link (given when you told your story) shows its status.',
    },
    received: {
      subject: (title: string) => `Your story ${title} was received`,
      title: 'Your story was received',
      thanks: (title: string) => `Thank you for telling your story ${title}.`,
      enteredForYou: (title: string) =>
        `Thank you for telling your story ${title}. A member of staff or a volunteer entered it for you, as you agreed, and gave this address so that you can follow it.`,
      whatNext:
        'What happens next: a moderator reads every story before it is published, to keep everyone anonymous and the site safe. Once it is published, the staff of the services it is about are told, and can respond in public. We will email you when someone responds.',
      privateLink:
        'Your private link shows your story and its status, and lets you reply to responses or withdraw it. Keep it to yourself: anyone with it can do the same.',
      action: 'Your story (private link)',
      footer: 'If this was not you, ignore this email.',
    },
    reply: {
      subject: (nickname: string, title: string) => `${nickname} replied on ${title}`,
      title: 'The author replied',
      preheader: (title: string) => `The author of ${title} replied.`,
      intro: (nickname: string, title: string) =>
        `${nickname}, who told the story ${title}, replied after your response:`,
      action: 'Read the reply',
      footer: 'You get this because you responded to this story.',
    },
    responseRejected: {
      subject: (title: string) => `Your response to ${title} was not published`,
      title: 'Your response was not published',
      intro: (title: string) =>
        `A moderator read your response to the story ${title} and did not publish it. They said:`,
      action: 'Open the story',
      footer:
        'You get this because you responded to this story. Your first responses are read by a moderator before they are public.',
    },
    responseToAuthor: {
      subject: (title: string) => `A response to your story ${title}`,
      title: 'A response to your story',
      preheader: (responder: string) => `${responder} responded to your story.`,
      intro: (responder: string, title: string) => `${responder} responded to your story ${title}:`,
      action: 'Read the response',
      footer: 'To reply, use the private link you were given when you told it.',
    },
    responseToSubscriber: {
      subject: (title: string) => `New response to ${title}`,
      title: 'New response',
      preheader: (responder: string) => `${responder} responded.`,
      intro: (responder: string, title: string, services: string) =>
        `${responder} responded to the story ${title} about ${services}:`,
      action: 'Read the story and its responses',
    },
    published: {
      subject: (service: string, title: string) => `New story about ${service}: ${title}`,
      title: 'New story',
      intro: (services: string, title: string, nickname: string) =>
        `A new story about ${services} has been published: ${title}, told by ${nickname}.`,
      action: 'Read the story and respond',
    },
    subscribedFooter: (scope: string) => `You get this because you subscribed to alerts about ${scope}.`,
    report: {
      subject: (weekly: boolean, scope: string, period: string, stories: string, rate: string) =>
        `${weekly ? 'Weekly' : 'Monthly'} report for ${scope} (${period}): ${stories}, ${rate} responded`,
      title: (weekly: boolean): string => (weekly ? 'Weekly report' : 'Monthly report'),
      stories: (count: number) => (count === 1 ? '1 story' : `${count} stories`),
      published: (count: number, scope: string, from: string, to: string) =>
        `${count === 1 ? '1 story' : `${count} stories`} about ${scope} ${count === 1 ? 'was' : 'were'} published between ${from} and ${to} (UTC).`,
      responded: (count: number, rate: string) => `${count} of them (${rate}) had a response.`,
      firstResponse: (median: string, p90: string) =>
        `The first response came after ${median} (median), and within ${p90} for 90% of them.`,
      changes: (responses: number, planned: string, made: string) =>
        `Of ${responses} responses, ${planned} said a change is planned and ${made} that a change was made.`,
      none: 'none',
      hours: (hours: string) => `${hours} hours`,
      days: (days: string) => `${days} days`,
      good: 'What was good',
      improve: 'What could be improved',
      feelings: 'How people felt',
      footer: (weekly: boolean, scope: string) =>
        `You get this ${weekly ? 'weekly' : 'monthly'} report because you asked for it on your subscription to ${scope}.`,
    },
  },
  pages: {
    notSubscribedTitle: 'Not subscribed',
    alreadyStopped: 'These alerts are already stopped: you will get no more.',
    unsubscribeTitle: 'Stop these alerts?',
    unsubscribeAsk: (scope: string) => `You get email alerts about ${scope}.`,
    unsubscribeButton: 'Unsubscribe',
    unsubscribedTitle: 'Unsubscribed',
    unsubscribed: (scope: string) => `You will get no more alerts about ${scope}.`,
    alreadyConfirmedTitle: 'Already confirmed',
    alreadyConfirmed: (scope: string) => `You get an email when a story about ${scope} is published.`,
    confirmTitle: 'Confirm your alerts',
    confirmAsk: (scope: string) =>
      `Confirm that you want an email whenever a story about ${scope} is published.`,
    confirmButton: 'Confirm',
    confirmedTitle: 'Confirmed',
    confirmed: (scope: string) => `You will get an email when a story about ${scope} is published.`,
    everyAlertUnsubscribe: 'Every alert has a link to unsubscribe.',
    invalidTitle: 'Link not valid',
    invalid:
      'This link is not valid. Copy the whole link from the email, or follow the link in a newer email.',
    yourSubscriptionsTitle: 'Your subscriptions',
    yourSubscriptionsIntro: 'Every subscription of this email address. Delete any you no longer want.',
    noSubscriptions: 'This email address has no subscriptions: you will get no alerts.',
    subscriptionDeleted: (scope: string) => `Deleted: you will get no more alerts about ${scope}.`,
    deleteSubscription: 'Delete',
    deleteSubscriptionOf: (scope: string) => `Delete your subscription to ${scope}`,
    modeImmediate: 'An email for each story',
    modeDaily: 'A daily digest',
    awaitingConfirmation: 'Not confirmed yet',
  },
  feeds: {
    pageTitle: 'Follow what patients say – careloop feeds',
    heading: 'Follow what patients say',
    intro:
      'Every story here was read by a moderator before it was published. Add a feed to your feed reader to see new stories about a health board, a hospital or a constituency as they are published; the "stories and responses" feeds also show each public response.',
    boards: 'Health boards and their hospitals',
    constituencies: 'Constituencies',
    stories: 'stories',
    storiesAndResponses: 'stories and responses',
    withResponses: (name: string) => `${name}, with responses`,
    feedFor: (name: string) => ` for ${name}`,
  },
};

/** What every language's catalogue must have. */
export type ServerCatalogue = typeof en;
