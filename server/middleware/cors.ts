import type { Context, Middleware, Next } from 'koa';
import type { AppState } from '../http/app-state.js';
import type { Organisation } from '../models/organisation.js';
import { httpProblem, type ProblemError } from '../http/problem.js';
import type { OrganisationService } from '../services/organisations.js';

/** The problem type of a refusal, so the widget can tell it from any other 403 and explain it. */
export const originNotAllowedType = 'urn:careloop:problem:origin-not-allowed';

/** What a cross-origin caller may send: a bearer token, JSON, and the submission's retry key. */
const allowedRequestHeaders =
  'Authorization, Content-Type, Idempotency-Key, Careloop-Proof-Of-Work, X-Request-Id';
const allowedMethods = 'GET, HEAD, POST, PATCH, PUT, DELETE';
/** Headers a cross-origin caller (the widget, a partner’s dashboard) reads from a reply. */
const exposedHeaders =
  'Location, Retry-After, Idempotent-Replayed, X-Request-Id, ETag, Link, RateLimit, RateLimit-Policy';
const preflightMaxAgeSeconds = 600;
/** Board settings change rarely: a new allowed origin works within this long, on every instance. */
const defaultCacheMs = 30_000;
/** Origins are chosen by whoever sends the request: the cache forgets everything rather than grow. */
const maxCachedEntries = 1000;

type Organisations = Pick<OrganisationService, 'allowingOrigins' | 'get'>;

export interface CrossOriginOptions {
  /** The service's own public URL: its own pages call the API same-origin and need no permission. */
  publicUrl: string;
  /** Read when a request needs it: the app builds its services after mounting the outer middleware. */
  organisations: () => Organisations;
  cacheMs?: number;
  /** The clock the cache reads; tests move it. */
  now?: () => number;
}

interface Cached<T> {
  value: T;
  expires: number;
}

/** The board a refused request was about, for the widget's message. */
export interface RefusedBoard {
  id: string;
  name: string;
}

/**
 * Which website origins may call careloop from a browser: the ones some service (a board, usually)
 * lists in `allowedOrigins`; and, for a request about a service, only those its board's tree allows.
 * Look-ups are cached briefly per origin and per service.
 */
export class OriginPolicy {
  private readonly options: CrossOriginOptions;
  private readonly publicOrigin: string;
  private readonly allowingCache = new Map<string, Cached<Promise<Set<string>>>>();
  private readonly serviceCache = new Map<string, Cached<Promise<Organisation | null>>>();

  constructor(options: CrossOriginOptions) {
    this.options = options;
    this.publicOrigin = new URL(options.publicUrl).origin;
  }

  /**
   * Forgets every cached look-up: this instance changed a service's settings, so its next request
   * sees them. Other instances see the change when their entries expire (`cacheMs`, 30 s).
   */
  forget(): void {
    this.allowingCache.clear();
    this.serviceCache.clear();
  }

  /** The page calling is one of careloop's own. */
  isSameOrigin(ctx: Context, origin: string): boolean {
    // Not ctx.origin: Koa 3 answers the request's Origin header there.
    return origin === this.publicOrigin || origin === `${ctx.protocol}://${ctx.host}`;
  }

  /** Ids of the services whose settings allow `origin` (empty: no board lists it). Never throws. */
  async allowing(origin: string): Promise<Set<string>> {
    const ids = await this.cached(this.allowingCache, origin, async () => {
      const services = await this.options.organisations().allowingOrigins([origin]);
      return new Set(services.map((service) => service._id));
    });
    return ids ?? new Set();
  }

  /**
   * Whether `origin` may show `serviceId`: allowed when the service or one of its ancestors lists the
   * origin. Unknown services are for the route to answer (404), so they are not refused here.
   */
  async refusalFor(serviceId: string, origin: string): Promise<RefusedBoard | undefined> {
    const service = await this.service(serviceId);
    if (!service) return undefined;
    const allowing = await this.allowing(origin);
    if ([service._id, ...service.ancestors].some((id) => allowing.has(id))) return undefined;
    const boardId = service.ancestors[0] ?? service._id;
    const board = boardId === service._id ? service : await this.service(boardId);
    return { id: boardId, name: board?.name ?? boardId };
  }

  private service(id: string): Promise<Organisation | null> {
    return this.cached(this.serviceCache, id, () => this.options.organisations().get(id));
  }

  /** A failed look-up is remembered for no time at all, and answered as "nothing found". */
  private async cached<T>(
    cache: Map<string, Cached<Promise<T>>>,
    key: string,
    load: () => Promise<T>,
  ): Promise<T | null> {
    const now = this.options.now?.() ?? Date.now();
    let entry = cache.get(key);
    if (!entry || entry.expires <= now) {
      if (cache.size >= maxCachedEntries) cache.clear();
      entry = { value: load(), expires: now + (this.options.cacheMs ?? defaultCacheMs) };
      cache.set(key, entry);
    }
    try {
      return await entry.value;
    } catch {
      if (cache.get(key) === entry) cache.delete(key);
      return null;
    }
  }
}

/** Which CORS rules a path follows: public files anyone may fetch, or the API (and its health check). */
function areaOf(path: string): 'public' | 'api' | undefined {
  if (path.startsWith('/feeds/') || path.startsWith('/widget/')) return 'public';
  if (path.startsWith('/api/v1/') || path === '/healthz') return 'api';
  return undefined;
}

function isPreflight(ctx: Context): boolean {
  return ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method') !== '';
}

/**
 * Mounted before the error handler, so its headers are set on every reply, refusals and problems
 * included (the error handler starts a problem from clean headers). Answers preflights itself.
 * Feeds and the widget's own files are for anyone (`*`); the API answers origins some board allows,
 * and also the refusals of `refuseOtherBoards`, so the widget can read and show why it was refused.
 * Never credentials: careloop uses no cookies, and the widget sends `credentials: 'omit'`.
 */
export function answerCrossOrigin(policy: OriginPolicy): Middleware<AppState> {
  return async function answerCrossOrigin(ctx, next: Next) {
    const area = areaOf(ctx.path);
    const origin = ctx.get('Origin');
    if (area === 'public') {
      if (isPreflight(ctx)) {
        ctx.status = 204;
        ctx.set({
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET, HEAD',
          'Access-Control-Max-Age': String(preflightMaxAgeSeconds),
        });
        return;
      }
      await next();
      ctx.set('Access-Control-Allow-Origin', '*');
      return;
    }
    if (area !== 'api') return next();

    if (!origin || policy.isSameOrigin(ctx, origin)) {
      await next();
      ctx.vary('Origin');
      return;
    }
    if (isPreflight(ctx)) {
      // Every site passes the preflight: the request itself is then refused by `refuseOtherBoards`
      // with a 403 the widget can read ("this site is not allowed…"). A refused preflight would only
      // make the browser report a network failure, and the widget say "check your connection".
      ctx.status = 204;
      ctx.vary('Origin');
      ctx.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': allowedMethods,
        'Access-Control-Allow-Headers': allowedRequestHeaders,
        'Access-Control-Max-Age': String(preflightMaxAgeSeconds),
      });
      return;
    }
    await next();
    ctx.vary('Origin');
    const refused = isOriginRefusal(ctx);
    if (refused || (await policy.allowing(origin)).size > 0) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Expose-Headers', exposedHeaders);
    }
  };
}

/**
 * Mounted after body parsing, inside the error handler: a cross-origin API request from an origin no
 * board allows, or one naming a service (`?service=`, `?parent=`, `/services/:id/...`, a submitted
 * story's `services`) whose board does not allow the origin, is refused with a 403 problem the widget
 * shows: "this site is not allowed to show careloop for <board>".
 */
export function refuseOtherBoards(policy: OriginPolicy): Middleware<AppState> {
  return async function refuseOtherBoards(ctx, next: Next) {
    const origin = ctx.get('Origin');
    if (!origin || !ctx.path.startsWith('/api/v1/') || policy.isSameOrigin(ctx, origin)) return next();
    if ((await policy.allowing(origin)).size === 0) throw originRefusal(origin);
    for (const serviceId of namedServices(ctx)) {
      const board = await policy.refusalFor(serviceId, origin);
      if (board) throw originRefusal(origin, board);
    }
    return next();
  };
}

function originRefusal(origin: string, board?: RefusedBoard): ProblemError {
  return httpProblem(403, {
    type: originNotAllowedType,
    title: 'Origin not allowed',
    detail: board
      ? `This site (${origin}) is not allowed to show careloop for ${board.name}.`
      : `This site (${origin}) is not allowed to show careloop.`,
    extensions: { origin, board: board ?? null },
  });
}

function isOriginRefusal(ctx: Context): boolean {
  const body = ctx.body as { type?: unknown } | null | undefined;
  return ctx.status === 403 && typeof body === 'object' && body?.type === originNotAllowedType;
}

/** The services a request is about, as far as the request itself says (at most a handful). */
function namedServices(ctx: Context): string[] {
  const named: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string' && value !== '') named.push(value);
    else if (Array.isArray(value)) value.forEach(add);
  };
  add(ctx.query.service);
  add(ctx.query.parent);
  const inPath = /^\/api\/v1\/services\/([^/]+)/.exec(ctx.path)?.[1];
  if (inPath) {
    try {
      add(decodeURIComponent(inPath));
    } catch {
      // A malformed id is the route's to refuse.
    }
  }
  if (ctx.method === 'POST' && ctx.path === '/api/v1/stories') {
    const body = ctx.request.body as { services?: unknown } | undefined;
    add(body?.services);
  }
  return [...new Set(named)].slice(0, 10);
}
