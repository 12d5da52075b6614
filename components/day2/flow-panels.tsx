'use client';

import { useMutation } from '@tanstack/react-query';
import { callApi, useSession } from '@/components/auth/session-context';
import { DrainPodTable, FlowStepList } from '@/components/removal/removal-progress';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import type { BmcChangeView, MaintenanceView } from '@/lib/day2/flows';
import { day2ApiPaths } from '@/lib/day2/paths';
import { FLOW_STATUS_TEXT, type FlowStatus, PROGRESS_ON_RUNNER_TEXT, runningElsewhereText } from '@/lib/flows/progress';

/**
 * The host's maintenance and BMC change as they go, fed by the host topic of the live stream (the
 * flow's progress while it runs here; what is recorded when it does not). Looking never acts: a
 * flow recorded on the cluster that no console runs is resumed only when the user says so.
 */

type HostRef = { namespace: string; name: string };
const TONE: Record<FlowStatus['status'], 'ok' | 'progress' | 'error' | 'idle'> = { running: 'progress', completed: 'ok', failed: 'error', cancelled: 'idle', paused: 'idle' };

function useResume(path: string) {
  const { csrfToken } = useSession();
  return useMutation({ mutationFn: () => callApi({ method: 'POST', path, csrfToken }) });
}

export function MaintenancePanel({ host, view, onEnd, canEnd }: { host: HostRef; view: MaintenanceView; onEnd: () => void; canEnd: boolean }) {
  const resume = useResume(day2ApiPaths.maintenanceResume(host));
  if (view.state === 'none') return null;
  if (view.state === 'unverified') {
    return (
      <div role="status" className="space-y-2 rounded border border-amber-700 bg-amber-50 p-3">
        <p>This host carries a maintenance record the console cannot verify ({view.reason}); it is never acted on.</p>
        <button type="button" onClick={onEnd} disabled={!canEnd} className="rounded border border-slate-500 px-4 py-2 disabled:opacity-60">
          Clear the record
        </button>
      </div>
    );
  }
  const progress = view.state === 'recorded' ? view.ended : view.progress;
  if (view.state === 'ended' && progress?.status === 'cancelled') return null;
  const intent = progress?.intent;
  const running = view.state === 'running';
  return (
    <section aria-labelledby="maintenance-heading" className="space-y-3 rounded border border-slate-300 p-3">
      <h3 id="maintenance-heading" className="font-semibold">
        Maintenance
      </h3>
      <p role="status">
        {progress ? <StatusBadge tone={TONE[progress.status]} label={progress.status === 'completed' ? 'In maintenance' : progress.status === 'running' ? 'Draining' : FLOW_STATUS_TEXT[progress.status]} /> : <StatusBadge tone="idle" label="Recorded" />}{' '}
        {view.state === 'recorded'
          ? `${view.summary}. Started by ${view.requestedBy}`
          : intent
            ? `Node ${intent.node.name}: ${intent.reason}. Started by ${intent.requestedBy}`
            : ''}{' '}
        <RelativeTime iso={view.state === 'recorded' ? view.requestedAt : intent?.requestedAt} />.
      </p>
      {view.state === 'recorded' && view.elsewhere ? (
        <p className="text-sm">
          Its drain is {runningElsewhereText(view.elsewhere)}. {PROGRESS_ON_RUNNER_TEXT}
        </p>
      ) : view.state === 'recorded' && !progress ? (
        <p className="text-sm">No console here runs its drain (the console restarted, or its user signed out). Resuming checks the drain again with your credentials: a drain with nothing left finishes at once.</p>
      ) : null}
      {progress?.error ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          {progress.error}
        </p>
      ) : null}
      {progress ? <FlowStepList label="Maintenance steps" steps={progress.steps} /> : null}
      {progress?.podsHidden ? <p className="text-sm text-slate-700">{progress.podsHidden}</p> : progress ? <DrainPodTable pods={progress.pods} /> : null}
      {resume.isError ? <p role="alert" className="text-red-800">{resume.error.message}</p> : null}
      <div className="flex flex-wrap gap-3">
        {view.state === 'recorded' && !view.elsewhere && progress?.status !== 'completed' ? (
          <button type="button" onClick={() => resume.mutate()} disabled={resume.isPending} className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-60">
            {progress?.status === 'failed' ? 'Retry the drain' : 'Resume the drain'}
          </button>
        ) : null}
        {running || view.state === 'recorded' ? (
          <button type="button" onClick={onEnd} disabled={!canEnd} className="rounded border border-slate-500 px-4 py-2 disabled:opacity-60">
            End maintenance
          </button>
        ) : null}
      </div>
    </section>
  );
}

export function BmcChangePanel({ host, view }: { host: HostRef; view: BmcChangeView }) {
  const { csrfToken } = useSession();
  const resume = useResume(day2ApiPaths.bmcResume(host));
  const cancel = useMutation({ mutationFn: () => callApi({ method: 'DELETE', path: day2ApiPaths.bmc(host), csrfToken }) });
  if (view.state === 'none') return null;
  if (view.state === 'unverified') {
    return (
      <div role="status" className="space-y-2 rounded border border-amber-700 bg-amber-50 p-3">
        <p>This host carries a BMC change record the console cannot verify ({view.reason}); it is never acted on.</p>
        <button type="button" onClick={() => cancel.mutate()} className="rounded border border-slate-500 px-4 py-2">
          Clear the record
        </button>
      </div>
    );
  }
  const progress = view.state === 'recorded' ? view.ended : view.progress;
  if (view.state === 'ended' && progress?.status === 'cancelled') return null;
  const error = resume.error ?? cancel.error;
  return (
    <section aria-labelledby="bmc-change-heading" className="space-y-3 rounded border border-slate-300 p-3">
      <h3 id="bmc-change-heading" className="font-semibold">
        BMC change
      </h3>
      <p role="status">
        {progress ? <StatusBadge tone={TONE[progress.status]} label={progress.status === 'running' ? 'Changing' : FLOW_STATUS_TEXT[progress.status]} /> : <StatusBadge tone="idle" label="Recorded" />}{' '}
        {view.state === 'recorded' ? `${view.summary}, started by ${view.requestedBy}` : progress ? `Started by ${progress.intent.requestedBy}` : ''}{' '}
        <RelativeTime iso={view.state === 'recorded' ? view.requestedAt : progress?.intent.requestedAt} />.
        {progress?.status === 'completed' ? ` BMO verified the new settings${progress.intent.newSecret ? ` (Secret ${progress.intent.newSecret.name})` : ''}.` : ''}
      </p>
      {view.state === 'recorded' && view.elsewhere ? (
        <p className="text-sm">
          It is {runningElsewhereText(view.elsewhere)}. {PROGRESS_ON_RUNNER_TEXT}
        </p>
      ) : view.state === 'recorded' && !progress ? <p className="text-sm">No console here runs it (the console restarted, or its user signed out). Resuming runs its remaining steps with your credentials.</p> : null}
      {progress?.error ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          {progress.error}
        </p>
      ) : null}
      {progress ? <FlowStepList label="BMC change steps" steps={progress.steps} /> : null}
      {error ? <p role="alert" className="text-red-800">{error.message}</p> : null}
      {cancel.isSuccess ? <p role="status">BMC change cancelled. If the host is still detached, attach it when its BMC settings are right.</p> : null}
      <div className="flex flex-wrap gap-3">
        {view.state === 'recorded' && !view.elsewhere ? (
          <button type="button" onClick={() => resume.mutate()} disabled={resume.isPending} className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-60">
            {progress?.status === 'failed' ? 'Retry from where it stopped' : 'Resume the BMC change'}
          </button>
        ) : null}
        {view.state === 'running' || view.state === 'recorded' ? (
          <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending} className="rounded border border-slate-500 px-4 py-2 disabled:opacity-60">
            {cancel.isPending ? 'Cancelling after the current step…' : 'Cancel the BMC change'}
          </button>
        ) : null}
      </div>
    </section>
  );
}
