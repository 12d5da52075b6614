import type { HostFlows, HostView, NodeView } from '@/lib/inventory/views';
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
  const { host } = options;
  return factsOf({
    namespace: host.metadata.namespace,
    name: host.metadata.name,
    state: host.status?.provisioning?.state ?? '',
    operationalStatus: host.status?.operationalStatus,
    errorType: host.status?.errorType,
    online: host.spec?.online ?? false,
    poweredOn: host.status?.poweredOn,
    deleting: Boolean(host.metadata.deletionTimestamp),
    annotations: host.metadata.annotations ?? {},
    controlPlaneUserData: host.spec?.userData?.name === CONTROLLER_USER_DATA_SECRET,
    node: options.node,
    linkProblem: options.linkProblem,
    nodes: options.nodes,
    flows: { removal: options.removal, maintenance: options.maintenance, bmcChange: options.bmcChange },
  });
}

/**
 * The same facts from an inventory row (the stream's HostView, its linked node or why it has none,
 * every node), so each row's actions menu is disabled with the host page's reasons.
 */
export function hostFactsOfView(options: { host: HostView; node?: NodeView; linkProblem?: string; nodes: readonly NodeView[] }): HostFacts {
  const { host } = options;
  return factsOf({
    namespace: host.namespace,
    name: host.name,
    state: host.state,
    operationalStatus: host.operationalStatus,
    errorType: host.errorType,
    online: host.online,
    poweredOn: host.poweredOn,
    deleting: host.deleting,
    annotations: host.day2.annotations,
    controlPlaneUserData: host.day2.controlPlaneUserData,
    node: options.node,
    linkProblem: options.linkProblem,
    nodes: options.nodes,
    flows: host.day2.flows,
  });
}

/** The one derivation both read through: the node's role and readiness, and the control-plane quorum with the other cordoned control-plane nodes out. */
function factsOf(input: {
  namespace: string;
  name: string;
  state: string;
  operationalStatus?: string | undefined;
  errorType?: string | undefined;
  online: boolean;
  poweredOn?: boolean | undefined;
  deleting: boolean;
  annotations: Readonly<Record<string, string>>;
  controlPlaneUserData: boolean;
  node?: NodeView | undefined;
  linkProblem?: string | undefined;
  nodes: readonly NodeView[];
  flows: HostFlows;
}): HostFacts {
  const { node } = input;
  const controlPlane = node !== undefined && (isControlPlaneNode(node) || input.controlPlaneUserData);
  // A control-plane node already cordoned (in maintenance, being removed) is out as well.
  const alreadyOut = input.nodes.filter((n) => n.name !== node?.name && isControlPlaneNode(n) && n.unschedulable).map((n) => n.name);
  const quorum = controlPlane && node ? controlPlaneQuorum(input.nodes, [node.name, ...alreadyOut]) : undefined;
  return {
    namespace: input.namespace,
    name: input.name,
    state: input.state,
    ...(input.operationalStatus ? { operationalStatus: input.operationalStatus } : {}),
    ...(input.errorType ? { errorType: input.errorType } : {}),
    online: input.online,
    ...(input.poweredOn !== undefined ? { poweredOn: input.poweredOn } : {}),
    deleting: input.deleting,
    annotations: input.annotations,
    ...(node ? { node: { name: node.name, ready: node.ready === 'True', unschedulable: node.unschedulable, controlPlane } } : {}),
    ...(input.linkProblem ? { linkProblem: input.linkProblem } : {}),
    ...(quorum ? { quorum: { ok: quorum.ok, message: quorum.message } } : {}),
    removal: input.flows.removal,
    maintenance: input.flows.maintenance,
    bmcChange: input.flows.bmcChange,
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
