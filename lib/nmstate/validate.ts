import { LineCounter, parseDocument } from 'yaml';
import { inSubnet, ipFamily, maxPrefix, reservedAddressProblem } from '@/lib/net/ip';

/** One problem of an NMState document, at a path (for form fields) and a line (for the YAML view). */
export interface NmstateIssue {
  path: string;
  line?: number;
  message: string;
}

const INTERFACE_KEYS = new Set(['name', 'type', 'state', 'ipv4', 'ipv6', 'mac-address', 'mtu', 'description', 'identifier', 'link-aggregation', 'vlan', 'bridge', 'ethernet', 'lldp', 'ethtool', 'accept-all-mac-addresses', 'copy-mac-from', 'profile-name']);
const FAMILY_KEYS = new Set(['enabled', 'dhcp', 'autoconf', 'address', 'auto-dns', 'auto-gateway', 'auto-routes', 'auto-route-table-id', 'auto-route-metric', 'dhcp-client-id', 'dhcp-duid', 'addr-gen-mode', 'dhcp-send-hostname', 'dhcp-custom-hostname', 'allow-extra-address']);
const ADDRESS_KEYS = new Set(['ip', 'prefix-length', 'valid-life-time', 'preferred-life-time']);
const ROUTE_KEYS = new Set(['destination', 'next-hop-address', 'next-hop-interface', 'metric', 'table-id', 'state', 'weight', 'route-type', 'cwnd', 'source', 'initcwnd', 'initrwnd', 'mtu', 'quickack', 'advmss']);
const STATES = new Set(['up', 'down', 'absent', 'ignore']);
const TYPES = new Set(['ethernet', 'bond', 'vlan', 'linux-bridge', 'ovs-bridge', 'ovs-interface', 'vxlan', 'dummy', 'loopback', 'mac-vlan', 'mac-vtap', 'vrf', 'infiniband', 'team', 'veth', 'ipvlan']);
/** Linux limits interface names to 15 bytes (IFNAMSIZ - 1). */
const MAX_INTERFACE_NAME = 15;

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathText(path: (string | number)[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

export interface NmstateAddress {
  interface: string;
  ip: string;
  prefix: number;
}

/**
 * Checks an NMState document as nmstate and the console do (SPEC §5): interface names, types and
 * states; no unknown keys (nmstate rejects `prefix_length`); each address of its family, its
 * prefix in range, not a network or broadcast address; no duplicate DNS servers; every route has
 * a next-hop interface that exists and has an address of the next hop's family whose subnet
 * holds the next hop. Returns the problems and the interface addresses.
 */
export function validateNmstate(yamlText: string): { issues: NmstateIssue[]; addresses: NmstateAddress[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const issues: NmstateIssue[] = [];
  const addresses: NmstateAddress[] = [];
  const lineOf = (path: (string | number)[]): number | undefined => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const parentKey = path.length > 0 ? (doc.getIn(path.slice(0, -1), true) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined) : undefined;
    const keyRange = parentKey?.items?.find((item) => item.key?.value === path.at(-1))?.key?.range;
    const offset = node?.range?.[0] ?? keyRange?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  const issue = (path: (string | number)[], message: string) => issues.push({ path: pathText(path), line: lineOf(path), message });

  if (doc.errors.length > 0) {
    for (const error of doc.errors) issues.push({ path: '', line: lineCounter.linePos(error.pos[0]).line, message: `Not valid YAML: ${error.message.split('\n')[0]}` });
    return { issues, addresses };
  }
  const root: unknown = doc.toJS();
  if (!isMapping(root)) {
    issue([], 'The network config must be an NMState document (a mapping with interfaces).');
    return { issues, addresses };
  }
  const interfaces = root.interfaces;
  if (!Array.isArray(interfaces) || interfaces.length === 0) {
    issue(['interfaces'], 'List at least one interface.');
    return { issues, addresses };
  }

  const names = new Set<string>();
  /** Interfaces whose addresses already have an issue: routes through them are not judged again. */
  const broken = new Set<string>();
  interfaces.forEach((iface: unknown, i) => {
    const at = ['interfaces', i];
    if (!isMapping(iface)) return issue(at, 'An interface is a mapping with name, type and state.');
    for (const key of Object.keys(iface)) if (!INTERFACE_KEYS.has(key)) issue([...at, key], `Unknown interface key "${key}".`);
    const name = iface.name;
    if (typeof name !== 'string' || !name) issue([...at, 'name'], 'Every interface needs a name.');
    else if (names.has(name)) issue([...at, 'name'], `Interface "${name}" is listed twice.`);
    else {
      names.add(name);
      if (new TextEncoder().encode(name).length > MAX_INTERFACE_NAME) issue([...at, 'name'], `Interface name "${name}" is longer than ${MAX_INTERFACE_NAME} characters.`);
    }
    const before = issues.length;
    if (iface.type !== undefined && !TYPES.has(String(iface.type))) issue([...at, 'type'], `Unknown interface type "${String(iface.type)}".`);
    if (iface.state !== undefined && !STATES.has(String(iface.state))) issue([...at, 'state'], `State must be up, down or absent, not "${String(iface.state)}".`);
    for (const family of [4, 6] as const) {
      const key = `ipv${family}`;
      const config = iface[key];
      if (config === undefined) continue;
      if (!isMapping(config)) {
        issue([...at, key], `${key} must be a mapping.`);
        continue;
      }
      for (const k of Object.keys(config)) if (!FAMILY_KEYS.has(k)) issue([...at, key, k], `Unknown ${key} key "${k}".`);
      if (config.enabled === false) continue;
      const list = config.address;
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        issue([...at, key, 'address'], 'address must be a list of {ip, prefix-length}.');
        continue;
      }
      list.forEach((entry: unknown, j) => {
        const where = [...at, key, 'address', j];
        if (!isMapping(entry)) return issue(where, 'An address is a mapping with ip and prefix-length.');
        for (const k of Object.keys(entry)) {
          if (!ADDRESS_KEYS.has(k)) issue([...where, k], k === 'prefix_length' ? 'nmstate spells it prefix-length, with a hyphen.' : `Unknown address key "${k}".`);
        }
        const ip = String(entry.ip ?? '');
        const prefix = entry['prefix-length'];
        if (ipFamily(ip) !== family) return issue([...where, 'ip'], ip ? `${ip} is not an IPv${family} address.` : 'Enter the IP address.');
        // A misspelt prefix_length is already reported; its absence under the right name is the same problem.
        if (prefix === undefined && 'prefix_length' in entry) return;
        if (typeof prefix !== 'number' || !Number.isInteger(prefix) || prefix < 1 || prefix > maxPrefix(family)) {
          return issue([...where, 'prefix-length'], `The prefix length must be a whole number from 1 to ${maxPrefix(family)}.`);
        }
        const reserved = reservedAddressProblem(ip, prefix);
        if (reserved) return issue([...where, 'ip'], `${reserved}: it cannot be a host's address.`);
        if (typeof name === 'string') addresses.push({ interface: name, ip, prefix });
      });
    }
    if (typeof name === 'string' && issues.length > before) broken.add(name);
  });

  const servers = isMapping(root['dns-resolver']) && isMapping(root['dns-resolver'].config) ? root['dns-resolver'].config.server : undefined;
  if (servers !== undefined) {
    if (!Array.isArray(servers)) issue(['dns-resolver', 'config', 'server'], 'DNS servers are a list of IP addresses.');
    else {
      const seen = new Set<string>();
      servers.forEach((server: unknown, i) => {
        const ip = String(server);
        if (!ipFamily(ip)) issue(['dns-resolver', 'config', 'server', i], `${ip} is not an IP address.`);
        else if (seen.has(ip)) issue(['dns-resolver', 'config', 'server', i], `DNS server ${ip} is listed twice.`);
        seen.add(ip);
      });
    }
  }

  const routes = isMapping(root.routes) ? root.routes.config : undefined;
  if (Array.isArray(routes)) {
    routes.forEach((route: unknown, i) => {
      const at = ['routes', 'config', i];
      if (!isMapping(route)) return issue(at, 'A route is a mapping with destination, next-hop-address and next-hop-interface.');
      for (const k of Object.keys(route)) if (!ROUTE_KEYS.has(k)) issue([...at, k], `Unknown route key "${k}".`);
      if (route.state === 'absent') return;
      const destination = String(route.destination ?? '');
      const [destinationIp = '', destinationPrefix] = destination.split('/');
      if (!ipFamily(destinationIp) || destinationPrefix === undefined) issue([...at, 'destination'], `${destination || 'The destination'} is not a CIDR such as 0.0.0.0/0.`);
      const hop = String(route['next-hop-address'] ?? '');
      const hopFamily = ipFamily(hop);
      if (!hopFamily) return issue([...at, 'next-hop-address'], hop ? `${hop} is not an IP address.` : 'Enter the next-hop (gateway) address.');
      if (ipFamily(destinationIp) && ipFamily(destinationIp) !== hopFamily) issue([...at, 'next-hop-address'], `The next hop ${hop} is not of the destination's family.`);
      const via = route['next-hop-interface'];
      if (typeof via !== 'string' || !via) return issue([...at, 'next-hop-interface'], 'nmstate rejects a route without next-hop-interface.');
      if (!names.has(via)) return issue([...at, 'next-hop-interface'], `Interface "${via}" is not in interfaces.`);
      if (broken.has(via)) return;
      const own = addresses.filter((a) => a.interface === via && ipFamily(a.ip) === hopFamily);
      if (own.length === 0) return issue([...at, 'next-hop-address'], `Interface "${via}" has no IPv${hopFamily} address to reach ${hop} through.`);
      if (!own.some((a) => inSubnet(hop, a.ip, a.prefix))) {
        issue([...at, 'next-hop-address'], `The gateway ${hop} is outside ${via}'s subnet${own.length > 1 ? 's' : ''} (${own.map((a) => `${a.ip}/${a.prefix}`).join(', ')}).`);
      }
      if (own.some((a) => a.ip === hop)) issue([...at, 'next-hop-address'], `The gateway ${hop} is the host's own address.`);
    });
  } else if (root.routes !== undefined && !(isMapping(root.routes) && routes === undefined)) {
    issue(['routes', 'config'], 'routes.config must be a list.');
  }

  return { issues, addresses };
}
