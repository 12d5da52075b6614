import { bmcAddressKey, enrollmentIps } from '@/lib/enroll/conflicts';
import { policyMessage } from '@/lib/enroll/policies';
import type { HostEnrollment } from '@/lib/enroll/schema';
import { canonicalIp } from '@/lib/net/ip';
import { macKey } from '@/lib/net/mac';

/**
 * Conflicts between the rows of one batch, found before anything is created: the same host name,
 * boot MAC, BMC address or static IP twice. Compared as the cluster conflicts are
 * (lib/enroll/conflicts.ts): MACs and IPs as addresses, BMC addresses by bmcAddressKey. Each
 * message names the other rows; the policies are the enrollment's own (boot-mac-unique,
 * bmc-address-unique, static-ip-unique), a name twice is what the apiserver would refuse.
 */

export interface BatchCandidate {
  /** The row's id. */
  id: string;
  /** 1-based position in the batch, as the table numbers rows. */
  row: number;
  enrollment: Pick<HostEnrollment, 'name' | 'bootMACAddress' | 'bmc' | 'kind' | 'networkConfig'>;
}

/** "host openshift-worker-7 (row 7 of this batch)", or "hosts a (row 2 of this batch) and b (row 9 of this batch)". */
function others(rows: readonly BatchCandidate[]): string {
  const names = rows.map((r) => `${r.enrollment.name || '(no name)'} (row ${r.row} of this batch)`);
  return names.length === 1 ? `host ${names[0]}` : `hosts ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Groups candidates by key; only keys held by more than one row matter. */
function byKey(candidates: readonly BatchCandidate[], keys: (c: BatchCandidate) => readonly string[]): Map<string, BatchCandidate[]> {
  const groups = new Map<string, BatchCandidate[]>();
  for (const candidate of candidates) {
    for (const key of new Set(keys(candidate))) groups.set(key, [...(groups.get(key) ?? []), candidate]);
  }
  return groups;
}

/**
 * The problems of each row (by id) that another row of the batch causes, by enrollment schema
 * field (`name`, `bootMACAddress`, `bmc.address`, `networkConfig`); rows without any are absent.
 * Rows the schema refused can still take part: pass what they have.
 */
export function batchConflicts(candidates: readonly BatchCandidate[]): Map<string, Record<string, string>> {
  const problems = new Map<string, Record<string, string>>();
  const add = (candidate: BatchCandidate, field: string, message: string) => {
    const fields = problems.get(candidate.id) ?? {};
    fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
    problems.set(candidate.id, fields);
  };
  const report = (groups: Map<string, BatchCandidate[]>, field: string, message: (candidate: BatchCandidate, rest: BatchCandidate[], key: string) => string) => {
    for (const [key, group] of groups) {
      if (group.length < 2) continue;
      for (const candidate of group) add(candidate, field, message(candidate, group.filter((c) => c !== candidate), key));
    }
  };
  report(byKey(candidates, (c) => (c.enrollment.name ? [c.enrollment.name] : [])), 'name', (_, rest) => `The same name is given to ${others(rest)}.`);
  report(byKey(candidates, (c) => (c.enrollment.bootMACAddress?.trim() ? [macKey(c.enrollment.bootMACAddress)] : [])), 'bootMACAddress', (c, rest) =>
    policyMessage('boot-mac-unique', { mac: c.enrollment.bootMACAddress?.trim() ?? '', host: others(rest).replace(/^hosts? /, '') }),
  );
  report(byKey(candidates, (c) => (c.enrollment.bmc.address.trim() ? [bmcAddressKey(c.enrollment.bmc.address)] : [])), 'bmc.address', (c, rest) =>
    policyMessage('bmc-address-unique', { address: c.enrollment.bmc.address.trim(), host: others(rest).replace(/^hosts? /, '') }),
  );
  const ipsOf = (c: BatchCandidate) => enrollmentIps(c.enrollment).map((ip) => canonicalIp(ip) ?? ip);
  for (const [key, group] of byKey(candidates, ipsOf)) {
    if (group.length < 2) continue;
    for (const candidate of group) {
      const written = enrollmentIps(candidate.enrollment).find((ip) => (canonicalIp(ip) ?? ip) === key) ?? key;
      add(candidate, 'networkConfig', policyMessage('static-ip-unique', { ip: written, host: others(group.filter((c) => c !== candidate)).replace(/^hosts? /, '') }));
    }
  }
  return problems;
}
