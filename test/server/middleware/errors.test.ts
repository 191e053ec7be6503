import { connect } from 'node:net';
import { expect } from 'chai';
import { DomainError } from '../../../server/domain/errors.js';
import { httpProblem } from '../../../server/http/problem.js';
import { startTestApp, waitForLogLine, type TestApp } from '../../support/app.js';

// What services throw: the error middleware alone decides how each kind reads over HTTP.
const serviceRefusals: Record<string, () => DomainError> = {
  invalid: () =>
    DomainError.invalid([
      { field: 'reason', code: 'required', message: 'is required to hold or reject a story' },
    ]),
  unauthenticated: () => DomainError.unauthenticated('Sign in to see the stories for your services.'),
  forbidden: () => DomainError.forbidden('Reports on this service are only for people who act for it.'),
  'not-found': () => DomainError.notFound('There is no story with this id.'),
  conflict: () =>
    DomainError.conflict('This story is held: it cannot be moderated.', { facts: { storyStatus: 'held' } }),
  'key-reused': () =>
    DomainError.keyReused('This Idempotency-Key was already used with a different request body.'),
  'too-many': () =>
    DomainError.tooMany('Too many stories from this address in the last hour.', 1800, {
      proofOfWork: { challenge: 'c', difficulty: 12 },
    }),
};

describe('errors as problem+json', () => {
  let testApp: TestApp;

  before(async () => {
    testApp = await startTestApp({
      extend(app) {
        // Stand-ins for routes later issues add: one with a bug, one refusing bad input.
        app.use(async (ctx, next) => {
          if (ctx.path === '/test/broken') {
            ctx.set('ETag', '"stale"');
            throw new Error('connection to db-7.internal refused at /srv/careloop/secret.ts:42');
          }
          if (ctx.path === '/test/invalid') {
            throw httpProblem(422, {
              detail: 'The story is incomplete.',
              errors: [{ field: 'nickname', code: 'required', message: 'is required' }],
            });
          }
          if (ctx.path === '/test/thrown') ctx.throw(409, 'That story was already withdrawn.');
          const refusal = serviceRefusals[ctx.path.replace('/test/refused/', '')];
          if (refusal) throw refusal();
          await next();
        });
      },
    });
  });

  after(async () => {
    await testApp.close();
  });

  it('answers an unknown address with 404 application/problem+json', async () => {
    const response = await fetch(`${testApp.baseUrl}/no/such/page?x=1`);
    expect(response.status).to.equal(404);
    expect(response.headers.get('content-type')).to.equal('application/problem+json; charset=utf-8');
    const problem = await response.json();
    expect(problem).to.include({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      instance: '/no/such/page',
    });
    expect(problem.detail).to.be.a('string').with.length.above(0);
  });

  it('answers a wrong method on a known address with 405 problem+json and an Allow header', async () => {
    const response = await fetch(`${testApp.baseUrl}/healthz`, { method: 'DELETE' });
    expect(response.status).to.equal(405);
    expect(response.headers.get('content-type')).to.equal('application/problem+json; charset=utf-8');
    expect(response.headers.get('allow')).to.include('GET');
  });

  for (const method of ['TRACE', 'PROPFIND', 'PURGE', 'LOCK', 'MKCOL', 'SEARCH']) {
    it(`answers ${method}, a method no address takes, with 405 problem+json and an Allow header`, async () => {
      for (const path of ['/healthz', '/api/v1/stories', '/feeds/services/nhs-highland.rss']) {
        const response = await rawRequest(
          testApp.baseUrl,
          `${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        );
        expect(response.status, `${method} ${path}`).to.equal(405);
        expect(response.headers['content-type']).to.equal('application/problem+json; charset=utf-8');
        expect(response.headers.allow, `${method} ${path}`).to.include('GET');
        expect(JSON.parse(response.body).detail).to.equal('This address does not accept that method.');
      }
    });
  }

  it('answers headers over 16 KB with 431 problem+json, logged as a client error', async () => {
    const response = await rawRequest(
      testApp.baseUrl,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
    );
    expect(response.status).to.equal(431);
    expect(response.headers['content-type']).to.equal('application/problem+json; charset=utf-8');
    expect(JSON.parse(response.body)).to.include({ status: 431, title: 'Request Header Fields Too Large' });
    const logged = testApp.logLines.filter((line) => line.msg === 'request refused by the HTTP parser');
    expect(logged.map((line) => [line.level, line.status])).to.deep.include([30, 431]);
  });

  it('answers a malformed request line with 400 problem+json, logged as a client error and not as a failure', async () => {
    const errorsBefore = testApp.logLines.filter((line) => Number(line.level) >= 50).length;
    const response = await rawRequest(testApp.baseUrl, 'GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n');
    expect(response.status).to.equal(400);
    expect(response.headers['content-type']).to.equal('application/problem+json; charset=utf-8');
    expect(JSON.parse(response.body)).to.include({ status: 400, title: 'Bad Request' });
    expect(testApp.logLines.filter((line) => Number(line.level) >= 50)).to.have.length(errorsBefore);
  });

  it('answers a failing route with 500 problem+json that reveals nothing of the failure', async () => {
    // A request id of our own: a random one is echoed in the body and can itself contain `db-7`.
    const response = await fetch(`${testApp.baseUrl}/test/broken`, { headers: { 'X-Request-Id': 'req-1' } });
    expect(response.status).to.equal(500);
    expect(response.headers.get('content-type')).to.equal('application/problem+json; charset=utf-8');
    expect(response.headers.get('etag')).to.equal(null);
    const text = await response.text();
    expect(text).not.to.match(/db-7|secret|refused|\.ts|at /);
    expect(JSON.parse(text)).to.include({ title: 'Internal Server Error', status: 500 });
  });

  it('gives the request id of a failure in the header and the body, and logs the error once under it', async () => {
    const response = await fetch(`${testApp.baseUrl}/test/broken`, {
      headers: { 'X-Request-Id': 'support-ticket-1' },
    });
    expect(response.headers.get('x-request-id')).to.equal('support-ticket-1');
    expect((await response.json()).requestId).to.equal('support-ticket-1');
    await waitForLogLine(
      testApp.logLines,
      (line) => line.requestId === 'support-ticket-1' && line.msg === 'request',
    );
    const errorLines = testApp.logLines.filter(
      (line) => line.requestId === 'support-ticket-1' && line.level === 50,
    );
    expect(errorLines).to.have.length(1);
    expect(JSON.stringify(errorLines[0])).to.include('db-7.internal refused');
  });

  it('passes a deliberate problem through with its detail and the fields at fault', async () => {
    const response = await fetch(`${testApp.baseUrl}/test/invalid`);
    expect(response.status).to.equal(422);
    expect(await response.json()).to.deep.include({
      status: 422,
      title: 'Unprocessable Entity',
      detail: 'The story is incomplete.',
      errors: [{ field: 'nickname', code: 'required', message: 'is required' }],
    });
  });

  it("keeps the message of a client error thrown with Koa's ctx.throw", async () => {
    const response = await fetch(`${testApp.baseUrl}/test/thrown`);
    expect(response.status).to.equal(409);
    expect(await response.json()).to.include({ status: 409, detail: 'That story was already withdrawn.' });
  });

  it('makes up a request id when none is sent, and replaces one that is not sane', async () => {
    const fresh = await fetch(`${testApp.baseUrl}/healthz`);
    expect(fresh.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    const insane = await fetch(`${testApp.baseUrl}/healthz`, {
      headers: { 'X-Request-Id': 'a b"c<script>' },
    });
    expect(insane.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('sends nosniff and no-referrer on every response, errors included', async () => {
    for (const path of ['/healthz', '/no/such/page', '/test/broken']) {
      const response = await fetch(`${testApp.baseUrl}${path}`);
      expect(response.headers.get('x-content-type-options'), path).to.equal('nosniff');
      expect(response.headers.get('referrer-policy'), path).to.equal('no-referrer');
    }
  });

  it("answers each kind of a service's refusal with its status and title, and the service's own detail", async () => {
    const expected: Record<string, { status: number; title: string }> = {
      invalid: { status: 400, title: 'Invalid request' },
      unauthenticated: { status: 401, title: 'Unauthorized' },
      forbidden: { status: 403, title: 'Forbidden' },
      'not-found': { status: 404, title: 'Not Found' },
      conflict: { status: 409, title: 'Conflict' },
      'key-reused': { status: 422, title: 'Idempotency key reused' },
      'too-many': { status: 429, title: 'Too Many Requests' },
    };
    for (const [kind, { status, title }] of Object.entries(expected)) {
      const response = await fetch(`${testApp.baseUrl}/test/refused/${kind}`);
      expect(response.headers.get('content-type'), kind).to.equal('application/problem+json; charset=utf-8');
      const problem = await response.json();
      expect(problem, kind).to.include({
        type: 'about:blank',
        title,
        status,
        detail: serviceRefusals[kind]!().detail,
        instance: `/test/refused/${kind}`,
      });
    }
  });

  it('names every bad field of an invalid refusal, and only there', async () => {
    const invalid = await (await fetch(`${testApp.baseUrl}/test/refused/invalid`)).json();
    expect(invalid.errors).to.deep.equal([
      { field: 'reason', code: 'required', message: 'is required to hold or reject a story' },
    ]);
    const notFound = await (await fetch(`${testApp.baseUrl}/test/refused/not-found`)).json();
    expect(notFound).not.to.have.property('errors');
  });

  it('tells a refused client when to try again, with the facts it needs as members', async () => {
    const tooMany = await fetch(`${testApp.baseUrl}/test/refused/too-many`);
    expect(tooMany.headers.get('retry-after')).to.equal('1800');
    expect(await tooMany.json()).to.deep.include({ proofOfWork: { challenge: 'c', difficulty: 12 } });
    const conflict = await fetch(`${testApp.baseUrl}/test/refused/conflict`);
    expect(conflict.headers.get('retry-after')).to.equal(null);
    expect(await conflict.json()).to.include({ storyStatus: 'held' });
  });
});

/** Sends bytes as they are (fetch refuses TRACE and malformed requests) and reads the whole reply. */
async function rawRequest(
  baseUrl: string,
  text: string,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const url = new URL(baseUrl);
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(text));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
  const [head = '', body = ''] = reply.split('\r\n\r\n', 2);
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}
