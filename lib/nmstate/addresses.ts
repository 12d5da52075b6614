import { parse as parseYaml } from 'yaml';

type Family = { enabled?: boolean; address?: { ip?: unknown }[] };
type Document = { interfaces?: { ipv4?: Family; ipv6?: Family }[] } | null;

/**
 * The static addresses an NMState document gives its interfaces: IPv4 first, then IPv6, skipping
 * families marked `enabled: false`. Unparsable YAML has none.
 */
export function nmstateAddresses(nmstateYaml: string): string[] {
  let doc: Document;
  try {
    doc = parseYaml(nmstateYaml) as Document;
  } catch {
    return [];
  }
  const addresses: string[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    for (const iface of Array.isArray(doc?.interfaces) ? doc.interfaces : []) {
      const config = iface?.[family];
      if (!config || config.enabled === false) continue;
      for (const address of Array.isArray(config.address) ? config.address : []) {
        if (typeof address?.ip === 'string') addresses.push(address.ip);
      }
    }
  }
  return addresses;
}
