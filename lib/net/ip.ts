import ipaddr from 'ipaddr.js';

/**
 * IP addresses as addresses, never as text (SPEC §5: `2001:db8::0023` is `2001:db8::23`).
 *
 * One grammar and one canonical form for every place two addresses meet (enrollment conflicts,
 * CSR SANs, inventory links and search): Go's, because the cluster reads addresses with Go.
 * - Accepted: what Go's `net.ParseIP` accepts (Go 1.22+, `netip.ParseAddr` without a zone):
 *   IPv4 as four decimal parts without leading zeros; IPv6 with 1–4 hex digits per group, in any
 *   case, `::` compression, and a dotted IPv4 tail (`::ffff:192.0.2.1`, `64:ff9b::192.0.2.1`).
 *   Rejected: zones (`fe80::1%eth0`), `0x7f.1`, `192.168.001.1`, five-digit groups.
 * - Canonical: Go's `net.IP.String()`: RFC 5952 for IPv6 (lower case, the longest run of two or
 *   more zero groups as `::`), and an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) as its IPv4
 *   address, since Go's `net.IP.Equal` holds them equal.
 *
 * ipaddr.js does the arithmetic, but its parser is wider than Go's (it reads `::1.2.3.4` as
 * `::ffff:1.2.3.4`, accepts five-digit groups and hex IPv4 parts), so the text is screened here first.
 */

export type IpFamily = 4 | 6;

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Four decimal parts without leading zeros (the shape ipaddr.js's isValidFourPartDecimal checks
 * after parsing): screening with it first spares ipaddr.js's parser, which throws on anything else,
 * and a thrown error per row made the inventory's search over 10,000 rows take seconds.
 */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;

function parseIpv4(text: string): ipaddr.IPv4 | undefined {
  return FOUR_PART_DECIMAL.test(text) && ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : undefined;
}

function parseIpv6(text: string): ipaddr.IPv6 | undefined {
  if (!text.includes(':')) return undefined;
  let hex = text;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    // A dotted IPv4 tail is the last 32 bits, whatever precedes it (ipaddr.js would map `::a.b.c.d`).
    const v4 = parseIpv4(tail);
    if (!v4) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = v4.octets;
    hex = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  if (!/^[0-9a-fA-F:]+$/.test(hex) || hex.split(':').some((group) => group.length > 4)) return undefined;
  return ipaddr.IPv6.isValid(hex) ? ipaddr.IPv6.parse(hex) : undefined;
}

/** An address in Go's grammar, with the family it is written in; undefined if it is not one. */
function parseIp(text: string): { family: IpFamily; address: Address } | undefined {
  const v4 = parseIpv4(text);
  if (v4) return { family: 4, address: v4 };
  const v6 = parseIpv6(text);
  return v6 ? { family: 6, address: v6 } : undefined;
}

/** The family a textual IP address is written in (`::ffff:192.0.2.1` is 6), or undefined if it is none. */
export function ipFamily(text: string): IpFamily | undefined {
  return parseIp(text)?.family;
}

/**
 * The canonical text of an IP address, as Go's `net.IP.String()` prints it
 * (`2001:DB8::0023` → `2001:db8::23`, `::ffff:192.0.2.1` → `192.0.2.1`), or undefined if `text`
 * is not an address in Go's grammar.
 */
export function canonicalIp(text: string): string | undefined {
  const parsed = parseIp(text.trim());
  if (!parsed) return undefined;
  const { address } = parsed;
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toRFC5952String();
  }
  return address.toString();
}

/** The canonical text of the address in `bytes` (4 or 16, network order), as Go prints a net.IP. */
export function ipFromBytes(bytes: Uint8Array): string | undefined {
  if (bytes.length === 4) return ipaddr.fromByteArray([...bytes]).toString();
  if (bytes.length !== 16) return undefined;
  const v6 = ipaddr.fromByteArray([...bytes]) as ipaddr.IPv6;
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toRFC5952String();
}

/** Whether two texts are the same IP address; false when either is not an address. */
export function sameIp(a: string, b: string): boolean {
  const x = canonicalIp(a);
  return x !== undefined && x === canonicalIp(b);
}

/**
 * The key to compare an address of any kind by: the canonical IP for an IP, else the text in
 * lower case (DNS names compare case-insensitively, RFC 4343). For lists that mix both, such as
 * a Node's `status.addresses` or a CSR's SANs.
 */
export function addressKey(text: string): string {
  return canonicalIp(text) ?? text.trim().toLowerCase();
}

export function maxPrefix(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

/** Is `ip` inside `network/prefix`? Addresses of different families never are. */
export function inSubnet(ip: string, network: string, prefix: number): boolean {
  const a = parseIp(ip);
  const n = parseIp(network);
  if (!a || !n || a.family !== n.family || a.address.kind() !== n.address.kind()) return false;
  return a.address.match(n.address, prefix);
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

/** The subnet `ip/prefix` belongs to, written as a CIDR (canonical address). */
export function subnetOf(ip: string, prefix: number): string {
  const parsed = parseIp(ip);
  if (!parsed) throw new Error(`not an IP address: ${ip}`);
  if (parsed.family === 4) return `${ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${prefix}`).toString()}/${prefix}`;
  const bytes = (parsed.address as ipaddr.IPv6).toByteArray();
  const masked = bytes.map((byte, i) => {
    const bits = Math.min(8, Math.max(0, prefix - i * 8));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
  return `${(ipaddr.fromByteArray(masked) as ipaddr.IPv6).toRFC5952String()}/${prefix}`;
}
