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
import { nodeManifest } from './host-agent/node';

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
    /** Marks the host and its BMC Secret as one console enrollment made them (the removal then deletes that Secret). */
    operationId?: string;
  },
): Promise<void> {
  const provenance = options.operationId ? { [ANNOTATIONS.operationId]: options.operationId } : {};
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

function scaleHosts(scale: number): SeedHost[] {
  return Array.from({ length: scale }, (_, i) => {
    const name = `scale-${String(i).padStart(5, '0')}`;
    const n = i + 1;
    return {
      host: name,
      node: name,
      ip: `10.${100 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`,
      mac: `52:54:01:${[n >> 16, (n >> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`,
      // Enrolled for inventory only, so BMO does not try to provision thousands of hosts.
      role: 'control-plane',
      staticNetwork: false,
    };
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
  const extra = scaleHosts(options.scale);
  const batch = 20;
  for (let i = 0; i < extra.length; i += batch) {
    await Promise.all(extra.slice(i, i + batch).map((seed) => seedHost(client, seed)));
  }
}

type HostObject = KubeObject & { status?: { provisioning?: { state?: string } } };
type NodeObject = KubeObject & { status?: { conditions?: { type: string; status: string }[] } };

/**
 * Waits until the seeded hosts reached their states and every node is Ready. Scale hosts are
 * only enrolled: BMO registers thousands of them over minutes, which benchmarks do not wait for.
 */
export async function waitForSeed(kc: k8s.KubeConfig, options: { scale: number }): Promise<void> {
  const client = new ObjectClient(kc);
  // BMO works through scale hosts in no particular order, the seeded ones among them.
  const timeoutMs = 180_000 + options.scale * 150;
  const expected = new Map(SEED_HOSTS.map((s) => [s.host, s.role === 'worker' ? 'provisioned' : 'externally provisioned']));
  await waitFor(
    'the seeded hosts to reach provisioned / externally provisioned',
    async () => {
      const hosts = await client.list<HostObject>(BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE });
      const states = new Map(hosts.map((h) => [h.metadata.name, h.status?.provisioning?.state]));
      return [...expected].every(([name, state]) => states.get(name) === state) ? true : undefined;
    },
    { timeoutMs, intervalMs: 1000 },
  );
  await waitFor(
    'the seeded nodes to be Ready',
    async () => {
      const nodes = await client.list<NodeObject>(NodeKind);
      const ready = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready.length >= SEED_HOSTS.length + options.scale ? true : undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
}
