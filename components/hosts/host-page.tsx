'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { HostActions } from '@/components/hosts/host-actions';
import { HostTimeline } from '@/components/hosts/host-timeline';
import { useLive, useLiveValue, useTopicError } from '@/components/live/use-live';
import { RemoveHostButton } from '@/components/removal/remove-host-dialog';
import { RelativeTime } from '@/components/ui/relative-time';
import { SimpleTable } from '@/components/ui/simple-table';
import { StatusBadge } from '@/components/ui/status-badge';
import type { HostPage } from '@/lib/hosts/page';
import { hostTimeline } from '@/lib/join/timeline';
import type { Topic } from '@/lib/live/topics';
import { formatBytes, specRows } from '@/lib/metal3/host-details';
import { hostStatus } from '@/lib/metal3/host-status';
import { removalPath } from '@/lib/paths';
import { queryKeys } from '@/lib/query-keys';

type HostRef = { namespace: string; name: string };

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Pairs({ rows, label }: { rows: [string, ReactNode][]; label: string }) {
  return (
    <dl aria-label={label} className="grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-medium">{term}</dt>
          <dd className="break-all font-mono">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The node the host's timeline follows: its linked node, else the name it will join as. */
function timelineNodeName(page: HostPage, host: HostRef): string {
  return page.link.node?.name ?? page.link.host?.recordedNodeName ?? page.link.host?.expectedNodeName ?? host.name;
}

/**
 * A host's page: timeline to Node Ready, status, spec (credentials by Secret name only), hardware,
 * node and events, kept current by the live stream (topic `host`). When the host is removed while
 * the page is open, it says so instead of failing.
 */
export function HostPageView({ host, initial }: { host: HostRef; initial: HostPage }) {
  const topics: Topic[] = [{ kind: 'host', ...host }];
  const connection = useLive(topics);
  const page = useLiveValue<HostPage>(queryKeys.hostPage(host.namespace, host.name), initial) ?? initial;
  const unavailable = useTopicError(topics[0]!);
  const lastRemoval = useLiveValue<HostPage['removal']>(queryKeys.lastRemoval(host.namespace, host.name));
  const details = page.host;

  const header = (
    <p>
      <Link href="/" className="text-blue-800 underline">
        Inventory
      </Link>{' '}
      / {host.namespace}
    </p>
  );

  if (!details) {
    const removal = page.removal.state === 'verified' ? page.removal : lastRemoval?.state === 'verified' ? lastRemoval : undefined;
    return (
      <div className="space-y-4">
        {header}
        <h1 className="text-2xl font-semibold">Host {host.name}</h1>
        <p role="status" className="rounded border border-slate-400 bg-slate-50 p-3">
          Host {host.name} does not exist in namespace {host.namespace}
          {removal ? (
            <>
              : it was removed by {removal.requestedBy} (removal started <RelativeTime iso={removal.requestedAt} />).
            </>
          ) : (
            '; it was removed, or never enrolled.'
          )}{' '}
          <Link href="/" className="text-blue-800 underline">
            Back to the inventory
          </Link>
        </p>
      </div>
    );
  }

  const status = hostStatus({
    state: details.status?.provisioning?.state,
    operationalStatus: details.status?.operationalStatus,
    errorType: details.status?.errorType,
    errorMessage: details.status?.errorMessage,
    errorCount: details.status?.errorCount,
  });
  const hardware = details.status?.hardware;
  const events = 'error' in page.events ? page.events.error : page.events;
  const csrs = 'error' in page.csrs ? page.csrs.error : page.csrs;
  const node = page.node && 'error' in page.node ? page.node.error : page.node;
  const history = details.status?.operationHistory;
  const eventTimes = new Map<string, string>();
  for (const event of typeof events === 'string' ? [] : [...events].reverse()) eventTimes.set(event.reason, event.at);
  const readySince = node && typeof node === 'object' ? node.conditions.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime : undefined;
  const timeline = hostTimeline({
    createdAt: details.metadata.creationTimestamp,
    externallyProvisioned: details.spec?.externallyProvisioned ?? false,
    state: details.status?.provisioning?.state ?? '',
    ...(status.group === 'error' && status.detail ? { error: status.detail } : {}),
    eventTimes,
    history: {
      registered: history?.register?.end ?? undefined,
      inspected: history?.inspect?.end ?? undefined,
      provisioningStarted: history?.provision?.start ?? undefined,
      provisioned: history?.provision?.end ?? undefined,
    },
    nodeName: timelineNodeName(page, host),
    csrs: typeof csrs === 'string' ? [] : csrs,
    ...(page.link.node ? { node: { createdAt: page.link.node.createdAt, readySince } } : {}),
  });

  return (
    <div className="space-y-6">
      {header}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Host {host.name}</h1>
        <RemoveHostButton host={host} blocked={page.day2.remove.allowed ? undefined : (page.day2.remove.reason ?? 'You may not remove hosts here.')} />
      </div>
      {connection === 'reconnecting' ? (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 p-2">
          Reconnecting — data may be stale.
        </p>
      ) : null}
      {unavailable ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          {unavailable}
        </p>
      ) : null}

      {page.removal.state === 'verified' ? (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 p-3">
          This host is being removed (started by {page.removal.requestedBy} <RelativeTime iso={page.removal.requestedAt} />).{' '}
          <Link href={removalPath(host)} className="text-blue-800 underline">
            Follow the removal
          </Link>
        </p>
      ) : page.removal.state === 'unverified' ? (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 p-3">
          This host carries a removal record the console cannot verify ({page.removal.reason}); it is never acted on.{' '}
          <Link href={removalPath(host)} className="text-blue-800 underline">
            See or clear it
          </Link>
        </p>
      ) : null}

      <HostActions host={host} page={page} />

      <Section title="Timeline">
        <HostTimeline milestones={timeline} />
        {typeof csrs === 'string' && <p className="text-sm text-red-800">CSRs could not be read: {csrs}</p>}
      </Section>

      <Section title="Status">
        <Pairs
          label="Status"
          rows={[
            ['Provisioning state', status.label],
            ['Operational status', details.status?.operationalStatus ?? '—'],
            ['Powered on', details.status?.poweredOn === undefined ? '—' : String(details.status.poweredOn)],
            ...(status.detail ? ([['Error', status.detail]] as [string, string][]) : []),
          ]}
        />
        <StatusBadge tone={status.tone} label={status.label} />
      </Section>

      <Section title="Spec">
        <Pairs label="Spec" rows={specRows(details)} />
      </Section>

      <Section title="Hardware">
        {hardware ? (
          <div className="space-y-3 text-sm">
            <Pairs
              label="CPU and memory"
              rows={[
                ['CPU', `${hardware.cpu?.count ?? '?'} × ${hardware.cpu?.model ?? 'unknown'} (${hardware.cpu?.arch ?? '?'})`],
                ['RAM', formatBytes((hardware.ramMebibytes ?? 0) * 1024 * 1024)],
              ]}
            />
            <SimpleTable
              caption="Network interfaces"
              empty="Inspection recorded no network interfaces. If the host has some, re-inspect it."
              columns={['Name', 'MAC', 'IP', 'Speed']}
              rows={(hardware.nics ?? []).map((nic) => ({
                key: `${nic.name}-${nic.mac}`,
                cells: [nic.name, <span key="mac" className="font-mono">{nic.mac}</span>, <span key="ip" className="font-mono">{nic.ip}</span>, nic.speedGbps ? `${nic.speedGbps} Gbps` : '—'],
              }))}
            />
            <SimpleTable
              caption="Disks"
              empty="Inspection recorded no disks. If the host has some, re-inspect it."
              columns={['Name', 'Model', 'Size', 'Rotational']}
              rows={(hardware.storage ?? []).map((disk) => ({
                key: disk.name ?? '',
                cells: [disk.name, disk.model, formatBytes(disk.sizeBytes), disk.rotational ? 'Yes' : 'No'],
              }))}
            />
          </div>
        ) : (
          <p className="text-sm">Not inspected yet{details.spec?.externallyProvisioned ? ' (externally provisioned hosts are not inspected)' : ''}.</p>
        )}
      </Section>

      <Section title="Node">
        {!page.link.node ? (
          <p className="text-sm">{page.link.problem ?? 'No node is linked to this host.'}</p>
        ) : typeof node === 'string' ? (
          <p role="alert" className="text-sm text-red-800">
            {node}
          </p>
        ) : (
          <div className="space-y-2 text-sm">
            <p>
              Node <span className="font-medium">{page.link.node.name}</span>, linked{' '}
              {page.link.rule === 'recorded' ? 'by the name recorded at CSR approval' : page.link.rule === 'ip' ? 'by IP address' : 'by name'}.
            </p>
            <Pairs label="Node addresses" rows={(node?.addresses ?? []).map((a): [string, string] => [a.type, a.address])} />
            <SimpleTable
              caption="Node conditions"
              empty="The kubelet has not posted the node's conditions yet."
              columns={['Condition', 'Status', 'Reason', 'Since']}
              rows={(node?.conditions ?? []).map((c) => ({ key: c.type, cells: [c.type, c.status, c.reason ?? '', <RelativeTime key="t" iso={c.lastTransitionTime} />] }))}
            />
          </div>
        )}
      </Section>

      <Section title="Events">
        {typeof events === 'string' ? (
          <p role="alert" className="text-sm text-red-800">
            {events}
          </p>
        ) : (
          <SimpleTable
            caption="Events of this host"
            empty="No events for this host. The apiserver keeps events for an hour by default (--event-ttl)."
            captionHidden
            columns={['Time', 'Type', 'Reason', 'Message']}
            rows={events.map((event) => ({
              key: event.uid,
              cells: [<RelativeTime key="t" iso={event.at} />, event.type, event.reason, `${event.message}${event.count > 1 ? ` (×${event.count})` : ''}`],
            }))}
          />
        )}
      </Section>
    </div>
  );
}
