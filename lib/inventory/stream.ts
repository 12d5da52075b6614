import { z } from '@/lib/zod';
import { hostViewSchema, nodeViewSchema } from './views';

/**
 * The inventory's Server-Sent Events: a snapshot on (re)connect, then one change per watch event.
 * The page itself is rendered with only the first screen's hosts and nodes (lib/inventory/table.ts
 * firstScreen), `partial` giving the whole inventory's size; the stream's snapshot is always whole.
 */
export const streamSnapshotSchema = z.object({
  hosts: z.array(hostViewSchema),
  nodes: z.array(nodeViewSchema),
  /** Set when this is only the first screen: how many hosts and nodes the whole inventory has. */
  partial: z.object({ hosts: z.number(), nodes: z.number() }).optional(),
});

export const streamChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('host'), type: z.enum(['ADDED', 'MODIFIED', 'DELETED']), object: hostViewSchema }),
  z.object({ kind: z.literal('node'), type: z.enum(['ADDED', 'MODIFIED', 'DELETED']), object: nodeViewSchema }),
]);

/** A collection the server could not keep watching; the browser shows its data as possibly stale. */
export const streamHealthSchema = z.object({
  hosts: z.enum(['live', 'reconnecting']),
  nodes: z.enum(['live', 'reconnecting']),
  /** Set when a list or watch is refused (e.g. 403), with the user-facing reason. */
  error: z.string().optional(),
});

export type StreamSnapshot = z.infer<typeof streamSnapshotSchema>;
export type StreamChange = z.infer<typeof streamChangeSchema>;
export type StreamHealth = z.infer<typeof streamHealthSchema>;

interface Versioned {
  uid: string;
  resourceVersion: string;
}

/**
 * Applies one watch event to a cached list, returning a new list (for setQueryData). Replays and
 * reordered events are harmless: an older resourceVersion never overwrites a newer one.
 */
export function applyWatchEvent<T extends Versioned>(list: readonly T[] | undefined, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: T): T[] {
  const current = list ?? [];
  const index = current.findIndex((item) => item.uid === object.uid);
  if (type === 'DELETED') return index < 0 ? [...current] : current.filter((_, i) => i !== index);
  if (index < 0) return [...current, object];
  const existing = current[index];
  if (existing && isOlder(object.resourceVersion, existing.resourceVersion)) return [...current];
  const next = [...current];
  next[index] = object;
  return next;
}

/** resourceVersions are opaque but, from one apiserver's etcd, integers: compare when both are. */
function isOlder(candidate: string, existing: string): boolean {
  if (!/^\d+$/.test(candidate) || !/^\d+$/.test(existing)) return false;
  return BigInt(candidate) < BigInt(existing);
}
