'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo } from 'react';
import { useLive, useLiveValue, useTopicError } from '@/components/live/use-live';
import { RelativeTime } from '@/components/ui/relative-time';
import { callApi, useSession } from '@/components/auth/session-context';
import { SimpleTable } from '@/components/ui/simple-table';
import { StatusBadge } from '@/components/ui/status-badge';
import { hostPath, removalApiPath } from '@/lib/paths';
import { type FlowStep, FLOW_STATUS_TEXT, PROGRESS_ON_RUNNER_TEXT, runningElsewhereText } from '@/lib/flows/progress';
import type { Topic } from '@/lib/live/topics';
import { queryKeys } from '@/lib/query-keys';
import { type DrainPodProgress, type RecordedRemoval, type RemovalProgress, podStateText } from '@/lib/removal/progress';

const STEP_TONE = { pending: 'idle', running: 'progress', done: 'ok', skipped: 'idle', failed: 'error', cancelled: 'idle' } as const;
const STATUS_TEXT: Record<RemovalProgress['status'], string> = { ...FLOW_STATUS_TEXT, running: 'Removing', completed: 'Removed' };

/** When a step started (relative, exact on hover) and how long it took. */
function StepTime({ step }: { step: FlowStep }) {
  if (!step.startedAt) return null;
  const took = step.endedAt ? Math.max(0, Math.round((Date.parse(step.endedAt) - Date.parse(step.startedAt)) / 100) / 10) : undefined;
  return (
    <span className="text-sm text-slate-600">
      started <RelativeTime iso={step.startedAt} />
      {took !== undefined ? `, took ${took} s` : ''}
    </span>
  );
}

/** A blocked pod: since when, when it is asked again, and what releases it. */
function BlockedNote({ pod }: { pod: DrainPodProgress }) {
  if (pod.state !== 'blocked') return null;
  return (
    <p className="text-xs text-slate-700">
      Blocked {pod.blockedSince ? <>since <RelativeTime iso={pod.blockedSince} /></> : null}; the eviction is asked again the moment the budget allows a
      disruption. It goes through when{' '}
      {pod.pdb ?? 'the budget'} allows a disruption: more of its pods healthy elsewhere (scale the workload up, or make room on another node), or a lower
      minAvailable.
    </p>
  );
}

/** The steps of a flow (removal, maintenance, BMC change), each with its state, times and message. */
export function FlowStepList({ label, steps }: { label: string; steps: readonly FlowStep[] }) {
  return (
    <ol aria-label={label} className="space-y-2">
      {steps.map((step) => (
        <li key={step.id} aria-current={step.state === 'running' ? 'step' : undefined} className={`rounded border p-2 ${step.state === 'running' ? 'border-slate-900' : 'border-slate-200'}`}>
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge tone={STEP_TONE[step.state]} label={step.state} />
            <span className="font-medium">{step.label}</span>
            <StepTime step={step} />
          </div>
          {step.message ? <p className="text-sm">{step.message}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/** Each pod of a drain (removal or maintenance) with its state; blocked ones say since when and what releases them. */
export function DrainPodTable({ pods }: { pods: readonly DrainPodProgress[] }) {
  if (pods.length === 0) return null;
  return (
    <section aria-labelledby="drain-pods-heading" className="space-y-2">
      <h2 id="drain-pods-heading" className="text-lg font-semibold">
        Pods being drained
      </h2>
      <SimpleTable
        caption="Pods being drained"
        empty="No pods to drain."
        captionHidden
        columns={['Pod', 'State']}
        rows={pods.map((pod) => ({
          key: `${pod.namespace}/${pod.name}`,
          cells: [
            `${pod.namespace}/${pod.name}`,
            <div key="s" className="space-y-1">
              <StatusBadge tone={pod.state === 'gone' ? 'ok' : pod.state === 'failed' ? 'error' : pod.state === 'blocked' ? 'warning' : 'idle'} label={podStateText(pod)} />
              <BlockedNote pod={pod} />
            </div>,
          ],
        }))}
      />
    </section>
  );
}

/**
 * Live progress of a host removal, over Server-Sent Events. Viewing never acts: a removal recorded
 * on the cluster that no console runs is described, and resumed only when the user says so.
 */
export function RemovalProgressView({ host }: { host: { namespace: string; name: string } }) {
  const { csrfToken } = useSession();
  const topics = useMemo<Topic[]>(() => [{ kind: 'removal', ...host }], [host]);
  const connection = useLive(topics);
  const live = useLiveValue<{ progress?: RemovalProgress; recorded?: RecordedRemoval & { hostGone?: boolean } }>(queryKeys.removal(host.namespace, host.name));
  const unavailable = useTopicError(topics[0]!);
  const progress = live?.progress;
  const recorded = live?.recorded;

  // Each outcome arrives through the live stream (the flow's progress, or the record's new state).
  const cancel = useMutation({ mutationFn: () => callApi({ method: 'DELETE', path: removalApiPath(host), csrfToken }) });
  const uncordon = useMutation({ mutationFn: () => callApi({ method: 'POST', path: `${removalApiPath(host)}/uncordon`, csrfToken }) });
  const resume = useMutation({ mutationFn: () => callApi({ method: 'POST', path: `${removalApiPath(host)}/resume`, csrfToken }) });
  const actionError = cancel.error ?? uncordon.error ?? resume.error;
  const errorText = actionError ? <p role="alert" className="text-red-800">{actionError.message}</p> : null;

  if (unavailable && !progress) {
    return (
      <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
        {unavailable}
      </p>
    );
  }
  if (!progress && !recorded) return <p role="status">Connecting to the removal…</p>;
  if (!progress && recorded) {
    return (
      <div className="space-y-3">
        {recorded.state === 'none' ? (
          <p role="status">
            No removal of host {host.name} is recorded.{' '}
            {recorded.hostGone ? (
              <Link href="/" className="text-blue-800 underline">
                Back to the inventory
              </Link>
            ) : (
              <Link href={hostPath(host)} className="text-blue-800 underline">
                Back to the host
              </Link>
            )}
          </p>
        ) : recorded.state === 'verified' && recorded.elsewhere ? (
          <>
            <p role="status">
              A removal of host {host.name} started by {recorded.requestedBy} on <RelativeTime iso={recorded.requestedAt} /> is {runningElsewhereText(recorded.elsewhere)}.{' '}
              {PROGRESS_ON_RUNNER_TEXT}
            </p>
            <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending} className="rounded border border-slate-500 px-4 py-2 disabled:opacity-60">
              {cancel.isPending ? 'Cancelling…' : 'Cancel the removal'}
            </button>
          </>
        ) : recorded.state === 'verified' ? (
          <>
            <p role="status">
              A removal of host {host.name} started by {recorded.requestedBy} on <RelativeTime iso={recorded.requestedAt} /> is recorded on the cluster, but
              no console is running it (the console that ran it restarted, or its user signed out). Resuming it runs its remaining steps with your
              credentials.
            </p>
            <div className="flex flex-wrap gap-3">
              <button type="button" onClick={() => resume.mutate()} disabled={resume.isPending} className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-60">
                {resume.isPending ? 'Resuming…' : 'Resume the removal'}
              </button>
              <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending} className="rounded border border-slate-500 px-4 py-2">
                Cancel the removal
              </button>
            </div>
          </>
        ) : (
          <>
            <p role="status" className="rounded border border-amber-700 bg-amber-50 p-2">
              Host {host.name} carries a removal record the console cannot verify ({recorded.reason}). It is never acted on.
            </p>
            <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending} className="rounded border border-slate-500 px-4 py-2">
              Clear the record
            </button>
          </>
        )}
        {errorText}
      </div>
    );
  }
  if (!progress) return null;

  return (
    <div className="space-y-4">
      {connection === 'reconnecting' ? (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 p-2">
          Reconnecting — progress may be stale.
        </p>
      ) : null}
      <p role="status" className="text-lg">
        <StatusBadge tone={progress.status === 'completed' ? 'ok' : progress.status === 'failed' ? 'error' : progress.status === 'running' ? 'progress' : 'idle'} label={STATUS_TEXT[progress.status]} />{' '}
        {progress.status === 'completed' ? `Host ${host.name}${progress.intent.node ? ` and node ${progress.intent.node.name}` : ''} are gone.` : null}
      </p>
      <p className="text-sm text-slate-700">
        Started by {progress.intent.requestedBy} <RelativeTime iso={progress.intent.requestedAt} />
        {progress.intent.node ? `; node ${progress.intent.node.name}` : '; the host has no node'}. Options: force {progress.intent.options.force ? 'on' : 'off'}, delete emptyDir data{' '}
        {progress.intent.options.deleteEmptyDirData ? 'on' : 'off'}
        {progress.intent.options.gracePeriodSeconds !== undefined ? `, grace period ${progress.intent.options.gracePeriodSeconds} s` : ''}
        {progress.intent.options.timeoutSeconds !== undefined ? `, timeout ${progress.intent.options.timeoutSeconds} s` : ''}.
      </p>
      {progress.error ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          {progress.error}
        </p>
      ) : null}

      <FlowStepList label="Removal steps" steps={progress.steps} />
      <DrainPodTable pods={progress.pods} />

      {errorText}
      <div className="flex flex-wrap gap-3">
        {progress.status === 'running' ? (
          <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending} className="rounded border border-slate-500 px-4 py-2 disabled:opacity-60">
            {cancel.isPending ? 'Cancelling after the current step…' : 'Cancel the removal'}
          </button>
        ) : null}
        {progress.status !== 'running' && progress.status !== 'completed' && progress.cordoned && !uncordon.isSuccess ? (
          <button type="button" onClick={() => uncordon.mutate()} disabled={uncordon.isPending} className="rounded border border-slate-500 px-4 py-2">
            Uncordon node {progress.intent.node?.name}
          </button>
        ) : null}
        {uncordon.isSuccess ? <p role="status">Node {progress.intent.node?.name} is schedulable again.</p> : null}
        {progress.cordonUnknown && !uncordon.isSuccess ? <p role="status">{progress.cordonUnknown}</p> : null}
        {progress.status === 'failed' || progress.status === 'paused' ? (
          <button type="button" onClick={() => resume.mutate()} disabled={resume.isPending} className="rounded bg-slate-900 px-4 py-2 text-white">
            {progress.status === 'failed' ? 'Retry from where it stopped' : 'Resume the removal'}
          </button>
        ) : null}
        <Link href="/" className="rounded border border-slate-400 px-4 py-2">
          Back to the inventory
        </Link>
      </div>
    </div>
  );
}
