import type { Context } from 'koa';
import { catalogueFor, type Language } from '../l10n/index.js';
import { escapeHtml } from '../services/mail/render.js';

const baseStyle =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}';

/**
 * A small self-contained page of the service's own (unsubscribe, confirm, "your subscriptions"): no
 * scripts, nothing loaded from elsewhere, never cached, never indexed. `main` is HTML the caller built
 * with every value escaped; `style` adds to the shared rules. The pages hold tokens in their forms'
 * addresses, so no referrer leaves them.
 */
export function sendPlainPage(
  ctx: Context,
  page: { language: Language; status: number; title: string; main: string; style?: string },
): void {
  const { language, title } = page;
  ctx.status = page.status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Content-Language', language);
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.vary('Accept-Language');
  ctx.set(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  );
  ctx.body = `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${escapeHtml(catalogueFor(language).siteName)}</title>
<style>${baseStyle}${page.style ?? ''}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${page.main}
</main>
</body>
</html>
`;
}
