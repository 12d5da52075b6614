import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { planDrainOf, refusalText } from '@/lib/drain/plan';
import { plural } from '@/lib/format/plural';
import { BareMetalHostKind, NodeKind, SecretKind } from '@/lib/k8s/kinds';
import { metadataOnlySchema } from '@/lib/k8s/object-meta';
import { hostWithUidSchema, provisioningState } from '@/lib/metal3/bare-metal-host';
import { ANNOTATIONS } from '@/lib/metal3/constants';
import { type RecordedRemoval, REMOVAL_STEPS, type RemovalIntent, type RemovalProgress, type RemovalStepId, removalIntentSchema } from '@/lib/removal/progress';
import type { Session } from '../auth/session';
import { drainPods, isUnschedulable, readDrainInput, setUnschedulable } from '../drain';
import { Refusal, isClusterError, userMessageOf } from '../errors';
import { recordConsoleEventOrLog } from '../events';
import { Flow, type FlowStepDefinition, type StepResult, flowRegistry } from '../flows/engine';
import { runningElsewhere } from '../flows/heartbeat';
import { openIntent, pinIntent } from '../flows/intent';
import { waitUntil } from '../flows/wait';
import { deleteOptional, getOptional, listObjects, patchObject } from '../kube/objects';

/**
 * A host removal as a flow (SPEC §8): every step is idempotent and finds its position from the
 * cluster. Every object it touches is pinned by the uid the intent recorded: a host, node or
 * Secret deleted and re-created under the same name since is never touched (the host's patch
 * carries a JSON Patch `test` of its uid, each delete a uid precondition).
 */

export const REMOVAL_INTENT_KIND = 'removal';
export const removals = flowRegistry<RemovalProgress>('removal');
export const removalKey = (host: { namespace: string; name: string }) => `${host.namespace}/${host.name}`;

/** How long each wait may take before the step fails (and can be retried). */
const TIMEOUTS = {
  /** BMO cleans the disks while deprovisioning (automatedCleaningMode metadata): on real hardware, many minutes. */
  deprovisionMs: 2 * 3600_000,
  /** BMO powers the machine off before it lets the host go; its finalizer holds the object until then. */
  hostGoneMs: 30 * 60_000,
  /** The garbage collector follows BMO's ownerReference on the BMC Secret shortly after the host is gone. */
  ownedSecretGoneMs: 30_000,
  nodeGoneMs: 5 * 60_000,
};


const recreated = (what: string) =>
  new Refusal(409, `${what} was deleted and re-created since the removal was recorded, so this removal does not touch it. Cancel it and start a new one.`);

/** The removal intent recorded on an object's annotations, if this console wrote it. */
export function recordedRemoval(annotations: Record<string, string> | null | undefined) {
  return openIntent(REMOVAL_INTENT_KIND, annotations?.[ANNOTATIONS.removal], removalIntentSchema);
}

/** The removal recorded on this host, pinned to it (pinIntent): one copied from another host is unverified. */
export function recordedRemovalOnHost(annotations: Record<string, string> | null | undefined, host: { name: string; uid?: string | undefined }) {
  return pinIntent(recordedRemoval(annotations), host, (intent) => intent.host);
}

/**
 * What the pages say of the removal recorded on a host: who and when, whether it runs here or (by
 * its heartbeat) on another replica, or why it is not trusted.
 */
export function describeRecordedRemoval(annotations: Record<string, string> | null | undefined, host: { namespace: string; name: string; uid?: string | undefined }): RecordedRemoval {
  const recorded = recordedRemovalOnHost(annotations, host);
  if (recorded.state === 'none') return { state: 'none' };
  if (recorded.state === 'unverified') return { state: 'unverified', reason: recorded.reason };
  return verifiedRemoval(recorded.intent, annotations, removals.known(removalKey(host))?.active ?? false);
}

/** A verified removal recorded in `annotations` (of the host, or of its node once the host is gone) as the pages describe it. */
export function verifiedRemoval(intent: RemovalIntent, annotations: Record<string, string> | null | undefined, runningHere: boolean): RecordedRemoval {
  const elsewhere = runningHere ? undefined : runningElsewhere(REMOVAL_INTENT_KIND, annotations);
  return { state: 'verified', requestedBy: intent.requestedBy, requestedAt: intent.requestedAt, running: runningHere, ...(elsewhere ? { elsewhere } : {}) };
}

/** A removal flow for a verified intent, run by `owner` with `kc` (the owner's credentials). */
export function removalFlow(kc: KubeConfig, options: { intent: RemovalIntent; owner: Session }): Flow<RemovalProgress> {
  const { intent } = options;
  const { host, node } = intent;

  const liveHost = async (signal: AbortSignal) => {
    const current = await getOptional(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, schema: hostWithUidSchema, signal });
    if (current && current.metadata.uid !== host.uid) throw recreated(`Host ${host.name}`);
    return current;
  };
  const liveNode = async (signal: AbortSignal) => {
    if (!node) return undefined;
    const current = await getOptional(kc, { kind: NodeKind, name: node.name, schema: metadataOnlySchema, signal });
    if (current && current.metadata.uid !== node.uid) throw recreated(`Node ${node.name}`);
    return current;
  };
  const noNode: StepResult = { state: 'skipped', message: 'The host has no node.' };

  const steps: Record<RemovalStepId, (signal: AbortSignal) => Promise<StepResult>> = {
    async cordon(signal) {
      if (!node) return noNode;
      if (!(await liveNode(signal))) return { state: 'skipped', message: `Node ${node.name} is already gone.` };
      const changed = await setUnschedulable(kc, { node: node.name, unschedulable: true, signal });
      return { state: 'done', message: changed ? `Node ${node.name} cordoned.` : `Node ${node.name} was already cordoned.` };
    },

    async drain(signal) {
      if (!node) return noNode;
      if (!(await liveNode(signal))) return { state: 'skipped', message: `Node ${node.name} is already gone.` };
      const plan = planDrainOf(await readDrainInput(kc, node.name, signal), intent.options);
      if (plan.refused.length > 0) throw new Refusal(409, `The drain would stop at: ${refusalText(plan.refused)}.`);
      const pods = new Map<string, RemovalProgress['pods'][number]>();
      const failures = await drainPods(kc, {
        node: node.name,
        plan,
        gracePeriodSeconds: intent.options.gracePeriodSeconds,
        timeoutSeconds: intent.options.timeoutSeconds,
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
      const ignored = plan.ignoredDaemonSetPods;
      return {
        state: 'done',
        message: `${plural(removed, 'pod')} removed${ignored.length ? `; ${plural(ignored.length, 'DaemonSet-managed pod')} ignored (${ignored.join(', ')})` : ''}.`,
      };
    },

    async customDeploy(signal) {
      if (intent.externallyProvisioned) return { state: 'skipped', message: 'An externally provisioned host is never deprovisioned.' };
      const current = await liveHost(signal);
      if (!current) return { state: 'skipped', message: 'The host is already gone.' };
      if (current.spec?.customDeploy === undefined) return { state: 'skipped', message: 'spec.customDeploy was already removed.' };
      // CRDs reject strategic merge: JSON Patch `remove`, as the seed's `oc edit` does, guarded by a
      // `test` of the uid so a host re-created since is never deprovisioned by this removal.
      await patchObject(kc, {
        kind: BareMetalHostKind,
        namespace: host.namespace,
        name: host.name,
        patch: { type: 'json', ops: [{ op: 'test', path: '/metadata/uid', value: host.uid }, { op: 'remove', path: '/spec/customDeploy' }] },
        context: `remove customDeploy from host ${host.name}`,
        signal,
      });
      return { state: 'done', message: 'spec.customDeploy removed: BMO deprovisions the host.' };
    },

    async deprovision(signal) {
      if (intent.externallyProvisioned) return { state: 'skipped', message: 'An externally provisioned host is never deprovisioned.' };
      const seen = new Set<string>();
      return waitUntil({
        what: `host ${host.name} to be deprovisioned (available)`,
        signal,
        timeoutMs: TIMEOUTS.deprovisionMs,
        check: async (): Promise<StepResult | undefined> => {
          const current = await liveHost(signal);
          if (!current) return { state: 'done', message: 'The host is already gone.' };
          const state = provisioningState(current);
          if (state) seen.add(state);
          if (state === 'available' || state === 'ready') {
            return { state: 'done', message: seen.has('deprovisioning') ? 'Deprovisioned; the host is available.' : 'The host is available.' };
          }
          // Hosts that never reached provisioning have nothing to deprovision.
          if (!['', 'provisioning', 'provisioned', 'deprovisioning'].includes(state)) return { state: 'skipped', message: `The host is ${state}: nothing to deprovision.` };
          return undefined;
        },
      });
    },

    async deleteHost(signal) {
      let existed: boolean;
      try {
        existed = await deleteOptional(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, body: { preconditions: { uid: host.uid } }, signal });
      } catch (error) {
        // The uid precondition failed: another host of that name exists now.
        if (isClusterError(error, 'Conflict')) throw recreated(`Host ${host.name}`);
        throw error;
      }
      await waitUntil({
        what: `host ${host.name} to be gone (BMO's finalizer holds it until the machine is powered off; if BMO is not running, it never lets go)`,
        signal,
        timeoutMs: TIMEOUTS.hostGoneMs,
        check: async () => {
          const current = await getOptional(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, schema: metadataOnlySchema, signal });
          return !current || current.metadata.uid !== host.uid ? true : undefined;
        },
      });
      return { state: 'done', message: existed ? `Host ${host.name} deleted.` : `Host ${host.name} was already gone.` };
    },

    async secrets(signal) {
      const notes: string[] = [];
      const recorded = [
        ...(intent.networkSecret ? [{ ...intent.networkSecret, role: 'Network' as const }] : []),
        ...(intent.bmcSecret ? [{ ...intent.bmcSecret, role: 'BMC' as const }] : []),
      ];
      const hosts = recorded.length > 0 ? (await listObjects(kc, { kind: BareMetalHostKind, namespace: host.namespace, schema: hostWithUidSchema, signal })).items : [];
      for (const secret of recorded) {
        const label = `${secret.role} Secret ${secret.name}`;
        const read = () => getOptional(kc, { kind: SecretKind, namespace: host.namespace, name: secret.name, schema: metadataOnlySchema, signal });
        let current = await read();
        if (current && current.metadata.uid === secret.uid && current.metadata.ownerReferences?.some((owner) => owner.uid === host.uid)) {
          // BMO's ownerReference: the garbage collector deletes it shortly after the host is gone.
          try {
            await waitUntil({
              what: `the garbage collector to delete ${label}`,
              signal,
              timeoutMs: TIMEOUTS.ownedSecretGoneMs,
              check: async () => {
                const again = await read();
                return !again || again.metadata.uid !== secret.uid ? true : undefined;
              },
            });
            notes.push(`${label} deleted by the garbage collector (BMO's ownerReference).`);
            continue;
          } catch (error) {
            if (!(error instanceof Refusal)) throw error;
            current = await read();
          }
        }
        const otherOwners = (current?.metadata.ownerReferences ?? []).filter((owner) => owner.uid !== host.uid);
        if (!current) notes.push(secret.ownedByHost ? `${label} deleted by the garbage collector (BMO's ownerReference).` : `${label} was already gone.`);
        else if (current.metadata.uid !== secret.uid) notes.push(`${label} kept: it was re-created since the removal was recorded.`);
        else if (secret.proof === 'owner') notes.push(`${label} kept: the garbage collector has not deleted it yet; it will, with BMO's ownerReference to the deleted host.`);
        else if (!intent.operationId || current.metadata.annotations?.[ANNOTATIONS.operationId] !== intent.operationId) notes.push(`${label} kept: it no longer carries this host's enrollment record.`);
        else if (otherOwners.length > 0) notes.push(`${label} kept: something else owns it (${otherOwners.map((o) => `${o.kind} ${o.name}`).join(', ')}).`);
        else if (hosts.some((h) => h.metadata.uid !== host.uid && (h.spec?.preprovisioningNetworkDataName === secret.name || h.spec?.bmc?.credentialsName === secret.name))) {
          notes.push(`${label} kept: another host uses it.`);
        } else {
          const deleted = await deleteOptional(kc, { kind: SecretKind, namespace: host.namespace, name: secret.name, body: { preconditions: { uid: secret.uid } }, signal }).catch((error: unknown) => {
            if (isClusterError(error, 'Conflict')) return false;
            throw error;
          });
          notes.push(deleted ? `${label} deleted.` : `${label} was already gone.`);
        }
      }
      for (const kept of intent.keptSecrets ?? []) notes.push(`Secret ${kept.name} kept: ${kept.reason}`);
      return notes.length > 0 ? { state: 'done', message: notes.join(' ') } : { state: 'skipped', message: 'The host named no Secrets.' };
    },

    async deleteNode(signal) {
      if (!node) return noNode;
      let existed: boolean;
      try {
        existed = await deleteOptional(kc, { kind: NodeKind, name: node.name, body: { preconditions: { uid: node.uid } }, signal });
      } catch (error) {
        if (isClusterError(error, 'Conflict')) return { state: 'skipped', message: `Node ${node.name} was re-created since the removal was recorded: it is left alone.` };
        throw error;
      }
      await waitUntil({
        what: `node ${node.name} to be absent`,
        signal,
        timeoutMs: TIMEOUTS.nodeGoneMs,
        check: async () => ((await getOptional(kc, { kind: NodeKind, name: node.name, schema: metadataOnlySchema, signal }))?.metadata.uid === node.uid ? undefined : true),
      });
      return { state: 'done', message: existed ? `Node ${node.name} deleted; it is absent.` : `Node ${node.name} was already absent.` };
    },
  };

  const definitions: FlowStepDefinition[] = REMOVAL_STEPS.map((step) => ({ id: step.id, label: step.label, run: steps[step.id] }));

  const flow: Flow<RemovalProgress> = new Flow<RemovalProgress>(removalKey(host), {
    progress: { intent, pods: [] },
    steps: definitions,
    owner: options.owner,
    // Where the intent is recorded (the node's record is read once the host is gone).
    heartbeat: {
      kc,
      kind: REMOVAL_INTENT_KIND,
      targets: [{ kind: BareMetalHostKind, namespace: host.namespace, name: host.name, uid: host.uid }, ...(node ? [{ kind: NodeKind, name: node.name, uid: node.uid }] : [])],
    },
    // Cancelled elsewhere (another replica, another user) when the record is gone from the host, or
    // from the node once the host is gone.
    stillRecorded: async (signal) => {
      const current = await getOptional(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, schema: metadataOnlySchema, signal });
      const holder = current?.metadata.uid === host.uid ? current : node ? await getOptional(kc, { kind: NodeKind, name: node.name, schema: metadataOnlySchema, signal }) : undefined;
      if (!holder || (holder !== current && holder.metadata.uid !== node?.uid)) return true;
      const recorded = recordedRemoval(holder.metadata.annotations);
      return recorded.state === 'verified' && recorded.intent.requestedAt === intent.requestedAt;
    },
    onEnd: async (progress) => {
      // Done or failed, in the name of who runs it (a cancel is recorded by whoever cancelled: cancelRemoval).
      if (progress.status === 'completed' || progress.status === 'failed') {
        await recordConsoleEventOrLog(kc, {
          host: { namespace: host.namespace, name: host.name, uid: host.uid },
          ...(node ? { node } : {}),
          user: options.owner.username,
          action: 'remove',
          outcome: progress.status,
          message: progress.status === 'completed' ? `Host ${host.name} removed${node ? ` and node ${node.name} deleted` : ''}.` : (progress.error ?? 'The removal stopped.'),
        });
      }
      if (progress.status === 'completed' || !node) return;
      // Whether the node is left cordoned decides the "Uncordon" offer: a failed read says so.
      try {
        progress.cordoned = Boolean(await isUnschedulable(kc, node));
      } catch (error) {
        progress.cordoned = true;
        progress.cordonUnknown = `Whether node ${node.name} is still cordoned could not be read (${userMessageOf(error, 'read the node')}); it may be.`;
      }
    },
  });
  return flow;
}
