'use client';

import Link from 'next/link';
import { type ReactNode, useId, useState } from 'react';
import { Day2Dialogs } from '@/components/day2/day2-dialogs';
import { BmcChangePanel, MaintenancePanel } from '@/components/day2/flow-panels';
import { OutcomeNote } from '@/components/day2/outcome';
import { RemoveHostButton } from '@/components/removal/remove-host-dialog';
import { StatusBadge } from '@/components/ui/status-badge';
import { ACTION_LABELS, type ActionOutcome, type Day2Action, POWER_STATES, bmcChangeDetachesFirst, hostMarks, isDetached } from '@/lib/day2/actions';
import { blockedReason } from '@/lib/day2/page';
import { maintenancePath } from '@/lib/day2/paths';
import type { HostPage } from '@/lib/hosts/page';
import { HostGuidance, type PanelOffer } from './host-guidance';

type HostRef = { namespace: string; name: string };

const blockedOf = (day2: HostPage['day2'], action: Day2Action) => blockedReason(day2.verdicts?.[action], day2.access[action]);

function ActionButton({ action, day2, onOpen, children }: { action: Day2Action; day2: HostPage['day2']; onOpen: () => void; children?: ReactNode }) {
  const reasonId = useId();
  const reason = blockedOf(day2, action);
  return (
    <li className="flex flex-col gap-1">
      <button
        type="button"
        onClick={onOpen}
        disabled={reason !== undefined}
        aria-describedby={reason ? reasonId : undefined}
        className="w-fit rounded border border-slate-600 px-3 py-1.5 disabled:cursor-not-allowed disabled:opacity-60"
      >
        {children ?? ACTION_LABELS[action]}
      </button>
      {reason ? (
        <span id={reasonId} className="max-w-xs text-xs text-slate-700">
          {reason}
        </span>
      ) : null}
    </li>
  );
}

/**
 * The host's day-2 actions (SPEC §9): power, restart, maintenance, BMC change, re-inspection,
 * detach/attach, each disabled with the reason when BMO would not honour it now or the viewer's
 * RBAC refuses it, each behind a confirmation that names its consequences and the equivalent oc
 * command. Above them, what went wrong with the host and the way out; below, the maintenance and
 * BMC change as they go. Everything here is fed by the host topic of the live stream.
 */
export function HostActions({ host, page }: { host: HostRef; page: HostPage }) {
  const [dialog, setDialog] = useState<Day2Action | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const details = page.host;
  if (!details) return null;
  const { day2 } = page;
  const annotations = details.metadata.annotations ?? {};
  const detached = isDetached({ annotations });
  const online = details.spec?.online ?? false;
  const poweredOn = details.status?.poweredOn;
  const state = details.status?.provisioning?.state ?? '';
  const node = page.link.node?.name;
  const inMaintenance = day2.maintenance.state === 'running' || day2.maintenance.state === 'recorded';
  // 'remove' is the host page's own removal dialog, rendered by the guidance itself.
  const onOffer = (kind: PanelOffer) => (kind === 'remove' ? undefined : setDialog(kind === 'power-cycle' ? 'power-off' : kind));
  const removeButton = (label: string) => <RemoveHostButton host={host} label={label} blocked={day2.remove.allowed ? undefined : (day2.remove.reason ?? 'You may not remove hosts here.')} />;
  const powerWords = poweredOn === undefined ? 'power unknown' : poweredOn ? 'powered on' : 'powered off';
  const converging = poweredOn !== undefined && poweredOn !== online;

  return (
    <section aria-labelledby="actions-heading" className="space-y-3">
      <h2 id="actions-heading" className="text-lg font-semibold">
        Actions
      </h2>
      <HostGuidance host={details} onOffer={onOffer} removeButton={removeButton} />

      <p role="status" aria-label="Power and management" className="flex flex-wrap items-center gap-2 text-sm">
        <StatusBadge tone={poweredOn ? 'ok' : 'idle'} label={`${powerWords}${converging ? (online ? ', powering on' : ', powering off') : ''}`} />
        <span>
          spec.online: {String(online)}
          {converging
            ? (POWER_STATES as readonly string[]).includes(state)
              ? ' (BMO has not applied it yet; status.poweredOn follows once it has)'
              : ` (BMO applies it once the host is available, provisioned or externally provisioned; it is ${state || 'new'})`
            : ''}
        </span>
        {hostMarks({ annotations, ...(details.status?.operationalStatus ? { operationalStatus: details.status.operationalStatus } : {}), inMaintenance, ...(node ? { node } : {}) }).map((mark) => (
          <StatusBadge key={mark.label} tone={mark.tone} label={mark.label} />
        ))}
      </p>

      <ul aria-label="Host actions" className="flex flex-wrap items-start gap-x-4 gap-y-3">
        {online ? <ActionButton action="power-off" day2={day2} onOpen={() => setDialog('power-off')} /> : <ActionButton action="power-on" day2={day2} onOpen={() => setDialog('power-on')} />}
        <ActionButton action="restart" day2={day2} onOpen={() => setDialog('restart')} />
        {inMaintenance ? (
          <ActionButton action="maintenance-end" day2={day2} onOpen={() => setDialog('maintenance-end')} />
        ) : (
          <ActionButton action="maintenance-start" day2={day2} onOpen={() => setDialog('maintenance-start')} />
        )}
        <ActionButton action="bmc-change" day2={day2} onOpen={() => setDialog('bmc-change')} />
        <ActionButton action="reinspect" day2={day2} onOpen={() => setDialog('reinspect')} />
        {detached ? <ActionButton action="attach" day2={day2} onOpen={() => setDialog('attach')} /> : <ActionButton action="detach" day2={day2} onOpen={() => setDialog('detach')} />}
      </ul>
      {!day2.events.allowed ? <p className="text-sm text-amber-900">Your actions cannot be recorded as Events here ({day2.events.reason}); the cluster’s audit log still records them.</p> : null}
      {outcome ? <OutcomeNote outcome={outcome} /> : null}

      <MaintenancePanel host={host} view={day2.maintenance} onEnd={() => setDialog('maintenance-end')} canEnd={day2.access['maintenance-end'].allowed} />
      {inMaintenance ? (
        <p className="text-sm">
          <Link href={maintenancePath(host)} className="text-blue-800 underline">
            Follow the maintenance on its own page
          </Link>
        </p>
      ) : null}
      <BmcChangePanel host={host} view={day2.bmcChange} />

      <Day2Dialogs
        host={host}
        {...(node ? { node } : {})}
        dialog={dialog}
        setDialog={setDialog}
        onOutcome={setOutcome}
        blocked={(action) => blockedOf(day2, action)}
        {...(day2.access['maintenance-end'].allowed ? {} : { endBlocked: day2.access['maintenance-end'].reason ?? 'You may not do this.' })}
        bmc={{
          ...(details.spec?.bmc?.address ? { address: details.spec.bmc.address } : {}),
          ...(details.spec?.bmc?.credentialsName ? { credentialsName: details.spec.bmc.credentialsName } : {}),
          ...(details.spec?.bmc?.disableCertificateVerification !== undefined ? { disableCertificateVerification: details.spec.bmc.disableCertificateVerification } : {}),
          ...(details.spec?.bootMACAddress ? { bootMACAddress: details.spec.bootMACAddress } : {}),
          ...(details.spec?.bootMode ? { bootMode: details.spec.bootMode } : {}),
          externallyProvisioned: details.spec?.externallyProvisioned ?? false,
          detachFirst: bmcChangeDetachesFirst(state),
          state,
        }}
      />
    </section>
  );
}
