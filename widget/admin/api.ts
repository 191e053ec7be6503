/**
 * The admin chunk's door to the service: a bearer token kept in sessionStorage (never a cookie), JSON in
 * and out, problem+json turned into ApiError. A 401 on a signed-in call forgets the token and tells the
 * shell, which asks the person to sign in again.
 */

export type Role = 'admin' | 'moderator' | 'staff' | 'stakeholder';

export interface Me {
  id: string;
  email: string;
  name: string;
  jobTitle?: string;
  role: Role;
  services: string[];
  constituency?: string;
}

/** One bad field of a problem: `code` is stable (see the service's OpenAPI), `message` English. */
export interface FieldError {
  field: string;
  code?: string;
  message: string;
  limit?: number;
}

/** The problem type of careloop's refusal of a site not on the board's allowlist. */
export const siteRefusedType = 'urn:careloop:problem:origin-not-allowed';

/** A failed call: `status` 0 when the service could not be reached; `type` is the problem's. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: FieldError[] = [],
    readonly type?: string,
  ) {
    super(`careloop answered ${status}`);
  }
}

const timeoutMs = 15000;

export class AdminApi {
  private readonly storageKey: string;
  token: string | null;

  constructor(
    readonly base: string,
    private readonly onExpired: () => void,
  ) {
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
      name = this.call<{ name: string }>('GET', `services/${encodeURIComponent(id)}`).then(
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
  async signIn(email: string, password: string, language?: string): Promise<Me> {
    const session = await this.call<{ token: string; user: Me }>('POST', 'sessions', {
      email,
      password,
      language,
    });
    this.token = session.token;
    store(() => sessionStorage.setItem(this.storageKey, session.token));
    return session.user;
  }

  /** Ends the session on the service (best effort) and forgets the token whatever happens. */
  async signOut(): Promise<void> {
    const token = this.token;
    this.forget();
    if (!token) return;
    // Under api/v1/ like every call: a wrong address here left the token valid on the service for 12
    // hours after "You have signed out." (the next person at a shared ward PC could have used it).
    const signOutUrl = new URL('api/v1/sessions/current', this.base).href;
    await this.send('DELETE', signOutUrl, undefined, token).catch(() => undefined);
  }

  forget(): void {
    this.token = null;
    store(() => sessionStorage.removeItem(this.storageKey));
  }

  /**
   * `path` is relative to /api/v1/; `query` values left undefined or empty are left out. A POST that
   * creates something passes its `idempotencyKey`, the same on every retry of the same request.
   */
  async call<T>(
    method: string,
    path: string,
    body?: unknown,
    query: Record<string, string | undefined> = {},
    idempotencyKey?: string,
  ): Promise<T> {
    const url = new URL(`api/v1/${path}`, this.base);
    for (const [name, value] of Object.entries(query)) if (value) url.searchParams.set(name, value);
    const token = this.token;
    const response = await this.send(method, url.href, body, token, idempotencyKey);
    if (response.status === 401 && token) {
      this.forget();
      this.onExpired();
    }
    if (!response.ok) throw await problemOf(response);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  private async send(
    method: string,
    url: string,
    body: unknown,
    token: string | null,
    idempotencyKey?: string,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    try {
      return await fetch(new URL(url, this.base), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new ApiError(0);
    }
  }
}

/** A refusal as an ApiError, with the problem's field errors and type when it has a problem+json body. */
export async function problemOf(response: Response): Promise<ApiError> {
  const problem = (await response.json().catch(() => ({}))) as { errors?: FieldError[]; type?: unknown };
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  return new ApiError(response.status, errors, typeof problem.type === 'string' ? problem.type : undefined);
}

/** sessionStorage may be missing or refuse (privacy modes, sandboxed frames): then the token lives in memory. */
function store<T>(use: () => T): T | undefined {
  try {
    return use();
  } catch {
    return undefined;
  }
}
