import { z } from '@/lib/zod';

/** The parts of a Node the inventory reads; unknown fields are tolerated and dropped (see bareMetalHostSchema). */
export const nodeSchema = z.object({
  metadata: z.object({
    name: z.string(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
    creationTimestamp: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.object({ unschedulable: z.boolean().optional() }).optional(),
  status: z
    .object({
      conditions: z
        .array(z.object({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional(), lastTransitionTime: z.string().optional() }))
        .optional(),
      addresses: z.array(z.object({ type: z.string(), address: z.string() })).optional(),
      nodeInfo: z.object({ kubeletVersion: z.string().optional() }).optional(),
    })
    .optional(),
});

export type Node = z.infer<typeof nodeSchema>;

/** What the host page shows of its node: its conditions (with reasons and times) and addresses. */
export const nodeDetailsSchema = z.object({
  name: z.string(),
  conditions: z.array(z.object({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional(), lastTransitionTime: z.string().optional() })),
  addresses: z.array(z.object({ type: z.string(), address: z.string() })),
});
export type NodeDetails = z.infer<typeof nodeDetailsSchema>;

export function toNodeDetails(node: Node): NodeDetails {
  return { name: node.metadata.name, conditions: node.status?.conditions ?? [], addresses: node.status?.addresses ?? [] };
}

export function isNodeReady(node: Node): boolean {
  return nodeReadyStatus(node) === 'True';
}

/** The Ready condition's status; a node with none (not yet heard from) is Unknown. */
export function nodeReadyStatus(node: Node): 'True' | 'False' | 'Unknown' {
  const status = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  return status === 'True' || status === 'False' ? status : 'Unknown';
}

/** Roles as `oc get nodes` shows them, from node-role.kubernetes.io/<role> labels. */
export function nodeRoles(node: Node): string[] {
  const prefix = 'node-role.kubernetes.io/';
  return Object.keys(node.metadata.labels ?? {})
    .filter((label) => label.startsWith(prefix))
    .map((label) => label.slice(prefix.length))
    .sort();
}
