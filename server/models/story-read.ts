import { Schema, type Connection } from 'mongoose';

/** One account in scope having opened a story: recorded once per account (the unique index). */
const storyReadSchema = new Schema(
  {
    storyId: { type: Schema.Types.ObjectId, required: true, ref: 'Story' },
    userId: { type: Schema.Types.ObjectId, required: true, ref: 'User', personal: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'story_reads', versionKey: false },
);
// Idempotent reads: a second POST by the same account finds the first.
storyReadSchema.index({ storyId: 1, userId: 1 }, { unique: true });

export function storyReadModel(connection: Connection) {
  if (connection.models.StoryRead) connection.deleteModel('StoryRead');
  return connection.model('StoryRead', storyReadSchema);
}
