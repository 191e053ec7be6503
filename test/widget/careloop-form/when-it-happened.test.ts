import { expect } from 'chai';
import { useBrowserPage } from '../../support/browser.js';
import { loadScotlandServices, storedStory } from '../../support/stories.js';

describe('<careloop-form>: "When did this happen?"', () => {
  const web = useBrowserPage({ context: { viewport: { width: 1000, height: 900 } } });

  before(async () => {
    await loadScotlandServices(web.app);
  });

  const form = () => web.page.locator('careloop-form');
  const focusedId = () =>
    web.page.evaluate(() => document.querySelector('careloop-form')?.shadowRoot?.activeElement?.id ?? null);

  async function firstStep(month: string, year: string): Promise<void> {
    await form().getByLabel('Title').fill('Seen years ago');
    await form()
      .getByRole('textbox', { name: 'Your story' })
      .fill('The staff at Raigmore were calm and kind.');
    await form().getByLabel('Month').fill(month);
    await form().getByLabel('Year').fill(year);
    await form().getByRole('button', { name: 'Next' }).click();
  }

  it('is optional and explained: a story is sent without it', async () => {
    await web.page.goto(`${web.app.baseUrl}/tell-your-story.html`);
    const question = form().getByRole('group', { name: 'When did this happen? (optional)' });
    await question.waitFor();
    await question.getByText('It is never published.', { exact: false }).waitFor();
    await firstStep('', '');
    await form()
      .getByRole('heading', { name: /Which services/ })
      .waitFor();
  });

  it('names the question when the month is not real or in the future, and moves focus to it', async () => {
    await web.page.goto(`${web.app.baseUrl}/tell-your-story.html`);
    const error = 'Enter a month (1 to 12) and a year, not in the future, or leave both empty';
    await firstStep('13', '2020');
    await form().getByText(error).first().waitFor();
    await form().getByRole('link', { name: error }).click();
    expect(await focusedId()).to.equal('happenedMonth');

    const nextYear = String(new Date().getUTCFullYear() + 1);
    await firstStep('1', nextYear);
    await form().getByText(error).first().waitFor();
    expect(await form().getByLabel('Month').getAttribute('aria-invalid')).to.equal('true');
  });

  it('sends the month and year with the story, shown in "Check your answers"', async () => {
    await web.page.goto(`${web.app.baseUrl}/tell-your-story.html`);
    await firstStep('3', '2020');
    await form().getByLabel('Search for a service').fill('emergency');
    await form().getByText('Services found: 1').waitFor();
    await form().getByLabel('Emergency Department, Raigmore Hospital').check();
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByRole('group', { name: 'What was good?' }).waitFor();
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByLabel('Nickname').fill('Highland walker');
    await form().getByLabel('patient', { exact: true }).check();
    await form().getByLabel('I agree').check();
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByRole('heading', { name: 'Check your answers before sending' }).waitFor();
    await form().getByText('3/2020').waitFor();
    await form().getByRole('button', { name: 'Send your story' }).click();

    const link = form().getByLabel('Your private link');
    await link.waitFor();
    const id = /#careloop-author=([0-9a-f]{24})\./.exec(await link.inputValue())![1]!;
    expect((await storedStory(web.app, id))?.happenedIn).to.equal('2020-03');
  });
});
