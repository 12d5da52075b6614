import { z } from '@/lib/zod';

/** Status fields that say how a host is doing (SPEC §3), shared by every host schema. */
export const hostHealthFields = {
  operationalStatus: z.string().optional(),
  errorType: z.string().optional(),
  errorMessage: z.string().optional(),
  errorCount: z.number().optional(),
  poweredOn: z.boolean().optional(),
};

const operation = z.object({ start: z.string().nullable().optional(), end: z.string().nullable().optional() }).optional();

/** When BMO started and ended each operation on the host (status.operationHistory). */
export const operationHistorySchema = z.object({ register: operation, inspect: operation, provision: operation, deprovision: operation }).optional();

/**
 * The parts of a BareMetalHost the inventory reads (SPEC §3). Unknown fields are tolerated and
 * dropped: the watch cache keeps only this, which at thousands of hosts is most of the server's
 * memory (managedFields and inspected hardware are not here; the host page reads them itself).
 */
export const bareMetalHostSchema = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
    creationTimestamp: z.string().optional(),
    deletionTimestamp: z.string().optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z
    .object({
      online: z.boolean().optional(),
      bootMACAddress: z.string().optional(),
      externallyProvisioned: z.boolean().optional(),
      bmc: z.object({ address: z.string().optional(), credentialsName: z.string().optional() }).optional(),
      preprovisioningNetworkDataName: z.string().optional(),
      /** Present while the host is (to be) provisioned; removing it deprovisions the host (SPEC §3). */
      customDeploy: z.object({ method: z.string().optional() }).optional(),
    })
    .optional(),
  status: z
    .object({
      ...hostHealthFields,
      provisioning: z.object({ state: z.string().optional() }).optional(),
      operationHistory: operationHistorySchema,
      /** Only the inspected NICs' MACs: enrollment refuses a boot MAC another host has. */
      hardware: z.object({ nics: z.array(z.object({ mac: z.string().optional() })).optional() }).optional(),
    })
    .optional(),
});

export type BareMetalHost = z.infer<typeof bareMetalHostSchema>;

/** `status.provisioning.state`; a host BMO has not looked at yet has none. */
export function provisioningState(host: BareMetalHost): string {
  return host.status?.provisioning?.state ?? '';
}
