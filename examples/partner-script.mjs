#!/usr/bin/env node
// A partner's script: every published story of the board an API key is for, one JSON object per line.
//
//   CARELOOP_API_KEY=clk_… node partner-script.mjs https://stories.board.example > stories.jsonl
//
// Plain Node 20 or later, no dependencies: copy it and change what it does with each story. A board's
// admin creates the key (README: "API keys for partners"); keep it out of source control.
//
// It pages with the list's cursor, so a story published while it runs never makes it skip or repeat
// one, and it keeps to the key's own rate limit: it slows down when the `RateLimit` header says the
// key is nearly used up, and waits for `Retry-After` if it is refused with 429.

const [baseUrl, ...rest] = process.argv.slice(2);
const apiKey = process.env.CARELOOP_API_KEY;
if (!baseUrl || rest.length > 0 || !apiKey) {
  process.stderr.write('usage: CARELOOP_API_KEY=clk_… node partner-script.mjs <careloop URL>\n');
  process.exit(2);
}

/** The most stories the API gives on one page. */
const pageSize = 50;

let cursor = null;
let count = 0;
do {
  const url = new URL('/api/v1/stories', baseUrl);
  url.searchParams.set('limit', String(pageSize));
  if (cursor) url.searchParams.set('cursor', cursor);
  const page = await getJson(url);
  for (const story of page.items) process.stdout.write(`${JSON.stringify(story)}\n`);
  count += page.items.length;
  cursor = page.next;
} while (cursor);
process.stderr.write(`${count} stories\n`);

/** GET with the key; retried after `Retry-After` when the key's limit is reached, fatal otherwise. */
async function getJson(url) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
    });
    if (response.status === 429 && attempt < 5) {
      await response.body?.cancel();
      await sleep(Number(response.headers.get('retry-after') ?? '1'));
      continue;
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      // Problems are RFC 9457 problem+json: `detail` says what is wrong (e.g. a revoked key).
      process.stderr.write(`careloop answered ${response.status}: ${body?.detail ?? response.statusText}\n`);
      process.exit(1);
    }
    await keepToRateLimit(response.headers.get('ratelimit'));
    return body;
  }
}

/** `RateLimit: "api-key";r=<requests left>;t=<seconds>`: with none left, wait until there is room. */
async function keepToRateLimit(field) {
  const remaining = /;r=(\d+)/.exec(field ?? '')?.[1];
  const seconds = /;t=(\d+)/.exec(field ?? '')?.[1];
  if (remaining === '0' && seconds) await sleep(Number(seconds));
}

function sleep(seconds) {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
