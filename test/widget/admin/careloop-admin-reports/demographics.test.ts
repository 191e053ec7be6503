import { expect } from 'chai';
import { expectAccessibleInBothSchemes } from '../../../support/axe.js';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { useBrowserPage } from '../../../support/browser.js';
import { board, hospital, loadScotlandServices, publishedStory } from '../../../support/stories.js';
import { serveAdminPage } from '../../../support/admin-page.js';

/**
 * The Reports tab shows a board's last whole quarter by the authors' answers, with the small groups
 * withheld as the service withholds them. 2026's first quarter: 20 white women aged 45 to 54 without a
 * disability, 12 Asian men aged 65 to 74 with one, 3 African men aged 75 or over with one.
 */
describe('<careloop-admin> Reports: stories by the authors’ answers about themselves', () => {
  const web = useBrowserPage({
    app: { config: { submissionsPerHour: 1000 } },
    context: { viewport: { width: 1100, height: 900 } },
  });
  let staff: TestAccount;
  let hospitalStaff: TestAccount;

  before(async () => {
    await loadScotlandServices(web.app);
    staff = await createAccount(web.app, { role: 'staff', services: [board], name: 'Rhona Reid' });
    hospitalStaff = await createAccount(web.app, {
      role: 'staff',
      services: [hospital],
      name: 'Hamish Ross',
    });
    const groups = [
      { count: 20, demographics: { ageBand: '45-54', sex: 'female', ethnicity: 'white', disability: 'no' } },
      { count: 12, demographics: { ageBand: '65-74', sex: 'male', ethnicity: 'asian', disability: 'yes' } },
      {
        count: 3,
        demographics: { ageBand: '75-plus', sex: 'male', ethnicity: 'african', disability: 'yes' },
      },
    ];
    for (const { count, demographics } of groups) {
      for (let index = 0; index < count; index += 1)
        await publishedStory(web.app, { demographics }, new Date('2026-02-11T10:00:00Z'));
    }
  });

  const admin = () => web.page.locator('careloop-admin');
  const reports = () => web.page.locator('careloop-admin-reports');
  const section = () => reports().locator('section', { has: web.page.locator('#demo-h') });

  async function openReportOn(account: TestAccount, from: string, to: string): Promise<void> {
    await serveAdminPage(web);
    await admin().getByLabel('Email address').fill(account.email);
    await admin().getByLabel('Password').fill(account.password);
    await admin().getByLabel('Password').press('Enter');
    await admin().getByRole('tab', { name: 'Reports' }).click();
    await reports().locator('#period').selectOption('dates');
    await reports().locator('#from').fill(from);
    await reports().locator('#to').fill(to);
    await reports().locator('.filters button[type="submit"]').click();
    await reports().locator('#demo-h').waitFor();
  }

  /** A question's table as [answer, stories] rows. */
  async function rowsOf(caption: string): Promise<string[][]> {
    const table = section().locator('table', { has: web.page.getByText(caption, { exact: true }) });
    const rows = await table.locator('tbody tr').all();
    return Promise.all(
      rows.map(async (row) => (await row.locator('th, td').allInnerTexts()).map((text) => text.trim())),
    );
  }

  it('shows a board’s last whole quarter by each question, with small groups shown as “fewer than 11”', async () => {
    await openReportOn(staff, '2026-01-01', '2026-04-15');
    await section().getByText('2026-Q1', { exact: false }).waitFor();
    await section().getByText('35 stories', { exact: false }).waitFor();
    const withheld = 'fewer than 11, or withheld';
    const ethnicity = await rowsOf('Ethnic group');
    expect(ethnicity).to.deep.include(['White', '20']);
    expect(ethnicity).to.deep.include(['African, Scottish African or British African', withheld]);
    expect(ethnicity).to.deep.include(['Not answered', withheld]);
    // 35 − 20 − 12 would give the 3 away: the next smallest group, 12, is withheld with them.
    expect(ethnicity).to.deep.include(['Asian, Scottish Asian or British Asian', withheld]);
    const age = await rowsOf('Age');
    expect(age).to.deep.include(['45 to 54', '20']);
    expect(age).to.deep.include(['65 to 74', withheld]);
    expect(age).to.deep.include(['75 or over', withheld]);
    // No count but those above 10 is on the page.
    for (const question of ['Age', 'Sex', 'Ethnic group', 'Disability or long-term condition']) {
      for (const [answer, stories] of await rowsOf(question)) {
        if (stories !== withheld) expect(Number(stories), `${question}: ${answer}`).to.be.above(10);
      }
    }
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-admin' });
  });

  it('says why a hospital’s report has no such figures, and shows no count', async () => {
    await openReportOn(hospitalStaff, '2026-01-01', '2026-04-15');
    await section().getByText('for a whole board only', { exact: false }).waitFor();
    expect(await section().locator('table').count()).to.equal(0);
  });
});
