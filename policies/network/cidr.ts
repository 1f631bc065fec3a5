import { isIPv4, isIPv6 } from 'node:net';

/**
 * Whether a CIDR opens a rule to the internet. Matching the spellings of "everything" (`0.0.0.0/0`,
 * `::/0`) is not enough: `0.0.0.0/1` and `128.0.0.0/1` together are the same internet, and
 * `0::0/0` or `::ffff:0.0.0.0/96` say it in other words. So the range is parsed and judged by what
 * it covers: an IPv4 range of a /8 or wider that reaches public addresses, an IPv6 range of a /16
 * or wider that reaches the global unicast space (2000::/3), or an IPv6 range that embeds such an
 * IPv4 range (IPv4-mapped, NAT64). Wide private ranges (10.0.0.0/8, fc00::/7) are no opening.
 */
/** `why` completes a sentence that starts with the CIDR: "0.0.0.0/1 covers public internet addresses …". */
export type CidrVerdict =
  | { readonly verdict: 'internet'; readonly why: string }
  | { readonly verdict: 'bounded' }
  | { readonly verdict: 'invalid'; readonly why: string };

/** The widest IPv4 prefix a tenant ever needs is far narrower; a /8 is 16 million addresses. */
const WIDEST_IPV4_PREFIX = 8;
/** A /16 of IPv6 is a whole regional registry's allocation. */
const WIDEST_IPV6_PREFIX = 16;

interface Range {
  readonly start: bigint;
  readonly end: bigint;
}

function ipv4Value(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Value(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const v4 = Number(ipv4Value(piece));
        out.push(v4 >>> 16, v4 & 0xffff);
      } else out.push(parseInt(piece, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail].reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function rangeOf(value: bigint, prefix: number, bits: number): Range {
  const size = 1n << BigInt(bits - prefix);
  const start = (value / size) * size;
  return { start, end: start + size - 1n };
}

const overlap = (a: Range, b: Range): Range | undefined => {
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start <= end ? { start, end } : undefined;
};

/** First octets that are no public address: "this network", private 10/8, loopback, multicast and reserved. */
const NOT_PUBLIC_FIRST_OCTET = (octet: number) => octet === 0 || octet === 10 || octet === 127 || octet >= 224;

/** Whether an IPv4 range of at least a /8 reaches public addresses (every /8 in it is checked). */
function ipv4ReachesInternet(range: Range): boolean {
  const first = Number(range.start >> 24n);
  const last = Number(range.end >> 24n);
  for (let octet = first; octet <= last; octet++) if (!NOT_PUBLIC_FIRST_OCTET(octet)) return true;
  return false;
}

const ipv6Prefix = (text: string, prefix: number): Range => rangeOf(ipv6Value(text)!, prefix, 128);
const GLOBAL_UNICAST = ipv6Prefix('2000::', 3);
/** IPv6 prefixes that carry IPv4 addresses in their last 32 bits: IPv4-mapped and the NAT64 well-known prefix. */
const IPV4_EMBEDDING = [ipv6Prefix('::ffff:0:0', 96), ipv6Prefix('64:ff9b::', 96)];

export function judgeCidr(text: string): CidrVerdict {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  const prefix = Number(prefixText);
  if (rest.length > 0 || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return { verdict: 'invalid', why: 'is not a CIDR (address/prefix)' };
  if (isIPv4(address)) {
    if (prefix > 32) return { verdict: 'invalid', why: 'has a prefix longer than 32 bits' };
    if (prefix > WIDEST_IPV4_PREFIX) return { verdict: 'bounded' };
    return ipv4ReachesInternet(rangeOf(ipv4Value(address), prefix, 32))
      ? { verdict: 'internet', why: `covers public internet addresses (a /${prefix}: ${2 ** (32 - prefix)} addresses)` }
      : { verdict: 'bounded' };
  }
  const value = isIPv6(address) && !address.includes('%') ? ipv6Value(address) : undefined;
  if (value === undefined) return { verdict: 'invalid', why: 'is not an IPv4 or IPv6 CIDR' };
  if (prefix > 128) return { verdict: 'invalid', why: 'has a prefix longer than 128 bits' };
  const range = rangeOf(value, prefix, 128);
  if (prefix <= WIDEST_IPV6_PREFIX && overlap(range, GLOBAL_UNICAST)) {
    return { verdict: 'internet', why: `covers the public IPv6 internet (a /${prefix} reaching 2000::/3)` };
  }
  for (const embedding of IPV4_EMBEDDING) {
    const embedded = overlap(range, embedding);
    if (!embedded) continue;
    const v4 = { start: embedded.start & 0xffffffffn, end: embedded.end & 0xffffffffn };
    if (v4.end - v4.start + 1n >= 1n << BigInt(32 - WIDEST_IPV4_PREFIX) && ipv4ReachesInternet(v4)) {
      return { verdict: 'internet', why: 'carries public IPv4 internet addresses (IPv4 embedded in IPv6)' };
    }
  }
  return { verdict: 'bounded' };
}
