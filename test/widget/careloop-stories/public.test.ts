import { expect } from 'chai';
import { Types } from 'mongoose';
import type { Models } from '../../../server/models/index.js';
import { createAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { expectAccessibleInBothSchemes } from '../../support/axe.js';
import { useBrowserPage } from '../../support/browser.js';
import {
  board,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
  publishedStory,
} from '../../support/stories.js';

const day = 24 * 60 * 60 * 1000;
const departmentName = 'Emergency Department, University Hospital Crosshouse';

describe('<careloop-stories> public mode', function () {
  // A loaded 2-core machine: browser steps are slow, not stuck.
  this.timeout(60_000);
  const web = useBrowserPage({
    // More stories than one address may send in an hour by default are published for the tests.
    app: { config: { submissionsPerHour: 100 } },
    context: { viewport: { width: 1280, height: 900 } },
  });
  /** The story with a thread: a staff response planning a change and a published author reply. */
  let answered: { id: string };
  let hostile: { id: string };

  before(async () => {
    await loadScotlandServices(web.app);
    const now = Date.now();
    for (let i = 0; i < 3; i++) {
      await publishedStory(
        web.app,
        {
          title: `Older story ${i}`,
          body: `An older story number ${i} about the ward.`,
          services: [hospital],
        },
        new Date(now - (10 + i) * day),
      );
    }
    hostile = await publishedStory(
      web.app,
      {
        title: '<img src=x onerror="window.careloopPwned=1"> My visit',
        body: 'I typed <script>window.careloopPwned=1</script> and <b>bold</b> on purpose.',
        nickname: '<i>Sneaky</i>',
      },
      new Date(now - 2 * day),
    );
    answered = await publishedStory(
      web.app,
      {
        title: 'Long wait, kind nurses',
        body: 'We waited six hours in the emergency department.\n\nThe nurses were kind throughout.',
        nickname: 'Anna',
        authorRole: 'carer',
        tags: { good: ['kindness'], improve: ['waiting times'], feelings: ['tired'] },
      },
      new Date(now - day),
    );
    const staff = await createAccount(web.app, {
      role: 'staff',
      services: [board],
      name: 'Dr Jane Smith',
      jobTitle: 'Clinical Director',
    });
    const responded = await callApi(web.app, 'POST', `/stories/${answered.id}/responses`, {
      as: staff,
      body: { body: 'Thank you, Anna. We are adding a second triage nurse at night.', change: 'planned' },
    });
    expect(responded.status, responded.text).to.equal(201);
    // A job title that already names the organisation: the organisation is still shown only once.
    const lead = await createAccount(web.app, {
      role: 'staff',
      services: [board],
      name: 'Morag Reid',
      jobTitle: 'Patient Experience Lead, NHS Ayrshire & Arran',
    });
    const second = await callApi(web.app, 'POST', `/stories/${answered.id}/responses`, {
      as: lead,
      body: { body: 'I have shared your story with the night team.' },
    });
    expect(second.status, second.text).to.equal(201);
    const { authorKey } = answered as { id: string; authorKey: string };
    const replied = await callApi(web.app, 'POST', `/stories/${answered.id}/replies`, {
      as: authorKey,
      body: { body: 'Thank you for listening.' },
    });
    expect(replied.status, replied.text).to.equal(201);
    const moderator = await createAccount(web.app, { role: 'moderator' });
    const published = await callApi(web.app, 'POST', `/replies/${replied.body.id}/moderation`, {
      as: moderator,
      body: { action: 'publish' },
    });
    expect(published.status, published.text).to.equal(200);
  });

  /** A board page on the service's origin with the widget and `attributes`, before and after some text. */
  async function openBoardPage(
    attributes = '',
    { lang = 'en', hash = '', before = '', form = false, after = '' } = {},
  ) {
    const url = `${web.app.baseUrl}/board-page.html`;
    await web.page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Board</title>
          <script type="module" src="/widget/careloop.js"></script>
          <style>careloop-stories:not(:defined) { display: block; min-height: 100vh }</style></head>
          <body><h1>Our board</h1>${before}
          <careloop-stories service="${board}" ${form ? '' : 'no-form'} ${attributes}></careloop-stories>
          <p id="after">After the widget</p>${after}</body></html>`,
      }),
    );
    await web.page.goto(url + hash);
  }

  const widget = () => web.page.locator('careloop-stories');
  const storyLinks = () => widget().locator('.stories h3 a');
  const activeText = () =>
    web.page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent?.trim());

  it('lists the published stories of the board, newest first, with author, services, date and responses as sentences', async () => {
    await openBoardPage();
    await storyLinks().first().waitFor();
    const titles = await storyLinks().allTextContents();
    expect(titles.map((title) => title.trim())).to.deep.equal([
      'Long wait, kind nurses',
      '<img src=x onerror="window.careloopPwned=1"> My visit',
      'Older story 0',
      'Older story 1',
      'Older story 2',
    ]);
    const first = widget().locator('.stories li').first();
    const text = (await first.textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(text).to.contain('By Anna (carer)');
    expect(text).to.contain(`About: ${departmentName}`);
    expect(text).to.contain('2 responses from NHS Ayrshire & Arran');
    expect(text).to.contain('Change planned');
    expect(text).to.contain('kindness');
    expect(await first.locator('time').getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    // As people here write dates on an English page: "6 December 2026", not "December 6, 2026".
    const published = new Date(Date.now() - day);
    const british = `${published.getUTCDate()} ${published.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${published.getUTCFullYear()}`;
    expect((await first.locator('time').textContent())?.trim()).to.equal(british);
    const unanswered = (await widget().locator('.stories li').nth(1).textContent())?.replace(/\s+/g, ' ');
    expect(unanswered).to.contain('No response yet');
    const all = (await widget().locator('.stories').textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(all).not.to.match(/Responses: \d/);
    expect((await widget().locator('.status').textContent())?.trim()).to.equal('5 stories');
  });

  it('shows HTML and script in stories as text, never running it', async () => {
    await openBoardPage('', { hash: `#careloop-story=${hostile.id}` });
    const heading = widget().getByRole('heading', { level: 3, name: /My visit/ });
    await heading.waitFor();
    expect((await heading.textContent())?.trim()).to.equal(
      '<img src=x onerror="window.careloopPwned=1"> My visit',
    );
    expect(await widget().locator('.body').first().textContent()).to.contain(
      '<script>window.careloopPwned=1</script>',
    );
    expect(await widget().locator('img, script, b, i').count()).to.equal(0);
    expect(await web.page.evaluate(() => (window as { careloopPwned?: number }).careloopPwned)).to.equal(
      undefined,
    );
  });

  it('opens a story at its own address with the whole text and thread, focuses it, and Back returns to the list', async () => {
    await openBoardPage();
    await storyLinks().first().click();
    const heading = widget().getByRole('heading', { level: 3, name: 'Long wait, kind nurses' });
    await heading.waitFor();
    expect(new URL(web.page.url()).hash).to.equal(`#careloop-story=${answered.id}`);
    expect(await activeText()).to.equal('Long wait, kind nurses');
    const story = (await widget().locator('article.detail').textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(story).to.contain('We waited six hours in the emergency department.');
    expect(story).to.contain('The nurses were kind throughout.');
    expect(story).to.contain('Dr Jane Smith, Clinical Director, NHS Ayrshire & Arran');
    expect(story).to.contain('Morag Reid, Patient Experience Lead, NHS Ayrshire & Arran');
    expect(story).not.to.contain('NHS Ayrshire & Arran, NHS Ayrshire & Arran');
    expect(story).to.contain('2 responses');
    expect(story).to.contain('We are adding a second triage nurse at night.');
    expect(story).to.contain('Change planned');
    expect(story).to.contain('Anna, the author, replied');
    expect(story).to.contain('Thank you for listening.');
    expect(story).to.contain('Who is listening');
    // The thread's tints, bars and state tags keep their contrast in light and dark.
    await expectAccessibleInBothSchemes(web.page);
    expect(story).to.match(/Read by \d+ members? of staff\.|Not read by staff yet\./);
    expect(story).not.to.match(/Reads by staff|Responses: \d/);

    await web.page.goBack();
    await storyLinks().first().waitFor();
    expect(new URL(web.page.url()).hash).to.equal('');
    expect(await activeText()).to.equal('Long wait, kind nurses');
    await web.page.goForward();
    await heading.waitFor();
  });

  it('opens the story a shared link names straight away', async () => {
    await openBoardPage('', { hash: `#careloop-story=${answered.id}` });
    await widget().getByRole('heading', { level: 3, name: 'Long wait, kind nurses' }).waitFor();
    // The follow links are for the board the widget shows, and say so, not the story's department.
    await widget().getByRole('heading', { name: 'Follow stories about NHS Ayrshire & Arran' }).waitFor();
    await widget().getByRole('link', { name: 'All stories' }).click();
    await storyLinks().first().waitFor();
    expect(await storyLinks().count()).to.equal(5);
  });

  it('says a story cannot be found when the link names no published story', async () => {
    web.allowFailedLoad(404, '/api/v1/stories/');
    await openBoardPage('', { hash: '#careloop-story=0123456789abcdef01234567' });
    await widget().getByText('This story could not be found.', { exact: false }).waitFor();
    // The screen's height held while it loaded is given back: no screen-tall empty box around one line.
    const panel = await widget().locator('.panel').boundingBox();
    expect(panel?.height, 'height of the panel around "could not be found"').to.be.below(300);
  });

  it('searches and filters by tag, service and responses', async () => {
    await openBoardPage();
    await storyLinks().first().waitFor();
    const search = widget().getByRole('search');
    await search.getByLabel('Search').fill('ward');
    await search.getByRole('button', { name: 'Show stories' }).click();
    await widget().getByText('3 stories', { exact: true }).waitFor();

    await search.getByLabel('Search').fill('');
    await search.getByLabel('Responses').selectOption({ label: 'Responded to' });
    await search.getByRole('button', { name: 'Show stories' }).click();
    await widget().getByText('1 story', { exact: true }).waitFor();
    expect(await storyLinks().allTextContents()).to.deep.equal(['Long wait, kind nurses']);

    await search.getByLabel('Responses').selectOption({ label: 'All stories' });
    await search.getByLabel('Tag').selectOption({ label: 'tired' });
    await search.getByLabel('Service').selectOption({ label: 'University Hospital Crosshouse' });
    await search.getByRole('button', { name: 'Show stories' }).click();
    await widget().getByText('1 story', { exact: true }).waitFor();

    await search.getByLabel('Search').fill('nothing-matches-this');
    await search.getByRole('button', { name: 'Show stories' }).click();
    await widget().getByText('No stories match your search.').waitFor();
  });

  it('shows every story of a page longer than it renders at once, in order', async () => {
    // Another board's hospital, so the stories the other tests count stay as they are.
    const titles = Array.from({ length: 7 }, (_, i) => `Borders story ${i}`);
    for (const [i, title] of titles.entries())
      await publishedStory(
        web.app,
        { title, body: `A story from the Borders, number ${i}.`, services: [otherBoardHospital] },
        new Date(Date.now() - (i + 1) * 60_000),
      );
    await openBoardPage('page-size="7"');
    await storyLinks().first().waitFor();
    await widget().evaluate((element) => element.setAttribute('service', 'borders-general-hospital'));
    await widget().locator('.stories[aria-busy="false"]').getByText('Borders story 6').waitFor();
    expect((await storyLinks().allTextContents()).map((title) => title.trim())).to.deep.equal(titles);
    await widget().getByText('7 stories', { exact: true }).waitFor();
  });

  it('pages with "Load more stories", focusing the first new story', async () => {
    await openBoardPage('page-size="2"');
    await storyLinks().first().waitFor();
    expect(await storyLinks().count()).to.equal(2);
    await widget().getByText('2 of 5 stories').waitFor();
    await widget().getByRole('button', { name: 'Load more stories' }).click();
    await widget().getByText('4 of 5 stories').waitFor();
    expect(await activeText()).to.equal('Older story 0');
    await widget().getByRole('button', { name: 'Load more stories' }).click();
    await widget().getByText('5 stories', { exact: true }).waitFor();
    expect(await widget().getByRole('button', { name: 'Load more stories' }).count()).to.equal(0);
  });

  it('says careloop is unavailable and loads the stories when Retry is pressed after it comes back', async () => {
    web.allowFailedLoad('ERR_CONNECTION_REFUSED', '/api/v1/stories');
    await web.page.route('**/api/v1/stories?*', (route) => route.abort('connectionrefused'));
    await openBoardPage();
    await widget().getByText('careloop is unavailable right now').waitFor();
    expect(await web.page.locator('#after').isVisible()).to.equal(true);
    await web.page.unroute('**/api/v1/stories?*');
    await widget().getByRole('button', { name: 'Retry' }).click();
    await storyLinks().first().waitFor();
  });

  it('says so when the service refuses this site', async () => {
    web.allowFailedLoad(403, '/api/v1/stories');
    await web.page.route('**/api/v1/stories?*', (route) =>
      route.fulfill({
        status: 403,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Forbidden', status: 403 }),
      }),
    );
    await openBoardPage();
    await widget().getByText('This site is not allowed to show careloop stories for this board.').waitFor();
  });

  it('offers RSS, JSON Feed and email alerts for the board', async () => {
    await openBoardPage();
    await storyLinks().first().waitFor();
    const rss = await widget().getByRole('link', { name: 'RSS feed' }).getAttribute('href');
    expect(rss).to.equal(`${web.app.baseUrl}/feeds/services/${board}.rss`);
    expect((await fetch(rss!)).status).to.equal(200);
    expect(await widget().getByRole('link', { name: 'JSON Feed' }).getAttribute('href')).to.equal(
      `${web.app.baseUrl}/feeds/services/${board}.json`,
    );
    const email = widget().getByLabel('Email address');
    await email.fill('not an address');
    await widget().getByRole('button', { name: 'Get email alerts' }).click();
    await widget().getByText('Enter an email address like name@example.com').waitFor();
    expect(await email.getAttribute('aria-invalid')).to.equal('true');
    await email.fill('reader@example.org');
    await widget().getByRole('button', { name: 'Get email alerts' }).click();
    await widget().getByText('Check your inbox', { exact: false }).waitFor();
  });

  it('speaks Welsh and Gaelic, with dates and counted phrases in that language', async () => {
    await openBoardPage('', { lang: 'cy' });
    await widget().getByText('5 stori', { exact: true }).waitFor();
    const welsh = (await widget().locator('.stories').textContent())?.replace(/\s+/g, ' ');
    expect(welsh).to.contain('Gan Anna (gofalwr)');
    expect(welsh).to.contain('2 ymateb gan NHS Ayrshire & Arran');
    expect(welsh).to.contain('Dim ymateb eto');
    const month = new Intl.DateTimeFormat('cy', { month: 'long' }).format(new Date(Date.now() - day));
    expect(welsh).to.contain(month);
    await web.page.evaluate(() => document.documentElement.setAttribute('lang', 'gd'));
    // Gaelic counts in four forms: 5 takes "sgeulachdan", 2 takes "fhreagairt".
    await widget().getByText('5 sgeulachdan', { exact: true }).waitFor();
    const gaelic = (await widget().locator('.stories').textContent())?.replace(/\s+/g, ' ');
    expect(gaelic).to.contain('2 fhreagairt');
  });

  it('fetches stories only when it comes near the viewport', async () => {
    const requests: string[] = [];
    web.page.on('request', (request) => {
      if (request.url().includes('/api/v1/stories')) requests.push(request.url());
    });
    await openBoardPage('', { before: '<div style="height: 4000px"></div>' });
    await web.page.waitForLoadState('networkidle');
    expect(requests).to.deep.equal([]);
    await web.page.locator('#after').scrollIntoViewIfNeeded();
    await storyLinks().first().waitFor();
    expect(requests).to.have.lengthOf(1);
  });

  it('does not shift the host page while the stories load', async () => {
    await web.page.addInitScript(() => {
      const shifts: number[] = [];
      Object.assign(window, { careloopTestLayoutShifts: shifts });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number }>)
          shifts.push(entry.value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await web.page.route('**/api/v1/stories?*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.continue();
    });
    await openBoardPage();
    await storyLinks().first().waitFor();
    await web.page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const shifts = await web.page.evaluate(
      () => (window as unknown as { careloopTestLayoutShifts: number[] }).careloopTestLayoutShifts,
    );
    expect(shifts).to.deep.equal([]);
  });

  it('keeps working when the page loads the widget script twice', async () => {
    await openBoardPage('', { before: '<script type="module" src="/widget/careloop.js?copy=2"></script>' });
    await storyLinks().first().waitFor();
    expect(await web.page.locator('careloop-stories').count()).to.equal(1);
  });

  it('loads admin mode only when someone asks to sign in', async () => {
    const chunks: string[] = [];
    web.page.on('request', (request) => {
      if (/\/widget\/admin-[\w-]+\.js$/.test(request.url())) chunks.push(request.url());
    });
    await openBoardPage();
    await storyLinks().first().waitFor();
    expect(chunks).to.deep.equal([]);
    await widget().getByRole('button', { name: 'Staff sign in' }).click();
    await widget().locator('careloop-admin').waitFor({ state: 'attached' });
    expect(chunks).to.have.lengthOf(1);
  });

  it('keeps "Staff sign in" out of a patient\'s way: a quiet link at the foot, not the first Tab stop', async () => {
    await openBoardPage();
    await storyLinks().first().waitFor();
    await web.page.keyboard.press('Tab');
    expect(await activeText()).to.equal('Filter stories');
    const signIn = widget().getByRole('button', { name: 'Staff sign in' });
    const lastStory = await widget().locator('.stories li').last().boundingBox();
    const signInBox = await signIn.boundingBox();
    expect(signInBox!.y, 'sign-in below the last story').to.be.above(lastStory!.y + lastStory!.height);
    // Quiet: drawn as a link, not as a filled button.
    expect(await signIn.evaluate((button) => getComputedStyle(button).backgroundColor)).to.equal(
      'rgba(0, 0, 0, 0)',
    );
  });

  it('on a 390 px phone shows the stories first, folds the filters away and never scrolls sideways', async () => {
    await web.page.setViewportSize({ width: 390, height: 844 });
    await openBoardPage();
    await storyLinks().first().waitFor();
    const search = widget().getByRole('search').getByLabel('Search');
    expect(await search.isVisible(), 'search box folded away').to.equal(false);
    const first = await storyLinks().first().boundingBox();
    expect(first!.y + first!.height, 'first story on the first screen').to.be.below(844);
    expect(await web.page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await expectAccessibleInBothSchemes(web.page);
    await widget().getByText('Filter stories').click();
    await search.waitFor();
    expect(await web.page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await storyLinks().first().click();
    await widget().locator('#story-title').waitFor();
    expect(await web.page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
  });

  it('asks the service for the board once, with the stories and the form on one page', async () => {
    const asked: string[] = [];
    web.page.on('request', (request) => {
      if (new URL(request.url()).pathname === `/api/v1/services/${board}`) asked.push(request.url());
    });
    await openBoardPage('', { form: true });
    await storyLinks().first().waitFor();
    await widget().locator('careloop-form').getByRole('heading').first().waitFor();
    await web.page.waitForLoadState('networkidle');
    expect(asked).to.have.lengthOf(1);
  });

  // Last: it adds a thousand stories to the board.
  it('says "more than 1,000" when a search matches more stories than the service counts', async () => {
    const stories = web.app.connection.model('Story') as Models['stories'];
    const original = await stories.findById(answered.id).lean<Record<string, unknown>>();
    await stories.collection.insertMany(
      Array.from({ length: 1_001 }, (_, i) => ({
        ...original,
        _id: new Types.ObjectId(),
        title: `Plenty of care ${i}`,
        searchTerms: ['plenty'],
        authorKeyHash: `copy-${i}`,
      })),
    );
    await openBoardPage();
    await storyLinks().first().waitFor();
    const search = widget().getByRole('search');
    await search.getByLabel('Search').fill('plenty');
    await search.getByRole('button', { name: 'Show stories' }).click();
    await widget().getByText('10 of more than 1,000 stories', { exact: true }).waitFor();
  });
});
