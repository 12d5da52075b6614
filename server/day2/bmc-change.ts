import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { type ActionOutcome, actionVerdict, bmcChangeDetachesFirst, ocCommand } from '@/lib/day2/actions';
import { BMC_CHANGE_LABEL, DAY2_ANNOTATIONS } from '@/lib/day2/constants';
import { BMC_CHANGE_STEPS, type BmcChangeIntent, type BmcChangeProgress, type BmcChangeRequest, type BmcChangeStepId, bmcChangeRequestSchemaFor } from '@/lib/day2/flows';
import { BareMetalHostKind, SecretKind } from '@/lib/k8s/kinds';
import { metadataOnlySchema } from '@/lib/k8s/object-meta';
import { DETACHED_ANNOTATION } from '@/lib/metal3/annotations';
import { ANNOTATIONS } from '@/lib/metal3/constants';
import { type HostDetailsWithUid, hostDetailsWithUidSchema } from '@/lib/metal3/host-details';
import { fieldErrors } from '@/lib/validation';
import type { Session } from '../auth/session';
import { ClusterError, Refusal } from '../errors';
import { recordConsoleEvent } from '../events';
import { Flow, type FlowStepDefinition, type StepResult } from '../flows/engine';
import { refuseIfRunningElsewhere } from '../flows/heartbeat';
import { sealIntent } from '../flows/intent';
import { waitUntil } from '../flows/wait';
import { annotate, createObject, getOptional, listObjects, patchObject } from '../kube/objects';
import type { InventoryHub } from '../watch/inventory-hub';
import { annotationPatch } from './actions';
import { BMC_CHANGE_INTENT_KIND, bmcChanges, hostKey, recordedBmcChange, retryOnConflict } from './records';
import { type HostRef, readDay2Target } from './target';

/**
 * The guided BMC address / credentials change, as BMO documents it ("Changing BMC Address", BMO
 * v0.13.2 user guide; SPEC §9): detach the host unless it is registering (or unmanaged), wait for
 * `detached`, update spec.bmc (address and/or a NEW credentials Secret), reattach, wait for `OK`
 * and status.goodCredentials naming the new Secret at its current resourceVersion. The password
 * is write-only: it goes into the new Secret at the start and nowhere else (not the intent, not an
 * Event, not an answer). A flow on the engine, resumable on request; every step finds its position
 * from the host.
 */

const TIMEOUTS = {
  /** BMO removes the host from Ironic: seconds on real hardware. */
  detachedMs: 10 * 60_000,
  /** BMO registers the host again with the new BMC details: a BMC can take minutes to answer. */
  verifiedMs: 30 * 60_000,
};

const readHost = (kc: KubeConfig, host: HostRef, signal?: AbortSignal) =>
  getOptional(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, schema: hostDetailsWithUidSchema, ...(signal ? { signal } : {}) });

const recreated = (what: string) => new Refusal(409, `${what} was deleted and re-created since the BMC change was recorded, so it is left alone. Cancel this change and start a new one.`);

/** The spec.bmc the change wants, field by field (only what it changes). */
function desiredBmc(intent: BmcChangeIntent): { address?: string; credentialsName?: string; disableCertificateVerification?: boolean } {
  return {
    ...(intent.address !== undefined ? { address: intent.address } : {}),
    ...(intent.newSecret ? { credentialsName: intent.newSecret.name } : {}),
    ...(intent.disableCertificateVerification !== undefined ? { disableCertificateVerification: intent.disableCertificateVerification } : {}),
  };
}

/** The flow of a verified intent, run with its owner's credentials. */
export function bmcChangeFlow(kc: KubeConfig, options: { intent: BmcChangeIntent; owner: Session }): Flow<BmcChangeProgress> {
  const { intent } = options;
  const { host } = intent;
  const liveHost = async (signal: AbortSignal): Promise<HostDetailsWithUid> => {
    const current = await readHost(kc, host, signal);
    if (!current) throw new Refusal(404, `Host ${host.name} is gone.`);
    if (current.metadata.uid !== host.uid) throw recreated(`Host ${host.name}`);
    return current;
  };
  const patchHost = (patch: { type: 'merge'; body: Record<string, unknown> } | { type: 'json'; ops: unknown[] }, context: string, signal: AbortSignal) =>
    patchObject(kc, { kind: BareMetalHostKind, namespace: host.namespace, name: host.name, patch, context, signal });
  const noDetach: StepResult = { state: 'skipped', message: 'The host was registering: BMO lets its BMC change without detaching it.' };
  const setStepMessage = (id: BmcChangeStepId, message: string) =>
    flow.update((progress) => {
      const step = progress.steps.find((s) => s.id === id);
      if (step && step.message !== message) step.message = message;
    });

  const steps: Record<BmcChangeStepId, (signal: AbortSignal) => Promise<StepResult>> = {
    async detach(signal) {
      if (!intent.detach) return noDetach;
      const current = await liveHost(signal);
      if (current.metadata.annotations?.[DETACHED_ANNOTATION] !== undefined) return { state: 'skipped', message: 'The host was already detached.' };
      await patchHost(annotationPatch(current, DETACHED_ANNOTATION, ''), `detach host ${host.name}`, signal);
      return { state: 'done', message: `${DETACHED_ANNOTATION} set.` };
    },
    async waitDetached(signal) {
      if (!intent.detach) return noDetach;
      return waitUntil({
        what: `BMO to report host ${host.name} detached (it detaches only provisioned, externally provisioned or available hosts)`,
        signal,
        timeoutMs: TIMEOUTS.detachedMs,
        check: async () => {
          const current = await liveHost(signal);
          return current.status?.operationalStatus === 'detached' ? { state: 'done' as const, message: 'operationalStatus is detached: BMO no longer manages the host.' } : undefined;
        },
      });
    },
    async update(signal) {
      const current = await liveHost(signal);
      if (intent.newSecret) {
        const secret = await getOptional(kc, { kind: SecretKind, namespace: host.namespace, name: intent.newSecret.name, schema: metadataOnlySchema, signal });
        if (!secret || secret.metadata.uid !== intent.newSecret.uid) throw new Refusal(409, `The new credentials Secret ${intent.newSecret.name} was deleted since the change started. Cancel it and start again.`);
      }
      const want = desiredBmc(intent);
      const bmc = current.spec?.bmc ?? {};
      const changes = Object.entries(want).filter(([key, value]) => bmc[key as keyof typeof bmc] !== value);
      if (changes.length === 0) return { state: 'skipped', message: 'spec.bmc already has the new settings.' };
      // CRDs reject strategic merge: JSON Patch, guarded by the uid.
      await patchHost(
        {
          type: 'json',
          ops: [
            { op: 'test', path: '/metadata/uid', value: host.uid },
            ...(current.spec?.bmc ? [] : [{ op: 'add', path: '/spec/bmc', value: {} }]),
            ...changes.map(([key, value]) => ({ op: 'add', path: `/spec/bmc/${key}`, value })),
          ],
        },
        `update spec.bmc of host ${host.name}`,
        signal,
      );
      return { state: 'done', message: `spec.bmc updated: ${changes.map(([key, value]) => `${key} ${String(value)}`).join(', ')}.` };
    },
    async attach(signal) {
      if (!intent.detach) return noDetach;
      const current = await liveHost(signal);
      if (current.metadata.annotations?.[DETACHED_ANNOTATION] === undefined) return { state: 'skipped', message: 'The host was already attached.' };
      await patchHost(annotationPatch(current, DETACHED_ANNOTATION, null), `reattach host ${host.name}`, signal);
      return { state: 'done', message: `${DETACHED_ANNOTATION} removed: BMO registers the host again.` };
    },
    async verify(signal) {
      const first = await liveHost(signal);
      const errorsBefore = first.status?.errorCount ?? 0;
      const expected = intent.newSecret?.name ?? first.spec?.bmc?.credentialsName;
      return waitUntil({
        what: `host ${host.name} to be OK with its new BMC settings verified (goodCredentials naming Secret ${expected ?? '(none)'})`,
        signal,
        timeoutMs: TIMEOUTS.verifiedMs,
        check: async (): Promise<StepResult | undefined> => {
          const current = await liveHost(signal);
          const status = current.status;
          const good = status?.goodCredentials;
          const secret = expected ? await getOptional(kc, { kind: SecretKind, namespace: host.namespace, name: expected, schema: metadataOnlySchema, signal }) : undefined;
          const verified = good?.credentials?.name === expected && secret !== undefined && good?.credentialsVersion === secret.metadata.resourceVersion;
          if (status?.operationalStatus === 'OK' && verified) {
            return { state: 'done', message: `OK: BMO verified Secret ${expected} (resourceVersion ${good?.credentialsVersion}) against the BMC${intent.address !== undefined ? ` at ${intent.address}` : ''}.` };
          }
          if (status?.operationalStatus === 'error') {
            const fresh = (status.errorCount ?? 0) > errorsBefore && /registration error/.test(status.errorType ?? '');
            if (fresh) throw new Refusal(409, `BMO could not register the host with the new BMC settings: ${status.errorMessage ?? status.errorType}. Check them and start a new change.`);
            setStepMessage('verify', `Waiting; BMO reports: ${status.errorType}${status.errorMessage ? `: ${status.errorMessage}` : ''}.`);
          } else {
            setStepMessage('verify', `Waiting; operationalStatus ${status?.operationalStatus ?? 'not set'}, goodCredentials ${good?.credentials?.name ?? 'none'}${good?.credentialsVersion ? ` (${good.credentialsVersion})` : ''}.`);
          }
          return undefined;
        },
      });
    },
  };

  const definitions: FlowStepDefinition[] = BMC_CHANGE_STEPS.map((step) => ({ id: step.id, label: step.label, run: steps[step.id] }));
  const flow: Flow<BmcChangeProgress> = new Flow<BmcChangeProgress>(hostKey(host), {
    progress: { intent },
    steps: definitions,
    owner: options.owner,
    // The host holds the intent the pages and resume read.
    heartbeat: { kc, kind: BMC_CHANGE_INTENT_KIND, targets: [{ kind: BareMetalHostKind, namespace: host.namespace, name: host.name, uid: host.uid }] },
    stillRecorded: async (signal) => {
      const current = await readHost(kc, host, signal);
      if (!current || current.metadata.uid !== host.uid) return false;
      const recorded = recordedBmcChange(current.metadata.annotations);
      return recorded.state === 'verified' && recorded.intent.requestedAt === intent.requestedAt;
    },
    onEnd: async (progress) => {
      if (progress.status !== 'completed' && progress.status !== 'failed') return;
      if (progress.status === 'completed') {
        // Done: nothing left to resume. Cleared with the owner's credentials, only if still this change's record.
        const current = await readHost(kc, host);
        const recorded = current ? recordedBmcChange(current.metadata.annotations) : undefined;
        if (current?.metadata.uid === host.uid && recorded?.state === 'verified' && recorded.intent.requestedAt === intent.requestedAt) {
          await annotate(kc, { kind: BareMetalHostKind, ...host, key: DAY2_ANNOTATIONS.bmcChange, value: null });
        }
      }
      await recordConsoleEvent(kc, {
        host,
        user: options.owner.username,
        action: 'bmc-change',
        outcome: progress.status === 'completed' ? 'completed' : 'failed',
        message:
          progress.status === 'completed'
            ? `BMO verified the new BMC settings${intent.newSecret ? ` (Secret ${intent.newSecret.name})` : ''}.${intent.previous.credentialsName && intent.newSecret ? ` The previous Secret ${intent.previous.credentialsName} is no longer used.` : ''}`
            : (progress.error ?? 'The change stopped.'),
      });
    },
  });
  return flow;
}

type Caller = { session: Session; hub: InventoryHub; host: HostRef };

/** The Secret a first try of this submission made (its label names the operation), if any. */
async function secretOfOperation(kc: KubeConfig, options: { namespace: string; operationId: string }) {
  const { items } = await listObjects(kc, { kind: SecretKind, namespace: options.namespace, schema: metadataOnlySchema, labelSelector: `${BMC_CHANGE_LABEL}=${options.operationId}` });
  return items[0];
}

/**
 * startBmcChange: checks the policies and the new address (as enrollment checks one) against the
 * live host, makes the NEW credentials Secret (or finds the one a retry of this submission made),
 * records the sealed intent on the host with the caller's credentials, runs the flow and records
 * an Event. Answers an outcome; the password appears in none of it.
 */
export async function startBmcChange(kc: KubeConfig, options: Caller & { request: BmcChangeRequest }): Promise<ActionOutcome & { newSecret?: string }> {
  const { host, session, request } = options;
  let uid: string | undefined;
  let detach = true;
  let newSecretName: string | undefined;
  const answer = async (result: ActionOutcome['result'], message: string, status?: number) => ({
    host,
    action: 'bmc-change' as const,
    result,
    message,
    oc: ocCommand('bmc-change', {
      host,
      bmc: {
        ...(request.address !== undefined ? { address: request.address } : {}),
        ...(newSecretName ? { newSecret: newSecretName } : {}),
        credentials: request.credentials !== undefined,
        ...(request.disableCertificateVerification !== undefined ? { disableCertificateVerification: request.disableCertificateVerification } : {}),
        detach,
      },
    }),
    event: await recordConsoleEvent(kc, { host: { ...host, ...(uid ? { uid } : {}) }, user: session.username, action: 'bmc-change', outcome: result === 'ok' ? 'started' : result, message }),
    ...(status ? { status } : {}),
    ...(newSecretName ? { newSecret: newSecretName } : {}),
  });
  try {
    // Optimistic concurrency: BMO writes the host's status meanwhile; re-read, re-check and record again.
    return await retryOnConflict(async () => {
      if (bmcChanges.known(hostKey(host))?.active) return await answer('refused', `A BMC change of host ${host.name} is already running.`, 409);
      const target = await readDay2Target(kc, { hub: options.hub, host });
      uid = target.host.metadata.uid;
      const verdict = actionVerdict('bmc-change', target.facts);
      if (verdict.kind !== 'ok') return await answer('refused', verdict.kind === 'refused' ? verdict.reason : verdict.message, 409);
      const spec = target.host.spec;
      const checked = bmcChangeRequestSchemaFor({
        newWorker: !spec?.externallyProvisioned,
        ...(spec?.bootMACAddress ? { bootMACAddress: spec.bootMACAddress } : {}),
        ...(spec?.bootMode ? { bootMode: spec.bootMode } : {}),
      }).safeParse(request);
      if (!checked.success) throw new Refusal(422, 'Fix the fields marked below.', { fields: fieldErrors(checked.error) });
      const bmc = target.host.spec?.bmc ?? {};
      const state = target.facts.state;
      detach = bmcChangeDetachesFirst(state);
      const unchanged =
        (request.address === undefined || request.address === bmc.address) &&
        request.credentials === undefined &&
        (request.disableCertificateVerification === undefined || request.disableCertificateVerification === bmc.disableCertificateVerification);
      if (unchanged) return await answer('noop', `Host ${host.name} already has this BMC address; nothing changes.`);

      let newSecret: BmcChangeIntent['newSecret'];
      if (request.credentials) {
        const existing = await secretOfOperation(kc, { namespace: host.namespace, operationId: request.operationId });
        const secret =
          existing ??
          metadataOnlySchema.parse(
            await createObject(kc, {
              kind: SecretKind,
              namespace: host.namespace,
              manifest: {
                // A NEW Secret: the old one is never rewritten (BMO verified it; goodCredentials names it).
                metadata: {
                  generateName: `${host.name.slice(0, 200)}-bmc-`,
                  namespace: host.namespace,
                  labels: { [BMC_CHANGE_LABEL]: request.operationId },
                  annotations: { [ANNOTATIONS.operationId]: request.operationId, [ANNOTATIONS.enrolledBy]: session.username },
                },
                type: 'Opaque',
                stringData: { username: request.credentials.username, password: request.credentials.password },
              },
              context: `create the new BMC credentials Secret of host ${host.name}`,
            }),
          );
        newSecret = { name: secret.metadata.name, uid: secret.metadata.uid };
        newSecretName = secret.metadata.name;
      }
      const intent: BmcChangeIntent = {
        host: { ...host, uid: target.host.metadata.uid },
        ...(request.address !== undefined && request.address !== bmc.address ? { address: request.address } : {}),
        ...(request.disableCertificateVerification !== undefined ? { disableCertificateVerification: request.disableCertificateVerification } : {}),
        ...(newSecret ? { newSecret } : {}),
        previous: { ...(bmc.address ? { address: bmc.address } : {}), ...(bmc.credentialsName ? { credentialsName: bmc.credentialsName } : {}) },
        detach,
        requestedBy: session.username,
        requestedAt: new Date().toISOString(),
      };
      await patchObject(kc, {
        kind: BareMetalHostKind,
        ...host,
        patch: {
          type: 'merge',
          body: { metadata: { ...(target.host.metadata.resourceVersion ? { resourceVersion: target.host.metadata.resourceVersion } : {}), annotations: { [DAY2_ANNOTATIONS.bmcChange]: sealIntent(BMC_CHANGE_INTENT_KIND, intent) } } },
        },
        context: `record the BMC change on host ${host.name}`,
      });
      bmcChanges.run(bmcChangeFlow(kc, { intent, owner: session }));
      const what = [intent.address !== undefined ? `address ${intent.address}` : '', newSecret ? `new credentials Secret ${newSecret.name}` : '', intent.disableCertificateVerification !== undefined ? `certificate verification ${intent.disableCertificateVerification ? 'off' : 'on'}` : '']
        .filter(Boolean)
        .join(', ');
      return await answer('ok', `BMC change started (${what}): ${detach ? 'detach, update, reattach' : 'update (the host is registering)'}, then wait for BMO to verify.`);
    });
  } catch (error) {
    if (error instanceof Refusal && error.fields) throw error;
    if (error instanceof ClusterError || error instanceof Refusal) return answer('failed', error.userMessage, error.status);
    throw error;
  }
}

/**
 * cancelBmcChange: clears the record with the caller's credentials first (403: nothing stops),
 * then stops a flow running here before its next step. Says whether the host is left detached.
 */
export async function cancelBmcChange(kc: KubeConfig, options: Caller): Promise<ActionOutcome> {
  const { host, session } = options;
  const flow = bmcChanges.known(hostKey(host));
  let uid: string | undefined;
  const answer = async (result: ActionOutcome['result'], message: string, status?: number): Promise<ActionOutcome> => ({
    host,
    action: 'bmc-change',
    result,
    message,
    oc: ocCommand('attach', { host }),
    event: await recordConsoleEvent(kc, { host: { ...host, ...(uid ? { uid } : {}) }, user: session.username, action: 'bmc-change', outcome: result === 'ok' ? 'cancelled' : result, message }),
    ...(status ? { status } : {}),
  });
  try {
    const live = await readHost(kc, host);
    uid = live?.metadata.uid;
    const recorded = live ? recordedBmcChange(live.metadata.annotations) : undefined;
    if (live && recorded?.state !== 'none') await annotate(kc, { kind: BareMetalHostKind, ...host, key: DAY2_ANNOTATIONS.bmcChange, value: null });
    if (flow?.active) {
      flow.stop('cancelled');
      await flow.ended();
    }
    if ((!recorded || recorded.state === 'none') && !flow?.active) return await answer('noop', `No BMC change of host ${host.name} is recorded or running.`);
    const detached = live?.metadata.annotations?.[DETACHED_ANNOTATION] !== undefined;
    return await answer('ok', `BMC change cancelled.${detached ? ' The host is still detached: attach it when its BMC settings are right.' : ''}`);
  } catch (error) {
    if (error instanceof ClusterError || error instanceof Refusal) return answer('failed', error.userMessage, error.status);
    throw error;
  }
}

/** resumeBmcChange: an explicit request to run a change recorded on the host that no console runs here (never on a page view). */
export async function resumeBmcChange(kc: KubeConfig, options: Caller): Promise<Flow<BmcChangeProgress>> {
  const { host } = options;
  const running = bmcChanges.known(hostKey(host));
  if (running?.active) throw new Refusal(409, `The BMC change of host ${host.name} is already running here (started by ${running.owner}).`);
  const live = await readHost(kc, host);
  if (!live) throw new Refusal(404, `Host ${host.name} does not exist.`);
  const recorded = recordedBmcChange(live.metadata.annotations);
  if (recorded.state === 'none') throw new Refusal(404, `No BMC change is recorded on host ${host.name}.`);
  if (recorded.state === 'unverified') throw new Refusal(409, `The BMC change recorded on host ${host.name} is not one this console can verify (${recorded.reason}); cancel it, then start a new one.`);
  if (recorded.intent.host.name !== host.name || recorded.intent.host.namespace !== host.namespace || recorded.intent.host.uid !== live.metadata.uid) {
    throw new Refusal(409, `The BMC change recorded on host ${host.name} is for another host; cancel it, then start a new one.`);
  }
  refuseIfRunningElsewhere(BMC_CHANGE_INTENT_KIND, live.metadata.annotations, `The BMC change of host ${host.name}`);
  return bmcChanges.run(bmcChangeFlow(kc, { intent: recorded.intent, owner: options.session }));
}
