import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { STORY_STATUSES } from './story-fixtures.js';

/** A story as the service stores it, reduced to the fields that give it its size and its indexes. */
export const benchStorySchema = new Schema({
  // Unique index: serves the author's private link and every "find this story" lookup.
  storyId: { type: String, required: true, unique: true },
  title: { type: String, required: true },
  body: { type: String, required: true },
  nickname: { type: String, required: true },
  services: { type: [String], required: true },
  tags: { type: [String], default: [] },
  createdAt: { type: Date, required: true },
  // Serves the moderation queue (`status: 'pending'`).
  status: { type: String, required: true, enum: STORY_STATUSES, index: true },
});

export type BenchStory = InferSchemaType<typeof benchStorySchema>;

export function benchStoryModel(connection: Connection): Model<BenchStory> {
  return connection.model<BenchStory>('BenchStory', benchStorySchema, 'stories');
}
