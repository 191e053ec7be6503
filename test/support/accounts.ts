import { randomBytes } from 'node:crypto';
import type { Role } from '../../server/models/roles.js';
import { hashPassword } from '../../server/auth/passwords.js';
import type { Models } from '../../server/models/index.js';
import type { TestApp } from './app.js';

export interface TestAccountOptions {
  role: Role;
  /** Staff and stakeholders: ids of services (they are not checked: insert the organisations first). */
  services?: string[];
  constituency?: string;
  name?: string;
  jobTitle?: string;
  /** Defaults to a fresh `<role>-<random>@example.org`. */
  email?: string;
  /**
   * Staff and stakeholders: a new responder, whose first responses wait for a moderator (the product's
   * default). Without it they are established responders, as in a deployment that has been answering
   * stories, so a test about something else gets its response published at once.
   */
  newResponder?: boolean;
}

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  /** A live session token: send `Authorization: Bearer <token>`. */
  token: string;
}

/** Every test account shares one password, hashed once per run (scrypt is deliberately slow). */
export const testAccountPassword = 'correct horse battery staple';
let testPasswordHash: Promise<string> | undefined;

/**
 * Creates an account straight through the model (with a real scrypt hash) and signs it in through the
 * real `POST /api/v1/sessions`, so the token is exactly what a client would hold.
 */
export async function createAccount(app: TestApp, options: TestAccountOptions): Promise<TestAccount> {
  testPasswordHash ??= hashPassword(testAccountPassword);
  const email = options.email ?? `${options.role}-${randomBytes(6).toString('hex')}@example.org`;
  const users = app.connection.model('User') as Models['users'];
  const created = await users.create({
    email,
    passwordHash: await testPasswordHash,
    name: options.name ?? `Test ${options.role}`,
    ...(options.jobTitle ? { jobTitle: options.jobTitle } : {}),
    role: options.role,
    services: options.services ?? [],
    ...(options.constituency ? { constituency: options.constituency } : {}),
    ...(options.newResponder ? {} : { responderModeration: 'off' }),
  });
  const { token } = await signIn(app, email, testAccountPassword);
  return { id: created.id as string, email, password: testAccountPassword, token };
}

/** `POST /api/v1/sessions`; throws unless it answers 201. */
export async function signIn(app: TestApp, email: string, password: string): Promise<{ token: string }> {
  const response = await fetch(`${app.baseUrl}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 201) {
    throw new Error(`signing in ${email} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as { token: string };
}
