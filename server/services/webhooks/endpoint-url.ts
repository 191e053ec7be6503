import { DomainError, type FieldErrorCode } from '../../domain/errors.js';
import { ipLiteral, isLocalName, type AddressPolicy } from './address-policy.js';

/**
 * An endpoint URL as stored, or `invalid` naming `url`. Only what can be known without DNS: the scheme,
 * no credentials, and no host that is an address or name off the public internet. The addresses a name
 * resolves to are checked at every delivery and every redirect (they can change): transport.ts.
 */
export function checkEndpointUrl(text: string, policy: AddressPolicy): string {
  const refuse = (code: FieldErrorCode, message: string) =>
    DomainError.invalid([{ field: 'url', code, message }]);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw refuse('invalid-format', 'is not an absolute URL');
  }
  if (!policy.allowsScheme(url.protocol)) throw refuse('not-allowed', 'must be an https:// URL');
  if (url.username || url.password) throw refuse('not-allowed', 'must not carry a user name or password');
  const literal = ipLiteral(url.hostname);
  const address = literal ?? (isLocalName(url.hostname) ? localAddressOf(url.hostname) : undefined);
  if (address !== undefined && policy.refusal(address)) {
    throw refuse('private-address', 'must be on a public address, not this machine or a private network');
  }
  url.hash = '';
  return url.href;
}

/**
 * How a local name is judged: `localhost` as loopback; a name only a local network resolves (`.local`,
 * `.internal`, a single label) as a private address, since DNS cannot tell us which.
 */
function localAddressOf(hostname: string): string {
  return /^localhost\.?$|\.localhost\.?$/i.test(hostname) ? '127.0.0.1' : '10.0.0.0';
}
