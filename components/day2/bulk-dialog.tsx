'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { callApi, useSession } from '@/components/auth/session-context';
import { type DrainOptionsDraft, DrainOptionsFieldset, drainOptionsInput, emptyDrainOptions } from '@/components/removal/drain-options';
import { CheckboxField, SelectField, TextField } from '@/components/ui/field';
import { StatusBadge } from '@/components/ui/status-badge';
import { ACTION_LABELS, type ActionOutcome, type BulkOutcome, type Day2Action, type Verdict, bulkOutcomeSchema, ocCommand } from '@/lib/day2/actions';
import { maintenanceRequestSchema } from '@/lib/day2/flows';
import { plural } from '@/lib/format/plural';
import { bulkApiPaths } from '@/lib/day2/paths';
import type { RebootMode } from '@/lib/metal3/annotations';
import { fieldErrors } from '@/lib/validation';
import { ActionDialog, DialogButtons, OcCommand } from './action-dialog';
import { RESULT_TONE, RESULT_WORD } from './outcome';
import { RESTART_MODES } from './simple-dialogs';

import type { BulkAction } from './bulk-actions';

const CONSEQUENCES: Record<BulkAction, string> = {
  'power-off':
    'Sets spec.online: false on each host: BMO powers each machine off through its BMC and keeps it off. Whatever runs on them stops at once; pods on a Ready node stop without a drain.',
  'power-on': 'Sets spec.online: true on each host: BMO powers each machine on; a provisioned host boots its installed system and its node comes back.',
  restart: 'Sets reboot.metal3.io on each host: BMO powers each machine off and on again. Their nodes go NotReady meanwhile; their pods stop without a drain.',
  'maintenance-start':
    'Cordons and drains the node of each host as oc adm drain does (PodDisruptionBudgets respected), with the reason recorded. At most two nodes drain at once; the others wait for a slot. Nothing is removed.',
  'maintenance-end': 'Ends the maintenance of each host: stops a drain still running and uncordons its node. Evicted pods do not move back by themselves.',
};

type Prediction = { tone: 'ok' | 'idle' | 'warning'; label: string; text?: string };

/** What the policies (then RBAC) predict for one host of the selection, in words; the server decides again. */
function predicted(verdict: Verdict | undefined, access: { allowed: boolean; reason?: string } | undefined): Prediction {
  if (!verdict) return { tone: 'warning', label: 'will be refused', text: 'The host is gone.' };
  if (verdict.kind === 'refused') return { tone: 'warning', label: 'will be refused', text: verdict.reason };
  if (verdict.kind === 'noop') return { tone: 'idle', label: 'nothing to do', text: verdict.message };
  if (access && !access.allowed) return { tone: 'warning', label: 'will be refused', text: access.reason ?? 'You may not do this.' };
  return { tone: 'ok', label: 'will be done', ...(verdict.note ? { text: verdict.note } : {}) };
}

type HostRef = { namespace: string; name: string };
export type BulkHost = { host: HostRef; node?: string; verdict: Verdict | undefined; access?: { allowed: boolean; reason?: string } };

/**
 * The confirmation of one action on a selection of hosts: each host by name with what the policies
 * predict for it (and what RBAC refuses), the consequences in words, the options the action takes,
 * the equivalent oc commands; then each host's outcome as the server answered it. The server checks
 * every host again, and across the batch the control-plane quorum: a selection that would leave
 * too few control-plane nodes Ready has its control-plane hosts refused, with the reason.
 */
export function BulkActionDialog({ action, hosts, onClose }: { action: BulkAction; hosts: readonly BulkHost[]; onClose: () => void }) {
  const { csrfToken } = useSession();
  const [mode, setMode] = useState<RebootMode>('soft-then-hard');
  const [confirmPods, setConfirmPods] = useState(false);
  const [reason, setReason] = useState('');
  const [draft, setDraft] = useState<DrainOptionsDraft>(emptyDrainOptions);
  const refs = hosts.map((h) => h.host);
  const maintenance = maintenanceRequestSchema.safeParse({ reason, ...drainOptionsInput(draft) });
  const mutation = useMutation<BulkOutcome, Error>({
    mutationFn: async () => {
      const call = (method: string, path: string, body: unknown) => callApi({ method, path, body, csrfToken });
      const answer =
        action === 'power-off' || action === 'power-on'
          ? await call('POST', bulkApiPaths.power, { hosts: refs, online: action === 'power-on', confirmRunningPods: confirmPods })
          : action === 'restart'
            ? await call('POST', bulkApiPaths.restart, { hosts: refs, mode, confirmRunningPods: confirmPods })
            : action === 'maintenance-start'
              ? await call('POST', bulkApiPaths.maintenance, { hosts: refs, ...maintenance.data })
              : await call('DELETE', bulkApiPaths.maintenance, { hosts: refs });
      return bulkOutcomeSchema.parse(answer);
    },
  });
  const label = ACTION_LABELS[action];
  const count = plural(hosts.length, 'host');
  const errors = maintenance.success ? {} : fieldErrors(maintenance.error);
  const blocked =
    action === 'maintenance-start' && !reason.trim() ? 'Say why the hosts go into maintenance.' : action === 'maintenance-start' && !maintenance.success ? 'Fix the fields marked above.' : undefined;
  const day2Action: Day2Action = action;
  const oc = refs.map((host, i) => ocCommand(day2Action, { host, ...(hosts[i]?.node ? { node: hosts[i].node } : {}), ...(action === 'restart' ? { mode } : {}) })).join('\n');

  return (
    <ActionDialog title={`${label} ${count}`} open onClose={onClose}>
      <p>{CONSEQUENCES[action]}</p>
      {mutation.data ? (
        <BulkResults results={mutation.data.results} />
      ) : (
        <>
          <ul aria-label="Hosts in this action" className="space-y-1 text-sm">
            {hosts.map(({ host, node, verdict, access }) => {
              const guess = predicted(verdict, access);
              return (
                <li key={`${host.namespace}/${host.name}`} className="flex flex-wrap items-baseline gap-2">
                  <span className="font-medium">{host.name}</span>
                  {node ? <span className="text-slate-700">(node {node})</span> : null}
                  <StatusBadge tone={guess.tone} label={guess.label} />
                  {guess.text ? <span className="text-slate-800">{guess.text}</span> : null}
                </li>
              );
            })}
          </ul>
          {action === 'restart' ? <SelectField id="bulk-restart-mode" label="How to power them off" value={mode} options={RESTART_MODES} onChange={setMode} /> : null}
          {action === 'power-off' || action === 'restart' ? (
            <CheckboxField
              id={`bulk-${action}-confirm-pods`}
              label={`${action === 'power-off' ? 'Power off' : 'Restart'} hosts whose Ready nodes still run pods: those pods stop without a drain`}
              checked={confirmPods}
              onChange={setConfirmPods}
              hint="Left unchecked, such hosts are refused and named below; start maintenance on them first."
            />
          ) : null}
          {action === 'maintenance-start' ? (
            <>
              <TextField id="bulk-maintenance-reason" label="Reason (recorded on each host and in its Events)" value={reason} onChange={setReason} error={reason ? errors.reason : undefined} />
              <DrainOptionsFieldset idPrefix="bulk-maintenance" value={draft} onChange={setDraft} errors={errors} />
            </>
          ) : null}
          <OcCommand command={oc} />
          {mutation.isError ? (
            <p role="alert" className="text-red-800">
              Nothing was done: {mutation.error.message}
            </p>
          ) : null}
        </>
      )}
      {mutation.data ? (
        <button type="button" onClick={onClose} className="rounded bg-slate-900 px-4 py-2 text-white">
          Close
        </button>
      ) : (
        <DialogButtons
          confirmLabel={`${label} ${count}`}
          pendingLabel="Asking the cluster…"
          pending={mutation.isPending}
          blockedReason={blocked}
          danger={action === 'power-off' || action === 'restart'}
          onConfirm={() => mutation.mutate()}
          onCancel={onClose}
        />
      )}
    </ActionDialog>
  );
}

/** Each host's outcome, as the server answered it: done, nothing to do, refused (with the reason) or failed. */
function BulkResults({ results }: { results: readonly ActionOutcome[] }) {
  const done = results.filter((r) => r.result === 'ok').length;
  return (
    <div className="space-y-2">
      <p role="status">
        {done} of {results.length} done.
      </p>
      <table className="w-full text-sm">
        <caption className="text-left font-medium">Outcome per host</caption>
        <thead>
          <tr>
            <th scope="col" className="text-left">
              Host
            </th>
            <th scope="col" className="text-left">
              Outcome
            </th>
            <th scope="col" className="text-left">
              What happened
            </th>
          </tr>
        </thead>
        <tbody>
          {results.map((result) => (
            <tr key={`${result.host.namespace}/${result.host.name}`} className="border-t border-slate-200 align-top">
              <th scope="row" className="pr-2 text-left font-medium">
                {result.host.name}
              </th>
              <td className="pr-2">
                <StatusBadge tone={RESULT_TONE[result.result]} label={RESULT_WORD[result.result]} />
              </td>
              <td>
                {result.message}
                {result.event.recorded ? '' : ` (${result.event.note ?? 'No Event was recorded.'})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
