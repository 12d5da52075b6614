import { z } from 'zod';

/**
 * A host removal (SPEC §8) as browser and server share it: the options the user chose, the intent
 * recorded on the host and its node, and the live progress of each step and pod.
 */

export const removalOptionsSchema = z.object({
  /** Also remove pods no controller will bring back, and pods of DaemonSets that are gone. */
  force: z.boolean().default(false),
  /** Also remove pods with emptyDir volumes (their data is lost). */
  deleteEmptyDirData: z.boolean().default(false),
  /** Overrides each pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds: z.number({ error: 'The grace period is a number of seconds.' }).int('The grace period is a whole number of seconds.').min(0, 'The grace period cannot be negative.').optional(),
  /** Bounds the eviction phase; none by default, as in kubectl. */
  timeoutSeconds: z.number({ error: 'The timeout is a number of seconds.' }).int('The timeout is a whole number of seconds.').min(1, 'The timeout is at least one second.').optional(),
  /** An externally provisioned host may only be removed as "delete the inventory record". */
  deleteInventoryRecord: z.boolean().default(false),
});
export type RemovalOptions = z.infer<typeof removalOptionsSchema>;

/** Recorded as JSON in the REMOVAL_ANNOTATION of the host and its node. */
export const removalIntentSchema = z.object({
  host: z.object({ namespace: z.string(), name: z.string() }),
  node: z.string().optional(),
  /** Secrets named by the host, decided on while the host still exists. */
  networkSecret: z.string().optional(),
  bmcSecret: z.string().optional(),
  externallyProvisioned: z.boolean(),
  options: removalOptionsSchema,
  requestedBy: z.string(),
  requestedAt: z.string(),
});
export type RemovalIntent = z.infer<typeof removalIntentSchema>;

export const REMOVAL_STEPS = [
  { id: 'cordon', label: 'Cordon the node' },
  { id: 'drain', label: 'Drain the node' },
  { id: 'customDeploy', label: 'Remove spec.customDeploy' },
  { id: 'deprovision', label: 'Wait for deprovisioning, then available' },
  { id: 'deleteHost', label: 'Delete the BareMetalHost and wait until it is gone' },
  { id: 'secrets', label: "Clean up the host's Secrets" },
  { id: 'deleteNode', label: 'Delete the node and verify it is absent' },
] as const;
export type RemovalStepId = (typeof REMOVAL_STEPS)[number]['id'];

const stepSchema = z.object({
  id: z.enum(REMOVAL_STEPS.map((s) => s.id) as [RemovalStepId, ...RemovalStepId[]]),
  state: z.enum(['pending', 'running', 'done', 'skipped', 'failed', 'cancelled']),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  message: z.string().optional(),
});
export type RemovalStep = z.infer<typeof stepSchema>;

const podSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  state: z.enum(['evicting', 'blocked', 'deleting', 'terminating', 'gone', 'failed']),
  /** The PodDisruptionBudget that answered 429. */
  pdb: z.string().optional(),
  message: z.string().optional(),
});
export type DrainPodProgress = z.infer<typeof podSchema>;

export const removalProgressSchema = z.object({
  intent: removalIntentSchema,
  status: z.enum(['running', 'completed', 'failed', 'cancelled']),
  steps: z.array(stepSchema),
  pods: z.array(podSchema),
  error: z.string().optional(),
  /** After a cancel: the node is still cordoned and may be made schedulable again. */
  cordoned: z.boolean().optional(),
});
export type RemovalProgress = z.infer<typeof removalProgressSchema>;

export const stepLabel = (id: RemovalStepId) => REMOVAL_STEPS.find((s) => s.id === id)?.label ?? id;

/** What a pod's drain state reads as: "blocked by PodDisruptionBudget web-pdb". */
export function podStateText(pod: DrainPodProgress): string {
  if (pod.state === 'blocked') return `blocked by PodDisruptionBudget ${pod.pdb ?? '(unknown)'}`;
  return pod.message ? `${pod.state}: ${pod.message}` : pod.state;
}

const drainPodSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  uid: z.string(),
  phase: z.string(),
  controller: z.object({ kind: z.string(), name: z.string() }).optional(),
  mirror: z.boolean(),
  usesEmptyDir: z.boolean(),
  terminating: z.boolean(),
});

/** What the removal dialog is shown: the host, its node and the node's pods, and any removal already recorded. */
export const removalTargetSchema = z.object({
  host: z.object({ namespace: z.string(), name: z.string() }),
  node: z.string().optional(),
  state: z.string(),
  externallyProvisioned: z.boolean(),
  networkSecret: z.string().optional(),
  bmcSecret: z.string().optional(),
  intent: removalIntentSchema.optional(),
  drain: z.object({ pods: z.array(drainPodSchema), daemonSets: z.array(z.string()) }).optional(),
});
export type RemovalTarget = z.infer<typeof removalTargetSchema>;
