/** The public side of the careloop API the widget reads: stories, their threads, services, feeds, summaries. */
import type { Locale } from '../l10n/catalogue.js';
import type { ApiAnswer } from './answers.js';
import type { CareloopClient } from './client.js';

/** One page of published stories, newest first (`GET /api/v1/stories`). */
export type StoryPage = ApiAnswer<'/stories'>;

/** A published story as anyone sees it in a list; `respondedBy` names who answered it. */
export type PublicStory = StoryPage['items'][number];

export type ServiceRef = PublicStory['services'][number];
export type ChangeMarker = NonNullable<PublicStory['change']>;

/** One story with its thread and who is listening (`GET /api/v1/stories/:id`, not as its author). */
export type StoryDetail = Exclude<ApiAnswer<'/stories/{id}'>, { replies: unknown }>;

export type ThreadEntry = StoryDetail['thread'][number];
export type ThreadResponse = Extract<ThreadEntry, { type: 'response' }>;
export type ThreadReply = Extract<ThreadEntry, { type: 'reply' }>;

/** What the reader narrowed the list to; empty values mean "any". */
export interface StoryFilters {
  q?: string;
  tag?: string;
  service?: string;
  responded?: '' | 'true' | 'false';
}

/** A service with its ancestors and children (`GET /api/v1/services/:id`). */
export type ServiceDetail = ApiAnswer<'/services/{id}'>;

/** Stories in the last 90 days and how many have a response (`GET /api/v1/services/:id/summary`). */
export type ServiceSummary = ApiAnswer<'/services/{id}/summary'>;

export const listStories = (
  client: CareloopClient,
  filters: StoryFilters,
  limit: number,
  cursor?: string,
  signal?: AbortSignal,
) => client.json<StoryPage>('api/v1/stories', { query: { ...filters, limit, cursor }, signal });

export const getStory = (client: CareloopClient, id: string, signal?: AbortSignal) =>
  client.json<StoryDetail>(`api/v1/stories/${encodeURIComponent(id)}`, { signal });

/** A service with its children; asked of the service once per page, however many elements want it. */
export const getService = (client: CareloopClient, id: string) =>
  client.jsonOncePerPage<ServiceDetail>(`api/v1/services/${encodeURIComponent(id)}`);

export const getSummary = (client: CareloopClient, id: string, signal?: AbortSignal) =>
  client.json<ServiceSummary>(`api/v1/services/${encodeURIComponent(id)}/summary`, { signal });

/**
 * Asks for email alerts about a service; the service emails a confirmation link first, and every alert
 * after it, in `language` (the widget's).
 */
export const subscribeByEmail = (client: CareloopClient, email: string, service: string, language?: Locale) =>
  client.json<ApiAnswer<'/email-subscriptions', 'post', 202>>('api/v1/email-subscriptions', {
    method: 'POST',
    body: { email, service, language },
  });

/** A service's feed of stories: `rss` (RSS 2.0) or `json` (JSON Feed 1.1). */
export const feedUrl = (client: CareloopClient, service: string, format: 'rss' | 'json') =>
  client.url(`feeds/services/${encodeURIComponent(service)}.${format}`).href;
