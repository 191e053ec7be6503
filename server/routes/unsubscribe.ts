import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppState } from '../http/app-state.js';
import type { Config } from '../platform/config.js';
import { catalogueFor, chooseLanguage, type Language } from '../l10n/index.js';
import { isNotFound } from '../domain/errors.js';
import type { Services } from '../services/index.js';
import { escapeHtml } from '../services/mail/render.js';
import { sendPlainPage } from './plain-page.js';

export interface UnsubscribeDeps {
  config: Config;
  services: Pick<Services, 'subscriptions'>;
}

/**
 * The pages behind the links in emails, outside /api/v1 because people (and mail clients) open them:
 *
 * - `GET /unsubscribe?token=…` asks "stop these alerts?" with a button; `POST` does it (RFC 8058
 *   one-click: mail clients post `List-Unsubscribe=One-Click` to the same URL). GET never changes
 *   anything, because mail scanners fetch every link in a message.
 * - `GET /confirm-subscription?token=…` asks to confirm an email subscription; `POST` confirms it.
 *
 * The token in the query string is the only input (with `lang`, which email links carry); request bodies
 * are not read, so this router must be mounted before the JSON body parser (a form post is not JSON).
 * Pages speak the language the link names, else the subscription's, else the browser's.
 */
export function unsubscribeRoutes(deps: UnsubscribeDeps): Router<AppState> {
  const { subscriptions } = deps.services;
  const router = new Router<AppState>();

  router.get('/unsubscribe', async (ctx) => {
    const outcome = await subscriptions.describeUnsubscribe(tokenOf(ctx));
    if (outcome.status === 'invalid') return invalidLink(ctx);
    if (outcome.status === 'already-unsubscribed') {
      const language = languageFor(ctx);
      const words = catalogueFor(language).pages;
      return page(ctx, language, 200, words.notSubscribedTitle, [words.alreadyStopped]);
    }
    const language = languageFor(ctx, outcome.language);
    const words = catalogueFor(language).pages;
    page(ctx, language, 200, words.unsubscribeTitle, [words.unsubscribeAsk(outcome.scopeName)], {
      action: actionOf(ctx, '/unsubscribe', language),
      label: words.unsubscribeButton,
      field: ['List-Unsubscribe', 'One-Click'],
    });
  });

  router.post('/unsubscribe', async (ctx) => {
    const outcome = await subscriptions.unsubscribe(tokenOf(ctx));
    if (outcome.status === 'invalid') return invalidLink(ctx);
    const language = languageFor(ctx, outcome.status === 'unsubscribed' ? outcome.language : undefined);
    const words = catalogueFor(language).pages;
    page(ctx, language, 200, words.unsubscribedTitle, [
      outcome.status === 'unsubscribed' ? words.unsubscribed(outcome.scopeName) : words.alreadyStopped,
    ]);
  });

  router.get('/confirm-subscription', async (ctx) => {
    const subscription = await subscriptions.describeConfirmation(tokenOf(ctx));
    if (subscription.status === 'invalid') return invalidLink(ctx);
    const language = languageFor(ctx, subscription.language);
    const words = catalogueFor(language).pages;
    if (subscription.status === 'confirmed') {
      return page(ctx, language, 200, words.alreadyConfirmedTitle, [
        words.alreadyConfirmed(subscription.scopeName),
      ]);
    }
    page(ctx, language, 200, words.confirmTitle, [words.confirmAsk(subscription.scopeName)], {
      action: actionOf(ctx, '/confirm-subscription', language),
      label: words.confirmButton,
    });
  });

  router.post('/confirm-subscription', async (ctx) => {
    try {
      const confirmed = await subscriptions.confirmEmailSubscription(tokenOf(ctx));
      const language = languageFor(ctx, confirmed.language);
      const words = catalogueFor(language).pages;
      page(ctx, language, 200, words.confirmedTitle, [
        words.confirmed(confirmed.scopeName),
        words.everyAlertUnsubscribe,
      ]);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      invalidLink(ctx);
    }
  });

  return router;
}

function tokenOf(ctx: Context): string {
  const token = ctx.query.token;
  return typeof token === 'string' ? token : '';
}

/** The link's `lang`, else the subscription's language, else the browser's. */
function languageFor(ctx: Context, recorded?: Language): Language {
  return chooseLanguage({ asked: ctx.query.lang, recorded, acceptLanguage: ctx.get('Accept-Language') });
}

/** Where the page's button posts: the same link, in the language the page is in. */
function actionOf(ctx: Context, path: string, language: Language): string {
  return `${path}?token=${encodeURIComponent(tokenOf(ctx))}&lang=${language}`;
}

function invalidLink(ctx: Context): void {
  const language = languageFor(ctx);
  const words = catalogueFor(language).pages;
  page(ctx, language, 404, words.invalidTitle, [words.invalid]);
}

/** A page of paragraphs and at most one button (plain-page.ts), every value escaped. */
function page(
  ctx: Context,
  language: Language,
  status: number,
  title: string,
  paragraphs: string[],
  form?: { action: string; label: string; field?: [string, string] },
): void {
  const formHtml = form
    ? `<form method="post" action="${escapeHtml(form.action)}">${
        form.field
          ? `<input type="hidden" name="${escapeHtml(form.field[0])}" value="${escapeHtml(form.field[1])}">`
          : ''
      }<button type="submit">${escapeHtml(form.label)}</button></form>`
    : '';
  sendPlainPage(ctx, {
    language,
    status,
    title,
    main: `${paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n')}\n${formHtml}`,
    style:
      'button{font:inherit;padding:.5rem 1.25rem;border-radius:.25rem;border:1px solid #005eb8;background:#005eb8;color:#fff;cursor:pointer}',
  });
}
