import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
// client-node authenticates requests for node-fetch (applyToFetchOptions); using the same
// client keeps TLS and credentials handling in client-node's hands.
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
    response = await fetch(url.toString(), { ...init, method: request.method, headers, body, signal });
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
