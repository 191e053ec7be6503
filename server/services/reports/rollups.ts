import { createHash } from 'node:crypto';
import type { PipelineStage } from 'mongoose';
import type { Models } from '../../models/index.js';
import { lateWriteMs } from '../change-stamp.js';
import { addDays, isoWeekOf, utcDayOf, type ReportPeriod } from './period.js';
import {
  rollupPipelines,
  type DelayFigures,
  type ReportFacets,
  type RollupResponseRow,
  type RollupStoryFacets,
} from './pipelines.js';

/** The `settings` document the rollups are kept against: changes looked at, and the tree they assume. */
const stateId = 'report-rollups';
/** The service whose rollup is the whole day: its document says the day has been computed. */
const wholeDay = '*';
/** Days computed by one aggregation at most (a first report over a long period runs several). */
const daysPerComputation = 31;
/** How long a quiet store's state may go without being moved on (the changes looked at each time). */
const stateRenewalMs = 60_000;

interface RollupState {
  /** Every change stamped before this, less `lateWriteMs`, is in the rollups computed after it. */
  through: Date;
  /** A hash of the service tree the rollups were computed with. */
  tree: string;
}

interface Rollup {
  _id: string;
  service: string;
  day: string;
  /** The tree's hash when it was computed: a day computed with another tree is computed again. */
  tree: string;
  computedAt: Date;
  stories: number;
  responded: number;
  delays: number[];
  authorRoles: { value: string; stories: number }[];
  sources: { value: string | null; stories: number }[];
  criticality: { value: number | null; stories: number }[];
  progress: { value: string; stories: number }[];
  previewed: number;
  toldOnBehalf: number;
  tags: { kind: string; key: string; name: string; stories: number }[];
  responses: number;
  planned: number;
  made: number;
  /** The same day of each service directly below: stories, responded ones and their delays. */
  children: ChildDay[];
  /** `*` only: the changes of the day within `lateWriteMs` before `computedAt` that it includes. */
  landed?: string | null;
}

type ChildDay = Pick<Rollup, 'service' | 'stories' | 'responded' | 'delays'>;

/**
 * A report's figures kept per service and UTC day (docs/decisions/2026-12-08-report-daily-rollups.md).
 * A day's documents are recomputed from its stories, never incremented: before a report reads, the
 * stories and responses changed since the last look (by `updatedAt`, as the change stamp reads them)
 * name the days to recompute, and days never computed are computed. Any instance may do it; a
 * computation that began earlier never overwrites one that began later.
 */
export class ReportRollups {
  /** The computation `prepare` started, while it runs. */
  private preparing: Promise<void> | undefined;

  constructor(
    private readonly models: Pick<
      Models,
      'stories' | 'responses' | 'organisations' | 'settings' | 'reportRollups'
    >,
  ) {}

  /** The facets of `reportPipeline` for `service`'s subtree over `period`, summed from its days. */
  async facets(service: string, childOf: Map<string, string>, period: ReportPeriod): Promise<ReportFacets> {
    const previousFrom = utcDayOf(period.previousStart);
    const tree = await this.bringUpToDate(previousFrom, period.to);
    const rollups = this.models.reportRollups;
    // The previous period is only the tags' change: its days' tags alone.
    const [previousDays, days] = await Promise.all([
      rollups
        .find({ service, day: { $gte: previousFrom, $lt: period.from }, tree }, { day: 1, tags: 1 })
        .lean<Pick<Rollup, 'day' | 'tags'>[]>(),
      rollups.find({ service, day: { $gte: period.from, $lte: period.to }, tree }).lean<Rollup[]>(),
    ]);
    return sumDays(previousDays, days, new Set(childOf.values()));
  }

  /**
   * Whether every day `period` reads (its tags' previous period too) has been computed for the current
   * tree: then `facets` costs a few changed days at most. Reads only the days' marks.
   */
  async covers(period: ReportPeriod): Promise<boolean> {
    const [tree, state] = await Promise.all([
      this.treeHash(),
      this.models.settings.findById(stateId).lean<{ value: RollupState }>(),
    ]);
    if (!state || state.value.tree !== tree) return false;
    const from = utcDayOf(period.previousStart);
    const computed = await this.models.reportRollups.countDocuments({
      service: wholeDay,
      day: { $gte: from, $lte: period.to },
      tree,
    });
    let days = 0;
    for (let day = from; day <= period.to; day = addDays(day, 1)) days++;
    return computed >= days;
  }

  /**
   * Computes the days `period` reads, once however many ask at the same time, without the caller
   * waiting. Until they are there a report is counted from the stories (ReportService), which at
   * 100k stories takes a few seconds where computing every service's days takes half a minute.
   */
  prepare(period: ReportPeriod, onError: (error: unknown) => void): void {
    if (this.preparing) return;
    this.preparing = this.bringUpToDate(utcDayOf(period.previousStart), period.to)
      .then(() => undefined, onError)
      .finally(() => (this.preparing = undefined));
  }

  /** Recomputes the days changed since the last look, then computes those of `from`…`to` never computed. */
  async bringUpToDate(from: string, to: string): Promise<string> {
    const lookedAt = new Date();
    const tree = await this.treeHash();
    const state = await this.models.settings.findById(stateId).lean<{ value: RollupState }>();
    let seen = new Map<string, number[]>();
    if (!state || state.value.tree !== tree) {
      // The tree changed (or there are no rollups yet): every day is computed afresh when a report needs it.
      await this.models.reportRollups.deleteMany({});
      await this.models.settings.updateOne(
        { _id: stateId },
        { $set: { value: { through: lookedAt, tree } } },
        { upsert: true },
      );
    } else {
      const through = new Date(state.value.through);
      seen = await this.recomputeChangedDays(through, tree);
      // Moved on after changes, or now and then: a quiet store is not written to on every report.
      if (seen.size > 0 || lookedAt.getTime() - through.getTime() > stateRenewalMs) {
        await this.models.settings.updateOne(
          { _id: stateId, 'value.tree': tree },
          { $max: { 'value.through': lookedAt } },
        );
      }
    }
    const computed = await this.models.reportRollups
      .find({ service: wholeDay, day: { $gte: from, $lte: to }, tree }, { day: 1 })
      .lean<{ day: string }[]>();
    const known = new Set(computed.map((rollup) => rollup.day));
    const missing: string[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) if (!known.has(day)) missing.push(day);
    await this.computeDays(missing, seen, tree);
    return tree;
  }

  /**
   * Days with a story or a response changed since `through` (less `lateWriteMs`, for writes that land
   * late), unless the day was computed from a read that began after every such change had landed:
   * `lateWriteMs` after it was stamped, or after a look that had seen it (the day's `landed`).
   * @returns the changes seen, each day's `updatedAt`s in ms (empty for a quiet store).
   */
  private async recomputeChangedDays(through: Date, tree: string): Promise<Map<string, number[]>> {
    const since = { updatedAt: { $gte: new Date(through.getTime() - lateWriteMs) } };
    const dayOf = (date: string) => ({ $dateToString: { date, format: '%Y-%m-%d' } });
    // Grouped in the store: a burst of writes is a few days of times, not thousands of documents.
    const [stories, responses] = await Promise.all([
      this.models.stories.aggregate<{ _id: string; at: Date[] }>([
        { $match: { ...since, publishedAt: { $ne: null } } },
        // In index order, so that the `{ updatedAt }` index is read from `since` on, not whole.
        { $sort: { updatedAt: -1 } },
        { $group: { _id: dayOf('$publishedAt'), at: { $push: '$updatedAt' } } },
      ]),
      this.models.responses.aggregate<{ _id: string; at: Date[] }>([
        { $match: since },
        { $sort: { updatedAt: -1 } },
        { $project: { storyId: 1, updatedAt: 1 } },
        { $lookup: { from: 'stories', localField: 'storyId', foreignField: '_id', as: 'story' } },
        { $unwind: '$story' },
        { $match: { 'story.publishedAt': { $ne: null } } },
        { $group: { _id: dayOf('$story.publishedAt'), at: { $push: '$updatedAt' } } },
      ]),
    ]);
    const changes = new Map<string, number[]>();
    for (const { _id: day, at } of [...stories, ...responses]) {
      changes.set(day, [...(changes.get(day) ?? []), ...at.map((date) => date.getTime())]);
    }
    if (changes.size === 0) return changes;
    const computed = await this.models.reportRollups
      .find(
        { service: wholeDay, day: { $in: [...changes.keys()] }, tree },
        { day: 1, computedAt: 1, landed: 1 },
      )
      .lean<{ day: string; computedAt: Date; landed?: string | null }[]>();
    // A day never computed is computed from the store as it is when a report needs it.
    const stale = computed.filter((rollup) => {
      const uncertain = changedSince(changes.get(rollup.day)!, rollup.computedAt);
      return uncertain.length > 0 && fingerprint(uncertain) !== rollup.landed;
    });
    await this.computeDays(
      stale.map((rollup) => rollup.day),
      changes,
      tree,
    );
    return changes;
  }

  /** Recomputes `days` (ascending `YYYY-MM-DD`): runs of consecutive days by one aggregation each. */
  private async computeDays(days: string[], seen: Map<string, number[]>, tree: string): Promise<void> {
    const sorted = [...new Set(days)].sort();
    let run: string[] = [];
    for (const day of sorted) {
      if (run.length > 0 && (addDays(run.at(-1)!, 1) !== day || run.length >= daysPerComputation)) {
        await this.computeRun(run, seen, tree);
        run = [];
      }
      run.push(day);
    }
    if (run.length > 0) await this.computeRun(run, seen, tree);
  }

  private async computeRun(days: string[], seen: Map<string, number[]>, tree: string): Promise<void> {
    const computedAt = new Date();
    const parentOf = await this.parents();
    const start = new Date(`${days[0]}T00:00:00Z`);
    const end = new Date(`${addDays(days.at(-1)!, 1)}T00:00:00Z`);
    const pipelines = rollupPipelines(start, end);
    const [[facets], responses, before] = await Promise.all([
      this.models.stories.aggregate<RollupStoryFacets>(pipelines.stories as unknown as PipelineStage[]),
      this.models.stories.aggregate<RollupResponseRow>(pipelines.responses as unknown as PipelineStage[]),
      this.models.reportRollups
        .find({ day: { $gte: days[0], $lte: days.at(-1)! } }, { _id: 1 })
        .lean<{ _id: string }[]>(),
    ]);
    const rollups = new Map<string, Rollup>();
    const rollupOf = (key: { service: string; day: string }) => {
      const _id = `${key.service}|${key.day}`;
      let rollup = rollups.get(_id);
      if (!rollup) {
        rollup = { ...emptyRollup(_id, key.service, key.day, computedAt), tree };
        rollups.set(_id, rollup);
      }
      return rollup;
    };
    for (const day of days) {
      // The changes seen before this read began, that a later look may find again: they are in it.
      const landed = changedSince(seen.get(day) ?? [], computedAt);
      rollupOf({ service: wholeDay, day }).landed = landed.length > 0 ? fingerprint(landed) : null;
    }
    // A service that had figures these days and has none now is written empty, not deleted, so that
    // an older computation still under way cannot bring its figures back.
    for (const { _id } of before) {
      const [service, day] = _id.split('|') as [string, string];
      rollupOf({ service, day });
    }
    for (const row of facets?.figures ?? []) {
      Object.assign(rollupOf(row._id), {
        stories: row.stories,
        responded: row.responded,
        delays: row.delays.filter((delay): delay is number => delay !== null).sort((a, b) => a - b),
        previewed: row.previewed,
        toldOnBehalf: row.toldOnBehalf,
      });
    }
    for (const field of ['authorRoles', 'sources', 'criticality', 'progress'] as const) {
      for (const row of facets?.[field] ?? []) {
        (rollupOf(row._id)[field] as { value: unknown; stories: number }[]).push({
          value: row._id.value,
          stories: row.stories,
        });
      }
    }
    for (const row of facets?.tags ?? []) {
      rollupOf(row._id).tags.push({
        kind: row._id.kind,
        key: row._id.key,
        name: row.name,
        stories: row.stories,
      });
    }
    for (const row of responses) {
      Object.assign(rollupOf(row._id), { responses: row.responses, planned: row.planned, made: row.made });
    }
    for (const rollup of [...rollups.values()]) {
      const parent = parentOf.get(rollup.service);
      if (!parent || rollup.stories === 0) continue;
      const { service, stories, responded, delays } = rollup;
      rollupOf({ service: parent, day: rollup.day }).children.push({ service, stories, responded, delays });
    }
    await this.write([...rollups.values()]);
  }

  /** Each service's parent, as the rollups count it (the tree hash covers it). */
  private async parents(): Promise<Map<string, string>> {
    const services = await this.models.organisations
      .find({ 'ancestors.0': { $exists: true } }, { ancestors: 1 })
      .lean<{ _id: string; ancestors: string[] }[]>();
    return new Map(services.map((service) => [service._id, service.ancestors.at(-1)!]));
  }

  /** Each rollup replaces the stored one only if that was computed from an earlier read. */
  private async write(rollups: Rollup[]): Promise<void> {
    for (let i = 0; i < rollups.length; i += 500) {
      try {
        await this.models.reportRollups.bulkWrite(
          rollups.slice(i, i + 500).map((rollup) => ({
            replaceOne: {
              filter: { _id: rollup._id, computedAt: { $lt: rollup.computedAt } },
              replacement: rollup,
              upsert: true,
            },
          })),
          { ordered: false },
        );
      } catch (error) {
        // A newer computation already wrote some of them (its upsert then meets their `_id`): keep those.
        if (!onlyDuplicateKeys(error)) throw error;
      }
    }
  }

  /** The tree's shape (each service's ancestors): rollups computed with another shape count wrongly. */
  private async treeHash(): Promise<string> {
    const services = await this.models.organisations
      .find({}, { ancestors: 1 })
      .sort({ _id: 1 })
      .lean<{ _id: string; ancestors: string[] }[]>();
    const hash = createHash('sha256');
    for (const service of services) hash.update(`${service._id}<${service.ancestors.join('<')};`);
    return hash.digest('base64url').slice(0, 22);
  }
}

function emptyRollup(_id: string, service: string, day: string, computedAt: Date): Omit<Rollup, 'tree'> {
  return {
    _id,
    service,
    day,
    computedAt,
    stories: 0,
    responded: 0,
    delays: [],
    authorRoles: [],
    sources: [],
    criticality: [],
    progress: [],
    previewed: 0,
    toldOnBehalf: 0,
    tags: [],
    responses: 0,
    planned: 0,
    made: 0,
    children: [],
  };
}

/** The times of `changes` (ms) that might have landed after a read that began at `readAt`. */
function changedSince(changes: number[], readAt: Date): number[] {
  return changes.filter((at) => at > readAt.getTime() - lateWriteMs);
}

/** The same changes, or not: their times, sorted and hashed. */
function fingerprint(changes: number[]): string {
  const hash = createHash('sha256');
  for (const at of [...changes].sort((a, b) => a - b)) hash.update(`${at};`);
  return hash.digest('base64url').slice(0, 22);
}

function onlyDuplicateKeys(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.length > 0 && list.every((writeError) => writeError.code === 11000);
}

interface DelayTally {
  stories: number;
  responded: number;
  delays: number[][];
}

function tally(): DelayTally {
  return { stories: 0, responded: 0, delays: [] };
}

function add(into: DelayTally, rollup: Pick<Rollup, 'stories' | 'responded' | 'delays'>): void {
  into.stories += rollup.stories;
  into.responded += rollup.responded;
  if (rollup.delays.length > 0) into.delays.push(rollup.delays);
}

/** Counts, and the nearest-rank median and 90th percentile (rank ceil(p × n / 100)), as the pipeline. */
function delayFigures(from: DelayTally): DelayFigures {
  const sorted = from.delays.flat().sort((a, b) => a - b);
  const rank = (percent: number) =>
    sorted.length === 0 ? null : sorted[Math.ceil((percent * sorted.length) / 100) - 1]!;
  return { stories: from.stories, responded: from.responded, medianMs: rank(50), p90Ms: rank(90) };
}

function counter<K>(): { add(key: K, stories: number): void; rows(): { _id: K; stories: number }[] } {
  const counts = new Map<K, number>();
  return {
    add: (key, stories) => counts.set(key, (counts.get(key) ?? 0) + stories),
    rows: () => [...counts].filter(([, stories]) => stories > 0).map(([_id, stories]) => ({ _id, stories })),
  };
}

/** The days' figures summed into the shape `reportPipeline` answers with. */
function sumDays(
  previousDays: Pick<Rollup, 'day' | 'tags'>[],
  days: Rollup[],
  childIds: Set<string>,
): ReportFacets {
  const overall = tally();
  const weeks = new Map<string, DelayTally>();
  const responses = new Map<string, { responses: number; planned: number; made: number }>();
  const authorRoles = counter<string>();
  const sources = counter<string | null>();
  const criticality = counter<number | null>();
  const progress = counter<string>();
  const tags = new Map<string, ReportFacets['tags'][number]>();
  const children = new Map<string, DelayTally>();
  let previewed = 0;
  let toldOnBehalf = 0;
  const countTags = (day: Pick<Rollup, 'tags'>, previous: boolean) => {
    for (const tag of day.tags) {
      const id = `${tag.kind}\u0000${tag.key}\u0000${previous}`;
      const row = tags.get(id);
      if (!row)
        tags.set(id, {
          _id: { kind: tag.kind, key: tag.key, previous },
          name: tag.name,
          stories: tag.stories,
        });
      else
        Object.assign(row, {
          stories: row.stories + tag.stories,
          name: tag.name < row.name ? tag.name : row.name,
        });
    }
  };
  for (const day of previousDays) countTags(day, true);
  for (const day of days) {
    countTags(day, false);
    if (day.stories === 0) continue;
    add(overall, day);
    const week = isoWeekOf(new Date(`${day.day}T00:00:00Z`));
    if (!weeks.has(week)) weeks.set(week, tally());
    add(weeks.get(week)!, day);
    const weekResponses = responses.get(week) ?? { responses: 0, planned: 0, made: 0 };
    weekResponses.responses += day.responses;
    weekResponses.planned += day.planned;
    weekResponses.made += day.made;
    responses.set(week, weekResponses);
    for (const row of day.authorRoles) authorRoles.add(row.value, row.stories);
    for (const row of day.sources) sources.add(row.value, row.stories);
    for (const row of day.criticality) criticality.add(row.value, row.stories);
    for (const row of day.progress) progress.add(row.value, row.stories);
    previewed += day.previewed;
    toldOnBehalf += day.toldOnBehalf;
    for (const child of day.children) {
      if (!childIds.has(child.service)) continue;
      if (!children.has(child.service)) children.set(child.service, tally());
      add(children.get(child.service)!, child);
    }
  }
  return {
    overall: overall.stories === 0 ? [] : [delayFigures(overall)],
    weeks: [...weeks].map(([_id, week]) => ({ _id, ...delayFigures(week) })),
    authorRoles: authorRoles.rows(),
    sources: sources.rows(),
    criticality: criticality.rows(),
    progress: progress.rows(),
    previewed: previewed === 0 ? [] : [{ _id: null, stories: previewed }],
    toldOnBehalf: toldOnBehalf === 0 ? [] : [{ _id: null, stories: toldOnBehalf }],
    tags: [...tags.values()],
    responses: [...responses].map(([_id, week]) => ({ _id, ...week })),
    children: [...children].map(([_id, child]) => ({ _id, ...delayFigures(child) })),
  };
}
