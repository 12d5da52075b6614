import type { HostView, NodeView } from '@/lib/inventory/views';
import { canonicalIp } from '@/lib/net/ip';
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
  /** By IP address, as the candidate wrote it. */
  ips: Record<string, string>;
}

/** An address's key for comparison (SPEC §5: as addresses, never as text); unparsable text keys as itself. */
const ipKey = (ip: string) => canonicalIp(ip) ?? ip;

/**
 * Compares as addresses: a MAC in any case or separator style, an IP in any of its forms
 * (`2001:db8::0023` is the InternalIP `2001:db8::23`); messages quote the candidate's text and
 * the holder's own.
 */
export function enrollmentConflicts(
  candidate: { name: string; namespace: string; bootMACAddress?: string; ips: readonly string[] },
  inventory: { hosts: readonly HostView[]; nodes: readonly NodeView[] },
): EnrollmentConflicts {
  const conflicts: EnrollmentConflicts = { ips: {} };
  const others = inventory.hosts.filter((h) => !(h.name === candidate.name && h.namespace === candidate.namespace));
  if (others.length < inventory.hosts.length) conflicts.name = `Host ${candidate.name} already exists in ${candidate.namespace}.`;

  if (candidate.bootMACAddress) {
    const mac = macKey(candidate.bootMACAddress);
    const byBoot = others.find((h) => h.bootMACAddress && macKey(h.bootMACAddress) === mac);
    const byNic = others.find((h) => h.nicMacs.some((nic) => macKey(nic) === mac));
    if (byBoot) conflicts.bootMACAddress = policyMessage('boot-mac-unique', { mac: candidate.bootMACAddress, host: byBoot.name });
    else if (byNic) conflicts.bootMACAddress = policyMessage('boot-mac-not-inspected-nic', { mac: candidate.bootMACAddress, host: byNic.name });
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

/** Conflicts as field errors of the enrollment form; IPs belong to the network config. */
export function conflictFieldErrors(conflicts: EnrollmentConflicts): Record<string, string> {
  const errors: Record<string, string> = {};
  if (conflicts.name) errors.name = conflicts.name;
  if (conflicts.bootMACAddress) errors.bootMACAddress = conflicts.bootMACAddress;
  const ips = Object.values(conflicts.ips);
  if (ips.length > 0) errors.networkConfig = ips.join(' ');
  return errors;
}

/** The static addresses an enrollment gives its interfaces (the IPs to check for conflicts). */
export function enrollmentIps(enrollment: Pick<HostEnrollment, 'kind' | 'networkConfig'>): string[] {
  return enrollment.kind === 'static' && enrollment.networkConfig ? validateNmstate(enrollment.networkConfig).addresses.map((a) => a.ip) : [];
}
