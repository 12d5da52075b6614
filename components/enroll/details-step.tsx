'use client';

import type { Dispatch, ReactNode } from 'react';
import { CheckboxField, SelectField, TextField } from '@/components/ui/field';
import { type EnrollmentDraft, ROOT_DEVICE_TEXT_HINTS } from '@/lib/enroll/draft';
import { type EnrollmentKind, defaultUserDataSecret } from '@/lib/enroll/schema';
import { ROOT_DEVICE_HINT_LABELS, type WizardAction, absorbPastedBmcUrl } from '@/lib/enroll/wizard';
import { BMC_DRIVERS, type BmcDriver } from '@/lib/metal3/bmc';

const KIND_OPTIONS: { value: EnrollmentKind; label: string; help: string }[] = [
  { value: 'static', label: 'New worker, static network', help: 'BMO installs RHCOS; the host gets its addresses from an NMState config.' },
  { value: 'dhcp', label: 'New worker, DHCP', help: 'BMO installs RHCOS; the host gets its addresses from DHCP.' },
  { value: 'existing', label: 'Existing host (inventory only)', help: 'A host that already runs in the cluster, enrolled as externally provisioned: BMO never reprovisions it.' },
];

/**
 * The wizard's details: what is enrolled, the host, its BMC, deployment and root device hints
 * (the static network editor is passed in as `network`). Every field reports when it is left and
 * shows the problem the wizard decides to show (`errorOf`).
 */
export function DetailsStep({
  draft,
  dispatch,
  errorOf,
  network,
}: {
  draft: EnrollmentDraft;
  dispatch: Dispatch<WizardAction>;
  errorOf: (field: string) => string | undefined;
  network: ReactNode;
}) {
  const edit = (field: string, change: (d: EnrollmentDraft) => EnrollmentDraft) => dispatch({ type: 'edit', field, change });
  const touch = (field: string) => () => dispatch({ type: 'touch', field });
  const text = (
    field: string,
    label: string,
    get: (d: EnrollmentDraft) => string,
    set: (d: EnrollmentDraft, v: string) => EnrollmentDraft,
    extra: Partial<Parameters<typeof TextField>[0]> = {},
  ) => <TextField key={field} id={`field-${field}`} label={label} value={get(draft)} onChange={(v) => edit(field, (d) => set(d, v))} onBlur={touch(field)} error={errorOf(field)} {...extra} />;

  return (
    <>
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
              onChange={() => edit('kind', (d) => ({ ...d, kind: option.value, userDataSecret: defaultUserDataSecret({ kind: option.value, controlPlane: d.controlPlane }) }))}
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
          onChange={(bootMode) => edit('bootMode', (d) => ({ ...d, bootMode }))}
          error={errorOf('bootMode')}
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
            onChange={(driver) => edit('bmc.driver', (d) => ({ ...d, bmc: { ...d.bmc, driver } }))}
            error={errorOf('bmc.driver')}
            hint="Virtual-media drivers work without a provisioning network; the others need one, which scaling a user-provisioned cluster does not have."

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
            onChange={(transport) => edit('bmc.transport', (d) => ({ ...d, bmc: { ...d.bmc, transport } }))}
            error={errorOf('bmc.transport')}
          />
        </div>
        {text('bmc.hostAndPath', 'BMC host and path', (d) => d.bmc.hostAndPath, (d, typed) => ({ ...d, bmc: absorbPastedBmcUrl(d.bmc, typed) }), {
          mono: true,
          hint: 'Host or IP (IPv6 in brackets), optional port, and the Redfish system path, e.g. 192.168.111.1:8000/redfish/v1/Systems/1. A pasted URL sets the driver and transport from its scheme.',
        })}
        {text('bmc.username', 'BMC user name', (d) => d.bmc.username, (d, username) => ({ ...d, bmc: { ...d.bmc, username } }))}
        {text('bmc.password', 'BMC password', (d) => d.bmc.password, (d, password) => ({ ...d, bmc: { ...d.bmc, password } }), {
          type: 'password',
          autoComplete: 'new-password',
          hint: 'Stored only in the BMC Secret; the console never shows it again (and does not keep it if you leave this page).',
        })}
        <CheckboxField
          id="field-bmc.disableCertificateVerification"
          label="Disable BMC certificate verification"
          checked={draft.bmc.disableCertificateVerification}
          onChange={(checked) => edit('bmc.disableCertificateVerification', (d) => ({ ...d, bmc: { ...d.bmc, disableCertificateVerification: checked } }))}
          hint="Only for BMCs with self-signed certificates."
        />
      </fieldset>

      {draft.kind === 'existing' ? (
        <CheckboxField
          id="field-controlPlane"
          label="This host is a control-plane node"
          checked={draft.controlPlane}
          onChange={(controlPlane) => edit('controlPlane', (d) => ({ ...d, controlPlane, userDataSecret: defaultUserDataSecret({ kind: d.kind, controlPlane }) }))}
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
            text(`rootDeviceHints.${key}`, ROOT_DEVICE_HINT_LABELS[key], (d) => d.rootDeviceHints[key], (d, v) => ({ ...d, rootDeviceHints: { ...d.rootDeviceHints, [key]: v } }), { mono: true }),
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
            onChange={(rotational) => edit('rootDeviceHints.rotational', (d) => ({ ...d, rootDeviceHints: { ...d.rootDeviceHints, rotational } }))}
          />
        </div>
      </details>

      {draft.kind === 'static' ? network : null}
    </>
  );
}
