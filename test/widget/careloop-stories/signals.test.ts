import { expect } from 'chai';
import { createAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { expectAccessibleInBothSchemes } from '../../support/axe.js';
import { useBrowserPage } from '../../support/browser.js';
import { board, loadScotlandServices, publishedStory } from '../../support/stories.js';

describe("<careloop-stories> readers' signals (me too, helpful)", function () {
  // A loaded 2-core machine: browser steps are slow, not stuck.
  this.timeout(60_000);
  const web = useBrowserPage({ context: { viewport: { width: 1280, height: 900 } } });
  let story: { id: string };
  let responseId: string;

  before(async () => {
    await loadScotlandServices(web.app);
    story = await publishedStory(web.app, { title: 'Discharged without my letters', nickname: 'Iain' });
    const staff = await createAccount(web.app, { role: 'staff', services: [board], name: 'Dr Jane Smith' });
    const responded = await callApi(web.app, 'POST', `/stories/${story.id}/responses`, {
      as: staff,
      body: { body: 'Thank you, Iain. Discharge letters now go with every patient.' },
    });
    expect(responded.status, responded.text).to.equal(201);
    responseId = responded.body.id as string;
  });

  async function openStory(lang = 'en') {
    const url = `${web.app.baseUrl}/board-page.html`;
    await web.page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Board</title>
          <script type="module" src="/widget/careloop.js"></script></head>
          <body><careloop-stories service="${board}" no-form></careloop-stories></body></html>`,
      }),
    );
    await web.page.goto(`${url}#careloop-story=${story.id}`);
    await web.page.locator('careloop-stories #story-title').waitFor();
  }

  const widget = () => web.page.locator('careloop-stories');
  const meToo = () => widget().locator('.signal.me-too');
  const helpful = () => widget().locator('.signal.helpful');

  async function storedCounts() {
    const read = await callApi(web.app, 'GET', `/stories/${story.id}`);
    const response = (read.body.thread as { id: string; helpfulCount: number }[]).find(
      (e) => e.id === responseId,
    );
    return { meToo: read.body.meTooCount as number, helpful: response?.helpfulCount };
  }

  it('says "me too" with a pressed button, a count that includes it, and a polite announcement; again takes it back', async () => {
    await openStory();
    const button = meToo().getByRole('button', { name: 'I have had a similar experience' });
    expect(await button.getAttribute('aria-pressed')).to.equal('false');
    expect(await meToo().locator('.signal-count').textContent()).to.equal(
      '0 people have had a similar experience',
    );

    await button.click();
    await web.page.waitForFunction(
      () =>
        document
          .querySelector('careloop-stories')
          ?.shadowRoot?.querySelector('.signal.me-too button')
          ?.getAttribute('aria-pressed') === 'true',
    );
    expect(await meToo().locator('.signal-count').textContent()).to.equal(
      '1 person has had a similar experience',
    );
    const status = widget().getByRole('status').filter({ hasText: 'similar experience' });
    expect(await status.getAttribute('role')).to.equal('status');
    expect((await status.textContent())?.trim()).to.equal('1 person has had a similar experience');
    expect((await storedCounts()).meToo).to.equal(1);

    // The same browser, another visit: its signal is still shown as its own, and counted once.
    await openStory();
    expect(await meToo().getByRole('button').getAttribute('aria-pressed')).to.equal('true');
    await meToo().getByRole('button').click();
    await meToo().locator('.signal-count', { hasText: '0 people' }).waitFor();
    expect(await meToo().getByRole('button').getAttribute('aria-pressed')).to.equal('false');
    expect((await storedCounts()).meToo).to.equal(0);
  });

  it('counts "helpful" on a response once per browser: a second browser adds one', async () => {
    await openStory();
    await helpful().getByRole('button', { name: 'This response was helpful' }).click();
    await helpful().locator('.signal-count', { hasText: '1 reader found this helpful' }).waitFor();

    await web.freshContext();
    await openStory();
    const button = helpful().getByRole('button');
    expect(await button.getAttribute('aria-pressed')).to.equal('false');
    await button.click();
    await helpful().locator('.signal-count', { hasText: '2 readers found this helpful' }).waitFor();
    expect(await button.getAttribute('aria-pressed')).to.equal('true');
    expect((await storedCounts()).helpful).to.equal(2);
  });

  it('passes an automated accessibility check with a signal pressed, in light and dark', async () => {
    await openStory();
    await helpful().getByRole('button').click();
    await helpful().locator('.signal-count', { hasText: 'found this helpful' }).waitFor();
    await expectAccessibleInBothSchemes(web.page);
  });

  it('speaks Welsh on the buttons and counts', async () => {
    await openStory('cy');
    // The Welsh catalogue arrives after the story (which is the author's own words, in no catalogue):
    // until then the widget renders no words rather than English ones.
    await meToo().getByRole('button', { name: 'Rwyf wedi cael profiad tebyg' }).waitFor();
    expect((await helpful().getByRole('button').textContent())?.trim()).to.equal(
      'Roedd yr ymateb hwn yn ddefnyddiol',
    );
  });
});
