import { expect } from 'chai';
import { Types } from 'mongoose';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { bearer } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  getJson,
  loadScotlandServices,
  problemFields,
  publishedStory,
  storedStory,
  submitAccepted,
  submitStory,
} from '../../support/stories.js';

interface Warning {
  kind: string;
  words?: number;
  happenedIn?: string;
  story?: { id: string; title: string };
}

interface QueueStory {
  id: string;
  happenedIn: string | null;
  warnings: Warning[];
}

/** `YYYY-MM` of the month `monthsAgo` months before this one (UTC). */
function monthsBefore(monthsAgo: number, now = new Date()): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1));
  return date.toISOString().slice(0, 7);
}

/** `count` distinct-enough words: "word1 word2 …". */
function words(count: number): string {
  return Array.from({ length: count }, (_, index) => `w${index}`).join(' ');
}

describe('moderation rules: the queue warns', function () {
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

  beforeEach(async () => {
    await app.connection.model('Story').deleteMany({});
  });

  async function queueAnswer(): Promise<{ text: string; items: QueueStory[] }> {
    const reply = await getJson(app, '/moderation/queue', bearer(moderator));
    expect(reply.status, reply.text).to.equal(200);
    return { text: reply.text, items: reply.body.items as QueueStory[] };
  }

  async function warningsOf(id: string): Promise<Warning[]> {
    const { items } = await queueAnswer();
    const item = items.find((candidate) => candidate.id === id);
    if (!item) throw new Error(`story ${id} is not in the queue`);
    return item.warnings;
  }

  async function toldDaysAgo(id: string, days: number): Promise<void> {
    // Through the driver: mongoose keeps `createdAt` immutable.
    await app.connection
      .collection('stories')
      .updateOne(
        { _id: new Types.ObjectId(id) },
        { $set: { createdAt: new Date(Date.now() - days * 24 * 60 * 60 * 1000) } },
      );
  }

  describe('on long stories', () => {
    it('does not warn on a story of exactly 1,000 words', async () => {
      const story = await submitAccepted(app, { body: words(1000) });
      expect(await warningsOf(story.id)).to.deep.equal([]);
    });

    it('warns on a story of 1,001 words, saying how many', async () => {
      const story = await submitAccepted(app, { body: words(1001) });
      expect(await warningsOf(story.id)).to.deep.equal([{ kind: 'long', words: 1001 }]);
    });
  });

  describe('on events long ago', () => {
    it('does not warn when it happened exactly 3 years ago, and shows the month', async () => {
      const happenedIn = monthsBefore(36);
      const story = await submitAccepted(app, { happenedIn });
      const { items } = await queueAnswer();
      expect(items[0]).to.include({ id: story.id, happenedIn });
      expect(items[0]!.warnings).to.deep.equal([]);
    });

    it('warns when it happened more than 3 years ago', async () => {
      const happenedIn = monthsBefore(37);
      const story = await submitAccepted(app, { happenedIn });
      expect(await warningsOf(story.id)).to.deep.equal([{ kind: 'long-ago', happenedIn }]);
    });

    it('does not warn when the author did not say when', async () => {
      const story = await submitAccepted(app);
      expect(await warningsOf(story.id)).to.deep.equal([]);
      expect((await storedStory(app, story.id))?.happenedIn).to.equal(null);
    });
  });

  describe('on near-duplicates from the same email', () => {
    const body =
      'The ward was clean and the nurses were kind, but I waited six hours for a bed and nobody told me why.';

    it('names the earlier story, and never its email', async () => {
      // Published, so not in the queue itself: its email could reach the answer only through the warning.
      const first = await publishedStory(app, {
        title: 'Six hours for a bed',
        email: 'ANN@example.org',
        body,
      });
      await toldDaysAgo(first.id, 29);
      const second = await submitAccepted(app, {
        title: 'Waiting for a bed',
        email: 'Ann@Example.org',
        body: `${body} Again.`,
      });
      const { text, items } = await queueAnswer();
      expect(items.find((item) => item.id === second.id)!.warnings).to.deep.equal([
        { kind: 'possible-duplicate', story: { id: first.id, title: 'Six hours for a bed' } },
      ]);
      expect(text).not.to.include('ANN@example.org');
    });

    it('warns only on the later of two alike stories in the queue', async () => {
      const first = await submitAccepted(app, {
        title: 'Six hours for a bed',
        email: 'ann@example.org',
        body,
      });
      const second = await submitAccepted(app, { title: 'Another title', email: 'ann@example.org', body });
      expect(await warningsOf(first.id)).to.deep.equal([]);
      expect((await warningsOf(second.id)).map((warning) => warning.story?.id)).to.deep.equal([first.id]);
    });

    it('warns on the same title even when the story is retold differently', async () => {
      const first = await submitAccepted(app, { title: 'Six hours for a bed', email: 'ann@example.org' });
      const second = await submitAccepted(app, {
        title: 'Six hours: for a bed!',
        email: 'ann@example.org',
        body: 'Something else entirely about the car park.',
      });
      expect((await warningsOf(second.id)).map((warning) => warning.story?.id)).to.deep.equal([first.id]);
    });

    it('does not warn when the same story comes from a different email', async () => {
      await submitAccepted(app, { title: 'Six hours for a bed', email: 'ann@example.org', body });
      const second = await submitAccepted(app, {
        title: 'Six hours for a bed',
        email: 'bob@example.org',
        body,
      });
      expect(await warningsOf(second.id)).to.deep.equal([]);
    });

    it('does not warn when the earlier story was told more than 30 days before', async () => {
      const first = await submitAccepted(app, {
        title: 'Six hours for a bed',
        email: 'ann@example.org',
        body,
      });
      await toldDaysAgo(first.id, 31);
      const second = await submitAccepted(app, {
        title: 'Six hours for a bed',
        email: 'ann@example.org',
        body,
      });
      expect(await warningsOf(second.id)).to.deep.equal([]);
    });

    it('does not warn on a different story from the same email', async () => {
      await submitAccepted(app, { title: 'Six hours for a bed', email: 'ann@example.org', body });
      const second = await submitAccepted(app, {
        title: 'Parking at Crosshouse',
        email: 'ann@example.org',
        body: 'The car park was full at visiting time and the machines took only coins.',
      });
      expect(await warningsOf(second.id)).to.deep.equal([]);
    });
  });
});

describe('moderation rules: when it happened', function () {
  let app: TestApp;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
  });

  after(async () => {
    await app?.close();
  });

  it('is stored on the story when given', async () => {
    const story = await submitAccepted(app, { happenedIn: '2025-03' });
    expect((await storedStory(app, story.id))?.happenedIn).to.equal('2025-03');
  });

  it('refuses a month in the future, naming the field', async () => {
    const answer = await submitStory(app, { happenedIn: monthsBefore(-1) });
    expect(answer.status, answer.text).to.equal(400);
    expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(problemFields(answer.body as { errors?: { field: string }[] })).to.deep.equal(['happenedIn']);
  });

  it('accepts this month', async () => {
    const answer = await submitStory(app, { happenedIn: monthsBefore(0) });
    expect(answer.status, answer.text).to.equal(201);
  });

  it('refuses what is not a month and year, naming the field', async () => {
    for (const happenedIn of ['2025-13', '2025-3', 'March 2025', '']) {
      const answer = await submitStory(app, { happenedIn });
      expect(answer.status, `${happenedIn}: ${answer.text}`).to.equal(400);
      expect(problemFields(answer.body as { errors?: { field: string }[] })).to.deep.equal(['happenedIn']);
    }
  });
});
