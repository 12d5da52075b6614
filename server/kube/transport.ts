import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
// client-node authenticates requests for node-fetch (applyToFetchOptions); using the same
// client keeps TLS and credentials handling in client-node's hands.
import fetch, { Headers } from 'node-fetch';
import { clusterErrorFromStatus, toClusterError } from '../errors';

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** An API path from resourcePath(). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Explicit patch type: CRDs reject strategic merge (DESIGN house style 4). */
  contentType?: 'application/json' | 'application/json-patch+json' | 'application/merge-patch+json';
  /** Names the operation in error messages, e.g. "list baremetalhosts". */
  context: string;
}

/**
 * One request to the apiserver with `kc`'s identity, returning the raw JSON the apiserver sent
 * (timestamps stay strings, as in watch events). Failures come out as ClusterErrors.
 */
export async function kubeFetch<T = unknown>(kc: KubeConfig, request: KubeRequest): Promise<T> {
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
  let response;
  try {
    response = await fetch(url.toString(), { ...init, method: request.method, headers, body });
  } catch (error) {
    throw toClusterError(error, request.context);
  }
  const text = await response.text();
  if (!response.ok) throw clusterErrorFromStatus({ code: response.status, body: text, context: request.context });
  return (text ? JSON.parse(text) : undefined) as T;
}
