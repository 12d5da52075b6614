import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { BareMetalHostKind, NodeKind, ProvisioningKind } from '@/lib/k8s/kinds';
import { nodeSchema } from '@/lib/k8s/node';
import { type ClusterSummary, type ProvisioningSetup, summarizeCluster } from '@/lib/inventory/summary';
import { bareMetalHostSchema } from '@/lib/metal3/bare-metal-host';
import { MACHINE_API_NAMESPACE, PROVISIONING_NAME } from '@/lib/metal3/constants';
import { ClusterError } from './errors';
import { listObjects } from './kube/objects';

const provisioningSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string() }),
  spec: z.looseObject({ provisioningNetwork: z.string().optional() }).optional(),
});

async function readProvisioningSetup(kc: KubeConfig): Promise<ProvisioningSetup> {
  try {
    const { items } = await listObjects(kc, ProvisioningKind);
    const cr = items.map((item) => provisioningSchema.parse(item)).find((p) => p.metadata.name === PROVISIONING_NAME);
    if (!cr) return { status: 'absent' };
    // An empty provisioningNetwork means Managed (SPEC §2).
    return { status: 'present', provisioningNetwork: cr.spec?.provisioningNetwork || 'Managed' };
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'NotFound') return { status: 'crd-missing' };
    throw error;
  }
}

/** Hosts, nodes and provisioning setup at a glance, read with the caller's identity. */
export async function readClusterSummary(kc: KubeConfig): Promise<ClusterSummary> {
  const [hostList, nodeList, provisioning] = await Promise.all([
    listObjects(kc, BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE }),
    listObjects(kc, NodeKind),
    readProvisioningSetup(kc),
  ]);
  return summarizeCluster({
    hosts: hostList.items.map((item) => bareMetalHostSchema.parse(item)),
    nodes: nodeList.items.map((item) => nodeSchema.parse(item)),
    provisioning,
    now: new Date(),
  });
}
