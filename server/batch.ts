import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import type { BatchCheckRequest, BatchCreateRequest, BatchRowRequest, BatchRun, BatchRunRow, RowVerdict } from '@/lib/bulk/batch';
import { type BatchCandidate, batchConflicts } from '@/lib/bulk/conflicts';
import { type BatchHost, type BatchView, hostStep, stepCounts } from '@/lib/bulk/follow';
import type { CsrView } from '@/lib/csr/view';
import type { HostEnrollment } from '@/lib/enroll/schema';
import { hostEnrollmentSchema } from '@/lib/enroll/schema';
import { linkInventory } from '@/lib/inventory/links';
import type { StreamSnapshot } from '@/lib/inventory/stream';
import { fieldErrors } from '@/lib/validation';
import type { Session } from './auth/session';
import { type PassingResult, approvePassingCsrs, listCsrs } from './csr';
import { serverFieldProblems, createHost, dryRunEnrollment } from './enroll';
import { Refusal } from './errors';
import { Flow, flowRegistry } from './flows/engine';
import type { InventoryHub } from './watch/inventory-hub';

/**
 * Bulk enrollment on the server (issue 13): every row checked again as the wizard's submission is
 * (hostEnrollmentSchema, then the cluster's conflicts from the identity's watch cache) plus the
 * conflicts across rows; each host created by the wizard's own createHost (all or nothing, a retry
 * recognised by the row's operation id), a few at a time, as a flow whose progress streams live;
 * and the batch followed to Ready from the watch caches.
 */

/** How many hosts are created at once: each is three or four requests in order, and BMO's webhook sees every host (bench:bulk: 8 keeps a busy 2-core test bed well under kubectl's time). */
export const CREATE_PARALLELISM = 8;
/** A batch request's size limit: MAX_BATCH_ROWS rows with room for an NMState document each. */
export const MAX_BATCH_BODY_BYTES = 8 * 1024 * 1024;
/** How many rows are dry-run at once (each row's objects go together). */
const DRY_RUN_PARALLELISM = 8;

/** Runs `work` over `items`, at most `limit` at a time, in order of the items; stops taking new ones once `signal` aborts. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** What the checks across rows read of a row, as loosely as it comes: a row the schema refuses still takes part. */
const candidateInput = z.looseObject({
  name: z.string().catch(''),
  kind: z.string().catch(''),
  bootMACAddress: z.string().optional().catch(undefined),
  bmc: z.looseObject({ address: z.string().catch('') }).catch({ address: '' }),
  networkConfig: z.string().optional().catch(undefined),
});

const merge = (into: Record<string, string>, more: Record<string, string> | undefined) => {
  for (const [field, message] of Object.entries(more ?? {})) into[field] ??= message;
};

export interface CheckedRow {
  operationId: string;
  row: number;
  /** Problems by enrollment schema field; empty when the row passes. */
  fields: Record<string, string>;
  /** Present when the row passes. */
  enrollment?: HostEnrollment;
}

/**
 * Checks every row as the server checks one enrollment, plus the batch's conflicts across rows
 * (lib/bulk/conflicts.ts). One inventory snapshot for the whole batch. Never trusts the browser:
 * the create route runs this again on what it is sent.
 */
export async function checkBatchRows(kc: KubeConfig, options: { hub: InventoryHub; rows: readonly BatchRowRequest[] }): Promise<CheckedRow[]> {
  const inventory: StreamSnapshot = await options.hub.snapshot();
  const parsed = options.rows.map((row) => ({ row, result: hostEnrollmentSchema.safeParse(row.enrollment) }));
  const candidates: BatchCandidate[] = options.rows.map((row) => {
    const input = candidateInput.parse(typeof row.enrollment === 'object' && row.enrollment !== null ? row.enrollment : {});
    return { id: row.operationId, row: row.row, enrollment: { ...input, kind: input.kind as HostEnrollment['kind'], bmc: { ...input.bmc, username: '', password: '', disableCertificateVerification: false } } };
  });
  const across = batchConflicts(candidates);
  return Promise.all(
    parsed.map(async ({ row, result }): Promise<CheckedRow> => {
      const fields: Record<string, string> = result.success ? {} : fieldErrors(result.error);
      merge(fields, across.get(row.operationId));
      if (result.success) merge(fields, await serverFieldProblems({ operationId: row.operationId, enrollment: result.data }, { kc, inventory }));
      return { operationId: row.operationId, row: row.row, fields, ...(result.success && Object.keys(fields).length === 0 ? { enrollment: result.data } : {}) };
    }),
  );
}

/**
 * The server's verdict on every row, and the apiserver's dry run (`dryRun=All`, through BMO's
 * webhook) of every object of the rows named in `dryRun` that pass the checks. Nothing is stored.
 */
export async function checkBatch(kc: KubeConfig, options: { hub: InventoryHub; request: BatchCheckRequest; enrolledBy: string }): Promise<RowVerdict[]> {
  const checked = await checkBatchRows(kc, { hub: options.hub, rows: options.request.rows });
  const wanted = new Set(options.request.dryRun);
  const verdicts: RowVerdict[] = checked.map((row) => ({ operationId: row.operationId, fields: row.fields }));
  const toRun = checked.flatMap((row, index) => (row.enrollment && wanted.has(row.operationId) ? [{ index, row, enrollment: row.enrollment }] : []));
  await eachLimited(toRun, DRY_RUN_PARALLELISM, async ({ index, row, enrollment }) => {
    verdicts[index] = { ...verdicts[index]!, dryRun: await dryRunEnrollment(kc, { enrollment, operationId: row.operationId, enrolledBy: options.enrolledBy, batchId: options.request.batchId }) };
  });
  return verdicts;
}

export const batchRuns = flowRegistry<BatchRun>('batch-create');

/**
 * Starts creating the rows of a batch (all of them, or the failed ones again) as a flow run by
 * `session` with its credentials: every row checked again first (422 with the problems by row
 * when any fails, nothing created), then each host created by createHost, CREATE_PARALLELISM at
 * a time. A row that fails is undone by createHost and reported; the others go on. A retried row
 * keeps its operation id, so what its first attempt made is recognised and never made twice.
 * The rows of an earlier run of this batch that are not sent again keep their outcomes.
 *
 * Not recorded on the cluster: the BMC passwords exist only in this request, and the console
 * stores them nowhere but in the BMC Secrets. A restart stops the run between hosts (each host
 * is all or nothing); what was created carries the batch label, and the rest is sent again from
 * the page, which still holds it. Throws Refusal 409 while a run of this batch is going on.
 */
export async function startBatchCreate(kc: KubeConfig, options: { hub: InventoryHub; session: Session; request: BatchCreateRequest }): Promise<Flow<BatchRun>> {
  const { batchId } = options.request;
  const previous = batchRuns.known(batchId);
  if (previous?.active) throw new Refusal(409, 'This batch is still being created; retry its failed rows once every row has an outcome.');
  const checked = await checkBatchRows(kc, { hub: options.hub, rows: options.request.rows });
  const refused = checked.filter((row) => !row.enrollment);
  if (refused.length > 0) {
    throw new Refusal(422, `${refused.length === 1 ? 'One row needs' : `${refused.length} rows need`} fixing before anything is created.`, {
      extra: { rows: refused.map((row) => ({ operationId: row.operationId, fields: row.fields })) },
    });
  }
  const sent = new Set(checked.map((row) => row.operationId));
  const kept = previous && previous.progress.startedBy === options.session.username ? previous.progress.rows.filter((row) => !sent.has(row.operationId)) : [];
  const rows: BatchRunRow[] = [...kept, ...checked.map((row): BatchRunRow => ({ operationId: row.operationId, row: row.row, name: row.enrollment!.name, state: 'waiting' }))].sort((a, b) => a.row - b.row);
  const work = checked.map((row) => ({ operationId: row.operationId, enrollment: row.enrollment! }));
  const setRow = (operationId: string, change: Partial<BatchRunRow>) =>
    flow.update((progress) => {
      progress.rows = progress.rows.map((row) => (row.operationId === operationId ? { ...row, ...change } : row));
    });
  const flow: Flow<BatchRun> = new Flow<BatchRun>(batchId, {
    owner: options.session,
    progress: { batchId, startedBy: options.session.username, rows },
    steps: [
      {
        id: 'create',
        label: `Create ${work.length === 1 ? 'the host' : `${work.length} hosts, ${CREATE_PARALLELISM} at a time`}, each all or nothing`,
        run: async (signal) => {
          await eachLimited(
            work,
            CREATE_PARALLELISM,
            async ({ operationId, enrollment }) => {
              setRow(operationId, { state: 'creating' });
              const outcome = await createHost(kc, { enrollment, operationId, enrolledBy: options.session.username, batchId });
              if (outcome.ok) setRow(operationId, { state: 'created', steps: outcome.steps, ...(outcome.proofMissing ? { message: outcome.proofMissing } : {}) });
              else setRow(operationId, { state: 'failed', message: outcome.error, steps: outcome.steps });
            },
            signal,
          );
          flow.update((progress) => {
            progress.rows = progress.rows.map((row) => (row.state === 'waiting' && sent.has(row.operationId) ? { ...row, state: 'cancelled', message: 'Not started: the run was stopped.' } : row));
          });
          if (signal.aborted) throw signal.reason;
          const failed = flow.progress.rows.filter((row) => sent.has(row.operationId) && row.state === 'failed').length;
          if (failed > 0) throw new Refusal(409, `${failed} of ${work.length} ${work.length === 1 ? 'host' : 'hosts'} could not be created; nothing of ${failed === 1 ? 'it' : 'them'} was left behind.`);
          return { state: 'done', message: `${work.length} ${work.length === 1 ? 'host' : 'hosts'} created.` };
        },
      },
    ],
  });
  return batchRuns.run(flow);
}

/** The hosts of a batch (label LABELS.batch) with the step each is at, from one snapshot and the CSRs. */
export function assembleBatchView(options: { batchId: string; inventory: StreamSnapshot; csrs: readonly CsrView[]; run: BatchRun | null }): BatchView {
  const rows = linkInventory(options.inventory.hosts, options.inventory.nodes).filter((row) => row.host?.batch === options.batchId);
  const hosts: BatchHost[] = rows
    .map((row) => {
      const host = row.host!;
      const nodeName = row.node?.name ?? host.recordedNodeName ?? host.expectedNodeName ?? host.name;
      return { name: host.name, namespace: host.namespace, nodeName, ...hostStep(host, { node: row.node, nodeName, csrs: options.csrs }) };
    })
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  return { batchId: options.batchId, hosts, counts: stepCounts(hosts), run: options.run };
}

/** The create run a viewer may see: only its own (another user's run names rows of requests they did not send). */
export function visibleRun(batchId: string, username: string): BatchRun | null {
  const flow = batchRuns.known(batchId);
  return flow && flow.owner === username ? flow.progress : null;
}

/** The batch as the caller's identity sees it now (the first render; the live topic keeps it current). */
export async function readBatchView(options: { hub: InventoryHub; batchId: string; username: string }): Promise<BatchView> {
  const [inventory, csrs] = await Promise.all([options.hub.snapshot(), listCsrs(options.hub)]);
  return assembleBatchView({ batchId: options.batchId, inventory, csrs, run: visibleRun(options.batchId, options.username) });
}

/** Every batch the identity can see hosts of, newest first: id, hosts, who enrolled them and when the first was created. */
export async function listBatches(hub: InventoryHub): Promise<{ batchId: string; hosts: number; enrolledBy?: string; createdAt?: string }[]> {
  const { hosts } = await hub.snapshot();
  const batches = new Map<string, { batchId: string; hosts: number; enrolledBy?: string; createdAt?: string }>();
  for (const host of hosts) {
    if (!host.batch) continue;
    const entry = batches.get(host.batch) ?? { batchId: host.batch, hosts: 0 };
    entry.hosts += 1;
    entry.enrolledBy ??= host.enrolledBy;
    if (host.createdAt && (!entry.createdAt || host.createdAt < entry.createdAt)) entry.createdAt = host.createdAt;
    batches.set(host.batch, entry);
  }
  return [...batches.values()].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
}

/**
 * "Approve every CSR of this batch that passes its checks": approvePassingCsrs (SPEC §6, checks
 * run again on each fresh object) narrowed to CSRs whose checks matched them to a host of the
 * batch; no other CSR is decided or even reported.
 */
export async function approveBatchCsrs(kc: KubeConfig, options: { hub: InventoryHub; batchId: string; decidedBy: string }): Promise<{ results: PassingResult[]; skipped: { name: string; why: string }[] }> {
  const { hosts } = await options.hub.snapshot();
  const names = new Set(hosts.filter((h) => h.batch === options.batchId).map((h) => h.name));
  return approvePassingCsrs(kc, { hub: options.hub, decidedBy: options.decidedBy, only: (csr: CsrView) => csr.assessment.host !== undefined && names.has(csr.assessment.host) });
}
