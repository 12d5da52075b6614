import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { z } from 'zod';
import { type KindRef, resourcePath } from '@/lib/k8s/kinds';
import { ClusterError } from '../errors';
import { kubeFetch } from './transport';

interface RawList {
  metadata?: { resourceVersion?: string };
  items: unknown[];
}

/** Generic calls built from kinds-as-data; every failure comes out as a ClusterError. */
export async function listObjects(
  kc: KubeConfig,
  kind: KindRef,
  options: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
): Promise<{ items: unknown[]; resourceVersion: string | undefined }> {
  const list = await kubeFetch<RawList>(kc, {
    method: 'GET',
    path: resourcePath(kind, { namespace: kind.namespaced ? options.namespace : undefined }),
    query: { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector },
    context: `list ${kind.plural}`,
  });
  return { items: list.items, resourceVersion: list.metadata?.resourceVersion };
}

/** GET where 404 means "absent": the object parsed by `schema`, or undefined. */
export async function getOptional<T>(kc: KubeConfig, options: { path: string; schema: z.ZodType<T>; context: string }): Promise<T | undefined> {
  try {
    return options.schema.parse(await kubeFetch(kc, { method: 'GET', path: options.path, context: options.context }));
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'NotFound') return undefined;
    throw error;
  }
}

/** DELETE where 404 means "already done": whether there was anything to delete. */
export async function deleteOptional(kc: KubeConfig, options: { path: string; context: string; body?: unknown }): Promise<boolean> {
  try {
    await kubeFetch(kc, { method: 'DELETE', path: options.path, body: options.body, context: options.context });
    return true;
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'NotFound') return false;
    throw error;
  }
}
