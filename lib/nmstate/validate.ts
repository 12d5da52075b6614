import { CST, LineCounter, Parser, parseDocument } from 'yaml';
import { type IpFamily, canonicalIp, inSubnet, maxPrefix, reservedAddressProblem } from '@/lib/net/ip';
import { NMSTATE_MAX_KIB, type NmstatePolicyId } from './policies';
import { documentData, isIpv6LinkLocal, nmstateText, readBoolean, readUnsigned, rustIpFamily, scalarText } from './values';

/**
 * One problem of an NMState document, at a path (for form fields) and a line (for the YAML view).
 * `policy` names the console policy (NMSTATE_POLICIES) behind a problem nmstate itself would
 * accept; without it, `nmstatectl gc` refuses the document too.
 */
export interface NmstateIssue {
  path: string;
  line?: number;
  message: string;
  policy?: NmstatePolicyId;
}

export interface NmstateAddress {
  interface: string;
  ip: string;
  prefix: number;
}

type Mapping = Record<string, unknown>;
type Path = (string | number)[];

/** Linux limits interface names to 15 bytes (IFNAMSIZ - 1). */
const MAX_INTERFACE_NAME = 15;
/** nmstate's InterfaceState (`rust/src/lib/iface.rs`). */
const STATES = new Set(['up', 'down', 'absent', 'unknown', 'ignore']);

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key nmstate treats as absent: missing, or YAML null (`ipv4:` with nothing after it). */
const absent = (value: unknown) => value === undefined || value === null;

function pathText(path: Path): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

const familyName = (family: IpFamily) => `IPv${family}`;

/** One ipv4/ipv6 section as nmstate will apply it. */
interface FamilyState {
  /** `enabled` as nmstate reads it; a missing `enabled` is false in `nmstatectl gc`. */
  enabled: boolean;
  /** dhcp: true, or for IPv6 autoconf: true: the address comes at boot. */
  auto: boolean;
  /** The section lists at least one address. */
  hasAddresses: boolean;
  /** A problem nmstate would refuse is already reported: checks that depend on the section are skipped. */
  reported: boolean;
  /** Addresses or DHCP without `enabled` (policy enabled-explicit): nmstate disables the family. */
  enabledMissing: boolean;
  /** `auto-dns: false`: DHCP without its DNS servers (nmstate then prefers the interface for static DNS). */
  autoDnsOff: boolean;
}

interface InterfaceState {
  state: string;
  families: Record<IpFamily, FamilyState>;
  /** Some address of this interface has an issue: routes through it are not judged again. */
  broken: boolean;
}

/**
 * Checks an NMState document the way `nmstatectl gc` 2.2 reads it, plus the console's policies
 * (SPEC §5). Never stricter than nmstate except by a named policy (`NMSTATE_POLICIES`, each issue
 * says which): scalars are read as nmstate reads them (numbers and booleans may be strings),
 * unknown keys and settings blocks are left to nmstatectl on the server (`LEFT_TO_NMSTATECTL`).
 *
 * Returns every problem found (nmstate stops at its first), each with its path and 1-based YAML
 * line, and the static addresses nmstate would configure (enabled families of interfaces not
 * marked absent), for the IP conflict checks. Pure: runs in the browser and on the server.
 */
/** The keys of an address entry the form writes: a key one or two letters from one of them is a typo. */
const ADDRESS_KEYS = ['ip', 'prefix-length'] as const;

/** Levenshtein distance, for "did you mean" (keys are short). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** A key of `entry` that is not one of `known` but within two letters of one that is missing: a typo nmstate would refuse as unknown. */
function nearMiss(entry: Record<string, unknown>, known: readonly string[]): { written: string; meant: string } | undefined {
  for (const written of Object.keys(entry)) {
    if (known.includes(written) || written === 'prefix_length') continue;
    const meant = known.find((key) => !(key in entry) && distance(written, key) <= 2 && written.length > 2);
    if (meant) return { written, meant };
  }
  return undefined;
}

/**
 * What a YAML syntax error means, in an administrator's words: most slips are indentation
 * (the `yaml` parser's codes; its own messages name grammar, not the fix). The line is given
 * with the issue.
 */
export function yamlErrorInWords(code: string, message: string): string {
  // The parser reports an unclosed [ or { as bad indentation of the flow collection ("Flow map ...", "Flow sequence ...", "Flow mapping ...").
  if (/^Flow (sequence|map)/.test(message)) return 'Not valid YAML: a [ or { is left open here, without its closing ] or }.';
  switch (code) {
    case 'BAD_INDENT':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
    case 'UNEXPECTED_TOKEN':
      return 'Not valid YAML: the indentation does not line up. Keys of one mapping must start in the same column (count the spaces against the line above).';
    case 'TAB_AS_INDENT':
      return 'Not valid YAML: a tab is used to indent. YAML indents with spaces only.';
    case 'MISSING_CHAR':
      return 'Not valid YAML: something is left open here, a quote, bracket or brace without its closing one.';
    case 'BAD_SCALAR_START':
      return 'Not valid YAML: a value starts with a character YAML reserves (such as @ or `). Put the value in quotes.';
    case 'MISSING_KEY':
    case 'IMPOSSIBLE':
    default:
      return `Not valid YAML: ${message.split('\n')[0]}`;
  }
}

const CLOSERS: Record<string, string> = { '{': '}', '[': ']' };

/**
 * Where the `[` or `{` a syntax error at `errorOffset` comes from: the latest flow collection
 * opened before it that the yaml library's own parse (its CST) has no closing bracket for. The
 * parser notices an unclosed bracket only where the text stops making sense, often the next key's
 * line; the bracket is what needs fixing. Undefined when every bracket before the error is closed.
 */
export function unclosedFlowOpening(source: string, errorOffset: number): { offset: number; bracket: string; closer: string } | undefined {
  let found: { offset: number; bracket: string; closer: string } | undefined;
  const consider = (token: CST.Token | undefined) => {
    if (token?.type !== 'flow-collection') return;
    const bracket = token.start.source;
    const closer = CLOSERS[bracket];
    if (!closer || token.end.some((end) => end.source === closer)) return;
    if (token.start.offset <= errorOffset && (!found || token.start.offset > found.offset)) found = { offset: token.start.offset, bracket, closer };
  };
  for (const token of new Parser().parse(source)) {
    if (token.type !== 'document') continue;
    consider(token.value);
    CST.visit(token, (item) => {
      consider(item.key ?? undefined);
      consider(item.value);
    });
  }
  return found;
}

/**
 * A YAML syntax error of `source` where it is to be fixed, in words: an unclosed `[` or `{` at
 * its opening bracket (unclosedFlowOpening); anything else where the parser reports it
 * (yamlErrorInWords).
 */
export function yamlSyntaxProblem(source: string, error: { code: string; message: string; pos: [number, number] }): { offset: number; message: string } {
  const words = yamlErrorInWords(error.code, error.message);
  if (/^Flow (sequence|map)/.test(error.message) || error.code === 'MISSING_CHAR') {
    const opening = unclosedFlowOpening(source, error.pos[0]);
    if (opening) return { offset: opening.offset, message: `Not valid YAML: this ${opening.bracket} is never closed; add its ${opening.closer}.` };
  }
  return { offset: error.pos[0], message: words };
}

/**
 * Why the document is too large to be read as the user types (policy document-size: more than
 * NMSTATE_MAX_KIB KiB of UTF-8), else undefined. Checked before anything parses it.
 */
export function oversizedNmstate(yamlText: string): string | undefined {
  const bytes = new TextEncoder().encode(yamlText).length;
  if (bytes <= NMSTATE_MAX_KIB * 1024) return undefined;
  return `The network config is ${Math.ceil(bytes / 1024)} KiB; the console takes at most ${NMSTATE_MAX_KIB} KiB (a host's NMState is a few).`;
}

export function validateNmstate(yamlText: string): { issues: NmstateIssue[]; addresses: NmstateAddress[] } {
  const oversized = oversizedNmstate(yamlText);
  if (oversized) return { issues: [{ path: '', line: undefined, message: oversized, policy: 'document-size' }], addresses: [] };
  const lineCounter = new LineCounter();
  // nmstatectl replaces non-breaking spaces with spaces before parsing (nmstatectl `state.rs`).
  // Integers as bigint, so `24.0` (a float, which nmstate refuses) stays distinguishable from `24`.
  const doc = parseDocument(nmstateText(yamlText), { lineCounter, prettyErrors: false, intAsBigInt: true });
  const issues: NmstateIssue[] = [];
  const addresses: NmstateAddress[] = [];
  const lineOf = (path: Path): number | undefined => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const parentKey = path.length > 0 ? (doc.getIn(path.slice(0, -1), true) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined) : undefined;
    const keyRange = parentKey?.items?.find((item) => item.key?.value === path.at(-1))?.key?.range;
    const offset = node?.range?.[0] ?? keyRange?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  const issue = (path: Path, message: string, policy?: NmstatePolicyId) => issues.push({ path: pathText(path), line: lineOf(path), message, ...(policy ? { policy } : {}) });

  for (const error of doc.errors) {
    const line = lineCounter.linePos(error.pos[0]).line;
    if (error.code === 'DUPLICATE_KEY') issues.push({ path: '', line, message: 'A key is written twice in one mapping; keep one.', policy: 'unique-keys' });
    else if (error.code === 'MULTIPLE_DOCS') issues.push({ path: '', line, message: 'nmstate reads one YAML document; remove the second "---" and what follows it.' });
    else {
      const message = yamlErrorInWords(error.code, error.message);
      // One slip often trips the parser twice on the same line: say it once.
      if (!issues.some((i) => i.line === line && i.message === message)) issues.push({ path: '', line, message });
    }
  }
  if (issues.some((i) => !i.policy)) return { issues, addresses };

  const read = documentData(doc);
  if ('problem' in read) {
    issue([], read.problem);
    return { issues, addresses };
  }
  const root = read.data;
  if (!absent(root) && !isMapping(root)) {
    issue([], 'The network config must be an NMState document (a mapping with interfaces).');
    return { issues, addresses };
  }
  const data: Mapping = isMapping(root) ? root : {};
  const interfaces = data.interfaces;
  if (!absent(interfaces) && !Array.isArray(interfaces)) {
    issue(['interfaces'], 'interfaces must be a list of interfaces.');
    return { issues, addresses };
  }
  if (!Array.isArray(interfaces) || interfaces.length === 0) issue(['interfaces'], 'List at least one interface.', 'interface-required');

  const list: unknown[] = Array.isArray(interfaces) ? interfaces : [];
  /** Where each name is listed last: nmstate keeps that entry and drops earlier ones with the name. */
  const lastIndex = new Map<string, number>();
  list.forEach((raw, i) => {
    if (isMapping(raw) && typeof raw.name === 'string') lastIndex.set(raw.name, i);
  });
  const known = new Map<string, InterfaceState>();
  const seen = new Set<string>();
  /** An interface without a usable name is already reported; it could be the one a route or DNS server needs. */
  let unnamed = false;
  list.forEach((raw: unknown, i) => {
    const at: Path = ['interfaces', i];
    if (!isMapping(raw)) return issue(at, 'An interface is a mapping with name, type and state.');
    const before = issues.length;
    let state = raw.state === undefined ? 'up' : raw.state;
    if (typeof state !== 'string' || !STATES.has(state)) {
      issue([...at, 'state'], `State must be up, down or absent, not "${String(state)}".`);
      // Already reported: routes through it are judged as if it were up.
      state = 'up';
    }
    // nmstate reads only the name of an interface marked absent (it removes it) and ignores the rest.
    const removed = state === 'absent';
    const name = checkInterfaceName({ name: raw.name, at, seen, removed, issue });
    if (name === undefined) unnamed = true;
    // An entry a later one of the same name replaces (policy interface-name-unique): how much of it
    // nmstate checks depends on its type, so the browser checks none of it.
    const superseded = name !== undefined && lastIndex.get(name) !== i;
    const off: FamilyState = { enabled: false, auto: false, hasAddresses: false, reported: false, enabledMissing: false, autoDnsOff: false };
    const families =
      removed || superseded
        ? { 4: off, 6: off }
        : {
            4: checkFamily({ config: raw.ipv4, family: 4, at: [...at, 'ipv4'], name, issues, issue, addresses }),
            6: checkFamily({ config: raw.ipv6, family: 6, at: [...at, 'ipv6'], name, issues, issue, addresses }),
          };
    if (name !== undefined && !superseded) known.set(name, { state: String(state), families, broken: issues.length > before });
  });

  checkDns({ resolver: data['dns-resolver'], known, unnamed, issue });
  checkRoutes({ routes: data.routes, known, unnamed, addresses, issue });
  return { issues, addresses };
}

type Report = (path: Path, message: string, policy?: NmstatePolicyId) => void;

/** The interface's name, or undefined when it has none nmstate could use. */
function checkInterfaceName(options: { name: unknown; at: Path; seen: Set<string>; removed: boolean; issue: Report }): string | undefined {
  const { name, at, seen, removed, issue } = options;
  if (absent(name)) {
    issue([...at, 'name'], 'Every interface needs a name.');
    return undefined;
  }
  if (typeof name !== 'string') {
    issue([...at, 'name'], `The interface name ${String(name)} must be text: quote it ("${String(name)}").`);
    return undefined;
  }
  const twice = seen.has(name);
  seen.add(name);
  if (twice) issue([...at, 'name'], `Interface "${name}" is listed twice.`, 'interface-name-unique');
  else if (removed) return name;
  else if (name === '') issue([...at, 'name'], 'Every interface needs a name.', 'interface-name-length');
  else if (new TextEncoder().encode(name).length > MAX_INTERFACE_NAME) issue([...at, 'name'], `Interface name "${name}" is longer than ${MAX_INTERFACE_NAME} characters.`, 'interface-name-length');
  return name;
}

function readFlag(config: Mapping, key: string, at: Path, issue: Report): boolean | undefined {
  if (!(key in config)) return undefined;
  const value = readBoolean(config[key]);
  if (value === undefined) issue([...at, key], `${key} must be true or false, not ${JSON.stringify(String(config[key]))}.`);
  return value;
}

/** One ipv4/ipv6 section: its flags, its addresses (added to `addresses` when nmstate will configure them). */
function checkFamily(options: { config: unknown; family: IpFamily; at: Path; name: string | undefined; issues: NmstateIssue[]; issue: Report; addresses: NmstateAddress[] }): FamilyState {
  const { config, family, at, name, issues, issue } = options;
  const off: FamilyState = { enabled: false, auto: false, hasAddresses: false, reported: false, enabledMissing: false, autoDnsOff: false };
  const key = `ipv${family}`;
  if (absent(config)) return off;
  if (!isMapping(config)) {
    issue(at, `${key} must be a mapping.`);
    return { ...off, reported: true };
  }
  const before = issues.length;
  const enabled = readFlag(config, 'enabled', at, issue);
  const dhcp = readFlag(config, 'dhcp', at, issue);
  const autoconf = family === 6 ? readFlag(config, 'autoconf', at, issue) : undefined;
  const autoDns = readFlag(config, 'auto-dns', at, issue);
  const list = config.address;
  const hasAddresses = Array.isArray(list) && list.length > 0;
  const enabledMissing = !('enabled' in config) && (hasAddresses || dhcp === true || autoconf === true);
  if (enabledMissing) {
    issue(at, `${key} has no "enabled: true": nmstatectl gc then disables ${familyName(family)} and drops its ${hasAddresses ? 'addresses' : 'DHCP'}.`, 'enabled-explicit');
  }
  if (enabled === true && autoconf === true && dhcp !== true) issue([...at, 'autoconf'], 'nmstate does not support IPv6 autoconf without DHCP: add "dhcp: true".');

  if (!absent(list) && !Array.isArray(list)) issue([...at, 'address'], 'address must be a list of {ip, prefix-length}.');
  (Array.isArray(list) ? list : []).forEach((entry: unknown, j) => {
    const where = [...at, 'address', j];
    if (!isMapping(entry)) return issue(where, 'An address is a mapping with ip and prefix-length.');
    if ('prefix_length' in entry) issue([...where, 'prefix_length'], 'nmstate spells it prefix-length, with a hyphen.');
    const misspelt = nearMiss(entry, ADDRESS_KEYS);
    if (misspelt) issue([...where, misspelt.written], `${misspelt.written} is not a key nmstate knows: did you mean ${misspelt.meant}?`);
    const ip = entry.ip;
    if (absent(ip)) return issue([...where, 'ip'], 'Enter the IP address.');
    const ipFamily = typeof ip === 'string' ? rustIpFamily(ip) : undefined;
    if (typeof ip !== 'string' || ipFamily === undefined) return issue([...where, 'ip'], `${String(ip)} is not an IP address.`);
    const raw = entry['prefix-length'];
    // A misspelt prefix-length is already reported; its absence under the right name is the same problem.
    if (raw === undefined && ('prefix_length' in entry || misspelt?.meant === 'prefix-length')) return;
    if (absent(raw)) return issue([...where, 'prefix-length'], 'Enter the prefix length.');
    const prefix = readUnsigned(raw);
    const outOfRange = `The prefix length must be a whole number from 1 to ${maxPrefix(family)}.`;
    // Parsing takes any prefix up to 255 (a u8); nmstate's own checks then want the family's range.
    if (prefix === undefined || prefix > 255n) return issue([...where, 'prefix-length'], outOfRange);
    if (ipFamily !== family) return issue([...where, 'ip'], `${ip} is not an ${familyName(family)} address.`);
    if (prefix > BigInt(maxPrefix(family))) return issue([...where, 'prefix-length'], outOfRange);
    if (enabled !== true) return;
    if (prefix === 0n) return issue([...where, 'prefix-length'], outOfRange, 'prefix-nonzero');
    const reserved = reservedAddressProblem(ip, Number(prefix));
    if (reserved) return issue([...where, 'ip'], `${reserved}: it cannot be a host's address.`, 'host-address');
    if (name !== undefined) options.addresses.push({ interface: name, ip, prefix: Number(prefix) });
  });
  return {
    enabled: enabled === true,
    auto: enabled === true && (dhcp === true || autoconf === true),
    hasAddresses,
    reported: issues.slice(before).some((i) => !i.policy),
    enabledMissing,
    autoDnsOff: autoDns === false,
  };
}

function checkDns(options: { resolver: unknown; known: Map<string, InterfaceState>; unnamed: boolean; issue: Report }): void {
  const { resolver, known, unnamed, issue } = options;
  if (absent(resolver)) return;
  if (!isMapping(resolver)) return issue(['dns-resolver'], 'dns-resolver must be a mapping with config.server.');
  const config = resolver.config;
  if (absent(config)) return;
  if (!isMapping(config)) return issue(['dns-resolver', 'config'], 'dns-resolver.config must be a mapping with server.');
  const servers = config.server;
  if (absent(servers)) return;
  const at: Path = ['dns-resolver', 'config', 'server'];
  if (!Array.isArray(servers)) return issue(at, 'DNS servers are a list of IP addresses.');
  const seen = new Set<string>();
  const families = new Map<IpFamily, { index: number; ip: string }>();
  servers.forEach((server: unknown, i) => {
    const text = scalarText(server);
    // `fe80::1%eth1` (an IPv6 link-local server and its interface) is nmstate's to judge.
    if (typeof text === 'string' && text.includes('%') && rustIpFamily(text.slice(0, text.indexOf('%'))) === 6) return;
    const family = typeof text === 'string' ? rustIpFamily(text) : undefined;
    if (typeof text !== 'string' || family === undefined) return issue([...at, i], `${String(text ?? server)} is not an IP address.`);
    // Compared as addresses (SPEC §5): `2001:db8::0023` is `2001:db8::23`.
    const canonical = canonicalIp(text) ?? text;
    if (seen.has(canonical)) issue([...at, i], `DNS server ${text} is listed twice.`, 'dns-unique');
    seen.add(canonical);
    if (!families.has(family)) families.set(family, { index: i, ip: text });
  });
  // nmstate stores each family's servers on one interface and refuses an order it cannot keep:
  // one family in the middle of the other (`is_mixed_dns_servers`, rust/src/lib/nm/dns.rs).
  const order = servers.map((server) => (scalarText(server)?.includes(':') ? 6 : 4));
  const back = order.findIndex((family, i) => i > 0 && family !== order[i - 1] && order.slice(0, i - 1).includes(family));
  if (back > 0) issue([...at, back], 'Group the DNS servers by family: nmstate cannot keep IPv4 servers in the middle of IPv6 ones, or IPv6 in the middle of IPv4.');
  for (const [family, first] of families) {
    const holder = unnamed || [...known.values()].some((iface) => iface.families[family].reported || canHoldDns(iface, family));
    if (!holder) issue([...at, first.index], `No interface can hold DNS server ${first.ip}: nmstate needs one with ${familyName(family)} enabled and a static address, or DHCP on an interface that is up.`);
  }
}

/**
 * Can nmstate store DNS servers of `family` on this interface (`find_dns_iface` in
 * `rust/src/lib/nm/dns.rs`)? Preferred: the family static, or DHCP with `auto-dns: false`, in any
 * state; otherwise valid: the interface up and the family static or DHCP.
 */
function canHoldDns(iface: InterfaceState, family: IpFamily): boolean {
  const f = iface.families[family];
  if (!f.enabled) return false;
  const isStatic = !f.auto && f.hasAddresses;
  return isStatic || (f.auto && f.autoDnsOff) || (iface.state === 'up' && f.auto);
}

/**
 * `ip` or `ip/prefix` as nmstate reads a route destination (`sanitize_ip_network`,
 * `validate_route_dst` in `rust/src/lib/route.rs`); a message when it cannot. A route that adds
 * (not a removal) may not go to 0.0.0.0/8 or a subnet of it.
 */
function parseDestination(text: string, options: { removal: boolean }): { family: IpFamily } | { problem: string } {
  const parts = text.split('/');
  const family = rustIpFamily(parts[0] ?? '');
  if (parts.length > 2 || family === undefined) return { problem: `${text || '""'} is not a destination such as 0.0.0.0/0 or 192.0.2.0/24.` };
  const prefixText = parts[1];
  if (prefixText !== undefined && (!/^\+?[0-9]+$/.test(prefixText) || BigInt(prefixText.replace('+', '')) > BigInt(maxPrefix(family)))) {
    return { problem: `${text} has a prefix length outside 0 to ${maxPrefix(family)}.` };
  }
  if (family === 4 && !options.removal && text.startsWith('0.') && (prefixText === undefined || Number(prefixText) >= 8)) {
    return { problem: `${text} is inside 0.0.0.0/8, which nmstate refuses as a destination; the default route is 0.0.0.0/0.` };
  }
  return { family };
}

function checkRoutes(options: { routes: unknown; known: Map<string, InterfaceState>; unnamed: boolean; addresses: NmstateAddress[]; issue: Report }): void {
  const { routes, known, unnamed, addresses, issue } = options;
  if (absent(routes)) return;
  if (!isMapping(routes)) return issue(['routes'], 'routes must be a mapping with config.');
  const list = routes.config;
  if (absent(list)) return;
  if (!Array.isArray(list)) return issue(['routes', 'config'], 'routes.config must be a list.');
  list.forEach((route: unknown, i) => {
    const at: Path = ['routes', 'config', i];
    if (!isMapping(route)) return issue(at, 'A route is a mapping with destination, next-hop-address and next-hop-interface.');
    const state = scalarText(route.state);
    // nmstate drops `state: ignore` routes unread; a `state: absent` one (a removal) is still parsed.
    if (state === 'ignore') return;
    const removal = state === 'absent';

    const destinationText = scalarText(route.destination);
    let family: IpFamily | undefined;
    if (destinationText === undefined) {
      if (!removal) issue([...at, 'destination'], 'Every route needs a destination, such as 0.0.0.0/0; nmstatectl gc drops a route without one.', 'route-destination');
    } else if (destinationText === null) issue([...at, 'destination'], 'The destination is an address such as 0.0.0.0/0.');
    else {
      const parsed = parseDestination(destinationText, { removal });
      if ('problem' in parsed) issue([...at, 'destination'], parsed.problem);
      else family = parsed.family;
    }
    // nmstate takes a route's family from its destination (IPv4 when it has none).
    const routeFamily: IpFamily = family ?? (destinationText?.includes(':') ? 6 : 4);

    const hopText = scalarText(route['next-hop-address']);
    let hop: { ip: string; family: IpFamily } | undefined;
    if (hopText === '') issue([...at, 'next-hop-address'], 'Enter the next-hop (gateway) address.');
    else if (hopText !== undefined) {
      const hopFamily = hopText === null ? undefined : rustIpFamily(hopText);
      if (hopText === null || hopFamily === undefined) issue([...at, 'next-hop-address'], `${String(hopText ?? route['next-hop-address'])} is not an IP address.`);
      else if (removal) return;
      else if (family !== undefined && hopFamily !== family) issue([...at, 'next-hop-address'], `The next hop ${hopText} is not of the destination's family.`, 'route-next-hop-family');
      else hop = { ip: hopText, family: hopFamily };
    }
    if (removal) return;

    const via = scalarText(route['next-hop-interface']);
    if (via === undefined) return issue([...at, 'next-hop-interface'], 'nmstate rejects a route without next-hop-interface.');
    const iface = typeof via === 'string' ? known.get(via) : undefined;
    if (typeof via !== 'string' || !iface) return unnamed ? undefined : issue([...at, 'next-hop-interface'], `Interface "${String(via)}" is not in interfaces.`);
    if (iface.state !== 'up') return issue([...at, 'next-hop-interface'], `Interface "${via}" is ${iface.state}: nmstate routes only through interfaces that are up.`);
    if (iface.families[routeFamily].reported) return;
    if (!iface.families[routeFamily].enabled) {
      const why = iface.families[routeFamily].enabledMissing ? ` (its ipv${routeFamily} has no "enabled: true")` : '';
      return issue([...at, 'next-hop-interface'], `Interface "${via}" has ${familyName(routeFamily)} disabled${why}, so nmstate cannot route through it.`);
    }
    if (!hop || iface.broken) return;
    checkGateway({ hop, via, iface, addresses, at, issue });
  });
}

/** The console's gateway policies (gateway-on-link, gateway-not-self) for a route nmstate accepts. */
function checkGateway(options: { hop: { ip: string; family: IpFamily }; via: string; iface: InterfaceState; addresses: NmstateAddress[]; at: Path; issue: Report }): void {
  const { hop, via, iface, at, issue } = options;
  const own = options.addresses.filter((a) => a.interface === via && rustIpFamily(a.ip) === hop.family);
  if (own.some((a) => canonicalIp(a.ip) === canonicalIp(hop.ip))) return issue([...at, 'next-hop-address'], `The gateway ${hop.ip} is the host's own address.`, 'gateway-not-self');
  // Exceptions nmstate and the kernel make: fe80::/10 is on-link on every IPv6 interface, and an
  // address that comes at boot has a subnet the document cannot know.
  if (isIpv6LinkLocal(hop.ip) || iface.families[hop.family].auto) return;
  if (own.length === 0) return issue([...at, 'next-hop-address'], `Interface "${via}" has no ${familyName(hop.family)} address to reach ${hop.ip} through.`, 'gateway-on-link');
  if (!own.some((a) => inSubnet(hop.ip, a.ip, a.prefix))) {
    issue([...at, 'next-hop-address'], `The gateway ${hop.ip} is outside ${via}'s subnet${own.length > 1 ? 's' : ''} (${own.map((a) => `${a.ip}/${a.prefix}`).join(', ')}).`, 'gateway-on-link');
  }
}
