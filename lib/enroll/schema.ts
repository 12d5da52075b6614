import { isDns1123Subdomain } from '@/lib/k8s/names';
import { z } from '@/lib/zod';
import { bmcAddressMessage, driverCapabilities, parseBmcAddress } from '@/lib/metal3/bmc';
import { bootMacParseProblem, hostNameProblems, rootDeviceNameProblem } from '@/lib/metal3/bmh-webhook';
import { CONTROLLER_USER_DATA_SECRET, WORKER_USER_DATA_SECRET } from '@/lib/metal3/constants';
import { goParseIp } from '@/lib/net/go';
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

/** SPEC §3's bootMACAddress pattern, as the CRD has it: not anchored. */
const CRD_MAC_PATTERN = /[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}/;
const MAC_FORMAT = 'A MAC address is six pairs of hex digits separated by colons, such as 52:54:00:12:34:56.';

/** A policy's issue: the policy's text at the policy's field, marked with its id. */
function policyIssue(ctx: z.RefinementCtx, options: { id: EnrollmentPolicyId; path: (string | number)[]; values?: Record<string, string | number> }) {
  ctx.addIssue({ code: 'custom', path: options.path, message: policyMessage(options.id, options.values), params: { policy: options.id } });
}

/** An optional text field, trimmed; blank counts as absent (see normalize). */
const optionalText = () => z.string().trim().optional();

const hostName = z
  .string()
  .trim()
  .min(1, 'Enter the host name.')
  .max(253, 'The host name is longer than 253 characters.')
  .refine(isDns1123Subdomain, 'The host name may use lowercase letters, digits, "-" and ".", and must start and end with a letter or digit.')
  .refine((name) => !hostNameProblems(name).some((p) => p.rule === 'name-uuid'), 'BMO refuses host names that look like a UUID.');

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
    // A refinement, not .int(): zod's int check aborts the parse, and the other fields' checks must still run.
    minSizeGigabytes: z
      .number({ error: 'The minimum size is a number of gigabytes.' })
      .refine(Number.isInteger, 'The minimum size is a whole number of gigabytes.')
      .min(0, 'The minimum size cannot be negative.')
      .optional(),
    rotational: z.boolean({ error: 'Rotational is yes or no.' }).optional(),
  })
  .strict();

/**
 * The BMC user name and password fields as enrollment reads them (their required-ness is a policy,
 * checkBmcCredentials): also the new credentials of a day-2 BMC change (lib/day2/flows.ts).
 */
export const bmcCredentialFields = z.object({
  username: z.string({ error: 'Enter the BMC user name.' }).trim(),
  password: z.string({ error: 'Enter the BMC password.' }),
});

/** The BMC address field as enrollment reads it (what it may be is checkBmcAddress's). */
export const bmcAddressField = z.string({ error: 'Enter the BMC address.' }).trim();

/** Each field on its own: types, names, enums. No transforms here, so the checks across fields always run (see `when`). */
const enrollmentFields = z.object({
  kind: z.enum(ENROLLMENT_KINDS, { error: 'Choose new worker (static network), new worker (DHCP) or existing host.' }),
  name: hostName,
  /** The node name the host will join as, when it differs from the host name. */
  expectedNodeName: optionalText(),
  bmc: bmcCredentialFields.extend({
    address: bmcAddressField,
    disableCertificateVerification: z.boolean().default(false),
  }),
  /** Optional for the drivers that do not need it (ipmi); blank means none. */
  bootMACAddress: optionalText(),
  bootMode: z.enum(['UEFI', 'UEFISecureBoot', 'legacy'], { error: 'Boot mode is UEFI, UEFISecureBoot or legacy.' }).default('UEFI'),
  rootDeviceHints: rootDeviceHintsSchema.optional(),
  userDataSecret: optionalText(),
  customDeployMethod: z.string({ error: policyMessage('custom-deploy-install-coreos') }).default('install_coreos'),
  /** NMState YAML of the static network config (kind static only). */
  networkConfig: z.string().optional(),
});

type EnrollmentFields = z.output<typeof enrollmentFields>;

/**
 * What the checks across fields read, as loosely as they read it: zod skips an object's refinements
 * once a field failed, and the form must show every problem at once, so they run whenever these
 * parts have their types (other fields may still be wrong).
 */
const crossFieldInput = z.object({
  kind: z.enum(ENROLLMENT_KINDS),
  name: z.string(),
  expectedNodeName: z.string().optional(),
  bmc: z.object({ address: z.string(), username: z.string(), password: z.string() }),
  bootMACAddress: z.string().optional(),
  bootMode: z.string(),
  rootDeviceHints: z.object({ deviceName: z.string().optional(), hctl: z.string().optional() }).optional(),
  userDataSecret: z.string().optional(),
  customDeployMethod: z.string(),
  networkConfig: z.string().optional(),
});
type CrossFieldInput = z.output<typeof crossFieldInput>;

/** Blank optional text counts as absent, as BMO reads it. */
const present = (value: string | undefined) => (value ? value : undefined);

export const hostEnrollmentSchema = enrollmentFields
  .superRefine(
    (fields, ctx) => {
      const value: CrossFieldInput = crossFieldInput.parse(fields);
      checkSecretNames(value, ctx);
      const expectedNodeName = present(value.expectedNodeName);
      if (expectedNodeName !== undefined && !isDns1123Subdomain(expectedNodeName)) policyIssue(ctx, { id: 'expected-node-name', path: ['expectedNodeName'] });
      const userDataSecret = present(value.userDataSecret);
      if (userDataSecret !== undefined && !isDns1123Subdomain(userDataSecret)) policyIssue(ctx, { id: 'user-data-secret-name', path: ['userDataSecret'] });
      checkBmcCredentials(value.bmc, ctx);
      if (value.customDeployMethod !== 'install_coreos') policyIssue(ctx, { id: 'custom-deploy-install-coreos', path: ['customDeployMethod'] });
      const addressReadable = checkBmcAddress(
        { address: value.bmc.address, newWorker: value.kind !== 'existing', ...(present(value.bootMACAddress) ? { bootMACAddress: value.bootMACAddress } : {}), bootMode: value.bootMode },
        ctx,
      );
      checkBootMac(present(value.bootMACAddress), { addressReadable }, ctx);
      checkRootDevice(value.rootDeviceHints, ctx);
      checkNetworkConfig(value, ctx);
    },
    { when: (payload) => crossFieldInput.safeParse(payload.value).success },
  )
  .transform(normalize);

/** The enrollment the console acts on: blank optional fields and hints left out. */
function normalize(fields: EnrollmentFields) {
  const { expectedNodeName, bootMACAddress, userDataSecret, rootDeviceHints, ...rest } = fields;
  const hints = rootDeviceHints ? Object.fromEntries(Object.entries(rootDeviceHints).filter(([, v]) => v !== undefined && v !== '')) : undefined;
  return {
    ...rest,
    ...(present(expectedNodeName) ? { expectedNodeName } : {}),
    ...(present(bootMACAddress) ? { bootMACAddress } : {}),
    ...(present(userDataSecret) ? { userDataSecret } : {}),
    // The same hints, without the blank ones.
    ...(hints ? { rootDeviceHints: hints as RootDeviceHints } : {}),
    customDeployMethod: 'install_coreos' as const,
  };
}

export type RootDeviceHints = z.output<typeof rootDeviceHintsSchema>;

/**
 * Each Secret's name is the host name and a suffix: the apiserver refuses one longer than 253. A
 * static network without its config makes no network Secret (that is refused on its own).
 */
function checkSecretNames(value: { kind: EnrollmentKind; name: string; networkConfig?: string }, ctx: z.RefinementCtx) {
  if (!value.name || value.name.length > 253) return;
  const longest = enrollmentSecretNames(value).reduce((a, b) => (b.length > a.length ? b : a));
  if (longest.length <= 253) return;
  const limit = 253 - (longest.length - value.name.length);
  ctx.addIssue({ code: 'custom', path: ['name'], message: `The host name is longer than ${limit} characters, so the name of its Secret ${longest.slice(value.name.length)} would pass Kubernetes' 253.` });
}

type IssuePath = (string | number)[];

/**
 * The BMC user name and password by enrollment's policies (both required, in its words), reported
 * at `paths`: enrollment's fields by default, or another form's (the day-2 BMC change).
 */
export function checkBmcCredentials(value: { username: string; password: string }, ctx: z.RefinementCtx, paths: { username: IssuePath; password: IssuePath } = { username: ['bmc', 'username'], password: ['bmc', 'password'] }) {
  if (!value.username) policyIssue(ctx, { id: 'bmc-username-required', path: paths.username });
  if (!value.password) policyIssue(ctx, { id: 'bmc-password-required', path: paths.password });
}

/**
 * The BMC address as BMO reads it (its webhook: parse, driver, then what the driver needs of the
 * host's boot MAC and boot mode), then the console's policies on a readable address (a new worker
 * needs virtual media). Reported at `paths`: enrollment's fields by default, or another form's (the
 * day-2 BMC change reports everything at its address). Returns whether BMO could read it.
 */
export function checkBmcAddress(
  value: { address: string; newWorker: boolean; bootMACAddress?: string; bootMode: string },
  ctx: z.RefinementCtx,
  paths: { address: IssuePath; bootMACAddress: IssuePath; bootMode: IssuePath } = { address: ['bmc', 'address'], bootMACAddress: ['bootMACAddress'], bootMode: ['bootMode'] },
): boolean {
  const text = value.address;
  const at = paths.address;
  if (!text) {
    policyIssue(ctx, { id: 'bmc-address-required', path: at });
    return false;
  }
  const parsed = parseBmcAddress(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', path: at, message: bmcAddressMessage(parsed.problem, text) });
    return false;
  }
  const address = parsed.address;
  const capabilities = driverCapabilities(address.driver);
  if (capabilities.needsMAC && !value.bootMACAddress) {
    ctx.addIssue({ code: 'custom', path: paths.bootMACAddress, message: `Enter the boot MAC address: BMO's ${address.driver} driver needs it.` });
  }
  if (value.bootMode === 'UEFISecureBoot' && !capabilities.supportsSecureBoot) {
    ctx.addIssue({ code: 'custom', path: paths.bootMode, message: `The ${address.driver} driver cannot do secure boot: choose UEFI, or a driver that can.` });
  }
  if (address.hostname === '') policyIssue(ctx, { id: 'bmc-host-required', path: at });
  else if (/^[0-9.]+$/.test(address.hostname) && !goParseIp(address.hostname)) policyIssue(ctx, { id: 'bmc-host-numeric', path: at, values: { host: address.hostname } });
  if (address.port !== '' && !(Number(address.port) >= 1 && Number(address.port) <= 65535)) policyIssue(ctx, { id: 'bmc-port-range', path: at, values: { port: address.port } });
  if (address.hasUserinfo) policyIssue(ctx, { id: 'bmc-address-without-credentials', path: at });
  if (value.newWorker && !capabilities.virtualMedia) policyIssue(ctx, { id: 'new-worker-virtual-media', path: at, values: { driver: address.driver } });
  return true;
}

/**
 * Six colon-separated pairs. The cluster refuses a MAC the CRD's (unanchored) pattern does not
 * find, and one Go's net.ParseMAC cannot read, but BMO's webhook runs ParseMAC only when it could
 * read the BMC address; the rest (8- and 20-byte MACs, and any MAC beside an unreadable address)
 * is the console's policy.
 */
function checkBootMac(mac: string | undefined, options: { addressReadable: boolean }, ctx: z.RefinementCtx) {
  if (mac === undefined || /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(mac)) return;
  const clusterRefuses = !CRD_MAC_PATTERN.test(mac) || (options.addressReadable && bootMacParseProblem(mac) !== undefined);
  if (clusterRefuses) ctx.addIssue({ code: 'custom', path: ['bootMACAddress'], message: MAC_FORMAT });
  else policyIssue(ctx, { id: 'boot-mac-six-pairs', path: ['bootMACAddress'] });
}

/** BMO's rule for the device name (validateRootDeviceHints), then the console's policies on the hints. */
function checkRootDevice(hints: CrossFieldInput['rootDeviceHints'], ctx: z.RefinementCtx) {
  const deviceName = present(hints?.deviceName);
  const rootDevice = rootDeviceNameProblem(deviceName);
  if (rootDevice) {
    const message =
      rootDevice.rule === 'root-device-name-not-dev'
        ? 'A device name is a path under /dev, such as /dev/sda or /dev/disk/by-path/pci-0000:00:17.0-ata-1.'
        : 'BMO takes a device directly under /dev/ or /dev/disk/by-path/, such as /dev/sda or /dev/disk/by-path/pci-0000:00:17.0-ata-1.';
    ctx.addIssue({ code: 'custom', path: ['rootDeviceHints', 'deviceName'], message });
  } else if (deviceName !== undefined) {
    const name = deviceName.slice('/dev/'.length).replace(/^disk\/by-path\//, '');
    if (name === '' || /\s/.test(name)) policyIssue(ctx, { id: 'root-device-name-names-a-device', path: ['rootDeviceHints', 'deviceName'], values: { deviceName } });
  }
  const hctl = present(hints?.hctl);
  if (hctl !== undefined && !/^\d+:\d+:\d+:\d+$/.test(hctl)) policyIssue(ctx, { id: 'root-device-hctl', path: ['rootDeviceHints', 'hctl'] });
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
