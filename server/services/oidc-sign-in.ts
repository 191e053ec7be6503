import * as client from 'openid-client';
import { isLoopbackHost, type OidcGrant, type OidcProviderConfig } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';
import type { Role } from '../models/roles.js';
import type { UserRecord } from '../mappers/user.js';
import { hashToken } from '../auth/tokens.js';
import { isDuplicateKey } from '../models/duplicate-key.js';
import type { ServiceDeps } from './service-deps.js';
import type { AccountService, SignedIn } from './accounts.js';
import type { OrganisationService } from './organisations.js';
import { ensureDefaultSubscriptions } from './subscriptions.js';
import { normaliseEmail } from './accounts.js';

/** How long a person has at their provider between "Sign in with …" and coming back. */
export const oidcAttemptLifetimeMs = 10 * 60 * 1000;

/** Where the session goes once the provider has said who this is. */
export type Handoff =
  /** A popup opened by the widget: its opener, on this board origin only, gets the token by postMessage. */
  | { mode: 'popup'; origin: string }
  /** A full-page sign-in (the standalone admin page): back to this path here, token in the fragment. */
  | { mode: 'redirect'; returnPath: string };

/** Why a sign-in was refused, as the error page, the problem and the log name it (never who it was). */
export type RefusalReason =
  | 'unknown-provider'
  | 'origin-not-allowed'
  | 'bad-state'
  | 'provider-unavailable'
  | 'provider-refused'
  | 'token-invalid'
  | 'email-missing'
  | 'email-domain-not-allowed'
  | 'no-role'
  | 'account-disabled'
  | 'account-conflict';

/**
 * A sign-in with an identity provider that did not go through. Services know no HTTP: the route
 * chooses the status and renders the page from `reason`; `detail` is for the person and names nobody.
 */
export class SignInRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'SignInRefusal';
  }
}

/** The order in which a person in several groups gets a role: the one that can do most. */
const rolePrecedence: Role[] = ['admin', 'moderator', 'staff', 'stakeholder'];

interface Claims {
  iss: string;
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
  job_title?: unknown;
  jobTitle?: unknown;
  [claim: string]: unknown;
}

/**
 * Staff sign-in with OpenID Connect (authorization code, PKCE S256, state and nonce), through
 * `openid-client`, which checks the id_token's signature (JWKS), issuer, audience, expiry and nonce.
 * The attempt between start and callback is kept in the store, used once. Accounts are provisioned from
 * the claims, and their role and services follow the claims at every sign-in.
 */
export class OidcSignIn {
  private readonly providers: Map<string, OidcProviderConfig>;
  private readonly discovered = new Map<string, Promise<client.Configuration>>();
  private readonly models: Models;
  private readonly logger: Logger;
  private readonly publicUrl: string;
  private readonly accounts: AccountService;
  private readonly organisations: Pick<OrganisationService, 'allowingOrigins'>;

  constructor(
    deps: ServiceDeps & {
      accounts: AccountService;
      organisations: Pick<OrganisationService, 'allowingOrigins'>;
    },
  ) {
    this.providers = new Map(deps.config.oidc.providers.map((provider) => [provider.id, provider]));
    this.models = deps.models;
    this.logger = deps.logger;
    this.publicUrl = deps.config.publicUrl;
    this.accounts = deps.accounts;
    this.organisations = deps.organisations;
  }

  /** The providers a sign-in view offers, in configuration order. */
  list(): Array<{ id: string; name: string }> {
    return [...this.providers.values()].map(({ id, name }) => ({ id, name }));
  }

  /** Where the provider sends the person back to (registered at the provider as a redirect URI). */
  callbackUrl(providerId: string): string {
    return `${this.publicUrl}/auth/oidc/${encodeURIComponent(providerId)}/callback`;
  }

  /** Starts a sign-in: remembers the attempt and answers the provider's authorization URL. */
  async begin(providerId: string, handoff: Handoff): Promise<URL> {
    const provider = this.provider(providerId);
    if (handoff.mode === 'popup') await this.assertOriginAllowed(handoff.origin);
    const config = await this.configuration(provider);
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    await this.models.oidcAttempts.create({
      stateHash: hashToken(state),
      provider: provider.id,
      nonce,
      codeVerifier,
      ...handoff,
      expiresAt: new Date(Date.now() + oidcAttemptLifetimeMs),
    });
    return client.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl(provider.id),
      scope: `openid email profile ${provider.rolesClaim}`,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * The provider's callback: takes the attempt (once), has openid-client redeem the code and check the
   * id_token, then provisions or updates the account from the claims and opens a session.
   */
  async complete(
    providerId: string,
    query: URLSearchParams,
  ): Promise<{ signedIn: SignedIn; handoff: Handoff }> {
    const provider = this.provider(providerId);
    const state = query.get('state');
    const attempt = state
      ? await this.models.oidcAttempts
          .findOneAndDelete({
            stateHash: hashToken(state),
            provider: provider.id,
            expiresAt: { $gt: new Date() },
          })
          .lean()
      : null;
    if (!attempt) {
      throw new SignInRefusal(
        'bad-state',
        'This sign-in link has been used already, has expired or was not started here. Start again from “Sign in with …”.',
      );
    }
    const handoff: Handoff =
      attempt.mode === 'popup'
        ? { mode: 'popup', origin: attempt.origin ?? '' }
        : { mode: 'redirect', returnPath: attempt.returnPath ?? '/' };
    if (query.has('error')) {
      throw new SignInRefusal('provider-refused', `${provider.name} did not sign you in. Try again.`);
    }
    const config = await this.configuration(provider);
    const currentUrl = new URL(`${this.callbackUrl(provider.id)}?${query.toString()}`);
    let claims: Claims;
    try {
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: attempt.codeVerifier,
        expectedState: state!,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims() as Claims;
    } catch (error) {
      // The library's message says which check failed (e.g. the audience); it holds no token.
      this.logger.warn(
        {
          provider: provider.id,
          check: error instanceof Error ? error.message : String(error),
          claim: claimOf(error),
        },
        'oidc sign-in: the provider’s answer did not pass the checks',
      );
      throw new SignInRefusal(
        'token-invalid',
        `The answer from ${provider.name} could not be trusted, so you have not been signed in. Try again.`,
      );
    }
    const user = await this.provision(provider, claims);
    return { signedIn: await this.accounts.openSession(user), handoff };
  }

  /** The account behind the claims, created or brought up to date; refused without a mapped group. */
  private async provision(provider: OidcProviderConfig, claims: Claims): Promise<UserRecord> {
    const email = typeof claims.email === 'string' ? normaliseEmail(claims.email) : '';
    if (!email || claims.email_verified === false) {
      throw new SignInRefusal(
        'email-missing',
        `${provider.name} did not give a verified email address for you.`,
      );
    }
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (provider.emailDomains.length > 0 && !provider.emailDomains.includes(domain)) {
      throw new SignInRefusal(
        'email-domain-not-allowed',
        `Accounts at ${domain} cannot sign in to careloop here. Use your work account.`,
      );
    }
    const identity = { issuer: claims.iss, subject: claims.sub };
    let existing = await this.models.users
      .findOne({ 'oidc.issuer': identity.issuer, 'oidc.subject': identity.subject })
      .lean<UserRecord>();
    if (!existing) {
      // A local account with the same work address becomes this person's: the provider vouches for the
      // address, within the allowed domains. One already tied to another provider account is not taken.
      existing = await this.models.users.findOne({ email }).lean<UserRecord>();
      if (existing?.oidc) {
        throw new SignInRefusal(
          'account-conflict',
          'Another sign-in already uses your email address here. Ask a careloop admin to sort it out.',
        );
      }
    }

    const grant = grantOf(provider, claims[provider.rolesClaim]);
    if (!grant) {
      if (existing) {
        // Out of every group: the role goes now, not when the last session expires.
        await this.models.sessions.deleteMany({ userId: existing._id });
        this.logger.info(
          { userId: existing._id.toHexString(), provider: provider.id },
          'oidc sign-in: no group any more',
        );
      }
      throw new SignInRefusal(
        'no-role',
        `Your ${provider.name} account is not in a group that may use careloop. If it should be, ask your IT service desk.`,
      );
    }
    if (existing?.disabledAt) {
      throw new SignInRefusal(
        'account-disabled',
        'Your careloop account is switched off. Ask a careloop admin.',
      );
    }

    const fields = {
      email,
      name: nameOf(claims, email),
      role: grant.role,
      services: grant.services,
      oidc: identity,
    };
    const jobTitle = textClaim(claims.job_title) ?? textClaim(claims.jobTitle);
    try {
      if (!existing) {
        const created = await this.models.users.create({ ...fields, ...(jobTitle ? { jobTitle } : {}) });
        this.logger.info(
          { userId: created.id, role: grant.role, provider: provider.id },
          'account created from oidc sign-in',
        );
        await ensureDefaultSubscriptions(this.models, created.id as string);
        return created.toObject() as unknown as UserRecord;
      }
      const updated = await this.models.users
        .findByIdAndUpdate(
          existing._id,
          { $set: { ...fields, ...(jobTitle ? { jobTitle } : {}) } },
          { returnDocument: 'after' },
        )
        .lean<UserRecord>();
      if (!updated) throw new SignInRefusal('account-conflict', 'Your account changed meanwhile. Try again.');
      if (existing.role !== grant.role || existing.services.join() !== grant.services.join()) {
        this.logger.info(
          { userId: existing._id.toHexString(), from: existing.role, to: grant.role, provider: provider.id },
          'oidc sign-in: role or services follow the claims',
        );
        await ensureDefaultSubscriptions(this.models, existing._id.toHexString());
      }
      return updated;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      throw new SignInRefusal(
        'account-conflict',
        'Another careloop account already uses your email address. Ask a careloop admin to sort it out.',
      );
    }
  }

  private provider(id: string): OidcProviderConfig {
    const provider = this.providers.get(id);
    if (!provider) throw new SignInRefusal('unknown-provider', 'There is no such way to sign in here.');
    return provider;
  }

  /**
   * The session goes only to a page this service trusts: its own, or a site some board lists in its
   * allowed origins. Never `*`: a token posted to any opener could be read by any site.
   */
  private async assertOriginAllowed(origin: string): Promise<void> {
    if (origin === new URL(this.publicUrl).origin) return;
    if ((await this.organisations.allowingOrigins([origin])).length > 0) return;
    throw new SignInRefusal(
      'origin-not-allowed',
      'This site is not allowed to sign in to careloop. Ask your board’s web team to add it.',
    );
  }

  /** The provider's metadata (discovery), read once; a failed read is tried again next time. */
  private configuration(provider: OidcProviderConfig): Promise<client.Configuration> {
    let config = this.discovered.get(provider.id);
    if (!config) {
      const issuer = new URL(provider.issuer);
      config = client
        .discovery(issuer, provider.clientId, provider.clientSecret, undefined, {
          // Plain http only for a provider on this machine (the demo's, the tests'): config allows no other.
          execute:
            issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname)
              ? [client.allowInsecureRequests]
              : [],
        })
        .catch((error: unknown) => {
          this.discovered.delete(provider.id);
          this.logger.warn({ provider: provider.id, err: error }, 'oidc: the provider could not be reached');
          throw new SignInRefusal(
            'provider-unavailable',
            `${provider.name} cannot be reached just now. Try again in a minute.`,
          );
        });
      this.discovered.set(provider.id, config);
    }
    return config;
  }
}

/** The grant of the person's groups that can do most, with the services of every group giving it. */
export function grantOf(provider: OidcProviderConfig, claim: unknown): OidcGrant | undefined {
  const groups = Array.isArray(claim) ? claim : typeof claim === 'string' ? [claim] : [];
  const grants = groups
    .filter((group): group is string => typeof group === 'string' && Object.hasOwn(provider.roleMap, group))
    .map((group) => provider.roleMap[group]!);
  const role = rolePrecedence.find((candidate) => grants.some((grant) => grant.role === candidate));
  if (!role) return undefined;
  const services = [
    ...new Set(grants.filter((grant) => grant.role === role).flatMap((grant) => grant.services)),
  ];
  return { role, services };
}

/**
 * The id_token claim a failed check was about (`aud`, `exp`, `nonce`...), from openid-client's chain of
 * causes. Only the claim's name: the causes also hold the claims themselves (an email), never logged.
 */
function claimOf(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const details = cause.cause as { claim?: unknown } | undefined;
    if (typeof details?.claim === 'string') return details.claim;
    cause = cause.cause;
  }
  return undefined;
}

function nameOf(claims: Claims, email: string): string {
  const given = [textClaim(claims.given_name), textClaim(claims.family_name)].filter(Boolean).join(' ');
  return textClaim(claims.name) ?? (given || email.slice(0, email.indexOf('@')));
}

/** A claim as text for an account field: trimmed, bounded, or undefined. */
function textClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : undefined;
}
