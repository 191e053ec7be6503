/**
 * `npm start`'s and `npm test`'s build. With nothing built yet (a fresh clone) it is `npm run build`.
 * After that, each part (the engine, then the service and the widget side by side) is built only when
 * its output is older than its sources: starting again on an unchanged tree builds nothing (the smoke
 * test's second start, a developer's restart), where `npm run build` took 20 s every time.
 *
 *   node scripts/build-if-stale.js
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEngineIfStale, isStale, markBuilt } from '../packages/engine/scripts/build-if-stale.js';
import { serverBuild } from './build-server-if-stale.js';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));

/** The widget's build: rollup empties dist/widget first and the manifest is written last. */
const widgetBuild = {
  root: projectRoot,
  record: 'dist/widget/custom-elements.json',
  sources: [
    'widget',
    'rollup.config.js',
    'tsconfig.widget.json',
    'tsconfig.base.json',
    'scripts/custom-elements.js',
    'scripts/size-report.js',
    'package-lock.json',
  ],
};

const log = (line) => process.stderr.write(line);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!existsSync(join(projectRoot, 'dist'))) {
  execFileSync(npm, ['run', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  process.exit(0);
}
buildEngineIfStale({ log });
const stale = [
  ...(isStale(serverBuild) ? [{ script: 'build:server', build: serverBuild }] : []),
  ...(isStale(widgetBuild) ? [{ script: 'build:widget', build: widgetBuild }] : []),
];
if (stale.length === 0) {
  log('the build (dist/) is newer than its sources: not rebuilt\n');
} else {
  log(`building what is older than its sources: ${stale.map(({ script }) => script).join(', ')}\n`);
  execFileSync(process.execPath, ['scripts/run-parallel.js', ...stale.map(({ script }) => script)], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  for (const { build } of stale) markBuilt(build);
}
