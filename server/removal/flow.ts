import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { planDrainOf, refusalText } from '@/lib/drain/plan';
import { linkInventory } from '@/lib/inventory/links';
import { BareMetalHostKind, NodeKind, SecretKind, resourcePath } from '@/lib/k8s/kinds';
import { ANNOTATIONS } from '@/lib/metal3/constants';
import {
  type DrainPodProgress,
  REMOVAL_STEPS,
  type RemovalIntent,
  type RemovalOptions,
  type RemovalProgress,
  type RemovalStepId,
  removalIntentSchema,
} from '@/lib/removal/progress';
import { ClusterError } from '../errors';
import { deleteOptional, getOptional, listObjects } from '../kube/objects';
import { kubeFetch } from '../kube/transport';
import type { InventoryHub } from '../watch/inventory-hub';
import { drainPods, isUnschedulable, readDrainInput, setUnschedulable } from './drain';

/**
 * A host removal as a flow (SPEC §8, DESIGN "flows"): every step is idempotent and finds its
 * position from the cluster, and the intent is recorded on the host and its node, so a restarted
 * console (or another replica) resumes it when someone looks at it.
 */

const hostSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string(), namespace: z.string(), annotations: z.record(z.string(), z.string()).nullish() }),
  spec: z.looseObject({
    customDeploy: z.unknown().optional(),
    externallyProvisioned: z.boolean().optional(),
    preprovisioningNetworkDataName: z.string().optional(),
    bmc: z.looseObject({ credentialsName: z.string().optional() }).optional(),
  }),
  status: z.looseObject({ provisioning: z.looseObject({ state: z.string().optional() }).optional() }).optional(),
});
type Host = z.infer<typeof hostSchema>;

const annotatedSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string(), annotations: z.record(z.string(), z.string()).nullish(), ownerReferences: z.array(z.unknown()).nullish() }),
});

/** A removal that cannot start, and why, in words for the user. */
export class RemovalRefusal extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const POLL_MS = 1_000;
/** How long a finished flow's progress stays for late viewers. */
const KEEP_FINISHED_MS = 10 * 60_000;

const readHost = (kc: KubeConfig, host: RemovalIntent['host']) =>
  getOptional(kc, { path: resourcePath(BareMetalHostKind, host), schema: hostSchema, context: `read host ${host.name}` });

/** Records (or, with null, clears) the intent on an object; CRDs take merge patches, not strategic ones. */
async function annotate(kc: KubeConfig, path: string, intent: RemovalIntent | null, context: string): Promise<void> {
  try {
    await kubeFetch(kc, {
      method: 'PATCH',
      path,
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { [ANNOTATIONS.removal]: intent ? JSON.stringify(intent) : null } } },
      context,
    });
  } catch (error) {
    if (!(error instanceof ClusterError && error.kind === 'NotFound')) throw error;
  }
}

function intentOf(annotations: Record<string, string> | null | undefined): RemovalIntent | undefined {
  const text = annotations?.[ANNOTATIONS.removal];
  if (!text) return undefined;
  try {
    return removalIntentSchema.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export class RemovalFlow {
  readonly progress: RemovalProgress;
  private cancelled = false;
  private readonly listeners = new Set<(progress: RemovalProgress) => void>();
  running: Promise<void> | undefined;

  constructor(
    private readonly kc: KubeConfig,
    intent: RemovalIntent,
  ) {
    this.progress = { intent, status: 'running', steps: REMOVAL_STEPS.map((s) => ({ id: s.id, state: 'pending' })), pods: [] };
  }

  subscribe(listener: (progress: RemovalProgress) => void): () => void {
    this.listeners.add(listener);
    listener(this.progress);
    return () => this.listeners.delete(listener);
  }

  get active(): boolean {
    return this.progress.status === 'running';
  }

  /** Stops before the next step (or the next eviction retry). */
  cancel(): void {
    this.cancelled = true;
  }

  /** Runs from wherever the cluster says the removal is (every step checks before it acts). */
  start(): Promise<void> {
    this.running ??= this.run();
    return this.running;
  }

  private publish(): void {
    for (const listener of this.listeners) listener(this.progress);
  }

  private async run(): Promise<void> {
    const steps: Record<RemovalStepId, () => Promise<{ state: 'done' | 'skipped'; message: string }>> = {
      cordon: () => this.cordon(),
      drain: () => this.drain(),
      customDeploy: () => this.removeCustomDeploy(),
      deprovision: () => this.waitDeprovisioned(),
      deleteHost: () => this.deleteHost(),
      secrets: () => this.cleanUpSecrets(),
      deleteNode: () => this.deleteNode(),
    };
    for (const step of this.progress.steps) {
      if (this.cancelled) return this.finishCancelled();
      Object.assign(step, { state: 'running', startedAt: new Date().toISOString() });
      this.publish();
      try {
        const result = await steps[step.id]();
        if (this.cancelled && step.id === 'drain' && result.state !== 'skipped') return this.finishCancelled();
        Object.assign(step, result, { endedAt: new Date().toISOString() });
      } catch (error) {
        const message = error instanceof ClusterError || error instanceof RemovalRefusal ? error.message : 'an unexpected error (see the console log)';
        if (!(error instanceof ClusterError || error instanceof RemovalRefusal)) console.error('[removal]', error);
        Object.assign(step, { state: 'failed', message, endedAt: new Date().toISOString() });
        Object.assign(this.progress, { status: 'failed', error: `${REMOVAL_STEPS.find((s) => s.id === step.id)?.label} failed: ${message}` });
        this.publish();
        return;
      }
      this.publish();
    }
    this.progress.status = 'completed';
    this.publish();
  }

  private async finishCancelled(): Promise<void> {
    for (const step of this.progress.steps) if (step.state === 'pending' || step.state === 'running') Object.assign(step, { state: 'cancelled', endedAt: new Date().toISOString() });
    const node = this.progress.intent.node;
    const cordoned = node ? await isUnschedulable(this.kc, node).catch(() => undefined) : undefined;
    Object.assign(this.progress, { status: 'cancelled', cordoned: Boolean(cordoned) });
    this.publish();
  }

  private async cordon() {
    const node = this.progress.intent.node;
    if (!node) return { state: 'skipped' as const, message: 'The host has no node.' };
    try {
      return { state: 'done' as const, message: (await setUnschedulable(this.kc, node, true)) ? `Node ${node} cordoned.` : `Node ${node} was already cordoned.` };
    } catch (error) {
      if (error instanceof ClusterError && error.kind === 'NotFound') return { state: 'skipped' as const, message: `Node ${node} is already gone.` };
      throw error;
    }
  }

  private async drain() {
    const node = this.progress.intent.node;
    if (!node) return { state: 'skipped' as const, message: 'The host has no node.' };
    const { options } = this.progress.intent;
    const plan = planDrainOf(await readDrainInput(this.kc, node), options);
    if (plan.refused.length > 0) {
      throw new RemovalRefusal(`The drain would stop at: ${refusalText(plan.refused)}.`);
    }
    const pods = new Map<string, DrainPodProgress>();
    const failures = await drainPods(this.kc, plan, options, {
      onPod: (pod) => {
        pods.set(`${pod.namespace}/${pod.name}`, pod);
        this.progress.pods = [...pods.values()];
        this.publish();
      },
      stopped: () => this.cancelled,
    });
    if (this.cancelled) return { state: 'done' as const, message: 'Cancelled during the drain.' };
    if (failures.length > 0) throw new RemovalRefusal(`Pods did not leave: ${failures.join(', ')}.`);
    const removed = [...pods.values()].filter((p) => p.state === 'gone').length;
    const ignored = plan.ignoredDaemonSetPods.length;
    return { state: 'done' as const, message: `${removed} pod${removed === 1 ? '' : 's'} removed${ignored ? `; ${ignored} DaemonSet-managed pod${ignored === 1 ? '' : 's'} ignored (${plan.ignoredDaemonSetPods.join(', ')})` : ''}.` };
  }

  private async removeCustomDeploy() {
    const { intent } = this.progress;
    if (intent.externallyProvisioned) return { state: 'skipped' as const, message: 'An externally provisioned host is never deprovisioned.' };
    const host = await readHost(this.kc, intent.host);
    if (!host) return { state: 'skipped' as const, message: 'The host is already gone.' };
    if (host.spec.customDeploy === undefined) return { state: 'skipped' as const, message: 'spec.customDeploy was already removed.' };
    // CRDs reject strategic merge; JSON Patch `remove` as the seed procedure does with oc edit.
    await kubeFetch(this.kc, {
      method: 'PATCH',
      path: resourcePath(BareMetalHostKind, intent.host),
      contentType: 'application/json-patch+json',
      body: [{ op: 'remove', path: '/spec/customDeploy' }],
      context: `remove customDeploy from host ${intent.host.name}`,
    });
    return { state: 'done' as const, message: 'spec.customDeploy removed: BMO deprovisions the host.' };
  }

  private async waitDeprovisioned() {
    const { intent } = this.progress;
    if (intent.externallyProvisioned) return { state: 'skipped' as const, message: 'An externally provisioned host is never deprovisioned.' };
    const seen = new Set<string>();
    for (;;) {
      const host = await readHost(this.kc, intent.host);
      if (!host) return { state: 'done' as const, message: 'The host is already gone.' };
      const state = host.status?.provisioning?.state ?? '';
      if (state) seen.add(state);
      if (state === 'available' || state === 'ready') {
        return { state: 'done' as const, message: seen.has('deprovisioning') ? 'Deprovisioned; the host is available.' : 'The host is available.' };
      }
      // Hosts that never reached provisioning have nothing to deprovision.
      if (!['', 'provisioning', 'provisioned', 'deprovisioning'].includes(state)) return { state: 'skipped' as const, message: `The host is ${state}: nothing to deprovision.` };
      if (this.cancelled) return { state: 'done' as const, message: 'Cancelled while waiting.' };
      await sleep(POLL_MS);
    }
  }

  private async deleteHost() {
    const { host } = this.progress.intent;
    const path = resourcePath(BareMetalHostKind, host);
    const existed = await deleteOptional(this.kc, { path, context: `delete host ${host.name}` });
    // BMO's finalizer holds the object until it has powered the host off.
    while (await readHost(this.kc, host)) {
      await sleep(POLL_MS);
    }
    return { state: 'done' as const, message: existed ? `Host ${host.name} deleted.` : `Host ${host.name} was already gone.` };
  }

  /** Nothing else deletes the network Secret (it has no owner); the BMC Secret goes with BMO's ownerReference. */
  private async cleanUpSecrets() {
    const { intent } = this.progress;
    const path = (name: string) => resourcePath(SecretKind, { namespace: intent.host.namespace, name });
    const { items } = await listObjects(this.kc, BareMetalHostKind, { namespace: intent.host.namespace });
    const others = items.map((item) => hostSchema.parse(item));
    const usedElsewhere = (name: string) => others.some((h: Host) => h.spec.preprovisioningNetworkDataName === name || h.spec.bmc?.credentialsName === name);
    const notes: string[] = [];
    if (intent.networkSecret) {
      if (usedElsewhere(intent.networkSecret)) notes.push(`Network Secret ${intent.networkSecret} kept: another host uses it.`);
      else notes.push((await deleteOptional(this.kc, { path: path(intent.networkSecret), context: `delete Secret ${intent.networkSecret}` })) ? `Network Secret ${intent.networkSecret} deleted.` : `Network Secret ${intent.networkSecret} was already gone.`);
    }
    if (intent.bmcSecret) {
      const name = intent.bmcSecret;
      let secret = await getOptional(this.kc, { path: path(name), schema: annotatedSchema, context: `read Secret ${name}` });
      // The garbage collector follows BMO's ownerReference shortly after the host is gone.
      for (let i = 0; secret?.metadata.ownerReferences?.length && i < 30; i += 1) {
        await sleep(POLL_MS);
        secret = await getOptional(this.kc, { path: path(name), schema: annotatedSchema, context: `read Secret ${name}` });
      }
      if (!secret) notes.push(`BMC Secret ${name} deleted by the garbage collector (BMO's ownerReference).`);
      else if (usedElsewhere(name)) notes.push(`BMC Secret ${name} kept: another host uses it.`);
      else {
        await deleteOptional(this.kc, { path: path(name), context: `delete Secret ${name}` });
        notes.push(`BMC Secret ${name} deleted (nothing owned it).`);
      }
    }
    return notes.length > 0 ? { state: 'done' as const, message: notes.join(' ') } : { state: 'skipped' as const, message: 'The host named no Secrets.' };
  }

  private async deleteNode() {
    const node = this.progress.intent.node;
    if (!node) return { state: 'skipped' as const, message: 'The host has no node.' };
    const path = resourcePath(NodeKind, { name: node });
    const existed = await deleteOptional(this.kc, { path, context: `delete node ${node}` });
    while (await getOptional(this.kc, { path, schema: annotatedSchema, context: `read node ${node}` })) await sleep(POLL_MS);
    return { state: 'done' as const, message: existed ? `Node ${node} deleted; it is absent.` : `Node ${node} was already absent.` };
  }
}

type FlowRegistry = Map<string, RemovalFlow>;
const REGISTRY_KEY = Symbol.for('bare-metal-console.removal-flows');

function registry(): FlowRegistry {
  const holder = globalThis as typeof globalThis & { [REGISTRY_KEY]?: FlowRegistry };
  holder[REGISTRY_KEY] ??= new Map();
  return holder[REGISTRY_KEY];
}

const flowKey = (host: { namespace: string; name: string }) => `${host.namespace}/${host.name}`;

function run(flow: RemovalFlow): RemovalFlow {
  const key = flowKey(flow.progress.intent.host);
  registry().set(key, flow);
  void flow.start().then(() => {
    if (flow.progress.status === 'completed') setTimeout(() => registry().get(key) === flow && registry().delete(key), KEEP_FINISHED_MS).unref();
  });
  return flow;
}

/** The host's node as the inventory links them, from the identity's watch cache. */
async function linkedNode(hub: InventoryHub, host: { namespace: string; name: string }): Promise<string | undefined> {
  const snapshot = await hub.snapshot();
  return linkInventory(snapshot.hosts, snapshot.nodes).find((r) => r.host?.name === host.name && r.host.namespace === host.namespace)?.node?.name;
}

/** The host, its node (linked as the inventory links them) and what removing it involves. */
export async function readRemovalTarget(kc: KubeConfig, hub: InventoryHub, host: { namespace: string; name: string }) {
  const raw = await readHost(kc, host);
  if (!raw) throw new ClusterError('NotFound', 404, `Host ${host.name} does not exist.`);
  const node = await linkedNode(hub, host);
  return {
    host,
    node,
    state: raw.status?.provisioning?.state ?? '',
    externallyProvisioned: Boolean(raw.spec.externallyProvisioned),
    networkSecret: raw.spec.preprovisioningNetworkDataName,
    bmcSecret: raw.spec.bmc?.credentialsName,
    intent: intentOf(raw.metadata.annotations),
    drain: node ? await readDrainInput(kc, node) : undefined,
  };
}

/**
 * startRemoval: checks the plan as the dialog showed it (never trusting the browser), records
 * the intent on the host and its node, and starts the flow.
 */
export async function startRemoval(
  kc: KubeConfig,
  options: { hub: InventoryHub; host: { namespace: string; name: string }; removal: RemovalOptions; requestedBy: string },
): Promise<RemovalFlow> {
  const existing = registry().get(flowKey(options.host));
  if (existing?.active) return existing;
  const target = await readRemovalTarget(kc, options.hub, options.host);
  // A retry after a failure keeps the recorded intent: its node and Secrets were read while the host was whole.
  const intent: RemovalIntent = target.intent
    ? { ...target.intent, options: options.removal }
    : {
        host: options.host,
        node: target.node,
        networkSecret: target.networkSecret,
        bmcSecret: target.bmcSecret,
        externallyProvisioned: target.externallyProvisioned,
        options: options.removal,
        requestedBy: options.requestedBy,
        requestedAt: new Date().toISOString(),
      };
  if (intent.externallyProvisioned && !options.removal.deleteInventoryRecord) {
    throw new RemovalRefusal(
      `Host ${options.host.name} is externally provisioned: BMO did not install it and will not deprovision it. Choose "delete inventory record" to remove it anyway; deleting a BareMetalHost powers the machine off.`,
    );
  }
  if (target.drain) {
    const refused = planDrainOf(target.drain, options.removal).refused;
    if (refused.length > 0) {
      throw new RemovalRefusal(`The drain would stop at: ${refusalText(refused)}.`);
    }
  }
  await annotate(kc, resourcePath(BareMetalHostKind, options.host), intent, `record the removal on host ${options.host.name}`);
  if (intent.node) await annotate(kc, resourcePath(NodeKind, { name: intent.node }), intent, `record the removal on node ${intent.node}`);
  return run(new RemovalFlow(kc, intent));
}

/**
 * The flow of a host: one running here, or one recorded on the host (or, once the host is gone,
 * on its node) and resumed. A flow that ended here is shown until another removal is recorded.
 */
export async function findRemoval(kc: KubeConfig, host: { namespace: string; name: string }): Promise<RemovalFlow | undefined> {
  const known = registry().get(flowKey(host));
  if (known?.active) return known;
  const raw = await readHost(kc, host);
  let intent = intentOf(raw?.metadata.annotations);
  if (!raw) {
    const { items } = await listObjects(kc, NodeKind);
    intent = items
      .map((item) => intentOf(annotatedSchema.parse(item).metadata.annotations))
      .find((candidate) => candidate?.host.namespace === host.namespace && candidate.host.name === host.name);
  }
  if (!intent || intent.requestedAt === known?.progress.intent.requestedAt) return known;
  return run(new RemovalFlow(kc, intent));
}

/** Cancel: stop before the next step and forget the intent, so nothing resumes it. */
export async function cancelRemoval(kc: KubeConfig, host: { namespace: string; name: string }): Promise<RemovalProgress | undefined> {
  const flow = await findRemoval(kc, host);
  if (!flow) return undefined;
  flow.cancel();
  await annotate(kc, resourcePath(BareMetalHostKind, host), null, `clear the removal on host ${host.name}`);
  if (flow.progress.intent.node) await annotate(kc, resourcePath(NodeKind, { name: flow.progress.intent.node }), null, `clear the removal on node ${flow.progress.intent.node}`);
  await flow.running;
  return flow.progress;
}

/**
 * After a cancel: make the node schedulable again. The node is the one the removal recorded, or,
 * in a console that did not run it, the host's linked node (the cancel cleared the intent).
 */
export async function uncordonNode(kc: KubeConfig, options: { hub: InventoryHub; host: { namespace: string; name: string } }): Promise<void> {
  const flow = registry().get(flowKey(options.host));
  const node = flow?.progress.intent.node ?? (await linkedNode(options.hub, options.host));
  if (!node) throw new RemovalRefusal(`Host ${options.host.name} has no node to uncordon.`);
  await setUnschedulable(kc, node, false);
  if (flow) flow.progress.cordoned = false;
}
