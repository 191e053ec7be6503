import type { Logger } from '../../platform/log.js';
import { giveUpAfterMs } from '../outbox-claim.js';
import type { ClaimedMessage, Outbox } from './outbox.js';
import type { MailTransport } from './transport.js';

export interface DeliveryDeps {
  outbox: Outbox;
  /** The transport to send through (opened on first use). */
  transport: () => MailTransport;
  logger: Logger;
  now: () => Date;
  retryDelaysMs: readonly number[];
}

/**
 * Delivers one due message for `workerId`: claim, send, record. Returns false when nothing was due.
 *
 * Exactly once, with one window: if the SMTP server accepts a message and this process dies before
 * `markSent` lands, the claim runs out and another worker sends it again. Nothing can close that window
 * without the receiving server's help (SMTP has no two-phase commit); the message keeps its stable
 * Message-ID on every attempt, so the receiving side can recognise and drop the copy.
 */
export async function deliverOne(deps: DeliveryDeps, workerId: string): Promise<boolean> {
  const message = await deps.outbox.claim(workerId, deps.now());
  if (!message) return false;
  try {
    await deps.transport().send(message, deps.now());
  } catch (error) {
    await recordFailure(deps, message, workerId, error);
    return true;
  }
  await deps.outbox.markSent(message, deps.now());
  deps.logger.info({ messageId: message.messageId, attempts: message.attempts + 1, workerId }, 'mail sent');
  return true;
}

async function recordFailure(
  deps: DeliveryDeps,
  message: ClaimedMessage,
  workerId: string,
  error: unknown,
): Promise<void> {
  const now = deps.now();
  const attempts = message.attempts + 1;
  const queuedAt = message.createdAt ?? now;
  const permanent = isPermanentRefusal(error);
  const giveUp = permanent || now.getTime() - queuedAt.getTime() >= giveUpAfterMs;
  const retryDelayMs = deps.retryDelaysMs[Math.min(attempts, deps.retryDelaysMs.length) - 1] ?? 0;
  const reason = errorText(error);
  await deps.outbox.markAttemptFailed(message, workerId, { error: reason, now, retryDelayMs, giveUp });
  const fields = { messageId: message.messageId, attempts, error: reason };
  if (giveUp) {
    deps.logger.error(
      fields,
      permanent ? 'mail refused permanently: given up' : 'mail undeliverable for a day: given up',
    );
  } else {
    deps.logger.warn(
      { ...fields, retryAt: new Date(now.getTime() + retryDelayMs) },
      'mail not sent: will retry',
    );
  }
}

/** A 5xx reply is the server saying "never": retrying for a day would only annoy it. */
function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * The SMTP server's answer, for `lastError` and the log. Servers often quote the recipient back
 * ("550 <jo@example.org>: no such user"), so addresses are blanked: no email address is ever logged.
 */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/[^\s<>@"',;:()[\]]+@[^\s<>@"',;:()[\]]+/g, '[address]').slice(0, 500);
}
