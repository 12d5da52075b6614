import { ipFamily } from '@/lib/net/ip';

/**
 * BMC drivers (SPEC §4) and whether they boot by virtual media, the only way to provision when
 * the provisioning network is Disabled, as it is when scaling a user-provisioned cluster.
 */
export const BMC_DRIVERS = {
  'redfish-virtualmedia': { virtualMedia: true },
  'idrac-virtualmedia': { virtualMedia: true },
  'ilo5-virtualmedia': { virtualMedia: true },
  'ilo4-virtualmedia': { virtualMedia: true },
  'redfish-uefihttp': { virtualMedia: true },
  ipmi: { virtualMedia: false },
  redfish: { virtualMedia: false },
  'idrac-redfish': { virtualMedia: false },
  'ilo5-redfish': { virtualMedia: false },
  idrac: { virtualMedia: false },
  irmc: { virtualMedia: false },
  ilo4: { virtualMedia: false },
  ilo5: { virtualMedia: false },
  libvirt: { virtualMedia: false },
} as const satisfies Record<string, { virtualMedia: boolean }>;

export type BmcDriver = keyof typeof BMC_DRIVERS;

export const NEEDS_PROVISIONING_NETWORK = 'needs a provisioning network, which scaling a user-provisioned cluster does not have';

export interface BmcAddress {
  driver: BmcDriver;
  transport?: 'http' | 'https';
  host: string;
  port?: number;
  path?: string;
}

const DNS_NAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/;

function isDriver(name: string): name is BmcDriver {
  return Object.hasOwn(BMC_DRIVERS, name);
}

/**
 * Parses `<driver>[+http|+https]://<host>[:port][/path]`; no scheme (or a bare host:port) means
 * ipmi. The host is an IPv4 address, an IPv6 address in brackets, or a DNS name.
 */
export function parseBmcAddress(text: string): { address: BmcAddress } | { error: string } {
  const value = text.trim();
  if (!value) return { error: 'Enter the BMC address.' };
  const schemeMatch = /^([a-z0-9-]+)(?:\+(http|https))?:\/\/(.*)$/i.exec(value);
  const driverName = schemeMatch ? (schemeMatch[1] ?? '').toLowerCase() : 'ipmi';
  const transport = schemeMatch?.[2]?.toLowerCase() as 'http' | 'https' | undefined;
  const rest = schemeMatch ? (schemeMatch[3] ?? '') : value;
  if (!isDriver(driverName)) return { error: `Unknown BMC driver "${driverName}".` };
  const slash = rest.indexOf('/');
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash) : undefined;
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) return { error: 'An IPv6 BMC address needs a closing bracket.' };
    host = authority.slice(1, end);
    const after = authority.slice(end + 1);
    if (after && !after.startsWith(':')) return { error: 'Unexpected text after the IPv6 address.' };
    portText = after ? after.slice(1) : undefined;
    if (ipFamily(host) !== 6) return { error: `${host} is not an IPv6 address.` };
  } else {
    if ((authority.match(/:/g) ?? []).length > 1) return { error: 'Put an IPv6 BMC address in brackets, e.g. [fd00::1].' };
    [host = '', portText] = authority.split(':');
    if (!host) return { error: 'The BMC address has no host.' };
    if (/^[\d.]+$/.test(host) ? ipFamily(host) !== 4 : !DNS_NAME.test(host)) return { error: `${host} is not an IP address or DNS name.` };
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) return { error: `${portText} is not a port (1–65535).` };
  }
  return { address: { driver: driverName, ...(transport ? { transport } : {}), host, ...(port ? { port } : {}), ...(path ? { path } : {}) } };
}

/** Why this BMC address cannot provision a new worker here, or undefined. */
export function bmcAddressProblem(text: string, options: { newWorker: boolean }): string | undefined {
  const parsed = parseBmcAddress(text);
  if ('error' in parsed) return parsed.error;
  if (options.newWorker && !BMC_DRIVERS[parsed.address.driver].virtualMedia) {
    return `The ${parsed.address.driver} driver ${NEEDS_PROVISIONING_NETWORK}. Use a virtual-media driver such as redfish-virtualmedia or idrac-virtualmedia.`;
  }
  return undefined;
}
