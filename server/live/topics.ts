import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { BatchView } from '@/lib/bulk/follow';
import type { LiveMessage, Topic } from '@/lib/live/topics';
import { topicParam } from '@/lib/live/topics';
import { toEventView } from '@/lib/k8s/event';
import { BareMetalHostKind, DaemonSetKind, DeploymentKind, EventKind, ProvisioningKind } from '@/lib/k8s/kinds';
import { MACHINE_API_NAMESPACE, PROVISIONING_NAME } from '@/lib/metal3/constants';
import { provisioningSchema, setupStatusOf, workloadSchema } from '@/lib/metal3/provisioning';
import { hostDetailsSchema } from '@/lib/metal3/host-details';
import type { Session } from '../auth/session';
import { listCsrs } from '../csr';
import { settle, userMessageOf } from '../errors';
import { assembleHostPage, hostEventsSelector } from '../hosts';
import { assembleBatchView, batchRuns, visibleRun } from '../batch';
import { removalKey, removals } from '../removal/flow';
import { bmcChanges, hostKey, maintenances } from '../day2/records';
import { HEARTBEAT_FRESH_MS } from '../flows/heartbeat';
import { readHostDay2 } from '../day2/view';
import { authorizeRemovalView, recordedRemovalOf } from '../removal/intents';
import { WatchedCollection } from '../watch/collection';
import type { InventoryHub } from '../watch/inventory-hub';
import { debounce, throttle } from './debounce';

export interface TopicContext {
  session: Session;
  kc: KubeConfig;
  hub: InventoryHub;
}

type Send = (message: LiveMessage) => void;

/** How long a burst of watch events is gathered before a view is computed again and sent whole. */
const RECOMPUTE_MS = 150;

/**
 * Opens one topic of the live stream (lib/live/topics.ts) for the caller: sends its current state,
 * then every change, all read with the caller's credentials (the identity's watch hub, or watches
 * of its own). Returns the function that closes it. A topic the caller may not see is refused
 * before anything is sent (a Refusal or ClusterError, answered by the route).
 */
export async function openTopic(topic: Topic, context: TopicContext, send: Send): Promise<() => void> {
  switch (topic.kind) {
    case 'inventory':
      return context.hub.subscribe((message) => {
        if (message.type === 'snapshot') send({ topic: 'inventory', event: 'snapshot', data: message.data });
        else if (message.type === 'change') send({ topic: 'inventory', event: 'change', data: message.data });
        else send({ topic: 'inventory', event: 'health', data: message.data });
      });
    case 'csrs':
      return openCsrs(context, send);
    case 'setup':
      return openSetup(context, send);
    case 'host':
      return openHost(topic, context, send);
    case 'removal':
      return openRemoval(topic, context, send);
    case 'batch':
      return openBatch(topic, context, send);
  }
}

/** How often a batch's hosts are recomputed at most while the cluster keeps changing (a hundred hosts change state often). */
const BATCH_HOSTS_MS = 1_000;

/**
 * A bulk enrollment: its hosts and the step each is at, from the identity's hub and CSRs, and its
 * create run while one is known here (the caller's own). Both are throttled, not debounced: BMO
 * walking a new batch through its states is a steady stream of changes, which must not hold the
 * run's progress back. A run's progress is sent with the hosts last computed.
 */
function openBatch(topic: Extract<Topic, { kind: 'batch' }>, context: TopicContext, send: Send): () => void {
  const name = topicParam(topic);
  let hosts: Omit<BatchView, 'run'> | undefined;
  let unsubscribeRun: (() => void) | undefined;
  const sendView = async () => {
    if (hosts) send({ topic: name, event: 'batch', data: { ...hosts, run: visibleRun(topic.batchId, context.session.username) } });
  };
  const recompute = throttle(async () => {
    const [snapshot, csrs] = await Promise.all([settle(context.hub.snapshot()), settle(listCsrs(context.hub))]);
    if (!snapshot.ok) return send({ topic: name, event: 'unavailable', data: { error: snapshot.message } });
    if (!csrs.ok) return send({ topic: name, event: 'unavailable', data: { error: csrs.message } });
    hosts = assembleBatchView({ batchId: topic.batchId, inventory: snapshot.value, csrs: csrs.value, run: null });
    await sendView();
  }, BATCH_HOSTS_MS);
  const progress = throttle(sendView, RECOMPUTE_MS);
  const follow = (flow: { owner: string; subscribe: (listener: () => void) => () => void }) => {
    if (flow.owner !== context.session.username) return;
    unsubscribeRun?.();
    unsubscribeRun = flow.subscribe(() => progress.schedule());
  };
  const offStart = batchRuns.onRun(topic.batchId, follow);
  const known = batchRuns.known(topic.batchId);
  if (known) follow(known);
  const offHub = context.hub.onChange(() => recompute.schedule());
  recompute.schedule();
  return () => {
    recompute.cancel();
    progress.cancel();
    offStart();
    offHub();
    unsubscribeRun?.();
  };
}

function openCsrs(context: TopicContext, send: Send): () => void {
  const update = debounce(async () => {
    const csrs = await settle(listCsrs(context.hub));
    send(csrs.ok ? { topic: 'csrs', event: 'csrs', data: csrs.value } : { topic: 'csrs', event: 'unavailable', data: { error: csrs.message } });
  }, RECOMPUTE_MS);
  // Every CSR's checks depend on hosts and nodes too: any change recomputes the list.
  const off = context.hub.onChange(() => update.schedule());
  update.schedule();
  return () => {
    update.cancel();
    off();
  };
}

/** The Provisioning CR and the metal3 workloads, from watches of the caller's own. */
function openSetup(context: TopicContext, send: Send): () => void {
  const provisioning = new WatchedCollection(context.kc, ProvisioningKind, { fieldSelector: `metadata.name=${PROVISIONING_NAME}` });
  const deployments = new WatchedCollection(context.kc, DeploymentKind, { namespace: MACHINE_API_NAMESPACE });
  const daemonSets = new WatchedCollection(context.kc, DaemonSetKind, { namespace: MACHINE_API_NAMESPACE });
  const update = debounce(async () => {
    const [crd, ...workloads] = await Promise.all([settle(provisioning.start()), settle(deployments.start()), settle(daemonSets.start())]);
    // The Provisioning kind itself is not served (its CRD is missing): a 404 on its list.
    const crdMissing = !crd.ok && provisioning.error?.reason === 'NotFound';
    const refused = [...(crdMissing ? [] : [crd]), ...workloads].find((result) => !result.ok);
    if (refused && !refused.ok) return send({ topic: 'setup', event: 'unavailable', data: { error: refused.message } });
    send({
      topic: 'setup',
      event: 'setup',
      data: setupStatusOf({
        crdInstalled: !crdMissing,
        provisioning: crd.ok && provisioning.items()[0] ? provisioningSchema.parse(provisioning.items()[0]) : undefined,
        deployments: deployments.items().map((w) => workloadSchema.parse(w)),
        daemonSets: daemonSets.items().map((w) => workloadSchema.parse(w)),
      }),
    });
  }, RECOMPUTE_MS);
  const collections = [provisioning, deployments, daemonSets];
  const offs = collections.map((collection) => collection.subscribe(() => update.schedule()));
  update.schedule();
  return () => {
    update.cancel();
    for (const off of offs) off();
    for (const collection of collections) collection.stop();
  };
}

/**
 * The host page: the host itself and its events through watches of their own (the inventory's
 * cache keeps neither hardware nor events), its link, node and CSRs from the identity's hub.
 */
function openHost(topic: Extract<Topic, { kind: 'host' }>, context: TopicContext, send: Send): () => void {
  const host = { namespace: topic.namespace, name: topic.name };
  const hostWatch = new WatchedCollection(context.kc, BareMetalHostKind, { namespace: host.namespace, fieldSelector: `metadata.name=${host.name}` });
  const eventsWatch = new WatchedCollection(context.kc, EventKind, { namespace: host.namespace, fieldSelector: hostEventsSelector(host) });
  const name = topicParam(topic);
  let lapse: NodeJS.Timeout | undefined;
  const update = debounce(async () => {
    const [listed, events, snapshot, nodes, csrs] = await Promise.all([
      settle(hostWatch.start()),
      settle(eventsWatch.start().then(() => eventsWatch.items().map(toEventView))),
      settle(context.hub.snapshot()),
      settle(context.hub.nodeObjects()),
      settle(listCsrs(context.hub)),
    ]);
    if (!listed.ok) return send({ topic: name, event: 'unavailable', data: { error: listed.message } });
    if (!snapshot.ok) return send({ topic: name, event: 'unavailable', data: { error: snapshot.message } });
    if (!nodes.ok) return send({ topic: name, event: 'unavailable', data: { error: nodes.message } });
    const raw = hostWatch.items()[0];
    const details = raw ? hostDetailsSchema.parse(raw) : null;
    const day2 = await settle(readHostDay2(context.kc, { session: context.session, host, details, snapshot: snapshot.value }));
    if (!day2.ok) return send({ topic: name, event: 'unavailable', data: { error: day2.message } });
    // A day-2 flow's heartbeat lapses without any change to the host when its replica dies: read it again then.
    clearTimeout(lapse);
    const seen = [day2.value.maintenance, day2.value.bmcChange].flatMap((view) => (view.state === 'recorded' && view.elsewhere ? [view.elsewhere.seenSecondsAgo] : []));
    if (seen.length > 0) lapse = setTimeout(() => update.schedule(), HEARTBEAT_FRESH_MS - Math.max(...seen) * 1000 + 1000).unref();
    send({
      topic: name,
      event: 'host',
      data: assembleHostPage({
        host,
        details,
        events,
        snapshot: snapshot.value,
        nodes: nodes.value,
        csrs,
        day2: day2.value,
      }),
    });
  }, RECOMPUTE_MS);
  // The host's day-2 flows (maintenance, BMC change) send their progress through this topic too:
  // followed from the moment one starts here, whoever started it.
  const flowOffs = new Map<string, () => void>();
  const follow = (kind: string, flow: { subscribe: (listener: () => void) => () => void }) => {
    flowOffs.get(kind)?.();
    flowOffs.set(kind, flow.subscribe(() => update.schedule()));
  };
  const key = hostKey(host);
  for (const [kind, registry] of [['maintenance', maintenances], ['bmc-change', bmcChanges]] as const) {
    const known = registry.known(key);
    if (known) follow(kind, known);
  }
  const offs = [
    hostWatch.subscribe(() => update.schedule()),
    eventsWatch.subscribe(() => update.schedule()),
    context.hub.onChange(() => update.schedule()),
    maintenances.onRun(key, (flow) => follow('maintenance', flow)),
    bmcChanges.onRun(key, (flow) => follow('bmc-change', flow)),
  ];
  update.schedule();
  return () => {
    update.cancel();
    clearTimeout(lapse);
    for (const off of offs) off();
    for (const off of flowOffs.values()) off();
    hostWatch.stop();
    eventsWatch.stop();
  };
}

/**
 * A removal: the progress of the flow running here, for viewers who may read the host and the
 * node's pods; otherwise what is recorded on the cluster, sent again when the host changes and
 * followed as soon as a flow of this host starts here (a resume, from this page or another).
 */
async function openRemoval(topic: Extract<Topic, { kind: 'removal' }>, context: TopicContext, send: Send): Promise<() => void> {
  const host = { namespace: topic.namespace, name: topic.name };
  const name = topicParam(topic);
  const known = removals.known(removalKey(host));
  await authorizeRemovalView(context.kc, { session: context.session, host, drainsNode: known ? known.progress.intent.node !== undefined : true });
  let unsubscribeFlow: (() => void) | undefined;
  const follow = (flow: NonNullable<typeof known>) => {
    unsubscribeFlow?.();
    unsubscribeFlow = flow.subscribe((progress) => send({ topic: name, event: 'progress', data: progress }));
  };
  // A heartbeat lapses without any change to the host when its replica dies: describe it again then.
  let lapse: NodeJS.Timeout | undefined;
  const describe = debounce(async () => {
    if (unsubscribeFlow) return;
    try {
      const recorded = await recordedRemovalOf(context.kc, host);
      send({ topic: name, event: 'recorded', data: recorded });
      clearTimeout(lapse);
      if (recorded.state === 'verified' && recorded.elsewhere) lapse = setTimeout(() => describe.schedule(), HEARTBEAT_FRESH_MS - recorded.elsewhere.seenSecondsAgo * 1000 + 1000).unref();
    } catch (error) {
      send({ topic: name, event: 'unavailable', data: { error: userMessageOf(error, 'read the removal') } });
    }
  }, RECOMPUTE_MS);
  const offStart = removals.onRun(removalKey(host), follow);
  const offHub = context.hub.onChange((collection) => {
    if (collection === 'hosts') describe.schedule();
  });
  if (known) follow(known);
  else describe.schedule();
  return () => {
    describe.cancel();
    clearTimeout(lapse);
    offStart();
    offHub();
    unsubscribeFlow?.();
  };
}
