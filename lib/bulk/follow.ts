import type { CsrView } from '@/lib/csr/view';
import type { HostView, NodeView } from '@/lib/inventory/views';
import type { StatusTone } from '@/lib/metal3/host-status';
import { z } from '@/lib/zod';
import { batchRunSchema } from './batch';

/**
 * Following a batch to Ready: the step each host is at, from BMO's state (SPEC §3: registering →
 * inspecting → preparing → available → provisioning → provisioned), then its node's two CSRs
 * (SPEC §6) and the Node. Pure; the server computes it from the identity's watch caches.
 */

export const HOST_STEPS = [
  { id: 'registering', label: 'Registering', tone: 'progress' },
  { id: 'inspecting', label: 'Inspecting', tone: 'progress' },
  { id: 'preparing', label: 'Preparing', tone: 'progress' },
  { id: 'available', label: 'Available', tone: 'progress' },
  { id: 'provisioning', label: 'Provisioning', tone: 'progress' },
  { id: 'provisioned', label: 'Provisioned, booting', tone: 'progress' },
  { id: 'client-csr', label: 'Client CSR to approve', tone: 'warning' },
  { id: 'serving-csr', label: 'Serving CSR to approve', tone: 'warning' },
  { id: 'node-not-ready', label: 'Node registered, not Ready', tone: 'progress' },
  { id: 'ready', label: 'Node Ready', tone: 'ok' },
  { id: 'error', label: 'Error', tone: 'error' },
  { id: 'other', label: 'Elsewhere', tone: 'idle' },
] as const satisfies readonly { id: string; label: string; tone: StatusTone }[];

export type HostStepId = (typeof HOST_STEPS)[number]['id'];

export const batchHostSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  step: z.enum(HOST_STEPS.map((s) => s.id) as [HostStepId, ...HostStepId[]]),
  /** The step in words, with what it waits for or what went wrong. */
  detail: z.string(),
  state: z.string(),
  nodeName: z.string(),
  /** The pending CSRs of its node, oldest first: what "approve" would decide. */
  pendingCsrs: z.array(z.string()),
});
export type BatchHost = z.infer<typeof batchHostSchema>;

export const batchViewSchema = z.object({
  batchId: z.string(),
  hosts: z.array(batchHostSchema),
  /** How many hosts are at each step, in the order of the steps, every step listed. */
  counts: z.array(z.object({ step: z.string(), label: z.string(), count: z.number() })),
  /** The create run of this batch in this console process, for the user who started it. */
  run: batchRunSchema.nullable(),
});
export type BatchView = z.infer<typeof batchViewSchema>;

const stepOf = (id: HostStepId) => HOST_STEPS.find((s) => s.id === id)!;

/**
 * The step a host is at. `csrs`: every CSR whose node name is the host's; those created before the
 * host are not its own (an earlier host of that node name). The serving CSR must be approved for
 * Ready: without it the kubelet runs but `oc logs` and `oc exec` cannot reach it.
 */
export function hostStep(host: HostView, options: { node?: NodeView; nodeName: string; csrs: readonly CsrView[] }): Omit<BatchHost, 'name' | 'namespace' | 'nodeName'> {
  const own = options.csrs.filter((c) => c.assessment.nodeName === options.nodeName && (!host.createdAt || Date.parse(c.createdAt) >= Date.parse(host.createdAt)));
  const pending = own.filter((c) => c.condition === 'Pending').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const base = { state: host.state, pendingCsrs: pending.map((c) => c.name) };
  const at = (id: HostStepId, detail?: string) => ({ ...base, step: id, detail: detail ?? stepOf(id).label });
  if (host.errorType) return at('error', `${host.errorType}: ${host.errorMessage ?? 'no message'}`);
  switch (host.state) {
    case '':
    case 'unmanaged':
    case 'registering':
      return at('registering');
    case 'inspecting':
    case 'preparing':
    case 'provisioning':
      return at(host.state);
    case 'available':
    case 'ready':
      return at('available', 'Available: waiting for BMO to start provisioning');
    case 'provisioned':
      break;
    default:
      return at('other', `BareMetalHost state ${host.state || 'unknown'}`);
  }
  if (host.externallyProvisioned) return at('other', 'Externally provisioned');
  const client = own.filter((c) => c.assessment.kind === 'client');
  const serving = own.filter((c) => c.assessment.kind === 'serving');
  if (!options.node) {
    const waiting = client.find((c) => c.condition === 'Pending');
    if (waiting) return at('client-csr', `Client CSR ${waiting.name} for node ${options.nodeName} to approve`);
    if (client.some((c) => c.condition === 'Approved')) return at('provisioned', `Client CSR approved; waiting for node ${options.nodeName} to register`);
    return at('provisioned', `Provisioned; waiting for node ${options.nodeName} to ask for its client certificate`);
  }
  const waiting = serving.find((c) => c.condition === 'Pending');
  if (waiting) return at('serving-csr', `Serving CSR ${waiting.name} of node ${options.node.name} to approve`);
  if (!serving.some((c) => c.condition === 'Approved')) return at('serving-csr', `Node ${options.node.name} registered; waiting for its serving CSR`);
  if (options.node.ready !== 'True') return at('node-not-ready', `Node ${options.node.name} is ${options.node.ready === 'False' ? 'NotReady' : 'of unknown readiness'}`);
  return at('ready', `Node ${options.node.name} Ready`);
}

/** How many hosts are at each step (every step, zeros included). */
export function stepCounts(hosts: readonly Pick<BatchHost, 'step'>[]): BatchView['counts'] {
  return HOST_STEPS.map((s) => ({ step: s.id, label: s.label, count: hosts.filter((h) => h.step === s.id).length }));
}
