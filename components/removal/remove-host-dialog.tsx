'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { callApi, useSession } from '@/components/auth/session-context';
import { CheckboxField, TextField } from '@/components/ui/field';
import { type DrainOptions, OPTION_NAMES, type PlannedPod, planDrainOf } from '@/lib/drain/plan';
import { fieldErrors } from '@/lib/validation';
import { removalApiPath, removalPath } from '@/lib/paths';
import { removalOptionsSchema, removalTargetSchema } from '@/lib/removal/progress';
import { queryKeys } from '@/lib/query-keys';

const GROUPS: { kind: PlannedPod['action']['kind']; title: string }[] = [
  { kind: 'refuse', title: 'Block the drain' },
  { kind: 'evict', title: 'Evicted (PodDisruptionBudgets apply)' },
  { kind: 'wait', title: 'Already terminating: waited for' },
  { kind: 'ignore', title: 'Ignored: DaemonSet-managed' },
  { kind: 'skip', title: 'Skipped: mirror pods' },
];

const allowedByText = (allowedBy: string) =>
  allowedBy
    .split(' and ')
    .map((key) => OPTION_NAMES[key as keyof typeof OPTION_NAMES])
    .join(' and ');

const seconds = (text: string) => (text.trim() ? (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text) : undefined);

/**
 * "Remove host": a dialog with the plan (the node, its pods grouped by what the drain does to
 * each, what blocks it and which option would allow each), the `oc adm drain` options, and one
 * button that starts the whole removal.
 */
export function RemoveHostDialog({ host, compact = false }: { host: { namespace: string; name: string }; compact?: boolean }) {
  const { csrfToken } = useSession();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [drain, setDrain] = useState<DrainOptions>({ force: false, deleteEmptyDirData: false });
  const [grace, setGrace] = useState('');
  const [timeout, setTimeoutText] = useState('');
  const [deleteInventoryRecord, setDeleteInventoryRecord] = useState(false);

  const target = useQuery({
    queryKey: queryKeys.removalTarget(host.namespace, host.name),
    queryFn: async () => removalTargetSchema.parse(await callApi({ path: removalApiPath(host) })),
    enabled: open,
  });
  const options = removalOptionsSchema.safeParse({ ...drain, gracePeriodSeconds: seconds(grace), timeoutSeconds: seconds(timeout), deleteInventoryRecord });
  const optionErrors = options.success ? {} : fieldErrors(options.error);
  const start = useMutation({
    mutationFn: () => callApi({ method: 'POST', path: removalApiPath(host), body: options.data, csrfToken }),
    onSuccess: () => router.push(removalPath(host)),
  });

  const plan = target.data?.drain ? planDrainOf(target.data.drain, drain) : undefined;
  const needsRecordChoice = target.data?.externallyProvisioned && !deleteInventoryRecord;
  const blockedReason = !target.data
    ? 'Reading the plan…'
    : target.data.linkProblem
      ? `The host's node cannot be told for sure: ${target.data.linkProblem}`
      : target.data.recorded.state === 'verified'
        ? 'A removal of this host is already recorded.'
        : needsRecordChoice
        ? 'An externally provisioned host is only removed as "delete inventory record".'
        : plan && plan.refused.length > 0
          ? `${plan.refused.length} pod${plan.refused.length === 1 ? '' : 's'} block the drain; see above.`
          : !options.success
            ? 'Fix the options.'
            : undefined;

  const close = () => {
    dialog.current?.close();
    setOpen(false);
  };

  return (
    <>
      <button
        type="button"
        onClick={() => {
          dialog.current?.showModal();
          setOpen(true);
        }}
        aria-label={compact ? `Remove host ${host.name}` : undefined}
        className={compact ? 'text-red-900 underline' : 'rounded border border-red-800 px-4 py-2 text-red-900'}
      >
        {compact ? 'Remove' : 'Remove host'}
      </button>
      <dialog ref={dialog} aria-labelledby="remove-title" onClose={() => setOpen(false)} className="m-auto max-h-[90vh] w-full max-w-3xl overflow-auto rounded p-6 backdrop:bg-black/40">
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
                {target.data.recorded.state === 'verified' ? (
                  <p role="status">
                    A removal was started by {target.data.recorded.requestedBy}.{' '}
                    <Link href={removalPath(host)} className="text-blue-800 underline">
                      Follow the removal
                    </Link>
                  </p>
                ) : target.data.recorded.state === 'unverified' ? (
                  <p role="status" className="rounded border border-amber-700 bg-amber-50 p-2">
                    This host carries a removal record the console cannot verify ({target.data.recorded.reason}); it will never be acted on. Starting a
                    removal replaces it.
                  </p>
                ) : null}
                {target.data.linkProblem ? (
                  <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
                    The host&apos;s node cannot be told for sure, so the drain cannot be planned: {target.data.linkProblem}
                  </p>
                ) : null}
                <ol className="list-decimal space-y-1 pl-6 text-sm">
                  {target.data.node ? (
                    <li>
                      Cordon and drain node <strong>{target.data.node}</strong>.
                    </li>
                  ) : (
                    <li>The host has no node: the node steps are skipped.</li>
                  )}
                  {target.data.externallyProvisioned ? (
                    <li>Externally provisioned: BMO did not install it and will not deprovision it.</li>
                  ) : (
                    <li>Remove spec.customDeploy and wait for BMO to deprovision the host (state {target.data.state || 'unknown'} → deprovisioning → available).</li>
                  )}
                  <li>Delete the BareMetalHost and wait until BMO lets it go; BMO powers the machine off.</li>
                  {target.data.secrets.length === 0 ? <li>The host names no Secrets that still exist.</li> : null}
                  {target.data.secrets.map((secret) => (
                    <li key={secret.name}>
                      {secret.fate === 'delete' ? 'Delete' : 'Keep'} the {secret.role === 'bmc' ? 'BMC' : 'network'} Secret {secret.name}: {secret.reason}.
                    </li>
                  ))}
                  {target.data.node ? <li>Delete node {target.data.node} and verify it is absent.</li> : null}
                </ol>

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

                {plan ? (
                  <section aria-labelledby="pods-heading" className="space-y-2">
                    <h3 id="pods-heading" className="font-semibold">
                      Pods on {target.data.node}
                    </h3>
                    {GROUPS.map(({ kind, title }) => {
                      const pods = plan.pods.filter((p) => p.action.kind === kind);
                      if (pods.length === 0) return null;
                      return (
                        <div key={kind}>
                          <h4 className="text-sm font-medium">
                            {title} ({pods.length})
                          </h4>
                          <ul aria-label={title} className="list-disc pl-6 text-sm">
                            {pods.map(({ pod, action }) => (
                              <li key={`${pod.namespace}/${pod.name}`}>
                                {pod.namespace}/{pod.name}
                                {action.kind === 'refuse' ? ` — ${action.reason}; allowed by ${allowedByText(action.allowedBy)}` : 'warning' in action && action.warning ? ` — ${action.warning}` : ''}
                              </li>
                            ))}
                          </ul>
                        </div>
                      );
                    })}
                  </section>
                ) : null}

                <fieldset className="grid grid-cols-2 gap-3">
                  <legend className="font-semibold">Drain options (as oc adm drain)</legend>
                  <CheckboxField id="remove-force" label={OPTION_NAMES.force} checked={drain.force} onChange={(force) => setDrain((d) => ({ ...d, force }))} hint="Also remove pods no controller will bring back." />
                  <CheckboxField
                    id="remove-emptydir"
                    label={OPTION_NAMES.deleteEmptyDirData}
                    checked={drain.deleteEmptyDirData}
                    onChange={(deleteEmptyDirData) => setDrain((d) => ({ ...d, deleteEmptyDirData }))}
                    hint="Also remove pods with emptyDir volumes; their data is lost."
                  />
                  <TextField id="remove-grace" label="Grace period (seconds, optional)" value={grace} onChange={setGrace} error={optionErrors.gracePeriodSeconds} hint="Each pod's own when empty." />
                  <TextField id="remove-timeout" label="Drain timeout (seconds, optional)" value={timeout} onChange={setTimeoutText} error={optionErrors.timeoutSeconds} hint="No limit when empty." />
                  <p className="col-span-2 text-xs text-slate-600">DaemonSet-managed pods are always ignored (--ignore-daemonsets).</p>
                </fieldset>
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
    </>
  );
}
