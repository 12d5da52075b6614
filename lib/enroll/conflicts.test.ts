import { describe, expect, it } from 'vitest';
import { hostView, nodeView } from '@/lib/inventory/test-fixtures';
import { bmcAddressKey, conflictFieldErrors, enrollmentConflicts } from './conflicts';

const inventory = {
  hosts: [
    hostView('openshift-worker-0', { bootMACAddress: '52:54:00:00:02:00', staticIps: ['192.168.111.30'], nicMacs: ['ab:cd:12:34:56:78'] }),
    hostView('openshift-worker-1', { bootMACAddress: '52:54:00:00:02:01', bmcAddress: 'redfish-virtualmedia+https://bmc.example.com:8000/redfish/v1/Systems/1' }),
    hostView('openshift-worker-2', { bootMACAddress: '52:54:00:00:02:02', staticIps: ['FD00:0:0:0::0032'] }),
  ],
  nodes: [nodeView('openshift-worker-1', { internalIps: ['192.168.111.31'] }), nodeView('worker-3', { internalIps: ['2001:db8::23'] })],
};

const candidate = { name: 'openshift-worker-5', namespace: 'openshift-machine-api', bootMACAddress: '52:54:00:00:05:00', ips: ['192.168.111.35'] };

describe('enrollmentConflicts', () => {
  it('finds nothing for a host that collides with nothing', () => {
    expect(enrollmentConflicts(candidate, inventory)).toEqual({ ips: {} });
  });

  it('finds a node name a new worker would join as that is a Node’s, or that another host will join as', () => {
    const joining = (node: string, field: 'expectedNodeName' | 'name') => enrollmentConflicts({ ...candidate, joinsAs: { node, field } }, inventory).nodeName;
    expect(joining('worker-3', 'expectedNodeName')).toEqual({ field: 'expectedNodeName', message: 'Node worker-3 already exists: the new host could not join under that name.' });
    expect(joining('openshift-worker-2', 'expectedNodeName')).toEqual({
      field: 'expectedNodeName',
      message: 'Node openshift-worker-2 is what host openshift-worker-2 will join as: the new host could not join under that name.',
    });
    expect(joining('openshift-worker-5', 'name')).toBeUndefined();
    expect(conflictFieldErrors(enrollmentConflicts({ ...candidate, joinsAs: { node: 'worker-3', field: 'expectedNodeName' } }, inventory))).toEqual({
      expectedNodeName: 'Node worker-3 already exists: the new host could not join under that name.',
    });
  });

  it('finds a taken name', () => {
    expect(enrollmentConflicts({ ...candidate, name: 'openshift-worker-1' }, inventory).name).toBe('Host openshift-worker-1 already exists in openshift-machine-api.');
  });

  it('finds another host’s boot MAC, or an inspected NIC’s, whatever its case', () => {
    expect(enrollmentConflicts({ ...candidate, bootMACAddress: '52:54:00:00:02:01' }, inventory).bootMACAddress).toBe(
      '52:54:00:00:02:01 is the boot MAC of host openshift-worker-1.',
    );
    expect(enrollmentConflicts({ ...candidate, bootMACAddress: 'AB:CD:12:34:56:78' }, inventory).bootMACAddress).toBe(
      'AB:CD:12:34:56:78 is a NIC of host openshift-worker-0 (found by inspection).',
    );
  });

  it('finds a node’s InternalIP written in another form of the same address (SPEC §5)', () => {
    expect(enrollmentConflicts({ ...candidate, ips: ['2001:db8::0023'] }, inventory).ips).toEqual({
      '2001:db8::0023': '2001:db8::0023 is the InternalIP of node worker-3 (written 2001:db8::23).',
    });
    expect(Object.keys(enrollmentConflicts({ ...candidate, ips: ['2001:DB8::23', '2001:db8:0:0:0:0:0:23'] }, inventory).ips)).toEqual(['2001:DB8::23', '2001:db8:0:0:0:0:0:23']);
  });

  it('finds another host’s static IP written in another form', () => {
    expect(enrollmentConflicts({ ...candidate, ips: ['fd00::32'] }, inventory).ips).toEqual({
      'fd00::32': 'fd00::32 is in the network config of host openshift-worker-2 (written FD00:0:0:0::0032).',
    });
  });

  it('finds a boot MAC written with dashes', () => {
    expect(enrollmentConflicts({ ...candidate, bootMACAddress: '52-54-00-00-02-01' }, inventory).bootMACAddress).toBe('52-54-00-00-02-01 is the boot MAC of host openshift-worker-1.');
  });

  it('finds an IP in another host’s network config, or a node’s InternalIP', () => {
    expect(enrollmentConflicts({ ...candidate, ips: ['192.168.111.30', '192.168.111.31', '192.168.111.35'] }, inventory).ips).toEqual({
      '192.168.111.30': '192.168.111.30 is in the network config of host openshift-worker-0.',
      '192.168.111.31': '192.168.111.31 is the InternalIP of node openshift-worker-1.',
    });
  });

  it('finds another host driving the same BMC system, whatever the driver, case or trailing slash of the path', () => {
    expect(enrollmentConflicts({ ...candidate, bmcAddress: 'idrac-virtualmedia://BMC.example.com:8000/redfish/v1/Systems/1/' }, inventory).bmcAddress).toBe(
      'idrac-virtualmedia://BMC.example.com:8000/redfish/v1/Systems/1/ is the BMC address of host openshift-worker-1.',
    );
    expect(enrollmentConflicts({ ...candidate, bmcAddress: 'redfish-virtualmedia+https://bmc.example.com:8000/redfish/v1/Systems/2' }, inventory).bmcAddress).toBeUndefined();
    expect(bmcAddressKey('redfish-virtualmedia://[2001:DB8::0001]/x')).toBe(bmcAddressKey('redfish-virtualmedia://[2001:db8::1]/x'));
  });
});
