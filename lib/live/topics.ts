import { batchIdSchema } from '@/lib/bulk/batch';
import { batchViewSchema } from '@/lib/bulk/follow';
import { csrViewSchema } from '@/lib/csr/view';
import { hostPageSchema } from '@/lib/hosts/page';
import { streamChangeSchema, streamHealthSchema, streamSnapshotSchema } from '@/lib/inventory/stream';
import { isDns1123Label, isDns1123Subdomain } from '@/lib/k8s/names';
import { setupStatusSchema } from '@/lib/metal3/provisioning';
import { recordedRemovalSchema, removalProgressSchema } from '@/lib/removal/progress';
import { z } from '@/lib/zod';
import type { Topic } from './topic-param';

export { type Topic, streamPath, topicParam } from './topic-param';

/**
 * What the stream's messages are (liveMessageSchema) and which topics a request may name
 * (parseTopicParam): kept apart from ./topic-param, which the pages load first, because these
 * bring zod and every topic's schema; the browser loads them with the stream (components/live).
 */

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
