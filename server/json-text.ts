import 'server-only';
import type { StreamSnapshot } from '@/lib/inventory/stream';
import type { LiveMessage } from '@/lib/live/topics';

/**
 * JSON already serialized: what json() and sseResponse send as it is, instead of stringifying.
 * Lets the inventory's large answers be joined from pieces serialized once.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** JSON of a value, or the text of one already serialized (JsonText). */
export function jsonText(value: unknown): string {
  return value instanceof JsonText ? value.text : JSON.stringify(value);
}

/**
 * Each shared view's JSON, made once per view object. The shared cache makes one view per object
 * version (server/watch/shared-cache.ts) and never changes it, so a view object's JSON never goes
 * stale; a view made for one request (with a user's static IPs) is serialized once and dropped with it.
 */
const viewJson = new WeakMap<object, string>();

function cachedJson(view: object): string {
  let text = viewJson.get(view);
  if (text === undefined) {
    text = JSON.stringify(view);
    viewJson.set(view, text);
  }
  return text;
}

/**
 * The JSON of an inventory snapshot, joined from each host's and node's JSON serialized once: with
 * 10,000 hosts and 10,000 nodes (~10 MB), stringifying the whole snapshot for every request and
 * every new stream was most of the inventory API's time.
 */
export function snapshotJson(snapshot: StreamSnapshot): JsonText {
  const { hosts, nodes, ...rest } = snapshot;
  const tail = JSON.stringify(rest);
  const parts = [`{"hosts":[${hosts.map(cachedJson).join(',')}],"nodes":[${nodes.map(cachedJson).join(',')}]`];
  if (tail !== '{}') parts.push(`,${tail.slice(1, -1)}`);
  parts.push('}');
  return new JsonText(parts.join(''));
}

/** A live stream message as JSON; an inventory snapshot joined from its views' cached JSON. */
export function liveMessageJson(message: LiveMessage): JsonText {
  if (message.topic === 'inventory' && message.event === 'snapshot') {
    return new JsonText(`{"topic":"inventory","event":"snapshot","data":${snapshotJson(message.data).text}}`);
  }
  return new JsonText(JSON.stringify(message));
}
