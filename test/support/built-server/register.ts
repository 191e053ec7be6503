/**
 * Loaded by mocha (and by fixtures the tests spawn) after tsx: builds the engine and the service if their
 * builds are older than their sources, then sends every import of `server/**` to `dist/server/**` and of
 * `packages/engine/src/**` to `packages/engine/dist/**` (the engine package's hooks.ts), so the suite
 * tests the compiled code that `npm start` runs, never a leftover build and never only the sources.
 */
import { register } from 'node:module';
import { buildServerIfStale } from '../../../scripts/build-server-if-stale.js';
import { engineFolder } from '../../../packages/engine/test/support/built/index.js';

const root = new URL('../../../', import.meta.url);
const serviceFolder = {
  sources: new URL('server/', root).href,
  built: new URL('dist/server/', root).href,
  buildCommand: 'npm run build',
};

buildServerIfStale({ log: (line) => process.stderr.write(line) });
register('../../../packages/engine/test/support/built/hooks.ts', {
  parentURL: import.meta.url,
  data: { folders: [engineFolder, serviceFolder] },
});
