import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppState } from '../app.js';
import type { Config } from '../config.js';
import type { Services } from '../services/index.js';
import { escapeHtml } from '../services/mail/render.js';

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
 * The token in the query string is the only input; request bodies are not read, so this router must be
 * mounted before the JSON body parser (a form post is not JSON).
 */
export function unsubscribeRoutes(deps: UnsubscribeDeps): Router<AppState> {
  const { subscriptions } = deps.services;
  const router = new Router<AppState>();

  router.get('/unsubscribe', async (ctx) => {
    const outcome = await subscriptions.describeUnsubscribe(tokenOf(ctx));
    if (outcome.status === 'invalid') return invalidLink(ctx);
    if (outcome.status === 'already-unsubscribed') {
      return page(ctx, 200, 'Not subscribed', ['These alerts are already stopped: you will get no more.']);
    }
    page(ctx, 200, 'Stop these alerts?', [`You get email alerts about ${outcome.scopeName}.`], {
      action: `/unsubscribe?token=${encodeURIComponent(tokenOf(ctx))}`,
      label: 'Unsubscribe',
      field: ['List-Unsubscribe', 'One-Click'],
    });
  });

  router.post('/unsubscribe', async (ctx) => {
    const outcome = await subscriptions.unsubscribe(tokenOf(ctx));
    if (outcome.status === 'invalid') return invalidLink(ctx);
    page(ctx, 200, 'Unsubscribed', [
      outcome.status === 'unsubscribed'
        ? `You will get no more alerts about ${outcome.scopeName}.`
        : 'These alerts are already stopped: you will get no more.',
    ]);
  });

  router.get('/confirm-subscription', async (ctx) => {
    const token = tokenOf(ctx);
    const subscription = await subscriptions.describeConfirmation(token);
    if (subscription.status === 'invalid') return invalidLink(ctx);
    if (subscription.status === 'confirmed') {
      return page(ctx, 200, 'Already confirmed', [
        `You get an email when a story about ${subscription.scopeName} is published.`,
      ]);
    }
    page(
      ctx,
      200,
      'Confirm your alerts',
      [`Confirm that you want an email whenever a story about ${subscription.scopeName} is published.`],
      { action: `/confirm-subscription?token=${encodeURIComponent(token)}`, label: 'Confirm' },
    );
  });

  router.post('/confirm-subscription', async (ctx) => {
    try {
      const { scopeName } = await subscriptions.confirmEmailSubscription(tokenOf(ctx));
      page(ctx, 200, 'Confirmed', [
        `You will get an email when a story about ${scopeName} is published.`,
        'Every alert has a link to unsubscribe.',
      ]);
    } catch (error) {
      if ((error as { status?: unknown }).status !== 404) throw error;
      invalidLink(ctx);
    }
  });

  return router;
}

function tokenOf(ctx: Context): string {
  const token = ctx.query.token;
  return typeof token === 'string' ? token : '';
}

function invalidLink(ctx: Context): void {
  page(ctx, 404, 'Link not valid', [
    'This link is not valid. Copy the whole link from the email, or follow the link in a newer email.',
  ]);
}

/** A small self-contained page: no scripts, nothing loaded from elsewhere, every value escaped. */
function page(
  ctx: Context,
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
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.set(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  );
  ctx.body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · careloop</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}button{font:inherit;padding:.5rem 1.25rem;border-radius:.25rem;border:1px solid #005eb8;background:#005eb8;color:#fff;cursor:pointer}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n')}
${formHtml}
</main>
</body>
</html>
`;
}
