/**
 * The parsers BMO's admission webhook runs on a BareMetalHost, reimplemented so the console decides
 * exactly as it does: Go's `net/url.Parse` (with `URL.Hostname`/`URL.Port`), `net.SplitHostPort`,
 * `net/netip.ParseAddr` and `net.ParseIP`, `net.ParseMAC` (Go 1.26, the toolchain the test bed's
 * baremetal-operator is built with) and `github.com/google/uuid.Parse` (v1.6). Written from reading
 * those sources; only what BMO's checks observe is kept (no query or path decoding results, no
 * String()). Go works on bytes: every character below U+0080 is its own byte and every other one is
 * made of bytes >= 0x80, so classifying UTF-16 code units as Go classifies bytes gives the same
 * verdicts. Error texts are Go's, so BMO's messages can be predicted word for word.
 *
 * Why not ipaddr.js (which `./ip.ts` uses for canonical forms): what it accepts is not what Go accepts
 * (octal and short IPv4 forms, zones, URL hosts), and no npm package parses URLs as Go does.
 */

/** A parse failure, with Go's error text. */
export interface GoError {
  error: string;
}

/** strconv.Quote of a string: Go's escapes for quotes, backslashes and control characters. */
export function goQuote(text: string): string {
  return goQuoteBytes(utf8Bytes(text));
}

/** strconv.Quote of bytes: a byte that starts no valid UTF-8 sequence is written `\xNN`. */
function goQuoteBytes(bytes: readonly number[]): string {
  let out = '"';
  for (const rune of goRunes(bytes)) {
    if (typeof rune === 'number') {
      out += `\\x${rune.toString(16).padStart(2, '0')}`;
      continue;
    }
    const code = rune.codePointAt(0) ?? 0;
    const named: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
    if (named[rune]) out += named[rune];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += rune;
  }
  return `${out}"`;
}

const utf8Bytes = (text: string): number[] => [...new TextEncoder().encode(text)];

/**
 * Bytes read as Go's utf8.DecodeRune reads them: each valid sequence as its character, each byte
 * that starts none as that byte (a number). TextDecoder would merge some invalid bytes; Go never does.
 */
function goRunes(bytes: readonly number[]): (string | number)[] {
  const runes: (string | number)[] = [];
  const cont = (i: number, lo = 0x80, hi = 0xbf) => {
    const b = bytes[i];
    return b !== undefined && b >= lo && b <= hi;
  };
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] ?? 0;
    let size = 0;
    if (b < 0x80) size = 1;
    else if (b >= 0xc2 && b <= 0xdf && cont(i + 1)) size = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
      if (cont(i + 1, lo, hi) && cont(i + 2)) size = 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      const [lo, hi] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      if (cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3)) size = 4;
    }
    if (size === 0) {
      runes.push(b);
      i += 1;
    } else {
      runes.push(new TextDecoder().decode(new Uint8Array(bytes.slice(i, i + size))));
      i += size;
    }
  }
  return runes;
}

/** Bytes as text the way Go's encoding/json writes a string: each invalid byte becomes U+FFFD. */
function goUtf8(bytes: readonly number[]): string {
  return goRunes(bytes)
    .map((rune) => (typeof rune === 'number' ? '\ufffd' : rune))
    .join('');
}

const isHex = (c: string) => /^[0-9a-fA-F]$/.test(c);
const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);

type Mode = 'host' | 'zone' | 'path' | 'userPassword' | 'fragment';

/** net/url shouldEscape, for the modes parsing uses. */
function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    switch (mode) {
      case 'path':
        return c === '?';
      case 'userPassword':
        return c === '@' || c === '/' || c === '?' || c === ':';
      case 'fragment':
        return false;
      default:
        break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

const unhex = (c: string) => Number.parseInt(c, 16);

/** net/url unescape: the decoded text, or Go's EscapeError / InvalidHostError. */
function unescape(s: string, mode: Mode): string | GoError {
  for (let i = 0; i < s.length; ) {
    const c = s[i] ?? '';
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1] ?? '') || !isHex(s[i + 2] ?? '')) {
        // Go quotes the next three bytes, which may cut a character in two.
        return { error: `invalid URL escape ${goQuoteBytes(utf8Bytes(s.slice(i)).slice(0, 3))}` };
      }
      // In a host, %-escapes may only encode non-ASCII bytes (RFC 3986), or be %25 (RFC 6874 zones).
      if (mode === 'host' && unhex(s[i + 1] ?? '') < 8 && s.slice(i, i + 3) !== '%25') return { error: `invalid URL escape ${goQuote(s.slice(i, i + 3))}` };
      if (mode === 'zone') {
        const v = String.fromCharCode(Number.parseInt(s.slice(i + 1, i + 3), 16));
        if (s.slice(i, i + 3) !== '%25' && v !== ' ' && shouldEscape(v, 'host')) return { error: `invalid URL escape ${goQuote(s.slice(i, i + 3))}` };
      }
      i += 3;
    } else {
      if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && shouldEscape(c, mode)) return { error: `invalid character ${goQuote(c)} in host name` };
      i += 1;
    }
  }
  return s.includes('%') ? decodePercent(s) : s;
}

/** The bytes of `s` with every %XX replaced by its byte, read back as Go reads a string. */
function decodePercent(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const char = String.fromCodePoint(s.codePointAt(i) ?? 0);
      bytes.push(...utf8Bytes(char));
      i += char.length - 1;
    }
  }
  return goUtf8(bytes);
}


/** What Go's url.Parse fills in that BMO looks at. */
export interface GoUrl {
  /** Lowercased, as Go stores it; '' when there is none. */
  scheme: string;
  opaque: string;
  /** host[:port] as written (IPv6 in brackets), after unescaping; '' when there is no authority. */
  host: string;
  hasUserinfo: boolean;
  path: string;
  rawQuery: string;
}

function getScheme(raw: string): { scheme: string; rest: string } | GoError {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return { error: 'missing protocol scheme' };
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

/** validOptionalPort: '' or ':' followed by digits only (any number of them, any value). */
export function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

function parseHost(host: string): string | GoError {
  const open = host.lastIndexOf('[');
  if (open > 0) return { error: 'invalid IP-literal' };
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return { error: "missing ']' in host" };
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return { error: `invalid port ${goQuote(colonPort)} after host` };
    const hostname = host.slice(1, close);
    const zone = hostname.indexOf('%25');
    let unescaped: string;
    if (zone >= 0) {
      const hostPart = unescape(hostname.slice(0, zone), 'host');
      if (typeof hostPart !== 'string') return hostPart;
      const zonePart = unescape(hostname.slice(zone), 'zone');
      if (typeof zonePart !== 'string') return zonePart;
      unescaped = hostPart + zonePart;
    } else {
      const decoded = unescape(hostname, 'host');
      if (typeof decoded !== 'string') return decoded;
      unescaped = decoded;
    }
    // Only an IPv6 address may be in brackets (IPv4-mapped IPv6 is still IPv6).
    const addr = parseAddr(unescaped);
    if ('error' in addr) return { error: `invalid host: ${addr.error}` };
    if (addr.family === 4) return { error: 'invalid IP-literal' };
    return `[${unescaped}]${colonPort}`;
  }
  const lastColon = host.lastIndexOf(':');
  if (lastColon !== -1) {
    // The port is whatever follows the last colon. Go 1.26 would insist on a single colon for http
    // and https, but BMO's binary runs with urlstrictcolons=0 (its main module says go 1.25.0;
    // `go version -m baremetal-operator` shows DefaultGODEBUG).
    const colonPort = host.slice(lastColon);
    if (!validOptionalPort(colonPort)) return { error: `invalid port ${goQuote(colonPort)} after host` };
  }
  return unescape(host, 'host');
}

function parse(raw: string): GoUrl | GoError {
  if (/[\x00-\x1f\x7f]/.test(raw)) return { error: 'net/url: invalid control character in URL' };
  const url: GoUrl = { scheme: '', opaque: '', host: '', hasUserinfo: false, path: '', rawQuery: '' };
  if (raw === '*') return { ...url, path: '*' };
  const split = getScheme(raw);
  if ('error' in split) return split;
  url.scheme = split.scheme.toLowerCase();
  let rest = split.rest;
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') return { ...url, opaque: rest };
    const segment = rest.split('/')[0] ?? '';
    if (segment.includes(':')) return { error: 'first path segment in URL cannot contain colon' };
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf('@');
    const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
    if (typeof host !== 'string') return host;
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!validUserinfo(userinfo)) return { error: 'net/url: invalid userinfo' };
      for (const part of userinfo.includes(':') ? [userinfo.slice(0, userinfo.indexOf(':')), userinfo.slice(userinfo.indexOf(':') + 1)] : [userinfo]) {
        const decoded = unescape(part, 'userPassword');
        if (typeof decoded !== 'string') return decoded;
      }
      url.hasUserinfo = true;
    }
    url.host = host;
  }
  const path = unescape(rest, 'path');
  if (typeof path !== 'string') return path;
  url.path = path;
  return url;
}

/** url.Parse: the URL, or Go's `parse "<url>": <why>` (the fragment is checked, then dropped). */
export function goParseUrl(raw: string): GoUrl | GoError {
  const hash = raw.indexOf('#');
  const u = hash >= 0 ? raw.slice(0, hash) : raw;
  const url = parse(u);
  if ('error' in url) return { error: `parse ${goQuote(u)}: ${url.error}` };
  if (hash >= 0) {
    const fragment = unescape(raw.slice(hash + 1), 'fragment');
    if (typeof fragment !== 'string') return { error: `parse ${goQuote(raw)}: ${fragment.error}` };
  }
  return url;
}

/** URL.Hostname and URL.Port: the host without brackets, and the port ('' when none). */
export function goSplitUrlHost(host: string): { hostname: string; port: string } {
  let hostname = host;
  let port = '';
  const colon = hostname.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(hostname.slice(colon))) {
    port = hostname.slice(colon + 1);
    hostname = hostname.slice(0, colon);
  }
  if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
  return { hostname, port };
}

/** net.SplitHostPort: host and port, or Go's AddrError text. */
export function goSplitHostPort(hostport: string): { host: string; port: string } | GoError {
  const fail = (why: string): GoError => ({ error: hostport ? `address ${hostport}: ${why}` : why });
  const i = hostport.lastIndexOf(':');
  if (i < 0) return fail('missing port in address');
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) return fail("missing ']' in address");
    if (end + 1 === hostport.length) return fail('missing port in address');
    if (end + 1 !== i) return fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return fail('too many colons in address');
  }
  if (hostport.slice(j).includes('[')) return fail("unexpected '[' in address");
  if (hostport.slice(k).includes(']')) return fail("unexpected ']' in address");
  return { host, port: hostport.slice(i + 1) };
}

/** netip's parseAddrError text: `ParseAddr("in"): msg (at "at")`. */
function addrError(input: string, msg: string, at?: string): GoError {
  return { error: `ParseAddr(${goQuote(input)}): ${msg}${at ? ` (at ${goQuote(at)})` : ''}` };
}

/** netip parseIPv4Fields over in[off:end]: undefined when it is four decimal octets, else Go's error. */
function parseIPv4Fields(input: string, off: number, end: number): GoError | undefined {
  const s = input.slice(off, end);
  let val = 0;
  let pos = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c >= '0' && c <= '9') {
      if (digits === 1 && val === 0) return addrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + Number(c);
      digits += 1;
      if (val > 255) return addrError(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') return addrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      if (pos === 3) return addrError(input, 'IPv4 address too long');
      pos += 1;
      val = 0;
      digits = 0;
    } else {
      return addrError(input, 'unexpected character', s.slice(i));
    }
  }
  if (pos < 3) return addrError(input, 'IPv4 address too short');
  return undefined;
}

/** netip parseIPv6, on a text that has a ':': whether it has a zone, or Go's error. */
function parseIPv6(input: string): { zone: boolean } | GoError {
  let s = input;
  let zone = '';
  const percent = s.indexOf('%');
  if (percent !== -1) {
    zone = s.slice(percent + 1);
    s = s.slice(0, percent);
    if (zone === '') return addrError(input, 'zone must be a non-empty string');
  }
  let i = 0; // how many of the 16 bytes are filled
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return { zone: zone !== '' };
  }
  while (i < 16) {
    let off = 0;
    while (off < s.length && isHex(s[off] ?? '')) {
      if (off > 3) return addrError(input, 'each group must have 4 or less digits', s);
      off += 1;
    }
    if (off === 0) return addrError(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return addrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) return addrError(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      const end = input.length - (zone ? zone.length + 1 : 0);
      const ipv4 = parseIPv4Fields(input, end - s.length, end);
      if (ipv4) return ipv4;
      s = '';
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':') return addrError(input, 'unexpected character, want colon', s);
    if (s.length === 1) return addrError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return addrError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return addrError(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) return addrError(input, 'address string too short');
  } else if (ellipsis >= 0) {
    return addrError(input, 'the :: must expand to at least one field of zeros');
  }
  return { zone: zone !== '' };
}

/** netip.ParseAddr: the family and whether it has a zone, or Go's error text. */
export function parseAddr(s: string): { family: 4 | 6; zone: boolean } | GoError {
  for (const c of s) {
    if (c === '.') return parseIPv4Fields(s, 0, s.length) ?? { family: 4, zone: false };
    if (c === ':') {
      const v6 = parseIPv6(s);
      return 'error' in v6 ? v6 : { family: 6, zone: v6.zone };
    }
    if (c === '%') return addrError(s, 'missing IPv6 address');
  }
  return addrError(s, 'unable to parse IP');
}

/** net.ParseIP: an IPv4 or IPv6 address without a zone (IPv4 without leading zeros). */
export function goParseIp(s: string): 4 | 6 | undefined {
  const addr = parseAddr(s);
  return 'error' in addr || addr.zone ? undefined : addr.family;
}

/** net.ParseMAC: how many bytes the address has (6, 8 or 20), or undefined when Go refuses it. */
export function goParseMac(s: string): 6 | 8 | 20 | undefined {
  const sized = (n: number) => (n === 6 || n === 8 || n === 20 ? n : undefined);
  if (s.length < 12) return undefined;
  const third = s[2];
  if (third === ':' || third === '-') {
    if ((s.length + 1) % 3 !== 0) return undefined;
    const n = sized((s.length + 1) / 3);
    const group = third === ':' ? '[0-9a-fA-F]{2}:' : '[0-9a-fA-F]{2}-';
    return n && new RegExp(`^(${group}){${n - 1}}[0-9a-fA-F]{2}$`).test(s) ? n : undefined;
  }
  if (s[4] === '.') {
    if ((s.length + 1) % 5 !== 0) return undefined;
    const n = sized((2 * (s.length + 1)) / 5);
    return n && new RegExp(`^([0-9a-fA-F]{4}\\.){${n / 2 - 1}}[0-9a-fA-F]{4}$`).test(s) ? n : undefined;
  }
  if (s.length % 2 !== 0) return undefined;
  const n = sized(s.length / 2);
  return n && /^[0-9a-fA-F]+$/.test(s) ? n : undefined;
}

/**
 * github.com/google/uuid Parse: does it read `s` as a UUID? Its forms: 36 characters with dashes at
 * 8, 13, 18 and 23; `urn:uuid:` and those 36; 38 characters whose first and last are not looked at
 * (meant for braces); 32 hex digits.
 */
export function isGoogleUuid(s: string): boolean {
  const dashed = (t: string) => t[8] === '-' && t[13] === '-' && t[18] === '-' && t[23] === '-' && /^[0-9a-fA-F]{32}$/.test(t.slice(0, 36).replaceAll('-', ''));
  switch (s.length) {
    case 36:
      return dashed(s);
    case 45:
      return s.slice(0, 9).toLowerCase() === 'urn:uuid:' && dashed(s.slice(9));
    case 38:
      return dashed(s.slice(1));
    case 32:
      return /^[0-9a-fA-F]{32}$/.test(s);
    default:
      return false;
  }
}
