import { describe, expect, it } from 'vitest';
import { staticNmstateYaml } from '@/lib/nmstate/document';
import { type BulkCells, checkRow, emptyCells, problemsAtCells } from './rows';

const cells = (change: Partial<BulkCells>): BulkCells => ({
  ...emptyCells(),
  name: 'worker-1',
  bmcAddress: 'redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/1',
  bmcUsername: 'admin',
  bmcPassword: 'secret',
  bootMACAddress: '52:54:00:00:08:01',
  network: 'static',
  interface: 'eno1',
  ip: '192.168.111.71/24',
  gateway: '192.168.111.1',
  dns: '192.168.111.1; 192.168.111.2',
  ...change,
});
const check = (change: Partial<BulkCells>) => checkRow({ cells: cells(change), extra: {}, readProblems: {} });

describe('checkRow', () => {
  it('makes the static network from its cells with the wizard form writer, and the schema accepts it', () => {
    const verdict = check({});
    expect(verdict.ok).toBe(true);
    if (verdict.ok) {
      expect(verdict.enrollment.networkConfig).toContain('next-hop-address: 192.168.111.1');
      expect(verdict.enrollment.networkConfig).toContain('- 192.168.111.2');
    }
  });

  it('puts each problem at the cell it came from', () => {
    expect(check({ gateway: '10.0.0.1' }).problems).toEqual({ gateway: expect.stringMatching(/The gateway 10\.0\.0\.1 is outside eno1's subnet/) });
    expect(check({ ip: '192.168.111.71' }).problems).toEqual({ ip: 'Add the prefix length: 192.168.111.71/24, for example.' });
    expect(check({ bootMACAddress: '52:54:00:00:08' }).problems).toEqual({ bootMACAddress: expect.stringMatching(/six pairs of hex digits/) });
    expect(check({ bmcAddress: 'ipmi://10.0.0.1' }).problems).toEqual({ bmcAddress: expect.stringMatching(/^The ipmi driver needs a provisioning network/) });
    expect(check({ name: 'Worker_1' }).problems).toEqual({ name: expect.stringMatching(/lowercase letters/) });
    expect(check({ rootDevice: 'sda' }).problems).toEqual({ rootDevice: expect.stringMatching(/path under \/dev/) });
    expect(check({ network: '' }).problems).toMatchObject({ network: 'Choose static or dhcp.' });
  });

  it('refuses network cells on a DHCP row, and both ways of giving a static network at once', () => {
    expect(check({ network: 'dhcp' }).problems).toMatchObject({ interface: expect.stringMatching(/^A DHCP host/), ip: expect.stringMatching(/^A DHCP host/) });
    const doc = staticNmstateYaml({ ip: '192.168.111.72', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' });
    expect(check({ nmstate: doc }).problems).toEqual({ nmstate: expect.stringMatching(/either as an NMState document/) });
    expect(check({ nmstate: doc, interface: '', ip: '', gateway: '', dns: '' }).ok).toBe(true);
    expect(check({ nmstate: doc.replace('prefix-length', 'prefix_length'), interface: '', ip: '', gateway: '', dns: '' }).problems).toEqual({ nmstate: expect.stringMatching(/prefix-length, with a hyphen/) });
  });

  it("puts the server's problems by schema field at the same cells", () => {
    expect(problemsAtCells({ 'bmc.address': 'taken', networkConfig: 'ip taken', userDataSecret: 'missing' }, cells({}))).toEqual({ bmcAddress: 'taken', ip: 'ip taken', row: 'missing' });
    expect(problemsAtCells({ networkConfig: 'ip taken' }, cells({ nmstate: 'interfaces: []', interface: '', ip: '' }))).toEqual({ nmstate: 'ip taken' });
  });
});
