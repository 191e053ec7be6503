import { spawnSync } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig, projectRoot } from '../../../server/platform/config.js';
import { builtEntry } from '../../support/built-server/index.js';

function configErrorFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('starts on port 3000 with the embedded store and ./data when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).to.equal(3000);
    expect(config.mongodbUri).to.equal(undefined);
    expect(config.dataDir).to.equal(join(process.cwd(), 'data'));
    expect(config.publicUrl).to.equal('http://localhost:3000');
    expect(config.logLevel).to.equal('info');
  });

  it('takes every setting from its variable', () => {
    const config = loadConfig({
      PORT: '8080',
      MONGODB_URI: 'mongodb://db.internal:27017/careloop',
      CARELOOP_DATA_DIR: '/var/lib/careloop',
      CARELOOP_PUBLIC_URL: 'https://stories.example.org/',
      LOG_LEVEL: 'warn',
    });
    expect(config).to.include({
      port: 8080,
      mongodbUri: 'mongodb://db.internal:27017/careloop',
      dataDir: '/var/lib/careloop',
      publicUrl: 'https://stories.example.org',
      logLevel: 'warn',
    });
  });

  it('requires two-step sign-in of admins and moderators by default, of nobody in the demo, and as CARELOOP_TOTP_REQUIRED_ROLES says', () => {
    expect(loadConfig({ CARELOOP_DEMO: 'false' }).totpRequiredRoles).to.deep.equal(['admin', 'moderator']);
    expect(loadConfig({ CARELOOP_DEMO: 'true' }).totpRequiredRoles).to.deep.equal([]);
    const staffToo = loadConfig({ CARELOOP_DEMO: 'true', CARELOOP_TOTP_REQUIRED_ROLES: 'Admin, staff' });
    expect(staffToo.totpRequiredRoles).to.deep.equal(['admin', 'staff']);
    expect(loadConfig({ CARELOOP_TOTP_REQUIRED_ROLES: 'none' }).totpRequiredRoles).to.deep.equal([]);
    expect(configErrorFor({ CARELOOP_TOTP_REQUIRED_ROLES: 'admin,root' }).message).to.include(
      'CARELOOP_TOTP_REQUIRED_ROLES must be `none` or roles from admin, moderator, staff, stakeholder',
    );
  });

  it('allows PORT=0 so tests can ask for any free port', () => {
    expect(loadConfig({ PORT: '0' }).port).to.equal(0);
  });

  it('refuses a PORT that is not a port number, naming the variable', () => {
    for (const port of ['abc', '-1', '65536', '3000.5', '80 80']) {
      expect(configErrorFor({ PORT: port }).message).to.match(/PORT must be a whole number from 0 to 65535/);
    }
  });

  it('refuses a CARELOOP_PUBLIC_URL that is not an absolute http(s) URL, naming the variable', () => {
    for (const url of ['stories.example.org', '/stories', 'ftp://example.org', 'javascript:alert(1)']) {
      expect(configErrorFor({ CARELOOP_PUBLIC_URL: url }).message).to.include(
        'CARELOOP_PUBLIC_URL must be an absolute',
      );
    }
  });

  it('refuses an unknown LOG_LEVEL, listing the levels', () => {
    expect(configErrorFor({ LOG_LEVEL: 'loud' }).message).to.include('LOG_LEVEL must be one of fatal, error');
  });

  it('takes 200 stories an hour from one address at most, and refuses a ceiling below the free allowance', () => {
    expect(loadConfig({}).submissionsPerHourMax).to.equal(200);
    expect(
      configErrorFor({ CARELOOP_SUBMISSIONS_PER_HOUR: '30', CARELOOP_SUBMISSIONS_PER_HOUR_MAX: '20' })
        .message,
    ).to.include(
      'CARELOOP_SUBMISSIONS_PER_HOUR_MAX (20) must be at least CARELOOP_SUBMISSIONS_PER_HOUR (30)',
    );
  });

  it('names every bad variable at once, and never echoes a connection string that may hold a password', () => {
    const error = configErrorFor({ PORT: 'x', MONGODB_URI: 'postgres://user:hunter2@db' });
    expect(error.problems).to.have.length(2);
    expect(error.message).to.include('PORT').and.include('MONGODB_URI');
    expect(error.message).not.to.include('hunter2');
  });

  it('finds the widget and example files from the project root, wherever it is started from', () => {
    const config = loadConfig({});
    expect(isAbsolute(config.widgetDir)).to.equal(true);
    expect(config.widgetDir).to.equal(join(projectRoot(), 'dist', 'widget'));
    expect(config.examplesDir).to.equal(join(projectRoot(), 'examples'));
    expect(projectRoot(new URL('../../../dist/server/platform/config.js', import.meta.url).href)).to.equal(
      projectRoot(),
    );
  });

  it('exits 1 with a one-line message naming the variable, not a stack trace, when started with a bad PORT', () => {
    const result = spawnSync(process.execPath, [builtEntry('server/main.ts')], {
      cwd: projectRoot(),
      env: { ...process.env, PORT: 'eighty', MONGODB_URI: '' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).to.equal(1);
    expect(result.stderr).to.include('PORT must be a whole number');
    expect(result.stderr).not.to.match(/\n\s+at /);
  });
});
