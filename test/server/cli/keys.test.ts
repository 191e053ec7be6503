import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { startEngine } from '@careloop/engine';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/platform/config.js';
import { silentLogger } from '../../../server/platform/log.js';
import { embeddedDatabaseName } from '../../../server/platform/store.js';
import { runCli } from '../../support/cli.js';
import { scotlandServicesFile } from '../../support/stories.js';

/** Serves the app on the data directory once the CLI has let go of it, and reads stories with `key`. */
async function readStoriesWith(dataDir: string, key: string): Promise<number> {
  const engine = await startEngine({ dataDir });
  const connection = await mongoose.createConnection(`${engine.uri}${embeddedDatabaseName}`).asPromise();
  const server = createServer();
  try {
    const app = createApp({ config: loadConfig({ PORT: '0' }), logger: silentLogger(), connection });
    server.on('request', app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/stories`, {
      headers: { authorization: `Bearer ${key}` },
    });
    await response.arrayBuffer();
    return response.status;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await connection.close();
    await engine.stop();
  }
}

describe('the careloop CLI: partners’ API keys (keys add|list|revoke)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let keyId: string;
  let key: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-cli-keys-'));
    const imported = await runCli(dataDir, ['services', 'import', scotlandServicesFile]);
    expect(imported.code, imported.stderr).to.equal(0);
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('adds a key for a board and prints it once', async () => {
    const added = await runCli(dataDir, [
      'keys',
      'add',
      '--name',
      'Healthwatch Highland',
      '--board',
      'nhs-highland',
      '--scope',
      'stories:read-staff',
      '--expires',
      '2099-12-31',
    ]);
    expect(added.code, added.stderr).to.equal(0);
    keyId = /added API key ([0-9a-f]{24}) for nhs-highland \(stories:read, stories:read-staff\)/.exec(
      added.stdout,
    )![1]!;
    key = /(clk_[A-Za-z0-9_-]{43})/.exec(added.stdout)![1]!;
  });

  it('lists keys without the key itself', async () => {
    const listed = await runCli(dataDir, ['keys', 'list', '--json']);
    expect(listed.code, listed.stderr).to.equal(0);
    expect(listed.stdout).to.not.include(key.slice(8));
    const [view] = JSON.parse(listed.stdout);
    expect(view).to.deep.include({
      id: keyId,
      name: 'Healthwatch Highland',
      board: { id: 'nhs-highland', name: 'NHS Highland' },
      createdBy: { name: 'operator' },
      expiresAt: '2099-12-31T23:59:59.000Z',
      state: 'active',
    });
  });

  it('names the option at fault (exit 1)', async () => {
    const refused = await runCli(dataDir, ['keys', 'add', '--name', 'Nowhere', '--board', 'nhs-atlantis']);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('--board: is not a known service');
  });

  it('the key reads through the API until the operator revokes it', async () => {
    expect(await readStoriesWith(dataDir, key)).to.equal(200);
    const revoked = await runCli(dataDir, ['keys', 'revoke', keyId]);
    expect(revoked.code, revoked.stderr).to.equal(0);
    expect(revoked.stdout).to.include(`revoked API key ${keyId}`);
    expect(await readStoriesWith(dataDir, key)).to.equal(401);
    const listed = await runCli(dataDir, ['keys', 'list']);
    expect(listed.stdout).to.match(
      new RegExp(`^${keyId}\\t${key.slice(0, 8)}…\\trevoked\\tnhs-highland`, 'm'),
    );
  });
});
