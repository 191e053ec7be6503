import { isObjectId } from '../domain/object-id.js';
import { Types } from 'mongoose';
import type { SignedInUser } from '../auth/principal.js';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import {
  moderationStatusOf,
  toModeratedResponse,
  toOwnResponse,
  type ChangeMarker,
  type ModeratedResponse,
  type OwnResponse,
  type StoredResponse,
} from '../mappers/response.js';
import type { StoredStory } from '../mappers/story.js';
import type { IdempotencyStamp } from '../models/idempotency-stamp.js';
import type { Models } from '../models/index.js';
import { DomainError } from '../domain/errors.js';
import type { NewResponse, ResponseChange, ResponseModerationAction } from '../schemas/response.js';
import { createOnce, findStamp } from './idempotency.js';
import type { OrganisationService } from './organisations.js';
import type { ScopeService } from './scopes.js';
import type { ResponderModeration } from './responder-moderation.js';
import { detectResponseFlags } from './pii-flags.js';

/** How long a responder may edit or delete their response; after that it is fixed. */
export const responseEditWindowMs = 30 * 60 * 1000;

export interface ResponseServiceDeps {
  config: Config;
  logger: Logger;
  models: Models;
  organisations: Pick<OrganisationService, 'byIds'>;
  scopes: Pick<ScopeService, 'covers'>;
  responderModeration: Pick<ResponderModeration, 'queues'>;
  /** The time now; tests replace it (or `service.now`) to step past the edit window. */
  now?: () => Date;
}

/** What `POST /stories/:id/reads` answers. */
export interface ReadReceipt {
  readCount: number;
  /** True when this request recorded the account's first read of the story. */
  firstRead: boolean;
}

/**
 * Public responses to published stories by staff and stakeholders in scope, their 30-minute edit
 * window, moderators hiding them, and reads by accounts in scope ("who is listening"). Every change
 * to the responses recounts the story's `responseCount`, `responded`, `firstResponseAt` and `change`.
 */

export class ResponseService {
  /** The clock every window and timestamp here is read from. Tests set it to move time. */
  now: () => Date;
  private readonly logger: Logger;
  private readonly models: Models;
  private readonly organisations: Pick<OrganisationService, 'byIds'>;
  private readonly scopes: Pick<ScopeService, 'covers'>;
  private readonly responderModeration: Pick<ResponderModeration, 'queues'>;

  constructor(deps: ResponseServiceDeps) {
    this.logger = deps.logger;
    this.models = deps.models;
    this.organisations = deps.organisations;
    this.scopes = deps.scopes;
    this.responderModeration = deps.responderModeration;
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Publishes `user`'s response to a published story they act for, and queues the news of it (the
   * `created` event rides on the inserted response); or, when the responder is under moderation (new, or
   * put on it by a moderator), keeps it for the moderation queue, flagged, with no news until approved. A retry by the same account with the same
   * Idempotency-Key and body gets the first answer back (`replayed: true`) and publishes nothing more,
   * whenever the first request died (see createOnce).
   * @throws `forbidden` for moderators and admins (they do not respond as staff) and for accounts out of scope;
   *   `not-found` when there is no published story with this id; `key-reused` when the key was used with another body.
   */
  async respond(
    storyId: string,
    user: SignedInUser,
    input: NewResponse,
    idempotencyKey?: string,
  ): Promise<{ response: OwnResponse; replayed: boolean }> {
    const { receipt, replayed } = await createOnce<OwnResponse>(
      {
        scope: `POST /stories/${storyId.toLowerCase()}/responses by ${user.id}`,
        key: idempotencyKey,
        body: input,
      },
      {
        findStamp: (keyHash) => findStamp(this.models.responses, keyHash),
        create: (stamp) => this.createResponse(storyId, user, input, stamp),
      },
    );
    // The counts on the story follow the response; a request that died before counting left them behind.
    if (replayed) await this.recount(new Types.ObjectId(receipt.storyId));
    return { response: receipt, replayed };
  }

  /** Stores the response, with `stamp(answer)` (the Idempotency-Key's use) in the same insert. */
  private async createResponse(
    storyId: string,
    user: SignedInUser,
    input: NewResponse,
    stamp: (answer: OwnResponse) => IdempotencyStamp | undefined,
  ): Promise<OwnResponse> {
    assertResponderRole(user);
    // Staff may prepare a response to a story in provider preview: it is published together with it.
    const story = await this.publishedStory(storyId, user.role === 'staff');
    if (!(await this.scopes.covers(user, story.services))) {
      throw DomainError.forbidden(
        'You can respond only to stories about the services (or the constituency) you act for.',
      );
    }
    const organisation = await this.speaksFor(user, story.services);
    const queued = await this.responderModeration.queues(user, story.services);
    const now = this.now();
    const body = input.body.trim();
    const created = new this.models.responses({
      storyId: story._id,
      services: story.services,
      body,
      change: input.change ?? null,
      withheld: queued ? 'queued' : null,
      flags: queued ? detectResponseFlags(body, now) : [],
      responder: {
        userId: new Types.ObjectId(user.id),
        name: user.name,
        ...(user.jobTitle ? { jobTitle: user.jobTitle } : {}),
        role: user.role,
        organisation,
      },
      editableUntil: new Date(now.getTime() + responseEditWindowMs),
      // A queued response is news only once a moderator approves it.
      pendingEvents: queued ? [] : [{ type: 'created', at: now }],
      createdAt: now,
      updatedAt: now,
    });
    const answer = toOwnResponse(created.toObject() as StoredResponse);
    created.set('idempotency', stamp(answer));
    // The timestamps are set above, so the answer sealed in the stamp is exactly what is stored.
    await created.save({ timestamps: false });
    await this.recount(story._id);
    this.logger.info({ storyId, responseId: answer.id }, queued ? 'response queued' : 'response published');
    return answer;
  }

  /**
   * The responder changes their response's text or change marker within the edit window.
   * @throws `forbidden` unless `user` wrote it; `conflict` once the window has closed or a moderator hid it; `not-found`.
   */
  async edit(
    storyId: string,
    responseId: string,
    user: SignedInUser,
    change: ResponseChange,
  ): Promise<OwnResponse> {
    const response = await this.ownChangeableResponse(storyId, responseId, user, 'edit');
    const now = this.now();
    const set: Record<string, unknown> = { editedAt: now };
    if (change.body !== undefined) set.body = change.body.trim();
    // A moderator reads the text as it is when they act: its flags follow the edit.
    if (change.body !== undefined && response.withheld === 'queued')
      set.flags = detectResponseFlags(change.body.trim(), now);
    if (change.change !== undefined) set.change = change.change;
    // A change marker newly set (or changed) is news for webhooks: it rides on the edit itself.
    const marked = !response.withheld && change.change != null && change.change !== (response.change ?? null);
    const update = marked
      ? { $set: set, $push: { pendingEvents: { type: 'changed', at: now, ref: change.change } } }
      : { $set: set };
    const updated = await this.models.responses
      .findOneAndUpdate(stillChangeable(response._id, now), update, { returnDocument: 'after' })
      .lean<StoredResponse>();
    if (!updated) throw windowClosed('edit');
    await this.recount(response.storyId);
    return toOwnResponse(updated);
  }

  /**
   * The responder takes their response down within the edit window; its news is not sent if it has not
   * gone yet.
   * @throws `forbidden` unless `user` wrote it; `conflict` once the window has closed or a moderator hid it; `not-found`.
   */
  async remove(storyId: string, responseId: string, user: SignedInUser): Promise<void> {
    const response = await this.ownChangeableResponse(storyId, responseId, user, 'delete');
    const now = this.now();
    const { matchedCount } = await this.models.responses.updateOne(stillChangeable(response._id, now), {
      $set: { deletedAt: now },
      $pull: { pendingEvents: { type: 'created' } },
    });
    if (matchedCount !== 1) throw windowClosed('delete');
    await this.recount(response.storyId);
    this.logger.info({ storyId, responseId }, 'response deleted by its responder');
  }

  /**
   * A moderator hides a response from every public answer, with a reason kept in its audit trail.
   * Hiding a hidden response again records the new reason.
   * @throws `not-found` when the story has no such response.
   */
  async hide(
    storyId: string,
    responseId: string,
    moderator: SignedInUser,
    reason: string,
  ): Promise<ModeratedResponse> {
    const response = await this.findResponse(storyId, responseId);
    const now = this.now();
    const hidden = await this.models.responses
      .findOneAndUpdate(
        { _id: response._id, deletedAt: null },
        {
          $set: { hiddenAt: response.hiddenAt ?? now, hiddenReason: reason.trim() },
          $push: {
            moderation: {
              at: now,
              by: { id: moderator.id, name: moderator.name },
              action: 'hide',
              reason: reason.trim(),
              changes: [{ field: 'hidden', from: Boolean(response.hiddenAt), to: true }],
            },
          },
          // Nobody is told about a response nobody can see any more.
          $pull: { pendingEvents: { type: 'created' } },
        },
        { returnDocument: 'after' },
      )
      .lean<StoredResponse>();
    if (!hidden) throw responseNotFound();
    await this.recount(response.storyId);
    this.logger.info({ storyId, responseId, moderatorId: moderator.id }, 'response hidden');
    return toModeratedResponse(hidden);
  }

  /**
   * A moderator approves a queued response (it is published: the `created` news is queued, so the
   * author, subscribers and webhooks hear of it now) or rejects it with a reason for its responder (it
   * is never public). Approving fixes the text the moderator read: the edit window closes. A rejected
   * response can still be approved, if rejected by mistake. Each step is in its moderation history.
   * @throws `not-found` no such response; `conflict` it is not waiting (already published), the story is
   * not published (to approve), or it changed meanwhile; `invalid` naming `reason` to reject without one.
   */
  async moderate(
    storyId: string,
    responseId: string,
    request: ResponseModerationAction,
    moderator: SignedInUser,
  ): Promise<ModeratedResponse> {
    const response = await this.findResponse(storyId, responseId);
    const reason = request.reason?.trim() || undefined;
    if (request.action === 'reject' && !reason) {
      throw DomainError.invalid([
        { field: 'reason', code: 'required', message: 'is required to reject a response' },
      ]);
    }
    if (!response.withheld) {
      throw DomainError.conflict('This response is already published: hide it instead.', {
        facts: { moderationStatus: 'published' },
      });
    }
    const publish = request.action === 'publish';
    if (publish) {
      const story = await this.models.stories
        .findById(response.storyId, { status: 1 })
        .lean<{ status: string }>();
      if (story?.status !== 'published') {
        throw DomainError.conflict(
          `The story this response answers is ${story?.status ?? 'gone'}: the response cannot be published.`,
          { facts: { storyStatus: story?.status ?? null } },
        );
      }
    }
    const now = this.now();
    const update = {
      $set: publish
        ? {
            withheld: null,
            approvedAt: now,
            editableUntil: response.editableUntil < now ? response.editableUntil : now,
          }
        : { withheld: 'rejected', rejectedReason: reason },
      ...(publish ? { $unset: { rejectedReason: 1 } } : {}),
      $push: {
        moderation: {
          at: now,
          by: { id: moderator.id, name: moderator.name },
          action: request.action,
          ...(reason ? { reason } : {}),
          changes: [
            {
              field: 'moderationStatus',
              from: moderationStatusOf(response),
              to: publish ? 'published' : 'rejected',
            },
          ],
        },
        // Approved: the news of a new response goes out now. Rejected: the responder is told why.
        pendingEvents: { type: publish ? 'created' : 'rejected', at: now },
      },
    };
    const updated = await this.models.responses
      .findOneAndUpdate(
        {
          _id: response._id,
          deletedAt: null,
          withheld: response.withheld,
          moderation: { $size: response.moderation?.length ?? 0 },
        },
        update,
        { returnDocument: 'after' },
      )
      .lean<StoredResponse>();
    if (!updated) {
      throw DomainError.conflict(
        'This response changed while you were moderating it. Reload it and try again.',
      );
    }
    await this.recount(response.storyId);
    this.logger.info(
      { storyId, responseId, action: request.action, moderatorId: moderator.id },
      'response moderated',
    );
    return toModeratedResponse(updated);
  }

  /**
   * Records that `user` (staff or stakeholder in scope) opened the story: once per account, however
   * often they post it.
   * @throws `forbidden` for moderators and admins and for accounts out of scope; `not-found` without a published story.
   */
  async recordRead(storyId: string, user: SignedInUser): Promise<ReadReceipt> {
    if (user.role === 'moderator' || user.role === 'admin') {
      throw DomainError.forbidden(
        'Reads count the staff and stakeholders who act for the story’s services, not moderators.',
      );
    }
    const story = await this.publishedStory(storyId);
    if (!(await this.scopes.covers(user, story.services))) {
      throw DomainError.forbidden('This story is not about the services (or constituency) you act for.');
    }
    let firstRead = true;
    try {
      await this.models.storyReads.create({ storyId: story._id, userId: new Types.ObjectId(user.id) });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
      firstRead = false;
    }
    // Counted, not incremented: a crash after the insert is healed by the next read, and `$max` keeps
    // a slower concurrent count from lowering a newer one (reads are never removed).
    const readCount = await this.models.storyReads.countDocuments({ storyId: story._id });
    await this.models.stories.updateOne({ _id: story._id }, { $max: { readCount } });
    return { readCount, firstRead };
  }

  /**
   * Sets the story's counters from its visible responses. The version bump first makes this safe under
   * concurrent changes: only the recount that started last writes, and it read every earlier change.
   */
  async recount(storyId: Types.ObjectId): Promise<void> {
    const bumped = await this.models.stories
      .findOneAndUpdate({ _id: storyId }, { $inc: { responseCountsVersion: 1 } }, { returnDocument: 'after' })
      .select({ responseCountsVersion: 1 })
      .lean<{ responseCountsVersion: number }>();
    if (!bumped) return;
    const visible = await this.models.responses
      .find({ storyId, deletedAt: null, hiddenAt: null, withheld: null }, { createdAt: 1, change: 1 })
      .sort({ createdAt: 1 })
      .lean<{ createdAt: Date; change?: ChangeMarker | null }[]>();
    const changes = new Set(visible.map((response) => response.change));
    await this.models.stories.updateOne(
      { _id: storyId, responseCountsVersion: bumped.responseCountsVersion },
      {
        $set: {
          responseCount: visible.length,
          responded: visible.length > 0,
          firstResponseAt: visible[0]?.createdAt ?? null,
          change: changes.has('made') ? 'made' : changes.has('planned') ? 'planned' : null,
        },
      },
    );
  }

  /**
   * The organisation `user` speaks for on a story about `serviceIds`: the nearest of their services
   * above (or at) one of the story's; for a stakeholder covering it by constituency, the constituency.
   */
  private async speaksFor(user: SignedInUser, serviceIds: string[]): Promise<{ id: string; name: string }> {
    const services = await this.organisations.byIds(serviceIds);
    const roots = new Set(user.services);
    let nearest: { id: string; distance: number } | undefined;
    for (const id of serviceIds) {
      const service = services.get(id);
      if (!service) continue;
      const lineage = [service._id, ...[...(service.ancestors ?? [])].reverse()];
      const distance = lineage.findIndex((candidate) => roots.has(candidate));
      if (distance >= 0 && (!nearest || distance < nearest.distance))
        nearest = { id: lineage[distance], distance };
    }
    if (nearest) {
      const root = (await this.organisations.byIds([nearest.id])).get(nearest.id);
      return { id: nearest.id, name: root?.name ?? nearest.id };
    }
    if (user.role === 'stakeholder' && user.constituency) {
      return { id: `constituency:${slug(user.constituency)}`, name: user.constituency };
    }
    // covers() said yes, so one of the two holds; a story whose services vanished keeps its first.
    const first = services.get(serviceIds[0]);
    return { id: serviceIds[0], name: first?.name ?? serviceIds[0] };
  }

  private async ownChangeableResponse(
    storyId: string,
    responseId: string,
    user: SignedInUser,
    action: 'edit' | 'delete',
  ): Promise<StoredResponse> {
    await this.publishedStory(storyId, user.role === 'staff');
    const response = await this.findResponse(storyId, responseId);
    if (response.responder.userId.toHexString() !== user.id) {
      throw DomainError.forbidden(`Only the person who wrote a response can ${action} it.`);
    }
    if (response.hiddenAt) {
      throw DomainError.conflict(`A moderator has hidden this response, so it can no longer be changed.`);
    }
    if (this.now() > response.editableUntil) throw windowClosed(action);
    return response;
  }

  /** A response of this story that its responder has not deleted, or a `not-found` error. */
  private async findResponse(storyId: string, responseId: string): Promise<StoredResponse> {
    if (!isObjectId(storyId) || !isObjectId(responseId)) throw responseNotFound();
    const response = await this.models.responses
      .findOne({ _id: responseId, storyId, deletedAt: null })
      .lean<StoredResponse>();
    if (!response) throw responseNotFound();
    return response;
  }

  /** A published story; with `orInPreview`, also one in provider preview (services/story-preview.ts). */
  private async publishedStory(id: string, orInPreview = false): Promise<StoredStory> {
    const status = orInPreview ? { $in: ['published' as const, 'preview' as const] } : 'published';
    const story = isObjectId(id)
      ? await this.models.stories.findOne({ _id: id, status }).lean<StoredStory>()
      : null;
    if (!story) throw DomainError.notFound('There is no published story with this id.');
    return story;
  }
}

/** Moderators and admins keep the platform fair: they do not speak for services. */
function assertResponderRole(user: SignedInUser): void {
  if (user.role === 'moderator' || user.role === 'admin') {
    throw DomainError.forbidden(
      'Moderators and admins do not respond to stories: staff and stakeholders in scope do.',
    );
  }
}

/** The filter an edit or delete must still match when it is written: the window is checked atomically. */
function stillChangeable(id: Types.ObjectId, now: Date) {
  return { _id: id, deletedAt: null, hiddenAt: null, editableUntil: { $gte: now } };
}

function windowClosed(action: 'edit' | 'delete') {
  return DomainError.conflict(
    `A response can be changed for 30 minutes after it is posted; this one is now fixed, so you cannot ${action} it.`,
  );
}

function responseNotFound() {
  return DomainError.notFound('This story has no such response.');
}

/** `Ayr` → `ayr`, `Na h-Eileanan an Iar` → `na-h-eileanan-an-iar`. */
function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
