import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { BareMetalHostKind, EventKind, NodeKind } from '@/lib/k8s/kinds';
import { type HostDetails, hostDetailsSchema } from '@/lib/metal3/host-details';
import { getObject, listObjects } from './kube/objects';

const eventSchema = z.looseObject({
  type: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  count: z.number().optional(),
  lastTimestamp: z.string().nullable().optional(),
  eventTime: z.string().nullable().optional(),
  metadata: z.looseObject({ uid: z.string().optional(), creationTimestamp: z.string().optional() }),
});

export type HostEvent = { uid: string; type: string; reason: string; message: string; count: number; at: string };

const nodeDetailsSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string() }),
  status: z
    .looseObject({
      conditions: z.array(z.looseObject({ type: z.string(), status: z.string(), reason: z.string().optional(), message: z.string().optional(), lastTransitionTime: z.string().optional() })).optional(),
      addresses: z.array(z.looseObject({ type: z.string(), address: z.string() })).optional(),
    })
    .optional(),
});

export type NodeDetails = z.infer<typeof nodeDetailsSchema>;

export async function readHostOrThrow(kc: KubeConfig, host: { namespace: string; name: string }): Promise<HostDetails> {
  return getObject(kc, { kind: BareMetalHostKind, ...host, schema: hostDetailsSchema });
}

/** The host's events, newest first (what `oc describe bmh` lists). */
export async function listHostEvents(kc: KubeConfig, host: { namespace: string; name: string }): Promise<HostEvent[]> {
  const { items } = await listObjects(kc, {
    kind: EventKind,
    namespace: host.namespace,
    fieldSelector: `involvedObject.kind=BareMetalHost,involvedObject.name=${host.name}`,
    schema: eventSchema,
  });
  return items
    .map((event) => ({
      uid: event.metadata.uid ?? '',
      type: event.type ?? 'Normal',
      reason: event.reason ?? '',
      message: event.message ?? '',
      count: event.count ?? 1,
      at: event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp ?? '',
    }))
    .sort((a, b) => b.at.localeCompare(a.at));
}

export async function readNodeOrThrow(kc: KubeConfig, name: string): Promise<NodeDetails> {
  return getObject(kc, { kind: NodeKind, name, schema: nodeDetailsSchema });
}
