import { z } from '@/lib/zod';
import { hostEnrollmentSchema } from '@/lib/enroll/schema';
import { flowStatusSchema } from '@/lib/flows/progress';
import { isDns1123Label, isDns1123Subdomain } from '@/lib/k8s/names';
import { policyMessage } from '@/lib/enroll/policies';
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
export const maintenanceReasonSchema = z.string().trim().min(1, 'Say why the host goes into maintenance (it is recorded).').max(256, 'Keep the reason under 256 characters.');

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

/** Enrollment's rules for the BMC user name and password: both required, in enrollment's own words (lib/enroll/policies.ts). */
export const bmcUsernameSchema = z.string().trim().min(1, policyMessage('bmc-username-required')).max(1024);
export const bmcPasswordSchema = z.string().min(1, policyMessage('bmc-password-required')).max(4096);

/**
 * What "Change BMC address or credentials" sends. The address is checked like enrollment's
 * (lib/metal3/bmc.ts) by the server against the host; new credentials always go into a NEW
 * Secret (the old one is never shown or rewritten). `operationId` makes a retried submission
 * find the Secret its first try made instead of making another.
 */
export const bmcChangeRequestSchema = z
  .object({
    operationId: z.string().regex(/^[a-z0-9][a-z0-9-]{6,61}[a-z0-9]$/, 'not an operation id'),
    address: z.string().trim().max(2048).optional(),
    credentials: z.object({ username: bmcUsernameSchema, password: bmcPasswordSchema }).optional(),
    disableCertificateVerification: z.boolean().optional(),
  })
  .refine((value) => value.address !== undefined || value.credentials !== undefined || value.disableCertificateVerification !== undefined, {
    message: 'Change the address, the credentials or both.',
  });
export type BmcChangeRequest = z.infer<typeof bmcChangeRequestSchema>;

/**
 * Why the enrollment schema refuses this BMC address for this host, in its own words, or undefined:
 * the address is put in an enrollment that is otherwise valid (the host's own boot MAC, an existing
 * host or a new worker as the host is), so BMO's rules and the console's policies on addresses are
 * enrollment's, never a second copy of them (lib/enroll/schema.ts checkBmc, lib/metal3/bmc.ts).
 */
export function bmcAddressProblemFor(address: string, options: { newWorker: boolean; bootMACAddress?: string }): string | undefined {
  const probe = hostEnrollmentSchema.safeParse({
    kind: options.newWorker ? 'dhcp' : 'existing',
    name: 'bmc-change-probe',
    bmc: { address, username: 'probe', password: 'probe' },
    bootMACAddress: options.bootMACAddress ?? '52:54:00:00:00:01',
  });
  if (probe.success) return undefined;
  return probe.error.issues.find((issue) => issue.path.join('.') === 'bmc.address' || (issue.path.join('.') === 'bootMACAddress' && !options.bootMACAddress))?.message;
}

/**
 * The request checked for one host: its new address as enrollment checks one, where a host BMO
 * will provision (not externally provisioned) needs a virtual-media driver, and a driver that needs
 * a boot MAC needs the host to have one.
 */
export function bmcChangeRequestSchemaFor(options: { newWorker: boolean; bootMACAddress?: string }) {
  return bmcChangeRequestSchema.superRefine((value, ctx) => {
    if (value.address === undefined) return;
    const problem = bmcAddressProblemFor(value.address, options);
    if (problem) ctx.addIssue({ code: 'custom', path: ['address'], message: problem });
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
    z.object({ state: z.literal('recorded'), requestedBy: z.string(), requestedAt: z.string(), summary: z.string(), ended: progress.optional() }),
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
