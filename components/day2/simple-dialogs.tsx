'use client';

import { queryKeys } from '@/lib/query-keys';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { callApi } from '@/components/auth/session-context';
import { CheckboxField, SelectField } from '@/components/ui/field';
import { type ActionOutcome, ocCommand } from '@/lib/day2/actions';
import { day2ApiPaths } from '@/lib/day2/paths';
import { agree, plural } from '@/lib/format/plural';
import { DETACHED_ANNOTATION, type RebootMode } from '@/lib/metal3/annotations';
import { z } from '@/lib/zod';
import { ActionDialog, DialogButtons, OcCommand } from './action-dialog';
import { useDay2Action } from './use-action';

/**
 * The confirmations of the one-request actions (SPEC §9): each names what BMO will do and what it
 * means for the machine and its node, shows the equivalent oc command, and is refused with the
 * reason when the policies or RBAC say no. The outcome goes back to the actions panel.
 */

type HostRef = { namespace: string; name: string };

export interface DialogProps {
  host: HostRef;
  node?: string;
  open: boolean;
  onClose: () => void;
  onOutcome: (outcome: ActionOutcome) => void;
  /** Why it cannot be done now (policy or RBAC); the confirm button stays disabled with it. */
  blocked?: string;
}

const runningPodsSchema = z.object({
  node: z.string().optional(),
  nodeReady: z.boolean(),
  pods: z.array(z.string()),
  daemonSetPods: z.number(),
  quorum: z.object({ ok: z.boolean(), message: z.string() }).optional(),
});

/** How the two actions that take the machine down (power off, restart) word the pods they stop. */
const TAKING_DOWN = {
  'power-off': {
    id: 'power-off',
    anyway: 'Power off anyway',
    consequence:
      'Powering off stops them without a drain: their controllers recreate them elsewhere only once the node is seen NotReady, and pods without a controller are lost.',
  },
  restart: {
    id: 'restart',
    anyway: 'Restart anyway',
    consequence:
      'Restarting stops them without a drain: they are down until the node is back, and their controllers recreate them elsewhere only if the node is seen NotReady long enough.',
  },
} as const;

/**
 * The safeguard power off and restart share: reads the pods still running on the host's Ready node
 * (the power route's GET) while the dialog is open; until the user starts maintenance instead or
 * confirms that those pods stop without a drain, `blocked` says why the action waits. The server
 * refuses the same unless `confirmRunningPods` is sent.
 */
function useRunningPods(host: HostRef, open: boolean) {
  const [confirmed, setConfirmed] = useState(false);
  const preview = useQuery({
    queryKey: queryKeys.runningPods(host.namespace, host.name),
    queryFn: async () => runningPodsSchema.parse(await callApi({ path: day2ApiPaths.power(host) })),
    enabled: open,
    staleTime: 0,
    gcTime: 0,
  });
  const pods = preview.data?.pods ?? [];
  const blocked = preview.isPending ? 'Reading the pods on the node…' : pods.length > 0 && !confirmed ? 'Start maintenance first, or confirm that these pods stop without a drain.' : undefined;
  return { preview, confirmed, setConfirmed, blocked };
}

/** What useRunningPods read, in words: the quorum, and the pods still running with the way to maintenance first (or to go on anyway). */
function RunningPodsWarning({
  guard,
  action,
  onStartMaintenance,
}: {
  guard: ReturnType<typeof useRunningPods>;
  action: keyof typeof TAKING_DOWN;
  onStartMaintenance: () => void;
}) {
  const { preview, confirmed, setConfirmed } = guard;
  const words = TAKING_DOWN[action];
  const data = preview.data;
  const pods = data?.pods ?? [];
  return (
    <>
      {preview.isError ? (
        <p role="alert" className="text-red-800">
          The pods on the node could not be read: {preview.error.message}
        </p>
      ) : null}
      {data?.quorum && !data.quorum.ok ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          {data.quorum.message}
        </p>
      ) : null}
      {data?.nodeReady && pods.length > 0 ? (
        <div role="alert" className="space-y-2 rounded border border-amber-700 bg-amber-50 p-3">
          <p className="font-medium">
            Node {data.node} is Ready and still runs {plural(pods.length, 'pod')}:
          </p>
          <ul aria-label="Pods still running on the node" className="list-disc pl-6 text-sm">
            {pods.map((pod) => (
              <li key={pod}>{pod}</li>
            ))}
          </ul>
          <p className="text-sm">
            {words.consequence}
            {data.daemonSetPods > 0
              ? ` ${plural(data.daemonSetPods, 'DaemonSet-managed pod')} ${agree(data.daemonSetPods, 'stops', 'stop')} too and ${agree(data.daemonSetPods, 'comes', 'come')} back with the node.`
              : ''}{' '}
            Maintenance drains them first, respecting their PodDisruptionBudgets.
          </p>
          <button type="button" onClick={onStartMaintenance} className="rounded bg-slate-900 px-4 py-2 text-white">
            Start maintenance first
          </button>
          <CheckboxField id={`${words.id}-confirm-pods`} label={`${words.anyway}: these pods stop without a drain`} checked={confirmed} onChange={setConfirmed} />
        </div>
      ) : data ? (
        <p className="text-sm">{data.node ? `Node ${data.node} is ${data.nodeReady ? 'Ready and runs no workload pods' : 'not Ready'}.` : 'The host has no node.'}</p>
      ) : null}
    </>
  );
}

/** Power off: names the pods still running on a Ready node and offers maintenance first. */
export function PowerOffDialog(props: DialogProps & { onStartMaintenance: () => void }) {
  const { host, open, onClose, onOutcome } = props;
  const guard = useRunningPods(host, open);
  const action = useDay2Action<{ online: boolean; confirmRunningPods: boolean }>({ path: day2ApiPaths.power(host), onDone: (outcome) => { onOutcome(outcome); onClose(); } });
  const blocked = props.blocked ?? guard.blocked;
  return (
    <ActionDialog title={`Power off host ${host.name}`} open={open} onClose={onClose}>
      <p>
        Sets <code>spec.online: false</code>: BMO powers the machine off through its BMC and keeps it off until it is powered on again. Whatever runs on it stops at
        once.
      </p>
      <RunningPodsWarning guard={guard} action="power-off" onStartMaintenance={props.onStartMaintenance} />
      <OcCommand command={ocCommand('power-off', { host })} />
      {action.isError ? (
        <p role="alert" className="text-red-800">
          {action.error.message}
        </p>
      ) : null}
      <DialogButtons
        confirmLabel={`Power off host ${host.name}`}
        pendingLabel="Powering off…"
        pending={action.isPending}
        blockedReason={blocked}
        danger
        onConfirm={() => action.mutate({ online: false, confirmRunningPods: guard.confirmed })}
        onCancel={onClose}
        cancelLabel="Keep it on"
      />
    </ActionDialog>
  );
}

export function PowerOnDialog({ host, open, onClose, onOutcome, blocked }: DialogProps) {
  const action = useDay2Action<{ online: boolean }>({ path: day2ApiPaths.power(host), onDone: (outcome) => { onOutcome(outcome); onClose(); } });
  return (
    <ActionDialog title={`Power on host ${host.name}`} open={open} onClose={onClose}>
      <p>
        Sets <code>spec.online: true</code>: BMO powers the machine on through its BMC; <code>status.poweredOn</code> follows once it has. A provisioned host boots its
        installed system and its node comes back.
      </p>
      <OcCommand command={ocCommand('power-on', { host })} />
      {action.isError ? <p role="alert" className="text-red-800">{action.error.message}</p> : null}
      <DialogButtons confirmLabel={`Power on host ${host.name}`} pendingLabel="Powering on…" pending={action.isPending} blockedReason={blocked} onConfirm={() => action.mutate({ online: true })} onCancel={onClose} />
    </ActionDialog>
  );
}

/** The restart modes as the restart confirmations offer them (reboot.metal3.io's modes). */
export const RESTART_MODES: { value: RebootMode; label: string }[] = [
  { value: 'soft-then-hard', label: 'Soft, then hard if the soft power-off fails' },
  { value: 'soft', label: 'Soft (ask the operating system to shut down)' },
  { value: 'hard', label: 'Hard (cut the power)' },
];

/** Restart: the reboot annotation with its mode; like power off, names the pods still running on a Ready node and offers maintenance first. */
export function RestartDialog(props: DialogProps & { onStartMaintenance: () => void }) {
  const { host, node, open, onClose, onOutcome } = props;
  const [mode, setMode] = useState<RebootMode>('soft-then-hard');
  const guard = useRunningPods(host, open);
  const action = useDay2Action<{ mode: RebootMode; confirmRunningPods: boolean }>({ path: day2ApiPaths.restart(host), onDone: (outcome) => { onOutcome(outcome); onClose(); } });
  const blocked = props.blocked ?? guard.blocked;
  return (
    <ActionDialog title={`Restart host ${host.name}`} open={open} onClose={onClose}>
      <p>
        Sets the <code>reboot.metal3.io</code> annotation: BMO powers the machine off, removes the annotation, and powers it on again. Until then the host shows
        “restart pending”. {node ? `Node ${node} goes NotReady meanwhile.` : ''}
      </p>
      <RunningPodsWarning guard={guard} action="restart" onStartMaintenance={props.onStartMaintenance} />
      <SelectField id="restart-mode" label="How to power it off" value={mode} options={RESTART_MODES} onChange={setMode} />
      <OcCommand command={ocCommand('restart', { host, mode })} />
      {action.isError ? <p role="alert" className="text-red-800">{action.error.message}</p> : null}
      <DialogButtons
        confirmLabel={`Restart host ${host.name}`}
        pendingLabel="Restarting…"
        pending={action.isPending}
        blockedReason={blocked}
        danger
        onConfirm={() => action.mutate({ mode, confirmRunningPods: guard.confirmed })}
        onCancel={onClose}
      />
    </ActionDialog>
  );
}

export function ReinspectDialog({ host, open, onClose, onOutcome, blocked }: DialogProps) {
  const action = useDay2Action<undefined>({ path: day2ApiPaths.inspect(host), onDone: (outcome) => { onOutcome(outcome); onClose(); } });
  return (
    <ActionDialog title={`Re-inspect host ${host.name}`} open={open} onClose={onClose}>
      <p>
        Sets the <code>inspect.metal3.io</code> annotation: BMO boots the host into its inspection image (state inspecting), records its CPU, memory, disks and NICs
        again, and brings it back to available. The hardware shown here is replaced when inspection ends.
      </p>
      <OcCommand command={ocCommand('reinspect', { host })} />
      {action.isError ? <p role="alert" className="text-red-800">{action.error.message}</p> : null}
      <DialogButtons confirmLabel={`Re-inspect host ${host.name}`} pendingLabel="Requesting…" pending={action.isPending} blockedReason={blocked} onConfirm={() => action.mutate(undefined)} onCancel={onClose} />
    </ActionDialog>
  );
}

export function DetachDialog({ host, open, onClose, onOutcome, blocked, detached }: DialogProps & { detached: boolean }) {
  const action = useDay2Action<{ detached: boolean }>({ path: day2ApiPaths.detach(host), onDone: (outcome) => { onOutcome(outcome); onClose(); } });
  const verb = detached ? 'Attach' : 'Detach';
  return (
    <ActionDialog title={`${verb} host ${host.name}`} open={open} onClose={onClose}>
      {detached ? (
        <p>
          Removes the <code>{DETACHED_ANNOTATION}</code> annotation: BMO registers the host with its BMC again and manages it (its power follows <code>spec.online</code>{' '}
          again). Its provisioning state is unchanged.
        </p>
      ) : (
        <>
          <p>
            Sets the <code>{DETACHED_ANNOTATION}</code> annotation: BMO removes the host from its provisioner <strong>without deprovisioning it</strong>. The machine
            and what runs on it are untouched, and its state is kept.
          </p>
          <ul className="list-disc pl-6 text-sm">
            <li>BMO no longer manages its power: spec.online is not enforced, restarts are not done.</li>
            <li>It is not inspected, provisioned or deprovisioned until it is attached again.</li>
            <li>Use it to change its BMC, or to hand the machine to another management system for a while.</li>
          </ul>
        </>
      )}
      <OcCommand command={ocCommand(detached ? 'attach' : 'detach', { host })} />
      {action.isError ? <p role="alert" className="text-red-800">{action.error.message}</p> : null}
      <DialogButtons confirmLabel={`${verb} host ${host.name}`} pendingLabel={`${verb}ing…`} pending={action.isPending} blockedReason={blocked} onConfirm={() => action.mutate({ detached: !detached })} onCancel={onClose} />
    </ActionDialog>
  );
}

export function EndMaintenanceDialog({ host, node, open, onClose, onOutcome, blocked }: DialogProps) {
  const action = useDay2Action<undefined>({ method: 'DELETE', path: day2ApiPaths.maintenance(host), onDone: (outcome) => { onOutcome(outcome); onClose(); } });
  return (
    <ActionDialog title={`End maintenance of host ${host.name}`} open={open} onClose={onClose}>
      <p>
        Clears the maintenance record, stops a drain still running, and uncordons node {node ?? '(its node)'}: new pods may be scheduled there again. Pods the
        drain evicted do not move back by themselves.
      </p>
      <OcCommand command={ocCommand('maintenance-end', { host, ...(node ? { node } : {}) })} />
      {action.isError ? <p role="alert" className="text-red-800">{action.error.message}</p> : null}
      <DialogButtons confirmLabel="End maintenance" pendingLabel="Ending…" pending={action.isPending} blockedReason={blocked} onConfirm={() => action.mutate(undefined)} onCancel={onClose} cancelLabel="Stay in maintenance" />
    </ActionDialog>
  );
}
