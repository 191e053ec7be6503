import { expect } from 'chai';
import type { ServiceTree } from '../../../server/services/organisation-tree.js';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { bearer } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { organisationServiceOf, scotlandTree } from '../../support/organisations.js';
import { callApi } from '../../support/api.js';

const problemJson = 'application/problem+json; charset=utf-8';

function byId<T extends { id: string }>(services: T[]): T[] {
  return [...services].sort((a, b) => (a.id < b.id ? -1 : 1));
}

function ids(services: { id: string }[]): string[] {
  return services.map((service) => service.id);
}

async function startWithScotland(): Promise<{ app: TestApp; admin: TestAccount }> {
  const app = await startTestApp();
  const admin = await createAccount(app, { role: 'admin' });
  const imported = await callApi(app, 'POST', '/services/import', {
    body: scotlandTree(),
    headers: bearer(admin),
  });
  if (imported.status !== 200) throw new Error(`import answered ${imported.status}`);
  return { app, admin };
}

describe('the service tree: import, export and reading', () => {
  let app: TestApp;
  let admin: TestAccount;

  before(async () => {
    ({ app, admin } = await startWithScotland());
  });

  after(async () => {
    await app.close();
  });

  it('re-importing the Scotland file changes nothing', async () => {
    const reply = await callApi(app, 'POST', '/services/import', {
      body: scotlandTree(),
      headers: bearer(admin),
    });
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.equal({ created: 0, updated: 0, unchanged: 50, retired: 0 });
  });

  it('exports the imported tree as the file describes it, parents before children', async () => {
    const reply = await callApi(app, 'GET', '/services/export', { headers: bearer(admin) });
    expect(reply.status).to.equal(200);
    const exported = reply.body as ServiceTree;
    expect(byId(exported.services)).to.deep.equal(byId(scotlandTree().services));
    const position = new Map(exported.services.map((service, index) => [service.id, index]));
    for (const [index, service] of exported.services.entries()) {
      if (service.parent) expect(position.get(service.parent)).to.be.below(index);
    }
  });

  it("lists a board's hospitals and services by name with parent=<board>", async () => {
    const reply = await callApi(app, 'GET', '/services?parent=nhs-highland');
    expect(reply.status).to.equal(200);
    expect(reply.body.services.map((service: { name: string }) => service.name)).to.deep.equal([
      'Adult Social Care, NHS Highland',
      'Belford Hospital, Fort William',
      'Raigmore Hospital',
    ]);
    expect(
      reply.body.services.every((service: { parent: string }) => service.parent === 'nhs-highland'),
    ).to.equal(true);
    expect(reply.body.total).to.equal(reply.body.services.length);
  });

  it('lists only the boards with roots=true', async () => {
    const reply = await callApi(app, 'GET', '/services?roots=true&limit=200');
    expect(reply.body.total).to.equal(22);
    expect(
      reply.body.services.every((service: { kind: string; parent: null }) => service.parent === null),
    ).to.equal(true);
    expect(ids(reply.body.services)).to.include.members(['nhs-highland', 'scottish-ambulance-service']);
  });

  it('finds Raigmore by name in any case, accents ignored', async () => {
    for (const q of ['raigmore', 'RAIGMORE', 'Ráigmore']) {
      const reply = await callApi(app, 'GET', `/services?q=${encodeURIComponent(q)}`);
      expect(ids(reply.body.services), q).to.deep.equal([
        'raigmore-emergency-department',
        'raigmore-hospital',
        'raigmore-ward-2c',
      ]);
    }
  });

  it('finds only services whose names have every word of the search', async () => {
    const reply = await callApi(app, 'GET', '/services?q=raigmore%20emergency');
    expect(ids(reply.body.services)).to.deep.equal(['raigmore-emergency-department']);
  });

  it('finds nothing for a search without a word in it', async () => {
    const reply = await callApi(app, 'GET', '/services?q=%26%26');
    expect(reply.status).to.equal(200);
    expect(reply.body).to.include({ total: 0 });
    expect(reply.body.services).to.deep.equal([]);
  });

  it('knows the services in a constituency, with everything below them', async () => {
    const organisations = organisationServiceOf(app);
    expect(
      (await organisations.servicesInConstituency('Inverness, Skye and West Ross-shire')).sort(),
    ).to.deep.equal(['raigmore-emergency-department', 'raigmore-hospital', 'raigmore-ward-2c']);
    expect(await organisations.servicesInConstituency('Orkney and Shetland')).to.include.members([
      'nhs-orkney',
      'nhs-shetland',
      'balfour-hospital',
    ]);
    expect(await organisations.servicesInConstituency('Nowhere North')).to.deep.equal([]);
  });

  it('lists only one kind of service with kind=', async () => {
    const reply = await callApi(app, 'GET', '/services?kind=department');
    expect(reply.body.total).to.equal(4);
    expect(reply.body.services.every((service: { kind: string }) => service.kind === 'department')).to.equal(
      true,
    );
  });

  it('pages through the list with limit and offset', async () => {
    const all = await callApi(app, 'GET', '/services?limit=200');
    const page = await callApi(app, 'GET', '/services?limit=5&offset=5');
    expect(all.body.total).to.equal(50);
    expect(page.body).to.include({ total: 50, limit: 5, offset: 5 });
    expect(ids(page.body.services)).to.deep.equal(ids(all.body.services).slice(5, 10));
  });

  it('refuses a limit above 200 and unknown parameters, naming each', async () => {
    const reply = await callApi(app, 'GET', '/services?limit=500');
    expect(reply.status).to.equal(400);
    expect(reply.contentType).to.equal(problemJson);
    expect(reply.body.errors).to.deep.include({
      field: 'limit',
      code: 'out-of-range',
      message: 'must be 1 to 200',
      limit: 200,
    });
    const typo = await callApi(app, 'GET', '/services?parnet=nhs-highland');
    expect(typo.status).to.equal(400);
    expect(typo.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['parnet']);
  });

  it('shows one service with its ancestors, root first, and its children', async () => {
    const department = await callApi(app, 'GET', '/services/raigmore-emergency-department');
    expect(department.status).to.equal(200);
    expect(department.body).to.deep.equal({
      id: 'raigmore-emergency-department',
      name: 'Emergency Department, Raigmore Hospital',
      kind: 'department',
      parent: 'raigmore-hospital',
      constituency: 'Inverness, Skye and West Ross-shire',
      retired: false,
      ancestors: [
        { id: 'nhs-highland', name: 'NHS Highland', kind: 'board' },
        { id: 'raigmore-hospital', name: 'Raigmore Hospital', kind: 'hospital' },
      ],
      children: [],
    });
    const hospital = await callApi(app, 'GET', '/services/raigmore-hospital');
    expect(hospital.body.children).to.deep.equal([
      {
        id: 'raigmore-emergency-department',
        name: 'Emergency Department, Raigmore Hospital',
        kind: 'department',
        retired: false,
      },
      {
        id: 'raigmore-ward-2c',
        name: 'Ward 2C (Surgery), Raigmore Hospital',
        kind: 'department',
        retired: false,
      },
    ]);
  });

  it('answers 404 problem+json for an unknown service', async () => {
    const reply = await callApi(app, 'GET', '/services/no-such-hospital');
    expect(reply.status).to.equal(404);
    expect(reply.contentType).to.equal(problemJson);
    expect(reply.body).to.include({ status: 404, instance: '/api/v1/services/no-such-hospital' });
  });

  it('refuses a bad tree file, listing each problem, and imports none of it', async () => {
    const tree = {
      services: [
        { id: 'loop-a', name: 'Loop A', kind: 'hospital', parent: 'loop-b' },
        { id: 'loop-b', name: 'Loop B', kind: 'hospital', parent: 'loop-a' },
        { id: 'orphan', name: 'Orphan Ward', kind: 'ward', parent: 'nowhere' },
        { id: 'twice', name: 'Twice', kind: 'team', parent: 'nhs-fife' },
        { id: 'twice', name: 'Twice again', kind: 'team', parent: 'nhs-fife' },
        { id: 'odd-kind', name: 'Odd', kind: 'spaceship', parent: 'nhs-fife' },
        { id: 'fine', name: 'A fine ward', kind: 'ward', parent: 'nhs-fife' },
      ],
    };
    const reply = await callApi(app, 'POST', '/services/import', { body: tree, headers: bearer(admin) });
    expect(reply.status).to.equal(400);
    expect(reply.contentType).to.equal(problemJson);
    expect(reply.body.errors.map((error: { field: string }) => error.field)).to.deep.equal([
      'services.0.parent',
      'services.2.parent',
      'services.4.id',
      'services.5.kind',
    ]);
    expect(reply.body.errors[0].message).to.match(/cycle: loop-a → loop-b → loop-a/);
    expect(reply.body.errors[1].message).to.match(/not a known service/);
    expect(reply.body.errors[2].message).to.match(/repeats services\.3/);
    expect(reply.body.errors[3].message).to.match(/not a known kind/);
    expect((await callApi(app, 'GET', '/services/fine')).status).to.equal(404);
  });

  it('refuses a tree file with missing names and stray fields, naming each', async () => {
    const tree = {
      services: [
        { id: 'nameless', kind: 'ward' },
        { id: 'chatty', name: 'Chatty', kind: 'ward', x: 1 },
      ],
    };
    const reply = await callApi(app, 'POST', '/services/import', { body: tree, headers: bearer(admin) });
    expect(reply.status).to.equal(400);
    expect(reply.body.errors).to.deep.equal([
      { field: 'services.0.name', code: 'required', message: 'is required' },
      { field: 'services.1.x', code: 'not-accepted', message: 'is not an accepted field' },
    ]);
  });

  it('keeps the admin routes from anyone who is not signed in (401)', async () => {
    const attempts = [
      callApi(app, 'POST', '/services', { body: { id: 'new-ward', name: 'New Ward', kind: 'ward' } }),
      callApi(app, 'PATCH', '/services/nhs-fife', { body: { name: 'NHS Fyfe' } }),
      callApi(app, 'POST', '/services/import', { body: scotlandTree() }),
      callApi(app, 'GET', '/services/export'),
    ];
    for (const reply of await Promise.all(attempts)) {
      expect(reply.status).to.equal(401);
      expect(reply.contentType).to.equal(problemJson);
    }
    expect((await callApi(app, 'GET', '/services/nhs-fife')).body.name).to.equal('NHS Fife');
  });

  it('keeps the admin routes from staff, moderators and stakeholders (403)', async () => {
    const accounts = await Promise.all([
      createAccount(app, { role: 'staff', services: ['nhs-fife'] }),
      createAccount(app, { role: 'moderator' }),
      createAccount(app, { role: 'stakeholder', constituency: 'Orkney and Shetland' }),
    ]);
    for (const account of accounts) {
      const headers = bearer(account);
      const attempts = [
        callApi(app, 'POST', '/services', {
          body: { id: 'new-ward', name: 'New Ward', kind: 'ward' },
          headers,
        }),
        callApi(app, 'PATCH', '/services/nhs-fife', { body: { name: 'NHS Fyfe' }, headers }),
        callApi(app, 'POST', '/services/import', { body: scotlandTree(), headers }),
        callApi(app, 'GET', '/services/export', { headers }),
      ];
      for (const reply of await Promise.all(attempts)) expect(reply.status).to.equal(403);
    }
    expect((await callApi(app, 'GET', '/services/nhs-fife')).body.name).to.equal('NHS Fife');
  });

  it('describes every services operation in the OpenAPI document', async () => {
    const reply = await callApi(app, 'GET', '/openapi.json');
    expect(reply.status).to.equal(200);
    expect(Object.keys(reply.body.paths['/services'])).to.have.members(['get', 'post']);
    expect(Object.keys(reply.body.paths['/services/{id}'])).to.have.members(['get', 'patch']);
    expect(reply.body.paths['/services/import'].post.requestBody).to.be.an('object');
    expect(reply.body.paths['/services/export'].get).to.be.an('object');
  });

  it('gives everyone the lean public shape, without the widget settings', async () => {
    const reply = await callApi(app, 'GET', '/services?q=highland&kind=board');
    expect(reply.body.services).to.deep.equal([
      { id: 'nhs-highland', name: 'NHS Highland', kind: 'board', parent: null, retired: false },
    ]);
  });
});

describe('the service tree: what admins change', () => {
  let app: TestApp;
  let admin: TestAccount;

  before(async () => {
    ({ app, admin } = await startWithScotland());
  });

  after(async () => {
    await app.close();
  });

  const patch = (id: string, body: unknown) =>
    callApi(app, 'PATCH', `/services/${id}`, { body, headers: bearer(admin) });

  it('adds a ward below a hospital, which then lists it among its children', async () => {
    const reply = await callApi(app, 'POST', '/services', {
      body: {
        id: 'borders-ward-4',
        name: 'Ward 4, Borders General Hospital',
        kind: 'ward',
        parent: 'borders-general-hospital',
      },
      headers: bearer(admin),
    });
    expect(reply.status).to.equal(201);
    expect(reply.body).to.include({
      id: 'borders-ward-4',
      parent: 'borders-general-hospital',
      retired: false,
    });
    expect(reply.body.ancestors).to.deep.equal(['nhs-borders', 'borders-general-hospital']);
    const hospital = await callApi(app, 'GET', '/services/borders-general-hospital');
    expect(ids(hospital.body.children)).to.deep.equal(['borders-ward-4']);
  });

  it('refuses a second service with a taken id (409)', async () => {
    const reply = await callApi(app, 'POST', '/services', {
      body: { id: 'nhs-fife', name: 'Another Fife', kind: 'board' },
      headers: bearer(admin),
    });
    expect(reply.status).to.equal(409);
    expect(reply.contentType).to.equal(problemJson);
  });

  it('refuses a new service below an unknown parent, naming the field', async () => {
    const reply = await callApi(app, 'POST', '/services', {
      body: { id: 'lost-ward', name: 'Lost Ward', kind: 'ward', parent: 'no-such-hospital' },
      headers: bearer(admin),
    });
    expect(reply.status).to.equal(400);
    expect(reply.body.errors).to.deep.equal([
      { field: 'parent', code: 'unknown-service', message: 'is not a known service' },
    ]);
  });

  it('renames a service: the search finds the new name, not the old one', async () => {
    const reply = await patch('victoria-hospital-kirkcaldy', { name: 'Victoria Infirmary, Kirkcaldy' });
    expect(reply.status).to.equal(200);
    expect(reply.body.name).to.equal('Victoria Infirmary, Kirkcaldy');
    expect(ids((await callApi(app, 'GET', '/services?q=infirmary%20kirkcaldy')).body.services)).to.deep.equal(
      ['victoria-hospital-kirkcaldy'],
    );
    expect((await callApi(app, 'GET', '/services?q=victoria%20hospital')).body.services).to.deep.equal([]);
  });

  it('moves a hospital to another board together with its departments', async () => {
    const reply = await patch('university-hospital-crosshouse', { parent: 'nhs-lanarkshire' });
    expect(reply.status).to.equal(200);
    expect(reply.body.ancestors).to.deep.equal(['nhs-lanarkshire']);
    const department = await callApi(app, 'GET', '/services/crosshouse-emergency-department');
    expect(ids(department.body.ancestors)).to.deep.equal([
      'nhs-lanarkshire',
      'university-hospital-crosshouse',
    ]);
    const organisations = organisationServiceOf(app);
    expect(await organisations.subtreeIds('nhs-lanarkshire')).to.include.members([
      'university-hospital-crosshouse',
      'crosshouse-emergency-department',
    ]);
    expect(await organisations.subtreeIds('nhs-ayrshire-arran')).to.not.include(
      'crosshouse-emergency-department',
    );
  });

  it('refuses to move a service below itself or one of its descendants (409), leaving it where it was', async () => {
    const belowDescendant = await patch('nhs-highland', { parent: 'raigmore-ward-2c' });
    expect(belowDescendant.status).to.equal(409);
    expect(belowDescendant.contentType).to.equal(problemJson);
    expect(belowDescendant.body.errors.map((error: { field: string }) => error.field)).to.deep.equal([
      'parent',
    ]);
    expect((await patch('raigmore-hospital', { parent: 'raigmore-hospital' })).status).to.equal(409);
    expect((await callApi(app, 'GET', '/services/nhs-highland')).body.parent).to.equal(null);
  });

  it('retires a service: listed only with includeRetired, and closed to new stories with all below it', async () => {
    expect((await patch('dumfries-galloway-royal-infirmary', { retired: true })).body.retired).to.equal(true);
    const open = await callApi(app, 'GET', '/services?parent=nhs-dumfries-galloway');
    expect(ids(open.body.services)).to.not.include('dumfries-galloway-royal-infirmary');
    const all = await callApi(app, 'GET', '/services?parent=nhs-dumfries-galloway&includeRetired=true');
    expect(all.body.services).to.deep.include({
      id: 'dumfries-galloway-royal-infirmary',
      name: 'Dumfries and Galloway Royal Infirmary',
      kind: 'hospital',
      parent: 'nhs-dumfries-galloway',
      retired: true,
    });
    const organisations = organisationServiceOf(app);
    let refusal: unknown;
    await organisations
      .assertOpenForStories(['nhs-dumfries-galloway', 'dumfries-galloway-royal-infirmary', 'nowhere'])
      .catch((error: unknown) => (refusal = error));
    expect(refusal).to.deep.include({
      kind: 'invalid',
      errors: [
        { field: 'services.1', code: 'retired-service', message: 'is retired and closed to new stories' },
        { field: 'services.2', code: 'unknown-service', message: 'is not a known service' },
      ],
    });
  });

  it('closes every service below a retired one, and reopens them when it is reopened', async () => {
    // The instance that made the change sees it at once (another sees it within a second).
    const organisations = app.services.organisations;
    await patch('queen-elizabeth-university-hospital', { retired: true });
    const maternity = await callApi(app, 'GET', '/services/qeuh-maternity');
    expect(maternity.body.retired).to.equal(true);
    const refusal = await organisations
      .assertOpenForStories(['qeuh-maternity'])
      .catch((error: unknown) => error);
    expect(refusal).to.have.property('kind', 'invalid');

    await patch('queen-elizabeth-university-hospital', { retired: false });
    expect((await callApi(app, 'GET', '/services/qeuh-maternity')).body.retired).to.equal(false);
    await organisations.assertOpenForStories(['qeuh-maternity']);
  });

  it("sets a board's widget origins and story page, which only admins see in full", async () => {
    const reply = await patch('nhs-grampian', {
      allowedOrigins: ['https://www.nhsgrampian.org', 'http://localhost:3000'],
      storyPageUrl: 'https://www.nhsgrampian.org/stories#careloop-story={id}',
    });
    expect(reply.status).to.equal(200);
    expect(reply.body.allowedOrigins).to.deep.equal(['https://www.nhsgrampian.org', 'http://localhost:3000']);
    const asAdmin = await callApi(app, 'GET', '/services/nhs-grampian', { headers: bearer(admin) });
    expect(asAdmin.body.allowedOrigins).to.deep.equal([
      'https://www.nhsgrampian.org',
      'http://localhost:3000',
    ]);
    const asPublic = await callApi(app, 'GET', '/services/nhs-grampian');
    expect(asPublic.body).to.not.have.property('allowedOrigins');
    expect(asPublic.body.storyPageUrl).to.equal('https://www.nhsgrampian.org/stories#careloop-story={id}');
    const exported = await callApi(app, 'GET', '/services/export', { headers: bearer(admin) });
    expect(
      exported.body.services.find((service: { id: string }) => service.id === 'nhs-grampian'),
    ).to.deep.include({
      allowedOrigins: ['https://www.nhsgrampian.org', 'http://localhost:3000'],
    });
  });

  it('refuses origins with a path or plain http to a public host, and a story page without {id}', async () => {
    const reply = await patch('nhs-tayside', {
      allowedOrigins: [
        'https://www.nhstayside.scot.nhs.uk/stories',
        'http://www.nhstayside.scot.nhs.uk',
        'https://ok.example',
      ],
      storyPageUrl: 'https://www.nhstayside.scot.nhs.uk/stories',
    });
    expect(reply.status).to.equal(400);
    expect(reply.body.errors.map((error: { field: string }) => error.field)).to.deep.equal([
      'allowedOrigins.0',
      'allowedOrigins.1',
      'storyPageUrl',
    ]);
    expect(
      (await callApi(app, 'GET', '/services/nhs-tayside', { headers: bearer(admin) })).body.allowedOrigins,
    ).to.deep.equal([]);
  });

  it('answers 404 problem+json when changing an unknown service', async () => {
    const reply = await patch('no-such-board', { name: 'Nobody' });
    expect(reply.status).to.equal(404);
    expect(reply.contentType).to.equal(problemJson);
  });
});

describe('the service tree: importing over what is there', () => {
  let app: TestApp;
  let admin: TestAccount;

  beforeEach(async () => {
    ({ app, admin } = await startWithScotland());
  });

  afterEach(async () => {
    await app.close();
  });

  const importTree = (tree: unknown, query = '') =>
    callApi(app, 'POST', `/services/import${query}`, { body: tree, headers: bearer(admin) });

  it('upserts the listed services by id and keeps every service the file leaves out', async () => {
    const reply = await importTree({
      services: [
        { id: 'nhs-fife', name: 'NHS Fife Health Board', kind: 'board' },
        {
          id: 'fife-ward-1',
          name: 'Ward 1, Victoria Hospital',
          kind: 'ward',
          parent: 'victoria-hospital-kirkcaldy',
        },
      ],
    });
    expect(reply.body).to.deep.equal({ created: 1, updated: 1, unchanged: 0, retired: 0 });
    expect((await callApi(app, 'GET', '/services/nhs-fife')).body.name).to.equal('NHS Fife Health Board');
    expect((await callApi(app, 'GET', '/services?limit=200')).body.total).to.equal(51);
  });

  it('moves services the file leaves out along with an ancestor the file moves', async () => {
    await importTree({
      services: [
        { id: 'raigmore-hospital', name: 'Raigmore Hospital', kind: 'hospital', parent: 'nhs-grampian' },
      ],
    });
    const ward = await callApi(app, 'GET', '/services/raigmore-ward-2c');
    expect(ids(ward.body.ancestors)).to.deep.equal(['nhs-grampian', 'raigmore-hospital']);
  });

  it('refuses a file that would make a cycle through services already stored', async () => {
    const reply = await importTree({
      services: [{ id: 'nhs-highland', name: 'NHS Highland', kind: 'board', parent: 'raigmore-ward-2c' }],
    });
    expect(reply.status).to.equal(400);
    expect(reply.body.errors).to.have.length(1);
    expect(reply.body.errors[0].field).to.equal('services.0.parent');
    expect((await callApi(app, 'GET', '/services/nhs-highland')).body.parent).to.equal(null);
  });

  it('with retireMissing=true retires the services the file leaves out, deleting none', async () => {
    const tree = scotlandTree();
    tree.services = tree.services.filter((service) => service.id !== 'raigmore-ward-2c');
    const reply = await importTree(tree, '?retireMissing=true');
    expect(reply.body).to.deep.equal({ created: 0, updated: 0, unchanged: 49, retired: 1 });
    expect((await callApi(app, 'GET', '/services/raigmore-ward-2c')).body.retired).to.equal(true);
  });
});
