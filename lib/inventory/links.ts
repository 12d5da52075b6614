import { canonicalIp } from '@/lib/net/ip';
import type { HostView, NodeView } from './views';

/** How a host was matched to its node, best first (there is no Machine API to say it). */
export type LinkRule = 'recorded' | 'ip' | 'name';

export interface InventoryRow {
  /** Stable row key: the host's uid, else the node's. */
  key: string;
  host?: HostView;
  node?: NodeView;
  link?: LinkRule;
  /** Why this row is not linked although it could have been. */
  problem?: string;
  /** The host's recorded node no longer exists and no other node matches it by IP or name: no node runs there. */
  recordedNodeGone?: true;
}

type Guess = { node: NodeView; rule: LinkRule } | { ambiguous: string };
type Candidate = Guess | { missing: string; guess?: Guess } | undefined;

/**
 * The node the host's static IPs or its name point to. A static IP that several nodes report (a
 * node writes its own addresses, so any node can claim another's) leaves the host's node unknown:
 * that is never "no node".
 */
function guess(host: HostView, nodesByName: Map<string, NodeView>, nodesByIp: Map<string, NodeView[]>): Guess | undefined {
  for (const ip of host.staticIps) {
    const key = canonicalIp(ip);
    const matches = (key !== undefined && nodesByIp.get(key)) || [];
    if (matches.length === 1 && matches[0]) return { node: matches[0], rule: 'ip' };
    if (matches.length > 1) {
      const names = matches.map((n) => n.name).sort();
      return { ambiguous: `Static IP ${ip} is an InternalIP of nodes ${names.join(' and ')}: which node runs on this host cannot be told for sure.` };
    }
  }
  const byName = nodesByName.get(host.name);
  return byName ? { node: byName, rule: 'name' } : undefined;
}

function candidate(host: HostView, nodesByName: Map<string, NodeView>, nodesByIp: Map<string, NodeView[]>): Candidate {
  if (host.recordedNodeName) {
    const node = nodesByName.get(host.recordedNodeName);
    if (node) return { node, rule: 'recorded' };
    // The recorded node is gone: guessing another would mislead, but one that matches makes the record doubtful.
    const other = guess(host, nodesByName, nodesByIp);
    return { missing: host.recordedNodeName, ...(other ? { guess: other } : {}) };
  }
  return guess(host, nodesByName, nodesByIp);
}

/**
 * Hosts and nodes side by side: linked by the recorded node name, else by a node InternalIP equal
 * to one of the host's static IPs (as addresses: `2001:db8::0023` is `2001:db8::23`, SPEC §5),
 * else by equal names. Two hosts claiming one node link neither.
 */
export function linkInventory(hosts: readonly HostView[], nodes: readonly NodeView[]): InventoryRow[] {
  const nodesByName = new Map(nodes.map((n) => [n.name, n]));
  const nodesByIp = new Map<string, NodeView[]>();
  for (const node of nodes) {
    for (const ip of new Set(node.internalIps.map(canonicalIp))) {
      if (ip !== undefined) nodesByIp.set(ip, [...(nodesByIp.get(ip) ?? []), node]);
    }
  }

  const claims = new Map<string, { host: HostView; rule: LinkRule }[]>();
  const rows: InventoryRow[] = [];
  const unlinkedHosts: InventoryRow[] = [];
  for (const host of hosts) {
    const found = candidate(host, nodesByName, nodesByIp);
    if (found && 'node' in found) {
      claims.set(found.node.name, [...(claims.get(found.node.name) ?? []), { host, rule: found.rule }]);
    } else if (found && 'ambiguous' in found) {
      unlinkedHosts.push({ key: host.uid, host, problem: found.ambiguous });
    } else if (found) {
      const other = found.guess;
      const problem = !other
        ? `Recorded node ${found.missing} does not exist.`
        : 'ambiguous' in other
          ? `Recorded node ${found.missing} does not exist. ${other.ambiguous}`
          : `Recorded node ${found.missing} does not exist, and node ${other.node.name} matches this host by ${other.rule === 'ip' ? 'IP' : 'name'}: which node runs on it cannot be told for sure.`;
      unlinkedHosts.push({ key: host.uid, host, problem, ...(other ? {} : { recordedNodeGone: true as const }) });
    } else {
      const problem = host.staticIpsError ? `Static IPs unknown: ${host.staticIpsError}` : undefined;
      unlinkedHosts.push({ key: host.uid, host, ...(problem ? { problem } : {}) });
    }
  }

  const linkedNodes = new Set<string>();
  const conflictedNodes = new Map<string, string>();
  for (const [nodeName, claimants] of claims) {
    const [only] = claimants;
    if (claimants.length === 1 && only) {
      rows.push({ key: only.host.uid, host: only.host, node: nodesByName.get(nodeName), link: only.rule });
      linkedNodes.add(nodeName);
      continue;
    }
    const names = claimants.map((c) => c.host.name).sort();
    const problem = `Node ${nodeName} is claimed by hosts ${names.join(' and ')}; linked to neither.`;
    conflictedNodes.set(nodeName, problem);
    for (const claimant of claimants) unlinkedHosts.push({ key: claimant.host.uid, host: claimant.host, problem });
  }

  const nodeRows = nodes
    .filter((n) => !linkedNodes.has(n.name))
    .map((node): InventoryRow => {
      const problem = conflictedNodes.get(node.name);
      return { key: node.uid, node, ...(problem ? { problem } : {}) };
    });
  return [...rows, ...unlinkedHosts, ...nodeRows];
}

/** Rows an administrator should look at: a host with no node, or a node with no host. */
export function orphanKind(row: InventoryRow): 'host without node' | 'node without host' | undefined {
  if (row.host && !row.node) return 'host without node';
  if (row.node && !row.host) return 'node without host';
  return undefined;
}

/**
 * Why the row's node cannot be told for sure, as the day-2 and removal policies read it: the row's
 * problem, except a recorded node that no longer exists while no other node matches the host,
 * which is certain (there is nothing to drain). The record counts only when the server verified
 * its seal (HostView.recordedNodeName, server/host-seals.ts).
 */
export function uncertainLink(row: InventoryRow): string | undefined {
  if (row.node || !row.problem || row.recordedNodeGone) return undefined;
  return row.problem;
}
