import { type BmcDriver, NEEDS_PROVISIONING_NETWORK } from '@/lib/metal3/bmc';
import { WORKER_USER_DATA_SECRET } from '@/lib/metal3/constants';
import { parseNumberOrText } from '@/lib/format/number';
import { applyFormToNmstate, emptyInterface } from '@/lib/nmstate/form';
import type { EnrollmentKind } from './schema';

/**
 * What the wizard's fields hold, as typed (strings), and how it becomes the input of
 * hostEnrollmentSchema. Empty optional fields are left out rather than sent as "".
 */

export const ROOT_DEVICE_TEXT_HINTS = ['deviceName', 'hctl', 'model', 'vendor', 'serialNumber', 'wwn', 'wwnWithExtension', 'wwnVendorExtension'] as const;
export type RootDeviceTextHint = (typeof ROOT_DEVICE_TEXT_HINTS)[number];

export interface EnrollmentDraft {
  kind: EnrollmentKind;
  name: string;
  expectedNodeName: string;
  bmc: { driver: BmcDriver; transport: '' | 'http' | 'https'; hostAndPath: string; username: string; password: string; disableCertificateVerification: boolean };
  bootMACAddress: string;
  bootMode: 'UEFI' | 'UEFISecureBoot' | 'legacy';
  rootDeviceHints: Record<RootDeviceTextHint, string> & { minSizeGigabytes: string; rotational: '' | 'true' | 'false' };
  controlPlane: boolean;
  userDataSecret: string;
  networkConfig: string;
}

export function newDraft(name: string): EnrollmentDraft {
  return {
    kind: 'static',
    name,
    expectedNodeName: '',
    bmc: { driver: 'redfish-virtualmedia', transport: 'https', hostAndPath: '', username: '', password: '', disableCertificateVerification: false },
    bootMACAddress: '',
    bootMode: 'UEFI',
    rootDeviceHints: { deviceName: '/dev/sda', hctl: '', model: '', vendor: '', serialNumber: '', wwn: '', wwnWithExtension: '', wwnVendorExtension: '', minSizeGigabytes: '', rotational: '' },
    controlPlane: false,
    userDataSecret: WORKER_USER_DATA_SECRET,
    networkConfig: applyFormToNmstate('', { interfaces: [emptyInterface('eno1')], dnsServers: [], defaultRoute: { nextHop: '', interface: 'eno1' } }),
  };
}

export const bmcAddressOf = (bmc: EnrollmentDraft['bmc']) => `${bmc.driver}${bmc.transport ? `+${bmc.transport}` : ''}://${bmc.hostAndPath.trim()}`;

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

/** The schema's input: numbers and booleans parsed, empty optional fields left out. */
export function enrollmentInput(draft: EnrollmentDraft): Record<string, unknown> {
  const hints: Record<string, unknown> = {};
  for (const key of ROOT_DEVICE_TEXT_HINTS) if (draft.rootDeviceHints[key].trim()) hints[key] = draft.rootDeviceHints[key].trim();
  const size = parseNumberOrText(draft.rootDeviceHints.minSizeGigabytes);
  if (size !== undefined) hints.minSizeGigabytes = size;
  if (draft.rootDeviceHints.rotational) hints.rotational = draft.rootDeviceHints.rotational === 'true';
  return {
    kind: draft.kind,
    name: draft.name,
    expectedNodeName: optional(draft.expectedNodeName),
    bmc: { address: bmcAddressOf(draft.bmc), username: draft.bmc.username, password: draft.bmc.password, disableCertificateVerification: draft.bmc.disableCertificateVerification },
    bootMACAddress: draft.bootMACAddress,
    bootMode: draft.bootMode,
    rootDeviceHints: Object.keys(hints).length > 0 ? hints : undefined,
    userDataSecret: optional(draft.userDataSecret),
    customDeployMethod: 'install_coreos',
    networkConfig: draft.kind === 'static' ? draft.networkConfig : undefined,
  };
}

/**
 * The wizard field a schema error or a cluster refusal belongs to. Both report the whole BMC
 * address at `bmc.address`; the wizard splits it into driver and host, so a driver refusal (the
 * console's `Unknown BMC driver`, BMO's `Unknown BMC type`) goes to the driver.
 */
export function draftFieldOf(schemaField: string, message: string): string {
  if (schemaField !== 'bmc.address') return schemaField;
  return message.includes(NEEDS_PROVISIONING_NETWORK) || /^Unknown BMC (driver|type)/.test(message) ? 'bmc.driver' : 'bmc.hostAndPath';
}
