import { z } from '@/lib/zod';
import { namespacedNameSchema } from '@/lib/k8s/names';
import { DETACHABLE_STATES, DETACHED_ANNOTATION, INSPECT_ANNOTATION, INSPECT_DISABLED, REBOOT_ANNOTATION, REBOOT_MODES, type RebootMode, rebootModeOf } from '@/lib/metal3/annotations';
import { drainOptionsSchema, maintenanceReasonSchema } from './flows';
import type { StatusTone } from '@/lib/metal3/host-status';
import type { Verdict } from './verdict';

export { type Verdict, verdictSchema } from './verdict';

/**
 * The day-2 actions on a host (SPEC §9) as rules-as-data (DESIGN house style 10): for each
 * action, the named policies that decide whether BMO would honour it now, run in order, each
 * returning its verdict with the reason. The host page's buttons (disabled with the reason), the
 * server's intents (which refuse with the same words) and the table test all read this list.
 * RBAC is the other half: the server adds what a SelfSubjectAccessReview says, and then the
 * apiserver's answer to the request itself is what counts.
 */

export const DAY2_ACTIONS = ['power-off', 'power-on', 'restart', 'maintenance-start', 'maintenance-end', 'bmc-change', 'reinspect', 'detach', 'attach'] as const;
export type Day2Action = (typeof DAY2_ACTIONS)[number];

/** What a user reads on each action's button. */
export const ACTION_LABELS: Record<Day2Action, string> = {
  'power-off': 'Power off',
  'power-on': 'Power on',
  restart: 'Restart',
  'maintenance-start': 'Start maintenance',
  'maintenance-end': 'End maintenance',
  'bmc-change': 'Change BMC address or credentials',
  reinspect: 'Re-inspect hardware',
  detach: 'Detach from BMO',
  attach: 'Attach to BMO',
};

/**
 * What a host is, as the policies need it: read from the BareMetalHost (state, status, spec.online,
 * annotations), its linked node, and the console's flows recorded on it.
 */
export interface HostFacts {
  namespace: string;
  name: string;
  /** status.provisioning.state ('' for a host BMO has not looked at). */
  state: string;
  operationalStatus?: string;
  errorType?: string;
  online: boolean;
  poweredOn?: boolean;
  /** metadata.deletionTimestamp is set. */
  deleting: boolean;
  annotations: Readonly<Record<string, string>>;
  /** The linked node (lib/inventory/links.ts), if any. */
  node?: { name: string; ready: boolean; unschedulable: boolean; controlPlane: boolean };
  /** Why the host's node cannot be told for sure. */
  linkProblem?: string;
  /** For a control-plane node: would taking it out leave a quorum Ready? (lib/nodes/control-plane.ts) */
  quorum?: { ok: boolean; message: string };
  /** A removal of the host is recorded or running. */
  removal: boolean;
  maintenance: 'none' | 'active' | 'unverified';
  bmcChange: 'none' | 'active' | 'unverified';
}



type Policy = { name: string; check: (facts: HostFacts) => Verdict | undefined };

/** The states in which BMO applies spec.online (manageHostPower runs in steady and available states). */
export const POWER_STATES = ['available', 'ready', 'provisioned', 'externally provisioned'] as const;
/** The states in which BMO honours reboot.metal3.io (manageHostPower's isProvisioned: provisioned or externally provisioned). */
export const RESTART_STATES = ['provisioned', 'externally provisioned'] as const;

/**
 * BMO's webhook lets spec.bmc.address change while a host is registering or detached, or when it
 * had none (validateChanges); an unmanaged host has none. Elsewhere the change flow detaches first.
 */
export const CHANGE_WITHOUT_DETACH_STATES = ['registering', 'unmanaged'] as const;

const stateName = (state: string) => (state === '' ? 'new (not yet registered)' : state === 'ready' ? 'available' : state);
const isIn = (states: readonly string[], state: string) => states.includes(state);

export const isDetached = (facts: Pick<HostFacts, 'annotations'>) => facts.annotations[DETACHED_ANNOTATION] !== undefined;
export const restartPending = (facts: Pick<HostFacts, 'annotations'>): RebootMode | 'unknown' | undefined => {
  const value = facts.annotations[REBOOT_ANNOTATION];
  return value === undefined ? undefined : (rebootModeOf(value) ?? 'unknown');
};
export const inspectionPending = (facts: Pick<HostFacts, 'annotations'>) => facts.annotations[INSPECT_ANNOTATION] === '';
export const inspectionDisabled = (facts: Pick<HostFacts, 'annotations'>) => facts.annotations[INSPECT_ANNOTATION] === INSPECT_DISABLED;

/** Whether the BMC change detaches the host first (BMO lets the address change in place only while registering, or with no BMC yet). */
export const bmcChangeDetachesFirst = (state: string) => !isIn(CHANGE_WITHOUT_DETACH_STATES, state);

/**
 * What a host is in the middle of, as badges in words (beside its power and state): a restart BMO
 * has not consumed yet, a requested re-inspection, detached (or detaching), in maintenance. The
 * host page and the inventory row both show these.
 */
export function hostMarks(input: { annotations: Readonly<Record<string, string>>; operationalStatus?: string; inMaintenance: boolean; node?: string }): { tone: StatusTone; label: string }[] {
  const pending = restartPending(input);
  return [
    ...(pending ? [{ tone: 'progress' as const, label: `restart pending (${pending === 'unknown' ? 'mode unknown' : pending})` }] : []),
    ...(inspectionPending(input) ? [{ tone: 'progress' as const, label: 're-inspection requested' }] : []),
    ...(isDetached(input) ? [{ tone: 'warning' as const, label: input.operationalStatus === 'detached' ? 'detached from BMO' : 'detaching' }] : []),
    ...(input.inMaintenance ? [{ tone: 'warning' as const, label: `in maintenance${input.node ? ` (node ${input.node} cordoned)` : ''}` }] : []),
  ];
}

const refused = (reason: string): Verdict => ({ kind: 'refused', reason });
const noop = (message: string): Verdict => ({ kind: 'noop', message });

const notDeleting: Policy = { name: 'not being deleted', check: (f) => (f.deleting ? refused(`Host ${f.name} is being deleted: BMO holds it until it has powered it off and let it go.`) : undefined) };
const noRemoval: Policy = { name: 'no removal', check: (f) => (f.removal ? refused(`A removal of host ${f.name} is recorded: follow it, or cancel it first.`) : undefined) };
const noBmcChange: Policy = {
  name: 'no BMC change',
  check: (f) => (f.bmcChange === 'active' ? refused(`A BMC address or credentials change of host ${f.name} is in progress: wait for it to end, or cancel it.`) : undefined),
};
const attached: Policy = {
  name: 'attached',
  check: (f) => (isDetached(f) ? refused(`Host ${f.name} is detached: BMO does not manage its power. Attach it first.`) : undefined),
};
const quorumKept: Policy = {
  name: 'control-plane quorum',
  check: (f) => (f.node?.controlPlane && f.quorum && !f.quorum.ok ? refused(`Host ${f.name} is a control-plane host. ${f.quorum.message} Bring the others back to Ready first.`) : undefined),
};
const inPowerState: Policy = {
  name: 'power is managed in this state',
  check: (f) =>
    isIn(POWER_STATES, f.state) ? undefined : refused(`BMO applies power changes only to available, provisioned and externally provisioned hosts; host ${f.name} is ${stateName(f.state)}.`),
};

/** The policies of each action, in order; the first verdict decides, and none means ok. */
export const ACTION_POLICIES: Record<Day2Action, Policy[]> = {
  'power-off': [
    notDeleting,
    noRemoval,
    noBmcChange,
    { name: 'not already off', check: (f) => (!f.online ? noop(`Host ${f.name} is already set to be off (spec.online: false).`) : undefined) },
    attached,
    inPowerState,
    quorumKept,
  ],
  'power-on': [
    notDeleting,
    noRemoval,
    noBmcChange,
    { name: 'not already on', check: (f) => (f.online ? noop(`Host ${f.name} is already set to be on (spec.online: true).`) : undefined) },
    attached,
    inPowerState,
  ],
  restart: [
    notDeleting,
    noRemoval,
    noBmcChange,
    { name: 'not already pending', check: (f) => (restartPending(f) ? noop(`A restart of host ${f.name} is already pending: BMO removes ${REBOOT_ANNOTATION} once it has powered the host off.`) : undefined) },
    attached,
    {
      name: 'provisioned',
      check: (f) =>
        isIn(RESTART_STATES, f.state) ? undefined : refused(`BMO restarts only provisioned (or externally provisioned) hosts; host ${f.name} is ${stateName(f.state)}.`),
    },
    { name: 'powered on', check: (f) => (!f.online ? refused(`Host ${f.name} is set to be off (spec.online: false): power it on instead.`) : undefined) },
    quorumKept,
  ],
  'maintenance-start': [
    notDeleting,
    noRemoval,
    { name: 'not already in maintenance', check: (f) => (f.maintenance === 'active' ? noop(`Host ${f.name} is already in maintenance.`) : undefined) },
    { name: 'node known', check: (f) => (f.linkProblem ? refused(`The node of host ${f.name} cannot be told for sure: ${f.linkProblem}`) : undefined) },
    { name: 'has a node', check: (f) => (!f.node ? refused(`Host ${f.name} has no node: there is nothing to cordon or drain.`) : undefined) },
    quorumKept,
  ],
  'maintenance-end': [
    { name: 'in maintenance', check: (f) => (f.maintenance === 'none' ? noop(`Host ${f.name} is not in maintenance.`) : undefined) },
    noRemoval,
  ],
  'bmc-change': [
    notDeleting,
    noRemoval,
    { name: 'no change in progress', check: (f) => (f.bmcChange === 'active' ? refused(`A BMC change of host ${f.name} is already in progress: follow it, or cancel it.`) : undefined) },
    {
      name: 'registering, detached or detachable',
      check: (f) =>
        isIn(CHANGE_WITHOUT_DETACH_STATES, f.state) || isDetached(f) || isIn(DETACHABLE_STATES, f.state)
          ? undefined
          : refused(
              `BMO lets the BMC address change only while a host is registering, unmanaged or detached, and detaches only provisioned, externally provisioned or available hosts; host ${f.name} is ${stateName(f.state)}: wait until it gets there.`,
            ),
    },
  ],
  reinspect: [
    notDeleting,
    noRemoval,
    noBmcChange,
    { name: 'inspection enabled', check: (f) => (inspectionDisabled(f) ? refused(`Inspection is disabled on host ${f.name} (${INSPECT_ANNOTATION}: ${INSPECT_DISABLED}).`) : undefined) },
    { name: 'not already requested', check: (f) => (inspectionPending(f) ? noop(`A new inspection of host ${f.name} is already requested: BMO removes ${INSPECT_ANNOTATION} when inspection starts.`) : undefined) },
    { name: 'attached', check: (f) => (isDetached(f) ? refused(`Host ${f.name} is detached: BMO does not inspect it. Attach it first.`) : undefined) },
    {
      name: 'available, or an inspection error',
      check: (f) => {
        if (f.state === 'available' || f.state === 'ready') return undefined;
        if (f.state === 'inspecting' && f.errorType === 'inspection error') return { kind: 'ok', note: 'BMO retries the failed inspection now instead of after its back-off.' };
        return refused(`BMO re-inspects only available hosts (it ignores the request in any other state); host ${f.name} is ${stateName(f.state)}.`);
      },
    },
  ],
  detach: [
    notDeleting,
    noRemoval,
    noBmcChange,
    { name: 'not already detached', check: (f) => (isDetached(f) ? noop(`Host ${f.name} is already detached (or being detached).`) : undefined) },
    {
      name: 'detachable state',
      check: (f) => (isIn(DETACHABLE_STATES, f.state) ? undefined : refused(`BMO detaches only provisioned, externally provisioned or available hosts; host ${f.name} is ${stateName(f.state)}.`)),
    },
  ],
  attach: [notDeleting, noBmcChange, { name: 'detached', check: (f) => (!isDetached(f) ? noop(`Host ${f.name} is attached.`) : undefined) }],
};

/** The verdict of `action` for a host: the first policy that has one, else ok. */
export function actionVerdict(action: Day2Action, facts: HostFacts): Verdict {
  for (const policy of ACTION_POLICIES[action]) {
    const verdict = policy.check(facts);
    if (verdict) return verdict;
  }
  return { kind: 'ok' };
}

/** Every action's verdict. */
export function actionVerdicts(facts: HostFacts): Record<Day2Action, Verdict> {
  return Object.fromEntries(DAY2_ACTIONS.map((action) => [action, actionVerdict(action, facts)])) as Record<Day2Action, Verdict>;
}

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

/* ----------------------------------------------------------------------------------------- */
/* The equivalent oc commands.                                                               */

/** Single-quotes a shell word ('it'\''s'). */
export const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export interface OcInput {
  host: { namespace: string; name: string };
  node?: string;
  online?: boolean;
  mode?: RebootMode;
  drain?: { force: boolean; deleteEmptyDirData: boolean; gracePeriodSeconds?: number; timeoutSeconds?: number };
  bmc?: { address?: string; newSecret?: string; credentials?: boolean; disableCertificateVerification?: boolean; detach: boolean };
}

/** `oc adm drain` with the same flags the console's drain applies (SPEC §7). */
export function drainCommand(node: string, drain: NonNullable<OcInput['drain']>): string {
  return [
    `oc adm drain ${node} --ignore-daemonsets`,
    drain.force ? ' --force' : '',
    drain.deleteEmptyDirData ? ' --delete-emptydir-data' : '',
    drain.gracePeriodSeconds !== undefined ? ` --grace-period=${drain.gracePeriodSeconds}` : '',
    drain.timeoutSeconds !== undefined ? ` --timeout=${drain.timeoutSeconds}s` : '',
  ].join('');
}

/** The `oc` command(s) that do what the console does for `action` (one per line). */
export function ocCommand(action: Day2Action, input: OcInput): string {
  const bmh = `oc -n ${input.host.namespace} ${'%VERB%'} bmh ${input.host.name}`;
  const on = (verb: string) => bmh.replace('%VERB%', verb);
  const node = input.node ?? '<node>';
  switch (action) {
    case 'power-off':
    case 'power-on':
      return `${on('patch')} --type=merge -p '{"spec":{"online":${action === 'power-on'}}}'`;
    case 'restart':
      return `${on('annotate')} ${REBOOT_ANNOTATION}=${shellQuote(REBOOT_MODES[input.mode ?? 'soft-then-hard'])}`;
    case 'maintenance-start':
      return `oc adm cordon ${node}\n${drainCommand(node, input.drain ?? { force: false, deleteEmptyDirData: false })}`;
    case 'maintenance-end':
      return `oc adm uncordon ${node}`;
    case 'reinspect':
      return `${on('annotate')} ${INSPECT_ANNOTATION}=''`;
    case 'detach':
      return `${on('annotate')} ${DETACHED_ANNOTATION}=''`;
    case 'attach':
      return `${on('annotate')} ${DETACHED_ANNOTATION}-`;
    case 'bmc-change': {
      const bmc = input.bmc ?? { detach: true };
      const secret = bmc.newSecret ?? `${input.host.name}-bmc-<new>`;
      const patch = {
        spec: {
          bmc: {
            ...(bmc.address !== undefined ? { address: bmc.address } : {}),
            ...(bmc.credentials ? { credentialsName: secret } : {}),
            ...(bmc.disableCertificateVerification !== undefined ? { disableCertificateVerification: bmc.disableCertificateVerification } : {}),
          },
        },
      };
      const wait = (status: string) => `oc -n ${input.host.namespace} wait bmh ${input.host.name} --for=jsonpath='{.status.operationalStatus}'=${status}`;
      return [
        ...(bmc.detach ? [`${on('annotate')} ${DETACHED_ANNOTATION}=''`, wait('detached')] : []),
        ...(bmc.credentials ? [`oc -n ${input.host.namespace} create secret generic ${secret} --from-literal=username=<user> --from-literal=password=<password>`] : []),
        `${on('patch')} --type=merge -p ${shellQuote(JSON.stringify(patch))}`,
        ...(bmc.detach ? [`${on('annotate')} ${DETACHED_ANNOTATION}-`] : []),
        wait('OK'),
      ].join('\n');
    }
  }
}
