// LAN names: which interface addresses count, host names, URLs, origins and broadcast targets.
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { certificateNames, directedBroadcasts, hostNames, lanAddresses, lanOrigins, lanUrls, type Interfaces } from '../../server/lan/addresses.js';

function v4(address: string, netmask: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask, family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: null };
}
function v6(address: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal, cidr: null, scopeid: 0 };
}

const laptop: Interfaces = {
  lo: [v4('127.0.0.1', '255.0.0.0', true), v6('::1', true)],
  wlan0: [v4('192.168.1.20', '255.255.255.0'), v6('fe80::1c2b:3cff:fe4d:5e6f'), v6('fd00::20')],
  eth0: [v4('10.0.0.5', '255.255.0.0')],
};
const offline: Interfaces = { lo: [v4('127.0.0.1', '255.0.0.0', true)] };

describe('LAN addresses and names', () => {
  it('lists non-internal addresses, IPv4 first, without link-local IPv6', () => {
    expect(lanAddresses(laptop)).toEqual(['192.168.1.20', '10.0.0.5', 'fd00::20']);
    expect(lanAddresses(offline)).toEqual([]);
  });

  it('gives the host name and its .local form, and nothing for a name that is not a DNS name', () => {
    expect(hostNames('Laptop')).toEqual(['laptop', 'laptop.local']);
    expect(hostNames('laptop.local')).toEqual(['laptop', 'laptop.local']);
    expect(hostNames('my laptop')).toEqual([]);
  });

  it('asks the certificate to cover LAN addresses, host names, 127.0.0.1 and localhost', () => {
    expect(certificateNames(laptop, 'laptop')).toEqual({
      dns: ['laptop', 'laptop.local', 'localhost'],
      ips: ['192.168.1.20', '10.0.0.5', 'fd00::20', '127.0.0.1'],
    });
  });

  it('prints a URL per LAN address and the .local name, or loopback URLs with no network', () => {
    expect(lanUrls('0.0.0.0', 8790, laptop, 'laptop')).toEqual([
      'https://192.168.1.20:8790',
      'https://10.0.0.5:8790',
      'https://[fd00::20]:8790',
      'https://laptop.local:8790',
    ]);
    expect(lanUrls('0.0.0.0', 8790, offline, 'laptop')).toEqual(['https://localhost:8790', 'https://127.0.0.1:8790']);
    expect(lanUrls('192.168.1.20', 8790, laptop, 'laptop')).toEqual(['https://192.168.1.20:8790']);
  });

  it('allows every certificate name as an origin except loopback, which the server always allows', () => {
    expect(lanOrigins(certificateNames(laptop, 'laptop'), 8790)).toEqual([
      'https://192.168.1.20:8790',
      'https://10.0.0.5:8790',
      'https://[fd00::20]:8790',
      'https://laptop:8790',
      'https://laptop.local:8790',
    ]);
  });

  it('computes each IPv4 interface broadcast address', () => {
    expect(directedBroadcasts(laptop)).toEqual(['192.168.1.255', '10.0.255.255']);
    expect(directedBroadcasts(offline)).toEqual([]);
  });
});
