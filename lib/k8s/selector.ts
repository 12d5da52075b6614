import { z } from '@/lib/zod';

/** A label selector (metav1.LabelSelector) as PodDisruptionBudgets and Deployments carry it. */
export const labelSelectorSchema = z.object({
  matchLabels: z.record(z.string(), z.string()).nullish(),
  matchExpressions: z
    .array(z.object({ key: z.string(), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).nullish() }))
    .nullish(),
});
export type LabelSelector = z.infer<typeof labelSelectorSchema>;

/**
 * Does `selector` select an object with `labels`? As metav1.LabelSelectorAsSelector does: every
 * matchLabels pair and every expression must hold (NotIn and DoesNotExist also hold when the key
 * is absent). An empty selector selects everything; an absent one (null) selects nothing — as
 * policy/v1 PodDisruptionBudgets read them.
 */
export function selects(selector: LabelSelector | null | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const expression of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expression.key);
    const value = labels[expression.key];
    const values = expression.values ?? [];
    if (expression.operator === 'In' && !(has && value !== undefined && values.includes(value))) return false;
    if (expression.operator === 'NotIn' && has && value !== undefined && values.includes(value)) return false;
    if (expression.operator === 'Exists' && !has) return false;
    if (expression.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
