import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppState } from '../http/app-state.js';
import { catalogueFor, chooseLanguage, type Language } from '../l10n/index.js';
import type { Services } from '../services/index.js';
import type { AddressSubscription, AddressSubscriptionsOutcome } from '../services/address-subscriptions.js';
import { escapeHtml } from '../services/mail/render.js';
import { sendPlainPage } from './plain-page.js';

export interface YourSubscriptionsDeps {
  services: Pick<Services, 'addressSubscriptions'>;
}

/**
 * `GET /your-subscriptions?token=…` lists every subscription of the address an alert went to, each with
 * a delete button; `POST` with a row's token deletes that one and shows the list again. A plain page
 * (no script, nothing loaded from elsewhere, every value escaped) that works in any browser or mail
 * client's viewer. Like the unsubscribe pages it reads only the query string, so it is mounted before
 * the JSON body parser; GET never changes anything (mail scanners fetch every link).
 */
export function yourSubscriptionsRoutes(deps: YourSubscriptionsDeps): Router<AppState> {
  const { addressSubscriptions } = deps.services;
  const router = new Router<AppState>();

  router.get('/your-subscriptions', async (ctx) => {
    render(ctx, await addressSubscriptions.list(tokenOf(ctx)));
  });

  router.post('/your-subscriptions', async (ctx) => {
    render(ctx, await addressSubscriptions.remove(tokenOf(ctx)));
  });

  return router;
}

function tokenOf(ctx: Context): string {
  const token = ctx.query.token;
  return typeof token === 'string' ? token : '';
}

function render(ctx: Context, outcome: AddressSubscriptionsOutcome): void {
  const language = chooseLanguage({
    asked: ctx.query.lang,
    recorded: outcome.status === 'listed' ? outcome.language : undefined,
    acceptLanguage: ctx.get('Accept-Language'),
  });
  const words = catalogueFor(language).pages;
  if (outcome.status === 'invalid') {
    return page(ctx, language, 404, words.invalidTitle, `<p>${escapeHtml(words.invalid)}</p>`);
  }
  const notice = outcome.deleted
    ? `<p role="status">${escapeHtml(words.subscriptionDeleted(outcome.deleted))}</p>`
    : '';
  const list = outcome.subscriptions.length
    ? `<p>${escapeHtml(words.yourSubscriptionsIntro)}</p>\n<ul>\n${outcome.subscriptions
        .map((subscription) => row(subscription, language))
        .join('\n')}\n</ul>`
    : `<p>${escapeHtml(words.noSubscriptions)}</p>`;
  page(ctx, language, 200, words.yourSubscriptionsTitle, `${notice}\n${list}`);
}

function row(subscription: AddressSubscription, language: Language): string {
  const words = catalogueFor(language).pages;
  const details = [
    subscription.mode === 'daily' ? words.modeDaily : words.modeImmediate,
    ...(subscription.confirmed ? [] : [words.awaitingConfirmation]),
  ].join(' · ');
  const action = `/your-subscriptions?token=${encodeURIComponent(subscription.token)}&lang=${language}`;
  return (
    `<li><strong>${escapeHtml(subscription.scopeName)}</strong><br><small>${escapeHtml(details)}</small>` +
    `<form method="post" action="${escapeHtml(action)}"><button type="submit" aria-label="${escapeHtml(
      words.deleteSubscriptionOf(subscription.scopeName),
    )}">${escapeHtml(words.deleteSubscription)}</button></form></li>`
  );
}

function page(ctx: Context, language: Language, status: number, title: string, main: string): void {
  sendPlainPage(ctx, {
    language,
    status,
    title,
    main,
    style:
      'ul{padding:0;list-style:none}li{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.75rem 0;border-bottom:1px solid #d8dde0}small{color:#4c6272}button{font:inherit;padding:.4rem 1rem;border-radius:.25rem;border:1px solid #d5281b;background:#fff;color:#d5281b;cursor:pointer}',
  });
}
