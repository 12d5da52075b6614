import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { type ActionOutcome, type Day2Action, type OcInput, type PowerRequest, type RestartRequest, actionVerdict, ocCommand } from '@/lib/day2/actions';
import { planDrainOf } from '@/lib/drain/plan';
import { plural } from '@/lib/format/plural';
import { BareMetalHostKind } from '@/lib/k8s/kinds';
import { DETACHED_ANNOTATION, INSPECT_ANNOTATION, REBOOT_ANNOTATION, REBOOT_MODES } from '@/lib/metal3/annotations';
import type { Session } from '../auth/session';
import { readDrainInput } from '../drain';
import { ClusterError, Refusal } from '../errors';
import { recordConsoleEvent } from '../events';
import { json } from '../route';
import { patchObject } from '../kube/objects';
import type { InventoryHub } from '../watch/inventory-hub';
import { type Day2Target, type HostRef, readDay2Target } from './target';

/**
 * The day-2 actions that are one request each (SPEC §9): power (spec.online), restart
 * (reboot.metal3.io), re-inspect (inspect.metal3.io), detach/attach
 * (baremetalhost.metal3.io/detached). Each, with the caller's credentials: reads the host, asks
 * the policies (lib/day2/actions.ts) again (never trusting the page), does nothing when it is
 * already so, sends one JSON Patch guarded by a `test` of the host's uid (a host re-created under
 * the same name is never touched), and records an Event naming the user and the outcome. The
 * apiserver's answer (403, 422 from BMO's webhook) is the outcome; nothing else is retried.
 */

/**
 * The merge patch (RFC 7386, DESIGN house style 4: merge patches for annotations) that sets
 * (value) or removes (null) one annotation of this host and no other. It carries the uid the host
 * was read with: the apiserver refuses to change a uid (metadata.uid is immutable, 422), so a host
 * deleted and re-created under the same name since is never annotated.
 */
export function annotationPatch(host: { metadata: { uid: string } }, key: string, value: string | null): { type: 'merge'; body: Record<string, unknown> } {
  return { type: 'merge', body: { metadata: { uid: host.metadata.uid, annotations: { [key]: value } } } };
}

interface ActionRun {
  action: Day2Action;
  /** What the oc command needs besides the host and its node. */
  oc?: Omit<OcInput, 'host' | 'node'>;
  /** Does the change with the caller's credentials; returns what it did, in words. */
  perform: (kc: KubeConfig, target: Day2Target) => Promise<string>;
  /** A further check before the change (e.g. pods on a node that would be powered off); a Refusal refuses. */
  precheck?: (kc: KubeConfig, target: Day2Target) => Promise<Refusal | undefined>;
  /** Whether the Event also goes on the node. */
  onNode?: boolean;
}

/**
 * Runs one action on one host and answers its outcome (never throws a ClusterError or Refusal:
 * the bulk intents need every host's outcome; single-host routes turn it into an answer with
 * `answerOutcome`). Unexpected errors still throw.
 */
export async function runAction(kc: KubeConfig, options: { session: Session; hub: InventoryHub; host: HostRef; run: ActionRun }): Promise<ActionOutcome> {
  const { host, run, session } = options;
  let target: Day2Target | undefined;
  const ocOf = (read?: Day2Target) => ocCommand(run.action, { ...run.oc, host, ...(read?.node ? { node: read.node.name } : {}) });
  const outcome = async (result: ActionOutcome['result'], message: string, status?: number): Promise<ActionOutcome> => {
    const event = await recordConsoleEvent(kc, {
      host: { ...host, ...(target ? { uid: target.host.metadata.uid } : {}) },
      ...(run.onNode && target?.node ? { node: target.node } : {}),
      user: session.username,
      action: run.action,
      outcome: result,
      message,
    });
    return { host, action: run.action, result, message, oc: ocOf(target), event, ...(status ? { status } : {}) };
  };
  try {
    target = await readDay2Target(kc, { hub: options.hub, host });
    const verdict = actionVerdict(run.action, target.facts);
    if (verdict.kind === 'noop') return await outcome('noop', verdict.message);
    if (verdict.kind === 'refused') return await outcome('refused', verdict.reason, 409);
    const refusal = await run.precheck?.(kc, target);
    if (refusal) return await outcome('refused', refusal.userMessage, refusal.status);
    const done = await run.perform(kc, target);
    return await outcome('ok', verdict.note ? `${done} ${verdict.note}` : done);
  } catch (error) {
    if (error instanceof ClusterError || error instanceof Refusal) {
      // A host that does not exist has nothing to record an Event on.
      if (error instanceof ClusterError && error.reason === 'NotFound' && !target) {
        return { host, action: run.action, result: 'failed', message: `Host ${host.name} does not exist in namespace ${host.namespace}.`, oc: ocOf(), event: { recorded: false, note: 'There is no host to record an Event on.' }, status: 404 };
      }
      return outcome('failed', error.userMessage, error.status);
    }
    throw error;
  }
}

/** A single host's outcome as a route answers it: 200 for ok and no-op, the refusal's status otherwise (`error` says why). */
export function answerOutcome(outcome: ActionOutcome): Response {
  if (outcome.result === 'ok' || outcome.result === 'noop') return json(outcome);
  return json({ error: outcome.message, ...outcome }, outcome.status ?? 409);
}

const patchHost = (kc: KubeConfig, target: Day2Target, patch: { type: 'merge'; body: Record<string, unknown> } | { type: 'json'; ops: unknown[] }, context: string) =>
  patchObject(kc, { kind: BareMetalHostKind, namespace: target.host.metadata.namespace, name: target.host.metadata.name, patch, context });

/* ------------------------------------------------------------------------------------------ */

/** The pods that stop when the machine goes down (a power-off or a restart) without a drain, and the quorum, as the confirmations show them. */
export interface RunningPodsPreview {
  node?: string;
  nodeReady: boolean;
  /** Workload pods still on the node (what a drain would move): `namespace/name`. */
  pods: string[];
  /** DaemonSet-managed pods there (they stop too, and come back with the node). */
  daemonSetPods: number;
  quorum?: { ok: boolean; message: string };
}

/** The pods that a power-off or a restart stops on the host's Ready node (read with the caller's credentials). */
export async function previewRunningPods(kc: KubeConfig, target: Day2Target, signal?: AbortSignal): Promise<RunningPodsPreview> {
  const node = target.facts.node;
  if (!node || !node.ready) return { ...(node ? { node: node.name } : {}), nodeReady: false, pods: [], daemonSetPods: 0, ...(target.facts.quorum ? { quorum: target.facts.quorum } : {}) };
  const plan = planDrainOf(await readDrainInput(kc, node.name, signal), { force: true, deleteEmptyDirData: true });
  return {
    node: node.name,
    nodeReady: true,
    pods: plan.pods.filter((p) => p.action.kind === 'evict' || p.action.kind === 'wait').map((p) => `${p.pod.namespace}/${p.pod.name}`),
    daemonSetPods: plan.ignoredDaemonSetPods.length,
    ...(target.facts.quorum ? { quorum: target.facts.quorum } : {}),
  };
}

/** What taking the host's machine down (power off, restart) would stop: the GET of the power route, which both confirmations read. */
export async function describeRunningPods(kc: KubeConfig, options: { hub: InventoryHub; host: HostRef }): Promise<RunningPodsPreview> {
  return previewRunningPods(kc, await readDay2Target(kc, options));
}

/**
 * The check power off and restart share: a Ready node still running workload pods is refused,
 * naming them and offering maintenance first, unless the user confirmed that they stop without a
 * drain (`confirmRunningPods`).
 */
function runningPodsCheck(confirmed: boolean, doing: { gerund: string; noun: string }): NonNullable<ActionRun['precheck']> {
  return async (kc, target) => {
    if (confirmed) return undefined;
    const preview = await previewRunningPods(kc, target);
    if (preview.pods.length === 0) return undefined;
    return new Refusal(
      409,
      `Node ${preview.node} is Ready and still runs ${plural(preview.pods.length, 'pod')} (${preview.pods.join(', ')}): ${doing.gerund} stops them without a drain. Start maintenance first, or confirm the ${doing.noun} anyway.`,
      { extra: { pods: preview.pods } },
    );
  };
}

/** spec.online (SPEC §9: power is `online`, never the reboot annotation). */
export function powerRun(request: PowerRequest): ActionRun {
  return {
    action: request.online ? 'power-on' : 'power-off',
    onNode: true,
    precheck: request.online ? undefined : runningPodsCheck(request.confirmRunningPods, { gerund: 'powering the host off', noun: 'power-off' }),
    perform: async (kc, target) => {
      // A CRD spec field: JSON Patch, guarded by a `test` of the uid.
      await patchHost(kc, target, { type: 'json', ops: [{ op: 'test', path: '/metadata/uid', value: target.host.metadata.uid }, { op: 'add', path: '/spec/online', value: request.online }] }, `set spec.online of host ${target.host.metadata.name}`);
      return request.online
        ? `spec.online is true: BMO powers the host on; status.poweredOn follows once it has.`
        : `spec.online is false: BMO powers the host off; status.poweredOn follows once it has.`;
    },
  };
}

export function restartRun(request: RestartRequest): ActionRun {
  return {
    action: 'restart',
    oc: { mode: request.mode },
    onNode: true,
    precheck: runningPodsCheck(request.confirmRunningPods, { gerund: 'restarting the host', noun: 'restart' }),
    perform: async (kc, target) => {
      await patchHost(kc, target, annotationPatch(target.host, REBOOT_ANNOTATION, REBOOT_MODES[request.mode]), `annotate host ${target.host.metadata.name} to restart`);
      return `${REBOOT_ANNOTATION} set (${request.mode === 'soft-then-hard' ? 'soft, then hard if the soft power-off fails' : request.mode}): restart pending until BMO has powered the host off; it removes the annotation and powers the host on again.`;
    },
  };
}

export const reinspectRun: ActionRun = {
  action: 'reinspect',
  perform: async (kc, target) => {
    await patchHost(kc, target, annotationPatch(target.host, INSPECT_ANNOTATION, ''), `annotate host ${target.host.metadata.name} to re-inspect`);
    return `${INSPECT_ANNOTATION} set: BMO inspects the host again (state inspecting) and removes the annotation; the hardware shown is refreshed when inspection ends.`;
  },
};

export function detachRun(detached: boolean): ActionRun {
  return {
    action: detached ? 'detach' : 'attach',
    perform: async (kc, target) => {
      await patchHost(kc, target, annotationPatch(target.host, DETACHED_ANNOTATION, detached ? '' : null), `${detached ? 'detach' : 'attach'} host ${target.host.metadata.name}`);
      return detached
        ? `${DETACHED_ANNOTATION} set: BMO removes the host from its provisioner without deprovisioning it and stops managing its power (operationalStatus becomes detached).`
        : `${DETACHED_ANNOTATION} removed: BMO registers the host again and manages it (operationalStatus becomes OK).`;
    },
  };
}

/* The named intents the routes and the bulk intents call. */
type Caller = { session: Session; hub: InventoryHub; host: HostRef };

/** setPower: spec.online false or true; a power-off of a Ready node with pods needs `confirmRunningPods`. */
export const setPower = (kc: KubeConfig, options: Caller & { request: PowerRequest }) => runAction(kc, { ...options, run: powerRun(options.request) });
/** restartHost: reboot.metal3.io with the chosen mode; a restart of a Ready node with pods needs `confirmRunningPods`. */
export const restartHost = (kc: KubeConfig, options: Caller & { request: RestartRequest }) => runAction(kc, { ...options, run: restartRun(options.request) });
/** reinspectHost: inspect.metal3.io (available hosts; an inspection error is retried now). */
export const reinspectHost = (kc: KubeConfig, options: Caller) => runAction(kc, { ...options, run: reinspectRun });
/** setDetached: baremetalhost.metal3.io/detached set (true) or removed (false). */
export const setDetached = (kc: KubeConfig, options: Caller & { detached: boolean }) => runAction(kc, { ...options, run: detachRun(options.detached) });
