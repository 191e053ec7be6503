import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { expectAccessibleInBothSchemes } from '../support/axe.js';
import { createAccount, type TestAccount } from '../support/accounts.js';
import { useBrowserPage } from '../support/browser.js';
import { loadScotlandServices, publishedStory } from '../support/stories.js';

const board = 'nhs-highland';
const title = 'Night in the emergency department';
/** HTML and script a patient typed: it must show as the characters typed, and never run. */
const hostileLine = '<script>window.careloopPwned = 1</script><b>not bold</b>';
const phone = '07700 900123';
const body = `We waited all night, but the nurses were kind. ${hostileLine} Call me on ${phone} if you like.`;
/** Another published story, always in the public list. */
const otherTitle = 'A quiet night on the ward';
const response = 'Thank you. We are adding a second triage nurse at night from next month.';

/** The element that has focus, looking through shadow roots, is the one `target` names. */
async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((element) => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active === element;
  });
}

/**
 * Presses Tab until `target` has focus: the way a keyboard user reaches a control. Fails when it cannot
 * be reached (not focusable, hidden, or a keyboard trap on the way).
 */
async function tabTo(page: Page, target: Locator, maxPresses = 80): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < maxPresses; presses++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${String(target)} with the Tab key in ${maxPresses} presses`);
}

/** The focused element draws a visible focus indicator (an outline or a box shadow). */
async function expectVisibleFocus(target: Locator): Promise<void> {
  const style = await target.evaluate((element) => {
    const computed = getComputedStyle(element);
    return { outline: computed.outlineStyle, width: computed.outlineWidth, shadow: computed.boxShadow };
  });
  const outlined = style.outline !== 'none' && style.width !== '0px';
  expect(outlined || style.shadow !== 'none', `focus indicator ${JSON.stringify(style)}`).to.equal(true);
}

/**
 * The whole journey, in real Chromium against the real service and store, with the keyboard only: a
 * patient tells a story (and a reload loses nothing), a moderator signs in inside the widget, redacts
 * and publishes it, staff respond with "change planned", the public sees the thread and the marker,
 * and the author withdraws it through the private link so that it disappears. Every mode passes the
 * WCAG 2.2 AA audit on the way, in both colour schemes.
 */
describe('end to end, with the keyboard only', function () {
  this.timeout(120_000);
  // One page for the whole journey: each test is the next step of it.
  const web = useBrowserPage({ context: { viewport: { width: 1280, height: 1000 } }, pagePer: 'file' });
  let moderator: TestAccount;
  let staff: TestAccount;
  /** The author's private link, as the form showed it. */
  let privateLink: string;

  before(async () => {
    await loadScotlandServices(web.app);
    await publishedStory(web.app, { title: otherTitle, services: ['raigmore-hospital'] });
    moderator = await createAccount(web.app, { role: 'moderator', name: 'Morag Stewart' });
    staff = await createAccount(web.app, {
      role: 'staff',
      services: [board],
      name: 'Dr Iain MacLeod',
      jobTitle: 'Patient Experience Lead',
    });
    // A widget file missing (a rebuild of dist/widget while this runs) would otherwise look like a bug.
    web.page.on('response', (reply) => {
      if (reply.status() >= 400 && new URL(reply.url()).pathname.startsWith('/widget/')) {
        console.error(`    ${reply.status()} for ${reply.url()}: was dist/widget rebuilt during the test?`);
      }
    });
  });

  const form = () => web.page.locator('careloop-form');
  const stories = () => web.page.locator('careloop-stories');
  const admin = () => web.page.locator('careloop-admin');

  it('a patient starts their story on the "tell your story" page, and a reload loses nothing', async () => {
    await web.page.goto(`${web.app.baseUrl}/tell-your-story.html`);
    const titleField = form().getByRole('textbox', { name: 'Title', exact: true });
    await tabTo(web.page, titleField);
    await expectVisibleFocus(titleField);
    await web.page.keyboard.type(title);
    await tabTo(web.page, form().getByRole('textbox', { name: 'Your story', exact: true }));
    await web.page.keyboard.type(body);
    // Drafts are saved as the user types; give the save a moment before the reload.
    await web.page.waitForTimeout(300);

    await web.page.reload();
    await form().getByText('We kept what you wrote last time.').waitFor();
    expect(await form().getByRole('textbox', { name: 'Title', exact: true }).inputValue()).to.equal(title);
    expect(await form().getByRole('textbox', { name: 'Your story', exact: true }).inputValue()).to.equal(
      body,
    );
    await expectAccessibleInBothSchemes(web.page);
  });

  it('they choose the service, describe how it was and who they are, and send it', async () => {
    await tabTo(web.page, form().getByRole('button', { name: 'Next' }));
    await web.page.keyboard.press('Enter');

    await tabTo(web.page, form().getByRole('searchbox', { name: 'Search for a service', exact: true }));
    // The list changes when the search answers (300 ms after the last key): choose from that answer, as a
    // person who reads the list before ticking does, not from the list it replaces.
    const answered = web.page.waitForResponse(
      (response) => new URL(response.url()).searchParams.get('q') === 'Raigmore Hospital',
    );
    await web.page.keyboard.type('Raigmore Hospital');
    await answered;
    const raigmore = form().getByRole('checkbox', { name: 'Raigmore Hospital', exact: true });
    await tabTo(web.page, raigmore);
    await web.page.keyboard.press('Space');
    expect(await raigmore.isChecked()).to.equal(true);
    await tabTo(web.page, form().getByRole('button', { name: 'Next' }));
    await web.page.keyboard.press('Enter');

    const kindness = form().getByRole('checkbox', { name: 'Kindness' });
    await tabTo(web.page, kindness);
    await web.page.keyboard.press('Space');
    await tabTo(web.page, form().getByRole('button', { name: 'Next' }));
    await web.page.keyboard.press('Enter');

    await tabTo(web.page, form().getByRole('textbox', { name: 'Nickname', exact: true }));
    await web.page.keyboard.type('Night owl');
    const role = form().getByRole('radio', { name: 'patient', exact: true });
    await tabTo(web.page, role);
    await web.page.keyboard.press('Space');
    expect(await role.isChecked(), 'a role was chosen with the space bar').to.equal(true);
    await tabTo(web.page, form().getByRole('checkbox', { name: /I agree/ }));
    await web.page.keyboard.press('Space');
    await expectAccessibleInBothSchemes(web.page);
    await tabTo(web.page, form().getByRole('button', { name: 'Next' }));
    await web.page.keyboard.press('Enter');

    await form().getByRole('heading', { name: 'Check your answers before sending' }).waitFor();
    await tabTo(web.page, form().getByRole('button', { name: 'Send your story' }));
    await web.page.keyboard.press('Enter');
    const thanks = form().getByRole('heading', { name: 'Thank you: your story was sent' });
    await thanks.waitFor();
    expect(await isFocused(thanks), 'focus moved to the confirmation').to.equal(true);
    privateLink = await form().getByRole('textbox', { name: 'Your private link', exact: true }).inputValue();
    expect(privateLink).to.match(/#careloop-author=[0-9a-f]{24}\./);
    await expectAccessibleInBothSchemes(web.page);
  });

  it('a moderator signs in inside the widget, redacts the phone number and publishes the story', async () => {
    await web.page.goto(`${web.app.baseUrl}/`);
    await tabTo(web.page, stories().getByRole('button', { name: 'Staff sign in' }));
    await web.page.keyboard.press('Enter');
    await tabTo(web.page, admin().getByRole('textbox', { name: 'Email address', exact: true }));
    await web.page.keyboard.type(moderator.email);
    await tabTo(web.page, admin().getByLabel('Password', { exact: true }));
    await web.page.keyboard.type(moderator.password);
    await expectAccessibleInBothSchemes(web.page);
    await web.page.keyboard.press('Enter');
    await admin().getByRole('status').filter({ hasText: 'Signed in as' }).waitFor();

    await tabTo(web.page, admin().getByRole('tab', { name: 'Moderation' }));
    await web.page.keyboard.press('Enter');
    const queued = admin().getByRole('button', { name: title });
    await tabTo(web.page, queued);
    await web.page.keyboard.press('Enter');
    await admin().getByRole('heading', { name: title }).waitFor();
    await expectAccessibleInBothSchemes(web.page);

    await tabTo(web.page, admin().getByRole('button', { name: `Redact ${phone}` }));
    await web.page.keyboard.press('Enter');
    expect(await admin().getByRole('textbox', { name: 'Text', exact: true }).inputValue()).not.to.include(
      phone,
    );
    await tabTo(web.page, admin().getByRole('button', { name: 'Publish', exact: true }));
    await web.page.keyboard.press('Enter');
    await admin().getByText('Published.').waitFor();

    await tabTo(web.page, admin().getByRole('button', { name: 'Sign out' }));
    await web.page.keyboard.press('Enter');
  });

  it('staff sign in, open the story and respond with "change planned"', async () => {
    await web.page.goto(`${web.app.baseUrl}/`);
    await tabTo(web.page, stories().getByRole('button', { name: 'Staff sign in' }));
    await web.page.keyboard.press('Enter');
    await tabTo(web.page, admin().getByRole('textbox', { name: 'Email address', exact: true }));
    await web.page.keyboard.type(staff.email);
    await tabTo(web.page, admin().getByLabel('Password', { exact: true }));
    await web.page.keyboard.type(staff.password);
    await web.page.keyboard.press('Enter');
    await admin().getByRole('status').filter({ hasText: 'Signed in as' }).waitFor();

    const listed = admin().getByRole('button', { name: title });
    await tabTo(web.page, listed);
    await web.page.keyboard.press('Enter');
    await tabTo(web.page, admin().getByRole('textbox', { name: 'Your response', exact: true }));
    await web.page.keyboard.type(response);
    const marker = admin().getByRole('combobox', { name: 'Change marker' });
    await tabTo(web.page, marker);
    await web.page.keyboard.press('ArrowDown');
    expect(await marker.inputValue()).to.equal('planned');
    await expectAccessibleInBothSchemes(web.page);
    await tabTo(web.page, admin().getByRole('button', { name: 'Publish response' }));
    await web.page.keyboard.press('Enter');
    await admin().getByText('Your response is published.').waitFor();

    await tabTo(web.page, admin().getByRole('button', { name: 'Sign out' }));
    await web.page.keyboard.press('Enter');
  });

  it('the public sees the story with its thread and the "change planned" marker, user text as text', async () => {
    await web.page.goto(`${web.app.baseUrl}/`);
    const opener = stories()
      .getByRole('link', { name: title })
      .or(stories().getByRole('button', { name: title }));
    await tabTo(web.page, opener.first());
    await web.page.keyboard.press('Enter');
    await stories().getByText(response).waitFor();
    expect(
      await stories()
        .getByText(/change (is )?planned/i)
        .count(),
    ).to.be.greaterThan(0);
    expect(await stories().getByText('Dr Iain MacLeod').count()).to.be.greaterThan(0);
    // The story as typed: the markup shows as characters, and the script never ran.
    expect(await stories().getByText(hostileLine, { exact: false }).count()).to.be.greaterThan(0);
    expect(await web.page.evaluate(() => 'careloopPwned' in window)).to.equal(false);
    expect(await stories().getByText(phone).count(), 'the redacted number is gone').to.equal(0);
    await expectAccessibleInBothSchemes(web.page);
  });

  it('the author opens the private link, withdraws the story after confirming, and it disappears', async () => {
    await web.page.goto(privateLink);
    const author = web.page.locator('careloop-author');
    await author.getByText('Published').first().waitFor();
    await tabTo(web.page, author.getByRole('button', { name: 'Withdraw my story' }));
    await web.page.keyboard.press('Enter');
    const yes = author.getByRole('button', { name: 'Yes, withdraw it' });
    await yes.waitFor();
    await tabTo(web.page, yes);
    await web.page.keyboard.press('Enter');
    await author.getByText('Withdrawn').first().waitFor();
    await expectAccessibleInBothSchemes(web.page);

    await web.page.goto(`${web.app.baseUrl}/`);
    await stories().getByText(otherTitle).waitFor();
    expect(await stories().getByText(title).count(), 'withdrawn stories leave the public list').to.equal(0);
  });

  it('says careloop is unavailable, with Retry, when the service is down', async () => {
    web.allowFailedLoad('ERR_CONNECTION_REFUSED');
    await web.page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
    await web.page.route('**/healthz', (route) => route.abort('connectionrefused'));
    await web.page.goto(`${web.app.baseUrl}/`);
    await stories().getByText('careloop is unavailable right now').waitFor();
    await tabTo(web.page, stories().getByRole('button', { name: 'Retry' }).first());
    expect(await web.page.getByRole('heading', { level: 1 }).textContent()).to.equal(
      'Tell us about your care',
    );
    await web.page.unrouteAll();
  });

  for (const [lang, language, signIn] of [
    ['cy', 'Welsh', 'Mewngofnodi staff'],
    ['gd', 'Scottish Gaelic', 'Clàradh a-steach luchd-obrach'],
  ] as const) {
    it(`speaks ${language} on a page in that language`, async () => {
      await web.page.route(`${web.app.baseUrl}/${lang}.html`, async (route) => {
        const original = await (await route.fetch({ url: `${web.app.baseUrl}/` })).text();
        await route.fulfill({
          contentType: 'text/html; charset=utf-8',
          body: original.replace('<html lang="en">', `<html lang="${lang}">`),
        });
      });
      await web.page.goto(`${web.app.baseUrl}/${lang}.html`);
      await stories().getByRole('button', { name: signIn }).waitFor();
      expect(await stories().getByRole('button', { name: 'Staff sign in' }).count()).to.equal(0);
      // Alerts asked for on this page are written in its language: the widget says which.
      const address = `reader.${lang}@example.org`;
      await stories().locator('input[name="email"]').fill(address);
      await stories().locator('input[name="email"]').press('Enter');
      await stories().locator('#alert-email-status.sent').waitFor();
      const subscription = await web.app.models.subscriptions.findOne({ email: address }).lean();
      expect(subscription?.language).to.equal(lang);
    });
  }
});
