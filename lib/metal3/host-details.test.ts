import { describe, expect, it } from 'vitest';
import { formatBytes, hostDetailsSchema, specRows } from './host-details';

describe('specRows', () => {
  it('lists the spec an administrator set, naming the BMC Secret without its values', () => {
    const host = hostDetailsSchema.parse({
      metadata: { name: 'w', namespace: 'openshift-machine-api' },
      spec: {
        online: true,
        bootMACAddress: '52:54:00:00:02:00',
        bmc: { address: 'redfish-virtualmedia://10.0.0.1', credentialsName: 'w-bmc-secret', disableCertificateVerification: false },
        customDeploy: { method: 'install_coreos' },
        userData: { name: 'worker-user-data-managed' },
        rootDeviceHints: { deviceName: '/dev/sda', minSizeGigabytes: 100 },
      },
    });
    expect(specRows(host)).toEqual([
      ['Online', 'true'],
      ['Boot MAC address', '52:54:00:00:02:00'],
      ['BMC address', 'redfish-virtualmedia://10.0.0.1'],
      ['BMC credentials Secret', 'w-bmc-secret'],
      ['Disable certificate verification', 'false'],
      ['Externally provisioned', 'false'],
      ['Custom deploy method', 'install_coreos'],
      ['User data Secret', 'openshift-machine-api/worker-user-data-managed'],
      ['Root device hint deviceName', '/dev/sda'],
      ['Root device hint minSizeGigabytes', '100'],
    ]);
  });
});

describe('formatBytes', () => {
  it.each([
    [undefined, '—'],
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [2 * 1024 ** 4, '2 TiB'],
  ])('%s → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
