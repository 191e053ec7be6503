import { Types } from 'mongoose';
import type { SignedInUser } from '../auth/principal.js';
import { hashToken } from '../auth/tokens.js';
import type { Models } from '../models/index.js';
import type { Services } from '../services/index.js';

/**
 * The rest of the conversation, in the demo: stories a staff member entered for their authors (one
 * published, one waiting in the queue), an author's later update on how things went, and readers'
 * "me too" and "helpful" on published stories and responses. Fiction, like the rest.
 */
export async function seedConversationDemo(deps: {
  services: Services;
  models: Models;
  moderator: SignedInUser;
  staff: SignedInUser;
}): Promise<void> {
  const { services, models, moderator, staff } = deps;

  const { receipt: byPhone } = await services.stories.submitOnBehalf(
    {
      title: 'Nobody had booked the transport home',
      body:
        'My mother was told at noon she could go home from Ward 2C. The ward was kind and busy, but nobody had ' +
        'booked the patient transport, and she sat in her coat by the bed until nine at night. She is 88 and ' +
        'was exhausted. Please check the transport is booked when you tell someone they are going home.',
      nickname: 'Mrs B’s daughter',
      authorRole: 'relative',
      services: ['raigmore-ward-2c'],
      tags: { good: ['kind staff'], improve: ['transport home'], feelings: ['exhausted'] },
      onBehalf: {
        via: 'phone-call',
        consent: 'spoken',
        consentNote: 'Agreed on the patient experience line; read back to her before sending.',
      },
    },
    staff,
  );
  await services.moderation.act(byPhone.id, { action: 'publish', criticality: 2 }, moderator);

  await services.stories.submitOnBehalf(
    {
      title: 'The chaplain sat with us',
      body:
        'When my husband was dying in the high dependency unit the chaplain came every day, even though we are ' +
        'not religious. He just sat with us and brought the children juice. I wrote this on the card by the ' +
        'lifts because I do not use computers.',
      nickname: 'Ann from Nairn',
      authorRole: 'relative',
      services: ['raigmore-hospital'],
      onBehalf: {
        via: 'paper-form',
        consent: 'written',
        consentNote: 'Signed card kept in the PALS office.',
      },
    },
    staff,
  );

  await seedUpdateAndSignals(services, models, moderator);
}

/** A published story's author adds how things went; readers say "me too" and "helpful". */
async function seedUpdateAndSignals(services: Services, models: Models, moderator: SignedInUser) {
  const answered = await models.stories
    .find({ status: 'published', responseCount: { $gt: 0 } }, { _id: 1 })
    .sort({ publishedAt: -1 })
    .limit(6)
    .lean<{ _id: Types.ObjectId }[]>();
  const first = answered[0];
  if (!first) return;

  // The author key is shown once and never stored: the demo's author gets a new one, as a restore would.
  const authorKey = `cla_demo_${new Types.ObjectId().toHexString()}`;
  await models.stories.updateOne({ _id: first._id }, { $set: { authorKeyHash: hashToken(authorKey) } });
  const { receipt } = await services.replies.submit(first._id.toHexString(), hashToken(authorKey), {
    kind: 'update',
    body:
      'An update, a month on: the ward phoned me after reading this, and my follow-up appointment came ' +
      'through the next week. Thank you for listening.',
  });
  await services.replies.moderate(receipt.id, { action: 'publish' }, moderator);

  // Readers, each with their own token, on a few answered stories and their first responses.
  const readers = await Promise.all(Array.from({ length: 7 }, () => services.readerSignals.issueToken()));
  for (const [i, story] of answered.entries()) {
    const response = await models.responses
      .findOne({ storyId: story._id, hiddenAt: null, deletedAt: null }, { _id: 1 })
      .lean<{ _id: Types.ObjectId }>();
    for (const [r, reader] of readers.slice(0, readers.length - i).entries()) {
      const address = `demo-reader-${r}`;
      await services.readerSignals.setSignal('me-too', story._id.toHexString(), reader, true, address);
      if (response && r % 2 === 0) {
        await services.readerSignals.setSignal('helpful', response._id.toHexString(), reader, true, address);
      }
    }
  }
}
