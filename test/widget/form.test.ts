import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessibleInBothSchemes } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { loadScotlandServices, storedStory, submitStory } from '../support/stories.js';

const raigmoreEmergency = 'Emergency Department, Raigmore Hospital';

describe('<careloop-form> on the "tell your story" page', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: Error[];

  before(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    await loadScotlandServices(app);
  });

  after(async () => {
    await Promise.all([browser?.close(), app?.close()]);
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error));
  });

  afterEach(async () => {
    await context.close();
  });

  const form = () => page.locator('careloop-form');
  const open = async (lang = 'en') => {
    if (lang === 'en') await page.goto(`${app.baseUrl}/tell-your-story.html`);
    else {
      await page.route(`${app.baseUrl}/welsh.html`, async (route) => {
        const response = await route.fetch({ url: `${app.baseUrl}/tell-your-story.html` });
        const body = (await response.text()).replace('<html lang="en">', `<html lang="${lang}">`);
        await route.fulfill({ response, body });
      });
      await page.goto(`${app.baseUrl}/welsh.html`);
    }
    await form().getByRole('heading', { level: 3 }).waitFor();
  };
  /** What has focus inside the form's shadow root: its id. */
  const focusedId = () =>
    page.evaluate(() => document.querySelector('careloop-form')?.shadowRoot?.activeElement?.id ?? null);

  /** Fills every step with the keyboard only, up to (not including) sending. */
  async function tellStoryWithKeyboard(story: {
    title: string;
    body: string;
    email?: string;
  }): Promise<void> {
    await form().getByLabel('Title').focus();
    await page.keyboard.type(story.title);
    await page.keyboard.press('Tab');
    await page.keyboard.type(story.body);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Next
    await form()
      .getByRole('heading', { name: /Which services/ })
      .waitFor();
    expect(await focusedId(), 'focus moves to the new step').to.equal('step');

    await page.keyboard.press('Tab');
    await page.keyboard.type('emergency');
    await form().getByText('Services found: 1').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await form().getByLabel(raigmoreEmergency).isChecked()).to.equal(true);
    await page.keyboard.press('Enter'); // submits the step from the checkbox
    await form().getByRole('group', { name: 'What was good?' }).waitFor();

    await form().getByLabel('Kindness').focus();
    await page.keyboard.press('Space');
    await form().getByLabel('Other (separate with commas)').first().focus();
    await page.keyboard.type('night staff, tea');
    await page.keyboard.press('Enter');
    await form()
      .getByRole('heading', { name: /About you/ })
      .waitFor();

    await form().getByLabel('Nickname').focus();
    await page.keyboard.type('Highland walker');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // the first role: patient
    if (story.email) {
      await form().getByLabel('Email').focus();
      await page.keyboard.type(story.email);
    }
    await form().getByLabel('I agree').focus();
    await page.keyboard.press('Space');
  }

  it('takes a story told with the keyboard alone, and gives the author their private link', async () => {
    await open();
    await tellStoryWithKeyboard({
      title: 'Seen quickly at night',
      body: 'The staff at Raigmore were calm and kind.',
    });
    await page.keyboard.press('Enter');

    await form().getByRole('heading', { name: 'Thank you: your story was sent' }).waitFor();
    expect(await focusedId(), 'focus moves to the confirmation').to.equal('done');
    const link = await form().getByLabel('Your private link').inputValue();
    const match = /#careloop-author=([0-9a-f]{24})\.(cla_[\w-]+)$/.exec(link);
    expect(match, link).to.not.equal(null);
    expect(link.startsWith(`${app.baseUrl}/tell-your-story.html#`)).to.equal(true);

    const stored = await storedStory(app, match![1]);
    expect(stored).to.include({
      title: 'Seen quickly at night',
      nickname: 'Highland walker',
      authorRole: 'patient',
    });
    expect(stored?.services).to.deep.equal(['raigmore-emergency-department']);
    expect(stored?.tags).to.deep.include({ good: ['Kindness', 'night staff', 'tea'] });
    expect(stored?.email).to.equal(undefined);
    expect(pageErrors).to.deep.equal([]);
  });

  it('offers only services within its board when searching', async () => {
    await open();
    await form().getByLabel('Title').fill('A title');
    await form().getByRole('textbox', { name: 'Your story' }).fill('A story.');
    await form().getByRole('button', { name: 'Next' }).click();
    expect(
      await form().getByLabel('Raigmore Hospital').count(),
      'the board’s hospitals are offered',
    ).to.equal(1);
    await form().getByLabel('Search for a service').fill('emergency department');
    await form().getByText('Services found: 1').waitFor();
    expect(await form().getByLabel(raigmoreEmergency).count()).to.equal(1);
    expect(await form().getByText('Crosshouse').count(), 'another board’s department').to.equal(0);
  });

  it('ties each missing answer to its field and moves focus to the first', async () => {
    await open();
    await form().getByRole('button', { name: 'Next' }).click();
    const title = form().getByLabel('Title');
    await form().getByText('Enter a title (up to 150 characters)').waitFor();
    expect(await focusedId()).to.equal('title');
    expect(await title.getAttribute('aria-invalid')).to.equal('true');
    expect(await title.getAttribute('aria-describedby')).to.equal('title-error');
    expect(
      await form().getByRole('textbox', { name: 'Your story' }).getAttribute('aria-describedby'),
    ).to.equal('body-hint body-error');
    await title.fill('Now with a title');
    expect(await title.getAttribute('aria-invalid'), 'typing clears the error').to.equal('false');
  });

  it("shows the service's problem+json errors next to the fields they name", async () => {
    await open();
    await page.route('**/api/v1/stories', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'The request body has invalid fields.',
          errors: [{ field: 'postcode', message: 'must match pattern' }],
        }),
      }),
    );
    await tellStoryWithKeyboard({ title: 'A title', body: 'A story.' });
    await page.keyboard.press('Enter');
    await form().getByText('Enter a UK postcode, or leave it empty').waitFor();
    expect(await focusedId()).to.equal('postcode');
    expect(await form().getByLabel('Postcode').getAttribute('aria-invalid')).to.equal('true');
    expect(
      await form().getByRole('status').filter({ hasText: 'Please check the answers marked.' }).count(),
    ).to.equal(1);
  });

  it('keeps the draft through a reload', async () => {
    await open();
    await form().getByLabel('Title').fill('Half-written');
    await form().getByRole('textbox', { name: 'Your story' }).fill('I will finish this later.');
    await page.reload();
    await form().getByText('We kept what you wrote last time.').waitFor();
    expect(await form().getByLabel('Title').inputValue()).to.equal('Half-written');
    expect(await form().getByRole('textbox', { name: 'Your story' }).inputValue()).to.equal(
      'I will finish this later.',
    );
  });

  it('sends a story once when the first answer is lost, retrying with the same Idempotency-Key', async () => {
    await open();
    const keys: string[] = [];
    let lost = false;
    await page.route('**/api/v1/stories', async (route) => {
      keys.push((await route.request().headerValue('idempotency-key')) ?? '');
      if (lost) return route.continue();
      lost = true;
      await route.fetch(); // the service takes the story; its answer never arrives
      await route.abort('connectionreset');
    });
    await tellStoryWithKeyboard({
      title: 'Lost answer',
      body: 'The network dropped.',
      email: 'walker@example.org',
    });
    await page.keyboard.press('Enter');
    await form().getByText('Not sent: careloop could not be reached.').waitFor();
    await page.reload();
    expect(await form().getByLabel('I agree').isChecked(), 'the draft survived the failure').to.equal(true);
    await form().getByRole('button', { name: 'Send your story' }).click();
    await form().getByRole('heading', { name: 'Thank you: your story was sent' }).waitFor();
    await form().getByText('We have emailed it to you too.').waitFor();

    expect(keys).to.have.lengthOf(2);
    expect(keys[0]).to.match(/^[0-9a-f]{32}$/);
    expect(keys[1]).to.equal(keys[0]);
    const stories = app.connection.model('Story');
    expect(await stories.countDocuments({ title: 'Lost answer' })).to.equal(1);
  });

  it('speaks Welsh and Scottish Gaelic', async () => {
    await open('cy');
    await form().getByRole('heading', { name: 'Adroddwch eich stori' }).waitFor();
    expect(await form().getByLabel('Teitl').count()).to.equal(1);
    await context.close();
    context = await browser.newContext();
    page = await context.newPage();
    await open('gd');
    await form().getByRole('heading', { name: 'Innis do sgeulachd' }).waitFor();
    expect(await form().getByLabel('Tiotal').count()).to.equal(1);
  });
  it('passes the WCAG 2.2 AA audit on every step, with errors showing, and after sending, in both colour schemes', async () => {
    await open();
    const include = 'careloop-form';
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByText('Enter a title (up to 150 characters)').waitFor();
    await expectAccessibleInBothSchemes(page, { include });
    await form().getByLabel('Title').fill('Audited');
    await form().getByRole('textbox', { name: 'Your story' }).fill('Every step is checked.');
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByLabel('Raigmore Hospital').check();
    await expectAccessibleInBothSchemes(page, { include });
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByRole('group', { name: 'What was good?' }).waitFor();
    await expectAccessibleInBothSchemes(page, { include });
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByRole('button', { name: 'Send your story' }).click();
    await form().getByText('Tick to agree, or we cannot publish your story').waitFor();
    await expectAccessibleInBothSchemes(page, { include });
    await form().getByLabel('Nickname').fill('Auditor');
    await form().getByLabel('You are the…').selectOption('carer');
    await form().getByLabel('I agree').check();
    await form().getByRole('button', { name: 'Send your story' }).click();
    await form().getByRole('heading', { name: 'Thank you: your story was sent' }).waitFor();
    await expectAccessibleInBothSchemes(page, { include });
  });
  it('sends a story from a busy address (a ward kiosk), solving the proof of work the service asks for', async () => {
    // Ten stories from this address in the last hour: the next one needs a proof of work.
    for (let i = 0; i < 10; i += 1) await submitStory(app, { title: `Earlier on the ward ${i}` });
    await open();
    const proofs: string[] = [];
    page.on('request', (request) => {
      const proof = request.headers()['careloop-proof-of-work'];
      if (proof) proofs.push(proof);
    });
    await tellStoryWithKeyboard({ title: 'Told at the ward kiosk', body: 'The ward was busy but kind.' });
    await page.keyboard.press('Enter');
    await form().getByRole('heading', { name: 'Thank you: your story was sent' }).waitFor();
    expect(proofs).to.have.lengthOf(1);
    const stories = app.connection.model('Story');
    expect(await stories.countDocuments({ title: 'Told at the ward kiosk' })).to.equal(1);
    expect(pageErrors).to.deep.equal([]);
  });
});
