/** Duplicate names, MACs and IPs of a new enrollment, found against the seeded cluster before anything is created. */
import { afterAll, describe, expect, it } from 'vitest';
import { adminKubeConfig } from '@/e2e/cluster/kube';
import { enrollmentConflicts } from '@/lib/enroll/conflicts';
import { MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { InventoryHub } from './watch/inventory-hub';

const hub = new InventoryHub(adminKubeConfig());
afterAll(() => hub.stop());

describe('enrollment conflicts against the seeded hosts', () => {
  it('names the host that has the MAC, the config that has the IP, and the node that has the other IP', async () => {
    const conflicts = enrollmentConflicts(
      { name: 'openshift-worker-1', namespace: MACHINE_API_NAMESPACE, bootMACAddress: '52:54:00:00:02:00', ips: ['192.168.111.30', '192.168.111.20', '192.168.111.77'] },
      await hub.snapshot(),
    );
    expect(conflicts).toEqual({
      name: 'Host openshift-worker-1 already exists in openshift-machine-api.',
      bootMACAddress: '52:54:00:00:02:00 is the boot MAC of host openshift-worker-0.',
      ips: {
        '192.168.111.30': '192.168.111.30 is in the network config of host openshift-worker-0.',
        '192.168.111.20': '192.168.111.20 is the InternalIP of node controller1.',
      },
    });
  });

  it('names the node a new worker would join as when it already exists (its client CSR would never pass)', async () => {
    const conflicts = enrollmentConflicts({ name: 'new-host', namespace: MACHINE_API_NAMESPACE, ips: [], joinsAs: { node: 'app1', field: 'expectedNodeName' } }, await hub.snapshot());
    expect(conflicts.nodeName).toEqual({ field: 'expectedNodeName', message: 'Node app1 already exists: the new host could not join under that name.' });
  });

  it('catches a MAC that only inspection found (BMO would fail registration on it, forever)', async () => {
    const inventory = await hub.snapshot();
    const inspected = inventory.hosts.find((h) => h.nicMacs.length > 0);
    expect(inspected, 'a seeded worker was inspected').toBeDefined();
    const mac = inspected?.nicMacs[0] ?? '';
    expect(enrollmentConflicts({ name: 'new-host', namespace: MACHINE_API_NAMESPACE, bootMACAddress: mac, ips: [] }, inventory).bootMACAddress).toMatch(
      /is a NIC of host .* \(found by inspection\)\.$/,
    );
  });
});
