import { expect } from 'chai';
import { Types, type PipelineStage } from 'mongoose';
import type { Models } from '../../../../server/models/index.js';
import type { Organisation } from '../../../../server/models/organisation.js';
import { shapeFigures } from '../../../../server/services/reports/figures.js';
import { reportPeriod, type ReportPeriod } from '../../../../server/services/reports/period.js';
import { reportPipeline, type ReportFacets } from '../../../../server/services/reports/pipelines.js';
import { ReportRollups } from '../../../../server/services/reports/rollups.js';
import { subtreeScope } from '../../../../server/services/reports/scope.js';
import { eraseStories, type ErasableStory } from '../../../../server/services/erasure.js';
import { startTestApp, type TestApp } from '../../../support/app.js';
import {
  reportBoard,
  reportDepartment,
  reportHospitalAyr,
  reportHospitalCrosshouse,
  reportPeriod as datasetPeriod,
  seedReportDataset,
  type ReportDataset,
} from '../../../support/report-dataset.js';
import { loadScotlandServices } from '../../../support/stories.js';

const reported = [reportBoard, reportHospitalCrosshouse];
const periods = [
  reportPeriod(datasetPeriod, new Date()),
  // A period whose previous one starts inside the dataset's: other days, other edges.
  reportPeriod({ from: '2026-03-09', to: '2026-03-20' }, new Date()),
];

/** The subtree of `serviceId` as ReportService reads it, and its children named by their ids. */
async function scopeOf(models: Models, serviceId: string) {
  const scope = await subtreeScope(models.organisations, serviceId);
  const children = [...new Set(scope.childOf.values())].map((id) => ({ id, name: id, retired: false }));
  return { ...scope, children };
}

/** The figures of one aggregation over the stories (the report before rollups) and from the rollups. */
async function bothWays(app: TestApp, rollups: ReportRollups, serviceId: string, period: ReportPeriod) {
  const scope = await scopeOf(app.models, serviceId);
  const context = { service: { id: serviceId, name: serviceId }, period, children: scope.children };
  const [direct] = await app.models.stories.aggregate<ReportFacets>(
    reportPipeline(scope, period) as unknown as PipelineStage[],
  );
  return {
    direct: shapeFigures(direct!, context),
    rolledUp: shapeFigures(await rollups.facets(serviceId, scope.childOf, period), context),
  };
}

describe('reports: daily rollups', function () {
  this.timeout(30_000);
  let first: TestApp;
  let second: TestApp;
  let dataset: ReportDataset;
  const rollupsOf = new Map<TestApp, ReportRollups>();

  /** Every reported service and period gives the same figures from `app`'s rollups as by aggregation. */
  async function expectSameFigures(app: TestApp, after: string) {
    for (const period of periods) {
      for (const serviceId of reported) {
        const { direct, rolledUp } = await bothWays(app, rollupsOf.get(app)!, serviceId, period);
        expect(rolledUp, `${serviceId} ${period.from}…${period.to} after ${after}`).to.deep.equal(direct);
      }
    }
  }

  const story = (i: number) => new Types.ObjectId(dataset.inPeriod[i]);

  before(async () => {
    first = await startTestApp();
    second = await startTestApp({ store: first.store });
    await loadScotlandServices(first);
    dataset = await seedReportDataset(first);
    rollupsOf.set(first, new ReportRollups(first.models));
    rollupsOf.set(second, new ReportRollups(second.models));
  });
  after(async () => {
    await second?.close();
    await first?.close();
  });

  it('gives every figure of the report exactly as one aggregation over the stories does', async () => {
    await expectSameFigures(first, 'the first look');
    await expectSameFigures(second, 'the first look');
  });

  it('follows a story published on one instance in the other’s next report', async () => {
    const [submitted] = dataset.outside.slice(3, 4);
    await first.models.stories.updateOne(
      { _id: submitted },
      {
        $set: {
          status: 'published',
          publishedAt: new Date('2026-03-10T08:00:00Z'),
          tags: { good: ['Food'] },
        },
      },
    );
    await expectSameFigures(second, 'publishing');
    await expectSameFigures(first, 'publishing');
  });

  it('follows responses: a new one, one saying a change is made, a hidden one', async () => {
    const responder = {
      userId: new Types.ObjectId(),
      name: 'Ward Manager',
      role: 'staff',
      organisation: { id: reportBoard, name: 'NHS Ayrshire & Arran' },
    };
    const at = new Date('2026-03-12T09:00:00Z');
    await second.models.responses.create({
      storyId: story(10),
      body: 'We have changed it.',
      change: 'made',
      responder,
      editableUntil: at,
    });
    await second.models.stories.updateOne(
      { _id: story(10) },
      { $set: { responseCount: 1, responded: true, firstResponseAt: at } },
    );
    await expectSameFigures(first, 'a new response');
    await first.models.responses.updateOne({ storyId: story(3) }, { $set: { hiddenAt: new Date() } });
    await expectSameFigures(second, 'hiding a response');
  });

  it('follows a withdrawn story and a re-tagged one', async () => {
    await first.models.stories.updateOne(
      { _id: story(4) },
      { $set: { status: 'withdrawn', withdrawnAt: new Date() } },
    );
    await second.models.stories.updateOne(
      { _id: story(5) },
      { $set: { tags: { good: ['Dignity'], improve: ['Parking'], feelings: [] } } },
    );
    await expectSameFigures(first, 'withdrawing and re-tagging');
  });

  it('keeps no tag of an erased story, the author’s words, in any day once it is erased', async () => {
    await second.models.stories.updateOne(
      { _id: story(6) },
      { $set: { tags: { good: ['Nurse Jo on ward 3'], improve: [], feelings: [] } } },
    );
    await expectSameFigures(first, 'a tag naming someone');
    const erased = await first.models.stories.findById(story(6)).lean<ErasableStory>();
    await eraseStories(first.models, [erased!], [], { id: 'admin', name: 'Admin' }, new Date());
    const stored = JSON.stringify(await first.models.reportRollups.find().lean());
    expect(stored.toLowerCase()).to.not.include('nurse jo');
    await expectSameFigures(second, 'an erasure');
  });

  it('follows a story moved to another service, counting it for the new one only', async () => {
    await first.models.stories.updateOne({ _id: story(0) }, { $set: { services: [reportHospitalAyr] } });
    await second.models.stories.updateOne(
      { _id: story(1) },
      { $set: { services: [reportDepartment, reportHospitalAyr] } },
    );
    await expectSameFigures(second, 'moving stories');
  });

  it('follows a change that lands late, with an older time than the last look', async () => {
    await expectSameFigures(first, 'a look');
    const stampedEarlier = new Date(Date.now() - 5_000);
    await second.models.stories.updateOne(
      { _id: story(2) },
      { $set: { criticality: 1, updatedAt: stampedEarlier } },
      { timestamps: false },
    );
    await expectSameFigures(first, 'a late write');
  });

  it('agrees when both instances bring the same changed days up to date at once', async () => {
    await first.models.stories.updateOne({ _id: story(7) }, { $set: { authorRole: 'friend' } });
    await Promise.all(
      [first, second].map((app) => rollupsOf.get(app)!.bringUpToDate(periods[0]!.from, periods[0]!.to)),
    );
    await expectSameFigures(second, 'two instances at once');
    await expectSameFigures(first, 'two instances at once');
  });

  it('counts again by the new tree when a service moves in it', async () => {
    const ayr = await first.models.organisations.findById(reportHospitalAyr).lean<Organisation>();
    await first.models.organisations.updateOne(
      { _id: reportDepartment },
      { $set: { parent: reportHospitalAyr, ancestors: [...ayr!.ancestors, reportHospitalAyr] } },
    );
    await expectSameFigures(second, 'moving a service');
  });

  it('answers a report from the stories while its days are still to be computed, then from the days', async () => {
    // As after a start on data no report has read yet: no day computed.
    await first.models.reportRollups.deleteMany({});
    await first.models.settings.deleteOne({ _id: 'report-rollups' });
    const [period] = periods;
    const rollups = new ReportRollups(first.models);
    expect(await rollups.covers(period!)).to.equal(false);

    const { reports } = first.services;
    const cold = await reports.figures(reportBoard, period!, 'staff');

    // The days are computed meanwhile, by the report that found them missing.
    const deadline = Date.now() + 20_000;
    while (!(await rollups.covers(period!)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await rollups.covers(period!)).to.equal(true);
    const { direct: counted, rolledUp } = await bothWays(first, rollups, reportBoard, period!);
    expect(rolledUp).to.deep.equal(counted);
    expect(cold.totals.stories).to.be.above(0);
    expect({ totals: cold.totals, trend: cold.trend, tags: cold.tags }).to.deep.equal({
      totals: counted.totals,
      trend: counted.trend,
      tags: counted.tags,
    });
  });
});
