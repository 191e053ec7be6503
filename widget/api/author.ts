/**
 * Author mode: what the author can do with the author key from their private link (see their story in
 * any state, withdraw it, reply to responses).
 */
import type { CareloopClient } from './client.js';
import type { StoryDetail } from './stories.js';

/** The story id and author key a private link carries. */
export interface AuthorAccess {
  story: string;
  authorKey: string;
}

/**
 * The emailed private link's fragment, `#careloop-story=<id>&careloop-author-key=<key>` (the widget's
 * own, `#careloop-author=<id>.<key>`, is read by shared/links.ts); anything else is null.
 */
export function emailedAuthorAccess(hash: string): AuthorAccess | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const story = params.get('careloop-story');
  const authorKey = params.get('careloop-author-key');
  return story && authorKey ? { story, authorKey } : null;
}

export type StoryStatus = 'submitted' | 'held' | 'published' | 'rejected' | 'withdrawn';

/** One of the author's replies, with where it is in moderation. */
export interface AuthorReply {
  id: string;
  body: string;
  status: Exclude<StoryStatus, 'withdrawn'>;
  statusReason: string | null;
  submittedAt: string;
}

/** The author's own story as the service shows it to its author key: any state, with their replies. */
export interface AuthorStory extends StoryDetail {
  status: StoryStatus;
  statusReason: string | null;
  submittedAt: string;
  withdrawnAt?: string | null;
  replies: AuthorReply[];
}

const storyPath = (access: AuthorAccess, rest = '') =>
  `api/v1/stories/${encodeURIComponent(access.story)}${rest}`;

export function readOwnStory(client: CareloopClient, access: AuthorAccess): Promise<AuthorStory> {
  return client.json<AuthorStory>(storyPath(access), { token: access.authorKey });
}

/** Takes the story out of every public view; withdrawing twice changes nothing. */
export function withdrawStory(client: CareloopClient, access: AuthorAccess): Promise<unknown> {
  return client.json(storyPath(access, '/withdrawal'), { method: 'POST', token: access.authorKey });
}

/** Sends a reply for moderation; a retry must reuse `idempotencyKey`. */
export function sendReply(
  client: CareloopClient,
  access: AuthorAccess,
  body: string,
  idempotencyKey: string,
): Promise<{ id: string; status: 'submitted' }> {
  return client.json(storyPath(access, '/replies'), {
    method: 'POST',
    token: access.authorKey,
    body: { body },
    headers: { 'idempotency-key': idempotencyKey },
  });
}
