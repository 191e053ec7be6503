import type { ProgressStage } from '../../mappers/story.js';
import { progressStages } from '../../mappers/story.js';
import { weeksOf, type ReportPeriod } from './period.js';
import type { DelayFigures, ReportFacets } from './pipelines.js';
import type { DemographicFigures } from './demographics.js';

/** A breakdown by author role or source covering this many stories or fewer is withheld. */
export const suppressionThreshold = 10;
/** Tags listed per kind. */
export const topTagCount = 10;
const hourMs = 60 * 60 * 1000;

export type Breakdown =
  | { suppressed: false; items: { value: string | null; stories: number }[] }
  | { suppressed: true; reason: string };

export interface ResponseFigures {
  stories: number;
  responded: number;
  /** `responded / stories` (0 to 1); null without stories. */
  responseRate: number | null;
  /** Hours from publication to the first response (nearest rank over responded stories). */
  medianHoursToFirstResponse: number | null;
  p90HoursToFirstResponse: number | null;
}

export interface WeekFigures extends ResponseFigures {
  /** ISO 8601 week of publication (UTC), `2026-W05`. */
  week: string;
  /** Visible responses to the week's stories, and the share saying a change is planned / made. */
  responses: number;
  changePlannedRate: number | null;
  changeMadeRate: number | null;
}

export interface TagFigure {
  tag: string;
  stories: number;
  /** Stories with it in the previous period of the same length, and the difference. */
  previousStories: number;
  change: number;
}

export interface ChildFigures extends ResponseFigures {
  rank: number;
  id: string;
  name: string;
  retired: boolean;
}

/** A report's figures. `criticality` only for staff, moderators and admins. */
export interface ReportFigures {
  service: { id: string; name: string };
  period: { from: string; to: string; days: number; previousFrom: string };
  totals: ResponseFigures & Omit<WeekFigures, 'week' | keyof ResponseFigures>;
  trend: WeekFigures[];
  authorRoles: Breakdown;
  sources: Breakdown;
  tags: { good: TagFigure[]; improve: TagFigure[]; feelings: TagFigure[] };
  criticality?: { level: number | null; stories: number }[];
  progress: { stage: ProgressStage; stories: number }[];
  /** Stories of the period that went through provider preview before publication. */
  previewed: number;
  /** Stories of the period entered for their authors by staff or a volunteer. */
  toldOnBehalf: number;
  children: ChildFigures[];
  /** Service reports only: a board's last whole quarter by the authors' answers, small groups withheld. */
  demographics?: DemographicFigures;
}

/** Shapes the store's facets into the report (small lists only: nothing here reads stories). */
export function shapeFigures(
  facets: ReportFacets,
  context: {
    service: { id: string; name: string };
    period: ReportPeriod;
    children: { id: string; name: string; retired: boolean }[];
  },
): ReportFigures {
  const { period } = context;
  const overall = responseFigures(facets.overall[0]);
  const responsesByWeek = new Map(facets.responses.map((week) => [week._id, week]));
  const storiesByWeek = new Map(facets.weeks.map((week) => [week._id, week]));
  const trend = weeksOf(period).map((week): WeekFigures => {
    const responses = responsesByWeek.get(week);
    return {
      week,
      ...responseFigures(storiesByWeek.get(week)),
      ...changeFigures(responses?.responses ?? 0, responses?.planned ?? 0, responses?.made ?? 0),
    };
  });
  const sum = (field: 'responses' | 'planned' | 'made') =>
    facets.responses.reduce((total, week) => total + week[field], 0);
  const childFigures = new Map(facets.children.map((child) => [child._id, child]));
  return {
    service: context.service,
    period: {
      from: period.from,
      to: period.to,
      days: period.days,
      previousFrom: period.previousStart.toISOString().slice(0, 10),
    },
    totals: { ...overall, ...changeFigures(sum('responses'), sum('planned'), sum('made')) },
    trend,
    authorRoles: breakdown(facets.authorRoles, overall.stories, 'author role'),
    sources: breakdown(facets.sources, overall.stories, 'source site'),
    tags: {
      good: topTags(facets.tags, 'good'),
      improve: topTags(facets.tags, 'improve'),
      feelings: topTags(facets.tags, 'feelings'),
    },
    criticality: [null, 0, 1, 2, 3, 4, 5].map((level) => ({
      level,
      stories: facets.criticality.find((row) => row._id === level)?.stories ?? 0,
    })),
    progress: progressStages.map((stage) => ({
      stage,
      stories: facets.progress.find((row) => row._id === stage)?.stories ?? 0,
    })),
    previewed: facets.previewed[0]?.stories ?? 0,
    toldOnBehalf: facets.toldOnBehalf[0]?.stories ?? 0,
    children: context.children
      .map((child) => ({ ...child, ...responseFigures(childFigures.get(child.id)) }))
      .sort(byRanking)
      .map((child, index) => ({ rank: index + 1, ...child })),
  };
}

function responseFigures(row: DelayFigures | undefined): ResponseFigures {
  const stories = row?.stories ?? 0;
  const responded = row?.responded ?? 0;
  return {
    stories,
    responded,
    responseRate: stories === 0 ? null : responded / stories,
    medianHoursToFirstResponse: hours(row?.medianMs),
    p90HoursToFirstResponse: hours(row?.p90Ms),
  };
}

function changeFigures(responses: number, planned: number, made: number) {
  return {
    responses,
    changePlannedRate: responses === 0 ? null : planned / responses,
    changeMadeRate: responses === 0 ? null : made / responses,
  };
}

function hours(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : ms / hourMs;
}

function breakdown(
  rows: { _id: string | null; stories: number }[],
  stories: number,
  what: string,
): Breakdown {
  if (stories <= suppressionThreshold) {
    return {
      suppressed: true,
      reason: `Withheld: a breakdown by ${what} of ${suppressionThreshold} or fewer stories could identify their authors.`,
    };
  }
  return {
    suppressed: false,
    items: rows
      .map((row) => ({ value: row._id, stories: row.stories }))
      .sort((a, b) => b.stories - a.stories || String(a.value).localeCompare(String(b.value))),
  };
}

function topTags(rows: ReportFacets['tags'], kind: string): TagFigure[] {
  const byKey = new Map<string, TagFigure>();
  for (const row of rows) {
    if (row._id.kind !== kind) continue;
    const figure = byKey.get(row._id.key) ?? { tag: row.name, stories: 0, previousStories: 0, change: 0 };
    if (row._id.previous) figure.previousStories = row.stories;
    else Object.assign(figure, { tag: row.name, stories: row.stories });
    byKey.set(row._id.key, figure);
  }
  return [...byKey.values()]
    .filter((figure) => figure.stories > 0)
    .map((figure) => ({ ...figure, change: figure.stories - figure.previousStories }))
    .sort((a, b) => b.stories - a.stories || a.tag.localeCompare(b.tag))
    .slice(0, topTagCount);
}

/** Most stories first, then the higher response rate, then the quicker median response, then by name. */
function byRanking(a: ResponseFigures & { name: string }, b: ResponseFigures & { name: string }): number {
  return (
    b.stories - a.stories ||
    (b.responseRate ?? -1) - (a.responseRate ?? -1) ||
    (a.medianHoursToFirstResponse ?? Infinity) - (b.medianHoursToFirstResponse ?? Infinity) ||
    a.name.localeCompare(b.name)
  );
}
