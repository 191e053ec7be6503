/**
 * Story-like documents for benches: the shape and sizes of a careloop story (a ~60 character title,
 * a ~1 KB body, a nickname, two service slugs, tags, a date and a moderation status), generated from
 * a seeded random source so every run stores the same data.
 */
export const STORY_STATUSES = ['pending', 'published', 'rejected', 'withdrawn'] as const;

export interface StoryFixture {
  storyId: string;
  title: string;
  body: string;
  nickname: string;
  services: string[];
  tags: string[];
  createdAt: Date;
  status: (typeof STORY_STATUSES)[number];
}

/** mulberry32: small, fast and good enough to pick words; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const WORDS = (
  'the nurse ward doctor appointment waiting room my mother father daughter husband wife was were kind ' +
  'patient listened explained discharge letter pharmacy medication pain night staff busy clean food ' +
  'parking reception booked cancelled again finally thank you all team care treatment scan results ' +
  'weeks months phone called nobody answered worried felt safe rushed respected dignity visiting hours ' +
  'consultant surgery recovery physio bed corridor emergency department ambulance arrived quickly slow'
).split(' ');
const SERVICES = [
  'royal-infirmary-ward-7',
  'royal-infirmary-emergency-department',
  'western-general-maternity',
  'st-johns-outpatients',
  'community-mental-health-team',
  'district-nursing-north',
  'childrens-hospital-ward-2',
  'gp-out-of-hours',
];
const TAGS = [
  'communication',
  'waiting-times',
  'dignity',
  'cleanliness',
  'food',
  'parking',
  'staff-attitude',
];
const NICKNAMES = [
  'Grateful daughter',
  'A carer',
  'Worried mum',
  'Patient, 64',
  'Ex-patient',
  'Local resident',
];
const EPOCH = Date.UTC(2024, 0, 1);

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

function sentence(random: () => number, words: number): string {
  const chosen = Array.from({ length: words }, () => pick(WORDS, random)).join(' ');
  return chosen.charAt(0).toUpperCase() + chosen.slice(1);
}

/** A pool of sentences to build bodies from: varied text without paying for 200 words per story. */
function sentencePool(random: () => number): string[] {
  return Array.from({ length: 512 }, () => `${sentence(random, 8 + Math.floor(random() * 14))}.`);
}

/** Makes `count` stories; `storyId`s are unique within `prefix`. */
export function makeStories(count: number, seed = 1, prefix = 'st'): StoryFixture[] {
  const random = seededRandom(seed);
  const sentences = sentencePool(random);
  const stories: StoryFixture[] = [];
  for (let index = 0; index < count; index++) {
    let body = '';
    while (body.length < 1_000) body += `${pick(sentences, random)} `;
    const first = pick(SERVICES, random);
    let second = pick(SERVICES, random);
    if (second === first) second = SERVICES[(SERVICES.indexOf(first) + 1) % SERVICES.length];
    stories.push({
      storyId: `${prefix}-${index.toString(36).padStart(6, '0')}-${Math.floor(random() * 36 ** 4).toString(36)}`,
      title: sentence(random, 10).slice(0, 60),
      body: body.trimEnd(),
      nickname: pick(NICKNAMES, random),
      services: [first, second],
      tags: [pick(TAGS, random), pick(TAGS, random)].filter((tag, i, all) => all.indexOf(tag) === i),
      createdAt: new Date(EPOCH + Math.floor(random() * 365 * 24 * 3_600_000)),
      status: pick(STORY_STATUSES, random),
    });
  }
  return stories;
}
