import ipaddr from 'ipaddr.js';
import type { Document } from 'yaml';
import type { IpFamily } from '@/lib/net/ip';

/**
 * Scalars read as nmstate 2.2 reads them, so the browser never refuses a value nmstatectl accepts.
 * Upstream: nmstate `rust/src/lib/deserializer.rs` (the `*_or_string` visitors) and Rust's
 * `std::net::IpAddr` parser. The documents are parsed with `intAsBigInt`, so a YAML integer
 * arrives as a bigint and a YAML float (`24.0`, `1e1`) as a number, as serde_yaml tells them apart.
 */

/**
 * An unsigned integer as nmstate's `option_u64_or_string` reads it: a YAML integer (not a float,
 * not negative), or a string of decimal digits with an optional `+` (Rust's `u64::from_str`), or
 * `0x` and hex digits. Anything else is undefined (nmstate refuses it: "invalid digit found in
 * string", "invalid type: floating point ...").
 */
export function readUnsigned(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value >= 0n ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const hex = /^0x(\+?[0-9a-fA-F]+)$/.exec(value);
  if (hex) return BigInt(`0x${hex[1]!.replace('+', '')}`);
  return /^\+?[0-9]+$/.test(value) ? BigInt(value.replace('+', '')) : undefined;
}

const TRUE = new Set(['1', 'true', 'yes', 'on', 'y']);
const FALSE = new Set(['0', 'false', 'no', 'off', 'n']);

/**
 * A boolean as nmstate's `option_bool_or_string` reads it: a YAML boolean, the integers 0 and 1,
 * or (any case) `1|0|true|false|yes|no|on|off|y|n`. Anything else, null included, is undefined
 * (nmstate: "Need to be boolean: 1|0|true|false|yes|no|on|off|y|n").
 */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 0n || value === 1n) return value === 1n;
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return TRUE.has(lower) ? true : FALSE.has(lower) ? false : undefined;
}

/**
 * The text of a scalar where nmstate deserializes a `String` straight from YAML (routes, DNS):
 * serde_yaml hands any plain scalar over as its text, so `next-hop-interface: 1234` names
 * interface "1234". Null and missing are undefined; mappings and lists are not text (null).
 * Inside `interfaces` nmstate goes through JSON values first, where only strings are strings.
 */
export function scalarText(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * The family of an IP address as Rust's `IpAddr::from_str` accepts it (what nmstate uses):
 * IPv4 as four decimal parts without leading zeros; IPv6 in any RFC 4291 text form, with an
 * embedded IPv4 tail of the same strictness, and no zone (`%eth0`), which Rust refuses.
 */
export function rustIpFamily(text: string): IpFamily | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return 4;
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text) || !ipaddr.IPv6.isValid(text)) return undefined;
  const tail = text.slice(text.lastIndexOf(':') + 1);
  if (tail.includes('.') && !ipaddr.IPv4.isValidFourPartDecimal(tail)) return undefined;
  return 6;
}

/** Is `ip` an IPv6 link-local address (fe80::/10), on-link on every IPv6 interface (RFC 4291 §2.5.6)? */
export function isIpv6LinkLocal(ip: string): boolean {
  return rustIpFamily(ip) === 6 && ipaddr.IPv6.parse(ip).range() === 'linkLocal';
}

/**
 * The document as nmstatectl reads it: non-breaking spaces are spaces (nmstatectl `state.rs`
 * replaces them before parsing). They come in with text pasted from web pages, and browsers put
 * them in the DOM for runs of typed spaces, which an editor reading the DOM may keep.
 */
export function nmstateText(text: string): string {
  return text.replaceAll('\u00a0', ' ');
}

/** What the console says of a document whose aliases the `yaml` library refuses to expand. */
export const TOO_MANY_ALIASES = 'The network config repeats YAML aliases (*name) too many times to be read safely; write the values out instead.';

/**
 * The document's data (`Document.toJS`), or TOO_MANY_ALIASES when the `yaml` library refuses to
 * expand its aliases: past its `maxAliasCount` (100 expansions) it throws a ReferenceError, the
 * guard against a "billion laughs" document that a few lines long would expand to gigabytes.
 * Other errors are thrown as they are.
 */
export function documentData(doc: Document): { data: unknown } | { problem: string } {
  try {
    return { data: doc.toJS() as unknown };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) return { problem: TOO_MANY_ALIASES };
    throw error;
  }
}
