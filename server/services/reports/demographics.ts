import {
  demographicQuestionNames,
  demographicQuestions,
  type DemographicQuestion,
} from '../../models/demographics.js';

/**
 * The reports' breakdown of stories by the authors' optional answers about themselves, built so that no
 * group of 10 stories or fewer can be seen or worked out by subtracting one figure from another
 * (docs/decisions/2026-12-07-demographics-suppression.md):
 * - only for a whole board (a root service), never a part of one, so no report is another minus a piece;
 * - only for a whole calendar quarter that has ended, so periods a day apart give the same quarter or
 *   another one, never two overlapping counts;
 * - frozen the first time it is read after the quarter ends, so a story withdrawn or erased later does not
 *   move a count by one;
 * - within a breakdown, every group of 10 or fewer is withheld, and then the smallest shown groups too
 *   until the withheld ones hold more than 10 together, so the total minus the shown groups says nothing
 *   about a small one.
 */

/** A group of this many stories or fewer is never shown. */
export const demographicsThreshold = 10;

/** The group of stories whose author left the question out. */
export const notAnswered = 'not-answered';

/** One answer's stories, or null when withheld ("fewer than 11", or hidden so another cannot be worked out). */
export interface DemographicGroup {
  value: string;
  stories: number | null;
}

export type DemographicBreakdowns = Record<DemographicQuestion, DemographicGroup[]>;

export type DemographicFigures =
  | ({
      available: true;
      /** `2026-Q3`, its first and last day (UTC). */
      quarter: string;
      from: string;
      to: string;
      /** Stories published in the quarter about the board: every group of a question adds up to it. */
      stories: number;
    } & DemographicBreakdowns)
  | { available: false; reason: 'not-a-board' };

/** A calendar quarter, UTC: `start` inclusive, `end` (the next quarter's start) exclusive. */
export interface Quarter {
  name: string;
  start: Date;
  end: Date;
}

/**
 * The last calendar quarter that had ended by `periodEnd` (the midnight after a report's last day) and by
 * `now`: a quarter still going on is never broken down, as its counts still move.
 */
export function lastWholeQuarter(periodEnd: Date, now: Date): Quarter {
  const limit = periodEnd < now ? periodEnd : now;
  const end = new Date(Date.UTC(limit.getUTCFullYear(), Math.floor(limit.getUTCMonth() / 3) * 3, 1));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 3, 1));
  return { name: `${start.getUTCFullYear()}-Q${start.getUTCMonth() / 3 + 1}`, start, end };
}

/** Per question, the store's counts by answer (`null`: not answered). */
export interface DemographicFacets {
  total: { stories: number }[];
  ageBand: { _id: string | null; stories: number }[];
  sex: { _id: string | null; stories: number }[];
  ethnicity: { _id: string | null; stories: number }[];
  disability: { _id: string | null; stories: number }[];
}

/** One aggregation over the board's published stories of the quarter: a count per answer per question. */
export function demographicsPipeline(serviceIds: string[], quarter: Quarter): Record<string, unknown>[] {
  const countBy = (question: DemographicQuestion) => [
    { $group: { _id: { $ifNull: [`$demographics.${question}`, null] }, stories: { $sum: 1 } } },
  ];
  return [
    {
      $match: {
        services: { $in: serviceIds },
        status: 'published',
        publishedAt: { $gte: quarter.start, $lt: quarter.end },
      },
    },
    {
      $facet: {
        total: [{ $count: 'stories' }],
        ageBand: countBy('ageBand'),
        sex: countBy('sex'),
        ethnicity: countBy('ethnicity'),
        disability: countBy('disability'),
      },
    },
  ];
}

/** The breakdowns of a quarter, suppressed, from the store's counts. */
export function shapeDemographics(
  facets: DemographicFacets,
  quarter: Quarter,
): Extract<DemographicFigures, { available: true }> {
  const lastDay = new Date(quarter.end.getTime() - 1);
  const breakdowns = Object.fromEntries(
    demographicQuestionNames.map((question) => {
      const counts = new Map(facets[question].map((row) => [row._id ?? notAnswered, row.stories]));
      const groups = [...demographicQuestions[question], notAnswered].map((value) => ({
        value,
        stories: counts.get(value) ?? 0,
      }));
      return [question, suppressGroups(groups)];
    }),
  ) as DemographicBreakdowns;
  return {
    available: true,
    quarter: quarter.name,
    from: quarter.start.toISOString().slice(0, 10),
    to: lastDay.toISOString().slice(0, 10),
    stories: facets.total[0]?.stories ?? 0,
    ...breakdowns,
  };
}

/**
 * Withholds every group of `demographicsThreshold` stories or fewer (empty ones too: "nobody" is also
 * a disclosure), then the smallest shown group, again and again, until the withheld groups hold more
 * than the threshold together (or all are withheld). The total minus the shown groups is the withheld
 * groups' sum, so it is 0 or above the threshold (or, with all withheld, only the total the report gives
 * anyway) and never pins a small group down. Groups keep the order the form offers them in; of two
 * equally small shown groups the later one is withheld.
 */
export function suppressGroups(groups: { value: string; stories: number }[]): DemographicGroup[] {
  const withheld = new Set(groups.filter((group) => group.stories <= demographicsThreshold));
  const withheldSum = () => [...withheld].reduce((sum, group) => sum + group.stories, 0);
  while (withheld.size > 0 && withheld.size < groups.length && withheldSum() <= demographicsThreshold) {
    const shown = groups.filter((group) => !withheld.has(group));
    const smallest = shown.reduce((small, group) => (group.stories <= small.stories ? group : small));
    withheld.add(smallest);
  }
  return groups.map((group) => ({ value: group.value, stories: withheld.has(group) ? null : group.stories }));
}
