import 'server-only';
import { type KubeConfig, Watch } from '@kubernetes/client-node';
import { z } from 'zod';
import { type KindRef, resourcePath } from '@/lib/k8s/kinds';
import { ClusterError, clusterErrorFromStatus } from '../errors';
import { kubeFetch } from '../kube/transport';

/** Any object of a collection, as the watch cache holds it before its users parse it with their own schema. */
export const rawObjectSchema = z.looseObject({
  metadata: z.looseObject({ uid: z.string().optional(), name: z.string().optional(), resourceVersion: z.string().optional() }).optional(),
});
export type RawObject = z.infer<typeof rawObjectSchema>;

const rawListSchema = z.object({ metadata: z.object({ resourceVersion: z.string().optional(), continue: z.string().optional() }).optional(), items: z.array(z.unknown()) });

/**
 * Objects per LIST page, as client-go's reflector pages its lists (pager.PageSize 500): 10,000
 * BareMetalHosts in one answer are tens of MB of JSON held at once before `keep` reduces them.
 */
const LIST_PAGE_SIZE = 500;

export type CollectionEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: RawObject }
  /** The whole collection was listed again (after 410 Gone, or after a refused list recovered). */
  | { type: 'RESYNC'; objects: RawObject[] }
  | { type: 'HEALTH'; state: CollectionState; error?: ClusterError };

export type CollectionState = 'connecting' | 'live' | 'reconnecting';

const MAX_BACKOFF_MS = 30_000;
/** The apiserver ends a watch after this long; it is then resumed from the last resourceVersion. */
const WATCH_TIMEOUT_SECONDS = 300;

/**
 * A list+watch cache of one collection, with one identity. It resumes watches from the last
 * resourceVersion it saw, relists on 410 Gone, and backs off (0.5 s doubling to 30 s) on errors.
 */
export class WatchedCollection {
  private readonly objects = new Map<string, RawObject>();
  private readonly listeners = new Set<(event: CollectionEvent) => void>();
  private resourceVersion: string | undefined;
  private controller: AbortController | undefined;
  /** Each watch() gets a number; callbacks of a superseded watch are ignored. */
  private generation = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs = 500;
  private stopped = false;
  private firstList: Promise<void> | undefined;
  private listed = false;
  state: CollectionState = 'connecting';
  error: ClusterError | undefined;
  /** Counts relists after 410 Gone, for tests and diagnostics. */
  relists = 0;

  /**
   * `keep` reduces each object to what the cache's users read (it must keep metadata.uid, name and
   * resourceVersion); the rest is dropped as soon as it arrives.
   */
  constructor(
    private readonly kc: KubeConfig,
    readonly kind: KindRef,
    private readonly options: { namespace?: string; fieldSelector?: string; labelSelector?: string; keep?: (object: RawObject) => RawObject } = {},
  ) {}

  private keep(object: RawObject): RawObject {
    return this.options.keep ? this.options.keep(object) : object;
  }

  /**
   * Starts list+watch once. Resolves when the collection holds a listed state; rejects with the
   * reason while the list is refused (it keeps retrying, and a later call resolves once it works).
   */
  start(): Promise<void> {
    this.firstList ??= this.relist();
    return this.state === 'live' ? Promise.resolve() : this.firstList;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.controller?.abort();
    this.listeners.clear();
  }

  items(): RawObject[] {
    return [...this.objects.values()];
  }

  /** Whether the collection holds the object with this uid (or, for objects without one, name). */
  has(key: string): boolean {
    return this.objects.has(key);
  }

  subscribe(listener: (event: CollectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Watches from `resourceVersion` as if it had been the last one seen (tests force a 410 with it). */
  resumeFrom(resourceVersion: string): void {
    this.resourceVersion = resourceVersion;
    void this.watch();
  }

  private emit(event: CollectionEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private setHealth(state: CollectionState, error?: ClusterError): void {
    if (this.state === state && this.error?.userMessage === error?.userMessage) return;
    this.state = state;
    this.error = error;
    this.emit({ type: 'HEALTH', state, error });
  }

  private selectors(): { fieldSelector?: string; labelSelector?: string } {
    return {
      ...(this.options.fieldSelector ? { fieldSelector: this.options.fieldSelector } : {}),
      ...(this.options.labelSelector ? { labelSelector: this.options.labelSelector } : {}),
    };
  }

  private path(): string {
    return resourcePath(this.kind, { namespace: this.kind.namespaced ? this.options.namespace : undefined });
  }

  private async relist(): Promise<void> {
    try {
      const listed = new Map<string, RawObject>();
      let resourceVersion: string | undefined;
      let page: string | undefined;
      do {
        const list = rawListSchema.parse(
          await kubeFetch(this.kc, {
            method: 'GET',
            path: this.path(),
            query: { ...this.selectors(), limit: LIST_PAGE_SIZE, ...(page ? { continue: page } : {}) },
            context: `list ${this.kind.plural}`,
          }),
        );
        for (const item of list.items) {
          // `keep` parses with its own schema; without one the object is kept as listed.
          const kept = this.options.keep ? this.options.keep(item as RawObject) : rawObjectSchema.parse(item);
          listed.set(key(kept), kept);
        }
        resourceVersion = list.metadata?.resourceVersion;
        page = list.metadata?.continue || undefined;
      } while (page);
      const again = this.listed;
      this.listed = true;
      this.objects.clear();
      for (const [id, object] of listed) this.objects.set(id, object);
      this.resourceVersion = resourceVersion;
      if (again) this.emit({ type: 'RESYNC', objects: this.items() });
      this.setHealth('live');
      void this.watch();
    } catch (error) {
      const clusterError = error instanceof ClusterError ? error : clusterErrorFromStatus({ code: 500, body: String(error), context: `list ${this.kind.plural}` });
      this.setHealth('reconnecting', clusterError);
      this.retry(() => void this.relist().catch(() => undefined));
      throw clusterError;
    }
  }

  private retry(again: () => void): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(again, this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }

  private async watch(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    this.controller?.abort();
    let gone = false;
    const onEnd = (error: (Error & { statusCode?: number }) | null) => {
      if (this.stopped || generation !== this.generation) return;
      if (gone || error?.statusCode === 410) {
        this.relists += 1;
        void this.relist().catch(() => undefined);
        return;
      }
      if (error) {
        this.setHealth('reconnecting', error.statusCode ? clusterErrorFromStatus({ code: error.statusCode, body: error.message, context: `watch ${this.kind.plural}` }) : undefined);
        this.retry(() => void this.watch());
        return;
      }
      // The apiserver closed the watch (timeoutSeconds): resume where we were.
      void this.watch();
    };
    let controller: AbortController;
    try {
      controller = await new Watch(this.kc).watch(
      this.path(),
      { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: WATCH_TIMEOUT_SECONDS, ...this.selectors() },
      (type: string, object: RawObject & { code?: number }) => {
        if (generation !== this.generation) return;
        if (type === 'ERROR') {
          // A Status object: 410 means our resourceVersion is too old to resume from.
          if (object.code === 410) gone = true;
          return;
        }
        if (object.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
        if (type === 'BOOKMARK') return;
        if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
        const kept = this.keep(object);
        if (type === 'DELETED') this.objects.delete(key(kept));
        else this.objects.set(key(kept), kept);
        this.backoffMs = 500;
        this.setHealth('live');
        this.emit({ type, object: kept });
      },
      onEnd,
      );
    } catch (error) {
      // Setting up the request failed (e.g. the kubeconfig's files are unreadable): retry later.
      onEnd(error as Error);
      return;
    }
    if (generation === this.generation) this.controller = controller;
    else controller.abort();
  }
}

function key(object: RawObject): string {
  return object.metadata?.uid ?? object.metadata?.name ?? '';
}
