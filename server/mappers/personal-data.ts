import type { FromSchema } from 'json-schema-to-ts';
import type { accountPersonalDataSchema, storyPersonalDataSchema } from '../schemas/personal-data.js';
import type { FlagKind } from '../models/flag.js';
import type { StoredStory } from './story.js';
import { toAuthorReply, type StoredReply } from './reply.js';
import type { StoredResponse } from './response.js';
import type { SubscriptionRecord, SubscriptionView } from './subscription.js';
import type { UserRecord } from './user.js';

export type StoryPersonalData = FromSchema<typeof storyPersonalDataSchema>;
export type AccountPersonalData = FromSchema<typeof accountPersonalDataSchema>;

type ModerationRecord = StoredStory['moderation'][number];

/**
 * What an author is given about their story (subject access): everything held about it, built field
 * by field. Moderators' names and ids are left out (their personal data, not the author's); the
 * author key's hash and the index data derived from the text (search terms, tag list) too.
 */
export function toStoryPersonalData(
  story: StoredStory,
  thread: { responses: StoredResponse[]; replies: StoredReply[] },
  subscriptions: { record: SubscriptionRecord; scopeName: string }[],
  now: Date,
): StoryPersonalData {
  return {
    exportedAt: now.toISOString(),
    story: {
      id: story._id.toHexString(),
      title: story.title,
      body: story.body,
      nickname: story.nickname,
      authorRole: story.authorRole,
      services: [...story.services],
      tags: {
        good: [...(story.tags?.good ?? [])],
        improve: [...(story.tags?.improve ?? [])],
        feelings: [...(story.tags?.feelings ?? [])],
      },
      email: story.email ?? null,
      postcode: story.postcode ?? null,
      demographics: {
        ageBand: story.demographics?.ageBand ?? null,
        sex: story.demographics?.sex ?? null,
        ethnicity: story.demographics?.ethnicity ?? null,
        disability: story.demographics?.disability ?? null,
      },
      language: story.language ?? 'en',
      status: story.status,
      statusReason: story.statusReason ?? null,
      source: story.source ?? null,
      happenedIn: story.happenedIn ?? null,
      // Who entered it is that person's data, not the author's: the author is told how, not by whom.
      toldOnBehalf:
        story.toldVia && story.onBehalf
          ? {
              via: story.toldVia,
              consent: story.onBehalf.consent,
              consentNote: story.onBehalf.consentNote ?? null,
              enteredAt: story.onBehalf.enteredAt.toISOString(),
            }
          : null,
      submittedAt: story.createdAt.toISOString(),
      publishedAt: story.publishedAt?.toISOString() ?? null,
      withdrawnAt: story.withdrawnAt?.toISOString() ?? null,
      updatedAt: story.updatedAt.toISOString(),
      identifyingDetails: story.flags.map((flag) => ({
        field: flag.field as 'title' | 'body',
        kind: flag.kind as FlagKind,
        text: flag.text,
      })),
    },
    moderation: [
      ...story.moderation.map((entry) => moderationOutcome('story', entry)),
      ...thread.replies.flatMap((reply) =>
        reply.moderation.map((entry) => moderationOutcome('reply', entry)),
      ),
    ].sort((a, b) => a.at.localeCompare(b.at)),
    responses: thread.responses.map((response) => ({
      id: response._id.toHexString(),
      body: response.body,
      change: response.change ?? null,
      responder: {
        name: response.responder.name,
        jobTitle: response.responder.jobTitle ?? null,
        organisation: response.responder.organisation.name,
      },
      createdAt: response.createdAt.toISOString(),
      editedAt: response.editedAt?.toISOString() ?? null,
      hidden: Boolean(response.hiddenAt),
    })),
    // Spread: the schema's type is an object literal type, which an interface is not assignable to.
    replies: thread.replies.map((reply) => ({ ...toAuthorReply(reply) })),
    subscriptions: subscriptions.map(({ record, scopeName }) => ({
      id: record._id.toHexString(),
      scopeName,
      mode: record.mode,
      minCriticality: record.minCriticality ?? 0,
      confirmed: Boolean(record.confirmedAt),
      createdAt: record.createdAt.toISOString(),
    })),
  };
}

function moderationOutcome(about: 'story' | 'reply', entry: ModerationRecord) {
  return {
    at: entry.at.toISOString(),
    about,
    action: entry.action,
    reason: entry.reason ?? null,
    fields: entry.changes.map((change) => change.field),
  };
}

/** What an account is given about itself (subject access): never its password hash or token hashes. */
export function toAccountPersonalData(
  user: UserRecord,
  held: {
    sessions: { createdAt: Date; expiresAt: Date }[];
    subscriptions: SubscriptionView[];
    responses: StoredResponse[];
  },
  now: Date,
): AccountPersonalData {
  return {
    exportedAt: now.toISOString(),
    account: {
      id: user._id.toHexString(),
      email: user.email,
      name: user.name,
      jobTitle: user.jobTitle ?? null,
      role: user.role,
      services: [...user.services],
      constituency: user.constituency ?? null,
      language: user.language ?? null,
      disabledAt: user.disabledAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    },
    sessions: held.sessions.map((session) => ({
      createdAt: session.createdAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
    })),
    subscriptions: held.subscriptions.map((subscription) => ({ ...subscription })),
    responses: held.responses.map((response) => ({
      id: response._id.toHexString(),
      storyId: response.storyId.toHexString(),
      body: response.body,
      change: response.change ?? null,
      organisation: response.responder.organisation.name,
      createdAt: response.createdAt.toISOString(),
      editedAt: response.editedAt?.toISOString() ?? null,
      deletedAt: response.deletedAt?.toISOString() ?? null,
      hiddenAt: response.hiddenAt?.toISOString() ?? null,
      hiddenReason: response.hiddenReason ?? null,
    })),
  };
}
