import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { silentLogger } from '../../../server/platform/log.js';
import { createModels } from '../../../server/models/index.js';
import { AccountService } from '../../../server/services/accounts.js';
import { createAccount, type TestAccount } from '../../support/accounts.js';
import { callApi, type ApiAnswer } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { loadScotlandServices } from '../../support/stories.js';

const board = 'nhs-highland';
const hospital = 'raigmore-hospital';

describe('users: admins manage accounts', () => {
  let app: TestApp;
  let admin: TestAccount;
  /** Every answer of this file, to check none of them ever carries a password hash. */
  const answers: ApiAnswer[] = [];
  const call = async (...args: Parameters<typeof callApi>) => {
    const answer = await callApi(...args);
    answers.push(answer);
    return answer;
  };
  let sequence = 0;
  const newStaff = (overrides: Record<string, unknown> = {}) => ({
    email: `staff-${(sequence += 1)}@example.org`,
    password: 'a long enough password',
    name: 'Fiona Mackay',
    jobTitle: 'Ward manager',
    role: 'staff',
    services: [hospital],
    ...overrides,
  });

  before(async () => {
    app = await startTestApp();
    await loadScotlandServices(app);
    admin = await createAccount(app, { role: 'admin', name: 'Ada Admin' });
  });
  after(() => app.close());

  it('creates a staff account that can then sign in', async () => {
    const body = newStaff({ email: 'Fiona.Mackay@Example.org' });
    const created = await call(app, 'POST', '/users', { as: admin, body });
    expect(created.status).to.equal(201);
    expect(created.body).to.include({
      email: 'fiona.mackay@example.org',
      name: 'Fiona Mackay',
      jobTitle: 'Ward manager',
      role: 'staff',
      disabled: false,
    });
    expect(created.body.services).to.deep.equal([hospital]);
    expect(created.headers.get('location')).to.equal(`/api/v1/users/${created.body.id}`);
    const signedIn = await call(app, 'POST', '/sessions', {
      body: { email: 'fiona.mackay@example.org', password: body.password },
    });
    expect(signedIn.status).to.equal(201);
    expect(signedIn.body.user.id).to.equal(created.body.id);
  });

  it('creates a stakeholder acting for a constituency', async () => {
    const created = await call(app, 'POST', '/users', {
      as: admin,
      body: {
        email: 'mp.office@example.org',
        password: 'a long enough password',
        name: 'Office of the MP',
        role: 'stakeholder',
        constituency: 'Inverness, Skye and West Ross-shire',
      },
    });
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ constituency: 'Inverness, Skye and West Ross-shire' });
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    await call(app, 'POST', '/users', { as: admin, body: newStaff({ email: 'twice@example.org' }) });
    const again = await call(app, 'POST', '/users', {
      as: admin,
      body: newStaff({ email: 'TWICE@example.org' }),
    });
    expect(again.status).to.equal(409);
    expect(again.body.errors).to.deep.equal([
      { field: 'email', code: 'taken', message: 'is already used by another account' },
    ]);
  });

  it('refuses staff without a service, naming the field', async () => {
    const answer = await call(app, 'POST', '/users', { as: admin, body: newStaff({ services: [] }) });
    expect(answer.status).to.equal(400);
    expect(answer.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['services']);
  });

  it('refuses a stakeholder with neither a constituency nor a service', async () => {
    const answer = await call(app, 'POST', '/users', {
      as: admin,
      body: newStaff({ role: 'stakeholder', services: undefined }),
    });
    expect(answer.status).to.equal(400);
    expect(answer.body.errors[0].field).to.equal('constituency');
  });

  it('refuses services that do not exist, naming each', async () => {
    const answer = await call(app, 'POST', '/users', {
      as: admin,
      body: newStaff({ services: [board, 'no-such-ward'] }),
    });
    expect(answer.status).to.equal(400);
    expect(answer.body.errors).to.deep.equal([
      { field: 'services.1', code: 'unknown-service', message: 'is not a known service' },
    ]);
  });

  it('refuses a password shorter than 12 characters', async () => {
    const answer = await call(app, 'POST', '/users', {
      as: admin,
      body: newStaff({ password: 'short pass' }),
    });
    expect(answer.status).to.equal(400);
    expect(answer.body.errors[0].field).to.equal('password');
  });

  it('refuses an unknown role and unknown fields', async () => {
    const answer = await call(app, 'POST', '/users', {
      as: admin,
      body: newStaff({ role: 'superuser', isAdmin: true }),
    });
    expect(answer.status).to.equal(400);
    const fields = answer.body.errors.map((error: { field: string }) => error.field);
    expect(fields).to.include.members(['role', 'isAdmin']);
  });

  it('lists accounts filtered by role and by service', async () => {
    await call(app, 'POST', '/users', { as: admin, body: newStaff({ services: [board] }) });
    const staff = await call(app, 'GET', '/users?role=staff', { as: admin });
    expect(staff.status).to.equal(200);
    expect(staff.body.users).to.have.length.greaterThan(0);
    expect(staff.body.users.every((user: { role: string }) => user.role === 'staff')).to.equal(true);
    const forBoard = await call(app, 'GET', `/users?service=${board}`, { as: admin });
    expect(forBoard.body.users).to.have.length.greaterThan(0);
    expect(
      forBoard.body.users.every((user: { services: string[] }) => user.services.includes(board)),
    ).to.equal(true);
  });

  it('shows one account by id, and 404 for an unknown or malformed id', async () => {
    const created = await call(app, 'POST', '/users', { as: admin, body: newStaff() });
    const shown = await call(app, 'GET', `/users/${created.body.id}`, { as: admin });
    expect(shown.status).to.equal(200);
    expect(shown.body).to.deep.equal(created.body);
    expect((await call(app, 'GET', '/users/0123456789abcdef01234567', { as: admin })).status).to.equal(404);
    expect((await call(app, 'GET', '/users/not-an-id', { as: admin })).status).to.equal(404);
  });

  it('answers a malformed account id with 404 problem+json, before looking at the body', async () => {
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: '' }],
    ] as const) {
      const answer = await call(app, method, '/users/0123456789ABCDEF0123456z', { as: admin, body });
      expect(answer.status, answer.text).to.equal(404);
      expect(answer.contentType).to.match(/^application\/problem\+json/);
      expect(answer.body).to.include({ status: 404 });
    }
  });

  it('documents the admin-only account routes with their 401 and 403 answers and the id they take', async () => {
    const { body } = await call(app, 'GET', '/openapi.json');
    const operation = body.paths['/users/{id}'].get;
    expect(Object.keys(operation.responses)).to.include.members(['200', '401', '403', '404']);
    expect(operation.responses['401'].content).to.have.key('application/problem+json');
    const id = operation.parameters.find((parameter: { name: string }) => parameter.name === 'id');
    expect(id).to.include({ in: 'path', required: true });
    expect(id.schema).to.include({ type: 'string', pattern: '^[0-9a-f]{24}$' });
    const signedInOnly = body.paths['/sessions/current'].get.responses;
    expect(Object.keys(signedInOnly)).to.include('401');
    // Any account may: the only 403 is the one every operation gives a partner's API key.
    expect(signedInOnly['403'].description).to.equal(
      "Refused to a partner's API key, which only reads stories.",
    );
  });

  it('changes the name and job title the public will see, and clears the job title with null', async () => {
    const created = await call(app, 'POST', '/users', { as: admin, body: newStaff() });
    const renamed = await call(app, 'PATCH', `/users/${created.body.id}`, {
      as: admin,
      body: { name: 'Dr Fiona Mackay', jobTitle: null },
    });
    expect(renamed.status).to.equal(200);
    expect(renamed.body.name).to.equal('Dr Fiona Mackay');
    expect(renamed.body).to.not.have.property('jobTitle');
  });

  it('drops the services of an account that becomes a moderator', async () => {
    const created = await call(app, 'POST', '/users', { as: admin, body: newStaff() });
    const changed = await call(app, 'PATCH', `/users/${created.body.id}`, {
      as: admin,
      body: { role: 'moderator' },
    });
    expect(changed.status).to.equal(200);
    expect(changed.body).to.include({ role: 'moderator' });
    expect(changed.body.services).to.deep.equal([]);
  });

  it('refuses to leave staff without a service', async () => {
    const created = await call(app, 'POST', '/users', { as: admin, body: newStaff() });
    const changed = await call(app, 'PATCH', `/users/${created.body.id}`, {
      as: admin,
      body: { services: [] },
    });
    expect(changed.status).to.equal(400);
    expect(changed.body.errors[0].field).to.equal('services');
  });

  it('disabling an account ends its sessions at once and stops it signing in', async () => {
    const staff = await createAccount(app, { role: 'staff', services: [hospital] });
    const disabled = await call(app, 'PATCH', `/users/${staff.id}`, { as: admin, body: { disabled: true } });
    expect(disabled.status).to.equal(200);
    expect(disabled.body.disabled).to.equal(true);
    expect((await call(app, 'GET', '/sessions/current', { as: staff })).status).to.equal(401);
    const signIn = await call(app, 'POST', '/sessions', {
      body: { email: staff.email, password: staff.password },
    });
    expect(signIn.status).to.equal(401);
  });

  it('enabling a disabled account lets it sign in again', async () => {
    const staff = await createAccount(app, { role: 'staff', services: [hospital] });
    await call(app, 'PATCH', `/users/${staff.id}`, { as: admin, body: { disabled: true } });
    await call(app, 'PATCH', `/users/${staff.id}`, { as: admin, body: { disabled: false } });
    const signIn = await call(app, 'POST', '/sessions', {
      body: { email: staff.email, password: staff.password },
    });
    expect(signIn.status).to.equal(201);
  });

  it('setting a new password ends the old sessions; the new password works', async () => {
    const staff = await createAccount(app, { role: 'staff', services: [hospital] });
    const newPassword = 'a brand new long password';
    await call(app, 'PATCH', `/users/${staff.id}`, { as: admin, body: { password: newPassword } });
    expect((await call(app, 'GET', '/sessions/current', { as: staff })).status).to.equal(401);
    const signIn = await call(app, 'POST', '/sessions', {
      body: { email: staff.email, password: newPassword },
    });
    expect(signIn.status).to.equal(201);
  });

  it('does not let an admin disable themselves', async () => {
    const answer = await call(app, 'PATCH', `/users/${admin.id}`, { as: admin, body: { disabled: true } });
    expect(answer.status).to.equal(400);
    expect(answer.body.errors[0].field).to.equal('disabled');
    expect((await call(app, 'GET', '/sessions/current', { as: admin })).status).to.equal(200);
  });

  it('lets an admin change their own password and stay signed in', async () => {
    const otherAdmin = await createAccount(app, { role: 'admin' });
    const answer = await call(app, 'PATCH', `/users/${otherAdmin.id}`, {
      as: otherAdmin,
      body: { password: 'my new long admin password' },
    });
    expect(answer.status).to.equal(200);
    expect((await call(app, 'GET', '/sessions/current', { as: otherAdmin })).status).to.equal(200);
  });

  describe('only admins', () => {
    const nonAdmins = ['moderator', 'staff', 'stakeholder'] as const;
    const operations = [
      ['POST', '/users'],
      ['GET', '/users'],
      ['GET', '/users/0123456789abcdef01234567'],
      ['PATCH', '/users/0123456789abcdef01234567'],
    ] as const;
    const accounts = new Map<string, TestAccount>();
    before(async () => {
      for (const role of nonAdmins) {
        accounts.set(role, await createAccount(app, { role, services: [hospital], constituency: undefined }));
      }
    });

    for (const [method, path] of operations) {
      for (const role of nonAdmins) {
        it(`refuses ${method} ${path} to a ${role} (403)`, async () => {
          const body = method === 'GET' ? undefined : method === 'POST' ? newStaff() : { name: 'New name' };
          const answer = await call(app, method, path, { as: accounts.get(role), body });
          expect(answer.status).to.equal(403);
        });
      }
      it(`asks an anonymous caller of ${method} ${path} to sign in (401)`, async () => {
        const body = method === 'GET' ? undefined : method === 'POST' ? newStaff() : { name: 'New name' };
        expect((await call(app, method, path, { body })).status).to.equal(401);
      });
    }
  });

  it('never answers a password hash, in any answer', () => {
    expect(answers.length).to.be.greaterThan(20);
    for (const answer of answers) {
      expect(answer.text).to.not.include('passwordHash');
      expect(answer.text).to.not.include('scrypt$');
    }
  });
});

describe('users: the start-up admin (CARELOOP_ADMIN_EMAIL)', () => {
  let app: TestApp;
  let connection: Connection;
  let accounts: AccountService;
  before(async () => {
    app = await startTestApp();
    connection = await mongoose.createConnection(app.store.uri).asPromise();
    accounts = new AccountService({
      config: app.config,
      logger: silentLogger(),
      models: createModels(connection),
    });
  });
  after(async () => {
    await connection.close();
    await app.close();
  });

  const signIn = (email: string, password: string) =>
    callApi(app, 'POST', '/sessions', { body: { email, password } });

  it('creates the admin when it does not exist', async () => {
    await accounts.ensureAdmin('root@example.org', 'first admin password');
    const answer = await signIn('root@example.org', 'first admin password');
    expect(answer.status).to.equal(201);
    expect(answer.body.user.role).to.equal('admin');
  });

  it('leaves the admin and its sessions alone when nothing changed', async () => {
    const session = await signIn('root@example.org', 'first admin password');
    await accounts.ensureAdmin('root@example.org', 'first admin password');
    expect((await callApi(app, 'GET', '/sessions/current', { as: session.body.token })).status).to.equal(200);
  });

  it('resets the password when it changed, and the old one stops working', async () => {
    await accounts.ensureAdmin('root@example.org', 'second admin password');
    expect((await signIn('root@example.org', 'first admin password')).status).to.equal(401);
    expect((await signIn('root@example.org', 'second admin password')).status).to.equal(201);
  });

  it('enables a disabled admin again', async () => {
    await connection
      .model('User')
      .updateOne({ email: 'root@example.org' }, { $set: { disabledAt: new Date() } });
    await accounts.ensureAdmin('root@example.org', 'second admin password');
    expect((await signIn('root@example.org', 'second admin password')).status).to.equal(201);
  });
});
