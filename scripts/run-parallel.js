/**
 * Runs npm scripts side by side and fails if any fails: `npm run lint` and `npm run build` are each a
 * few independent steps that mostly wait on one core, so on a two-core machine they take the time of
 * the longest step rather than the sum. Each step's output is printed whole when it ends (never
 * interleaved), under its name; the exit code is the first failure's.
 *
 *   node scripts/run-parallel.js lint:types lint:code
 */
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write('usage: node scripts/run-parallel.js <npm script>...\n');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = await Promise.all(names.map(run));
const failed = results.filter((result) => result.code !== 0);
for (const { name, code } of failed) process.stderr.write(`\n✖ npm run ${name} failed (exit ${code})\n`);
process.exit(failed[0]?.code ?? 0);

/** @param {string} name */
function run(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const exit = code ?? (signal ? 1 : 0);
      process.stdout.write(`\n${exit === 0 ? '✔' : '✖'} npm run ${name} (${seconds} s)\n`);
      process.stdout.write(Buffer.concat(output));
      resolve({ name, code: exit });
    });
  });
}
