/**
 * Loaded by mocha (and by fixtures the tests spawn) after tsx: builds the service if `dist/` is older than
 * its sources, then sends every import of `server/**` to `dist/server/**` (see hooks.ts), so the suite
 * tests the compiled service that `npm start` runs, never a leftover build and never only the sources.
 */
import { register } from 'node:module';
import { buildServerIfStale } from '../../../scripts/build-server-if-stale.js';

buildServerIfStale({ log: (line) => process.stderr.write(line) });
register('./hooks.ts', import.meta.url);
