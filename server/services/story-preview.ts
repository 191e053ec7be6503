import type { Types } from 'mongoose';
import type { SignedInUser } from '../auth/principal.js';
import { DomainError } from '../domain/errors.js';
import { isObjectId } from '../domain/object-id.js';
import type { Logger } from '../platform/log.js';
import { toPreviewStory, type PreviewStory } from '../mappers/preview-story.js';
import type { StoredStory } from '../mappers/story.js';
import type { StoredResponse } from '../mappers/response.js';
import type { Models } from '../models/index.js';
import type { OrganisationService } from './organisations.js';
import { PeriodicTask } from './periodic-task.js';
import type { ScopeService } from './scopes.js';
import { endOfWorkingDays } from './working-days.js';

/** A board that sets a threshold but no window gets this many working days. */
export const defaultPreviewWorkingDays = 2;
const defaultPollMs = 5 * 60 * 1000;
/** Who the moderation history names for what careloop does itself (publishing when a window closes). */
export const careloopActor = { id: 'careloop', name: 'careloop' } as const;

/** A board's provider preview: stories rated at least `criticality` wait `workingDays` before publication. */
export interface PreviewRule {
  criticality: number;
  workingDays: number;
}

/**
 * The preview a story about `serviceIds` gets, from the boards (tree roots) of its services: the
 * strictest of them (lowest threshold, longest window), so no board's rule is left out. Null: none.
 */
export async function previewRuleFor(
  organisations: Pick<OrganisationService, 'byIds'>,
  serviceIds: string[],
): Promise<PreviewRule | null> {
  const services = await organisations.byIds(serviceIds);
  const boardIds = [...new Set([...services.values()].map((service) => service.ancestors[0] ?? service._id))];
  const boards = await organisations.byIds(boardIds);
  const rules = [...boards.values()].flatMap((board) =>
    board.previewCriticality == null
      ? []
      : [
          {
            criticality: board.previewCriticality,
            workingDays: board.previewWorkingDays ?? defaultPreviewWorkingDays,
          },
        ],
  );
  if (rules.length === 0) return null;
  return {
    criticality: Math.min(...rules.map((rule) => rule.criticality)),
    workingDays: Math.max(...rules.map((rule) => rule.workingDays)),
  };
}

/** The preview window a story opened at `now` gets under `rule`. */
export function previewWindow(rule: PreviewRule, now: Date) {
  return { since: now, until: endOfWorkingDays(now, rule.workingDays), reviewRequest: null };
}

/**
 * Prepared responses to a story that has just been published are news now: each gets its `created`
 * event again (the first was dropped while the story was in preview), so its author, followers and
 * webhooks hear of it. The outbox's dedupe keys keep this from sending anything twice.
 */
export async function announcePreparedResponses(
  models: Pick<Models, 'responses'>,
  storyId: Types.ObjectId,
  at: Date,
): Promise<void> {
  await models.responses.updateMany(
    // A response still waiting for a moderator (responder moderation) is news only once approved.
    { storyId, deletedAt: null, hiddenAt: null, withheld: null },
    { $push: { pendingEvents: { type: 'created', at } } },
    { timestamps: false },
  );
}

/**
 * Care Opinion's "advanced moderation": a story a moderator publishes that is rated at or above its
 * board's threshold first waits in `preview` (ModerationService.act opens it). Meanwhile the responders
 * of its services read it, may prepare a response, or ask a moderator to look at it again; they can
 * never stop it. When the window closes this publishes it, unless a moderator has held it.
 */
export class StoryPreviews {
  /** The clock windows are closed by; tests set it to step past a window. */
  now: () => Date;
  private readonly task = new PeriodicTask(
    () => this.publishDue(),
    (error: unknown) =>
      this.deps.logger.error({ err: error }, 'preview publication failed; retrying at the next poll'),
  );

  constructor(
    private readonly deps: {
      logger: Logger;
      models: Models;
      organisations: Pick<OrganisationService, 'byIds'>;
      scopes: Pick<ScopeService, 'covers' | 'scopeServiceIds'>;
      now?: () => Date;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Stories in preview about the services `user` (a responder) acts for, the soonest to close first. */
  async list(user: SignedInUser): Promise<PreviewStory[]> {
    assertResponder(user);
    const scope = await this.deps.scopes.scopeServiceIds(user);
    if (scope !== 'all' && scope.length === 0) return [];
    const stories = await this.deps.models.stories
      .find({ status: 'preview', ...(scope === 'all' ? {} : { services: { $in: scope } }) })
      .sort({ 'preview.until': 1, _id: 1 })
      .limit(100)
      .lean<StoredStory[]>();
    return this.withPrepared(stories);
  }

  /** The stories as responders see them, each with the responses prepared for it so far. */
  private async withPrepared(stories: StoredStory[]): Promise<PreviewStory[]> {
    const [servicesById, responses] = await Promise.all([
      this.deps.organisations.byIds([...new Set(stories.flatMap((story) => story.services))]),
      this.deps.models.responses
        .find({ storyId: { $in: stories.map((story) => story._id) }, deletedAt: null, hiddenAt: null })
        .sort({ createdAt: 1, _id: 1 })
        .lean<StoredResponse[]>(),
    ]);
    return stories.map((story) =>
      toPreviewStory(
        story,
        servicesById,
        responses.filter((response) => response.storyId.equals(story._id)),
      ),
    );
  }

  /**
   * A responder asks a moderator to look at a story again, saying why. The story stays in preview (the
   * window keeps running: a provider can never block publication) and is back in the moderation queue.
   * @throws `forbidden` not a responder in scope; `not-found`; `conflict` the story is not in preview.
   */
  async requestReview(id: string, user: SignedInUser, reason: string): Promise<PreviewStory> {
    assertResponder(user);
    const story = isObjectId(id) ? await this.deps.models.stories.findById(id).lean<StoredStory>() : null;
    if (!story || !(await this.deps.scopes.covers(user, story.services))) {
      throw DomainError.notFound('There is no story in preview with this id for the services you act for.');
    }
    if (story.status !== 'preview') {
      throw DomainError.conflict('This story is not in preview: a moderator has already decided on it.', {
        facts: { storyStatus: story.status },
      });
    }
    const now = this.now();
    const by = { id: user.id, name: user.name };
    const request = { at: now, by, reason: reason.trim() };
    const { matchedCount } = await this.deps.models.stories.updateOne(
      { _id: story._id, status: 'preview' },
      {
        $set: { 'preview.reviewRequest': request },
        $push: {
          moderation: { at: now, by, action: 'review-request', reason: request.reason, changes: [] },
          pendingEvents: { type: 'review-requested', at: now },
        },
      },
    );
    if (matchedCount !== 1) throw DomainError.conflict('This story left preview meanwhile. Reload it.');
    this.deps.logger.info({ storyId: id, userId: user.id }, 'preview: review requested');
    const updated = await this.deps.models.stories.findById(story._id).lean<StoredStory>();
    const [shown] = await this.withPrepared([updated!]);
    return shown!;
  }

  /**
   * Publishes every story whose preview window has closed (a moderator who held it took it out of
   * `preview`). Answers how many. Safe on several instances at once: each story moves only from preview.
   */
  async publishDue(now = this.now()): Promise<number> {
    const due = await this.deps.models.stories
      .find({ status: 'preview', 'preview.until': { $lte: now } }, { _id: 1, publishedAt: 1 })
      .limit(100)
      .lean<Pick<StoredStory, '_id' | 'publishedAt'>[]>();
    let published = 0;
    for (const story of due) {
      const { matchedCount } = await this.deps.models.stories.updateOne(
        { _id: story._id, status: 'preview' },
        {
          $set: { status: 'published', publishedAt: story.publishedAt ?? now },
          $push: {
            pendingEvents: { type: 'published', at: now },
            moderation: {
              at: now,
              by: careloopActor,
              action: 'preview-publish',
              changes: [{ field: 'status', from: 'preview', to: 'published' }],
            },
          },
        },
      );
      if (matchedCount !== 1) continue;
      await announcePreparedResponses(this.deps.models, story._id, now);
      published += 1;
      this.deps.logger.info({ storyId: story._id.toHexString() }, 'preview over: story published');
    }
    return published;
  }

  /** Publishes what is due now, then every `pollMs` (5 minutes) until `stop()`. */
  start(options: { pollMs?: number } = {}): void {
    this.task.start(options.pollMs ?? defaultPollMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}

/** Preview is for the staff who answer for the services: not stakeholders, moderators or admins. */
function assertResponder(user: SignedInUser): void {
  if (user.role !== 'staff') {
    throw DomainError.forbidden('Only responders (staff) of the services a story names preview it.');
  }
}
