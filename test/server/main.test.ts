import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { projectRoot } from '../../server/platform/config.js';
import { builtEntry } from '../support/built-server/index.js';

interface Probe {
  _id: string;
  story: string;
}

interface RunningMain {
  child: ChildProcess;
  port: number;
  engineUri: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the built entry point as `npm start` does, on a free port and the given data dir; without the
 * demo, whose seeding (months of history) took 12 of each start's 15 s and which these tests do not
 * look at (test/server/demo has its own).
 */
async function startMain(dataDir: string): Promise<RunningMain> {
  const child = spawn(process.execPath, [builtEntry('server/main.ts')], {
    cwd: projectRoot(),
    env: {
      ...process.env,
      PORT: '0',
      CARELOOP_DATA_DIR: dataDir,
      MONGODB_URI: '',
      CARELOOP_DEMO: 'false',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  let engineUri = '';
  const log: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running (with its engine and workers) to slow down every test after this one.
      child.kill('SIGKILL');
      reject(new Error(`main did not start in time\n${stderr}`));
    }, 45_000);
    void exited.then(() => reject(new Error(`main exited before listening\n${stderr}\n${log.join('\n')}`)));
    lines.on('line', (line) => {
      log.push(line);
      const entry = JSON.parse(line) as { msg?: string; uri?: string; port?: number };
      if (entry.msg === 'store connected' && entry.uri) engineUri = entry.uri;
      if (entry.msg?.startsWith('careloop listening') && entry.port) {
        clearTimeout(timer);
        resolve(entry.port);
      }
    });
  });
  return { child, port, engineUri, exited };
}

async function stopMain(main: RunningMain): Promise<{ code: number | null; elapsedMs: number }> {
  const started = Date.now();
  main.child.kill('SIGTERM');
  const { code } = await main.exited;
  return { code, elapsedMs: Date.now() - started };
}

describe('the entry point (dist/server/main.js)', function () {
  // Each test starts the service, two for the restart: slow on a loaded two-core machine.
  this.timeout(90_000);
  let dataDir: string;
  let running: RunningMain | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-main-'));
  });

  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz on the port it logs, keeps its store under CARELOOP_DATA_DIR, and exits 0 on SIGTERM', async () => {
    running = await startMain(dataDir);
    const response = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    expect(await response.json()).to.deep.equal({ status: 'ok', store: 'up' });

    const client = await MongoClient.connect(running.engineUri);
    await client.db('careloop').collection('probes').insertOne({ note: 'written' });
    await client.close();

    const { code } = await stopMain(running);
    expect(code).to.equal(0);
    expect(await readdir(dataDir)).to.have.length.above(0);
  });

  it('closes idle keep-alive connections on SIGTERM and exits within a few seconds', async () => {
    running = await startMain(dataDir);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const socket = await new Promise<Socket>((resolve, reject) => {
      const request = get({ host: '127.0.0.1', port: running!.port, path: '/healthz', agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(request.socket!));
      });
      request.on('error', reject);
    });
    expect(socket.destroyed).to.equal(false);
    const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

    const { code, elapsedMs } = await stopMain(running);
    expect(code).to.equal(0);
    expect(elapsedMs).to.be.below(5000);
    await socketClosed;
    agent.destroy();
  });

  it('finishes a request already in flight when SIGTERM arrives', async () => {
    running = await startMain(dataDir);
    const socket = connect(running.port, '127.0.0.1');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    const replyEnded = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    // The request has begun (the server is reading it) when the signal arrives; it ends afterwards.
    socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    running.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.write('\r\n');

    await replyEnded;
    expect(reply).to.match(/^HTTP\/1\.1 200 OK/);
    expect(reply).to.include('{"status":"ok","store":"up"}');
    expect(reply).to.match(/\r\nConnection: close\r\n/i);
    expect((await running.exited).code).to.equal(0);
  });

  it('exits at once on a second signal while a request still holds up the shutdown', async () => {
    running = await startMain(dataDir);
    const socket = connect(running.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise((resolve) => setTimeout(resolve, 300));

    running.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(running.child.exitCode, 'still waiting for the unfinished request').to.equal(null);
    const started = Date.now();
    running.child.kill('SIGTERM');
    const { code } = await running.exited;
    expect(code).to.equal(1);
    expect(Date.now() - started).to.be.below(2000);
    socket.destroy();
  });

  it('keeps data written before a restart on the same data directory', async () => {
    running = await startMain(dataDir);
    let client = await MongoClient.connect(running.engineUri);
    await client
      .db('careloop')
      .collection<Probe>('probes')
      .insertOne({ _id: 'before-restart', story: 'kept' });
    await client.close();
    expect((await stopMain(running)).code).to.equal(0);

    running = await startMain(dataDir);
    client = await MongoClient.connect(running.engineUri);
    const found = await client.db('careloop').collection<Probe>('probes').findOne({ _id: 'before-restart' });
    await client.close();
    expect(found).to.include({ story: 'kept' });
    expect((await stopMain(running)).code).to.equal(0);
  });

  it('refuses to start on data a newer careloop migrated, saying which versions', async () => {
    running = await startMain(dataDir);
    const client = await MongoClient.connect(running.engineUri);
    const records = client.db('careloop').collection<{ _id: number; name: string }>('schema_migrations');
    await records.insertOne({ _id: 999, name: 'from-a-newer-careloop' });
    await client.close();
    expect((await stopMain(running)).code).to.equal(0);

    const failed = await startMain(dataDir).catch((error: unknown) => error as Error);
    expect(failed).to.be.instanceOf(Error);
    expect((failed as Error).message).to.match(/schema version 999, written by a newer careloop/);
  });
});
