import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { CLIENT_SIGNER, type JoinContext, assessCsr, nodeNameOf } from '@/lib/csr/checks';
import { type CertificateSigningRequest, certificateSigningRequestSchema, csrCondition } from '@/lib/csr/object';
import { parseCertificateRequest } from '@/lib/csr/request';
import type { CsrView } from '@/lib/csr/view';
import { linkInventory } from '@/lib/inventory/links';
import { addressKey } from '@/lib/net/ip';
import type { StreamSnapshot } from '@/lib/inventory/stream';
import { CertificateSigningRequestKind } from '@/lib/k8s/kinds';
import { MACHINE_API_NAMESPACE } from '@/lib/metal3/constants';
import { ClusterError, Refusal, isClusterError } from './errors';
import { recordConsoleEventOrLog } from './events';
import { getObject, writeSubresource } from './kube/objects';
import { recordNodeName } from './host-seals';
import type { InventoryHub } from './watch/inventory-hub';

type RawCsr = CertificateSigningRequest;

/** kubectl retries a conflicting approval this many times. */
const APPROVAL_ATTEMPTS = 10;

/** The kubelet client CSRs by the node their subject names, with their conditions (unreadable requests name none). */
function clientRequestsByNode(csrs: readonly RawCsr[]): JoinContext['clientRequests'] {
  const byNode = new Map<string, { name: string; condition: ReturnType<typeof csrCondition> }[]>();
  for (const csr of csrs) {
    if (csr.spec.signerName !== CLIENT_SIGNER) continue;
    let commonName: string;
    try {
      commonName = parseCertificateRequest(csr.spec.request).commonName;
    } catch {
      continue;
    }
    const node = nodeNameOf(commonName);
    if (!node) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), { name: csr.metadata.name, condition: csrCondition(csr) }]);
  }
  return byNode;
}

/** Which nodes report each address (their own name included), keyed as the checks compare addresses. */
function nodesByAddress(nodes: StreamSnapshot['nodes']): Map<string, string[]> {
  const byAddress = new Map<string, string[]>();
  for (const node of nodes) {
    for (const key of new Set([...node.addresses, node.name].map(addressKey))) byAddress.set(key, [...(byAddress.get(key) ?? []), node.name]);
  }
  return byAddress;
}

/** What the checks need to know of hosts, nodes and the other client CSRs, from the user's watch caches. */
export function joinContext(inventory: StreamSnapshot, csrs: readonly RawCsr[]): JoinContext {
  const rows = linkInventory(inventory.hosts, inventory.nodes);
  return {
    clientRequests: clientRequestsByNode(csrs),
    nodeAddresses: new Map(inventory.nodes.map((n) => [n.name, [...n.addresses, n.name]])),
    nodesByAddress: nodesByAddress(inventory.nodes),
    provisionedHosts: rows
      .filter((r) => r.host && !r.node && r.host.state === 'provisioned' && !r.host.externallyProvisioned)
      .map((r) => {
        const host = r.host!;
        return { name: host.name, expectedNodeName: host.expectedNodeName ?? host.name, provisionedAt: host.provisionedAt, staticIps: host.staticIps };
      }),
    hostOfNode: new Map(rows.filter((r) => r.host && r.node).map((r) => [r.node!.name, { name: r.host!.name, staticIps: r.host!.staticIps }])),
  };
}

function toCsrView(csr: RawCsr, context: JoinContext): CsrView {
  let request: CsrView['request'];
  try {
    request = parseCertificateRequest(csr.spec.request);
  } catch (error) {
    // Shown as it is: the subject check fails with "the subject could not be read".
    request = { commonName: '', organizations: [], dnsNames: [], ipAddresses: [], otherNames: [`unparsable request (${error instanceof Error ? error.message : 'unknown error'})`] };
  }
  const facts = {
    name: csr.metadata.name,
    signerName: csr.spec.signerName,
    username: csr.spec.username,
    groups: csr.spec.groups,
    usages: csr.spec.usages,
    createdAt: csr.metadata.creationTimestamp,
    request,
  };
  const condition = csrCondition(csr);
  const decided = csr.status?.conditions?.find((c) => c.type === condition && c.status === 'True');
  const decidedAt = decided?.lastUpdateTime ?? decided?.lastTransitionTime;
  const assessment = assessCsr(facts, context);
  // Once decided, the host is also found through the node it became.
  const linkedHost = assessment.host ?? (assessment.nodeName ? context.hostOfNode.get(assessment.nodeName)?.name : undefined);
  return {
    ...facts,
    condition,
    ...(decidedAt ? { decidedAt } : {}),
    ...(decided && condition !== 'Pending' ? { decision: { reason: decided.reason ?? '', message: decided.message ?? '' } } : {}),
    issued: Boolean(csr.status?.certificate),
    assessment,
    ...(linkedHost ? { linkedHost } : {}),
  };
}

/** Every CSR with its checks, from the identity's watch caches (no LIST per request). */
export async function listCsrs(hub: InventoryHub): Promise<CsrView[]> {
  const [inventory, objects] = await Promise.all([hub.snapshot(), hub.csrObjects()]);
  const csrs = objects.map((item) => certificateSigningRequestSchema.parse(item));
  const context = joinContext(inventory, csrs);
  return csrs.map((csr) => toCsrView(csr, context));
}

/** The whole object (the approval PUT sends it back as read) and its parsed view. */
async function readCsr(kc: KubeConfig, name: string): Promise<{ raw: Record<string, unknown>; csr: RawCsr }> {
  const raw = await getObject(kc, { kind: CertificateSigningRequestKind, name, schema: z.record(z.string(), z.unknown()) });
  return { raw, csr: certificateSigningRequestSchema.parse(raw) };
}

/** "every check passed (8)" or "failed \"A\", \"B\" (approved with its name typed)". */
function verdictText(view: CsrView): string {
  const failed = view.assessment.checks.filter((c) => !c.pass);
  return failed.length === 0 ? `checks at the decision: all ${view.assessment.checks.length} passed` : `checks at the decision: failed ${failed.map((c) => `"${c.label}"`).join(', ')} (approved with its name typed)`;
}

export type DecisionResult = { name: string; outcome: 'approved' | 'denied' | 'already approved' | 'already denied'; recordedOn?: string };

/**
 * approveCsr / denyCsr with kubectl's semantics (SPEC §6): append the condition and PUT the whole
 * object to the approval subresource; on 409 read again and retry. Already decided the same way:
 * nothing to do; decided the other way: refused. The checks run again here, never trusting the
 * browser: a CSR that fails one is approved only when `confirm` repeats its name.
 */
export async function decideCsr(
  kc: KubeConfig,
  options: { name: string; decision: 'approve' | 'deny'; confirm?: string; decidedBy: string; hub: InventoryHub },
): Promise<DecisionResult> {
  const type = options.decision === 'approve' ? 'Approved' : 'Denied';
  const [inventory, others] = await Promise.all([options.hub.snapshot(), options.hub.csrObjects()]);
  const context = joinContext(
    inventory,
    others.map((item) => certificateSigningRequestSchema.parse(item)),
  );
  for (let attempt = 1; attempt <= APPROVAL_ATTEMPTS; attempt++) {
    const { raw, csr } = await readCsr(kc, options.name);
    const condition = csrCondition(csr);
    if (condition === type) return { name: options.name, outcome: type === 'Approved' ? 'already approved' : 'already denied' };
    if (condition !== 'Pending') {
      throw new Refusal(409, `CSR ${options.name} is already ${condition.toLowerCase()}; it cannot be ${type.toLowerCase()}.`);
    }
    let view: CsrView | undefined;
    if (options.decision === 'approve') {
      view = toCsrView(csr, context);
      const failed = view.assessment.checks.filter((c) => !c.pass);
      if (failed.length > 0 && options.confirm !== options.name) {
        throw new Refusal(422, `CSR ${options.name} fails ${failed.map((c) => `"${c.label}"`).join(', ')}. Type its name to approve it anyway.`);
      }
    }
    const status = (raw.status as { conditions?: unknown[] } | undefined) ?? {};
    const body = {
      ...raw,
      status: {
        ...status,
        conditions: [
          ...(status.conditions ?? []),
          {
            type,
            status: 'True',
            reason: type === 'Approved' ? 'BareMetalConsoleApprove' : 'BareMetalConsoleDeny',
            // The verdict the decision was taken on, recorded with it: later facts (the node joining) never rewrite it.
            message: `${type} by ${options.decidedBy} with the Bare Metal Console${view ? `; ${verdictText(view)}` : ''}`,
            lastUpdateTime: new Date().toISOString(),
          },
        ],
      },
    };
    try {
      await writeSubresource(kc, { kind: CertificateSigningRequestKind, name: options.name, subresource: 'approval', method: 'PUT', body, context: `${options.decision} CSR ${options.name}` });
    } catch (error) {
      if (isClusterError(error, 'Conflict') && attempt < APPROVAL_ATTEMPTS) continue;
      throw error;
    }
    const recordedOn = view ? await recordJoin(kc, view, inventory) : undefined;
    await recordDecision(kc, { csr: { name: options.name, ...(typeof csr.metadata.uid === 'string' ? { uid: csr.metadata.uid } : {}) }, subject: (view ?? toCsrView(csr, context)).assessment, type, user: options.decidedBy });
    return { name: options.name, outcome: type === 'Approved' ? 'approved' : 'denied', ...(recordedOn ? { recordedOn } : {}) };
  }
  throw new Refusal(409, `CSR ${options.name} kept changing; try again.`);
}

export type PassingResult = DecisionResult | { name: string; error: string };

/**
 * "Approve all that pass": every pending node CSR whose checks all pass, oldest first (the order a
 * node needs them), each approved as decideCsr does (checks run again on the fresh object). `accept`
 * narrows the set further (automatic approval accepts only hosts the console proved it enrolled),
 * reporting why a CSR was skipped; `only` leaves every other CSR out entirely, not even reported
 * (a batch's approval looks at its own hosts' CSRs alone). One CSR that fails to be approved does
 * not stop the others.
 */
export async function approvePassingCsrs(
  kc: KubeConfig,
  options: { hub: InventoryHub; decidedBy: string; accept?: (csr: CsrView) => string | undefined; only?: (csr: CsrView) => boolean },
): Promise<{ results: PassingResult[]; skipped: { name: string; why: string }[] }> {
  const pending = (await listCsrs(options.hub))
    .filter((csr) => csr.condition === 'Pending' && csr.assessment.kind !== 'other' && (options.only?.(csr) ?? true))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const results: PassingResult[] = [];
  const skipped: { name: string; why: string }[] = [];
  /** Nodes whose client CSR this pass approved: a second one (created since the caches were read) is not. */
  const clientApproved = new Set<string>();
  for (const csr of pending) {
    const repeated = csr.assessment.kind === 'client' && csr.assessment.nodeName !== undefined && clientApproved.has(csr.assessment.nodeName);
    const why = !csr.assessment.passes ? 'fails a check' : repeated ? `a client CSR for node ${csr.assessment.nodeName} was approved in this pass` : options.accept?.(csr);
    if (why) {
      skipped.push({ name: csr.name, why });
      continue;
    }
    try {
      const result = await decideCsr(kc, { name: csr.name, decision: 'approve', decidedBy: options.decidedBy, hub: options.hub });
      if (csr.assessment.kind === 'client' && csr.assessment.nodeName !== undefined) clientApproved.add(csr.assessment.nodeName);
      results.push(result);
    } catch (error) {
      if (!(error instanceof ClusterError || error instanceof Refusal)) throw error;
      results.push({ name: csr.name, error: error.userMessage });
    }
  }
  return { results, skipped };
}

/**
 * The decision as an Event naming the user: on the host the CSR was matched to and on the node it
 * is for (namespace default), or on the CSR itself when it names neither.
 */
async function recordDecision(kc: KubeConfig, options: { csr: { name: string; uid?: string }; subject: CsrView['assessment']; type: 'Approved' | 'Denied'; user: string }): Promise<void> {
  const { host, nodeName } = options.subject;
  await recordConsoleEventOrLog(kc, {
    ...(host ? { host: { namespace: MACHINE_API_NAMESPACE, name: host } } : {}),
    ...(nodeName ? { node: { name: nodeName } } : {}),
    ...(host || nodeName ? {} : { csr: options.csr }),
    user: options.user,
    action: options.type === 'Approved' ? 'csr-approve' : 'csr-deny',
    outcome: 'ok',
    message: `CSR ${options.csr.name} ${options.type.toLowerCase()}${nodeName ? ` for node ${nodeName}` : ''}${host ? ` (host ${host})` : ''}.`,
  });
}

/** After approving a host's client CSR, record the node name on the host, sealed: the inventory links by it. */
async function recordJoin(kc: KubeConfig, view: CsrView, inventory: StreamSnapshot): Promise<string | undefined> {
  const { kind, host, nodeName } = view.assessment;
  if (kind !== 'client' || !host || !nodeName) return undefined;
  const hostView = inventory.hosts.find((h) => h.name === host && h.namespace === MACHINE_API_NAMESPACE);
  if (!hostView) return undefined;
  await recordNodeName(kc, { namespace: MACHINE_API_NAMESPACE, name: host, uid: hostView.uid }, nodeName);
  return host;
}
