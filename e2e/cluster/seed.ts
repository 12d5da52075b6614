/**
 * Seed data of TESTBED.md: the state of a user-provisioned cluster just before an administrator
 * starts scaling it with BMO.
 */
import type * as k8s from '@kubernetes/client-node';
import {
  BareMetalHostKind,
  ClusterRoleBindingKind,
  DaemonSetKind,
  DeploymentKind,
  NamespaceKind,
  NodeKind,
  PodDisruptionBudgetKind,
  PodKind,
  SecretKind,
  ServiceAccountKind,
} from '../../lib/k8s/kinds';
import {
  ANNOTATIONS,
  CONTROLLER_USER_DATA_SECRET,
  MACHINE_API_NAMESPACE,
  NODE_BOOTSTRAPPER,
  WORKER_USER_DATA_SECRET,
} from '../../lib/metal3/constants';
import { staticNmstateYaml } from '../../lib/nmstate/document';
import { ObjectClient, type KubeObject, waitFor } from './kube';
import { KWOK_NODE_LABEL, KWOK_NODE_LABEL_VALUE, nodeManifest } from './host-agent/node';

export const DEMO_NAMESPACE = 'demo-apps';

export interface SeedHost {
  host: string;
  node: string;
  ip: string;
  mac: string;
  role: 'control-plane' | 'worker';
  /** Static NMState network config (else DHCP). */
  staticNetwork: boolean;
}

/** Control plane enrolled as externally provisioned; workers provisioned by BMO and joined. */
export const SEED_HOSTS: readonly SeedHost[] = [
  { host: 'controller1', node: 'controller1', ip: '192.168.111.20', mac: '52:54:00:00:01:01', role: 'control-plane', staticNetwork: false },
  { host: 'controller2', node: 'controller2', ip: '192.168.111.21', mac: '52:54:00:00:01:02', role: 'control-plane', staticNetwork: false },
  { host: 'controller3', node: 'controller3', ip: '192.168.111.22', mac: '52:54:00:00:01:03', role: 'control-plane', staticNetwork: false },
  // Named unlike its host, as in the seed procedure: linking by name alone fails for it.
  { host: 'openshift-worker-0', node: 'app1', ip: '192.168.111.30', mac: '52:54:00:00:02:00', role: 'worker', staticNetwork: true },
  { host: 'openshift-worker-1', node: 'openshift-worker-1', ip: '192.168.111.31', mac: '52:54:00:00:02:01', role: 'worker', staticNetwork: false },
];

/** The node that carries the drain-realistic workloads. */
export const DRAIN_NODE = 'app1';

export function bmcAddress(host: string): string {
  return `redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/${host}`;
}

/** A test host made as one console enrollment makes it: its operation id, and its proof of the host's and Secrets' uids. */
export interface ConsoleEnrollment {
  operationId: string;
  proof: (hostUid: string, secretUids: readonly string[]) => string;
}

/**
 * A new worker as the seed procedure's bmh.yaml enrolls it (BMC Secret, then the host with
 * customDeploy), for tests: BMO provisions it and the host agent boots it.
 */
export async function createWorker(
  client: ObjectClient,
  options: {
    host: string;
    mac: string;
    annotations?: Record<string, string>;
    networkSecret?: string;
    /**
     * Makes the host and its Secrets as one console enrollment makes them: the operation id on
     * all, and on the host the Secrets' uids and the proof of the console that must trust it
     * (`proof` of the host's and Secrets' uids: server/host-seals.ts enrollmentProof in-process,
     * e2e/cluster/seal.ts for a console started with a known secret). The removal then deletes
     * those Secrets.
     */
    enrollment?: ConsoleEnrollment;
  },
): Promise<void> {
  const provenance = options.enrollment ? { [ANNOTATIONS.operationId]: options.enrollment.operationId } : {};
  const secret = bmcSecret(`${options.host}-bmc-secret`);
  // ensure: a retried test finds the Secret of its first try until the garbage collector took it.
  await client.ensure(SecretKind, { ...secret, metadata: { ...secret.metadata, annotations: provenance } });
  const annotations = { ...options.annotations, ...provenance };
  await client.create(BareMetalHostKind, {
    metadata: { name: options.host, namespace: MACHINE_API_NAMESPACE, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: {
      online: true,
      bootMACAddress: options.mac,
      bmc: { address: bmcAddress(options.host), credentialsName: `${options.host}-bmc-secret`, disableCertificateVerification: true },
      customDeploy: { method: 'install_coreos' },
      userData: { name: WORKER_USER_DATA_SECRET, namespace: MACHINE_API_NAMESPACE },
      rootDeviceHints: { deviceName: '/dev/sda' },
      ...(options.networkSecret ? { preprovisioningNetworkDataName: options.networkSecret } : {}),
    },
  });
  if (options.enrollment) {
    const uidOf = async (kind: typeof BareMetalHostKind | typeof SecretKind, name: string) => (await client.get(kind, name, MACHINE_API_NAMESPACE))?.metadata.uid ?? '';
    const secretUids = [await uidOf(SecretKind, secret.metadata.name ?? ''), ...(options.networkSecret ? [await uidOf(SecretKind, options.networkSecret)] : [])];
    const annotations = { [ANNOTATIONS.enrollmentSecrets]: secretUids.join(','), [ANNOTATIONS.enrollmentProof]: options.enrollment.proof(await uidOf(BareMetalHostKind, options.host), secretUids) };
    await client.mergePatch(BareMetalHostKind, { name: options.host, namespace: MACHINE_API_NAMESPACE, body: { metadata: { annotations } } });
  }
}

/**
 * Deletes a test worker and waits until BMO has let it go, then deletes its node. Waiting matters:
 * BMO's test-mode fixture keeps one provisioning state for all hosts, so a host still
 * deprovisioning and another one provisioning undo each other every 10 s, forever.
 */
export async function deleteWorker(client: ObjectClient, options: { host: string; node?: string }): Promise<void> {
  await client.delete(BareMetalHostKind, options.host, MACHINE_API_NAMESPACE);
  await waitFor(
    `host ${options.host} to be gone`,
    async () => ((await client.get(BareMetalHostKind, options.host, MACHINE_API_NAMESPACE)) ? undefined : true),
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  if (options.node) await client.delete(NodeKind, options.node);
}

function bmcSecret(name: string): KubeObject {
  return {
    metadata: { name, namespace: MACHINE_API_NAMESPACE },
    type: 'Opaque',
    stringData: { username: 'admin', password: `seed-${name}` },
  };
}

function hostManifest(seed: SeedHost): KubeObject {
  const controlPlane = seed.role === 'control-plane';
  return {
    metadata: {
      name: seed.host,
      namespace: MACHINE_API_NAMESPACE,
      ...(seed.node !== seed.host ? { annotations: { [ANNOTATIONS.expectedNodeName]: seed.node } } : {}),
    },
    spec: {
      online: true,
      bootMACAddress: seed.mac,
      bmc: { address: bmcAddress(seed.host), credentialsName: `${seed.host}-bmc-secret`, disableCertificateVerification: true },
      customDeploy: { method: 'install_coreos' },
      userData: { name: controlPlane ? CONTROLLER_USER_DATA_SECRET : WORKER_USER_DATA_SECRET, namespace: MACHINE_API_NAMESPACE },
      ...(controlPlane ? { externallyProvisioned: true } : { rootDeviceHints: { deviceName: '/dev/sda' } }),
      ...(seed.staticNetwork ? { preprovisioningNetworkDataName: `${seed.host}-network-config-secret` } : {}),
    },
  };
}

/** BMO's annotation that makes it leave a host alone (baremetal-operator apis/metal3.io/v1alpha1 PausedAnnotation). */
export const BMO_PAUSED_ANNOTATION = 'baremetalhost.metal3.io/paused';
/** Marks scale mode's hosts and nodes, so the seed's own can be told apart by a selector. */
export const SCALE_LABEL = 'bmconsole.test/scale';
/** A taint no seeded workload tolerates: nothing is scheduled on scale nodes (no DaemonSet pod either). */
export const SCALE_TAINT = { key: 'bmconsole.test/scale', effect: 'NoSchedule' } as const;
/** Requests in flight while scale mode creates its hosts and nodes. */
const SCALE_CONCURRENCY = 24;

/** The n-th (from 0) scale host: name, node name (the same), a unique IPv4 in 10.100.0.0/14 and MAC. */
export function scaleHost(i: number): { host: string; node: string; ip: string; mac: string } {
  const name = `scale-${String(i).padStart(5, '0')}`;
  const n = i + 1;
  return {
    host: name,
    node: name,
    ip: `10.${100 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`,
    mac: `52:54:01:${[n >> 16, (n >> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`,
  };
}

/**
 * A scale host: an existing worker enrolled for inventory (externally provisioned), created
 * paused so BMO never walks it (BMO registers ~125 hosts a minute on 2 cores: 80 minutes for
 * 10,000), then given the status BMO writes once such a host is registered. No BMC Secret: BMO
 * never reads it for a paused host, and 10,000 of them would only weigh on the apiserver.
 */
function scaleHostManifest(host: string, mac: string): KubeObject {
  return {
    metadata: { name: host, namespace: MACHINE_API_NAMESPACE, labels: { [SCALE_LABEL]: '' }, annotations: { [BMO_PAUSED_ANNOTATION]: '' } },
    spec: {
      online: true,
      bootMACAddress: mac,
      bmc: { address: bmcAddress(host), credentialsName: `${host}-bmc-secret`, disableCertificateVerification: true },
      externallyProvisioned: true,
      userData: { name: WORKER_USER_DATA_SECRET, namespace: MACHINE_API_NAMESPACE },
    },
  };
}

/** What BMO's status says of a registered, externally provisioned host that is powered on. */
const SCALE_HOST_STATUS = {
  status: {
    provisioning: { ID: '', state: 'externally provisioned', bootMode: 'UEFI', image: { url: '' } },
    operationalStatus: 'OK',
    poweredOn: true,
    errorCount: 0,
    errorMessage: '',
    hardwareProfile: 'unknown',
    goodCredentials: {},
  },
};

/**
 * A scale node: Ready as its kubelet last said, with no kubelet behind it. kwok does not play it
 * (no kwok label): renewing 10,000 leases every 5 s would saturate the 2 cores this runs on; scale
 * mode keeps kube-controller-manager from marking silent nodes NotReady instead (testbed.ts).
 */
function scaleNodeManifest(name: string, ip: string): KubeObject {
  const node = nodeManifest({ name, ip, roles: ['worker'] });
  const labels: Record<string, string> = { ...node.metadata.labels, [SCALE_LABEL]: '' };
  delete labels[KWOK_NODE_LABEL];
  const now = new Date().toISOString();
  const status = node.status as Record<string, unknown>;
  return {
    ...node,
    metadata: { ...node.metadata, labels },
    spec: { taints: [SCALE_TAINT] },
    status: {
      ...status,
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now },
        ...['MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({ type, status: 'False', reason: `KubeletHasNo${type}`, lastHeartbeatTime: now, lastTransitionTime: now })),
      ],
    },
  };
}

/** Runs `work(i)` for i in [0, count) with `concurrency` at a time; the first failure stops it. */
async function forEachConcurrently(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

/** Scale mode: `scale` extra hosts (paused, status written) and as many Ready nodes. */
async function seedScale(client: ObjectClient, scale: number): Promise<void> {
  await forEachConcurrently(scale, SCALE_CONCURRENCY, async (i) => {
    const { host, node, ip, mac } = scaleHost(i);
    await client.ensure(BareMetalHostKind, scaleHostManifest(host, mac));
    await client.mergePatch(BareMetalHostKind, { name: host, namespace: MACHINE_API_NAMESPACE, subresource: 'status', body: SCALE_HOST_STATUS });
    await client.ensure(NodeKind, scaleNodeManifest(node, ip));
  });
}

async function seedBase(client: ObjectClient): Promise<void> {
  for (const name of [MACHINE_API_NAMESPACE, NODE_BOOTSTRAPPER.namespace, DEMO_NAMESPACE]) {
    await client.ensure(NamespaceKind, { metadata: { name } });
  }
  await client.ensure(ServiceAccountKind, { metadata: { name: NODE_BOOTSTRAPPER.name, namespace: NODE_BOOTSTRAPPER.namespace } });
  // What OpenShift grants the bootstrapper: create and read CSRs, nothing else.
  await client.ensure(ClusterRoleBindingKind, {
    metadata: { name: 'system:openshift:node-bootstrapper' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:node-bootstrapper' },
    subjects: [{ kind: 'ServiceAccount', name: NODE_BOOTSTRAPPER.name, namespace: NODE_BOOTSTRAPPER.namespace }],
  });
  for (const name of [WORKER_USER_DATA_SECRET, CONTROLLER_USER_DATA_SECRET]) {
    await client.ensure(SecretKind, {
      metadata: { name, namespace: MACHINE_API_NAMESPACE },
      type: 'Opaque',
      stringData: { userData: '{"ignition":{"version":"3.2.0"}}' },
    });
  }
}

async function seedHost(client: ObjectClient, seed: SeedHost): Promise<void> {
  await client.ensure(SecretKind, bmcSecret(`${seed.host}-bmc-secret`));
  if (seed.staticNetwork) {
    await client.ensure(SecretKind, {
      metadata: { name: `${seed.host}-network-config-secret`, namespace: MACHINE_API_NAMESPACE },
      type: 'Opaque',
      stringData: { nmstate: staticNmstateYaml({ ip: seed.ip, prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' }) },
    });
  }
  await client.ensure(BareMetalHostKind, hostManifest(seed));
  const roles = seed.role === 'control-plane' ? ['master', 'worker'] : ['worker'];
  await client.ensure(NodeKind, nodeManifest({ name: seed.node, ip: seed.ip, roles }));
}

function pinnedPodSpec(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    nodeSelector: { 'kubernetes.io/hostname': DRAIN_NODE },
    containers: [{ name: 'main', image: 'registry.example.com/demo/app:1' }],
    ...extra,
  };
}

/** Workloads that make draining DRAIN_NODE realistic (SPEC §7's filters all apply). */
async function seedWorkloads(client: ObjectClient): Promise<void> {
  const ns = DEMO_NAMESPACE;
  await client.ensure(DeploymentKind, {
    metadata: { name: 'web', namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: pinnedPodSpec() },
    },
  });
  // minAvailable equal to the replicas: no voluntary disruption is allowed.
  await client.ensure(PodDisruptionBudgetKind, {
    metadata: { name: 'web-pdb', namespace: ns },
    spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
  });
  await client.ensure(DeploymentKind, {
    metadata: { name: 'cache', namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'cache' } },
      template: {
        metadata: { labels: { app: 'cache' } },
        spec: pinnedPodSpec({
          volumes: [{ name: 'scratch', emptyDir: {} }],
          containers: [{ name: 'main', image: 'registry.example.com/demo/cache:1', volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] }],
        }),
      },
    },
  });
  await client.ensure(DaemonSetKind, {
    metadata: { name: 'node-agent', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'node-agent' } },
      template: {
        metadata: { labels: { app: 'node-agent' } },
        spec: { containers: [{ name: 'main', image: 'registry.example.com/demo/node-agent:1' }] },
      },
    },
  });
  // A bare pod: no controller will bring it back once it is evicted.
  await client.ensure(PodKind, {
    metadata: { name: 'debug-shell', namespace: ns, labels: { app: 'debug-shell' } },
    spec: pinnedPodSpec(),
  });
}

export async function seedCluster(kc: k8s.KubeConfig, options: { scale: number }): Promise<void> {
  const client = new ObjectClient(kc);
  await seedBase(client);
  for (const seed of SEED_HOSTS) await seedHost(client, seed);
  await seedWorkloads(client);
  await seedScale(client, options.scale);
}

type HostObject = KubeObject & { status?: { provisioning?: { state?: string } } };
type NodeObject = KubeObject & { status?: { conditions?: { type: string; status: string }[] } };

/**
 * Waits until the seeded hosts reached their states and every node is Ready. Scale hosts are
 * paused, so BMO's work is the seed's alone however large the scale.
 */
export async function waitForSeed(kc: k8s.KubeConfig): Promise<void> {
  const client = new ObjectClient(kc);
  const timeoutMs = 180_000;
  const expected = new Map(SEED_HOSTS.map((s) => [s.host, s.role === 'worker' ? 'provisioned' : 'externally provisioned']));
  await waitFor(
    'the seeded hosts to reach provisioned / externally provisioned',
    async () => {
      const hosts = await client.list<HostObject>(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE, labelSelector: `!${SCALE_LABEL}` });
      const states = new Map(hosts.map((h) => [h.metadata.name, h.status?.provisioning?.state]));
      return [...expected].every(([name, state]) => states.get(name) === state) ? true : undefined;
    },
    { timeoutMs, intervalMs: 1000 },
  );
  // Scale nodes are Ready from the start; the seeded ones once kwok plays their kubelets.
  await waitFor(
    'the seeded nodes to be Ready',
    async () => {
      const nodes = await client.list<NodeObject>(NodeKind, { labelSelector: `${KWOK_NODE_LABEL}=${KWOK_NODE_LABEL_VALUE}` });
      const ready = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready.length >= SEED_HOSTS.length ? true : undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
}
