'use client';

import { useMutation } from '@tanstack/react-query';
import { callApi, useSession } from '@/components/auth/session-context';
import { useLive, useLiveValue, useTopicError } from '@/components/live/use-live';
import { SimpleTable } from '@/components/ui/simple-table';
import { StatusBadge } from '@/components/ui/status-badge';
import type { Topic } from '@/lib/live/topics';
import { type SetupStatus, isWorkloadReady, setupProblems } from '@/lib/metal3/provisioning';
import { PROVISIONING_NAME } from '@/lib/metal3/constants';
import { queryKeys } from '@/lib/query-keys';

const TOPICS: Topic[] = [{ kind: 'setup' }];

/** The setup's checks, the exact CR and its creation; the workloads coming up arrive over the live stream (topic `setup`). */
export function SetupPanel({ initial, yaml, createAccess }: { initial: SetupStatus; yaml: string; createAccess: { allowed: boolean; reason?: string } }) {
  const { csrfToken } = useSession();
  useLive(TOPICS);
  const status = useLiveValue<SetupStatus>(queryKeys.setup(), initial) ?? initial;
  const unavailable = useTopicError(TOPICS[0]!);
  const create = useMutation({ mutationFn: () => callApi<{ created: boolean }>({ method: 'POST', path: '/api/setup', csrfToken }) });
  const problems = setupProblems(status);

  return (
    <div className="space-y-6">
      {unavailable ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          {unavailable}
        </p>
      ) : null}
      <section aria-labelledby="checks-heading" className="space-y-2">
        <h2 id="checks-heading" className="text-lg font-semibold">
          Checks
        </h2>
        <ul className="space-y-1">
          <li>
            <StatusBadge tone={status.crdInstalled ? 'ok' : 'error'} label={status.crdInstalled ? 'Installed' : 'Missing'} /> Provisioning CRD
            (provisionings.metal3.io)
          </li>
          <li>
            {status.provisioning ? (
              <>
                <StatusBadge
                  tone={status.provisioning.provisioningNetwork === 'Disabled' ? 'ok' : 'warning'}
                  label={`provisioningNetwork: ${status.provisioning.provisioningNetwork}`}
                />{' '}
                Provisioning CR {PROVISIONING_NAME}
              </>
            ) : (
              <>
                <StatusBadge tone="error" label="Absent" /> Provisioning CR {PROVISIONING_NAME}
              </>
            )}
          </li>
        </ul>
        {problems.length === 0 ? (
          <p role="status" className="font-medium text-green-900">
            The provisioning service is running: hosts can be enrolled.
          </p>
        ) : (
          <div role="status">
            <ul aria-label="What is missing" className="list-disc pl-6 text-amber-950">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section aria-labelledby="workloads-heading" className="space-y-2">
        <h2 id="workloads-heading" className="text-lg font-semibold">
          metal3 workloads in openshift-machine-api
        </h2>
        <SimpleTable
          caption="metal3 workloads"
          empty="No metal3 workloads exist yet: they appear once the Provisioning CR is created."
          captionHidden
          columns={['Kind', 'Name', 'Ready']}
          rows={status.workloads.map((workload) => ({
            key: workload.name,
            cells: [
              workload.kind,
              workload.name,
              <StatusBadge
                key="ready"
                tone={isWorkloadReady(workload) ? 'ok' : workload.present ? 'progress' : 'idle'}
                label={workload.present ? `${workload.ready}/${workload.desired}` : 'not present'}
              />,
            ],
          }))}
        />
      </section>

      {status.crdInstalled && !status.provisioning && (
        <section aria-labelledby="create-heading" className="space-y-2">
          <h2 id="create-heading" className="text-lg font-semibold">
            Create the Provisioning CR
          </h2>
          <p>This is exactly what will be created (the same as <code>oc create -f provisioning.yaml</code>):</p>
          <pre aria-label="Provisioning CR YAML" className="rounded bg-slate-100 p-3 text-sm">
            {yaml}
          </pre>
          <button
            type="button"
            disabled={!createAccess.allowed || create.isPending}
            aria-describedby={createAccess.allowed ? undefined : 'create-denied'}
            onClick={() => create.mutate()}
            className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-50"
          >
            {create.isPending ? 'Creating…' : 'Create Provisioning CR'}
          </button>
          {!createAccess.allowed && (
            <p id="create-denied" className="text-sm text-red-800">
              {createAccess.reason}
            </p>
          )}
          {create.error && (
            <p role="alert" className="text-sm text-red-800">
              {create.error.message}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
