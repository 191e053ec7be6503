import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import Koa from 'koa';
import { loadConfig } from '../../../server/platform/config.js';
import { EventLoopLag, shedLoad } from '../../../server/middleware/shed-load.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { loadScotlandServices, storyBody } from '../../support/stories.js';

/** Keeps the event loop busy for `ms`, as a long synchronous job would. */
function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Spinning on purpose: nothing else may run.
  }
}

describe('load shedding: an overloaded service says so to readers and still takes stories', () => {
  let testApp: TestApp;

  before(async () => {
    // A small threshold, so a few long turns of the event loop are an overload.
    testApp = await startTestApp({ config: { shedReadsAtLagMs: 200 } });
    await loadScotlandServices(testApp);
  });

  after(async () => {
    await testApp.close();
  });

  it('answers a read 503 problem+json with Retry-After, and a story submission 201 and the widget script 200, while the loop runs late', async () => {
    // Three long turns with the timer let in between: lag that persists, not one slow job.
    for (let turn = 0; turn < 3; turn++) {
      blockEventLoop(400);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const [read, submission, health, widget] = await Promise.all([
      fetch(`${testApp.baseUrl}/api/v1/stories`),
      fetch(`${testApp.baseUrl}/api/v1/stories`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(storyBody()),
      }),
      fetch(`${testApp.baseUrl}/healthz`),
      fetch(`${testApp.baseUrl}/widget/careloop.js`),
    ]);

    expect(read.status).to.equal(503);
    expect(read.headers.get('content-type')).to.equal('application/problem+json; charset=utf-8');
    expect(Number(read.headers.get('retry-after'))).to.be.at.least(1);
    expect(read.headers.get('cache-control')).to.equal('no-store');
    expect(await read.json()).to.include({
      status: 503,
      title: 'Service Unavailable',
      instance: '/api/v1/stories',
    });

    expect(submission.status).to.equal(201);
    expect((await submission.json()).status).to.equal('submitted');
    // Liveness means "up", not "quiet": a load balancer must not take a busy instance out.
    expect(health.status).to.equal(200);
    // The widget's files cost the store nothing; a chunk the browser failed to import stays failed.
    expect(widget.status).to.equal(200);
  });

  it('is on by default, at a second of lag, and can be switched off with 0', () => {
    expect(loadConfig({}).shedReadsAtLagMs).to.equal(1_000);
    expect(loadConfig({ CARELOOP_SHED_READS_AT_LAG_MS: '0' }).shedReadsAtLagMs).to.equal(0);
    expect(() => loadConfig({ CARELOOP_SHED_READS_AT_LAG_MS: 'soon' })).to.throw(
      /CARELOOP_SHED_READS_AT_LAG_MS/,
    );
    expect(() => loadConfig({ CARELOOP_MAX_READS_IN_FLIGHT: '0' })).to.throw(/CARELOOP_MAX_READS_IN_FLIGHT/);
  });
});

describe('load shedding: reads beyond the limit queue, writes never wait behind them', () => {
  let server: Server;
  let baseUrl: string;
  /** Resolves the read being held open by GET /held. */
  let releaseHeldRead: () => void = () => {};

  before(async () => {
    const app = new Koa();
    // A gauge that is never started reads 0: only the queue can shed here.
    app.use(shedLoad({ thresholdMs: 400, maxReadsInFlight: 1, lag: new EventLoopLag() }));
    app.use(async function answer(ctx) {
      if (ctx.path === '/held') await new Promise<void>((resolve) => (releaseHeldRead = resolve));
      ctx.status = ctx.method === 'POST' ? 201 : 200;
      ctx.body = { path: ctx.path };
    });
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    releaseHeldRead();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('takes a write at once while every read slot is busy, and the queued read follows when one frees', async () => {
    const held = fetch(`${baseUrl}/held`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    let queuedAnswered = false;
    const queued = fetch(`${baseUrl}/queued`).then((response) => {
      queuedAnswered = true;
      return response;
    });

    const write = await fetch(`${baseUrl}/write`, { method: 'POST' });
    expect(write.status).to.equal(201);
    expect(queuedAnswered, 'the second read waits for the first').to.equal(false);

    releaseHeldRead();
    expect((await held).status).to.equal(200);
    expect((await queued).status).to.equal(200);
  });

  it('answers a read 503 with Retry-After once it has queued longer than the threshold', async () => {
    const held = fetch(`${baseUrl}/held`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const queued = fetch(`${baseUrl}/queued`);
    await new Promise((resolve) => setTimeout(resolve, 600));
    releaseHeldRead();

    expect((await held).status).to.equal(200);
    const shed = await queued;
    expect(shed.status).to.equal(503);
    expect(Number(shed.headers.get('retry-after'))).to.be.at.least(1);
  });
});

describe('load shedding: a turn of the event loop works on a bounded number of reads', () => {
  let server: Server;
  let baseUrl: string;
  /** Which turn of the event loop each read was worked on in. */
  const readTurns: number[] = [];
  let turn = 0;
  let counting = false;
  const countTurns = () => {
    turn += 1;
    if (counting) setImmediate(countTurns);
  };

  before(async () => {
    const app = new Koa();
    app.use(shedLoad({ thresholdMs: 0, maxReadsInFlight: 4 }));
    // Answers at once, as a read from a cache does.
    app.use(async function answer(ctx) {
      if (ctx.method === 'GET') readTurns.push(turn);
      ctx.status = ctx.method === 'POST' ? 201 : 200;
      ctx.body = { path: ctx.path };
    });
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    counting = false;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // Between two turns the loop takes the I/O that arrived, among it the store's replies to a story
  // being told: a turn of 300 cached answers made a story wait seconds (bench/parts/load.ts).
  it('even when each read is answered at once, as from a cache, and every read is still answered', async () => {
    const readAll = () =>
      Array.from({ length: 60 }, (_, index) =>
        fetch(`${baseUrl}/read/${index}`).then((response) => response.status),
      );
    // Once the client has its connections open, the next 60 reads arrive at once, as busy readers' do.
    await Promise.all(readAll());
    readTurns.length = 0;
    counting = true;
    countTurns();
    const reads = readAll();
    const write = fetch(`${baseUrl}/story`, { method: 'POST' }).then((response) => response.status);
    expect(await Promise.all(reads)).to.deep.equal(Array.from({ length: 60 }, () => 200));
    expect(await write).to.equal(201);

    const readsPerTurn = new Map<number, number>();
    for (const at of readTurns) readsPerTurn.set(at, (readsPerTurn.get(at) ?? 0) + 1);
    expect(Math.max(...readsPerTurn.values()), 'reads worked on in one turn').to.be.at.most(4);
  });
});
