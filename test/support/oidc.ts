import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { ProviderContext } from 'oidc-provider';
import type { OidcConfig, OidcProviderConfig } from '../../server/platform/config.js';
import {
  startIdentityProvider,
  type ProviderPerson,
  type RunningIdentityProvider,
} from '../../server/demo/identity-provider.js';

export const testClient = { clientId: 'careloop', clientSecret: 'test-client-secret-0123456789' };

/** What a test does to the provider's id_token before careloop gets it (re-signed with the real key). */
export type IdTokenTamper = (payload: Record<string, unknown>) => Record<string, unknown>;

export interface TestIdentityProvider extends RunningIdentityProvider {
  people: Map<string, ProviderPerson>;
  /** Set to make the provider's next id_tokens carry other claims, validly signed: an attacker's token. */
  tamper: IdTokenTamper | undefined;
}

/**
 * A real `oidc-provider` on loopback with the given people. It signs with a key this module holds, so
 * a test can have it hand out a token whose signature is good but whose claims are wrong (another
 * audience, expired): exactly what careloop's checks must catch.
 */
export async function startTestIdentityProvider(people: ProviderPerson[]): Promise<TestIdentityProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'careloop-test-key';
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const byLogin = new Map(people.map((person) => [person.login, person]));
  const controls: { tamper?: IdTokenTamper } = {};
  const tamperTokens = async (ctx: ProviderContext, next: () => Promise<void>) => {
    await next();
    const body = (ctx as unknown as { body: unknown }).body as { id_token?: unknown } | undefined;
    if (ctx.path !== '/token' || !controls.tamper || typeof body?.id_token !== 'string') return;
    body.id_token = resign(body.id_token, controls.tamper, privateKey, kid);
  };
  const provider = await startIdentityProvider({
    people: byLogin,
    jwks: { keys: [jwk] },
    middleware: [tamperTokens],
  });
  return {
    ...provider,
    people: byLogin,
    get tamper() {
      return controls.tamper;
    },
    set tamper(tamper) {
      controls.tamper = tamper;
    },
  };
}

function resign(token: string, tamper: IdTokenTamper, key: KeyObject, kid: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid })).toString('base64url');
  const body = Buffer.from(JSON.stringify(tamper(payload))).toString('base64url');
  const signature = sign('sha256', Buffer.from(`${header}.${body}`), key).toString('base64url');
  return `${header}.${body}.${signature}`;
}

/** careloop's configuration for the test provider. */
export function testOidcConfig(
  issuer: string,
  provider: Partial<OidcProviderConfig> = {},
  rest: Partial<OidcConfig> = {},
): OidcConfig {
  return {
    providers: [
      {
        id: 'test',
        name: 'Test NHS login',
        issuer,
        ...testClient,
        emailDomains: ['nhs.scot'],
        rolesClaim: 'groups',
        roleMap: {
          'careloop-moderators': { role: 'moderator', services: [] },
          'highland-staff': { role: 'staff', services: ['raigmore-hospital'] },
        },
        ...provider,
      },
    ],
    localPasswords: true,
    requiredRoles: [],
    ...rest,
  };
}

/**
 * A person at the provider, driven over plain HTTP: follows `startUrl` (careloop's start link) to the
 * provider, fills in its login form, and answers the URL the provider sends the browser back to
 * (careloop's callback, not yet opened), so a test can open it, or open it twice.
 */
export async function signInAtProvider(startUrl: string, login: string): Promise<string> {
  const cookies = new Map<string, string>();
  let url = startUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.includes('/auth/oidc/') && url.includes('/callback')) return url;
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(cookies.size
          ? { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
          : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form?.toString(),
    });
    form = undefined;
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action) {
      throw new Error(`the provider answered ${response.status} at ${url}: ${html.slice(0, 300)}`);
    }
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    form = new URLSearchParams({ prompt: 'login', login, password: 'any password' });
  }
  throw new Error(`signing in at the provider did not come back to careloop (last at ${url})`);
}
