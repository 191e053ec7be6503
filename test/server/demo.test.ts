import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { projectRoot } from '../../server/config.js';
import { embeddedDatabaseName } from '../../server/store.js';

/**
 * What a newcomer gets from `npm start` on an empty machine: the real entry point, its own embedded
 * store in a fresh data directory, the demo accounts printed, and a story waiting for the moderator.
 */

interface RunningMain {
  child: ChildProcess;
  baseUrl: string;
  engineUri: string;
  /** Everything written to stderr so far (the plain-text banner goes there). */
  stderr: () => string;
  /** Every log line written to stdout so far. */
  stdout: () => string;
  exited: Promise<number | null>;
}

interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

/** Runs `server/main.ts` as `npm start` would, on a free port; resolves once the banner is printed. */
async function startMain(dataDir: string, env: Record<string, string> = {}): Promise<RunningMain> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot(),
    env: {
      ...process.env,
      PORT: '0',
      CARELOOP_DATA_DIR: dataDir,
      MONGODB_URI: '',
      CARELOOP_DEMO: '',
      CARELOOP_ADMIN_EMAIL: '',
      CARELOOP_ADMIN_PASSWORD: '',
      CARELOOP_PUBLIC_URL: '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  let engineUri = '';
  let port = 0;
  let stdout = '';
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    stdout += `${line}\n`;
    const entry = JSON.parse(line) as { msg?: string; uri?: string; port?: number };
    if (entry.msg === 'store connected' && entry.uri) engineUri = entry.uri;
    if (entry.msg?.startsWith('careloop listening') && entry.port) port = entry.port;
  });
  const deadline = Date.now() + 30_000;
  while (!(port && stderr.includes('Stop with Ctrl+C'))) {
    if (child.exitCode !== null) throw new Error(`main exited before it was ready\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`main was not ready in time\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    engineUri,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
  };
}

async function stopMain(main: RunningMain | undefined): Promise<void> {
  if (!main || main.child.exitCode !== null || main.child.signalCode !== null) return;
  main.child.kill('SIGTERM');
  const code = await main.exited;
  expect(code, 'main exits cleanly').to.equal(0);
}

/** The demo accounts as the banner lists them: `  moderator  email  password: secret`. */
function demoAccountsIn(banner: string): DemoAccount[] {
  return [...banner.matchAll(/^ {2}(\w+) +(\S+@\S+) +password: (\S+)$/gm)].map(
    ([, role, email, password]) => ({
      role: role!,
      email: email!,
      password: password!,
    }),
  );
}

async function api(
  main: RunningMain,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the API answered
): Promise<{ status: number; text: string; body: any }> {
  const response = await fetch(`${main.baseUrl}/api/v1${path}`, {
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

async function signIn(main: RunningMain, email: string, password: string): Promise<string> {
  const answer = await api(main, 'POST', '/sessions', { body: { email, password } });
  expect(answer.status, answer.text).to.equal(201);
  return answer.body.token as string;
}

/** How many services, stories and accounts the store holds, read straight from the running engine. */
async function storeCounts(main: RunningMain): Promise<Record<string, number>> {
  const client = await MongoClient.connect(main.engineUri);
  try {
    const db = client.db(embeddedDatabaseName);
    return {
      services: await db.collection('organisations').countDocuments(),
      stories: await db.collection('stories').countDocuments(),
      users: await db.collection('users').countDocuments(),
    };
  } finally {
    await client.close();
  }
}

describe('the demo (npm start on an empty data directory)', function () {
  this.timeout(90_000);
  let dataDir: string;
  let running: RunningMain | undefined;
  let accounts: DemoAccount[];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-demo-'));
    running = await startMain(dataDir);
    accounts = demoAccountsIn(running.stderr());
  });

  after(async () => {
    await stopMain(running);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints a demo moderator and a demo staff account, with their passwords, on stderr', () => {
    expect(accounts.map((account) => account.role).sort()).to.deep.equal(['moderator', 'staff']);
    for (const account of accounts) expect(account.password).to.have.length.of.at.least(12);
  });

  it('lets the demo moderator publish the story waiting in the queue, and the public then reads it', async () => {
    const moderator = accounts.find((account) => account.role === 'moderator')!;
    const token = await signIn(running!, moderator.email, moderator.password);

    const queue = await api(running!, 'GET', '/moderation/queue', { token });
    expect(queue.status, queue.text).to.equal(200);
    expect(queue.body.items).to.have.length.of.at.least(1);
    const waiting = queue.body.items[0] as { id: string; title: string; status: string };
    expect(waiting.status).to.equal('submitted');

    const before = await api(running!, 'GET', `/stories?service=nhs-highland&limit=50`);
    expect(before.body.items.map((story: { id: string }) => story.id)).not.to.include(waiting.id);
    expect((await api(running!, 'GET', `/stories/${waiting.id}`)).status).to.equal(404);

    const published = await api(running!, 'POST', `/stories/${waiting.id}/moderation`, {
      token,
      body: { action: 'publish' },
    });
    expect(published.status, published.text).to.equal(200);
    expect(published.body.status).to.equal('published');

    const after = await api(running!, 'GET', `/stories?service=nhs-highland&limit=50`);
    expect(after.status).to.equal(200);
    const listed = (after.body.items as { id: string; title: string }[]).find(
      (story) => story.id === waiting.id,
    );
    expect(listed?.title).to.equal(waiting.title);
    // Newly published, it is the newest story about the board.
    expect(after.body.items[0].id).to.equal(waiting.id);
  });

  it('lets the demo staff account sign in and see who it is', async () => {
    const staff = accounts.find((account) => account.role === 'staff')!;
    const token = await signIn(running!, staff.email, staff.password);
    const current = await api(running!, 'GET', '/sessions/current', { token });
    expect(current.status, current.text).to.equal(200);
    expect(current.body).to.include({ email: staff.email, role: 'staff' });
    expect(current.body.services).to.deep.equal(['nhs-highland']);
  });

  it('does not seed twice when restarted on the same data directory', async () => {
    const moderator = accounts.find((account) => account.role === 'moderator')!;
    const queueTotal = async () =>
      (
        await api(running!, 'GET', '/moderation/queue', {
          token: await signIn(running!, moderator.email, moderator.password),
        })
      ).body.total as number;
    const first = await storeCounts(running!);
    const waitingBefore = await queueTotal();
    expect(first.services).to.be.above(10);
    expect(first.stories).to.be.above(1);
    await stopMain(running);

    running = await startMain(dataDir);
    expect(await storeCounts(running)).to.deep.equal(first);
    expect(await queueTotal()).to.equal(waitingBefore);
  });
});

describe('the bootstrap admin (CARELOOP_ADMIN_EMAIL and CARELOOP_ADMIN_PASSWORD)', function () {
  this.timeout(60_000);
  const admin = { email: 'operator@board.example', password: 'a-long-bootstrap-password' };
  let dataDir: string;
  let running: RunningMain | undefined;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-admin-'));
    running = await startMain(dataDir, {
      CARELOOP_ADMIN_EMAIL: admin.email,
      CARELOOP_ADMIN_PASSWORD: admin.password,
    });
  });

  after(async () => {
    await stopMain(running);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('can sign in as an admin and manage accounts', async () => {
    const token = await signIn(running!, admin.email, admin.password);
    const current = await api(running!, 'GET', '/sessions/current', { token });
    expect(current.body).to.include({ email: admin.email, role: 'admin' });
    const users = await api(running!, 'GET', '/users', { token });
    expect(users.status, users.text).to.equal(200);
    expect(users.body.users.map((user: { email: string }) => user.email)).to.include(admin.email);
  });

  it('never prints or logs the admin password', () => {
    expect(running!.stderr()).not.to.include(admin.password);
    expect(running!.stdout()).not.to.include(admin.password);
  });
});
