import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { SecretKind } from '@/lib/k8s/kinds';
import { InvalidNameError } from '@/lib/k8s/names';
import { type Node, nodeSchema } from '@/lib/k8s/node';
import type { StreamChange, StreamHealth, StreamSnapshot } from '@/lib/inventory/stream';
import type { HostView } from '@/lib/inventory/views';
import type { BareMetalHost } from '@/lib/metal3/bare-metal-host';
import { MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { nmstateAddresses } from '@/lib/nmstate/addresses';
import { removalSummary } from '@/lib/removal/progress';
import { refusalReason, reviewAccess } from '../auth/access';
import { reviewSelf } from '../auth/self-review';
import { holdForSession } from '../auth/session-resources';
import { type Session, identityKey } from '../auth/session';
import { ClusterError } from '../errors';
import { kubeConfigFor } from '../kube/identity';
import { hostFlowsOf } from '../day2/target';
import { recordedRemovalOnHost, removalKey, removals } from '../removal/flow';
import { getObject } from '../kube/objects';
import type { CollectionEvent, RawObject } from './collection';
import { CACHED_KINDS, type CachedKind, type SharedCache, sharedCache } from './shared-cache';

export type HubMessage =
  | { type: 'snapshot'; data: StreamSnapshot }
  | { type: 'change'; data: StreamChange }
  | { type: 'health'; data: StreamHealth };

/** Hubs with no subscriber are stopped after this long without a read. */
const IDLE_MS = 5 * 60_000;
/**
 * How long a user's right to list and watch a cached kind is trusted before the apiserver is asked
 * again (a SelfSubjectAccessReview per verb); every new stream asks afresh, and an open stream is
 * re-checked this often, so a revoked binding stops it within this interval.
 */
export const READ_ACCESS_RECHECK_MS = 30_000;
/**
 * How long a network Secret's addresses are trusted before they are read again. The cache is keyed
 * by the host's uid and the Secret's name, so a host re-enrolled under the same name never sees its
 * predecessor's IPs; a failed read is retried after FAILED_READ_TTL_MS, not kept for good.
 */
const NETWORK_IPS_TTL_MS = 5 * 60_000;
const FAILED_READ_TTL_MS = 30_000;

/**
 * The inventory as one identity may see it: hosts, nodes and CSRs from the process's shared cache
 * (shared-cache.ts), each kind shown only while that identity's own SelfSubjectAccessReviews allow
 * list and watch of it in its scope (asked on every new stream and at READ_ACCESS_RECHECK_MS; a
 * refused kind yields a ClusterError 403 naming the user, verb and resource, never an object);
 * the static IPs of each host's network Secret, read with that identity's credentials; and
 * subscribers. An identity that may not read a Secret is told why, never given another's IPs.
 */
export class InventoryHub {
  private readonly cache: SharedCache;
  private readonly subscribers = new Set<(message: HubMessage) => void>();
  /** Listeners that only need to know that something changed (live topics that recompute a view). */
  private readonly changeListeners = new Set<(collection: CachedKind) => void>();
  /** Static IPs by host uid and network Secret name; a Secret the user may not read yields none, and why. */
  private readonly networkIps = new Map<string, { at: number; ips: Promise<NetworkIps> }>();
  /** The identity's verdict per cached kind (undefined: allowed), and when the apiserver gave it. */
  private readonly access = new Map<CachedKind, { at: number; refusal: Promise<ClusterError | undefined> }>();
  /** Why the identity may not see the inventory now, from the latest review (shown as its health). */
  private refusal: ClusterError | undefined;
  private username: Promise<string> | undefined;
  private recheckTimer: NodeJS.Timeout | undefined;
  lastUsed = Date.now();
  private readonly removalUpdates = new Map<string, NodeJS.Timeout>();
  private readonly unsubscribes: (() => void)[] = [];

  constructor(
    private readonly kc: KubeConfig,
    private readonly options: { cache?: SharedCache; recheckMs?: number; failedReadRetryMs?: number } = {},
  ) {
    this.cache = options.cache ?? sharedCache();
    this.unsubscribes.push(
      this.cache.hosts.subscribe((event) => {
        this.onHostEvent(event).catch((error: unknown) => console.error('[inventory] a host change could not be sent', error));
      }),
      this.cache.nodes.subscribe((event) => this.onNodeEvent(event)),
      removals.onRun('*', (flow) => {
        flow.subscribe(() => this.onRemovalProgress(flow.key));
      }),
    );
    for (const name of ['hosts', 'nodes', 'csrs'] as const) {
      this.unsubscribes.push(
        this.cache.collection(name).subscribe((event) => {
          if (event.type === 'HEALTH' || this.refusal) return;
          for (const listener of this.changeListeners) listener(name);
        }),
      );
    }
  }

  get subscriberCount(): number {
    return this.subscribers.size + this.changeListeners.size;
  }

  /**
   * Calls `listener` after every change of hosts, nodes or CSRs (which one), until unsubscribed;
   * counts as a subscriber, so the hub keeps watching meanwhile.
   */
  onChange(listener: (collection: CachedKind) => void): () => void {
    this.changeListeners.add(listener);
    this.lastUsed = Date.now();
    return () => {
      this.changeListeners.delete(listener);
      this.lastUsed = Date.now();
    };
  }

  /**
   * The current inventory, once the identity is allowed both kinds and both have been listed.
   * Throws a ClusterError when the identity may not list and watch them (or the console's own
   * identity may not: the shared cache's list is refused).
   */
  async snapshot(options: { fresh?: boolean } = {}): Promise<StreamSnapshot> {
    this.lastUsed = Date.now();
    await this.authorize(['hosts', 'nodes'], options);
    await Promise.all([this.cache.hosts.start(), this.cache.nodes.start()]);
    return {
      hosts: await Promise.all(this.cache.hosts.items().map((raw) => this.hostView(raw))),
      nodes: this.cache.nodes.items().map((raw) => this.cache.nodeView(raw)),
    };
  }

  /** Every BareMetalHost (reduced to what the console reads), once the identity may list and watch them. */
  async hostObjects(): Promise<BareMetalHost[]> {
    await this.authorize(['hosts']);
    await this.cache.hosts.start();
    return this.cache.hosts.items().map((raw) => this.cache.hostView(raw).host);
  }

  /** Every Node (reduced to what the console reads), once the identity may list and watch them. */
  async nodeObjects(): Promise<Node[]> {
    await this.authorize(['nodes']);
    await this.cache.nodes.start();
    return this.cache.nodes.items().map((raw) => nodeSchema.parse(raw));
  }

  /** Every CertificateSigningRequest, once the identity may list and watch them. */
  async csrObjects(): Promise<RawObject[]> {
    this.lastUsed = Date.now();
    await this.authorize(['csrs']);
    await this.cache.csrs.start();
    return this.cache.csrs.items();
  }

  health(): StreamHealth {
    const error = this.refusal ?? this.cache.hosts.error ?? this.cache.nodes.error;
    return {
      hosts: this.cache.hosts.state === 'live' ? 'live' : 'reconnecting',
      nodes: this.cache.nodes.state === 'live' ? 'live' : 'reconnecting',
      ...(error ? { error: error.userMessage } : {}),
    };
  }

  /**
   * Sends a snapshot (or the reason there is none), then every change, until unsubscribed. The
   * identity's rights are reviewed afresh first, then every READ_ACCESS_RECHECK_MS: once refused,
   * the subscriber gets an empty snapshot and the reason, and nothing more until they are allowed
   * again (then a snapshot again).
   */
  subscribe(listener: (message: HubMessage) => void): () => void {
    this.subscribers.add(listener);
    this.lastUsed = Date.now();
    this.recheckTimer ??= setInterval(() => void this.recheck(), this.options.recheckMs ?? READ_ACCESS_RECHECK_MS);
    this.recheckTimer.unref();
    void this.sendSnapshot(listener, { fresh: true });
    return () => {
      this.subscribers.delete(listener);
      this.lastUsed = Date.now();
      if (this.subscribers.size === 0) {
        clearInterval(this.recheckTimer);
        this.recheckTimer = undefined;
      }
    };
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.subscribers.clear();
    this.changeListeners.clear();
    clearInterval(this.recheckTimer);
    for (const timer of this.removalUpdates.values()) clearTimeout(timer);
  }

  private async sendSnapshot(listener: (message: HubMessage) => void, options: { fresh?: boolean } = {}): Promise<void> {
    try {
      listener({ type: 'snapshot', data: await this.snapshot(options) });
    } catch (error) {
      // Refused: whatever the subscriber was shown before goes.
      if (error instanceof ClusterError && error === this.refusal) listener({ type: 'snapshot', data: { hosts: [], nodes: [] } });
      else if (!(error instanceof ClusterError)) console.error('[inventory] a snapshot could not be made', error);
    }
    listener({ type: 'health', data: this.health() });
  }

  /** Reviews the identity's rights again; a change either way sends every subscriber a snapshot. */
  private async recheck(): Promise<void> {
    const before = this.refusal;
    await this.authorize(['hosts', 'nodes'], { fresh: true }).catch(() => undefined);
    if (before === undefined && this.refusal === undefined) return;
    if (before?.userMessage === this.refusal?.userMessage) return;
    for (const subscriber of this.subscribers) await this.sendSnapshot(subscriber);
  }

  /**
   * Throws the ClusterError (403) of the first kind the identity may not list and watch in its
   * scope, per its own SelfSubjectAccessReviews (cached READ_ACCESS_RECHECK_MS unless `fresh`).
   */
  private async authorize(kinds: CachedKind[], options: { fresh?: boolean } = {}): Promise<void> {
    const now = Date.now();
    const verdicts = await Promise.all(
      kinds.map((kind) => {
        const cached = this.access.get(kind);
        if (!options.fresh && cached && now - cached.at < (this.options.recheckMs ?? READ_ACCESS_RECHECK_MS)) return cached.refusal;
        const refusal = this.review(kind);
        this.access.set(kind, { at: now, refusal });
        refusal.catch(() => this.access.delete(kind));
        return refusal;
      }),
    );
    const refused = verdicts.find((verdict) => verdict !== undefined);
    if (kinds.includes('hosts') && kinds.includes('nodes')) this.refusal = refused;
    if (refused) throw refused;
  }

  private async review(kind: CachedKind): Promise<ClusterError | undefined> {
    const { kind: ref, namespace } = CACHED_KINDS[kind];
    for (const verb of ['list', 'watch']) {
      const question = { verb, group: ref.group, resource: ref.plural, ...(namespace ? { namespace } : {}) };
      if (await reviewAccess(this.kc, question)) continue;
      this.username ??= reviewSelf(this.kc).then((user) => user.username, () => 'you');
      return new ClusterError({ reason: 'Forbidden', status: 403, userMessage: refusalReason(await this.username, question) });
    }
    return undefined;
  }

  private broadcast(message: HubMessage): void {
    if (this.refusal) return;
    for (const subscriber of this.subscribers) subscriber(message);
  }

  private async onHostEvent(event: CollectionEvent): Promise<void> {
    if (this.subscribers.size === 0) return;
    if (event.type === 'HEALTH') return this.broadcast({ type: 'health', data: this.health() });
    if (event.type === 'RESYNC') {
      for (const subscriber of this.subscribers) await this.sendSnapshot(subscriber);
      return;
    }
    this.broadcast({ type: 'change', data: { kind: 'host', type: event.type, object: await this.hostView(event.object) } });
  }

  private onNodeEvent(event: CollectionEvent): void {
    if (this.subscribers.size === 0) return;
    if (event.type === 'HEALTH') return this.broadcast({ type: 'health', data: this.health() });
    if (event.type === 'RESYNC') {
      for (const subscriber of this.subscribers) void this.sendSnapshot(subscriber);
      return;
    }
    this.broadcast({ type: 'change', data: { kind: 'node', type: event.type, object: this.cache.nodeView(event.object) } });
  }

  /** The shared view of the host, with what depends on this identity (static IPs) and on this process (its removal, its day-2 flows). */
  private async hostView(raw: RawObject): Promise<HostView> {
    const { host, view } = this.cache.hostView(raw);
    const removal = removalOf(host);
    const flows = hostFlowsOf({ ...hostRef(host), uid: host.metadata.uid ?? undefined }, host.metadata.annotations);
    const withFlows = { ...view, day2: { ...view.day2, flows } };
    if (!host.spec?.preprovisioningNetworkDataName && !removal) return withFlows;
    const network = await this.staticIps(host);
    return { ...withFlows, staticIps: [...network.ips], ...(network.error ? { staticIpsError: network.error } : {}), ...(removal ? { removal } : {}) };
  }

  /** A removal's progress changed: the host's row says so (debounced per host). */
  private onRemovalProgress(key: string): void {
    if (this.removalUpdates.has(key)) return;
    this.removalUpdates.set(
      key,
      setTimeout(() => {
        this.removalUpdates.delete(key);
        const raw = this.cache.hosts.items().find((item) => removalKey(hostRef(this.cache.hostView(item).host)) === key);
        if (!raw || this.subscribers.size === 0) return;
        this.hostView(raw).then(
          (object) => this.broadcast({ type: 'change', data: { kind: 'host', type: 'MODIFIED', object } }),
          (error: unknown) => console.error('[inventory] a removal change could not be sent', error),
        );
      }, REMOVAL_UPDATE_MS),
    );
  }

  private staticIps(host: BareMetalHost): Promise<NetworkIps> {
    const secretName = host.spec?.preprovisioningNetworkDataName;
    if (!secretName) return Promise.resolve({ ips: [] });
    const key = `${host.metadata.uid ?? host.metadata.name}/${secretName}`;
    const now = Date.now();
    const cached = this.networkIps.get(key);
    if (cached && now - cached.at < NETWORK_IPS_TTL_MS) return cached.ips;
    const ips = readNetworkIps(this.kc, secretName);
    this.networkIps.set(key, { at: now, ips });
    void ips.then((read) => {
      // A failed read is retried soon rather than remembered.
      if (read.error && this.networkIps.get(key)?.ips === ips) this.networkIps.set(key, { at: Date.now() - NETWORK_IPS_TTL_MS + (this.options.failedReadRetryMs ?? FAILED_READ_TTL_MS), ips });
    });
    if (this.networkIps.size > 4 * Math.max(100, this.cache.hosts.items().length)) this.pruneNetworkIps(now);
    return ips;
  }

  private pruneNetworkIps(now: number): void {
    for (const [key, entry] of this.networkIps) if (now - entry.at >= NETWORK_IPS_TTL_MS) this.networkIps.delete(key);
  }
}

/** How long removal progress is gathered before the host's row is sent again. */
const REMOVAL_UPDATE_MS = 300;

const hostRef = (host: BareMetalHost) => ({ namespace: host.metadata.namespace ?? MACHINE_API_NAMESPACE, name: host.metadata.name });

/**
 * The host's removal in a few words: from the flow running in this process, else from the record
 * on the host when this console can verify it (another replica may be running it).
 */
function removalOf(host: BareMetalHost): string | undefined {
  const flow = removals.known(removalKey(hostRef(host)));
  if (flow && flow.progress.status !== 'cancelled') return removalSummary(flow.progress);
  return recordedRemovalOnHost(host.metadata.annotations, { name: host.metadata.name, uid: host.metadata.uid ?? undefined }).state === 'verified' ? 'removal recorded' : undefined;
}

type NetworkIps = { ips: string[]; error?: string };

const secretDataSchema = z.looseObject({ data: z.record(z.string(), z.string()).nullish() });

/** The addresses of a network Secret's `nmstate` key; only addresses leave this function. */
async function readNetworkIps(kc: KubeConfig, secretName: string): Promise<NetworkIps> {
  try {
    const secret = await getObject(kc, { kind: SecretKind, namespace: MACHINE_API_NAMESPACE, name: secretName, schema: secretDataSchema });
    const nmstate = secret.data?.nmstate;
    if (!nmstate) return { ips: [], error: `network Secret ${secretName} has no nmstate key.` };
    return { ips: nmstateAddresses(Buffer.from(nmstate, 'base64').toString('utf8')) };
  } catch (error) {
    if (error instanceof ClusterError) return { ips: [], error: error.userMessage };
    // A name that may not go into a path (e.g. "..") is the host's problem, shown as such.
    if (error instanceof InvalidNameError) return { ips: [], error: error.message };
    console.error(`[inventory] reading network Secret ${secretName} failed`, error);
    return { ips: [], error: 'the network Secret could not be read (see the console log).' };
  }
}

type HubRegistry = Map<string, InventoryHub>;
const REGISTRY_KEY = Symbol.for('bare-metal-console.inventory-hubs');

/** One registry per process, shared by every route bundle of the server. */
function registry(): HubRegistry {
  const holder = globalThis as typeof globalThis & { [REGISTRY_KEY]?: { hubs: HubRegistry; sweeper: NodeJS.Timeout } };
  if (!holder[REGISTRY_KEY]) {
    const hubs: HubRegistry = new Map();
    const sweeper = setInterval(() => {
      for (const [identity, hub] of hubs) {
        if (hub.subscriberCount === 0 && Date.now() - hub.lastUsed > IDLE_MS) {
          hub.stop();
          hubs.delete(identity);
        }
      }
    }, 60_000);
    sweeper.unref();
    holder[REGISTRY_KEY] = { hubs, sweeper };
  }
  return holder[REGISTRY_KEY].hubs;
}

/**
 * The hub of the session's identity (shared by that identity's tabs): its view of the shared
 * cache, with its own rights and Secrets. When the session signs out, the hub stops as soon as no
 * stream uses it (the shared cache goes on for everyone else).
 */
export function hubFor(session: Session): InventoryHub {
  const hubs = registry();
  const key = identityKey(session);
  let hub = hubs.get(key);
  if (!hub) {
    hub = new InventoryHub(kubeConfigFor(session));
    hubs.set(key, hub);
  }
  const held = hub;
  holdForSession(session, {
    key: `hub:${key}`,
    phase: 'hub',
    release: () => {
      if (held.subscriberCount === 0 && hubs.get(key) === held) {
        held.stop();
        hubs.delete(key);
      }
    },
  });
  return hub;
}
