import { z } from '@/lib/zod';
import { bmcAddressMessage, driverCapabilities, parseBmcAddress } from '@/lib/metal3/bmc';
import { bootMacParseProblem, hostNameProblems, rootDeviceNameProblem } from '@/lib/metal3/bmh-webhook';
import { CONTROLLER_USER_DATA_SECRET, WORKER_USER_DATA_SECRET } from '@/lib/metal3/constants';
import { goParseMac, goParseIp } from '@/lib/metal3/go-net';
import { validateNmstate } from '@/lib/nmstate/validate';
import { enrollmentSecretNames } from './names';
import { type EnrollmentPolicyId, policyMessage } from './policies';

/**
 * What the enrollment wizard sends, checked by the same schema in the browser and on the server
 * (SPEC §3–5). Every problem is reported at the field that caused it.
 *
 * It refuses exactly what the cluster refuses for the objects an enrollment makes
 * (lib/enroll/manifests.ts): the apiserver (object names), the BareMetalHost CRD schema, and BMO's
 * admission webhook as the test bed runs it (lib/metal3/bmh-webhook.ts), plus the console's own
 * policies (lib/enroll/policies.ts), whose issues carry `params.policy`. Blank optional fields
 * count as absent, as BMO reads them.
 */

export const ENROLLMENT_KINDS = ['static', 'dhcp', 'existing'] as const;
export type EnrollmentKind = (typeof ENROLLMENT_KINDS)[number];

/** Kubernetes' IsDNS1123Subdomain: what the apiserver allows as an object name (at most 253 characters). */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const isDns1123Subdomain = (name: string) => name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
/** SPEC §3's bootMACAddress pattern, as the CRD has it: not anchored. */
const CRD_MAC_PATTERN = /[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}/;
const MAC_FORMAT = 'A MAC address is six pairs of hex digits separated by colons, such as 52:54:00:12:34:56.';

/** An optional text field: trimmed, and left out when blank. */
const optionalText = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined));

/** A policy's issue: the policy's text at the policy's field, marked with its id. */
function policyIssue(ctx: z.RefinementCtx, options: { id: EnrollmentPolicyId; path: (string | number)[]; values?: Record<string, string | number> }) {
  ctx.addIssue({ code: 'custom', path: options.path, message: policyMessage(options.id, options.values), params: { policy: options.id } });
}

const hostName = z
  .string()
  .trim()
  .min(1, 'Enter the host name.')
  .max(253, 'The host name is longer than 253 characters.')
  .regex(DNS1123_SUBDOMAIN, 'The host name may use lowercase letters, digits, "-" and ".", and must start and end with a letter or digit.')
  .superRefine((name, ctx) => {
    // The apiserver's rules above imply BMO's character rule; its UUID rule is google/uuid's.
    if (hostNameProblems(name).some((p) => p.rule === 'name-uuid')) ctx.addIssue({ code: 'custom', message: 'BMO refuses host names that look like a UUID.' });
  });

export const rootDeviceHintsSchema = z
  .object({
    deviceName: optionalText(),
    hctl: optionalText(),
    model: optionalText(),
    vendor: optionalText(),
    serialNumber: optionalText(),
    wwn: optionalText(),
    wwnWithExtension: optionalText(),
    wwnVendorExtension: optionalText(),
    minSizeGigabytes: z.number({ error: 'The minimum size is a number of gigabytes.' }).int('The minimum size is a whole number of gigabytes.').min(0, 'The minimum size cannot be negative.').optional(),
    rotational: z.boolean({ error: 'Rotational is yes or no.' }).optional(),
  })
  .strict()
  .transform((hints) => Object.fromEntries(Object.entries(hints).filter(([, value]) => value !== undefined)) as Partial<typeof hints>)
  .superRefine((hints, ctx) => {
    const deviceName = hints.deviceName;
    const rootDevice = rootDeviceNameProblem(deviceName);
    if (rootDevice) {
      const message =
        rootDevice.rule === 'root-device-name-not-dev'
          ? 'A device name is a path under /dev, such as /dev/sda or /dev/disk/by-path/pci-0000:00:17.0-ata-1.'
          : 'BMO takes a device directly under /dev/ or /dev/disk/by-path/, such as /dev/sda or /dev/disk/by-path/pci-0000:00:17.0-ata-1.';
      ctx.addIssue({ code: 'custom', path: ['deviceName'], message });
    } else if (deviceName !== undefined) {
      const name = deviceName.slice('/dev/'.length).replace(/^disk\/by-path\//, '');
      if (name === '' || /\s/.test(name)) policyIssue(ctx, { id: 'root-device-name-names-a-device', path: ['deviceName'], values: { deviceName } });
    }
    if (hints.hctl !== undefined && !/^\d+:\d+:\d+:\d+$/.test(hints.hctl)) policyIssue(ctx, { id: 'root-device-hctl', path: ['hctl'] });
  });

export const hostEnrollmentSchema = z
  .object({
    kind: z.enum(ENROLLMENT_KINDS, { error: 'Choose new worker (static network), new worker (DHCP) or existing host.' }),
    name: hostName,
    /** The node name the host will join as, when it differs from the host name. */
    expectedNodeName: optionalText(),
    bmc: z.object({
      address: z.string({ error: 'Enter the BMC address.' }).trim(),
      username: z.string({ error: 'Enter the BMC user name.' }).trim(),
      password: z.string({ error: 'Enter the BMC password.' }),
      disableCertificateVerification: z.boolean().default(false),
    }),
    /** Optional for the drivers that do not need it (ipmi); blank means none. */
    bootMACAddress: optionalText(),
    bootMode: z.enum(['UEFI', 'UEFISecureBoot', 'legacy'], { error: 'Boot mode is UEFI, UEFISecureBoot or legacy.' }).default('UEFI'),
    rootDeviceHints: rootDeviceHintsSchema.optional(),
    userDataSecret: optionalText(),
    customDeployMethod: z
      .string({ error: policyMessage('custom-deploy-install-coreos') })
      .default('install_coreos')
      .refine((method) => method === 'install_coreos', { message: policyMessage('custom-deploy-install-coreos'), params: { policy: 'custom-deploy-install-coreos' } })
      .transform(() => 'install_coreos' as const),
    /** NMState YAML of the static network config (kind static only). */
    networkConfig: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    checkSecretNames(value, ctx);
    if (value.expectedNodeName !== undefined && !isDns1123Subdomain(value.expectedNodeName)) policyIssue(ctx, { id: 'expected-node-name', path: ['expectedNodeName'] });
    if (value.userDataSecret !== undefined && !isDns1123Subdomain(value.userDataSecret)) policyIssue(ctx, { id: 'user-data-secret-name', path: ['userDataSecret'] });
    if (!value.bmc.username) policyIssue(ctx, { id: 'bmc-username-required', path: ['bmc', 'username'] });
    if (!value.bmc.password) policyIssue(ctx, { id: 'bmc-password-required', path: ['bmc', 'password'] });
    checkBmc(value, ctx);
    checkBootMac(value.bootMACAddress, ctx);
    checkNetworkConfig(value, ctx);
  });

/** Each Secret's name is the host name and a suffix: the apiserver refuses one longer than 253. */
function checkSecretNames(value: { kind: EnrollmentKind; name: string }, ctx: z.RefinementCtx) {
  if (value.name.length > 253) return;
  const longest = enrollmentSecretNames(value).reduce((a, b) => (b.length > a.length ? b : a));
  if (longest.length <= 253) return;
  const limit = 253 - (longest.length - value.name.length);
  ctx.addIssue({ code: 'custom', path: ['name'], message: `The host name is longer than ${limit} characters, so the name of its Secret ${longest.slice(value.name.length)} would pass Kubernetes' 253.` });
}

/**
 * The BMC address as BMO reads it (its webhook: parse, driver, then what the driver needs), then
 * the console's policies on a readable address.
 */
function checkBmc(value: { kind: EnrollmentKind; bmc: { address: string }; bootMACAddress?: string; bootMode: string }, ctx: z.RefinementCtx) {
  const text = value.bmc.address;
  if (!text) return policyIssue(ctx, { id: 'bmc-address-required', path: ['bmc', 'address'] });
  const parsed = parseBmcAddress(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', path: ['bmc', 'address'], message: bmcAddressMessage(parsed.problem, text) });
    return;
  }
  const address = parsed.address;
  const capabilities = driverCapabilities(address.driver);
  if (capabilities.needsMAC && !value.bootMACAddress) {
    ctx.addIssue({ code: 'custom', path: ['bootMACAddress'], message: `Enter the boot MAC address: BMO's ${address.driver} driver needs it.` });
  }
  if (value.bootMode === 'UEFISecureBoot' && !capabilities.supportsSecureBoot) {
    ctx.addIssue({ code: 'custom', path: ['bootMode'], message: `The ${address.driver} driver cannot do secure boot: choose UEFI, or a driver that can.` });
  }
  const at = ['bmc', 'address'];
  if (address.hostname === '') policyIssue(ctx, { id: 'bmc-host-required', path: at });
  else if (/^[0-9.]+$/.test(address.hostname) && !goParseIp(address.hostname)) policyIssue(ctx, { id: 'bmc-host-numeric', path: at, values: { host: address.hostname } });
  if (address.port !== '' && !(Number(address.port) >= 1 && Number(address.port) <= 65535)) policyIssue(ctx, { id: 'bmc-port-range', path: at, values: { port: address.port } });
  if (address.hasUserinfo) policyIssue(ctx, { id: 'bmc-address-without-credentials', path: at });
  if (value.kind !== 'existing' && !capabilities.virtualMedia) policyIssue(ctx, { id: 'new-worker-virtual-media', path: at, values: { driver: address.driver } });
}

/**
 * The CRD's (unanchored) pattern, then Go's net.ParseMAC in BMO's webhook; what passes both but
 * is not six pairs is the console's policy.
 */
function checkBootMac(mac: string | undefined, ctx: z.RefinementCtx) {
  if (mac === undefined || /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(mac)) return;
  if (CRD_MAC_PATTERN.test(mac) && !bootMacParseProblem(mac) && goParseMac(mac) !== 6) {
    policyIssue(ctx, { id: 'boot-mac-six-bytes', path: ['bootMACAddress'], values: { mac } });
  } else {
    ctx.addIssue({ code: 'custom', path: ['bootMACAddress'], message: MAC_FORMAT });
  }
}

function checkNetworkConfig(value: { kind: EnrollmentKind; networkConfig?: string }, ctx: z.RefinementCtx) {
  const config = value.networkConfig;
  const at = ['networkConfig'];
  if (value.kind !== 'static') {
    if (config?.trim()) policyIssue(ctx, { id: 'network-config-only-static', path: at });
    return;
  }
  if (!config?.trim()) return policyIssue(ctx, { id: 'static-network-config-required', path: at });
  if (config.length > 65_536) return policyIssue(ctx, { id: 'network-config-size', path: at });
  for (const issue of validateNmstate(config).issues) {
    ctx.addIssue({ code: 'custom', path: at, message: issue.line ? `Line ${issue.line}: ${issue.message}` : issue.message, params: { policy: 'network-config-nmstate' } });
  }
}

export type HostEnrollment = z.infer<typeof hostEnrollmentSchema>;

/** The user-data Secret a host gets unless the user chose another (SPEC §3). */
export function defaultUserDataSecret(options: { kind: EnrollmentKind; controlPlane: boolean }): string {
  return options.kind === 'existing' && options.controlPlane ? CONTROLLER_USER_DATA_SECRET : WORKER_USER_DATA_SECRET;
}

/** The next free `openshift-worker-<num>`, one past the highest number in use (the seed's naming). */
export function suggestWorkerName(hostNames: readonly string[]): string {
  const numbers = hostNames.map((name) => /^openshift-worker-(\d+)$/.exec(name)?.[1]).filter((n) => n !== undefined).map(Number);
  return `openshift-worker-${numbers.length > 0 ? Math.max(...numbers) + 1 : 0}`;
}
