import { expect } from 'chai';
import { Types } from 'mongoose';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  board,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
  publishedStory,
  submitAccepted,
} from '../../support/stories.js';

const ayrConstituency = 'Ayr, Carrick and Cumnock';

describe('who is listening, reads and progress (POST /api/v1/stories/:id/reads)', () => {
  let app: TestApp;
  let nurse: TestAccount;
  let manager: TestAccount;
  let otherBoardStaff: TestAccount;
  let mp: TestAccount;
  let moderator: TestAccount;

  const read = (storyId: string, as: TestAccount | string) =>
    callApi(app, 'POST', `/stories/${storyId}/reads`, { as });
  const view = (storyId: string, as?: TestAccount) =>
    callApi(app, 'GET', `/stories/${storyId}`, as === undefined ? {} : { as });
  /** What the notifier records when alerts about a story are queued. */
  const markAlerted = (storyId: string) =>
    app.models.stories.updateOne(
      { _id: new Types.ObjectId(storyId) },
      {
        $set: {
          alertedAt: new Date(),
          alertedOrganisations: [
            { id: board, name: 'NHS Ayrshire & Arran' },
            { id: hospital, name: 'University Hospital Crosshouse' },
          ],
        },
      },
    );

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    nurse = await createAccount(app, { role: 'staff', services: [hospital] });
    manager = await createAccount(app, { role: 'staff', services: [board] });
    otherBoardStaff = await createAccount(app, { role: 'staff', services: [otherBoardHospital] });
    mp = await createAccount(app, { role: 'stakeholder', constituency: ayrConstituency });
    moderator = await createAccount(app, { role: 'moderator' });
  });

  after(() => app.close());

  describe('reads', () => {
    it('records a read by staff in scope once, however often they open the story', async () => {
      const story = await publishedStory(app);
      const first = await read(story.id, nurse);
      expect(first.status, first.text).to.equal(201);
      expect(first.body).to.deep.equal({ readCount: 1, firstRead: true });
      const again = await read(story.id, nurse);
      expect(again.status).to.equal(200);
      expect(again.body).to.deep.equal({ readCount: 1, firstRead: false });
      expect((await view(story.id)).body.listening.readCount).to.equal(1);
    });

    it('counts each account in scope that read the story', async () => {
      const story = await publishedStory(app);
      await read(story.id, nurse);
      await read(story.id, manager);
      await read(story.id, nurse);
      expect((await view(story.id)).body.listening.readCount).to.equal(2);
    });

    it('counts concurrent first reads by different accounts exactly', async () => {
      const story = await publishedStory(app);
      const readers = await Promise.all(
        [0, 1, 2, 3].map(() => createAccount(app, { role: 'staff', services: [hospital] })),
      );
      await Promise.all(readers.map((reader) => read(story.id, reader)));
      expect((await view(story.id)).body.listening.readCount).to.equal(4);
    });

    it('refuses staff of another board and moderators with 403, and the public with 401', async () => {
      const story = await publishedStory(app);
      expect((await read(story.id, otherBoardStaff)).status).to.equal(403);
      expect((await read(story.id, moderator)).status).to.equal(403);
      expect((await read(story.id, story.authorKey)).status).to.equal(401);
      expect((await callApi(app, 'POST', `/stories/${story.id}/reads`)).status).to.equal(401);
      expect((await view(story.id)).body.listening.readCount).to.equal(0);
    });

    it('answers 404 for a story not yet published', async () => {
      const waiting = await submitAccepted(app);
      expect((await read(waiting.id, nurse)).status).to.equal(404);
    });
  });

  describe('listening, in public', () => {
    it('shows anyone which organisations were alerted and how many in scope read it', async () => {
      const story = await publishedStory(app);
      await markAlerted(story.id);
      await read(story.id, nurse);
      const answer = await view(story.id);
      expect(answer.body.listening).to.deep.equal({
        alertedOrganisations: [
          { id: board, name: 'NHS Ayrshire & Arran' },
          { id: hospital, name: 'University Hospital Crosshouse' },
        ],
        readCount: 1,
      });
    });

    it('names no person and no email address in the listening information', async () => {
      const story = await publishedStory(app);
      await read(story.id, nurse);
      const answer = await view(story.id);
      expect(answer.text).not.to.include(nurse.email);
      expect(answer.text).not.to.include(nurse.id);
    });
  });

  describe('progress', () => {
    it('goes unheard → heard → read → responded → change planned → change made', async () => {
      const story = await publishedStory(app);
      const stage = async () => (await view(story.id, nurse)).body.progress.stage;
      expect(await stage()).to.equal('unheard');
      await markAlerted(story.id);
      expect(await stage()).to.equal('heard');
      await read(story.id, manager);
      expect(await stage()).to.equal('read');
      const response = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
        as: nurse,
        body: { body: 'Thank you.' },
      });
      expect(await stage()).to.equal('responded');
      await callApi(app, 'PATCH', `/stories/${story.id}/responses/${response.body.id}`, {
        as: nurse,
        body: { change: 'planned' },
      });
      expect(await stage()).to.equal('change-planned');
      await callApi(app, 'POST', `/stories/${story.id}/responses`, {
        as: manager,
        body: { body: 'Done.', change: 'made' },
      });
      expect(await stage()).to.equal('change-made');
    });

    it('shows progress to a stakeholder in scope and to moderators', async () => {
      const story = await publishedStory(app, { services: ['university-hospital-ayr'] });
      expect((await view(story.id, mp)).body.progress).to.include({ stage: 'unheard', readCount: 0 });
      expect((await view(story.id, moderator)).body.progress).to.include({ stage: 'unheard' });
    });

    it('keeps progress from the public, the author and staff of other boards', async () => {
      const story = await publishedStory(app);
      expect((await view(story.id)).body).not.to.have.property('progress');
      expect(
        (await callApi(app, 'GET', `/stories/${story.id}`, { as: story.authorKey })).body,
      ).not.to.have.property('progress');
      expect((await view(story.id, otherBoardStaff)).body).not.to.have.property('progress');
    });
  });
});
