import { DomainError, type FieldError } from '../domain/errors.js';
import Router, { type RouterContext } from '@koa/router';
import type Koa from 'koa';
import type { AppState } from '../http/app-state.js';
import { chooseLanguage } from '../l10n/index.js';
import { httpProblem } from '../http/problem.js';
import { allowedMethods } from '../http/allowed-methods.js';
import { normaliseTag } from '../services/story-search.js';
import type { FeedAddress, FeedFormat, FeedScope } from './feed.js';
import { Feeds, type FeedsDeps } from './feeds.js';
import { sendPage } from './send-page.js';
import { feedIndexContentSecurityPolicy } from './index-page.js';

const scopes: readonly FeedScope[] = ['services', 'constituencies', 'tags', 'stories'];
const cacheControl = 'public, max-age=300';

type FeedContext = RouterContext<AppState>;

/**
 * The public feeds, outside /api/v1: `GET /feeds` (the index page) and
 * `GET /feeds/{services|constituencies|tags|stories}/<key>.{rss|json}` with `?include=responses`
 * (services) and `?before=<cursor>` (older pages). Every answer is validated by ETag and
 * Last-Modified, cacheable for five minutes, and gzip or brotli compressed when the client accepts it.
 */
export function feedRoutes(deps: { feeds: Feeds }): Router<AppState> {
  const { feeds } = deps;
  const router = new Router<AppState>();

  router.get('/feeds', async (ctx) => {
    // `?lang=` (a link from a Welsh or Gaelic page), else the browser's languages.
    const language = chooseLanguage({ asked: ctx.query.lang, acceptLanguage: ctx.get('Accept-Language') });
    const page = await feeds.indexPage(language);
    ctx.set('Content-Security-Policy', feedIndexContentSecurityPolicy);
    ctx.set('Content-Language', language);
    ctx.vary('Accept-Language');
    await sendPage(ctx, page, { cacheControl: 'no-cache', lastModified: true });
  });

  router.get('/feeds/:scope/:file', async (ctx) => {
    const { address, format } = feedAddress(ctx);
    const page = await feeds.page(address, format);
    if (feeds.hub) {
      ctx.append('Link', `<${feeds.hub}>; rel="hub"`);
      ctx.append('Link', `<${feeds.url(address, format)}>; rel="self"`);
    }
    ctx.set('Access-Control-Allow-Origin', '*');
    await sendPage(ctx, page, { cacheControl, lastModified: true });
  });

  return router;
}

const feedsByApp = new WeakMap<object, Feeds>();

/**
 * Builds the feeds (unless given) and mounts their routes on `app`. Starts the WebSub watch when a hub
 * is configured. (This instance's writes reach their change watch through trackLocalWrites, app.ts.)
 */
export function mountFeeds(app: Koa<AppState>, deps: FeedsDeps & { feeds?: Feeds }): Feeds {
  const feeds = deps.feeds ?? new Feeds(deps);
  const router = feedRoutes({ feeds });
  app.use(router.routes());
  app.use(allowedMethods(router));
  feeds.start();
  feedsByApp.set(app, feeds);
  return feeds;
}

/** The feeds mounted on `app` (tests use it to stop the WebSub watch or to invalidate). */
export function feedsOf(app: object): Feeds | undefined {
  return feedsByApp.get(app);
}

function feedAddress(ctx: FeedContext): { address: FeedAddress; format: FeedFormat } {
  const scope = scopes.find((candidate) => candidate === ctx.params.scope);
  const match = /^(.+)\.(rss|json)$/.exec(ctx.params.file ?? '');
  if (!scope || !match) throw httpProblem(404, { detail: 'There is no such feed.' });
  const include = singleQueryValue(ctx, 'include');
  const before = singleQueryValue(ctx, 'before');
  const errors: FieldError[] = [];
  if (include !== undefined && (scope !== 'services' || include !== 'responses')) {
    errors.push({
      field: 'include',
      code: 'not-allowed',
      message: scope === 'services' ? 'must be "responses"' : 'is only for service feeds',
    });
  }
  if (before !== undefined && scope === 'stories')
    errors.push({
      field: 'before',
      code: 'not-accepted',
      message: 'is not for story feeds (a thread is one page)',
    });
  if (errors.length > 0) throw DomainError.invalid(errors, 'The query string has invalid parameters.');
  const key = scope === 'tags' ? normaliseTag(match[1]!) : match[1]!;
  const format: FeedFormat = match[2] === 'rss' ? 'rss' : 'json';
  return { address: { scope, key, activity: include === 'responses', before: before ?? null }, format };
}

function singleQueryValue(ctx: FeedContext, name: string): string | undefined {
  const value = ctx.query[name];
  if (Array.isArray(value))
    throw DomainError.invalid([{ field: name, code: 'repeated', message: 'must be given once' }]);
  return value;
}
