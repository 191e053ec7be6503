import { isObjectId } from '../domain/object-id.js';
import { Types } from 'mongoose';
import type { SignedInUser } from '../auth/principal.js';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import { toModerationStory, type ModerationStory } from '../mappers/moderation-story.js';
import { toModerationReply, type ModerationReply, type StoredReply } from '../mappers/reply.js';
import { toModerationQueueResponse, type ModerationQueueResponse } from '../mappers/moderation-response.js';
import type { StoredResponse } from '../mappers/response.js';
import type { StoredStory } from '../mappers/story.js';
import type { Models } from '../models/index.js';
import type { Organisation } from '../models/organisation.js';
import { erasedStatus, type StoredStoryStatus, type StoryStatus } from '../models/story.js';
import { DomainError, isInvalid } from '../domain/errors.js';
import type { ModerationActionBody, StoryModerationActionName } from '../schemas/moderation.js';
import type { OrganisationService } from './organisations.js';
import type { Page } from './pagination.js';
import { detectFlags } from './pii-flags.js';
import {
  duplicateWindowDays,
  queueWarnings,
  type QueueWarning,
  type WarnableStory,
} from './queue-warnings.js';
import { normaliseTag, storySearchTerms, storyTagList } from './story-search.js';
import { auditedChanges } from './audited-changes.js';
import { emailKeyOf } from '../models/email-key.js';
import { announcePreparedResponses, previewRuleFor, previewWindow } from './story-preview.js';

/** Stories and author replies waiting for a moderator. */
export const queuedStatuses = ['submitted', 'held'] as const;
export type QueuedStatus = (typeof queuedStatuses)[number];

/**
 * One item of the moderation queue: a story, an author's reply or a queued response (both with the
 * story's id and title for context). Every item says what it is; all kinds are ordered together by
 * when they arrived.
 */
export type ModerationQueueItem =
  ({ type: 'story'; warnings: QueueWarning[] } & ModerationStory) | ModerationReply | ModerationQueueResponse;
export type QueueItemKind = ModerationQueueItem['type'];

/** Where a queue page stopped: the last item's arrival, kind and id (the queue's sort key). */
interface QueuePosition {
  at: Date;
  type: QueueItemKind;
  id: Types.ObjectId;
}

/** Items that arrived in the same millisecond: stories first, then replies, then responses, then by id. */
const kindRank: Record<QueueItemKind, number> = { story: 0, reply: 1, response: 2 };

export interface ModerationQueueFilters {
  /** `complaint`: only stories held for a live formal complaint, which the queue otherwise leaves out. */
  status?: QueuedStatus | 'complaint';
  limit: number;
  cursor?: string;
}

/**
 * What each action does to a story, by the state it is in. Every state but `withdrawn` can take every
 * action: moderators hold or reject a published story after a complaint (unpublishing it: the audit
 * entry records `status: published → held`), publish a story they rejected by mistake, and re-hold or
 * re-publish to change a reason or an edit. A withdrawn story is the author's decision: 409.
 *
 *   from \ action   publish      hold     reject     complaint-hold
 *   submitted       published    held     rejected   held
 *   held            published    held     rejected   held
 *   published       published    held     rejected   held
 *   rejected        published    held     rejected   held
 *   preview         published    held     rejected   held
 *   withdrawn       409          409      409        409
 *   erased          409          409      409        409   (erased at its author's request: services/erasure.ts)
 *
 * A story held for a live formal complaint (`complaint` set) cannot be published (409) until a
 * `complaint-release` clears the complaint: it stays held, and so is back in the queue.
 *
 * Provider preview (services/story-preview.ts): `publish` of a story rated at or above its board's
 * threshold that has never been in preview makes it `preview` instead of `published` (the audit entry's
 * action is `preview`); `publish` of a story in preview publishes it at once.
 */
const anyModeration = {
  publish: 'published',
  hold: 'held',
  reject: 'rejected',
  'complaint-hold': 'held',
  'complaint-release': 'held',
} as const;
const transitions: Record<StoredStoryStatus, Partial<Record<StoryModerationActionName, StoryStatus>>> = {
  submitted: anyModeration,
  held: anyModeration,
  // A moderator may publish a story in provider preview at once, or hold or reject it meanwhile.
  preview: anyModeration,
  published: anyModeration,
  rejected: anyModeration,
  withdrawn: {},
  erased: {},
};

type TagLists = { good: string[]; improve: string[]; feelings: string[] };

/** The moderation queue, and moderators' decisions (with edits) on stories. */
export class ModerationService {
  private readonly logger: Logger;
  private readonly models: Models;
  private readonly organisations: OrganisationService;

  constructor(deps: { config: Config; logger: Logger; models: Models; organisations: OrganisationService }) {
    this.logger = deps.logger;
    this.models = deps.models;
    this.organisations = deps.organisations;
  }

  /**
   * Submitted and held stories, author replies and queued responses, oldest first (the longest waiting
   * first) across the kinds, one page at a time. Each collection is read from the same position, a page and one more
   * item each; merged, the first `limit` are the page and anything beyond says there is a next one.
   */
  async queue(filters: ModerationQueueFilters): Promise<Page<ModerationQueueItem> & { total: number }> {
    const position = filters.cursor === undefined ? undefined : decodeQueueCursor(filters.cursor);
    // A story held for a live formal complaint waits on the complaint, not on a moderator: it is listed
    // only when asked for. (`complaint: null` also matches stories from before the field existed.)
    const inQueue =
      filters.status === 'complaint'
        ? { status: 'held' as const, complaint: { $ne: null } }
        : { status: filters.status ?? { $in: [...queuedStatuses] }, complaint: null };
    // A story in provider preview that a responder asked a moderator to look at again is back in the
    // default queue (still in preview: its window keeps running). Read apart rather than in an `$or`,
    // which the store's planner answers by scanning every story.
    const previewQueue =
      filters.status === undefined
        ? { status: 'preview' as const, 'preview.reviewRequest': { $ne: null } }
        : { _id: { $exists: false } };
    // Replies are never held for a complaint; none are listed with the complaint filter.
    const replyQueue =
      filters.status === 'complaint'
        ? { _id: { $exists: false } }
        : { status: filters.status ?? { $in: [...queuedStatuses] } };
    // Queued responses are never held: they wait as `submitted` does.
    const responseQueue =
      filters.status === 'complaint' || filters.status === 'held'
        ? { _id: { $exists: false } }
        : { withheld: 'queued' as const, deletedAt: null };
    const after = (kind: QueueItemKind, base: object = inQueue) =>
      position ? { ...base, ...arrivedAfter(position, kind) } : base;
    const [
      stories,
      previewed,
      replies,
      responses,
      storiesWaiting,
      previewsWaiting,
      repliesWaiting,
      responsesWaiting,
    ] = await Promise.all([
      this.models.stories
        .find(after('story'))
        .sort({ createdAt: 1, _id: 1 })
        .limit(filters.limit + 1)
        .lean<StoredStory[]>(),
      filters.status === undefined
        ? this.models.stories
            .find(after('story', previewQueue))
            .sort({ createdAt: 1, _id: 1 })
            .limit(filters.limit + 1)
            .lean<StoredStory[]>()
        : Promise.resolve([]),
      this.models.replies
        .find(after('reply', replyQueue))
        .sort({ createdAt: 1, _id: 1 })
        .limit(filters.limit + 1)
        .lean<StoredReply[]>(),
      this.models.responses
        .find(after('response', responseQueue))
        .sort({ createdAt: 1, _id: 1 })
        .limit(filters.limit + 1)
        .lean<StoredResponse[]>(),
      this.models.stories.countDocuments(inQueue),
      filters.status === undefined ? this.models.stories.countDocuments(previewQueue) : Promise.resolve(0),
      this.models.replies.countDocuments(replyQueue),
      this.models.responses.countDocuments(responseQueue),
    ]);
    const merged = [
      ...[...stories, ...previewed].map((story) => ({
        type: 'story' as const,
        at: story.createdAt,
        id: story._id,
        story,
      })),
      ...replies.map((reply) => ({ type: 'reply' as const, at: reply.createdAt, id: reply._id, reply })),
      ...responses.map((response) => ({
        type: 'response' as const,
        at: response.createdAt,
        id: response._id,
        response,
      })),
    ].sort(compareQueued);
    const page = merged.slice(0, filters.limit);
    const last = page.at(-1);

    const pageStories = page.flatMap((item) => (item.type === 'story' ? [item.story] : []));
    const answered = page.flatMap((item) =>
      item.type === 'reply' ? [item.reply.storyId] : item.type === 'response' ? [item.response.storyId] : [],
    );
    const [servicesById, answeredStoriesById, sameEmailStories] = await Promise.all([
      this.servicesOf(pageStories),
      this.storyTitlesOf(answered),
      this.earlierFromSameEmails(pageStories),
    ]);
    const now = new Date();
    return {
      items: page.map((item): ModerationQueueItem => {
        if (item.type === 'story') {
          return {
            type: 'story' as const,
            ...toModerationStory(item.story, servicesById),
            warnings: queueWarnings(item.story, sameEmailStories, now),
          };
        }
        if (item.type === 'reply') {
          return toModerationReply(
            item.reply,
            answeredStoriesById.get(item.reply.storyId.toHexString()) ?? null,
          );
        }
        return toModerationQueueResponse(
          item.response,
          answeredStoriesById.get(item.response.storyId.toHexString()) ?? null,
        );
      }),
      total: storiesWaiting + previewsWaiting + repliesWaiting + responsesWaiting,
      next: merged.length > filters.limit && last ? encodeQueueCursor(last) : null,
    };
  }

  /**
   * Publishes, holds or rejects a story, applying the moderator's edits first. Each changed field's
   * value before the action is kept in the audit entry (so a redaction can be reviewed, and undone).
   * @throws `not-found` unknown story; `conflict` withdrawn, or changed by someone else meanwhile; `invalid` bad edits.
   */
  async act(id: string, request: ModerationActionBody, moderator: SignedInUser): Promise<ModerationStory> {
    const story = await this.find(id);
    const nextStatus = transitions[story.status][request.action];
    if (nextStatus === undefined) {
      throw DomainError.conflict(`This story is ${story.status}: it cannot be moderated.`, {
        facts: { storyStatus: story.status },
      });
    }
    assertComplaintRules(story, request);
    const reason = request.reason?.trim();
    if ((request.action === 'reject' || request.action === 'hold') && !reason) {
      throw DomainError.invalid([
        { field: 'reason', code: 'required', message: 'is required to hold or reject a story' },
      ]);
    }
    if (request.services) await this.assertAddedServicesOpen(story.services, request.services);

    const now = new Date();
    const criticality = request.criticality !== undefined ? request.criticality : (story.criticality ?? null);
    const services = request.services ?? story.services;
    const preview =
      nextStatus === 'published' && story.status !== 'published' && !story.preview
        ? await this.previewFor(services, criticality, now)
        : null;
    const status = preview ? 'preview' : nextStatus;
    const action = preview ? 'preview' : request.action;
    const audit = auditedChanges();
    const { set, change } = audit;

    const title = request.title?.trim() ?? story.title;
    const body = request.body?.trim() ?? story.body;
    change('title', story.title, title);
    change('body', story.body, body);
    if (request.services) change('services', story.services, request.services);
    if (request.tags) change('tags', tagLists(story.tags), editedTags(tagLists(story.tags), request.tags));
    if (request.criticality !== undefined)
      change('criticality', story.criticality ?? null, request.criticality);
    change('status', story.status, status);
    const push: Record<string, unknown> = {};
    // The news of a real change of status (alerts when published; the reason to the author when held or
    // rejected; responders and author told of a preview) rides on the same update as the change, so it
    // can never be lost or told twice.
    if (status !== story.status) push.pendingEvents = { type: status, at: now };
    if (preview) change('preview', null, preview);
    if (request.action === 'complaint-hold') {
      // The note is for moderators (it is the audit entry's reason); the author reads a fixed, plain
      // explanation instead of a moderator's message (services and widget: `heldForComplaint`).
      change('complaint', story.complaint ?? null, {
        reference: request.complaintReference?.trim() ?? null,
        note: reason ?? null,
        since: story.complaint?.since ?? now,
      });
      change('statusReason', story.statusReason ?? null, null);
    } else if (request.action === 'complaint-release') {
      change('complaint', story.complaint ?? null, null);
    } else if (request.action === 'publish') {
      change('statusReason', story.statusReason ?? null, null);
      // The first publication date stays: re-publishing after a hold is not a new story in the lists.
      if (!story.publishedAt && !preview) set.publishedAt = now;
    } else {
      change('statusReason', story.statusReason ?? null, reason);
    }

    // Derived fields follow the edits; they are not the moderator's changes, so not in the audit.
    if ('title' in set || 'body' in set) {
      set.searchTerms = storySearchTerms(title, body);
      set.flags = detectFlags(title, body);
    }
    if ('tags' in set) set.tagList = storyTagList(set.tags as TagLists);

    const entry = audit.entry(moderator, action, reason, now);
    // Only if nobody (another moderator, or the author withdrawing) changed the story since it was read:
    // otherwise the audit's `from` values would not be what this action replaced. Every such change
    // adds an audit entry, so the entries are counted; not `updatedAt`, which background bookkeeping
    // (the notifier taking its events, read and response counts) moves on any instance at any time.
    const { matchedCount } = await this.models.stories.updateOne(
      {
        _id: story._id,
        status: story.status,
        moderation: { $size: story.moderation?.length ?? 0 },
      },
      { $set: set, $push: { ...push, moderation: entry } },
    );
    if (matchedCount !== 1) {
      throw DomainError.conflict('This story changed while you were moderating it. Reload it and try again.');
    }
    // Responses carry their story's services for the activity feeds: they follow a moderator's change.
    if ('services' in set) {
      await this.models.responses.updateMany({ storyId: story._id }, { $set: { services: set.services } });
    }
    // Published before its preview window closed: the responses prepared meanwhile are news now.
    if (story.status === 'preview' && status === 'published') {
      await announcePreparedResponses(this.models, story._id, now);
    }
    this.logger.info({ storyId: id, action: request.action, moderatorId: moderator.id }, 'story moderated');
    const updated = await this.find(id);
    return toModerationStory(updated, await this.servicesOf([updated]));
  }

  /** The preview window a story about `services` rated `criticality` opens now, if its board asks for one. */
  private async previewFor(services: string[], criticality: number | null, now: Date) {
    if (criticality === null) return null;
    const rule = await previewRuleFor(this.organisations, services);
    return rule && criticality >= rule.criticality ? previewWindow(rule, now) : null;
  }

  /**
   * Services newly put on a story must be open to stories; ones it already had may since have been
   * retired and still stay (the story was told about them).
   */
  private async assertAddedServicesOpen(current: string[], requested: string[]): Promise<void> {
    try {
      await this.organisations.assertOpenForStories(requested);
    } catch (error) {
      if (!isInvalid(error)) throw error;
      const kept = new Set(current);
      const errors = error.errors.filter((fieldError) => {
        const index = Number(fieldError.field.split('.')[1]);
        return !kept.has(requested[index] ?? '');
      });
      if (errors.length > 0) throw DomainError.invalid(errors, 'The request body has invalid fields.');
    }
  }

  private async find(id: string): Promise<StoredStory> {
    const story = isObjectId(id) ? await this.models.stories.findById(id).lean<StoredStory>() : null;
    if (!story) throw DomainError.notFound('There is no story with this id.');
    return story;
  }

  private async servicesOf(stories: StoredStory[]): Promise<Map<string, Organisation>> {
    const ids = [...new Set(stories.flatMap((story) => story.services))];
    return ids.length === 0 ? new Map() : this.organisations.byIds(ids);
  }

  /**
   * Stories told from the page's emails in the window before the earliest of them: what the
   * near-duplicate warning compares with.
   */
  private async earlierFromSameEmails(stories: StoredStory[]): Promise<WarnableStory[]> {
    const withEmail = stories.filter((story) => story.email);
    if (withEmail.length === 0) return [];
    // By the compared form of each address, through the `{ emailKey, createdAt }` index.
    const emails = [...new Set(withEmail.map((story) => emailKeyOf(story.email!)))];
    const earliest = Math.min(...withEmail.map((story) => story.createdAt.getTime()));
    return this.models.stories
      .find(
        {
          emailKey: { $in: emails },
          status: { $ne: erasedStatus },
          createdAt: { $gte: new Date(earliest - duplicateWindowDays * 24 * 60 * 60 * 1000) },
        },
        { title: 1, body: 1, email: 1, createdAt: 1 },
      )
      .lean<WarnableStory[]>();
  }

  /** The stories the replies and responses answer: their titles, for context in the queue. */
  private async storyTitlesOf(
    storyIds: Types.ObjectId[],
  ): Promise<Map<string, { _id: Types.ObjectId; title: string }>> {
    if (storyIds.length === 0) return new Map();
    const stories = await this.models.stories
      .find({ _id: { $in: storyIds } }, { title: 1 })
      .lean<{ _id: Types.ObjectId; title: string }[]>();
    return new Map(stories.map((story) => [story._id.toHexString(), story]));
  }
}

/** Oldest first; the same millisecond by kind, then by id: the order the cursor encodes. */
function compareQueued(
  a: { at: Date; type: QueueItemKind; id: Types.ObjectId },
  b: { at: Date; type: QueueItemKind; id: Types.ObjectId },
): number {
  return (
    a.at.getTime() - b.at.getTime() ||
    kindRank[a.type] - kindRank[b.type] ||
    a.id.toHexString().localeCompare(b.id.toHexString())
  );
}

/**
 * The items of `kind` after `position` in the queue's order: later; or as old and of a later kind; or
 * as old, of the same kind, with a greater id.
 */
function arrivedAfter(position: QueuePosition, kind: QueueItemKind): object {
  const rank = kindRank[kind];
  const positionRank = kindRank[position.type];
  if (rank > positionRank) return { createdAt: { $gte: position.at } };
  if (rank < positionRank) return { createdAt: { $gt: position.at } };
  return {
    $or: [{ createdAt: { $gt: position.at } }, { createdAt: position.at, _id: { $gt: position.id } }],
  };
}

/** An opaque cursor: base64url of `<ISO date>,<kind>,<hex id>`. */
function encodeQueueCursor(position: QueuePosition): string {
  return Buffer.from(
    `${position.at.toISOString()},${position.type},${position.id.toHexString()}`,
    'utf8',
  ).toString('base64url');
}

/**
 * Reads a cursor made by {@link encodeQueueCursor}; one from before replies joined the queue
 * (`<ISO date>,<hex id>`) is a story's position.
 * @throws `invalid` naming `cursor` when the queue did not give it out.
 */
function decodeQueueCursor(cursor: string): QueuePosition {
  const match =
    /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z),(?:(story|reply|response),)?([0-9a-f]{24})$/.exec(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
  const at = match ? new Date(match[1]!) : undefined;
  if (!match || !at || Number.isNaN(at.getTime())) {
    throw DomainError.invalid([
      { field: 'cursor', code: 'invalid-cursor', message: 'is not a cursor this list gave out' },
    ]);
  }
  return { at, type: (match[2] as QueueItemKind | undefined) ?? 'story', id: new Types.ObjectId(match[3]) };
}

/**
 * The formal-complaint hold: a held story is not published while the complaint is live, release needs a
 * hold to end, and a complaint reference belongs only to the hold.
 * @throws `conflict` publishing a story held for a complaint, or releasing one that is not; `invalid` a
 * reference with another action.
 */
function assertComplaintRules(story: StoredStory, request: ModerationActionBody): void {
  if (request.complaintReference !== undefined && request.action !== 'complaint-hold') {
    throw DomainError.invalid([
      { field: 'complaintReference', code: 'invalid', message: 'is only for `complaint-hold`' },
    ]);
  }
  if (request.action === 'publish' && story.complaint) {
    throw DomainError.conflict(
      'This story is held because it is linked to a formal complaint that is still open. Release the complaint hold before publishing it.',
      { facts: { heldForComplaint: true } },
    );
  }
  if (request.action === 'complaint-release' && !story.complaint) {
    throw DomainError.conflict(
      'This story is not held for a formal complaint: there is nothing to release.',
      {
        facts: { heldForComplaint: false },
      },
    );
  }
}

function tagLists(tags: Partial<TagLists> | null | undefined): TagLists {
  return {
    good: [...(tags?.good ?? [])],
    improve: [...(tags?.improve ?? [])],
    feelings: [...(tags?.feelings ?? [])],
  };
}

/** Each list sent replaces the story's list (trimmed, each tag once); lists left out stay. */
function editedTags(current: TagLists, edits: Partial<TagLists>): TagLists {
  return {
    good: edits.good ? distinctTags(edits.good) : current.good,
    improve: edits.improve ? distinctTags(edits.improve) : current.improve,
    feelings: edits.feelings ? distinctTags(edits.feelings) : current.feelings,
  };
}

function distinctTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of tags) {
    const key = normaliseTag(tag);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(tag.trim().replace(/\s+/g, ' '));
  }
  return result;
}
