import { isDeepStrictEqual } from 'node:util';

/** One field a moderator changed, with the value it had: the audit trail keeps the original. */
export interface AuditedChange {
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * Collects a moderation action's edits: each real change (not a value set to what it already was) goes
 * both into the `$set` of the update and into the audit entry, so the two can never disagree.
 */
export function auditedChanges() {
  const set: Record<string, unknown> = {};
  const changes: AuditedChange[] = [];
  const change = (field: string, from: unknown, to: unknown): void => {
    if (isDeepStrictEqual(from, to)) return;
    changes.push({ field, from, to });
    set[field] = to;
  };
  /** The audit entry for the action: who did it, when, why, and the changes collected. */
  const entry = (
    by: { id: string; name: string },
    action: string,
    reason: string | null | undefined,
    at: Date,
  ) => ({ at, by: { id: by.id, name: by.name }, action, ...(reason ? { reason } : {}), changes });
  return { set, changes, change, entry };
}
