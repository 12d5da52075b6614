import { z } from '@/lib/zod';
import { podDisruptionBudgetSchema } from '@/lib/drain/budgets';
import { drainPodSchema } from '@/lib/drain/plan';
import { flowStatusSchema, runningElsewhereSchema } from '@/lib/flows/progress';
import { isDns1123Label, isDns1123Subdomain } from '@/lib/k8s/names';

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
  /** A control-plane host is removed only when its name is typed here. */
  confirmHostName: z.string().max(253).optional(),
});
export type RemovalOptions = z.infer<typeof removalOptionsSchema>;

const objectName = z.string().refine(isDns1123Subdomain, 'not a valid object name');
/** An object the removal acts on, pinned by its uid: one re-created under the same name is never touched. */
const pinnedObject = z.object({ name: objectName, uid: z.string().min(1) });

/**
 * The removal as the console records it (sealed with its key, server/flows/intent.ts) in an
 * annotation on the host and on its node. Every object is pinned by uid; the Secrets are only those
 * the console proved it made for this host (its enrollment's operation id on both).
 */
/**
 * A Secret the removal may delete, and why the console may: it made it when it enrolled this host
 * (`enrollment`: the host's operation id on both), or BMO adopted it for this host (`owner`: an
 * ownerReference to the host's uid, so the garbage collector deletes it with the host).
 */
const pinnedSecret = pinnedObject.extend({
  proof: z.enum(['enrollment', 'owner']),
  /** BMO's ownerReference to the host: the garbage collector deletes it once the host is gone. */
  ownedByHost: z.boolean(),
});

export const removalIntentSchema = z.object({
  host: z.object({ namespace: z.string().refine(isDns1123Label, 'not a valid namespace'), name: objectName, uid: z.string().min(1) }),
  node: pinnedObject.optional(),
  networkSecret: pinnedSecret.optional(),
  bmcSecret: pinnedSecret.optional(),
  /** The enrollment's operation id the Secrets were proved by. */
  operationId: z.string().optional(),
  /** Secrets the host names that the console could not prove it made: never deleted, only reported. */
  keptSecrets: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
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

export const drainPodProgressSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  state: z.enum(['evicting', 'blocked', 'terminating', 'gone', 'failed']),
  /** The PodDisruptionBudget that answered 429. */
  pdb: z.string().optional(),
  /** When its eviction was first held back or refused (it is asked again once the budget allows one). */
  blockedSince: z.string().optional(),
  message: z.string().optional(),
});
export type DrainPodProgress = z.infer<typeof drainPodProgressSchema>;

export const removalProgressSchema = flowStatusSchema.extend({
  intent: removalIntentSchema,
  pods: z.array(drainPodProgressSchema),
  /** After a cancel: the node is still cordoned and may be made schedulable again. */
  cordoned: z.boolean().optional(),
  /** Why the node's cordon could not be read after the flow stopped (then it may still be cordoned). */
  cordonUnknown: z.string().optional(),
});
export type RemovalProgress = z.infer<typeof removalProgressSchema>;

/**
 * The removal in a few words for the inventory row: "removing: blocked by web-pdb", "removing:
 * deprovisioning", "removal failed: …", "removal paused".
 */
export function removalSummary(progress: RemovalProgress): string {
  if (progress.status === 'failed') return 'removal failed';
  if (progress.status === 'paused') return 'removal paused';
  if (progress.status === 'cancelled') return 'removal cancelled';
  if (progress.status === 'completed') return 'removed';
  const blocked = [...new Set(progress.pods.filter((p) => p.state === 'blocked').map((p) => p.pdb ?? 'a PodDisruptionBudget'))];
  if (blocked.length > 0) return `removing: blocked by ${blocked.join(', ')}`;
  const step = progress.steps.find((s) => s.state === 'running');
  const words: Record<string, string> = {
    cordon: 'cordoning',
    drain: 'draining',
    customDeploy: 'deprovisioning',
    deprovision: 'deprovisioning',
    deleteHost: 'deleting the host',
    secrets: 'cleaning up Secrets',
    deleteNode: 'deleting the node',
  };
  return `removing: ${step ? (words[step.id] ?? step.label) : 'starting'}`;
}

/** What a pod's drain state reads as: "blocked by PodDisruptionBudget web-pdb". */
export function podStateText(pod: DrainPodProgress): string {
  if (pod.state === 'blocked') return `blocked by PodDisruptionBudget ${pod.pdb ?? '(unknown)'}`;
  return pod.message ? `${pod.state}: ${pod.message}` : pod.state;
}

/** A removal recorded on the host or its node, as the dialog and the progress page describe it. */
export const recordedRemovalSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({
    state: z.literal('verified'),
    requestedBy: z.string(),
    requestedAt: z.string(),
    /** Run by a flow of the process that answered. */
    running: z.boolean(),
    /** Not run here, but another replica's heartbeat is fresh: it runs there, so it is not offered for resuming. */
    elsewhere: runningElsewhereSchema.optional(),
  }),
  /** Present but not written by this console (or changed since): never acted on; a new removal replaces it. */
  z.object({ state: z.literal('unverified'), reason: z.string() }),
]);
export type RecordedRemoval = z.infer<typeof recordedRemovalSchema>;

/** What happens to one of the host's Secrets when it is removed. */
export const secretPlanSchema = z.object({
  name: z.string(),
  role: z.enum(['network', 'bmc']),
  /** delete: the console made it for this host; kept: it cannot prove that, so it never deletes it. */
  fate: z.enum(['delete', 'kept']),
  reason: z.string(),
});
export type SecretPlan = z.infer<typeof secretPlanSchema>;

/** What the removal dialog is shown: the host, its node and the node's pods, and any removal already recorded. */
export const removalTargetSchema = z.object({
  host: z.object({ namespace: z.string(), name: z.string() }),
  node: z.string().optional(),
  /** Why the host's node cannot be told for sure (two hosts claim it, its IPs are unknown): the removal is refused. */
  linkProblem: z.string().optional(),
  state: z.string(),
  externallyProvisioned: z.boolean(),
  secrets: z.array(secretPlanSchema),
  recorded: recordedRemovalSchema,
  /**
   * Set for a control-plane host (its node's role, or its controller user data): what removing it
   * does to etcd's quorum, and the pods of the console's own machinery its drain would evict.
   */
  controlPlane: z
    .object({
      quorumOk: z.boolean(),
      quorum: z.string(),
      evicts: z.array(z.string()),
    })
    .optional(),
  drain: z
    .object({
      pods: z.array(drainPodSchema),
      daemonSets: z.array(z.string()),
      /** The budgets of the pods' namespaces: the dialog predicts which evictions they refuse. */
      budgets: z.array(podDisruptionBudgetSchema),
      /** Namespaces whose budgets could not be read, and why. */
      budgetsUnreadable: z.array(z.string()),
    })
    .optional(),
});
export type RemovalTarget = z.infer<typeof removalTargetSchema>;
