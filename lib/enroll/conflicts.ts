import type { HostView, NodeView } from '@/lib/inventory/views';
import { parseBmcAddress } from '@/lib/metal3/bmc';
import { addressKey, canonicalIp } from '@/lib/net/ip';
import { macKey } from '@/lib/net/mac';
import { validateNmstate } from '@/lib/nmstate/validate';
import { policyMessage } from './policies';
import type { HostEnrollment } from './schema';

/**
 * What the cluster already holds that a new enrollment would collide with, found before anything
 * is created. BMO finds a duplicate boot MAC only after the host exists, as a registration error
 * it retries forever (SPEC §3). Apart from the name, these are the console's own policies
 * (lib/enroll/policies.ts, checkedBy 'server'): the cluster would create the objects.
 */
export interface EnrollmentConflicts {
  name?: string;
  bootMACAddress?: string;
  bmcAddress?: string;
  /** By IP address, as the candidate wrote it. */
  ips: Record<string, string>;
  /** The node name a new worker would join as is a Node's, or another host's: at the field that names it. */
  nodeName?: { field: 'expectedNodeName' | 'name'; message: string };
}

/** An address's key for comparison (SPEC §5: as addresses, never as text); unparsable text keys as itself. */
const ipKey = (ip: string) => canonicalIp(ip) ?? ip;

/**
 * The key two BMC addresses are the same machine by: the host as an address (an IPv6 address in
 * any of its forms; a DNS name in any case), the port, and the path without trailing slashes.
 * Driver and transport are left out: `redfish-virtualmedia://b/x` and `idrac-virtualmedia://b/x`
 * reach one system. An address BMO cannot read keys as its trimmed, lower-cased text.
 */
export function bmcAddressKey(address: string): string {
  const parsed = parseBmcAddress(address.trim());
  if (!parsed.ok) return address.trim().toLowerCase();
  const { hostname, port, path } = parsed.address;
  return `${addressKey(hostname)}|${port}|${path.replace(/\/+$/, '')}`;
}

/**
 * Compares as addresses: a MAC in any case or separator style, an IP in any of its forms
 * (`2001:db8::0023` is the InternalIP `2001:db8::23`); messages quote the candidate's text and
 * the holder's own.
 */
export function enrollmentConflicts(
  candidate: {
    name: string;
    namespace: string;
    bootMACAddress?: string;
    bmcAddress?: string;
    ips: readonly string[];
    /** A new worker's: the node it will join as (`expectedNodeName`, else its host name); absent for an existing host, whose node exists. */
    joinsAs?: { node: string; field: 'expectedNodeName' | 'name' };
  },
  inventory: { hosts: readonly HostView[]; nodes: readonly NodeView[] },
): EnrollmentConflicts {
  const conflicts: EnrollmentConflicts = { ips: {} };
  const others = inventory.hosts.filter((h) => !(h.name === candidate.name && h.namespace === candidate.namespace));
  if (others.length < inventory.hosts.length) conflicts.name = `Host ${candidate.name} already exists in ${candidate.namespace}.`;

  const { joinsAs } = candidate;
  if (joinsAs) {
    const expecting = others.find((h) => !h.externallyProvisioned && (h.expectedNodeName ?? h.name) === joinsAs.node);
    const holder = inventory.nodes.some((n) => n.name === joinsAs.node) ? 'already exists' : expecting ? `is what host ${expecting.name} will join as` : undefined;
    if (holder) conflicts.nodeName = { field: joinsAs.field, message: policyMessage('node-name-free', { node: joinsAs.node, holder }) };
  }

  if (candidate.bootMACAddress) {
    const mac = macKey(candidate.bootMACAddress);
    const byBoot = others.find((h) => h.bootMACAddress && macKey(h.bootMACAddress) === mac);
    const byNic = others.find((h) => h.nicMacs.some((nic) => macKey(nic) === mac));
    if (byBoot) conflicts.bootMACAddress = policyMessage('boot-mac-unique', { mac: candidate.bootMACAddress, host: byBoot.name });
    else if (byNic) conflicts.bootMACAddress = policyMessage('boot-mac-not-inspected-nic', { mac: candidate.bootMACAddress, host: byNic.name });
  }

  if (candidate.bmcAddress?.trim()) {
    const key = bmcAddressKey(candidate.bmcAddress);
    const holder = others.find((h) => h.bmcAddress && bmcAddressKey(h.bmcAddress) === key);
    if (holder) conflicts.bmcAddress = policyMessage('bmc-address-unique', { address: candidate.bmcAddress.trim(), host: holder.name });
  }

  for (const ip of candidate.ips) {
    const key = ipKey(ip);
    const hostIp = (h: HostView) => h.staticIps.find((other) => ipKey(other) === key);
    const nodeIp = (n: NodeView) => n.internalIps.find((other) => ipKey(other) === key);
    const host = others.find((h) => hostIp(h) !== undefined);
    const node = inventory.nodes.find((n) => nodeIp(n) !== undefined);
    const as = (held: string | undefined) => (held !== undefined && held !== ip ? ` (written ${held})` : '');
    if (host) conflicts.ips[ip] = policyMessage('static-ip-unique', { ip, host: `${host.name}${as(hostIp(host))}` });
    else if (node) conflicts.ips[ip] = policyMessage('static-ip-not-a-node', { ip, node: `${node.name}${as(nodeIp(node))}` });
  }
  return conflicts;
}

/** Conflicts as field errors of the enrollment schema (`bmc.address`, ...); IPs belong to the network config. */
export function conflictFieldErrors(conflicts: EnrollmentConflicts): Record<string, string> {
  const errors: Record<string, string> = {};
  if (conflicts.name) errors.name = conflicts.name;
  if (conflicts.bootMACAddress) errors.bootMACAddress = conflicts.bootMACAddress;
  if (conflicts.bmcAddress) errors['bmc.address'] = conflicts.bmcAddress;
  const ips = Object.values(conflicts.ips);
  if (ips.length > 0) errors.networkConfig = ips.join(' ');
  if (conflicts.nodeName && !errors[conflicts.nodeName.field]) errors[conflicts.nodeName.field] = conflicts.nodeName.message;
  return errors;
}

/** The static addresses an enrollment gives its interfaces (the IPs to check for conflicts). */
export function enrollmentIps(enrollment: Pick<HostEnrollment, 'kind' | 'networkConfig'>): string[] {
  return enrollment.kind === 'static' && enrollment.networkConfig ? validateNmstate(enrollment.networkConfig).addresses.map((a) => a.ip) : [];
}

/** The node a new worker will join as, and the field that names it; undefined for an existing host (its node exists). */
export function joinsAs(enrollment: Pick<HostEnrollment, 'kind' | 'name' | 'expectedNodeName'>): { node: string; field: 'expectedNodeName' | 'name' } | undefined {
  if (enrollment.kind === 'existing') return undefined;
  return enrollment.expectedNodeName ? { node: enrollment.expectedNodeName, field: 'expectedNodeName' } : { node: enrollment.name, field: 'name' };
}
