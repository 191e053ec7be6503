import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Types } from 'mongoose';
import { authorRoles } from '../../../server/models/story.js';
import type { Models } from '../../../server/models/index.js';
import { seededRandom } from '../../lib/story-fixtures.js';

const servicesFile = fileURLToPath(new URL('../../../server/demo/scotland-services.json', import.meta.url));
const dayMs = 24 * 60 * 60 * 1000;
const hourMs = 60 * 60 * 1000;
const batch = 2_000;
const goodTags = ['kindness', 'communication', 'cleanliness', 'food', 'dignity', 'speed'];
const improveTags = ['waiting times', 'parking', 'information', 'discharge', 'noise'];
const feelings = ['reassured', 'anxious', 'grateful', 'frustrated', 'listened to'];

/**
 * The Scotland tree, then `count` published stories spread over the two years before `now` and over
 * every service of the tree (a third of them on `board`'s subtree), about 60% with a response (first
 * one 1 h to 30 days after publication; one in six saying a change is planned or made), inserted with
 * insertMany through the models.
 */
export async function seedReportStories(
  models: Models,
  count: number,
  board: string,
  now: Date,
  /** Each story's words; without it, a short placeholder (the report bench reads none of them). */
  wordsOf?: (index: number) => { title: string; body: string; nickname: string },
): Promise<void> {
  const tree = JSON.parse(readFileSync(servicesFile, 'utf8')) as {
    services: { id: string; parent?: string }[];
  };
  if ((await models.organisations.countDocuments()) === 0) {
    const parents = new Map(tree.services.map((s) => [s.id, s.parent ?? null]));
    const ancestorsOf = (id: string): string[] => {
      const parent = parents.get(id);
      return parent ? [...ancestorsOf(parent), parent] : [];
    };
    await models.organisations.insertMany(
      tree.services.map((s) => ({
        _id: s.id,
        name: s.id,
        kind: 'service',
        parent: s.parent ?? null,
        ancestors: ancestorsOf(s.id),
        nameTerms: [],
      })),
    );
  }
  const all = tree.services.map((s) => s.id);
  const inBoard = tree.services
    .filter((s) => s.id === board || s.parent === board || parents2(tree, s.id).includes(board))
    .map((s) => s.id);
  const random = seededRandom(count);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  for (let done = 0; done < count; done += batch) {
    const stories = [];
    const responses = [];
    for (let i = done; i < Math.min(count, done + batch); i++) {
      const _id = new Types.ObjectId();
      const publishedAt = new Date(now.getTime() - random() * 730 * dayMs);
      const responded = random() < 0.6;
      const firstResponseAt = responded
        ? new Date(publishedAt.getTime() + (1 + random() * 720) * hourMs)
        : null;
      const change = responded && random() < 1 / 6 ? pick(['planned', 'made'] as const) : null;
      stories.push({
        _id,
        ...(wordsOf?.(i) ?? {
          title: `Story ${i}`,
          body: 'A story for the reports benchmark.',
          nickname: 'Bench',
        }),
        authorRole: pick(authorRoles),
        services: [random() < 1 / 3 ? pick(inBoard) : pick(all)],
        tags: {
          good: [pick(goodTags)],
          improve: random() < 0.5 ? [pick(improveTags)] : [],
          feelings: [pick(feelings)],
        },
        authorKeyHash: 'bench',
        status: 'published',
        publishedAt,
        source: random() < 0.7 ? 'https://www.nhsaaa.net' : null,
        criticality: random() < 0.5 ? Math.floor(random() * 6) : null,
        responseCount: responded ? 1 : 0,
        responded,
        firstResponseAt,
        change,
        readCount: random() < 0.5 ? 1 : 0,
      });
      if (responded) {
        responses.push({
          storyId: _id,
          body: 'Thank you.',
          change,
          responder: {
            userId: new Types.ObjectId(),
            name: 'Staff',
            role: 'staff',
            organisation: { id: board, name: board },
          },
          editableUntil: firstResponseAt,
          createdAt: firstResponseAt,
        });
      }
    }
    await models.stories.insertMany(stories);
    if (responses.length) await models.responses.insertMany(responses);
  }
}

function parents2(tree: { services: { id: string; parent?: string }[] }, id: string): string[] {
  const byId = new Map(tree.services.map((s) => [s.id, s.parent]));
  const chain: string[] = [];
  for (let parent = byId.get(id); parent; parent = byId.get(parent)) chain.push(parent);
  return chain;
}
