/**
 * Host removal against the local cluster: a provisioned worker whose node carries a DaemonSet pod,
 * an emptyDir pod, a bare pod and a Deployment under a PodDisruptionBudget.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectClient, adminKubeConfig, waitFor } from '@/e2e/cluster/kube';
import { drainWorkloads, provisionedWorkerWithNode, scaleWeb, workerNode } from '@/e2e/cluster/removal-fixture';
import { deleteWorker } from '@/e2e/cluster/seed';
import { BareMetalHostKind, NamespaceKind, NodeKind, SecretKind } from '@/lib/k8s/kinds';
import { ANNOTATIONS, MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { type RemovalProgress, podStateText, removalProgressSchema } from '@/lib/removal/progress';
import { RemovalRefusal, findRemoval, startRemoval } from './removal/flow';
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
