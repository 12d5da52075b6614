'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, callApi, useSession } from '@/components/auth/session-context';
import { useLive, useLiveValue } from '@/components/live/use-live';
import { StatusBadge } from '@/components/ui/status-badge';
import { type BatchRun, batchCheckResponseSchema, batchRunSchema } from '@/lib/bulk/batch';
import { BULK_COLUMNS, type BulkCellId } from '@/lib/bulk/columns';
import { batchConflicts } from '@/lib/bulk/conflicts';
import type { BatchView } from '@/lib/bulk/follow';
import { type BulkCells, type BulkRow, type CellProblems, type RowVerdict as BrowserVerdict, checkRow, problemsAtCells, rowContentKey, rowEnrollmentInput } from '@/lib/bulk/rows';
import { type ServerVerdict, hasDryRun, mergeVerdicts, rowsToDryRun } from '@/lib/bulk/verdicts';
import { enrollmentYaml, ocCreateCommand } from '@/lib/enroll/manifests';
import type { HostEnrollment } from '@/lib/enroll/schema';
import type { Topic } from '@/lib/live/topics';
import { queryKeys } from '@/lib/query-keys';
import { newUuid } from '@/lib/uuid';
import { z } from '@/lib/zod';
import { BulkInput } from './bulk-input';
import { ReviewRow, columnHeaderId } from './review-row';

const BATCH_FILE = 'bmh-batch.yaml';
/** How long edits are gathered before the server checks the batch again. */
const CHECK_AFTER_MS = 500;

/** A row with the browser's verdict on its current content. */
type CheckedBulkRow = BulkRow & { verdict: BrowserVerdict };
const checked = (row: BulkRow): CheckedBulkRow => ({ ...row, verdict: checkRow(row) });

const rowsErrorSchema = z.object({ rows: z.array(z.object({ operationId: z.string(), fields: z.record(z.string(), z.string()) })) });

/** Opens the batch's live topic once a run has started (its progress lands in the query cache), and says when it is stale. */
function FollowBatch({ batchId }: { batchId: string }) {
  const live = useLive(useMemo<Topic[]>(() => [{ kind: 'batch', batchId }], [batchId]));
  return live === 'reconnecting' ? <p>Reconnecting: progress may be stale.</p> : null;
}

/**
 * Bulk enrollment: a CSV or YAML file becomes a review table, each cell checked as the wizard
 * checks its field (hostEnrollmentSchema in the browser, again on the server), rows checked
 * against each other and (on the server) against the cluster, each row dry-run by the apiserver;
 * then the rows are created as a batch, progress per row on the batch's live topic, a failed row
 * retried alone. Passwords stay in this page's memory and go only to the server's create and
 * check; nothing it answers holds them.
 */
export function BulkEnrollment({ createAccess }: { createAccess: { allowed: boolean; reason?: string } }) {
  const { username, csrfToken } = useSession();
  const [batchId] = useState(newUuid);
  const [rows, setRows] = useState<CheckedBulkRow[]>([]);
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [server, setServer] = useState<ReadonlyMap<string, ServerVerdict>>(new Map());
  const [checking, setChecking] = useState(false);
  // The latest check sent: only its answer is taken, so a slower answer about older content never replaces it.
  const latestCheck = useRef(0);
  const [checkError, setCheckError] = useState<string>();
  const [started, setStarted] = useState(false);
  // Each row's own verdict, computed when the row is read or edited.
  const browser = useMemo(() => new Map(rows.map((row) => [row.id, row.verdict])), [rows]);
  const included = useMemo(() => rows.filter((row) => !excluded.has(row.id)), [rows, excluded]);
  const across = useMemo(
    () =>
      batchConflicts(
        included.map((row) => {
          const input = rowEnrollmentInput(row) as Pick<HostEnrollment, 'name' | 'bootMACAddress' | 'bmc' | 'kind' | 'networkConfig'>;
          return { id: row.id, row: rows.indexOf(row) + 1, enrollment: input };
        }),
      ),
    [included, rows],
  );

  const view = useLiveValue<BatchView>(queryKeys.batch(batchId));
  const [startedRun, setStartedRun] = useState<BatchRun>();
  const run = view?.run ?? startedRun;
  const runRow = useMemo(() => new Map((run?.rows ?? []).map((r) => [r.operationId, r])), [run]);
  const created = (id: string) => runRow.get(id)?.state === 'created';
  const inFlight = (id: string) => ['waiting', 'creating'].includes(runRow.get(id)?.state ?? '');

  /** Every problem of a row, by cell: the browser's, across rows, then the server's for this content. */
  const problemsOf = (row: BulkRow): CellProblems => {
      const mine = { ...browser.get(row.id)?.problems };
      for (const [cell, message] of Object.entries(problemsAtCells(across.get(row.id) ?? {}, row.cells))) mine[cell as BulkCellId] ??= message;
      const verdict = server.get(row.id);
      if (verdict && verdict.key === rowContentKey(row)) {
        for (const [cell, message] of Object.entries(problemsAtCells(verdict.fields, row.cells))) mine[cell as BulkCellId] ??= message;
        for (const outcome of verdict.dryRun ?? []) {
          if (outcome.outcome !== 'refused') continue;
          const placed = problemsAtCells(outcome.fields ?? {}, row.cells);
          if (Object.keys(placed).length === 0) mine.row ??= `${outcome.object}: ${outcome.message ?? 'refused'}`;
          for (const [cell, message] of Object.entries(placed)) mine[cell as BulkCellId] ??= message;
        }
      }
      return mine;
  };

  const rowState = (row: BulkRow) => {
    const problems = problemsOf(row);
    if (Object.keys(problems).length > 0) return { ready: false, problems };
    if (!hasDryRun(server.get(row.id), rowContentKey(row))) return { ready: false, problems, waiting: true };
    return { ready: true, problems };
  };

  // The server checks the included rows again after each pause in editing; every row the browser passes that has no dry run of its current content is dry-run (rowsToDryRun).
  const toCreate = included.filter((row) => !created(row.id));
  const checkKey = JSON.stringify(toCreate.map((row) => [row.id, rowContentKey(row)]));
  useEffect(() => {
    if (toCreate.length === 0 || started && run?.status === 'running') return;
    const timer = setTimeout(async () => {
      const sent = toCreate.map((row) => ({ row, id: row.id, key: rowContentKey(row), passes: browser.get(row.id)?.ok === true }));
      const dryRun = rowsToDryRun(sent, server);
      const sequence = ++latestCheck.current;
      setChecking(true);
      try {
        const answer = batchCheckResponseSchema.parse(
          await callApi({ method: 'POST', path: '/api/batches/check', csrfToken, body: { batchId, dryRun, rows: sent.map(({ row }) => ({ operationId: row.id, row: rows.indexOf(row) + 1, enrollment: rowEnrollmentInput(row) })) } }),
        );
        if (sequence !== latestCheck.current) return;
        setServer((previous) => mergeVerdicts(previous, sent, answer.rows));
        setCheckError(undefined);
      } catch (error) {
        if (sequence === latestCheck.current) setCheckError(error instanceof Error ? error.message : 'The check failed.');
      } finally {
        if (sequence === latestCheck.current) setChecking(false);
      }
    }, CHECK_AFTER_MS);
    return () => clearTimeout(timer);
    // checkKey stands for the rows' content; the rest is read when the timer fires.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [checkKey, started, run?.status === 'running']);

  // Leaving with rows not yet created asks first: they, and their passwords, live only in this page.
  const unsaved = rows.some((row) => !excluded.has(row.id) && runRow.get(row.id)?.state !== 'created');
  useEffect(() => {
    if (!unsaved) return;
    const beforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', beforeUnload);
    return () => window.removeEventListener('beforeunload', beforeUnload);
  }, [unsaved]);

  const create = useMutation({
    mutationFn: async (sent: CheckedBulkRow[]) =>
      batchRunSchema.parse(await callApi({ method: 'POST', path: '/api/batches', csrfToken, body: { batchId, rows: sent.map((row) => ({ operationId: row.id, row: rows.indexOf(row) + 1, enrollment: rowEnrollmentInput(row) })) } })),
    onSuccess: (progress) => {
      setStarted(true);
      setStartedRun(progress);
    },
    onError: (error) => {
      // The server's own check refused rows: their problems go to their cells.
      const refused = error instanceof ApiError ? rowsErrorSchema.safeParse(error.body).data?.rows : undefined;
      if (refused) {
        setServer((previous) => {
          const next = new Map(previous);
          for (const verdict of refused) {
            const row = rows.find((r) => r.id === verdict.operationId);
            if (row) next.set(verdict.operationId, { ...verdict, key: rowContentKey(row) });
          }
          return next;
        });
      }
    },
  });

  const edit = useCallback((rowId: string, cell: BulkCellId, change: Partial<BulkCells>) => {
    setRows((list) =>
      list.map((row) => {
        if (row.id !== rowId) return row;
        const readProblems = { ...row.readProblems };
        delete readProblems[cell];
        return checked({ ...row, cells: { ...row.cells, ...change }, readProblems });
      }),
    );
  }, []);
  const include = useCallback((rowId: string, on: boolean) => {
    setExcluded((set) => {
      const next = new Set(set);
      if (on) next.delete(rowId);
      else next.add(rowId);
      return next;
    });
  }, []);

  const states = new Map(toCreate.map((row) => [row.id, rowState(row)]));
  const failing = toCreate.filter((row) => Object.keys(states.get(row.id)?.problems ?? {}).length > 0);
  const waiting = toCreate.filter((row) => states.get(row.id)?.waiting);
  const running = run?.status === 'running' || create.isPending;
  const readyRows = toCreate.filter((row) => states.get(row.id)?.ready && !inFlight(row.id));
  const disabledReason = !createAccess.allowed
    ? createAccess.reason
    : toCreate.length === 0
      ? included.length === 0
        ? 'Every row is left out.'
        : undefined
      : failing.length > 0
        ? `${failing.length === 1 ? 'One row has' : `${failing.length} rows have`} problems: fix ${failing.length === 1 ? 'it' : 'them'} or leave ${failing.length === 1 ? 'it' : 'them'} out.`
        : waiting.length > 0 || checking
          ? 'Waiting for the server to check every row and dry-run its objects.'
          : running
            ? 'Creating…'
            : undefined;

  const yamlText = included.map((row) => (row.verdict.ok ? enrollmentYaml(row.verdict.enrollment, { operationId: row.id, enrolledBy: username, batchId }) : '')).join('');

  if (rows.length === 0) return <BulkInput onRows={(read) => setRows(read.map(checked))} />;

  const createdCount = rows.filter((row) => created(row.id)).length;
  const failedRows = toCreate.filter((row) => runRow.get(row.id)?.state === 'failed' || runRow.get(row.id)?.state === 'cancelled');
  const statusOf = (row: CheckedBulkRow, number: number) => {
    const outcome = runRow.get(row.id);
    if (excluded.has(row.id)) return <StatusBadge tone="idle" label="Left out" />;
    if (outcome && outcome.state !== 'failed' && outcome.state !== 'cancelled') {
      const tone = outcome.state === 'created' ? 'ok' : 'progress';
      return <StatusBadge tone={tone} label={{ waiting: 'Waiting to be created', creating: 'Creating…', created: 'Created' }[outcome.state]} />;
    }
    const state = states.get(row.id);
    const general = state?.problems.row;
    return (
      <div className="space-y-1">
        {outcome ? (
          <>
            <StatusBadge tone="error" label={outcome.state === 'failed' ? 'Create failed' : 'Not started'} />
            <p>{outcome.message}</p>
            <button type="button" disabled={running || !state?.ready} onClick={() => create.mutate([row])} className="rounded border border-slate-500 px-2 py-0.5">
              Retry row {number}
            </button>
          </>
        ) : state?.ready ? (
          <StatusBadge tone="ok" label="Ready: dry run accepted" />
        ) : state?.waiting ? (
          <StatusBadge tone="progress" label="Checking with the cluster…" />
        ) : (
          <StatusBadge tone="error" label={`${Object.keys(state?.problems ?? {}).length} to fix`} />
        )}
        {general ? <p className="text-red-800">{general}</p> : null}
      </div>
    );
  };

  return (
    <div className="space-y-4">
      <section aria-labelledby="bulk-review-heading" className="space-y-2">
        <h2 id="bulk-review-heading" className="text-lg font-semibold">
          Review: {rows.length === 1 ? 'one host' : `${rows.length} hosts`}
        </h2>
        <p className="max-w-4xl text-sm text-slate-700">
          Every cell is checked as the enrollment wizard checks its field, rows against each other, and each row against the cluster and by the apiserver&apos;s dry run. Edit a cell to fix it, or leave the
          row out. Passwords stay masked and are never sent back.
        </p>
        <p id="bulk-table-label" className="text-sm text-slate-700">
          Hosts of the batch: each row&apos;s number and status stay in view; scroll the table sideways for the other columns.
        </p>
        {/* The table scrolls in its own region (focusable, so the keyboard scrolls it too): the page never scrolls sideways. */}
        <div role="region" aria-labelledby="bulk-table-label" tabIndex={0} className="max-h-[36rem] max-w-full overflow-auto rounded border border-slate-300">
          <table className="border-separate border-spacing-0 text-xs">
            <caption className="sr-only">Hosts of the batch</caption>
            <thead className="sticky top-0 z-20 bg-white">
              <tr>
                <th scope="col" id="bulk-col-include" className="p-1 text-left">
                  Include
                </th>
                <th scope="col" className="sticky left-0 z-20 bg-white p-1 text-left">
                  Row
                </th>
                {BULK_COLUMNS.map((column) => (
                  <th key={column.id} scope="col" id={columnHeaderId(column.id)} className="p-1 text-left whitespace-nowrap">
                    {column.label}
                  </th>
                ))}
                <th scope="col" className="sticky right-0 z-20 border-l border-slate-300 bg-white p-1 text-left">
                  Status
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <ReviewRow
                  key={row.id}
                  row={row}
                  number={index + 1}
                  problems={problemsOf(row)}
                  included={!excluded.has(row.id)}
                  editable={!created(row.id) && !inFlight(row.id)}
                  status={statusOf(row, index + 1)}
                  onEdit={edit}
                  onInclude={include}
                />
              ))}
            </tbody>
          </table>
        </div>
        {checkError ? (
          <p role="alert" className="text-red-800">
            The server could not check the batch: {checkError}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="bulk-yaml-heading" className="space-y-1">
        <h2 id="bulk-yaml-heading" className="text-lg font-semibold">
          The same with the CLI
        </h2>
        <p className="text-sm">
          <a href={`data:application/yaml;charset=utf-8,${encodeURIComponent(yamlText)}`} download={BATCH_FILE} className="text-blue-800 underline">
            Download {BATCH_FILE}
          </a>{' '}
          (the exact objects of the rows that pass, passwords masked), then after putting the passwords in: <code className="rounded bg-slate-100 px-1">{ocCreateCommand(BATCH_FILE)}</code>
        </p>
      </section>

      <div className="flex flex-wrap items-center gap-3">
        {run ? null : (
          <button type="button" onClick={() => setRows([])} className="rounded border border-slate-400 px-4 py-2">
            Start again with another file
          </button>
        )}
        <button
          type="button"
          onClick={() => create.mutate(readyRows.filter((row) => !runRow.has(row.id)))}
          disabled={Boolean(disabledReason) || readyRows.filter((row) => !runRow.has(row.id)).length === 0}
          aria-describedby={disabledReason ? 'bulk-create-reason' : undefined}
          className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-60"
        >
          {(() => {
            const count = readyRows.filter((row) => !runRow.has(row.id)).length;
            return count === 1 ? 'Create 1 host' : `Create ${count} hosts`;
          })()}
        </button>
        {failedRows.length > 1 ? (
          <button type="button" disabled={running || failedRows.some((row) => !states.get(row.id)?.ready)} onClick={() => create.mutate(failedRows)} className="rounded border border-slate-500 px-4 py-2">
            Retry the {failedRows.length} failed rows
          </button>
        ) : null}
        {disabledReason ? (
          <p id="bulk-create-reason" className="text-sm text-slate-700">
            {disabledReason}
          </p>
        ) : null}
      </div>
      {create.isError ? (
        <p role="alert" className="text-red-800">
          Nothing was created: {create.error.message}
        </p>
      ) : null}
      {run ? (
        <div role="status" className="space-y-1 rounded border border-slate-300 p-3">
          <p>
            {createdCount} of {included.length} hosts created{run.status === 'running' ? '…' : '.'} {run.error ? run.error : ''}
          </p>
          <FollowBatch batchId={batchId} />
          {createdCount > 0 ? (
            <Link href={`/batches/${batchId}`} className="text-blue-800 underline">
              Follow the batch to Ready
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
