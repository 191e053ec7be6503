import { spawn } from 'node:child_process';
import { projectRoot } from '../../server/platform/config.js';
import { builtEntry } from './built-server/index.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as an operator would, on the embedded store in `dataDir`, with `input` on stdin. */
export function runCli(
  dataDir: string,
  args: string[],
  input = '',
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtEntry('server/cli/careloop.ts'), ...args], {
      cwd: projectRoot(),
      env: { ...process.env, CARELOOP_DATA_DIR: dataDir, MONGODB_URI: '', CARELOOP_DEMO: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
