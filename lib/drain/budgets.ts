import { plural } from '@/lib/format/plural';
import { labelSelectorSchema, selects } from '@/lib/k8s/selector';
import { z } from '@/lib/zod';
import type { DrainPlan, DrainPod } from './plan';

/** A PodDisruptionBudget (policy/v1) as the drain reads it: its selector and what it allows now. */
export const podDisruptionBudgetSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string(), namespace: z.string(), generation: z.number().optional() }),
  spec: z.looseObject({ selector: labelSelectorSchema.nullish() }).optional(),
  status: z
    .looseObject({
      /** The generation the disruption controller last computed the status for; the Eviction API refuses while it lags. */
      observedGeneration: z.number().optional(),
      /** Pods whose eviction the API admitted and the controller has not yet seen go: name → when. */
      disruptedPods: z.record(z.string(), z.string()).nullish(),
      disruptionsAllowed: z.number().optional(),
      currentHealthy: z.number().optional(),
      desiredHealthy: z.number().optional(),
      expectedPods: z.number().optional(),
    })
    .optional(),
});
export type PodDisruptionBudget = z.infer<typeof podDisruptionBudgetSchema>;

/** What one budget will do to a drain, predicted before it starts. */
export const budgetPredictionSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  /** The node's pods the drain will evict that this budget covers (`namespace/name`). */
  pods: z.array(z.string()),
  disruptionsAllowed: z.number(),
  currentHealthy: z.number(),
  desiredHealthy: z.number(),
  /** Some of those evictions will be refused (429) until the budget allows more. */
  blocks: z.boolean(),
  text: z.string(),
});
export type BudgetPrediction = z.infer<typeof budgetPredictionSchema>;

/** Does the budget cover the pod (its namespace, and its selector selects the pod's labels)? */
export function covers(budget: PodDisruptionBudget, pod: Pick<DrainPod, 'namespace' | 'labels'>): boolean {
  return pod.namespace === budget.metadata.namespace && selects(budget.spec?.selector, pod.labels ?? {});
}

/**
 * Which PodDisruptionBudgets cover the pods the plan evicts, and whether each will refuse some of
 * those evictions now: the Eviction API refuses (429) once a budget's status.disruptionsAllowed is
 * used up (k8s.io/kubernetes pkg/registry/core/pod/storage/eviction.go). A budget allowing fewer
 * disruptions than the node's pods it covers blocks the rest until its pods are healthy elsewhere.
 */
export function predictBudgets(plan: DrainPlan, budgets: readonly PodDisruptionBudget[]): BudgetPrediction[] {
  const evicted = plan.pods.filter((p) => p.action.kind === 'evict').map((p) => p.pod);
  return budgets.flatMap((budget) => {
    const covered = evicted.filter((pod) => covers(budget, pod));
    if (covered.length === 0) return [];
    const allowed = budget.status?.disruptionsAllowed ?? 0;
    const healthy = budget.status?.currentHealthy ?? 0;
    const desired = budget.status?.desiredHealthy ?? 0;
    const blocks = allowed < covered.length;
    const allows = `allows ${plural(allowed, 'disruption')} now (${healthy} healthy, ${desired} desired)`;
    const text = blocks
      ? `${budget.metadata.name} ${allows}: ${covered.length - allowed} of its ${plural(covered.length, 'pod')} here will wait until more of its pods are healthy elsewhere (scale the workload up, or make room on another node).`
      : `${budget.metadata.name} ${allows}: enough for its ${plural(covered.length, 'pod')} here.`;
    return [{ namespace: budget.metadata.namespace, name: budget.metadata.name, pods: covered.map((p) => `${p.namespace}/${p.name}`), disruptionsAllowed: allowed, currentHealthy: healthy, desiredHealthy: desired, blocks, text }];
  });
}
