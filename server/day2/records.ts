import 'server-only';
import { DAY2_ANNOTATIONS } from '@/lib/day2/constants';
import {
  type BmcChangeProgress,
  type BmcChangeView,
  type MaintenanceProgress,
  type MaintenanceView,
  bmcChangeIntentSchema,
  maintenanceIntentSchema,
} from '@/lib/day2/flows';
import { isClusterError } from '../errors';
import { flowRegistry } from '../flows/engine';
import { runningElsewhere } from '../flows/heartbeat';
import { openIntent, pinIntent } from '../flows/intent';

/**
 * The day-2 flows' registries (one per kind, shared by the process, server/flows/engine.ts) and
 * their records on the cluster: a sealed intent in an annotation of the host (and, for
 * maintenance, of its node), verified before it is shown as a flow or acted on.
 */

export const MAINTENANCE_INTENT_KIND = 'maintenance';
export const BMC_CHANGE_INTENT_KIND = 'bmc-change';

export const maintenances = flowRegistry<MaintenanceProgress>('maintenance');
export const bmcChanges = flowRegistry<BmcChangeProgress>('bmc-change');

type HostRef = { namespace: string; name: string };
export const hostKey = (host: HostRef) => `${host.namespace}/${host.name}`;

type Annotations = Record<string, string> | null | undefined;

/** The maintenance recorded on a host; with `host`, pinned to it (pinIntent: a record copied from another host is unverified). */
export function recordedMaintenance(annotations: Annotations, host?: { name: string; uid?: string | undefined }) {
  const opened = openIntent(MAINTENANCE_INTENT_KIND, annotations?.[DAY2_ANNOTATIONS.maintenance], maintenanceIntentSchema);
  return host ? pinIntent(opened, host, (intent) => intent.host) : opened;
}

/** The BMC change recorded on a host; with `host`, pinned to it (pinIntent). */
export function recordedBmcChange(annotations: Annotations, host?: { name: string; uid?: string | undefined }) {
  const opened = openIntent(BMC_CHANGE_INTENT_KIND, annotations?.[DAY2_ANNOTATIONS.bmcChange], bmcChangeIntentSchema);
  return host ? pinIntent(opened, host, (intent) => intent.host) : opened;
}

/**
 * The host's maintenance as its page shows it: the flow running here (its progress), else what
 * is recorded on the host (its intent must name this host and its uid; `elsewhere` when another
 * replica's heartbeat says it runs there), else none.
 */
export function maintenanceViewOf(host: HostRef & { uid?: string; annotations: Annotations }): MaintenanceView {
  const flow = maintenances.known(hostKey(host));
  if (flow?.active) return { state: 'running', progress: flow.progress };
  const recorded = recordedMaintenance(host.annotations);
  if (recorded.state === 'unverified') return { state: 'unverified', reason: recorded.reason };
  if (recorded.state === 'none' || (host.uid && recorded.intent.host.uid !== host.uid) || recorded.intent.host.name !== host.name) {
    return flow ? { state: 'ended', progress: flow.progress } : { state: 'none' };
  }
  const { intent } = recorded;
  const ended = flow && flow.progress.intent.requestedAt === intent.requestedAt ? flow.progress : undefined;
  const elsewhere = runningElsewhere(MAINTENANCE_INTENT_KIND, host.annotations);
  return {
    state: 'recorded',
    requestedBy: intent.requestedBy,
    requestedAt: intent.requestedAt,
    summary: `Node ${intent.node.name} in maintenance: ${intent.reason}`,
    ...(ended ? { ended } : {}),
    ...(elsewhere ? { elsewhere } : {}),
  };
}

/** The host's BMC change as its page shows it (like maintenanceViewOf). */
export function bmcChangeViewOf(host: HostRef & { uid?: string; annotations: Annotations }): BmcChangeView {
  const flow = bmcChanges.known(hostKey(host));
  if (flow?.active) return { state: 'running', progress: flow.progress };
  const recorded = recordedBmcChange(host.annotations);
  if (recorded.state === 'unverified') return { state: 'unverified', reason: recorded.reason };
  if (recorded.state === 'none' || (host.uid && recorded.intent.host.uid !== host.uid) || recorded.intent.host.name !== host.name) {
    return flow ? { state: 'ended', progress: flow.progress } : { state: 'none' };
  }
  const { intent } = recorded;
  const ended = flow && flow.progress.intent.requestedAt === intent.requestedAt ? flow.progress : undefined;
  const what = [intent.address !== undefined ? `address ${intent.address}` : '', intent.newSecret ? `credentials Secret ${intent.newSecret.name}` : ''].filter(Boolean).join(' and ');
  const elsewhere = runningElsewhere(BMC_CHANGE_INTENT_KIND, host.annotations);
  return {
    state: 'recorded',
    requestedBy: intent.requestedBy,
    requestedAt: intent.requestedAt,
    summary: `BMC change to ${what || 'new settings'}`,
    ...(ended ? { ended } : {}),
    ...(elsewhere ? { elsewhere } : {}),
  };
}

/**
 * Runs `attempt` again when the apiserver answers 409 Conflict (the object changed since it was
 * read: a record guarded by its resourceVersion), at most `attempts` times, as kubectl retries a
 * conflicting update (k8s.io/client-go/util/retry RetryOnConflict, 5 steps). Each attempt reads
 * the object again and checks everything again; other errors are thrown at once.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= attempts || !isClusterError(error, 'Conflict')) throw error;
    }
  }
}
