'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { hostMarks } from '@/lib/day2/rules';
import { type InventoryRow, type LinkRule, orphanKind } from '@/lib/inventory/links';
import type { InventoryColumnId } from '@/lib/inventory/table';
import { nodeStatusText } from '@/lib/inventory/node-status';
import { hostStatus, powerStatus } from '@/lib/metal3/host-status';
import { hostPath } from '@/lib/paths';

const LINK_TEXT: Record<LinkRule, string> = {
  recorded: 'linked as recorded',
  ip: 'linked by IP',
  name: 'linked by name',
};

function HostCell({ row }: { row: InventoryRow }) {
  const orphan = orphanKind(row);
  return (
    <div className="flex flex-col items-start">
      {row.host ? (
        <Link href={hostPath(row.host)} className="break-all font-medium text-blue-800 underline">
          {row.host.name}
        </Link>
      ) : (
        <span className="text-slate-600">no host</span>
      )}
      {orphan ? <span className="mt-0.5 rounded border border-amber-700 bg-amber-50 px-1 text-xs text-amber-950">{orphan}</span> : null}
    </div>
  );
}

function StateCell({ row }: { row: InventoryRow }) {
  const host = row.host;
  if (!host) return null;
  const status = hostStatus(host);
  return (
    <div className="flex flex-col items-start">
      <StatusBadge tone={status.tone} label={host.deleting && status.group !== 'deprovisioning/deleting' ? `${status.label} (deleting)` : status.label} />
      {status.detail ? (
        <span className="line-clamp-2 text-xs text-red-800" title={status.detail}>
          {status.detail}
        </span>
      ) : null}
      {host.removal ? <span className="text-xs text-amber-900">{host.removal}</span> : null}
      {hostMarks({
        annotations: host.day2.annotations,
        ...(host.operationalStatus ? { operationalStatus: host.operationalStatus } : {}),
        inMaintenance: host.day2.flows.maintenance !== 'none',
        ...(row.node ? { node: row.node.name } : {}),
      }).map((mark) => (
        <StatusBadge key={mark.label} tone={mark.tone} label={mark.label} />
      ))}
    </div>
  );
}

function NodeCell({ row }: { row: InventoryRow }) {
  if (!row.node) return row.problem ? <span className="text-xs text-red-800">{row.problem}</span> : null;
  return (
    <div className="flex flex-col">
      <span className="break-all">{row.node.name}</span>
      {row.link ? <span className="text-xs text-slate-600">{LINK_TEXT[row.link]}</span> : null}
    </div>
  );
}

const mono = (text: string | undefined) => (text ? <span className="break-all font-mono text-xs">{text}</span> : null);

/** One cell of the inventory, by column (`select` and `actions` are the table's own). */
export function InventoryCell({ column, row }: { column: InventoryColumnId; row: InventoryRow }): ReactNode {
  const { host, node } = row;
  switch (column) {
    case 'host':
      return <HostCell row={row} />;
    case 'state':
      return <StateCell row={row} />;
    case 'power': {
      if (!host) return null;
      const power = powerStatus(host);
      return <StatusBadge tone={power.tone} label={power.label} />;
    }
    case 'node':
      return <NodeCell row={row} />;
    case 'nodeStatus':
      return node ? <StatusBadge tone={node.ready === 'True' ? (node.unschedulable ? 'warning' : 'ok') : 'error'} label={nodeStatusText(node)} /> : null;
    case 'roles':
      return node ? node.roles.join(', ') || '<none>' : null;
    case 'internalIp':
      return mono(node?.internalIps.join(', '));
    case 'bootMac':
      return mono(host?.bootMACAddress);
    case 'bmcAddress':
      return mono(host?.bmcAddress);
    case 'version':
      return node?.kubeletVersion ?? null;
    case 'age':
      return <RelativeTime iso={host?.createdAt ?? node?.createdAt} />;
    case 'select':
    case 'actions':
      return null;
  }
}
