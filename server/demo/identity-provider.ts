import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Provider, { type ProviderContext, type ProviderMiddleware } from 'oidc-provider';

/** A person who can sign in at the provider: the login is what they type (any password is taken). */
export interface ProviderPerson {
  login: string;
  email: string;
  name: string;
  jobTitle?: string;
  /** The `groups` claim: careloop maps these to roles (CARELOOP_OIDC_<ID>_ROLE_MAP). */
  groups: string[];
}

export interface ProviderClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface IdentityProviderOptions {
  /** 0: any free port. */
  port?: number;
  /** Looked up at every sign-in, so a test can move someone out of a group between two. */
  people: Map<string, ProviderPerson>;
  /** Keys it signs with (a private JWK set); generated when not given. */
  jwks?: { keys: object[] };
  /** Koa middleware run by the provider (tests use one to tamper with its answers). */
  middleware?: ProviderMiddleware[];
}

export interface RunningIdentityProvider {
  issuer: string;
  /**
   * Registers a client (careloop). Clients are fixed when the first request arrives, so a test can
   * start the provider, then careloop with its issuer, then register careloop's callback URL.
   */
  register(client: ProviderClient): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (`oidc-provider`) on loopback, for the demo (`npm start`) and the tests: the
 * authorization-code flow with PKCE, its own development login form (any login it knows, any password),
 * and `email`, `profile` and `groups` claims in the id_token, as an NHS board's Entra ID or Keycloak
 * would send. Never part of a production deployment: main.ts imports it only in demo mode.
 */
export async function startIdentityProvider(
  options: IdentityProviderOptions,
): Promise<RunningIdentityProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://localhost:${port}`;
  const clients: ProviderClient[] = [];
  let handle: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle ??= buildProvider(issuer, clients, options).callback();
    handle(request, response);
  });
  return {
    issuer,
    register(client) {
      if (handle) throw new Error('register clients before the provider serves its first request');
      clients.push(client);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function buildProvider(
  issuer: string,
  clients: ProviderClient[],
  options: IdentityProviderOptions,
): Provider {
  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    ...(options.jwks ? { jwks: options.jwks } : {}),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'job_title'],
      groups: ['groups'],
    },
    // The requested claims go in the id_token itself, which is all careloop reads.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // Short lives: a demo or test sign-in takes seconds.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true } },
    // Set, so oidc-provider prints no notice about its defaults to stdout (main's stdout is JSON logs).
    clientBasedCORS: () => false,
    renderError: (ctx: { type: string; body: string }, out: Record<string, unknown>) => {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `The demo identity provider refused: ${String(out.error)} ${String(out.error_description ?? '')}`;
    },
    findAccount: (_ctx: unknown, login: string) => {
      const person = options.people.get(login);
      if (!person) return undefined;
      return {
        accountId: login,
        claims: () => ({
          sub: login,
          email: person.email,
          email_verified: true,
          name: person.name,
          ...(person.jobTitle ? { job_title: person.jobTitle } : {}),
          groups: [...person.groups],
        }),
      };
    },
    // A first-party client: no consent screen, every requested scope granted.
    loadExistingGrant: async (ctx: ProviderContext) => {
      const { client, session, params } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(typeof params?.scope === 'string' ? params.scope : 'openid');
      await grant.save();
      return grant;
    },
  });
  for (const middleware of options.middleware ?? []) provider.use(middleware);
  return provider;
}
