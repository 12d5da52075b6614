import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admissionDenialFields, admissionDenialParts, formFieldOfApiField, statusCauseFields } from './admission';
import { bareMetalHostWebhookProblems, webhookDenialText } from './bmh-webhook';

/** Denials as the test bed's webhook words them (e2e/cluster/webhook.integration.test.ts and this branch's integration runs). */
describe("BMO's denials, at the enrollment form's fields", () => {
  it.each([
    ["Unknown BMC type 'ilo4-virtualmedia+http' for address ilo4-virtualmedia+http://10.0.0.1", { 'bmc.address': "Unknown BMC type 'ilo4-virtualmedia+http' for address ilo4-virtualmedia+http://10.0.0.1" }],
    ['failed to parse BMC address information: BMC address hostname/IP : [bmc.example.com.] is invalid', { 'bmc.address': 'failed to parse BMC address information: BMC address hostname/IP : [bmc.example.com.] is invalid' }],
    ['failed to parse BMC address information: parse "redfish-virtualmedia://[fd00::1/x": missing \']\' in host', { 'bmc.address': 'failed to parse BMC address information: parse "redfish-virtualmedia://[fd00::1/x": missing \']\' in host' }],
    ['BMC driver redfish requires a BootMACAddress value', { bootMACAddress: 'BMC driver redfish requires a BootMACAddress value' }],
    ['address x52:54:00:00:0e:01: invalid MAC address', { bootMACAddress: 'address x52:54:00:00:0e:01: invalid MAC address' }],
    ['BMC driver ipmi does not support secure boot', { bootMode: 'BMC driver ipmi does not support secure boot' }],
    ['device name of root device hint must be a /dev/ path, not "sda"', { 'rootDeviceHints.deviceName': 'device name of root device hint must be a /dev/ path, not "sda"' }],
    [
      'device name of root device hint must be path in /dev/ or /dev/disk/by-path/, not "/dev/disk/by-id/wwn-0x5000c500a0b1c2d3"',
      { 'rootDeviceHints.deviceName': 'device name of root device hint must be path in /dev/ or /dev/disk/by-path/, not "/dev/disk/by-id/wwn-0x5000c500a0b1c2d3"' },
    ],
    ['BareMetalHost resource name cannot be a UUID', { name: 'BareMetalHost resource name cannot be a UUID' }],
    [
      'baremetalhosts.metal3.io "webhook-cross-namespace-user-data" is forbidden: userData: cross-namespace Secret references are not allowed',
      { userDataSecret: 'baremetalhosts.metal3.io "webhook-cross-namespace-user-data" is forbidden: userData: cross-namespace Secret references are not allowed' },
    ],
    ['bootMACAddress can not be changed once it is set', { bootMACAddress: 'bootMACAddress can not be changed once it is set' }],
    [
      '[BMC driver ipmi does not support secure boot, device name of root device hint must be a /dev/ path, not "sda"]',
      { bootMode: 'BMC driver ipmi does not support secure boot', 'rootDeviceHints.deviceName': 'device name of root device hint must be a /dev/ path, not "sda"' },
    ],
    // Nothing the form has: no field.
    ['firmware settings for ipmi are not supported', {}],
    ['something BMO may say one day', {}],
  ])('%s', (text, fields) => {
    expect(admissionDenialFields(text)).toEqual(fields);
  });

  it('cuts an aggregate where messages end, not at every ", " (messages and addresses contain it too)', () => {
    const reboot = 'invalid mode in the reboot.metal3.io annotation, allowed are "hard", "soft" or ""';
    const address = "Unknown BMC type 'foo' for address foo://a, b";
    expect(admissionDenialParts(`[${reboot}, BMC driver ipmi does not support secure boot]`)).toEqual([
      { message: reboot, rule: 'other' },
      { message: 'BMC driver ipmi does not support secure boot', field: 'bootMode', rule: 'secure-boot-unsupported' },
    ]);
    expect(admissionDenialParts(`[${address}, BareMetalHost resource name cannot be a UUID]`)).toEqual([
      { message: address, field: 'bmc.address', rule: 'bmc-address' },
      { message: 'BareMetalHost resource name cannot be a UUID', field: 'name', rule: 'name-uuid' },
    ]);
  });

  it('joins two messages about one field', () => {
    expect(admissionDenialFields('[BMC driver libvirt requires a BootMACAddress value, address zz: invalid MAC address]')).toEqual({
      bootMACAddress: 'BMC driver libvirt requires a BootMACAddress value; address zz: invalid MAC address',
    });
  });

  it("reads back every denial the webhook model can word, each part at its rule's field", () => {
    const address = fc.oneof(
      fc.constantFrom('ipmi://10.0.0.1', 'libvirt://10.0.0.1', 'redfish-virtualmedia://10.0.0.1/x', 'idrac://10.0.0.1', 'ilo4+http://h', 'redfish://bad_host/x', 'redfish://[fd00::1/x', 'fd00::1', 'a, b://x', ''),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.record({
          name: fc.oneof(fc.constantFrom('host-1', '12345678-1234-1234-1234-123456789abc', 'Bad_Name'), fc.string({ maxLength: 8 })),
          address,
          mac: fc.option(fc.oneof(fc.constantFrom('52:54:00:12:34:56', 'x52:54:00:00:0e:01'), fc.string({ maxLength: 6 })), { nil: undefined }),
          bootMode: fc.constantFrom('UEFI', 'UEFISecureBoot', 'legacy'),
          deviceName: fc.option(fc.oneof(fc.constantFrom('/dev/sda', 'sda', '/dev/disk/by-id/x', '/dev/a, b'), fc.string({ maxLength: 8 })), { nil: undefined }),
          userDataNamespace: fc.constantFrom('openshift-machine-api', 'default'),
        }),
        (g) => {
          const problems = bareMetalHostWebhookProblems({
            name: g.name,
            namespace: 'openshift-machine-api',
            spec: { bmc: { address: g.address }, bootMACAddress: g.mac, bootMode: g.bootMode, rootDeviceHints: { deviceName: g.deviceName }, userData: { namespace: g.userDataNamespace } },
          });
          const text = webhookDenialText(problems);
          if (!text) return;
          const unique = [...new Map(problems.map((p) => [p.message, p])).values()];
          expect(admissionDenialParts(text).map((p) => p.rule)).toEqual(unique.map((p) => p.rule));
        },
      ),
      { seed: 12, numRuns: 2000 },
    );
  });
});

describe("the apiserver's field causes, at the form's fields", () => {
  it('maps BareMetalHost spec paths and names; a Secret name is the host name', () => {
    expect(formFieldOfApiField('BareMetalHost', 'spec.bootMode')).toBe('bootMode');
    expect(formFieldOfApiField('BareMetalHost', 'spec.rootDeviceHints.minSizeGigabytes')).toBe('rootDeviceHints.minSizeGigabytes');
    expect(formFieldOfApiField('BareMetalHost', 'metadata.name')).toBe('name');
    expect(formFieldOfApiField('BareMetalHost', 'spec.online')).toBeUndefined();
    expect(formFieldOfApiField('Secret', 'metadata.name')).toBe('name');
    expect(formFieldOfApiField('Secret', 'data')).toBeUndefined();
  });

  it('groups the causes by field', () => {
    expect(
      statusCauseFields('BareMetalHost', [
        { field: 'spec.bootMACAddress', message: 'Invalid value: "zz": spec.bootMACAddress in body should match \'[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}\'' },
        { field: 'spec.bootMode', message: 'Unsupported value: "bios": supported values: "UEFI", "UEFISecureBoot", "legacy"' },
        { message: 'no field' },
      ]),
    ).toEqual({
      bootMACAddress: 'Invalid value: "zz": spec.bootMACAddress in body should match \'[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}\'',
      bootMode: 'Unsupported value: "bios": supported values: "UEFI", "UEFISecureBoot", "legacy"',
    });
  });
});
