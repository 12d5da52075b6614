import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { type DrainPlan, type DrainPod, daemonSetsToLookUp } from '@/lib/drain/plan';
import { drainPodOf, drainablePodSchema } from '@/lib/drain/pod';
import { type PodDisruptionBudget, podDisruptionBudgetSchema } from '@/lib/drain/budgets';
import { EvictionPacer, budgetKey, coveringBudget } from '@/lib/drain/pacing';
import { DaemonSetKind, NodeKind, PodDisruptionBudgetKind, PodKind } from '@/lib/k8s/kinds';
import { nodeSchema } from '@/lib/k8s/node';
import type { DrainPodProgress } from '@/lib/removal/progress';
import { ClusterError, isClusterError, userMessageOf } from './errors';
import { getOptional, listObjects, patchObject, writeSubresource } from './kube/objects';
import { pause } from './flows/wait';
import { type RawObject, WatchedCollection } from './watch/collection';

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

/**
 * The PodDisruptionBudgets of the namespaces the node's pods live in, read with the caller's
 * credentials, for predicting which evictions they will refuse (lib/drain/budgets.ts). A namespace
 * whose budgets cannot be read is named in `unreadable` (its evictions may still be refused).
 */
export async function readBudgets(kc: KubeConfig, pods: readonly DrainPod[]): Promise<{ budgets: PodDisruptionBudget[]; unreadable: string[] }> {
  const budgets: PodDisruptionBudget[] = [];
  const unreadable: string[] = [];
  await Promise.all(
    [...new Set(pods.map((p) => p.namespace))].map(async (namespace) => {
      try {
        budgets.push(...(await listObjects(kc, { kind: PodDisruptionBudgetKind, namespace, schema: podDisruptionBudgetSchema })).items);
      } catch (error) {
        if (!(error instanceof ClusterError)) throw error;
        unreadable.push(`${namespace} (${error.userMessage})`);
      }
    }),
  );
  return { budgets, unreadable };
}

/**
 * How long a refused eviction waits before it is asked again when its budget cannot be watched
 * (the user may not watch PodDisruptionBudgets there, or the 429 came from API priority and
 * fairness): kubectl's interval (k8s.io/kubectl pkg/drain/drain.go, 5 s). A budget the console
 * watches is asked again the moment it allows a disruption instead.
 */
const UNWATCHED_RETRY_MS = 5_000;

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

/** A promise that resolves at the next `notify()`: what a waiting pod awaits (a watch event arrived). */
function changeSignal(): { next: () => Promise<void>; notify: () => void } {
  let resolve: () => void = () => undefined;
  let next = new Promise<void>((r) => (resolve = r));
  return {
    next: () => next,
    notify: () => {
      const current = resolve;
      next = new Promise<void>((r) => (resolve = r));
      current();
    },
  };
}

/** Only what the drain reads of a pod in its watch: which pods (by uid) are still on the node. */
const keepPodIdentity = (raw: RawObject): RawObject => ({ metadata: { uid: raw.metadata?.uid, name: raw.metadata?.name, resourceVersion: raw.metadata?.resourceVersion } });

/**
 * Removes the planned pods of `node` concurrently (SPEC §7, kubectl's drain), paced by their
 * PodDisruptionBudgets, and waits for each to be gone. Everything it waits for comes from watches
 * with the caller's credentials: the node's pods (a pod is gone when its uid leaves the watch) and
 * the budgets of the namespaces it evicts from (lib/drain/pacing.ts). A pod under a budget is
 * evicted only while the budget allows one more disruption than this drain has in flight under
 * it; a refused one (429) is asked again the moment the budget's watch shows it allows a
 * disruption, or after UNWATCHED_RETRY_MS when its budget cannot be watched. Reports each pod's
 * state through `onPod` ('blocked' names the budget it waits for). Returns the pods that did not
 * leave (empty on success); `timeoutSeconds` bounds the whole drain. When `signal` aborts, rejects
 * with its reason once every pod has stopped. Throws a ClusterError when the node's pods cannot be
 * watched (nothing is evicted then).
 */
export async function drainPods(
  kc: KubeConfig,
  options: { node: string; plan: DrainPlan; gracePeriodSeconds?: number; timeoutSeconds?: number; signal: AbortSignal; onPod: (pod: DrainPodProgress) => void },
): Promise<string[]> {
  const { signal } = options;
  const deadline = options.timeoutSeconds ? Date.now() + options.timeoutSeconds * 1000 : Number.POSITIVE_INFINITY;
  const planned = options.plan.pods.filter(({ action }) => action.kind === 'evict' || action.kind === 'wait');
  const changed = changeSignal();
  const pacer = new EvictionPacer();

  const pods = new WatchedCollection(kc, PodKind, { fieldSelector: `spec.nodeName=${options.node}`, keep: keepPodIdentity });
  const budgetWatches = [...new Set(planned.filter(({ action }) => action.kind === 'evict').map(({ pod }) => pod.namespace))].map((namespace) => ({
    namespace,
    collection: new WatchedCollection(kc, PodDisruptionBudgetKind, { namespace }),
  }));
  const watches = [pods, ...budgetWatches.map((watch) => watch.collection)];
  /** Namespaces whose budgets are watched (the user may list and watch them there). */
  const watched = new Set<string>();
  const observe = (raw: RawObject, relisted: boolean) => {
    const budget = podDisruptionBudgetSchema.safeParse(raw);
    if (budget.success) pacer.observe(budget.data, { relisted });
  };
  for (const { collection } of budgetWatches) {
    collection.subscribe((event) => {
      if (event.type === 'ADDED' || event.type === 'MODIFIED') observe(event.object, false);
      else if (event.type === 'DELETED') {
        const budget = podDisruptionBudgetSchema.safeParse(event.object);
        if (budget.success) pacer.forget(budgetKey(budget.data));
      } else if (event.type === 'RESYNC') for (const object of event.objects) observe(object, true);
      changed.notify();
    });
  }
  pods.subscribe(() => changed.notify());
  const stopWatches = () => {
    for (const collection of watches) collection.stop();
    changed.notify();
  };
  signal.addEventListener('abort', stopWatches, { once: true });

  try {
    await pods.start();
    await Promise.all(
      budgetWatches.map(async ({ namespace, collection }) => {
        try {
          await collection.start();
          for (const object of collection.items()) observe(object, true);
          watched.add(namespace);
        } catch (error) {
          // Budgets the user may not watch: their evictions are retried on kubectl's timer.
          if (!(error instanceof ClusterError)) throw error;
          collection.stop();
        }
      }),
    );
    const present = (pod: DrainPod) => pods.has(pod.uid);
    /** Resolves at the next watch event, or at the deadline; rejects when the drain is stopped. */
    const nextChange = async (retryMs?: number) => {
      if (signal.aborted) throw signal.reason;
      const wait = Math.min(retryMs ?? Number.POSITIVE_INFINITY, deadline - Date.now());
      await Promise.race([changed.next(), ...(Number.isFinite(wait) ? [pause(Math.max(0, wait), signal)] : [])]);
      if (signal.aborted) throw signal.reason;
    };

    const failures: string[] = [];
    const report = (pod: DrainPod, state: DrainPodProgress['state'], extra: Partial<DrainPodProgress> = {}) => options.onPod({ namespace: pod.namespace, name: pod.name, state, ...extra });
    await Promise.all(
      planned.map(async ({ pod, action }) => {
        const id = `${pod.namespace}/${pod.name}`;
        try {
          if (action.kind === 'evict') {
            const outcome = await evictPaced({ pod, pacer, watched: watched.has(pod.namespace), present, nextChange, deadline, report, evict: () => evictOnce(kc, { pod, gracePeriodSeconds: options.gracePeriodSeconds, signal }) });
            if (outcome === 'gone') return report(pod, 'gone');
            if (outcome !== 'evicted') {
              report(pod, 'failed', { message: 'the drain timed out while a PodDisruptionBudget blocked it' });
              return void failures.push(`${id} (blocked by PodDisruptionBudget ${outcome.blockedBy ?? ''})`);
            }
          }
          report(pod, 'terminating');
          while (present(pod) && Date.now() < deadline) await nextChange();
          if (!present(pod)) return report(pod, 'gone');
          report(pod, 'failed', { message: 'the drain timed out before the pod was gone' });
          failures.push(id);
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
  } finally {
    signal.removeEventListener('abort', stopWatches);
    for (const collection of watches) collection.stop();
  }
}

/**
 * One pod's eviction, paced by its budget: held back while the budget has no room, asked, and on
 * a 429 asked again once the budget's watch has something new to say (or after
 * UNWATCHED_RETRY_MS). Resolves 'evicted', 'gone', or the budget it was still blocked by at the
 * deadline.
 */
async function evictPaced(options: {
  pod: DrainPod;
  pacer: EvictionPacer;
  /** The pod's namespace's budgets are watched. */
  watched: boolean;
  present: (pod: DrainPod) => boolean;
  nextChange: (retryMs?: number) => Promise<void>;
  deadline: number;
  report: (pod: DrainPod, state: DrainPodProgress['state'], extra?: Partial<DrainPodProgress>) => void;
  evict: () => Promise<'evicted' | 'gone' | { blockedBy: string | undefined }>;
}): Promise<'evicted' | 'gone' | { blockedBy: string | undefined }> {
  const { pod, pacer, report } = options;
  let blockedSince: string | undefined;
  /** The budget a 429 named, when the pod's labels did not tell (a budget made since, say). */
  let named: string | undefined;
  const block = (pdb: string | undefined) => {
    blockedSince ??= new Date().toISOString();
    report(pod, 'blocked', { pdb, blockedSince });
  };
  report(pod, 'evicting');
  for (;;) {
    if (!options.present(pod)) return 'gone';
    const budget = coveringBudget(pod, pacer.budgets()) ?? (named ? pacer.budget(`${pod.namespace}/${named}`) : undefined);
    const key = budget ? budgetKey(budget) : undefined;
    if (key && budget && !pacer.mayEvict(key)) {
      if (Date.now() >= options.deadline) return { blockedBy: budget.metadata.name };
      block(budget.metadata.name);
      await options.nextChange();
      continue;
    }
    if (key) pacer.requesting(key, pod.name);
    const mark = pacer.mark();
    const result = await options.evict().catch((error: unknown) => {
      if (key) pacer.refused(key, pod.name);
      throw error;
    });
    if (result === 'evicted') {
      if (key) pacer.admitted(key, pod.name);
      return result;
    }
    if (key) pacer.refused(key, pod.name);
    if (result === 'gone') return result;
    named = result.blockedBy;
    block(result.blockedBy);
    if (Date.now() >= options.deadline) return result;
    const namedKey = result.blockedBy ? `${pod.namespace}/${result.blockedBy}` : undefined;
    if (!options.watched || namedKey === undefined) {
      await options.nextChange(UNWATCHED_RETRY_MS);
      continue;
    }
    // A watched budget refused (its status allowed more than it had, or another drain took the
    // room): ask again once it has changed since the request and has room.
    while (!pacer.changedSince(namedKey, mark) || !pacer.mayEvict(namedKey)) {
      if (Date.now() >= options.deadline) return result;
      await options.nextChange();
    }
  }
}
