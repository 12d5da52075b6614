import { describe, expect, it } from 'vitest';
import { fieldErrors } from '@/lib/validation';
import { draftFieldOf, enrollmentInput, newDraft } from './draft';
import { hostEnrollmentSchema } from './schema';

/** The wizard field each BMC address problem lands on: the driver select, or the host-and-path text. */
function wizardFieldOf(hostAndPath: string, options: { driver?: 'ipmi' | 'ilo4-virtualmedia' | 'redfish-virtualmedia'; transport?: '' | 'http' | 'https' } = {}): string | undefined {
  const draft = newDraft('openshift-worker-9');
  draft.bmc = { ...draft.bmc, driver: options.driver ?? 'redfish-virtualmedia', transport: options.transport ?? 'https', hostAndPath, username: 'admin', password: 'pw' };
  draft.bootMACAddress = '52:54:00:00:09:00';
  const parsed = hostEnrollmentSchema.safeParse(enrollmentInput(draft));
  if (parsed.success) return undefined;
  const message = fieldErrors(parsed.error)['bmc.address'];
  return message === undefined ? undefined : draftFieldOf('bmc.address', message);
}

describe('draftFieldOf: BMC address problems at the wizard field that fixes them', () => {
  it.each([
    ['a transport the driver did not register', '192.168.111.1/redfish/v1/Systems/1', { driver: 'ilo4-virtualmedia', transport: 'http' }, 'bmc.driver'],
    ['a driver that needs a provisioning network', '192.168.111.1', { driver: 'ipmi', transport: '' }, 'bmc.driver'],
    ['a DNS name with a trailing dot', 'bmc.example.com./redfish/v1/Systems/1', {}, 'bmc.hostAndPath'],
    ['an IPv6 address without brackets', 'fd00::1/redfish/v1/Systems/1', {}, 'bmc.hostAndPath'],
    ['a port out of range', '192.168.111.1:70000/redfish/v1/Systems/1', {}, 'bmc.hostAndPath'],
    ['no host', '', {}, 'bmc.hostAndPath'],
  ] as const)('%s', (_, hostAndPath, options, field) => {
    expect(wizardFieldOf(hostAndPath, options)).toBe(field);
  });

  it("puts BMO's own denials of the address where the schema's would go", () => {
    expect(draftFieldOf('bmc.address', "Unknown BMC type 'ilo4-virtualmedia+http' for address ilo4-virtualmedia+http://10.0.0.1")).toBe('bmc.driver');
    expect(draftFieldOf('bmc.address', 'failed to parse BMC address information: BMC address hostname/IP : [bmc.example.com.] is invalid')).toBe('bmc.hostAndPath');
  });

  it('leaves other fields where the schema put them', () => {
    expect(draftFieldOf('bootMode', 'The ipmi driver cannot do secure boot: choose UEFI, or a driver that can.')).toBe('bootMode');
  });
});
