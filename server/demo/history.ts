import { Types } from 'mongoose';
import type { Models } from '../models/index.js';
import type { SignedInUser } from '../auth/principal.js';
import type { Services } from '../services/index.js';

/**
 * Six months of history for the demo board, so the reports, the badge and the staff views have
 * something to show: stories about Highland services, most answered by the demo staff member after a
 * realistic delay, some saying a change is planned or made. Generated from a fixed seed, so every fresh
 * demo looks the same.
 */
const highlandServices = [
  'raigmore-hospital',
  'raigmore-emergency-department',
  'raigmore-ward-2c',
  'belford-hospital',
  'highland-adult-social-care',
];

const openings = [
  {
    title: 'Clear explanations before my operation',
    good: ['explained things'],
    improve: [],
    feelings: ['reassured'],
  },
  {
    title: 'Long wait for a follow-up appointment',
    good: [],
    improve: ['waiting time'],
    feelings: ['anxious'],
  },
  {
    title: 'Kind reception staff on a difficult day',
    good: ['kind staff'],
    improve: [],
    feelings: ['grateful'],
  },
  {
    title: 'Nobody told us about the change of ward',
    good: [],
    improve: ['keeping us informed'],
    feelings: ['confused'],
  },
  {
    title: 'Physiotherapy that fitted around my work',
    good: ['flexible appointments'],
    improve: [],
    feelings: ['grateful'],
  },
  { title: 'Food on the ward was cold again', good: [], improve: ['food'], feelings: ['let down'] },
  {
    title: 'My dad was treated with dignity',
    good: ['dignity', 'kind staff'],
    improve: [],
    feelings: ['relieved'],
  },
  {
    title: 'Discharge took all day',
    good: [],
    improve: ['discharge', 'waiting time'],
    feelings: ['frustrated'],
  },
  {
    title: 'Carers arrived on time every day this month',
    good: ['reliable carers'],
    improve: [],
    feelings: ['reassured'],
  },
  { title: 'Hard to find the right clinic entrance', good: [], improve: ['signs'], feelings: ['stressed'] },
];

const details = [
  'The staff I met were patient and took the time to listen.',
  'It would have helped to know what was happening and when.',
  'I want to say thank you, and also to suggest one thing that could be better.',
  'We live a long way from the hospital, so every wasted trip matters.',
  'Overall the care was good, but the waiting was hard for my family.',
];

const roles = ['patient', 'carer', 'relative', 'parent-guardian', 'friend'] as const;
const nicknames = [
  'Loch Ness reader',
  'Dingwall dad',
  'Skye carer',
  'Aviemore walker',
  'Thurso patient',
  'Nairn neighbour',
];

const responses = [
  {
    body: 'Thank you for telling us about this. I have shared your story with the team, who were glad to hear it.',
    change: null,
  },
  {
    body: 'I am sorry this happened. We are reviewing how we keep families informed and will update this story.',
    change: 'planned',
  },
  {
    body: 'Thank you. Since reading stories like yours we have added a second member of staff at busy times.',
    change: 'made',
  },
  {
    body: 'Thank you for taking the time to write. I have passed your kind words to the ward.',
    change: null,
  },
] as const;

/** A small deterministic generator (mulberry32), so the demo is the same on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDemoHistory(deps: {
  services: Services;
  models: Models;
  moderator: SignedInUser;
  staff: SignedInUser;
  count?: number;
}): Promise<void> {
  const { services, models, moderator, staff } = deps;
  const next = random(2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const now = Date.now();
  const day = 86_400_000;
  const realClock = services.responses.now;
  try {
    for (let i = 0; i < (deps.count ?? 60); i++) {
      const opening = pick(openings);
      const { receipt } = await services.stories.submit(
        {
          title: opening.title,
          body: `${pick(details)} ${pick(details)}`,
          nickname: pick(nicknames),
          authorRole: pick(roles),
          services: [pick(highlandServices)],
          tags: { good: opening.good, improve: opening.improve, feelings: opening.feelings },
          consent: true,
        },
        // One made-up address per story, so the hourly submission limit never stops the seed.
        { clientAddress: `demo-history-${i}`, source: null },
      );
      await services.moderation.act(
        receipt.id,
        { action: 'publish', criticality: Math.floor(next() * 4) },
        moderator,
      );
      const publishedAt = new Date(now - (7 + next() * 175) * day);
      // Historic stories: their alerts were sent long ago, so nothing is queued for them now.
      await models.stories.updateOne(
        { _id: receipt.id },
        {
          $set: {
            publishedAt,
            createdAt: publishedAt,
            alertedAt: new Date(publishedAt.getTime() + 3_600_000),
            alertedOrganisations: [{ id: 'nhs-highland', name: 'NHS Highland' }],
            pendingEvents: [],
          },
        },
      );
      if (next() < 0.8) await services.responses.recordRead(receipt.id, staff);
      if (next() < 0.7) {
        const respondedAt = new Date(publishedAt.getTime() + (0.2 + next() * 9) * day);
        services.responses.now = () => respondedAt;
        const response = pick(responses);
        const { response: created } = await services.responses.respond(receipt.id, staff, {
          body: response.body,
          change: response.change ?? undefined,
        });
        await models.responses.updateOne(
          { _id: created.id },
          { $set: { createdAt: respondedAt, editableUntil: respondedAt, pendingEvents: [] } },
        );
        await services.responses.recount(new Types.ObjectId(receipt.id));
      }
    }
  } finally {
    services.responses.now = realClock;
  }
}
