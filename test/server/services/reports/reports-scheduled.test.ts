import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { callApi } from '../../../support/api.js';
import { startTestApp, type TestApp } from '../../../support/app.js';
import { reportBoard, seedReportDataset } from '../../../support/report-dataset.js';
import { loadScotlandServices } from '../../../support/stories.js';

describe('reports: weekly and monthly report emails', function () {
  this.timeout(20_000);
  let app: TestApp;
  let staff: TestAccount;
  let subscriptionId: string;

  before(async () => {
    app = await startTestApp();
    await loadScotlandServices(app);
    await seedReportDataset(app);
    staff = await createAccount(app, { role: 'staff', services: [reportBoard] });
    const created = await callApi(app, 'POST', '/subscriptions', {
      as: staff,
      body: { service: reportBoard },
    });
    subscriptionId = created.body.id;
  });
  after(() => app.close());

  const outbox = () => app.models.outboxMessages.find({ dedupeKey: /^report:/ }).lean();

  it('lets a subscriber ask for a weekly report', async () => {
    const answer = await callApi(app, 'PUT', `/subscriptions/${subscriptionId}/report`, {
      as: staff,
      body: { frequency: 'weekly' },
    });
    expect(answer.status, answer.text).to.equal(200);
    expect(answer.body).to.deep.equal({ subscription: subscriptionId, frequency: 'weekly' });
  });

  it("refuses to set it on another account's subscription", async () => {
    const other = await createAccount(app, { role: 'staff', services: [reportBoard] });
    const answer = await callApi(app, 'PUT', `/subscriptions/${subscriptionId}/report`, {
      as: other,
      body: { frequency: 'monthly' },
    });
    expect(answer.status).to.equal(404);
  });

  it('emails the last whole week once it has ended, through the outbox', async () => {
    await app.models.subscriptions.updateOne(
      { _id: subscriptionId },
      { $set: { lastReportPeriod: '2026-W10' } },
    );
    const queued = await app.services.scheduledReports.sendDue(new Date('2026-03-16T08:00:00Z'));
    expect(queued).to.equal(1);
    const [message] = await outbox();
    expect(message).to.include({ dedupeKey: `report:${subscriptionId}:2026-W11`, to: staff.email });
    expect(message!.subject).to.match(/Weekly report for NHS Ayrshire & Arran \(2026-W11\): 5 stories/);
  });

  it('sends nothing more for the same week', async () => {
    expect(await app.services.scheduledReports.sendDue(new Date('2026-03-17T08:00:00Z'))).to.equal(0);
    expect(await outbox()).to.have.length(1);
  });

  it('never queues the same week twice, even when its record was lost', async () => {
    await app.models.subscriptions.updateOne(
      { _id: subscriptionId },
      { $set: { lastReportPeriod: '2026-W10' } },
    );
    await app.services.scheduledReports.sendDue(new Date('2026-03-16T09:00:00Z'));
    expect(await outbox()).to.have.length(1);
  });
});
