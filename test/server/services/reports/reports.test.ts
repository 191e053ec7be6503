import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { callApi } from '../../../support/api.js';
import { startTestApp, type TestApp } from '../../../support/app.js';
import {
  boardSource,
  reportBoard,
  reportDepartment,
  reportHospitalAyr,
  reportHospitalCrosshouse,
  reportPeriod,
  seedReportDataset,
  type ReportDataset,
} from '../../../support/report-dataset.js';
import { loadScotlandServices } from '../../../support/stories.js';

const query = `from=${reportPeriod.from}&to=${reportPeriod.to}`;
const boardReport = `/reports/services/${reportBoard}?${query}`;

describe('reports: figures for a service subtree and a period', function () {
  this.timeout(20_000);
  let app: TestApp;
  let admin: TestAccount;
  let staff: TestAccount;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answer as a client reads it
  let report: any;
  let dataset: ReportDataset;

  before(async () => {
    app = await startTestApp();
    await loadScotlandServices(app);
    dataset = await seedReportDataset(app);
    admin = await createAccount(app, { role: 'admin' });
    staff = await createAccount(app, { role: 'staff', services: [reportBoard] });
    report = (await callApi(app, 'GET', boardReport, { as: admin })).body;
  });
  after(() => app.close());

  it('counts the stories published from the first day 00:00 to the end of the last day (UTC)', () => {
    expect(report.period).to.deep.equal({
      from: '2026-03-02',
      to: '2026-03-15',
      days: 14,
      previousFrom: '2026-02-16',
    });
    expect(report.totals.stories).to.equal(12);
  });

  it('gives the response rate and the exact median and 90th-percentile hours to a first response', () => {
    expect(report.totals).to.include({
      responded: 10,
      responseRate: 10 / 12,
      medianHoursToFirstResponse: 5,
      p90HoursToFirstResponse: 9,
    });
  });

  it('counts visible responses saying a change is planned or made, not hidden or deleted ones', () => {
    expect(report.totals).to.include({ responses: 10, changePlannedRate: 0.2, changeMadeRate: 0.1 });
  });

  it('gives the same figures week by week (ISO weeks, UTC)', () => {
    expect(report.trend).to.deep.equal([
      {
        week: '2026-W10',
        stories: 7,
        responded: 7,
        responseRate: 1,
        medianHoursToFirstResponse: 4,
        p90HoursToFirstResponse: 7,
        responses: 7,
        changePlannedRate: 2 / 7,
        changeMadeRate: 1 / 7,
      },
      {
        week: '2026-W11',
        stories: 5,
        responded: 3,
        responseRate: 0.6,
        medianHoursToFirstResponse: 9,
        p90HoursToFirstResponse: 10,
        responses: 3,
        changePlannedRate: 0,
        changeMadeRate: 0,
      },
    ]);
  });

  it('breaks the stories down by author role and by source site', () => {
    expect(report.authorRoles).to.deep.equal({
      suppressed: false,
      items: [
        { value: 'patient', stories: 6 },
        { value: 'carer', stories: 3 },
        { value: 'relative', stories: 3 },
      ],
    });
    expect(report.sources).to.deep.equal({
      suppressed: false,
      items: [
        { value: boardSource, stories: 8 },
        { value: null, stories: 4 },
      ],
    });
  });

  it('lists the top tags of each kind, case-insensitively, with the change from the previous period', () => {
    expect(report.tags.good).to.deep.equal([
      { tag: 'Kindness', stories: 7, previousStories: 2, change: 5 },
      { tag: 'Cleanliness', stories: 1, previousStories: 0, change: 1 },
    ]);
    expect(report.tags.improve).to.deep.equal([
      { tag: 'waiting times', stories: 3, previousStories: 0, change: 3 },
    ]);
    expect(report.tags.feelings).to.deep.equal([
      { tag: 'reassured', stories: 1, previousStories: 0, change: 1 },
    ]);
  });

  it('gives staff the criticality distribution', () => {
    expect(report.criticality).to.deep.equal([
      { level: null, stories: 6 },
      { level: 0, stories: 0 },
      { level: 1, stories: 0 },
      { level: 2, stories: 0 },
      { level: 3, stories: 4 },
      { level: 4, stories: 0 },
      { level: 5, stories: 2 },
    ]);
  });

  it('breaks the stories down by progress, as each story page shows it', async () => {
    expect(report.progress).to.deep.equal([
      { stage: 'unheard', stories: 0 },
      { stage: 'heard', stories: 1 },
      { stage: 'read', stories: 1 },
      { stage: 'responded', stories: 7 },
      { stage: 'change-planned', stories: 2 },
      { stage: 'change-made', stories: 1 },
    ]);
    const stages = await Promise.all(
      dataset.inPeriod.map(
        async (id) => (await callApi(app, 'GET', `/stories/${id}`, { as: admin })).body.progress.stage,
      ),
    );
    for (const { stage, stories } of report.progress) {
      expect(
        stages.filter((shown) => shown === stage),
        stage,
      ).to.have.length(stories);
    }
  });

  it('ranks the services directly below, each counting its own subtree', () => {
    expect(report.children.map((child: { id: string }) => child.id)).to.deep.equal([
      reportHospitalCrosshouse,
      reportHospitalAyr,
    ]);
    expect(report.children[0]).to.include({
      rank: 1,
      stories: 8,
      responded: 8,
      responseRate: 1,
      medianHoursToFirstResponse: 4,
      p90HoursToFirstResponse: 8,
    });
    expect(report.children[1]).to.include({
      rank: 2,
      stories: 3,
      responded: 2,
      responseRate: 2 / 3,
      medianHoursToFirstResponse: 9,
      p90HoursToFirstResponse: 10,
    });
  });

  it('withholds the breakdowns by role and source for 10 stories, with the reason', async () => {
    const { body } = await callApi(
      app,
      'GET',
      `/reports/services/${reportBoard}?from=2026-03-02&to=2026-03-11`,
      {
        as: admin,
      },
    );
    expect(body.totals.stories).to.equal(10);
    expect(body.authorRoles.suppressed).to.equal(true);
    expect(body.authorRoles.reason).to.match(/10 or fewer stories/);
    expect(body.sources).to.not.have.property('items');
  });

  it('shows the breakdowns from 11 stories', async () => {
    const { body } = await callApi(
      app,
      'GET',
      `/reports/services/${reportBoard}?from=2026-03-02&to=2026-03-12`,
      {
        as: admin,
      },
    );
    expect(body.totals.stories).to.equal(11);
    expect(body.authorRoles.suppressed).to.equal(false);
    expect(body.sources.suppressed).to.equal(false);
  });

  it('withholds them for a smaller service in the same period', async () => {
    const { body } = await callApi(app, 'GET', `/reports/services/${reportDepartment}?${query}`, {
      as: admin,
    });
    expect(body.totals.stories).to.equal(8);
    expect(body.authorRoles).to.include({ suppressed: true });
  });

  it('covers the last 90 days, today included, when no period is asked for', async () => {
    const { body } = await callApi(app, 'GET', `/reports/services/${reportBoard}`, { as: admin });
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
    expect(body.period).to.include({ from, to: today, days: 90 });
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const answer = await callApi(
      app,
      'GET',
      `/reports/services/${reportBoard}?from=2026-03-10&to=2026-03-09`,
      {
        as: admin,
      },
    );
    expect(answer.status).to.equal(400);
    expect(
      answer.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]),
    ).to.deep.equal([['to', 'dates-out-of-order']]);
  });

  it('refuses a day that is not in the calendar, naming the field', async () => {
    const answer = await callApi(app, 'GET', `/reports/services/${reportBoard}?from=2026-02-30`, {
      as: admin,
    });
    expect(answer.status).to.equal(400);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['from']);
  });

  it('shows a new response in the next report', async () => {
    const before = await callApi(app, 'GET', boardReport, { as: staff });
    expect(before.body.totals.responded).to.equal(10);
    const responded = await callApi(app, 'POST', `/stories/${dataset.inPeriod[10]}/responses`, {
      as: staff,
      body: { body: 'Thank you: we are looking into this.', change: 'planned' },
    });
    expect(responded.status, responded.text).to.equal(201);
    const after = await callApi(app, 'GET', boardReport, { as: staff });
    expect(after.body.totals).to.include({ responded: 11, responses: 11 });
  });
});
