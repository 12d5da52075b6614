import { parse as parseYaml } from 'yaml';
import { nmstateText, readBoolean } from './values';

type Family = { enabled?: unknown; address?: { ip?: unknown }[] };
type Document = { interfaces?: { ipv4?: Family; ipv6?: Family }[] } | null;

/**
 * The static addresses an NMState document gives its interfaces: IPv4 first, then IPv6, of the
 * families nmstate enables. `nmstatectl gc` enables a family only when `enabled` reads true (a
 * boolean or a string such as "yes"); a missing `enabled` disables it and drops its addresses.
 * Unparsable YAML has none.
 */
export function nmstateAddresses(nmstateYaml: string): string[] {
  let doc: Document;
  try {
    doc = parseYaml(nmstateText(nmstateYaml), { intAsBigInt: true }) as Document;
  } catch {
    return [];
  }
  const addresses: string[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    for (const iface of Array.isArray(doc?.interfaces) ? doc.interfaces : []) {
      const config = iface?.[family];
      if (!config || readBoolean(config.enabled) !== true) continue;
      for (const address of Array.isArray(config.address) ? config.address : []) {
        if (typeof address?.ip === 'string') addresses.push(address.ip);
      }
    }
  }
  return addresses;
}
