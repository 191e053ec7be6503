/** The stories staff see, as `GET /stories` and `GET /stories/:id` give them to the staff area. */

export type Change = 'planned' | 'made' | null;

export interface StoryItem {
  id: string;
  title: string;
  body: string;
  nickname: string;
  services: { id: string; name: string }[];
  publishedAt: string | null;
  responseCount: number;
  change: Change;
  /** On stories the account's scope covers: the list carries it, so no story is fetched for it. */
  progress?: Progress | null;
}

export interface Progress {
  stage: string;
  heardAt: string | null;
  readCount: number;
  firstResponseAt: string | null;
}

export interface ThreadEntry {
  type: 'response' | 'reply';
  id: string;
  body: string;
  change?: Change;
  responder?: { name: string; jobTitle: string | null; organisation: { name: string } };
  createdAt?: string;
  publishedAt?: string;
  editedAt?: string | null;
  editableUntil?: string;
}

export interface StoryDetail extends StoryItem {
  thread: ThreadEntry[];
}
