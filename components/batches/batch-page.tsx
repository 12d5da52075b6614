'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo } from 'react';
import { callApi, useSession } from '@/components/auth/session-context';
import { useLive, useLiveValue, useTopicError } from '@/components/live/use-live';
import { SimpleTable } from '@/components/ui/simple-table';
import { StatusBadge } from '@/components/ui/status-badge';
import { type BatchView, HOST_STEPS } from '@/lib/bulk/follow';
import type { Topic } from '@/lib/live/topics';
import { hostPath } from '@/lib/paths';
import { queryKeys } from '@/lib/query-keys';
import { z } from '@/lib/zod';

const approvalSchema = z.object({
  results: z.array(z.union([z.object({ name: z.string(), outcome: z.string() }), z.object({ name: z.string(), error: z.string() })])),
  skipped: z.array(z.object({ name: z.string(), why: z.string() })),
});

const toneOf = (step: string) => HOST_STEPS.find((s) => s.id === step)?.tone ?? 'idle';
const labelOf = (step: string) => HOST_STEPS.find((s) => s.id === step)?.label ?? step;

/**
 * A batch followed to Ready, live: how many hosts are at each step, each host's step, and one
 * button that approves every pending CSR of this batch's hosts that passes its checks.
 */
export function BatchPage({ batchId, initial }: { batchId: string; initial?: BatchView }) {
  const { csrfToken } = useSession();
  const topics = useMemo<Topic[]>(() => [{ kind: 'batch', batchId }], [batchId]);
  const connection = useLive(topics);
  const topicError = useTopicError(topics[0]!);
  const view = useLiveValue<BatchView>(queryKeys.batch(batchId), initial);
  const approve = useMutation({
    mutationFn: async () => approvalSchema.parse(await callApi({ method: 'POST', path: `/api/batches/${batchId}/approve-csrs`, csrfToken })),
  });
  const pending = view?.hosts.reduce((n, host) => n + host.pendingCsrs.length, 0) ?? 0;
  const approved = approve.data?.results.filter((r) => 'outcome' in r) ?? [];
  const failed = approve.data?.results.filter((r) => 'error' in r) ?? [];

  return (
    <div className="space-y-4">
      <Link href={`/?batch=${batchId}`} className="text-blue-800 underline">
        Show this batch in the inventory
      </Link>
      {connection === 'reconnecting' ? <p role="status">Reconnecting: the batch may be stale.</p> : null}
      {topicError ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          {topicError}
        </p>
      ) : null}
      {!view ? (
        <p role="status">Reading the batch…</p>
      ) : view.hosts.length === 0 ? (
        <p>No host of this batch exists (or you may not see it).</p>
      ) : (
        <>
          <section aria-labelledby="batch-counts-heading" className="space-y-2">
            <h2 id="batch-counts-heading" className="text-lg font-semibold">
              {view.hosts.length} hosts, by step
            </h2>
            <SimpleTable
              caption="Hosts at each step"
              captionHidden
              empty="No hosts in this batch."
              columns={['Step', 'Hosts']}
              rows={view.counts.filter((c) => c.count > 0).map((c) => ({ key: c.step, cells: [<StatusBadge key="s" tone={toneOf(c.step)} label={c.label} />, c.count] }))}
            />
          </section>
          <section aria-labelledby="batch-approve-heading" className="space-y-2">
            <h2 id="batch-approve-heading" className="text-lg font-semibold">
              CSRs
            </h2>
            <p className="text-sm">
              {pending === 0 ? 'No CSR of this batch is waiting.' : `${pending} CSR${pending === 1 ? ' is' : 's are'} waiting.`} Each is checked as on the{' '}
              <Link href="/csrs" className="underline">
                CSR page
              </Link>{' '}
              (SPEC §6) when it is approved; a CSR that fails a check is left for you to look at there. No CSR of another host is touched.
            </p>
            <button type="button" onClick={() => approve.mutate()} disabled={approve.isPending || pending === 0} className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-60">
              Approve every CSR of this batch that passes its checks
            </button>
            {approve.isError ? (
              <p role="alert" className="text-red-800">
                {approve.error.message}
              </p>
            ) : null}
            {approve.data ? (
              <div role="status" className="text-sm">
                <p>
                  Approved {approved.length}; {approve.data.skipped.length} left (failing a check){failed.length ? `; ${failed.length} could not be approved` : ''}.
                </p>
                {[...approve.data.skipped.map((s) => `${s.name}: ${s.why}`), ...failed.map((f) => `${f.name}: ${'error' in f ? f.error : ''}`)].length > 0 ? (
                  <ul className="list-disc pl-6">
                    {approve.data.skipped.map((s) => (
                      <li key={s.name}>
                        {s.name}: {s.why}
                      </li>
                    ))}
                    {failed.map((f) => (
                      <li key={f.name}>
                        {f.name}: {'error' in f ? f.error : ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
          </section>
          <section aria-labelledby="batch-hosts-heading" className="space-y-2">
            <h2 id="batch-hosts-heading" className="text-lg font-semibold">
              Hosts
            </h2>
            <SimpleTable
              caption="Hosts of the batch"
              captionHidden
              empty="No hosts carry this batch's label (deleted, or never created)."
              columns={['Host', 'Step', 'Where it is', 'Node']}
              rows={view.hosts.map((host) => ({
                key: host.name,
                cells: [
                  <Link key="h" href={hostPath(host)} className="underline">
                    {host.name}
                  </Link>,
                  <StatusBadge key="s" tone={toneOf(host.step)} label={labelOf(host.step)} />,
                  host.detail,
                  host.nodeName,
                ],
              }))}
            />
          </section>
        </>
      )}
    </div>
  );
}
