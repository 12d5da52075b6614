import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AutoRefresh } from '@/components/hosts/auto-refresh';
import { HostTimeline } from '@/components/hosts/host-timeline';
import { RemoveHostDialog } from '@/components/removal/remove-host-dialog';
import { SimpleTable } from '@/components/ui/simple-table';
import { StatusBadge } from '@/components/ui/status-badge';
import { linkInventory } from '@/lib/inventory/links';
import { hostTimeline } from '@/lib/join/timeline';
import { formatBytes, specRows } from '@/lib/metal3/host-details';
import { ANNOTATIONS } from '@/lib/metal3/constants';
import { hostStatus } from '@/lib/metal3/host-status';
import { hostPath, removalPath } from '@/lib/paths';
import { requirePageSession } from '@/server/auth/request';
import { listCsrs } from '@/server/csr';
import { namespacedNameSchema } from '@/lib/k8s/names';
import { isClusterError, settle } from '@/server/errors';
import { type NodeDetails, listHostEvents, readHostOrThrow, readNodeOrThrow } from '@/server/hosts';
import { kubeConfigFor } from '@/server/kube/identity';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
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

function Pairs({ rows, label }: { rows: [string, string][]; label: string }) {
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

export default async function HostPage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const parsed = namespacedNameSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { namespace, name } = parsed.data;
  const session = await requirePageSession(hostPath({ namespace, name }));
  const kc = kubeConfigFor(session);
  let host;
  try {
    host = await readHostOrThrow(kc, { namespace, name });
  } catch (error) {
    if (isClusterError(error, 'NotFound')) notFound();
    throw error;
  }
  const [eventsRead, snapshot] = await Promise.all([settle(listHostEvents(kc, { namespace, name })), hubFor(session).snapshot()]);
  const events = eventsRead.ok ? eventsRead.value : eventsRead.message;
  const csrsRead = await settle(listCsrs(hubFor(session)));
  const csrs = csrsRead.ok ? csrsRead.value : csrsRead.message;
  const row = linkInventory(snapshot.hosts, snapshot.nodes).find((r) => r.host?.name === name && r.host.namespace === namespace);
  let node: NodeDetails | string | undefined;
  if (row?.node) {
    const nodeRead = await settle(readNodeOrThrow(kc, row.node.name));
    node = nodeRead.ok ? nodeRead.value : nodeRead.message;
  }
  const status = hostStatus({
    state: host.status?.provisioning?.state,
    operationalStatus: host.status?.operationalStatus,
    errorType: host.status?.errorType,
    errorMessage: host.status?.errorMessage,
    errorCount: host.status?.errorCount,
  });
  const hardware = host.status?.hardware;
  const hostView = row?.host;
  const nodeName = row?.node?.name ?? hostView?.recordedNodeName ?? hostView?.expectedNodeName ?? name;
  const history = host.status?.operationHistory;
  const eventTimes = new Map<string, string>();
  for (const event of typeof events === 'string' ? [] : [...events].reverse()) eventTimes.set(event.reason, event.at);
  const readySince =
    typeof node === 'object' ? node.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime : undefined;
  const timeline = hostTimeline({
    createdAt: host.metadata.creationTimestamp,
    externallyProvisioned: host.spec?.externallyProvisioned ?? false,
    state: host.status?.provisioning?.state ?? '',
    ...(status.group === 'error' && status.detail ? { error: status.detail } : {}),
    eventTimes,
    history: {
      registered: history?.register?.end ?? undefined,
      inspected: history?.inspect?.end ?? undefined,
      provisioningStarted: history?.provision?.start ?? undefined,
      provisioned: history?.provision?.end ?? undefined,
    },
    nodeName,
    csrs: typeof csrs === 'string' ? [] : csrs.filter((c) => c.assessment.nodeName === nodeName),
    ...(row?.node ? { node: { createdAt: row.node.createdAt, readySince } } : {}),
  });

  return (
    <div className="space-y-6">
      <AutoRefresh everyMs={5000} />
      <p>
        <Link href="/" className="text-blue-800 underline">
          Inventory
        </Link>{' '}
        / {namespace}
      </p>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Host {name}</h1>
        <RemoveHostDialog host={{ namespace, name }} />
      </div>

      {host.metadata.annotations?.[ANNOTATIONS.removal] ? (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 p-3">
          This host is being removed.{' '}
          <Link href={removalPath({ namespace, name })} className="text-blue-800 underline">
            Follow the removal
          </Link>
        </p>
      ) : null}

      <Section title="Timeline">
        <HostTimeline milestones={timeline} />
        {typeof csrs === 'string' && <p className="text-sm text-red-800">CSRs could not be read: {csrs}</p>}
      </Section>

      <Section title="Status">
        <Pairs
          label="Status"
          rows={[
            ['Provisioning state', status.label],
            ['Operational status', host.status?.operationalStatus ?? '—'],
            ['Powered on', host.status?.poweredOn === undefined ? '—' : String(host.status.poweredOn)],
            ...(status.detail ? ([['Error', status.detail]] as [string, string][]) : []),
          ]}
        />
        <StatusBadge tone={status.tone} label={status.label} />
      </Section>

      <Section title="Spec">
        <Pairs label="Spec" rows={specRows(host)} />
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
              columns={['Name', 'MAC', 'IP', 'Speed']}
              rows={(hardware.nics ?? []).map((nic) => ({
                key: `${nic.name}-${nic.mac}`,
                cells: [nic.name, <span key="mac" className="font-mono">{nic.mac}</span>, <span key="ip" className="font-mono">{nic.ip}</span>, nic.speedGbps ? `${nic.speedGbps} Gbps` : '—'],
              }))}
            />
            <SimpleTable
              caption="Disks"
              columns={['Name', 'Model', 'Size', 'Rotational']}
              rows={(hardware.storage ?? []).map((disk) => ({
                key: disk.name ?? '',
                cells: [disk.name, disk.model, formatBytes(disk.sizeBytes), disk.rotational ? 'Yes' : 'No'],
              }))}
            />
          </div>
        ) : (
          <p className="text-sm">Not inspected yet{host.spec?.externallyProvisioned ? ' (externally provisioned hosts are not inspected)' : ''}.</p>
        )}
      </Section>

      <Section title="Node">
        {!row?.node ? (
          <p className="text-sm">{row?.problem ?? 'No node is linked to this host.'}</p>
        ) : typeof node === 'string' ? (
          <p role="alert" className="text-sm text-red-800">{node}</p>
        ) : (
          <div className="space-y-2 text-sm">
            <p>
              Node <span className="font-medium">{row.node.name}</span>, linked{' '}
              {row.link === 'recorded' ? 'by the name recorded at CSR approval' : row.link === 'ip' ? 'by IP address' : 'by name'}.
            </p>
            <Pairs label="Node addresses" rows={(node?.status?.addresses ?? []).map((a): [string, string] => [a.type, a.address])} />
            <SimpleTable
              caption="Node conditions"
              columns={['Condition', 'Status', 'Reason', 'Since']}
              rows={(node?.status?.conditions ?? []).map((c) => ({ key: c.type, cells: [c.type, c.status, c.reason ?? '', c.lastTransitionTime ?? ''] }))}
            />
          </div>
        )}
      </Section>

      <Section title="Events">
        {typeof events === 'string' ? (
          <p role="alert" className="text-sm text-red-800">{events}</p>
        ) : events.length === 0 ? (
          <p className="text-sm">No events.</p>
        ) : (
          <SimpleTable
            caption="Events of this host"
            captionHidden
            columns={['Time', 'Type', 'Reason', 'Message']}
            rows={events.map((event) => ({
              key: event.uid,
              cells: [event.at, event.type, event.reason, `${event.message}${event.count > 1 ? ` (×${event.count})` : ''}`],
            }))}
          />
        )}
      </Section>
    </div>
  );
}
