import type { Connection } from 'mongoose';
import { outboxMessageModel } from './outbox-message.js';
import { replyModel } from './reply.js';
import { responseModel } from './response.js';
import { storyReadModel } from './story-read.js';
import { subscriptionModel } from './subscription.js';
import { removeDuplicateEmailSubscriptions } from './subscription-duplicates.js';
import { organisationModel } from './organisation.js';
import { rateLimitModel } from './rate-limit.js';
import { sessionModel } from './session.js';
import { settingModel } from './setting.js';
import { storyModel } from './story.js';
import { userModel } from './user.js';
import { websubAnnouncementModel } from './websub-announcement.js';
import { oidcAttemptModel } from './oidc-attempt.js';
import { erasureRecordModel } from './erasure-record.js';
import { dropRetiredIndexes } from './retired-indexes.js';
import { schemaMigrationModel } from './schema-migration.js';
import { apiKeyModel } from './api-key.js';
import { webhookEndpointModel } from './webhook-endpoint.js';
import { webhookDeliveryModel } from './webhook-delivery.js';
import { readerSignalModel } from './reader-signal.js';
import { reportRollupModel } from './report-rollup.js';

/** Every model, registered on one connection (the app's or a test's). */
export function createModels(connection: Connection) {
  return {
    organisations: organisationModel(connection),
    users: userModel(connection),
    sessions: sessionModel(connection),
    stories: storyModel(connection),
    rateLimits: rateLimitModel(connection),
    settings: settingModel(connection),
    responses: responseModel(connection),
    replies: replyModel(connection),
    storyReads: storyReadModel(connection),
    subscriptions: subscriptionModel(connection),
    outboxMessages: outboxMessageModel(connection),
    websubAnnouncements: websubAnnouncementModel(connection),
    oidcAttempts: oidcAttemptModel(connection),
    erasureRecords: erasureRecordModel(connection),
    schemaMigrations: schemaMigrationModel(connection),
    apiKeys: apiKeyModel(connection),
    webhookEndpoints: webhookEndpointModel(connection),
    webhookDeliveries: webhookDeliveryModel(connection),
    readerSignals: readerSignalModel(connection),
    reportRollups: reportRollupModel(connection),
  };
}

export type Models = ReturnType<typeof createModels>;

/**
 * Builds every declared index (MongoDB's createIndexes is a no-op for ones that exist), first removing
 * what an older careloop could leave that a newer unique index refuses, then drops the indexes a newer
 * one replaced.
 */
export async function ensureIndexes(models: Models): Promise<void> {
  await removeDuplicateEmailSubscriptions(models.subscriptions);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  await Promise.all(Object.values(models).map((model) => dropRetiredIndexes(model.collection)));
}
