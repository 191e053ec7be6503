import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import { ADMIN_CHUNK_PATTERN, WIDGET_DIST } from '../../scripts/size-report.js';
import { createAccount, type TestAccount } from '../support/accounts.js';
import { callApi } from '../support/api.js';
import type { TestApp } from '../support/app.js';
import { useBrowserPage } from '../support/browser.js';
import { reportBoard, seedReportDataset } from '../support/report-dataset.js';
import { expectScreenshot } from '../support/screenshots.js';
import { loadScotlandServices, publishedStory, submitAccepted } from '../support/stories.js';

/**
 * The look of the main states, at a desktop and a phone width, compared with committed baselines
 * (test/widget/screenshots/) so it cannot change unnoticed. Everything that could differ between runs
 * is fixed: the stories and every date on them, the browser's clock, time zone and language, motion.
 * A deliberate change of look: `UPDATE_SCREENSHOTS=1 npx mocha test/widget/visual.test.ts`, then look
 * at the new PNGs and commit them.
 */
const viewports = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

/** "Now" in the browser: a fortnight after the last story below. */
const browserNow = new Date('2026-03-20T10:00:00Z');
const demoBoard = 'nhs-highland';
const adminChunk = () => readdirSync(WIDGET_DIST).find((file) => ADMIN_CHUNK_PATTERN.test(file));

describe('the look of the widget, against its baselines', function () {
  // One browser for every screenshot; a loaded 2-core machine is slow, not stuck.
  this.timeout(60_000);
  const web = useBrowserPage({
    context: { locale: 'en-GB', timezoneId: 'Europe/London', reducedMotion: 'reduce', colorScheme: 'light' },
    prepareContext: (context) => context.clock.setFixedTime(browserNow),
  });
  let moderator: TestAccount;
  let staff: TestAccount;
  /** The story with a thread: a staff response planning a change, and the author's published reply. */
  let answered: { id: string; authorKey: string };

  before(async () => {
    const seedingStarted = new Date();
    await loadScotlandServices(web.app);
    await seedReportDataset(web.app);
    [moderator, staff] = await Promise.all([
      createAccount(web.app, { role: 'moderator', name: 'Mo Derator' }),
      createAccount(web.app, { role: 'staff', services: [reportBoard], name: 'Rhona Reid' }),
    ]);
    const highlandStaff = await createAccount(web.app, {
      role: 'staff',
      services: [demoBoard],
      name: 'Catriona MacLeod',
      jobTitle: 'Patient Experience Lead',
    });
    await publishedStory(
      web.app,
      {
        title: 'Parking made me late for my scan',
        body: 'I drove round the car park for forty minutes and nearly missed my appointment.',
        nickname: 'Driver',
        authorRole: 'patient',
        services: ['raigmore-hospital'],
        tags: { good: [], improve: ['parking'], feelings: ['frustrated'] },
      },
      new Date('2026-02-10T14:30:00Z'),
    );
    await publishedStory(
      web.app,
      {
        title: 'The night staff on Ward 2C were calm and clear',
        body: 'My dad was confused at night. The nurses explained everything to him, twice if he needed it.',
        nickname: 'Mairi',
        authorRole: 'relative',
        services: ['raigmore-ward-2c'],
        tags: { good: ['communication', 'kindness'], improve: [], feelings: ['reassured'] },
      },
      new Date('2026-02-24T09:15:00Z'),
    );
    answered = await publishedStory(
      web.app,
      {
        title: 'A long wait, and kind nurses',
        body: 'We waited six hours in the emergency department.\n\nThe nurses were kind throughout and kept us informed.',
        nickname: 'Anna',
        authorRole: 'carer',
        services: ['raigmore-emergency-department'],
        tags: { good: ['kindness'], improve: ['waiting times'], feelings: ['tired'] },
      },
      new Date('2026-03-05T18:00:00Z'),
    );
    const responded = await callApi(web.app, 'POST', `/stories/${answered.id}/responses`, {
      as: highlandStaff,
      body: { body: 'Thank you, Anna. We are adding a second triage nurse at night.', change: 'planned' },
    });
    expect(responded.status, responded.text).to.equal(201);
    const replied = await callApi(web.app, 'POST', `/stories/${answered.id}/replies`, {
      as: answered.authorKey,
      body: { body: 'Thank you for listening.' },
    });
    expect(replied.status, replied.text).to.equal(201);
    const published = await callApi(web.app, 'POST', `/replies/${replied.body.id}/moderation`, {
      as: moderator,
      body: { action: 'publish' },
    });
    expect(published.status, published.text).to.equal(200);
    // Waiting for a moderator: what the queue shows.
    await submitAccepted(web.app, {
      title: 'The physiotherapist got me walking again',
      body: 'After my hip operation Dr Grant’s team had me on my feet in two days. Call me on 01463 123456.',
      nickname: 'Walking again',
      services: ['belford-hospital'],
      tags: { good: ['kindness'], improve: [], feelings: ['grateful'] },
    });
    await fixDatesSince(web.app, seedingStarted);
  });

  for (const viewport of Object.values(viewports)) {
    describe(`at ${viewport.width} px`, function () {
      const shot = (state: string) => `${state}-${viewport.width}`;

      beforeEach(async () => {
        await web.page.setViewportSize(viewport);
      });

      const stories = () => web.page.locator('careloop-stories');
      const form = () => web.page.locator('careloop-form');
      const admin = () => web.page.locator('careloop-admin');

      /** A page of the demo board's look with only the staff area, signed in as `account`. */
      async function openStaffArea(account: TestAccount): Promise<void> {
        const url = `${web.app.baseUrl}/staff-page.html`;
        await web.page.route(url, (route) =>
          route.fulfill({
            contentType: 'text/html',
            body: `<!doctype html><html lang="en-GB"><head><title>Staff</title>
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <link rel="stylesheet" href="/board.css">
              <script type="module" src="/widget/${adminChunk()}"></script></head>
              <body><main><careloop-admin></careloop-admin></main></body></html>`,
          }),
        );
        await web.page.goto(url);
        await admin().getByLabel('Email address').fill(account.email);
        await admin().getByLabel('Password').fill(account.password);
        await admin().getByLabel('Password').press('Enter');
        await admin().getByText('Signed in as').first().waitFor();
      }

      it('the public list of stories on the demo board page', async () => {
        await web.page.goto(`${web.app.baseUrl}/`);
        await stories().getByText('Parking made me late for my scan').waitFor();
        await expectScreenshot(stories(), shot('stories-list'));
      });

      it('a story opened with its response thread', async () => {
        await web.page.goto(`${web.app.baseUrl}/#careloop-story=${answered.id}`);
        await stories().getByText('Thank you for listening.').waitFor();
        await expectScreenshot(stories(), shot('story-thread'));
      });

      it('the first step of the tell-your-story form', async () => {
        await web.page.goto(`${web.app.baseUrl}/tell-your-story.html`);
        await form().getByLabel('Title').waitFor();
        await expectScreenshot(form(), shot('form-first-step'));
      });

      it("the author's private view of their story", async () => {
        await web.page.goto(
          `${web.app.baseUrl}/tell-your-story.html#careloop-author=${answered.id}.${answered.authorKey}`,
        );
        await form().locator('careloop-author').getByText('Thank you for listening.').waitFor();
        await expectScreenshot(form(), shot('author-view'));
      });

      it('the moderation queue in the staff area', async () => {
        await openStaffArea(moderator);
        await admin().getByText('The physiotherapist got me walking again').first().waitFor();
        await expectScreenshot(admin(), shot('staff-queue'));
      });

      it("the staff area's reports", async () => {
        await openStaffArea(staff);
        // A section is a tab, or a button in older builds of the navigation.
        const reportsTab = admin().getByRole('tab', { name: 'Reports' });
        await reportsTab.or(admin().getByRole('button', { name: 'Reports' })).click();
        // The default period, the 90 days before the browser's fixed "now": the whole report data set.
        const reports = web.page.locator('careloop-admin-reports');
        await reports.locator('#swarm-h').waitFor();
        await reports.locator('#children-h').waitFor();
        await expectScreenshot(admin(), shot('staff-reports'));
      });
    });
  }
});

/**
 * The API stamps what it stores with the time of the run (received, responded, replied, published
 * reply): move every stamp made since `since` to a fixed moment near the story's publication, so the
 * dates on screen are the same on every run. (The report data set's own fixed dates are left alone.)
 */
async function fixDatesSince(app: TestApp, since: Date): Promise<void> {
  const { db } = app.connection;
  const stories = db!.collection('stories');
  const hour = 60 * 60 * 1000;
  const waitingSince = new Date('2026-03-18T08:00:00Z');
  const publishedAt = new Map<string, Date>();
  for (const story of await stories.find({}).toArray()) {
    const published = (story.publishedAt as Date | null) ?? waitingSince;
    publishedAt.set(String(story._id), published);
    const stamps: Record<string, Date> = {};
    if ((story.createdAt as Date) >= since) {
      stamps.createdAt = stamps.updatedAt = new Date(published.getTime() - hour);
    }
    if (story.firstResponseAt && (story.firstResponseAt as Date) >= since) {
      stamps.firstResponseAt = new Date(published.getTime() + 20 * hour);
    }
    if (Object.keys(stamps).length > 0) await stories.updateOne({ _id: story._id }, { $set: stamps });
  }
  const after = ['responses', 'replies', 'story_reads'] as const;
  for (const [index, name] of after.entries()) {
    const collection = db!.collection(name);
    for (const document of await collection.find({ createdAt: { $gte: since } }).toArray()) {
      const published = publishedAt.get(String(document.storyId)) ?? waitingSince;
      const at = new Date(published.getTime() + (20 + 10 * index) * hour);
      const stamps: Record<string, Date> = { createdAt: at };
      if (name !== 'story_reads') stamps.updatedAt = at;
      if (document.publishedAt) stamps.publishedAt = at;
      await collection.updateOne({ _id: document._id }, { $set: stamps });
    }
  }
}
