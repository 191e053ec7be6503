/**
 * How the engine's tests reach its build: the compiled CLI (what `npm run engine` runs) and the node
 * options that run a TypeScript fixture against the build, as mocha runs the tests.
 */
import { fileURLToPath } from 'node:url';
import type { BuiltFolder } from './hooks.js';

const packageRoot = new URL('../../../', import.meta.url);

/** The engine's sources and its build, for hooks.ts. */
export const engineFolder: BuiltFolder = {
  sources: new URL('src/', packageRoot).href,
  built: new URL('dist/', packageRoot).href,
  buildCommand: 'npm run build -w @careloop/engine',
};

/** The compiled CLI: the package's `bin`, and what `npm run engine` runs. */
export const builtCli = fileURLToPath(new URL('dist/cli.js', packageRoot));

/** Node options that run a TypeScript fixture with tsx, every import of `src/**` sent to the build. */
export const fixtureNodeOptions = [
  '--no-experimental-require-module',
  '--import',
  'tsx',
  '--import',
  fileURLToPath(new URL('register.ts', import.meta.url)),
];
