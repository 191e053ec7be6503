import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Types } from 'mongoose';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi, expectDocumentedAnswer } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  board,
  department,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
  problemFields,
  publishedStory,
  storedStory,
  submitAccepted,
} from '../../support/stories.js';

const ayrHospital = 'university-hospital-ayr';
const ayrConstituency = 'Ayr, Carrick and Cumnock';
const minutes = 60 * 1000;

describe('responses (POST/PATCH/DELETE /api/v1/stories/:id/responses)', () => {
  let app: TestApp;
  let nurse: TestAccount;
  let boardAndHospitalManager: TestAccount;
  let otherBoardStaff: TestAccount;
  let mp: TestAccount;
  let moderator: TestAccount;
  let admin: TestAccount;

  const respond = (storyId: string, as: TestAccount | string, body: unknown) =>
    callApi(app, 'POST', `/stories/${storyId}/responses`, { as, body });
  const publicThread = async (storyId: string) => {
    const read = await callApi(app, 'GET', `/stories/${storyId}`);
    expect(read.status, read.text).to.equal(200);
    return read.body.thread as { type: string; id: string; body: string }[];
  };
  /** Moves the responses' clock `offsetMs` into the future for the length of `run`. */
  const later = async (offsetMs: number, run: () => Promise<void>) => {
    const responses = app.services.responses;
    const realNow = responses.now;
    responses.now = () => new Date(Date.now() + offsetMs);
    try {
      await run();
    } finally {
      responses.now = realNow;
    }
  };

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    nurse = await createAccount(app, {
      role: 'staff',
      services: [hospital],
      name: 'Alex Morgan',
      jobTitle: 'Charge nurse',
    });
    boardAndHospitalManager = await createAccount(app, {
      role: 'staff',
      services: [board, hospital],
      name: 'Sam Reid',
    });
    otherBoardStaff = await createAccount(app, { role: 'staff', services: [otherBoardHospital] });
    mp = await createAccount(app, {
      role: 'stakeholder',
      constituency: ayrConstituency,
      name: 'Office of the MP',
      jobTitle: 'Caseworker',
    });
    moderator = await createAccount(app, { role: 'moderator' });
    admin = await createAccount(app, { role: 'admin' });
  });

  after(() => app.close());

  describe('responding', () => {
    it('publishes a staff response at once, with their name, job title and the service they speak for', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: '  Thank you for telling us.  ' });
      expect(posted.status, posted.text).to.equal(201);
      expect(posted.body).to.include({ type: 'response', body: 'Thank you for telling us.', change: null });
      expect(posted.body.responder).to.deep.equal({
        name: 'Alex Morgan',
        jobTitle: 'Charge nurse',
        organisation: { id: hospital, name: 'University Hospital Crosshouse' },
      });
      const thread = await publicThread(story.id);
      expect(thread.map((entry) => entry.id)).to.deep.equal([posted.body.id]);
    });

    it('shows the responder as speaking for the nearest of their services above the story', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, boardAndHospitalManager, { body: 'We are looking into it.' });
      expect(posted.status, posted.text).to.equal(201);
      expect(posted.body.responder).to.deep.equal({
        name: 'Sam Reid',
        jobTitle: null,
        organisation: { id: hospital, name: 'University Hospital Crosshouse' },
      });
    });

    it('lets a stakeholder respond to a story in their constituency, speaking for the constituency', async () => {
      const story = await publishedStory(app, { services: [ayrHospital] });
      const posted = await respond(story.id, mp, { body: 'I have raised this with the board.' });
      expect(posted.status, posted.text).to.equal(201);
      expect(posted.body.responder.organisation).to.deep.equal({
        id: 'constituency:ayr-carrick-and-cumnock',
        name: ayrConstituency,
      });
    });

    it('refuses staff of another board with 403', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, otherBoardStaff, { body: 'Not ours.' });
      expect(posted.status).to.equal(403);
      expect(posted.headers.get('content-type')).to.include('application/problem+json');
      expect(await publicThread(story.id)).to.deep.equal([]);
    });

    it('refuses a stakeholder outside the constituency with 403', async () => {
      const story = await publishedStory(app);
      expect((await respond(story.id, mp, { body: 'Hello.' })).status).to.equal(403);
    });

    it('refuses moderators and admins with 403: they do not respond as staff', async () => {
      const story = await publishedStory(app);
      for (const account of [moderator, admin]) {
        expect((await respond(story.id, account, { body: 'Hello.' })).status).to.equal(403);
      }
    });

    it("refuses the story's author (author key) and anonymous callers with 401", async () => {
      const story = await publishedStory(app);
      expect((await respond(story.id, story.authorKey, { body: 'Me again.' })).status).to.equal(401);
      const anonymous = await callApi(app, 'POST', `/stories/${story.id}/responses`, {
        body: { body: 'Hi' },
      });
      expect(anonymous.status).to.equal(401);
    });

    it('answers 404 for a story not yet published, and for an unknown id', async () => {
      const waiting = await submitAccepted(app);
      expect((await respond(waiting.id, nurse, { body: 'Too soon.' })).status).to.equal(404);
      expect((await respond('0123456789abcdef01234567', nurse, { body: 'Hi' })).status).to.equal(404);
      expect((await respond('not-an-id', nurse, { body: 'Hi' })).status).to.equal(404);
    });

    it('answers 400 naming the field for a blank, missing or too long body or an unknown change', async () => {
      const story = await publishedStory(app);
      expect(problemFields((await respond(story.id, nurse, { body: '   ' })).body)).to.deep.equal(['body']);
      expect(problemFields((await respond(story.id, nurse, {})).body)).to.deep.equal(['body']);
      const long = await respond(story.id, nurse, { body: 'x'.repeat(8001) });
      expect(long.status).to.equal(400);
      expect(problemFields(long.body)).to.deep.equal(['body']);
      const change = await respond(story.id, nurse, { body: 'Hi', change: 'maybe' });
      expect(problemFields(change.body)).to.deep.equal(['change']);
    });

    it('queues the news of the response on the response itself', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Thank you.' });
      const stored = await app.models.responses.findById(posted.body.id).lean();
      expect(stored?.pendingEvents.map((event) => event.type)).to.deep.equal(['created']);
    });

    it('publishes the response once when it is retried with the same Idempotency-Key, answering the first 201', async () => {
      const story = await publishedStory(app);
      const headers = { 'Idempotency-Key': randomUUID() };
      const body = { body: 'Thank you, we are looking into it.', change: 'planned' };
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          callApi(app, 'POST', `/stories/${story.id}/responses`, { as: nurse, body, headers }),
        ),
      );
      expect(answers.map((answer) => answer.status)).to.deep.equal([201, 201, 201, 201]);
      expect(new Set(answers.map((answer) => answer.text)).size).to.equal(1);
      expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).to.have.length(
        3,
      );
      expect((await publicThread(story.id)).map((entry) => entry.id)).to.deep.equal([answers[0]!.body.id]);
      const read = await callApi(app, 'GET', `/stories/${story.id}`);
      expect(read.body).to.include({ responseCount: 1, change: 'planned' });
    });

    it("refuses the same Idempotency-Key with another response with 422, and keeps another account's key apart", async () => {
      const story = await publishedStory(app);
      const headers = { 'Idempotency-Key': randomUUID() };
      const post = (as: TestAccount, text: string) =>
        callApi(app, 'POST', `/stories/${story.id}/responses`, { as, body: { body: text }, headers });
      expect((await post(nurse, 'First words.')).status).to.equal(201);
      const changed = await post(nurse, 'Other words.');
      expect(changed.status).to.equal(422);
      expect(changed.headers.get('content-type')).to.include('application/problem+json');
      const colleague = await post(boardAndHospitalManager, 'Other words.');
      expect(colleague.status, colleague.text).to.equal(201);
      expect((await publicThread(story.id)).map((entry) => entry.body)).to.deep.equal([
        'First words.',
        'Other words.',
      ]);
    });
  });

  describe('counts and change markers', () => {
    it('shows the response count and change marker on the story and in lists', async () => {
      const story = await publishedStory(app, { title: 'Counted story' });
      await respond(story.id, nurse, { body: 'We will change the rota.', change: 'planned' });
      await respond(story.id, boardAndHospitalManager, { body: 'Agreed.' });
      const read = await callApi(app, 'GET', `/stories/${story.id}`);
      expect(read.body).to.include({ responseCount: 2, responded: true, change: 'planned' });
      const listed = await callApi(app, 'GET', `/stories?service=${department}&q=counted`);
      expect(listed.body.items[0]).to.include({ responseCount: 2, responded: true, change: 'planned' });
    });

    it('shows "made" once any response says a change was made', async () => {
      const story = await publishedStory(app);
      await respond(story.id, nurse, { body: 'Planned.', change: 'planned' });
      await respond(story.id, boardAndHospitalManager, { body: 'Done.', change: 'made' });
      await respond(story.id, nurse, { body: 'Planned another.', change: 'planned' });
      expect((await callApi(app, 'GET', `/stories/${story.id}`)).body.change).to.equal('made');
    });

    it('filters lists by responded=true and responded=false', async () => {
      const answered = await publishedStory(app, { title: 'Answered zebra story' });
      await publishedStory(app, { title: 'Unanswered zebra story' });
      await respond(answered.id, nurse, { body: 'Thank you.' });
      const titles = async (responded: string) =>
        (await callApi(app, 'GET', `/stories?q=zebra&responded=${responded}`)).body.items.map(
          (item: { title: string }) => item.title,
        );
      expect(await titles('true')).to.deep.equal(['Answered zebra story']);
      expect(await titles('false')).to.deep.equal(['Unanswered zebra story']);
    });

    it('keeps the stored counters in step with the visible responses', async () => {
      const story = await publishedStory(app);
      const first = await respond(story.id, nurse, { body: 'One.' });
      await respond(story.id, boardAndHospitalManager, { body: 'Two.', change: 'made' });
      let stored = await storedStory(app, story.id);
      expect(stored).to.include({ responseCount: 2, responded: true, change: 'made' });
      expect((stored?.firstResponseAt as Date).toISOString()).to.equal(first.body.createdAt);
      const second = (await publicThread(story.id))[1];
      await callApi(app, 'POST', `/stories/${story.id}/responses/${second.id}/hide`, {
        as: moderator,
        body: { reason: 'Names a member of staff.' },
      });
      stored = await storedStory(app, story.id);
      expect(stored).to.include({ responseCount: 1, responded: true, change: null });
    });
  });

  describe('the 30-minute edit window', () => {
    it('lets the responder edit their response within 30 minutes, marking it edited', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Typo hre.' });
      const edited = await callApi(app, 'PATCH', `/stories/${story.id}/responses/${posted.body.id}`, {
        as: nurse,
        body: { body: 'Typo here.', change: 'planned' },
      });
      expect(edited.status, edited.text).to.equal(200);
      expect(edited.body).to.include({ body: 'Typo here.', change: 'planned' });
      expect(edited.body.editedAt).to.be.a('string');
      const thread = await publicThread(story.id);
      expect(thread[0]).to.include({ body: 'Typo here.', change: 'planned' });
      expect((await callApi(app, 'GET', `/stories/${story.id}`)).body.change).to.equal('planned');
    });

    it('fixes the response after 30 minutes: editing answers 409 with a clear message', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Final words.' });
      await later(31 * minutes, async () => {
        const edited = await callApi(app, 'PATCH', `/stories/${story.id}/responses/${posted.body.id}`, {
          as: nurse,
          body: { body: 'Changed my mind.' },
        });
        expect(edited.status).to.equal(409);
        expect(edited.body.detail).to.match(/30 minutes/);
      });
      expect((await publicThread(story.id))[0].body).to.equal('Final words.');
    });

    it('still lets the responder edit at 29 minutes', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Almost fixed.' });
      await later(29 * minutes, async () => {
        const edited = await callApi(app, 'PATCH', `/stories/${story.id}/responses/${posted.body.id}`, {
          as: nurse,
          body: { body: 'Just in time.' },
        });
        expect(edited.status, edited.text).to.equal(200);
      });
    });

    it('fixes the response after 30 minutes: deleting answers 409', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Here to stay.' });
      await later(31 * minutes, async () => {
        const deleted = await callApi(app, 'DELETE', `/stories/${story.id}/responses/${posted.body.id}`, {
          as: nurse,
        });
        expect(deleted.status).to.equal(409);
      });
      expect(await publicThread(story.id)).to.have.length(1);
    });

    it('lets the responder delete their response within 30 minutes: it leaves the thread and the counts', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Posted by mistake.', change: 'made' });
      const deleted = await callApi(app, 'DELETE', `/stories/${story.id}/responses/${posted.body.id}`, {
        as: nurse,
      });
      expect(deleted.status, deleted.text).to.equal(204);
      const read = await callApi(app, 'GET', `/stories/${story.id}`);
      expect(read.body.thread).to.deep.equal([]);
      expect(read.body).to.include({ responseCount: 0, responded: false, change: null });
      const stored = await app.models.responses.findById(posted.body.id).lean();
      expect(stored?.pendingEvents).to.deep.equal([]);
    });

    it("refuses to let anyone else edit or delete a response, even a colleague's, with 403", async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Mine.' });
      const path = `/stories/${story.id}/responses/${posted.body.id}`;
      const edited = await callApi(app, 'PATCH', path, {
        as: boardAndHospitalManager,
        body: { body: 'Ours.' },
      });
      expect(edited.status).to.equal(403);
      expect((await callApi(app, 'DELETE', path, { as: boardAndHospitalManager })).status).to.equal(403);
      expect((await callApi(app, 'DELETE', path, { as: moderator })).status).to.equal(403);
    });

    it('answers 404 for a response of another story', async () => {
      const story = await publishedStory(app);
      const other = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Mine.' });
      const edited = await callApi(app, 'PATCH', `/stories/${other.id}/responses/${posted.body.id}`, {
        as: nurse,
        body: { body: 'Moved?' },
      });
      expect(edited.status).to.equal(404);
    });

    it('answers 400 for an edit that changes nothing', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Mine.' });
      const edited = await callApi(app, 'PATCH', `/stories/${story.id}/responses/${posted.body.id}`, {
        as: nurse,
        body: {},
      });
      expect(edited.status).to.equal(400);
    });
  });

  describe('hiding', () => {
    it('lets a moderator hide a response: it is gone from every public answer', async () => {
      const story = await publishedStory(app, { title: 'Hidden response story' });
      const posted = await respond(story.id, nurse, { body: 'Dr Smith was rude to you.' });
      const hidden = await callApi(app, 'POST', `/stories/${story.id}/responses/${posted.body.id}/hide`, {
        as: moderator,
        body: { reason: 'Names a member of staff.' },
      });
      expect(hidden.status, hidden.text).to.equal(200);
      expect(hidden.body).to.include({ hidden: true, hiddenReason: 'Names a member of staff.' });
      const read = await callApi(app, 'GET', `/stories/${story.id}`);
      expect(read.body.thread).to.deep.equal([]);
      expect(read.text).not.to.include('Dr Smith');
      const listed = await callApi(app, 'GET', '/stories?q=hidden%20response');
      expect(listed.body.items[0]).to.include({ responseCount: 0, responded: false });
    });

    it('keeps who hid it, when and why in the response’s audit trail', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Hide me.' });
      const hidden = await callApi(app, 'POST', `/stories/${story.id}/responses/${posted.body.id}/hide`, {
        as: admin,
        body: { reason: 'Off topic.' },
      });
      expect(hidden.body.moderation).to.have.length(1);
      expect(hidden.body.moderation[0]).to.include({ action: 'hide', reason: 'Off topic.' });
      expect(hidden.body.moderation[0].by.id).to.equal(admin.id);
      const stored = await app.models.responses.findById(posted.body.id).lean();
      expect(stored?.hiddenAt).to.be.instanceOf(Date);
      expect(stored?.moderation[0]).to.include({ action: 'hide', reason: 'Off topic.' });
    });

    it('still shows moderators a hidden response, marked hidden with the reason', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Hide me.' });
      await callApi(app, 'POST', `/stories/${story.id}/responses/${posted.body.id}/hide`, {
        as: moderator,
        body: { reason: 'Off topic.' },
      });
      const read = await callApi(app, 'GET', `/stories/${story.id}`, { as: moderator });
      expect(read.body.thread).to.have.length(1);
      expect(read.body.thread[0]).to.include({
        id: posted.body.id,
        hidden: true,
        hiddenReason: 'Off topic.',
      });
    });

    it('stops the responder changing a hidden response (409)', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Hide me.' });
      await callApi(app, 'POST', `/stories/${story.id}/responses/${posted.body.id}/hide`, {
        as: moderator,
        body: { reason: 'Off topic.' },
      });
      const edited = await callApi(app, 'PATCH', `/stories/${story.id}/responses/${posted.body.id}`, {
        as: nurse,
        body: { body: 'Back again.' },
      });
      expect(edited.status).to.equal(409);
    });

    it('lets only moderators and admins hide (403), and asks for a reason (400)', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Keep me.' });
      const path = `/stories/${story.id}/responses/${posted.body.id}/hide`;
      expect((await callApi(app, 'POST', path, { as: nurse, body: { reason: 'Mine.' } })).status).to.equal(
        403,
      );
      const noReason = await callApi(app, 'POST', path, { as: moderator, body: {} });
      expect(problemFields(noReason.body)).to.deep.equal(['reason']);
      expect(await publicThread(story.id)).to.have.length(1);
    });
  });

  describe('the OpenAPI description', () => {
    /** Checks `answer` against the schema `/api/v1/openapi.json` documents for this operation and status. */
    const assertDocumented = (method: string, path: string, status: number, body: unknown) =>
      expectDocumentedAnswer(app, method, path, { status, body });

    it('answers posting, editing, hiding and reading in the documented shapes', async () => {
      const story = await publishedStory(app);
      const posted = await respond(story.id, nurse, { body: 'Thank you.', change: 'planned' });
      await assertDocumented('post', '/stories/{id}/responses', 201, posted.body);
      const path = `/stories/${story.id}/responses/${posted.body.id}`;
      const edited = await callApi(app, 'PATCH', path, { as: nurse, body: { change: null } });
      await assertDocumented('patch', '/stories/{id}/responses/{responseId}', 200, edited.body);
      const hidden = await callApi(app, 'POST', `${path}/hide`, { as: moderator, body: { reason: 'Test.' } });
      await assertDocumented('post', '/stories/{id}/responses/{responseId}/hide', 200, hidden.body);
      const read = await callApi(app, 'POST', `/stories/${story.id}/reads`, { as: nurse });
      await assertDocumented('post', '/stories/{id}/reads', 201, read.body);
    });

    it('answers a story with its thread, listening and progress in the documented shape', async () => {
      const story = await publishedStory(app);
      await respond(story.id, nurse, { body: 'Thank you.', change: 'made' });
      await app.models.replies.create({
        storyId: new Types.ObjectId(story.id),
        body: 'Thanks!',
        status: 'published',
        publishedAt: new Date(),
      });
      for (const as of [undefined, nurse, moderator, story.authorKey]) {
        const read = await callApi(app, 'GET', `/stories/${story.id}`, as === undefined ? {} : { as });
        expect(read.body.thread, read.text).to.have.length(2);
        await assertDocumented('get', '/stories/{id}', 200, read.body);
      }
      const listed = await callApi(app, 'GET', '/stories');
      await assertDocumented('get', '/stories', 200, listed.body);
    });
  });

  describe('news for the notifier', () => {
    it('queues the private-link email on a story told with an email address', async () => {
      const story = await submitAccepted(app, { email: 'author@example.org' });
      const stored = await storedStory(app, story.id);
      expect((stored?.pendingEvents as { type: string }[]).map((event) => event.type)).to.deep.equal([
        'submitted',
      ]);
    });

    it('queues nothing for a story told without an email address', async () => {
      const story = await submitAccepted(app);
      expect((await storedStory(app, story.id))?.pendingEvents).to.deep.equal([]);
    });
  });
});
