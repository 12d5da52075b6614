import { type Node, nodeReadyStatus, nodeRoles } from '@/lib/k8s/node';
import { type BareMetalHost, provisioningState } from '@/lib/metal3/bare-metal-host';
import { batchIdSchema } from '@/lib/bulk/batch';
import { ANNOTATIONS, CONTROLLER_USER_DATA_SECRET, LABELS, MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { DETACHED_ANNOTATION, INSPECT_ANNOTATION, REBOOT_ANNOTATION } from '@/lib/metal3/annotations';
import { type HostView, NO_FLOWS, type NodeView } from './views';

/** The annotations the day-2 action policies read; the view carries these and no other. */
const DAY2_POLICY_ANNOTATIONS = [REBOOT_ANNOTATION, INSPECT_ANNOTATION, DETACHED_ANNOTATION] as const;

/**
 * The one place a BareMetalHost becomes what the browser sees (no credentials, no Secret data).
 * `sealed` holds the recorded and expected node names only as the server verified their seals
 * (server/host-seals.ts): those annotations themselves are never taken as written.
 */
export function toHostView(host: BareMetalHost, network: { ips: readonly string[]; error?: string }, sealed: { recordedNodeName?: string; expectedNodeName?: string } = {}): HostView {
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
    ...(sealed.recordedNodeName ? { recordedNodeName: sealed.recordedNodeName } : {}),
    ...(sealed.expectedNodeName ? { expectedNodeName: sealed.expectedNodeName } : {}),
    enrolledBy: metadata.annotations?.[ANNOTATIONS.enrolledBy],
    // Anyone who may label the host could set this: only a batch id (what the console writes) is taken.
    ...(batchIdSchema.safeParse(metadata.labels?.[LABELS.batch]).success ? { batch: metadata.labels?.[LABELS.batch] } : {}),
    provisionedAt: status?.operationHistory?.provision?.end ?? undefined,
    staticIps: [...network.ips],
    ...(network.error ? { staticIpsError: network.error } : {}),
    day2: {
      annotations: Object.fromEntries(DAY2_POLICY_ANNOTATIONS.flatMap((key) => (metadata.annotations?.[key] !== undefined ? [[key, metadata.annotations[key]]] : []))),
      controlPlaneUserData: spec?.userData?.name === CONTROLLER_USER_DATA_SECRET,
      ...(spec?.bmc?.disableCertificateVerification !== undefined ? { disableCertificateVerification: spec.bmc.disableCertificateVerification } : {}),
      ...(spec?.bootMode ? { bootMode: spec.bootMode } : {}),
      flows: NO_FLOWS,
    },
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
