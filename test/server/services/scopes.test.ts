import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import type { SignedInUser } from '../../../server/auth/principal.js';
import { silentLogger } from '../../../server/platform/log.js';
import { createModels } from '../../../server/models/index.js';
import { OrganisationService } from '../../../server/services/organisations.js';
import { ScopeService } from '../../../server/services/scopes.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { loadScotlandServices } from '../../support/stories.js';

/** Accounts as the rest of careloop sees them once signed in. */
const account = (overrides: Partial<SignedInUser> & Pick<SignedInUser, 'role'>): SignedInUser => ({
  id: '0123456789abcdef01234567',
  name: 'Test account',
  services: [],
  ...overrides,
});

describe('scopes: which stories an account acts for (the Scotland tree)', () => {
  let app: TestApp;
  let connection: Connection;
  let scopes: ScopeService;

  before(async () => {
    app = await startTestApp();
    await loadScotlandServices(app);
    connection = await mongoose.createConnection(app.store.uri).asPromise();
    const deps = { config: app.config, logger: silentLogger(), models: createModels(connection) };
    const organisations = new OrganisationService(deps);
    // A ward with no constituency of its own, below a hospital that has one.
    await organisations.create({
      id: 'ayr-ward-4',
      name: 'Ward 4',
      kind: 'ward',
      parent: 'university-hospital-ayr',
    });
    scopes = new ScopeService({ ...deps, organisations });
  });
  after(async () => {
    await connection.close();
    await app.close();
  });

  const highlandStaff = account({ role: 'staff', services: ['nhs-highland'] });
  const ayrMp = account({ role: 'stakeholder', constituency: 'Ayr, Carrick and Cumnock' });

  it('staff of a board cover a ward two levels below it', async () => {
    expect(await scopes.covers(highlandStaff, ['raigmore-ward-2c'])).to.equal(true);
  });

  it('staff of a board do not cover a service of another board', async () => {
    expect(await scopes.covers(highlandStaff, ['crosshouse-emergency-department'])).to.equal(false);
  });

  it('staff cover a story about several services when one of them is theirs', async () => {
    expect(await scopes.covers(highlandStaff, ['borders-general-hospital', 'raigmore-hospital'])).to.equal(
      true,
    );
  });

  it('staff of a hospital do not cover the board above it', async () => {
    const wardStaff = account({ role: 'staff', services: ['raigmore-hospital'] });
    expect(await scopes.covers(wardStaff, ['nhs-highland'])).to.equal(false);
  });

  it('a stakeholder with a constituency covers a hospital in it', async () => {
    expect(await scopes.covers(ayrMp, ['university-hospital-ayr'])).to.equal(true);
  });

  it('a stakeholder with a constituency covers a ward of a hospital in it', async () => {
    expect(await scopes.covers(ayrMp, ['ayr-ward-4'])).to.equal(true);
  });

  it('a stakeholder with a constituency does not cover a hospital elsewhere', async () => {
    expect(await scopes.covers(ayrMp, ['raigmore-hospital'])).to.equal(false);
    expect(await scopes.covers(ayrMp, ['crosshouse-emergency-department'])).to.equal(false);
  });

  it('a stakeholder acting for services covers their subtrees', async () => {
    const boardLiaison = account({ role: 'stakeholder', services: ['nhs-ayrshire-arran'] });
    expect(await scopes.covers(boardLiaison, ['crosshouse-emergency-department'])).to.equal(true);
  });

  it('a constituency on a staff account widens nothing', async () => {
    const staff = account({
      role: 'staff',
      services: ['nhs-borders'],
      constituency: 'Ayr, Carrick and Cumnock',
    });
    expect(await scopes.covers(staff, ['university-hospital-ayr'])).to.equal(false);
  });

  it('moderators and admins cover every story', async () => {
    expect(await scopes.covers(account({ role: 'moderator' }), ['raigmore-ward-2c'])).to.equal(true);
    expect(await scopes.covers(account({ role: 'admin' }), ['university-hospital-ayr'])).to.equal(true);
  });

  it('lists every service a board’s staff cover', async () => {
    const ids = await scopes.scopeServiceIds(highlandStaff);
    expect(ids).to.include.members(['nhs-highland', 'raigmore-hospital', 'raigmore-ward-2c']);
    expect(ids).to.not.include('university-hospital-ayr');
  });

  it('lists the services in a stakeholder’s constituency and below them', async () => {
    const ids = await scopes.scopeServiceIds(ayrMp);
    expect(ids).to.have.members(['university-hospital-ayr', 'ayr-ward-4']);
  });

  it('lists everything as "all" for moderators', async () => {
    expect(await scopes.scopeServiceIds(account({ role: 'moderator' }))).to.equal('all');
  });
});
