import { type BmcAddress, driverCapabilities, parseBmcAddress } from './bmc';
import { goParseMac, goQuote, isGoogleUuid } from '@/lib/net/go';

/**
 * What BMO's BareMetalHost admission webhook answers to a create, for the fields an enrollment
 * writes: a model of `validateHost` in BMO v0.13.2 `internal/webhooks/metal3.io/v1alpha1/
 * baremetalhost_validation.go`, with the BMC registry of hardwareutils v0.9.0 (lib/metal3/bmc.ts).
 * Left out, because an enrollment never sets them: RAID, firmware, image, the status, reboot,
 * inspect and hardware-details annotations, inspectionMode, disablePowerOff, networkData, metaData.
 * Each problem carries BMO's own text, so a denial can be predicted word for word.
 */

export type BmhWebhookRule =
  | 'bmc-address'
  | 'boot-mac-required'
  | 'boot-mac-invalid'
  | 'secure-boot-unsupported'
  | 'name-characters'
  | 'name-uuid'
  | 'root-device-name-not-dev'
  | 'root-device-name-subdirectory'
  | 'user-data-cross-namespace';

export interface BmhWebhookProblem {
  rule: BmhWebhookRule;
  /** BMO's message, as it appears after `admission webhook "baremetalhost.metal3.io" denied the request: `. */
  message: string;
}

/** The parts of a BareMetalHost the modelled rules read. */
export interface BmhAdmissionInput {
  name: string;
  namespace: string;
  spec: {
    bmc?: { address?: string };
    bootMACAddress?: string;
    bootMode?: string;
    rootDeviceHints?: { deviceName?: string };
    userData?: { name?: string; namespace?: string };
  };
}

/** validateRootDeviceHints: BMO's text when the device name is not /dev/<name> or /dev/disk/by-path/<name>. */
export function rootDeviceNameProblem(deviceName: string | undefined): BmhWebhookProblem | undefined {
  if (!deviceName) return undefined;
  if (!deviceName.startsWith('/dev/')) {
    return { rule: 'root-device-name-not-dev', message: `device name of root device hint must be a /dev/ path, not "${deviceName}"` };
  }
  let rest = deviceName.slice('/dev/'.length);
  if (rest.startsWith('disk/by-path/')) rest = rest.slice('disk/by-path/'.length);
  if (rest.includes('/')) {
    return { rule: 'root-device-name-subdirectory', message: `device name of root device hint must be path in /dev/ or /dev/disk/by-path/, not "${deviceName}"` };
  }
  return undefined;
}

/** validateBMHName: only [A-Za-z0-9._-], and nothing google/uuid.Parse reads as a UUID. */
export function hostNameProblems(name: string): BmhWebhookProblem[] {
  const problems: BmhWebhookProblem[] = [];
  if (/[^A-Za-z0-9._-]/.test(name)) problems.push({ rule: 'name-characters', message: 'BareMetalHost resource name cannot contain characters other than [A-Za-z0-9._-]' });
  if (isGoogleUuid(name)) problems.push({ rule: 'name-uuid', message: 'BareMetalHost resource name cannot be a UUID' });
  return problems;
}

/** net.ParseMAC's refusal, as Go's AddrError says it; undefined when Go reads the MAC. */
export function bootMacParseProblem(mac: string): BmhWebhookProblem | undefined {
  return goParseMac(mac) ? undefined : { rule: 'boot-mac-invalid', message: `address ${mac}: invalid MAC address` };
}

/**
 * validateBMCAccess, for a parsed address: a boot MAC when the driver needs one (NeedsMAC; BMO also
 * when inspection is disabled, which an enrollment never asks), a MAC Go can parse, and secure
 * boot only with a driver that supports it. BMO names the driver by its full scheme.
 */
export function bmcAccessProblems(address: BmcAddress, spec: { bootMACAddress?: string; bootMode?: string }): BmhWebhookProblem[] {
  const problems: BmhWebhookProblem[] = [];
  const capabilities = driverCapabilities(address.driver);
  if (capabilities.needsMAC && !spec.bootMACAddress) problems.push({ rule: 'boot-mac-required', message: `BMC driver ${address.scheme} requires a BootMACAddress value` });
  if (spec.bootMACAddress) {
    const macProblem = bootMacParseProblem(spec.bootMACAddress);
    if (macProblem) problems.push(macProblem);
  }
  if (spec.bootMode === 'UEFISecureBoot' && !capabilities.supportsSecureBoot) {
    problems.push({ rule: 'secure-boot-unsupported', message: `BMC driver ${address.scheme} does not support secure boot` });
  }
  return problems;
}

/** validateHost's problems, in its order (an aggregate repeats none: see webhookDenialText). */
export function bareMetalHostWebhookProblems(host: BmhAdmissionInput): BmhWebhookProblem[] {
  const problems: BmhWebhookProblem[] = [];
  const address = host.spec.bmc?.address ?? '';
  const parsed = address === '' ? undefined : parseBmcAddress(address);
  if (parsed && !parsed.ok) problems.push({ rule: 'bmc-address', message: parsed.problem.bmoMessage });
  const userDataNamespace = host.spec.userData?.namespace;
  if (userDataNamespace && userDataNamespace !== host.namespace) {
    // k8serrors.NewForbidden's text (the name %q-quoted), flattened by the aggregate.
    const resource = host.name ? `baremetalhosts.metal3.io ${goQuote(host.name)}` : 'baremetalhosts.metal3.io';
    problems.push({ rule: 'user-data-cross-namespace', message: `${resource} is forbidden: userData: cross-namespace Secret references are not allowed` });
  }
  // Access checks need a driver: with an unreadable address BMO checks no MAC and no boot mode.
  if (parsed?.ok) problems.push(...bmcAccessProblems(parsed.address, host.spec));
  problems.push(...hostNameProblems(host.name));
  // validateDNSName parses the address again; its error is the same text, which the aggregate drops.
  if (parsed && !parsed.ok && parsed.problem.kind !== 'unknown-type') problems.push({ rule: 'bmc-address', message: parsed.problem.bmoMessage });
  const rootDevice = rootDeviceNameProblem(host.spec.rootDeviceHints?.deviceName);
  if (rootDevice) problems.push(rootDevice);
  return problems;
}

/**
 * k8s.io/apimachinery `utilerrors.NewAggregate(errs).Error()`: one message alone; several, each
 * once, in order, as `[a, b]`. Undefined when there is nothing to say (the webhook admits).
 */
export function webhookDenialText(problems: readonly BmhWebhookProblem[]): string | undefined {
  if (problems.length === 0) return undefined;
  if (problems.length === 1) return problems[0]?.message;
  const unique = [...new Set(problems.map((p) => p.message))];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}
