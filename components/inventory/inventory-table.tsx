'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { RemoveHostDialog } from '@/components/removal/remove-host-dialog';
import { useMemo, useRef, useState } from 'react';
import { StatusBadge } from '@/components/ui/status-badge';
import { useNow } from '@/components/ui/use-now';
import { formatAge } from '@/lib/format/age';
import { type InventoryRow, type LinkRule, orphanKind } from '@/lib/inventory/links';
import { hostPath } from '@/lib/paths';
import { type RowFilter, type SortKey, type TableQuery, queryRows } from '@/lib/inventory/table';
import { nodeStatusText } from '@/lib/inventory/views';
import { HOST_STATE_GROUPS, hostStatus } from '@/lib/metal3/host-status';

const LINK_TEXT: Record<LinkRule, string> = {
  recorded: 'recorded',
  ip: 'by IP',
  name: 'by name',
};

const COLUMNS: { label: string; sort?: SortKey; className?: string }[] = [
  { label: 'Host', sort: 'host' },
  { label: 'State', sort: 'state' },
  { label: 'Power' },
  { label: 'Online' },
  { label: 'Externally provisioned' },
  { label: 'Boot MAC' },
  { label: 'BMC address' },
  { label: 'Link' },
  { label: 'Node', sort: 'node' },
  { label: 'Node status', sort: 'nodeStatus' },
  { label: 'Roles' },
  { label: 'Version' },
  { label: 'Internal IP' },
  { label: 'Age', sort: 'age' },
];

const ROW_HEIGHT = 44;

function yesNo(value: boolean | undefined): string {
  return value === undefined ? '—' : value ? 'Yes' : 'No';
}

function Row({ row, now }: { row: InventoryRow; now: number }) {
  const host = row.host;
  const node = row.node;
  const status = host ? hostStatus(host) : undefined;
  const orphan = orphanKind(row);
  return (
    <>
      <td className="px-2 py-1 font-medium">
        {host ? (
          <Link href={hostPath(host)} className="text-blue-800 underline">
            {host.name}
          </Link>
        ) : (
          <span className="text-slate-500">—</span>
        )}
        {orphan && ' '}
        {orphan && (
          <span className="ml-2 rounded border border-amber-700 bg-amber-50 px-1 text-xs text-amber-950">{orphan}</span>
        )}
        {host && !host.deleting ? (
          <>
            {' '}
            <span className="ml-2 text-xs">
              <RemoveHostDialog host={host} compact />
            </span>
          </>
        ) : null}
      </td>
      <td className="px-2 py-1">
        {status && host ? (
          <div className="flex flex-col">
            <StatusBadge tone={status.tone} label={host.deleting && status.group !== 'deprovisioning/deleting' ? `${status.label} (deleting)` : status.label} />
            {status.detail && <span className="max-w-72 truncate text-xs text-red-800" title={status.detail}>{status.detail}</span>}
          </div>
        ) : null}
      </td>
      <td className="px-2 py-1">{host ? (host.poweredOn === undefined ? '—' : host.poweredOn ? 'On' : 'Off') : ''}</td>
      <td className="px-2 py-1">{host ? yesNo(host.online) : ''}</td>
      <td className="px-2 py-1">{host ? yesNo(host.externallyProvisioned) : ''}</td>
      <td className="px-2 py-1 font-mono text-xs">{host?.bootMACAddress ?? ''}</td>
      <td className="max-w-64 truncate px-2 py-1 font-mono text-xs" title={host?.bmcAddress}>
        {host?.bmcAddress ?? ''}
      </td>
      <td className="px-2 py-1 text-xs">
        {row.link ? LINK_TEXT[row.link] : row.problem ? <span className="text-red-800">{row.problem}</span> : ''}
      </td>
      <td className="px-2 py-1">{node?.name ?? ''}</td>
      <td className="px-2 py-1">
        {node ? <StatusBadge tone={node.ready === 'True' ? (node.unschedulable ? 'warning' : 'ok') : 'error'} label={nodeStatusText(node)} /> : null}
      </td>
      <td className="px-2 py-1">{node ? node.roles.join(',') || '<none>' : ''}</td>
      <td className="px-2 py-1 text-xs">{node?.kubeletVersion ?? ''}</td>
      <td className="px-2 py-1 font-mono text-xs">{node?.internalIps.join(', ') ?? ''}</td>
      <td className="px-2 py-1 text-xs">{formatAge(host?.createdAt ?? node?.createdAt, now)}</td>
    </>
  );
}

export function InventoryTable({ rows }: { rows: InventoryRow[] }) {
  const [query, setQuery] = useState<TableQuery>({ filter: 'all', search: '', sort: 'host', descending: false });
  const visible = useMemo(() => queryRows(rows, query), [rows, query]);
  const now = useNow(5000);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  const sortBy = (key: SortKey) =>
    setQuery((q) => ({ ...q, sort: key, descending: q.sort === key ? !q.descending : false }));

  return (
    <section aria-labelledby="inventory-heading" className="space-y-3">
      <h2 id="inventory-heading" className="sr-only">
        Hosts and nodes
      </h2>
      <div className="flex flex-wrap items-end gap-4">
        <div className="flex flex-col">
          <label htmlFor="inventory-filter" className="text-sm font-medium">
            State
          </label>
          <select
            id="inventory-filter"
            value={query.filter}
            onChange={(e) => setQuery((q) => ({ ...q, filter: e.target.value as RowFilter }))}
            className="rounded border border-slate-400 px-2 py-1"
          >
            <option value="all">All</option>
            {HOST_STATE_GROUPS.map((group) => (
              <option key={group} value={group}>
                {group}
              </option>
            ))}
            <option value="node without host">node without host</option>
          </select>
        </div>
        <div className="flex flex-col">
          <label htmlFor="inventory-search" className="text-sm font-medium">
            Search by name, MAC or IP
          </label>
          <input
            id="inventory-search"
            type="search"
            value={query.search}
            onChange={(e) => setQuery((q) => ({ ...q, search: e.target.value }))}
            className="w-72 rounded border border-slate-400 px-2 py-1"
          />
        </div>
        <p className="text-sm text-slate-700" role="status">
          Showing {visible.length} of {rows.length} rows
        </p>
      </div>
      <div ref={scrollRef} className="max-h-[70vh] overflow-auto rounded border border-slate-300">
        <table className="w-full min-w-[1400px] border-collapse text-sm">
          <caption className="sr-only">BareMetalHosts and Nodes, linked</caption>
          <thead className="sticky top-0 z-10 bg-slate-100">
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column.label}
                  scope="col"
                  className="whitespace-nowrap px-2 py-2 text-left font-semibold"
                  aria-sort={column.sort && query.sort === column.sort ? (query.descending ? 'descending' : 'ascending') : undefined}
                >
                  {column.sort ? (
                    <button type="button" onClick={() => sortBy(column.sort as SortKey)} className="underline decoration-dotted">
                      {column.label}
                      <span aria-hidden="true">{query.sort === column.sort ? (query.descending ? ' ▼' : ' ▲') : ''}</span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 && (
              <tr aria-hidden="true">
                <td colSpan={COLUMNS.length} style={{ height: paddingTop }} />
              </tr>
            )}
            {items.map((item) => {
              const row = visible[item.index];
              if (!row) return null;
              return (
                <tr key={row.key} data-index={item.index} ref={virtualizer.measureElement} className="border-t border-slate-200 align-top">
                  <Row row={row} now={now} />
                </tr>
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true">
                <td colSpan={COLUMNS.length} style={{ height: paddingBottom }} />
              </tr>
            )}
          </tbody>
        </table>
        {visible.length === 0 && <p className="p-4 text-slate-700">No host or node matches.</p>}
      </div>
    </section>
  );
}
