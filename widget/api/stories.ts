/** The public side of the careloop API the widget reads: stories, their threads, services, feeds, summaries. */
import type { Locale } from '../l10n/catalogue.js';
import type { CareloopClient } from './client.js';

export type ChangeMarker = 'planned' | 'made';

export interface ServiceRef {
  id: string;
  name: string;
}

/** A published story as anyone sees it (`GET /api/v1/stories`). */
export interface PublicStory {
  id: string;
  title: string;
  body: string;
  nickname: string;
  authorRole: string;
  services: ServiceRef[];
  tags: { good: string[]; improve: string[]; feelings: string[] };
  publishedAt: string | null;
  responseCount: number;
  responded: boolean;
  change: ChangeMarker | null;
  /** In lists: the organisations that answered it, in the order they first did. */
  respondedBy?: ServiceRef[];
}

export interface ThreadResponse {
  type: 'response';
  id: string;
  body: string;
  change: ChangeMarker | null;
  responder: { name: string; jobTitle: string | null; organisation: ServiceRef };
  createdAt: string;
  editedAt: string | null;
}

export interface ThreadReply {
  type: 'reply';
  id: string;
  body: string;
  publishedAt: string;
}

export type ThreadEntry = ThreadResponse | ThreadReply;

/** One story with its thread and who is listening (`GET /api/v1/stories/:id`). */
export interface StoryDetail extends PublicStory {
  thread: ThreadEntry[];
  listening: { alertedOrganisations: ServiceRef[]; readCount: number };
}

export interface StoryPage {
  items: PublicStory[];
  next: string | null;
  /** How many match in all: on the first page only. */
  total?: number;
}

/** What the reader narrowed the list to; empty values mean "any". */
export interface StoryFilters {
  q?: string;
  tag?: string;
  service?: string;
  responded?: '' | 'true' | 'false';
}

export interface ServiceDetail extends ServiceRef {
  kind: string;
  children: (ServiceRef & { retired: boolean })[];
}

/** Stories in the last 90 days and how many have a response (`GET /api/v1/services/:id/summary`). */
export interface ServiceSummary {
  service: string;
  days: number;
  stories: number;
  responded: number;
  /** 0–1. */
  responseRate: number;
}

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
  client.json<{ status: string }>('api/v1/email-subscriptions', {
    method: 'POST',
    body: { email, service, language },
  });

/** A service's feed of stories: `rss` (RSS 2.0) or `json` (JSON Feed 1.1). */
export const feedUrl = (client: CareloopClient, service: string, format: 'rss' | 'json') =>
  client.url(`feeds/services/${encodeURIComponent(service)}.${format}`).href;
