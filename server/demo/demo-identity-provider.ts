import { randomBytes } from 'node:crypto';
import type { OidcProviderConfig } from '../platform/config.js';
import {
  startIdentityProvider,
  type ProviderPerson,
  type RunningIdentityProvider,
} from './identity-provider.js';
import { demoBoard } from './seed.js';

/** Who a newcomer can be at the demo's provider: type the login, any password. */
export const demoProviderPeople: ProviderPerson[] = [
  {
    login: 'moderator',
    email: 'oidc-moderator@demo.careloop.test',
    name: 'Mhairi Grant',
    jobTitle: 'Volunteer moderator',
    groups: ['careloop-moderators'],
  },
  {
    login: 'highland-staff',
    email: 'oidc-staff@demo.careloop.test',
    name: 'Dr Calum Fraser',
    jobTitle: 'Consultant, Raigmore Hospital',
    groups: ['nhs-highland-staff'],
  },
];

/** The port the demo's provider tries first, then the next few, then any free one. */
const preferredPort = 3001;

/**
 * `npm start` on the embedded store: a real OpenID provider on loopback (oidc-provider), and careloop
 * configured to use it, so "Sign in with Demo NHS login" works on a newcomer's machine. Imported by
 * main.ts only in demo mode: production never loads oidc-provider.
 */
export async function startDemoIdentityProvider(
  publicUrl: string,
): Promise<{ config: OidcProviderConfig; running: RunningIdentityProvider; people: ProviderPerson[] }> {
  const people = new Map(demoProviderPeople.map((person) => [person.login, person]));
  let running: RunningIdentityProvider | undefined;
  for (let port = preferredPort; !running && port <= preferredPort + 10; port++) {
    running = await startIdentityProvider({ port, people }).catch(() => undefined);
  }
  running ??= await startIdentityProvider({ port: 0, people });
  const client = { clientId: 'careloop-demo', clientSecret: randomBytes(24).toString('base64url') };
  running.register({ ...client, redirectUris: [`${publicUrl}/auth/oidc/demo/callback`] });
  return {
    running,
    people: demoProviderPeople,
    config: {
      id: 'demo',
      name: 'Demo NHS login',
      issuer: running.issuer,
      ...client,
      emailDomains: ['demo.careloop.test'],
      rolesClaim: 'groups',
      roleMap: {
        'careloop-moderators': { role: 'moderator', services: [] },
        'nhs-highland-staff': { role: 'staff', services: [demoBoard] },
      },
    },
  };
}
