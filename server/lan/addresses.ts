// The machine's LAN names: addresses from its interfaces, its host names, and the URLs and broadcast targets they give.
import { isIPv4, isIPv6 } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Names a certificate covers and a browser can open: DNS names and IP literals. */
export interface LanNames {
  readonly dns: readonly string[];
  readonly ips: readonly string[];
}

/** Names every LAN certificate covers so the machine itself can open the app too. */
const LOOPBACK_NAMES: LanNames = { dns: ['localhost'], ips: ['127.0.0.1'] };

/** fe80::/10: a browser cannot open a URL with a scoped link-local IPv6 address. */
function isLinkLocalIPv6(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address);
}

/** A host name usable as a certificate dNSName: letters, digits and hyphens in dot-separated labels. */
function isDnsName(name: string): boolean {
  return name.length <= 253 && /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/.test(name);
}

/** Non-internal IPv4 and IPv6 addresses of `interfaces`, IPv4 first, without scoped link-local IPv6. */
export function lanAddresses(interfaces: Interfaces): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv4') v4.push(info.address);
      else if (!isLinkLocalIPv6(info.address)) v6.push(info.address);
    }
  }
  return [...new Set([...v4, ...v6])];
}

/** The host name and its mDNS `.local` form, lower-cased; none when the name is not a valid DNS name. */
export function hostNames(hostname: string): string[] {
  const name = hostname.trim().toLowerCase().replace(/\.$/, '');
  if (!isDnsName(name)) return [];
  const bare = name.endsWith('.local') ? name.slice(0, -'.local'.length) : name;
  return [...new Set([bare, `${bare}.local`].filter(isDnsName))];
}

/** Every name the LAN certificate must cover: LAN addresses, host names, 127.0.0.1 and localhost. */
export function certificateNames(interfaces: Interfaces, hostname: string): LanNames {
  return {
    dns: [...new Set([...hostNames(hostname), ...LOOPBACK_NAMES.dns])],
    ips: [...new Set([...lanAddresses(interfaces), ...LOOPBACK_NAMES.ips])],
  };
}

function urlFor(host: string, port: number): string {
  return `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/**
 * The URLs other devices open, most useful first: each LAN address, then `hostname.local`. When the
 * server listens on one address only, just that one. With no LAN address at all (a machine that
 * is not on a network), the loopback URLs, so the machine itself still can.
 */
export function lanUrls(listenHost: string, port: number, interfaces: Interfaces, hostname: string): string[] {
  if (listenHost !== '0.0.0.0' && listenHost !== '::') return [urlFor(listenHost, port)];
  const addresses = lanAddresses(interfaces);
  if (addresses.length === 0) return [urlFor('localhost', port), urlFor('127.0.0.1', port)];
  const mdns = hostNames(hostname).filter((n) => n.endsWith('.local'));
  return [...addresses.map((a) => urlFor(a, port)), ...mdns.map((n) => urlFor(n, port))];
}

/** The origins the page may be opened from in LAN mode besides loopback (which the server always allows). */
export function lanOrigins(names: LanNames, port: number): string[] {
  const loopback = new Set([...LOOPBACK_NAMES.ips, ...LOOPBACK_NAMES.dns]);
  return [...names.ips, ...names.dns].filter((host) => !loopback.has(host)).map((host) => urlFor(host, port));
}

/** The directed broadcast address of each IPv4 interface (192.168.1.255 for 192.168.1.20/24). */
export function directedBroadcasts(interfaces: Interfaces): string[] {
  const out = new Set<string>();
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal || info.family !== 'IPv4' || !isIPv4(info.netmask)) continue;
      const address = info.address.split('.').map(Number);
      const mask = info.netmask.split('.').map(Number);
      out.add(address.map((octet, i) => (octet | (~mask[i]! & 0xff)) & 0xff).join('.'));
    }
  }
  return [...out];
}
