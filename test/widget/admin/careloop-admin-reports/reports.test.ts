import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Locator } from 'playwright-core';
import { ADMIN_CHUNK_PATTERN, WIDGET_DIST } from '../../../../scripts/size-report.js';
import { expectAccessibleInBothSchemes } from '../../../support/axe.js';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { callApi } from '../../../support/api.js';
import { useBrowserPage } from '../../../support/browser.js';
import { reportBoard, reportPeriod, seedReportDataset } from '../../../support/report-dataset.js';
import { loadScotlandServices } from '../../../support/stories.js';

// `npm test` builds the widget first; these drive the built admin chunk against the real service.
const adminChunk = () => readdirSync(WIDGET_DIST).find((file) => ADMIN_CHUNK_PATTERN.test(file));

interface Figures {
  stories: number;
  responded: number;
  responseRate: number | null;
  medianHoursToFirstResponse: number | null;
}

const pct = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
const hours = (value: number | null) => (value === null ? '–' : String(Math.round(value * 10) / 10));

describe('<careloop-admin> Reports: charts with summaries and tables', () => {
  const web = useBrowserPage({ context: { viewport: { width: 1100, height: 900 }, acceptDownloads: true } });
  let staff: TestAccount;
  let stakeholder: TestAccount;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, as the tests read it
  let figures: any;

  before(async () => {
    await loadScotlandServices(web.app);
    await seedReportDataset(web.app);
    [staff, stakeholder] = await Promise.all([
      createAccount(web.app, { role: 'staff', services: [reportBoard], name: 'Rhona Reid' }),
      createAccount(web.app, { role: 'stakeholder', services: [reportBoard], name: 'Sam Stakeholder' }),
    ]);
    const query = `from=${reportPeriod.from}&to=${reportPeriod.to}`;
    figures = (await callApi(web.app, 'GET', `/reports/services/${reportBoard}?${query}`, { as: staff }))
      .body;
    expect(figures.totals.stories, 'the hand-made data set').to.equal(12);
  });

  const admin = () => web.page.locator('careloop-admin');
  const reports = () => web.page.locator('careloop-admin-reports');

  /** A page with only the admin element; signs in and opens Reports for the data set's period. */
  async function openAdminPageFor(account: TestAccount, lang = 'en'): Promise<void> {
    const url = `${web.app.baseUrl}/admin-page.html`;
    await web.page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html',
        // Laid out as the demo board page is on a phone: a one-column grid, which grows to fit whatever
        // cannot shrink (a `1fr` track is at least as wide as its content's narrowest layout).
        body: `<!doctype html><html lang="${lang}"><head><title>Staff</title>
          <style>main { display: grid; grid-template-columns: 1fr; }</style>
          <script type="module" src="/widget/${adminChunk()}"></script></head>
          <body><main><careloop-admin></careloop-admin></main></body></html>`,
      }),
    );
    await web.page.goto(url);
    const labels = { en: ['Email address', 'Password'], cy: ['Cyfeiriad e-bost', 'Cyfrinair'] }[lang] ?? [
      'Seòladh puist-d',
      'Facal-faire',
    ];
    await admin().getByLabel(labels[0]).fill(account.email);
    await admin().getByLabel(labels[1]).fill(account.password);
    await admin().getByLabel(labels[1]).press('Enter');
  }

  async function openReports(account: TestAccount, lang = 'en'): Promise<void> {
    await openAdminPageFor(account, lang);
    const nav = { en: 'Reports', cy: 'Adroddiadau' }[lang] ?? 'Aithisgean';
    await admin().getByRole('tab', { name: nav }).click();
    const period = reports().locator('#period');
    await period.selectOption('dates');
    await reports().locator('#from').fill(reportPeriod.from);
    await reports().locator('#to').fill(reportPeriod.to);
    await reports().locator('.filters button[type="submit"]').click();
    await reports().locator('#swarm-h').waitFor();
    await reports().locator('.summary', { hasText: '12' }).first().waitFor();
  }

  /** Asks for the report of another period (the form is already on "Choose dates"). */
  async function showPeriod(from: string, to: string): Promise<void> {
    await reports().locator('#from').fill(from);
    await reports().locator('#to').fill(to);
    await reports().locator('.filters button[type="submit"]').click();
  }

  /** The rows of a table as cell texts. */
  const rowsOf = (table: Locator) =>
    table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim())),
      );

  async function showTable(id: string): Promise<Locator> {
    const section = reports().locator(`section[aria-labelledby="${id}-h"]`);
    await section.getByRole('button', { name: 'Show as table' }).click();
    const table = section.locator('table');
    await table.waitFor();
    return table;
  }

  it('staff: the summary states the key figures', async () => {
    await openReports(staff);
    await reports().getByRole('heading', { name: 'Reports' }).waitFor();
    const { totals } = figures;
    expect(totals.responded).to.equal(10);
    expect(await reports().locator('#swarm-h + .summary').textContent()).to.equal(
      `12 stories were published between 2 Mar 2026 and 15 Mar 2026; ${pct(totals.responseRate)} have a ` +
        `response; median time to first response ${totals.medianHoursToFirstResponse} hours.`,
    );
    expect(await reports().locator('#trend-h + .summary').textContent()).to.equal(
      `Over 2 weeks the weekly response rate ranged from ${pct(figures.trend[1].responseRate)} to ` +
        `${pct(figures.trend[0].responseRate)}; 83% over the whole period.`,
    );
    const tagSummary = await reports().locator('#tags-h + .summary').textContent();
    expect(tagSummary).to.contain('What was good: “Kindness” (7; +5 on the previous period)');
    expect(tagSummary).to.contain('Could be improved: “waiting times” (3; +3 on the previous period)');
    expect(await reports().locator('#children-h + .summary').textContent()).to.contain(
      `Services below: ${figures.children.length}. Most stories: ${figures.children[0].name} (${figures.children[0].stories}).`,
    );
  });

  it('the tables behind the charts hold exactly the figures the API answers', async () => {
    await openReports(staff);
    const trend = await rowsOf(await showTable('trend'));
    expect(trend).to.deep.equal(
      figures.trend.map((week: Figures, i: number) => [
        i === 0 ? '2 Mar 2026' : '9 Mar 2026',
        String(week.stories),
        String(week.responded),
        pct(week.responseRate),
        hours(week.medianHoursToFirstResponse),
      ]),
    );
    const tags = await rowsOf(await showTable('tags'));
    const kinds = { good: 'What was good', improve: 'What could be improved', feelings: 'Feelings' } as const;
    expect(tags).to.deep.equal(
      (['good', 'improve', 'feelings'] as const).flatMap((kind) =>
        figures.tags[kind].map(
          (tag: { tag: string; stories: number; previousStories: number; change: number }) => [
            kinds[kind],
            tag.tag,
            String(tag.stories),
            String(tag.previousStories),
            tag.change > 0 ? `+${tag.change}` : String(tag.change),
          ],
        ),
      ),
    );
    expect(tags[0]).to.deep.equal(['What was good', 'Kindness', '7', '2', '+5']);
    // The bars draw the same numbers.
    const bars = await reports().locator('svg.bars').first().locator('text').allTextContents();
    expect(bars).to.include.members(['Kindness', '7 (+5)', 'Cleanliness', '1 (+1)']);

    const children = await rowsOf(reports().locator('section[aria-labelledby="children-h"] table'));
    expect(children).to.deep.equal(
      figures.children.map((child: Figures & { rank: number; name: string }) => [
        String(child.rank),
        child.name,
        String(child.stories),
        pct(child.responseRate),
        hours(child.medianHoursToFirstResponse),
      ]),
    );

    // The swarm: one dot and one table row per story, in lanes whose counts are the API's criticality.
    const swarm = await rowsOf(await showTable('swarm'));
    expect(swarm).to.have.lengthOf(figures.totals.stories);
    expect(await reports().locator('.dot').count()).to.equal(figures.totals.stories);
    const laneLabels = await reports().locator('svg.swarm > text').allTextContents();
    const levelKeys: Record<string, string> = { 3: '3 – moderately critical', 5: '5 – severely critical' };
    for (const { level, stories } of figures.criticality as Array<{
      level: number | null;
      stories: number;
    }>) {
      const label = level === null ? 'Not rated' : (levelKeys[level] ?? `${level} –`);
      expect(laneLabels.some((text) => text.startsWith(label) && text.endsWith(`(${stories})`))).to.equal(
        true,
        `${label} (${stories}) in ${laneLabels.join(' | ')}`,
      );
      if (levelKeys[String(level)] || level === null) {
        expect(swarm.filter((row) => row[2] === label)).to.have.lengthOf(stories);
      }
    }
    // Grouped by progress, the lanes count what the API's progress breakdown counts.
    await reports().getByLabel('Group by').selectOption('progress');
    const byProgress = await reports().locator('svg.swarm > text').allTextContents();
    const stageLabels: Record<string, string> = {
      'change-made': 'Change made',
      'change-planned': 'Change planned',
      responded: 'Responded',
      read: 'Read',
      heard: 'Heard',
      unheard: 'Unheard',
    };
    for (const { stage, stories } of figures.progress as Array<{ stage: string; stories: number }>) {
      expect(byProgress).to.include(`${stageLabels[stage]} (${stories})`);
    }
  });

  it('a dot opens the story in the staff story view, from the keyboard too', async () => {
    await openReports(staff);
    const first = reports().locator('.dot[tabindex="0"]');
    await first.focus();
    await web.page.keyboard.press('End');
    const focused = await web.page.evaluate(() => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      return element?.getAttribute('aria-label');
    });
    expect(focused).to.match(/^A story for the report · 15 Mar 2026 · Not rated$/);
    await web.page.keyboard.press('Enter');
    // The last story of the period: about the board itself, heard (alerted) and now read by opening it.
    const story = admin().locator('careloop-admin-stories article:has(h2#story)');
    await story.waitFor();
    expect(await story.locator('h2').textContent()).to.equal('A story for the report');
    expect(await story.locator('.badge').textContent()).to.equal('Read', 'opening it records the read');
    await admin().getByRole('button', { name: 'Back to the list' }).waitFor();
  });

  it('Download CSV saves the stories behind the report, fetched with the token in a header', async () => {
    await openReports(staff);
    const link = reports().getByRole('link', { name: 'Download the stories (CSV)' });
    expect(await link.getAttribute('href')).to.match(/^blob:/);
    const [download] = await Promise.all([web.page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).to.equal(
      `careloop-${reportBoard}-${reportPeriod.from}-${reportPeriod.to}.csv`,
    );
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.split('\r\n').filter((line) => line.startsWith('"') || /^[0-9a-f]{24},/.test(line));
    expect(text.split('\r\n')[0]).to.match(/^id,publishedAt,title,.*,criticality,progress$/);
    expect(lines.length).to.equal(figures.totals.stories);
    expect(text).not.to.contain(staff.token);
  });

  it('a stakeholder sees no criticality anywhere in the view', async () => {
    await openReports(stakeholder);
    const text = (await reports().evaluate((element) => element.shadowRoot!.textContent)) ?? '';
    expect(text).not.to.match(/critical|Criticality|Not rated/);
    expect(await reports().getByLabel('Group by').count()).to.equal(0);
    const lanes = await reports().locator('svg.swarm > text').allTextContents();
    expect(lanes.slice(0, 4)).to.deep.equal([
      'Change made (1)',
      'Change planned (2)',
      'Responded (7)',
      'No response yet (2)',
    ]);
  });

  it('fits a 390 px phone: nothing scrolls sideways with the report and its tables open', async () => {
    await web.page.setViewportSize({ width: 390, height: 844 });
    await openReports(staff);
    for (const id of ['swarm', 'trend', 'tags']) await showTable(id);
    const widest = () =>
      web.page.evaluate(() => {
        // Every element, in the page and in every shadow root, that reaches past the phone's edge.
        const wide: string[] = [];
        const roots: Array<Document | ShadowRoot> = [document];
        for (let root = roots.pop(); root; root = roots.pop()) {
          for (const element of root.querySelectorAll('*')) {
            const { right } = element.getBoundingClientRect();
            if (right > 390) wide.push(`${element.localName}.${element.className} ${Math.round(right)}`);
            if (element.shadowRoot) roots.push(element.shadowRoot);
          }
        }
        return { width: document.documentElement.scrollWidth, wide: wide.slice(0, 8) };
      });
    const { width, wide } = await widest();
    expect(width, `wider than the phone: ${wide.join(', ')}`).to.be.at.most(390);
  });

  it('has no WCAG 2.2 AA violations, tables open or closed, in light and dark', async () => {
    await openReports(staff);
    const include = 'careloop-admin';
    await expectAccessibleInBothSchemes(web.page, { include });
    for (const id of ['swarm', 'trend', 'tags']) await showTable(id);
    await expectAccessibleInBothSchemes(web.page, { include });
  });

  it('moderators find any service; the default period is the last 90 days', async () => {
    const moderator = await createAccount(web.app, { role: 'moderator', name: 'Mo Derator' });
    await openAdminPageFor(moderator);
    await admin().getByRole('tab', { name: 'Reports' }).click();
    await reports().getByText('Find a service to see its report.').waitFor();
    await reports().getByLabel('Find a service').fill('Ayrshire');
    await reports().getByRole('button', { name: 'Search' }).click();
    await reports().getByRole('button', { name: 'Add NHS Ayrshire & Arran' }).click();
    // The data set is in March 2026: nothing in the 90 days to today.
    const { from, to } = (
      await callApi(web.app, 'GET', `/reports/services/${reportBoard}`, { as: moderator })
    ).body.period as { from: string; to: string };
    const day = (iso: string) =>
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
    await reports()
      .locator('#swarm-h + .summary')
      .getByText(`No stories were published between ${day(from)} and ${day(to)}.`)
      .waitFor();
    await reports().locator('#period').selectOption('dates');
    await reports().locator('#from').fill(reportPeriod.to);
    await reports().locator('#to').fill(reportPeriod.from);
    await reports().getByRole('button', { name: 'Show report' }).click();
    await reports().getByText('Choose a “from” date on or before the “to” date.').waitFor();
    await reports().locator('#from').fill(reportPeriod.from);
    await reports().locator('#to').fill(reportPeriod.to);
    await reports().getByRole('button', { name: 'Show report' }).click();
    await reports().locator('#swarm-h + .summary').getByText('12 stories were published').waitFor();
    expect(await reports().getByLabel('Group by').inputValue()).to.equal('criticality');
  });

  it('speaks Welsh', async () => {
    // The period below is refused on purpose, to show the service's field errors.
    web.allowFailedLoad(400, '/api/v1/reports/');
    await openReports(staff, 'cy');
    await reports().getByRole('heading', { name: 'Adroddiadau' }).waitFor();
    expect(await reports().locator('#swarm-h + .summary').textContent()).to.match(
      /^Cafodd 12 o straeon eu cyhoeddi rhwng 2 Maw(rth)? 2026 a 15 Maw(rth)? 2026; mae gan 83% ymateb;/,
    );
    // Every label of the charts whole (Welsh ones run longer) and inside the chart, none cut at its edge.
    const severe = figures.criticality.find((lane: { level: number | null }) => lane.level === 5).stories;
    const labels = await reports()
      .locator('svg text')
      .evaluateAll((texts) =>
        texts.map((text) => ({ text: text.textContent, left: (text as SVGTextElement).getBBox().x })),
      );
    expect(labels.map((label) => label.text)).to.include(`5 – yn ddifrifol feirniadol (${severe})`);
    expect(labels.filter((label) => label.left < 0)).to.deep.equal([]);
    // The service's field errors are in Welsh too: worded from their codes, with their bounds.
    await showPeriod('2016-01-01', reportPeriod.to);
    const alert = reports().getByRole('alert');
    await alert.getByText('Mae angen cywiro rhai manylion:').waitFor();
    expect(await alert.locator('li').allTextContents()).to.deep.equal([
      'O: dim mwy na 1830 diwrnod cyn y dyddiad “i”',
    ]);
  });

  it('speaks Gaelic', async () => {
    web.allowFailedLoad(400, '/api/v1/reports/');
    await openReports(staff, 'gd');
    await reports().getByRole('heading', { name: 'Aithisgean' }).waitFor();
    expect(await reports().locator('#swarm-h + .summary').textContent()).to.match(
      /^Sgeulachdan a chaidh fhoillseachadh eadar .+ 2026 agus .+ 2026: 12; tha freagairt aig 83% dhiubh;/,
    );
    await showPeriod('2016-01-01', reportPeriod.to);
    await reports().getByRole('alert').locator('li').first().waitFor();
    expect(await reports().getByRole('alert').locator('li').allTextContents()).to.deep.equal([
      'O: 1830 latha air a’ char as motha ron cheann-latha “gu”',
    ]);
  });
});
