/**
 * Loaded by this package's mocha (and by the fixtures its tests spawn) after tsx: builds the engine if
 * `dist/` is older than `src/`, then sends every import of `src/**` to `dist/**` (hooks.ts), so the
 * tests run the compiled engine that `npm run engine` and the service run.
 */
import { register } from 'node:module';
import { buildEngineIfStale } from '../../../scripts/build-if-stale.js';
import { engineFolder } from './index.js';

buildEngineIfStale({ log: (line) => process.stderr.write(line) });
register('./hooks.ts', { parentURL: import.meta.url, data: { folders: [engineFolder] } });
