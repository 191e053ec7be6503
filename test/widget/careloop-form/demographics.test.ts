import { expect } from 'chai';
import { useBrowserPage } from '../../support/browser.js';
import { loadScotlandServices, storedStory } from '../../support/stories.js';

describe('<careloop-form>: the optional questions about the author', () => {
  const web = useBrowserPage({ context: { viewport: { width: 1000, height: 900 } } });

  before(async () => {
    await loadScotlandServices(web.app);
  });

  const form = () => web.page.locator('careloop-form');
  const questions = () => form().getByRole('group', { name: 'About you (optional)' });

  /** Fills in every step up to "About you", which it shows. */
  async function upToAboutYou(): Promise<void> {
    await web.page.goto(`${web.app.baseUrl}/tell-your-story.html`);
    await form().getByLabel('Title').fill('A calm night in A&E');
    await form()
      .getByRole('textbox', { name: 'Your story' })
      .fill('The nurses at Raigmore explained everything and checked on me often.');
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByLabel('Search for a service').fill('emergency');
    await form().getByText('Services found: 1').waitFor();
    await form().getByLabel('Emergency Department, Raigmore Hospital').check();
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByRole('group', { name: 'What was good?' }).waitFor();
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByLabel('Nickname').fill('Night owl');
    await form().getByLabel('patient', { exact: true }).check();
    await form().getByLabel('I agree').check();
  }

  async function send(): Promise<string> {
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByRole('heading', { name: 'Check your answers before sending' }).waitFor();
    await form().getByRole('button', { name: 'Send your story' }).click();
    const link = form().getByLabel('Your private link');
    await link.waitFor();
    return /#careloop-author=([0-9a-f]{24})\./.exec(await link.inputValue())![1]!;
  }

  it('says why we ask, that answers are never shown with the story and that answering is consent', async () => {
    await upToAboutYou();
    await questions().waitFor();
    for (const words of [
      'worse experience of care',
      'never shown with your story',
      'a group of 10 stories or fewer is never shown',
      'By answering, you agree',
    ])
      await questions().getByText(words, { exact: false }).waitFor();
    for (const label of [
      'Age',
      'Sex',
      'Ethnic group',
      'Do you have a disability or a long-term health condition?',
    ]) {
      const select = questions().getByLabel(label, { exact: true });
      expect(await select.inputValue(), `${label} starts unanswered`).to.equal('');
      const offered = await select.locator('option').allInnerTexts();
      expect(
        offered.map((text) => text.trim()),
        label,
      ).to.include('Prefer not to say');
    }
    const groups = await questions().getByLabel('Ethnic group').locator('option').allInnerTexts();
    expect(groups.map((text) => text.trim())).to.deep.equal([
      'Not given',
      'White',
      'Mixed or multiple ethnic groups',
      'Asian, Scottish Asian or British Asian',
      'African, Scottish African or British African',
      'Caribbean or Black',
      'Other ethnic group',
      'Prefer not to say',
    ]);
  });

  it('sends a story with none of them answered, and stores no answers', async () => {
    await upToAboutYou();
    const id = await send();
    const stored = await storedStory(web.app, id);
    expect(stored?.demographics ?? {}).to.deep.equal({});
  });

  it('sends the answers chosen, shown in "Check your answers", and leaves the others out', async () => {
    await upToAboutYou();
    await questions().getByLabel('Age').selectOption({ label: '65 to 74' });
    await questions()
      .getByLabel('Ethnic group')
      .selectOption({ label: 'Asian, Scottish Asian or British Asian' });
    await questions()
      .getByLabel('Do you have a disability or a long-term health condition?')
      .selectOption({ label: 'Prefer not to say' });
    await form().getByRole('button', { name: 'Next' }).click();
    await form().getByText('Ethnic group: Asian, Scottish Asian or British Asian').waitFor();
    await form().getByText('Age: 65 to 74').waitFor();
    await form().getByRole('button', { name: 'Send your story' }).click();
    const link = form().getByLabel('Your private link');
    await link.waitFor();
    const id = /#careloop-author=([0-9a-f]{24})\./.exec(await link.inputValue())![1]!;
    expect((await storedStory(web.app, id))?.demographics).to.deep.equal({
      ageBand: '65-74',
      ethnicity: 'asian',
      disability: 'prefer-not-to-say',
    });
  });

  it('asks them in Welsh and in Scottish Gaelic, and sends the same answers', async () => {
    for (const [lang, group, label, answer] of [
      ['cy', 'Amdanoch chi (dewisol)', 'Grŵp ethnig', 'Gwyn'],
      ['gd', 'Mu do dheidhinn (roghainneil)', 'Buidheann cinnidh', 'Geal'],
    ] as const) {
      await web.freshContext();
      await web.page.route(`${web.app.baseUrl}/${lang}.html`, async (route) => {
        const response = await route.fetch({ url: `${web.app.baseUrl}/tell-your-story.html` });
        const body = (await response.text()).replace('<html lang="en">', `<html lang="${lang}">`);
        await route.fulfill({ response, body });
      });
      await web.page.goto(`${web.app.baseUrl}/${lang}.html`);
      // Through the steps by the controls' ids: their labels are in the page's language.
      await form().locator('#title').fill('Stori / Sgeulachd');
      await form().locator('#body').fill('Roedd y nyrsys yn garedig. Bha na nursaichean coibhneil.');
      await form().locator('button[type="submit"]').click();
      await form().locator('#q').fill('emergency');
      await form().locator('input[name="service"]').first().check();
      await form().locator('button[type="submit"]').click();
      await form().locator('#goodMore').waitFor();
      await form().locator('button[type="submit"]').click();
      const questions = form().getByRole('group', { name: group });
      await questions.waitFor();
      await questions.getByLabel(label).selectOption({ label: answer });
      await form().locator('#nickname').fill('Siaradwr');
      await form().locator('#role-patient').check();
      await form().locator('#consent').check();
      await form().locator('button[type="submit"]').click();
      await form().getByText(`${label}: ${answer}`).waitFor();
      await form().locator('button[type="submit"]').click();
      const link = form().locator('#link');
      await link.waitFor();
      const id = /#careloop-author=([0-9a-f]{24})\./.exec(await link.inputValue())![1]!;
      expect((await storedStory(web.app, id))?.demographics, lang).to.deep.equal({ ethnicity: 'white' });
    }
  });
});
