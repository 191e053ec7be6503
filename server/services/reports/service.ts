import type { PipelineStage } from 'mongoose';
import type { SignedInUser } from '../../auth/principal.js';
import { toProgress, toPublicStory, type StoredStory } from '../../mappers/story.js';
import type { Organisation } from '../../models/organisation.js';
import { DomainError } from '../../domain/errors.js';
import type { OrganisationService } from '../organisations.js';
import type { ScopeService } from '../scopes.js';
import type { ServiceDeps } from '../service-deps.js';
import { ReportCache } from './cache.js';
import type { ChangeWatch } from '../change-stamp.js';
import { csvRow } from './csv.js';
import { shapeFigures, type ReportFigures } from './figures.js';
import { reportPeriod, type ReportPeriod } from './period.js';
import {
  demographicsPipeline,
  lastWholeQuarter,
  shapeDemographics,
  type DemographicFacets,
  type DemographicFigures,
  type Quarter,
} from './demographics.js';
import { reportPipeline, type ReportFacets, type ReportScope } from './pipelines.js';
import { ReportRollups } from './rollups.js';
import { subtreeScope } from './scope.js';

/** Who reads a report: staff-facing figures (criticality, progress in the CSV) or a stakeholder's. */
export type ReportAudience = 'staff' | 'stakeholder';

export interface ReportServiceDeps extends ServiceDeps {
  organisations: OrganisationService;
  scopes: Pick<ScopeService, 'covers'>;
  /** The clock the default period is read from; tests set it. */
  now?: () => Date;
}

/** Stories per batch when writing a CSV (the services they name are looked up once per batch). */
const csvBatchSize = 500;

/**
 * Reports on a service subtree over a period: figures summed from daily rollups (a set of services,
 * which is no subtree, by one aggregation), cached until the store changes; and the stories behind
 * them as CSV.
 */
export class ReportService {
  private readonly cache: ReportCache<ReportFigures>;
  private readonly now: () => Date;
  private readonly rollups: ReportRollups;

  constructor(private readonly deps: ReportServiceDeps) {
    this.cache = new ReportCache(deps.models);
    this.rollups = new ReportRollups(deps.models);
    this.now = deps.now ?? (() => new Date());
  }

  /** The change stamp reports are kept against: a write this instance made must be noted on it. */
  get changes(): ChangeWatch {
    return this.cache.changes;
  }

  /**
   * Who may read reports on `serviceId`: admins and moderators, and staff and stakeholders it is in
   * scope for. Staff-facing figures for all but stakeholders.
   * @throws `not-found` for an unknown service, `forbidden` for anyone else.
   */
  async audienceFor(user: SignedInUser, serviceId: string): Promise<ReportAudience> {
    await this.deps.organisations.getOrThrow(serviceId);
    if (!(await this.deps.scopes.covers(user, [serviceId]))) {
      throw DomainError.forbidden('Reports on this service are only for people who act for it.');
    }
    return user.role === 'stakeholder' ? 'stakeholder' : 'staff';
  }

  /** The period a query asks for (default: the last 90 days). @throws `invalid` naming the field. */
  period(query: { from?: string; to?: string }): ReportPeriod {
    return reportPeriod(query, this.now());
  }

  /** The figures for `serviceId`'s subtree over `period`, as `audience` may see them. */
  async figures(serviceId: string, period: ReportPeriod, audience: ReportAudience): Promise<ReportFigures> {
    // The quarter broken down by demographics moves with the clock, not only with the store.
    const quarter = lastWholeQuarter(period.end, this.now());
    const figures = await this.cache.get(
      `service:${serviceId}:${period.from}:${period.to}:${quarter.name}`,
      () => this.computeServiceFigures(serviceId, period, quarter),
    );
    return audience === 'staff' ? figures : withoutCriticality(figures);
  }

  /** Figures for a set of services with no child table (a constituency's, for scheduled emails). */
  async figuresOf(
    key: string,
    name: string,
    serviceIds: string[],
    period: ReportPeriod,
  ): Promise<Omit<ReportFigures, 'criticality'>> {
    const figures = await this.cache.get(`set:${key}:${period.from}:${period.to}`, async () =>
      shapeFigures(await this.facets({ serviceIds, childOf: new Map() }, period), {
        service: { id: key, name },
        period,
        children: [],
      }),
    );
    return withoutCriticality(figures);
  }

  /** The stories behind a report, oldest first, as CSV lines (header first). */
  async *csv(serviceId: string, period: ReportPeriod, audience: ReportAudience): AsyncGenerator<string> {
    const subtree = await this.deps.organisations.subtreeIds(serviceId);
    const staff = audience === 'staff';
    yield csvRow([
      'id',
      'publishedAt',
      'title',
      'body',
      'nickname',
      'authorRole',
      'services',
      'source',
      'tagsGood',
      'tagsImprove',
      'tagsFeelings',
      'responseCount',
      'firstResponseAt',
      'change',
      ...(staff ? ['criticality', 'progress'] : []),
    ]);
    const cursor = this.deps.models.stories
      .find({
        services: { $in: subtree },
        status: 'published',
        publishedAt: { $gte: period.start, $lt: period.end },
      })
      .sort({ publishedAt: 1, _id: 1 })
      .lean<StoredStory[]>()
      .cursor();
    let batch: StoredStory[] = [];
    const flush = async function* (this: ReportService) {
      const names = await this.deps.organisations.byIds(batch.flatMap((story) => story.services));
      for (const story of batch) yield this.csvLine(story, names, staff);
      batch = [];
    }.bind(this);
    for await (const story of cursor as AsyncIterable<StoredStory>) {
      batch.push(story);
      if (batch.length >= csvBatchSize) yield* flush();
    }
    if (batch.length > 0) yield* flush();
  }

  private csvLine(story: StoredStory, names: Map<string, Organisation>, staff: boolean): string {
    // The public mapper decides what is public: nothing private can reach the file.
    const shown = toPublicStory(story, names);
    return csvRow([
      shown.id,
      shown.publishedAt,
      shown.title,
      shown.body,
      shown.nickname,
      shown.authorRole,
      shown.services.map((service) => service.name).join('; '),
      story.source ?? null,
      shown.tags.good.join('; '),
      shown.tags.improve.join('; '),
      shown.tags.feelings.join('; '),
      shown.responseCount,
      story.firstResponseAt ? story.firstResponseAt.toISOString() : null,
      shown.change,
      ...(staff ? [story.criticality ?? null, toProgress(story)?.stage ?? null] : []),
    ]);
  }

  private async computeServiceFigures(
    serviceId: string,
    period: ReportPeriod,
    quarter: Quarter,
  ): Promise<ReportFigures> {
    const detail = await this.deps.organisations.describe(serviceId);
    const { serviceIds, childOf } = await subtreeScope(this.deps.models.organisations, serviceId);
    // Summed from the subtree's days (rollups.ts): the same figures as `reportPipeline` counts, which
    // answers meanwhile when the days are still to be computed (the first report after a start on
    // older data, or after the service tree changed).
    const ready = await this.rollups.covers(period);
    if (!ready) {
      this.rollups.prepare(period, (error) =>
        this.deps.logger.error({ err: error }, 'report rollups could not be computed'),
      );
    }
    const facets = ready
      ? await this.rollups.facets(serviceId, childOf, period)
      : await this.facets({ serviceIds, childOf }, period);
    const figures = shapeFigures(facets, {
      service: { id: detail.organisation._id, name: detail.organisation.name },
      period,
      children: detail.children.map((child) => ({
        id: child.organisation._id,
        name: child.organisation.name,
        retired: child.retired,
      })),
    });
    const isBoard = detail.ancestors.length === 0;
    return { ...figures, demographics: await this.demographics(serviceId, isBoard, serviceIds, quarter) };
  }

  /**
   * A board's breakdown of the quarter by the authors' answers, frozen in `settings` the first time it
   * is read after the quarter ended (by whichever instance is first), so that it never moves afterwards.
   * Anything but a board gets none (docs/decisions/2026-12-07-demographics-suppression.md).
   */
  private async demographics(
    serviceId: string,
    isBoard: boolean,
    serviceIds: string[],
    quarter: Quarter,
  ): Promise<DemographicFigures> {
    if (!isBoard) return { available: false, reason: 'not-a-board' };
    const settings = this.deps.models.settings;
    const _id = `report-demographics:${serviceId}:${quarter.name}`;
    const frozen = await settings.findById(_id).lean<{ value: DemographicFigures }>();
    if (frozen) return frozen.value;
    const [facets] = await this.deps.models.stories.aggregate<DemographicFacets>(
      demographicsPipeline(serviceIds, quarter) as unknown as PipelineStage[],
    );
    const value = shapeDemographics(facets as DemographicFacets, quarter);
    try {
      await settings.create({ _id, value });
      return value;
    } catch (error) {
      // Another instance froze it first: its figures are the ones everybody sees.
      const first = await settings.findById(_id).lean<{ value: DemographicFigures }>();
      if (first) return first.value;
      throw error;
    }
  }

  private async facets(scope: ReportScope, period: ReportPeriod): Promise<ReportFacets> {
    const [facets] = await this.deps.models.stories.aggregate<ReportFacets>(
      reportPipeline(scope, period) as unknown as PipelineStage[],
    );
    return facets as ReportFacets;
  }
}

/** What a stakeholder (or an email that may reach one) gets: everything but the criticality. */
function withoutCriticality(figures: ReportFigures): Omit<ReportFigures, 'criticality'> {
  const shown: Partial<ReportFigures> = { ...figures };
  delete shown.criticality;
  return shown as Omit<ReportFigures, 'criticality'>;
}
