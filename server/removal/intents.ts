import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { planDrainOf, refusalText } from '@/lib/drain/plan';
import { BareMetalHostKind, NodeKind, PodKind } from '@/lib/k8s/kinds';
import { type MetadataOnly, metadataOnlySchema } from '@/lib/k8s/object-meta';
import { hostWithUidSchema } from '@/lib/metal3/bare-metal-host';
import { ANNOTATIONS } from '@/lib/metal3/constants';
import type { RecordedRemoval, RemovalIntent, RemovalOptions, RemovalProgress, SecretPlan } from '@/lib/removal/progress';
import { requireAccess } from '../auth/access';
import type { Session } from '../auth/session';
import { setUnschedulable } from '../drain';
import { Refusal, isClusterError } from '../errors';
import { recordConsoleEventOrLog } from '../events';
import type { Flow } from '../flows/engine';
import { refuseIfRunningElsewhere } from '../flows/heartbeat';
import { sealIntent } from '../flows/intent';
import { annotate, getOptional, listObjects, patchObject } from '../kube/objects';
import type { InventoryHub } from '../watch/inventory-hub';
import { REMOVAL_INTENT_KIND, describeRecordedRemoval, recordedRemoval, removalFlow, removalKey, removals, verifiedRemoval } from './flow';
import { linkedNode, readRemovalTarget } from './target';

/**
 * The removal's named intents (DESIGN "mutations are named intents"): read what a removal would
 * do, start it, resume it, cancel it, uncordon after it. Each runs with the caller's credentials
 * and authorises itself before it touches a running flow; nothing read from an annotation is acted
 * on unless the console sealed it (server/flows/intent.ts) and it names the host in the URL.
 */

type HostRef = { namespace: string; name: string };

/** Records the sealed intent on an object, only if it has not changed since it was read (resourceVersion). */
async function recordIntent(kc: KubeConfig, options: { kind: typeof BareMetalHostKind | typeof NodeKind; namespace?: string; name: string; resourceVersion?: string; intent: RemovalIntent }) {
  await patchObject(kc, {
    kind: options.kind,
    namespace: options.namespace,
    name: options.name,
    patch: {
      type: 'merge',
      body: { metadata: { ...(options.resourceVersion ? { resourceVersion: options.resourceVersion } : {}), annotations: { [ANNOTATIONS.removal]: sealIntent(REMOVAL_INTENT_KIND, options.intent) } } },
    },
    context: `record the removal on ${options.kind.kind} ${options.name}`,
  });
}

/**
 * startRemoval: checks everything the dialog showed again (never trusting the browser), records
 * the intent on the host and its node with the caller's credentials, then runs the flow. Refused
 * (Refusal) when the host's node is uncertain, a removal is already recorded, the drain would stop,
 * or an externally provisioned host is not removed as "delete inventory record".
 */
export async function startRemoval(kc: KubeConfig, options: { hub: InventoryHub; host: HostRef; removal: RemovalOptions; session: Session }): Promise<Flow<RemovalProgress>> {
  const { host } = options;
  const key = removalKey(host);
  const running = removals.known(key);
  if (running?.active) throw new Refusal(409, `A removal of host ${host.name} is already running (started by ${running.owner}).`);
  const target = await readRemovalTarget(kc, { hub: options.hub, host });
  if (target.linkProblem) throw new Refusal(409, `The node of host ${host.name} cannot be told for sure, so its drain cannot be planned: ${target.linkProblem} Resolve that first.`);
  if (target.recorded.state === 'verified') {
    throw new Refusal(409, `A removal of host ${host.name} is already recorded (by ${target.recorded.requestedBy}): follow it, resume it or cancel it.`);
  }
  if (target.controlPlane && !target.controlPlane.quorumOk) {
    throw new Refusal(409, `Host ${host.name} is a control-plane host. ${target.controlPlane.quorum} Bring the others back to Ready first.`);
  }
  if (target.controlPlane && options.removal.confirmHostName !== host.name) {
    throw new Refusal(422, `Host ${host.name} is a control-plane host: type its name to remove it.`, { fields: { confirmHostName: `Type ${host.name} to confirm.` } });
  }
  if (target.externallyProvisioned && !options.removal.deleteInventoryRecord) {
    throw new Refusal(
      422,
      `Host ${host.name} is externally provisioned: BMO did not install it and will not deprovision it. Choose "delete inventory record" to remove it anyway; deleting a BareMetalHost powers the machine off.`,
    );
  }
  if (target.drain) {
    const refused = planDrainOf(target.drain, options.removal).refused;
    if (refused.length > 0) throw new Refusal(422, `The drain would stop at: ${refusalText(refused)}.`);
  }
  const secret = (role: SecretPlan['role']) => {
    const plan = target.plans.find((p) => p.role === role && p.fate === 'delete');
    return plan?.secret && plan.proof
      ? { name: plan.name, uid: plan.secret.metadata.uid, proof: plan.proof, ownedByHost: plan.secret.metadata.ownerReferences?.some((owner) => owner.uid === target.uid) ?? false }
      : undefined;
  };
  const networkSecret = secret('network');
  const bmcSecret = secret('bmc');
  const keptSecrets = target.plans.filter((p) => p.fate === 'kept').map((p) => ({ name: p.name, reason: p.reason }));
  const intent: RemovalIntent = {
    host: { ...host, uid: target.uid },
    ...(target.node && target.nodeUid ? { node: { name: target.node, uid: target.nodeUid } } : {}),
    ...(networkSecret ? { networkSecret } : {}),
    ...(bmcSecret ? { bmcSecret } : {}),
    ...(target.operationId ? { operationId: target.operationId } : {}),
    ...(keptSecrets.length > 0 ? { keptSecrets } : {}),
    externallyProvisioned: target.externallyProvisioned,
    options: options.removal,
    requestedBy: options.session.username,
    requestedAt: new Date().toISOString(),
  };
  await recordIntent(kc, { kind: BareMetalHostKind, ...host, intent });
  if (intent.node) await recordIntent(kc, { kind: NodeKind, name: intent.node.name, intent });
  return runRemoval(kc, { intent, session: options.session, message: `Removal of host ${host.name}${intent.node ? ` (drains node ${intent.node.name})` : ''} started.` });
}

/** Runs the removal of a verified `intent` as `session`'s flow, and records it as an Event on the host (and node) naming the user. */
async function runRemoval(kc: KubeConfig, options: { intent: RemovalIntent; session: Session; message: string }): Promise<Flow<RemovalProgress>> {
  const { intent } = options;
  const flow = removals.run(removalFlow(kc, { intent, owner: options.session }));
  await recordConsoleEventOrLog(kc, {
    host: intent.host,
    ...(intent.node ? { node: intent.node } : {}),
    user: options.session.username,
    action: 'remove',
    outcome: 'started',
    message: options.message,
  });
  return flow;
}

/** A verified removal of `host` recorded on a node (once the host is gone), and that node. */
async function intentOnNodes(kc: KubeConfig, host: HostRef): Promise<{ intent: RemovalIntent; node: MetadataOnly } | undefined> {
  const { items } = await listObjects(kc, { kind: NodeKind, schema: metadataOnlySchema });
  for (const node of items) {
    const recorded = recordedRemoval(node.metadata.annotations);
    if (recorded.state !== 'verified') continue;
    const { intent } = recorded;
    // It must be this host's removal, recorded on the very node it names.
    if (intent.host.namespace === host.namespace && intent.host.name === host.name && intent.node?.uid === node.metadata.uid) return { intent, node };
  }
  return undefined;
}

/**
 * resumeRemoval: an explicit request (never a page view) to go on with a removal recorded on the
 * cluster that no console runs. The record must be sealed by this console, name this host (and its
 * uid), and its node must still be the host's node, and no other replica may be running it (a
 * fresh heartbeat, server/flows/heartbeat.ts); otherwise it is refused with the reason.
 */
export async function resumeRemoval(kc: KubeConfig, options: { hub: InventoryHub; host: HostRef; session: Session }): Promise<Flow<RemovalProgress>> {
  const { host } = options;
  const running = removals.known(removalKey(host));
  if (running?.active) throw new Refusal(409, `The removal of host ${host.name} is already running here (started by ${running.owner}).`);
  const live = await getOptional(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, schema: hostWithUidSchema });
  let intent: RemovalIntent;
  if (live) {
    const recorded = recordedRemoval(live.metadata.annotations);
    if (recorded.state === 'none') throw new Refusal(404, `No removal is recorded on host ${host.name}.`);
    if (recorded.state === 'unverified') throw new Refusal(409, `The removal recorded on host ${host.name} is not one this console can verify (${recorded.reason}); cancel it, then start a new removal.`);
    intent = recorded.intent;
    if (intent.host.namespace !== host.namespace || intent.host.name !== host.name || intent.host.uid !== live.metadata.uid) {
      throw new Refusal(409, `The removal recorded on host ${host.name} is for another host; cancel it, then start a new removal.`);
    }
    refuseIfRunningElsewhere(REMOVAL_INTENT_KIND, live.metadata.annotations, `The removal of host ${host.name}`);
    const link = linkedNode(await options.hub.snapshot(), live.metadata.uid);
    if (link.problem) throw new Refusal(409, `The node of host ${host.name} cannot be told for sure: ${link.problem}`);
    if (link.node && (link.node.name !== intent.node?.name || link.node.uid !== intent.node.uid)) {
      throw new Refusal(409, `Host ${host.name} is now linked to node ${link.node.name}, not the node the removal recorded${intent.node ? ` (${intent.node.name})` : ''}; cancel it, then start a new removal.`);
    }
  } else {
    const found = await intentOnNodes(kc, host);
    if (!found) throw new Refusal(404, `Host ${host.name} is gone and no removal of it is recorded on a node.`);
    refuseIfRunningElsewhere(REMOVAL_INTENT_KIND, found.node.metadata.annotations, `The removal of host ${host.name}`);
    intent = found.intent;
  }
  return runRemoval(kc, { intent, session: options.session, message: `Removal of host ${host.name} resumed (recorded by ${intent.requestedBy}).` });
}

/**
 * cancelRemoval: clears the recorded intent with the caller's credentials first (a user who may
 * not patch the host gets the apiserver's 403 and nothing is cancelled), then stops a flow running
 * here before its next step. Other consoles running it stop at their next step (the record is gone).
 * The cancel is recorded as an Event naming the caller (who cancelled, not who started it).
 */
export async function cancelRemoval(kc: KubeConfig, options: { host: HostRef; session: Session }): Promise<{ progress?: RemovalProgress; cleared: string[] }> {
  const { host } = options;
  const cleared: string[] = [];
  const live = await getOptional(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, schema: hostWithUidSchema });
  const flow = removals.known(removalKey(host));
  const onHost = live ? recordedRemoval(live.metadata.annotations) : undefined;
  if (live && onHost?.state !== 'none') {
    await annotate(kc, { kind: BareMetalHostKind, ...host, key: ANNOTATIONS.removal, value: null });
    cleared.push(`host ${host.name}`);
  }
  const nodes = new Set<string>();
  if (onHost?.state === 'verified' && onHost.intent.node) nodes.add(onHost.intent.node.name);
  if (flow?.progress.intent.node) nodes.add(flow.progress.intent.node.name);
  if (!live) {
    const found = await intentOnNodes(kc, host);
    if (found) nodes.add(found.node.metadata.name);
  }
  for (const node of nodes) {
    try {
      const current = await getOptional(kc, { kind: NodeKind, name: node, schema: metadataOnlySchema });
      if (current?.metadata.annotations?.[ANNOTATIONS.removal] === undefined) continue;
      await annotate(kc, { kind: NodeKind, name: node, key: ANNOTATIONS.removal, value: null });
      cleared.push(`node ${node}`);
    } catch (error) {
      if (!isClusterError(error, 'NotFound')) throw error;
    }
  }
  if (flow?.active) {
    flow.stop('cancelled');
    await flow.ended();
  }
  if (cleared.length === 0 && !flow) throw new Refusal(404, `No removal of host ${host.name} is recorded or running.`);
  const intent = onHost?.state === 'verified' ? onHost.intent : flow?.progress.intent;
  await recordConsoleEventOrLog(kc, {
    host: { ...host, ...(live ? { uid: live.metadata.uid } : {}) },
    ...(intent?.node ? { node: intent.node } : {}),
    user: options.session.username,
    action: 'remove',
    outcome: 'cancelled',
    message: `Removal of host ${host.name} cancelled${intent ? ` (started by ${intent.requestedBy})` : ''}; cleared on ${cleared.join(' and ') || 'nothing'}.`,
  });
  return { ...(flow ? { progress: flow.progress } : {}), cleared };
}

/**
 * After a cancel: make the host's node schedulable again. Refused while a removal of the host runs
 * here or is still recorded (another console may be draining it). The node is the host's live
 * linked node, or the one the cancelled flow recorded (pinned by uid). Recorded as an Event naming the caller.
 */
export async function uncordonAfterRemoval(kc: KubeConfig, options: { hub: InventoryHub; host: HostRef; session: Session }): Promise<{ node: string; changed: boolean }> {
  const { host } = options;
  const flow = removals.known(removalKey(host));
  if (flow?.active) throw new Refusal(409, `The removal of host ${host.name} is running; cancel it first.`);
  const live = await getOptional(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, schema: hostWithUidSchema });
  if (live && recordedRemoval(live.metadata.annotations).state !== 'none') {
    throw new Refusal(409, `A removal is still recorded on host ${host.name} (another console may be running it); cancel it first.`);
  }
  let node: { name: string; uid?: string } | undefined;
  if (live) {
    const link = linkedNode(await options.hub.snapshot(), live.metadata.uid);
    if (link.problem) throw new Refusal(409, `The node of host ${host.name} cannot be told for sure: ${link.problem}`);
    node = link.node;
  } else if (flow?.progress.intent.node) {
    node = flow.progress.intent.node;
  }
  if (!node) throw new Refusal(409, `Host ${host.name} has no node to uncordon.`);
  if (node.uid) {
    const current = await getOptional(kc, { kind: NodeKind, name: node.name, schema: metadataOnlySchema });
    if (current?.metadata.uid !== node.uid) throw new Refusal(409, `Node ${node.name} is not the node the removal cordoned (it was deleted or re-created).`);
  }
  // Not cordoned: nothing happened, so nothing is recorded as done (the cluster refuses a real uncordon to a user without the rights).
  if (!(await setUnschedulable(kc, { node: node.name, unschedulable: false }))) return { node: node.name, changed: false };
  await recordConsoleEventOrLog(kc, {
    host: { ...host, ...(live ? { uid: live.metadata.uid } : {}) },
    node,
    user: options.session.username,
    action: 'uncordon',
    outcome: 'ok',
    message: `Node ${node.name} uncordoned after the removal of host ${host.name} was cancelled: new pods may be scheduled there again.`,
  });
  return { node: node.name, changed: true };
}

/**
 * May the caller see this host's removal (its node, pods and Secrets)? Read rights on the host and,
 * when the removal drains a node, on pods in every namespace (SelfSubjectAccessReview). Throws a
 * 403 Refusal with the reason.
 */
export async function authorizeRemovalView(kc: KubeConfig, options: { session: Session; host: HostRef; drainsNode: boolean }): Promise<void> {
  await requireAccess(options.session, kc, [
    { verb: 'get', group: BareMetalHostKind.group, resource: BareMetalHostKind.plural, namespace: options.host.namespace },
    ...(options.drainsNode ? [{ verb: 'list', group: PodKind.group, resource: PodKind.plural }] : []),
  ]);
}

/**
 * What the progress page shows when no flow of the host runs here: the removal recorded on the
 * host (or, once the host is gone, on its node), read with the caller's credentials.
 */
export async function recordedRemovalOf(kc: KubeConfig, host: HostRef): Promise<RecordedRemoval & { hostGone: boolean }> {
  const live = await getOptional(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, schema: hostWithUidSchema });
  if (live) return { ...describeRecordedRemoval(live.metadata.annotations, { ...host, uid: live.metadata.uid }), hostGone: false };
  const found = await intentOnNodes(kc, host);
  return found ? { ...verifiedRemoval(found.intent, found.node.metadata.annotations, removals.known(removalKey(host))?.active ?? false), hostGone: true } : { state: 'none', hostGone: true };
}
