import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { BareMetalHostKind, NodeKind, resourcePath } from '@/lib/k8s/kinds';
import { type HostDetails, hostDetailsSchema } from '@/lib/metal3/host-details';
import { kubeFetch } from './kube/transport';

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

export async function readHostOrThrow(kc: KubeConfig, namespace: string, name: string): Promise<HostDetails> {
  const raw = await kubeFetch(kc, { method: 'GET', path: resourcePath(BareMetalHostKind, { namespace, name }), context: `read host ${name}` });
  return hostDetailsSchema.parse(raw);
}

/** The host's events, newest first (what `oc describe bmh` lists). */
export async function listHostEvents(kc: KubeConfig, namespace: string, name: string): Promise<HostEvent[]> {
  const list = await kubeFetch<{ items: unknown[] }>(kc, {
    method: 'GET',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
    query: { fieldSelector: `involvedObject.kind=BareMetalHost,involvedObject.name=${name}` },
    context: `list the events of host ${name}`,
  });
  return list.items
    .map((item) => eventSchema.parse(item))
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
  return nodeDetailsSchema.parse(await kubeFetch(kc, { method: 'GET', path: resourcePath(NodeKind, { name }), context: `read node ${name}` }));
}
