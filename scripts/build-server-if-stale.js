/**
 * Builds the service (`tsc -p tsconfig.server.json`) only when `dist/server` is older than `server/`.
 * Run before `npm run careloop` and `npm run engine` (each operator command would otherwise spend
 * seconds re-checking a build that is already current), and by the test suite before it runs.
 *
 *   node scripts/build-server-if-stale.js
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * @param {{ root?: string, log?: (line: string) => void }} [options]
 * @returns {boolean} whether it built
 */
export function buildServerIfStale(options = {}) {
  const root = options.root ?? projectRoot;
  // tsc's incremental build record: written at the end of every build that emitted something.
  const buildInfo = join(root, 'dist', 'server.tsbuildinfo');
  const sources = Math.max(
    newestChange(join(root, 'server')),
    modifiedAt(join(root, 'tsconfig.server.json')),
    modifiedAt(join(root, 'tsconfig.json')),
  );
  if (sources <= modifiedAt(buildInfo)) return false;
  options.log?.('dist/server is older than server/: building it (npm run build:server)\n');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.server.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  // tsc leaves its record alone when only timestamps changed; mark the build as checked now.
  const now = new Date();
  utimesSync(buildInfo, now, now);
  return true;
}

function newestChange(directory) {
  let newest = modifiedAt(directory);
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : modifiedAt(path));
  }
  return newest;
}

function modifiedAt(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) buildServerIfStale();
