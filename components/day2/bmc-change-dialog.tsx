'use client';

import { useState } from 'react';
import { CheckboxField, TextField } from '@/components/ui/field';
import { ocCommand } from '@/lib/day2/actions';
import { bmcChangeRequestSchemaFor } from '@/lib/day2/flows';
import { day2ApiPaths } from '@/lib/day2/paths';
import { fieldErrors } from '@/lib/validation';
import { ActionDialog, DialogButtons, OcCommand } from './action-dialog';
import type { DialogProps } from './simple-dialogs';
import { fieldErrorsOf, newOperationId, useDay2Action } from './use-action';

/** What the host names now, as the dialog starts from it (never the credentials' data). */
export interface BmcCurrent {
  address?: string;
  /** The current credentials Secret's name, where the viewer is shown it (the host page; the inventory's stream never carries it). */
  credentialsName?: string;
  disableCertificateVerification?: boolean;
  bootMACAddress?: string;
  bootMode?: string;
  externallyProvisioned: boolean;
  /** BMO lets the address change in place only while the host is registering (lib/day2/actions.ts bmcChangeDetachesFirst). */
  detachFirst: boolean;
  state: string;
}

/**
 * "Change BMC address or credentials", the guided flow BMO documents: what it will do step by
 * step (detach unless the host is registering, update, reattach, wait for BMO to verify), the new
 * address checked as enrollment checks one, and new credentials that go into a NEW Secret. The
 * password field is write-only: the old password is never shown, the new one never comes back.
 */
export function BmcChangeDialog({
  host,
  open,
  onClose,
  onOutcome,
  blocked,
  current,
}: DialogProps & { current: BmcCurrent }) {
  const [address, setAddress] = useState(current.address ?? '');
  const [changeCredentials, setChangeCredentials] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [skipVerify, setSkipVerify] = useState(current.disableCertificateVerification ?? false);
  // One submission, one id: a retry after a lost answer finds the Secret the first try made.
  const [operationId] = useState(newOperationId);
  const input = {
    operationId,
    ...(address.trim() !== (current.address ?? '') ? { address } : {}),
    ...(changeCredentials ? { credentials: { username, password } } : {}),
    ...(skipVerify !== (current.disableCertificateVerification ?? false) ? { disableCertificateVerification: skipVerify } : {}),
  };
  const request = bmcChangeRequestSchemaFor({
    newWorker: !current.externallyProvisioned,
    ...(current.bootMACAddress ? { bootMACAddress: current.bootMACAddress } : {}),
    ...(current.bootMode ? { bootMode: current.bootMode } : {}),
  }).safeParse(input);
  const action = useDay2Action<unknown>({ path: day2ApiPaths.bmc(host), onDone: (outcome) => {
    onOutcome(outcome);
    if (outcome.result === 'ok' || outcome.result === 'noop') onClose();
  } });
  const errors = { ...(request.success ? {} : fieldErrors(request.error)), ...fieldErrorsOf(action.error) };
  const blockedReason = blocked ?? (!request.success ? (errors.address ?? errors['credentials.username'] ?? errors['credentials.password'] ?? errors[''] ?? 'Fix the fields marked above.') : undefined);
  return (
    <ActionDialog title={`Change the BMC of host ${host.name}`} open={open} onClose={onClose}>
      <p>As BMO documents it, one step after the other, each shown as it happens:</p>
      <ol aria-label="What the change does" className="list-decimal space-y-1 pl-6 text-sm">
        {current.detachFirst ? (
          <>
            <li>Detach the host from BMO (nothing is deprovisioned; BMO stops managing its power meanwhile) and wait until BMO reports it detached.</li>
            <li>Update spec.bmc{changeCredentials ? ` to a new credentials Secret (the current one${current.credentialsName ? `, ${current.credentialsName},` : ''} is left as it is)` : ''}.</li>
            <li>Reattach it: BMO registers the host with the new BMC settings.</li>
          </>
        ) : (
          <li>The host is {current.state || 'not registered yet'}: BMO lets its BMC change without detaching. Update spec.bmc{changeCredentials ? ' to a new credentials Secret' : ''}.</li>
        )}
        <li>Wait until BMO reports OK and has verified the credentials (status.goodCredentials names the new Secret).</li>
      </ol>
      <TextField id="bmc-change-address" label="BMC address" value={address} onChange={setAddress} mono error={errors.address} hint="<driver>://<host>[:port][/path], e.g. redfish-virtualmedia://10.0.0.5/redfish/v1/Systems/1" />
      <CheckboxField id="bmc-change-skip-verify" label="Disable certificate verification" checked={skipVerify} onChange={setSkipVerify} hint="Only for BMCs with self-signed certificates." />
      <CheckboxField id="bmc-change-credentials" label="Change the credentials" checked={changeCredentials} onChange={setChangeCredentials} hint="The current password is never shown; new credentials go into a new Secret." />
      {changeCredentials ? (
        <div className="grid grid-cols-2 gap-3">
          <TextField id="bmc-change-username" label="BMC user name" value={username} onChange={setUsername} error={username ? errors['credentials.username'] : undefined} autoComplete="off" />
          <TextField id="bmc-change-password" label="BMC password" type="password" value={password} onChange={setPassword} error={password ? errors['credentials.password'] : undefined} autoComplete="new-password" />
        </div>
      ) : null}
      <OcCommand
        command={ocCommand('bmc-change', {
          host,
          bmc: {
            ...(request.success && request.data.address !== undefined ? { address: request.data.address } : {}),
            credentials: changeCredentials,
            ...(input.disableCertificateVerification !== undefined ? { disableCertificateVerification: skipVerify } : {}),
            detach: current.detachFirst,
          },
        })}
      />
      {action.isError ? (
        <p role="alert" className="text-red-800">
          The change did not start: {action.error.message}
        </p>
      ) : null}
      <DialogButtons
        confirmLabel={`Change the BMC of host ${host.name}`}
        pendingLabel="Starting…"
        pending={action.isPending}
        blockedReason={blockedReason}
        onConfirm={() => action.mutate(request.data)}
        onCancel={onClose}
      />
    </ActionDialog>
  );
}
