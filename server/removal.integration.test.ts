/**
 * Host removal against the local cluster: a provisioned worker whose node carries a DaemonSet pod,
 * an emptyDir pod, a bare pod and a Deployment under a PodDisruptionBudget.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeObject, ObjectClient, adminKubeConfig, waitFor } from '@/e2e/cluster/kube';
import { drainWorkloads, provisionedWorkerWithNode, scaleWeb, workerNode } from '@/e2e/cluster/removal-fixture';
import { deleteWorker } from '@/e2e/cluster/seed';
import { BareMetalHostKind, NamespaceKind, NodeKind, SecretKind } from '@/lib/k8s/kinds';
import { ANNOTATIONS, MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { type RemovalProgress, podStateText, removalProgressSchema } from '@/lib/removal/progress';
import { RemovalRefusal, cancelRemoval, findRemoval, startRemoval, uncordonNode } from './removal/flow';
import { InventoryHub } from './watch/inventory-hub';

const kc = adminKubeConfig();
const admin = new ObjectClient(kc);
const hub = new InventoryHub(kc);
const HOST = 'it-remove-worker';
const NODE = 'it-remove-node';
const SPARE = 'it-remove-spare';
const NAMESPACE = 'it-removal';
const POOL = { 'bmconsole.test/pool': 'it-removal' };
const host = { namespace: MACHINE_API_NAMESPACE, name: HOST };

beforeAll(async () => {
  await provisionedWorkerWithNode(admin, { host: HOST, node: NODE, ip: '192.168.111.81', mac: '52:54:00:00:0c:01', nodeLabels: POOL });
  await drainWorkloads(admin, { namespace: NAMESPACE, nodeSelector: POOL, bareOn: NODE });
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

describe('removing a provisioned, joined host', () => {
  it('refuses without options, naming each pod and the option that would allow it, and changes nothing', async () => {
    const refusal = await startRemoval(kc, { hub, host, removal: { force: false, deleteEmptyDirData: false, deleteInventoryRecord: false }, requestedBy: 'it' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(RemovalRefusal);
    const message = (refusal as Error).message;
    expect(message).toMatch(/it-removal\/cache-[a-z0-9-]+ \(has emptyDir data, which would be lost; allowed by deleteEmptyDirData\)/);
    expect(message).toContain('it-removal/debug (has no controller: it will not come back; allowed by force)');
    const node = await admin.get<{ spec?: { unschedulable?: boolean }; metadata: { annotations?: Record<string, string> } }>(NodeKind, NODE);
    expect(node?.spec?.unschedulable).toBeFalsy();
    expect(node?.metadata.annotations?.[ANNOTATIONS.removal]).toBeUndefined();
  });

  it('cancel stops before the next step, forgets the intent, and the node can be uncordoned', async () => {
    const flow = await startRemoval(kc, { hub, host, removal: { force: true, deleteEmptyDirData: true, deleteInventoryRecord: false }, requestedBy: 'it' });
    await waitFor('the drain to be blocked by the PDB', async () => flow.progress.pods.find((p) => p.state === 'blocked' && p.pdb === 'web-pdb'), { timeoutMs: 60_000 });
    const cancelled = await cancelRemoval(kc, host);
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.cordoned).toBe(true);
    expect(cancelled?.steps.map((s) => s.state)).toEqual(['done', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    const hostObject = await admin.get<{ metadata: { annotations?: Record<string, string> }; spec: { customDeploy?: unknown } }>(BareMetalHostKind, HOST, MACHINE_API_NAMESPACE);
    expect(hostObject?.metadata.annotations?.[ANNOTATIONS.removal], 'nothing will resume it').toBeUndefined();
    expect(hostObject?.spec.customDeploy, 'the host was not touched').toBeDefined();
    await uncordonNode(kc, { hub, host });
    expect((await admin.get<KubeObject & { spec?: { unschedulable?: boolean } }>(NodeKind, NODE))?.spec?.unschedulable).toBeFalsy();
  }, 120_000);

  it('with the options: blocked by the PDB (named), survives the console being killed mid-drain, resumes, and leaves nothing behind', async () => {
    const options = { force: true, deleteEmptyDirData: true };
    const first = consoleProcess(options);
    const blocked = await waitFor(
      'the first console to report the PDB block',
      async () => first.progress.at(-1)?.pods.find((p) => p.state === 'blocked'),
      { timeoutMs: 60_000 },
    );
    expect(podStateText(blocked)).toBe('blocked by PodDisruptionBudget web-pdb');
    const beforeKill = first.progress.at(-1)!;
    expect(beforeKill.steps.find((s) => s.id === 'cordon')?.state).toBe('done');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    // A new console process (here: this one) sees the intent on the host and resumes.
    const resumed = await findRemoval(kc, host);
    expect(resumed, 'the recorded removal is found and resumed').toBeDefined();
    const seen: RemovalProgress[] = [];
    resumed!.subscribe((progress) => seen.push(structuredClone(progress)));
    await waitFor('the resumed drain to be blocked by the PDB again', async () => seen.at(-1)?.pods.find((p) => p.state === 'blocked' && p.pdb === 'web-pdb'), { timeoutMs: 30_000 });
    expect(seen.at(-1)?.intent.requestedBy).toBe('removal-process');

    // One more replica, on a node that can take it, releases the budget.
    await admin.ensure(NodeKind, workerNode({ name: SPARE, ip: '192.168.111.82', labels: POOL }));
    await scaleWeb(admin, { namespace: NAMESPACE, replicas: 3 });
    await resumed!.running;

    const final = resumed!.progress;
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
  }, 300_000);
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
    const refusal = await startRemoval(kc, { hub, host: EXISTING, removal: { force: false, deleteEmptyDirData: false, deleteInventoryRecord: false }, requestedBy: 'it' }).catch((e: unknown) => e);
    expect((refusal as Error).message).toMatch(/externally provisioned.*"delete inventory record".*powers the machine off/);

    const flow = await startRemoval(kc, { hub, host: EXISTING, removal: { force: false, deleteEmptyDirData: false, deleteInventoryRecord: true }, requestedBy: 'it' });
    await flow.running;
    expect(flow.progress.steps.map((s) => [s.id, s.state])).toEqual([
      ['cordon', 'skipped'],
      ['drain', 'skipped'],
      ['customDeploy', 'skipped'],
      ['deprovision', 'skipped'],
      ['deleteHost', 'done'],
      ['secrets', 'done'],
      ['deleteNode', 'skipped'],
    ]);
    expect(await admin.get(BareMetalHostKind, EXISTING.name, MACHINE_API_NAMESPACE)).toBeUndefined();
    expect(await admin.get(SecretKind, 'it-remove-existing-bmc-secret', MACHINE_API_NAMESPACE)).toBeUndefined();
  }, 120_000);
});
