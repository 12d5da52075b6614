import { describe, expect, it } from 'vitest';
import { nodeSchema } from '@/lib/k8s/node';
import { bareMetalHostSchema } from '@/lib/metal3/bare-metal-host';
import { toHostView, toNodeView } from './to-view';

describe('toHostView', () => {
  const raw = {
    metadata: {
      name: 'openshift-worker-0',
      namespace: 'openshift-machine-api',
      uid: 'u1',
      resourceVersion: '42',
      creationTimestamp: '2026-11-21T00:00:00Z',
      annotations: { 'baremetal-console.openshift.io/node-name': 'app1' },
    },
    spec: {
      online: true,
      bootMACAddress: '52:54:00:00:02:00',
      bmc: { address: 'redfish-virtualmedia://10.0.0.1/redfish/v1/Systems/1', credentialsName: 'openshift-worker-0-bmc-secret' },
      userData: { name: 'worker-user-data-managed' },
    },
    status: { provisioning: { state: 'provisioned' }, operationalStatus: 'OK', errorType: '', errorMessage: '', poweredOn: true, goodCredentials: { credentials: { name: 'x' } } },
  };

  it('keeps what an administrator needs and never the credentials Secret', () => {
    const view = toHostView(bareMetalHostSchema.parse(raw), { ips: ['192.168.111.30'] }, { recordedNodeName: 'app1' });
    expect(view).toMatchObject({
      name: 'openshift-worker-0',
      state: 'provisioned',
      poweredOn: true,
      online: true,
      externallyProvisioned: false,
      recordedNodeName: 'app1',
      staticIps: ['192.168.111.30'],
      errorType: undefined,
    });
    expect(JSON.stringify(view)).not.toContain('bmc-secret');
    expect(JSON.stringify(view)).not.toContain('goodCredentials');
  });

  it('takes the recorded node name only as the server verified it, never from the annotation alone', () => {
    const view = toHostView(bareMetalHostSchema.parse(raw), { ips: [] });
    expect(view.recordedNodeName).toBeUndefined();
  });
});

describe('toNodeView', () => {
  it('reads readiness, roles, cordon and InternalIPs', () => {
    const view = toNodeView(
      nodeSchema.parse({
        metadata: { name: 'controller1', uid: 'n1', resourceVersion: '7', labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/master': '' } },
        spec: { unschedulable: true },
        status: {
          conditions: [{ type: 'Ready', status: 'True' }],
          addresses: [
            { type: 'InternalIP', address: '192.168.111.20' },
            { type: 'Hostname', address: 'controller1' },
          ],
          nodeInfo: { kubeletVersion: 'v1.35.4' },
        },
      }),
    );
    expect(view).toMatchObject({ ready: 'True', unschedulable: true, roles: ['master', 'worker'], internalIps: ['192.168.111.20'], kubeletVersion: 'v1.35.4' });
  });

  it('calls a node without a Ready condition Unknown', () => {
    expect(toNodeView(nodeSchema.parse({ metadata: { name: 'x' } })).ready).toBe('Unknown');
  });

});
