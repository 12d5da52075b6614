import { z } from '@/lib/zod';
import { hostHealthFields, operationHistorySchema } from './bare-metal-host';

/** The parts of a BareMetalHost shown on its page (SPEC §3). Credentials appear by Secret name only. */
export const hostDetailsSchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string(),
    creationTimestamp: z.string().optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    finalizers: z.array(z.string()).optional(),
  }),
  spec: z
    .looseObject({
      online: z.boolean().optional(),
      bootMACAddress: z.string().optional(),
      bootMode: z.string().optional(),
      externallyProvisioned: z.boolean().optional(),
      automatedCleaningMode: z.string().optional(),
      preprovisioningNetworkDataName: z.string().optional(),
      bmc: z
        .looseObject({ address: z.string().optional(), credentialsName: z.string().optional(), disableCertificateVerification: z.boolean().optional() })
        .optional(),
      customDeploy: z.looseObject({ method: z.string().optional() }).optional(),
      userData: z.looseObject({ name: z.string().optional(), namespace: z.string().optional() }).optional(),
      rootDeviceHints: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    })
    .optional(),
  status: z
    .looseObject({
      ...hostHealthFields,
      operationHistory: operationHistorySchema,
      lastUpdated: z.string().optional(),
      provisioning: z.looseObject({ state: z.string().optional(), bootMode: z.string().optional() }).optional(),
      hardware: z
        .looseObject({
          ramMebibytes: z.number().optional(),
          cpu: z.looseObject({ arch: z.string().optional(), model: z.string().optional(), count: z.number().optional(), clockMegahertz: z.number().optional() }).optional(),
          nics: z.array(z.looseObject({ name: z.string().optional(), mac: z.string().optional(), ip: z.string().optional(), speedGbps: z.number().optional(), pxe: z.boolean().optional() })).optional(),
          storage: z.array(z.looseObject({ name: z.string().optional(), sizeBytes: z.number().optional(), rotational: z.boolean().optional(), model: z.string().optional() })).optional(),
        })
        .optional(),
    })
    .optional(),
});

export type HostDetails = z.infer<typeof hostDetailsSchema>;

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
