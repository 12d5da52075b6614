import ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

/** The family of a textual IP address in its usual form (IPv4 as four decimal parts), or undefined. */
export function ipFamily(text: string): IpFamily | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return 4;
  if (!text.includes(':')) return undefined;
  return ipaddr.IPv6.isValid(text) ? 6 : undefined;
}

export function maxPrefix(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

/** Is `ip` inside `network/prefix`? Addresses of different families never are. */
export function inSubnet(ip: string, network: string, prefix: number): boolean {
  const family = ipFamily(ip);
  if (!family || family !== ipFamily(network)) return false;
  return ipaddr.parse(ip).match(ipaddr.parse(network), prefix);
}

/**
 * Why `ip/prefix` cannot be a host's address, or undefined: the network address, or the IPv4
 * broadcast address, of a subnet that has host addresses (/31 and /32 have no such reserved ones).
 */
export function reservedAddressProblem(ip: string, prefix: number): string | undefined {
  if (ipFamily(ip) !== 4 || prefix >= 31) return undefined;
  const cidr = `${ip}/${prefix}`;
  if (ipaddr.IPv4.networkAddressFromCIDR(cidr).toString() === ip) return `${ip} is the network address of ${subnetOf(ip, prefix)}`;
  if (ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString() === ip) return `${ip} is the broadcast address of ${subnetOf(ip, prefix)}`;
  return undefined;
}

/** The subnet `ip/prefix` belongs to, written as a CIDR. */
export function subnetOf(ip: string, prefix: number): string {
  const family = ipFamily(ip);
  if (family === 4) return `${ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${prefix}`).toString()}/${prefix}`;
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${ip}/${prefix}`).toString()}/${prefix}`;
}
