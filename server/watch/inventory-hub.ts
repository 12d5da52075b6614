import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { BareMetalHostKind, CertificateSigningRequestKind, NodeKind, SecretKind, resourcePath } from '@/lib/k8s/kinds';
import { nodeSchema } from '@/lib/k8s/node';
import type { StreamChange, StreamHealth, StreamSnapshot } from '@/lib/inventory/stream';
import { toHostView, toNodeView } from '@/lib/inventory/to-view';
import type { HostView, NodeView } from '@/lib/inventory/views';
import { type BareMetalHost, bareMetalHostSchema } from '@/lib/metal3/bare-metal-host';
import { MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { nmstateAddresses } from '@/lib/nmstate/addresses';
import { type Session, identityKey } from '../auth/session';
import { ClusterError } from '../errors';
import { kubeConfigFor } from '../kube/identity';
import { kubeFetch } from '../kube/transport';
import { type CollectionEvent, type RawObject, WatchedCollection } from './collection';

export type HubMessage =
  | { type: 'snapshot'; data: StreamSnapshot }
  | { type: 'change'; data: StreamChange }
  | { type: 'health'; data: StreamHealth };

/** Hubs with no subscriber are stopped after this long without a read. */
const IDLE_MS = 5 * 60_000;

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
  /** Static IPs by network Secret name; a Secret the user may not read yields none, and why. */
  private readonly networkIps = new Map<string, Promise<NetworkIps>>();
  lastUsed = Date.now();

  constructor(private readonly kc: KubeConfig) {
    this.hosts = new WatchedCollection(kc, BareMetalHostKind, { namespace: MACHINE_API_NAMESPACE, keep: (raw) => bareMetalHostSchema.parse(raw) });
    this.nodes = new WatchedCollection(kc, NodeKind, { keep: (raw) => nodeSchema.parse(raw) });
    this.csrs = new WatchedCollection(kc, CertificateSigningRequestKind);
    this.hosts.subscribe((event) => void this.onHostEvent(event));
    this.nodes.subscribe((event) => this.onNodeEvent(event));
  }

  get subscriberCount(): number {
    return this.subscribers.size;
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
    let ips = this.networkIps.get(secretName);
    if (!ips) {
      ips = readNetworkIps(this.kc, secretName);
      this.networkIps.set(secretName, ips);
    }
    return ips;
  }
}

function nodeView(raw: RawObject): NodeView {
  return toNodeView(nodeSchema.parse(raw));
}

type NetworkIps = { ips: string[]; error?: string };

/** The addresses of a network Secret's `nmstate` key; only addresses leave this function. */
async function readNetworkIps(kc: KubeConfig, secretName: string): Promise<NetworkIps> {
  try {
    const secret = await kubeFetch<{ data?: Record<string, string> }>(kc, {
      method: 'GET',
      path: resourcePath(SecretKind, { namespace: MACHINE_API_NAMESPACE, name: secretName }),
      context: `read network config ${secretName}`,
    });
    const nmstate = secret.data?.nmstate;
    if (!nmstate) return { ips: [], error: `network Secret ${secretName} has no nmstate key.` };
    return { ips: nmstateAddresses(Buffer.from(nmstate, 'base64').toString('utf8')) };
  } catch (error) {
    if (error instanceof ClusterError) return { ips: [], error: error.userMessage };
    throw error;
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

/** The hub of the session's identity: watches are shared by that identity's tabs, never across identities. */
export function hubFor(session: Session): InventoryHub {
  const hubs = registry();
  const key = identityKey(session);
  let hub = hubs.get(key);
  if (!hub) {
    hub = new InventoryHub(kubeConfigFor(session));
    hubs.set(key, hub);
  }
  return hub;
}
