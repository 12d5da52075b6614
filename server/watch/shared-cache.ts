import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { toHostView, toNodeView } from '@/lib/inventory/to-view';
import { sealedNodeName, verifiedEnrollment } from '../host-seals';
import type { HostView, NodeView } from '@/lib/inventory/views';
import { BareMetalHostKind, CertificateSigningRequestKind, type KindRef, NodeKind } from '@/lib/k8s/kinds';
import { nodeSchema } from '@/lib/k8s/node';
import { type BareMetalHost, bareMetalHostSchema } from '@/lib/metal3/bare-metal-host';
import { MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { consoleKubeConfig } from '../kube/identity';
import { type RawObject, WatchedCollection } from './collection';

/** The kinds the shared cache holds. */
export type CachedKind = 'hosts' | 'nodes' | 'csrs';

/**
 * Each cached kind in the scope it is listed and watched in: what a user's own
 * SelfSubjectAccessReview must allow (list and watch) before the cache shows them any of it, and
 * what the console's identity must be allowed to read (deploy/ grants exactly this).
 */
export const CACHED_KINDS: Record<CachedKind, { kind: KindRef; namespace?: string }> = {
  hosts: { kind: BareMetalHostKind, namespace: MACHINE_API_NAMESPACE },
  nodes: { kind: NodeKind },
  csrs: { kind: CertificateSigningRequestKind },
};

/**
 * One list+watch cache per kind for the whole process, filled with the console's own identity
 * (consoleKubeConfig: the pod's ServiceAccount, or the kubeconfig): every signed-in administrator
 * reads the same copy, through an InventoryHub that asks the apiserver first whether that user may
 * list and watch it. Objects are kept reduced to what the console reads (lib schemas); the views
 * the browser gets are made once per object version and shared, except what depends on the user
 * (static IPs from Secrets, read with their own credentials: InventoryHub).
 * The CSR collection starts only when someone first asks for CSRs.
 */
export class SharedCache {
  readonly hosts: WatchedCollection;
  readonly nodes: WatchedCollection;
  readonly csrs: WatchedCollection;
  private readonly hostViews = new WeakMap<RawObject, { host: BareMetalHost; view: HostView }>();
  private readonly nodeViews = new WeakMap<RawObject, NodeView>();

  constructor(kc: KubeConfig) {
    this.hosts = new WatchedCollection(kc, CACHED_KINDS.hosts.kind, { namespace: CACHED_KINDS.hosts.namespace, keep: (raw) => bareMetalHostSchema.parse(raw) });
    this.nodes = new WatchedCollection(kc, CACHED_KINDS.nodes.kind, { keep: (raw) => nodeSchema.parse(raw) });
    this.csrs = new WatchedCollection(kc, CACHED_KINDS.csrs.kind);
  }

  collection(kind: CachedKind): WatchedCollection {
    return this[kind];
  }

  /**
   * A cached host (as the collection keeps it) parsed, and its view without the user-dependent
   * parts (no static IPs, no removal): computed once per object version.
   */
  hostView(raw: RawObject): { host: BareMetalHost; view: HostView } {
    let entry = this.hostViews.get(raw);
    if (!entry) {
      const host = bareMetalHostSchema.parse(raw);
      entry = { host, view: toHostView(host, { ips: [] }, { recordedNodeName: sealedNodeName(host), expectedNodeName: verifiedEnrollment(host)?.expectedNodeName }) };
      this.hostViews.set(raw, entry);
    }
    return entry;
  }

  nodeView(raw: RawObject): NodeView {
    let view = this.nodeViews.get(raw);
    if (!view) {
      view = toNodeView(nodeSchema.parse(raw));
      this.nodeViews.set(raw, view);
    }
    return view;
  }

  stop(): void {
    this.hosts.stop();
    this.nodes.stop();
    this.csrs.stop();
  }
}

const CACHE_KEY = Symbol.for('bare-metal-console.shared-cache');

/** The process's shared cache (one for every route bundle), made on first use with the console's identity. */
export function sharedCache(): SharedCache {
  const holder = globalThis as typeof globalThis & { [CACHE_KEY]?: SharedCache };
  holder[CACHE_KEY] ??= new SharedCache(consoleKubeConfig());
  return holder[CACHE_KEY];
}
