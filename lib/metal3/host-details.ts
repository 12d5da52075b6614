import { z } from '@/lib/zod';
import { bareMetalHostParts } from './bare-metal-host';

/** status.goodCredentials / triedCredentials: `{credentials: {name, namespace}, credentialsVersion}` (BMO's CredentialsStatus). */
const credentialsStatusSchema = z
  .object({ credentials: z.object({ name: z.string().optional(), namespace: z.string().optional() }).optional(), credentialsVersion: z.string().optional() })
  .optional();

/**
 * The parts of a BareMetalHost shown on its page (SPEC §3): bareMetalHostSchema extended with the
 * rest of the spec and the inspected hardware. Credentials appear by Secret name only.
 */
export const hostDetailsSchema = z.object({
  metadata: bareMetalHostParts.metadata.extend({ namespace: z.string(), finalizers: z.array(z.string()).optional() }),
  spec: bareMetalHostParts.spec
    .extend({
      bootMode: z.string().optional(),
      automatedCleaningMode: z.string().optional(),
      bmc: z.object({ address: z.string().optional(), credentialsName: z.string().optional(), disableCertificateVerification: z.boolean().optional() }).optional(),
      userData: z.object({ name: z.string().optional(), namespace: z.string().optional() }).optional(),
      rootDeviceHints: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    })
    .optional(),
  status: bareMetalHostParts.status
    .extend({
      lastUpdated: z.string().optional(),
      /** The credentials Secret BMO last verified (its name and resourceVersion), and the one it last tried (SPEC §9). */
      goodCredentials: credentialsStatusSchema,
      triedCredentials: credentialsStatusSchema,
      provisioning: z.object({ state: z.string().optional(), bootMode: z.string().optional() }).optional(),
      hardware: z
        .object({
          ramMebibytes: z.number().optional(),
          cpu: z.object({ arch: z.string().optional(), model: z.string().optional(), count: z.number().optional(), clockMegahertz: z.number().optional() }).optional(),
          nics: z.array(z.object({ name: z.string().optional(), mac: z.string().optional(), ip: z.string().optional(), speedGbps: z.number().optional(), pxe: z.boolean().optional() })).optional(),
          storage: z.array(z.object({ name: z.string().optional(), sizeBytes: z.number().optional(), rotational: z.boolean().optional(), model: z.string().optional() })).optional(),
        })
        .optional(),
    })
    .optional(),
});

export type HostDetails = z.infer<typeof hostDetailsSchema>;

/** A host read from the apiserver for a day-2 action: its uid is always set (actions pin the host by it). */
export const hostDetailsWithUidSchema = hostDetailsSchema.extend({ metadata: hostDetailsSchema.shape.metadata.extend({ uid: z.string() }) });
export type HostDetailsWithUid = z.infer<typeof hostDetailsWithUidSchema>;

/** The spec as label/value pairs for display; the BMC Secret is named, its values never read. */
export function specRows(host: HostDetails): [string, string][] {
  const spec = host.spec ?? {};
  const rows: [string, string | undefined][] = [
    ['Online', spec.online === undefined ? undefined : String(spec.online)],
    ['Boot MAC address', spec.bootMACAddress],
    ['BMC address', spec.bmc?.address],
    ['BMC credentials Secret', spec.bmc?.credentialsName],
    ['Disable certificate verification', spec.bmc?.disableCertificateVerification === undefined ? undefined : String(spec.bmc.disableCertificateVerification)],
    ['Externally provisioned', String(spec.externallyProvisioned ?? false)],
    ['Custom deploy method', spec.customDeploy?.method],
    ['User data Secret', spec.userData?.name ? `${spec.userData.namespace ?? host.metadata.namespace}/${spec.userData.name}` : undefined],
    ['Network config Secret', spec.preprovisioningNetworkDataName],
    ['Boot mode', spec.bootMode],
    ['Automated cleaning mode', spec.automatedCleaningMode],
    ...Object.entries(spec.rootDeviceHints ?? {}).map(([hint, value]): [string, string] => [`Root device hint ${hint}`, String(value)]),
  ];
  return rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '');
}

export function formatBytes(bytes: number | undefined): string {
  if (!bytes) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
