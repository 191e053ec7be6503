/**
 * The feed bench's data: the Scotland service tree (imported as the demo imports it) and `published`
 * stories spread over its services and the last two years, with what a real store also holds: a few
 * stories that are not published (submitted, held, rejected, withdrawn), responses to about a third of
 * the published ones (some saying a change is planned or made, a few hidden) and some author replies.
 * Everything goes straight in through the models with `insertMany`, in batches of 1,000, from a seeded
 * random source so every run stores the same data.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Types } from 'mongoose';
import type { Models } from '../../../server/models/index.js';
import type { Services } from '../../../server/services/index.js';
import { storySearchTerms, storyTagList } from '../../../server/services/story-search.js';
import { seededRandom } from '../../lib/story-fixtures.js';

export const SEED_BATCH = 1_000;
/** Stories that are not published, per published one: the feeds must skip them. */
const UNPUBLISHED_SHARE = 0.05;
/** Share of published stories with at least one response. */
const RESPONDED_SHARE = 0.3;
/** Share of published stories with an author reply. */
const REPLIED_SHARE = 0.05;
const TWO_YEARS_MS = 2 * 365 * 24 * 3_600_000;

const scotlandTree = new URL('../../../server/demo/scotland-services.json', import.meta.url);

interface TreeEntry {
  id: string;
  name: string;
  kind: string;
  parent?: string;
  constituency?: string;
}

/** What the bench asks for once the store is seeded: one feed of each kind worth measuring. */
export interface SeededData {
  publishedStories: number;
  storedStories: number;
  responses: number;
  replies: number;
  /** The board with the most stories in its subtree. */
  busiestBoard: { id: string; services: number; stories: number };
  /** The constituency with the most stories. */
  busiestConstituency: { name: string; stories: number };
  /** The most used tag. */
  commonestTag: { tag: string; stories: number };
  /** A recent published story with responses and a reply: its thread feed. */
  threadStoryId: string;
  seedMs: number;
}

const WORDS = (
  'nurse ward doctor appointment waiting room mother father daughter husband wife kind patient listened ' +
  'explained discharge letter pharmacy medication pain night staff busy clean food parking reception ' +
  'booked cancelled finally thank team care treatment scan results weeks months phone called nobody ' +
  'answered worried felt safe rushed respected dignity visiting hours consultant surgery recovery physio ' +
  'bed corridor emergency department ambulance arrived quickly slow midwife baby theatre clinic referral'
).split(' ');
const TAGS = {
  good: ['kind staff', 'explained things', 'quick', 'clean', 'listened', 'good food', 'follow-up call'],
  improve: ['waiting time', 'keeping us informed', 'parking', 'noise at night', 'discharge', 'food'],
  feelings: ['reassured', 'grateful', 'anxious', 'ignored', 'respected', 'frustrated', 'safe'],
};
const NICKNAMES = ['Grateful daughter', 'A carer', 'Worried mum', 'Patient, 64', 'Highland walker', 'Local'];
const ROLES = ['patient', 'carer', 'parent-guardian', 'relative', 'friend', 'staff-on-behalf'] as const;
const RESPONDERS = [
  { name: 'Dr Iain MacLeod', jobTitle: 'Patient Experience Lead', role: 'staff' },
  { name: 'Senior Charge Nurse Ward 2C', jobTitle: 'Senior Charge Nurse', role: 'staff' },
  { name: 'Office of the MP', jobTitle: 'Caseworker', role: 'stakeholder' },
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function sentence(random: () => number): string {
  const words = Array.from({ length: 8 + Math.floor(random() * 12) }, () => pick(WORDS, random)).join(' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
}

function some<T>(items: readonly T[], random: () => number, most: number): T[] {
  const chosen = new Set<T>();
  const count = Math.floor(random() * (most + 1));
  for (let i = 0; i < count; i++) chosen.add(pick(items, random));
  return [...chosen];
}

/** Seeds an empty store with `published` published stories (and the rest, see the module comment). */
export async function seedFeedData(
  deps: { models: Models; services: Services },
  published: number,
  log: (line: string) => void = () => {},
): Promise<SeededData> {
  const { models, services } = deps;
  const started = performance.now();
  const tree = JSON.parse(await readFile(scotlandTree, 'utf8')) as { services: TreeEntry[] };
  await services.organisations.importTree(tree);
  // Two boards show stories on their own sites, so feed links point there, as on the demo.
  await services.organisations.update('nhs-highland', {
    storyPageUrl: 'https://www.nhshighland.example/stories#careloop-story={id}',
  });
  await services.organisations.update('nhs-greater-glasgow-clyde', {
    storyPageUrl: 'https://www.nhsggc.example/patient-stories/{id}',
  });

  const byId = new Map(tree.services.map((entry) => [entry.id, entry]));
  const rootOf = (id: string): string => {
    let entry = byId.get(id)!;
    while (entry.parent) entry = byId.get(entry.parent)!;
    return entry.id;
  };
  // Most stories are about a hospital or a department; some about a board as a whole.
  const weighted = tree.services.flatMap((entry) =>
    Array.from({ length: entry.kind === 'board' ? 1 : 4 }, () => entry.id),
  );

  const random = seededRandom(published);
  const sentences = Array.from({ length: 512 }, () => sentence(random));
  const now = Date.now();
  const storyCount = published + Math.round(published * UNPUBLISHED_SHARE);
  const perBoard = new Map<string, number>();
  const perConstituency = new Map<string, number>();
  const perTag = new Map<string, number>();
  const count = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  let responses = 0;
  let replies = 0;
  let threadStoryId = '';

  log(`inserting ${storyCount.toLocaleString('en-GB')} stories in batches of ${SEED_BATCH}`);
  for (let start = 0; start < storyCount; start += SEED_BATCH) {
    const stories: Record<string, unknown>[] = [];
    const storyResponses: Record<string, unknown>[] = [];
    const storyReplies: Record<string, unknown>[] = [];
    for (let index = start; index < Math.min(start + SEED_BATCH, storyCount); index++) {
      const isPublished = index < published;
      const _id = new Types.ObjectId();
      const first = pick(weighted, random);
      const storyServices = random() < 0.15 ? [...new Set([first, pick(weighted, random)])] : [first];
      const tags = {
        good: some(TAGS.good, random, 2),
        improve: some(TAGS.improve, random, 2),
        feelings: some(TAGS.feelings, random, 1),
      };
      const title = sentence(random).slice(0, 70).replace(/\.?$/, '');
      let body = '';
      const length = 400 + Math.floor(random() * 1_200);
      while (body.length < length) body += `${pick(sentences, random)} `;
      body = body.trimEnd();
      const submittedAt = new Date(now - Math.floor(random() * TWO_YEARS_MS));
      const publishedAt = new Date(submittedAt.getTime() + Math.floor(random() * 2 * 86_400_000));
      const status = isPublished ? 'published' : pick(['submitted', 'held', 'rejected', 'withdrawn'], random);
      const responseCount = isPublished && random() < RESPONDED_SHARE ? 1 + Math.floor(random() * 2) : 0;
      let change: 'planned' | 'made' | null = null;
      let firstResponseAt: Date | null = null;
      for (let r = 0; r < responseCount; r++) {
        const createdAt = new Date(publishedAt.getTime() + (r + 1) * Math.floor(random() * 5 * 86_400_000));
        firstResponseAt ??= createdAt;
        const responder = pick(RESPONDERS, random);
        const marker = random() < 0.2 ? pick(['planned', 'made'] as const, random) : null;
        if (marker === 'made' || (marker === 'planned' && change === null)) change = marker;
        const organisation = byId.get(rootOf(storyServices[0]!))!;
        storyResponses.push({
          storyId: _id,
          services: storyServices,
          body: `${pick(sentences, random)} ${pick(sentences, random)} ${pick(sentences, random)}`,
          change: marker,
          responder: {
            userId: new Types.ObjectId(),
            ...responder,
            organisation: { id: organisation.id, name: organisation.name },
          },
          editableUntil: new Date(createdAt.getTime() + 30 * 60_000),
          createdAt,
          updatedAt: createdAt,
        });
      }
      // A hidden response now and then: counted nowhere, shown nowhere.
      if (responseCount > 0 && random() < 0.05) {
        const organisation = byId.get(rootOf(storyServices[0]!))!;
        storyResponses.push({
          storyId: _id,
          services: storyServices,
          body: pick(sentences, random),
          responder: {
            userId: new Types.ObjectId(),
            ...pick(RESPONDERS, random),
            organisation: { id: organisation.id, name: organisation.name },
          },
          editableUntil: publishedAt,
          hiddenAt: publishedAt,
          hiddenReason: 'Named a member of staff',
          createdAt: publishedAt,
          updatedAt: publishedAt,
        });
      }
      if (isPublished && responseCount > 0 && random() < REPLIED_SHARE / RESPONDED_SHARE) {
        const at = new Date(publishedAt.getTime() + 6 * 86_400_000);
        storyReplies.push({
          storyId: _id,
          body: pick(sentences, random),
          status: 'published',
          publishedAt: at,
          createdAt: at,
          updatedAt: at,
        });
        if (!threadStoryId || publishedAt.getTime() > now - 30 * 86_400_000)
          threadStoryId = _id.toHexString();
      }
      if (isPublished) {
        for (const service of new Set(storyServices.map(rootOf))) count(perBoard, service);
        for (const constituency of new Set(storyServices.map((id) => byId.get(id)!.constituency)))
          if (constituency) count(perConstituency, constituency);
      }
      const tagList = storyTagList(tags);
      if (isPublished) for (const tag of tagList) count(perTag, tag);
      stories.push({
        _id,
        title,
        body,
        nickname: pick(NICKNAMES, random),
        authorRole: pick(ROLES, random),
        services: storyServices,
        tags,
        tagList,
        searchTerms: storySearchTerms(title, body),
        email: random() < 0.5 ? `author${index}@example.org` : undefined,
        postcode: random() < 0.3 ? 'IV2 3UJ' : undefined,
        authorKeyHash: createHash('sha256').update(`bench-author-${index}`).digest('hex'),
        status,
        publishedAt: isPublished || status === 'withdrawn' ? publishedAt : null,
        withdrawnAt: status === 'withdrawn' ? new Date(publishedAt.getTime() + 86_400_000) : null,
        criticality: Math.floor(random() * 6),
        responseCount,
        responded: responseCount > 0,
        firstResponseAt,
        change,
        createdAt: submittedAt,
        updatedAt: publishedAt,
      });
    }
    await models.stories.insertMany(stories);
    if (storyResponses.length) await models.responses.insertMany(storyResponses);
    if (storyReplies.length) await models.replies.insertMany(storyReplies);
    responses += storyResponses.length;
    replies += storyReplies.length;
    if ((start / SEED_BATCH) % 20 === 19) log(`  ${(start + SEED_BATCH).toLocaleString('en-GB')} stories`);
  }

  const busiest = <K>(map: Map<K, number>) => [...map].sort((a, b) => b[1] - a[1])[0]!;
  const [boardId, boardStories] = busiest(perBoard);
  const [constituency, constituencyStories] = busiest(perConstituency);
  const [tag, tagStories] = busiest(perTag);
  return {
    publishedStories: published,
    storedStories: storyCount,
    responses,
    replies,
    busiestBoard: {
      id: boardId,
      services: tree.services.filter((entry) => rootOf(entry.id) === boardId).length,
      stories: boardStories,
    },
    busiestConstituency: { name: constituency, stories: constituencyStories },
    commonestTag: { tag, stories: tagStories },
    threadStoryId,
    seedMs: performance.now() - started,
  };
}
