import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  board,
  hospital,
  loadScotlandServices,
  otherBoardHospital,
  publishedStory,
} from '../../support/stories.js';

describe('story lists for staff and constituencies (GET /api/v1/stories)', function () {
  let app: TestApp;
  let staff: TestAccount;
  let ayrStory: string;
  let bordersStory: string;

  before(async function () {
    app = await startTestApp();
    await loadScotlandServices(app);
    staff = await createAccount(app, { role: 'staff', services: [board] });
    ayrStory = (await publishedStory(app, { services: ['university-hospital-ayr'] })).id;
    await publishedStory(app, { services: [hospital] });
    bordersStory = (await publishedStory(app, { services: [otherBoardHospital] })).id;
  });

  after(async function () {
    await app.close();
  });

  const ids = (body: { items: { id: string }[] }) => body.items.map((story) => story.id);

  it('mine=true lists the stories about the services a staff member acts for, each with its progress', async function () {
    const answer = await callApi(app, 'GET', '/stories?mine=true', { as: staff });
    expect(answer.status).to.equal(200);
    expect(ids(answer.body)).to.include(ayrStory).and.not.include(bordersStory);
    expect(answer.body.items).to.have.length(2);
    for (const item of answer.body.items) expect(item.progress).to.include({ stage: 'unheard' });
  });

  it('mine=true without signing in is refused with 401', async function () {
    expect((await callApi(app, 'GET', '/stories?mine=true')).status).to.equal(401);
  });

  it('the public list never carries progress', async function () {
    const answer = await callApi(app, 'GET', '/stories');
    expect(answer.body.items.length).to.be.greaterThan(0);
    for (const item of answer.body.items) expect(item).to.not.have.property('progress');
  });

  it('staff see progress only on stories their scope covers', async function () {
    const answer = await callApi(app, 'GET', '/stories', { as: staff });
    for (const item of answer.body.items) {
      if (item.id === bordersStory) expect(item).to.not.have.property('progress');
      else expect(item).to.have.property('progress');
    }
  });

  it('constituency= lists stories about services in that constituency', async function () {
    const answer = await callApi(
      app,
      'GET',
      `/stories?constituency=${encodeURIComponent('Ayr, Carrick and Cumnock')}`,
    );
    expect(answer.status).to.equal(200);
    expect(ids(answer.body)).to.deep.equal([ayrStory]);
  });

  it('an unknown constituency is a 400 naming the field', async function () {
    const answer = await callApi(app, 'GET', '/stories?constituency=Atlantis');
    expect(answer.status).to.equal(400);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).to.include('constituency');
  });
});
