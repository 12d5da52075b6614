/**
 * What `oc adm drain <node> --ignore-daemonsets [--force] [--delete-emptydir-data]` would do with
 * each pod on the node (SPEC §7), before anything is touched. The rule is kubectl's own
 * (k8s.io/kubectl/pkg/drain/filters.go at v0.35.4, Kubernetes 1.35.4), filter by filter, in its
 * order; the first filter that keeps a pod decides:
 * 1. skipDeletedFilter: only with --skip-wait-for-delete-timeout > 0, which the console does not
 *    offer, so a terminating pod goes through the filters like any other (kubectl refuses a
 *    terminating bare pod without --force too);
 * 2. daemonSetFilter: a pod whose controller is an apps/v1 DaemonSet, unless it has finished
 *    (Succeeded/Failed; kubectl checks the phase before it looks the DaemonSet up): ignored with a
 *    warning if the DaemonSet exists; if it is gone, removed with --force, else refused
 *    (`daemonsets.apps "<name>" not found`);
 * 3. mirrorPodFilter: annotation kubernetes.io/config.mirror present (any value): skipped silently;
 * 4. localStorageFilter: an emptyDir volume, unless finished: refused without --delete-emptydir-data;
 * 5. unreplicatedFilter: no controller ownerReference, unless finished: refused without --force.
 * Everything else is evicted (kubectl evicts every pod it removes, orphaned DaemonSet pods
 * included, so PodDisruptionBudgets apply). Any refusal stops the whole drain before a single
 * eviction. Checked against kubectl itself by plan.oracle.integration.test.ts.
 */

import { z } from '@/lib/zod';

/** A pod as planDrain needs it (read from a Pod by drainPodOf); also what the removal dialog receives. */
export const drainPodSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  uid: z.string(),
  /** status.phase ('' or 'Unknown' when absent). */
  phase: z.string(),
  /**
   * The controller ownerReference (the first with controller: true), if any. `apiVersion` decides
   * whether it is a DaemonSet (kubectl: kind DaemonSet AND apiVersion apps/v1, so OpenKruise's
   * apps.kruise.io DaemonSet is an ordinary controller); absent, it is taken as apps/v1.
   */
  controller: z.object({ kind: z.string(), name: z.string(), apiVersion: z.string().optional() }).optional(),
  /** Set when the pod is a mirror of a static pod (annotation kubernetes.io/config.mirror present). */
  mirror: z.boolean(),
  usesEmptyDir: z.boolean(),
  /** metadata.deletionTimestamp is set. */
  terminating: z.boolean(),
});
export type DrainPod = z.infer<typeof drainPodSchema>;

export interface DrainOptions {
  /** Also remove pods no controller will bring back, and pods of DaemonSets that are gone. */
  force: boolean;
  /** Also remove pods with emptyDir volumes (their data is lost). */
  deleteEmptyDirData: boolean;
}

export type PodAction =
  /** Evicted through the Eviction API (PodDisruptionBudgets apply), as kubectl does with every pod it removes. */
  | { kind: 'evict'; warning?: string }
  /** Left on the node: DaemonSet-managed (it would be recreated there anyway). */
  | { kind: 'ignore'; warning: string }
  /** Left alone without comment (mirror pods belong to the kubelet). */
  | { kind: 'skip' }
  /** Removable, and already being deleted: only waited for. */
  | { kind: 'wait'; warning?: string }
  /** Stops the drain; the option(s) that would allow it are named. */
  | { kind: 'refuse'; reason: string; allowedBy: 'force' | 'deleteEmptyDirData' | 'force and deleteEmptyDirData' };

export interface PlannedPod {
  pod: DrainPod;
  action: PodAction;
}

export interface DrainPlan {
  pods: PlannedPod[];
  /** Pods that stop the drain; empty means it may start. */
  refused: PlannedPod[];
  /** The DaemonSet-managed pods that stay, as kubectl warns. */
  ignoredDaemonSetPods: string[];
}

const FINISHED = new Set(['Succeeded', 'Failed']);

/** Whether kubectl takes this controller for a DaemonSet (filters.go isControllerRefDaemonSet). */
export function isDaemonSetController(controller: DrainPod['controller']): boolean {
  return controller?.kind === 'DaemonSet' && (controller.apiVersion ?? 'apps/v1') === 'apps/v1';
}

/**
 * The DaemonSets (`namespace/name`) whose existence decides the plan: those of unfinished pods
 * owned by an apps/v1 DaemonSet, the only ones kubectl looks up.
 */
export function daemonSetsToLookUp(pods: readonly DrainPod[]): string[] {
  const keys = pods.filter((p) => isDaemonSetController(p.controller) && !FINISHED.has(p.phase)).map((p) => `${p.namespace}/${p.controller?.name}`);
  return [...new Set(keys)];
}

type Option = keyof DrainOptions;
type Verdict = { kind: 'remove'; warnings: string[] } | { kind: 'ignore' | 'skip' } | { kind: 'refuse'; reason: string; needs: Option };

/** kubectl's filters for one pod under one set of options: the first that keeps the pod decides. */
function verdict(pod: DrainPod, options: DrainOptions, daemonSetExists: (namespace: string, name: string) => boolean): Verdict {
  const finished = FINISHED.has(pod.phase);
  const warnings: string[] = [];
  if (pod.controller && isDaemonSetController(pod.controller) && !finished) {
    if (daemonSetExists(pod.namespace, pod.controller.name)) return { kind: 'ignore' };
    if (!options.force) return { kind: 'refuse', reason: `its DaemonSet ${pod.controller.name} is gone`, needs: 'force' };
    warnings.push(`its DaemonSet ${pod.controller.name} is gone`);
  }
  if (pod.mirror) return { kind: 'skip' };
  if (pod.usesEmptyDir && !finished) {
    if (!options.deleteEmptyDirData) return { kind: 'refuse', reason: 'has emptyDir data, which would be lost', needs: 'deleteEmptyDirData' };
    warnings.push('its emptyDir data will be lost');
  }
  if (!pod.controller && !finished) {
    if (!options.force) return { kind: 'refuse', reason: 'has no controller: it will not come back', needs: 'force' };
    warnings.push('no controller will recreate it');
  }
  return { kind: 'remove', warnings };
}

/**
 * Every reason a refused pod is refused and the options that would let it through: kubectl names
 * only the first filter that stops it, the console names all, so one option is not mistaken for
 * enough (a bare pod with an emptyDir needs both).
 */
function refusal(pod: DrainPod, options: DrainOptions, daemonSetExists: (namespace: string, name: string) => boolean): PodAction {
  const reasons: string[] = [];
  const needs = new Set<Option>();
  let current = options;
  for (let v = verdict(pod, current, daemonSetExists); v.kind === 'refuse'; v = verdict(pod, current, daemonSetExists)) {
    reasons.push(v.reason);
    needs.add(v.needs);
    current = { ...current, [v.needs]: true };
  }
  const allowedBy = needs.size === 2 ? 'force and deleteEmptyDirData' : needs.has('force') ? 'force' : 'deleteEmptyDirData';
  return { kind: 'refuse', reason: reasons.join('; '), allowedBy };
}

function podAction(pod: DrainPod, options: DrainOptions, daemonSetExists: (namespace: string, name: string) => boolean): PodAction {
  const result = verdict(pod, options, daemonSetExists);
  switch (result.kind) {
    case 'ignore':
      return { kind: 'ignore', warning: 'DaemonSet-managed: ignored' };
    case 'skip':
      return { kind: 'skip' };
    case 'refuse':
      return refusal(pod, options, daemonSetExists);
    case 'remove': {
      const warning = result.warnings.length > 0 ? { warning: result.warnings.join('; ') } : {};
      return pod.terminating ? { kind: 'wait', ...warning } : { kind: 'evict', ...warning };
    }
  }
}

export function planDrain(
  pods: readonly DrainPod[],
  options: DrainOptions,
  daemonSetExists: (namespace: string, name: string) => boolean,
): DrainPlan {
  const planned = pods.map((pod) => ({ pod, action: podAction(pod, options, daemonSetExists) }));
  return {
    pods: planned,
    refused: planned.filter((p) => p.action.kind === 'refuse'),
    ignoredDaemonSetPods: planned.filter((p) => p.action.kind === 'ignore').map((p) => `${p.pod.namespace}/${p.pod.name}`),
  };
}

/** planDrain over a node's pods and the DaemonSets (`namespace/name`) that still exist. */
export function planDrainOf(input: { pods: readonly DrainPod[]; daemonSets: readonly string[] }, options: DrainOptions): DrainPlan {
  const existing = new Set(input.daemonSets);
  return planDrain(input.pods, options, (namespace, name) => existing.has(`${namespace}/${name}`));
}

/** The options as the dialog and `oc adm drain` name them. */
export const OPTION_NAMES = { force: 'Force (--force)', deleteEmptyDirData: 'Delete emptyDir data (--delete-emptydir-data)' } as const;

/** "ns/pod (why; allowed by force)", for each pod that stops the drain. */
export function refusalText(refused: readonly PlannedPod[]): string {
  return refused.map((p) => `${p.pod.namespace}/${p.pod.name} (${p.action.kind === 'refuse' ? `${p.action.reason}; allowed by ${p.action.allowedBy}` : p.action.kind})`).join(', ');
}
