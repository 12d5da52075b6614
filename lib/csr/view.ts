import { z } from '@/lib/zod';

const checkSchema = z.object({ id: z.string(), label: z.string(), pass: z.boolean(), detail: z.string().optional() });

/** A CSR as the CSR page shows it; the checks were computed by the server, which re-runs them on approval. */
export const csrViewSchema = z.object({
  name: z.string(),
  createdAt: z.string(),
  signerName: z.string(),
  username: z.string(),
  groups: z.array(z.string()),
  usages: z.array(z.string()),
  request: z.object({
    commonName: z.string(),
    organizations: z.array(z.string()),
    dnsNames: z.array(z.string()),
    ipAddresses: z.array(z.string()),
    otherNames: z.array(z.string()),
    emailAddresses: z.array(z.string()).optional(),
    uris: z.array(z.string()).optional(),
    /** The subject's RDNs (lib/csr/request.ts SubjectAttribute): what a repeated or multi-valued subject really says. */
    subject: z.array(z.array(z.object({ type: z.string(), value: z.string().nullable() }))).optional(),
  }),
  condition: z.enum(['Pending', 'Approved', 'Denied', 'Failed']),
  /** When it was approved, denied or failed. */
  decidedAt: z.string().optional(),
  issued: z.boolean(),
  assessment: z.object({
    kind: z.enum(['client', 'serving', 'other']),
    nodeName: z.string().optional(),
    host: z.string().optional(),
    checks: z.array(checkSchema),
    passes: z.boolean(),
  }),
});

export type CsrView = z.infer<typeof csrViewSchema>;

export const csrListSchema = z.object({ csrs: z.array(csrViewSchema) });

/** What the browser sends to approve or deny; `confirm` must repeat the CSR's name to approve one that fails a check. */
export const csrDecisionSchema = z.object({
  decision: z.enum(['approve', 'deny']),
  confirm: z.string().max(253).optional(),
});

export type CsrDecision = z.infer<typeof csrDecisionSchema>;

/** Pending first (oldest first: the order they must be approved in), then the rest, newest first. */
export function orderCsrs(csrs: readonly CsrView[]): CsrView[] {
  const pending = csrs.filter((c) => c.condition === 'Pending').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const done = csrs.filter((c) => c.condition !== 'Pending').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return [...pending, ...done];
}
