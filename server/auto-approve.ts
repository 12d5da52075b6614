import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { floodGuardTripped } from '@/lib/csr/checks';
import type { Session } from './auth/session';
import { decideCsr, listCsrs } from './csr';
import { consoleEnv } from './env';
import { ClusterError } from './errors';
import { consoleKubeConfig } from './kube/identity';
import { InventoryHub } from './watch/inventory-hub';

const HOUR_MS = 3600 * 1000;
const INTERVAL_MS = 5000;

/** The name automatic approvals are recorded under in each CSR's condition. */
const AUTOMATIC: Session = { mode: 'kubeconfig', username: 'the console (automatic approval)', groups: [], csrf: '' };

export interface AutoApprovalPass {
  approved: string[];
  skipped: { name: string; why: string }[];
  floodGuard: boolean;
}

/**
 * One pass of automatic approval: every pending node CSR that passes every check and belongs to a
 * host enrolled through the console is approved, oldest first; nothing is approved while pending
 * node CSRs of the last hour exceed hosts + nodes + 100 (cluster-machine-approver's flood guard).
 */
export async function autoApproveOnce(kc: KubeConfig, hub: InventoryHub, now = Date.now()): Promise<AutoApprovalPass> {
  const inventory = await hub.snapshot();
  const pending = (await listCsrs(hub))
    .filter((csr) => csr.condition === 'Pending' && csr.assessment.kind !== 'other')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const recent = pending.filter((csr) => now - Date.parse(csr.createdAt) <= HOUR_MS).length;
  if (floodGuardTripped({ pendingNodeCsrsLastHour: recent, hosts: inventory.hosts.length, nodes: inventory.nodes.length })) {
    return { approved: [], skipped: pending.map((csr) => ({ name: csr.name, why: 'flood guard' })), floodGuard: true };
  }
  const hosts = new Map(inventory.hosts.map((host) => [host.name, host]));
  const result: AutoApprovalPass = { approved: [], skipped: [], floodGuard: false };
  for (const csr of pending) {
    const host = csr.assessment.host ? hosts.get(csr.assessment.host) : undefined;
    if (!csr.assessment.passes) result.skipped.push({ name: csr.name, why: 'fails a check' });
    else if (!host?.enrolledBy) result.skipped.push({ name: csr.name, why: 'its host was not enrolled through the console' });
    else {
      try {
        await decideCsr(kc, { name: csr.name, decision: 'approve', session: AUTOMATIC, inventory });
        result.approved.push(csr.name);
      } catch (error) {
        if (!(error instanceof ClusterError)) throw error;
        result.skipped.push({ name: csr.name, why: error.userMessage });
      }
    }
  }
  return result;
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
        if (pass.approved.length) console.info(`[auto-approve] approved ${pass.approved.join(', ')}`);
        if (pass.floodGuard) console.warn('[auto-approve] flood guard tripped: approving nothing until pending node CSRs drop');
      })
      .catch((error: unknown) => console.error('[auto-approve]', error))
      .finally(() => {
        running = false;
      });
  }, INTERVAL_MS);
  timer.unref();
  console.info('[auto-approve] on: approving node CSRs that pass every check, for hosts enrolled through the console');
}
