/**
 * The admin chunk's door to the service: the widget's one client (`CareloopClient`: timeouts, problem+json,
 * a shed read asked again after `Retry-After`) with a bearer token kept in sessionStorage (never a
 * cookie), and refusals turned into ApiError. A 401 on a signed-in call forgets the token and tells the
 * shell, which asks the person to sign in again.
 */
import type { ApiAnswer } from '../api/answers.js';
import { CareloopClient, ProblemError, ServiceUnavailableError, type FieldProblem } from '../api/client.js';

/** The signed-in account (`GET /sessions/current`). */
export type Me = ApiAnswer<'/sessions/current'>;
export type Role = Me['role'];

/** How staff can sign in here (`GET /auth/providers`). */
export type SignInOptions = ApiAnswer<'/auth/providers'>;
export type IdentityProvider = SignInOptions['providers'][number];

/** One bad field of a problem: `code` is stable (see the service's OpenAPI), `message` English. */
export type FieldError = FieldProblem;

/** The problem type of careloop's refusal of a site not on the board's allowlist. */
export const siteRefusedType = 'urn:careloop:problem:origin-not-allowed';

/** The problem type of `POST /sessions` when the password was right and a code is needed. */
export const secondFactorRequiredType = 'urn:careloop:problem:second-factor-required';

/** A sign-in that needs the code step: the challenge goes with the code to `completeSignIn`. */
export interface CodeNeeded {
  challenge: string;
}

/** A failed call: `status` 0 when the service could not be reached; `type` is the problem's. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: FieldError[] = [],
    readonly type?: string,
    /** The problem's other members (e.g. a sign-in's `challenge`). */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(`careloop answered ${status}`);
  }
}

/** Staff calls (a report over a year of stories) may take longer than the public widget waits. */
const timeoutMs = 15000;

export class AdminApi {
  private readonly storageKey: string;
  private readonly client: CareloopClient;
  token: string | null;

  constructor(
    readonly base: string,
    private readonly onExpired: () => void,
  ) {
    this.client = new CareloopClient(base, { timeoutMs });
    this.storageKey = `careloop-admin-token ${base}`;
    this.token = store(() => sessionStorage.getItem(this.storageKey)) ?? null;
  }

  private readonly serviceNames = new Map<string, Promise<string>>();

  /**
   * A service's name, asked of the service once per session however many views want it (its id when
   * it cannot be had, and then asked again next time).
   */
  serviceName(id: string): Promise<string> {
    let name = this.serviceNames.get(id);
    if (!name) {
      name = this.call<ApiAnswer<'/services/{id}'>>('GET', `services/${encodeURIComponent(id)}`).then(
        (service) => service.name,
        () => {
          this.serviceNames.delete(id);
          return id;
        },
      );
      this.serviceNames.set(id, name);
    }
    return name;
  }

  /**
   * Signs in and keeps the token for this tab only. `language` (the widget's) becomes the account's:
   * the service writes its alerts and notices to this person in it.
   */
  async signIn(email: string, password: string, language?: string): Promise<Me | CodeNeeded> {
    let session;
    try {
      session = await this.call<ApiAnswer<'/sessions', 'post', 201>>('POST', 'sessions', {
        email,
        password,
        language,
      });
    } catch (error) {
      const challenge = error instanceof ApiError ? error.problem.challenge : undefined;
      if (
        error instanceof ApiError &&
        error.type === secondFactorRequiredType &&
        typeof challenge === 'string'
      ) {
        return { challenge };
      }
      throw error;
    }
    return this.keep(session);
  }

  /** The code step of signing in: a code from the app or a recovery code, with the first step's challenge. */
  async completeSignIn(
    challenge: string,
    proof: { code: string } | { recoveryCode: string },
    language?: string,
  ): Promise<Me> {
    const session = await this.call<ApiAnswer<'/sessions/second-factor', 'post', 201>>(
      'POST',
      'sessions/second-factor',
      { challenge, ...proof, language },
    );
    return this.keep(session);
  }

  private keep(session: { token: string; user: Me }): Me {
    this.token = session.token;
    store(() => sessionStorage.setItem(this.storageKey, session.token));
    return session.user;
  }

  /**
   * Keeps a session token the service handed over another way (the identity provider's popup, or the
   * fragment of a full-page sign-in), exactly as a password sign-in keeps its own.
   */
  adopt(token: string): void {
    this.token = token;
    store(() => sessionStorage.setItem(this.storageKey, token));
  }

  /** Ends the session on the service (best effort) and forgets the token whatever happens. */
  async signOut(): Promise<void> {
    const token = this.token;
    this.forget();
    if (!token) return;
    // Under api/v1/ like every call: a wrong address here left the token valid on the service for 12
    // hours after "You have signed out." (the next person at a shared ward PC could have used it).
    await this.client.json('api/v1/sessions/current', { method: 'DELETE', token }).catch(() => undefined);
  }

  forget(): void {
    this.token = null;
    store(() => sessionStorage.removeItem(this.storageKey));
  }

  /**
   * `path` is relative to /api/v1/; `query` values left undefined or empty are left out. A POST that
   * creates something passes its `idempotencyKey`, the same on every retry of the same request.
   */
  call<T>(
    method: string,
    path: string,
    body?: unknown,
    query: Record<string, string | undefined> = {},
    idempotencyKey?: string,
  ): Promise<T> {
    const headers: Record<string, string> = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
    return this.signedIn((token) =>
      this.client.json<T>(`api/v1/${path}`, { method, body, query, token, headers }),
    );
  }

  /** A CSV export (`path` relative to /api/v1/), the token in a header: it never goes into a URL. */
  csv(path: string, query: Record<string, string>): Promise<string> {
    return this.signedIn((token) =>
      this.client.text(`api/v1/${path}`, {
        query: { ...query, format: 'csv' },
        token,
        headers: { accept: 'text/csv' },
      }),
    );
  }

  /** Runs a request with the session's token; a refusal becomes ApiError, and a 401 ends the session. */
  private async signedIn<T>(send: (token: string | undefined) => Promise<T>): Promise<T> {
    const token = this.token ?? undefined;
    try {
      return await send(token);
    } catch (error) {
      const refusal = toApiError(error);
      if (refusal.status === 401 && token) {
        this.forget();
        this.onExpired();
      }
      throw refusal;
    }
  }
}

/**
 * The client's errors as the admin views read them: a refusal with its field errors and problem type, a
 * failure of the service with its status, and 0 when it could not be reached at all.
 */
function toApiError(error: unknown): ApiError {
  if (error instanceof ProblemError) {
    const { errors, type } = error.problem;
    return new ApiError(
      error.status,
      Array.isArray(errors) ? errors : [],
      typeof type === 'string' ? type : undefined,
      { ...error.problem },
    );
  }
  if (error instanceof ServiceUnavailableError) return new ApiError(error.status ?? 0);
  throw error;
}

/** sessionStorage may be missing or refuse (privacy modes, sandboxed frames): then the token lives in memory. */
function store<T>(use: () => T): T | undefined {
  try {
    return use();
  } catch {
    return undefined;
  }
}
