import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/app.js';

describe('GET /healthz', () => {
  let testApp: TestApp;

  before(async () => {
    testApp = await startTestApp();
  });

  after(async () => {
    await testApp.close();
  });

  it('answers 200 {"status":"ok","store":"up"} while the store answers', async () => {
    const response = await fetch(`${testApp.baseUrl}/healthz`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    expect(await response.json()).to.deep.equal({ status: 'ok', store: 'up' });
  });

  it('answers 503 problem+json with store "down" within a couple of seconds once the store has gone', async () => {
    // On a real MongoDB (MONGODB_URI) the test cannot stop the server, so it cuts this app off from it.
    if (testApp.store.external) await testApp.connection.close();
    else await testApp.store.stop();

    const started = Date.now();
    const response = await fetch(`${testApp.baseUrl}/healthz`);
    expect(Date.now() - started).to.be.below(2500);
    expect(response.status).to.equal(503);
    expect(response.headers.get('content-type')).to.equal('application/problem+json; charset=utf-8');
    const problem = await response.json();
    expect(problem).to.include({
      status: 503,
      title: 'Service Unavailable',
      store: 'down',
      instance: '/healthz',
    });
    expect(problem.detail).to.be.a('string');
  });
});
