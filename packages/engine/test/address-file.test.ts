import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { runningEngineUri, startEngine } from '../src/index.js';

describe('engine: the running engine names its address in its data directory', function () {
  let dataDir: string;

  beforeEach(async function () {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-address-'));
  });

  afterEach(async function () {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a tool that finds the directory taken reaches the engine holding it, until it stops', async function () {
    const engine = await startEngine({ dataDir });
    const client = await MongoClient.connect(engine.uri);
    await client.db('careloop').collection('stories').insertOne({ title: 'kept' });
    await client.close();

    const uri = await runningEngineUri(dataDir);
    expect(uri).to.equal(engine.uri);
    const beside = await MongoClient.connect(uri!);
    expect(await beside.db('careloop').collection('stories').countDocuments()).to.equal(1);
    await beside.close();

    await engine.stop();
    expect(await runningEngineUri(dataDir)).to.equal(undefined);
  });
});
