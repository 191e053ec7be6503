import type { SignedInUser } from '../auth/principal.js';
import type { Models } from '../models/index.js';
import type { StorySubmission } from '../schemas/story.js';
import type { Services } from '../services/index.js';
import { lastWholeQuarter } from '../services/reports/demographics.js';

type Answers = NonNullable<StorySubmission['demographics']>;

/** `value` `count` times: the answers below are written as how many of the 38 cards gave each. */
const times = <T>(count: number, value: T): T[] => Array.from({ length: count }, () => value);

const ageBands = [
  ...times(14, '45-54'),
  ...times(12, '65-74'),
  ...times(6, '25-34'),
  ...times(3, '75-plus'),
  ...times(3, 'prefer-not-to-say'),
] as Answers['ageBand'][];
const sexes = [
  ...times(20, 'female'),
  ...times(15, 'male'),
  ...times(3, 'prefer-not-to-say'),
] as Answers['sex'][];
const ethnicities = [
  ...times(30, 'white'),
  ...times(3, 'asian'),
  ...times(2, 'mixed-or-multiple'),
  ...times(1, 'african'),
  ...times(2, 'prefer-not-to-say'),
] as Answers['ethnicity'][];
const disabilities = [
  ...times(22, 'no'),
  ...times(13, 'yes'),
  ...times(3, 'prefer-not-to-say'),
] as Answers['disability'][];

/** How many cards the demo adds. */
export const demographicsCardCount = ageBands.length;

/** What the cards said: short, as feedback cards are, each about one of the board's services. */
const cards: { title: string; body: string }[] = [
  {
    title: 'Quick and kind at the front desk',
    body: 'The receptionist found my appointment when I had the wrong letter.',
  },
  {
    title: 'Clean ward, helpful nurses',
    body: 'The ward was spotless and the nurses answered the buzzer quickly.',
  },
  {
    title: 'Too long in the waiting room',
    body: 'We waited nearly three hours without anyone telling us why.',
  },
  {
    title: 'The porter made me laugh',
    body: 'A porter chatted to me all the way to X-ray and I forgot to be nervous.',
  },
  {
    title: 'Confusing signs to the clinic',
    body: 'I walked round in circles looking for outpatients; the signs need looking at.',
  },
  { title: 'Good food for once', body: 'The soup was hot and there was a choice that suited my diet.' },
  {
    title: 'Discharge took all day',
    body: 'I was told I could go home at ten and left at six, waiting for tablets.',
  },
  {
    title: 'A doctor who listened',
    body: 'The doctor let me finish before she spoke, and wrote down what I said.',
  },
  { title: 'Parking was a nightmare', body: 'There were no spaces and I nearly missed my appointment.' },
  {
    title: 'Thank you to the night staff',
    body: 'The night staff checked on my mum every hour and kept her comfortable.',
  },
];
const cardServices = [
  'raigmore-hospital',
  'belford-hospital',
  'raigmore-ward-2c',
  'highland-adult-social-care',
];

/**
 * Thirty-eight feedback cards from the board's last whole quarter, each with the author's answers about
 * themselves, so the demo's Reports tab has a breakdown with groups shown and groups withheld
 * (docs/decisions/2026-12-07-demographics-suppression.md). Answers are spread over the cards by
 * stepping through each list at a different stride, so no two questions line up. Fiction, like the rest.
 */
export async function seedDemographicsDemo(deps: {
  services: Services;
  models: Models;
  moderator: SignedInUser;
  source: string;
}): Promise<void> {
  const { services, models, moderator, source } = deps;
  const quarter = lastWholeQuarter(new Date(), new Date());
  const quarterMs = quarter.end.getTime() - quarter.start.getTime();
  const count = ageBands.length;
  for (let i = 0; i < count; i += 1) {
    const card = cards[i % cards.length]!;
    const { receipt } = await services.stories.submit(
      {
        title: card.title,
        body: card.body,
        nickname: 'Feedback card',
        authorRole: 'patient',
        services: [cardServices[i % cardServices.length]!],
        consent: true,
        demographics: {
          ageBand: ageBands[i],
          sex: sexes[(i * 5) % count],
          ethnicity: ethnicities[(i * 7) % count],
          disability: disabilities[(i * 11) % count],
        },
      },
      // One made-up address per story, so the hourly submission limit never stops the seed.
      { clientAddress: `demo-cards-${i}`, source },
    );
    await services.moderation.act(receipt.id, { action: 'publish' }, moderator);
    // Spread over the quarter, a little after its start and before its end.
    const publishedAt = new Date(quarter.start.getTime() + ((i + 0.5) / count) * quarterMs);
    await models.stories.updateOne(
      { _id: receipt.id },
      { $set: { publishedAt, createdAt: publishedAt, pendingEvents: [] } },
    );
  }
}
