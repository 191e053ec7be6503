/** The stories staff see, as `GET /stories` and `GET /stories/:id` give them to the staff area. */
import type { ApiAnswer } from '../../api/answers.js';
import type { StoryDetail as PublishedStory, StoryPage } from '../../api/stories.js';

export type { StoryPage };

/** A story in the list; on stories the account's scope covers it carries its progress. */
export type StoryItem = StoryPage['items'][number];
export type Change = StoryItem['change'];
export type Progress = NonNullable<StoryItem['progress']>;

/** One story with its thread (responses carry `editableUntil` on the account's own). */
export type StoryDetail = PublishedStory;
export type ThreadEntry = StoryDetail['thread'][number];
export type ThreadResponse = Extract<ThreadEntry, { type: 'response' }>;

/** The account's response as `POST /stories/:id/responses` answers it. */
export type OwnResponse = ApiAnswer<'/stories/{id}/responses', 'post', 201>;
