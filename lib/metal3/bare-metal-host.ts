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

const hostMetadata = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

const hostSpec = z.object({
  online: z.boolean().optional(),
  bootMACAddress: z.string().optional(),
  externallyProvisioned: z.boolean().optional(),
  bmc: z.object({ address: z.string().optional(), credentialsName: z.string().optional(), disableCertificateVerification: z.boolean().optional() }).optional(),
  bootMode: z.string().optional(),
  preprovisioningNetworkDataName: z.string().optional(),
  /** Present while the host is (to be) provisioned; removing it deprovisions the host (SPEC §3). */
  customDeploy: z.object({ method: z.string().optional() }).optional(),
  /** controller-user-data-managed marks a control-plane host (SPEC §3). */
  userData: z.object({ name: z.string().optional(), namespace: z.string().optional() }).optional(),
});

const hostStatus = z.object({
  ...hostHealthFields,
  provisioning: z.object({ state: z.string().optional() }).optional(),
  operationHistory: operationHistorySchema,
  /** Only the inspected NICs' MACs: enrollment refuses a boot MAC another host has. */
  hardware: z.object({ nics: z.array(z.object({ mac: z.string().optional() })).optional() }).optional(),
});

/**
 * The one BareMetalHost schema (metal3.io/v1alpha1, SPEC §3), in the parts the inventory reads.
 * Unknown fields are dropped: the watch cache keeps only this, which at thousands of hosts is most
 * of the server's memory (managedFields and inspected hardware are not here). Variants extend it:
 * hostWithUidSchema (objects read from the apiserver, which always have a uid) and
 * hostDetailsSchema (lib/metal3/host-details.ts: everything the host page shows).
 */
export const bareMetalHostSchema = z.object({ metadata: hostMetadata, spec: hostSpec.optional(), status: hostStatus.optional() });

/** A host as the apiserver returns it: its uid is always set (flows pin objects by uid). */
export const hostWithUidSchema = bareMetalHostSchema.extend({ metadata: hostMetadata.extend({ uid: z.string() }) });

/** The parts of the schema its variants extend. */
export const bareMetalHostParts = { metadata: hostMetadata, spec: hostSpec, status: hostStatus };

export type BareMetalHost = z.infer<typeof bareMetalHostSchema>;

/** `status.provisioning.state`; a host BMO has not looked at yet has none. */
export function provisioningState(host: BareMetalHost): string {
  return host.status?.provisioning?.state ?? '';
}
