/**
 * Builds the engine package, then the service (`tsc -p tsconfig.server.json`), each only when its build
 * is older than its sources; the service's build is also stale when the engine's was rebuilt, since the
 * service type-checks against the engine's declarations. Run before `npm run careloop`, and by the test
 * suite before it runs (each would otherwise spend seconds re-checking a build that is already current).
 *
 *   node scripts/build-server-if-stale.js
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEngineIfStale, buildIfStale } from '../packages/engine/scripts/build-if-stale.js';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));

/** The service's build: tsc's incremental record, written at the end of every build that emitted something. */
export const serverBuild = {
  root: projectRoot,
  record: 'dist/server.tsbuildinfo',
  sources: ['server', 'tsconfig.server.json', 'tsconfig.json', 'packages/engine/dist/engine.tsbuildinfo'],
};

/**
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {boolean} whether it built the service
 */
export function buildServerIfStale(options = {}) {
  buildEngineIfStale({ log: options.log });
  return buildIfStale({
    root: serverBuild.root,
    tsconfig: 'tsconfig.server.json',
    buildInfo: serverBuild.record,
    sources: serverBuild.sources,
    what: 'the service (dist/server)',
    log: options.log,
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildServerIfStale({ log: (line) => process.stderr.write(line) });
}
