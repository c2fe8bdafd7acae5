// Who a connection is, for the per-address limits: the TCP peer, or the client a trusted proxy names.
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
/** An address range: network address and prefix length in bits. */
export type AddressRange = readonly [Address, number];

/** IPv6 clients are grouped by this prefix, in bits: one subscriber usually holds a whole /64. */
export const IPV6_LIMIT_PREFIX_BITS = 64;

/**
 * Parses a strict IPv4 dotted quad or an IPv6 address (zone id dropped); IPv4-mapped IPv6 becomes
 * IPv4. Undefined for anything else, including host:port forms and legacy IPv4 shorthands.
 */
export function parseAddress(text: string): Address | undefined {
  const bare = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare);
  const unzoned = bare.split('%', 1)[0] ?? '';
  if (!ipaddr.IPv6.isValid(unzoned)) return undefined;
  const v6 = ipaddr.IPv6.parse(unzoned);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** Parses `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or `v6/n`; undefined if it is none of these. */
export function parseAddressRange(text: string): AddressRange | undefined {
  const [base = '', bits, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const address = parseAddress(base);
  if (!address) return undefined;
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (bits === undefined) return [address, max];
  if (!/^\d{1,3}$/.test(bits)) return undefined;
  // A mapped v6 range like ::ffff:10.0.0.0/104 became IPv4: its prefix shrinks by the 96 mapped bits.
  const prefix = Number(bits) - (max === 32 && base.includes(':') ? 96 : 0);
  return prefix < 0 || prefix > max ? undefined : [address, prefix];
}

/** An IPv4 address as ipaddr.js prints it (0–255, no leading zeros), so the key is the text itself. */
const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * The key every per-address limit counts under: an IPv4 address as is, an IPv6 address as its
 * /64 (so one subscriber's many addresses share one allowance). Unparseable text is its own key.
 */
export function limitKey(text: string): string {
  // Every connection passes here at upgrade: a canonical dotted quad is its own key without a parse.
  if (CANONICAL_IPV4.test(text)) return text;
  const address = parseAddress(text);
  if (!address) return text;
  if (address.kind() === 'ipv4') return address.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${IPV6_LIMIT_PREFIX_BITS}`);
  return `${network.toString()}/${IPV6_LIMIT_PREFIX_BITS}`;
}

/** Decides which address a connection is counted as, from the TCP peer and what a trusted proxy says. */
export class ClientAddressResolver {
  constructor(private readonly trusted: readonly AddressRange[]) {}

  /** False when no proxy is trusted: the TCP peer is then the client, whatever a proxy header says. */
  get trustsProxies(): boolean {
    return this.trusted.length > 0;
  }

  /** True if `address` is one of the trusted proxies. */
  isTrusted(address: Address): boolean {
    return this.trusted.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  }

  /**
   * The client's address. From a peer that is not a trusted proxy: the peer itself, whatever it
   * sent. From a trusted proxy: walking the hops right to left (`X-Forwarded-For` entries, then
   * the PROXY protocol source), the first that is not itself a trusted proxy. A malformed hop
   * stops the walk at the last trusted hop: only untrusted parties write malformed entries.
   */
  resolve(peer: string, forwardedFor: string, proxied: string): string {
    if (this.trusted.length === 0) return peer;
    const peerAddress = parseAddress(peer);
    if (!peerAddress || !this.isTrusted(peerAddress)) return peer;
    const hops = forwardedFor === '' ? [] : forwardedFor.split(',');
    if (proxied !== '') hops.push(proxied);
    let client = peerAddress;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = parseAddress(hops[i] ?? '');
      if (!hop) break;
      client = hop;
      if (!this.isTrusted(hop)) break;
    }
    return client.toString();
  }
}
