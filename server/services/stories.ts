import { isObjectId } from '../domain/object-id.js';
import { Types } from 'mongoose';
import { authorKeyPrefix, type PartnerKey, type Principal, type SignedInUser } from '../auth/principal.js';
import { hashToken, newToken, sameTokenHash } from '../auth/tokens.js';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import { defaultLanguage } from '../l10n/index.js';
import { analystStoryProjection, toAnalystStory, type AnalystStory } from '../mappers/analyst-story.js';
import { toModerationStory, type ModerationStory } from '../mappers/moderation-story.js';
import type { AuthorReply } from '../mappers/reply.js';
import {
  toAuthorStory,
  toListening,
  toProgress,
  type StoryProgress,
  toPublicStory,
  type AuthorStory,
  type PublicStory,
  type StoredStory,
  type StoryEngagement,
} from '../mappers/story.js';
import type { IdempotencyStamp } from '../models/idempotency-stamp.js';
import { erasedStatus } from '../models/story.js';
import { erasedGone } from './erasures.js';
import type { Models } from '../models/index.js';
import type { Organisation } from '../models/organisation.js';
import { DomainError, isInvalid, type FieldError } from '../domain/errors.js';
import type { OnBehalfSubmission, StorySubmission } from '../schemas/story.js';
import { createOnce, findStamp } from './idempotency.js';
import type { OrganisationService } from './organisations.js';
import { afterPosition, decodeCursor, encodeCursor, type Page } from './pagination.js';
import { detectFlags } from './pii-flags.js';
import { RateLimiter } from './rate-limiter.js';
import { SubmissionLimits } from './submission-limits.js';
import { authorRepliesOf } from './replies.js';
import { ScopeService } from './scopes.js';
import { normaliseTag, searchWords, storySearchTerms, storyTagList } from './story-search.js';
import { threadOf } from './thread.js';
import { emailKeyOf } from '../models/email-key.js';

/** What `POST /stories` answers: the author key is shown this once and only its hash is kept. */
export interface StoryReceipt {
  id: string;
  status: 'submitted';
  authorKey: string;
}

/** What `POST /stories/on-behalf` answers: no author key, which is the author's alone (emailed to them). */
export type OnBehalfReceipt = Omit<StoryReceipt, 'authorKey'>;

/** Where a submission came from: what the route knows about the HTTP request. */
export interface SubmissionContext {
  /** The client's address, used (hashed) for the rate limit only: never stored as such. */
  clientAddress: string;
  /** The submitting page's origin, already checked to be a well-formed origin, or null. */
  source: string | null;
  idempotencyKey?: string;
  /** A solved proof-of-work challenge (`Careloop-Proof-Of-Work`), needed past the free hourly allowance. */
  proofOfWork?: string;
}

export interface StoryListFilters {
  service?: string;
  /** Stories about services in this constituency, or below them. */
  constituency?: string;
  /** Stories about the services the signed-in staff member or stakeholder acts for. */
  mine?: boolean;
  q?: string;
  tag?: string;
  authorRole?: string;
  /** Published at or after. */
  from?: Date;
  /** Published before. */
  before?: Date;
  responded?: boolean;
  limit: number;
  cursor?: string;
}

/** One story as the requester may see it, with its thread and who is listening. */
export type StoryView =
  | { view: 'public'; story: PublicStory & StoryEngagement }
  | { view: 'author'; story: AuthorStory & StoryEngagement & { replies: AuthorReply[] } }
  | {
      view: 'moderation';
      story: ModerationStory & StoryEngagement;
    }
  | { view: 'analyst'; story: AnalystStory & StoryEngagement };

/** What submissions' Idempotency-Keys are scoped to (part of the stamp's key hash). */
export const submissionIdempotencyScope = 'POST /stories';
export const onBehalfIdempotencyScope = 'POST /stories/on-behalf';
/** Words of a `q` search used at most: more only slow the query down. */
const maxSearchWords = 10;
/**
 * A word search's first page counts its matches this far and no further ("20 of more than 1,000"):
 * counting every match costs as much as the matches, which grow with the store's whole history.
 */
export const searchTotalCap = 1000;

/** Telling a story, reading stories, and the author's control over their own. */
export class StoryService {
  private readonly config: Config;
  private readonly logger: Logger;
  private readonly models: Models;
  private readonly organisations: OrganisationService;
  private readonly submissionLimits: SubmissionLimits;
  private readonly scopes: Pick<ScopeService, 'covers' | 'scopeServiceIds' | 'anyInSubtree'>;

  constructor(deps: {
    config: Config;
    logger: Logger;
    models: Models;
    organisations: OrganisationService;
    /** Who sees a story's progress; built here when the container does not pass one. */
    scopes?: Pick<ScopeService, 'covers' | 'scopeServiceIds' | 'anyInSubtree'>;
  }) {
    this.config = deps.config;
    this.logger = deps.logger;
    this.models = deps.models;
    this.organisations = deps.organisations;
    this.scopes = deps.scopes ?? new ScopeService(deps);
    this.submissionLimits = new SubmissionLimits(new RateLimiter({ models: deps.models }), {
      freePerHour: this.config.submissionsPerHour,
      // A config built in code (tests) may raise the free allowance alone: the ceiling is never below it.
      maxPerHour: Math.max(this.config.submissionsPerHourMax, this.config.submissionsPerHour),
    });
  }

  /**
   * Takes a story for moderation. A retry with the same Idempotency-Key and body gets the first
   * receipt back (`replayed: true`) and creates nothing, whenever the first request died (see
   * createOnce). A filled-in honeypot gets a receipt that looks real, and nothing is stored.
   * @throws `invalid` naming each bad field, `too-many` past the hourly limits per client address (see
   * SubmissionLimits), 422 (key reused).
   */
  async submit(
    submission: StorySubmission,
    context: SubmissionContext,
  ): Promise<{ receipt: StoryReceipt; replayed: boolean }> {
    if (submission.website?.trim()) {
      this.logger.info('honeypot tripped');
      const fake = {
        id: new Types.ObjectId().toHexString(),
        status: 'submitted' as const,
        authorKey: newToken(authorKeyPrefix),
      };
      return { receipt: fake, replayed: false };
    }
    return createOnce<StoryReceipt>(
      { scope: submissionIdempotencyScope, key: context.idempotencyKey, body: submission },
      {
        findStamp: (keyHash) => findStamp(this.models.stories, keyHash),
        create: async (stamp) => {
          await this.assertSubmissionAllowed(submission);
          const counted = await this.submissionLimits.admit(context.clientAddress, context.proofOfWork);
          return this.createStory(submission, stamp, { source: context.source, counted });
        },
      },
    );
  }

  /**
   * Takes a story that staff or a volunteer entered for its author (from a paper form, a phone call, a
   * kiosk), with how the author agreed to it. It is moderated like any other and shown as told on the
   * author's behalf; the author's private link is emailed to them if they gave an address, and never
   * given to the enterer. Staff may enter stories only about services they act for (each one named);
   * moderators and admins about any. The public per-address limits do not apply: the enterer is signed
   * in, and named in the record.
   * @throws `invalid` as `submit`; `forbidden` naming a service the staff member does not act for.
   */
  async submitOnBehalf(
    submission: OnBehalfSubmission,
    user: SignedInUser,
    idempotencyKey?: string,
  ): Promise<{ receipt: OnBehalfReceipt; replayed: boolean }> {
    const { onBehalf, ...told } = submission;
    const story = { ...told, consent: true as const };
    await this.assertSubmissionAllowed(story);
    for (const service of submission.services) {
      if (!(await this.scopes.covers(user, [service]))) {
        throw DomainError.forbidden(`You do not act for the service "${service}".`);
      }
    }
    const { receipt, replayed } = await createOnce<StoryReceipt>(
      { scope: onBehalfIdempotencyScope, key: idempotencyKey, body: submission },
      {
        findStamp: (keyHash) => findStamp(this.models.stories, keyHash),
        create: (stamp) =>
          this.createStory(story, stamp, {
            source: null,
            told: {
              toldVia: onBehalf.via,
              onBehalf: {
                consent: onBehalf.consent,
                consentNote: onBehalf.consentNote?.trim() || null,
                enteredBy: { userId: new Types.ObjectId(user.id), name: user.name, role: user.role },
                enteredAt: new Date(),
              },
            },
          }),
      },
    );
    const { authorKey: _authorKey, ...shown } = receipt;
    return { receipt: shown, replayed };
  }

  /**
   * Stores the story, with `stamp(receipt)` (the Idempotency-Key's use) in the same insert. `counted`
   * is its place in the address's hourly allowance, given back if it is not stored; `told` says who
   * entered it for its author and how.
   */
  private async createStory(
    submission: StorySubmission,
    stamp: (receipt: StoryReceipt) => IdempotencyStamp | undefined,
    intake: {
      source: string | null;
      counted?: { release(): Promise<void> };
      told?: Pick<StoredStory, 'toldVia' | 'onBehalf'>;
    },
  ): Promise<StoryReceipt> {
    const title = submission.title.trim();
    const body = submission.body.trim();
    const tags = {
      good: distinctTags(submission.tags?.good),
      improve: distinctTags(submission.tags?.improve),
      feelings: distinctTags(submission.tags?.feelings),
    };
    const authorKey = newToken(authorKeyPrefix);
    const _id = new Types.ObjectId();
    const receipt: StoryReceipt = { id: _id.toHexString(), status: 'submitted', authorKey };
    await this.models.stories
      .create({
        _id,
        title,
        body,
        nickname: submission.nickname.trim(),
        authorRole: submission.authorRole,
        services: submission.services,
        tags,
        tagList: storyTagList(tags),
        searchTerms: storySearchTerms(title, body),
        email: submission.email?.trim(),
        emailKey: submission.email ? emailKeyOf(submission.email) : undefined,
        postcode: submission.postcode ? normalisePostcode(submission.postcode) : undefined,
        happenedIn: submission.happenedIn ?? null,
        demographics: submission.demographics,
        language: submission.language ?? defaultLanguage,
        authorKeyHash: hashToken(authorKey),
        status: 'submitted',
        source: intake.source,
        ...intake.told,
        flags: detectFlags(title, body),
        // The author's private link and what happens next, emailed by the notifier.
        // The author's key rides on the event until the notifier has emailed it (it is stored nowhere else,
        // only its hash); the event, and the key with it, is pulled once the email is in the outbox.
        pendingEvents: submission.email?.trim()
          ? [{ type: 'submitted', at: new Date(), ref: authorKey }]
          : [],
        idempotency: stamp(receipt),
      })
      .catch(async (error: unknown) => {
        // Not stored (a retry that lost the race for its key, the store failing): not counted either.
        await intake.counted?.release();
        throw error;
      });
    return receipt;
  }

  /** The checks a schema cannot make, all reported together: nickname, and open services. */
  private async assertSubmissionAllowed(submission: StorySubmission): Promise<void> {
    const errors: FieldError[] = [];
    if (looksLikeContactDetails(submission.nickname)) {
      errors.push({
        field: 'nickname',
        code: 'contact-details',
        message: 'must not be an email address or phone number (authors stay anonymous)',
      });
    }
    if (submission.happenedIn && submission.happenedIn > currentMonth(new Date())) {
      errors.push({ field: 'happenedIn', code: 'out-of-range', message: 'must not be in the future' });
    }
    try {
      await this.organisations.assertOpenForStories(submission.services);
    } catch (error) {
      if (!isInvalid(error)) throw error;
      errors.push(...error.errors);
    }
    if (errors.length > 0) throw DomainError.invalid(errors, 'The request body has invalid fields.');
  }

  /**
   * Published stories, newest first, one page at a time. A partner's API key lists only its board's
   * (the analyst shape with `stories:read-staff`).
   */
  async list(
    filters: StoryListFilters,
    viewer: Principal = { kind: 'anonymous' },
  ): Promise<
    Page<
      PublicStory & {
        respondedBy: { id: string; name: string }[];
        progress?: StoryProgress | null;
        criticality?: number | null;
      }
    > & {
      total?: number;
      totalCapped?: boolean;
    }
  > {
    const position = filters.cursor === undefined ? undefined : decodeCursor(filters.cursor);
    const query: Record<string, unknown> = { status: 'published' };
    if (filters.responded !== undefined) query.responded = filters.responded;
    const serviceSets = await this.serviceFilters(filters, viewer);
    if (serviceSets.length > 0) {
      // Several service filters narrow each other: a story must be about a service in every set.
      const allowed = serviceSets.reduce((kept, set) => kept.filter((id) => set.includes(id)));
      query.services = { $in: allowed };
    }
    const words = filters.q === undefined ? [] : searchWords(filters.q).slice(0, maxSearchWords);
    if (words.length > 0) query.searchTerms = { $all: words };
    if (filters.tag !== undefined) query.tagList = normaliseTag(filters.tag);
    if (filters.authorRole !== undefined) query.authorRole = filters.authorRole;
    if (filters.from || filters.before) {
      query.publishedAt = {
        ...(filters.from ? { $gte: filters.from } : {}),
        ...(filters.before ? { $lt: filters.before } : {}),
      };
    }
    // The first page says how many there are in all ("10 of 33 stories"); later pages need not count again.
    const cap = words.length > 0 ? searchTotalCap : undefined;
    const counted = position
      ? undefined
      : this.models.stories.countDocuments({ ...query }, cap === undefined ? {} : { limit: cap + 1 });
    if (position) Object.assign(query, afterPosition('publishedAt', position));

    const [found, total] = await Promise.all([
      this.models.stories
        // A partner's key reads only the fields its answer is made of: nothing private leaves the store.
        .find(query, viewer.kind === 'apiKey' ? analystStoryProjection : undefined)
        .sort({ publishedAt: -1, _id: -1 })
        .limit(filters.limit + 1)
        .lean<StoredStory[]>(),
      counted,
    ]);
    const page = found.slice(0, filters.limit);
    const last = page.at(-1);
    const servicesById = await this.servicesOf(page);
    const progressShown = await this.progressShownOn(page, viewer);
    const respondedBy = await this.respondersOf(page);
    const analyst = viewer.kind === 'apiKey' && viewer.key.scopes.includes('stories:read-staff');
    return {
      items: page.map((story, i) => ({
        ...(analyst ? toAnalystStory(story, servicesById) : toPublicStory(story, servicesById)),
        respondedBy: respondedBy.get(story._id.toHexString()) ?? [],
        ...(progressShown[i] ? { progress: toProgress(story) } : {}),
      })),
      next:
        found.length > filters.limit && last?.publishedAt
          ? encodeCursor({ at: last.publishedAt, id: last._id })
          : null,
      ...(total === undefined ? {} : { total: Math.min(total, cap ?? Infinity) }),
      ...(total === undefined || cap === undefined ? {} : { totalCapped: total > cap }),
    };
  }

  /** The service sets a list is limited to (each a list of ids), from `service`, `constituency`, `mine`. */
  private async serviceFilters(filters: StoryListFilters, viewer: Principal): Promise<string[][]> {
    const sets: string[][] = [];
    if (filters.service !== undefined) {
      const subtree = await this.organisations.subtreeIds(filters.service);
      if (subtree.length === 0)
        throw DomainError.invalid([
          { field: 'service', code: 'unknown-service', message: 'is not a known service' },
        ]);
      sets.push(subtree);
    }
    if (filters.constituency !== undefined) {
      const inConstituency = await this.organisations.servicesInConstituency(filters.constituency);
      if (inConstituency.length === 0) {
        throw DomainError.invalid([
          {
            field: 'constituency',
            code: 'unknown-constituency',
            message: 'is not a constituency any service is in',
          },
        ]);
      }
      sets.push(inConstituency);
    }
    if (viewer.kind === 'apiKey') sets.push(await this.boardOfKey(viewer.key, filters.service));
    if (filters.mine) {
      if (viewer.kind === 'apiKey') {
        throw DomainError.forbidden('mine is for signed-in staff: an API key lists its own board anyway.');
      }
      if (viewer.kind !== 'user')
        throw DomainError.unauthenticated('Sign in to see the stories for your services.');
      const scope = await this.scopes.scopeServiceIds(viewer.user);
      if (scope !== 'all') sets.push(scope);
    }
    return sets;
  }

  /**
   * The services a partner's key reads (its board's subtree).
   * @throws `forbidden` when the list asks for a service outside it.
   */
  private async boardOfKey(key: PartnerKey, service: string | undefined): Promise<string[]> {
    const board = await this.organisations.subtreeIds(key.board);
    if (service !== undefined && !board.includes(service)) throw outsideKeyBoard(key);
    return board;
  }

  /**
   * Progress is staff-facing: moderators and admins see it on every story, staff and stakeholders on
   * stories their scope covers. The scope is read once for the page, not once per story.
   */
  private async progressShownOn(page: StoredStory[], viewer: Principal): Promise<boolean[]> {
    if (viewer.kind !== 'user' || page.length === 0) return page.map(() => false);
    const scope = await this.scopes.scopeServiceIds(viewer.user);
    if (scope === 'all') return page.map(() => true);
    const covered = new Set(scope);
    return page.map((story) => story.services.some((id) => covered.has(id)));
  }

  /**
   * One story as `principal` may see it: moderators and admins everything; its author (by author key)
   * their own in any state, with their replies; everyone else only a published story. Every view has
   * the thread and who is listening; staff and stakeholders in scope, moderators and admins also see
   * its progress.
   * @throws `not-found` when the requester may not see it, exactly as when it does not exist.
   */
  async read(id: string, principal: Principal): Promise<StoryView> {
    if (principal.kind === 'apiKey') return this.readWithKey(id, principal);
    const story = await this.find(id);
    if (story.status === erasedStatus) throw this.erasedAnswer(story, principal);
    if (principal.kind === 'user' && ['moderator', 'admin'].includes(principal.user.role)) {
      const [services, engagement] = await Promise.all([
        this.servicesOf([story]),
        this.engagementOf(story, principal, true),
      ]);
      return {
        view: 'moderation',
        story: { ...toModerationStory(story, services), ...engagement },
      };
    }
    if (principal.kind === 'authorKey' && isAuthorKeyOf(story, principal.keyHash)) {
      const [services, engagement, replies] = await Promise.all([
        this.servicesOf([story]),
        this.engagementOf(story, principal, false),
        authorRepliesOf(this.models, story._id),
      ]);
      return { view: 'author', story: { ...toAuthorStory(story, services), ...engagement, replies } };
    }
    if (story.status !== 'published') throw storyNotFound();
    const inScope = principal.kind === 'user' && (await this.scopes.covers(principal.user, story.services));
    const [services, engagement] = await Promise.all([
      this.servicesOf([story]),
      this.engagementOf(story, principal, inScope),
    ]);
    return { view: 'public', story: { ...toPublicStory(story, services), ...engagement } };
  }

  /**
   * One published story of the key's board: public, or (`stories:read-staff`) as analysts see it. Only
   * the fields those shapes are made of are read.
   * @throws `not-found` (no such published story), `forbidden` (a story of another board).
   */
  private async readWithKey(
    id: string,
    principal: Extract<Principal, { kind: 'apiKey' }>,
  ): Promise<StoryView> {
    const story = isObjectId(id)
      ? await this.models.stories
          .findOne({ _id: id, status: 'published' }, { ...analystStoryProjection, alertedOrganisations: 1 })
          .lean<StoredStory>()
      : null;
    if (!story) throw storyNotFound();
    if (!(await this.scopes.anyInSubtree(principal.key.board, story.services))) {
      throw outsideKeyBoard(principal.key);
    }
    const [services, engagement] = await Promise.all([
      this.servicesOf([story]),
      this.engagementOf(story, principal, false),
    ]);
    if (!principal.key.scopes.includes('stories:read-staff')) {
      return { view: 'public', story: { ...toPublicStory(story, services), ...engagement } };
    }
    const analystStory = toAnalystStory(story, services);
    return { view: 'analyst', story: { ...analystStory, ...engagement, progress: analystStory.progress } };
  }

  /** The thread as `principal` sees it, who is listening, and (staff-facing) the progress. */
  private async engagementOf(
    story: StoredStory,
    principal: Principal,
    withProgress: boolean,
  ): Promise<StoryEngagement> {
    return {
      thread: await threadOf(this.models, story._id, principal),
      listening: toListening(story),
      ...(withProgress ? { progress: toProgress(story) } : {}),
    };
  }

  /**
   * The author takes their story down: from then on it is in no public answer. Moderators still see it,
   * marked withdrawn. Withdrawing again changes nothing and answers the same.
   * @throws `not-found` unless `authorKeyHash` is the story's author key.
   */
  async withdraw(id: string, authorKeyHash: string): Promise<AuthorStory> {
    const story = await this.find(id);
    if (!isAuthorKeyOf(story, authorKeyHash)) throw storyNotFound();
    if (story.status === erasedStatus) throw erasedGone();
    if (story.status !== 'withdrawn') {
      const now = new Date();
      await this.models.stories.updateOne(
        { _id: story._id, status: { $ne: 'withdrawn' } },
        {
          $set: { status: 'withdrawn', withdrawnAt: now },
          $push: {
            moderation: {
              at: now,
              by: { id: 'author', name: 'author' },
              action: 'withdrawn',
              changes: [{ field: 'status', from: story.status, to: 'withdrawn' }],
            },
            // The news (webhooks' `story.withdrawn`) rides on the change: it cannot be lost or told twice.
            pendingEvents: { type: 'withdrawn', at: now },
          },
        },
      );
    }
    const withdrawn = await this.find(id);
    return toAuthorStory(withdrawn, await this.servicesOf([withdrawn]));
  }

  /**
   * An erased story is gone for its author (410: "deleted at your request") and for moderators and
   * admins (410, their record of it is the audit); for everyone else it is as if it never existed.
   */
  private erasedAnswer(story: StoredStory, principal: Principal): DomainError {
    if (principal.kind === 'authorKey' && isAuthorKeyOf(story, principal.keyHash)) return erasedGone();
    if (principal.kind === 'user' && ['moderator', 'admin'].includes(principal.user.role))
      return DomainError.gone('This story was erased at its author’s request.');
    return storyNotFound();
  }

  private async find(id: string): Promise<StoredStory> {
    if (!isObjectId(id)) throw storyNotFound();
    const story = await this.models.stories.findById(id).lean<StoredStory>();
    if (!story) throw storyNotFound();
    return story;
  }

  /**
   * The organisations that answered each story, in the order they first did, for the list's "2 responses
   * from NHS Highland": one query for the page, and only for stories with a visible response.
   */
  private async respondersOf(stories: StoredStory[]): Promise<Map<string, { id: string; name: string }[]>> {
    const answered = stories.filter((story) => (story.responseCount ?? 0) > 0).map((story) => story._id);
    const byStory = new Map<string, { id: string; name: string }[]>();
    if (answered.length === 0) return byStory;
    const responses = await this.models.responses
      .find(
        { storyId: { $in: answered }, deletedAt: null, hiddenAt: null, withheld: null },
        { storyId: 1, responder: 1 },
      )
      .sort({ createdAt: 1 })
      .lean();
    for (const { storyId, responder } of responses) {
      const organisation = responder?.organisation;
      if (!organisation) continue;
      const organisations = byStory.get(storyId.toHexString()) ?? [];
      if (!organisations.some((known) => known.id === organisation.id))
        organisations.push({ id: organisation.id, name: organisation.name });
      byStory.set(storyId.toHexString(), organisations);
    }
    return byStory;
  }

  private async servicesOf(stories: StoredStory[]): Promise<Map<string, Organisation>> {
    const ids = [...new Set(stories.flatMap((story) => story.services))];
    return ids.length === 0 ? new Map() : this.organisations.byIds(ids);
  }
}

function outsideKeyBoard(key: PartnerKey) {
  return DomainError.forbidden(
    `This API key reads only the stories of ${key.board} and the services below it.`,
  );
}

function storyNotFound() {
  return DomainError.notFound('There is no published story with this id.');
}

/** Whether `keyHash` is the story's author key (in constant time: see sameTokenHash). */
function isAuthorKeyOf(story: StoredStory, keyHash: string): boolean {
  return sameTokenHash(story.authorKeyHash, keyHash);
}

/** Tags trimmed, each once (case-insensitively), in the author's spelling. */
function distinctTags(tags: string[] | undefined): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of tags ?? []) {
    const key = normaliseTag(tag);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(tag.trim().replace(/\s+/g, ' '));
  }
  return result;
}

/** `eh11ab` → `EH1 1AB`. */
/** `YYYY-MM` of `now` in UTC: `YYYY-MM` strings compare in time order. */
function currentMonth(now: Date): string {
  return now.toISOString().slice(0, 7);
}

function normalisePostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/** An email address, or a run of seven or more digits (with the usual separators): a phone number. */
export function looksLikeContactDetails(nickname: string): boolean {
  if (/[^\s@]+@[^\s@]+\.[^\s@]+/.test(nickname)) return true;
  for (const run of nickname.match(/\+?[\d(][\d\s().-]*\d/g) ?? []) {
    if (run.replace(/\D/g, '').length >= 7) return true;
  }
  return false;
}
