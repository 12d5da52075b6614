/**
 * npm run bench:drain — the console's drain against `kubectl drain`, in the same run on identical
 * nodes: 100 pods each (four Deployments, one of 20 replicas under a PodDisruptionBudget that lets
 * two go at a time, plus the seed's DaemonSet pod). Prints, as ratios of the same run:
 * - console drain time / kubectl drain time (target ≤ 0.5×);
 * - the delay from the budget allowing a disruption to the next eviction it admits, p95 (target
 *   ≤ 250 ms), for both (kubectl asks again every 5 s).
 * Both are observed the same way, from a watch of the budget this bench holds: an admitted eviction
 * is the budget's status write that adds the pod to status.disruptedPods (the Eviction API writes
 * it before it deletes the pod). Writes drain.json and drain-timeline.svg (evictions against the
 * budget, both runs).
 *
 * Runs against the running local cluster (through with-cluster.ts). The console's side runs the
 * same code as the removal flow's cordon and drain steps.
 */
import * as k8s from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { planDrainOf } from '../../lib/drain/plan';
import { DeploymentKind, NamespaceKind, NodeKind, PodDisruptionBudgetKind, PodKind, resourcePath } from '../../lib/k8s/kinds';
import { drainPods, readDrainInput, setUnschedulable } from '../../server/drain';
import { type KubeObject, ObjectClient, adminKubeConfig, waitFor } from '../cluster/kube';
import { testbedPaths } from '../cluster/paths';
import { workerNode } from '../cluster/removal-fixture';
import { drainTimelineChart } from './charts';
import { figure, log, percentile, runBench } from './harness';

const NAMESPACE = 'bench-drain';
const POOL_LABEL = 'bmconsole.test/bench-pool';
const BUDGETED = { name: 'db-proxy', replicas: 20, pdbMaxUnavailable: 2 };
const DEPLOYMENTS = [{ name: 'frontend', replicas: 40 }, { name: 'api', replicas: 25 }, { name: 'worker', replicas: 15 }, BUDGETED];
const PODS_PER_NODE = DEPLOYMENTS.reduce((sum, d) => sum + d.replicas, 0);
const LIMIT_MS = 15 * 60_000;

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
    if ('pdbMaxUnavailable' in d) {
      await client.ensure(PodDisruptionBudgetKind, { metadata: { name: `${app}-pdb`, namespace: NAMESPACE }, spec: { maxUnavailable: d.pdbMaxUnavailable, selector: { matchLabels: { app } } } });
    }
  }
  await waitFor(`${PODS_PER_NODE} pods running on ${node}`, async () => {
    const pods = await podsOn(node);
    return pods.length === PODS_PER_NODE && pods.every((p) => p.status?.phase === 'Running') ? true : undefined;
  }, { timeoutMs: 180_000, intervalMs: 1000 });
  await client.ensure(NodeKind, workerNode({ name: `${node}-spare`, ip: `192.168.112.${side === 'a' ? 11 : 12}`, labels: { [POOL_LABEL]: side } }));
  const budget = `${BUDGETED.name}-${side}-pdb`;
  await waitFor(`${budget} to allow ${BUDGETED.pdbMaxUnavailable} disruptions`, async () => {
    const pdb = await client.get<KubeObject & { status?: { disruptionsAllowed?: number } }>(PodDisruptionBudgetKind, budget, NAMESPACE);
    return pdb?.status?.disruptionsAllowed === BUDGETED.pdbMaxUnavailable ? true : undefined;
  }, { timeoutMs: 60_000 });
  return node;
}

type BudgetStatus = { disruptionsAllowed?: number; disruptedPods?: Record<string, string> | null };

/** What the budget's watch saw during a drain: what it allowed over time, and when it admitted each eviction. */
interface BudgetTimeline {
  allowed: { atMs: number; value: number }[];
  evictionsAtMs: number[];
}

/** Watches the budget from now on; `stop()` ends the watch and returns what it saw, times relative to `start`. */
async function followBudget(name: string, start: () => number): Promise<{ stop: () => BudgetTimeline }> {
  const timeline: BudgetTimeline = { allowed: [], evictionsAtMs: [] };
  const admitted = new Set<string>();
  const watch = await new k8s.Watch(kc).watch(
    resourcePath(PodDisruptionBudgetKind, { namespace: NAMESPACE }),
    { fieldSelector: `metadata.name=${name}` },
    (type: string, object: { status?: BudgetStatus }) => {
      if (type !== 'ADDED' && type !== 'MODIFIED') return;
      const at = Math.max(0, start());
      const value = object.status?.disruptionsAllowed ?? 0;
      if (timeline.allowed.at(-1)?.value !== value) timeline.allowed.push({ atMs: at, value });
      for (const pod of Object.keys(object.status?.disruptedPods ?? {})) {
        if (admitted.has(pod)) continue;
        admitted.add(pod);
        timeline.evictionsAtMs.push(at);
      }
    },
    () => undefined,
  );
  return {
    stop: () => {
      watch.abort();
      return timeline;
    },
  };
}

/**
 * Each time the budget went from allowing none to allowing some while evictions were still to
 * come: how long until the next admitted eviction (ms).
 */
function reactionDelays(timeline: BudgetTimeline): number[] {
  const delays: number[] = [];
  const last = timeline.evictionsAtMs.at(-1) ?? 0;
  for (let i = 1; i < timeline.allowed.length; i++) {
    const previous = timeline.allowed[i - 1];
    const current = timeline.allowed[i];
    if (!previous || !current || previous.value > 0 || current.value === 0 || current.atMs > last) continue;
    const next = timeline.evictionsAtMs.find((at) => at >= current.atMs);
    if (next !== undefined) delays.push(next - current.atMs);
  }
  return delays;
}

async function drained(name: string, side: string, drain: (node: string) => Promise<void>): Promise<{ ms: number; left: number; timeline: BudgetTimeline }> {
  const node = `bench-drain-${side}`;
  let started = 0;
  const follower = await followBudget(`${BUDGETED.name}-${side}-pdb`, () => performance.now() - started);
  log(`draining ${node} with ${name}`);
  started = performance.now();
  await drain(node);
  const ms = performance.now() - started;
  // The last status writes may trail the drain's end by a moment.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return { ms, left: (await podsOn(node)).length, timeline: follower.stop() };
}

async function consoleDrain(node: string, signal: AbortSignal): Promise<void> {
  await setUnschedulable(kc, { node, unschedulable: true });
  const plan = planDrainOf(await readDrainInput(kc, node), { force: true, deleteEmptyDirData: true });
  if (plan.refused.length > 0) throw new Error(`the console's drain refused ${plan.refused.length} pods`);
  const failures = await drainPods(kc, { node, plan, signal, onPod: () => undefined });
  if (failures.length > 0) throw new Error(`the console's drain left ${failures.join(', ')}`);
}

async function kubectlDrain(node: string): Promise<void> {
  const paths = testbedPaths();
  await promisify(execFile)(`${paths.binDir}/kubectl`, ['--kubeconfig', paths.kubeconfig, 'drain', node, '--ignore-daemonsets', '--force', '--delete-emptydir-data'], { maxBuffer: 16 * 1024 * 1024 });
}

async function cleanUp(): Promise<void> {
  await client.delete(NamespaceKind, NAMESPACE);
  for (const side of ['a', 'b']) {
    await client.delete(NodeKind, `bench-drain-${side}`);
    await client.delete(NodeKind, `bench-drain-${side}-spare`);
  }
  await waitFor('the bench namespace to be gone', async () => ((await client.get(NamespaceKind, NAMESPACE)) ? undefined : true), { timeoutMs: 180_000, intervalMs: 1000 });
}

runBench({ name: 'drain', limitMs: LIMIT_MS, parameters: { podsPerNode: PODS_PER_NODE, budgeted: BUDGETED } }, async ({ onCleanup, signal }) => {
  await cleanUp();
  onCleanup(cleanUp);
  await client.ensure(NamespaceKind, { metadata: { name: NAMESPACE } });
  log(`placing ${PODS_PER_NODE} pods on each of two identical nodes`);
  await preparePool('a');
  await preparePool('b');
  const console = await drained('the console', 'a', (node) => consoleDrain(node, signal));
  const kubectl = await drained('kubectl', 'b', kubectlDrain);
  const consoleDelays = reactionDelays(console.timeline);
  const kubectlDelays = reactionDelays(kubectl.timeline);
  const p95 = (values: number[]) => (values.length > 0 ? percentile(values, 95) : Number.NaN);

  return {
    figures: [
      figure({ name: 'console drain', value: console.ms / 1000, unit: 's', baseline: { name: 'kubectl drain', value: kubectl.ms / 1000 }, target: { max: 0.5, on: 'ratio', text: '≤ 0.5×' } }),
      figure({ name: 'kubectl drain --ignore-daemonsets --force --delete-emptydir-data', value: kubectl.ms / 1000, unit: 's' }),
      figure({ name: 'budget allows a disruption → next eviction, console p95', value: p95(consoleDelays), unit: 'ms', baseline: { name: 'kubectl p95', value: p95(kubectlDelays) }, target: { max: 250, on: 'value', text: '≤ 250 ms' } }),
      figure({ name: 'budget allows a disruption → next eviction, kubectl p95', value: p95(kubectlDelays), unit: 'ms' }),
      figure({ name: 'pods of the bench left on the console-drained node', value: console.left, unit: 'pods' }),
      figure({ name: 'pods of the bench left on the kubectl-drained node', value: kubectl.left, unit: 'pods' }),
    ],
    details: { console: { ...console, reactionDelaysMs: consoleDelays }, kubectl: { ...kubectl, reactionDelaysMs: kubectlDelays } },
    charts: {
      'drain-timeline': drainTimelineChart({
        title: `Draining ${PODS_PER_NODE} pods: evictions under ${BUDGETED.name}'s budget (maxUnavailable ${BUDGETED.pdbMaxUnavailable})`,
        subtitle: `console ${(console.ms / 1000).toFixed(1)} s, kubectl ${(kubectl.ms / 1000).toFixed(1)} s (${(console.ms / kubectl.ms).toFixed(2)}×)`,
        runs: [
          { name: 'console', ...console.timeline },
          { name: 'kubectl drain', ...kubectl.timeline },
        ],
      }),
    },
  };
});
