import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import { ACTION_LABELS, type ActionOutcome, type Day2Action } from '@/lib/day2/actions';
import { EVENT_COMPONENT } from '@/lib/day2/constants';
import { BareMetalHostKind, CertificateSigningRequestKind, EventKind } from '@/lib/k8s/kinds';
import { userMessageOf } from './errors';
import { createObject } from './kube/objects';

/**
 * Every action the console performs (the day-2 actions, a removal and its uncordon, an enrollment,
 * a CSR decision) is recorded as a Kubernetes Event (core/v1, as BMO and kubelets record theirs, so
 * `oc get events` and `oc describe bmh` list them beside BMO's own): on the host (its namespace)
 * and, when it touches one, on its node (namespace `default`, as the kubelet records node events);
 * a CSR decision that names neither goes on the CSR. The Event is created WITH THE USER'S
 * CREDENTIALS and names the user, the action and the outcome. A user RBAC does not let create Events still gets the action
 * done; the answer says the Event was not recorded and why (the console never records it under an
 * identity of its own: who did what must be who did it).
 */

/** The actions the console records: the day-2 actions and the procedures around them. */
export type ConsoleAction = Day2Action | 'remove' | 'uncordon' | 'enroll' | 'csr-approve' | 'csr-deny';

const ACTION_WORDS: Record<ConsoleAction, string> = {
  ...ACTION_LABELS,
  remove: 'Remove host',
  uncordon: 'Uncordon node after a removal',
  enroll: 'Enroll host',
  'csr-approve': 'Approve CSR',
  'csr-deny': 'Deny CSR',
};

/** The Event reason of each action (CamelCase, as Kubernetes reasons are). */
export const EVENT_REASONS: Record<ConsoleAction, string> = {
  remove: 'ConsoleRemove',
  uncordon: 'ConsoleUncordon',
  enroll: 'ConsoleEnroll',
  'csr-approve': 'ConsoleCSRApprove',
  'csr-deny': 'ConsoleCSRDeny',
  'power-off': 'ConsolePowerOff',
  'power-on': 'ConsolePowerOn',
  restart: 'ConsoleRestart',
  'maintenance-start': 'ConsoleMaintenanceStart',
  'maintenance-end': 'ConsoleMaintenanceEnd',
  'bmc-change': 'ConsoleBMCChange',
  reinspect: 'ConsoleReinspect',
  detach: 'ConsoleDetach',
  attach: 'ConsoleAttach',
};

const OUTCOME_WORDS: Record<ActionOutcome['result'] | 'started' | 'completed' | 'cancelled', string> = {
  ok: 'done',
  noop: 'nothing to do',
  refused: 'refused',
  failed: 'failed',
  started: 'started',
  completed: 'completed',
  cancelled: 'cancelled',
};

export interface ConsoleEventInput {
  /** The host it was done to (most actions): the Event goes on it. */
  host?: { namespace: string; name: string; uid?: string };
  node?: { name: string; uid?: string };
  /** A CSR decided for no host or node the console can name: the Event goes on the CSR. */
  csr?: { name: string; uid?: string };
  user: string;
  action: ConsoleAction;
  outcome: keyof typeof OUTCOME_WORDS;
  /** What happened, in the console's words (never a secret: passwords never reach here). */
  message: string;
}

/** `<user> — Power off: done. <message>` (Event messages are capped at 1 KiB by convention; longer ones are cut). */
export function eventMessage(input: Pick<ConsoleEventInput, 'user' | 'action' | 'outcome' | 'message'>): string {
  const text = `${input.user} — ${ACTION_WORDS[input.action]}: ${OUTCOME_WORDS[input.outcome]}. ${input.message}`;
  return text.length > 1024 ? `${text.slice(0, 1021)}...` : text;
}

function eventManifest(input: ConsoleEventInput, involved: { apiVersion: string; kind: string; name: string; namespace?: string; uid?: string }, namespace: string) {
  const now = new Date().toISOString();
  return {
    metadata: { generateName: `${involved.name}.`, namespace },
    involvedObject: { ...involved },
    reason: EVENT_REASONS[input.action],
    message: eventMessage(input),
    type: input.outcome === 'refused' || input.outcome === 'failed' ? 'Warning' : 'Normal',
    source: { component: EVENT_COMPONENT },
    reportingComponent: EVENT_COMPONENT,
    reportingInstance: hostname(),
    action: EVENT_REASONS[input.action].replace(/^Console/, ''),
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
}

/**
 * Records the action on the host, node and/or CSR it names, with the caller's credentials. Never
 * throws: the action's own outcome is what the user asked for; whether its Event was recorded is
 * reported beside it (`note` says why not, e.g. "alice may not create events in namespace x.") and
 * callers that have no answer to put it in log it (`logUnrecorded`).
 */
export async function recordConsoleEvent(kc: KubeConfig, input: ConsoleEventInput): Promise<ActionOutcome['event']> {
  const targets = [
    ...(input.host
      ? [
          {
            namespace: input.host.namespace,
            involved: { apiVersion: `${BareMetalHostKind.group}/${BareMetalHostKind.version}`, kind: BareMetalHostKind.kind, name: input.host.name, namespace: input.host.namespace, ...(input.host.uid ? { uid: input.host.uid } : {}) },
          },
        ]
      : []),
    ...(input.node ? [{ namespace: 'default', involved: { apiVersion: 'v1', kind: 'Node', name: input.node.name, ...(input.node.uid ? { uid: input.node.uid } : {}) } }] : []),
    ...(input.csr
      ? [
          {
            namespace: 'default',
            involved: { apiVersion: `${CertificateSigningRequestKind.group}/${CertificateSigningRequestKind.version}`, kind: CertificateSigningRequestKind.kind, name: input.csr.name, ...(input.csr.uid ? { uid: input.csr.uid } : {}) },
          },
        ]
      : []),
  ];
  if (targets.length === 0) return { recorded: false, note: 'There is nothing to record an Event on.' };
  const notes: string[] = [];
  for (const target of targets) {
    try {
      await createObject(kc, { kind: EventKind, namespace: target.namespace, manifest: eventManifest(input, target.involved, target.namespace), context: `record an Event on ${target.involved.kind} ${target.involved.name}` });
    } catch (error) {
      notes.push(`not recorded on ${target.involved.kind} ${target.involved.name}: ${userMessageOf(error, 'record an Event')}`);
    }
  }
  return notes.length === 0 ? { recorded: true } : { recorded: notes.length < targets.length, note: `The Event was ${notes.join('; ')}` };
}

/** Records as recordConsoleEvent does, for actions whose answer has no place for the Event's fate: one not recorded is logged, and the action goes on. */
export async function recordConsoleEventOrLog(kc: KubeConfig, input: ConsoleEventInput): Promise<void> {
  try {
    const event = await recordConsoleEvent(kc, input);
    if (!event.recorded || event.note) console.warn(`[events] ${eventMessage(input)} — ${event.note ?? 'not recorded'}`);
  } catch (error) {
    console.warn(`[events] ${eventMessage(input)} — not recorded`, error);
  }
}
