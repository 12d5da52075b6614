import { Document, LineCounter, YAMLMap, YAMLSeq, isMap, isSeq, parseDocument } from 'yaml';
import { ipFamily } from '@/lib/net/ip';
import { type NmstateIssue, oversizedNmstate, yamlErrorInWords } from './validate';
import { documentData, nmstateText, readBoolean } from './values';

/**
 * The part of an NMState document the wizard's form shows: interfaces with one address per
 * family, DNS servers and the default route. The YAML is the source of truth: the form is read
 * from it and written back into it, so every key the form does not show survives an edit.
 */

export interface FamilyForm {
  enabled: boolean;
  address: string;
  /** Kept as typed; a prefix that is not a number is written as-is and reported by validation. */
  prefix: string;
}

export interface InterfaceForm {
  /** Index of the interface in the document it was read from; undefined for one added in the form. */
  source?: number;
  name: string;
  ipv4: FamilyForm;
  ipv6: FamilyForm;
}

export interface NetworkForm {
  interfaces: InterfaceForm[];
  dnsServers: string[];
  defaultRoute: { nextHop: string; interface: string };
}

/** A setting of the document the form cannot show (kept as written): its key path and line. */
export interface UnshownSetting {
  path: string;
  line: number;
}

export const emptyInterface = (name = ''): InterfaceForm => ({
  name,
  ipv4: { enabled: true, address: '', prefix: '24' },
  ipv6: { enabled: false, address: '', prefix: '64' },
});

type Json = Record<string, unknown>;
const asMap = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const DEFAULT_DESTINATIONS = new Set(['0.0.0.0/0', '::/0']);

function familyForm(value: unknown, defaults: FamilyForm): FamilyForm {
  if (value === undefined) return { ...defaults, enabled: false };
  const config = asMap(value);
  const first = asMap(asList(config.address)[0]);
  const prefix = first['prefix-length'];
  return {
    // As nmstatectl gc reads it: a family is on only with `enabled` true ("yes", 1, ... too).
    enabled: readBoolean(config.enabled) === true && first.ip !== undefined,
    address: typeof first.ip === 'string' ? first.ip : '',
    // What the YAML holds: an address without prefix-length shows an empty prefix, not a default.
    prefix: prefix === undefined ? (first.ip === undefined ? defaults.prefix : '') : String(prefix),
  };
}

/** The keys the form shows, at each level; anything else is kept in the YAML and listed as unshown. */
const SHOWN = {
  root: ['interfaces', 'dns-resolver', 'routes'],
  interface: ['name', 'type', 'state', 'ipv4', 'ipv6'],
  family: ['enabled', 'address'],
  address: ['ip', 'prefix-length'],
} as const;

/**
 * The settings of a document the form cannot show (an interface's `mtu`, a family's `dhcp`, a
 * second address, routes other than the default, ...): they stay in the YAML, and the form says so.
 */
export function unshownSettings(yamlText: string): UnshownSetting[] {
  if (oversizedNmstate(yamlText)) return [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(nmstateText(yamlText), { lineCounter });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
  const found: UnshownSetting[] = [];
  const lineOf = (node: unknown) => lineCounter.linePos((node as { range?: [number] } | undefined)?.range?.[0] ?? 0).line;
  const extraKeys = (map: unknown, shown: readonly string[], prefix: string) => {
    if (!isMap(map)) return;
    for (const pair of map.items) {
      const key = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
      if (!shown.includes(key)) found.push({ path: `${prefix}${key}`, line: lineOf(pair.key) });
    }
  };
  extraKeys(doc.contents, SHOWN.root, '');
  const interfaces = doc.get('interfaces', true);
  if (isSeq(interfaces)) {
    interfaces.items.forEach((iface, i) => {
      const name = isMap(iface) ? String(iface.get('name') ?? i + 1) : String(i + 1);
      extraKeys(iface, SHOWN.interface, `${name}: `);
      for (const key of ['ipv4', 'ipv6'] as const) {
        const family = isMap(iface) ? iface.get(key, true) : undefined;
        extraKeys(family, SHOWN.family, `${name}: ${key}.`);
        const list = isMap(family) ? family.get('address', true) : undefined;
        if (isSeq(list)) {
          list.items.forEach((entry, j) => {
            if (j > 0) found.push({ path: `${name}: ${key} address ${j + 1}`, line: lineOf(entry) });
            else extraKeys(entry, SHOWN.address, `${name}: ${key}.address.`);
          });
        }
      }
    });
  }
  const routes = doc.getIn(['routes', 'config'], true);
  if (isSeq(routes)) {
    routes.items.forEach((route) => {
      if (isMap(route) && !DEFAULT_DESTINATIONS.has(String(route.get('destination')))) found.push({ path: `route to ${String(route.get('destination'))}`, line: lineOf(route) });
    });
  }
  return found;
}

/** The form's view of a document, or why the form cannot show it (with the line; edit the YAML instead). */
export function formFromNmstate(yamlText: string): { form: NetworkForm } | { error: string } {
  const oversized = oversizedNmstate(yamlText);
  if (oversized) return { error: `${oversized} The form cannot show it; shorten it in the YAML view.` };
  const lineCounter = new LineCounter();
  const doc = parseDocument(nmstateText(yamlText), { lineCounter });
  const [first] = doc.errors;
  if (first) {
    return { error: `The YAML has an error at line ${lineCounter.linePos(first.pos[0]).line} that the form cannot show (${yamlErrorInWords(first.code, first.message)}). Fix it in the YAML view.` };
  }
  const read = documentData(doc);
  if ('problem' in read) return { error: `${read.problem} The form cannot show it; fix it in the YAML view.` };
  const root = read.data;
  if (root !== null && root !== undefined && (typeof root !== 'object' || Array.isArray(root))) return { error: 'The document is not a mapping; fix it in the YAML view.' };
  const data = asMap(root);
  const route = asList(asMap(data.routes).config).map(asMap).find((r) => DEFAULT_DESTINATIONS.has(String(r.destination)));
  return {
    form: {
      interfaces: asList(data.interfaces).map((raw, index) => {
        const iface = asMap(raw);
        const defaults = emptyInterface();
        return { source: index, name: typeof iface.name === 'string' ? iface.name : '', ipv4: familyForm(iface.ipv4, defaults.ipv4), ipv6: familyForm(iface.ipv6, defaults.ipv6) };
      }),
      dnsServers: asList(asMap(asMap(data['dns-resolver']).config).server).map(String),
      defaultRoute: { nextHop: typeof route?.['next-hop-address'] === 'string' ? route['next-hop-address'] : '', interface: typeof route?.['next-hop-interface'] === 'string' ? route['next-hop-interface'] : '' },
    },
  };
}

/** Sets a fresh node, so an edited scalar loses the quoting its old value needed (e.g. `""`). */
const put = (doc: Document, map: YAMLMap, key: string, value: unknown) => map.set(key, doc.createNode(value));

const prefixValue = (prefix: string): number | string => (/^\d+$/.test(prefix.trim()) ? Number(prefix.trim()) : prefix);

const sameFamily = (a: FamilyForm, b: FamilyForm) => a.enabled === b.enabled && a.address === b.address && a.prefix === b.prefix;

function writeFamily(doc: Document, iface: YAMLMap, key: 'ipv4' | 'ipv6', family: FamilyForm): void {
  const existing = iface.get(key, true);
  // A family the form did not change is left exactly as written (e.g. `dhcp: true`, which the form cannot show).
  if (sameFamily(familyForm(isMap(existing) ? existing.toJSON() : existing, emptyInterface()[key]), family)) return;
  const config = isMap(existing) ? existing : (doc.createNode({}) as YAMLMap);
  if (!family.enabled) {
    // The seed's way to leave a family off: `enabled: false`, no addresses. Absent stays absent.
    if (!isMap(existing)) return;
    config.delete('address');
    put(doc, config, 'enabled', false);
    return;
  }
  config.set('address', doc.createNode([{ ip: family.address.trim(), 'prefix-length': prefixValue(family.prefix) }]));
  put(doc, config, 'enabled', true);
  iface.set(key, config);
}

/** Writes the form into the document, keeping everything the form does not show. */
export function applyFormToNmstate(yamlText: string, form: NetworkForm): string {
  const parsed = parseDocument(nmstateText(yamlText));
  const doc = parsed.errors.length > 0 || !isMap(parsed.contents) ? new Document({}) : parsed;
  const oldInterfaces = doc.get('interfaces', true);
  const interfaces = new YAMLSeq();
  for (const entry of form.interfaces) {
    const old = entry.source !== undefined && isSeq(oldInterfaces) ? oldInterfaces.items[entry.source] : undefined;
    const iface = isMap(old) ? old : (doc.createNode({ name: '', type: 'ethernet', state: 'up' }) as YAMLMap);
    put(doc, iface, 'name', entry.name.trim());
    if (!iface.has('type')) iface.set('type', 'ethernet');
    if (!iface.has('state')) iface.set('state', 'up');
    writeFamily(doc, iface, 'ipv4', entry.ipv4);
    writeFamily(doc, iface, 'ipv6', entry.ipv6);
    interfaces.items.push(iface);
  }
  doc.set('interfaces', interfaces);

  const servers = form.dnsServers.map((s) => s.trim()).filter(Boolean);
  if (servers.length > 0) doc.setIn(['dns-resolver', 'config', 'server'], doc.createNode(servers));
  else if (doc.hasIn(['dns-resolver', 'config', 'server'])) doc.deleteIn(['dns-resolver', 'config', 'server']);

  const routes = doc.getIn(['routes', 'config'], true);
  const list = isSeq(routes) ? routes : new YAMLSeq();
  const index = list.items.findIndex((item) => isMap(item) && DEFAULT_DESTINATIONS.has(String(item.get('destination'))));
  const nextHop = form.defaultRoute.nextHop.trim();
  if (!nextHop && !form.defaultRoute.interface) {
    if (index >= 0) list.items.splice(index, 1);
  } else {
    const route = index >= 0 ? (list.items[index] as YAMLMap) : (doc.createNode({}) as YAMLMap);
    put(doc, route, 'destination', ipFamily(nextHop) === 6 ? '::/0' : '0.0.0.0/0');
    put(doc, route, 'next-hop-address', nextHop);
    put(doc, route, 'next-hop-interface', form.defaultRoute.interface.trim());
    if (index < 0) list.items.push(route);
  }
  if (list.items.length > 0) doc.setIn(['routes', 'config'], list);
  else if (doc.has('routes')) doc.delete('routes');
  return doc.toString();
}

/**
 * The form with interface `index` renamed to `name`; the default route follows it when it went
 * through the old name (a rename in the form is one change, not a dangling next-hop interface).
 */
export function renameInterface(form: NetworkForm, index: number, name: string): NetworkForm {
  const old = form.interfaces[index]?.name;
  // A name cleared while retyping it still carries the route, when there is one (a gateway).
  const routeFollows = old !== undefined && form.defaultRoute.interface.trim() === old && (old !== '' || form.defaultRoute.nextHop.trim() !== '');
  return {
    ...form,
    interfaces: form.interfaces.map((it, i) => (i === index ? { ...it, name } : it)),
    ...(routeFollows ? { defaultRoute: { ...form.defaultRoute, interface: name } } : {}),
  };
}

/**
 * Where the form shows a validation issue: the form field's key, or undefined when the issue is
 * about something only the YAML view shows.
 */
export function formFieldOfIssue(issue: NmstateIssue, yamlText: string): string | undefined {
  const address = /^interfaces\[(\d+)\]\.(ipv4|ipv6)\.address\[0\]\.(ip|prefix-length)$/.exec(issue.path);
  if (address) return `interfaces.${address[1]}.${address[2]}.${address[3] === 'ip' ? 'address' : 'prefix'}`;
  const name = /^interfaces\[(\d+)\]\.name$/.exec(issue.path);
  if (name) return `interfaces.${name[1]}.name`;
  if (issue.path === 'interfaces') return 'interfaces';
  if (issue.path.startsWith('dns-resolver.config.server')) return 'dnsServers';
  const route = /^routes\.config\[(\d+)\]\.(next-hop-address|next-hop-interface|destination)$/.exec(issue.path);
  if (route) {
    const read = documentData(parseDocument(nmstateText(yamlText)));
    const routes = asList(asMap(asMap('data' in read ? read.data : undefined).routes).config).map(asMap);
    const isDefault = DEFAULT_DESTINATIONS.has(String(routes[Number(route[1])]?.destination));
    if (!isDefault) return undefined;
    return route[2] === 'next-hop-interface' ? 'defaultRoute.interface' : 'defaultRoute.nextHop';
  }
  return undefined;
}
