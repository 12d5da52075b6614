import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { type HostFacts } from '@/lib/day2/actions';
import { hostFactsOf } from '@/lib/day2/facts';
import type { StreamSnapshot } from '@/lib/inventory/stream';
import type { HostFlows, NodeView } from '@/lib/inventory/views';
import { BareMetalHostKind } from '@/lib/k8s/kinds';
import { type HostDetailsWithUid, hostDetailsWithUidSchema } from '@/lib/metal3/host-details';
import { getObject } from '../kube/objects';
import { recordedRemovalOnHost, removalKey, removals } from '../removal/flow';
import { linkedNode } from '../removal/target';
import type { InventoryHub } from '../watch/inventory-hub';
import { bmcChanges, hostKey, maintenances, recordedBmcChange, recordedMaintenance } from './records';

/**
 * What a day-2 action on a host reads first, with the caller's credentials: the host (pinned by
 * its uid), its node as the inventory links them (or why that cannot be told), every node for the
 * quorum, and the facts the action policies decide on (lib/day2/actions.ts).
 */

export type HostRef = { namespace: string; name: string };

export interface Day2Target {
  host: HostDetailsWithUid;
  facts: HostFacts;
  /** The linked node, pinned by uid. */
  node?: { name: string; uid: string };
  nodeView?: NodeView;
  snapshot: StreamSnapshot;
}

/** Whether a flow of `registry` for this host runs here, or one is recorded (and verified) on it. */
const flowState = (options: { active: boolean; recorded: { state: string } }): HostFacts['maintenance'] =>
  options.active || options.recorded.state === 'verified' ? 'active' : options.recorded.state === 'unverified' ? 'unverified' : 'none';

/**
 * The console's flows on a host as the action policies count them (a removal, a maintenance, a BMC
 * change: running in this process, or recorded on the host): the one place for the host page, the
 * intents and the inventory's rows (server/watch/inventory-hub.ts).
 */
export function hostFlowsOf(ref: HostRef & { uid?: string | undefined }, annotations: Readonly<Record<string, string>> | undefined): HostFlows {
  return {
    removal: removals.known(removalKey(ref))?.active === true || recordedRemovalOnHost(annotations, ref).state === 'verified',
    maintenance: flowState({ active: maintenances.known(hostKey(ref))?.active === true, recorded: recordedMaintenance(annotations, ref) }),
    bmcChange: flowState({ active: bmcChanges.known(hostKey(ref))?.active === true, recorded: recordedBmcChange(annotations, ref) }),
  };
}

/** The host's facts from a host object and the caller's inventory snapshot (also used for the host page). */
export function day2FactsOf(host: HostDetailsWithUid, snapshot: StreamSnapshot): { facts: HostFacts; node?: { name: string; uid: string }; nodeView?: NodeView } {
  const ref = { namespace: host.metadata.namespace, name: host.metadata.name, uid: host.metadata.uid };
  const link = linkedNode(snapshot, host.metadata.uid);
  const nodeView = link.node ? snapshot.nodes.find((n) => n.uid === link.node?.uid) : undefined;
  const facts = hostFactsOf({
    host,
    ...(nodeView ? { node: nodeView } : {}),
    ...(link.problem ? { linkProblem: link.problem } : {}),
    nodes: snapshot.nodes,
    ...hostFlowsOf(ref, host.metadata.annotations),
  });
  return { facts, ...(link.node ? { node: link.node } : {}), ...(nodeView ? { nodeView } : {}) };
}

/** Reads the host (404 when it does not exist) and the caller's inventory. Throws ClusterError. */
export async function readDay2Target(kc: KubeConfig, options: { hub: InventoryHub; host: HostRef }): Promise<Day2Target> {
  const [host, snapshot] = await Promise.all([
    getObject(kc, { kind: BareMetalHostKind, namespace: options.host.namespace, name: options.host.name, schema: hostDetailsWithUidSchema }),
    options.hub.snapshot(),
  ]);
  return { host, snapshot, ...day2FactsOf(host, snapshot) };
}
