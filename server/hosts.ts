import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { CsrView } from '@/lib/csr/view';
import type { HostPage } from '@/lib/hosts/page';
import { linkInventory } from '@/lib/inventory/links';
import type { StreamSnapshot } from '@/lib/inventory/stream';
import { type EventView, newestFirst, toEventView } from '@/lib/k8s/event';
import { BareMetalHostKind, EventKind } from '@/lib/k8s/kinds';
import { type Node, toNodeDetails } from '@/lib/k8s/node';
import { type HostDetails, hostDetailsSchema } from '@/lib/metal3/host-details';
import { listCsrs } from './csr';
import { describeRecordedRemoval } from './removal/flow';
import { type Result, settle } from './errors';
import { getOptional, listObjects } from './kube/objects';
import { z } from 'zod';
import type { InventoryHub } from './watch/inventory-hub';
import type { HostDay2 } from '@/lib/day2/page';
import type { Session } from './auth/session';
import { readHostDay2 } from './day2/view';

type HostRef = { namespace: string; name: string };

/** The field selector of a host's events (what `oc describe bmh` lists). */
export const hostEventsSelector = (host: HostRef) => `involvedObject.kind=BareMetalHost,involvedObject.name=${host.name}`;

/** The node a host's page and timeline are about: its linked node, else the name it will join as. */
export function nodeNameOfHost(page: Pick<HostPage, 'link'>, host: HostRef): string {
  return page.link.node?.name ?? page.link.host?.recordedNodeName ?? page.link.host?.expectedNodeName ?? host.name;
}

/**
 * Everything the host page shows (lib/hosts/page.ts), from what the caller read: the host and its
 * events (or why they could not be read), and the identity's inventory, nodes and CSRs.
 */
export function assembleHostPage(options: {
  host: HostRef;
  details: HostDetails | null;
  events: Result<EventView[]>;
  snapshot: StreamSnapshot;
  nodes: readonly Node[];
  csrs: Result<CsrView[]>;
  /** The day-2 part, read for the viewer (server/day2/view.ts readHostDay2). */
  day2: HostDay2;
}): HostPage {
  const row = linkInventory(options.snapshot.hosts, options.snapshot.nodes).find((r) => r.host?.name === options.host.name && r.host.namespace === options.host.namespace);
  const link = { ...(row?.host ? { host: row.host } : {}), ...(row?.node ? { node: row.node } : {}), ...(row?.link ? { rule: row.link } : {}), ...(row?.problem ? { problem: row.problem } : {}) };
  const node = row?.node ? options.nodes.find((n) => n.metadata.name === row.node?.name) : undefined;
  const nodeName = nodeNameOfHost({ link }, options.host);
  return {
    host: options.details,
    events: options.events.ok ? newestFirst(options.events.value) : { error: options.events.message },
    link,
    node: row?.node ? (node ? toNodeDetails(node) : { error: `node ${row.node.name} is not in the watch cache` }) : null,
    csrs: options.csrs.ok ? options.csrs.value.filter((c) => c.assessment.nodeName === nodeName) : { error: options.csrs.message },
    removal: describeRecordedRemoval(options.details?.metadata.annotations, { ...options.host, uid: options.details?.metadata.uid ?? undefined }),
    day2: options.day2,
  };
}

/** The host page as it is now, read with the caller's credentials (the first render; the live topic keeps it current). */
export async function readHostPage(kc: KubeConfig, options: { session: Session; hub: InventoryHub; host: HostRef }): Promise<HostPage> {
  const { host, hub } = options;
  const [details, events, snapshot, nodes, csrs] = await Promise.all([
    getOptional(kc, { kind: BareMetalHostKind, ...host, schema: hostDetailsSchema }),
    settle(listObjects(kc, { kind: EventKind, namespace: host.namespace, fieldSelector: hostEventsSelector(host), schema: z.unknown() }).then((list) => list.items.map(toEventView))),
    hub.snapshot(),
    hub.nodeObjects(),
    settle(listCsrs(hub)),
  ]);
  const day2 = await readHostDay2(kc, { session: options.session, host, details: details ?? null, snapshot });
  return assembleHostPage({ host, details: details ?? null, events, snapshot, nodes, csrs, day2 });
}
