/**
 * The moderation queue: its first page and its second (through the cursor), at 10k and 100k published
 * stories on the embedded engine, beside a plain page read of the same kind (the oldest 21 submitted
 * stories, by index) in the same run. The waiting work is the same at every size (60 stories, a third
 * with an email sent twice; 5 held for a complaint; 5 in preview with a review request; 20 queued
 * responses; 10 author replies), so how the queue grows from the smaller store to the larger is what
 * history alone costs it. Flags: `--quick` (1k and 10k), `--sizes 10k,100k`, `--repeat 7`.
 */
import mongoose, { Types } from 'mongoose';
import { startEngine } from '@careloop/engine';
import { loadConfig } from '../../server/platform/config.js';
import { silentLogger } from '../../server/platform/log.js';
import { createModels, ensureIndexes, type Models } from '../../server/models/index.js';
import { OrganisationService } from '../../server/services/organisations.js';
import { ModerationService } from '../../server/services/moderation.js';
import { formatCount, formatMs, formatRatio, formatTable } from '../lib/format.js';
import { chooseSizes, type BenchPart } from '../lib/part.js';
import { medianMs } from '../lib/timing.js';
import { seedReportStories } from './reports/seed.js';

const board = 'nhs-ayrshire-arran';
const service = 'crosshouse-emergency-department';
const minuteMs = 60_000;
const pageSize = 20;

/** The same waiting work at every size, told over the last few hours before `now`. */
async function seedWaiting(models: Models, now: Date): Promise<void> {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * minuteMs);
  const story = (i: number, fields: Record<string, unknown>) => ({
    title: `Waiting story ${i}`,
    body: `A story waiting for a moderator, number ${i}, about the emergency department and its waits.`,
    nickname: `Author ${i}`,
    authorRole: 'patient',
    services: [service],
    authorKeyHash: `hash-${i}`,
    createdAt: at(400 - i),
    updatedAt: at(400 - i),
    ...fields,
  });
  await models.stories.insertMany(
    [
      ...Array.from({ length: 60 }, (_, i) =>
        story(i, {
          status: 'submitted',
          ...(i % 3 === 0
            ? { email: `author${i % 20}@example.org`, emailKey: `author${i % 20}@example.org` }
            : {}),
        }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        story(100 + i, { status: 'held', complaint: { reference: `C-${i}`, note: null, since: at(10) } }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        story(200 + i, {
          status: 'preview',
          criticality: 4,
          preview: {
            since: at(300),
            until: new Date(now.getTime() + 2 * 24 * 60 * minuteMs),
            reviewRequest: {
              at: at(100),
              by: { id: 'staff', name: 'A responder' },
              reason: 'Names a nurse.',
            },
          },
        }),
      ),
    ],
    { timestamps: false },
  );
  const published = await models.stories
    .find({ status: 'published' }, { _id: 1 })
    .sort({ publishedAt: -1 })
    .limit(30)
    .lean<{ _id: Types.ObjectId }[]>();
  await models.responses.insertMany(
    published.slice(0, 20).map((s, i) => ({
      storyId: s._id,
      services: [service],
      body: `A first response from a new responder, number ${i}.`,
      responder: {
        userId: new Types.ObjectId(),
        name: 'New Responder',
        role: 'staff',
        organisation: { id: board, name: board },
      },
      editableUntil: at(0),
      withheld: 'queued',
      createdAt: at(350 - i * 5),
      updatedAt: at(350 - i * 5),
    })),
    { timestamps: false },
  );
  await models.replies.insertMany(
    published.slice(20, 30).map((s, i) => ({
      storyId: s._id,
      body: `An author's reply, number ${i}.`,
      status: 'submitted',
      createdAt: at(330 - i * 7),
      updatedAt: at(330 - i * 7),
    })),
    { timestamps: false },
  );
}

const part: BenchPart = {
  name: 'queue',
  description:
    'the moderation queue (first and second page) vs one indexed page read, at 10k and 100k stories',
  async run(options) {
    const sizes = chooseSizes(options, { normal: [10_000, 100_000], quick: [1_000, 10_000] });
    const repeat = Number(options.flags.get('repeat') ?? 7);
    const engine = await startEngine({});
    const rows: string[][] = [];
    const figures: { size: number; pageMs: number; firstMs: number; secondMs: number; total: number }[] = [];
    try {
      for (const size of sizes) {
        const connection = await mongoose.createConnection(`${engine.uri}queue_bench_${size}`).asPromise();
        const models = createModels(connection);
        await ensureIndexes(models);
        const now = new Date();
        await seedReportStories(models, size, board, now);
        await seedWaiting(models, now);
        const deps = { config: loadConfig({}), logger: silentLogger(), models };
        const moderation = new ModerationService({ ...deps, organisations: new OrganisationService(deps) });
        const page = () =>
          models.stories
            .find({ status: 'submitted' })
            .sort({ createdAt: 1, _id: 1 })
            .limit(pageSize + 1)
            .lean();
        const first = () => moderation.queue({ limit: pageSize });
        const { next, total } = await first();
        const second = () => moderation.queue({ limit: pageSize, cursor: next ?? undefined });
        await page();
        await second();
        const pageMs = await medianMs(repeat, page);
        const firstMs = await medianMs(repeat, first);
        const secondMs = await medianMs(repeat, second);
        figures.push({ size, pageMs, firstMs, secondMs, total });
        rows.push([
          formatCount(size),
          String(total),
          formatMs(pageMs),
          formatMs(firstMs),
          formatRatio(firstMs / pageMs),
          formatMs(secondMs),
          formatRatio(secondMs / pageMs),
        ]);
        await connection.dropDatabase();
        await connection.close();
      }
    } finally {
      await engine.stop();
    }
    console.log(
      formatTable(
        ['stories', 'waiting', 'one page read', 'queue page 1', '÷ page', 'queue page 2', '÷ page'],
        rows,
      ),
    );
    const smallest = figures[0];
    const largest = figures.at(-1);
    if (smallest && largest && figures.length > 1) {
      console.log(
        `the queue's first page grows ${formatRatio(largest.firstMs / smallest.firstMs)} and its second ${formatRatio(
          largest.secondMs / smallest.secondMs,
        )} from the smallest store to the largest`,
      );
    }
    return { board, pageSize, repeat, sizes: figures };
  },
};

export default part;
