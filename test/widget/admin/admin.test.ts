import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { generate } from 'otplib';
import { expectAccessibleInBothSchemes } from '../../support/axe.js';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { useBrowserPage } from '../../support/browser.js';
import {
  department,
  hospital,
  loadScotlandServices,
  publishedStory,
  submitAccepted,
} from '../../support/stories.js';
import { adminChunk, serveAdminPage } from '../../support/admin-page.js';

describe('<careloop-admin>: the staff area inside the widget', () => {
  const web = useBrowserPage({ context: { viewport: { width: 1100, height: 900 } } });
  let staff: TestAccount;
  let moderator: TestAccount;

  before(async () => {
    await loadScotlandServices(web.app);
    [staff, moderator] = await Promise.all([
      createAccount(web.app, {
        role: 'staff',
        services: [hospital],
        name: 'Morag Ross',
        jobTitle: 'Ward manager',
      }),
      createAccount(web.app, { role: 'moderator', name: 'Mo Derator' }),
    ]);
  });

  /** A board page with nothing but the admin element, loading the built admin chunk itself. */
  async function openAdminPage(lang = 'en'): Promise<void> {
    await serveAdminPage(web, lang);
  }

  const admin = () => web.page.locator('careloop-admin');

  async function signIn(account: TestAccount): Promise<void> {
    await admin().getByLabel('Email address').fill(account.email);
    await admin().getByLabel('Password').fill(account.password);
    await admin().getByLabel('Password').press('Enter');
    await admin().getByText('Signed in as').first().waitFor();
  }

  const focusedText = () =>
    web.page.evaluate(() => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      if (element && /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName)) return `#${element.id}`;
      return element?.textContent?.trim();
    });

  it('is loaded only when someone asks to sign in from <careloop-stories>', async () => {
    const chunk = adminChunk();
    expect(chunk, 'admin-<hash>.js in dist/widget').to.be.a('string');
    const requested: string[] = [];
    web.page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await web.page.goto(`${web.app.baseUrl}/`);
    const stories = web.page.locator('careloop-stories');
    await stories.getByRole('button', { name: 'Staff sign in' }).waitFor();
    expect(requested).not.to.include(`/widget/${chunk}`);
    await stories.getByRole('button', { name: 'Staff sign in' }).click();
    await admin().getByRole('heading', { name: 'Staff sign in' }).waitFor();
    expect(requested).to.include(`/widget/${chunk}`);
    await admin().getByRole('button', { name: 'Back to stories' }).click();
    await stories.getByRole('button', { name: 'Staff sign in' }).waitFor();
  });

  it('on a 390 px phone inside <careloop-stories>: one box, a row of tabs with the tab keys, nothing sideways', async () => {
    await web.page.setViewportSize({ width: 390, height: 844 });
    const serviceReads: string[] = [];
    web.page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/v1/services/')) serviceReads.push(path);
    });
    await web.page.goto(`${web.app.baseUrl}/`);
    await web.page.locator('careloop-stories').getByRole('button', { name: 'Staff sign in' }).click();
    await signIn(staff);
    const borders = await web.page.evaluate(() => {
      const outer = document.querySelector('careloop-stories')!.shadowRoot!;
      const inner = outer.querySelector('careloop-admin')!.shadowRoot!;
      return {
        stories: getComputedStyle(outer.querySelector('.panel')!).borderTopWidth,
        admin: getComputedStyle(inner.querySelector('.panel')!).borderTopWidth,
      };
    });
    expect(borders, 'the staff area is not a panel in a panel').to.deep.equal({
      stories: '1px',
      admin: '0px',
    });

    const tabs = admin().getByRole('tablist', { name: 'Staff area sections' }).getByRole('tab');
    expect(await tabs.allTextContents().then((names) => names.map((name) => name.trim()))).to.deep.equal([
      'Stories',
      'Preview',
      'Enter a story',
      'Reports',
      'Alerts',
      'Two-step sign-in',
    ]);
    const selected = () => admin().getByRole('tab', { selected: true }).textContent();
    expect((await selected())?.trim()).to.equal('Stories');
    const wide = () => web.page.evaluate(() => document.documentElement.scrollWidth);
    expect(await wide(), 'the page width with Stories shown').to.be.at.most(390);

    // WAI-ARIA tabs: one tab stop; arrows move (wrapping), Home/End, Enter shows the focused tab's section.
    await admin().getByRole('tab', { name: 'Stories' }).focus();
    await web.page.keyboard.press('ArrowRight');
    expect(await focusedText()).to.equal('Preview');
    await web.page.keyboard.press('ArrowRight');
    expect(await focusedText()).to.equal('Enter a story');
    await web.page.keyboard.press('ArrowRight');
    expect(await focusedText()).to.equal('Reports');
    expect((await selected())?.trim(), 'moving does not show the section yet').to.equal('Stories');
    await web.page.keyboard.press('Enter');
    await admin()
      .getByRole('tabpanel', { name: 'Reports' })
      .getByRole('heading', { name: 'Reports' })
      .waitFor();
    expect(await focusedText(), 'focus stays on the tab').to.equal('Reports');
    expect(await wide(), 'the page width with Reports shown').to.be.at.most(390);
    await web.page.keyboard.press('End');
    expect(await focusedText()).to.equal('Two-step sign-in');
    await web.page.keyboard.press('ArrowRight');
    expect(await focusedText()).to.equal('Stories');
    await web.page.keyboard.press('ArrowLeft');
    await web.page.keyboard.press('ArrowLeft');
    expect(await focusedText()).to.equal('Alerts');
    await web.page.keyboard.press(' ');
    await admin().getByRole('heading', { name: 'Your email alerts' }).waitFor();
    expect(await admin().getByRole('tab', { name: 'Alerts' }).getAttribute('tabindex')).to.equal('0');
    expect(await admin().getByRole('tab', { name: 'Stories' }).getAttribute('tabindex')).to.equal('-1');
    expect(await wide(), 'the page width with Alerts shown').to.be.at.most(390);
    // Back to Reports: the names of the account's services are not fetched again.
    await admin().getByRole('tab', { name: 'Reports' }).click();
    await admin().getByRole('heading', { name: 'Reports' }).waitFor();
    await admin().locator('careloop-admin-reports').getByRole('status').getByText('Report shown.').waitFor();
    const staffServiceReads = serviceReads.filter((path) => path === `/api/v1/services/${hospital}`);
    expect(staffServiceReads, 'the staff member’s service fetched once').to.have.lengthOf(1);
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-stories' });
  });

  it('signs in with the keyboard, keeps the token in sessionStorage only, and signing out ends the session on the service', async () => {
    await openAdminPage();
    await admin().getByLabel('Email address').focus();
    await web.page.keyboard.type(staff.email);
    await web.page.keyboard.press('Tab');
    await web.page.keyboard.type(staff.password);
    await web.page.keyboard.press('Enter');
    await admin().getByText('Signed in as Morag Ross').first().waitFor();
    expect(await focusedText()).to.equal('careloop staff area');
    const kept = await web.page.evaluate(() => ({
      stored: Object.keys(sessionStorage),
      cookie: document.cookie,
    }));
    expect(kept.stored).to.have.lengthOf(1);
    expect(kept.cookie).to.equal('');
    expect(await web.page.evaluate(() => localStorage.length)).to.equal(0);
    const token = await web.page.evaluate(() => sessionStorage.getItem(sessionStorage.key(0)!)!);
    const asOldToken = () =>
      fetch(`${web.app.baseUrl}/api/v1/sessions/current`, { headers: { authorization: `Bearer ${token}` } });
    expect((await asOldToken()).status, 'the token works while signed in').to.equal(200);

    await admin().getByRole('button', { name: 'Sign out' }).click();
    await admin().getByText('You have signed out.').waitFor();
    expect(await web.page.evaluate(() => sessionStorage.length)).to.equal(0);
    // The next person at a shared computer cannot use the old token: the service ended the session.
    expect((await asOldToken()).status, 'the token after signing out').to.equal(401);
    await admin().getByLabel('Email address').waitFor();
  });

  it('says when the email or password is wrong, and what is missing', async () => {
    web.allowFailedLoad(401, '/api/v1/sessions');
    await openAdminPage();
    await admin().getByRole('button', { name: 'Sign in' }).click();
    await admin().getByText('Fill this in.').first().waitFor();
    expect(await admin().getByLabel('Email address').getAttribute('aria-invalid')).to.equal('true');
    await admin().getByLabel('Email address').fill(staff.email);
    await admin().getByLabel('Password').fill('not the password');
    await admin().getByRole('button', { name: 'Sign in' }).click();
    await admin().getByRole('alert').getByText('do not match an account').waitFor();
  });

  it("themes its errors with the widget's --careloop-color-error, and still with a board's old --careloop-color-danger", async () => {
    await openAdminPage();
    await admin().getByRole('button', { name: 'Sign in' }).click();
    const message = admin().getByText('Fill this in.').first();
    await message.waitFor();
    const colour = () => message.evaluate((element) => getComputedStyle(element).color);
    const theme = (name: string, value: string) =>
      web.page.evaluate(
        ([name, value]) => document.querySelector('careloop-admin')!.style.setProperty(name!, value!),
        [name, value],
      );
    // The widget's one red (#c2001b), the same as the public form's errors.
    expect(await colour(), 'the widget’s red').to.equal('rgb(194, 0, 27)');
    await theme('--careloop-color-error', 'rgb(10, 20, 30)');
    expect(await colour(), 'the public widget’s name').to.equal('rgb(10, 20, 30)');
    // A board that themed the staff area before the names were one keeps its colour.
    await theme('--careloop-color-danger', 'rgb(40, 50, 60)');
    expect(await colour(), 'the staff area’s old name').to.equal('rgb(40, 50, 60)');
  });

  it('asks to sign in again when a kept token no longer works', async () => {
    web.allowFailedLoad(401, '/api/v1/sessions/current');
    await openAdminPage();
    await signIn(staff);
    const token = await web.page.evaluate(() => sessionStorage.getItem(Object.keys(sessionStorage)[0]!));
    // Leave the page before the token is revoked: a view's own call still in flight would otherwise meet
    // the 401 on the old page, which forgets the token there, and the new page would have none to resume.
    const adminPage = web.page.url();
    await web.page.goto('about:blank');
    expect((await callApi(web.app, 'DELETE', '/sessions/current', { as: token! })).status).to.equal(204);
    await web.page.goto(adminPage);
    await admin().getByText('Your session has ended. Please sign in again.').waitFor();
    expect(await web.page.evaluate(() => sessionStorage.length)).to.equal(0);
  });

  it('staff: stories about their services with progress; opening one records a read; respond, edit, delete', async () => {
    const answered = await publishedStory(web.app, { title: 'Already answered', services: [department] });
    const waiting = await publishedStory(web.app, {
      title: 'Waiting <b>for</b> an answer',
      body: 'The ward was calm.\n<script>alert(1)</script>',
      services: [department],
    });
    const responder = await createAccount(web.app, {
      role: 'staff',
      services: [hospital],
      name: 'Other Staff',
    });
    await callApi(web.app, 'POST', `/stories/${answered.id}/responses`, {
      as: responder,
      body: { body: 'Thank you.' },
    });

    const storyRequests: string[] = [];
    web.page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/v1/stories')) storyRequests.push(`${request.method()} ${path}`);
    });
    await openAdminPage();
    await signIn(staff);
    const view = admin().locator('careloop-admin-stories');
    await view.getByRole('button', { name: 'Already answered' }).waitFor();
    await view.getByRole('button', { name: 'Waiting <b>for</b> an answer' }).waitFor();
    await view.getByText('Responded').first().waitFor();
    await view.getByText('Unheard').first().waitFor();
    const counter = (title: string) =>
      view
        .locator('li.item', { has: web.page.getByRole('button', { name: title }) })
        .locator('p')
        .last();
    expect(await counter('Already answered').textContent()).to.match(/1 response$/);
    expect(await counter('Waiting <b>for</b> an answer').textContent()).to.match(/No response yet$/);
    expect(storyRequests, 'the list and every story’s progress in one request').to.deep.equal([
      'GET /api/v1/stories',
    ]);

    await view.getByLabel('Needs a response').check();
    await view.getByRole('button', { name: 'Already answered' }).waitFor({ state: 'detached' });
    await view.getByRole('button', { name: 'Waiting <b>for</b> an answer' }).click();
    await view.getByRole('heading', { name: 'Waiting <b>for</b> an answer' }).waitFor();
    expect(await focusedText()).to.equal('Waiting <b>for</b> an answer');
    expect(await view.locator('article .text').first().textContent()).to.equal(
      'The ward was calm.\n<script>alert(1)</script>',
    );
    expect(await view.locator('script').count(), 'user text is never HTML').to.equal(0);
    await view.getByText(/Read by 1/).waitFor();

    await view.getByLabel('Your response').fill('We are sorry: we will change how we answer the phone.');
    await view.getByLabel('Change marker').selectOption('planned');
    await view.getByRole('button', { name: 'Publish response' }).click();
    await view.getByText('Your response is published.').waitFor();
    await view.getByText('A change is planned').first().waitFor();
    expect(await focusedText()).to.contain('We are sorry');
    const thread = await callApi(web.app, 'GET', `/stories/${waiting.id}`);
    expect(thread.body.change).to.equal('planned');

    await view.getByRole('button', { name: 'Edit' }).click();
    await view
      .locator('textarea[id^="edit-"]')
      .fill('We are sorry: we have changed how we answer the phone.');
    await view.locator('select[id^="edit-change-"]').selectOption('made');
    await view.getByRole('button', { name: 'Save' }).click();
    await view.getByText('Your response is saved.').waitFor();
    expect((await callApi(web.app, 'GET', `/stories/${waiting.id}`)).body.change).to.equal('made');

    await view.getByRole('button', { name: 'Delete' }).click();
    await view.getByText('Delete this response? This cannot be undone.').waitFor();
    await view.getByRole('button', { name: 'Delete' }).click();
    await view.getByText('Your response is deleted.').waitFor();
    expect((await callApi(web.app, 'GET', `/stories/${waiting.id}`)).body.responseCount).to.equal(0);
  });

  it('staff: a response sent again after a network failure is published once (the same Idempotency-Key)', async () => {
    web.allowFailedLoad('ERR_CONNECTION_RESET', '/api/v1/stories/');
    const story = await publishedStory(web.app, { title: 'Lost on the way back', services: [department] });
    const keys: Array<string | undefined> = [];
    await web.page.route(`**/api/v1/stories/${story.id}/responses`, async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (keys.length > 1) return route.continue();
      // The service publishes it, but the answer never arrives: the connection drops on the way back.
      await route.fetch();
      await route.abort('connectionreset');
    });
    await openAdminPage();
    await signIn(staff);
    const view = admin().locator('careloop-admin-stories');
    await view.getByRole('button', { name: 'Lost on the way back' }).click();
    await view.getByLabel('Your response').fill('Thank you: we have passed this to the ward.');
    await view.getByRole('button', { name: 'Publish response' }).click();
    await view.getByRole('alert').getByText('careloop could not be reached').waitFor();
    await view.getByRole('button', { name: 'Publish response' }).click();
    await view.getByText('Your response is published.').waitFor();
    expect(keys).to.have.lengthOf(2);
    expect(keys[0]).to.match(/^[\x21-\x7e]{16,200}$/);
    expect(keys[1], 'the retry reuses the key').to.equal(keys[0]);
    const thread = (await callApi(web.app, 'GET', `/stories/${story.id}`)).body;
    expect(thread.responseCount, 'one response, however often it was sent').to.equal(1);
    expect(await view.locator('article[id^="r-"]').count()).to.equal(1);
  });

  it('moderators: the queue with identifying details highlighted as text; redact, publish, and hold with a message', async () => {
    const flagged = await submitAccepted(web.app, {
      title: 'Call me on 07700 900123',
      body: 'Ask for me on 07700 900123 <img src=x onerror=alert(1)> about the ward.',
      services: [department],
    });
    const other = await submitAccepted(web.app, { title: 'Nothing to see', services: [department] });

    await openAdminPage();
    await signIn(moderator);
    const view = admin().locator('careloop-admin-queue');
    // Each story in the list: an excerpt (as text) and how many identifying details were spotted.
    const card = (title: string) =>
      view.locator('li.item', { has: web.page.getByRole('button', { name: title }) });
    await card('Call me on 07700 900123').waitFor();
    expect(await card('Call me on 07700 900123').locator('.excerpt').textContent()).to.equal(
      'Ask for me on 07700 900123 <img src=x onerror=alert(1)> about the ward.',
    );
    expect(await card('Call me on 07700 900123').locator('img').count()).to.equal(0);
    await card('Call me on 07700 900123').getByText('2 possible identifying details').waitFor();
    await card('Nothing to see').getByText('No identifying details spotted').waitFor();
    // Dates as people in the UK write them, 24-hour: "Sent 7 Dec 2026, 13:35", not "Dec 7, 2026, 1:35 PM".
    expect(await card('Nothing to see').locator('.muted').first().textContent()).to.match(
      /Sent \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} ·/,
    );
    await view.getByRole('button', { name: 'Call me on 07700 900123' }).click();
    await view.getByRole('heading', { name: 'Call me on 07700 900123' }).waitFor();
    const marks = await view.locator('.sent mark').allTextContents();
    expect(marks).to.have.lengthOf(2);
    expect(marks[0]).to.contain('07700 900123').and.to.contain('(phone number)');
    expect(await view.locator('.sent img').count(), 'user text is never HTML').to.equal(0);
    await view.locator('.sent').getByText('<img src=x onerror=alert(1)>', { exact: false }).waitFor();

    await view.getByRole('button', { name: 'Redact 07700 900123' }).first().click();
    expect(await view.getByLabel('Title', { exact: true }).inputValue()).to.equal('Call me on [removed]');
    await view.getByRole('button', { name: 'Redact 07700 900123' }).last().click();
    expect(await view.getByLabel('Text', { exact: true }).inputValue()).not.to.contain('07700');
    await view.getByLabel('Criticality (seen by staff, never public)').selectOption('2');
    await view.getByRole('button', { name: 'Publish' }).click();
    await view.getByText('Published.').waitFor();
    const published = await callApi(web.app, 'GET', `/stories/${flagged.id}`);
    expect(published.status).to.equal(200);
    expect(published.body.title).to.equal('Call me on [removed]');
    expect(published.body.body).to.equal(
      'Ask for me on [removed] <img src=x onerror=alert(1)> about the ward.',
    );

    await view.getByRole('button', { name: 'Nothing to see' }).click();
    await view.getByRole('button', { name: 'Hold' }).click();
    await view.getByText('Write a message to the author to hold or reject.').waitFor();
    expect(await focusedText()).to.equal('#reason');
    await view.getByLabel('Message to the author').fill('Could you say which day this was?');
    await view.getByRole('button', { name: 'Hold' }).click();
    await view.getByText('Held, with your message to the author.').waitFor();
    const held = await callApi(web.app, 'GET', `/stories/${other.id}`, { as: moderator });
    expect(held.body.status).to.equal('held');
    expect(held.body.statusReason).to.equal('Could you say which day this was?');

    const answered = await publishedStory(web.app, { title: 'Replied to', services: [department] });
    const reply = await callApi(web.app, 'POST', `/stories/${answered.id}/replies`, {
      as: answered.authorKey,
      body: { body: 'Thank you, ring me on 07700 900125.' },
    });
    expect(reply.status).to.equal(201);
    await view.getByLabel('Show').selectOption('submitted');
    await view.getByRole('button', { name: 'Reply to “Replied to”' }).click();
    await view.locator('.sent mark').first().waitFor();
    await view.getByRole('button', { name: 'Redact 07700 900125' }).click();
    await view.getByRole('button', { name: 'Publish' }).click();
    await view.getByText('Published.').waitFor();
    const thread = (await callApi(web.app, 'GET', `/stories/${answered.id}`)).body.thread;
    expect(thread.map((entry: { body: string }) => entry.body)).to.deep.equal([
      'Thank you, ring me on [removed].',
    ]);
  });

  it("moderators: an author's update on how things went is marked as an update in the queue, and publishes into the thread", async () => {
    const story = await publishedStory(web.app, { title: 'Updated later', services: [department] });
    const update = await callApi(web.app, 'POST', `/stories/${story.id}/replies`, {
      as: story.authorKey,
      body: { body: 'A month on, my follow-up went well.', kind: 'update' },
    });
    expect(update.status, update.text).to.equal(201);
    await openAdminPage();
    await signIn(moderator);
    const view = admin().locator('careloop-admin-queue');
    await view.getByLabel('Show').selectOption('submitted');
    await view.getByRole('button', { name: 'Update on “Updated later”' }).click();
    await view.getByRole('button', { name: 'Publish' }).click();
    await view.getByText('Published.').waitFor();
    const thread = (await callApi(web.app, 'GET', `/stories/${story.id}`)).body.thread;
    expect(thread).to.have.length(1);
    expect(thread[0]).to.include({ kind: 'update', body: 'A month on, my follow-up went well.' });
  });

  it('subscriptions: add an alert for a service, change how often, stop it; download your own data', async () => {
    await openAdminPage();
    await signIn(moderator);
    await admin().getByRole('tab', { name: 'Alerts' }).click();
    const view = admin().locator('careloop-admin-alerts');
    await view.getByText('You have no email alerts.').waitFor();
    await view.getByLabel('Find a service').fill('Crosshouse');
    await view.getByLabel('Find a service').press('Enter');
    await view.getByRole('button', { name: 'Add University Hospital Crosshouse' }).click();
    await view.getByText('Chosen: University Hospital Crosshouse').waitFor();
    await view.getByRole('button', { name: 'Add alert' }).click();
    await view.getByText('Alert added.').waitFor();
    await view.getByLabel('How often').first().selectOption('daily');
    await view.getByRole('button', { name: 'Save' }).click();
    await view.getByText('Alert saved.').waitFor();
    const list = await callApi(web.app, 'GET', '/subscriptions', { as: moderator });
    expect(list.body.subscriptions.map((s: { mode: string }) => s.mode)).to.deep.equal(['daily']);
    await view.getByRole('button', { name: 'Stop these alerts' }).click();
    await view.getByText('Alerts stopped.').waitFor();
    expect(
      (await callApi(web.app, 'GET', '/subscriptions', { as: moderator })).body.subscriptions,
    ).to.deep.equal([]);

    // Subject access, from the same area: the account's own data as a file.
    const [download] = await Promise.all([
      web.page.waitForEvent('download'),
      view.getByRole('button', { name: 'Download your data' }).click(),
    ]);
    expect(download.suggestedFilename()).to.equal(`careloop-account-${moderator.id}.json`);
    const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(saved.account).to.include({ email: moderator.email, role: 'moderator' });
  });

  it('moderators: find everything tied to an email address, then erase it after a confirmation', async () => {
    const story = await publishedStory(web.app, {
      title: 'Erase on request',
      email: 'Asked.To.Erase@example.org',
    });
    await openAdminPage();
    await signIn(moderator);
    await admin().getByRole('tab', { name: 'Erasure' }).click();
    const view = admin().locator('careloop-admin-erasure');
    await view.getByRole('heading', { name: 'Erase someone’s personal data' }).waitFor();
    await view.getByLabel('Email address').fill('asked.to.erase@example.org');
    await view.getByRole('button', { name: 'Find' }).click();
    await view.getByText('Erase on request', { exact: false }).waitFor();
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });

    await view.getByRole('button', { name: 'Erase all of this' }).click();
    await view.getByText('Erase these for good?', { exact: false }).waitFor();
    await view.getByRole('button', { name: 'No, keep them' }).click();
    expect((await callApi(web.app, 'GET', `/stories/${story.id}`)).status).to.equal(200);
    await view.getByRole('button', { name: 'Erase all of this' }).click();
    await view.getByRole('button', { name: 'Yes, erase them' }).click();
    await view
      .getByRole('status')
      .getByText('Erased. Stories: 1; email alerts: 0.', { exact: false })
      .waitFor();
    expect((await callApi(web.app, 'GET', `/stories/${story.id}`)).status).to.equal(404);
  });

  it('fetches a seldom-opened tab only when it is first opened, saying so; a failed fetch is said in Welsh and can be tried again', async () => {
    const asked: string[] = [];
    web.page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let failNext = true;
    await web.page.route(/\/widget\/admin-tab-erasure-[\w-]+\.js$/, async (route) => {
      if (!failNext) return route.continue();
      failNext = false;
      await held;
      await route.abort('failed');
    });
    web.allowFailedLoad('ERR_FAILED', '/widget/admin-tab-erasure-');
    await openAdminPage('cy');
    await admin().getByLabel('Cyfeiriad e-bost').fill(moderator.email);
    await admin().getByLabel('Cyfrinair').fill(moderator.password);
    await admin().getByLabel('Cyfrinair').press('Enter');
    await admin().getByText('Wedi mewngofnodi fel').first().waitFor();
    await admin().locator('careloop-admin-queue').getByRole('heading').first().waitFor();
    expect(asked.filter((path) => path.includes('/admin-tab-'))).to.deep.equal([]);

    await admin().getByRole('tab', { name: 'Dileu data' }).click();
    await admin().getByRole('tabpanel').getByRole('status').getByText('Yn llwytho…').waitFor();
    release();
    await admin()
      .getByRole('tabpanel')
      .getByRole('alert')
      .getByText('Nid oedd modd llwytho’r rhan hon o’r ardal staff.', { exact: false })
      .waitFor();
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });

    await admin().getByRole('tabpanel').getByRole('button', { name: 'Ceisio eto' }).click();
    await admin().locator('careloop-admin-erasure').getByRole('heading', { level: 2 }).waitFor();
    expect(asked.filter((path) => path.includes('/admin-tab-'))).to.have.lengthOf(2);
    expect(asked.every((path) => !/admin-tab-(reports|webhooks|two-step|api-keys)/.test(path))).to.equal(
      true,
    );
  });

  it('speaks Welsh on a Welsh page, and Gaelic on a Gaelic one', async () => {
    await openAdminPage('cy');
    await admin().getByRole('heading', { name: 'Mewngofnodi staff' }).waitFor();
    await admin().getByLabel('Cyfrinair').waitFor();
    await openAdminPage('gd');
    await admin().getByRole('heading', { name: 'Clàradh a-steach luchd-obrach' }).waitFor();
    // Signing in here makes Gaelic the account's language: the service writes to them in it.
    await admin().getByLabel('Seòladh puist-d').fill(moderator.email);
    await admin().getByLabel('Facal-faire').fill(moderator.password);
    await admin().getByLabel('Facal-faire').press('Enter');
    await admin().getByText('Air do chlàradh a-steach mar').first().waitFor();
    expect((await web.app.models.users.findById(moderator.id).lean())?.language).to.equal('gd');
  });

  it('two-step sign-in: an admin must set it up first (QR code shown), then signs in with a code from the app', async () => {
    // The password step answers 401 "second factor needed", as it is meant to.
    web.allowFailedLoad(401, '/api/v1/sessions');
    web.app.config.totpRequiredRoles = ['admin', 'moderator'];
    try {
      const newAdmin = await createAccount(web.app, { role: 'admin', name: 'Ada Admin' });
      await openAdminPage();
      await signIn(newAdmin);
      // Nothing but setting it up is offered.
      await admin().getByText('Your account must use two-step sign-in').waitFor();
      expect(await admin().getByRole('tab').allTextContents()).to.deep.equal(['Two-step sign-in']);
      await admin().getByRole('button', { name: 'Set up two-step sign-in' }).click();
      const qr = admin().getByRole('img', { name: 'QR code to add careloop to an authenticator app' });
      await qr.waitFor();
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).to.equal(
        true,
      );
      await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });
      const secret = (await admin().locator('code.secret').textContent())!.trim();
      await admin()
        .getByLabel('6-digit code')
        .fill(await generate({ secret }));
      await admin().getByRole('button', { name: 'Turn on two-step sign-in' }).click();
      await admin().getByRole('heading', { name: 'Your recovery codes' }).waitFor();
      expect(await admin().locator('.recovery-codes li').count()).to.equal(10);
      await admin().getByRole('button', { name: 'I have saved my recovery codes' }).click();
      await admin().getByRole('tab', { name: 'Moderation' }).waitFor();

      await admin().getByRole('button', { name: 'Sign out' }).click();
      await admin().getByLabel('Email address').fill(newAdmin.email);
      await admin().getByLabel('Password').fill(newAdmin.password);
      await admin().getByLabel('Password').press('Enter');
      await admin().getByRole('heading', { name: 'Enter your code' }).waitFor();
      // The code one step on: the one used to set it up cannot be used again.
      const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
      await admin().getByLabel('6-digit code').fill(next);
      await admin().getByRole('button', { name: 'Continue' }).click();
      await admin().getByText('Signed in as Ada Admin').first().waitFor();
      await admin().getByRole('button', { name: 'Sign out' }).click();
    } finally {
      web.app.config.totpRequiredRoles = [];
    }
  });

  it('has no WCAG 2.2 AA violations in any view, in light and dark', async () => {
    const story = await publishedStory(web.app, { title: 'Audit me', services: [department] });
    await callApi(web.app, 'POST', `/stories/${story.id}/responses`, {
      as: staff,
      body: { body: 'Thank you for telling us.', change: 'planned' },
    });
    await submitAccepted(web.app, { title: 'Flag 07700 900124', services: [department] });
    const include = 'careloop-admin';
    await openAdminPage();
    await admin().getByLabel('Email address').waitFor();
    await expectAccessibleInBothSchemes(web.page, { include });
    await signIn(staff);
    await admin().locator('careloop-admin-stories').getByRole('button', { name: 'Audit me' }).click();
    await admin().getByText('Thank you for telling us.').waitFor();
    await expectAccessibleInBothSchemes(web.page, { include });
    await admin().getByRole('tab', { name: 'Alerts' }).click();
    await admin().getByRole('heading', { name: 'Your email alerts' }).waitFor();
    await expectAccessibleInBothSchemes(web.page, { include });
    await admin().getByRole('button', { name: 'Sign out' }).click();
    await signIn(moderator);
    await admin().getByRole('button', { name: 'Flag 07700 900124' }).click();
    await admin().getByRole('button', { name: 'Publish' }).waitFor();
    await expectAccessibleInBothSchemes(web.page, { include });
  });
});
