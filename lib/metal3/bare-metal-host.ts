import { z } from 'zod';

/** The parts of a BareMetalHost the console reads (SPEC §3); unknown fields pass through. */
export const bareMetalHostSchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
    creationTimestamp: z.string().optional(),
    deletionTimestamp: z.string().optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z
    .looseObject({
      online: z.boolean().optional(),
      bootMACAddress: z.string().optional(),
      externallyProvisioned: z.boolean().optional(),
      bmc: z.looseObject({ address: z.string().optional(), credentialsName: z.string().optional() }).optional(),
      preprovisioningNetworkDataName: z.string().optional(),
    })
    .optional(),
  status: z
    .looseObject({
      operationalStatus: z.string().optional(),
      errorType: z.string().optional(),
      errorMessage: z.string().optional(),
      errorCount: z.number().optional(),
      poweredOn: z.boolean().optional(),
      provisioning: z.looseObject({ state: z.string().optional() }).optional(),
    })
    .optional(),
});

export type BareMetalHost = z.infer<typeof bareMetalHostSchema>;

/** `status.provisioning.state`; a host BMO has not looked at yet has none. */
export function provisioningState(host: BareMetalHost): string {
  return host.status?.provisioning?.state ?? '';
}
