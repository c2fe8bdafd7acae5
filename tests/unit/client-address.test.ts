// Client address behind proxies: trusted-proxy parsing, the rightmost untrusted X-Forwarded-For hop, /64 grouping.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientAddressResolver, limitKey, parseAddress, parseAddressRange } from '../../server/client-address.js';

const resolverFor = (...ranges: string[]): ClientAddressResolver => new ClientAddressResolver(ranges.map((r) => parseAddressRange(r)!));

describe('parseAddressRange', () => {
  it.each(['10.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', '2001:db8::/64', '::ffff:10.0.0.0/104'])('accepts %s', (text) => {
    expect(parseAddressRange(text)).toBeDefined();
  });

  it.each(['', 'proxy.example.org', '10.0.0.0/33', '::/129', '10.0.0.1:80', '0x7f.1', '10.0.0/8', '1.2.3.4/8/8', '::ffff:10.0.0.0/90'])('refuses %j', (text) => {
    expect(parseAddressRange(text)).toBeUndefined();
  });
});

describe('limitKey', () => {
  it('keeps IPv4 addresses whole and maps IPv4-mapped IPv6 to IPv4', () => {
    expect(limitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(limitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('groups IPv6 addresses of one /64 under one key, and keeps other /64s apart', () => {
    const a = limitKey('2001:db8:1:2:aaaa::1');
    expect(limitKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(a);
    expect(limitKey('2001:0db8:0001:0002::9')).toBe(a);
    expect(limitKey('2001:db8:1:3::1')).not.toBe(a);
    expect(a).toBe('2001:db8:1:2::/64');
  });

  it('gives any dotted-quad text the key the full parse gives it (the canonical form skips the parse)', () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '007', '1e1', ' 1', ''));
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), (parts) => {
        const text = parts.join('.');
        const parsed = parseAddress(text);
        expect(limitKey(text)).toBe(parsed?.kind() === 'ipv4' ? parsed.toString() : text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ClientAddressResolver without trusted proxies', () => {
  it('takes the TCP peer as it is, whatever the headers say', () => {
    const resolver = new ClientAddressResolver([]);
    expect(resolver.resolve('198.51.100.9', '203.0.113.1', '203.0.113.2')).toBe('198.51.100.9');
    expect(resolver.resolve('not an address', '203.0.113.1', '')).toBe('not an address');
  });

  it('says it trusts no proxy, so the upgrade reads no proxy header at all', () => {
    expect(new ClientAddressResolver([]).trustsProxies).toBe(false);
    expect(resolverFor('10.0.0.0/8').trustsProxies).toBe(true);
  });
});

describe('ClientAddressResolver', () => {
  it('ignores forwarded headers and PROXY data from a peer that is not trusted', () => {
    const resolver = resolverFor('10.0.0.0/8');
    expect(resolver.resolve('198.51.100.9', '203.0.113.1', '203.0.113.2')).toBe('198.51.100.9');
  });

  it('takes the rightmost X-Forwarded-For hop that is not a trusted proxy', () => {
    const resolver = resolverFor('10.0.0.0/8', 'fd00::/8');
    // The client forged the first entry; the proxy chain appended the real client, then itself.
    expect(resolver.resolve('10.0.0.2', '1.1.1.1, 203.0.113.5, 10.0.0.7', '')).toBe('203.0.113.5');
    expect(resolver.resolve('fd00::2', '2001:db8::5', '')).toBe('2001:db8::5');
  });

  it('prefers the PROXY protocol source, the nearest hop, over X-Forwarded-For', () => {
    expect(resolverFor('127.0.0.1').resolve('127.0.0.1', '203.0.113.5', '198.51.100.4')).toBe('198.51.100.4');
    expect(resolverFor('127.0.0.1').resolve('127.0.0.1', '', '198.51.100.4')).toBe('198.51.100.4');
  });

  it('stops at the last trusted hop when an entry is malformed, and uses the peer when there are no hops', () => {
    const resolver = resolverFor('10.0.0.0/8');
    expect(resolver.resolve('10.0.0.2', 'not-an-ip, 10.0.0.9', '')).toBe('10.0.0.9');
    expect(resolver.resolve('10.0.0.2', '', '')).toBe('10.0.0.2');
  });

  it('matches a trusted IPv4 proxy that connects over an IPv4-mapped IPv6 socket', () => {
    expect(resolverFor('127.0.0.1').resolve('::ffff:127.0.0.1', '203.0.113.5', '')).toBe('203.0.113.5');
  });
});
