/**
 * The HTTP baseline: a bare Koa app (one middleware, no router, no logging) answering each configured
 * path with a body held in memory, in a process of its own started the same way as the server it is
 * compared with, so both pay node's HTTP stack and Koa and only the service's own work differs.
 *
 *   node --import tsx bench/lib/bare-koa-process.ts '<json settings>'
 *
 * Settings: `{ bodies: [{ path, file, contentType, contentEncoding? }] }`; each file is read once at
 * start-up. Prints `{"port":…}` once it listens on 127.0.0.1; exits when its stdin closes.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';

export interface StaticBody {
  path: string;
  /** A file holding the exact bytes to send. */
  file: string;
  contentType: string;
  contentEncoding?: string;
}

const settings = JSON.parse(process.argv[2] ?? 'null') as { bodies?: StaticBody[] } | null;
if (!settings?.bodies) {
  console.error(`usage: node --import tsx bench/lib/bare-koa-process.ts '{"bodies":[…]}'`);
  process.exit(2);
}
const bodies = new Map(
  settings.bodies.map((body) => [body.path, { ...body, bytes: readFileSync(body.file) }]),
);

const app = new Koa();
app.use(async function serveStaticBody(ctx) {
  const body = bodies.get(ctx.path);
  if (!body) return;
  ctx.type = body.contentType;
  if (body.contentEncoding) ctx.set('Content-Encoding', body.contentEncoding);
  ctx.body = body.bytes;
});

const server = createServer(app.callback());
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
