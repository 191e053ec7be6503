import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a webhook may reach: never this machine, the private network it sits on, the cloud's
 * metadata service or anything else not on the public internet (SSRF), unless the deployment allows
 * some ranges for development (CARELOOP_WEBHOOKS_ALLOW_PRIVATE).
 */
const notPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, with the cloud metadata service at 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and broadcast
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo and friends)
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 address carries: IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16). */
export function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) return undefined;
  const fromGroups = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  const isZero = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  if (isZero(0, 5) && groups[5] === 0xffff) return fromGroups(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && isZero(2, 6)) return fromGroups(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return fromGroups(groups[1]!, groups[2]!);
  return undefined;
}

/** An IPv6 address as its eight 16-bit groups (a dotted IPv4 tail converted), or undefined if it is not one. */
function expandIpv6(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (piece: string | undefined) =>
    piece ? piece.split(':').map((group) => parseInt(group, 16)) : [];
  const front = part(head);
  const back = part(tail);
  const zeros = tail === undefined ? [] : new Array<number>(8 - front.length - back.length).fill(0);
  return [...front, ...zeros, ...back];
}

/** A deployment's exceptions: CIDR ranges webhooks may reach although they are not public. */
export class AddressPolicy {
  private readonly allowed = new BlockList();
  readonly allowsSomePrivate: boolean;

  constructor(allowedRanges: readonly string[]) {
    for (const range of allowedRanges) {
      const [network, bits] = range.split('/') as [string, string];
      this.allowed.addSubnet(network, Number(bits), isIP(network) === 6 ? 'ipv6' : 'ipv4');
    }
    this.allowsSomePrivate = allowedRanges.length > 0;
  }

  /**
   * Why `address` (an IP address, after DNS) may not be reached, or undefined when it may. An IPv6
   * address carrying an IPv4 one is judged by that one too: ::ffff:127.0.0.1 is loopback.
   */
  refusal(address: string): string | undefined {
    const family = isIP(address);
    if (family === 0) return `${address} is not an IP address`;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    const candidates: Array<[string, 'ipv4' | 'ipv6']> = [[address, type]];
    const carried = family === 6 ? embeddedIpv4(address) : undefined;
    if (carried) candidates.push([carried, 'ipv4']);
    for (const [candidate, candidateType] of candidates) {
      if (notPublic.check(candidate, candidateType) && !this.allowed.check(candidate, candidateType)) {
        return `${address} is not a public address`;
      }
    }
    return undefined;
  }

  /** http:// is for development only: when some private ranges are allowed. */
  allowsScheme(protocol: string): boolean {
    return protocol === 'https:' || (protocol === 'http:' && this.allowsSomePrivate);
  }
}

/** A URL's host as an IP address, if it is one (`[::1]` → `::1`); undefined for a name. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) ? bare : undefined;
}

/** Names that never resolve to the public internet, whatever DNS says. */
export function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name.endsWith('.local') ||
    name.endsWith('.internal') ||
    !name.includes('.')
  );
}
