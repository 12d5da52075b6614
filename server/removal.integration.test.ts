/**
 * Host removal against the local cluster: a provisioned worker whose node carries a DaemonSet pod,
 * an emptyDir pod, a bare pod and a Deployment under a PodDisruptionBudget. Users with small
 * rights are real ServiceAccounts: RBAC is the apiserver's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAccountWithRole, testSession } from '@/e2e/cluster/identities';
import { type KubeObject, ObjectClient, adminKubeConfig, waitFor } from '@/e2e/cluster/kube';
import { controlPlaneNodeWithoutKubelet, drainWorkloads, provisionedWorkerWithNode, scaleWeb, workerNode } from '@/e2e/cluster/removal-fixture';
import { deleteWorker } from '@/e2e/cluster/seed';
import { BareMetalHostKind, EventKind, NamespaceKind, NodeKind, SecretKind } from '@/lib/k8s/kinds';
import { ANNOTATIONS, MACHINE_API_NAMESPACE, flowAliveAnnotation } from '@/lib/metal3/constants';
import { type RemovalProgress, podStateText, removalProgressSchema } from '@/lib/removal/progress';
import { ClusterError, Refusal } from './errors';
import { REPLICA_ID, parseHeartbeat } from './flows/heartbeat';
import { annotate } from './kube/objects';
import { enrollmentProof, nodeNameAnnotations } from './host-seals';
import { tokenKubeConfig } from './kube/identity';
import { removalKey, removals } from './removal/flow';
import { authorizeRemovalView, cancelRemoval, recordedRemovalOf, resumeRemoval, startRemoval, uncordonAfterRemoval } from './removal/intents';
import { describeRemoval } from './removal/target';
import { InventoryHub } from './watch/inventory-hub';

const kc = adminKubeConfig();
const admin = new ObjectClient(kc);
const hub = new InventoryHub(kc);
const HOST = 'it-remove-worker';
const NODE = 'it-remove-node';
const SPARE = 'it-remove-spare';
const NAMESPACE = 'it-removal';
const POOL = { 'bmconsole.test/pool': 'it-removal' };
const OPERATION = 'it-remove-enrollment';
const host = { namespace: MACHINE_API_NAMESPACE, name: HOST };
const adminSession = testSession({ username: 'it-admin' });
const noOptions = { force: false, deleteEmptyDirData: false, deleteInventoryRecord: false };
const allOptions = { force: true, deleteEmptyDirData: true, deleteInventoryRecord: false };

type Annotated = KubeObject & { spec?: { unschedulable?: boolean; customDeploy?: unknown } };

/** A user with small rights, signed in: its own credentials and session. */
async function smallUser(name: string, rules: unknown[]) {
  const token = await serviceAccountWithRole(admin, { namespace: 'default', name, rules });
  return { kc: tokenKubeConfig(token), session: testSession({ token, username: `system:serviceaccount:default:${name}` }) };
}

let readOnly: Awaited<ReturnType<typeof smallUser>>;
let annotator: Awaited<ReturnType<typeof smallUser>>;

beforeAll(async () => {
  await provisionedWorkerWithNode(admin, { host: HOST, node: NODE, ip: '192.168.111.81', mac: '52:54:00:00:0c:01', nodeLabels: POOL, enrollment: { operationId: OPERATION, proof: (uid, secretUids) => enrollmentProof(uid, { operationId: OPERATION, secretUids }) } });
  await drainWorkloads(admin, { namespace: NAMESPACE, nodeSelector: POOL, bareOn: NODE });
  readOnly = await smallUser('it-removal-viewer', [
    { apiGroups: ['metal3.io'], resources: ['baremetalhosts'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['nodes', 'pods', 'secrets'], verbs: ['get', 'list', 'watch'] },
  ]);
  // May only patch (annotate) BareMetalHosts and Nodes: the attacker of finding 1.
  annotator = await smallUser('it-removal-annotator', [
    { apiGroups: ['metal3.io'], resources: ['baremetalhosts'], verbs: ['get', 'list', 'watch', 'patch'] },
    { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch', 'patch'] },
  ]);
}, 240_000);

afterAll(async () => {
  hub.stop();
  await deleteWorker(admin, { host: HOST, node: NODE });
  await admin.delete(SecretKind, `${HOST}-network-config-secret`, MACHINE_API_NAMESPACE);
  await admin.delete(NodeKind, SPARE);
  await admin.delete(NamespaceKind, NAMESPACE);
}, 180_000);

/** A console process running the removal; its progress lines, as they come. */
function consoleProcess(options: Record<string, unknown>): { child: ChildProcess; progress: RemovalProgress[] } {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'e2e/cluster/removal-process.ts', MACHINE_API_NAMESPACE, HOST, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  const progress: RemovalProgress[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => progress.push(removalProgressSchema.parse(JSON.parse(line))));
  return { child, progress };
}

const annotationOf = async (kind: typeof BareMetalHostKind | typeof NodeKind, name: string) =>
  (await admin.get<Annotated>(kind, name, kind === BareMetalHostKind ? MACHINE_API_NAMESPACE : undefined))?.metadata.annotations?.[ANNOTATIONS.removal];

type EventSubject = ['BareMetalHost' | 'Node', string, string];

/** The console's Events with this reason on a host (its namespace) or a node (namespace default): Event name → message. */
async function consoleEvents(...[kind, name, reason]: EventSubject): Promise<Map<string, string>> {
  const events = await admin.list<KubeObject & { message?: string }>(EventKind, {
    namespace: kind === 'Node' ? 'default' : MACHINE_API_NAMESPACE,
    fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name},reason=${reason}`,
  });
  return new Map(events.map((e) => [e.metadata.name ?? '', e.message ?? '']));
}

/** The messages of the Events recorded since `before` was read (earlier tests record the same words on the same host). */
async function eventsSince(before: Map<string, string>, ...subject: EventSubject): Promise<string[]> {
  return [...(await consoleEvents(...subject))].filter(([name]) => !before.has(name)).map(([, message]) => message);
}

const HEARTBEAT = flowAliveAnnotation('removal');
const heartbeatOf = async (kind: typeof BareMetalHostKind | typeof NodeKind, name: string) =>
  (await admin.get<Annotated>(kind, name, kind === BareMetalHostKind ? MACHINE_API_NAMESPACE : undefined))?.metadata.annotations?.[HEARTBEAT];

const refusalOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Refusal | ClusterError);

describe('removing a provisioned, joined host', () => {
  it('refuses without options, naming each pod and the option that would allow it, and changes nothing', async () => {
    const refusal = await refusalOf(startRemoval(kc, { hub, host, removal: noOptions, session: adminSession }));
    expect(refusal).toBeInstanceOf(Refusal);
    const message = (refusal as Refusal).userMessage;
    expect(message).toMatch(/it-removal\/cache-[a-z0-9-]+ \(has emptyDir data, which would be lost; allowed by deleteEmptyDirData\)/);
    expect(message).toContain('it-removal/debug (has no controller: it will not come back; allowed by force)');
    const node = await admin.get<Annotated>(NodeKind, NODE);
    expect(node?.spec?.unschedulable).toBeFalsy();
    expect(node?.metadata.annotations?.[ANNOTATIONS.removal]).toBeUndefined();
  });

  it('plans to delete only the Secrets the console made for this host', async () => {
    const target = await describeRemoval(kc, { hub, host });
    expect(target.node).toBe(NODE);
    expect(target.secrets).toEqual([
      { name: `${HOST}-network-config-secret`, role: 'network', fate: 'delete', reason: 'the console made it when it enrolled this host' },
      { name: `${HOST}-bmc-secret`, role: 'bmc', fate: 'delete', reason: 'the console made it when it enrolled this host' },
    ]);
  });

  it('keeps another host’s Secret when this host’s operation id and enrollment proof were copied from that host', async () => {
    // A user who may annotate hosts copies the enrolled host's provenance onto a seeded one and
    // points it at the enrolled host's network Secret (as a fresh review did).
    const seeded = { namespace: MACHINE_API_NAMESPACE, name: 'openshift-worker-1' };
    const live = await admin.get<Annotated & { spec?: { preprovisioningNetworkDataName?: string } }>(BareMetalHostKind, HOST, MACHINE_API_NAMESPACE);
    const copied = { [ANNOTATIONS.operationId]: OPERATION, [ANNOTATIONS.enrollmentProof]: live?.metadata.annotations?.[ANNOTATIONS.enrollmentProof] ?? '' };
    await new ObjectClient(annotator.kc).mergePatch(BareMetalHostKind, { ...seeded, body: { metadata: { annotations: copied } } });
    await admin.mergePatch(BareMetalHostKind, { ...seeded, body: { spec: { preprovisioningNetworkDataName: `${HOST}-network-config-secret` } } });
    try {
      const target = await describeRemoval(kc, { hub, host: seeded });
      expect(target.secrets).toContainEqual({
        name: `${HOST}-network-config-secret`,
        role: 'network',
        fate: 'kept',
        reason: 'the console did not make it for this host, so it never deletes it; delete it yourself if nothing uses it',
      });
    } finally {
      await admin.mergePatch(BareMetalHostKind, { ...seeded, body: { metadata: { annotations: { [ANNOTATIONS.operationId]: null, [ANNOTATIONS.enrollmentProof]: null } }, spec: { preprovisioningNetworkDataName: null } } });
    }
  });

  it('keeps a Secret marked with this host’s own operation id that its enrollment did not create', async () => {
    // A user who may patch Secrets and hosts marks another Secret with the enrolled host's operation id and points the host at it.
    const other = 'it-remove-not-enrolled-secret';
    await admin.ensure(SecretKind, { metadata: { name: other, namespace: MACHINE_API_NAMESPACE, annotations: { [ANNOTATIONS.operationId]: OPERATION } }, type: 'Opaque', stringData: { nmstate: 'interfaces: []' } });
    await admin.mergePatch(BareMetalHostKind, { ...host, body: { spec: { preprovisioningNetworkDataName: other } } });
    try {
      const target = await describeRemoval(kc, { hub, host });
      expect(target.secrets).toContainEqual({ name: other, role: 'network', fate: 'kept', reason: 'the console did not make it for this host, so it never deletes it; delete it yourself if nothing uses it' });
    } finally {
      await admin.mergePatch(BareMetalHostKind, { ...host, body: { spec: { preprovisioningNetworkDataName: `${HOST}-network-config-secret` } } });
      await admin.delete(SecretKind, other, MACHINE_API_NAMESPACE);
    }
  });

  it('a forged removal record on the host is never acted on: viewing does not resume it, resuming is refused, nothing is cordoned', async () => {
    const forged = JSON.stringify({
      v: 1,
      body: JSON.stringify({ host: { ...host, uid: 'x' }, node: { name: 'controller1', uid: 'y' }, externallyProvisioned: false, options: allOptions, requestedBy: 'mallory', requestedAt: new Date().toISOString() }),
      mac: 'AAAA',
    });
    await new ObjectClient(annotator.kc).mergePatch(BareMetalHostKind, { ...host, body: { metadata: { annotations: { [ANNOTATIONS.removal]: forged } } } });
    // What the progress page's stream says (a GET): only a description.
    expect(await recordedRemovalOf(readOnly.kc, host)).toMatchObject({ state: 'unverified' });
    expect(removals.known(removalKey(host))).toBeUndefined();
    const refusal = await refusalOf(resumeRemoval(kc, { hub, host, session: adminSession }));
    expect((refusal as Refusal).userMessage).toMatch(/not one this console can verify/);
    expect((await admin.get<Annotated>(NodeKind, 'controller1'))?.spec?.unschedulable).toBeFalsy();
    expect((await admin.get<Annotated>(NodeKind, NODE))?.spec?.unschedulable).toBeFalsy();
    // A new removal replaces it; cancelling clears it (below); here an administrator clears it.
    await cancelRemoval(kc, { host, session: adminSession });
    expect(await annotationOf(BareMetalHostKind, HOST)).toBeUndefined();
  });

  it('a sealed record copied from another host is refused: it names another host', async () => {
    const other = { namespace: MACHINE_API_NAMESPACE, name: 'openshift-worker-1' };
    const flow = await startRemoval(kc, { hub, host, removal: allOptions, session: adminSession });
    await waitFor('the drain to be blocked by the PDB', async () => flow.progress.pods.find((p) => p.state === 'blocked'), { timeoutMs: 60_000 });
    const sealed = await annotationOf(BareMetalHostKind, HOST);
    await cancelRemoval(kc, { host, session: adminSession });
    await new ObjectClient(annotator.kc).mergePatch(BareMetalHostKind, { ...other, body: { metadata: { annotations: { [ANNOTATIONS.removal]: sealed } } } });
    // Looking says so at once: the copy is not shown as this host's removal, and nothing offers to resume it.
    expect(await recordedRemovalOf(kc, other)).toEqual({
      state: 'unverified',
      reason: `the record was written for host ${HOST}, not this one (copied here): it is never acted on`,
      hostGone: false,
    });
    const refusal = await refusalOf(resumeRemoval(kc, { hub, host: other, session: adminSession }));
    expect((refusal as Refusal).userMessage).toBe('The removal recorded on host openshift-worker-1 is for another host; cancel it, then start a new removal.');
    await cancelRemoval(kc, { host: other, session: adminSession });
    await uncordonAfterRemoval(kc, { hub, host, session: adminSession });
  }, 120_000);

  it('cancel stops before the next step, forgets the intent, and the node can be uncordoned; each an Event naming the user', async () => {
    const subjects: Record<string, EventSubject> = {
      removeHost: ['BareMetalHost', HOST, 'ConsoleRemove'],
      removeNode: ['Node', NODE, 'ConsoleRemove'],
      uncordonHost: ['BareMetalHost', HOST, 'ConsoleUncordon'],
      uncordonNode: ['Node', NODE, 'ConsoleUncordon'],
    };
    const before = Object.fromEntries(await Promise.all(Object.entries(subjects).map(async ([key, subject]) => [key, await consoleEvents(...subject)] as const)));
    const since = (key: string) => eventsSince(before[key]!, ...subjects[key]!);
    const flow = await startRemoval(kc, { hub, host, removal: allOptions, session: adminSession });
    await waitFor('the drain to be blocked by the PDB', async () => flow.progress.pods.find((p) => p.state === 'blocked' && p.pdb === 'web-pdb'), { timeoutMs: 60_000 });
    const { progress: cancelled } = await cancelRemoval(kc, { host, session: adminSession });
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.cordoned).toBe(true);
    expect(cancelled?.steps.map((s) => s.state)).toEqual(['done', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    const hostObject = await admin.get<Annotated>(BareMetalHostKind, HOST, MACHINE_API_NAMESPACE);
    expect(hostObject?.metadata.annotations?.[ANNOTATIONS.removal], 'nothing will resume it').toBeUndefined();
    expect(await annotationOf(NodeKind, NODE), 'nor from the node').toBeUndefined();
    expect(hostObject?.spec?.customDeploy, 'the host was not touched').toBeDefined();
    expect(await uncordonAfterRemoval(kc, { hub, host, session: adminSession })).toEqual({ node: NODE, changed: true });
    expect((await admin.get<Annotated>(NodeKind, NODE))?.spec?.unschedulable).toBeFalsy();
    // A second one has nothing to do, and records nothing as done.
    expect(await uncordonAfterRemoval(kc, { hub, host, session: adminSession })).toEqual({ node: NODE, changed: false });

    // Each step is an Event naming the user, on the host and its node (`oc get events` says who did what).
    const started = `it-admin — Remove host: started. Removal of host ${HOST} (drains node ${NODE}) started.`;
    const cancelledEvent = `it-admin — Remove host: cancelled. Removal of host ${HOST} cancelled (started by it-admin); cleared on host ${HOST} and node ${NODE}.`;
    expect((await since('removeHost')).sort()).toEqual([started, cancelledEvent].sort());
    expect((await since('removeNode')).sort()).toEqual([started, cancelledEvent].sort());
    const uncordoned = `it-admin — Uncordon node after a removal: done. Node ${NODE} uncordoned after the removal of host ${HOST} was cancelled: new pods may be scheduled there again.`;
    expect(await since('uncordonHost')).toEqual([uncordoned]);
    expect(await since('uncordonNode')).toEqual([uncordoned]);
  }, 120_000);

  it("a read-only user can neither cancel another user's removal nor uncordon its node, and does not see it without the rights", async () => {
    const flow = await startRemoval(kc, { hub, host, removal: allOptions, session: adminSession });
    await waitFor('the drain to be blocked by the PDB', async () => flow.progress.pods.find((p) => p.state === 'blocked'), { timeoutMs: 60_000 });

    const cancel = await refusalOf(cancelRemoval(readOnly.kc, { host, session: readOnly.session }));
    expect((cancel as ClusterError).reason).toBe('Forbidden');
    expect(flow.active, 'the removal goes on').toBe(true);
    expect(await annotationOf(BareMetalHostKind, HOST), 'its record stays').toBeDefined();

    const uncordon = await refusalOf(uncordonAfterRemoval(readOnly.kc, { hub: new InventoryHub(readOnly.kc), host, session: readOnly.session }));
    expect((uncordon as Refusal).userMessage).toBe(`The removal of host ${HOST} is running; cancel it first.`);
    expect((await admin.get<Annotated>(NodeKind, NODE))?.spec?.unschedulable).toBe(true);

    const stranger = await smallUser('it-removal-stranger', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]);
    const view = await refusalOf(authorizeRemovalView(stranger.kc, { session: stranger.session, host, drainsNode: true }));
    expect((view as Refusal).status).toBe(403);
    await expect(authorizeRemovalView(readOnly.kc, { session: readOnly.session, host, drainsNode: true })).resolves.toBeUndefined();

    await cancelRemoval(kc, { host, session: adminSession });
    await uncordonAfterRemoval(kc, { hub, host, session: adminSession });
  }, 120_000);

  it('with the options: blocked by the PDB (named), runs in one console process at a time (its heartbeat), pauses on SIGTERM, resumes on request in another, and leaves nothing behind', async () => {
    const first = consoleProcess({ force: true, deleteEmptyDirData: true });
    const blocked = await waitFor('the first console to report the PDB block', async () => first.progress.at(-1)?.pods.find((p) => p.state === 'blocked'), { timeoutMs: 60_000 });
    expect(podStateText(blocked)).toBe('blocked by PodDisruptionBudget web-pdb');
    const beforeStop = first.progress.at(-1)!;
    expect(beforeStop.steps.find((s) => s.id === 'cordon')?.state).toBe('done');

    // While the other process runs it, its heartbeat is fresh on the host and the node: this process
    // (another replica) says it runs elsewhere and refuses to resume it, which would run it twice.
    const other = await waitFor('the first console to keep its heartbeat on the host', async () => parseHeartbeat(await heartbeatOf(BareMetalHostKind, HOST)));
    expect(other.replica).not.toBe(REPLICA_ID);
    expect(parseHeartbeat(await heartbeatOf(NodeKind, NODE))?.replica).toBe(other.replica);
    expect(await recordedRemovalOf(kc, host)).toMatchObject({ state: 'verified', requestedBy: 'removal-process', running: false, elsewhere: { seenSecondsAgo: expect.any(Number) } });
    const refused = await refusalOf(resumeRemoval(kc, { hub, host, session: adminSession }));
    expect((refused as Refusal).status).toBe(409);
    expect((refused as Refusal).userMessage).toMatch(new RegExp(`^The removal of host ${HOST} is running on another replica of the console \\(seen \\d+ s ago\\)`));
    expect(removals.known(removalKey(host))?.active, 'nothing runs here').toBeFalsy();

    // SIGTERM, as Kubernetes stops a pod: the flow pauses at its step and clears its heartbeat
    // before the process exits; the intent stays recorded.
    first.child.kill('SIGTERM');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(await heartbeatOf(BareMetalHostKind, HOST), 'the heartbeat is gone from the host').toBeUndefined();
    expect(await heartbeatOf(NodeKind, NODE), 'and from the node').toBeUndefined();
    expect(await annotationOf(BareMetalHostKind, HOST), 'the intent stays').toBeDefined();

    // Anyone who may patch the host can write a heartbeat: a malformed one, or the stale one of a
    // replica that crashed, is ignored.
    for (const value of [`${other.replica} in a minute`, `${other.replica} ${new Date(Date.now() - 5 * 60_000).toISOString()}`]) {
      await annotate(annotator.kc, { kind: BareMetalHostKind, ...host, key: HEARTBEAT, value });
      const recorded = await recordedRemovalOf(kc, host);
      expect(recorded, value).toMatchObject({ state: 'verified', requestedBy: 'removal-process', running: false });
      expect(recorded.state === 'verified' && recorded.elsewhere, value).toBeFalsy();
    }

    // This process resumes it only when asked, and keeps its own heartbeat meanwhile.
    const resumed = await resumeRemoval(kc, { hub, host, session: adminSession });
    await waitFor('this console to keep its heartbeat on the host', async () => (parseHeartbeat(await heartbeatOf(BareMetalHostKind, HOST))?.replica === REPLICA_ID ? true : undefined));
    const seen: RemovalProgress[] = [];
    resumed.subscribe((progress) => seen.push(structuredClone(progress)));
    await waitFor('the resumed drain to be blocked by the PDB again', async () => seen.at(-1)?.pods.find((p) => p.state === 'blocked' && p.pdb === 'web-pdb'), { timeoutMs: 30_000 });
    expect(seen.at(-1)?.intent.requestedBy).toBe('removal-process');

    // One more replica, on a node that can take it, releases the budget.
    await admin.ensure(NodeKind, workerNode({ name: SPARE, ip: '192.168.111.82', labels: POOL }));
    await scaleWeb(admin, { namespace: NAMESPACE, replicas: 3 });
    await resumed.ended();

    const final = resumed.progress;
    expect(final.error).toBeUndefined();
    expect(final.status).toBe('completed');
    expect(final.steps.map((s) => [s.id, s.state])).toEqual([
      ['cordon', 'done'],
      ['drain', 'done'],
      ['customDeploy', 'done'],
      ['deprovision', 'done'],
      ['deleteHost', 'done'],
      ['secrets', 'done'],
      ['deleteNode', 'done'],
    ]);
    expect(final.steps.find((s) => s.id === 'cordon')?.message).toBe(`Node ${NODE} was already cordoned.`);
    expect(final.steps.find((s) => s.id === 'secrets')?.message).toBe(
      `Network Secret ${HOST}-network-config-secret deleted. BMC Secret ${HOST}-bmc-secret deleted by the garbage collector (BMO's ownerReference).`,
    );
    expect(final.pods.filter((p) => p.state !== 'gone')).toEqual([]);
    expect(await admin.get(BareMetalHostKind, HOST, MACHINE_API_NAMESPACE)).toBeUndefined();
    expect(await admin.get(NodeKind, NODE)).toBeUndefined();
    expect(await admin.get(SecretKind, `${HOST}-network-config-secret`, MACHINE_API_NAMESPACE)).toBeUndefined();
    expect(await admin.get(SecretKind, `${HOST}-bmc-secret`, MACHINE_API_NAMESPACE)).toBeUndefined();
    // The Events outlive the host: who resumed it, and that it ended.
    expect([...(await consoleEvents('BareMetalHost', HOST, 'ConsoleRemove')).values()]).toEqual(
      expect.arrayContaining([
        `it-admin — Remove host: started. Removal of host ${HOST} resumed (recorded by removal-process).`,
        `it-admin — Remove host: completed. Host ${HOST} removed and node ${NODE} deleted.`,
      ]),
    );
  }, 300_000);
});

describe('a forged record on a node, once its host is gone', () => {
  it('a kubelet that annotates its own node cannot make the console act: resuming is refused', async () => {
    const gone = { namespace: MACHINE_API_NAMESPACE, name: 'it-remove-gone' };
    const forged = JSON.stringify({
      v: 1,
      body: JSON.stringify({ host: { ...gone, uid: 'x' }, node: { name: 'controller2', uid: 'y' }, networkSecret: { name: 'worker-user-data-managed', uid: 'z' }, externallyProvisioned: false, options: allOptions, requestedBy: 'kubelet', requestedAt: new Date().toISOString() }),
      mac: 'forged',
    });
    await new ObjectClient(annotator.kc).mergePatch(NodeKind, { name: 'controller2', body: { metadata: { annotations: { [ANNOTATIONS.removal]: forged } } } });
    try {
      expect(await recordedRemovalOf(kc, gone)).toMatchObject({ state: 'none', hostGone: true });
      const refusal = await refusalOf(resumeRemoval(kc, { hub, host: gone, session: adminSession }));
      expect((refusal as Refusal).userMessage).toBe('Host it-remove-gone is gone and no removal of it is recorded on a node.');
      expect((await admin.get<Annotated>(NodeKind, 'controller2'))?.spec?.unschedulable).toBeFalsy();
      expect(await admin.get(SecretKind, 'worker-user-data-managed', MACHINE_API_NAMESPACE)).toBeDefined();
    } finally {
      await admin.mergePatch(NodeKind, { name: 'controller2', body: { metadata: { annotations: { [ANNOTATIONS.removal]: null } } } });
    }
  });
});

describe('a host whose node cannot be told for sure', () => {
  const first = { namespace: MACHINE_API_NAMESPACE, name: 'it-remove-claim-a' };
  const second = { namespace: MACHINE_API_NAMESPACE, name: 'it-remove-claim-b' };

  afterAll(async () => {
    for (const h of [first, second]) await admin.delete(BareMetalHostKind, h.name, MACHINE_API_NAMESPACE);
  });

  it('is refused with the reason: the removal would otherwise power off a running node without a drain', async () => {
    // Two inventory-only hosts that both record node app1 as theirs: the inventory links neither.
    for (const [h, mac] of [
      [first, '52:54:00:00:0c:21'],
      [second, '52:54:00:00:0c:22'],
    ] as const) {
      await admin.ensure(BareMetalHostKind, {
        metadata: h,
        spec: { online: true, bootMACAddress: mac, bmc: { address: `redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/${h.name}`, credentialsName: 'none' }, externallyProvisioned: true },
      });
      // Sealed as the console records it at CSR approval (a record written by hand is not taken: below).
      const uid = (await admin.get(BareMetalHostKind, h.name, MACHINE_API_NAMESPACE))?.metadata.uid ?? '';
      await admin.mergePatch(BareMetalHostKind, { ...h, body: { metadata: { annotations: nodeNameAnnotations(uid, 'app1') } } });
    }
    await waitFor('the hub to see both claims', async () => ((await hub.snapshot()).hosts.filter((h) => h.recordedNodeName === 'app1').length === 2 ? true : undefined));
    const target = await describeRemoval(kc, { hub, host: first });
    expect(target.node).toBeUndefined();
    // openshift-worker-0 claims it too, by its static IP.
    expect(target.linkProblem).toMatch(/^Node app1 is claimed by hosts it-remove-claim-a and it-remove-claim-b and openshift-worker-0; linked to neither\.$/);
    const refusal = await refusalOf(startRemoval(kc, { hub, host: first, removal: { ...noOptions, deleteInventoryRecord: true }, session: adminSession }));
    expect((refusal as Refusal).userMessage).toMatch(/^The node of host it-remove-claim-a cannot be told for sure, so its drain cannot be planned: Node app1 is claimed/);
    expect(await admin.get(BareMetalHostKind, first.name, MACHINE_API_NAMESPACE)).toBeDefined();
  });
});

describe('a node name written on the host by a user who may only annotate it', () => {
  // A seeded worker, linked to node app1 by its static IP; the removal's own host is gone by now.
  const seeded = { namespace: MACHINE_API_NAMESPACE, name: 'openshift-worker-0' };

  it('does not make the host look node-less: the removal still plans the cordon and drain of its node', async () => {
    // Linked as before the forgery (the hosts of the previous test, which also claimed app1, may still be leaving).
    await waitFor('openshift-worker-0 linked to app1', async () => ((await describeRemoval(kc, { hub, host: seeded })).node === 'app1' ? true : undefined));
    await new ObjectClient(annotator.kc).mergePatch(BareMetalHostKind, { ...seeded, body: { metadata: { annotations: { [ANNOTATIONS.nodeName]: 'ghost' } } } });
    try {
      // BMO writes this host's status often: wait for the hub to hold this version or a newer one.
      const written = (await admin.get(BareMetalHostKind, seeded.name, MACHINE_API_NAMESPACE))?.metadata.resourceVersion;
      await waitFor('the hub to see the annotation', async () => ((await hub.snapshot()).hosts.some((h) => h.name === seeded.name && Number(h.resourceVersion) >= Number(written)) ? true : undefined));
      const target = await describeRemoval(kc, { hub, host: seeded });
      expect(target.node).toBe('app1');
      expect(target.linkProblem).toBeUndefined();
      expect(target.drain?.pods.length ?? 0).toBeGreaterThan(0);
    } finally {
      await admin.mergePatch(BareMetalHostKind, { ...seeded, body: { metadata: { annotations: { [ANNOTATIONS.nodeName]: null } } } });
    }
  });
});

describe('removing a control-plane host', () => {
  const controller1 = { namespace: MACHINE_API_NAMESPACE, name: 'controller1' };
  const down = ['it-cp-down-1', 'it-cp-down-2', 'it-cp-down-3'];
  const options = { force: true, deleteEmptyDirData: true, deleteInventoryRecord: true };

  afterAll(async () => {
    for (const name of down) await admin.delete(NodeKind, name);
  });

  it('needs its name typed, and is refused while it would break etcd quorum; nothing is touched', async () => {
    const unconfirmed = await refusalOf(startRemoval(kc, { hub, host: controller1, removal: options, session: adminSession }));
    expect(unconfirmed).toMatchObject({ status: 422, fields: { confirmHostName: 'Type controller1 to confirm.' } });

    // Three control-plane nodes no kubelet runs for: 3 of 6 Ready, and etcd needs 4.
    for (const [i, name] of down.entries()) {
      await admin.ensure(NodeKind, controlPlaneNodeWithoutKubelet({ name, ip: `192.168.111.25${i}` }));
    }
    await waitFor('the hub to see them', async () => ((await hub.snapshot()).nodes.filter((n) => down.includes(n.name)).length === 3 ? true : undefined));
    const refused = await refusalOf(startRemoval(kc, { hub, host: controller1, removal: { ...options, confirmHostName: 'controller1' }, session: adminSession }));
    expect((refused as Refusal).status).toBe(409);
    expect((refused as Refusal).userMessage).toBe(
      'Host controller1 is a control-plane host. Taking out control-plane node controller1 would leave 2 of 6 control-plane nodes Ready, fewer than the 4 etcd needs to keep a quorum (3 already not Ready). Bring the others back to Ready first.',
    );
    expect(await annotationOf(BareMetalHostKind, 'controller1')).toBeUndefined();
    expect((await admin.get<Annotated>(NodeKind, 'controller1'))?.spec?.unschedulable).toBeFalsy();
  });
});

describe('removing an externally provisioned host', () => {
  const EXISTING = { namespace: MACHINE_API_NAMESPACE, name: 'it-remove-existing' };

  it('is refused with the reason unless the user deletes the inventory record, which skips deprovisioning', async () => {
    await admin.ensure(SecretKind, { metadata: { name: 'it-remove-existing-bmc-secret', namespace: MACHINE_API_NAMESPACE }, type: 'Opaque', stringData: { username: 'u', password: 'p' } });
    await admin.ensure(BareMetalHostKind, {
      metadata: EXISTING,
      spec: {
        online: true,
        bootMACAddress: '52:54:00:00:0c:09',
        bmc: { address: 'redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/it-remove-existing', credentialsName: 'it-remove-existing-bmc-secret' },
        externallyProvisioned: true,
        customDeploy: { method: 'install_coreos' },
      },
    });
    await waitFor('the host to be externally provisioned', async () =>
      (await admin.get<KubeObject & { status?: { provisioning?: { state?: string } } }>(BareMetalHostKind, EXISTING.name, MACHINE_API_NAMESPACE))?.status?.provisioning?.state === 'externally provisioned' ? true : undefined,
    );
    const refusal = await refusalOf(startRemoval(kc, { hub, host: EXISTING, removal: noOptions, session: adminSession }));
    expect((refusal as Refusal).userMessage).toMatch(/externally provisioned.*"delete inventory record".*powers the machine off/);

    const flow = await startRemoval(kc, { hub, host: EXISTING, removal: { ...noOptions, deleteInventoryRecord: true }, session: adminSession });
    await flow.ended();
    expect(flow.progress.steps.map((s) => [s.id, s.state])).toEqual([
      ['cordon', 'skipped'],
      ['drain', 'skipped'],
      ['customDeploy', 'skipped'],
      ['deprovision', 'skipped'],
      ['deleteHost', 'done'],
      ['secrets', 'done'],
      ['deleteNode', 'skipped'],
    ]);
    // BMO adopted it (its ownerReference): the garbage collector takes it with the host.
    expect(flow.progress.steps.find((s) => s.id === 'secrets')?.message).toBe("BMC Secret it-remove-existing-bmc-secret deleted by the garbage collector (BMO's ownerReference).");
    expect(await admin.get(BareMetalHostKind, EXISTING.name, MACHINE_API_NAMESPACE)).toBeUndefined();
    expect(await admin.get(SecretKind, 'it-remove-existing-bmc-secret', MACHINE_API_NAMESPACE)).toBeUndefined();
  }, 120_000);
});
