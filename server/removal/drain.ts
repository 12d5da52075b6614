import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import type { DrainPlan, DrainPod } from '@/lib/drain/plan';
import { DaemonSetKind, NodeKind, PodKind, resourcePath } from '@/lib/k8s/kinds';
import type { DrainPodProgress } from '@/lib/removal/progress';
import { ClusterError } from '../errors';
import { deleteOptional, getOptional, listObjects } from '../kube/objects';
import { kubeFetch } from '../kube/transport';

const podSchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string(),
    uid: z.string(),
    deletionTimestamp: z.string().nullish(),
    annotations: z.record(z.string(), z.string()).nullish(),
    ownerReferences: z.array(z.looseObject({ kind: z.string(), name: z.string(), controller: z.boolean().nullish() })).nullish(),
  }),
  spec: z.looseObject({ volumes: z.array(z.looseObject({ emptyDir: z.unknown().optional() })).nullish() }).optional(),
  status: z.looseObject({ phase: z.string().optional() }).optional(),
});

export function toDrainPod(raw: unknown): DrainPod {
  const { metadata, spec, status } = podSchema.parse(raw);
  const controller = metadata.ownerReferences?.find((ref) => ref.controller);
  return {
    namespace: metadata.namespace,
    name: metadata.name,
    uid: metadata.uid,
    phase: status?.phase ?? 'Unknown',
    ...(controller ? { controller: { kind: controller.kind, name: controller.name } } : {}),
    mirror: Boolean(metadata.annotations?.['kubernetes.io/config.mirror']),
    usesEmptyDir: (spec?.volumes ?? []).some((v) => v.emptyDir !== undefined),
    terminating: Boolean(metadata.deletionTimestamp),
  };
}

/** The node's pods and which of their DaemonSets still exist: everything planDrain needs. */
export async function readDrainInput(kc: KubeConfig, node: string): Promise<{ pods: DrainPod[]; daemonSets: string[] }> {
  const { items } = await listObjects(kc, PodKind, { fieldSelector: `spec.nodeName=${node}` });
  const pods = items.map(toDrainPod);
  const owners = new Set(pods.filter((p) => p.controller?.kind === 'DaemonSet').map((p) => `${p.namespace}/${p.controller?.name}`));
  const daemonSets: string[] = [];
  await Promise.all(
    [...owners].map(async (key) => {
      const [namespace = '', name = ''] = key.split('/');
      const exists = await getOptional(kc, { path: resourcePath(DaemonSetKind, { namespace, name }), schema: z.unknown(), context: `read DaemonSet ${key}` });
      if (exists !== undefined) daemonSets.push(key);
    }),
  );
  return { pods, daemonSets };
}

const nodeSpecSchema = z.looseObject({ spec: z.looseObject({ unschedulable: z.boolean().optional() }).optional() });

/** Whether the node is cordoned; undefined when it is gone. */
export async function isUnschedulable(kc: KubeConfig, node: string): Promise<boolean | undefined> {
  const current = await getOptional(kc, { path: resourcePath(NodeKind, { name: node }), schema: nodeSpecSchema, context: `read node ${node}` });
  return current && Boolean(current.spec?.unschedulable);
}

/** Cordon: merge-patch unschedulable, skipped when already set (SPEC §7). Returns whether it changed anything. */
export async function setUnschedulable(kc: KubeConfig, node: string, unschedulable: boolean): Promise<boolean> {
  const current = await isUnschedulable(kc, node);
  if (current === undefined) throw new ClusterError('NotFound', 404, `Node ${node} does not exist.`);
  if (current === unschedulable) return false;
  await kubeFetch(kc, {
    method: 'PATCH',
    path: resourcePath(NodeKind, { name: node }),
    contentType: 'application/merge-patch+json',
    body: { spec: { unschedulable: unschedulable ? true : null } },
    context: `${unschedulable ? 'cordon' : 'uncordon'} node ${node}`,
  });
  return true;
}

const EVICTION_RETRY_MS = 5_000;
const GONE_POLL_MS = 1_000;

/** The PDB a 429 names: "The disruption budget web-pdb needs 2 healthy pods ...". */
export function blockingPdb(message: string): string | undefined {
  return /disruption budget (\S+)/i.exec(message)?.[1];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DrainHooks {
  onPod: (pod: DrainPodProgress) => void;
  /** Checked between attempts: a cancelled flow stops retrying. */
  stopped: () => boolean;
}

async function evictOnce(kc: KubeConfig, pod: DrainPod, gracePeriodSeconds: number | undefined): Promise<'evicted' | 'gone' | { blockedBy: string | undefined }> {
  try {
    await kubeFetch(kc, {
      method: 'POST',
      path: `${resourcePath(PodKind, { namespace: pod.namespace, name: pod.name })}/eviction`,
      body: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: pod.name, namespace: pod.namespace },
        ...(gracePeriodSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds } } : {}),
      },
      context: `evict pod ${pod.namespace}/${pod.name}`,
    });
    return 'evicted';
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'NotFound') return 'gone';
    if (error instanceof ClusterError && error.kind === 'TooManyRequests') return { blockedBy: blockingPdb(error.userMessage) };
    throw error;
  }
}

/** Until the pod is gone (404) or replaced by one of the same name with another UID. */
async function waitGone(kc: KubeConfig, pod: DrainPod, hooks: DrainHooks, deadline: number): Promise<boolean> {
  for (;;) {
    const current = await getOptional(kc, { path: resourcePath(PodKind, { namespace: pod.namespace, name: pod.name }), schema: podSchema, context: `read pod ${pod.name}` });
    if (!current || current.metadata.uid !== pod.uid) return true;
    if (hooks.stopped() || Date.now() > deadline) return false;
    await sleep(GONE_POLL_MS);
  }
}

/**
 * Removes the planned pods concurrently (SPEC §7): evictions, retried every 5 s while a
 * PodDisruptionBudget answers 429; deletions for pods of vanished DaemonSets; then waits for each
 * to be gone. Returns the pods that did not leave (empty on success).
 */
export async function drainPods(
  kc: KubeConfig,
  plan: DrainPlan,
  options: { gracePeriodSeconds?: number; timeoutSeconds?: number },
  hooks: DrainHooks,
): Promise<string[]> {
  const deadline = options.timeoutSeconds ? Date.now() + options.timeoutSeconds * 1000 : Number.POSITIVE_INFINITY;
  const failures: string[] = [];
  const report = (pod: DrainPod, state: DrainPodProgress['state'], extra: Partial<DrainPodProgress> = {}) =>
    hooks.onPod({ namespace: pod.namespace, name: pod.name, state, ...extra });

  await Promise.all(
    plan.pods.map(async ({ pod, action }) => {
      if (action.kind !== 'evict' && action.kind !== 'delete' && action.kind !== 'wait') return;
      const id = `${pod.namespace}/${pod.name}`;
      try {
        if (action.kind === 'delete') {
          report(pod, 'deleting');
          await deleteOptional(kc, {
            path: resourcePath(PodKind, { namespace: pod.namespace, name: pod.name }),
            body: options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: options.gracePeriodSeconds } : undefined,
            context: `delete pod ${id}`,
          });
        } else if (action.kind === 'evict') {
          for (;;) {
            report(pod, 'evicting');
            const result = await evictOnce(kc, pod, options.gracePeriodSeconds);
            if (result === 'gone') {
              report(pod, 'gone');
              return;
            }
            if (result === 'evicted') break;
            report(pod, 'blocked', { pdb: result.blockedBy });
            if (hooks.stopped()) return void failures.push(`${id} (cancelled while blocked)`);
            if (Date.now() + EVICTION_RETRY_MS > deadline) {
              report(pod, 'failed', { message: 'the drain timed out while a PodDisruptionBudget blocked it' });
              return void failures.push(`${id} (blocked by PodDisruptionBudget ${result.blockedBy ?? ''})`);
            }
            await sleep(EVICTION_RETRY_MS);
          }
        }
        report(pod, 'terminating');
        if (await waitGone(kc, pod, hooks, deadline)) report(pod, 'gone');
        else {
          report(pod, 'failed', { message: hooks.stopped() ? 'cancelled' : 'the drain timed out before the pod was gone' });
          failures.push(id);
        }
      } catch (error) {
        const message = error instanceof ClusterError ? error.userMessage : 'unexpected error';
        report(pod, 'failed', { message });
        failures.push(`${id} (${message})`);
      }
    }),
  );
  return failures;
}
