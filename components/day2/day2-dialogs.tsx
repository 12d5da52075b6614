'use client';

import type { ActionOutcome, Day2Action } from '@/lib/day2/actions';
import { type BmcCurrent, BmcChangeDialog } from './bmc-change-dialog';
import { MaintenanceDialog } from './maintenance-dialog';
import { DetachDialog, EndMaintenanceDialog, PowerOffDialog, PowerOnDialog, ReinspectDialog, RestartDialog } from './simple-dialogs';

type HostRef = { namespace: string; name: string };

/**
 * The confirmation of each day-2 action of one host, the one that `dialog` names open: the host
 * page's Actions panel and the inventory row's menu both render these, so an action reads and
 * behaves the same from either. `blocked` says why an action cannot be done now (policy or RBAC);
 * `endBlocked` is the RBAC answer for ending a maintenance (always offered while one is recorded).
 */
export function Day2Dialogs({
  host,
  node,
  dialog,
  setDialog,
  onOutcome,
  blocked,
  endBlocked,
  bmc,
}: {
  host: HostRef;
  node?: string;
  dialog: Day2Action | null;
  setDialog: (dialog: Day2Action | null) => void;
  onOutcome: (outcome: ActionOutcome) => void;
  blocked: (action: Day2Action) => string | undefined;
  endBlocked?: string;
  bmc: BmcCurrent;
}) {
  const common = { host, ...(node ? { node } : {}), onClose: () => setDialog(null), onOutcome };
  return (
    <>
      <PowerOffDialog {...common} open={dialog === 'power-off'} blocked={blocked('power-off')} onStartMaintenance={() => setDialog('maintenance-start')} />
      <PowerOnDialog {...common} open={dialog === 'power-on'} blocked={blocked('power-on')} />
      <RestartDialog {...common} open={dialog === 'restart'} blocked={blocked('restart')} onStartMaintenance={() => setDialog('maintenance-start')} />
      <MaintenanceDialog {...common} open={dialog === 'maintenance-start'} blocked={blocked('maintenance-start')} />
      <EndMaintenanceDialog {...common} open={dialog === 'maintenance-end'} blocked={endBlocked} />
      <ReinspectDialog {...common} open={dialog === 'reinspect'} blocked={blocked('reinspect')} />
      <DetachDialog {...common} open={dialog === 'detach' || dialog === 'attach'} detached={dialog === 'attach'} blocked={blocked(dialog === 'attach' ? 'attach' : 'detach')} />
      {dialog === 'bmc-change' ? <BmcChangeDialog {...common} open blocked={blocked('bmc-change')} current={bmc} /> : null}
    </>
  );
}
