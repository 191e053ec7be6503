import { expect } from 'chai';
import { createAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { useBrowserPage } from '../../support/browser.js';
import { board, loadScotlandServices, publishedStory } from '../../support/stories.js';

const updateText = 'Six weeks on: the clinic called me back and my treatment has started.';

describe("<careloop-author> the author's update on how things went", function () {
  // A loaded 2-core machine: browser steps are slow, not stuck.
  this.timeout(60_000);
  const web = useBrowserPage({ context: { viewport: { width: 1000, height: 900 } } });

  before(async () => {
    await loadScotlandServices(web.app);
  });

  const author = () => web.page.locator('careloop-author');

  it('is sent from the private link, waits for a moderator, then shows in the public thread as the author’s update', async () => {
    const story = await publishedStory(web.app, { title: 'Waiting for the clinic', nickname: 'Morven' });
    await web.page.goto(
      `${web.app.baseUrl}/tell-your-story.html#careloop-author=${story.id}.${story.authorKey}`,
    );

    await author().getByRole('radio', { name: 'An update: how things went since' }).check();
    await author().getByRole('textbox', { name: 'An update: how things went since' }).fill(updateText);
    await author().getByRole('button', { name: 'Send update' }).click();
    await author().getByText('Thank you: a moderator will read your update.').waitFor();
    // Listed with where it is in moderation, marked as an update.
    const waiting = author().locator('li', { hasText: updateText });
    expect(await waiting.locator('.meta').textContent()).to.match(/^\s*An update: how things went since ·/);

    const stored = await web.app.models.replies.findOne({ storyId: story.id }).lean();
    expect(stored?.kind).to.equal('update');
    const moderator = await createAccount(web.app, { role: 'moderator' });
    const published = await callApi(web.app, 'POST', `/replies/${String(stored?._id)}/moderation`, {
      as: moderator,
      body: { action: 'publish' },
    });
    expect(published.status, published.text).to.equal(200);

    const url = `${web.app.baseUrl}/board-page.html`;
    await web.page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Board</title>
          <script type="module" src="/widget/careloop.js"></script></head>
          <body><careloop-stories service="${board}" no-form></careloop-stories></body></html>`,
      }),
    );
    await web.page.goto(`${url}#careloop-story=${story.id}`);
    const entry = web.page.locator('careloop-stories .thread li.update');
    await entry.waitFor();
    expect((await entry.locator('.who').textContent())?.trim()).to.equal(
      'Morven, the author, added an update',
    );
    expect((await entry.locator('.body').textContent())?.trim()).to.equal(updateText);
  });
});
