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

/** The stream's URL for `topics`. */
export const streamPath = (topics: readonly Topic[]) => `/api/stream?${topics.map((t) => `topic=${encodeURIComponent(topicParam(t))}`).join('&')}`;
