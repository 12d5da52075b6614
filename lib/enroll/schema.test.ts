import { describe, expect, it } from 'vitest';
import { staticNmstateYaml } from '@/lib/nmstate/document';
import { fieldErrors } from '@/lib/validation';
import { defaultUserDataSecret, hostEnrollmentSchema } from './schema';

const NMSTATE = staticNmstateYaml({ ip: '192.168.111.41', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' });

const STATIC = {
  kind: 'static',
  name: 'openshift-worker-5',
  expectedNodeName: 'app5',
  bmc: { address: 'redfish-virtualmedia://192.168.111.1:8000/redfish/v1/Systems/5', username: 'admin', password: 'secret', disableCertificateVerification: false },
  bootMACAddress: '52:54:00:00:05:00',
  rootDeviceHints: { deviceName: '/dev/sda' },
  networkConfig: NMSTATE,
};
const DHCP = { ...STATIC, kind: 'dhcp', networkConfig: undefined };
const EXISTING = { ...DHCP, kind: 'existing', name: 'controller4', bmc: { ...STATIC.bmc, address: 'ipmi://10.0.0.4' } };

type Input = Record<string, unknown>;
const withBmc = (bmc: Input): Input => ({ ...STATIC, bmc: { ...STATIC.bmc, ...bmc } });
const withHints = (rootDeviceHints: Input): Input => ({ ...STATIC, rootDeviceHints });
const withNetwork = (from: string, to: string): Input => ({ ...STATIC, networkConfig: NMSTATE.replace(from, to) });

describe('hostEnrollmentSchema: valid enrollments', () => {
  it.each([
    ['a new worker with a static network', STATIC],
    ['a new worker with DHCP', DHCP],
    ['an existing host (any driver: it is not provisioned)', EXISTING],
    ['every root device hint', withHints({ deviceName: '/dev/disk/by-path/pci-0000:00:17.0-ata-1', hctl: '0:0:0:0', model: 'Dell CFJ61', vendor: 'Dell', serialNumber: 'S1', wwn: '0x1', wwnWithExtension: '0x1x', wwnVendorExtension: '0x2', minSizeGigabytes: 100, rotational: false })],
  ])('%s', (_, input) => {
    const parsed = hostEnrollmentSchema.safeParse(input);
    expect(parsed.success ? [] : fieldErrors(parsed.error)).toEqual([]);
  });

  it('fills the defaults', () => {
    expect(hostEnrollmentSchema.parse(DHCP)).toMatchObject({ bootMode: 'UEFI', customDeployMethod: 'install_coreos' });
  });
});

const INVALID: [string, Input, string, string | RegExp][] = [
  ['no kind', { ...STATIC, kind: undefined }, 'kind', 'Choose new worker (static network), new worker (DHCP) or existing host.'],
  ['an unknown kind', { ...STATIC, kind: 'cloud' }, 'kind', 'Choose new worker (static network), new worker (DHCP) or existing host.'],
  ['an empty name', { ...STATIC, name: '' }, 'name', 'Enter the host name.'],
  ['an uppercase name', { ...STATIC, name: 'Worker-5' }, 'name', /lowercase letters, digits/],
  ['a name with an underscore', { ...STATIC, name: 'worker_5' }, 'name', /lowercase letters, digits/],
  ['a name starting with a hyphen', { ...STATIC, name: '-worker' }, 'name', /start and end with a letter or digit/],
  ['a name ending with a dot', { ...STATIC, name: 'worker.' }, 'name', /start and end with a letter or digit/],
  ['a name over 253 characters', { ...STATIC, name: 'a'.repeat(254) }, 'name', 'The host name is longer than 253 characters.'],
  ['a name whose Secrets would be over 253 characters', { ...STATIC, name: 'a'.repeat(232) }, 'name', "The host name is longer than 231 characters, so the names of its Secrets would pass Kubernetes' 253."],
  ['a UUID-looking name', { ...STATIC, name: '123e4567-e89b-12d3-a456-426614174000' }, 'name', 'BMO refuses host names that look like a UUID.'],
  ['an invalid node name', { ...STATIC, expectedNodeName: 'App 5' }, 'expectedNodeName', /lowercase letters, digits/],
  ['no BMC address', withBmc({ address: '' }), 'bmc.address', 'Enter the BMC address.'],
  ['an unknown BMC driver', withBmc({ address: 'redfish-virtualmedai://10.0.0.1' }), 'bmc.address', 'Unknown BMC driver "redfish-virtualmedai".'],
  ['ipmi for a new worker', withBmc({ address: 'ipmi://10.0.0.1' }), 'bmc.address', /^The ipmi driver needs a provisioning network/],
  ['a bare host:port (ipmi) for a new worker', withBmc({ address: '10.0.0.1:623' }), 'bmc.address', /^The ipmi driver needs a provisioning network/],
  ['plain redfish for a new worker', withBmc({ address: 'redfish://10.0.0.1/redfish/v1/Systems/1' }), 'bmc.address', /^The redfish driver needs a provisioning network/],
  ['idrac-redfish for a new worker', withBmc({ address: 'idrac-redfish://10.0.0.1/redfish/v1/Systems/1' }), 'bmc.address', /^The idrac-redfish driver needs a provisioning network/],
  ['irmc for a new worker', withBmc({ address: 'irmc://10.0.0.1' }), 'bmc.address', /^The irmc driver needs a provisioning network/],
  ['ilo5 for a new worker', withBmc({ address: 'ilo5://10.0.0.1' }), 'bmc.address', /^The ilo5 driver needs a provisioning network/],
  ['libvirt for a new worker', withBmc({ address: 'libvirt://10.0.0.1' }), 'bmc.address', /^The libvirt driver needs a provisioning network/],
  ['an IPv6 BMC host without brackets', withBmc({ address: 'redfish-virtualmedia://fd00::1/redfish' }), 'bmc.address', 'Put an IPv6 BMC address in brackets, e.g. [fd00::1].'],
  ['a BMC host that is not an address or name', withBmc({ address: 'redfish-virtualmedia://bmc_1/x' }), 'bmc.address', 'bmc_1 is not an IP address or DNS name.'],
  ['a BMC port out of range', withBmc({ address: 'redfish-virtualmedia://10.0.0.1:70000/x' }), 'bmc.address', '70000 is not a port (1–65535).'],
  ['no BMC user name', withBmc({ username: ' ' }), 'bmc.username', 'Enter the BMC user name.'],
  ['no BMC password', withBmc({ password: '' }), 'bmc.password', 'Enter the BMC password.'],
  ['no boot MAC', { ...STATIC, bootMACAddress: '' }, 'bootMACAddress', /six pairs of hex digits/],
  ['a MAC with dashes', { ...STATIC, bootMACAddress: '52-54-00-00-05-00' }, 'bootMACAddress', /six pairs of hex digits/],
  ['a MAC with five pairs', { ...STATIC, bootMACAddress: '52:54:00:00:05' }, 'bootMACAddress', /six pairs of hex digits/],
  ['a MAC with a non-hex digit', { ...STATIC, bootMACAddress: '52:54:00:00:05:0g' }, 'bootMACAddress', /six pairs of hex digits/],
  ['an unknown boot mode', { ...STATIC, bootMode: 'BIOS' }, 'bootMode', 'Boot mode is UEFI, UEFISecureBoot or legacy.'],
  ['a device name outside /dev', withHints({ deviceName: 'sda' }), 'rootDeviceHints.deviceName', /a path under \/dev/],
  ['a device name with a space', withHints({ deviceName: '/dev/sd a' }), 'rootDeviceHints.deviceName', /a path under \/dev/],
  ['a malformed HCTL', withHints({ hctl: '0:0:0' }), 'rootDeviceHints.hctl', 'An HCTL is four numbers, such as 0:0:0:0.'],
  ['a negative minimum size', withHints({ minSizeGigabytes: -1 }), 'rootDeviceHints.minSizeGigabytes', 'The minimum size cannot be negative.'],
  ['a fractional minimum size', withHints({ minSizeGigabytes: 1.5 }), 'rootDeviceHints.minSizeGigabytes', 'The minimum size is a whole number of gigabytes.'],
  ['a minimum size given as text', withHints({ minSizeGigabytes: '100' }), 'rootDeviceHints.minSizeGigabytes', 'The minimum size is a number of gigabytes.'],
  ['rotational given as text', withHints({ rotational: 'no' }), 'rootDeviceHints.rotational', 'Rotational is yes or no.'],
  ['an empty model hint', withHints({ model: ' ' }), 'rootDeviceHints.model', 'Enter the model or leave it out.'],
  ['an unknown root device hint', withHints({ size: 100 }), 'rootDeviceHints', /size/],
  ['an unknown custom deploy method', { ...STATIC, customDeployMethod: 'install_rhel' }, 'customDeployMethod', 'The custom deploy method is install_coreos.'],
  ['an invalid user data Secret name', { ...STATIC, userDataSecret: 'Worker_Data' }, 'userDataSecret', /lowercase letters, digits/],
  ['a static network with no config', { ...STATIC, networkConfig: '' }, 'networkConfig', 'A static network needs its NMState config.'],
  ['DHCP with a network config', { ...DHCP, networkConfig: NMSTATE }, 'networkConfig', 'Only a static network has an NMState config.'],
  ['NMState that is not YAML', { ...STATIC, networkConfig: 'interfaces: [' }, 'networkConfig', /^Line \d+: Not valid YAML/],
  ['prefix_length in NMState', withNetwork('prefix-length: 24', 'prefix_length: 24'), 'networkConfig', 'Line 8: nmstate spells it prefix-length, with a hyphen.'],
  ['a gateway outside the subnet', withNetwork('next-hop-address: 192.168.111.1', 'next-hop-address: 10.0.0.1'), 'networkConfig', "Line 17: The gateway 10.0.0.1 is outside eno1's subnet (192.168.111.41/24)."],
  ['the broadcast address as the host IP', withNetwork('ip: 192.168.111.41', 'ip: 192.168.111.255'), 'networkConfig', "Line 7: 192.168.111.255 is the broadcast address of 192.168.111.0/24: it cannot be a host's address."],
  ['a next-hop interface that does not exist', withNetwork('next-hop-interface: eno1', 'next-hop-interface: eno2'), 'networkConfig', 'Line 18: Interface "eno2" is not in interfaces.'],
  ['a duplicate DNS server', withNetwork('    - 192.168.111.1\nroutes', '    - 192.168.111.1\n    - 192.168.111.1\nroutes'), 'networkConfig', 'Line 14: DNS server 192.168.111.1 is listed twice.'],
];

describe('hostEnrollmentSchema: invalid enrollments', () => {
  it(`covers at least 40 invalid inputs (${INVALID.length})`, () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(40);
  });

  it.each(INVALID)('%s is refused at %s', (_, input, field, message) => {
    const parsed = hostEnrollmentSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    const errors = parsed.success ? {} : fieldErrors(parsed.error);
    expect(Object.keys(errors)).toEqual([field]);
    if (message instanceof RegExp) expect(errors[field]).toMatch(message);
    else expect(errors[field]).toBe(message);
  });
});

describe('defaultUserDataSecret', () => {
  it('is the worker Secret, except for an existing control-plane host', () => {
    expect(defaultUserDataSecret({ kind: 'static', controlPlane: false })).toBe('worker-user-data-managed');
    expect(defaultUserDataSecret({ kind: 'existing', controlPlane: true })).toBe('controller-user-data-managed');
  });
});
