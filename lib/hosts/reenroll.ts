import { canonicalMac } from '@/lib/net/mac';
import { z } from '@/lib/zod';
import { isDns1123Label, isDns1123Subdomain } from '@/lib/k8s/names';

/**
 * The enrollment wizard pre-filled from a host to re-enroll (a boot MAC that conflicts with another
 * host cannot be changed: the host is removed and enrolled again with another MAC). The link is
 * `/hosts/new?<params>`; the wizard reads it with `parseReenrollQuery`. Never carries credentials
 * or the boot MAC itself: the user types the password again and chooses the new MAC.
 *
 * | parameter | meaning |
 * |---|---|
 * | `reenroll` | `<namespace>/<name>` of the host being replaced (say so; it must be removed first, its name is taken until then) |
 * | `name` | the host name to suggest |
 * | `kind` | `static` \| `dhcp` \| `existing` (static when the host has a network Secret, existing when externally provisioned) |
 * | `bmcAddress` | spec.bmc.address |
 * | `disableCertificateVerification` | `true` \| `false` |
 * | `bootMode` | `UEFI` \| `UEFISecureBoot` \| `legacy` |
 * | `nodeName` | the node name the host was expected to join as |
 * | `rejectMac` | the boot MAC that conflicted: the wizard refuses it again, naming why |
 */
export const REENROLL_PARAMS = ['reenroll', 'name', 'kind', 'bmcAddress', 'disableCertificateVerification', 'bootMode', 'nodeName', 'rejectMac'] as const;

export const reenrollQuerySchema = z.object({
  reenroll: z
    .string()
    .refine((value) => {
      const [namespace = '', name = '', ...rest] = value.split('/');
      return rest.length === 0 && isDns1123Label(namespace) && isDns1123Subdomain(name);
    }, 'not <namespace>/<name>')
    .optional(),
  name: z.string().refine(isDns1123Subdomain, 'not a host name').optional(),
  kind: z.enum(['static', 'dhcp', 'existing']).optional(),
  bmcAddress: z.string().max(2048).optional(),
  disableCertificateVerification: z.enum(['true', 'false']).optional(),
  bootMode: z.enum(['UEFI', 'UEFISecureBoot', 'legacy']).optional(),
  nodeName: z.string().refine(isDns1123Subdomain, 'not a node name').optional(),
  rejectMac: z.string().refine((value) => canonicalMac(value) !== undefined, 'not a MAC address').optional(),
});
export type ReenrollQuery = z.infer<typeof reenrollQuerySchema>;

/** `/hosts/new?…` pre-filled for `query` (parameters without a value are left out). */
export function reenrollPath(query: ReenrollQuery): string {
  const params = new URLSearchParams();
  for (const key of REENROLL_PARAMS) {
    const value = query[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return `/hosts/new${text ? `?${text}` : ''}`;
}

/** What the wizard may pre-fill from its URL: each parameter checked on its own; a malformed one is dropped, never trusted. */
export function parseReenrollQuery(params: URLSearchParams): ReenrollQuery {
  const result: Record<string, string> = {};
  for (const key of REENROLL_PARAMS) {
    const value = params.get(key);
    if (value === null) continue;
    const parsed = reenrollQuerySchema.shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) result[key] = parsed.data;
  }
  return result as ReenrollQuery;
}
