import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { type KindRef, resourcePath } from '@/lib/k8s/kinds';
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
