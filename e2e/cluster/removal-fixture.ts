import { BareMetalHostKind, DeploymentKind, NamespaceKind, NodeKind, PodDisruptionBudgetKind, PodKind, SecretKind } from '../../lib/k8s/kinds';
import { ANNOTATIONS, MACHINE_API_NAMESPACE } from '../../lib/metal3/constants';
import { staticNmstateYaml } from '../../lib/nmstate/document';
import { KWOK_NODE_LABEL, nodeManifest } from './host-agent/node';
import { type KubeObject, type ObjectClient, waitFor } from './kube';
import { type ConsoleEnrollment, createWorker } from './seed';

/**
 * A provisioned, joined worker to remove: a BareMetalHost with a static network Secret (linked to
 * its node by IP, as the inventory links), provisioned by BMO, and its Node (a kwok-managed one,
 * as the test bed simulates kubelets).
 */
export async function provisionedWorkerWithNode(
  client: ObjectClient,
  options: { host: string; node: string; ip: string; mac: string; nodeLabels?: Record<string, string>; enrollment?: ConsoleEnrollment },
): Promise<void> {
  const networkSecret = `${options.host}-network-config-secret`;
  await client.ensure(SecretKind, {
    metadata: { name: networkSecret, namespace: MACHINE_API_NAMESPACE, ...(options.enrollment ? { annotations: { [ANNOTATIONS.operationId]: options.enrollment.operationId } } : {}) },
    type: 'Opaque',
    stringData: { nmstate: staticNmstateYaml({ ip: options.ip, prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' }) },
  });
  await createWorker(client, { host: options.host, mac: options.mac, networkSecret, ...(options.enrollment ? { enrollment: options.enrollment } : {}) });
  await client.ensure(NodeKind, workerNode({ name: options.node, ip: options.ip, labels: options.nodeLabels }));
  await waitFor(
    `host ${options.host} to be provisioned`,
    async () => ((await client.get<KubeObject & { status?: { provisioning?: { state?: string } } }>(BareMetalHostKind, options.host, MACHINE_API_NAMESPACE))?.status?.provisioning?.state === 'provisioned' ? true : undefined),
    { timeoutMs: 150_000, intervalMs: 500 },
  );
  await waitFor(`node ${options.node} to be Ready`, async () => {
    const current = await client.get<KubeObject & { status?: { conditions?: { type: string; status: string }[] } }>(NodeKind, options.node);
    return current?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? true : undefined;
  });
}

/** A kwok-managed worker Node with extra labels (pods choose it by nodeSelector). */
export function workerNode(options: { name: string; ip: string; labels?: Record<string, string> }): KubeObject {
  const node = nodeManifest({ name: options.name, ip: options.ip, roles: ['worker'] }) as KubeObject & { metadata: { labels: Record<string, string> } };
  return { ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, ...options.labels } } };
}

const podSpec = (nodeSelector: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  nodeSelector,
  // Pods leave at once when evicted, as kubectl drain sees on a quiet node.
  terminationGracePeriodSeconds: 0,
  containers: [{ name: 'main', image: 'registry.example.com/demo/app:1' }],
  ...extra,
});

/**
 * What SPEC §7's filters need on a node: a Deployment under a PodDisruptionBudget that allows no
 * disruption, a Deployment with emptyDir data, and a bare pod. (The seed's DaemonSet node-agent
 * lands on every node.) Pods are placed by `nodeSelector`, so a node given the same labels later
 * can take the Deployment's replacements.
 */
export async function drainWorkloads(client: ObjectClient, options: { namespace: string; nodeSelector: Record<string, string>; bareOn: string }): Promise<void> {
  const { namespace } = options;
  await client.ensure(NamespaceKind, { metadata: { name: namespace } });
  await client.ensure(DeploymentKind, {
    metadata: { name: 'web', namespace },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec(options.nodeSelector) } },
  });
  await client.ensure(PodDisruptionBudgetKind, { metadata: { name: 'web-pdb', namespace }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });
  await client.ensure(DeploymentKind, {
    metadata: { name: 'cache', namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'cache' } },
      template: { metadata: { labels: { app: 'cache' } }, spec: podSpec(options.nodeSelector, { volumes: [{ name: 'scratch', emptyDir: {} }] }) },
    },
  });
  await client.ensure(PodKind, { metadata: { name: 'debug', namespace }, spec: podSpec({ 'kubernetes.io/hostname': options.bareOn }) });
  await waitFor(
    'the workloads to run and the PDB to count them',
    async () => {
      const pods = await client.list<KubeObject & { status?: { phase?: string } }>(PodKind, { namespace });
      const pdb = await client.get<KubeObject & { status?: { currentHealthy?: number } }>(PodDisruptionBudgetKind, 'web-pdb', namespace);
      return pods.length === 4 && pods.every((p) => p.status?.phase === 'Running') && pdb?.status?.currentHealthy === 2 ? true : undefined;
    },
    { timeoutMs: 90_000 },
  );
}

/** Releases the PodDisruptionBudget as an administrator would: one more replica, on a node that can take it. */
export async function scaleWeb(client: ObjectClient, options: { namespace: string; replicas: number }): Promise<void> {
  await client.jsonPatch(DeploymentKind, { name: 'web', namespace: options.namespace, ops: [{ op: 'replace', path: '/spec/replicas', value: options.replicas }] });
}

/**
 * A control-plane Node no kubelet runs for (kwok does not manage it): it never becomes Ready. A
 * few of them make the control plane short of a quorum, for tests of the quorum guard.
 */
export function controlPlaneNodeWithoutKubelet(options: { name: string; ip: string }): KubeObject {
  const node = nodeManifest({ name: options.name, ip: options.ip, roles: ['master'] }) as KubeObject & { metadata: { labels: Record<string, string> } };
  const labels: Record<string, string> = { ...node.metadata.labels };
  delete labels[KWOK_NODE_LABEL];
  return { ...node, metadata: { ...node.metadata, labels } };
}
