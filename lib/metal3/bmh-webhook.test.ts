import { describe, expect, it } from 'vitest';
import { type BmhAdmissionInput, bareMetalHostWebhookProblems, webhookDenialText } from './bmh-webhook';

const NS = 'openshift-machine-api';
const GOOD: BmhAdmissionInput = {
  name: 'webhook-good-host',
  namespace: NS,
  spec: { bmc: { address: 'redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/x' }, bootMACAddress: '52:54:00:00:0e:01' },
};
const IPMI = { address: 'ipmi://192.168.111.1' };

const denial = (host: BmhAdmissionInput) => webhookDenialText(bareMetalHostWebhookProblems(host));

describe("BMO's BareMetalHost webhook, modelled: the test bed's own cases (e2e/cluster/webhook.integration.test.ts)", () => {
  it.each<[string, BmhAdmissionInput, string]>([
    ['an unknown driver', { ...GOOD, spec: { ...GOOD.spec, bmc: { address: 'foo://192.168.111.1' } } }, "Unknown BMC type 'foo' for address foo://192.168.111.1"],
    ['a host that is no IP or name', { ...GOOD, spec: { ...GOOD.spec, bmc: { address: 'redfish://bad_host/redfish/v1/Systems/1' } } }, 'failed to parse BMC address information: BMC address hostname/IP : [bad_host] is invalid'],
    ['no boot MAC for redfish', { ...GOOD, spec: { bmc: { address: 'redfish://192.168.111.1/redfish/v1/Systems/1' } } }, 'BMC driver redfish requires a BootMACAddress value'],
    ['a MAC Go cannot parse', { ...GOOD, spec: { ...GOOD.spec, bootMACAddress: 'x52:54:00:00:0e:01' } }, 'address x52:54:00:00:0e:01: invalid MAC address'],
    ['secure boot with ipmi', { ...GOOD, spec: { ...GOOD.spec, bootMode: 'UEFISecureBoot', bmc: IPMI } }, 'BMC driver ipmi does not support secure boot'],
    ['a device name outside /dev/', { ...GOOD, spec: { ...GOOD.spec, rootDeviceHints: { deviceName: 'sda' } } }, 'device name of root device hint must be a /dev/ path, not "sda"'],
    [
      'a device name under /dev/disk/ but not by-path',
      { ...GOOD, spec: { ...GOOD.spec, rootDeviceHints: { deviceName: '/dev/disk/by-id/wwn-0x5000c500a0b1c2d3' } } },
      'device name of root device hint must be path in /dev/ or /dev/disk/by-path/, not "/dev/disk/by-id/wwn-0x5000c500a0b1c2d3"',
    ],
    [
      'user data in another namespace',
      { ...GOOD, name: 'webhook-cross-namespace-user-data', spec: { ...GOOD.spec, userData: { name: 'worker-user-data-managed', namespace: 'default' } } },
      'baremetalhosts.metal3.io "webhook-cross-namespace-user-data" is forbidden: userData: cross-namespace Secret references are not allowed',
    ],
    ['a UUID as the name', { ...GOOD, name: '12345678-1234-4234-8234-123456789abc' }, 'BareMetalHost resource name cannot be a UUID'],
    [
      'several problems, in BMO\'s order',
      { ...GOOD, spec: { ...GOOD.spec, bootMode: 'UEFISecureBoot', bmc: IPMI, rootDeviceHints: { deviceName: 'sda' } } },
      '[BMC driver ipmi does not support secure boot, device name of root device hint must be a /dev/ path, not "sda"]',
    ],
  ])('%s', (_, host, message) => {
    expect(denial(host)).toBe(message);
  });

  it('admits a good host', () => {
    expect(bareMetalHostWebhookProblems(GOOD)).toEqual([]);
    expect(denial(GOOD)).toBeUndefined();
  });
});

describe('the rest of validateHost that concerns an enrollment', () => {
  it('reports a bad address once although BMO parses it twice (the aggregate drops repeats)', () => {
    const host = { ...GOOD, spec: { ...GOOD.spec, bmc: { address: 'redfish-virtualmedia://bmc.example.com./x' } } };
    expect(bareMetalHostWebhookProblems(host).map((p) => p.rule)).toEqual(['bmc-address', 'bmc-address']);
    expect(denial(host)).toBe('failed to parse BMC address information: BMC address hostname/IP : [bmc.example.com.] is invalid');
  });

  it('checks no MAC and no boot mode when the address is unreadable, and nothing about an empty address', () => {
    const unreadable = { ...GOOD, spec: { bmc: { address: 'idrac://10.0.0.1' }, bootMACAddress: 'x52:54:00:00:0e:01', bootMode: 'UEFISecureBoot' } };
    expect(denial(unreadable)).toBe("Unknown BMC type 'idrac' for address idrac://10.0.0.1");
    expect(denial({ ...GOOD, spec: { bmc: { address: '' }, bootMACAddress: 'x52:54:00:00:0e:01' } })).toBeUndefined();
  });

  it('lets ipmi go without a boot MAC, but not libvirt (same factory, NeedsMAC only for libvirt)', () => {
    expect(denial({ ...GOOD, spec: { bmc: IPMI } })).toBeUndefined();
    expect(denial({ ...GOOD, spec: { bmc: { address: 'libvirt://192.168.111.1' } } })).toBe('BMC driver libvirt requires a BootMACAddress value');
    expect(denial({ ...GOOD, spec: { bmc: { address: 'libvirt://192.168.111.1' }, bootMACAddress: '52:54:00:00:0e:01', bootMode: 'UEFISecureBoot' } })).toBe('BMC driver libvirt does not support secure boot');
  });

  it('names the driver by its full scheme', () => {
    expect(denial({ ...GOOD, spec: { bmc: { address: 'redfish-virtualmedia+https://10.0.0.1/x' } } })).toBe('BMC driver redfish-virtualmedia+https requires a BootMACAddress value');
  });

  it('takes colon-separated MACs of 8 and 20 bytes (ParseMAC does), and the three forms Go reads', () => {
    for (const mac of ['52:54:00:12:34:56:78:9a', '52-54-00-12-34-56', '5254.0012.3456', '525400123456']) {
      expect(denial({ ...GOOD, spec: { ...GOOD.spec, bootMACAddress: mac } })).toBeUndefined();
    }
  });

  it('refuses every name google/uuid reads as a UUID', () => {
    for (const name of ['0123456789abcdef0123456789abcdef', 'x12345678-1234-1234-1234-123456789abcx']) {
      expect(denial({ ...GOOD, name })).toBe('BareMetalHost resource name cannot be a UUID');
    }
  });

  it('takes /dev/<name> and /dev/disk/by-path/<name>, even empty', () => {
    for (const deviceName of ['/dev/sda', '/dev/disk/by-path/pci-0000:00:17.0-ata-1', '/dev/', '/dev/disk/by-path/', '/dev/sd a']) {
      expect(denial({ ...GOOD, spec: { ...GOOD.spec, rootDeviceHints: { deviceName } } })).toBeUndefined();
    }
    expect(denial({ ...GOOD, spec: { ...GOOD.spec, rootDeviceHints: { deviceName: '/dev/mapper/root' } } })).toBe(
      'device name of root device hint must be path in /dev/ or /dev/disk/by-path/, not "/dev/mapper/root"',
    );
  });
});

describe('webhookDenialText (utilerrors.NewAggregate)', () => {
  it('one message alone, several once each in brackets', () => {
    const p = (message: string) => ({ rule: 'bmc-address' as const, message });
    expect(webhookDenialText([])).toBeUndefined();
    expect(webhookDenialText([p('a')])).toBe('a');
    expect(webhookDenialText([p('a'), p('a')])).toBe('a');
    expect(webhookDenialText([p('a'), p('b'), p('a')])).toBe('[a, b]');
  });
});
