import { goParseIp, goParseUrl, goSplitHostPort, goSplitUrlHost } from '@/lib/net/go';

/**
 * BMC addresses as BMO reads them: the driver registry and URL parsing of
 * `github.com/metal3-io/baremetal-operator/pkg/hardwareutils` v0.9.0 `bmc/` (the version the test
 * bed's BMO v0.13.2 is built against; the module proxy has no v0.13.x of it): `access.go`
 * (`GetParsedURL`, `checkDNSValid`, `NewAccessDetails`), each driver's
 * `RegisterFactory(name, factory, schemes)` and the capabilities BMO's webhook checks.
 *
 * Real BMO v0.13.2 builds its own copy of hardwareutils, which no longer has `ilo4`,
 * `ilo4-virtualmedia` and `ilo5` (dropped in v0.12.0, "Drop the non-Redfish iLO 4 and iLO 5
 * drivers") nor `irmc` (dropped in v0.13.0): a real cluster refuses those as an unknown BMC type.
 * The console models the test bed, whose webhook still knows them (see `removedUpstream`).
 */

export type BmcTransport = 'http' | 'https';

export interface BmcDriverCapabilities {
  /** The `+http`/`+https` suffixes its RegisterFactory accepts (none: the bare name only). */
  transports: readonly BmcTransport[];
  /** Boots by virtual media: `!RequiresProvisioningNetwork()`, so it works with provisioning network Disabled. */
  virtualMedia: boolean;
  /** `NeedsMAC()`: BMO's webhook then requires spec.bootMACAddress. */
  needsMAC: boolean;
  /** `SupportsSecureBoot()`: BMO's webhook refuses bootMode UEFISecureBoot otherwise. */
  supportsSecureBoot: boolean;
  /** The BMO release whose own hardwareutils no longer has it (the test bed's v0.9.0 still does). */
  removedUpstream?: string;
}

const HTTP_HTTPS = ['http', 'https'] as const;

/**
 * Every driver BMO's registry knows, in the order SPEC §4 lists them. `idrac` is not one: SPEC §4
 * names it, but no RegisterFactory does (`idrac-redfish` and `idrac-virtualmedia` are the iDRAC drivers).
 */
export const BMC_DRIVERS = {
  'redfish-virtualmedia': { transports: HTTP_HTTPS, virtualMedia: true, needsMAC: true, supportsSecureBoot: true },
  'idrac-virtualmedia': { transports: HTTP_HTTPS, virtualMedia: true, needsMAC: true, supportsSecureBoot: true },
  'ilo5-virtualmedia': { transports: HTTP_HTTPS, virtualMedia: true, needsMAC: true, supportsSecureBoot: true },
  'ilo4-virtualmedia': { transports: ['https'], virtualMedia: true, needsMAC: true, supportsSecureBoot: true, removedUpstream: 'v0.12.0' },
  'redfish-uefihttp': { transports: HTTP_HTTPS, virtualMedia: true, needsMAC: true, supportsSecureBoot: true },
  ipmi: { transports: [], virtualMedia: false, needsMAC: false, supportsSecureBoot: false },
  redfish: { transports: HTTP_HTTPS, virtualMedia: false, needsMAC: true, supportsSecureBoot: true },
  'idrac-redfish': { transports: HTTP_HTTPS, virtualMedia: false, needsMAC: true, supportsSecureBoot: true },
  'ilo5-redfish': { transports: HTTP_HTTPS, virtualMedia: false, needsMAC: true, supportsSecureBoot: true },
  irmc: { transports: [], virtualMedia: false, needsMAC: true, supportsSecureBoot: true, removedUpstream: 'v0.13.0' },
  ilo4: { transports: ['https'], virtualMedia: false, needsMAC: true, supportsSecureBoot: true, removedUpstream: 'v0.12.0' },
  ilo5: { transports: ['https'], virtualMedia: false, needsMAC: true, supportsSecureBoot: true, removedUpstream: 'v0.12.0' },
  // libvirt shares ipmi's factory; NeedsMAC is true for it alone.
  libvirt: { transports: [], virtualMedia: false, needsMAC: true, supportsSecureBoot: false },
} as const satisfies Record<string, BmcDriverCapabilities>;

export type BmcDriver = keyof typeof BMC_DRIVERS;

export const NEEDS_PROVISIONING_NETWORK = 'needs a provisioning network, which scaling a user-provisioned cluster does not have';

export function isBmcDriver(name: string): name is BmcDriver {
  return Object.hasOwn(BMC_DRIVERS, name);
}

export function driverCapabilities(driver: BmcDriver): BmcDriverCapabilities {
  return BMC_DRIVERS[driver];
}

/** The registry's lookup: `name` or `name+transport` as RegisterFactory registered it, else undefined. */
export function driverOfScheme(scheme: string): { driver: BmcDriver; transport?: BmcTransport } | undefined {
  const [name = '', transport, ...more] = scheme.split('+');
  if (more.length > 0 || !isBmcDriver(name)) return undefined;
  if (transport === undefined) return { driver: name };
  const registered = BMC_DRIVERS[name].transports.find((t) => t === transport);
  return registered ? { driver: name, transport: registered } : undefined;
}

export interface BmcAddress {
  /** The scheme BMO looks the driver up by: lowercased, `ipmi` when the address has none. */
  scheme: string;
  driver: BmcDriver;
  transport?: BmcTransport;
  /** `URL.Hostname()`: IPv6 without brackets; '' when the address has no host. */
  hostname: string;
  /** `URL.Port()`: the digits after the host's last colon, '' when none (Go checks no range). */
  port: string;
  /** The decoded path, e.g. a Redfish system `/redfish/v1/Systems/1`. */
  path: string;
  /** `user[:password]@` before the host. */
  hasUserinfo: boolean;
}

/** Why BMO refuses an address, with BMO's own words (`bmoMessage`, what its webhook answers). */
export type BmcAddressProblem =
  /** Go's url.Parse failed and the text is no `host:port` either. */
  | { kind: 'unparseable'; goError: string; bmoMessage: string }
  /**
   * The host is neither an IP address nor a name checkDNSValid accepts. `goError`: url.Parse's
   * failure when BMO fell back to taking the whole text as an ipmi `host:port`.
   */
  | { kind: 'invalid-host'; hostname: string; goError?: string; bmoMessage: string }
  /** No driver is registered under the scheme. */
  | { kind: 'unknown-type'; scheme: string; bmoMessage: string };

const PARSE_FAILED = 'failed to parse BMC address information: ';

/**
 * checkDNSValid: '' (no host), an IP address as Go's net.ParseIP reads it, or dot-separated labels
 * of letters, digits and inner hyphens (1-63 characters each, no trailing dot, no overall limit).
 */
export function bmoHostnameValid(hostname: string): boolean {
  if (hostname === '' || goParseIp(hostname)) return true;
  return /^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9])$/.test(hostname);
}

interface ParsedUrl {
  scheme: string;
  host: string;
  path: string;
  hasUserinfo: boolean;
}

/** GetParsedURL: the URL, or BMO's error text. */
function getParsedUrl(address: string): ParsedUrl | { problem: BmcAddressProblem } {
  let parsed: ParsedUrl;
  let fallbackFrom: string | undefined;
  const first = goParseUrl(address);
  if ('error' in first) {
    // "a host or host:port string (which the URL parser rejects because ':' is not allowed in the
    // first segment of a path)": taken whole as an ipmi host when net.SplitHostPort can split it.
    if (address.includes(':') && 'error' in goSplitHostPort(address)) {
      return { problem: { kind: 'unparseable', goError: first.error, bmoMessage: `${PARSE_FAILED}${first.error}` } };
    }
    parsed = { scheme: 'ipmi', host: address, path: '', hasUserinfo: false };
    fallbackFrom = first.error;
  } else {
    let url = first;
    if (url.opaque !== '') {
      // `redfish:10.0.0.1/x` is read as `redfish://10.0.0.1/x`.
      const again = goParseUrl(address.replace(':', '://'));
      if ('error' in again) return { problem: { kind: 'unparseable', goError: again.error, bmoMessage: `${PARSE_FAILED}${again.error}` } };
      url = again;
    }
    if (url.scheme === '' && goSplitUrlHost(url.host).hostname === '') {
      // No scheme: the host was read as a path; BMO means ipmi.
      const again = goParseUrl(`ipmi://${address}`);
      if ('error' in again) return { problem: { kind: 'unparseable', goError: again.error, bmoMessage: `${PARSE_FAILED}${again.error}` } };
      url = again;
    }
    parsed = { scheme: url.scheme, host: url.host, path: url.path, hasUserinfo: url.hasUserinfo };
  }
  const { hostname } = goSplitUrlHost(parsed.host);
  if (!bmoHostnameValid(hostname)) {
    const bmoMessage = `${PARSE_FAILED}BMC address hostname/IP : [${hostname}] is invalid`;
    return { problem: { kind: 'invalid-host', hostname, ...(fallbackFrom ? { goError: fallbackFrom } : {}), bmoMessage } };
  }
  return parsed;
}

/**
 * NewAccessDetails for a non-empty address (BMO's webhook skips an empty one): the driver and its
 * parts, or why BMO refuses it. Parsing failures come before an unknown driver, as in BMO.
 */
export function parseBmcAddress(address: string): { ok: true; address: BmcAddress } | { ok: false; problem: BmcAddressProblem } {
  const parsed = getParsedUrl(address);
  if ('problem' in parsed) return { ok: false, problem: parsed.problem };
  const found = driverOfScheme(parsed.scheme);
  if (!found) return { ok: false, problem: { kind: 'unknown-type', scheme: parsed.scheme, bmoMessage: `Unknown BMC type '${parsed.scheme}' for address ${address}` } };
  const { hostname, port } = goSplitUrlHost(parsed.host);
  return {
    ok: true,
    address: { scheme: parsed.scheme, ...found, hostname, port, path: parsed.path, hasUserinfo: parsed.hasUserinfo },
  };
}

/** What a mistaken scheme was probably meant as, for the message. */
function unknownTypeHint(scheme: string, address: string): string {
  const [name = '', transport] = scheme.split('+');
  if (name === 'idrac') return ' BMO has no idrac driver: use idrac-virtualmedia (or idrac-redfish).';
  if (isBmcDriver(name) && transport !== undefined) {
    const transports = BMC_DRIVERS[name].transports;
    if (transports.length === 0) return ` The ${name} driver takes no +http or +https.`;
    return ` The ${name} driver takes ${transports.map((t) => `+${t}`).join(' or ')} only.`;
  }
  if (scheme.includes('.')) return ` BMO reads the text before the first colon as the driver: write ipmi://${address}.`;
  return '';
}

/**
 * What the console says, at the BMC address, about an address BMO refuses. Messages about the
 * driver begin "Unknown BMC driver" (the wizard shows them at its driver field).
 */
export function bmcAddressMessage(problem: BmcAddressProblem, address: string): string {
  switch (problem.kind) {
    case 'unknown-type':
      // A bare IPv6 address: BMO reads its first group as the driver.
      if (goParseIp(address) === 6) return `Put an IPv6 BMC address in brackets, e.g. ipmi://[${address}].`;
      return `Unknown BMC driver "${problem.scheme}".${unknownTypeHint(problem.scheme, address)}`;
    case 'invalid-host':
      // Go could not parse it as a URL; what it said is clearer than the whole text as a host.
      if (problem.goError && !problem.goError.endsWith('first path segment in URL cannot contain colon')) return unparseableMessage(problem.goError);
      if (problem.hostname.endsWith('.') && bmoHostnameValid(problem.hostname.slice(0, -1))) {
        return `BMO refuses a DNS name ending with a dot: write ${problem.hostname.slice(0, -1)}.`;
      }
      if (goParseIp(problem.hostname.replace(/%.*$/, '')) === 6) return `${problem.hostname}: a BMC address cannot have an IPv6 zone.`;
      if (/^[^[\]]*:[^[\]]*:/.test(hostOf(address))) return 'Put an IPv6 BMC address in brackets, e.g. [fd00::1].';
      {
        // `10.0.0.1:http`: BMO took it whole as a host because the port is no number.
        const hostPort = /^([^:]+):([^:]+)$/.exec(problem.hostname);
        if (hostPort && bmoHostnameValid(hostPort[1] ?? '')) return `${hostPort[2]} is not a port (1–65535).`;
      }
      return `${problem.hostname} is not an IP address or DNS name.`;
    case 'unparseable':
      return unparseableMessage(problem.goError);
  }
}

/** The authority of a `scheme://authority/...` text, or the text before the first slash. */
function hostOf(address: string): string {
  const rest = address.includes('://') ? address.slice(address.indexOf('://') + 3) : address;
  return rest.split(/[/?#]/)[0] ?? '';
}

function unparseableMessage(goError: string): string {
  const why = goError.replace(/^parse "(?:[^"\\]|\\.)*": /, '');
  if (why === "missing ']' in host") return 'An IPv6 BMC address needs a closing bracket.';
  if (why === 'invalid IP-literal' || why.startsWith('invalid host: ')) return 'Only an IPv6 address goes in brackets, e.g. [fd00::1].';
  const port = /^invalid port "(.*)" after host$/.exec(why);
  if (port) return `${port[1]?.replace(/^:/, '')} is not a port (1–65535).`;
  const character = /^invalid character "(.*)" in host name$/.exec(why);
  if (character) return `The BMC host cannot contain ${character[1] === ' ' ? 'spaces' : `"${character[1]}"`}.`;
  if (why.startsWith('invalid URL escape')) return `BMO cannot read this address: ${why}.`;
  if (why === 'net/url: invalid control character in URL') return 'The BMC address cannot contain control characters.';
  return `BMO cannot read this address: ${why}.`;
}
