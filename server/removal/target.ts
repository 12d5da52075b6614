import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { linkInventory, uncertainLink } from '@/lib/inventory/links';
import type { StreamSnapshot } from '@/lib/inventory/stream';
import { BareMetalHostKind, SecretKind } from '@/lib/k8s/kinds';
import { InvalidNameError } from '@/lib/k8s/names';
import { type MetadataOnly, metadataOnlySchema } from '@/lib/k8s/object-meta';
import { hostWithUidSchema, provisioningState } from '@/lib/metal3/bare-metal-host';
import { ANNOTATIONS, CONTROLLER_USER_DATA_SECRET, MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { controlPlaneQuorum, isControlPlaneNode } from '@/lib/nodes/control-plane';
import { type RemovalTarget, type SecretPlan, removalTargetSchema } from '@/lib/removal/progress';
import { readBudgets, readDrainInput } from '../drain';
import { ClusterError } from '../errors';
import { getObject, getOptional } from '../kube/objects';
import type { InventoryHub } from '../watch/inventory-hub';
import { type VerifiedEnrollment, verifiedEnrollment } from '../host-seals';
import { describeRecordedRemoval } from './flow';

/**
 * What removing a host involves, read with the caller's credentials: the host (pinned by uid), its
 * node as the inventory links them (or why that cannot be told for sure), the fate of each of its
 * Secrets, what is already recorded, and the node's pods for the drain plan.
 */

type HostRef = { namespace: string; name: string };

/**
 * The host's node as the inventory links them, from the caller's watch cache, or why it cannot be
 * told for sure. A recorded node that no longer exists is certain: there is nothing to drain.
 */
export function linkedNode(snapshot: StreamSnapshot, hostUid: string): { node?: { name: string; uid: string }; problem?: string } {
  const row = linkInventory(snapshot.hosts, snapshot.nodes).find((r) => r.host?.uid === hostUid);
  if (row?.node) return { node: { name: row.node.name, uid: row.node.uid } };
  const problem = row ? uncertainLink(row) : undefined;
  return problem ? { problem } : {};
}

/** What happens to each Secret the host names: deleted only when the console can prove it made it for this host. */
async function secretPlans(kc: KubeConfig, host: { namespace: string; uid: string; enrollment?: VerifiedEnrollment; networkSecret?: string; bmcSecret?: string }) {
  const plans: (SecretPlan & { secret?: MetadataOnly; proof?: 'enrollment' | 'owner' })[] = [];
  for (const [role, name] of [
    ['network', host.networkSecret],
    ['bmc', host.bmcSecret],
  ] as const) {
    if (!name) continue;
    let secret: MetadataOnly | undefined;
    try {
      secret = await getOptional(kc, { kind: SecretKind, namespace: host.namespace, name, schema: metadataOnlySchema });
    } catch (error) {
      if (error instanceof InvalidNameError) {
        plans.push({ name, role, fate: 'kept', reason: 'it is not a valid Secret name, so the console never puts it in a request' });
        continue;
      }
      if (!(error instanceof ClusterError)) throw error;
      plans.push({ name, role, fate: 'kept', reason: `it cannot be read (${error.userMessage})` });
      continue;
    }
    if (!secret) continue;
    const ownedByHost = secret.metadata.ownerReferences?.some((owner) => owner.uid === host.uid) ?? false;
    // This very Secret (by uid), as the enrollment proof vouches, and still marked with the enrollment's operation id.
    const { enrollment } = host;
    const madeForHost =
      enrollment?.operationId !== undefined &&
      (enrollment.secretUids ?? []).includes(secret.metadata.uid) &&
      secret.metadata.annotations?.[ANNOTATIONS.operationId] === enrollment.operationId;
    if (madeForHost) plans.push({ name, role, fate: 'delete', reason: 'the console made it when it enrolled this host', secret, proof: 'enrollment' as const });
    else if (ownedByHost) plans.push({ name, role, fate: 'delete', reason: "it goes with the host (BMO's ownerReference)", secret, proof: 'owner' as const });
    else plans.push({ name, role, fate: 'kept', reason: 'the console did not make it for this host, so it never deletes it; delete it yourself if nothing uses it' });
  }
  return plans;
}

/** The host, its node (linked as the inventory links them) and what removing it involves, as the caller may see it. */
export async function readRemovalTarget(kc: KubeConfig, options: { hub: InventoryHub; host: HostRef }): Promise<RemovalTarget & { uid: string; operationId?: string; nodeUid?: string; plans: Awaited<ReturnType<typeof secretPlans>> }> {
  const { host } = options;
  const live = await getObject(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, schema: hostWithUidSchema });
  const snapshot = await options.hub.snapshot();
  const link = linkedNode(snapshot, live.metadata.uid);
  // Only what the console's enrollment proof vouches for: anyone who may annotate the host could copy another host's.
  const enrollment = verifiedEnrollment(live);
  const operationId = enrollment?.operationId;
  const plans = await secretPlans(kc, {
    namespace: host.namespace,
    uid: live.metadata.uid,
    ...(enrollment ? { enrollment } : {}),
    networkSecret: live.spec?.preprovisioningNetworkDataName,
    bmcSecret: live.spec?.bmc?.credentialsName,
  });
  const drainInput = link.node ? await readDrainInput(kc, link.node.name) : undefined;
  const drain = drainInput ? { ...drainInput, ...(await readBudgets(kc, drainInput.pods).then(({ budgets, unreadable }) => ({ budgets, budgetsUnreadable: unreadable }))) } : undefined;
  const linkedView = link.node ? snapshot.nodes.find((n) => n.uid === link.node?.uid) : undefined;
  const controlPlane =
    (linkedView && isControlPlaneNode(linkedView)) || live.spec?.userData?.name === CONTROLLER_USER_DATA_SECRET
      ? (() => {
          const quorum = controlPlaneQuorum(snapshot.nodes, link.node ? [link.node.name] : []);
          return {
            quorumOk: quorum.ok,
            quorum: quorum.message,
            evicts: (drain?.pods ?? []).filter((pod) => pod.namespace === MACHINE_API_NAMESPACE).map((pod) => `${pod.namespace}/${pod.name}`),
          };
        })()
      : undefined;
  return {
    host,
    uid: live.metadata.uid,
    ...(operationId ? { operationId } : {}),
    ...(link.node ? { node: link.node.name, nodeUid: link.node.uid } : {}),
    ...(link.problem ? { linkProblem: link.problem } : {}),
    state: provisioningState(live),
    externallyProvisioned: Boolean(live.spec?.externallyProvisioned),
    secrets: plans.map(({ name, role, fate, reason }) => ({ name, role, fate, reason })),
    plans,
    recorded: describeRecordedRemoval(live.metadata.annotations, { ...host, uid: live.metadata.uid }),
    ...(controlPlane ? { controlPlane } : {}),
    ...(drain ? { drain } : {}),
  };
}

/** The part of readRemovalTarget the dialog shows (the schema drops uids and Secret metadata). */
export async function describeRemoval(kc: KubeConfig, options: { hub: InventoryHub; host: HostRef }): Promise<RemovalTarget> {
  return removalTargetSchema.parse(await readRemovalTarget(kc, options));
}

