import { expect } from 'chai';
import { Types } from 'mongoose';
import type { Models } from '../../../server/models/index.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  board,
  department,
  getJson,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
  publishedStory,
  submitAccepted,
} from '../../support/stories.js';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describe('a service summary for the badge (GET /api/v1/services/:id/summary)', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    const stories = app.connection.model('Story') as Models['stories'];
    const responded = async (id: string) =>
      stories.updateOne({ _id: new Types.ObjectId(id) }, { $set: { responded: true, responseCount: 1 } });
    await responded((await publishedStory(app, { services: [department] }, daysAgo(1))).id);
    await responded((await publishedStory(app, { services: [hospital] }, daysAgo(30))).id);
    await publishedStory(app, { services: [department] }, daysAgo(89));
    await publishedStory(app, { services: [department] }, daysAgo(100));
    await publishedStory(app, { services: [otherBoardHospital] }, daysAgo(2));
    await submitAccepted(app, { services: [department] });
  });

  after(async () => {
    await app?.close();
  });

  it('counts stories published in the last 90 days below the service, and those with a response', async () => {
    const summary = await getJson(app, `/services/${board}/summary`);
    expect(summary.status, summary.text).to.equal(200);
    expect(summary.body).to.deep.equal({
      service: board,
      days: 90,
      stories: 3,
      responded: 2,
      responseRate: 2 / 3,
    });
  });

  it('counts only the subtree asked for', async () => {
    const summary = await getJson(app, `/services/${department}/summary`);
    expect(summary.body).to.include({ stories: 2, responded: 1, responseRate: 0.5 });
  });

  it('says there is no rate rather than 0% when nothing was published', async () => {
    const summary = await getJson(app, '/services/nhs-shetland/summary');
    expect(summary.status, summary.text).to.equal(200);
    expect(summary.body).to.include({ stories: 0, responded: 0, responseRate: null });
  });

  it('answers 404 for an unknown service', async () => {
    const summary = await getJson(app, '/services/no-such-board/summary');
    expect(summary.status).to.equal(404);
  });
});
