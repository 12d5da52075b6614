import type { CsrView } from '@/lib/csr/view';
import { z } from '@/lib/zod';

/** A CertificateSigningRequest (certificates.k8s.io/v1) as the console reads it. */
export const certificateSigningRequestSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string(), creationTimestamp: z.string() }),
  spec: z.looseObject({
    /** base64 of a PEM CERTIFICATE REQUEST (lib/csr/request.ts reads it as Go does). */
    request: z.string(),
    signerName: z.string(),
    username: z.string().default(''),
    groups: z.array(z.string()).default([]),
    usages: z.array(z.string()).default([]),
  }),
  status: z
    .looseObject({
      conditions: z.array(z.looseObject({ type: z.string(), status: z.string(), lastUpdateTime: z.string().optional(), lastTransitionTime: z.string().optional() })).optional(),
      certificate: z.string().optional(),
    })
    .optional(),
});
export type CertificateSigningRequest = z.infer<typeof certificateSigningRequestSchema>;

/** The CSR's condition as kubectl prints it: Denied or Failed win over Approved; none is Pending. */
export function csrCondition(csr: CertificateSigningRequest): CsrView['condition'] {
  const types = (csr.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type);
  if (types.includes('Denied')) return 'Denied';
  if (types.includes('Failed')) return 'Failed';
  if (types.includes('Approved')) return 'Approved';
  return 'Pending';
}
