import type { NodeView } from '@/lib/inventory/views';
import { ANNOTATIONS, CONTROLLER_USER_DATA_SECRET } from '@/lib/metal3/constants';
import type { HostDetails } from '@/lib/metal3/host-details';
import { controlPlaneQuorum, isControlPlaneNode } from '@/lib/nodes/control-plane';
import type { HostFacts } from './actions';
import type { GuidanceInput } from './guidance';

/**
 * A host's facts for the action policies (lib/day2/actions.ts), from what the host page and the
 * server's intents both read: the BareMetalHost, its linked node, every node (for the quorum),
 * and the console's flows recorded on it. One function, so the page's disabled buttons and the
 * server's refusals never disagree.
 */
export function hostFactsOf(options: {
  host: HostDetails;
  node?: NodeView;
  linkProblem?: string;
  nodes: readonly NodeView[];
  removal: boolean;
  maintenance: HostFacts['maintenance'];
  bmcChange: HostFacts['bmcChange'];
}): HostFacts {
  const { host, node } = options;
  const controlPlane = node !== undefined && (isControlPlaneNode(node) || host.spec?.userData?.name === CONTROLLER_USER_DATA_SECRET);
  // A control-plane node already cordoned (in maintenance, being removed) is out as well.
  const alreadyOut = options.nodes.filter((n) => n.name !== node?.name && isControlPlaneNode(n) && n.unschedulable).map((n) => n.name);
  const quorum = controlPlane && node ? controlPlaneQuorum(options.nodes, [node.name, ...alreadyOut]) : undefined;
  return {
    namespace: host.metadata.namespace,
    name: host.metadata.name,
    state: host.status?.provisioning?.state ?? '',
    ...(host.status?.operationalStatus ? { operationalStatus: host.status.operationalStatus } : {}),
    ...(host.status?.errorType ? { errorType: host.status.errorType } : {}),
    online: host.spec?.online ?? false,
    ...(host.status?.poweredOn !== undefined ? { poweredOn: host.status.poweredOn } : {}),
    deleting: Boolean(host.metadata.deletionTimestamp),
    annotations: host.metadata.annotations ?? {},
    ...(node ? { node: { name: node.name, ready: node.ready === 'True', unschedulable: node.unschedulable, controlPlane } } : {}),
    ...(options.linkProblem ? { linkProblem: options.linkProblem } : {}),
    ...(quorum ? { quorum: { ok: quorum.ok, message: quorum.message } } : {}),
    removal: options.removal,
    maintenance: options.maintenance,
    bmcChange: options.bmcChange,
  };
}

/** What the error guidance (lib/day2/guidance.ts) reads of a host, at `now` (ms). */
export function guidanceInputOf(host: HostDetails, now: number): GuidanceInput {
  const { metadata, spec, status } = host;
  const history = status?.operationHistory;
  return {
    namespace: metadata.namespace,
    name: metadata.name,
    state: status?.provisioning?.state ?? '',
    ...(status?.operationalStatus ? { operationalStatus: status.operationalStatus } : {}),
    ...(status?.errorType ? { errorType: status.errorType } : {}),
    ...(status?.errorMessage ? { errorMessage: status.errorMessage } : {}),
    ...(status?.errorCount !== undefined ? { errorCount: status.errorCount } : {}),
    ...(metadata.deletionTimestamp ? { deletionTimestamp: metadata.deletionTimestamp } : {}),
    ...(metadata.finalizers ? { finalizers: metadata.finalizers } : {}),
    annotations: metadata.annotations ?? {},
    ...(status?.lastUpdated ? { lastUpdated: status.lastUpdated } : {}),
    started: {
      ...(history?.register?.start ? { register: history.register.start } : {}),
      ...(history?.inspect?.start ? { inspect: history.inspect.start } : {}),
      ...(history?.provision?.start ? { provision: history.provision.start } : {}),
      ...(history?.deprovision?.start ? { deprovision: history.deprovision.start } : {}),
    },
    ...(spec?.bmc?.address ? { bmcAddress: spec.bmc.address } : {}),
    ...(spec?.bmc?.credentialsName ? { credentialsName: spec.bmc.credentialsName } : {}),
    ...(spec?.bmc?.disableCertificateVerification !== undefined ? { disableCertificateVerification: spec.bmc.disableCertificateVerification } : {}),
    ...(spec?.preprovisioningNetworkDataName ? { networkSecret: spec.preprovisioningNetworkDataName } : {}),
    externallyProvisioned: spec?.externallyProvisioned ?? false,
    ...(spec?.bootMode ? { bootMode: spec.bootMode } : {}),
    ...(metadata.annotations?.[ANNOTATIONS.expectedNodeName] ? { expectedNodeName: metadata.annotations[ANNOTATIONS.expectedNodeName] } : {}),
    now,
  };
}
