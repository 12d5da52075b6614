/** Bulk enrollment against the local cluster: a row the apiserver refuses fails alone and leaves nothing; a retry makes nothing twice. */
import { afterAll, describe, expect, it } from 'vitest';
import { testSession } from '@/e2e/cluster/identities';
import { type KubeObject, ObjectClient, adminKubeConfig } from '@/e2e/cluster/kube';
import { deleteWorker } from '@/e2e/cluster/seed';
import { bmcSecretName, networkSecretName } from '@/lib/enroll/names';
import { BareMetalHostKind, SecretKind } from '@/lib/k8s/kinds';
import { LABELS, MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { staticNmstateYaml } from '@/lib/nmstate/document';
import { checkBatch, startBatchCreate } from './batch';
import { InventoryHub } from './watch/inventory-hub';

const kc = adminKubeConfig();
const admin = new ObjectClient(kc);
const hub = new InventoryHub(kc);
const session = testSession({ username: 'it-batch' });
afterAll(() => hub.stop());

const enrollment = (name: string, n: number, network: 'static' | 'dhcp') => ({
  kind: network,
  name,
  bmc: { address: `redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/${name}`, username: 'admin', password: 'p,a"ss', disableCertificateVerification: true },
  bootMACAddress: `52:54:00:00:0b:${n.toString(16).padStart(2, '0')}`,
  bootMode: 'UEFI',
  rootDeviceHints: { deviceName: '/dev/sda' },
  customDeployMethod: 'install_coreos',
  ...(network === 'static' ? { networkConfig: staticNmstateYaml({ ip: `192.168.111.${220 + n}`, prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' }) } : {}),
});

const NAMES = ['it-batch-a', 'it-batch-b', 'it-batch-c'];
const rows = NAMES.map((name, i) => ({ operationId: crypto.randomUUID(), row: i + 1, enrollment: enrollment(name, i + 1, i === 1 ? 'static' : 'dhcp') }));

const labelOf = (object: KubeObject | undefined) => object?.metadata.labels?.[LABELS.batch];

describe('a batch', () => {
  it('refuses conflicts across its rows and with the cluster at their fields, before anything is made', async () => {
    const twice = [rows[0]!, { ...rows[2]!, enrollment: { ...rows[2]!.enrollment, bootMACAddress: '52:54:00:00:0B:01', bmc: { ...rows[2]!.enrollment.bmc, address: 'redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/openshift-worker-0' } } }];
    const verdicts = await checkBatch(kc, { hub, request: { batchId: crypto.randomUUID(), rows: twice, dryRun: [] }, enrolledBy: 'it' });
    expect(verdicts[1]?.fields).toEqual({
      bootMACAddress: '52:54:00:00:0B:01 is the boot MAC of host it-batch-a (row 1 of this batch).',
      'bmc.address': 'redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/openshift-worker-0 is the BMC address of host openshift-worker-0.',
    });
    expect(verdicts[0]?.fields).toEqual({ bootMACAddress: '52:54:00:00:0b:01 is the boot MAC of host it-batch-c (row 3 of this batch).' });
  });

  it('with one row the apiserver refuses creates the others, leaves nothing of that row, and a retry makes nothing twice', async () => {
    const batchId = crypto.randomUUID();
    // Someone else's Secret under the name row b's BMC Secret needs: the apiserver refuses that create (AlreadyExists).
    const squatter = { metadata: { name: bmcSecretName('it-batch-b'), namespace: MACHINE_API_NAMESPACE }, stringData: { username: 'x', password: 'y' } };
    await admin.create(SecretKind, squatter);
    try {
      const flow = await startBatchCreate(kc, { hub, session, request: { batchId, rows } });
      await flow.ended();
      expect(flow.progress.status).toBe('failed');
      expect(flow.progress.rows.map((r) => [r.name, r.state])).toEqual([
        ['it-batch-a', 'created'],
        ['it-batch-b', 'failed'],
        ['it-batch-c', 'created'],
      ]);
      expect(flow.progress.rows[1]?.message).toBe('Could not create Secret it-batch-b-bmc-secret: Secret it-batch-b-bmc-secret already exists and was not made by this submission.');
      expect(flow.progress.rows[1]?.steps?.map((s) => `${s.object}: ${s.outcome}`)).toEqual([
        'Secret it-batch-b-network-config-secret: created',
        'Secret it-batch-b-bmc-secret: failed',
        'Secret it-batch-b-network-config-secret: deleted again',
      ]);
      expect(await admin.get(BareMetalHostKind, 'it-batch-b', MACHINE_API_NAMESPACE)).toBeUndefined();
      expect(await admin.get(SecretKind, networkSecretName('it-batch-b'), MACHINE_API_NAMESPACE)).toBeUndefined();
      expect(labelOf(await admin.get(SecretKind, bmcSecretName('it-batch-b'), MACHINE_API_NAMESPACE)), "the other's Secret is untouched").toBeUndefined();
      for (const name of ['it-batch-a', 'it-batch-c']) {
        expect(labelOf(await admin.get(BareMetalHostKind, name, MACHINE_API_NAMESPACE))).toBe(batchId);
        expect(labelOf(await admin.get(SecretKind, bmcSecretName(name), MACHINE_API_NAMESPACE))).toBe(batchId);
      }

      // Row b retried once its name is free, with row a again: a's objects are recognised, b is made.
      await admin.delete(SecretKind, bmcSecretName('it-batch-b'), MACHINE_API_NAMESPACE);
      const retry = await startBatchCreate(kc, { hub, session, request: { batchId, rows: [rows[0]!, rows[1]!] } });
      await retry.ended();
      expect(retry.progress.status).toBe('completed');
      expect(retry.progress.rows.map((r) => [r.name, r.state])).toEqual([
        ['it-batch-a', 'created'],
        ['it-batch-b', 'created'],
        ['it-batch-c', 'created'],
      ]);
      expect(retry.progress.rows[0]?.steps?.every((s) => s.outcome === 'already created by this submission')).toBe(true);
      expect(labelOf(await admin.get(SecretKind, networkSecretName('it-batch-b'), MACHINE_API_NAMESPACE))).toBe(batchId);
    } finally {
      await admin.delete(SecretKind, bmcSecretName('it-batch-b'), MACHINE_API_NAMESPACE);
      // All at once: a host deprovisioning while another provisions never finishes in the test bed (TESTBED.md).
      await Promise.all(NAMES.map((name) => deleteWorker(admin, { host: name })));
      for (const name of NAMES) {
        await admin.delete(SecretKind, networkSecretName(name), MACHINE_API_NAMESPACE);
        await admin.delete(SecretKind, bmcSecretName(name), MACHINE_API_NAMESPACE);
      }
    }
  }, 240_000);
});
