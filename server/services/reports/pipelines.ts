import { progressStageExpression } from '../../mappers/story.js';
import type { ReportPeriod } from './period.js';

/**
 * The aggregation behind a report: one `$match` on the subtree and the period (through the
 * `{ services, status, publishedAt }` index), then one `$facet` whose branches count what each figure
 * needs. Everything here is plain MongoDB the embedded engine runs identically: percentiles are picked
 * from a sorted `$push`, never `$percentile` (see docs/decisions/2026-11-21-reports.md).
 */

/** The stories a report is about, and how they map to the rows of its child-services table. */
export interface ReportScope {
  serviceIds: string[];
  /** Each service id below a child of the reported service, with that child's id. */
  childOf: Map<string, string>;
}

export interface DelayFigures {
  stories: number;
  responded: number;
  /** Milliseconds from publication to the first response: nearest-rank median and 90th percentile. */
  medianMs: number | null;
  p90Ms: number | null;
}

export interface ReportFacets {
  overall: DelayFigures[];
  weeks: (DelayFigures & { _id: string })[];
  authorRoles: { _id: string; stories: number }[];
  sources: { _id: string | null; stories: number }[];
  criticality: { _id: number | null; stories: number }[];
  progress: { _id: string; stories: number }[];
  previewed: { _id: null; stories: number }[];
  toldOnBehalf: { _id: null; stories: number }[];
  tags: { _id: { kind: string; key: string; previous: boolean }; name: string; stories: number }[];
  responses: { _id: string; responses: number; planned: number; made: number }[];
  children: (DelayFigures & { _id: string })[];
}

/** ISO week of publication, UTC (the default timezone: the engine refuses an explicit 'UTC'): `2026-W05`. */
const publicationWeek = { $dateToString: { date: '$publishedAt', format: '%G-W%V' } };

/** Publication to first response in ms, or null when nobody has responded. */
const responseDelay = {
  $cond: [
    { $ne: [{ $ifNull: ['$firstResponseAt', null] }, null] },
    { $subtract: ['$firstResponseAt', '$publishedAt'] },
    null,
  ],
};

/** `$group` fields counting stories, responded ones, and collecting their delays. */
const delayAccumulators = {
  stories: { $sum: 1 },
  responded: { $sum: { $cond: [{ $gt: [{ $ifNull: ['$responseCount', 0] }, 0] }, 1, 0] } },
  delays: { $push: responseDelay },
};

/**
 * The nearest-rank `percent`-th percentile of the sorted array in `$sorted` (length `$count`): the
 * value at rank ceil(percent × n / 100), in integer arithmetic so 90 × 70 / 100 is exactly 63.
 */
function nearestRank(percent: number) {
  return {
    $cond: [
      { $eq: ['$count', 0] },
      null,
      {
        $arrayElemAt: [
          '$sorted',
          { $toInt: { $subtract: [{ $ceil: { $divide: [{ $multiply: [percent, '$count'] }, 100] } }, 1] } },
        ],
      },
    ],
  };
}

/** After a `$group` with `delayAccumulators`: counts, median and 90th percentile. */
const delayFigures = [
  {
    $set: {
      sorted: {
        $sortArray: { input: { $filter: { input: '$delays', cond: { $ne: ['$$this', null] } } }, sortBy: 1 },
      },
    },
  },
  { $set: { count: { $size: '$sorted' } } },
  { $project: { stories: 1, responded: 1, medianMs: nearestRank(50), p90Ms: nearestRank(90) } },
];

function tagsOf(kind: 'good' | 'improve' | 'feelings') {
  return { $map: { input: { $ifNull: [`$tags.${kind}`, []] }, in: { kind, tag: '$$this' } } };
}

export function reportPipeline(scope: ReportScope, period: ReportPeriod): Record<string, unknown>[] {
  const inPeriod = { $match: { publishedAt: { $gte: period.start } } };
  const childKeys = [...scope.childOf.keys()];
  const childValues = childKeys.map((id) => scope.childOf.get(id));
  const countBy = (key: unknown) => [inPeriod, { $group: { _id: key, stories: { $sum: 1 } } }];
  return [
    {
      $match: {
        services: { $in: scope.serviceIds },
        status: 'published',
        // The previous period too, for the tags' change; every other branch keeps the period only.
        publishedAt: { $gte: period.previousStart, $lt: period.end },
      },
    },
    {
      $facet: {
        overall: [inPeriod, { $group: { _id: null, ...delayAccumulators } }, ...delayFigures],
        weeks: [inPeriod, { $group: { _id: publicationWeek, ...delayAccumulators } }, ...delayFigures],
        authorRoles: countBy('$authorRole'),
        sources: countBy({ $ifNull: ['$source', null] }),
        criticality: countBy({ $ifNull: ['$criticality', null] }),
        progress: countBy(progressStageExpression()),
        // Stories that went through provider preview (their `preview` window stays as a record).
        previewed: [
          inPeriod,
          { $match: { preview: { $ne: null } } },
          { $group: { _id: null, stories: { $sum: 1 } } },
        ],
        // Stories staff or a volunteer entered for their authors (a paper form, a phone call, …).
        toldOnBehalf: [
          inPeriod,
          { $match: { toldVia: { $ne: null } } },
          { $group: { _id: null, stories: { $sum: 1 } } },
        ],
        tags: [
          {
            $project: {
              previous: { $lt: ['$publishedAt', period.start] },
              tag: { $concatArrays: [tagsOf('good'), tagsOf('improve'), tagsOf('feelings')] },
            },
          },
          { $unwind: '$tag' },
          {
            $group: {
              _id: { kind: '$tag.kind', key: { $toLower: '$tag.tag' }, previous: '$previous' },
              name: { $min: '$tag.tag' },
              stories: { $sum: 1 },
            },
          },
        ],
        responses: [
          inPeriod,
          { $match: { responseCount: { $gt: 0 } } },
          { $project: { week: publicationWeek } },
          { $lookup: { from: 'responses', localField: '_id', foreignField: 'storyId', as: 'response' } },
          { $unwind: '$response' },
          { $match: { 'response.deletedAt': null, 'response.hiddenAt': null, 'response.withheld': null } },
          {
            $group: {
              _id: '$week',
              responses: { $sum: 1 },
              planned: { $sum: { $cond: [{ $eq: ['$response.change', 'planned'] }, 1, 0] } },
              made: { $sum: { $cond: [{ $eq: ['$response.change', 'made'] }, 1, 0] } },
            },
          },
        ],
        children: [
          inPeriod,
          {
            $set: {
              child: {
                $setUnion: [
                  {
                    $map: {
                      input: {
                        $filter: { input: '$services', cond: { $in: ['$$this', { $literal: childKeys }] } },
                      },
                      in: {
                        $arrayElemAt: [
                          { $literal: childValues },
                          { $indexOfArray: [{ $literal: childKeys }, '$$this'] },
                        ],
                      },
                    },
                  },
                ],
              },
            },
          },
          { $unwind: '$child' },
          { $group: { _id: '$child', ...delayAccumulators } },
          ...delayFigures,
        ],
      },
    },
  ];
}

/**
 * The daily rollups' aggregations (rollups.ts) over the published stories of `[start, end)`: each story
 * counts once for every service it is about and every service above those (its ancestors in the tree
 * as it is now), and once for `*` (the whole day); grouped by that service and the story's UTC day.
 * They count exactly what `reportPipeline` counts, so that a report summed from days is the same report.
 */
export function rollupPipelines(start: Date, end: Date) {
  const ofTheDays = { status: 'published', publishedAt: { $gte: start, $lt: end } };
  const byService = [
    { $lookup: { from: 'organisations', localField: 'services', foreignField: '_id', as: 'tree' } },
    {
      $set: {
        day: { $dateToString: { date: '$publishedAt', format: '%Y-%m-%d' } },
        service: {
          $setUnion: [
            { $literal: ['*'] },
            '$services',
            {
              $reduce: {
                input: '$tree.ancestors',
                initialValue: [],
                in: { $concatArrays: ['$$value', '$$this'] },
              },
            },
          ],
        },
      },
    },
    { $unwind: '$service' },
  ];
  const key = (value?: unknown) => ({ service: '$service', day: '$day', ...(value ? { value } : {}) });
  const countBy = (value: unknown) => [{ $group: { _id: key(value), stories: { $sum: 1 } } }];
  const counted = (field: string) => ({
    $sum: { $cond: [{ $ne: [{ $ifNull: [field, null] }, null] }, 1, 0] },
  });
  // In the index's order, so that the `{ status, publishedAt }` index is read over the days only.
  const inIndexOrder = { $sort: { publishedAt: -1 } };
  const stories = [
    { $match: ofTheDays },
    inIndexOrder,
    ...byService,
    {
      $facet: {
        figures: [
          {
            $group: {
              _id: key(),
              ...delayAccumulators,
              previewed: counted('$preview'),
              toldOnBehalf: counted('$toldVia'),
            },
          },
        ],
        authorRoles: countBy('$authorRole'),
        sources: countBy({ $ifNull: ['$source', null] }),
        criticality: countBy({ $ifNull: ['$criticality', null] }),
        progress: countBy(progressStageExpression()),
        tags: [
          {
            $project: {
              service: 1,
              day: 1,
              tag: { $concatArrays: [tagsOf('good'), tagsOf('improve'), tagsOf('feelings')] },
            },
          },
          { $unwind: '$tag' },
          {
            $group: {
              _id: { ...key(), kind: '$tag.kind', key: { $toLower: '$tag.tag' } },
              name: { $min: '$tag.tag' },
              stories: { $sum: 1 },
            },
          },
        ],
      },
    },
  ];
  const responses = [
    { $match: { ...ofTheDays, responseCount: { $gt: 0 } } },
    inIndexOrder,
    { $project: { services: 1, publishedAt: 1 } },
    { $lookup: { from: 'responses', localField: '_id', foreignField: 'storyId', as: 'response' } },
    { $unwind: '$response' },
    { $match: { 'response.deletedAt': null, 'response.hiddenAt': null, 'response.withheld': null } },
    ...byService,
    {
      $group: {
        _id: key(),
        responses: { $sum: 1 },
        planned: { $sum: { $cond: [{ $eq: ['$response.change', 'planned'] }, 1, 0] } },
        made: { $sum: { $cond: [{ $eq: ['$response.change', 'made'] }, 1, 0] } },
      },
    },
  ];
  return { stories, responses };
}

type RollupKey = { service: string; day: string };

export interface RollupStoryFacets {
  figures: {
    _id: RollupKey;
    stories: number;
    responded: number;
    delays: (number | null)[];
    previewed: number;
    toldOnBehalf: number;
  }[];
  authorRoles: { _id: RollupKey & { value: string }; stories: number }[];
  sources: { _id: RollupKey & { value: string | null }; stories: number }[];
  criticality: { _id: RollupKey & { value: number | null }; stories: number }[];
  progress: { _id: RollupKey & { value: string }; stories: number }[];
  tags: { _id: RollupKey & { kind: string; key: string }; name: string; stories: number }[];
}

export interface RollupResponseRow {
  _id: RollupKey;
  responses: number;
  planned: number;
  made: number;
}
