import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/app.js';
import { loadScotlandServices, storedStory, submitAccepted } from '../../support/stories.js';

describe("the notifier's work list", () => {
  let testApp: TestApp;

  before(async () => {
    testApp = await startTestApp();
    await loadScotlandServices(testApp);
  });

  after(async () => {
    await testApp.close();
  });

  it('takes the news of a story told with an email off the story once it is handled', async () => {
    const story = await submitAccepted(testApp, { email: 'author@example.org' });
    expect((await storedStory(testApp, story.id))?.pendingEvents).to.have.length(1);
    await testApp.services.notifier.runOnce();
    expect((await storedStory(testApp, story.id))?.pendingEvents).to.deep.equal([]);
  });

  it('refuses to store an event of a kind it would not look for, rather than never deliver it', async () => {
    const stories = testApp.models.stories;
    const story = await submitAccepted(testApp);
    const document = await stories.findById(story.id);
    document!.pendingEvents.push({ type: 'mystery', at: new Date() });
    let refused: unknown;
    await document!.save().catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(Error);
    expect(String(refused)).to.match(/pendingEvents\.0\.type|mystery/);
  });
});
