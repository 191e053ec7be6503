import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { builtCli as cli } from './support/built/index.js';

function runCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [cli, ...args], { stdio: 'pipe' });
}

/** Resolves with the mongodb:// URI the CLI prints once it listens. */
function listeningUri(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (mongodb:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) =>
      reject(new Error(`engine CLI exited with ${code} before listening: ${output}`)),
    );
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('engine: standalone CLI (npm run engine)', function () {
  this.timeout(30_000);
  let dataDir: string;

  beforeEach(async function () {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-cli-'));
  });

  afterEach(async function () {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves a data directory to MongoDB clients and stops cleanly on SIGTERM, keeping the data', async function () {
    const first = runCli(['--port', '0', '--data-dir', dataDir]);
    const exited = exitOf(first);
    const uri = await listeningUri(first);
    expect(uri).to.match(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    const client = await MongoClient.connect(`${uri}inspect`);
    await client.db().collection('stories').insertOne({ title: 'Seen by the night staff' });
    await client.close();
    first.kill('SIGTERM');
    expect((await exited).code).to.equal(0);
    expect(await readdir(dataDir)).to.not.include('careloop-engine.lock');

    const second = runCli(['--port', '0', '--data-dir', dataDir]);
    const secondExited = exitOf(second);
    const again = await MongoClient.connect(`${await listeningUri(second)}inspect`);
    const titles = (await again.db().collection('stories').find().toArray()).map((story) => story.title);
    await again.close();
    second.kill('SIGINT');
    expect((await secondExited).code).to.equal(0);
    expect(titles).to.deep.equal(['Seen by the night staff']);
  });

  it('refuses a data directory another engine owns, naming the owner', async function () {
    const owner = runCli(['--port', '0', '--data-dir', dataDir]);
    const ownerExited = exitOf(owner);
    await listeningUri(owner);
    const intruder = runCli(['--port', '0', '--data-dir', dataDir]);
    const { code, stderr } = await exitOf(intruder);
    owner.kill('SIGTERM');
    await ownerExited;
    expect(code).to.equal(1);
    expect(stderr).to.include(`in use by pid ${owner.pid}`);
  });

  it('explains a bad --port instead of starting', async function () {
    const { code, stderr } = await exitOf(runCli(['--port', 'twelve']));
    expect(code).to.equal(1);
    expect(stderr).to.include('--port must be a port number');
    expect(existsSync(join(dataDir, 'careloop-engine.lock'))).to.equal(false);
  });
});
