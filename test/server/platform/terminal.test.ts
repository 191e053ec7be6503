import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../../server/platform/config.js';
import { builtEntry } from '../../support/built-server/index.js';
import { mainEnvironment } from '../../support/main-process.js';

/** Colour codes and carriage returns, as a terminal gets them: the text a person reads is what is left. */
function readable(output: string): string[] {
  return output
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/\r/g, '')
    .split('\n');
}

describe('npm start at a terminal', function () {
  this.timeout(60_000);
  let dataDir: string;
  let lines: string[];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'careloop-terminal-'));
    // `script` gives the service a pseudo-terminal, as a developer's shell does.
    const command = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(builtEntry('server/main.ts'))}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: projectRoot(),
      env: mainEnvironment(dataDir),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner in 45 s:\n${output}`)), 45_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Stop with Ctrl+C.')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited (${code}) before the banner:\n${output}`)));
    });
    lines = readable(output);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  });

  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('logs one readable line per event, not JSON', () => {
    const logLines = lines.filter((line) => /^\[\d\d:\d\d:\d\d\] [A-Z]+:/.test(line));
    expect(logLines.some((line) => /INFO: careloop listening on http:\/\/localhost:\d+/.test(line))).to.equal(
      true,
    );
    expect(lines.filter((line) => line.trimStart().startsWith('{"level"'))).to.deep.equal([]);
  });

  it('shows the banner after a few lines, not under a page of the demo being seeded', () => {
    const banner = lines.findIndex((line) => line.startsWith('careloop is running at http://localhost:'));
    expect(banner, lines.join('\n')).to.be.within(1, 10);
    expect(lines.some((line) => line.includes('INFO: demo seeded'))).to.equal(true);
  });
});
