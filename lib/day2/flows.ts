import { z } from '@/lib/zod';
import { bmcAddressField, bmcCredentialFields, checkBmcAddress, checkBmcCredentials } from '@/lib/enroll/schema';
import { flowStatusSchema, runningElsewhereSchema } from '@/lib/flows/progress';
import { isDns1123Label, isDns1123Subdomain } from '@/lib/k8s/names';
import { drainPodProgressSchema, removalOptionsSchema, removalTargetSchema } from '@/lib/removal/progress';
import { verdictSchema } from './verdict';

/**
 * The two day-2 flows (SPEC §9) as browser and server share them: maintenance (cordon + drain
 * with a reason, no removal) and the guided BMC address/credentials change. Each intent is sealed
 * and recorded on the cluster (server/flows/intent.ts) and pins every object by uid.
 */

const objectName = z.string().refine(isDns1123Subdomain, 'not a valid object name');
const pinnedHost = z.object({ namespace: z.string().refine(isDns1123Label, 'not a valid namespace'), name: objectName, uid: z.string().min(1) });
const pinnedObject = z.object({ name: objectName, uid: z.string().min(1) });

/** The drain's options, exactly as the removal takes them (oc adm drain's flags). */
export const drainOptionsSchema = removalOptionsSchema.pick({ force: true, deleteEmptyDirData: true, gracePeriodSeconds: true, timeoutSeconds: true });
export type MaintenanceDrainOptions = z.infer<typeof drainOptionsSchema>;

/** Why the host goes into maintenance: recorded with the intent and in the Events, 1–256 characters. */
export const maintenanceReasonSchema = z
  .string()
  .trim()
  .min(1, 'Say why the host goes into maintenance (it is recorded).')
  .max(256, 'Keep the reason under 256 characters.')
  // It is written into an annotation and Event messages that `oc get events` prints as they are.
  .refine((text) => !/[\u0000-\u001f\u007f-\u009f]/.test(text), 'Write the reason on one line, without control characters.');

/** What "Start maintenance" sends: the reason and the drain's options. */
export const maintenanceRequestSchema = drainOptionsSchema.extend({ reason: maintenanceReasonSchema });
export type MaintenanceRequest = z.infer<typeof maintenanceRequestSchema>;

export const maintenanceIntentSchema = z.object({
  host: pinnedHost,
  node: pinnedObject,
  reason: maintenanceReasonSchema,
  options: drainOptionsSchema,
  requestedBy: z.string(),
  requestedAt: z.string(),
});
export type MaintenanceIntent = z.infer<typeof maintenanceIntentSchema>;

export const MAINTENANCE_STEPS = [
  { id: 'cordon', label: 'Cordon the node' },
  { id: 'drain', label: 'Drain the node' },
] as const;
export type MaintenanceStepId = (typeof MAINTENANCE_STEPS)[number]['id'];

export const maintenanceProgressSchema = flowStatusSchema.extend({
  intent: maintenanceIntentSchema,
  /** Each pod's drain; empty for viewers who may not list pods (`podsHidden` says why). */
  pods: z.array(drainPodProgressSchema),
  podsHidden: z.string().optional(),
});
export type MaintenanceProgress = z.infer<typeof maintenanceProgressSchema>;

/**
 * What "Change BMC address or credentials" sends. The address and the new credentials are
 * enrollment's fields, checked by enrollment's rules for this host (bmcChangeRequestSchemaFor);
 * new credentials always go into a NEW Secret (the old one is never shown or rewritten).
 * `operationId` makes a retried submission find the Secret its first try made instead of making another.
 */
export const bmcChangeRequestSchema = z
  .object({
    operationId: z.string().regex(/^[a-z0-9][a-z0-9-]{6,61}[a-z0-9]$/, 'not an operation id'),
    address: bmcAddressField.optional(),
    credentials: bmcCredentialFields.optional(),
    disableCertificateVerification: z.boolean().optional(),
  })
  .refine((value) => value.address !== undefined || value.credentials !== undefined || value.disableCertificateVerification !== undefined, {
    message: 'Change the address, the credentials or both.',
  });
export type BmcChangeRequest = z.infer<typeof bmcChangeRequestSchema>;

/**
 * The request checked for one host by enrollment's own rules (lib/enroll/schema.ts: BMO's webhook
 * parsing of the address and what its driver needs of the host's boot MAC and boot mode, the
 * console's policies on addresses and credentials), with enrollment's messages, at this form's
 * fields. A host BMO will provision (not externally provisioned) needs a virtual-media driver, as a
 * new worker does. The browser's form and the server's intent both run this.
 */
export function bmcChangeRequestSchemaFor(options: { newWorker: boolean; bootMACAddress?: string; bootMode?: string }) {
  return bmcChangeRequestSchema.superRefine((value, ctx) => {
    if (value.address !== undefined) {
      checkBmcAddress(
        { address: value.address, newWorker: options.newWorker, ...(options.bootMACAddress ? { bootMACAddress: options.bootMACAddress } : {}), bootMode: options.bootMode ?? 'UEFI' },
        ctx,
        { address: ['address'], bootMACAddress: ['address'], bootMode: ['address'] },
      );
    }
    if (value.credentials) checkBmcCredentials(value.credentials, ctx, { username: ['credentials', 'username'], password: ['credentials', 'password'] });
  });
}

export const bmcChangeIntentSchema = z.object({
  host: pinnedHost,
  /** The new spec.bmc.address, when it changes. */
  address: z.string().optional(),
  disableCertificateVerification: z.boolean().optional(),
  /** The NEW credentials Secret the console made for this change (never its data). */
  newSecret: pinnedObject.optional(),
  /** What the host named before, for the record. */
  previous: z.object({ address: z.string().optional(), credentialsName: z.string().optional() }),
  /** False while the host is registering: BMO lets the address change then without detaching. */
  detach: z.boolean(),
  requestedBy: z.string(),
  requestedAt: z.string(),
});
export type BmcChangeIntent = z.infer<typeof bmcChangeIntentSchema>;

export const BMC_CHANGE_STEPS = [
  { id: 'detach', label: 'Detach the host from BMO' },
  { id: 'waitDetached', label: 'Wait until BMO reports it detached' },
  { id: 'update', label: 'Update spec.bmc' },
  { id: 'attach', label: 'Reattach the host' },
  { id: 'verify', label: 'Wait for OK and BMO’s verification of the credentials' },
] as const;
export type BmcChangeStepId = (typeof BMC_CHANGE_STEPS)[number]['id'];

export const bmcChangeProgressSchema = flowStatusSchema.extend({ intent: bmcChangeIntentSchema });
export type BmcChangeProgress = z.infer<typeof bmcChangeProgressSchema>;

/**
 * A day-2 flow of a host as the host page sees it: running here (its progress), recorded on the
 * cluster but run by no console here, recorded by someone the console cannot verify (never acted
 * on), or none.
 */
export function day2FlowViewSchema<P extends z.ZodType>(progress: P) {
  return z.discriminatedUnion('state', [
    z.object({ state: z.literal('none') }),
    z.object({ state: z.literal('running'), progress }),
    z.object({
      state: z.literal('recorded'),
      requestedBy: z.string(),
      requestedAt: z.string(),
      summary: z.string(),
      ended: progress.optional(),
      /** Another replica's heartbeat is fresh: it runs there, so it is not offered for resuming. */
      elsewhere: runningElsewhereSchema.optional(),
    }),
    z.object({ state: z.literal('unverified'), reason: z.string() }),
    /** Ended here in the last minutes and no longer recorded (a completed BMC change, an ended maintenance). */
    z.object({ state: z.literal('ended'), progress }),
  ]);
}
export const maintenanceViewSchema = day2FlowViewSchema(maintenanceProgressSchema);
export type MaintenanceView = z.infer<typeof maintenanceViewSchema>;
export const bmcChangeViewSchema = day2FlowViewSchema(bmcChangeProgressSchema);
export type BmcChangeView = z.infer<typeof bmcChangeViewSchema>;

/** What the maintenance dialog is shown: the node and its pods (the same drain plan as the removal's), the quorum, and what is recorded. */
export const maintenanceTargetSchema = z.object({
  host: z.object({ namespace: z.string(), name: z.string() }),
  node: z.string().optional(),
  linkProblem: z.string().optional(),
  /** Whether the policies allow it now (lib/day2/actions.ts). */
  verdict: verdictSchema,
  /** For a control-plane node: what taking it out does to etcd's quorum. */
  quorum: z.object({ ok: z.boolean(), message: z.string() }).optional(),
  recorded: maintenanceViewSchema,
  drain: removalTargetSchema.shape.drain,
});
export type MaintenanceTarget = z.infer<typeof maintenanceTargetSchema>;
