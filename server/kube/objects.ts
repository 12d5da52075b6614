import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { type KindRef, apiVersionOf, resourcePath } from '@/lib/k8s/kinds';
import { isClusterError } from '../errors';
import { type PatchType, kubeFetch } from './transport';

/**
 * Typed calls built from kinds-as-data (DESIGN house style 1 and 2): every path comes from
 * resourcePath (which checks each name), every answer is parsed with the caller's schema at this
 * boundary, and every failure comes out as a ClusterError. No caller builds a path or casts.
 */

/** One object of a kind: `namespace` only for namespaced kinds. */
export interface ObjectTarget<T> {
  kind: KindRef;
  namespace?: string;
  name: string;
  schema: z.ZodType<T>;
  signal?: AbortSignal;
}

const verbOf = (kind: KindRef, name?: string) => `${kind.kind}${name ? ` ${name}` : 's'}`;

/** GET one object; a 404 throws ClusterError NotFound. */
export async function getObject<T>(kc: KubeConfig, target: ObjectTarget<T>): Promise<T> {
  const raw = await kubeFetch(kc, {
    method: 'GET',
    path: resourcePath(target.kind, target),
    context: `read ${verbOf(target.kind, target.name)}`,
    signal: target.signal,
  });
  return target.schema.parse(raw);
}

/** GET where 404 means "absent": the object parsed, or undefined. */
export async function getOptional<T>(kc: KubeConfig, target: ObjectTarget<T>): Promise<T | undefined> {
  try {
    return await getObject(kc, target);
  } catch (error) {
    if (isClusterError(error, 'NotFound')) return undefined;
    throw error;
  }
}

/** LIST a collection (all namespaces unless `namespace`), each item parsed with `schema`. */
export async function listObjects<T>(
  kc: KubeConfig,
  options: { kind: KindRef; schema: z.ZodType<T>; namespace?: string; labelSelector?: string; fieldSelector?: string; signal?: AbortSignal },
): Promise<{ items: T[]; resourceVersion: string | undefined }> {
  const raw = await kubeFetch(kc, {
    method: 'GET',
    path: resourcePath(options.kind, { namespace: options.kind.namespaced ? options.namespace : undefined }),
    query: { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector },
    context: `list ${options.kind.plural}`,
    signal: options.signal,
  });
  const list = z.object({ metadata: z.object({ resourceVersion: z.string().optional() }).optional(), items: z.array(options.schema) }).parse(raw);
  return { items: list.items, resourceVersion: list.metadata?.resourceVersion };
}

/** POST a new object (its apiVersion and kind filled in from `kind`); `dryRun` asks for the verdict only. */
export async function createObject(
  kc: KubeConfig,
  options: { kind: KindRef; namespace?: string; manifest: Record<string, unknown>; dryRun?: boolean; context?: string },
): Promise<unknown> {
  const name = (options.manifest.metadata as { name?: string } | undefined)?.name;
  return kubeFetch(kc, {
    method: 'POST',
    path: resourcePath(options.kind, { namespace: options.namespace }),
    query: options.dryRun ? { dryRun: 'All' } : undefined,
    body: { apiVersion: apiVersionOf(options.kind), kind: options.kind.kind, ...options.manifest },
    context: options.context ?? `${options.dryRun ? 'dry-run create' : 'create'} ${verbOf(options.kind, name)}`,
  });
}

/**
 * PATCH with an explicit type (house style 4): `merge` (RFC 7386) for annotations and small core
 * changes, `json` (RFC 6902) for CRD spec fields such as `remove /spec/customDeploy`. Never
 * strategic merge: CRDs reject it.
 */
export async function patchObject(
  kc: KubeConfig,
  options: { kind: KindRef; namespace?: string; name: string; patch: { type: 'merge'; body: Record<string, unknown> } | { type: 'json'; ops: unknown[] }; context: string; signal?: AbortSignal },
): Promise<unknown> {
  const contentType: PatchType = options.patch.type === 'merge' ? 'application/merge-patch+json' : 'application/json-patch+json';
  return kubeFetch(kc, {
    method: 'PATCH',
    path: resourcePath(options.kind, options),
    contentType,
    body: options.patch.type === 'merge' ? options.patch.body : options.patch.ops,
    context: options.context,
    signal: options.signal,
  });
}

/** Merge-patches one annotation (null removes it): CRDs take merge patches, never strategic ones. */
export async function annotate(
  kc: KubeConfig,
  options: { kind: KindRef; namespace?: string; name: string; key: string; value: string | null; signal?: AbortSignal },
): Promise<unknown> {
  return patchObject(kc, {
    ...options,
    patch: { type: 'merge', body: { metadata: { annotations: { [options.key]: options.value } } } },
    context: `${options.value === null ? 'clear' : 'record'} ${options.key} on ${verbOf(options.kind, options.name)}`,
  });
}

/** DELETE where 404 means "already done": whether there was anything to delete. */
export async function deleteOptional(
  kc: KubeConfig,
  options: { kind: KindRef; namespace?: string; name: string; body?: unknown; signal?: AbortSignal; context?: string },
): Promise<boolean> {
  try {
    await kubeFetch(kc, {
      method: 'DELETE',
      path: resourcePath(options.kind, options),
      body: options.body,
      context: options.context ?? `delete ${verbOf(options.kind, options.name)}`,
      signal: options.signal,
    });
    return true;
  } catch (error) {
    if (isClusterError(error, 'NotFound')) return false;
    throw error;
  }
}

/** POST or PUT to a subresource of one object (`pods/<name>/eviction`, `certificatesigningrequests/<name>/approval`). */
export async function writeSubresource(
  kc: KubeConfig,
  options: { kind: KindRef; namespace?: string; name: string; subresource: 'eviction' | 'approval'; method: 'POST' | 'PUT'; body: unknown; context: string; signal?: AbortSignal },
): Promise<unknown> {
  return kubeFetch(kc, {
    method: options.method,
    path: `${resourcePath(options.kind, options)}/${options.subresource}`,
    body: options.body,
    context: options.context,
    signal: options.signal,
  });
}
