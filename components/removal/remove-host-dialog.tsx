'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, callApi, useSession } from '@/components/auth/session-context';
import { CheckboxField, TextField } from '@/components/ui/field';
import { predictBudgets } from '@/lib/drain/budgets';
import { planDrainOf } from '@/lib/drain/plan';
import { type DrainOptionsDraft, DrainOptionsFieldset, drainOptionsInput, emptyDrainOptions } from './drain-options';
import { RemovalPlan, podsBlockText } from './removal-plan';
import { fieldErrors } from '@/lib/validation';
import { removalApiPath, removalPath } from '@/lib/paths';
import { removalOptionsSchema, removalTargetSchema } from '@/lib/removal/progress';
import { queryKeys } from '@/lib/query-keys';

/**
 * "Remove host" (or `label`) as a button that opens the dialog; closing it puts focus back on the
 * button. `blocked` (why the viewer may not remove it) disables it, the reason shown beside it.
 */
export function RemoveHostButton({ host, label = 'Remove host', blocked }: { host: { namespace: string; name: string }; label?: string; blocked?: string | undefined }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const reasonId = useId();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <button
        ref={button}
        type="button"
        onClick={() => setOpen(true)}
        disabled={blocked !== undefined}
        aria-describedby={blocked ? reasonId : undefined}
        className="rounded border border-red-800 px-4 py-2 text-red-900 disabled:cursor-not-allowed disabled:border-slate-400 disabled:text-slate-500"
      >
        {label}
      </button>
      {blocked ? (
        <span id={reasonId} className="text-xs text-slate-700">
          {blocked}
        </span>
      ) : null}
      <RemoveHostDialog
        host={host}
        open={open}
        onClose={() => {
          setOpen(false);
          button.current?.focus();
        }}
      />
    </span>
  );
}

/**
 * "Remove host": a modal dialog with the plan (the node, its pods grouped by what the drain does
 * to each, what blocks it and which option would allow each), the `oc adm drain` options, and one
 * button that starts the whole removal. Open while `open`; `onClose` when the user closes it (its
 * button or Escape), so the opener can put focus back where it came from.
 */
export function RemoveHostDialog({ host, open, onClose }: { host: { namespace: string; name: string }; open: boolean; onClose: () => void }) {
  const { csrfToken } = useSession();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);
  const [drainDraft, setDrainDraft] = useState<DrainOptionsDraft>(emptyDrainOptions);
  const [deleteInventoryRecord, setDeleteInventoryRecord] = useState(false);
  const [confirmHostName, setConfirmHostName] = useState('');

  const target = useQuery({
    queryKey: queryKeys.removalTarget(host.namespace, host.name),
    queryFn: async () => removalTargetSchema.parse(await callApi({ path: removalApiPath(host) })),
    enabled: open,
  });
  const options = removalOptionsSchema.safeParse({ ...drainOptionsInput(drainDraft), deleteInventoryRecord, ...(confirmHostName ? { confirmHostName } : {}) });
  const optionErrors = options.success ? {} : fieldErrors(options.error);
  const start = useMutation({
    mutationFn: () => callApi({ method: 'POST', path: removalApiPath(host), body: options.data, csrfToken }),
    onSuccess: () => router.push(removalPath(host)),
  });

  const plan = target.data?.drain ? planDrainOf(target.data.drain, drainDraft.drain) : undefined;
  const budgets = plan && target.data?.drain ? predictBudgets(plan, target.data.drain.budgets) : [];
  const controlPlane = target.data?.controlPlane;
  const blockedReason = !target.data
    ? 'Reading the plan…'
    : target.data.linkProblem
      ? `The host's node cannot be told for sure: ${target.data.linkProblem}`
      : target.data.recorded.state === 'verified'
        ? 'A removal of this host is already recorded.'
        : controlPlane && !controlPlane.quorumOk
          ? 'Removing it would break the control plane’s quorum; see above.'
          : target.data.externallyProvisioned && !deleteInventoryRecord
            ? 'An externally provisioned host is only removed as "delete inventory record".'
            : plan && plan.refused.length > 0
              ? `${podsBlockText(plan.refused.length)}; see above.`
              : controlPlane && confirmHostName !== host.name
                ? `Type ${host.name} to confirm the removal of a control-plane host.`
                : !options.success
                  ? 'Fix the options.'
                  : undefined;

  const close = () => dialog.current?.close();

  return (
    <dialog ref={dialog} aria-labelledby="remove-title" onClose={onClose} className="m-auto max-h-[90vh] w-full max-w-3xl overflow-auto rounded p-6 backdrop:bg-black/40">
        {open ? (
          <div className="space-y-4">
            <h2 id="remove-title" className="text-xl font-semibold">
              Remove host {host.name}
            </h2>
            {target.isError ? (
              <p role="alert" className="text-red-800">
                The plan could not be read: {target.error.message}
              </p>
            ) : null}
            {target.data ? (
              <>
                <RemovalPlan host={host} target={target.data} plan={plan} budgets={budgets} />
                {target.data.externallyProvisioned ? (
                  <div className="rounded border border-amber-700 bg-amber-50 p-3">
                    <CheckboxField
                      id="remove-delete-record"
                      label="Delete inventory record"
                      checked={deleteInventoryRecord}
                      onChange={setDeleteInventoryRecord}
                      hint="Removing an externally provisioned host deletes its BareMetalHost, and BMO powers the machine off before it lets the host go. Its node is drained first and deleted after."
                    />
                  </div>
                ) : null}
                <DrainOptionsFieldset idPrefix="remove" value={drainDraft} onChange={setDrainDraft} errors={optionErrors} />
                {controlPlane?.quorumOk ? (
                  <TextField
                    id="remove-confirm-name"
                    label={`Type ${host.name} to remove this control-plane host`}
                    value={confirmHostName}
                    onChange={setConfirmHostName}
                    mono
                    error={start.error instanceof ApiError ? start.error.fields.confirmHostName : undefined}
                  />
                ) : null}
              </>
            ) : target.isPending ? (
              <p role="status">Reading the node and its pods…</p>
            ) : null}

            {start.isError ? (
              <p role="alert" className="text-red-800">
                The removal did not start: {start.error.message}
              </p>
            ) : null}
            <div className="flex flex-wrap items-center gap-3">
              <button
                type="button"
                onClick={() => start.mutate()}
                disabled={Boolean(blockedReason) || start.isPending}
                aria-describedby={blockedReason ? 'remove-blocked-reason' : undefined}
                className="rounded bg-red-800 px-4 py-2 text-white disabled:opacity-60"
              >
                {start.isPending ? 'Starting…' : `Remove host ${host.name}`}
              </button>
              <button type="button" onClick={close} className="rounded border border-slate-400 px-4 py-2">
                Keep the host
              </button>
              {blockedReason ? (
                <p id="remove-blocked-reason" className="text-sm text-slate-700">
                  {blockedReason}
                </p>
              ) : null}
            </div>
          </div>
        ) : null}
    </dialog>
  );
}
