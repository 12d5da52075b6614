import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AutoRefresh } from '@/components/hosts/auto-refresh';
import { HostTimeline } from '@/components/hosts/host-timeline';
import { StatusBadge } from '@/components/ui/status-badge';
import { linkInventory } from '@/lib/inventory/links';
import { hostTimeline } from '@/lib/join/timeline';
import { formatBytes, specRows } from '@/lib/metal3/host-details';
import { hostStatus } from '@/lib/metal3/host-status';
import { requirePageSession } from '@/server/auth/request';
import { listCsrs } from '@/server/csr';
import { ClusterError, orUserMessage } from '@/server/errors';
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
  const { namespace, name } = await params;
  const session = await requirePageSession(`/hosts/${namespace}/${name}`);
  const kc = kubeConfigFor(session);
  let host;
  try {
    host = await readHostOrThrow(kc, namespace, name);
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'NotFound') notFound();
    throw error;
  }
  const [events, snapshot] = await Promise.all([
    orUserMessage(listHostEvents(kc, namespace, name)),
    hubFor(session).snapshot(),
  ]);
  const csrs = await orUserMessage(listCsrs(kc, snapshot));
  const row = linkInventory(snapshot.hosts, snapshot.nodes).find((r) => r.host?.name === name && r.host.namespace === namespace);
  let node: NodeDetails | string | undefined;
  if (row?.node) {
    node = await orUserMessage(readNodeOrThrow(kc, row.node.name));
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
      <h1 className="text-2xl font-semibold">Host {name}</h1>

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
            <table className="text-sm">
              <caption className="text-left font-medium">Network interfaces</caption>
              <thead>
                <tr>
                  <th scope="col" className="pr-6 text-left">Name</th>
                  <th scope="col" className="pr-6 text-left">MAC</th>
                  <th scope="col" className="pr-6 text-left">IP</th>
                  <th scope="col" className="text-left">Speed</th>
                </tr>
              </thead>
              <tbody>
                {(hardware.nics ?? []).map((nic) => (
                  <tr key={`${nic.name}-${nic.mac}`}>
                    <td className="pr-6">{nic.name}</td>
                    <td className="pr-6 font-mono">{nic.mac}</td>
                    <td className="pr-6 font-mono">{nic.ip}</td>
                    <td>{nic.speedGbps ? `${nic.speedGbps} Gbps` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="text-sm">
              <caption className="text-left font-medium">Disks</caption>
              <thead>
                <tr>
                  <th scope="col" className="pr-6 text-left">Name</th>
                  <th scope="col" className="pr-6 text-left">Model</th>
                  <th scope="col" className="pr-6 text-left">Size</th>
                  <th scope="col" className="text-left">Rotational</th>
                </tr>
              </thead>
              <tbody>
                {(hardware.storage ?? []).map((disk) => (
                  <tr key={disk.name}>
                    <td className="pr-6">{disk.name}</td>
                    <td className="pr-6">{disk.model}</td>
                    <td className="pr-6">{formatBytes(disk.sizeBytes)}</td>
                    <td>{disk.rotational ? 'Yes' : 'No'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
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
            <table className="text-sm">
              <caption className="text-left font-medium">Node conditions</caption>
              <thead>
                <tr>
                  <th scope="col" className="pr-6 text-left">Condition</th>
                  <th scope="col" className="pr-6 text-left">Status</th>
                  <th scope="col" className="pr-6 text-left">Reason</th>
                  <th scope="col" className="text-left">Since</th>
                </tr>
              </thead>
              <tbody>
                {(node?.status?.conditions ?? []).map((condition) => (
                  <tr key={condition.type}>
                    <td className="pr-6">{condition.type}</td>
                    <td className="pr-6">{condition.status}</td>
                    <td className="pr-6">{condition.reason ?? ''}</td>
                    <td>{condition.lastTransitionTime ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section title="Events">
        {typeof events === 'string' ? (
          <p role="alert" className="text-sm text-red-800">{events}</p>
        ) : events.length === 0 ? (
          <p className="text-sm">No events.</p>
        ) : (
          <table className="text-sm">
            <thead>
              <tr>
                <th scope="col" className="pr-6 text-left">Time</th>
                <th scope="col" className="pr-6 text-left">Type</th>
                <th scope="col" className="pr-6 text-left">Reason</th>
                <th scope="col" className="text-left">Message</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.uid}>
                  <td className="pr-6 whitespace-nowrap">{event.at}</td>
                  <td className="pr-6">{event.type}</td>
                  <td className="pr-6">{event.reason}</td>
                  <td>
                    {event.message}
                    {event.count > 1 ? ` (×${event.count})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
