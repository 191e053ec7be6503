import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { Context } from 'koa';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** The compressed codings careloop answers in, besides the bytes as they are. */
export type ContentCoding = 'gzip' | 'br';

/**
 * The coding to answer `ctx` in: of the codings the client accepts most (by q), brotli first (a third
 * smaller than gzip for the widget), then gzip, then none. Browsers list gzip first at the same weight
 * ("gzip, deflate, br, zstd"), so the client's order does not decide. Whatever is chosen, the answer
 * varies by Accept-Encoding: the caller must say so (`ctx.vary('Accept-Encoding')`).
 */
export function negotiateCoding(ctx: Context): ContentCoding | undefined {
  const header = ctx.get('Accept-Encoding');
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weightOf = (coding: string) =>
    weights.get(coding) ?? weights.get('*') ?? (coding === 'identity' ? 1 : 0);
  // The most wanted of the two, brotli on a tie; sent compressed unless the client wants it less than
  // the bytes as they are.
  const coding = weightOf('gzip') > weightOf('br') ? 'gzip' : 'br';
  const q = weightOf(coding);
  return q > 0 && q >= weightOf('identity') ? coding : undefined;
}

/**
 * `body` compressed in `coding`, off the event loop (zlib's thread pool). Every caller keeps what it
 * compressed and sends it many times. Pages that change with the store use brotli 6, about as small
 * as 11 at a fraction of the time; files that change only with a release (`smallest`) use 11, which
 * takes the widget from 17.7 to 16.4 KB.
 */
export function compress(
  body: Buffer,
  coding: ContentCoding,
  options: { smallest?: boolean } = {},
): Promise<Buffer> {
  return coding === 'gzip'
    ? gzipAsync(body, { level: options.smallest ? 9 : 6 })
    : brotliAsync(body, {
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: options.smallest ? 11 : 6,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
}

/** The entity tag of `etag`'s bytes sent in `coding`: a different representation, so a different tag. */
export function codedEtag(etag: string, coding: ContentCoding | undefined): string {
  return `"${etag}${coding ? `.${coding}` : ''}"`;
}

/**
 * RFC 9110 §13.1.2: whether If-None-Match names the current bytes, in any coding (the `.gzip`/`.br`
 * suffix is ignored: a weak comparison), or is `*`. Unlike Koa's `ctx.fresh`, a `Cache-Control:
 * no-cache` request (which fetch() sends with every If-None-Match) still gets its 304: that directive
 * binds caches on the way, not the origin. `etag` is the opaque tag without quotes or suffix.
 */
export function ifNoneMatchMatches(header: string, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const opaque = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return opaque === '*' || opaque.replace(/\.(gzip|br)$/, '') === etag;
  });
}
