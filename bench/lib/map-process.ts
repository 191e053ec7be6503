/**
 * The memory baseline: a process that holds `count` story fixtures in a plain Map keyed by storyId,
 * started the same way as engine-process.ts (node + tsx), so the two resident sizes compare like for
 * like.
 *
 *   node --import tsx bench/lib/map-process.ts <count>
 *
 * Prints `{"stored":…}` once the Map is full, then waits until its stdin closes.
 */
import { makeStories, type StoryFixture } from './story-fixtures.js';

const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 0) {
  console.error('usage: node --import tsx bench/lib/map-process.ts <count>');
  process.exit(2);
}

const stories = new Map<string, StoryFixture>();
for (const story of makeStories(count)) stories.set(story.storyId, story);
process.stdout.write(`${JSON.stringify({ stored: stories.size })}\n`);

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
