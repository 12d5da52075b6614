import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ActionOutcome, BulkMaintenanceRequest, BulkPowerRequest, BulkRestartRequest, Day2Action } from '@/lib/day2/actions';
import { ocCommand } from '@/lib/day2/actions';
import { controlPlaneQuorum, isControlPlaneNode } from '@/lib/nodes/control-plane';
import type { Session } from '../auth/session';
import { ClusterError, Refusal } from '../errors';
import { recordConsoleEvent } from '../events';
import type { InventoryHub } from '../watch/inventory-hub';
import { restartHost, setPower } from './actions';
import { endMaintenance, startMaintenance } from './maintenance';
import { type HostRef, readDay2Target } from './target';

/**
 * The bulk intents (a list of hosts: power, restart, maintenance), for the inventory's row
 * selection. Each host gets the same intent as on its own page (its policies, its Event, its
 * outcome); what only a batch can break is checked across it first: a batch that would leave
 * fewer than a quorum of control-plane nodes Ready refuses its control-plane hosts (with the
 * reason) and goes on with the others. Maintenance drains at most MAX_CONCURRENT_DRAINS nodes at
 * once (the flows wait for a slot). Answers one outcome per host, in the order given.
 *
 * HTTP (app/api/hosts/bulk/…; bodies are the schemas in lib/day2/actions.ts, shared with the browser):
 * - POST   /api/hosts/bulk/power        {hosts, online, confirmRunningPods?}       → {results: ActionOutcome[]}
 * - POST   /api/hosts/bulk/restart      {hosts, mode?, confirmRunningPods?}         → {results}
 * - POST   /api/hosts/bulk/maintenance  {hosts, reason, force?, deleteEmptyDirData?, gracePeriodSeconds?, timeoutSeconds?} → {results}
 * - DELETE /api/hosts/bulk/maintenance  {hosts}                                     → {results}
 * `hosts` is 1–100 `{namespace, name}`, each once. The answer is 200 whatever each host's result;
 * each ActionOutcome says `result` (ok, noop, refused, failed), `message`, `status` (403, 404,
 * 409, 422) of a refusal, the `oc` equivalent and whether its Event was recorded.
 */

type Batch = { session: Session; hub: InventoryHub };

/** How many hosts' single requests run at once (power and restart are one PATCH each). */
const CONCURRENCY = 4;

async function eachHost<T>(hosts: readonly HostRef[], run: (host: HostRef) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(hosts.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, hosts.length) }, async () => {
      while (next < hosts.length) {
        const index = next++;
        results[index] = await run(hosts[index]!);
      }
    }),
  );
  return results;
}

/**
 * The control-plane hosts of the batch the quorum refuses, with the reason: their nodes and the
 * control-plane nodes already cordoned are taken out together (SPEC §9: 3 → at least 2 stay Ready).
 */
async function batchQuorumRefusals(kc: KubeConfig, options: Batch & { hosts: readonly HostRef[] }): Promise<Map<string, string>> {
  const targets = await Promise.all(
    options.hosts.map(async (host) => {
      try {
        return { host, target: await readDay2Target(kc, { hub: options.hub, host }) };
      } catch (error) {
        if (error instanceof ClusterError || error instanceof Refusal) return { host, target: undefined };
        throw error;
      }
    }),
  );
  const controlPlane = targets.filter((t) => t.target?.facts.node?.controlPlane);
  if (controlPlane.length < 2) return new Map();
  const snapshot = await options.hub.snapshot();
  const selected = controlPlane.map((t) => t.target!.facts.node!.name);
  const alreadyOut = snapshot.nodes.filter((n) => isControlPlaneNode(n) && n.unschedulable && !selected.includes(n.name)).map((n) => n.name);
  const verdict = controlPlaneQuorum(snapshot.nodes, [...selected, ...alreadyOut]);
  if (verdict.ok) return new Map();
  return new Map(controlPlane.map((t) => [`${t.host.namespace}/${t.host.name}`, `Host ${t.host.name} is a control-plane host, and this selection takes out several: ${verdict.message} Do them one at a time.`]));
}

async function refusedOutcome(kc: KubeConfig, options: { session: Session; host: HostRef; action: Day2Action; reason: string }): Promise<ActionOutcome> {
  return {
    host: options.host,
    action: options.action,
    result: 'refused',
    message: options.reason,
    oc: ocCommand(options.action, { host: options.host }),
    event: await recordConsoleEvent(kc, { host: options.host, user: options.session.username, action: options.action, outcome: 'refused', message: options.reason }),
    status: 409,
  };
}

/** bulkSetPower: spec.online for each host; powering off checks the batch's control-plane quorum first. */
export async function bulkSetPower(kc: KubeConfig, options: Batch & { request: BulkPowerRequest }): Promise<ActionOutcome[]> {
  const { request } = options;
  const refusals = request.online ? new Map<string, string>() : await batchQuorumRefusals(kc, { ...options, hosts: request.hosts });
  return eachHost(request.hosts, (host) => {
    const refused = refusals.get(`${host.namespace}/${host.name}`);
    if (refused) return refusedOutcome(kc, { session: options.session, host, action: 'power-off', reason: refused });
    return setPower(kc, { ...options, host, request: { online: request.online, confirmRunningPods: request.confirmRunningPods } });
  });
}

/** bulkRestart: reboot.metal3.io on each host; the batch's control-plane quorum is checked first. */
export async function bulkRestart(kc: KubeConfig, options: Batch & { request: BulkRestartRequest }): Promise<ActionOutcome[]> {
  const refusals = await batchQuorumRefusals(kc, { ...options, hosts: options.request.hosts });
  return eachHost(options.request.hosts, (host) => {
    const refused = refusals.get(`${host.namespace}/${host.name}`);
    if (refused) return refusedOutcome(kc, { session: options.session, host, action: 'restart', reason: refused });
    return restartHost(kc, { ...options, host, request: { mode: options.request.mode, confirmRunningPods: options.request.confirmRunningPods } });
  });
}

/** bulkStartMaintenance: one maintenance flow per host (each drain waits for a slot); the batch's control-plane quorum is checked first. */
export async function bulkStartMaintenance(kc: KubeConfig, options: Batch & { request: BulkMaintenanceRequest }): Promise<ActionOutcome[]> {
  const { hosts, ...rest } = options.request;
  const refusals = await batchQuorumRefusals(kc, { ...options, hosts });
  // One at a time: each records its intent before the next is checked against the quorum.
  const results: ActionOutcome[] = [];
  for (const host of hosts) {
    const refused = refusals.get(`${host.namespace}/${host.name}`);
    results.push(refused ? await refusedOutcome(kc, { session: options.session, host, action: 'maintenance-start', reason: refused }) : await startMaintenance(kc, { ...options, host, request: rest }));
  }
  return results;
}

/** bulkEndMaintenance: ends each host's maintenance (clears its record, stops its drain, uncordons). */
export async function bulkEndMaintenance(kc: KubeConfig, options: Batch & { hosts: readonly HostRef[] }): Promise<ActionOutcome[]> {
  return eachHost(options.hosts, (host) => endMaintenance(kc, { ...options, host }));
}
