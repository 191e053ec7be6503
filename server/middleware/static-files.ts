import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Middleware } from 'koa';
import {
  codedEtag,
  compress,
  ifNoneMatchMatches,
  negotiateCoding,
  type ContentCoding,
} from '../http/content-coding.js';
import { httpProblem } from '../http/problem.js';

export interface StaticFilesOptions {
  /** Directory whose files are served; nothing outside it ever is. It need not exist yet. */
  root: string;
  /** URL path the directory is served at, starting and ending with `/`: `/` or `/widget/`. */
  prefix: string;
  /** Cache-Control for every file served, or chosen per file (by its path below the root). */
  cacheControl: string | ((relativePath: string) => string);
  /** File served for a URL ending in `/` (e.g. `index.html`); without it such URLs fall through. */
  index?: string;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Text worth compressing; images and fonts are compressed already. */
const compressible = /^(text\/|application\/(json|manifest\+json|xml)|image\/svg\+xml)/;
/** Below this a compressed answer saves less than its headers and the work cost. */
const minCompressedBytes = 1024;

interface CachedFile {
  body: Buffer;
  /** The opaque tag of the bytes (without quotes); each coding adds its suffix (codedEtag). */
  etag: string;
  /** The body compressed, once per coding, for files worth it (`undefined`: always sent as is). */
  encoded?: Map<ContentCoding, Promise<Buffer>>;
  contentType: string;
  mtimeMs: number;
  size: number;
}

/**
 * Serves the files under `root` at `prefix` for GET and HEAD, each read once and kept in memory with a
 * strong ETag from its content (read again when its mtime or size changes), answering 304 to a matching
 * If-None-Match. Dot segments, dotfiles, encoded slashes and NUL bytes are refused, never resolved.
 */
export function serveStaticFiles(options: StaticFilesOptions): Middleware {
  const root = resolve(options.root);
  const cache = new Map<string, CachedFile>();

  async function load(path: string): Promise<CachedFile | 'directory' | undefined> {
    const stats = await stat(path).catch(() => undefined);
    if (!stats) return undefined;
    if (stats.isDirectory()) return 'directory';
    if (!stats.isFile()) return undefined;
    const cached = cache.get(path);
    if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached;
    // A symbolic link inside the root must not lead outside it.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(path)]);
    if (!realFile.startsWith(realRoot + sep)) return undefined;
    const body = await readFile(path);
    const contentType = contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
    const file: CachedFile = {
      body,
      etag: createHash('sha256').update(body).digest('base64url').slice(0, 32),
      contentType,
      mtimeMs: stats.mtimeMs,
      size: stats.size,
    };
    if (compressible.test(contentType) && body.length >= minCompressedBytes) file.encoded = new Map();
    cache.set(path, file);
    return file;
  }

  return async function serveStaticFiles(ctx, next) {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !ctx.path.startsWith(options.prefix))
      return next();
    const segments = decodeSegments(ctx.path.slice(options.prefix.length));
    const wantsIndex = segments.length === 0 || segments.at(-1) === '';
    if (wantsIndex) {
      if (!options.index) return next();
      segments.splice(-1, 1, options.index);
    }
    const path = join(root, ...segments);
    if (!path.startsWith(root + sep)) throw httpProblem(404);

    const file = await load(path);
    if (file === 'directory' && options.index) {
      ctx.status = 301;
      ctx.redirect(`${ctx.path}/`);
      return undefined;
    }
    if (!file || file === 'directory') return next();

    ctx.status = 200;
    const cacheControl =
      typeof options.cacheControl === 'function'
        ? options.cacheControl(ctx.path.slice(options.prefix.length))
        : options.cacheControl;
    const coding = file.encoded ? negotiateCoding(ctx) : undefined;
    if (file.encoded) ctx.vary('Accept-Encoding');
    ctx.set({
      'Content-Type': file.contentType,
      ETag: codedEtag(file.etag, coding),
      'Cache-Control': cacheControl,
    });
    if (ifNoneMatchMatches(ctx.get('If-None-Match'), file.etag)) {
      ctx.status = 304;
      return undefined;
    }
    if (coding && file.encoded) {
      let encoded = file.encoded.get(coding);
      if (!encoded) {
        encoded = compress(file.body, coding, { smallest: true });
        file.encoded.set(coding, encoded);
      }
      ctx.set('Content-Encoding', coding);
      ctx.body = await encoded;
    } else {
      ctx.body = file.body;
    }
    return undefined;
  };
}

/**
 * The URL path's segments, percent-decoded. A trailing slash leaves a final empty segment. Anything that
 * could climb out of the root or name something unexpected is refused here, before it touches the disk.
 */
function decodeSegments(urlPath: string): string[] {
  return urlPath.split('/').map((raw, index, all) => {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw httpProblem(400, { detail: 'The address is not validly percent-encoded.' });
    }
    if (segment.includes('\0')) throw httpProblem(400, { detail: 'The address contains a NUL byte.' });
    const isLast = index === all.length - 1;
    if (segment === '' && !isLast) throw httpProblem(404);
    if (segment.startsWith('.') || segment.includes('/') || segment.includes('\\')) throw httpProblem(404);
    return segment;
  });
}
