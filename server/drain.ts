import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { type DrainPlan, type DrainPod, daemonSetsToLookUp } from '@/lib/drain/plan';
import { drainPodOf, drainablePodSchema } from '@/lib/drain/pod';
import { DaemonSetKind, NodeKind, PodKind } from '@/lib/k8s/kinds';
import { nodeSchema } from '@/lib/k8s/node';
import type { DrainPodProgress } from '@/lib/removal/progress';
import { ClusterError, isClusterError, userMessageOf } from './errors';
import { getOptional, listObjects, patchObject, writeSubresource } from './kube/objects';
import { pause } from './flows/wait';

/** Cordon and drain as `oc adm drain` does them (SPEC §7), with the caller's identity. */

/** The node's pods and which of their DaemonSets still exist: everything planDrain needs (read as kubectl reads them). */
export async function readDrainInput(kc: KubeConfig, node: string, signal?: AbortSignal): Promise<{ pods: DrainPod[]; daemonSets: string[] }> {
  const { items } = await listObjects(kc, { kind: PodKind, schema: drainablePodSchema, fieldSelector: `spec.nodeName=${node}`, signal });
  const pods = items.map(drainPodOf);
  const daemonSets: string[] = [];
  await Promise.all(
    daemonSetsToLookUp(pods).map(async (key) => {
      const [namespace = '', name = ''] = key.split('/');
      if ((await getOptional(kc, { kind: DaemonSetKind, namespace, name, schema: z.unknown(), signal })) !== undefined) daemonSets.push(key);
    }),
  );
  return { pods, daemonSets };
}

/** Whether the node is cordoned; undefined when it is gone (or is another node of that name than `uid`). */
export async function isUnschedulable(kc: KubeConfig, node: { name: string; uid?: string }, signal?: AbortSignal): Promise<boolean | undefined> {
  const current = await getOptional(kc, { kind: NodeKind, name: node.name, schema: nodeSchema, signal });
  if (!current || (node.uid && current.metadata.uid !== node.uid)) return undefined;
  return Boolean(current.spec?.unschedulable);
}

/**
 * Cordon (true) or uncordon (false): a merge patch of spec.unschedulable, skipped when already so
 * (SPEC §7). Returns whether it changed anything; throws NotFound when the node is gone.
 */
export async function setUnschedulable(kc: KubeConfig, options: { node: string; unschedulable: boolean; signal?: AbortSignal }): Promise<boolean> {
  const current = await isUnschedulable(kc, { name: options.node }, options.signal);
  if (current === undefined) throw new ClusterError({ reason: 'NotFound', status: 404, userMessage: `Node ${options.node} does not exist.` });
  if (current === options.unschedulable) return false;
  await patchObject(kc, {
    kind: NodeKind,
    name: options.node,
    patch: { type: 'merge', body: { spec: { unschedulable: options.unschedulable ? true : null } } },
    context: `${options.unschedulable ? 'cordon' : 'uncordon'} node ${options.node}`,
    signal: options.signal,
  });
  return true;
}

const EVICTION_RETRY_MS = 5_000;
const GONE_POLL_MS = 1_000;

/** The PDB a 429 names: "The disruption budget web-pdb needs 2 healthy pods ...". */
export function blockingPdb(message: string): string | undefined {
  return /disruption budget (\S+)/i.exec(message)?.[1];
}

async function evictOnce(kc: KubeConfig, options: { pod: DrainPod; gracePeriodSeconds?: number; signal: AbortSignal }): Promise<'evicted' | 'gone' | { blockedBy: string | undefined }> {
  const { pod } = options;
  try {
    await writeSubresource(kc, {
      kind: PodKind,
      namespace: pod.namespace,
      name: pod.name,
      subresource: 'eviction',
      method: 'POST',
      body: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: pod.name, namespace: pod.namespace },
        ...(options.gracePeriodSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds: options.gracePeriodSeconds } } : {}),
      },
      context: `evict pod ${pod.namespace}/${pod.name}`,
      signal: options.signal,
    });
    return 'evicted';
  } catch (error) {
    if (isClusterError(error, 'NotFound')) return 'gone';
    if (isClusterError(error, 'TooManyRequests')) return { blockedBy: blockingPdb(error.userMessage) };
    throw error;
  }
}

/** Until the pod is gone (404) or replaced by one of the same name with another UID; false at the deadline. */
async function waitGone(kc: KubeConfig, options: { pod: DrainPod; signal: AbortSignal; deadline: number }): Promise<boolean> {
  const { pod } = options;
  for (;;) {
    const current = await getOptional(kc, { kind: PodKind, namespace: pod.namespace, name: pod.name, schema: drainablePodSchema, signal: options.signal });
    if (!current || current.metadata.uid !== pod.uid) return true;
    if (Date.now() > options.deadline) return false;
    await pause(GONE_POLL_MS, options.signal);
  }
}

/**
 * Removes the planned pods concurrently (SPEC §7, kubectl's drain): evictions, retried every 5 s
 * while a PodDisruptionBudget answers 429; then waits for each to be gone. Reports each pod's state through `onPod`. Returns the pods that did not leave (empty
 * on success). When `signal` aborts, rejects with its reason once every pod has stopped.
 */
export async function drainPods(
  kc: KubeConfig,
  options: { plan: DrainPlan; gracePeriodSeconds?: number; timeoutSeconds?: number; signal: AbortSignal; onPod: (pod: DrainPodProgress) => void },
): Promise<string[]> {
  const { signal } = options;
  const deadline = options.timeoutSeconds ? Date.now() + options.timeoutSeconds * 1000 : Number.POSITIVE_INFINITY;
  const failures: string[] = [];
  const report = (pod: DrainPod, state: DrainPodProgress['state'], extra: Partial<DrainPodProgress> = {}) => options.onPod({ namespace: pod.namespace, name: pod.name, state, ...extra });

  await Promise.all(
    options.plan.pods.map(async ({ pod, action }) => {
      if (action.kind !== 'evict' && action.kind !== 'wait') return;
      const id = `${pod.namespace}/${pod.name}`;
      try {
        if (action.kind === 'evict') {
          for (;;) {
            report(pod, 'evicting');
            const result = await evictOnce(kc, { pod, gracePeriodSeconds: options.gracePeriodSeconds, signal });
            if (result === 'gone') return report(pod, 'gone');
            if (result === 'evicted') break;
            report(pod, 'blocked', { pdb: result.blockedBy });
            if (Date.now() + EVICTION_RETRY_MS > deadline) {
              report(pod, 'failed', { message: 'the drain timed out while a PodDisruptionBudget blocked it' });
              return void failures.push(`${id} (blocked by PodDisruptionBudget ${result.blockedBy ?? ''})`);
            }
            await pause(EVICTION_RETRY_MS, signal);
          }
        }
        report(pod, 'terminating');
        if (await waitGone(kc, { pod, signal, deadline })) report(pod, 'gone');
        else {
          report(pod, 'failed', { message: 'the drain timed out before the pod was gone' });
          failures.push(id);
        }
      } catch (error) {
        if (signal.aborted) return;
        const message = userMessageOf(error, `drain pod ${id}`);
        report(pod, 'failed', { message });
        failures.push(`${id} (${message})`);
      }
    }),
  );
  if (signal.aborted) throw signal.reason;
  return failures;
}
