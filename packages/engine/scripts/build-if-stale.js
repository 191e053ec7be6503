/**
 * Builds the engine (`tsc -p tsconfig.json` in this package) only when `dist/` is older than `src/`.
 * Run before `npm run engine` and by the tests before they run: each would otherwise spend seconds
 * re-checking a build that is already current. careloop's root uses `buildIfStale` for the service too.
 *
 *   node packages/engine/scripts/build-if-stale.js
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * Whether any of `sources` (files or folders, walked, relative to `root`) changed after `record` (a
 * file the build writes or touches when it ends) was written; true when there is no record.
 *
 * @param {{ root: string, record: string, sources: string[] }} build
 * @returns {boolean}
 */
export function isStale({ root, record, sources }) {
  const newestSource = Math.max(...sources.map((source) => newestChange(join(root, source))));
  return newestSource > modifiedAt(join(root, record));
}

/**
 * Marks a build as checked now: tsc leaves its record alone when only timestamps changed.
 *
 * @param {{ root: string, record: string }} build
 */
export function markBuilt({ root, record }) {
  const now = new Date();
  utimesSync(join(root, record), now, now);
}

/**
 * Runs `tsc -p <tsconfig>` in `root` when any of `sources` (files or folders, walked) changed after
 * tsc's incremental build record `buildInfo` was written.
 *
 * @param {{ root: string, tsconfig: string, buildInfo: string, sources: string[], what: string, log?: (line: string) => void }} options
 * @returns {boolean} whether it built
 */
export function buildIfStale({ root, tsconfig, buildInfo, sources, what, log }) {
  if (!isStale({ root, record: buildInfo, sources })) return false;
  log?.(`${what} is older than its sources: building it (tsc -p ${tsconfig})\n`);
  // typescript is resolved from `root` up, as npm lays it out (hoisted to the workspace root).
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', tsconfig], { cwd: root, stdio: 'inherit' });
  markBuilt({ root, record: buildInfo });
  return true;
}

/**
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {boolean} whether it built
 */
export function buildEngineIfStale(options = {}) {
  return buildIfStale({
    root: packageRoot,
    tsconfig: 'tsconfig.json',
    buildInfo: 'dist/engine.tsbuildinfo',
    sources: ['src', 'tsconfig.json', '../../tsconfig.base.json'],
    what: 'the engine (packages/engine/dist)',
    log: options.log,
  });
}

/** The newest modification time in a file or, walked, a folder (0 when it does not exist). */
function newestChange(path) {
  let newest = modifiedAt(path);
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return newest; // a file, or missing
  }
  for (const entry of entries) newest = Math.max(newest, newestChange(join(path, entry.name)));
  return newest;
}

function modifiedAt(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildEngineIfStale({ log: (line) => process.stderr.write(line) });
}
