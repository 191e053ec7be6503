/**
 * The README, followed to the letter on a clean clone of the working tree: `npm install`, `npm start`,
 * the demo in Chromium, the API walk-through, the operator CLI, the engine on its own and the service on
 * MONGODB_URI. Nothing here imports the service: it is driven only as its users drive it, so what it
 * proves is what a newcomer gets. Run by `.ci/run` after `npm test` (`npm run test:smoke`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import Parser from 'rss-parser';
import { launchBrowser } from '../support/browser.js';
import { runLighthouse } from '../support/lighthouse.js';
import { cloneWorkingTree, seedPackages } from './support/clean-clone.js';
import { readmeCommands } from './support/readme-commands.js';
import { killGroup, runShell, startShell, type Background } from './support/shell.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readmeCommands(readFileSync(join(root, 'README.md'), 'utf8'));
/** Every README command this file has run, or that .ci/run runs itself (see the last test). */
const exercised = new Set<string>(['npm test', 'npm run lint', 'npm run test:smoke']);

const story = {
  title: 'The smoke test was looked after well',
  body: 'The nurse on the ward explained every step and checked on me through the night.',
};

describe('the README, followed on a clean clone', function () {
  this.timeout(5 * 60_000);
  let clone: string;
  let scratch: string;
  let service: Background | undefined;
  let engine: Background | undefined;
  let browser: Browser | undefined;

  before(async function () {
    clone = await cloneWorkingTree(root);
    scratch = await mkdtemp(join(tmpdir(), 'careloop-smoke-data-'));
  });

  after(async function () {
    killGroup(service);
    killGroup(engine);
    await browser?.close();
    await rm(join(clone, '..'), { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  });

  it('opens with the two set-up commands, install-and-start and test', function () {
    expect(readme.setUp).to.deep.equal(['npm install && npm start', 'npm test']);
  });

  it('installs with `npm install`, building nothing from a leftover dist/', async function () {
    // An install into an empty node_modules is what .ci/run's own `npm install` does, on its own fresh
    // clone, before this test runs. Here the clone starts from those packages, hard-linked (npm replaces
    // a file rather than write into it), so `npm install` checks the lockfile and links them instead of
    // unpacking 900 packages a second time: over a minute of CI.
    seedPackages(root, clone);
    const run = await runShell('npm install', { cwd: clone });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout + run.stderr).not.to.match(/\bERR!/);
    exercised.add('npm install');
  });

  describe('`npm start` on a free port and a fresh data directory', function () {
    let baseUrl: string;
    let banner: string;

    before(async function () {
      const port = await freePort();
      // The README's `npm install && npm start`: the install ran above.
      service = startShell('npm start', {
        cwd: clone,
        env: { PORT: String(port), CARELOOP_DATA_DIR: join(scratch, 'data') },
      });
      await service.waitFor(/Stop with Ctrl\+C/);
      banner = service.output();
      baseUrl = `http://localhost:${port}`;
      exercised.add('npm install && npm start').add('npm start').add('npm run build');
    });

    it('answers /healthz with the store up', async function () {
      const health = await fetch(`${baseUrl}/healthz`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.deep.equal({ status: 'ok', store: 'up' });
    });

    it('prints what to try, with the demo accounts', function () {
      expect(banner).to.include(`${baseUrl}/`);
      expect(banner).to.match(/moderator +moderator@demo\.careloop\.test +password: \S+/);
    });

    it('shows the demo stories painted inside the widget on the demo page', async function () {
      browser = await launchBrowser();
      const page = await browser.newPage();
      const errors: Error[] = [];
      page.on('pageerror', (error) => errors.push(error));
      await page.goto(`${baseUrl}/`);
      const stories = page.locator('careloop-stories');
      await stories.getByText('The night staff on Ward 2C made a frightening week bearable').waitFor();
      expect(await stories.getByRole('listitem').count()).to.be.above(3);
      expect(errors).to.deep.equal([]);
      await page.close();
    });

    it('scores 100 for accessibility, best practices and SEO in Lighthouse on the demo page', async function () {
      // One run, in Debian's Chromium, without performance (slow and noisy on a shared machine).
      const { scores, failures } = await runLighthouse(`${baseUrl}/`);
      expect(failures, failures.join('\n')).to.deep.equal([]);
      expect(scores).to.deep.equal({ accessibility: 100, 'best-practices': 100, seo: 100 });
    });

    it('takes a story told through the widget form on the demo page', async function () {
      const page = await browser!.newPage();
      await page.goto(`${baseUrl}/`);
      const form = page.locator('careloop-stories careloop-form');
      await form.getByLabel('Title').fill(story.title);
      await form.getByRole('textbox', { name: 'Your story' }).fill(story.body);
      await form.getByRole('button', { name: 'Next' }).click();
      await form.getByLabel('Search for a service').fill('Raigmore emergency');
      await form
        .getByRole('checkbox', { name: /Emergency Department/ })
        .first()
        .check();
      await form.getByRole('button', { name: 'Next' }).click();
      await form.getByRole('group', { name: 'What was good?' }).waitFor();
      await form.getByRole('button', { name: 'Next' }).click();
      await form.getByLabel('Nickname').fill('Smoke walker');
      await form.getByLabel('patient', { exact: true }).check();
      await form.getByLabel('I agree').check();
      await form.getByRole('button', { name: 'Next' }).click();
      await form.getByRole('heading', { name: 'Check your answers before sending' }).waitFor();
      await form.getByRole('button', { name: 'Send your story' }).click();
      await form.getByRole('heading', { name: 'Thank you: your story was sent' }).waitFor();
      await page.close();
    });

    it('lets the demo moderator publish it through the API', async function () {
      const [, email, password] = /moderator +(\S+@\S+) +password: (\S+)/.exec(banner)!;
      const session = await api(baseUrl, 'POST', '/sessions', { body: { email, password } });
      expect(session.status).to.equal(201);
      const token = session.body.token as string;
      const queue = await api(baseUrl, 'GET', '/moderation/queue?limit=50', { token });
      const waiting = (queue.body.items as Array<{ id: string; title: string; kind?: string }>).find(
        (item) => item.title === story.title,
      );
      expect(waiting, 'the story told in the widget waits in the queue').to.not.equal(undefined);
      const published = await api(baseUrl, 'POST', `/stories/${waiting!.id}/moderation`, {
        token,
        body: { action: 'publish' },
      });
      expect(published.status, published.text).to.equal(200);
    });

    it("puts it in the board's RSS feed, as a feed reader reads it", async function () {
      const feed = await new Parser().parseURL(`${baseUrl}/feeds/services/nhs-highland.rss`);
      const item = feed.items.find((entry) => entry.title === story.title);
      expect(item, 'the published story is in the feed').to.not.equal(undefined);
      expect(item!.link).to.match(new RegExp(`^${escape(baseUrl)}/#careloop-story=[0-9a-f]{24}$`));
      expect(item!.contentSnippet ?? item!.content).to.include('explained every step');
    });

    it('walks through the API exactly as "Try the API" shows', async function () {
      const block = readme.blocks.find((commands) => commands[0]?.startsWith('API='))!;
      // curl prints no final newline: an echo after each command keeps every answer on its own line.
      const script = ['set -euo pipefail', ...block.flatMap((command) => [command, 'echo']), 'echo "ID=$ID"']
        .join('\n')
        .replace('http://localhost:3000', baseUrl);
      const run = await runShell(script, { cwd: clone });
      expect(run.code, run.stderr).to.equal(0);
      const id = /^ID=([0-9a-f]{24})$/m.exec(run.stdout)?.[1];
      expect(id, run.stdout).to.not.equal(undefined);
      const answers = run.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(answers.map((answer) => answer.status)).to.include.members([
        'submitted',
        'published',
        'withdrawn',
      ]);
      const listed = answers.find((answer) => Array.isArray(answer.items)) as {
        items: Array<{ id: string }>;
      };
      expect(listed.items.map((item) => item.id)).to.include(id);
      for (const command of block) exercised.add(command);
    });

    it("makes a partner's key beside the running service, and the partner script reads the board with it", async function () {
      const [add, partner] = readme.blocks.find((commands) => commands[0]?.includes('keys add'))!;
      const made = await runShell(add!, { cwd: clone, env: { CARELOOP_DATA_DIR: join(scratch, 'data') } });
      expect(made.code, made.stderr).to.equal(0);
      const key = /\(shown only now[^)]*\): (clk_\S+)/.exec(made.stdout)?.[1];
      expect(key, made.stdout).to.not.equal(undefined);
      const run = await runShell(partner!.replace('clk_…', key!).replace('http://localhost:3000', baseUrl), {
        cwd: clone,
      });
      expect(run.code, run.stderr).to.equal(0);
      const stories = readFileSync(join(clone, 'stories.jsonl'), 'utf8').trim().split('\n');
      expect(stories.length).to.be.above(3);
      expect(stories.join('\n')).to.include(story.title).and.not.include('"email"');
      exercised.add(add!).add(partner!);
    });

    it('backs the running service up and restores the archive elsewhere, as "Backup and restore" shows', async function () {
      const block = readme.blocks.find((commands) => commands[0]?.startsWith('npm run careloop -- backup'))!;
      const outputs: string[] = [];
      for (const command of block) {
        const run = await runShell(command, {
          cwd: clone,
          env: { CARELOOP_DATA_DIR: join(scratch, 'data') },
        });
        expect(run.code, `${command}\n${run.stderr}`).to.equal(0);
        outputs.push(run.stdout);
        exercised.add(command);
      }
      const [backedUp, header, documents, verified, restored] = outputs;
      expect(backedUp).to.match(/backed up \d+ documents in \d+ collections/);
      expect(JSON.parse(header!)).to.include({ format: 'careloop-backup' });
      expect(documents!.trim().split('\n')).to.have.length(3);
      expect(verified).to.match(/nightly\.jsonl\.gz is whole: \d+ documents/);
      expect(restored).to.match(/restored \d+ documents/);
    });

    it('stops on Ctrl+C, finishing cleanly', async function () {
      await service!.interrupt();
      expect(service!.output()).to.match(/"msg":"stopped"/);
      service = undefined;
    });
  });

  describe('the operator CLI, with the service stopped', function () {
    const block = () =>
      readme.blocks.find((commands) => commands[0]?.startsWith('npm run careloop -- users add'))!;
    const env = () => ({ CARELOOP_DATA_DIR: join(scratch, 'data') });

    it('adds, lists, disables and resets an account as its README lines say', async function () {
      const [add, list, disable, reset] = block();
      const added = await runShell(add!, { cwd: clone, env: env(), input: 'a-long-password-for-ann\n' });
      expect(added.code, added.stderr).to.equal(0);
      const listed = await runShell(list!, { cwd: clone, env: env() });
      expect(listed.code, listed.stderr).to.equal(0);
      expect(listed.stdout).to.include('lead@board.example');
      const disabled = await runShell(disable!, { cwd: clone, env: env() });
      expect(disabled.code, disabled.stderr).to.equal(0);
      const reset_ = await runShell(reset!, { cwd: clone, env: env(), input: 'another-long-password\n' });
      expect(reset_.code, reset_.stderr).to.equal(0);
      for (const command of [add, list, disable, reset]) exercised.add(command!);
    });

    it('exports the service tree and imports it back', async function () {
      const [exportTree, importTree] = block().slice(4);
      const exported = await runShell(exportTree!, { cwd: clone, env: env() });
      expect(exported.code, exported.stderr).to.equal(0);
      // The same shape as the NHS Scotland file it was seeded from: `{about, services: [...]}`.
      const tree = JSON.parse(readFileSync(join(clone, 'tree.json'), 'utf8')) as {
        services: Array<{ id: string }>;
      };
      expect(tree.services.map((service) => service.id)).to.include.members([
        'nhs-highland',
        'raigmore-hospital',
      ]);
      const imported = await runShell(importTree!, { cwd: clone, env: env() });
      expect(imported.code, imported.stderr).to.equal(0);
      exercised.add(exportTree!).add(importTree!);
    });

    it("lists the partners' API keys, with the one made while the service ran", async function () {
      const list = block().find((command) => command.includes('keys list'))!;
      const listed = await runShell(list, { cwd: clone, env: env() });
      expect(listed.code, listed.stderr).to.equal(0);
      expect(listed.stdout).to.include('Healthwatch Highland: quarterly analysis');
      exercised.add(list);
    });
  });

  describe('the engine on its own, and the service on MONGODB_URI', function () {
    let engineUri: string;

    let enginePort: number;
    const engineBlock = () => readme.blocks.find((commands) => commands[0]?.startsWith('npm run engine'))!;

    before(async function () {
      enginePort = await freePort();
      const command = engineBlock()[0]!;
      // On the data directory `npm start` seeded above (the service is stopped): the demo's own data.
      engine = startShell(
        command.replace('--port 27017', `--port ${enginePort}`).replace('./data', join(scratch, 'data')),
        { cwd: clone },
      );
      engineUri = (await engine.waitFor(/listening on (mongodb:\/\/\S+)/))[1]!;
      exercised.add(command).add('npm run engine -- --port P --data-dir D');
    });

    it("lets MongoDB's own shell count the deployment's stories", async function () {
      const command = engineBlock()[1]!;
      const home = join(scratch, 'mongosh-home');
      const run = await runShell(command.replace(':27017/', `:${enginePort}/`), {
        cwd: clone,
        // A private HOME for mongosh's config and history, and no telemetry from a test run.
        env: { HOME: home, MONGOSH_FORCE_DISABLE_TELEMETRY_FOR_TESTING: '1' },
      });
      expect(run.code, run.stderr).to.equal(0);
      // The demo's stories, the one told in the widget, and the README walk-through's (withdrawn, kept).
      expect(Number(run.stdout.trim())).to.be.above(8);
      exercised.add(command);
    });

    it('moves the deployment to another store and serves it from there, as the README shows', async function () {
      const block = readme.blocks.find((commands) => commands[0]?.startsWith('npm run careloop -- migrate'))!;
      // The target: a second engine, in memory, standing in for the replica set.
      const target = startShell(`npm run engine -- --port ${await freePort()}`, { cwd: clone });
      try {
        const targetUri = (await target.waitFor(/listening on (mongodb:\/\/\S+)/))[1]!;
        const onTarget = (command: string) =>
          command.replace(/'mongodb:\/\/db1[^']*'/, `'${targetUri}careloop'`);
        // The source: the data directory the engine above holds; the CLI goes through it.
        const env = { CARELOOP_DATA_DIR: join(scratch, 'data') };
        const copied = await runShell(onTarget(block[0]!), { cwd: clone, env });
        expect(copied.code, copied.stderr).to.equal(0);
        expect(copied.stdout).to.include('verified: every collection has the same count');
        const again = await runShell(onTarget(block[1]!), { cwd: clone, env });
        expect(again.code, again.stderr).to.equal(0);
        expect(again.stdout).to.match(/\(0 written, 0 deleted/);
        const port = await freePort();
        const moved = startShell(onTarget(block[2]!), { cwd: clone, env: { PORT: String(port) } });
        try {
          await moved.waitFor(/careloop listening/);
          const stories = await api(`http://localhost:${port}`, 'GET', '/stories?service=nhs-highland');
          expect((stories.body.items as unknown[]).length).to.be.above(3);
        } finally {
          await moved.interrupt();
        }
        for (const command of block) exercised.add(command);
      } finally {
        await target.interrupt();
      }
    });

    it('serves the service when npm start is given MONGODB_URI', async function () {
      const command = readme.blocks.find((commands) => commands[0]?.startsWith('MONGODB_URI='))![0]!;
      const port = await freePort();
      service = startShell(command.replace(/MONGODB_URI='[^']*'/, `MONGODB_URI='${engineUri}careloop'`), {
        cwd: clone,
        env: { PORT: String(port) },
      });
      await service.waitFor(/careloop listening/);
      const health = await fetch(`http://localhost:${port}/healthz`);
      expect(await health.json()).to.deep.equal({ status: 'ok', store: 'up' });
      const services = await api(`http://localhost:${port}`, 'GET', '/services?roots=true');
      expect(services.status).to.equal(200);
      await service.interrupt();
      service = undefined;
      exercised.add(command);
    });

    it('passes the engine conformance suite run against it through MONGODB_URI', async function () {
      const command = readme.blocks.find((commands) => commands[0]?.includes('npx mocha'))![0]!;
      const run = await runShell(command.replace(/MONGODB_URI='[^']*'/, `MONGODB_URI='${engineUri}'`), {
        cwd: clone,
      });
      expect(run.code, run.stdout.slice(-4000)).to.equal(0);
      expect(run.stdout).to.match(/\d+ passing/);
      exercised.add(command);
    });

    it('runs one test file as the Scripts table shows', async function () {
      const run = await runShell('npx mocha test/server/routes/health.test.ts', { cwd: clone });
      expect(run.code, run.stdout).to.equal(0);
      exercised.add('npx mocha test/server/routes/health.test.ts');
    });

    it('stops the engine on Ctrl+C', async function () {
      // npm itself dies of the SIGINT the terminal sends the whole group; the engine under it stops
      // cleanly, and the data directory is free for the next process.
      await engine!.interrupt();
      expect(engine!.output()).to.include('SIGINT: stopping the engine');
      expect(existsSync(join(scratch, 'engine-data', 'careloop-engine.lock'))).to.equal(false);
      engine = undefined;
    });
  });

  // Mocha runs a suite's own tests before its nested suites: this check sits in the last suite so it
  // sees everything the others ran.
  describe('in the end', function () {
    it('has run every command the README tells a reader to run', function () {
      const promised = new Set([...readme.blocks.flat(), ...readme.scripts]);
      // `npm run bench` is measured, not tested; `npm run bench:check` is its quick part, a CI step of its own.
      promised.delete('npm run bench');
      promised.delete('npm run bench:check');
      expect([...promised].filter((command) => !exercised.has(command))).to.deep.equal([]);
    });
  });
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function api(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the API answered
): Promise<{ status: number; text: string; body: any }> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
