import type { SignedInUser } from '../auth/principal.js';
import type { Models } from '../models/index.js';
import type { StorySubmission } from '../schemas/story.js';
import type { Services } from '../services/index.js';

/**
 * Stories that show the moderation rules (docs/decisions/2026-12-07-moderation-rules.md): in the queue,
 * one long story, one about events years ago and one sent twice from the same address; and one story
 * held for a formal complaint (listed with the queue's "complaint" filter). Fiction, like the rest.
 */
export async function seedModerationRulesDemo(deps: {
  services: Services;
  models: Models;
  moderator: SignedInUser;
  source: string;
}): Promise<void> {
  const { services, models, moderator, source } = deps;
  const day = 86_400_000;
  let sent = 0;
  const tell = async (story: Partial<StorySubmission> & Pick<StorySubmission, 'title' | 'body'>) => {
    const { receipt } = await services.stories.submit(
      {
        nickname: 'Demo author',
        authorRole: 'patient',
        services: ['raigmore-hospital'],
        consent: true,
        ...story,
      },
      // One made-up address per story, so the hourly submission limit never stops the seed.
      { clientAddress: `demo-rules-${sent++}`, source },
    );
    return receipt.id;
  };

  await tell({ title: 'A fortnight on the orthopaedic ward, day by day', body: longDiary() });

  const years = new Date(Date.now() - 5 * 365 * day);
  await tell({
    title: 'How my father was treated when he died, five years on',
    body:
      'It has taken me a long time to write this. When my father was dying on the ward the nurses moved him ' +
      'to a side room so we could all be with him, and a healthcare assistant brought us tea through the night.',
    happenedIn: years.toISOString().slice(0, 7),
    authorRole: 'relative',
  });

  const twiceTold =
    'The physiotherapy team at Raigmore got me back on my feet after my hip replacement. They were patient, ' +
    'they explained every exercise and they never made me feel slow. The only problem was the parking.';
  const first = await tell({
    title: 'Back on my feet after my hip',
    body: twiceTold,
    email: 'hip@demo.careloop.test',
  });
  await services.moderation.act(first, { action: 'publish' }, moderator);
  const earlier = new Date(Date.now() - 4 * day);
  await models.stories.updateOne({ _id: first }, { $set: { publishedAt: earlier, createdAt: earlier } });
  await tell({
    title: 'The physio team got me walking',
    body: `${twiceTold} Thank you all.`,
    email: 'hip@demo.careloop.test',
  });

  // The demo address is made up: nobody is to be emailed a private link (and its author key) for it.
  await models.stories.updateMany({ email: 'hip@demo.careloop.test' }, { $set: { pendingEvents: [] } });

  const complained = await tell({
    title: 'My operation was cancelled three times',
    body:
      'My operation was cancelled on the day three times in two months. Each time I had fasted and arranged ' +
      'for my neighbour to look after my cat. I have made a formal complaint and I want others to know.',
  });
  await services.moderation.act(
    complained,
    {
      action: 'complaint-hold',
      complaintReference: 'NHSH-COMP-2026-0173',
      reason: 'The complaints team is investigating; publish once they have replied.',
    },
    moderator,
  );
}

/** A story of some 1,270 words: a diary of fifteen days, each a short paragraph. */
function longDiary(): string {
  const paragraph = (day: number) =>
    `Day ${day}. The morning round came at about eight and the doctor explained what would happen next. ` +
    'A physiotherapist helped me out of bed and along the corridor with the frame, slowly, twice. The food ' +
    'was better than I expected and there was always water within reach. In the afternoon my daughter ' +
    'visited, and the nurse on shift took the time to answer her questions about going home, the ' +
    'dressings and the tablets. The ward was noisy after midnight, when new patients arrived from theatre.';
  return Array.from({ length: 15 }, (_, index) => paragraph(index + 1)).join('\n\n');
}
