'use client';

import Link from 'next/link';
import { useMemo } from 'react';
import { useLive, useLiveValue } from '@/components/live/use-live';
import { linkInventory, orphanKind } from '@/lib/inventory/links';
import type { StreamHealth, StreamSnapshot } from '@/lib/inventory/stream';
import type { HostView, NodeView } from '@/lib/inventory/views';
import type { Topic } from '@/lib/live/topics';
import { queryKeys } from '@/lib/query-keys';
import { InventoryTable } from './inventory-table';

const TOPICS: Topic[] = [{ kind: 'inventory' }];

/**
 * Hosts and nodes side by side, kept current by the live stream (topic `inventory`); `batch`
 * (a batch id the page has checked) starts the table filtered to that bulk enrollment;
 * `enrollBlocked` (why the viewer may not create hosts) replaces the enrollment links.
 */
export function InventoryView({ initial, setupProblems, batch, enrollBlocked }: { initial: StreamSnapshot; setupProblems: string[]; batch?: string; enrollBlocked?: string }) {
  const connection = useLive(TOPICS);
  const hosts = useLiveValue<HostView[]>(queryKeys.hosts(), initial.hosts) ?? initial.hosts;
  const nodes = useLiveValue<NodeView[]>(queryKeys.nodes(), initial.nodes) ?? initial.nodes;
  const health = useLiveValue<StreamHealth>(queryKeys.inventoryHealth());
  const rows = useMemo(() => linkInventory(hosts, nodes), [hosts, nodes]);
  // The page comes with the first screen only; the stream's first snapshot replaces it with all.
  const partial = initial.partial;
  const pending = partial && hosts === initial.hosts && nodes === initial.nodes && partial.hosts + partial.nodes > hosts.length + nodes.length ? partial : undefined;
  const orphans = useMemo(() => {
    const counts = { 'host without node': 0, 'node without host': 0 };
    for (const row of rows) {
      const kind = orphanKind(row);
      if (kind) counts[kind] += 1;
    }
    return counts;
  }, [rows]);

  return (
    <div className="space-y-4">
      {setupProblems.length > 0 && (
        <div role="region" aria-label="Provisioning setup" className="rounded border border-amber-700 bg-amber-50 p-3">
          <p className="font-medium">Provisioning is not set up: {setupProblems[0]}</p>
          <Link href="/setup" className="text-blue-800 underline">
            Finish provisioning setup
          </Link>
        </div>
      )}
      {connection === 'reconnecting' && (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 p-2">
          Reconnecting — data may be stale.
        </p>
      )}
      {health?.error && (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          {health.error}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-4">
        {enrollBlocked ? (
          <p className="text-sm text-slate-700">Enrolling hosts is not offered: {enrollBlocked}</p>
        ) : (
          <>
            <Link href="/hosts/new" className="inline-block rounded bg-slate-900 px-4 py-2 text-white">
              Enroll a host
            </Link>
            <Link href="/hosts/new/bulk" className="underline">
              Enroll hosts in bulk (CSV or YAML)
            </Link>
          </>
        )}
        <Link href="/batches" className="underline">
          Batches
        </Link>
      </div>
      <dl className="flex flex-wrap gap-6 text-sm">
        <div>
          <dt className="inline font-medium">Hosts: </dt>
          <dd className="inline">{pending?.hosts ?? hosts.length}</dd>
        </div>
        <div>
          <dt className="inline font-medium">Nodes: </dt>
          <dd className="inline">{pending ? pending.nodes : `${nodes.length} (${nodes.filter((n) => n.ready === 'True').length} Ready)`}</dd>
        </div>
        <div>
          <dt className="inline font-medium">Hosts without a node: </dt>
          <dd className="inline">{orphans['host without node']}</dd>
        </div>
        <div>
          <dt className="inline font-medium">Nodes without a host: </dt>
          <dd className="inline">{orphans['node without host']}</dd>
        </div>
      </dl>
      {pending ? (
        <p role="status" className="text-sm text-slate-700">
          Showing the first rows; loading the other {pending.hosts + pending.nodes - hosts.length - nodes.length} hosts and nodes…
        </p>
      ) : null}
      <InventoryTable rows={rows} {...(batch ? { batch } : {})} />
    </div>
  );
}
