import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { bearer } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { getJson, loadScotlandServices, publishedStory, submitAccepted } from '../../support/stories.js';

interface Answer {
  status: number;
  text: string;
  body: Record<string, unknown> & {
    status?: string;
    complaint?: { reference: string | null; note: string | null; since: string } | null;
    heldForComplaint?: boolean;
    moderation?: { action: string; reason: string | null; changes: { field: string }[] }[];
    items?: { id: string }[];
    errors?: { field: string }[];
  };
}

describe('moderation: held for a formal complaint', function () {
  let app: TestApp;
  let moderator: TestAccount;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    moderator = await createAccount(app, { role: 'moderator', name: 'Morag Moderator' });
  });

  after(async () => {
    await app?.close();
  });

  async function moderate(id: string, body: Record<string, unknown>): Promise<Answer> {
    const response = await fetch(`${app.baseUrl}/api/v1/stories/${id}/moderation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(moderator) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  }

  async function queueIds(query = ''): Promise<string[]> {
    const reply = await getJson(app, `/moderation/queue${query}`, bearer(moderator));
    expect(reply.status, reply.text).to.equal(200);
    return (reply.body.items as { id: string }[]).map((item) => item.id);
  }

  async function holdForComplaint(id: string): Promise<Answer> {
    const held = await moderate(id, {
      action: 'complaint-hold',
      complaintReference: 'CMP-2026-0412',
      reason: 'Complaints team asked us to wait.',
    });
    expect(held.status, held.text).to.equal(200);
    return held;
  }

  it('keeps the story unpublished, records the reference and note in the history, and takes it out of the queue', async () => {
    const story = await publishedStory(app);
    const held = await holdForComplaint(story.id);
    expect(held.body.status).to.equal('held');
    expect(held.body.complaint).to.include({
      reference: 'CMP-2026-0412',
      note: 'Complaints team asked us to wait.',
    });
    const entry = held.body.moderation!.at(-1)!;
    expect(entry).to.include({ action: 'complaint-hold', reason: 'Complaints team asked us to wait.' });
    expect(entry.changes.map((change) => change.field)).to.include.members(['status', 'complaint']);
    expect((await getJson(app, `/stories/${story.id}`)).status).to.equal(404);
    expect(await queueIds()).not.to.include(story.id);
    expect(await queueIds('?status=held')).not.to.include(story.id);
    expect(await queueIds('?status=complaint')).to.deep.equal([story.id]);
  });

  it('refuses to publish it with a 409 problem saying why', async () => {
    const story = await submitAccepted(app);
    await holdForComplaint(story.id);
    const refused = await moderate(story.id, { action: 'publish' });
    expect(refused.status, refused.text).to.equal(409);
    expect(refused.body.type).to.be.a('string');
    expect(refused.body.detail).to.match(/formal complaint that is still open/);
    expect(refused.body).to.include({ heldForComplaint: true });
  });

  it('tells the author in plain words through their private link', async () => {
    const story = await submitAccepted(app);
    await holdForComplaint(story.id);
    const own = await getJson(app, `/stories/${story.id}`, bearer(story.authorKey));
    expect(own.status, own.text).to.equal(200);
    expect(own.body).to.include({ status: 'held', heldForComplaint: true, statusReason: null });
    expect(own.text).not.to.include('CMP-2026-0412');
    expect(own.text).not.to.include('Complaints team asked us to wait.');
  });

  it('release returns it to the queue, held, and it can then be published', async () => {
    const story = await submitAccepted(app);
    await holdForComplaint(story.id);
    const released = await moderate(story.id, { action: 'complaint-release', reason: 'Complaint closed.' });
    expect(released.status, released.text).to.equal(200);
    expect(released.body).to.include({ status: 'held', complaint: null, heldForComplaint: false });
    expect(released.body.moderation!.at(-1)).to.include({ action: 'complaint-release' });
    expect(await queueIds()).to.include(story.id);
    const published = await moderate(story.id, { action: 'publish' });
    expect(published.status, published.text).to.equal(200);
    expect(published.body.status).to.equal('published');
  });

  it('refuses to release a story that is not held for a complaint (409)', async () => {
    const story = await submitAccepted(app);
    const refused = await moderate(story.id, { action: 'complaint-release' });
    expect(refused.status, refused.text).to.equal(409);
  });

  it('takes a complaint reference only with the complaint hold, naming the field', async () => {
    const story = await submitAccepted(app);
    const refused = await moderate(story.id, { action: 'publish', complaintReference: 'CMP-1' });
    expect(refused.status, refused.text).to.equal(400);
    expect(refused.body.errors!.map((error) => error.field)).to.deep.equal(['complaintReference']);
  });
});
