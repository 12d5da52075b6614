/**
 * npm run bench:drain — the console's drain against `kubectl drain`, in the same run on identical
 * nodes: 100 pods each (four Deployments, one under a PodDisruptionBudget that lets two go at a
 * time, plus the seed's DaemonSet pod). Prints both times and their ratio (target ≤ 1.0×).
 *
 * Runs against the running local cluster (through with-cluster.ts). The console's side runs the
 * same code as the removal flow's cordon and drain steps.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { planDrainOf } from '../../lib/drain/plan';
import { DeploymentKind, NamespaceKind, NodeKind, PodDisruptionBudgetKind, PodKind } from '../../lib/k8s/kinds';
import { drainPods, readDrainInput, setUnschedulable } from '../../server/drain';
import { type KubeObject, ObjectClient, adminKubeConfig, waitFor } from '../cluster/kube';
import { testbedPaths } from '../cluster/paths';
import { workerNode } from '../cluster/removal-fixture';

const NAMESPACE = 'bench-drain';
const POOL_LABEL = 'bmconsole.test/bench-pool';
const DEPLOYMENTS = [
  { name: 'frontend', replicas: 40 },
  { name: 'api', replicas: 30 },
  { name: 'worker', replicas: 20 },
  { name: 'db-proxy', replicas: 10, pdbMaxUnavailable: 2 },
];
const PODS_PER_NODE = DEPLOYMENTS.reduce((sum, d) => sum + d.replicas, 0);

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const kc = adminKubeConfig();
const client = new ObjectClient(kc);

async function podsOn(node: string): Promise<(KubeObject & { status?: { phase?: string } })[]> {
  return client.list(PodKind, { namespace: NAMESPACE, fieldSelector: `spec.nodeName=${node}` });
}

/** One pool: a node full of pods and, once they run, a spare node the replacements can go to. */
async function preparePool(side: string): Promise<string> {
  const node = `bench-drain-${side}`;
  await client.ensure(NodeKind, workerNode({ name: node, ip: `192.168.112.${side === 'a' ? 1 : 2}`, labels: { [POOL_LABEL]: side } }));
  for (const d of DEPLOYMENTS) {
    const app = `${d.name}-${side}`;
    await client.ensure(DeploymentKind, {
      metadata: { name: app, namespace: NAMESPACE },
      spec: {
        replicas: d.replicas,
        selector: { matchLabels: { app } },
        template: {
          metadata: { labels: { app } },
          spec: { nodeSelector: { [POOL_LABEL]: side }, terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: 'registry.example.com/bench/app:1' }] },
        },
      },
    });
    if (d.pdbMaxUnavailable) {
      await client.ensure(PodDisruptionBudgetKind, { metadata: { name: `${app}-pdb`, namespace: NAMESPACE }, spec: { maxUnavailable: d.pdbMaxUnavailable, selector: { matchLabels: { app } } } });
    }
  }
  await waitFor(`${PODS_PER_NODE} pods running on ${node}`, async () => {
    const pods = await podsOn(node);
    return pods.length === PODS_PER_NODE && pods.every((p) => p.status?.phase === 'Running') ? true : undefined;
  }, { timeoutMs: 180_000, intervalMs: 1000 });
  await client.ensure(NodeKind, workerNode({ name: `${node}-spare`, ip: `192.168.112.${side === 'a' ? 11 : 12}`, labels: { [POOL_LABEL]: side } }));
  return node;
}

async function consoleDrain(node: string): Promise<number> {
  const start = performance.now();
  await setUnschedulable(kc, { node, unschedulable: true });
  const plan = planDrainOf(await readDrainInput(kc, node), { force: true, deleteEmptyDirData: true });
  if (plan.refused.length > 0) throw new Error(`the console's drain refused ${plan.refused.length} pods`);
  const failures = await drainPods(kc, { plan, signal: new AbortController().signal, onPod: () => undefined });
  if (failures.length > 0) throw new Error(`the console's drain left ${failures.join(', ')}`);
  return performance.now() - start;
}

async function kubectlDrain(node: string): Promise<number> {
  const paths = testbedPaths();
  const start = performance.now();
  await promisify(execFile)(`${paths.binDir}/kubectl`, ['--kubeconfig', paths.kubeconfig, 'drain', node, '--ignore-daemonsets', '--force', '--delete-emptydir-data'], { maxBuffer: 16 * 1024 * 1024 });
  return performance.now() - start;
}

async function cleanUp(): Promise<void> {
  await client.delete(NamespaceKind, NAMESPACE);
  for (const side of ['a', 'b']) {
    await client.delete(NodeKind, `bench-drain-${side}`);
    await client.delete(NodeKind, `bench-drain-${side}-spare`);
  }
  await waitFor('the bench namespace to be gone', async () => ((await client.get(NamespaceKind, NAMESPACE)) ? undefined : true), { timeoutMs: 180_000, intervalMs: 1000 });
}

async function main(): Promise<void> {
  await cleanUp();
  await client.ensure(NamespaceKind, { metadata: { name: NAMESPACE } });
  log('placing 100 pods on each of two identical nodes');
  const consoleNode = await preparePool('a');
  const kubectlNode = await preparePool('b');
  log('draining through the console');
  const consoleMs = await consoleDrain(consoleNode);
  const consoleLeft = (await podsOn(consoleNode)).length;
  log('draining with kubectl');
  const kubectlMs = await kubectlDrain(kubectlNode);
  const kubectlLeft = (await podsOn(kubectlNode)).length;
  await cleanUp();

  const rows: [string, string, string][] = [
    ['pods per node', String(PODS_PER_NODE), ''],
    ['console drain', `${(consoleMs / 1000).toFixed(1)} s`, `${consoleLeft} pods of the bench left`],
    ['kubectl drain --ignore-daemonsets --force --delete-emptydir-data', `${(kubectlMs / 1000).toFixed(1)} s`, `${kubectlLeft} pods of the bench left`],
    ['ratio console / kubectl (target ≤ 1.0×)', `${(consoleMs / kubectlMs).toFixed(2)}×`, ''],
  ];
  for (const [what, value, note] of rows) process.stdout.write(`${what.padEnd(68)} ${value.padStart(8)}  ${note}\n`);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  await cleanUp().catch(() => undefined);
  process.exit(1);
});
