import { z } from '@/lib/zod';

/** metadata as every kind has it (k8s.io/apimachinery ObjectMeta), the fields the console reads. */
export const objectMetaSchema = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  uid: z.string(),
  resourceVersion: z.string().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
  annotations: z.record(z.string(), z.string()).nullish(),
  ownerReferences: z
    .array(z.object({ apiVersion: z.string(), kind: z.string(), name: z.string(), uid: z.string(), controller: z.boolean().nullish() }))
    .nullish(),
});
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

/** Any object read for its metadata only (a Secret's provenance, a node's identity): never its data. */
export const metadataOnlySchema = z.object({ metadata: objectMetaSchema });
export type MetadataOnly = z.infer<typeof metadataOnlySchema>;
