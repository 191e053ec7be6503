import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { rawGet, startTestApp, type TestApp } from '../../support/app.js';

/** A script big enough to be worth compressing (what the real bundle is, at 60 KB). */
const bigScript = Array.from(
  { length: 200 },
  (_, n) => `export const story${n} = 'told on the ward';\n`,
).join('');

// A 1×1 transparent PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describe('static files: the widget bundle and the example pages', () => {
  let directory: string;
  let testApp: TestApp;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'careloop-static-'));
    const widgetDir = join(directory, 'widget');
    const examplesDir = join(directory, 'examples');
    await mkdir(join(widgetDir, 'chunks'), { recursive: true });
    await mkdir(join(examplesDir, 'mp-feed'), { recursive: true });
    await writeFile(join(directory, 'secret.txt'), 'outside the roots');
    await writeFile(join(widgetDir, 'careloop.js'), 'export const careloop = 1;\n');
    await writeFile(join(widgetDir, 'big-1a2b3c4d.js'), bigScript);
    await writeFile(join(widgetDir, 'chunks', 'admin-3f2a.js'), 'export const admin = 1;\n');
    await writeFile(join(widgetDir, 'chunks', 'admin-3f2a9c1b.js'), 'export const admin = 2;\n');
    await writeFile(join(examplesDir, 'index.html'), '<!doctype html><title>Demo board</title>');
    await writeFile(join(examplesDir, 'site.css'), 'body { margin: 0 }');
    await writeFile(join(examplesDir, 'demo.js'), 'console.log(1)');
    await writeFile(join(examplesDir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(examplesDir, 'boards.json'), '[]');
    await writeFile(join(examplesDir, 'photo.png'), png);
    await writeFile(join(examplesDir, 'mp-feed', 'index.html'), '<!doctype html><title>Feed for MPs</title>');
    await writeFile(join(examplesDir, '.env'), 'SMTP_PASSWORD=x');
    await symlink(join(directory, 'secret.txt'), join(examplesDir, 'linked-secret.txt'));
    testApp = await startTestApp({ config: { widgetDir, examplesDir } });
  });

  after(async () => {
    await testApp.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('serves /widget/careloop.js as JavaScript with a strong ETag, revalidated on every use', async () => {
    const response = await fetch(`${testApp.baseUrl}/widget/careloop.js`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    expect(response.headers.get('etag')).to.match(/^"[A-Za-z0-9_-]{20,}"$/);
    // The entry names the current chunks, so a browser must not run a stale one after a release.
    expect(response.headers.get('cache-control')).to.equal('public, no-cache');
    expect(await response.text()).to.equal('export const careloop = 1;\n');
  });

  it('sends the widget brotli- or gzip-compressed, as the browser accepts, and the same script unpacked', async () => {
    const plain = await rawGet(testApp.baseUrl, '/widget/big-1a2b3c4d.js');
    expect(plain.body).to.equal(bigScript);
    for (const [accept, coding, unpack] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
      ['br;q=0, gzip', 'gzip', gunzipSync],
    ] as const) {
      const packed = await rawGet(testApp.baseUrl, '/widget/big-1a2b3c4d.js', { 'accept-encoding': accept });
      expect(packed.headers['content-encoding']).to.equal(coding);
      expect(packed.headers.vary).to.match(/Accept-Encoding/i);
      expect(packed.headers.etag).to.match(new RegExp(`\\.${coding}"$`));
      expect(packed.bytes.length).to.be.lessThan(plain.bytes.length / 4);
      expect(unpack(packed.bytes).toString('utf8')).to.equal(bigScript);
      // A browser holding either coding of these bytes revalidates to 304.
      const again = await rawGet(testApp.baseUrl, '/widget/big-1a2b3c4d.js', {
        'accept-encoding': accept,
        'if-none-match': packed.headers.etag!,
      });
      expect(again.status).to.equal(304);
    }
    // Tiny files and images go as they are: compressing them saves nothing.
    const tiny = await rawGet(testApp.baseUrl, '/widget/careloop.js', { 'accept-encoding': 'br' });
    expect(tiny.headers['content-encoding']).to.equal(undefined);
    const refused = await rawGet(testApp.baseUrl, '/widget/big-1a2b3c4d.js', { 'accept-encoding': 'br;q=0' });
    expect(refused.headers['content-encoding']).to.equal(undefined);
  });

  it('caches content-hashed widget chunks for a year, as immutable', async () => {
    const response = await fetch(`${testApp.baseUrl}/widget/chunks/admin-3f2a9c1b.js`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
  });

  it('answers 304 with no body when the browser already has that version', async () => {
    const first = await fetch(`${testApp.baseUrl}/widget/careloop.js`);
    const etag = first.headers.get('etag') ?? '';
    const again = await fetch(`${testApp.baseUrl}/widget/careloop.js`, {
      headers: { 'If-None-Match': etag },
    });
    expect(again.status).to.equal(304);
    expect(again.headers.get('etag')).to.equal(etag);
    expect(await again.text()).to.equal('');
  });

  it('sends the whole file again when the browser holds an older version', async () => {
    const response = await fetch(`${testApp.baseUrl}/widget/careloop.js`, {
      headers: { 'If-None-Match': '"old"' },
    });
    expect(response.status).to.equal(200);
    expect(await response.text()).to.equal('export const careloop = 1;\n');
  });

  it('serves lazily loaded chunks from under the widget directory too', async () => {
    const response = await fetch(`${testApp.baseUrl}/widget/chunks/admin-3f2a.js`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
  });

  it('serves a changed file, with a new ETag, once it is rebuilt', async () => {
    const path = join(directory, 'widget', 'careloop.js');
    const before = await fetch(`${testApp.baseUrl}/widget/careloop.js`);
    await writeFile(path, 'export const careloop = 2;\n');
    const later = new Date(Date.now() + 5000);
    await utimes(path, later, later);
    const after = await fetch(`${testApp.baseUrl}/widget/careloop.js`);
    expect(await after.text()).to.equal('export const careloop = 2;\n');
    expect(after.headers.get('etag')).not.to.equal(before.headers.get('etag'));
  });

  it('serves examples/index.html at /', async () => {
    const response = await fetch(`${testApp.baseUrl}/`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(await response.text()).to.include('Demo board');
  });

  it('serves a folder of the examples at its address with a trailing slash, redirecting without one', async () => {
    const page = await fetch(`${testApp.baseUrl}/mp-feed/`);
    expect(await page.text()).to.include('Feed for MPs');
    const redirect = await fetch(`${testApp.baseUrl}/mp-feed`, { redirect: 'manual' });
    expect(redirect.status).to.equal(301);
    expect(redirect.headers.get('location')).to.equal('/mp-feed/');
  });

  it('gives each kind of example file its content type', async () => {
    const expected: Record<string, string> = {
      '/site.css': 'text/css; charset=utf-8',
      '/demo.js': 'text/javascript; charset=utf-8',
      '/logo.svg': 'image/svg+xml',
      '/boards.json': 'application/json; charset=utf-8',
      '/photo.png': 'image/png',
    };
    for (const [path, type] of Object.entries(expected)) {
      const response = await fetch(`${testApp.baseUrl}${path}`);
      expect(response.status, path).to.equal(200);
      expect(response.headers.get('content-type'), path).to.equal(type);
    }
    const photo = await fetch(`${testApp.baseUrl}/photo.png`);
    expect(Buffer.from(await photo.arrayBuffer()).equals(png)).to.equal(true);
  });

  it('refuses every attempt to reach a file outside the served folders', async () => {
    const attempts = [
      '/../secret.txt',
      '/widget/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/widget/..%2f..%2fsecret.txt',
      '/widget/%2e%2e/%2e%2e/package.json',
      '/..%5csecret.txt',
      '/index.html%00.png',
      '/%00',
      '//etc/passwd',
      '/%ZZ',
      '/linked-secret.txt',
      '/.env',
    ];
    for (const path of attempts) {
      const response = await rawGet(testApp.baseUrl, path);
      expect([400, 404], path).to.include(response.status);
      expect(response.headers['content-type'], path).to.equal('application/problem+json; charset=utf-8');
      expect(response.body, path).not.to.include('outside the roots');
      expect(response.body, path).not.to.include('SMTP_PASSWORD');
    }
  });

  it('answers 404 problem+json for a widget file that does not exist', async () => {
    const response = await fetch(`${testApp.baseUrl}/widget/missing.js`);
    expect(response.status).to.equal(404);
    expect(response.headers.get('content-type')).to.equal('application/problem+json; charset=utf-8');
  });
});
