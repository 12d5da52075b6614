import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { type ActionOutcome, actionVerdict, ocCommand } from '@/lib/day2/actions';
import { DAY2_ANNOTATIONS } from '@/lib/day2/constants';
import { MAINTENANCE_STEPS, type MaintenanceIntent, type MaintenanceProgress, type MaintenanceRequest, type MaintenanceStepId, type MaintenanceTarget, maintenanceTargetSchema } from '@/lib/day2/flows';
import { planDrainOf, refusalText } from '@/lib/drain/plan';
import { plural } from '@/lib/format/plural';
import { BareMetalHostKind, NodeKind } from '@/lib/k8s/kinds';
import { metadataOnlySchema } from '@/lib/k8s/object-meta';
import type { Session } from '../auth/session';
import { drainPods, readBudgets, readDrainInput, setUnschedulable } from '../drain';
import { ClusterError, Refusal, isClusterError } from '../errors';
import { recordConsoleEvent } from '../events';
import { Flow, type FlowStepDefinition, type StepResult } from '../flows/engine';
import { refuseIfRunningElsewhere } from '../flows/heartbeat';
import { sealIntent } from '../flows/intent';
import { annotate, getOptional, patchObject } from '../kube/objects';
import { recordedRemovalOnHost, removalKey, removals } from '../removal/flow';
import type { InventoryHub } from '../watch/inventory-hub';
import { drainSlots, slotNodes } from './drain-slots';
import { MAINTENANCE_INTENT_KIND, hostKey, maintenanceViewOf, maintenances, recordedMaintenance, retryOnConflict } from './records';
import { type HostRef, readDay2Target } from './target';

/**
 * Maintenance (SPEC §9): cordon and drain the host's node with the removal's planner, options,
 * refusals and per-pod progress (server/drain.ts), a reason recorded, and no removal; ending it
 * uncordons. A flow on the engine (server/flows/engine.ts): its sealed intent is recorded on the
 * host and its node, pinned by uid, so a restarted console shows it and resumes it only on an
 * explicit request. At most MAX_CONCURRENT_DRAINS nodes drain at once (drain-slots.ts); a
 * control-plane node is refused when etcd would lose its quorum (lib/nodes/control-plane.ts).
 */

const recreated = (what: string) => new Refusal(409, `${what} was deleted and re-created since the maintenance was recorded, so it is left alone. End this maintenance and start a new one.`);

/** Records (or clears, with null) the sealed intent on the host or node, only if it has not changed since it was read. */
async function recordIntent(kc: KubeConfig, options: { kind: typeof BareMetalHostKind | typeof NodeKind; namespace?: string; name: string; resourceVersion?: string; intent: MaintenanceIntent }) {
  await patchObject(kc, {
    kind: options.kind,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    name: options.name,
    patch: {
      type: 'merge',
      body: { metadata: { ...(options.resourceVersion ? { resourceVersion: options.resourceVersion } : {}), annotations: { [DAY2_ANNOTATIONS.maintenance]: sealIntent(MAINTENANCE_INTENT_KIND, options.intent) } } },
    },
    context: `record the maintenance on ${options.kind.kind} ${options.name}`,
  });
}

/** The maintenance flow of a verified intent, run with `kc` (its owner's credentials). */
export function maintenanceFlow(kc: KubeConfig, options: { intent: MaintenanceIntent; owner: Session }): Flow<MaintenanceProgress> {
  const { intent } = options;
  const { node, host } = intent;
  const liveNode = async (signal: AbortSignal) => {
    const current = await getOptional(kc, { kind: NodeKind, name: node.name, schema: metadataOnlySchema, signal });
    if (current && current.metadata.uid !== node.uid) throw recreated(`Node ${node.name}`);
    return current;
  };

  const steps: Record<MaintenanceStepId, (signal: AbortSignal) => Promise<StepResult>> = {
    async cordon(signal) {
      if (!(await liveNode(signal))) throw new Refusal(409, `Node ${node.name} is gone: there is nothing to keep in maintenance. End the maintenance.`);
      const changed = await setUnschedulable(kc, { node: node.name, unschedulable: true, signal });
      return { state: 'done', message: changed ? `Node ${node.name} cordoned.` : `Node ${node.name} was already cordoned.` };
    },
    async drain(signal) {
      if (!(await liveNode(signal))) throw new Refusal(409, `Node ${node.name} is gone.`);
      const release = await drainSlots().acquire(node.name, {
        signal,
        onWait: (holders) =>
          flow.update((progress) => {
            const step = progress.steps.find((s) => s.id === 'drain');
            if (step) step.message = `Waiting for a drain slot: at most ${holders.length} nodes drain at once (now ${slotNodes(holders)}).`;
          }),
      });
      try {
        const plan = planDrainOf(await readDrainInput(kc, node.name, signal), intent.options);
        if (plan.refused.length > 0) throw new Refusal(409, `The drain would stop at: ${refusalText(plan.refused)}.`);
        const pods = new Map<string, MaintenanceProgress['pods'][number]>();
        flow.update((progress) => {
          const step = progress.steps.find((s) => s.id === 'drain');
          if (step) delete step.message;
        });
        const failures = await drainPods(kc, {
          node: node.name,
          plan,
          ...(intent.options.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: intent.options.gracePeriodSeconds } : {}),
          ...(intent.options.timeoutSeconds !== undefined ? { timeoutSeconds: intent.options.timeoutSeconds } : {}),
          signal,
          onPod: (pod) => {
            pods.set(`${pod.namespace}/${pod.name}`, pod);
            flow.update((progress) => {
              progress.pods = [...pods.values()];
            });
          },
        });
        if (failures.length > 0) throw new Refusal(409, `Pods did not leave: ${failures.join(', ')}.`);
        const removed = [...pods.values()].filter((p) => p.state === 'gone').length;
        const ignored = plan.ignoredDaemonSetPods.length;
        return {
          state: 'done',
          message: `${plural(removed, 'pod')} removed${ignored ? `; ${plural(ignored, 'DaemonSet-managed pod')} ignored` : ''}. Node ${node.name} is in maintenance.`,
        };
      } finally {
        release();
      }
    },
  };

  const definitions: FlowStepDefinition[] = MAINTENANCE_STEPS.map((step) => ({ id: step.id, label: step.label, run: steps[step.id] }));
  const flow: Flow<MaintenanceProgress> = new Flow<MaintenanceProgress>(hostKey(host), {
    progress: { intent, pods: [] },
    steps: definitions,
    owner: options.owner,
    // The host holds the intent the pages and resume read.
    heartbeat: { kc, kind: MAINTENANCE_INTENT_KIND, targets: [{ kind: BareMetalHostKind, namespace: host.namespace, name: host.name, uid: host.uid }] },
    stillRecorded: async (signal) => {
      const current = await getOptional(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, schema: metadataOnlySchema, signal });
      if (!current || current.metadata.uid !== host.uid) return false;
      const recorded = recordedMaintenance(current.metadata.annotations);
      return recorded.state === 'verified' && recorded.intent.requestedAt === intent.requestedAt;
    },
    onEnd: async (progress) => {
      if (progress.status !== 'completed' && progress.status !== 'failed') return;
      await recordConsoleEvent(kc, {
        host,
        node,
        user: options.owner.username,
        action: 'maintenance-start',
        outcome: progress.status === 'completed' ? 'completed' : 'failed',
        message: progress.status === 'completed' ? `Node ${node.name} is cordoned and drained (reason: ${intent.reason}).` : (progress.error ?? 'The drain stopped.'),
      });
    },
  });
  return flow;
}

/** What the maintenance dialog shows: the node, its pods and budgets (the removal's drain plan), the quorum and the verdict. */
export async function describeMaintenance(kc: KubeConfig, options: { hub: InventoryHub; host: HostRef }): Promise<MaintenanceTarget> {
  const target = await readDay2Target(kc, options);
  const drainInput = target.node ? await readDrainInput(kc, target.node.name) : undefined;
  const drain = drainInput ? { ...drainInput, ...(await readBudgets(kc, drainInput.pods).then(({ budgets, unreadable }) => ({ budgets, budgetsUnreadable: unreadable }))) } : undefined;
  return maintenanceTargetSchema.parse({
    host: options.host,
    ...(target.node ? { node: target.node.name } : {}),
    ...(target.facts.linkProblem ? { linkProblem: target.facts.linkProblem } : {}),
    verdict: actionVerdict('maintenance-start', target.facts),
    ...(target.facts.node?.controlPlane && target.facts.quorum ? { quorum: target.facts.quorum } : {}),
    recorded: maintenanceViewOf({ ...options.host, uid: target.host.metadata.uid, annotations: target.host.metadata.annotations }),
    ...(drain ? { drain } : {}),
  });
}

type Caller = { session: Session; hub: InventoryHub; host: HostRef };

/**
 * startMaintenance: checks the policies and the drain plan again (never trusting the dialog),
 * records the sealed intent on the host and its node with the caller's credentials, runs the flow,
 * and records an Event. Answers an outcome (a bulk start gets one per host).
 */
export async function startMaintenance(kc: KubeConfig, options: Caller & { request: MaintenanceRequest }): Promise<ActionOutcome> {
  const { host, session, request } = options;
  const drainOptions = { force: request.force, deleteEmptyDirData: request.deleteEmptyDirData, gracePeriodSeconds: request.gracePeriodSeconds, timeoutSeconds: request.timeoutSeconds };
  let ids: { uid?: string; node?: { name: string; uid: string } } = {};
  const answer = async (result: ActionOutcome['result'], message: string, status?: number): Promise<ActionOutcome> => ({
    host,
    action: 'maintenance-start',
    result,
    message,
    oc: ocCommand('maintenance-start', { host, ...(ids.node ? { node: ids.node.name } : {}), drain: drainOptions }),
    event: await recordConsoleEvent(kc, { host: { ...host, ...(ids.uid ? { uid: ids.uid } : {}) }, ...(ids.node ? { node: ids.node } : {}), user: session.username, action: 'maintenance-start', outcome: result === 'ok' ? 'started' : result, message }),
    ...(status ? { status } : {}),
  });
  try {
    // Optimistic concurrency: BMO writes the host's status meanwhile; re-read, re-check and record again.
    return await retryOnConflict(async () => {
      if (maintenances.known(hostKey(host))?.active) return await answer('noop', `Host ${host.name} is already in maintenance (a drain runs here).`);
      const target = await readDay2Target(kc, { hub: options.hub, host });
      ids = { uid: target.host.metadata.uid, ...(target.node ? { node: target.node } : {}) };
      const verdict = actionVerdict('maintenance-start', target.facts);
      if (verdict.kind === 'noop') return await answer('noop', verdict.message);
      if (verdict.kind === 'refused') return await answer('refused', verdict.reason, 409);
      const node = target.node;
      if (!node) return await answer('refused', `Host ${host.name} has no node.`, 409);
      const refused = planDrainOf(await readDrainInput(kc, node.name), drainOptions).refused;
      if (refused.length > 0) return await answer('refused', `The drain would stop at: ${refusalText(refused)}.`, 422);
      const intent: MaintenanceIntent = {
        host: { ...host, uid: target.host.metadata.uid },
        node,
        reason: request.reason,
        options: drainOptions,
        requestedBy: session.username,
        requestedAt: new Date().toISOString(),
      };
      await recordIntent(kc, { kind: BareMetalHostKind, ...host, ...(target.host.metadata.resourceVersion ? { resourceVersion: target.host.metadata.resourceVersion } : {}), intent });
      try {
        await recordIntent(kc, { kind: NodeKind, name: node.name, intent });
      } catch (error) {
        // Half a record would be a maintenance nothing runs: take the host's back (best effort).
        await annotate(kc, { kind: BareMetalHostKind, ...host, key: DAY2_ANNOTATIONS.maintenance, value: null }).catch(() => undefined);
        throw error;
      }
      maintenances.run(maintenanceFlow(kc, { intent, owner: session }));
      return await answer('ok', `Maintenance of node ${node.name} started (reason: ${request.reason}): cordon, then drain.`);
    });
  } catch (error) {
    if (error instanceof ClusterError || error instanceof Refusal) return answer('failed', error.userMessage, error.status);
    throw error;
  }
}

/**
 * resumeMaintenance: an explicit request (viewing never resumes) to run a maintenance recorded on
 * the host that no console runs here: its record must be sealed by this console, name this host
 * and its uid, and its node must still be the host's node.
 */
export async function resumeMaintenance(kc: KubeConfig, options: Caller): Promise<Flow<MaintenanceProgress>> {
  const { host } = options;
  const running = maintenances.known(hostKey(host));
  if (running?.active) throw new Refusal(409, `The maintenance of host ${host.name} is already running here (started by ${running.owner}).`);
  const target = await readDay2Target(kc, { hub: options.hub, host });
  const recorded = recordedMaintenance(target.host.metadata.annotations);
  if (recorded.state === 'none') throw new Refusal(404, `No maintenance is recorded on host ${host.name}.`);
  if (recorded.state === 'unverified') throw new Refusal(409, `The maintenance recorded on host ${host.name} is not one this console can verify (${recorded.reason}); end it, then start a new one.`);
  const { intent } = recorded;
  if (intent.host.name !== host.name || intent.host.namespace !== host.namespace || intent.host.uid !== target.host.metadata.uid) {
    throw new Refusal(409, `The maintenance recorded on host ${host.name} is for another host; end it, then start a new one.`);
  }
  refuseIfRunningElsewhere(MAINTENANCE_INTENT_KIND, target.host.metadata.annotations, `The maintenance of host ${host.name}`);
  if (target.facts.linkProblem) throw new Refusal(409, `The node of host ${host.name} cannot be told for sure: ${target.facts.linkProblem}`);
  if (!target.node || target.node.uid !== intent.node.uid) throw new Refusal(409, `Host ${host.name} is no longer linked to node ${intent.node.name}; end the maintenance, then start a new one.`);
  return maintenances.run(maintenanceFlow(kc, { intent, owner: options.session }));
}

/**
 * endMaintenance: clears the record with the caller's credentials FIRST (a user who may not patch
 * the host gets the apiserver's 403 and the drain goes on), stops a drain running here before its
 * next pod, then uncordons the node the maintenance recorded (pinned by uid) unless a removal of
 * the host now holds it. A second click finds nothing recorded: a no-op.
 */
export async function endMaintenance(kc: KubeConfig, options: Caller): Promise<ActionOutcome> {
  const { host, session } = options;
  const flow = maintenances.known(hostKey(host));
  let ids: { uid?: string; node?: { name: string; uid: string } } = {};
  const answer = async (result: ActionOutcome['result'], message: string, status?: number): Promise<ActionOutcome> => ({
    host,
    action: 'maintenance-end',
    result,
    message,
    oc: ocCommand('maintenance-end', { host, ...(ids.node ? { node: ids.node.name } : {}) }),
    event: await recordConsoleEvent(kc, { host: { ...host, ...(ids.uid ? { uid: ids.uid } : {}) }, ...(ids.node ? { node: ids.node } : {}), user: session.username, action: 'maintenance-end', outcome: result, message }),
    ...(status ? { status } : {}),
  });
  try {
    const live = await getOptional(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, schema: metadataOnlySchema });
    const recorded = live ? recordedMaintenance(live.metadata.annotations) : undefined;
    const intent = recorded?.state === 'verified' && recorded.intent.host.uid === live?.metadata.uid ? recorded.intent : flow?.active ? flow.progress.intent : undefined;
    ids = { ...(live ? { uid: live.metadata.uid } : {}), ...(intent ? { node: intent.node } : {}) };
    const notes: string[] = [];
    if (live && recorded?.state !== 'none') {
      await annotate(kc, { kind: BareMetalHostKind, ...host, key: DAY2_ANNOTATIONS.maintenance, value: null });
      notes.push(`record cleared on host ${host.name}`);
    }
    if (intent) {
      try {
        const node = await getOptional(kc, { kind: NodeKind, name: intent.node.name, schema: metadataOnlySchema });
        if (node?.metadata.annotations?.[DAY2_ANNOTATIONS.maintenance] !== undefined) {
          await annotate(kc, { kind: NodeKind, name: intent.node.name, key: DAY2_ANNOTATIONS.maintenance, value: null });
          notes.push(`record cleared on node ${intent.node.name}`);
        }
      } catch (error) {
        if (!isClusterError(error, 'NotFound')) throw error;
      }
    }
    if (flow?.active) {
      flow.stop('cancelled');
      await flow.ended();
      notes.push('the drain was stopped');
    }
    if (notes.length === 0) return await answer('noop', `Host ${host.name} is not in maintenance.`);
    if (!intent) return await answer('ok', `${capitalise(notes.join('; '))}. The record named no node this console can verify, so no node was uncordoned.`);
    const removalHolds = removals.known(removalKey(host))?.active || (live && recordedRemovalOnHost(live.metadata.annotations, { name: live.metadata.name, uid: live.metadata.uid }).state === 'verified');
    if (removalHolds) return await answer('ok', `${capitalise(notes.join('; '))}. Node ${intent.node.name} stays cordoned: a removal of the host holds it.`);
    const current = await getOptional(kc, { kind: NodeKind, name: intent.node.name, schema: metadataOnlySchema });
    if (!current) return await answer('ok', `${capitalise(notes.join('; '))}. Node ${intent.node.name} is gone.`);
    if (current.metadata.uid !== intent.node.uid) return await answer('ok', `${capitalise(notes.join('; '))}. Node ${intent.node.name} was re-created since; it is left alone.`);
    const changed = await setUnschedulable(kc, { node: intent.node.name, unschedulable: false });
    return await answer('ok', `${capitalise(notes.join('; '))}. Node ${intent.node.name} ${changed ? 'uncordoned' : 'was already schedulable'}: maintenance ended.`);
  } catch (error) {
    if (error instanceof ClusterError || error instanceof Refusal) return answer('failed', error.userMessage, error.status);
    throw error;
  }
}

const capitalise = (text: string) => (text ? `${text[0]?.toUpperCase()}${text.slice(1)}` : text);
