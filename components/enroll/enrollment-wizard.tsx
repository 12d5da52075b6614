'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, callApi, useSession } from '@/components/auth/session-context';
import { CheckboxField, SelectField, TextField } from '@/components/ui/field';
import { SimpleTable } from '@/components/ui/simple-table';
import { StatusBadge } from '@/components/ui/status-badge';
import { type EnrollmentDraft, ROOT_DEVICE_TEXT_HINTS, type RootDeviceTextHint, draftFieldOf, enrollmentInput, newDraft } from '@/lib/enroll/draft';
import { enrollmentIps } from '@/lib/enroll/conflicts';
import { OC_CREATE_COMMAND, enrollmentYaml } from '@/lib/enroll/manifests';
import { type ObjectOutcome, enrollmentOutcomeSchema, objectOutcomeSchema } from '@/lib/enroll/outcome';
import { type EnrollmentKind, type HostEnrollment, defaultUserDataSecret, hostEnrollmentSchema } from '@/lib/enroll/schema';
import { fieldErrors } from '@/lib/validation';
import { BMC_DRIVERS, type BmcDriver, NEEDS_PROVISIONING_NETWORK } from '@/lib/metal3/bmc';
import { hostPath } from '@/lib/paths';
import { queryKeys } from '@/lib/query-keys';
import { z } from '@/lib/zod';
import { NetworkEditor } from './network-editor';

const KIND_OPTIONS: { value: EnrollmentKind; label: string; help: string }[] = [
  { value: 'static', label: 'New worker, static network', help: 'BMO installs RHCOS; the host gets its addresses from an NMState config.' },
  { value: 'dhcp', label: 'New worker, DHCP', help: 'BMO installs RHCOS; the host gets its addresses from DHCP.' },
  { value: 'existing', label: 'Existing host (inventory only)', help: 'A host that already runs in the cluster, enrolled as externally provisioned: BMO never reprovisions it.' },
];

const HINT_LABELS: Record<RootDeviceTextHint, string> = {
  deviceName: 'Device name',
  hctl: 'HCTL',
  model: 'Model',
  vendor: 'Vendor',
  serialNumber: 'Serial number',
  wwn: 'WWN',
  wwnWithExtension: 'WWN with extension',
  wwnVendorExtension: 'WWN vendor extension',
};

const conflictsSchema = z.object({ fields: z.record(z.string(), z.string()), ips: z.record(z.string(), z.string()) });
const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** A random v4 UUID, also where crypto.randomUUID is missing (plain-HTTP origins). */
function newOperationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Name, boot MAC and static IPs already in use, asked of the server as the user types. */
function useConflicts(draft: EnrollmentDraft) {
  const ips = enrollmentIps(draft);
  const candidate = useDebounced({ name: draft.name.trim(), mac: MAC.test(draft.bootMACAddress.trim()) ? draft.bootMACAddress.trim() : '', ips }, 300);
  return useQuery({
    queryKey: queryKeys.enrollmentConflicts(candidate),
    queryFn: async () => {
      const query = new URLSearchParams({ name: candidate.name });
      if (candidate.mac) query.set('mac', candidate.mac);
      for (const ip of candidate.ips) query.append('ip', ip);
      return conflictsSchema.parse(await callApi({ path: `/api/hosts/conflicts?${query}` }));
    },
    placeholderData: (previous) => previous,
  });
}

export function EnrollmentWizard({ suggestedName, createAccess }: { suggestedName: string; createAccess: { allowed: boolean; reason?: string } }) {
  const { username, csrfToken } = useSession();
  const router = useRouter();
  const [draft, setDraft] = useState<EnrollmentDraft>(() => newDraft(suggestedName));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [step, setStep] = useState<'details' | 'review'>('details');
  const [operation, setOperation] = useState<{ id: string; key: string } | null>(null);
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const summaryRef = useRef<HTMLDivElement>(null);

  const parsed = useMemo(() => hostEnrollmentSchema.safeParse(enrollmentInput(draft)), [draft]);
  const conflicts = useConflicts(draft);
  const schemaErrors: Record<string, string> = {};
  if (!parsed.success) for (const [field, message] of Object.entries(fieldErrors(parsed.error))) schemaErrors[draftFieldOf(field, message)] ??= message;
  const conflictErrors = conflicts.data?.fields ?? {};
  const errorOf = (field: string): string | undefined =>
    conflictErrors[field] ?? serverFields[field] ?? (attempted || touched.has(field) ? schemaErrors[field] : undefined);
  const blocking = { ...schemaErrors, ...conflictErrors };

  const update = (field: string, change: (d: EnrollmentDraft) => EnrollmentDraft) => {
    setDraft(change);
    setServerFields((fields) => Object.fromEntries(Object.entries(fields).filter(([key]) => key !== field)));
  };
  const touch = (field: string) => () => setTouched((t) => new Set(t).add(field));
  const text = (field: string, label: string, get: (d: EnrollmentDraft) => string, set: (d: EnrollmentDraft, v: string) => EnrollmentDraft, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField id={`field-${field}`} label={label} value={get(draft)} onChange={(v) => update(field, (d) => set(d, v))} onBlur={touch(field)} error={errorOf(field)} {...extra} />
  );

  function review() {
    setAttempted(true);
    if (!parsed.success || Object.keys(blocking).length > 0) {
      summaryRef.current?.focus();
      return;
    }
    const key = JSON.stringify(parsed.data);
    // One operation id per distinct submission: a retry of the same one is recognised by the server.
    if (operation?.key !== key) setOperation({ id: newOperationId(), key });
    setStep('review');
  }

  if (step === 'review' && parsed.success && operation) {
    return <ReviewStep enrollment={parsed.data} operationId={operation.id} username={username} csrfToken={csrfToken} createAccess={createAccess} onBack={(fields) => {
      setServerFields(fields);
      setStep('details');
    }} onCreated={(host) => router.push(hostPath(host))} />;
  }

  const problemCount = Object.keys(blocking).length;
  return (
    <form
      noValidate
      className="max-w-3xl space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        review();
      }}
    >
      <div ref={summaryRef} tabIndex={-1} aria-live="polite">
        {attempted && problemCount > 0 ? (
          <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
            {problemCount === 1 ? 'One field needs attention' : `${problemCount} fields need attention`} before review: see the messages below.
          </p>
        ) : null}
      </div>

      <fieldset className="space-y-2">
        <legend className="font-semibold">What are you enrolling?</legend>
        {KIND_OPTIONS.map((option) => (
          <div key={option.value} className="flex items-start gap-2">
            <input
              type="radio"
              id={`kind-${option.value}`}
              name="kind"
              value={option.value}
              checked={draft.kind === option.value}
              onChange={() =>
                update('kind', (d) => ({ ...d, kind: option.value, userDataSecret: defaultUserDataSecret({ kind: option.value, controlPlane: d.controlPlane }) }))
              }
              aria-describedby={`kind-${option.value}-help`}
              className="mt-1"
            />
            <div>
              <label htmlFor={`kind-${option.value}`} className="font-medium">
                {option.label}
              </label>
              <p id={`kind-${option.value}-help`} className="text-sm text-slate-600">
                {option.help}
              </p>
            </div>
          </div>
        ))}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="font-semibold">Host</legend>
        {text('name', 'Host name', (d) => d.name, (d, name) => ({ ...d, name }), { mono: true, hint: 'The BareMetalHost in openshift-machine-api.' })}
        {text('expectedNodeName', 'Expected node name (optional)', (d) => d.expectedNodeName, (d, expectedNodeName) => ({ ...d, expectedNodeName }), {
          mono: true,
          hint: 'The name the node will register with, when it differs from the host name; used to link the node and check its CSRs.',
        })}
        {text('bootMACAddress', 'Boot MAC address', (d) => d.bootMACAddress, (d, bootMACAddress) => ({ ...d, bootMACAddress }), {
          mono: true,
          hint: 'The MAC of the NIC the host boots from, e.g. 52:54:00:12:34:56.',
        })}
        <SelectField
          id="field-bootMode"
          label="Boot mode"
          value={draft.bootMode}
          options={[
            { value: 'UEFI', label: 'UEFI' },
            { value: 'UEFISecureBoot', label: 'UEFI Secure Boot' },
            { value: 'legacy', label: 'Legacy BIOS' },
          ]}
          onChange={(bootMode) => update('bootMode', (d) => ({ ...d, bootMode }))}
        />
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="font-semibold">Baseboard management controller</legend>
        <div className="grid grid-cols-2 gap-2">
          <SelectField<BmcDriver>
            id="field-bmc.driver"
            label="BMC driver"
            value={draft.bmc.driver}
            options={(Object.keys(BMC_DRIVERS) as BmcDriver[]).map((driver) => ({
              value: driver,
              label: BMC_DRIVERS[driver].virtualMedia ? driver : `${driver} (needs a provisioning network)`,
            }))}
            onChange={(driver) => update('bmc.driver', (d) => ({ ...d, bmc: { ...d.bmc, driver } }))}
            error={errorOf('bmc.driver') ?? schemaErrors['bmc.driver']}
            hint={`Virtual-media drivers work without a provisioning network; the others ${NEEDS_PROVISIONING_NETWORK}.`}
          />
          <SelectField
            id="field-bmc.transport"
            label="BMC transport"
            value={draft.bmc.transport}
            options={[
              { value: 'https', label: 'HTTPS' },
              { value: 'http', label: 'HTTP' },
              { value: '', label: "The driver's default" },
            ]}
            onChange={(transport) => update('bmc.transport', (d) => ({ ...d, bmc: { ...d.bmc, transport } }))}
          />
        </div>
        {text('bmc.hostAndPath', 'BMC host and path', (d) => d.bmc.hostAndPath, (d, hostAndPath) => ({ ...d, bmc: { ...d.bmc, hostAndPath } }), {
          mono: true,
          hint: 'Host or IP (IPv6 in brackets), optional port, and the Redfish system path, e.g. 192.168.111.1:8000/redfish/v1/Systems/1.',
        })}
        {text('bmc.username', 'BMC user name', (d) => d.bmc.username, (d, username) => ({ ...d, bmc: { ...d.bmc, username } }))}
        {text('bmc.password', 'BMC password', (d) => d.bmc.password, (d, password) => ({ ...d, bmc: { ...d.bmc, password } }), {
          type: 'password',
          autoComplete: 'new-password',
          hint: 'Stored only in the BMC Secret; the console never shows it again.',
        })}
        <CheckboxField
          id="field-bmc.disableCertificateVerification"
          label="Disable BMC certificate verification"
          checked={draft.bmc.disableCertificateVerification}
          onChange={(checked) => update('bmc.disableCertificateVerification', (d) => ({ ...d, bmc: { ...d.bmc, disableCertificateVerification: checked } }))}
          hint="Only for BMCs with self-signed certificates."
        />
      </fieldset>

      {draft.kind === 'existing' ? (
        <CheckboxField
          id="field-controlPlane"
          label="This host is a control-plane node"
          checked={draft.controlPlane}
          onChange={(controlPlane) => update('controlPlane', (d) => ({ ...d, controlPlane, userDataSecret: defaultUserDataSecret({ kind: d.kind, controlPlane }) }))}
          hint="Control-plane hosts use the controller-user-data-managed Secret."
        />
      ) : null}

      <fieldset className="space-y-3">
        <legend className="font-semibold">Deployment</legend>
        {text('userDataSecret', 'User-data Secret', (d) => d.userDataSecret, (d, userDataSecret) => ({ ...d, userDataSecret }), { mono: true })}
        <p className="text-sm">
          Custom deploy method: <code>install_coreos</code> (the only one OpenShift uses).
        </p>
      </fieldset>

      <details className="space-y-3" open={draft.kind !== 'existing'}>
        <summary className="cursor-pointer font-semibold">Root device hints</summary>
        <div className="grid grid-cols-2 gap-2">
          {ROOT_DEVICE_TEXT_HINTS.map((key) =>
            text(`rootDeviceHints.${key}`, HINT_LABELS[key], (d) => d.rootDeviceHints[key], (d, v) => ({ ...d, rootDeviceHints: { ...d.rootDeviceHints, [key]: v } }), { mono: true }),
          )}
          {text('rootDeviceHints.minSizeGigabytes', 'Minimum size (GB)', (d) => d.rootDeviceHints.minSizeGigabytes, (d, v) => ({ ...d, rootDeviceHints: { ...d.rootDeviceHints, minSizeGigabytes: v } }))}
          <SelectField
            id="field-rootDeviceHints.rotational"
            label="Rotational disk"
            value={draft.rootDeviceHints.rotational}
            options={[
              { value: '', label: 'Either' },
              { value: 'true', label: 'Yes (HDD)' },
              { value: 'false', label: 'No (SSD/NVMe)' },
            ]}
            onChange={(rotational) => update('rootDeviceHints.rotational', (d) => ({ ...d, rootDeviceHints: { ...d.rootDeviceHints, rotational } }))}
          />
        </div>
      </details>

      {draft.kind === 'static' ? (
        <NetworkEditor
          value={draft.networkConfig}
          onChange={(networkConfig) => update('networkConfig', (d) => ({ ...d, networkConfig }))}
          showErrors={attempted || touched.has('networkConfig')}
          ipConflicts={conflicts.data?.ips ?? {}}
        />
      ) : null}
      {draft.kind === 'static' && serverFields.networkConfig ? (
        <p className="text-sm text-red-800">
          <span aria-hidden="true">✖ </span>
          {serverFields.networkConfig}
        </p>
      ) : null}

      <div className="flex gap-2">
        <button type="submit" className="rounded bg-slate-900 px-4 py-2 text-white">
          Review
        </button>
      </div>
    </form>
  );
}

function ReviewStep({
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
    queryFn: async () => z.object({ results: z.array(objectOutcomeSchema) }).parse(await callApi({ method: 'POST', path: '/api/hosts/dry-run', body, csrfToken })).results,
    retry: false,
    staleTime: Infinity,
  });
  const create = useMutation({
    mutationFn: async () => enrollmentOutcomeSchema.parse(await callApi({ method: 'POST', path: '/api/hosts', body, csrfToken })),
    onSuccess: (outcome) => {
      if (outcome.ok) onCreated(outcome.host);
    },
  });
  const refused = dryRun.data?.some((result) => result.outcome !== 'accepted') ?? false;
  const failedSteps: ObjectOutcome[] = create.error instanceof ApiError ? (z.object({ steps: z.array(objectOutcomeSchema) }).safeParse(create.error.body).data?.steps ?? []) : [];
  const fieldProblems = create.error instanceof ApiError ? create.error.fields : dryRun.error instanceof ApiError ? dryRun.error.fields : {};
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
        <h2 id="review-yaml-heading" className="text-lg font-semibold">
          Objects to create
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
          <p role="alert" className="text-red-800">
            The dry run failed: {dryRun.error.message}
          </p>
        ) : (
          <SimpleTable
            caption="Dry run of every object"
            captionHidden
            columns={['Object', 'Verdict', 'Message']}
            rows={dryRun.data.map((result) => ({
              key: result.object,
              cells: [result.object, <StatusBadge key="v" tone={result.outcome === 'accepted' ? 'ok' : 'error'} label={result.outcome === 'accepted' ? 'Accepted' : 'Refused'} />, result.message ?? ''],
            }))}
          />
        )}
      </section>

      {create.isError ? (
        <div role="alert" className="space-y-2 rounded border border-red-700 bg-red-50 p-3 text-red-900">
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
