/**
 * Loaded by mocha (and by fixtures the tests spawn) after tsx: builds the service if `dist/` is older than
 * its sources, then sends every import of `server/**` to `dist/server/**` (see hooks.ts), so the suite
 * tests the compiled service that `npm start` runs, never a leftover build and never only the sources.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** tsc's incremental build record: written at the end of every build that emitted something. */
const buildInfo = join(root, 'dist', 'server.tsbuildinfo');

if (newestSourceChange(join(root, 'server')) > modifiedAt(buildInfo)) {
  process.stderr.write('dist/server is older than server/: building it (npm run build:server)\n');
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
}
register('./hooks.ts', import.meta.url);

function newestSourceChange(directory: string): number {
  let newest = modifiedAt(directory);
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceChange(path) : modifiedAt(path));
  }
  return newest;
}

function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
