import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { callApi, expectDocumentedAnswer } from '../../../support/api.js';
import { startTestApp, type TestApp } from '../../../support/app.js';
import {
  board,
  department,
  hospital,
  loadScotlandServices,
  publishedStory,
} from '../../../support/stories.js';

/**
 * Reports break a board's stories down by the authors' answers about themselves, and no group of 10
 * stories or fewer can be read or worked out by subtracting figures (issue 17;
 * docs/decisions/2026-12-07-demographics-suppression.md). Everything is told in 2026's first quarter
 * (January to March), which has ended, plus one story just after it.
 */

const ayrHospital = 'university-hospital-ayr';

interface Group {
  value: string;
  stories: number | null;
}
type Demographics =
  | ({ available: true; quarter: string; from: string; to: string; stories: number } & Record<
      'ageBand' | 'sex' | 'ethnicity' | 'disability',
      Group[]
    >)
  | { available: false; reason: string };

const questions = ['ageBand', 'sex', 'ethnicity', 'disability'] as const;

/** Who told what, and when. 58 stories in the quarter. */
const told = [
  {
    count: 30,
    services: [department],
    demographics: { ageBand: '45-54', sex: 'female', ethnicity: 'white', disability: 'no' },
    day: '2026-02-10',
  },
  {
    count: 12,
    services: [ayrHospital],
    demographics: { ageBand: '65-74', sex: 'male', ethnicity: 'asian', disability: 'yes' },
    day: '2026-02-20',
  },
  // The small group: four stories on the quarter's last day, about one hospital.
  {
    count: 4,
    services: [ayrHospital],
    demographics: { ageBand: '75-plus', sex: 'male', ethnicity: 'african', disability: 'yes' },
    day: '2026-03-31',
  },
  { count: 12, services: [hospital], demographics: undefined, day: '2026-01-15' },
];

describe('reports: stories by the authors’ answers about themselves, small groups withheld', function () {
  this.timeout(60_000);
  let app: TestApp;
  let staff: TestAccount;
  const small: { id: string; authorKey: string }[] = [];

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
    staff = await createAccount(app, { role: 'staff', services: [board] });
    for (const group of told) {
      for (let index = 0; index < group.count; index += 1) {
        const story = await publishedStory(
          app,
          { services: group.services, ...(group.demographics ? { demographics: group.demographics } : {}) },
          new Date(`${group.day}T12:00:00Z`),
        );
        if (group.demographics?.ethnicity === 'african') small.push(story);
      }
    }
    // Told on the first day of the next quarter, with the small group's answers.
    await publishedStory(
      app,
      { services: [ayrHospital], demographics: told[2]!.demographics },
      new Date('2026-04-01T08:00:00Z'),
    );
  });
  after(() => app?.close());

  async function demographicsOf(service: string, from: string, to: string): Promise<Demographics> {
    const path = `/reports/services/${service}?from=${from}&to=${to}`;
    const answer = await callApi(app, 'GET', path, { as: staff });
    expect(answer.status, answer.text).to.equal(200);
    await expectDocumentedAnswer(app, 'GET', path, answer);
    return answer.body.demographics as Demographics;
  }

  function shown(demographics: Demographics) {
    if (!demographics.available) throw new Error('no breakdown');
    return demographics;
  }

  const countOf = (groups: Group[], value: string) => groups.find((group) => group.value === value)?.stories;

  it('breaks a board’s last whole quarter down by each question, with the count of each large group', async () => {
    const figures = shown(await demographicsOf(board, '2026-01-01', '2026-03-31'));
    expect(figures).to.include({ quarter: '2026-Q1', from: '2026-01-01', to: '2026-03-31', stories: 58 });
    expect(countOf(figures.ethnicity, 'white')).to.equal(30);
    expect(countOf(figures.ethnicity, 'asian')).to.equal(12);
    expect(countOf(figures.sex, 'female')).to.equal(30);
    expect(countOf(figures.sex, 'male')).to.equal(16);
    expect(countOf(figures.disability, 'yes')).to.equal(16);
    // Every answer the form offers is listed, then those who did not answer.
    expect(figures.ethnicity.map((group) => group.value)).to.deep.equal([
      'white',
      'mixed-or-multiple',
      'asian',
      'african',
      'caribbean-or-black',
      'other',
      'prefer-not-to-say',
      'not-answered',
    ]);
  });

  it('withholds the count of every group of 10 stories or fewer, empty ones included', async () => {
    const figures = shown(await demographicsOf(board, '2026-01-01', '2026-03-31'));
    expect(countOf(figures.ethnicity, 'african'), 'four stories').to.equal(null);
    expect(countOf(figures.ageBand, '75-plus'), 'four stories').to.equal(null);
    expect(countOf(figures.ethnicity, 'other'), 'no story').to.equal(null);
    expect(countOf(figures.sex, 'prefer-not-to-say'), 'no story').to.equal(null);
    for (const question of questions) {
      for (const group of figures[question]) {
        if (group.stories !== null) expect(group.stories, `${question} ${group.value}`).to.be.above(10);
      }
    }
  });

  it('withholds the next smallest group too, so the total minus the groups shown never reveals a small one', async () => {
    const figures = shown(await demographicsOf(board, '2026-01-01', '2026-03-31'));
    // African (4) alone would be 58 - 30 - 12 - 12: the not-answered 12 are withheld with it.
    expect(countOf(figures.ethnicity, 'not-answered')).to.equal(null);
    for (const question of questions) {
      const shownSum = figures[question].reduce((sum, group) => sum + (group.stories ?? 0), 0);
      const withheld = figures.stories - shownSum;
      expect(withheld === 0 || withheld > 10, `${question}: ${withheld} stories withheld in all`).to.equal(
        true,
      );
    }
  });

  it('gives no breakdown for a hospital or ward, so a board’s figures minus a hospital’s reveal nothing', async () => {
    for (const service of [ayrHospital, hospital, department]) {
      expect(await demographicsOf(service, '2026-01-01', '2026-03-31'), service).to.deep.equal({
        available: false,
        reason: 'not-a-board',
      });
    }
  });

  it('answers periods a day apart with the very same quarter’s figures or another quarter’s, never counts a day apart', async () => {
    const byQuarter = new Map<string, Demographics>();
    // Every period ending from a week before the quarter's end to a week after it, starting on either of
    // two days: the small group was told on the quarter's last day, the next story on the day after.
    for (const from of ['2026-01-01', '2026-01-02']) {
      for (let day = 24; day <= 38; day += 1) {
        const to = new Date(Date.UTC(2026, 2, day)).toISOString().slice(0, 10);
        const figures = shown(await demographicsOf(board, from, to));
        const first = byQuarter.get(figures.quarter);
        if (first) expect(figures, `${from} to ${to}`).to.deep.equal(first);
        else byQuarter.set(figures.quarter, figures);
        expect(figures.quarter, `${from} to ${to}`).to.equal(to < '2026-03-31' ? '2025-Q4' : '2026-Q1');
      }
    }
    expect(shown(byQuarter.get('2025-Q4')!).stories).to.equal(0);
    expect(shown(byQuarter.get('2026-Q1')!).stories).to.equal(58);
  });

  it('does not move once the quarter is over, even when a story of it is withdrawn or erased', async () => {
    const before = await demographicsOf(board, '2026-01-01', '2026-03-31');
    const [withdrawn, erased] = small;
    expect(
      (await callApi(app, 'POST', `/stories/${withdrawn!.id}/withdrawal`, { as: withdrawn!.authorKey }))
        .status,
    ).to.equal(200);
    expect(
      (await callApi(app, 'POST', `/stories/${erased!.id}/erasure`, { as: erased!.authorKey })).status,
    ).to.equal(200);
    const report = await callApi(app, 'GET', `/reports/services/${board}?from=2026-01-01&to=2026-03-31`, {
      as: staff,
    });
    // The other figures follow the stories as they are now; the breakdown stays as it was first read.
    expect(report.body.totals.stories).to.equal(56);
    expect(report.body.demographics).to.deep.equal(before);
  });
});
