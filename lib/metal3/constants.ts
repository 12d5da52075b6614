/** Facts of a user-provisioned bare-metal cluster (SPEC §1–3) that browser and server share. */

/** BMO watches only this namespace while `watchAllNamespaces: false`. */
export const MACHINE_API_NAMESPACE = 'openshift-machine-api';

/** The Provisioning CR is a singleton with exactly this name. */
export const PROVISIONING_NAME = 'provisioning-configuration';

export const WORKER_USER_DATA_SECRET = 'worker-user-data-managed';
export const CONTROLLER_USER_DATA_SECRET = 'controller-user-data-managed';

/** The workloads that mean "the provisioning service is running" (SPEC §2). */
export const METAL3_DEPLOYMENTS = ['metal3', 'metal3-baremetal-operator', 'metal3-image-customization'] as const;
export const METAL3_DAEMONSETS = ['ironic-proxy'] as const;

/** Annotations the console writes on a BareMetalHost. */
export const ANNOTATIONS = {
  /** The node name the user expects this host to join as (enrollment). */
  expectedNodeName: 'baremetal-console.openshift.io/expected-node-name',
  /**
   * The node name recorded when the console approved this host's client CSR (join). Taken only
   * with its seal (nodeNameSeal): anyone who may annotate the host could write another name.
   */
  nodeName: 'baremetal-console.openshift.io/node-name',
  /** The console's seal of the recorded node name: an HMAC of the host's uid and that name (server/host-seals.ts). */
  nodeNameSeal: 'baremetal-console.openshift.io/node-name-seal',
  /** Who enrolled the host through the console (informational: anyone who may annotate the host can write it). */
  enrolledBy: 'baremetal-console.openshift.io/enrolled-by',
  /** The console's proof it enrolled the host: an HMAC of its uid, operation id and expected node name (server/host-seals.ts). Only such hosts' CSRs may be approved automatically. */
  enrollmentProof: 'baremetal-console.openshift.io/enrollment-proof',
  /** The uids of the Secrets the enrollment created, comma-separated (the enrollment proof vouches for them): the removal deletes only these. */
  enrollmentSecrets: 'baremetal-console.openshift.io/enrollment-secrets',
  /** The enrollment submission that created the object; a retry of it recognises its own objects. */
  operationId: 'baremetal-console.openshift.io/operation-id',
  /** A removal in progress: its intent and options as JSON, on the host and on its node (removal flow). */
  removal: 'baremetal-console.openshift.io/removal',
  /**
   * The prefix of a flow's heartbeat (`<prefix>.<kind>`, server/flows/heartbeat.ts), beside its
   * recorded intent: `<replica id> <ISO time>`, refreshed while a replica of the console runs it.
   */
  flowAlive: 'baremetal-console.openshift.io/flow-alive',
} as const;

/** The heartbeat annotation of one kind of flow (removal, maintenance, bmc-change): ANNOTATIONS.flowAlive + `.<kind>`. */
export function flowAliveAnnotation(kind: string): string {
  return `${ANNOTATIONS.flowAlive}.${kind}`;
}

/** Labels the console writes (labels, unlike annotations, can be selected on). */
export const LABELS = {
  /** The bulk enrollment that made the object: every Secret and BareMetalHost of one batch carries its id. */
  batch: 'baremetal-console.openshift.io/batch',
} as const;

/** The ServiceAccount a booting RHCOS host uses to request its first kubelet certificate. */
export const NODE_BOOTSTRAPPER = {
  namespace: 'openshift-machine-config-operator',
  name: 'node-bootstrapper',
} as const;
