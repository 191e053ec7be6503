import type { Flag } from '../models/flag.js';

/** One entry of the moderation audit trail of a story, reply or response, as moderators read it. */
export interface ModerationEntry {
  at: string;
  by: { id: string; name: string };
  action: string;
  reason: string | null;
  /** Every field the action changed, with the value before (`from`) kept: redactions stay reviewable. */
  changes: { field: string; from: unknown; to: unknown }[];
}

/** A flag as stored on a story, reply or response (read with `.lean()`). */
interface StoredFlag {
  field?: string | null;
  kind?: string | null;
  start?: number | null;
  end?: number | null;
  text?: string | null;
}

/** A moderation entry as stored on a story, reply or response. */
interface StoredModerationEntry {
  at: Date;
  by?: { id?: string | null; name?: string | null } | null;
  action: string;
  reason?: string | null;
  changes?: { field?: string | null; from?: unknown; to?: unknown }[] | null;
}

/** The flags moderators see on a queued story, reply or response. */
export function toFlags(flags: readonly StoredFlag[] | null | undefined): Flag[] {
  return (flags ?? []).map((flag) => ({
    field: flag.field as Flag['field'],
    kind: flag.kind as Flag['kind'],
    start: flag.start ?? 0,
    end: flag.end ?? 0,
    text: flag.text ?? '',
  }));
}

/** The audit trail moderators read, oldest first: who did what, why, and every field it changed. */
export function toModerationEntries(
  entries: readonly StoredModerationEntry[] | null | undefined,
): ModerationEntry[] {
  return (entries ?? []).map((entry) => ({
    at: entry.at.toISOString(),
    by: { id: entry.by?.id ?? '', name: entry.by?.name ?? '' },
    action: entry.action,
    reason: entry.reason ?? null,
    changes: (entry.changes ?? []).map((change) => ({
      field: change.field ?? '',
      from: change.from ?? null,
      to: change.to ?? null,
    })),
  }));
}
