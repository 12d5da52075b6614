/**
 * What `oc adm drain <node> --ignore-daemonsets [--force] [--delete-emptydir-data]` would do with
 * each pod on the node (SPEC §7), before anything is touched. Filters in kubectl's order, first
 * match wins; any refusal stops the whole drain before a single eviction.
 */

export interface DrainPod {
  namespace: string;
  name: string;
  uid: string;
  phase: string;
  /** The controller ownerReference, if any. */
  controller?: { kind: string; name: string };
  /** Set when the pod is a mirror of a static pod (annotation kubernetes.io/config.mirror). */
  mirror: boolean;
  usesEmptyDir: boolean;
  terminating: boolean;
}

export interface DrainOptions {
  /** Also remove pods no controller will bring back, and pods of DaemonSets that are gone. */
  force: boolean;
  /** Also remove pods with emptyDir volumes (their data is lost). */
  deleteEmptyDirData: boolean;
}

export type PodAction =
  /** Evicted through the Eviction API (PodDisruptionBudgets apply). */
  | { kind: 'evict'; warning?: string }
  /** Deleted outright: a pod of a DaemonSet that no longer exists (with force). */
  | { kind: 'delete'; warning: string }
  /** Left on the node: DaemonSet-managed (it would be recreated there anyway). */
  | { kind: 'ignore'; warning: string }
  /** Left alone without comment (mirror pods belong to the kubelet). */
  | { kind: 'skip' }
  /** Already being deleted: only waited for. */
  | { kind: 'wait' }
  /** Stops the drain; the option that would allow it is named. */
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

function podAction(pod: DrainPod, options: DrainOptions, daemonSetExists: (namespace: string, name: string) => boolean): PodAction {
  if (pod.terminating) return { kind: 'wait' };
  if (pod.controller?.kind === 'DaemonSet') {
    if (daemonSetExists(pod.namespace, pod.controller.name)) {
      return { kind: 'ignore', warning: 'DaemonSet-managed: ignored' };
    }
    return options.force
      ? { kind: 'delete', warning: `its DaemonSet ${pod.controller.name} is gone: deleted` }
      : { kind: 'refuse', reason: `its DaemonSet ${pod.controller.name} is gone`, allowedBy: 'force' };
  }
  if (pod.mirror) return { kind: 'skip' };
  if (FINISHED.has(pod.phase)) return { kind: 'evict' };
  const emptyDirRefused = pod.usesEmptyDir && !options.deleteEmptyDirData;
  const unmanagedRefused = !pod.controller && !options.force;
  if (emptyDirRefused && unmanagedRefused) {
    return { kind: 'refuse', reason: 'has emptyDir data and no controller to bring it back', allowedBy: 'force and deleteEmptyDirData' };
  }
  if (emptyDirRefused) return { kind: 'refuse', reason: 'has emptyDir data, which would be lost', allowedBy: 'deleteEmptyDirData' };
  if (unmanagedRefused) return { kind: 'refuse', reason: 'has no controller: it will not come back', allowedBy: 'force' };
  const warnings = [
    ...(pod.usesEmptyDir ? ['its emptyDir data will be lost'] : []),
    ...(!pod.controller ? ['no controller will recreate it'] : []),
  ];
  return warnings.length > 0 ? { kind: 'evict', warning: warnings.join('; ') } : { kind: 'evict' };
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
