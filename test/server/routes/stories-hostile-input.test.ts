import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/app.js';
import {
  getJson,
  loadScotlandServices,
  postRaw,
  problemFields,
  publishDirectly,
  storedStory,
  storyBody,
  submitStory,
} from '../../support/stories.js';

describe('stories: hostile input', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp({ config: { submissionsPerHour: 1000 } });
    await loadScotlandServices(app);
  });

  after(async () => {
    await app.close();
  });

  it('stores a script tag as plain text and gives it back exactly, as JSON text', async () => {
    const script = '<script>alert("hi")</script><img src=x onerror=alert(1)>';
    const { body } = await submitStory(app, { title: script, body: `Before ${script} after` });
    expect((await storedStory(app, body.id))?.title).to.equal(script);
    await publishDirectly(app, body.id);
    const read = await getJson(app, `/stories/${body.id}`);
    expect(read.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(read.body.title).to.equal(script);
    expect(read.body.body).to.equal(`Before ${script} after`);
  });

  describe('a query operator where a value belongs', () => {
    const fields = ['title', 'body', 'nickname', 'authorRole', 'email', 'postcode', 'consent', 'website'];
    for (const field of fields) {
      it(`refuses {"$gt": ""} as ${field} with 400 naming ${field}`, async () => {
        const submitted = await submitStory(app, { [field]: { $gt: '' } });
        expect(submitted.status).to.equal(400);
        expect(problemFields(submitted.body as { errors?: { field: string }[] })).to.include(field);
      });
    }

    it('refuses {"$gt": ""} as a service id or a tag with 400', async () => {
      const asService = await submitStory(app, { services: [{ $gt: '' }] });
      const asServices = await submitStory(app, { services: { $gt: '' } });
      const asTag = await submitStory(app, { tags: { good: [{ $ne: null }] } });
      expect([asService.status, asServices.status, asTag.status]).to.deep.equal([400, 400, 400]);
    });

    it('refuses operator-looking query parameters on the list with 400, not a query', async () => {
      for (const query of [
        'service[$gt]=',
        'q[$ne]=x',
        'tag=a&tag=b',
        'authorRole[$in]=patient',
        '$where=1',
      ]) {
        const listed = await getJson(app, `/stories?${query}`);
        expect(listed.status, query).to.equal(400);
      }
    });

    it('treats an operator-looking search as words', async () => {
      const listed = await getJson(app, `/stories?q=${encodeURIComponent('{"$gt": ""}')}`);
      expect(listed.status).to.equal(200);
      expect(listed.body.items).to.deep.equal([]);
    });
  });

  describe('__proto__ keys', () => {
    it('refuses a __proto__ field with 400 and pollutes nothing', async () => {
      const text = `{"__proto__": {"polluted": true}, ${JSON.stringify(storyBody()).slice(1)}`;
      const answer = await postRaw(app, Buffer.from(text), 'application/json');
      expect(answer.status).to.equal(400);
      expect(answer.text).to.include('__proto__');
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('refuses __proto__ and constructor inside tags with 400', async () => {
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        const text = JSON.stringify(storyBody()).replace('"tags":{', `"tags":{"${key}":{"good":["x"]},`);
        const answer = await postRaw(app, Buffer.from(text), 'application/json');
        expect(answer.status, key).to.equal(400);
      }
      expect(({} as Record<string, unknown>).good).to.equal(undefined);
    });
  });

  it('refuses broken UTF-8 with 400 problem+json', async () => {
    const text = JSON.stringify(storyBody({ body: 'BROKEN' }));
    const [before, after] = text.split('BROKEN') as [string, string];
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(after)]);
    const answer = await postRaw(app, bytes, 'application/json');
    expect(answer.status).to.equal(400);
    expect(answer.contentType).to.include('application/problem+json');
  });

  it('refuses 2,000 levels of nesting with 400', async () => {
    const deep = '['.repeat(2000) + ']'.repeat(2000);
    const text = JSON.stringify(storyBody({ tags: 'DEEP' })).replace('"DEEP"', deep);
    const answer = await postRaw(app, Buffer.from(text), 'application/json');
    expect(answer.status).to.equal(400);
    expect(answer.contentType).to.include('application/problem+json');
  });

  it('refuses a body that is not JSON with 415', async () => {
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await postRaw(app, Buffer.from('title=x'), contentType);
      expect(answer.status, contentType).to.equal(415);
      expect(answer.contentType).to.include('application/problem+json');
    }
  });

  it('refuses malformed JSON with 400', async () => {
    const answer = await postRaw(app, Buffer.from('{"title": "x",'), 'application/json');
    expect(answer.status).to.equal(400);
  });

  it('answers unknown and odd story ids with 404, never 500', async () => {
    for (const id of ['nope', '000000000000000000000000', '%24gt', 'aaaaaaaaaaaa', '{"$gt":""}']) {
      const read = await getJson(app, `/stories/${encodeURIComponent(id)}`);
      expect(read.status, id).to.equal(404);
      const withdrawn = await fetch(`${app.baseUrl}/api/v1/stories/${encodeURIComponent(id)}/withdrawal`, {
        method: 'POST',
        headers: { authorization: `Bearer cla_${'A'.repeat(43)}` },
      });
      expect(withdrawn.status, id).to.equal(404);
    }
  });

  it('never answered any of this with a 5xx', () => {
    const failures = app.logLines.filter((line) => line.msg === 'request failed');
    expect(failures).to.deep.equal([]);
  });
});
