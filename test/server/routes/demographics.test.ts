import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { WebhookReceiver } from '../../support/webhook-receiver.js';
import {
  board,
  loadScotlandServices,
  problemFields,
  publishedStory,
  storedStory,
  submitStory,
} from '../../support/stories.js';

/**
 * The optional "about you" answers (issue 17): taken on the form, kept for the author's own download and
 * the reports' suppressed breakdowns, and never in any other answer about a story.
 */

/** Answers no other field of a story could hold, so finding one of them in an answer is a leak. */
const answers = {
  ageBand: '75-plus',
  sex: 'female',
  ethnicity: 'caribbean-or-black',
  disability: 'yes',
} as const;

describe('demographics: optional answers about the author, never shown with a story', function () {
  let app: TestApp;
  let moderator: TestAccount;
  let staff: TestAccount;
  let admin: TestAccount;

  before(async () => {
    app = await startTestApp({
      config: { submissionsPerHour: 1000, webhooksAllowPrivate: ['127.0.0.0/8'] },
    });
    await loadScotlandServices(app);
    [moderator, staff, admin] = await Promise.all([
      createAccount(app, { role: 'moderator' }),
      createAccount(app, { role: 'staff', services: [board] }),
      createAccount(app, { role: 'admin' }),
    ]);
  });

  after(async () => {
    await app?.close();
  });

  it('takes a story with every question answered, and one with none answered', async () => {
    const answered = await submitStory(app, { demographics: answers });
    const unanswered = await submitStory(app, {});
    expect(answered.status, answered.text).to.equal(201);
    expect(unanswered.status, unanswered.text).to.equal(201);
    expect((await storedStory(app, answered.body.id))?.demographics).to.deep.equal(answers);
  });

  it('takes "prefer not to say" as an answer to each question', async () => {
    const preferNotToSay = {
      ageBand: 'prefer-not-to-say',
      sex: 'prefer-not-to-say',
      ethnicity: 'prefer-not-to-say',
      disability: 'prefer-not-to-say',
    };
    const submitted = await submitStory(app, { demographics: preferNotToSay });
    expect(submitted.status, submitted.text).to.equal(201);
    expect((await storedStory(app, submitted.body.id))?.demographics).to.deep.equal(preferNotToSay);
  });

  it('refuses an answer that is not offered with problem+json naming the question', async () => {
    const submitted = await submitStory(app, {
      demographics: { ageBand: '30', ethnicity: 'Scottish', disability: true, shoeSize: '9' },
    });
    expect(submitted.status).to.equal(400);
    expect(submitted.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(problemFields(submitted.body as { errors?: { field: string }[] })).to.include.members([
      'demographics.ageBand',
      'demographics.ethnicity',
      'demographics.disability',
    ]);
  });

  it('shows the answers in no public read, feed, author view, moderation view, partner read or export', async () => {
    const story = await publishedStory(app, { demographics: answers, email: 'private.answers@example.net' });
    const key = await callApi(app, 'POST', '/api-keys', {
      as: admin,
      body: { name: 'Analysts', board, scopes: ['stories:read', 'stories:read-staff'] },
    });
    expect(key.status, key.text).to.equal(201);
    const reads: [string, string, TestAccount | string | undefined][] = [
      ['a story’s page', `/stories/${story.id}`, undefined],
      ['the list', `/stories?service=${board}`, undefined],
      ['the author’s view', `/stories/${story.id}`, story.authorKey],
      ['the moderator’s view', `/stories/${story.id}`, moderator],
      ['the moderation queue', '/moderation/queue', moderator],
      ['staff’s own list', '/stories?mine=true', staff],
      ['a partner’s read', `/stories?service=${board}`, key.body.key as string],
      ['the report’s CSV', `/reports/services/${board}?format=csv`, staff],
    ];
    for (const [what, path, as] of reads) {
      const answer = await callApi(app, 'GET', path, { as });
      expect(answer.status, `${what}: ${answer.text}`).to.equal(200);
      for (const [question, value] of Object.entries(answers)) {
        expect(answer.text, `${what} shows ${question}`).not.to.include(`"${value}"`);
        expect(answer.text, `${what} names ${question}`).not.to.include(question);
      }
      expect(answer.text, what).not.to.include('demographics');
    }
    for (const feed of [`/feeds/services/${board}.json`, `/feeds/services/${board}.rss`]) {
      const text = await (await fetch(`${app.baseUrl}${feed}`)).text();
      expect(text, feed).to.include(story.id);
      expect(text, feed).not.to.include('caribbean-or-black');
    }
  });

  it('sends no answer to a board’s webhook when the story is published', async () => {
    const receiver = new WebhookReceiver();
    await receiver.start();
    try {
      const endpoint = await callApi(app, 'POST', '/webhooks', {
        as: admin,
        body: { url: receiver.url, events: ['story.published'] },
      });
      expect(endpoint.status, endpoint.text).to.equal(201);
      const story = (await submitStory(app, { demographics: answers })).body;
      const published = await callApi(app, 'POST', `/stories/${story.id}/moderation`, {
        as: moderator,
        body: { action: 'publish' },
      });
      expect(published.status, published.text).to.equal(200);
      await app.services.notifier.runOnce();
      await app.services.webhooks.drain();
      const delivered = receiver.at().find((delivery) => delivery.body.includes(story.id));
      expect(delivered, 'the story.published delivery').to.not.equal(undefined);
      expect(delivered!.body).not.to.include('demographics');
      expect(delivered!.body).not.to.include('caribbean-or-black');
    } finally {
      await receiver.stop();
    }
  });

  it('gives the author their answers in their personal-data download', async () => {
    const story = await publishedStory(app, { demographics: { sex: 'male', disability: 'no' } });
    const download = await callApi(app, 'GET', `/stories/${story.id}/personal-data`, { as: story.authorKey });
    expect(download.status, download.text).to.equal(200);
    expect(download.body.story.demographics).to.deep.equal({
      ageBand: null,
      sex: 'male',
      ethnicity: null,
      disability: 'no',
    });
  });

  it('erases the answers with the story’s personal data', async () => {
    const story = await publishedStory(app, { demographics: answers });
    const erased = await callApi(app, 'POST', `/stories/${story.id}/erasure`, { as: story.authorKey });
    expect(erased.status, erased.text).to.equal(200);
    const stored = (await storedStory(app, story.id)) as Record<string, unknown>;
    expect(stored.status).to.equal('erased');
    expect(JSON.stringify(stored)).not.to.include('caribbean-or-black');
    expect(stored.demographics ?? {}).to.deep.equal({});
  });
});
