import type { SignedInUser } from '../auth/principal.js';
import type { Models } from '../models/index.js';
import type { Services } from '../services/index.js';

/**
 * A new responder's first response, waiting in the moderation queue with a flag on the colleague it
 * names critically (docs/decisions/2026-12-07-responder-moderation.md): the moderator approves or rejects
 * it; signed in as the new responder, the story shows it "awaiting moderation". Fiction, like the rest.
 */
export async function seedResponderModerationDemo(deps: {
  services: Services;
  models: Models;
  newResponder: SignedInUser;
}): Promise<void> {
  const { services, models, newResponder } = deps;
  // The newest published story about Raigmore Hospital (or a ward of it) that the demo history holds.
  const story = await models.stories
    .findOne({ status: 'published', services: { $in: ['raigmore-hospital', 'raigmore-ward-2c'] } })
    .sort({ publishedAt: -1 })
    .select({ _id: 1 })
    .lean<{ _id: { toHexString(): string } }>();
  if (!story) return;
  await services.responses.respond(story._id.toHexString(), newResponder, {
    body:
      'Thank you for telling us, and I am sorry. Nurse Fraser should not have spoken to you like that, and I ' +
      'have raised it with the ward team. Please call me on the ward if you would like to talk it over.',
  });
}
