import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/platform/config.js';
import { startEngine } from '@careloop/engine';
import { silentLogger } from '../../../server/platform/log.js';
import { embeddedDatabaseName } from '../../../server/platform/store.js';
import { runCli } from '../../support/cli.js';
import { scotlandServicesFile } from '../../support/stories.js';

/** Serves the app on the data directory once the CLI has let go of it, and signs in through the API. */
async function signInOnDataDir(dataDir: string, email: string, password: string): Promise<number> {
  const engine = await startEngine({ dataDir });
  const connection = await mongoose.createConnection(`${engine.uri}${embeddedDatabaseName}`).asPromise();
  const server = createServer();
  try {
    const app = createApp({ config: loadConfig({ PORT: '0' }), logger: silentLogger(), connection });
    server.on('request', app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return response.status;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await connection.close();
    await engine.stop();
  }
}

describe('the careloop CLI (npm run careloop)', function () {
  this.timeout(60_000);
  let dataDir: string;
  const password = 'operator chosen password';

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-cli-'));
    const imported = await runCli(dataDir, ['services', 'import', scotlandServicesFile]);
    expect(imported.code, imported.stderr).to.equal(0);
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('imports the Scotland service tree and says what it did', async () => {
    const again = await runCli(dataDir, ['services', 'import', scotlandServicesFile]);
    expect(again.code).to.equal(0);
    expect(again.stdout).to.match(/0 created, 0 updated, 50 unchanged/);
  });

  it('exports the service tree in the format it imports', async () => {
    const exported = await runCli(dataDir, ['services', 'export']);
    expect(exported.code).to.equal(0);
    const ids = (JSON.parse(exported.stdout) as { services: { id: string }[] }).services.map((s) => s.id);
    expect(ids).to.include.members(['nhs-highland', 'raigmore-hospital', 'raigmore-ward-2c']);
  });

  it('adds a staff account with the password from standard input, never printing it', async () => {
    const added = await runCli(
      dataDir,
      [
        'users',
        'add',
        '--email',
        'Nurse.Ross@Example.org',
        '--name',
        'Eilidh Ross',
        '--role',
        'staff',
      ].concat(['--job-title', 'Charge nurse', '--service', 'raigmore-hospital']),
      `${password}\n`,
    );
    expect(added.code, added.stderr).to.equal(0);
    expect(added.stdout).to.match(/^added staff nurse\.ross@example\.org \(id [0-9a-f]{24}\)\n$/);
    expect(added.stdout + added.stderr).to.not.include(password);
  });

  it('lists the account without its password hash', async () => {
    const listed = await runCli(dataDir, ['users', 'list', '--json']);
    expect(listed.code).to.equal(0);
    const users = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(users.map((user) => user.email)).to.include('nurse.ross@example.org');
    expect(listed.stdout).to.not.include('passwordHash');
    expect(listed.stdout).to.not.include('scrypt$');
  });

  it('lists accounts as a table a person can read', async () => {
    const listed = await runCli(dataDir, ['users', 'list', '--role', 'staff']);
    expect(listed.stdout).to.include(
      'nurse.ross@example.org\tstaff\tEilidh Ross (Charge nurse)\traigmore-hospital\tenabled',
    );
  });

  it('makes an account that signs in through the API once the CLI has finished', async () => {
    expect(await signInOnDataDir(dataDir, 'nurse.ross@example.org', password)).to.equal(201);
  });

  it('refuses a second account with the same email (exit 1)', async () => {
    const again = await runCli(
      dataDir,
      ['users', 'add', '--email', 'nurse.ross@example.org', '--name', 'X', '--role', 'moderator'],
      `${password}\n`,
    );
    expect(again.code).to.equal(1);
    expect(again.stderr).to.include('already exists');
    expect(again.stderr).to.include('--email');
  });

  it('refuses staff without a service, naming --service (exit 1)', async () => {
    const refused = await runCli(
      dataDir,
      ['users', 'add', '--email', 'no.ward@example.org', '--name', 'No Ward', '--role', 'staff'],
      `${password}\n`,
    );
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('--service: staff must act for at least one service');
  });

  it('explains itself when run without a command (exit 2)', async () => {
    const run = await runCli(dataDir, []);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include('usage: npm run careloop');
  });

  it('refuses an unknown option (exit 2)', async () => {
    const run = await runCli(dataDir, ['users', 'list', '--colour']);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include("'--colour'");
  });

  it('resets a password read from standard input; the old one stops working', async () => {
    const newPassword = 'a fresh operator password';
    const reset = await runCli(
      dataDir,
      ['users', 'reset-password', '--email', 'nurse.ross@example.org'],
      newPassword,
    );
    expect(reset.code, reset.stderr).to.equal(0);
    expect(reset.stdout + reset.stderr).to.not.include(newPassword);
    expect(await signInOnDataDir(dataDir, 'nurse.ross@example.org', password)).to.equal(401);
    expect(await signInOnDataDir(dataDir, 'nurse.ross@example.org', newPassword)).to.equal(201);
  });

  it('disables an account so that it can no longer sign in', async () => {
    await runCli(
      dataDir,
      ['users', 'add', '--email', 'leaver@example.org', '--name', 'Leaver', '--role', 'moderator'],
      `${password}\n`,
    );
    const disabled = await runCli(dataDir, ['users', 'disable', '--email', 'leaver@example.org']);
    expect(disabled.code).to.equal(0);
    expect(await signInOnDataDir(dataDir, 'leaver@example.org', password)).to.equal(401);
  });

  it('says so when no account has the email (exit 1)', async () => {
    const run = await runCli(dataDir, ['users', 'disable', '--email', 'nobody@example.org']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('there is no account with the email address nobody@example.org');
  });

  it('works through the running service’s store while the service holds the data directory', async () => {
    const engine = await startEngine({ dataDir });
    try {
      const added = await runCli(
        dataDir,
        ['users', 'add', '--email', 'beside@example.org', '--name', 'Beside', '--role', 'moderator'],
        'a long enough password\n',
      );
      expect(added.code, added.stderr).to.equal(0);
      const client = await mongoose.createConnection(`${engine.uri}${embeddedDatabaseName}`).asPromise();
      const account = await client.collection('users').findOne({ email: 'beside@example.org' });
      await client.close();
      expect(account).to.include({ role: 'moderator' });
    } finally {
      await engine.stop();
    }
  });

  it('tells the operator to stop the process holding the data directory when it does not say where it listens', async () => {
    const engine = await startEngine({ dataDir });
    try {
      await rm(join(dataDir, 'careloop-engine.uri'));
      const run = await runCli(dataDir, ['users', 'list']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include(`is in use by another careloop process (pid ${process.pid})`);
      expect(run.stderr).to.include('Stop that process first, or run the command against');
      expect(run.stderr).to.include('MONGODB_URI');
    } finally {
      await engine.stop();
    }
  });
});
