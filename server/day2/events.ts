import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import { ACTION_LABELS, type ActionOutcome, type Day2Action } from '@/lib/day2/actions';
import { EVENT_COMPONENT } from '@/lib/day2/constants';
import { BareMetalHostKind, EventKind } from '@/lib/k8s/kinds';
import { userMessageOf } from '../errors';
import { createObject } from '../kube/objects';

/**
 * Every day-2 action the console performs is recorded as a Kubernetes Event (core/v1, as BMO and
 * kubelets record theirs, so `oc get events` and `oc describe bmh` list them beside BMO's own):
 * on the host (its namespace) and, when it touches one, on its node (namespace `default`, as the
 * kubelet records node events). The Event is created WITH THE USER'S CREDENTIALS and names the
 * user, the action and the outcome. A user RBAC does not let create Events still gets the action
 * done; the answer says the Event was not recorded and why (the console never records it under an
 * identity of its own: who did what must be who did it).
 */

/** The Event reason of each action (CamelCase, as Kubernetes reasons are). */
export const EVENT_REASONS: Record<Day2Action, string> = {
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

export interface Day2EventInput {
  host: { namespace: string; name: string; uid?: string };
  node?: { name: string; uid?: string };
  user: string;
  action: Day2Action;
  outcome: keyof typeof OUTCOME_WORDS;
  /** What happened, in the console's words (never a secret: passwords never reach here). */
  message: string;
}

/** `<user> — Power off: done. <message>` (Event messages are capped at 1 KiB by convention; longer ones are cut). */
export function eventMessage(input: Pick<Day2EventInput, 'user' | 'action' | 'outcome' | 'message'>): string {
  const text = `${input.user} — ${ACTION_LABELS[input.action]}: ${OUTCOME_WORDS[input.outcome]}. ${input.message}`;
  return text.length > 1024 ? `${text.slice(0, 1021)}...` : text;
}

function eventManifest(input: Day2EventInput, involved: { apiVersion: string; kind: string; name: string; namespace?: string; uid?: string }, namespace: string) {
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
 * Records the action on the host (and node) with the caller's credentials. Never throws: the
 * action's own outcome is what the user asked for; whether its Event was recorded is reported
 * beside it (`note` says why not, e.g. "alice may not create events in namespace x.").
 */
export async function recordDay2Event(kc: KubeConfig, input: Day2EventInput): Promise<ActionOutcome['event']> {
  const targets = [
    {
      namespace: input.host.namespace,
      involved: { apiVersion: `${BareMetalHostKind.group}/${BareMetalHostKind.version}`, kind: BareMetalHostKind.kind, name: input.host.name, namespace: input.host.namespace, ...(input.host.uid ? { uid: input.host.uid } : {}) },
    },
    ...(input.node ? [{ namespace: 'default', involved: { apiVersion: 'v1', kind: 'Node', name: input.node.name, ...(input.node.uid ? { uid: input.node.uid } : {}) } }] : []),
  ];
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
