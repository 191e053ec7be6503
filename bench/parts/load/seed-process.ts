/**
 * Adds the load bench's stories to a data dir the demo was already seeded into (by a first start of the
 * service): the feed bench's generator (bench/parts/feeds/seed.ts), so stories, responses and replies
 * are spread over the Scotland service tree as in a real store. Runs while no service holds the data dir.
 *
 *   node --import tsx bench/parts/load/seed-process.ts '{"dataDir":…,"stories":5000}'
 *
 * Prints one JSON line, the seeded data (`SeededData`), and exits once the journal is flushed.
 */
import { loadConfig } from '../../../server/platform/config.js';
import { silentLogger } from '../../../server/platform/log.js';
import { createModels, ensureIndexes } from '../../../server/models/index.js';
import { createServices } from '../../../server/services/index.js';
import { connectStore } from '../../../server/platform/store.js';
import { seedFeedData } from '../feeds/seed.js';

const settings = JSON.parse(process.argv[2] ?? 'null') as { dataDir?: string; stories?: number } | null;
if (!settings?.dataDir || !settings.stories) {
  console.error(`usage: node --import tsx bench/parts/load/seed-process.ts '{"dataDir":…,"stories":5000}'`);
  process.exit(2);
}

const config = loadConfig({
  CARELOOP_DATA_DIR: settings.dataDir,
  CARELOOP_DEMO: 'false',
  LOG_LEVEL: 'silent',
});
const store = await connectStore(config);
try {
  const models = createModels(store.connection);
  const services = createServices({ config, logger: silentLogger(), models });
  await ensureIndexes(models);
  const seeded = await seedFeedData({ models, services }, settings.stories);
  process.stdout.write(`${JSON.stringify(seeded)}\n`);
} finally {
  await store.close();
}
