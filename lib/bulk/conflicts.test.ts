import { describe, expect, it } from 'vitest';
import { staticNmstateYaml } from '@/lib/nmstate/document';
import { type BatchCandidate, batchConflicts } from './conflicts';

const ipv6Document = (ip: string) => `interfaces:
- name: eno1
  type: ethernet
  state: up
  ipv6:
    enabled: true
    address:
    - ip: ${ip}
      prefix-length: 64
`;

const candidate = (row: number, name: string, options: { mac?: string; bmc?: string; ip?: string } = {}): BatchCandidate => ({
  id: `r${row}`,
  row,
  enrollment: {
    name,
    kind: options.ip ? 'static' : 'dhcp',
    bootMACAddress: options.mac ?? `52:54:00:00:07:${row.toString(16).padStart(2, '0')}`,
    bmc: { address: options.bmc ?? `redfish-virtualmedia://192.168.111.1/redfish/v1/Systems/${row}`, username: 'u', password: 'p', disableCertificateVerification: false },
    ...(options.ip ? { networkConfig: options.ip.includes(':') ? ipv6Document(options.ip) : staticNmstateYaml({ ip: options.ip, prefix: 24, gateway: '10.0.0.1', dns: '10.0.0.1' }) } : {}),
  },
});

describe('batchConflicts', () => {
  it('finds nothing in distinct rows', () => {
    expect(batchConflicts([candidate(1, 'a', { ip: '10.0.0.5' }), candidate(2, 'b', { ip: '10.0.0.6' })]).size).toBe(0);
  });

  it('names every other row with the same name, MAC (any case or form) or BMC system', () => {
    const found = batchConflicts([
      candidate(1, 'a', { mac: '52:54:00:AA:00:01' }),
      candidate(2, 'a', { mac: '52-54-00-aa-00-01', bmc: 'idrac-virtualmedia://192.168.111.1/redfish/v1/Systems/1/' }),
      candidate(3, 'c', { mac: '5254.00aa.0001' }),
    ]);
    expect(found.get('r1')).toEqual({
      name: 'The same name is given to host a (row 2 of this batch).',
      bootMACAddress: '52:54:00:AA:00:01 is the boot MAC of host a (row 2 of this batch) and c (row 3 of this batch).',
      'bmc.address': 'redfish-virtualmedia://192.168.111.1/redfish/v1/Systems/1 is the BMC address of host a (row 2 of this batch).',
    });
    expect(found.get('r3')).toEqual({ bootMACAddress: '5254.00aa.0001 is the boot MAC of host a (row 1 of this batch) and a (row 2 of this batch).' });
  });

  it('tells systems of one BMC apart by path, and compares hosts as addresses', () => {
    expect(batchConflicts([candidate(1, 'a', { bmc: 'redfish-virtualmedia://bmc.example/redfish/v1/Systems/1' }), candidate(2, 'b', { bmc: 'redfish-virtualmedia://bmc.example/redfish/v1/Systems/2' })]).size).toBe(0);
    expect(batchConflicts([candidate(1, 'a', { bmc: 'redfish-virtualmedia://[2001:db8::0001]/x' }), candidate(2, 'b', { bmc: 'redfish-virtualmedia://[2001:DB8::1]/x' })]).size).toBe(2);
  });

  it('finds a static IP twice, compared as an address and quoted as each row wrote it', () => {
    const found = batchConflicts([candidate(1, 'a', { ip: '2001:db8::0023' }), candidate(2, 'b', { ip: '2001:db8::23' })]);
    expect(found.get('r1')).toEqual({ networkConfig: '2001:db8::0023 is in the network config of host b (row 2 of this batch).' });
    expect(found.get('r2')).toEqual({ networkConfig: '2001:db8::23 is in the network config of host a (row 1 of this batch).' });
  });
});
