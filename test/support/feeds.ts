import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type Koa from 'koa';
import Parser from 'rss-parser';
import type { AppState } from '../../server/http/app-state.js';
import type { Feeds } from '../../server/feeds/feeds.js';
import { feedsOf } from '../../server/feeds/routes.js';
import { startTestApp, type TestApp, type TestAppOptions } from './app.js';

export interface FeedsTestApp extends TestApp {
  feeds: Feeds;
}

/** A test app with a handle on its feeds (to stop the WebSub watch, or after writing to the store directly). */
export async function startFeedsTestApp(options: TestAppOptions = {}): Promise<FeedsTestApp> {
  let koa: Koa<AppState> | undefined;
  const app = await startTestApp({
    ...options,
    extend: (built) => {
      koa = built;
      options.extend?.(built);
    },
  });
  const feeds = koa && feedsOf(koa);
  if (!feeds) throw new Error('the app has no feeds mounted');
  return {
    ...app,
    feeds,
    async close() {
      await feeds.stop();
      await app.close();
    },
  };
}

export interface FeedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as they came over the wire (still compressed, if they were). */
  raw: Buffer;
  text: string;
}

/** A GET that leaves the body exactly as sent (fetch would decompress it and hide Content-Encoding). */
export function getFeed(
  app: TestApp,
  path: string,
  headers: Record<string, string> = {},
): Promise<FeedResponse> {
  const { hostname, port } = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path, method: 'GET', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          raw,
          text: raw.toString('utf8'),
        });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

export interface ParsedRssItem {
  title?: string;
  link?: string;
  guid?: string;
  pubDate?: string;
  isoDate?: string;
  creator?: string;
  categories?: string[];
  content?: string;
  contentSnippet?: string;
}

const rssParser = new Parser<Record<string, unknown>, ParsedRssItem>();

/** Parses RSS as a feed reader would (rss-parser); rejects if it cannot. */
export async function parseRss(text: string) {
  return rssParser.parseString(text);
}

/** Strict XML well-formedness (fast-xml-parser's validator): true, or the error it found. */
export function xmlProblem(text: string): true | { err: { msg: string } } {
  return XMLValidator.validate(text) as true | { err: { msg: string } };
}

/** The RSS document as a tree, attributes kept (`@_href`), for what rss-parser does not expose. */
export function rssTree(text: string): {
  rss: {
    channel: {
      'atom:link'?: unknown;
      item?: unknown;
      language?: string;
      [key: string]: unknown;
    };
  };
} {
  return new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => ['item', 'atom:link', 'guid'].includes(name),
  }).parse(text);
}

/** The `atom:link` elements of the channel, as `{ rel: href }`. */
export function atomLinks(text: string): Record<string, string> {
  const links = (rssTree(text).rss.channel['atom:link'] ?? []) as { '@_rel': string; '@_href': string }[];
  return Object.fromEntries(links.map((link) => [link['@_rel'], link['@_href']]));
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const jsonFeedSchema = JSON.parse(
  readFileSync(new URL('./json-feed-1.1.schema.json', import.meta.url), 'utf8'),
) as object;
const validateJsonFeedSchema = ajv.compile(jsonFeedSchema);

/** The JSON Feed 1.1 schema's complaints about `feed` (empty when it is valid). */
export function jsonFeedProblems(feed: unknown): string[] {
  if (validateJsonFeedSchema(feed)) return [];
  return (validateJsonFeedSchema.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

export interface JsonFeed {
  version: string;
  title: string;
  description?: string;
  home_page_url?: string;
  feed_url?: string;
  next_url?: string;
  language?: string;
  hubs?: { type: string; url: string }[];
  items: {
    id: string;
    url: string;
    title: string;
    content_text: string;
    content_html: string;
    date_published: string;
    date_modified?: string;
    tags?: string[];
    authors: { name: string }[];
    _careloop: Record<string, unknown>;
  }[];
}

/** Fetches a JSON Feed and throws unless it is a 200 that passes the schema. */
export async function jsonFeed(app: TestApp, path: string): Promise<JsonFeed> {
  const response = await getFeed(app, path);
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.text}`);
  const feed = JSON.parse(response.text) as JsonFeed;
  const problems = jsonFeedProblems(feed);
  if (problems.length > 0) throw new Error(`${path} is not a valid JSON Feed 1.1: ${problems.join('; ')}`);
  return feed;
}

/** Fetches an RSS feed and parses it as a reader would; throws unless it is a 200 of well-formed XML. */
export async function rssFeed(app: TestApp, path: string) {
  const response = await getFeed(app, path);
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.text}`);
  const problem = xmlProblem(response.text);
  if (problem !== true) throw new Error(`${path} is not well-formed XML: ${problem.err.msg}`);
  return { text: response.text, feed: await parseRss(response.text) };
}

/** The guids of a JSON Feed's items, in order. */
export function itemIds(feed: JsonFeed): string[] {
  return feed.items.map((item) => item.id);
}
