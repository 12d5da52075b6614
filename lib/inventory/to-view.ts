import { type Node, nodeReadyStatus, nodeRoles } from '@/lib/k8s/node';
import { type BareMetalHost, provisioningState } from '@/lib/metal3/bare-metal-host';
import { ANNOTATIONS, LABELS, MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import type { HostView, NodeView } from './views';

/** The one place a BareMetalHost becomes what the browser sees (no credentials, no Secret data). */
export function toHostView(host: BareMetalHost, network: { ips: readonly string[]; error?: string }, removal?: string): HostView {
  const { metadata, spec, status } = host;
  return {
    name: metadata.name,
    namespace: metadata.namespace ?? MACHINE_API_NAMESPACE,
    uid: metadata.uid ?? `${metadata.namespace}/${metadata.name}`,
    resourceVersion: metadata.resourceVersion ?? '',
    createdAt: metadata.creationTimestamp,
    deleting: Boolean(metadata.deletionTimestamp),
    state: provisioningState(host),
    operationalStatus: status?.operationalStatus,
    errorType: status?.errorType || undefined,
    errorMessage: status?.errorMessage || undefined,
    errorCount: status?.errorCount,
    poweredOn: status?.poweredOn,
    online: spec?.online ?? false,
    externallyProvisioned: spec?.externallyProvisioned ?? false,
    bootMACAddress: spec?.bootMACAddress,
    nicMacs: (status?.hardware?.nics ?? []).flatMap((nic) => (nic.mac ? [nic.mac] : [])),
    bmcAddress: spec?.bmc?.address,
    recordedNodeName: metadata.annotations?.[ANNOTATIONS.nodeName],
    expectedNodeName: metadata.annotations?.[ANNOTATIONS.expectedNodeName],
    enrolledBy: metadata.annotations?.[ANNOTATIONS.enrolledBy],
    ...(metadata.labels?.[LABELS.batch] ? { batch: metadata.labels[LABELS.batch] } : {}),
    provisionedAt: status?.operationHistory?.provision?.end ?? undefined,
    staticIps: [...network.ips],
    ...(network.error ? { staticIpsError: network.error } : {}),
    ...(removal ? { removal } : {}),
  };
}

export function toNodeView(node: Node): NodeView {
  return {
    name: node.metadata.name,
    uid: node.metadata.uid ?? node.metadata.name,
    resourceVersion: node.metadata.resourceVersion ?? '',
    createdAt: node.metadata.creationTimestamp,
    ready: nodeReadyStatus(node),
    unschedulable: node.spec?.unschedulable ?? false,
    roles: nodeRoles(node),
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion,
    internalIps: (node.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address),
    addresses: (node.status?.addresses ?? []).map((a) => a.address),
  };
}
