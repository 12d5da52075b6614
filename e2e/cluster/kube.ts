/**
 * The test bed's own small REST client. It shares no code with the console's server/ on purpose:
 * the test bed plays the world the console is tested against, so a bug in the console's client
 * must not be able to hide behind the same bug here.
 */
import * as k8s from '@kubernetes/client-node';
import { request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { type KindRef, apiVersionOf, resourcePath } from '../../lib/k8s/kinds';
import { testbedPaths } from './paths';

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: k8s.V1ObjectMeta;
  [key: string]: unknown;
};

export interface KubeList<T> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** The test bed's cluster-admin identity (kwokctl's admin certificate). */
export function adminKubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(process.env.TESTBED_KUBECONFIG || testbedPaths().kubeconfig);
  return kc;
}

/** A KubeConfig for the same cluster, authenticated with a bearer token. */
export function tokenKubeConfig(base: k8s.KubeConfig, token: string, user = 'token-user'): k8s.KubeConfig {
  return withUser(base, { name: user, token });
}

/** A KubeConfig for the same cluster, authenticated with a client certificate (PEM). */
export function certKubeConfig(base: k8s.KubeConfig, options: { certPem: string; keyPem: string; user: string }): k8s.KubeConfig {
  return withUser(base, {
    name: options.user,
    certData: Buffer.from(options.certPem).toString('base64'),
    keyData: Buffer.from(options.keyPem).toString('base64'),
  });
}

function withUser(base: k8s.KubeConfig, user: k8s.User): k8s.KubeConfig {
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: [{ name: 'default', cluster: cluster.name, user: user.name }],
    currentContext: 'default',
  });
  return kc;
}

/** A metav1.Status, as the apiserver answers a refused request. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
  };
}

export class KubeRequestError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    /** The apiserver's Status object, when the answer was one. */
    readonly status?: KubeStatus,
  ) {
    super(message);
  }
}

export function isStatus(error: unknown, code: number): boolean {
  return error instanceof KubeRequestError && error.code === code;
}

interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
}

export async function kubeRequest<T>(kc: k8s.KubeConfig, options: RequestOptions): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const url = new URL(options.path, cluster.server);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const httpsOptions: import('node:https').RequestOptions = {
    method: options.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    headers: {
      Accept: 'application/json',
      ...(body ? { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
    },
  };
  await kc.applyToHTTPSOptions(httpsOptions);
  return new Promise<T>((resolve, reject) => {
    const req = httpsRequest(httpsOptions, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          // Health endpoints such as /readyz answer plain text.
          const json = res.headers['content-type']?.includes('application/json');
          try {
            resolve((json ? JSON.parse(text) : text) as T);
          } catch (error) {
            reject(error as Error);
          }
          return;
        }
        let reason = '';
        let message = text;
        let parsedStatus: KubeStatus | undefined;
        try {
          const parsed = JSON.parse(text) as KubeStatus;
          reason = parsed.reason ?? '';
          message = parsed.message ?? text;
          if (parsed.kind === 'Status') parsedStatus = parsed;
        } catch {
          // not a Status object
        }
        reject(new KubeRequestError(status, reason, `${options.method} ${url.pathname}: ${status} ${message}`, parsedStatus));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** Generic object calls built from kinds-as-data. */
export class ObjectClient {
  constructor(readonly kc: k8s.KubeConfig) {}

  async list<T extends KubeObject = KubeObject>(
    kind: KindRef,
    options: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
  ): Promise<T[]> {
    const list = await kubeRequest<KubeList<T>>(this.kc, {
      method: 'GET',
      path: resourcePath(kind, { namespace: options.namespace }),
      query: { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector },
    });
    return list.items;
  }

  async get<T extends KubeObject = KubeObject>(kind: KindRef, name: string, namespace?: string): Promise<T | undefined> {
    try {
      return await kubeRequest<T>(this.kc, { method: 'GET', path: resourcePath(kind, { namespace, name }) });
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async create<T extends KubeObject = KubeObject>(kind: KindRef, body: Omit<T, 'apiVersion' | 'kind'>): Promise<T> {
    const { namespace } = body.metadata as k8s.V1ObjectMeta;
    return kubeRequest<T>(this.kc, {
      method: 'POST',
      path: resourcePath(kind, { namespace }),
      body: { apiVersion: apiVersionOf(kind), kind: kind.kind, ...body },
    });
  }

  /** Creates `body`, or leaves an existing object of that name alone. */
  async ensure<T extends KubeObject = KubeObject>(kind: KindRef, body: Omit<T, 'apiVersion' | 'kind'>): Promise<void> {
    try {
      await this.create(kind, body);
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
  }

  /** Deletes; an object already gone is not an error. */
  async delete(kind: KindRef, name: string, namespace?: string): Promise<void> {
    try {
      await kubeRequest(this.kc, { method: 'DELETE', path: resourcePath(kind, { namespace, name }) });
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }

  /** Merge patch (RFC 7386): for annotations and labels; CRDs take it, unlike strategic merge. */
  async mergePatch<T extends KubeObject = KubeObject>(kind: KindRef, options: { name: string; namespace?: string; body: Record<string, unknown>; subresource?: string }): Promise<T> {
    const path = resourcePath(kind, { namespace: options.namespace, name: options.name });
    return kubeRequest<T>(this.kc, {
      method: 'PATCH',
      path: options.subresource ? `${path}/${options.subresource}` : path,
      body: options.body,
      contentType: 'application/merge-patch+json',
    });
  }

  /** JSON Patch: CRDs reject strategic merge, and JSON Patch works on every kind. */
  async jsonPatch<T extends KubeObject = KubeObject>(
    kind: KindRef,
    options: { name: string; namespace?: string; ops: unknown[]; subresource?: string },
  ): Promise<T> {
    const path = resourcePath(kind, { namespace: options.namespace, name: options.name });
    return kubeRequest<T>(this.kc, {
      method: 'PATCH',
      path: options.subresource ? `${path}/${options.subresource}` : path,
      body: options.ops,
      contentType: 'application/json-patch+json',
    });
  }
}

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const { timeoutMs = 60_000, intervalMs = 250 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${why}`);
}
