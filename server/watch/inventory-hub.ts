import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { BareMetalHostKind, CertificateSigningRequestKind, NodeKind, SecretKind } from '@/lib/k8s/kinds';
import { InvalidNameError } from '@/lib/k8s/names';
import { nodeSchema } from '@/lib/k8s/node';
import type { StreamChange, StreamHealth, StreamSnapshot } from '@/lib/inventory/stream';
import { toHostView, toNodeView } from '@/lib/inventory/to-view';
import type { HostView, NodeView } from '@/lib/inventory/views';
import { type BareMetalHost, bareMetalHostSchema } from '@/lib/metal3/bare-metal-host';
import { MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { nmstateAddresses } from '@/lib/nmstate/addresses';
import { holdForSession } from '../auth/session-resources';
import { type Session, identityKey } from '../auth/session';
import { ClusterError } from '../errors';
import { kubeConfigFor } from '../kube/identity';
import { getObject } from '../kube/objects';
import { type CollectionEvent, type RawObject, WatchedCollection } from './collection';

export type HubMessage =
  | { type: 'snapshot'; data: StreamSnapshot }
  | { type: 'change'; data: StreamChange }
  | { type: 'health'; data: StreamHealth };

/** Hubs with no subscriber are stopped after this long without a read. */
const IDLE_MS = 5 * 60_000;
/**
 * How long a network Secret's addresses are trusted before they are read again. The cache is keyed
 * by the host's uid and the Secret's name, so a host re-enrolled under the same name never sees its
 * predecessor's IPs; a failed read is retried after FAILED_READ_TTL_MS, not kept for good.
 */
const NETWORK_IPS_TTL_MS = 5 * 60_000;
const FAILED_READ_TTL_MS = 30_000;

/**
 * The inventory of one identity: watches of BareMetalHosts and Nodes with that identity's
 * credentials (so RBAC applies), the static IPs of each host's network config, and subscribers.
 */
export class InventoryHub {
  readonly hosts: WatchedCollection;
  readonly nodes: WatchedCollection;
  /** Watched only once someone asks for CSRs (the CSR page, a host's timeline, auto-approval). */
  private readonly csrs: WatchedCollection;
  private readonly subscribers = new Set<(message: HubMessage) => void>();
  /** Listeners that only need to know that something changed (live topics that recompute a view). */
  private readonly changeListeners = new Set<(collection: 'hosts' | 'nodes' | 'csrs') => void>();
  /** Static IPs by host uid and network Secret name; a Secret the user may not read yields none, and why. */
  private readonly networkIps = new Map<string, { at: number; ips: Promise<NetworkIps> }>();
  lastUsed = Date.now();

  constructor(
    private readonly kc: KubeConfig,
    private readonly options: { failedReadRetryMs?: number } = {},
  ) {
    this.hosts = new WatchedCollection(kc, BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE, keep: (raw) => bareMetalHostSchema.parse(raw) });
    this.nodes = new WatchedCollection(kc, NodeKind, { keep: (raw) => nodeSchema.parse(raw) });
    this.csrs = new WatchedCollection(kc, CertificateSigningRequestKind);
    this.hosts.subscribe((event) => {
      this.onHostEvent(event).catch((error: unknown) => console.error('[inventory] a host change could not be sent', error));
    });
    this.nodes.subscribe((event) => this.onNodeEvent(event));
    for (const [name, collection] of [
      ['hosts', this.hosts],
      ['nodes', this.nodes],
      ['csrs', this.csrs],
    ] as const) {
      collection.subscribe((event) => {
        if (event.type === 'HEALTH') return;
        for (const listener of this.changeListeners) listener(name);
      });
    }
  }

  get subscriberCount(): number {
    return this.subscribers.size + this.changeListeners.size;
  }

  /**
   * Calls `listener` after every change of hosts, nodes or CSRs (which one), until unsubscribed;
   * counts as a subscriber, so the hub keeps watching meanwhile.
   */
  onChange(listener: (collection: 'hosts' | 'nodes' | 'csrs') => void): () => void {
    this.changeListeners.add(listener);
    this.lastUsed = Date.now();
    return () => {
      this.changeListeners.delete(listener);
      this.lastUsed = Date.now();
    };
  }

  /** The current inventory, once both collections have been listed (a refused list throws). */
  async snapshot(): Promise<StreamSnapshot> {
    this.lastUsed = Date.now();
    await Promise.all([this.hosts.start(), this.nodes.start()]);
    return {
      hosts: await Promise.all(this.hosts.items().map((raw) => this.hostView(raw))),
      nodes: this.nodes.items().map(nodeView),
    };
  }

  /** Every CertificateSigningRequest the identity may list, from the watch cache. */
  async csrObjects(): Promise<RawObject[]> {
    this.lastUsed = Date.now();
    await this.csrs.start();
    return this.csrs.items();
  }

  health(): StreamHealth {
    const error = this.hosts.error ?? this.nodes.error;
    return {
      hosts: this.hosts.state === 'live' ? 'live' : 'reconnecting',
      nodes: this.nodes.state === 'live' ? 'live' : 'reconnecting',
      ...(error ? { error: error.userMessage } : {}),
    };
  }

  /** Sends a snapshot (or the reason there is none), then every change, until unsubscribed. */
  subscribe(listener: (message: HubMessage) => void): () => void {
    this.subscribers.add(listener);
    this.lastUsed = Date.now();
    this.snapshot().then(
      (data) => {
        listener({ type: 'snapshot', data });
        listener({ type: 'health', data: this.health() });
      },
      () => listener({ type: 'health', data: this.health() }),
    );
    return () => {
      this.subscribers.delete(listener);
      this.lastUsed = Date.now();
    };
  }

  stop(): void {
    this.hosts.stop();
    this.nodes.stop();
    this.csrs.stop();
    this.subscribers.clear();
    this.changeListeners.clear();
  }

  private broadcast(message: HubMessage): void {
    for (const subscriber of this.subscribers) subscriber(message);
  }

  private async onHostEvent(event: CollectionEvent): Promise<void> {
    if (event.type === 'HEALTH') return this.broadcast({ type: 'health', data: this.health() });
    if (event.type === 'RESYNC') {
      if (this.subscribers.size > 0) this.broadcast({ type: 'snapshot', data: await this.snapshot() });
      return;
    }
    this.broadcast({ type: 'change', data: { kind: 'host', type: event.type, object: await this.hostView(event.object) } });
  }

  private onNodeEvent(event: CollectionEvent): void {
    if (event.type === 'HEALTH') return this.broadcast({ type: 'health', data: this.health() });
    if (event.type === 'RESYNC') {
      if (this.subscribers.size > 0) void this.snapshot().then((data) => this.broadcast({ type: 'snapshot', data }));
      return;
    }
    this.broadcast({ type: 'change', data: { kind: 'node', type: event.type, object: nodeView(event.object) } });
  }

  private async hostView(raw: RawObject): Promise<HostView> {
    const host = bareMetalHostSchema.parse(raw);
    return toHostView(host, await this.staticIps(host));
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
    if (this.networkIps.size > 4 * Math.max(100, this.hosts.items().length)) this.pruneNetworkIps(now);
    return ips;
  }

  private pruneNetworkIps(now: number): void {
    for (const [key, entry] of this.networkIps) if (now - entry.at >= NETWORK_IPS_TTL_MS) this.networkIps.delete(key);
  }
}

function nodeView(raw: RawObject): NodeView {
  return toNodeView(nodeSchema.parse(raw));
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
 * The hub of the session's identity: watches are shared by that identity's tabs, never across
 * identities. When the session signs out, the hub stops as soon as no stream uses it.
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
