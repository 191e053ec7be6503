import { assertAbsoluteUrl } from './render.js';

/**
 * The headers that let a mail client offer its own "Unsubscribe" button, and unsubscribe with one POST
 * (RFC 2369 and RFC 8058). The URL must answer `POST` with body `List-Unsubscribe=One-Click`.
 */
export function unsubscribeHeaders(url: string): Record<string, string> {
  assertAbsoluteUrl(url);
  return {
    'List-Unsubscribe': `<${url}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
