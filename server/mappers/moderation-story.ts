import { toFlags, toModerationEntries, type ModerationEntry } from './moderation-record.js';
import type { Organisation } from '../models/organisation.js';
import type { Flag } from '../models/flag.js';
import { toAuthorStory, type AuthorStory, type StoredStory } from './story.js';

export type { ModerationEntry } from './moderation-record.js';

/**
 * A story as moderators (and admins) see it: what its author sees (the public fields and where it is in
 * moderation), plus everything private: contact details (moderators may need to reach the author), the
 * board site it came from, its criticality, the flags and the whole audit trail. Only the author key's
 * hash is left out (and `searchTerms`/`tagList`, which are index data derived from the story).
 * Never use this shape in an answer that is not restricted to moderators and admins.
 */
export interface ModerationStory extends AuthorStory {
  email: string | null;
  postcode: string | null;
  /** Origin of the board site the story was told on. */
  source: string | null;
  criticality: number | null;
  /** The live formal complaint it is held for (reference and note: moderators only), or null. */
  complaint: { reference: string | null; note: string | null; since: string } | null;
  /** When it happened (`YYYY-MM`), if the author said. */
  happenedIn: string | null;
  /** Who entered it for its author and how the author agreed (see `toldVia`), or null. */
  onBehalf: {
    consent: string;
    consentNote: string | null;
    enteredBy: { id: string; name: string; role: string };
    enteredAt: string;
  } | null;
  /** The provider preview it is in or went through, with any responder's request for review. */
  preview: StoryPreviewWindow | null;
  flags: Flag[];
  moderation: ModerationEntry[];
  updatedAt: string;
}

export interface StoryPreviewWindow {
  since: string;
  until: string;
  reviewRequest: { at: string; by: { id: string; name: string }; reason: string } | null;
}

/** The preview window as moderators and the previewing responders see it. */
export function toPreviewWindow(story: Pick<StoredStory, 'preview'>): StoryPreviewWindow | null {
  const { preview } = story;
  if (!preview) return null;
  const request = preview.reviewRequest;
  return {
    since: preview.since.toISOString(),
    until: preview.until.toISOString(),
    reviewRequest: request
      ? {
          at: request.at.toISOString(),
          by: { id: request.by?.id ?? '', name: request.by?.name ?? '' },
          reason: request.reason,
        }
      : null,
  };
}

/** `servicesById` holds (at least) the story's services; a missing one is shown by its id. */
export function toModerationStory(
  story: StoredStory,
  servicesById: Map<string, Organisation>,
): ModerationStory {
  return {
    // Built on the author's view, so a field added to the public story reaches moderators too.
    ...toAuthorStory(story, servicesById),
    email: story.email ?? null,
    postcode: story.postcode ?? null,
    source: story.source ?? null,
    criticality: story.criticality ?? null,
    complaint: story.complaint
      ? {
          reference: story.complaint.reference ?? null,
          note: story.complaint.note ?? null,
          since: (story.complaint.since ?? story.updatedAt).toISOString(),
        }
      : null,
    happenedIn: story.happenedIn ?? null,
    onBehalf: story.onBehalf
      ? {
          consent: story.onBehalf.consent,
          consentNote: story.onBehalf.consentNote ?? null,
          enteredBy: {
            id: story.onBehalf.enteredBy?.userId?.toHexString() ?? '',
            name: story.onBehalf.enteredBy?.name ?? '',
            role: story.onBehalf.enteredBy?.role ?? '',
          },
          enteredAt: story.onBehalf.enteredAt.toISOString(),
        }
      : null,
    preview: toPreviewWindow(story),
    flags: toFlags(story.flags),
    moderation: toModerationEntries(story.moderation),
    updatedAt: story.updatedAt.toISOString(),
  };
}
