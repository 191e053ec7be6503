/**
 * The bench's regression check, for CI: a part may return `ratios` (each a figure measured against its
 * baseline in the same run, e.g. throughput ÷ bare Koa's) with the direction that is better. `--record
 * <file>` keeps them as the reference; `--check <file>` fails when any ratio has become more than
 * `allowedFactor` times worse than the reference. Ratios, not times, so a slower or busier machine
 * moves both sides alike.
 */
export interface BenchRatio {
  value: number;
  better: 'higher' | 'lower';
}

export type BenchRatios = Record<string, BenchRatio>;

/** The reference file: each part's ratios as recorded. */
export type RecordedRatios = Record<string, Record<string, number>>;

export const allowedFactor = 2;

/** The `ratios` a part returned among its figures, if any. */
export function ratiosIn(figures: unknown): BenchRatios | undefined {
  if (typeof figures !== 'object' || figures === null || !('ratios' in figures)) return undefined;
  return (figures as { ratios: BenchRatios }).ratios;
}

export interface RatioCheck {
  name: string;
  recorded: number;
  measured: number;
  /** How many times worse than recorded (below 1: better). */
  worseBy: number;
  regressed: boolean;
}

/** Compares one part's ratios with the recorded ones; a ratio missing from either side is left out. */
export function checkRatios(measured: BenchRatios, recorded: Record<string, number>): RatioCheck[] {
  return Object.entries(measured).flatMap(([name, { value, better }]) => {
    const reference = recorded[name];
    if (reference === undefined) return [];
    const worseBy = better === 'higher' ? reference / value : value / reference;
    return [{ name, recorded: reference, measured: value, worseBy, regressed: worseBy > allowedFactor }];
  });
}
