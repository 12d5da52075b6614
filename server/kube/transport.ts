import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
// client-node authenticates requests for node-fetch (applyToFetchOptions); using the same
// client keeps TLS and credentials handling in client-node's hands.
import { createHash } from 'node:crypto';
import https from 'node:https';
import fetch, { Headers } from 'node-fetch';
import { clusterErrorFromStatus, toClusterError } from '../errors';

export type PatchType = 'application/json-patch+json' | 'application/merge-patch+json';

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** An API path from resourcePath(), which has checked every name in it. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Explicit patch type: CRDs reject strategic merge (DESIGN house style 4). */
  contentType?: 'application/json' | PatchType;
  /** Names the operation in error messages, e.g. "list baremetalhosts". */
  context: string;
  /** Aborts the request (a cancelled flow, a closed stream). */
  signal?: AbortSignal;
  /** Gives up after this long; 30 s unless set. A request never waits forever. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Agents kept for their connections, by TLS identity; past this many the oldest is forgotten. */
const MAX_AGENTS = 64;
/** An idle kept connection is closed after this long (a forgotten agent's too). */
const IDLE_SOCKET_MS = 60_000;
const agents = new Map<string, https.Agent>();

/**
 * client-node makes a new https.Agent for every request, so every call paid a TLS handshake (a
 * client-certificate one in kubeconfig mode), which on a busy apiserver costs more than the call;
 * kubectl keeps one connection. The agent is kept instead, by everything that makes its TLS
 * identity (CA, client certificate and key, verification, server name), with keep-alive, as
 * client-go caches its transports by TLS config (k8s.io/client-go/transport/cache.go). Bearer
 * tokens travel in each request's Authorization header, never in the connection, so users who
 * sign in with tokens share connections safely; a client certificate gets its own agent.
 * Anything but a plain https.Agent (a proxy's) is used as client-node made it.
 */
function keptAgent(agent: unknown): unknown {
  if (!(agent instanceof https.Agent) || agent.constructor !== https.Agent) return agent;
  const o = agent.options;
  const key = createHash('sha256')
    .update(JSON.stringify([o.ca, o.cert, o.key, o.pfx, o.passphrase, o.rejectUnauthorized, o.servername, o.ciphers, o.secureProtocol]))
    .digest('hex');
  let kept = agents.get(key);
  if (kept) agents.delete(key);
  else kept = new https.Agent({ ...o, keepAlive: true, timeout: IDLE_SOCKET_MS });
  agents.set(key, kept);
  // Its requests in flight finish; its idle connections time out.
  if (agents.size > MAX_AGENTS) agents.delete(agents.keys().next().value as string);
  return kept;
}

/**
 * One request to the apiserver with `kc`'s identity. Returns the raw JSON the apiserver sent
 * (timestamps stay strings, as in watch events) as `unknown`: callers parse it with a schema, most
 * through server/kube/objects.ts. Failures come out as ClusterErrors.
 */
export async function kubeFetch(kc: KubeConfig, request: KubeRequest): Promise<unknown> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig names no current cluster');
  const url = new URL(request.path, cluster.server);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const init = await kc.applyToFetchOptions({ method: request.method });
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  // init.headers carries the credentials (Authorization for tokens) and may be a Headers object.
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  if (body) headers.set('Content-Type', request.contentType ?? 'application/json');
  const timeout = AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  let response;
  let text: string;
  try {
    response = await fetch(url.toString(), { ...init, agent: keptAgent(init.agent) as typeof init.agent, method: request.method, headers, body, signal });
    text = await response.text();
  } catch (error) {
    // A caller's cancellation is not a cluster failure: it surfaces as the signal's own reason.
    if (request.signal?.aborted) throw request.signal.reason;
    if (timeout.aborted) throw toClusterError(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }), request.context);
    throw toClusterError(error, request.context);
  }
  if (!response.ok) throw clusterErrorFromStatus({ code: response.status, body: text, context: request.context });
  return text ? JSON.parse(text) : undefined;
}
