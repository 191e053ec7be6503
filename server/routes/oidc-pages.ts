import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { escapeHtml } from '../services/mail/render.js';

const pageStyle =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}';

/**
 * The popup's last page: hands the session to the window that opened it, on `origin` only (never `*`),
 * and closes. The data travels as JSON in an inert element; the one script runs by its nonce (strict
 * CSP), and nothing is loaded from anywhere.
 */
export function sendSessionToOpener(
  ctx: Context,
  handoff: { origin: string; token: string; expiresAt: string },
): void {
  const nonce = randomBytes(16).toString('base64');
  const message = { type: 'careloop-session', token: handoff.token, expiresAt: handoff.expiresAt };
  // `<` escaped, so no value can end the element early.
  const json = JSON.stringify({ origin: handoff.origin, message }).replace(/</g, '\\u003c');
  const script = `const h=JSON.parse(document.getElementById('handoff').textContent);
if(window.opener){window.opener.postMessage(h.message,h.origin);window.close();}
else{document.getElementById('lost').hidden=false;}`;
  htmlPage(ctx, 200, nonce, {
    title: 'Signed in',
    body: `<h1>You are signed in</h1>
<p>This window closes itself. If it stays open, close it and go back to the page you came from.</p>
<p id="lost" hidden>The page that opened this window has gone: open it again and sign in there.</p>
<script type="application/json" id="handoff">${json}</script>
<script nonce="${nonce}">${script}</script>`,
  });
}

/** A refusal, for a person in a browser: what happened and what to do, with no details of the account. */
export function sendRefusalPage(ctx: Context, status: number, detail: string): void {
  htmlPage(ctx, status, undefined, {
    title: 'Not signed in',
    body: `<h1>You have not been signed in</h1>
<p>${escapeHtml(detail)}</p>
<p>You can close this window.</p>`,
  });
}

function htmlPage(
  ctx: Context,
  status: number,
  nonce: string | undefined,
  content: { title: string; body: string },
): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  // A session token may be in the page: never kept by any cache, never framed, no referrer.
  ctx.set('Cache-Control', 'no-store');
  ctx.set(
    'Content-Security-Policy',
    `default-src 'none'; script-src ${nonce ? `'nonce-${nonce}'` : "'none'"}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  ctx.body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(content.title)} · careloop</title>
<style>${pageStyle}</style>
</head>
<body>
<main>
${content.body}
</main>
</body>
</html>
`;
}
