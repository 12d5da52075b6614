'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { useLive, useLiveValue, useTopicError } from '@/components/live/use-live';
import type { ActionOutcome } from '@/lib/day2/actions';
import type { HostPage } from '@/lib/hosts/page';
import type { Topic } from '@/lib/live/topics';
import { hostPath } from '@/lib/paths';
import { queryKeys } from '@/lib/query-keys';
import { MaintenancePanel } from './flow-panels';
import { OutcomeNote } from './outcome';
import { EndMaintenanceDialog } from './simple-dialogs';

/** A host's maintenance on a page of its own, fed by the same host topic as the host page (no second stream, no polling). */
export function MaintenancePageView({ host, initial }: { host: { namespace: string; name: string }; initial: HostPage }) {
  const topics = useMemo<Topic[]>(() => [{ kind: 'host', ...host }], [host]);
  const connection = useLive(topics);
  const page = useLiveValue<HostPage>(queryKeys.hostPage(host.namespace, host.name), initial) ?? initial;
  const unavailable = useTopicError(topics[0]!);
  const [ending, setEnding] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const view = page.day2.maintenance;
  return (
    <div className="space-y-4">
      {connection === 'reconnecting' ? (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 p-2">
          Reconnecting — progress may be stale.
        </p>
      ) : null}
      {unavailable ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          {unavailable}
        </p>
      ) : null}
      {view.state === 'none' || (view.state === 'ended' && view.progress.status === 'cancelled') ? <p role="status">Host {host.name} is not in maintenance.</p> : null}
      <MaintenancePanel host={host} view={view} onEnd={() => setEnding(true)} canEnd={page.day2.access['maintenance-end'].allowed} />
      {outcome ? <OutcomeNote outcome={outcome} /> : null}
      <EndMaintenanceDialog host={host} {...(page.link.node ? { node: page.link.node.name } : {})} open={ending} onClose={() => setEnding(false)} onOutcome={setOutcome} />
      <Link href={hostPath(host)} className="inline-block rounded border border-slate-400 px-4 py-2">
        Back to host {host.name}
      </Link>
    </div>
  );
}
