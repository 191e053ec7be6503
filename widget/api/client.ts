/**
 * The widget's only door to the careloop service: every request goes through here so that timeouts,
 * credentials and error shapes are decided once.
 */

/** How long a request may take before the widget gives up and says the service is unavailable. */
export const DEFAULT_TIMEOUT_MS = 8000;

export interface CareloopClientOptions {
  /** Milliseconds before a request is abandoned. */
  timeoutMs?: number;
}

/** The service could not be reached, timed out, or failed on its side (5xx). */
export class ServiceUnavailableError extends Error {
  override readonly name: string = 'ServiceUnavailableError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * The service is shedding load (503 with `Retry-After`) and was still busy when asked again: the
 * widget says so and tries again after `retryAfterMs`, rather than reporting a failure.
 */
export class ServiceBusyError extends ServiceUnavailableError {
  override readonly name = 'ServiceBusyError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message, 503);
  }
}

/** The longest the widget waits on a `Retry-After` before asking again, however long the service asks. */
export const MAX_RETRY_AFTER_MS = 10_000;

/**
 * `Retry-After` (delay-seconds or an HTTP date) in milliseconds, at most MAX_RETRY_AFTER_MS; undefined
 * when there is none or it cannot be read.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isNaN(ms) ? undefined : Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

const readMethods = ['GET', 'HEAD'];

/**
 * One field the service found wrong, as RFC 9457 problem+json `errors[]` names it: `code` is stable (see
 * the service's OpenAPI), `message` English, `limit` the bound a length or count code refers to.
 */
export interface FieldProblem {
  field: string;
  code?: string;
  message: string;
  limit?: number;
}

/** An RFC 9457 problem+json body, as far as the widget reads it. */
export interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  errors?: FieldProblem[];
}

/** The service answered with a 4xx: the request was refused (bad input, not allowed, not found, too many). */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `careloop answered ${status}`);
  }
}

export interface RequestOptions {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Query parameters; undefined and empty values are left out. */
  query?: Record<string, string | number | undefined>;
  /** A bearer token: a staff session or an author key. */
  token?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * The origin the widget script was served from, e.g. `https://careloop.example/` for
 * `https://careloop.example/widget/careloop.js`: the service serves its own widget, so by default the
 * widget talks to the service it came from.
 */
export function serviceBaseFromScript(scriptUrl: string): string {
  return new URL('..', scriptUrl).href;
}

/**
 * The service base for an element's `api` attribute: relative to the page, as an href would be, and the
 * service that served the widget when there is none.
 */
export function resolveServiceBase(api: string | undefined, page: Document): string {
  return api ? new URL(api, page.baseURI).href : serviceBaseFromScript(import.meta.url);
}

/** `https://service` and `https://service/` both become `https://service/`, so paths resolve beneath it. */
function withTrailingSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/** Answers shared by every element on the page, by absolute URL (see `jsonOncePerPage`). */
const pageWide = new Map<string, Promise<unknown>>();

export class CareloopClient {
  readonly base: string;
  private readonly timeoutMs: number;

  constructor(base: string, options: CareloopClientOptions = {}) {
    this.base = withTrailingSlash(base);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** An absolute URL on the service, e.g. `url('feeds/services/x.rss')`. */
  url(path: string, query: RequestOptions['query'] = {}): URL {
    const url = new URL(path, this.base);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    }
    return url;
  }

  /** Resolves when the service answers its health check; rejects with ServiceUnavailableError otherwise. */
  async checkHealth(signal?: AbortSignal): Promise<void> {
    await this.request('healthz', { signal });
  }

  /**
   * A JSON request to the service (`path` relative to its root, e.g. `api/v1/stories`). Resolves with
   * the parsed body (undefined for 204); rejects with ProblemError for a 4xx and ServiceUnavailableError
   * when the service cannot be reached, times out or fails.
   */
  async json<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.request(path, options);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ServiceUnavailableError(`${path} answered with something other than JSON`, response.status);
    }
  }

  /** A request whose answer is text (a CSV export), refused or failing as `json` does. */
  async text(path: string, options: RequestOptions = {}): Promise<string> {
    return (await this.request(path, options)).text();
  }

  /**
   * A GET whose answer does not change while the page is open (a service and its children): the list,
   * the form and the badge on one page ask the service once between them. A failure is forgotten, so
   * the next ask (Retry) tries again.
   */
  jsonOncePerPage<T>(path: string): Promise<T> {
    const key = this.url(path).href;
    let answer = pageWide.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = this.json<T>(path);
      pageWide.set(key, answer);
      answer.catch(() => pageWide.delete(key));
    }
    return answer;
  }

  /**
   * A read the service sheds (503 with `Retry-After`) is asked again once, after the wait it names
   * (capped): a busy moment passes unnoticed. Still busy, it rejects with ServiceBusyError. Writes are
   * never shed, and are never repeated here.
   */
  private async request(path: string, options: RequestOptions, retried = false): Promise<Response> {
    const response = await this.send(path, options);
    const wait = response.status === 503 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
    const read = readMethods.includes(options.method ?? 'GET');
    if (wait === undefined || !read) return this.check(path, response);
    if (!retried) await pause(wait, options.signal);
    if (retried || options.signal?.aborted)
      throw new ServiceBusyError(`${path} answered 503: the service is busy`, wait);
    return this.request(path, options, true);
  }

  private async send(path: string, options: RequestOptions): Promise<Response> {
    const url = this.url(path, options.query);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const abandon = () => timeout.abort();
    const { signal } = options;
    signal?.addEventListener('abort', abandon, { once: true });
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: options.method ?? 'GET',
        signal: timeout.signal,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        // The widget runs on a board's site: never send that site's cookies to the service by accident.
        credentials: 'omit',
      });
    } catch {
      throw new ServiceUnavailableError(`${url.pathname} could not be reached`);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abandon);
    }
    return response;
  }

  /** Rejects a 4xx with ProblemError and any other failure with ServiceUnavailableError. */
  private async check(path: string, response: Response): Promise<Response> {
    const url = this.url(path);
    if (response.status >= 400 && response.status < 500) {
      const problem = (await response.json().catch(() => ({}))) as Problem;
      throw new ProblemError(response.status, problem);
    }
    if (!response.ok)
      throw new ServiceUnavailableError(`${url.pathname} answered ${response.status}`, response.status);
    return response;
  }
}
