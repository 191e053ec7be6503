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

/** The service could not be reached, timed out, or answered with an error status. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * The origin the widget script was served from, e.g. `https://careloop.example/` for
 * `https://careloop.example/widget/careloop.js`: the service serves its own widget, so by default the
 * widget talks to the service it came from.
 */
export function serviceBaseFromScript(scriptUrl: string): string {
  return new URL('..', scriptUrl).href;
}

/** `https://service` and `https://service/` both become `https://service/`, so paths resolve beneath it. */
function withTrailingSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

export class CareloopClient {
  readonly base: string;
  private readonly timeoutMs: number;

  constructor(base: string, options: CareloopClientOptions = {}) {
    this.base = withTrailingSlash(base);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Resolves when the service answers its health check; rejects with ServiceUnavailableError otherwise. */
  async checkHealth(signal?: AbortSignal): Promise<void> {
    await this.request('healthz', { signal });
  }

  private async request(path: string, init: { signal?: AbortSignal } = {}): Promise<Response> {
    const url = new URL(path, this.base);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const abandon = () => timeout.abort();
    init.signal?.addEventListener('abort', abandon, { once: true });
    try {
      const response = await fetch(url, {
        signal: timeout.signal,
        headers: { accept: 'application/json' },
        // The widget runs on a board's site: never send that site's cookies to the service by accident.
        credentials: 'omit',
      });
      if (!response.ok)
        throw new ServiceUnavailableError(`${url.pathname} answered ${response.status}`, response.status);
      return response;
    } catch (error) {
      if (error instanceof ServiceUnavailableError) throw error;
      throw new ServiceUnavailableError(`${url.pathname} could not be reached`);
    } finally {
      clearTimeout(timer);
      init.signal?.removeEventListener('abort', abandon);
    }
  }
}
