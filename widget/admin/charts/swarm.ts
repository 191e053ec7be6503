/** A dot to place: `x` in the chart's units, `lane` the row of its category. */
export interface SwarmInput {
  x: number;
  lane: number;
}

/**
 * Places dots in their lanes as a beeswarm: in time order, each dot takes the level nearest its lane's
 * middle (0, 1, −1, 2, −2, …) where it does not overlap the dot before it on that level (`gap` apart),
 * up to `maxLevel` each side; past that it shares the least crowded level. Answers each dot's level (in
 * input order) and, per lane, how many levels it uses each side.
 */
export function layoutSwarm(
  dots: readonly SwarmInput[],
  lanes: number,
  gap: number,
  maxLevel = 6,
): { levels: number[]; reach: number[] } {
  const levels = new Array<number>(dots.length).fill(0);
  const reach = new Array<number>(lanes).fill(0);
  const last = Array.from({ length: lanes }, () => new Map<number, number>());
  const order = dots.map((_, i) => i).sort((a, b) => dots[a].x - dots[b].x);
  for (const i of order) {
    const { x, lane } = dots[i];
    const taken = last[lane];
    let best = 0;
    for (let step = 0; step <= maxLevel * 2; step++) {
      const level = step % 2 ? (step + 1) / 2 : -step / 2;
      const before = taken.get(level) ?? -Infinity;
      if (x - before >= gap) {
        best = level;
        break;
      }
      if (before < (taken.get(best) ?? -Infinity)) best = level;
    }
    taken.set(best, x);
    levels[i] = best;
    reach[lane] = Math.max(reach[lane], Math.abs(best));
  }
  return { levels, reach };
}
