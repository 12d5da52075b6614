import { describe, expect, it } from 'vitest';
import { BMC_DRIVERS, bmcAddressProblem, parseBmcAddress } from './bmc';

describe('parseBmcAddress', () => {
  it.each([
    ['redfish-virtualmedia://192.168.111.1/redfish/v1/Systems/1', { driver: 'redfish-virtualmedia', host: '192.168.111.1', path: '/redfish/v1/Systems/1' }],
    ['redfish-virtualmedia+https://bmc.example.com:8443/redfish/v1/Systems/abc', { driver: 'redfish-virtualmedia', transport: 'https', host: 'bmc.example.com', port: 8443, path: '/redfish/v1/Systems/abc' }],
    ['idrac-virtualmedia://[fd00::10]/redfish/v1/Systems/System.Embedded.1', { driver: 'idrac-virtualmedia', host: 'fd00::10', path: '/redfish/v1/Systems/System.Embedded.1' }],
    ['192.168.111.5', { driver: 'ipmi', host: '192.168.111.5' }],
    ['192.168.111.5:6230', { driver: 'ipmi', host: '192.168.111.5', port: 6230 }],
    ['ipmi://bmc-7:623', { driver: 'ipmi', host: 'bmc-7', port: 623 }],
  ])('%s', (text, address) => {
    expect(parseBmcAddress(text)).toEqual({ address });
  });

  it.each([
    ['', 'Enter the BMC address.'],
    ['redfish-virtualmedai://10.0.0.1', 'Unknown BMC driver "redfish-virtualmedai".'],
    ['redfish-virtualmedia://', 'The BMC address has no host.'],
    ['redfish-virtualmedia://fd00::1/redfish', 'Put an IPv6 BMC address in brackets, e.g. [fd00::1].'],
    ['redfish-virtualmedia://[fd00::1/redfish', 'An IPv6 BMC address needs a closing bracket.'],
    ['redfish-virtualmedia://[10.0.0.1]/x', '10.0.0.1 is not an IPv6 address.'],
    ['redfish-virtualmedia://300.1.1.1/x', '300.1.1.1 is not an IP address or DNS name.'],
    ['redfish-virtualmedia://bmc_under.example.com', 'bmc_under.example.com is not an IP address or DNS name.'],
    ['redfish-virtualmedia://10.0.0.1:99999/x', '99999 is not a port (1–65535).'],
    ['redfish-virtualmedia://10.0.0.1:http/x', 'http is not a port (1–65535).'],
  ])('%j is refused: %s', (text, error) => {
    expect(parseBmcAddress(text)).toEqual({ error });
  });
});

describe('bmcAddressProblem', () => {
  it.each(Object.entries(BMC_DRIVERS))('%s for a new worker', (driver, { virtualMedia }) => {
    const problem = bmcAddressProblem(`${driver}://10.0.0.1/redfish/v1/Systems/1`, { newWorker: true });
    if (virtualMedia) expect(problem).toBeUndefined();
    else expect(problem).toBe(`The ${driver} driver needs a provisioning network, which scaling a user-provisioned cluster does not have. Use a virtual-media driver such as redfish-virtualmedia or idrac-virtualmedia.`);
  });

  it('refuses the ipmi a bare address means, for a new worker only', () => {
    expect(bmcAddressProblem('10.0.0.1', { newWorker: true })).toMatch(/^The ipmi driver needs a provisioning network/);
    expect(bmcAddressProblem('10.0.0.1', { newWorker: false })).toBeUndefined();
  });
});
