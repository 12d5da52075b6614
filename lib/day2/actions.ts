import { z } from '@/lib/zod';
import { namespacedNameSchema } from '@/lib/k8s/names';
import { drainOptionsSchema, maintenanceReasonSchema } from './flows';
import { DAY2_ACTIONS } from './rules';

/**
 * The day-2 request and outcome schemas, shared by the browser's forms and the routes; the rules
 * (which action BMO honours in which state, the oc equivalents) are in ./rules, free of zod so the
 * inventory's first load can carry them, and re-exported here.
 */
export * from './rules';
export { verdictSchema } from './verdict';

/* ----------------------------------------------------------------------------------------- */
/* Request bodies, shared by the browser's forms and the routes.                            */

/** Power: spec.online. Powering off a host whose node is Ready with pods on it needs `confirmRunningPods`. */
export const powerRequestSchema = z.object({ online: z.boolean(), confirmRunningPods: z.boolean().default(false) });
export type PowerRequest = z.infer<typeof powerRequestSchema>;

/** Restart: reboot.metal3.io with the mode. Like a power-off, restarting a host whose node is Ready with pods on it needs `confirmRunningPods`. */
export const restartRequestSchema = z.object({
  mode: z.enum(['soft-then-hard', 'soft', 'hard'], { error: 'A restart is soft then hard, soft, or hard.' }).default('soft-then-hard'),
  confirmRunningPods: z.boolean().default(false),
});
export type RestartRequest = z.infer<typeof restartRequestSchema>;

export const detachRequestSchema = z.object({ detached: z.boolean() });
export type DetachRequest = z.infer<typeof detachRequestSchema>;

/** A list of hosts for the bulk intents: 1–100 hosts, each named once. */
export const hostListSchema = z
  .array(namespacedNameSchema)
  .min(1, 'Choose at least one host.')
  .max(100, 'At most 100 hosts at once.')
  .refine((hosts) => new Set(hosts.map((h) => `${h.namespace}/${h.name}`)).size === hosts.length, 'A host is named twice.');

export const bulkPowerRequestSchema = powerRequestSchema.extend({ hosts: hostListSchema });
export type BulkPowerRequest = z.infer<typeof bulkPowerRequestSchema>;
export const bulkRestartRequestSchema = restartRequestSchema.extend({ hosts: hostListSchema });
export type BulkRestartRequest = z.infer<typeof bulkRestartRequestSchema>;
export const bulkMaintenanceRequestSchema = drainOptionsSchema.extend({ reason: maintenanceReasonSchema, hosts: hostListSchema });
export type BulkMaintenanceRequest = z.infer<typeof bulkMaintenanceRequestSchema>;
export const bulkHostsSchema = z.object({ hosts: hostListSchema });

/**
 * What every action answers, per host (a bulk answer is a list of these): whether it changed
 * anything, in words, the equivalent `oc` command, and whether its Event was recorded.
 */
export const actionOutcomeSchema = z.object({
  host: z.object({ namespace: z.string(), name: z.string() }),
  action: z.enum(DAY2_ACTIONS),
  /** ok: done (or started); noop: already so; refused/failed: nothing (more) was done, `message` says why. */
  result: z.enum(['ok', 'noop', 'refused', 'failed']),
  message: z.string(),
  oc: z.string(),
  /** The Event naming the user, the action and the outcome; `note` when it could not be recorded. */
  event: z.object({ recorded: z.boolean(), note: z.string().optional() }),
  /** HTTP status of a refusal or failure (403 RBAC, 409 policy, 422 webhook). */
  status: z.number().optional(),
});
export type ActionOutcome = z.infer<typeof actionOutcomeSchema>;
export const bulkOutcomeSchema = z.object({ results: z.array(actionOutcomeSchema) });
export type BulkOutcome = z.infer<typeof bulkOutcomeSchema>;

