/**
 * What a bench part is: one area of careloop (the engine, feeds, reports, the widget) measured against a
 * baseline taken in the same run. `bench/index.ts` runs every file in `bench/parts/` whose default
 * export is a `BenchPart`, or only the ones named on the command line.
 */
export interface BenchOptions {
  /** `--quick`: smaller sizes, for trying a change; the full run is the default. */
  quick: boolean;
  /** Every `--name=value` or `--name value` flag, for the parts that read one (e.g. `--sizes`). */
  flags: ReadonlyMap<string, string>;
}

export interface BenchPart {
  /** What `npm run bench -- <name>` selects, and the name of `bench/results/<name>.json`. */
  name: string;
  /** One line for `npm run bench -- --help`. */
  description: string;
  /** Measures, prints its tables and returns its figures (plain JSON) for bench/results. */
  run(options: BenchOptions): Promise<unknown>;
}

export function isBenchPart(value: unknown): value is BenchPart {
  if (typeof value !== 'object' || value === null) return false;
  const part = value as Partial<BenchPart>;
  return typeof part.name === 'string' && typeof part.run === 'function';
}

/**
 * The store sizes a part runs at: `--sizes` (or `given`) when set, else `--full`'s, `--quick`'s or the
 * part's own.
 */
export function chooseSizes(
  options: BenchOptions,
  sizes: { normal: number[]; quick: number[]; full?: number[] },
  given = options.flags.get('sizes'),
): number[] {
  if (given) return parseSizes(given);
  if (options.flags.has('full') && sizes.full) return sizes.full;
  return options.quick ? sizes.quick : sizes.normal;
}

/** A comma-separated list of sizes; `_` and `k` are allowed (`1_000`, `100k`). */
export function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((item) => {
    const cleaned = item.trim().toLowerCase().replaceAll('_', '');
    const unit = cleaned.endsWith('k') ? 1_000 : cleaned.endsWith('m') ? 1_000_000 : 1;
    const size = unit === 1 ? Number(cleaned) : Number(cleaned.slice(0, -1)) * unit;
    if (!Number.isInteger(size) || size <= 0)
      throw new Error(`a size must be a positive whole number, got '${item}'`);
    return size;
  });
  if (sizes.length === 0) throw new Error('no sizes given');
  return sizes;
}
