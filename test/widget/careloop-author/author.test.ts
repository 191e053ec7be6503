import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Types } from 'mongoose';
import { startTestApp } from '../../support/app.js';
import { createAccount } from '../../support/accounts.js';
import { callApi } from '../../support/api.js';
import { expectAccessibleInBothSchemes } from '../../support/axe.js';
import { useBrowserPage } from '../../support/browser.js';
import {
  department,
  getJson,
  loadScotlandServices,
  publishedStory,
  storedStory,
  submitAccepted,
} from '../../support/stories.js';

describe('<careloop-author> from the private link', () => {
  const web = useBrowserPage({
    context: { viewport: { width: 1000, height: 900 } },
    // More stories than one address may send in an hour without a proof of work.
    app: { config: { submissionsPerHour: 100 } },
  });

  before(async () => {
    await loadScotlandServices(web.app);
  });

  const author = () => web.page.locator('careloop-author');
  /** The "tell your story" page opened from a private link: the form shows author mode instead. */
  const openPrivateLink = (fragment: string) =>
    web.page.goto(`${web.app.baseUrl}/tell-your-story.html#${fragment}`);
  const focusedId = () =>
    web.page.evaluate(
      () =>
        document.querySelector('careloop-form')?.shadowRoot?.querySelector('careloop-author')?.shadowRoot
          ?.activeElement?.id ?? null,
    );

  it('shows a story waiting for moderation, its text as text', async () => {
    const story = await submitAccepted(web.app, {
      title: 'Waiting <b>patiently</b>',
      body: 'I typed <script>window.careloopPwned=1</script> on purpose.',
    });
    await openPrivateLink(`careloop-author=${story.id}.${story.authorKey}`);
    await author().getByText('Waiting for a moderator').waitFor();
    await author().getByText('Waiting <b>patiently</b>').waitFor();
    await author().getByText('I typed <script>window.careloopPwned=1</script> on purpose.').waitFor();
    expect(await web.page.evaluate(() => 'careloopPwned' in window)).to.equal(false);
    expect(await author().getByRole('textbox', { name: 'Reply to the responses' }).count()).to.equal(0);
  });

  it('shows the story as it was sent, what its status means, and what the author can do', async () => {
    const story = await submitAccepted(web.app, { title: 'Sent as it was', nickname: 'Ayrshire reader' });
    await openPrivateLink(`careloop-author=${story.id}.${story.authorKey}`);
    await author().getByRole('status').filter({ hasText: 'Status: Waiting for a moderator' }).waitFor();
    await author()
      .getByText('A moderator reads every story before it is published, usually within 2 working days.', {
        exact: false,
      })
      .waitFor();
    const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(
      new Date(),
    );
    await author().getByText(`Sent on ${today}`).waitFor();

    const sent = author().locator('dl.summary');
    await author().getByRole('heading', { name: 'What you sent' }).waitFor();
    const value = (label: string) =>
      sent.locator('div', { has: web.page.locator('dt', { hasText: label }) }).locator('dd');
    expect(await value('Title').textContent()).to.equal('Sent as it was');
    expect(await value('Services').textContent()).to.equal(
      'Emergency Department, University Hospital Crosshouse',
    );
    expect(await value('What was good').textContent()).to.equal('kindness');
    expect(await value('What could be improved').textContent()).to.equal('waiting times');
    expect(await value('Nickname').textContent()).to.equal('Ayrshire reader');

    const actions = author().getByRole('region', { name: 'What you can do' });
    await actions.getByText('A story cannot be changed once it is sent.', { exact: false }).waitFor();
    await actions.getByRole('button', { name: 'Withdraw my story' }).waitFor();
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-form' });
  });

  it('waits out a busy service: a read shed with 503 is asked again after Retry-After, and says so if still busy', async function () {
    // Each shed read waits out its Retry-After: on a loaded machine the first load alone may take a minute.
    this.timeout(90_000);
    // The busy instance sheds the page's other reads (its icon) too.
    web.allowFailedLoad(503);
    // A second instance on the same store that works on one read at a time and turns away a read that has
    // queued for more than 1.5 s (long enough that a loaded machine's own lag rarely sheds): a read held open at /test/hold-a-read makes it shed the next one.
    const holds: Array<() => void> = [];
    const busy = await startTestApp({
      store: web.app.store,
      config: { maxReadsInFlight: 1, shedReadsAtLagMs: 1500 },
      extend: (koa) =>
        koa.use(async (ctx, next) => {
          if (ctx.path !== '/test/hold-a-read') return next();
          await new Promise<void>((resolve) => holds.push(resolve));
          ctx.body = 'released';
        }),
    });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    /** Takes the instance's one read slot until the returned function is called. */
    const holdTheReadSlot = async () => {
      const held = holds.length;
      const answered = fetch(`${busy.baseUrl}/test/hold-a-read`);
      while (holds.length === held) await pause(10);
      const release = holds.at(-1)!;
      return async () => (release(), await answered);
    };
    try {
      const first = await submitAccepted(web.app, { title: 'Read at once' });
      const story = await submitAccepted(web.app, { title: 'Read when it was quieter' });
      // Author mode and everything it needs are loaded while the service is quiet. On a loaded machine
      // the busy instance's event loop can itself run late, and then even this first load is shed
      // until the widget gives up: that is set-up, not what is tested, so load the page again.
      for (let attempt = 1; ; attempt++) {
        await web.page.goto(
          `${busy.baseUrl}/tell-your-story.html#careloop-author=${first.id}.${first.authorKey}`,
        );
        const loaded = await author()
          .getByText('Read at once')
          .first()
          .waitFor({ timeout: 15_000 })
          .then(() => true)
          .catch(() => false);
        if (loaded) break;
        if (attempt === 4) throw new Error('the busy instance never answered the first load');
      }
      const answers: number[] = [];
      web.page.on('response', (response) => {
        if (response.url().endsWith(`/api/v1/stories/${story.id}`)) answers.push(response.status());
      });
      const asked = () =>
        web.page.waitForRequest((request) => request.url().endsWith(`/api/v1/stories/${story.id}`));

      let release = await holdTheReadSlot();
      let request = asked();
      await web.page.evaluate(
        (hash) => (location.hash = hash),
        `careloop-author=${story.id}.${story.authorKey}`,
      );
      await request;
      request = asked(); // the widget's second try, after Retry-After
      await pause(1700);
      await release(); // the queued read has waited too long: 503
      release = await holdTheReadSlot();
      await request;
      await pause(1700);
      await release(); // shed again
      await author().getByText('careloop is busy — trying again shortly').waitFor();
      expect(answers, 'asked once more after Retry-After, then told the author').to.deep.equal([503, 503]);

      // The service is quiet again: the widget tries again by itself.
      // Retry-After is twice the wait that was shed (about 4 s here), then the read itself.
      await author().getByText('Read when it was quieter').first().waitFor({ timeout: 15_000 });
      expect(answers).to.deep.equal([503, 503, 200]);
      expect(await author().getByText('careloop is busy').count()).to.equal(0);
    } finally {
      for (const release of holds) release();
      await busy.close();
    }
  });

  it("shows the moderator's message on a held story, from the emailed form of the link", async () => {
    const story = await submitAccepted(web.app);
    await web.app.connection
      .model('Story')
      .updateOne(
        { _id: new Types.ObjectId(story.id) },
        { $set: { status: 'held', statusReason: 'Please take out the nurse’s name.' } },
      );
    await openPrivateLink(`careloop-story=${story.id}&careloop-author-key=${story.authorKey}`);
    await author().getByText('On hold').waitFor();
    await author().getByText('Message from the moderator').waitFor();
    await author().getByText('Please take out the nurse’s name.').waitFor();
  });

  it('says so when the link is wrong', async () => {
    web.allowFailedLoad(401, '/api/v1/stories/');
    const story = await submitAccepted(web.app);
    await openPrivateLink(`careloop-author=${story.id}.cla_not-the-key`);
    await author().getByText('Story not found. Check you have the whole link.').waitFor();
  });

  it('shows the responses and takes a reply, listing it as waiting for a moderator', async () => {
    const story = await publishedStory(web.app, { title: 'Answered story', services: [department] });
    const staff = await createAccount(web.app, {
      role: 'staff',
      services: [department],
      name: 'Sam Reid',
      jobTitle: 'Charge Nurse',
    });
    const responded = await callApi(web.app, 'POST', `/stories/${story.id}/responses`, {
      as: staff,
      body: { body: 'Thank you. We will add a night triage nurse.', change: 'planned' },
    });
    expect(responded.status, responded.text).to.equal(201);

    await openPrivateLink(`careloop-author=${story.id}.${story.authorKey}`);
    await author().getByText('Thank you. We will add a night triage nurse.').waitFor();
    await author().getByText('Sam Reid').waitFor();
    expect(await author().getByText('Change planned').count()).to.be.greaterThan(0);

    const reply = author().getByRole('textbox', { name: 'Reply to the responses' });
    await author().getByRole('button', { name: 'Send reply' }).click();
    await author().getByText('Write your reply (up to 8,000 characters)').waitFor();
    expect(await reply.getAttribute('aria-invalid')).to.equal('true');
    expect(await focusedId()).to.equal('reply');

    await reply.fill('That is good news, thank you.');
    await author().getByRole('button', { name: 'Send reply' }).click();
    await author().getByText('Thank you: a moderator will read your reply.').waitFor();
    await author().getByRole('heading', { name: 'Your replies' }).waitFor();
    await author().getByText('That is good news, thank you.').waitFor();
    expect(await reply.inputValue()).to.equal('');
  });

  it('withdraws the story after a confirmation, and it leaves the public view; its data can still be downloaded', async () => {
    const story = await publishedStory(web.app, {
      title: 'To be withdrawn',
      email: 'withdrawing.author@example.net',
      postcode: 'KA2 0BE',
    });
    await openPrivateLink(`careloop-author=${story.id}.${story.authorKey}`);
    await author().getByText('Published').first().waitFor();

    await author().getByRole('button', { name: 'Withdraw my story' }).click();
    await author().getByText('Withdraw your story?').waitFor();
    expect(await focusedId(), 'focus moves to the question').to.equal('confirm');
    await author().getByRole('button', { name: 'No, keep it' }).click();
    expect(await focusedId(), 'focus goes back to the button').to.equal('withdraw');
    expect((await getJson(web.app, `/stories/${story.id}`)).status).to.equal(200);

    await author().getByRole('button', { name: 'Withdraw my story' }).click();
    await author().getByRole('button', { name: 'Yes, withdraw it' }).click();
    await author().getByRole('status').filter({ hasText: 'Status: Withdrawn' }).waitFor();
    expect(await focusedId(), 'focus moves to the new status').to.equal('status');
    expect(await author().getByRole('button', { name: 'Withdraw my story' }).count()).to.equal(0);
    expect((await getJson(web.app, `/stories/${story.id}`)).status).to.equal(404);

    // Withdrawn or not, the author can still download everything held about it.
    const [download] = await Promise.all([
      web.page.waitForEvent('download'),
      author().getByRole('button', { name: 'Download everything held about your story' }).click(),
    ]);
    expect(download.suggestedFilename()).to.equal(`careloop-story-${story.id}.json`);
    const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(saved.story).to.include({
      id: story.id,
      email: 'withdrawing.author@example.net',
      postcode: 'KA2 0BE',
      status: 'withdrawn',
    });
  });

  it('deletes the story and the author’s details after a confirmation; the link then says so', async () => {
    const story = await publishedStory(web.app, { title: 'To be erased', email: 'erase.me@example.org' });
    await openPrivateLink(`careloop-author=${story.id}.${story.authorKey}`);
    await author().getByText('To be erased').first().waitFor();

    await author().getByRole('button', { name: 'Delete my story and my details' }).click();
    await author().getByText('Delete your story and your details?', { exact: false }).waitFor();
    expect(await focusedId(), 'focus moves to the question').to.equal('confirm-erase');
    await author().getByRole('button', { name: 'No, keep it' }).click();
    expect(await focusedId(), 'focus goes back to the button').to.equal('erase');
    expect((await getJson(web.app, `/stories/${story.id}`)).status).to.equal(200);

    await author().getByRole('button', { name: 'Delete my story and my details' }).click();
    await author().getByRole('button', { name: 'Yes, delete everything' }).click();
    const done = 'This story was deleted at your request, with your details.';
    await author().getByRole('status').filter({ hasText: done }).waitFor();
    expect(await focusedId(), 'focus moves to what happened').to.equal('status');
    expect(await author().getByText('To be erased').count()).to.equal(0);
    expect((await getJson(web.app, `/stories/${story.id}`)).status).to.equal(404);
    expect(JSON.stringify(await storedStory(web.app, story.id))).not.to.include('erase.me@example.org');

    // The private link, opened again, says what happened rather than "not found".
    web.allowFailedLoad(410, '/api/v1/stories/');
    await web.page.reload();
    await author().getByText(done).waitFor();
  });

  it('speaks Welsh', async () => {
    const story = await submitAccepted(web.app);
    await web.page.route(`${web.app.baseUrl}/cymraeg.html`, async (route) => {
      const response = await route.fetch({ url: `${web.app.baseUrl}/tell-your-story.html` });
      const body = (await response.text()).replace('<html lang="en">', '<html lang="cy">');
      await route.fulfill({ response, body });
    });
    await web.page.goto(`${web.app.baseUrl}/cymraeg.html#careloop-author=${story.id}.${story.authorKey}`);
    await author().getByText('Yn aros am gymedrolwr').waitFor();
    await author().getByRole('button', { name: 'Tynnu fy stori yn ôl' }).waitFor();
  });
  it('opens inside <careloop-stories> from the private link on the stories page, and passes the audit', async () => {
    const story = await publishedStory(web.app, { title: 'Seen from the stories page' });
    await web.page.goto(`${web.app.baseUrl}/#careloop-author=${story.id}.${story.authorKey}`);
    const inStories = web.page.locator('careloop-stories careloop-author');
    await inStories.getByText('Seen from the stories page').first().waitFor();
    await inStories.getByRole('button', { name: 'Withdraw my story' }).click();
    await inStories.getByText('Withdraw your story?').waitFor();
    await inStories.getByRole('textbox', { name: 'Reply to the responses' }).waitFor();
    await expectAccessibleInBothSchemes(web.page, { include: 'careloop-stories' });
  });
});
