import { batchIdSchema } from '@/lib/bulk/batch';
import { batchViewSchema } from '@/lib/bulk/follow';
import { csrViewSchema } from '@/lib/csr/view';
import { hostPageSchema } from '@/lib/hosts/page';
import { streamChangeSchema, streamHealthSchema, streamSnapshotSchema } from '@/lib/inventory/stream';
import { isDns1123Label, isDns1123Subdomain } from '@/lib/k8s/names';
import { setupStatusSchema } from '@/lib/metal3/provisioning';
import { recordedRemovalSchema, removalProgressSchema } from '@/lib/removal/progress';
import { z } from '@/lib/zod';

/**
 * The console's one live data path: each page opens ONE Server-Sent Events stream,
 * `/api/stream?topic=…`, for the topics it shows; every message names its topic and is written
 * into the TanStack Query cache (components/live/use-live.ts). Topics:
 * - `inventory`: every host and node (snapshot, then one change per watch event, and health);
 * - `csrs`: every CSR with its checks (sent whole when a CSR, host or node changes);
 * - `setup`: the Provisioning CR and the metal3 workloads (SPEC §2) as they come up;
 * - `host:<namespace>/<name>`: everything the host page shows (lib/hosts/page.ts);
 * - `removal:<namespace>/<name>`: a removal's progress, or what is recorded when none runs here;
 * - `batch:<batch id>`: a bulk enrollment's hosts, the step each is at, and its create run (lib/bulk/follow.ts).
 */
export type Topic =
  | { kind: 'inventory' }
  | { kind: 'csrs' }
  | { kind: 'setup' }
  | { kind: 'host'; namespace: string; name: string }
  | { kind: 'removal'; namespace: string; name: string }
  | { kind: 'batch'; batchId: string };

export function topicParam(topic: Topic): string {
  if (topic.kind === 'batch') return `batch:${topic.batchId}`;
  return topic.kind === 'host' || topic.kind === 'removal' ? `${topic.kind}:${topic.namespace}/${topic.name}` : topic.kind;
}

/** The topic a `topic=` query parameter names, with its names checked; undefined when it names none. */
export function parseTopicParam(value: string): Topic | undefined {
  if (value === 'inventory' || value === 'csrs' || value === 'setup') return { kind: value };
  if (value.startsWith('batch:')) {
    const batchId = value.slice('batch:'.length);
    return batchIdSchema.safeParse(batchId).success ? { kind: 'batch', batchId } : undefined;
  }
  const match = /^(host|removal):([^/]+)\/([^/]+)$/.exec(value);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  if (!isDns1123Label(match[2]) || !isDns1123Subdomain(match[3])) return undefined;
  return { kind: match[1] as 'host' | 'removal', namespace: match[2], name: match[3] };
}

export const streamPath = (topics: readonly Topic[]) => `/api/stream?${topics.map((t) => `topic=${encodeURIComponent(topicParam(t))}`).join('&')}`;

/** Every message of the stream: `{ topic, event, data }`, parsed by the browser with this schema. */
export const liveMessageSchema = z.discriminatedUnion('event', [
  z.object({ topic: z.literal('inventory'), event: z.literal('snapshot'), data: streamSnapshotSchema }),
  z.object({ topic: z.literal('inventory'), event: z.literal('change'), data: streamChangeSchema }),
  z.object({ topic: z.literal('inventory'), event: z.literal('health'), data: streamHealthSchema }),
  z.object({ topic: z.literal('csrs'), event: z.literal('csrs'), data: z.array(csrViewSchema) }),
  z.object({ topic: z.literal('setup'), event: z.literal('setup'), data: setupStatusSchema }),
  z.object({ topic: z.string(), event: z.literal('host'), data: hostPageSchema }),
  z.object({ topic: z.string(), event: z.literal('progress'), data: removalProgressSchema }),
  z.object({ topic: z.string(), event: z.literal('batch'), data: batchViewSchema }),
  z.object({ topic: z.string(), event: z.literal('recorded'), data: recordedRemovalSchema.and(z.object({ hostGone: z.boolean() })) }),
  /** A topic the server cannot serve (refused, gone): the page shows the reason. */
  z.object({ topic: z.string(), event: z.literal('unavailable'), data: z.object({ error: z.string() }) }),
]);
export type LiveMessage = z.infer<typeof liveMessageSchema>;
