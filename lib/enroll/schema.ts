import { z } from '@/lib/zod';
import { bmcAddressProblem } from '@/lib/metal3/bmc';
import { CONTROLLER_USER_DATA_SECRET, WORKER_USER_DATA_SECRET } from '@/lib/metal3/constants';
import { validateNmstate } from '@/lib/nmstate/validate';

/**
 * What the enrollment wizard sends, checked by the same schema in the browser and on the server
 * (SPEC §3–5). Every problem is reported at the field that caused it.
 */

export const ENROLLMENT_KINDS = ['static', 'dhcp', 'existing'] as const;
export type EnrollmentKind = (typeof ENROLLMENT_KINDS)[number];

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** SPEC §3's pattern for bootMACAddress. */
const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

function dns1123(what: string) {
  return z
    .string()
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(253, `The ${what} is longer than 253 characters.`)
    .regex(DNS1123_SUBDOMAIN, `The ${what} may use lowercase letters, digits, "-" and ".", and must start and end with a letter or digit.`);
}

/** The longest suffix the console adds to a host name (`-network-config-secret`); Secret names stop at 253 characters too. */
const MAX_HOST_NAME = 253 - '-network-config-secret'.length;

const hostName = dns1123('host name')
  .max(MAX_HOST_NAME, `The host name is longer than ${MAX_HOST_NAME} characters, so the names of its Secrets would pass Kubernetes' 253.`)
  .refine((name) => !UUID.test(name), 'BMO refuses host names that look like a UUID.');

const hint = (what: string) => z.string().trim().min(1, `Enter the ${what} or leave it out.`).max(256).optional();

export const rootDeviceHintsSchema = z
  .object({
    deviceName: z
      .string()
      .trim()
      .regex(/^\/dev\/\S+$/, 'A device name is a path under /dev, such as /dev/sda or /dev/disk/by-path/pci-0000:00:17.0-ata-1.')
      .optional(),
    hctl: z
      .string()
      .trim()
      .regex(/^\d+:\d+:\d+:\d+$/, 'An HCTL is four numbers, such as 0:0:0:0.')
      .optional(),
    model: hint('model'),
    vendor: hint('vendor'),
    serialNumber: hint('serial number'),
    wwn: hint('WWN'),
    wwnWithExtension: hint('WWN with extension'),
    wwnVendorExtension: hint('WWN vendor extension'),
    minSizeGigabytes: z.number({ error: 'The minimum size is a number of gigabytes.' }).int('The minimum size is a whole number of gigabytes.').min(0, 'The minimum size cannot be negative.').optional(),
    rotational: z.boolean({ error: 'Rotational is yes or no.' }).optional(),
  })
  .strict();

export const hostEnrollmentSchema = z
  .object({
    kind: z.enum(ENROLLMENT_KINDS, { error: 'Choose new worker (static network), new worker (DHCP) or existing host.' }),
    name: hostName,
    /** The node name the host will join as, when it differs from the host name. */
    expectedNodeName: dns1123('node name').optional(),
    bmc: z.object({
      address: z.string({ error: 'Enter the BMC address.' }),
      username: z.string().trim().min(1, 'Enter the BMC user name.').max(256),
      password: z.string().min(1, 'Enter the BMC password.').max(1024),
      disableCertificateVerification: z.boolean().default(false),
    }),
    bootMACAddress: z.string().trim().regex(MAC, 'A MAC address is six pairs of hex digits separated by colons, such as 52:54:00:12:34:56.'),
    bootMode: z.enum(['UEFI', 'UEFISecureBoot', 'legacy'], { error: 'Boot mode is UEFI, UEFISecureBoot or legacy.' }).default('UEFI'),
    rootDeviceHints: rootDeviceHintsSchema.optional(),
    userDataSecret: dns1123('user data Secret').optional(),
    customDeployMethod: z.literal('install_coreos', { error: 'The custom deploy method is install_coreos.' }).default('install_coreos'),
    /** NMState YAML of the static network config (kind static only). */
    networkConfig: z.string().max(65_536, 'The network config is longer than 64 KiB.').optional(),
  })
  .superRefine((value, ctx) => {
    const problem = bmcAddressProblem(value.bmc.address, { newWorker: value.kind !== 'existing' });
    if (problem) ctx.addIssue({ code: 'custom', path: ['bmc', 'address'], message: problem });
    if (value.kind === 'static') {
      if (!value.networkConfig?.trim()) {
        ctx.addIssue({ code: 'custom', path: ['networkConfig'], message: 'A static network needs its NMState config.' });
      } else {
        for (const issue of validateNmstate(value.networkConfig).issues) {
          ctx.addIssue({ code: 'custom', path: ['networkConfig'], message: issue.line ? `Line ${issue.line}: ${issue.message}` : issue.message });
        }
      }
    } else if (value.networkConfig?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['networkConfig'], message: 'Only a static network has an NMState config.' });
    }
  });

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
