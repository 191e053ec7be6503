/**
 * Author mode: what the author can do with the author key from their private link (see their story in
 * any state, withdraw it, reply to responses, delete it and their details).
 */
import type { ApiAnswer } from './answers.js';
import type { CareloopClient } from './client.js';

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

/** The author's own story as the service shows it to its author key: any state, with their replies. */
export type AuthorStory = Extract<ApiAnswer<'/stories/{id}'>, { replies: unknown }>;

export type StoryStatus = AuthorStory['status'];

/** One of the author's replies, with where it is in moderation. */
export type AuthorReply = AuthorStory['replies'][number];

const storyPath = (access: AuthorAccess, rest = '') =>
  `api/v1/stories/${encodeURIComponent(access.story)}${rest}`;

export function readOwnStory(client: CareloopClient, access: AuthorAccess): Promise<AuthorStory> {
  return client.json<AuthorStory>(storyPath(access), { token: access.authorKey });
}

/** Takes the story out of every public view; withdrawing twice changes nothing. */
export function withdrawStory(
  client: CareloopClient,
  access: AuthorAccess,
): Promise<ApiAnswer<'/stories/{id}/withdrawal', 'post'>> {
  return client.json(storyPath(access, '/withdrawal'), { method: 'POST', token: access.authorKey });
}

/** Everything the service holds about the story (subject access): the story with the contact details given, its thread, moderation decisions and subscriptions. */
export function readPersonalData(
  client: CareloopClient,
  access: AuthorAccess,
): Promise<ApiAnswer<'/stories/{id}/personal-data'>> {
  return client.json(storyPath(access, '/personal-data'), { token: access.authorKey });
}

/**
 * Deletes the story and the author's details for good (the record that a story existed stays, without
 * them); from then on the private link answers 410.
 */
export function eraseStory(
  client: CareloopClient,
  access: AuthorAccess,
): Promise<ApiAnswer<'/stories/{id}/erasure', 'post'>> {
  return client.json(storyPath(access, '/erasure'), { method: 'POST', token: access.authorKey });
}

/** Sends a reply for moderation; a retry must reuse `idempotencyKey`. */
export function sendReply(
  client: CareloopClient,
  access: AuthorAccess,
  body: string,
  idempotencyKey: string,
  kind: 'reply' | 'update' = 'reply',
): Promise<ApiAnswer<'/stories/{id}/replies', 'post', 201>> {
  return client.json(storyPath(access, '/replies'), {
    method: 'POST',
    token: access.authorKey,
    body: { body, kind },
    headers: { 'idempotency-key': idempotencyKey },
  });
}
