import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { floodGuardTripped } from '@/lib/csr/checks';
import { verifiedEnrollment } from './host-seals';
import { type PassingResult, approvePassingCsrs, listCsrs } from './csr';
import { consoleEnv } from './env';
import { consoleKubeConfig } from './kube/identity';
import { InventoryHub } from './watch/inventory-hub';

const HOUR_MS = 3600 * 1000;
const INTERVAL_MS = 5000;

/** The name automatic approvals are recorded under in each CSR's condition. */
const AUTOMATIC = 'the console (automatic approval)';

export interface AutoApprovalPass {
  results: PassingResult[];
  skipped: { name: string; why: string }[];
  floodGuard: boolean;
}

/**
 * One pass of automatic approval: every pending node CSR that passes every check and belongs to a
 * host the console can prove it enrolled (its enrollment proof verifies for the host's uid, operation
 * id and expected node name, server/host-seals.ts: an annotation anyone may copy, but not forge for
 * another uid or another expected node name) is
 * approved, oldest first; nothing is approved while pending node CSRs of the last hour exceed
 * hosts + nodes + 100 (cluster-machine-approver's flood guard).
 */
export async function autoApproveOnce(kc: KubeConfig, hub: InventoryHub, now = Date.now()): Promise<AutoApprovalPass> {
  const inventory = await hub.snapshot();
  const pending = (await listCsrs(hub)).filter((csr) => csr.condition === 'Pending' && csr.assessment.kind !== 'other');
  const recent = pending.filter((csr) => now - Date.parse(csr.createdAt) <= HOUR_MS).length;
  if (floodGuardTripped({ pendingNodeCsrsLastHour: recent, hosts: inventory.hosts.length, nodes: inventory.nodes.length })) {
    return { results: [], skipped: pending.map((csr) => ({ name: csr.name, why: 'flood guard' })), floodGuard: true };
  }
  const proven = new Set(
    (await hub.hostObjects())
      .filter((host) => verifiedEnrollment(host) !== undefined)
      .map((host) => host.metadata.name),
  );
  const outcome = await approvePassingCsrs(kc, {
    hub,
    decidedBy: AUTOMATIC,
    accept: (csr) => (csr.assessment.host && proven.has(csr.assessment.host) ? undefined : 'the console cannot prove it enrolled its host'),
  });
  return { ...outcome, floodGuard: false };
}

/** Starts the automatic approver when CONSOLE_AUTO_APPROVE is set (from instrumentation.ts). */
export function startAutoApprover(): void {
  if (!consoleEnv().CONSOLE_AUTO_APPROVE) return;
  const kc = consoleKubeConfig();
  const hub = new InventoryHub(kc);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    autoApproveOnce(kc, hub)
      .then((pass) => {
        const approved = pass.results.filter((r) => !('error' in r)).map((r) => r.name);
        if (approved.length) console.info(`[auto-approve] approved ${approved.join(', ')}`);
        if (pass.floodGuard) console.warn('[auto-approve] flood guard tripped: approving nothing until pending node CSRs drop');
      })
      .catch((error: unknown) => console.error('[auto-approve]', error))
      .finally(() => {
        running = false;
      });
  }, INTERVAL_MS);
  timer.unref();
  console.info('[auto-approve] on: approving node CSRs that pass every check, for hosts the console proved it enrolled');
}
