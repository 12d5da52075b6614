import { z } from 'zod';
import { type Node, isNodeReady } from '@/lib/k8s/node';
import { type BareMetalHost, provisioningState } from '@/lib/metal3/bare-metal-host';

export const provisioningSetupSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('crd-missing') }),
  z.object({ status: z.literal('absent') }),
  z.object({ status: z.literal('present'), provisioningNetwork: z.string() }),
]);

export type ProvisioningSetup = z.infer<typeof provisioningSetupSchema>;

export const clusterSummarySchema = z.object({
  hosts: z.object({
    total: z.number().int(),
    /** Count per provisioning state; '' (not yet registered) is reported as "new". */
    byState: z.record(z.string(), z.number().int()),
    errors: z.number().int(),
  }),
  nodes: z.object({ total: z.number().int(), ready: z.number().int() }),
  provisioning: provisioningSetupSchema,
  readAt: z.string(),
});

export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

export function summarizeCluster(options: {
  hosts: BareMetalHost[];
  nodes: Node[];
  provisioning: ProvisioningSetup;
  now: Date;
}): ClusterSummary {
  const byState: Record<string, number> = {};
  for (const host of options.hosts) {
    const state = provisioningState(host) || 'new';
    byState[state] = (byState[state] ?? 0) + 1;
  }
  return {
    hosts: {
      total: options.hosts.length,
      byState,
      errors: options.hosts.filter((h) => h.status?.operationalStatus === 'error').length,
    },
    nodes: { total: options.nodes.length, ready: options.nodes.filter(isNodeReady).length },
    provisioning: options.provisioning,
    readAt: options.now.toISOString(),
  };
}
