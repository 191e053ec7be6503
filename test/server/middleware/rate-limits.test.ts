import { createHash, createHmac } from 'node:crypto';
import { expect } from 'chai';
import { callApi } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { loadScotlandServices, submitStory, type Submitted } from '../../support/stories.js';
import { solveProofOfWork, type ProofOfWorkChallenge } from '../../../server/services/submission-limits.js';

/** The address a whole hospital's patients and its ward kiosk share (sent through a trusted proxy). */
const hospitalAddress = '203.0.113.7';
const scriptAddress = '198.51.100.23';

describe('rate limits: a busy ward behind one address, and a scripted flood', function () {
  this.timeout(60_000);
  let app: TestApp;

  before(async () => {
    app = await startTestApp({
      config: { trustProxy: true, submissionsPerHour: 10, submissionsPerHourMax: 40 },
    });
    await loadScotlandServices(app);
  });

  after(() => app.close());

  const from = (address: string, extra: Record<string, string> = {}) => ({
    headers: { 'x-forwarded-for': address, ...extra },
  });

  /** What the widget does: send; when asked for a proof of work, solve it and send again. */
  async function tellStoryAsTheWidget(address: string, title: string, to = app): Promise<Submitted> {
    const first = await submitStory(to, { title }, from(address));
    const challenge = first.body.proofOfWork as ProofOfWorkChallenge | undefined;
    if (first.status !== 429 || !challenge) return first;
    return submitStory(
      to,
      { title },
      from(address, { 'careloop-proof-of-work': solveProofOfWork(challenge) }),
    );
  }

  it("takes a ward's 30 stories from one address within the hour (past 10, each with a proof of work the widget solves)", async () => {
    const answers: Submitted[] = [];
    for (let i = 0; i < 30; i += 1)
      answers.push(await tellStoryAsTheWidget(hospitalAddress, `Ward story ${i}`));
    expect(answers.map((answer) => answer.status)).to.deep.equal(Array(30).fill(201));
    expect(await app.models.stories.countDocuments({ title: /^Ward story / })).to.equal(30);
  });

  it('refuses a scripted flood past the free allowance with 429 problem+json, Retry-After and a challenge', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => submitStory(app, { title: `Flood ${i}` }, from(scriptAddress))),
    );
    const accepted = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status === 429);
    // Requests racing at the limit may be refused a little early, never let through late.
    expect(accepted.length).to.be.within(1, 10);
    expect(accepted.length + refused.length).to.equal(50);
    for (const answer of refused) {
      expect(answer.headers.get('content-type')).to.include('application/problem+json');
      expect(Number(answer.headers.get('retry-after'))).to.be.within(1, 3600);
      expect(answer.body).to.include({ status: 429 });
      expect(answer.body.proofOfWork).to.have.keys('challenge', 'difficulty');
    }
    expect(await app.models.stories.countDocuments({ title: /^Flood / })).to.equal(accepted.length);
  });

  /** Sends plain stories from `address` until one is refused with a challenge, and returns that. */
  async function challengeFor(address: string): Promise<ProofOfWorkChallenge> {
    for (let i = 0; i < 20; i += 1) {
      const answer = await submitStory(app, { title: 'Until asked' }, from(address));
      if (answer.status === 429) return answer.body.proofOfWork as ProofOfWorkChallenge;
    }
    throw new Error('never asked for a proof of work');
  }

  it('takes a solved challenge once: a script replaying one proof gets 429', async () => {
    const proof = solveProofOfWork(await challengeFor(scriptAddress));
    const withProof = from(scriptAddress, { 'careloop-proof-of-work': proof });
    expect((await submitStory(app, { title: 'Replay 1' }, withProof)).status).to.equal(201);
    expect((await submitStory(app, { title: 'Replay 2' }, withProof)).status).to.equal(429);
  });

  it('refuses a forged or unsolved proof', async () => {
    const { challenge } = await challengeFor(scriptAddress);
    const forged = solveProofOfWork({ challenge: challenge.replace(/^\d+\./, '1.'), difficulty: 1 });
    for (const proof of [`${challenge}:0`, forged, 'nonsense']) {
      const answer = await submitStory(
        app,
        { title: 'Forged' },
        from(scriptAddress, { 'careloop-proof-of-work': proof }),
      );
      expect(answer.status, proof).to.equal(429);
    }
  });

  it('keeps counting each address on its own: another address is not affected', async () => {
    expect((await submitStory(app, { title: 'Elsewhere' }, from('192.0.2.200'))).status).to.equal(201);
  });

  it('stops even a script that solves every challenge at the hourly ceiling, with no challenge to solve', async () => {
    const strict = await startTestApp({
      config: { trustProxy: true, submissionsPerHour: 2, submissionsPerHourMax: 5 },
      store: app.store,
    });
    try {
      const answers: Submitted[] = [];
      for (let i = 0; i < 6; i += 1)
        answers.push(await tellStoryAsTheWidget('192.0.2.99', `Solver ${i}`, strict));
      expect(answers.map((answer) => answer.status)).to.deep.equal([201, 201, 201, 201, 201, 429]);
      const last = answers.at(-1)!;
      expect(last.body).not.to.have.property('proofOfWork');
      expect(Number(last.headers.get('retry-after'))).to.be.within(1, 3600);
    } finally {
      await strict.close();
    }
  });

  it('keeps no address in any collection in a form that can be turned back', async () => {
    // Sign-in failures from the hospital's address are counted by the same limiter.
    await callApi(app, 'POST', '/sessions', {
      body: { email: 'nobody@example.org', password: 'a wrong guess' },
      headers: { 'x-forwarded-for': hospitalAddress },
    });
    const { value: key } = (await app.models.settings.findById('rate-limit-client-key-salt').lean())!;
    const forms = (address: string) => [
      address,
      `::ffff:${address}`,
      createHash('sha256').update(address).digest('hex'),
      createHash('sha256').update(address).digest('base64'),
      createHash('sha256').update(`::ffff:${address}`).digest('hex'),
      createHmac('sha256', String(key)).update(`address\u0000${address}`).digest('hex'),
    ];
    const collections = await app.connection.db!.listCollections().toArray();
    expect(collections.map((collection) => collection.name)).to.include('rate_limits');
    for (const { name } of collections) {
      const stored = JSON.stringify(await app.connection.db!.collection(name).find({}).toArray());
      for (const address of [hospitalAddress, scriptAddress]) {
        for (const form of forms(address)) expect(stored, `${name} holds ${form}`).not.to.include(form);
      }
    }
  });
});
