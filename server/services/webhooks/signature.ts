import { createHmac, randomBytes } from 'node:crypto';

/** Standard Webhooks secrets: `whsec_` then the key in base64. */
export const secretPrefix = 'whsec_';

/** A new endpoint's secret: 32 random bytes, as Standard Webhooks libraries expect them. */
export function newWebhookSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString('base64')}`;
}

/**
 * The three Standard Webhooks headers for one attempt: `webhook-id` (the same on every attempt),
 * `webhook-timestamp` (seconds, this attempt's) and `webhook-signature`, `v1,` and the base64
 * HMAC-SHA256 of `{id}.{timestamp}.{body}` under the secret's key.
 */
export function signedHeaders(
  secret: string,
  messageId: string,
  body: string,
  now: Date,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const key = Buffer.from(
    secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret,
    'base64',
  );
  const signature = createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
