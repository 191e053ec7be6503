/**
 * `npm run bench` runs every part in bench/parts/ (a file whose default export is a BenchPart);
 * `npm run bench -- engine` runs only the parts named. Each part prints its tables and its figures go
 * to bench/results/<part>.json. Flags: `--quick` (smaller sizes), `--full` (the largest sizes, e.g. a
 * million stories), `--help`, `--record <file>` and `--check <file>` (keep the parts' ratios as the
 * reference, or fail on one more than twice as bad as it: lib/regression.ts), and any `--name value` a
 * part reads (e.g. `--sizes 1000,100000`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import './lib/cleanup.js';
import { isBenchPart, type BenchOptions, type BenchPart } from './lib/part.js';
import { allowedFactor, checkRatios, ratiosIn, type RecordedRatios } from './lib/regression.js';
import { formatRatio, formatTable } from './lib/format.js';

const partsDir = fileURLToPath(new URL('./parts/', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

async function discoverParts(): Promise<BenchPart[]> {
  const files = (await readdir(partsDir))
    .filter((file) => /\.[cm]?ts$/.test(file) && !file.endsWith('.d.ts'))
    .sort();
  const parts: BenchPart[] = [];
  for (const file of files) {
    const loaded = (await import(pathToFileURL(join(partsDir, file)).href)) as { default?: unknown };
    if (isBenchPart(loaded.default)) parts.push(loaded.default);
  }
  return parts;
}

function parseArguments(argv: string[]): { names: string[]; options: BenchOptions; help: boolean } {
  const names: string[] = [];
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (!argument.startsWith('--')) {
      names.push(argument);
      continue;
    }
    const [name, inlineValue] = argument.slice(2).split(/=(.*)/s, 2);
    const next = argv[index + 1];
    if (inlineValue !== undefined) flags.set(name, inlineValue);
    else if (next !== undefined && !next.startsWith('--') && !['quick', 'full', 'help'].includes(name)) {
      flags.set(name, next);
      index++;
    } else flags.set(name, 'true');
  }
  return { names, options: { quick: flags.has('quick'), flags }, help: flags.has('help') };
}

async function main(): Promise<number> {
  const { names, options, help } = parseArguments(process.argv.slice(2));
  const parts = await discoverParts();
  if (help) {
    console.log('usage: npm run bench -- [part ...] [--quick] [--<flag> <value> ...]\n\nparts:');
    for (const part of parts) console.log(`  ${part.name.padEnd(12)} ${part.description}`);
    return 0;
  }
  const unknown = names.filter((name) => !parts.some((part) => part.name === name));
  if (unknown.length) {
    console.error(
      `no bench part named ${unknown.join(', ')}; parts: ${parts.map((part) => part.name).join(', ')}`,
    );
    return 2;
  }
  const selected = names.length ? parts.filter((part) => names.includes(part.name)) : parts;
  await mkdir(resultsDir, { recursive: true });
  const recordTo = options.flags.get('record');
  // Recording anew skips the check: the reference is what is being replaced.
  const checkAgainst = recordTo ? undefined : options.flags.get('check');
  const reference: RecordedRatios =
    checkAgainst && existsSync(checkAgainst)
      ? (JSON.parse(readFileSync(checkAgainst, 'utf8')) as RecordedRatios)
      : {};
  if (checkAgainst && !existsSync(checkAgainst)) {
    console.error(`--check: no reference at ${checkAgainst} (make one with --record)`);
    return 2;
  }
  const ratiosNow: RecordedRatios = {};
  let failed = 0;
  for (const part of selected) {
    console.log(`\n━━ ${part.name} ━━`);
    try {
      const figures = await part.run(options);
      const ratios = ratiosIn(figures);
      if (ratios)
        ratiosNow[part.name] = Object.fromEntries(
          Object.entries(ratios).map(([name, ratio]) => [name, ratio.value]),
        );
      if (checkAgainst && ratios)
        failed += reportRegressions(part.name, checkRatios(ratios, reference[part.name] ?? {}));
      const recorded = { part: part.name, ranAt: new Date().toISOString(), quick: options.quick, figures };
      const file = join(resultsDir, `${part.name}.json`);
      await writeFile(file, `${JSON.stringify(recorded, null, 2)}\n`);
      console.log(`\nfigures written to ${file}`);
    } catch (error) {
      failed++;
      console.error(`\nbench part '${part.name}' failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
  if (recordTo) {
    await writeFile(recordTo, `${JSON.stringify(ratiosNow, null, 2)}\n`);
    console.log(`\nratios recorded in ${recordTo}`);
  }
  return failed ? 1 : 0;
}

/** Prints each ratio beside its reference; the number of regressions (worse by more than allowedFactor). */
function reportRegressions(part: string, checks: ReturnType<typeof checkRatios>): number {
  if (checks.length === 0) {
    console.error(`\n${part}: no recorded ratios to check against`);
    return 1;
  }
  console.log(
    `\n${part} · ratios against the recorded reference (a regression is over ${allowedFactor}× worse)\n`,
  );
  console.log(
    formatTable(
      ['', 'recorded', 'now', 'worse by', ''],
      checks.map((check) => [
        check.name,
        formatRatio(check.recorded),
        formatRatio(check.measured),
        formatRatio(check.worseBy),
        check.regressed ? 'REGRESSED' : 'ok',
      ]),
    ),
  );
  return checks.filter((check) => check.regressed).length;
}

process.exitCode = await main();
