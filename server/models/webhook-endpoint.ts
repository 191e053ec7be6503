import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/** What a webhook endpoint can ask to be told about (the `type` of each delivery's payload). */
export const webhookEventTypes = [
  'story.published',
  'story.withdrawn',
  'story.erased',
  'response.published',
  'change.marked',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/**
 * A receiver an admin registered: where careloop POSTs the events it asked for, signed with its
 * secret (Standard Webhooks). Endpoints are the deployment's (a board's), not one person's.
 */
const webhookEndpointSchema = new Schema(
  {
    url: { type: String, required: true },
    /** `whsec_<base64>`: signs every delivery. Shown once, when the endpoint is registered. */
    secret: { type: String, required: true },
    events: { type: [String], enum: webhookEventTypes, required: true },
    /** A label for people (what the receiver is), optional. */
    description: { type: String, default: '' },
    createdBy: { id: { type: String, required: true }, name: { type: String, required: true } },
  },
  { timestamps: true, collection: 'webhook_endpoints', versionKey: false },
);
// The notifier's question on every event: which endpoints want this type.
webhookEndpointSchema.index({ events: 1 });

export type WebhookEndpoint = InferSchemaType<typeof webhookEndpointSchema>;

export function webhookEndpointModel(connection: Connection) {
  if (connection.models.WebhookEndpoint) connection.deleteModel('WebhookEndpoint');
  return connection.model('WebhookEndpoint', webhookEndpointSchema);
}
