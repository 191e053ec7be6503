/**
 * Reports: a board's report (its cache off: computed every time, from the daily rollups once they are
 * there and the seeding's writes have settled) at 10k and 100k stories on the embedded engine, beside a
 * plain `countDocuments` of the same stories (the board's subtree over the same 90 days) in the same
 * run; also the very first report on the store (counted from the stories while the days are computed)
 * and how long computing the days took. Prints both, the ratio, and how the report grows from the smaller
 * store to the larger. Flags: `--quick` (1k and 10k), `--sizes 10k,100k`, `--repeat 5`.
 */
import mongoose from 'mongoose';
import { loadConfig } from '../../server/platform/config.js';
import { startEngine } from '@careloop/engine';
import { silentLogger } from '../../server/platform/log.js';
import { createModels, ensureIndexes } from '../../server/models/index.js';
import { OrganisationService } from '../../server/services/organisations.js';
import { ScopeService } from '../../server/services/scopes.js';
import { ReportService } from '../../server/services/reports/service.js';
import { ReportRollups } from '../../server/services/reports/rollups.js';
import { lateWriteMs } from '../../server/services/change-stamp.js';
import { formatCount, formatMs, formatRatio, formatTable } from '../lib/format.js';
import { chooseSizes, type BenchPart } from '../lib/part.js';
import { medianMs } from '../lib/timing.js';
import { seedReportStories } from './reports/seed.js';

const board = 'nhs-ayrshire-arran';

const part: BenchPart = {
  name: 'reports',
  description: "a board's report vs a countDocuments of the same stories, at 10k and 100k stories",
  async run(options) {
    const sizes = chooseSizes(options, { normal: [10_000, 100_000], quick: [1_000, 10_000] });
    const repeat = Number(options.flags.get('repeat') ?? 5);
    const engine = await startEngine({});
    const rows: string[][] = [];
    const figures: Record<string, unknown>[] = [];
    try {
      for (const size of sizes) {
        const connection = await mongoose.createConnection(`${engine.uri}reports_bench_${size}`).asPromise();
        const models = createModels(connection);
        await ensureIndexes(models);
        const now = new Date();
        await seedReportStories(models, size, board, now);
        const deps = { config: loadConfig({}), logger: silentLogger(), models };
        const organisations = new OrganisationService(deps);
        const scopes = new ScopeService({ ...deps, organisations });
        const subtree = await organisations.subtreeIds(board);
        const period = new ReportService({ ...deps, organisations, scopes, now: () => now }).period({});
        const count = () =>
          models.stories.countDocuments({
            services: { $in: subtree },
            status: 'published',
            publishedAt: { $gte: period.start, $lt: period.end },
          });
        const report = () =>
          // A fresh service each time: its cache must not answer.
          new ReportService({ ...deps, organisations, scopes }).figures(board, period, 'staff');
        await count();
        // The first report on a store whose days were never computed: counted from the stories while
        // its days are computed in the background (docs/decisions/2026-12-08-report-daily-rollups.md).
        const firstStarted = performance.now();
        await report();
        const firstMs = performance.now() - firstStarted;
        // Then the report as a running service gives it: its days computed, and the seeding's burst of
        // writes older than the late-write window every look re-reads.
        const rollups = new ReportRollups(models);
        const readyStarted = performance.now();
        while (!(await rollups.covers(period))) await new Promise((resolve) => setTimeout(resolve, 200));
        const daysMs = performance.now() - readyStarted + firstMs;
        await new Promise((resolve) => setTimeout(resolve, lateWriteMs + 1_000));
        await report();
        const stories = await count();
        const countMs = await medianMs(repeat, count);
        const reportMs = await medianMs(repeat, report);
        figures.push({
          size,
          storiesInReport: stories,
          countMs,
          reportMs,
          ratio: reportMs / countMs,
          firstReportMs: firstMs,
          daysComputedMs: daysMs,
        });
        rows.push([
          formatCount(size),
          formatCount(stories),
          formatMs(countMs),
          formatMs(reportMs),
          formatRatio(reportMs / countMs),
          formatMs(firstMs),
          formatMs(daysMs),
        ]);
        await connection.dropDatabase();
        await connection.close();
      }
    } finally {
      await engine.stop();
    }
    console.log(
      formatTable(
        [
          'stories',
          'in report',
          'countDocuments',
          'report',
          'report / count',
          'first report',
          'days computed in',
        ],
        rows,
      ),
    );
    const first = figures[0] as { reportMs: number } | undefined;
    const last = figures.at(-1) as { reportMs: number } | undefined;
    if (first && last && figures.length > 1) {
      console.log(
        `report time grows ${formatRatio(last.reportMs / first.reportMs)} from the smallest store to the largest`,
      );
    }
    return { board, repeat, sizes: figures };
  },
};

export default part;
