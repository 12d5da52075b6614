'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { ApiError, callApi } from '@/components/auth/session-context';
import { SimpleTable } from '@/components/ui/simple-table';
import { StatusBadge } from '@/components/ui/status-badge';
import { OC_CREATE_COMMAND, enrollmentYaml } from '@/lib/enroll/manifests';
import { type ObjectOutcome, enrollmentOutcomeSchema, objectOutcomeSchema } from '@/lib/enroll/outcome';
import type { HostEnrollment } from '@/lib/enroll/schema';
import { HOST_FIELDS } from '@/lib/enroll/wizard';
import { queryKeys } from '@/lib/query-keys';
import { z } from '@/lib/zod';

const dryRunSchema = z.object({ results: z.array(objectOutcomeSchema), network: z.string().optional() });

/** The details step's label of an enrollment field. */
function fieldLabel(field: string): string {
  return HOST_FIELDS.find((f) => f.field === field)?.label ?? (field === 'networkConfig' ? 'Static network (NMState)' : field);
}

/** Problems by form field, labelled as the details step labels the fields. */
function FieldProblems({ label, fields }: { label: string; fields: Record<string, string> }) {
  const entries = Object.entries(fields);
  if (entries.length === 0) return null;
  return (
    <ul aria-label={label} className="list-disc pl-4">
      {entries.map(([field, message]) => (
        <li key={field}>
          {fieldLabel(field)}: {message}
        </li>
      ))}
    </ul>
  );
}

/**
 * The wizard's review: the exact objects (password masked), bmh.yaml and its oc command, the
 * apiserver's dry run of every object (through the admission webhooks), and Create. Focus starts
 * at its heading; a failed create moves focus to what went wrong.
 */
export function ReviewStep({
  enrollment,
  operationId,
  username,
  csrfToken,
  createAccess,
  onBack,
  onCreated,
}: {
  enrollment: HostEnrollment;
  operationId: string;
  username: string;
  csrfToken: string;
  createAccess: { allowed: boolean; reason?: string };
  onBack: (fields: Record<string, string>) => void;
  onCreated: (host: { namespace: string; name: string }) => void;
}) {
  const yamlText = useMemo(() => enrollmentYaml(enrollment, { operationId, enrolledBy: username }), [enrollment, operationId, username]);
  const body = { operationId, enrollment };
  const dryRun = useQuery({
    queryKey: queryKeys.enrollmentDryRun(operationId),
    queryFn: async () => dryRunSchema.parse(await callApi({ method: 'POST', path: '/api/hosts/dry-run', body, csrfToken })),
    retry: false,
    staleTime: Infinity,
  });
  const create = useMutation({
    mutationFn: async () => enrollmentOutcomeSchema.parse(await callApi({ method: 'POST', path: '/api/hosts', body, csrfToken })),
    onSuccess: (outcome) => {
      if (outcome.ok) onCreated(outcome.host);
    },
  });
  const heading = useRef<HTMLHeadingElement>(null);
  const failure = useRef<HTMLDivElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (create.isError) failure.current?.focus();
  }, [create.isError]);
  const refused = dryRun.data?.results.some((result) => result.outcome !== 'accepted') ?? false;
  const failedSteps: ObjectOutcome[] = create.error instanceof ApiError ? (z.object({ steps: z.array(objectOutcomeSchema) }).safeParse(create.error.body).data?.steps ?? []) : [];
  // What the cluster refused, at the form's fields: Back shows each at its field.
  const refusedFields: Record<string, string> = Object.assign({}, ...(dryRun.data?.results ?? []).map((result) => result.fields ?? {}));
  const fieldProblems = create.error instanceof ApiError ? create.error.fields : dryRun.error instanceof ApiError ? dryRun.error.fields : refusedFields;
  const disabledReason = !createAccess.allowed
    ? createAccess.reason
    : dryRun.isPending
      ? 'Waiting for the dry run.'
      : refused || dryRun.isError
        ? 'The dry run did not pass.'
        : undefined;

  return (
    <div className="max-w-4xl space-y-6">
      <section aria-labelledby="review-yaml-heading" className="space-y-2">
        <h2 id="review-yaml-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold outline-none">
          Review: objects to create
        </h2>
        <figure className="space-y-1">
          <figcaption className="text-sm text-slate-700">
            bmh.yaml, password masked: {enrollment.kind === 'static' ? 'the network Secret, ' : ''}the BMC Secret and the BareMetalHost, created in this order.
          </figcaption>
          <pre tabIndex={0} className="max-h-[32rem] overflow-auto rounded border border-slate-400 bg-slate-50 p-2 font-mono text-sm">
            {yamlText}
          </pre>
        </figure>
        <div className="flex flex-wrap items-center gap-4">
          <a href={`data:application/yaml;charset=utf-8,${encodeURIComponent(yamlText)}`} download="bmh.yaml" className="text-blue-800 underline">
            Download bmh.yaml
          </a>
          <p className="text-sm">
            The same with the CLI, after putting the password in: <code className="rounded bg-slate-100 px-1">{OC_CREATE_COMMAND}</code>
          </p>
        </div>
      </section>

      <section aria-labelledby="dry-run-heading" className="space-y-2">
        <h2 id="dry-run-heading" className="text-lg font-semibold">
          Server-side dry run
        </h2>
        {dryRun.isPending ? (
          <p role="status">Asking the apiserver to check every object (dryRun=All)…</p>
        ) : dryRun.isError ? (
          <div role="alert" className="text-red-800">
            <p>The dry run failed: {dryRun.error.message}</p>
            <FieldProblems label="Refused fields" fields={fieldProblems} />
          </div>
        ) : (
          <>
            <SimpleTable
              caption="Dry run of every object"
              empty="The enrollment makes no objects."
              captionHidden
              columns={['Object', 'Verdict', 'Message']}
              rows={dryRun.data.results.map((result) => ({
                key: result.object,
                cells: [
                  result.object,
                  <StatusBadge key="v" tone={result.outcome === 'accepted' ? 'ok' : 'error'} label={result.outcome === 'accepted' ? 'Accepted' : 'Refused'} />,
                  result.fields ? (
                    <FieldProblems key="m" label={`Refused fields of ${result.object}`} fields={result.fields} />
                  ) : (
                    (result.message ?? '')
                  ),
                ],
              }))}
            />
            {Object.keys(refusedFields).length > 0 ? <p className="text-sm">Back to the details shows each refusal at its field.</p> : null}
            {dryRun.data.network ? <p className="text-sm">{dryRun.data.network}</p> : null}
          </>
        )}
      </section>

      {create.isError ? (
        <div ref={failure} tabIndex={-1} role="alert" className="space-y-2 rounded border border-red-700 bg-red-50 p-3 text-red-900">
          <p className="font-medium">Nothing was enrolled. {create.error.message}</p>
          {failedSteps.length > 0 ? (
            <ul className="list-disc pl-6 text-sm">
              {failedSteps.map((s, i) => (
                <li key={`${s.object}-${i}`}>
                  {s.object}: {s.outcome}
                  {s.message ? ` (${s.message})` : ''}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={() => onBack(fieldProblems)} className="rounded border border-slate-400 px-4 py-2">
          Back to the details
        </button>
        <button
          type="button"
          onClick={() => create.mutate()}
          disabled={Boolean(disabledReason) || create.isPending || create.isSuccess}
          aria-describedby={disabledReason ? 'create-disabled-reason' : undefined}
          className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-60"
        >
          {create.isPending || create.isSuccess ? 'Creating…' : create.isError ? 'Retry creating the host' : 'Create host'}
        </button>
        {disabledReason ? (
          <p id="create-disabled-reason" className="text-sm text-slate-700">
            {disabledReason}
          </p>
        ) : null}
      </div>
    </div>
  );
}
