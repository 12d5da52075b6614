'use client';

import { queryKeys } from '@/lib/query-keys';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { callApi } from '@/components/auth/session-context';
import { type DrainOptionsDraft, DrainOptionsFieldset, drainOptionsInput, emptyDrainOptions } from '@/components/removal/drain-options';
import { BudgetList, DrainPlanPods, podsBlockText } from '@/components/removal/removal-plan';
import { TextField } from '@/components/ui/field';
import { ocCommand } from '@/lib/day2/actions';
import { maintenanceRequestSchema, maintenanceTargetSchema } from '@/lib/day2/flows';
import { day2ApiPaths } from '@/lib/day2/paths';
import { predictBudgets } from '@/lib/drain/budgets';
import { planDrainOf } from '@/lib/drain/plan';
import { fieldErrors } from '@/lib/validation';
import { ActionDialog, DialogButtons, OcCommand } from './action-dialog';
import type { DialogProps } from './simple-dialogs';
import { fieldErrorsOf, useDay2Action } from './use-action';

/**
 * "Start maintenance": the reason (recorded), the drain's options as oc adm drain names them, and
 * the same plan the removal shows (every pod grouped by what the drain does to it, the budgets
 * that will hold evictions up, the control-plane quorum), checked again by the server.
 */
export function MaintenanceDialog({ host, open, onClose, onOutcome, blocked }: DialogProps) {
  const [reason, setReason] = useState('');
  const [draft, setDraft] = useState<DrainOptionsDraft>(emptyDrainOptions);
  const target = useQuery({
    queryKey: queryKeys.maintenanceTarget(host.namespace, host.name),
    queryFn: async () => maintenanceTargetSchema.parse(await callApi({ path: day2ApiPaths.maintenance(host) })),
    enabled: open,
    staleTime: 0,
    gcTime: 0,
  });
  const request = maintenanceRequestSchema.safeParse({ reason, ...drainOptionsInput(draft) });
  const action = useDay2Action<unknown>({ path: day2ApiPaths.maintenance(host), onDone: (outcome) => {
    onOutcome(outcome);
    if (outcome.result === 'ok' || outcome.result === 'noop') onClose();
  } });
  const errors = { ...(request.success ? {} : fieldErrors(request.error)), ...fieldErrorsOf(action.error) };
  const data = target.data;
  const plan = data?.drain ? planDrainOf(data.drain, draft.drain) : undefined;
  const budgets = plan && data?.drain ? predictBudgets(plan, data.drain.budgets) : [];
  const blockedReason =
    blocked ??
    (!data
      ? 'Reading the node and its pods…'
      : data.verdict.kind === 'refused'
        ? data.verdict.reason
        : data.verdict.kind === 'noop'
          ? data.verdict.message
          : plan && plan.refused.length > 0
            ? `${podsBlockText(plan.refused.length)}; see above.`
            : !reason.trim()
              ? 'Say why the host goes into maintenance.'
              : !request.success
                ? 'Fix the fields marked above.'
                : undefined);
  const node = data?.node;
  return (
    <ActionDialog title={`Start maintenance of host ${host.name}`} open={open} onClose={onClose}>
      <p>
        Cordons {node ? `node ${node}` : 'the node'} (no new pods are scheduled there) and drains it as <code>oc adm drain</code> does: pods are evicted through
        the Eviction API, so PodDisruptionBudgets hold them until their pods are healthy elsewhere. The host stays enrolled and powered on; nothing is removed.
        Ending maintenance uncordons the node. At most two nodes drain at once.
      </p>
      {target.isError ? (
        <p role="alert" className="text-red-800">
          The plan could not be read: {target.error.message}
        </p>
      ) : null}
      {data?.quorum ? (
        <p role={data.quorum.ok ? undefined : 'alert'} className={`rounded border p-2 ${data.quorum.ok ? 'border-slate-400' : 'border-red-700 bg-red-50 text-red-900'}`}>
          Host {host.name} is a control-plane host. {data.quorum.message}
        </p>
      ) : null}
      {data?.linkProblem ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          The host&apos;s node cannot be told for sure: {data.linkProblem}
        </p>
      ) : null}
      <TextField id="maintenance-reason" label="Reason (recorded on the host and in its Events)" value={reason} onChange={setReason} error={reason ? errors.reason : undefined} />
      <DrainOptionsFieldset idPrefix="maintenance" value={draft} onChange={setDraft} errors={errors} />
      {plan ? <DrainPlanPods node={node} plan={plan} /> : target.isPending ? <p role="status">Reading the node and its pods…</p> : null}
      <BudgetList budgets={budgets} unreadable={data?.drain?.budgetsUnreadable ?? []} />
      <OcCommand command={ocCommand('maintenance-start', { host, ...(node ? { node } : {}), drain: { ...draft.drain, ...(request.success ? { gracePeriodSeconds: request.data.gracePeriodSeconds, timeoutSeconds: request.data.timeoutSeconds } : {}) } })} />
      {action.isError ? (
        <p role="alert" className="text-red-800">
          The maintenance did not start: {action.error.message}
        </p>
      ) : null}
      <DialogButtons
        confirmLabel={node ? `Start maintenance of node ${node}` : 'Start maintenance'}
        pendingLabel="Starting…"
        pending={action.isPending}
        blockedReason={blockedReason}
        onConfirm={() => action.mutate(request.data)}
        onCancel={onClose}
      />
    </ActionDialog>
  );
}
