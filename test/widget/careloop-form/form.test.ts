import { expect } from 'chai';
import { expectAccessibleInBothSchemes } from '../../support/axe.js';
import { useBrowserPage } from '../../support/browser.js';
import { loadScotlandServices, storedStory, submitStory } from '../../support/stories.js';

const raigmoreEmergency = 'Emergency Department, Raigmore Hospital';

describe('<careloop-form> on the "tell your story" page', () => {
  const web = useBrowserPage({ context: { viewport: { width: 1000, height: 900 } } });

  before(async () => {
    await loadScotlandServices(web.app);
  });

  const form = () => web.page.locator('careloop-form');
  const open = async (lang = 'en') => {
    if (lang === 'en') await web.page.goto(`${web.app.baseUrl}/tell-your-story.html`);
    else {
      await web.page.route(`${web.app.baseUrl}/welsh.html`, async (route) => {
        const response = await route.fetch({ url: `${web.app.baseUrl}/tell-your-story.html` });
        const body = (await response.text()).replace('<html lang="en">', `<html lang="${lang}">`);
        await route.fulfill({ response, body });
      });
      await web.page.goto(`${web.app.baseUrl}/welsh.html`);
    }
    await form().getByRole('heading', { level: 3 }).waitFor();
  };
  /** What has focus inside the form's shadow root: its id. */
  const focusedId = () =>
    web.page.evaluate(() => document.querySelector('careloop-form')?.shadowRoot?.activeElement?.id ?? null);

  /** Fills every step with the keyboard only, up to "check your answers" (not sending). */
  async function tellStoryWithKeyboard(story: {
    title: string;
    body: string;
    email?: string;
  }): Promise<void> {
    await form().getByLabel('Title').focus();
    await web.page.keyboard.type(story.title);
    await web.page.keyboard.press('Tab');
    await web.page.keyboard.type(story.body);
    await web.page.keyboard.press('Tab');
    await web.page.keyboard.press('Enter'); // Next
    await form()
      .getByRole('heading', { name: /Which services/ })
      .waitFor();
    expect(await focusedId(), 'focus moves to the new step').to.equal('step');

    await web.page.keyboard.press('Tab');
    await web.page.keyboard.type('emergency');
    await form().getByText('Services found: 1').waitFor();
    await web.page.keyboard.press('Tab');
    await web.page.keyboard.press('Space');
    expect(await form().getByLabel(raigmoreEmergency).isChecked()).to.equal(true);
    await web.page.keyboard.press('Enter'); // submits the step from the checkbox
    await form().getByRole('group', { name: 'What was good?' }).waitFor();

    await form().getByLabel('Kindness').focus();
    await web.page.keyboard.press('Space');
    await form().getByLabel('Other (separate with commas)').first().focus();
    await web.page.keyboard.type('night staff, tea');
    await web.page.keyboard.press('Enter');
    await form()
      .getByRole('heading', { name: /About you/ })
      .waitFor();

    await form().getByLabel('Nickname').focus();
    await web.page.keyboard.type('Highland walker');
    await web.page.keyboard.press('Tab');
    expect(await focusedId(), 'the roles are radios, none chosen for the author').to.equal('role-patient');
    expect(await form().getByRole('radio', { checked: true }).count()).to.equal(0);
    await web.page.keyboard.press('Space'); // the first role: patient
    if (story.email) {
      await form().getByLabel('Email').focus();
      await web.page.keyboard.type(story.email);
    }
    await form().getByLabel('I agree').focus();
    await web.page.keyboard.press('Space');
    await web.page.keyboard.press('Enter');
    await form().getByRole('heading', { name: 'Check your answers before sending' }).waitFor();
  }

  /** Sends the story from "check your answers", by keyboard. */
  async function sendFromCheck(): Promise<void> {
    await form().getByRole('button', { name: 'Send your story' }).focus();
    await web.page.keyboard.press('Enter');
  }

  it('takes a story told with the keyboard alone, and gives the author their private link', async () => {
    await open();
    await tellStoryWithKeyboard({
      title: 'Seen quickly at night',
      body: 'The staff at Raigmore were calm and kind.',
    });
    await sendFromCheck();

    await form().getByRole('heading', { name: 'Thank you: your story was sent' }).waitFor();
    expect(await focusedId(), 'focus moves to the confirmation').to.equal('done');
    const link = await form().getByLabel('Your private link').inputValue();
    const match = /#careloop-author=([0-9a-f]{24})\.(cla_[\w-]+)$/.exec(link);
    expect(match, link).to.not.equal(null);
    expect(link.startsWith(`${web.app.baseUrl}/tell-your-story.html#`)).to.equal(true);

    const stored = await storedStory(web.app, match![1]);
    expect(stored).to.include({
      title: 'Seen quickly at night',
      nickname: 'Highland walker',
      authorRole: 'patient',
    });
    expect(stored?.services).to.deep.equal(['raigmore-emergency-department']);
    expect(stored?.tags).to.deep.include({ good: ['Kindness', 'night staff', 'tea'] });
    expect(stored?.email).to.equal(undefined);

    const receipt = form().locator('.done');
    await receipt.getByText('We could not email you this link — bookmark it now.').waitFor();
    expect(await receipt.getByText('We have emailed it to you too.').count()).to.equal(0);
    expect(
      await receipt.getByRole('link', { name: /Open your story’s private page/ }).getAttribute('href'),
    ).to.equal(link);
    await receipt.getByRole('heading', { name: 'What happens next' }).waitFor();
    await receipt.getByText('A moderator reads your story first, usually within 2 working days.').waitFor();
    await receipt
      .getByText('Then it is published under your nickname and sent to the services you chose.')
      .waitFor();
  });

  it('shows every answer before sending, and "Change" goes back to it and then straight back to the check', async () => {
    await open();
    await tellStoryWithKeyboard({ title: 'First title', body: 'What happened on the ward.' });
    const answers = form().locator('dl.summary');
    const value = (label: string) =>
      answers.locator('div', { has: web.page.locator('dt', { hasText: label }) }).locator('dd.body');
    expect(await value('Title').textContent()).to.equal('First title');
    expect(await value('Your story').textContent()).to.equal('What happened on the ward.');
    expect(await value('Services').textContent()).to.equal(raigmoreEmergency);
    expect(await value('What was good?').innerText()).to.equal('Kindness\nnight staff\ntea');
    expect(await value('You are the…').textContent()).to.equal('patient');
    expect(await value('Email').textContent()).to.equal('Not given');
    expect(await web.app.connection.model('Story').countDocuments({ title: 'First title' })).to.equal(0);

    await form().getByRole('button', { name: 'Change Title' }).click();
    await form()
      .getByRole('heading', { name: /What happened/ })
      .waitFor();
    expect(await focusedId(), 'focus goes to the answer to change').to.equal('title');
    await form().getByLabel('Title').fill('Better title');
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByRole('heading', { name: 'Check your answers before sending' }).waitFor();
    expect(await focusedId()).to.equal('step');
    expect(await value('Title').textContent()).to.equal('Better title');
    await form().getByRole('button', { name: 'Send your story' }).click();
    await form().getByRole('heading', { name: 'Thank you: your story was sent' }).waitFor();
    expect(await web.app.connection.model('Story').countDocuments({ title: 'Better title' })).to.equal(1);
  });

  it('keeps the new step’s heading in view, clear of the top edge, on a phone', async () => {
    await web.page.setViewportSize({ width: 390, height: 700 });
    await open();
    await form().getByLabel('Title').fill('On a phone');
    await form().getByRole('textbox', { name: 'Your story' }).fill('A long story.\n'.repeat(40));
    const next = form().getByRole('button', { name: 'Next' });
    await next.scrollIntoViewIfNeeded();
    await next.click();
    await form()
      .getByRole('heading', { name: /Which services/ })
      .waitFor();
    expect(await focusedId()).to.equal('step');
    const top = await form()
      .locator('#step')
      .evaluate((heading) => heading.getBoundingClientRect().top);
    expect(top, 'the heading is on screen, with room above it').to.be.within(48, 700);
    expect(await web.page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
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

  it('sums up every missing answer at the top of the step, focused, each a link to its field, and ties each to its field', async () => {
    await open();
    await form().getByRole('button', { name: 'Next' }).click();
    const title = form().getByLabel('Title');
    const summary = form().locator('#errors');
    await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await focusedId(), 'focus moves to the summary').to.equal('errors');
    expect(await summary.getByRole('link').allTextContents()).to.deep.equal([
      'Enter a title (up to 150 characters)',
      'Tell us what happened (up to 8,000 characters)',
    ]);
    const summaryTop = await summary.evaluate((box) => box.getBoundingClientRect().top);
    const headingTop = await form()
      .locator('#step')
      .evaluate((heading) => heading.getBoundingClientRect().top);
    expect(summaryTop, 'the summary is at the top of the step').to.be.below(headingTop);
    await summary.getByRole('link', { name: /Tell us what happened/ }).click();
    expect(await focusedId(), 'its link goes to the field').to.equal('body');
    expect(web.page.url(), 'without changing the page’s address').to.not.include('#');
    expect(
      await form().getByText('Enter a title (up to 150 characters)').count(),
      'and by the field',
    ).to.equal(2);
    expect(await title.getAttribute('aria-invalid')).to.equal('true');
    expect(await title.getAttribute('aria-describedby')).to.equal('title-error');
    expect(
      await form().getByRole('textbox', { name: 'Your story' }).getAttribute('aria-describedby'),
    ).to.equal('body-hint body-error');
    await title.fill('Now with a title');
    expect(await title.getAttribute('aria-invalid'), 'typing clears the error').to.equal('false');
  });

  it("shows the service's problem+json errors next to the fields they name", async () => {
    web.allowFailedLoad(400, '/api/v1/stories');
    await open();
    await web.page.route('**/api/v1/stories', (route) =>
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
    await sendFromCheck();
    await form().getByRole('link', { name: 'Enter a UK postcode, or leave it empty' }).waitFor();
    expect(await focusedId(), 'focus moves to the error summary').to.equal('errors');
    expect(await form().getByLabel('Postcode').getAttribute('aria-invalid')).to.equal('true');
    expect(
      await form().getByRole('status').filter({ hasText: 'Please check the answers marked.' }).count(),
    ).to.equal(1);
  });

  it('keeps the draft through a reload', async () => {
    await open();
    await form().getByLabel('Title').fill('Half-written');
    await form().getByRole('textbox', { name: 'Your story' }).fill('I will finish this later.');
    await web.page.reload();
    await form().getByText('We kept what you wrote last time.').waitFor();
    expect(await form().getByLabel('Title').inputValue()).to.equal('Half-written');
    expect(await form().getByRole('textbox', { name: 'Your story' }).inputValue()).to.equal(
      'I will finish this later.',
    );
  });

  it('sends a story once when the first answer is lost, retrying with the same Idempotency-Key', async () => {
    web.allowFailedLoad('ERR_CONNECTION_RESET', '/api/v1/stories');
    await open();
    const keys: string[] = [];
    let lost = false;
    await web.page.route('**/api/v1/stories', async (route) => {
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
    await sendFromCheck();
    await form().getByText('Not sent: careloop could not be reached.').waitFor();
    await web.page.reload();
    // The draft survived the failure, back at "check your answers".
    await form().getByRole('heading', { name: 'Check your answers before sending' }).waitFor();
    expect(await form().locator('dl.summary').getByText('Lost answer').count()).to.equal(1);
    await form().getByRole('button', { name: 'Send your story' }).click();
    await form().getByRole('heading', { name: 'Thank you: your story was sent' }).waitFor();
    await form().getByText('We have emailed it to you too.').waitFor();
    expect(await form().getByText('bookmark it now').count()).to.equal(0);

    expect(keys).to.have.lengthOf(2);
    expect(keys[0]).to.match(/^[0-9a-f]{32}$/);
    expect(keys[1]).to.equal(keys[0]);
    const stories = web.app.connection.model('Story');
    expect(await stories.countDocuments({ title: 'Lost answer' })).to.equal(1);
  });

  it('speaks Welsh and Scottish Gaelic', async () => {
    await open('cy');
    await form().getByRole('heading', { name: 'Adroddwch eich stori' }).waitFor();
    expect(await form().getByLabel('Teitl').count()).to.equal(1);
    // A first visit again: nothing the Welsh visit stored carries over.
    await web.freshContext();
    await open('gd');
    await form().getByRole('heading', { name: 'Innis do sgeulachd' }).waitFor();
    expect(await form().getByLabel('Tiotal').count()).to.equal(1);
  });
  it('passes the WCAG 2.2 AA audit on every step, with errors showing, and after sending, in both colour schemes', async () => {
    await open();
    const include = 'careloop-form';
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectAccessibleInBothSchemes(web.page, { include });
    await form().getByLabel('Title').fill('Audited');
    await form().getByRole('textbox', { name: 'Your story' }).fill('Every step is checked.');
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByLabel('Raigmore Hospital').check();
    await expectAccessibleInBothSchemes(web.page, { include });
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByRole('group', { name: 'What was good?' }).waitFor();
    await expectAccessibleInBothSchemes(web.page, { include });
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByText('Tick to agree, or we cannot publish your story').first().waitFor();
    await expectAccessibleInBothSchemes(web.page, { include });
    await form().getByLabel('Nickname').fill('Auditor');
    await form().getByLabel('carer', { exact: true }).check();
    await form().getByLabel('I agree').check();
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByRole('heading', { name: 'Check your answers before sending' }).waitFor();
    await expectAccessibleInBothSchemes(web.page, { include });
    await form().getByRole('button', { name: 'Send your story' }).click();
    await form().getByRole('heading', { name: 'Thank you: your story was sent' }).waitFor();
    await expectAccessibleInBothSchemes(web.page, { include });
  });
  it('sends a story from a busy address (a ward kiosk), solving the proof of work the service asks for', async () => {
    // The first try is answered 429 with the puzzle to solve.
    web.allowFailedLoad(429, '/api/v1/stories');
    // Ten stories from this address in the last hour: the next one needs a proof of work.
    for (let i = 0; i < 10; i += 1) await submitStory(web.app, { title: `Earlier on the ward ${i}` });
    await open();
    const proofs: string[] = [];
    web.page.on('request', (request) => {
      const proof = request.headers()['careloop-proof-of-work'];
      if (proof) proofs.push(proof);
    });
    await tellStoryWithKeyboard({ title: 'Told at the ward kiosk', body: 'The ward was busy but kind.' });
    await sendFromCheck();
    await form().getByRole('heading', { name: 'Thank you: your story was sent' }).waitFor();
    expect(proofs).to.have.lengthOf(1);
    const stories = web.app.connection.model('Story');
    expect(await stories.countDocuments({ title: 'Told at the ward kiosk' })).to.equal(1);
  });
});
