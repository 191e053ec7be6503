import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { useBrowserPage } from '../../support/browser.js';
import { loadScotlandServices, submitAccepted } from '../../support/stories.js';

describe('<careloop-author>: a story held for a formal complaint', () => {
  const web = useBrowserPage({ context: { viewport: { width: 1000, height: 900 } } });
  let moderator: TestAccount;

  before(async () => {
    await loadScotlandServices(web.app);
    moderator = await createAccount(web.app, { role: 'moderator', name: 'Mo Derator' });
  });

  async function heldStory(): Promise<{ id: string; authorKey: string }> {
    const story = await submitAccepted(web.app, { title: 'Cancelled three times' });
    const held = await callApi(web.app, 'POST', `/stories/${story.id}/moderation`, {
      as: moderator,
      body: { action: 'complaint-hold', complaintReference: 'CMP-77', reason: 'Complaints team says wait.' },
    });
    expect(held.status, held.text).to.equal(200);
    return story;
  }

  for (const [lang, words] of [
    ['en', 'linked to a formal complaint that is still being looked into'],
    ['cy', 'gysylltiedig â chwyn ffurfiol'],
    ['gd', 'co-cheangailte ri gearan foirmeil'],
  ] as const) {
    it(`says so in plain words on the private link (${lang}), never the reference or the note`, async () => {
      const story = await heldStory();
      const url = `${web.app.baseUrl}/author-${lang}.html`;
      await web.page.route(url, async (route) => {
        const response = await route.fetch({ url: `${web.app.baseUrl}/tell-your-story.html` });
        const body = (await response.text()).replace('<html lang="en">', `<html lang="${lang}">`);
        await route.fulfill({ response, body });
      });
      await web.page.goto(`${url}#careloop-author=${story.id}.${story.authorKey}`);
      const author = web.page.locator('careloop-author');
      await author.getByText(words, { exact: false }).waitFor();
      const text = (await author.textContent()) ?? '';
      expect(text).not.to.include('CMP-77');
      expect(text).not.to.include('Complaints team says wait.');
    });
  }
});
