'use client';

import { useQuery } from '@tanstack/react-query';
import { type ClusterSummary, clusterSummarySchema } from '@/lib/inventory/summary';
import { queryKeys } from '@/lib/query-keys';

async function fetchClusterSummary(): Promise<ClusterSummary> {
  const response = await fetch('/api/summary', { cache: 'no-store' });
  const body: unknown = await response.json();
  if (!response.ok) {
    const message = (body as { error?: string }).error ?? `The console answered ${response.status}`;
    throw new Error(message);
  }
  return clusterSummarySchema.parse(body);
}

function provisioningText(summary: ClusterSummary): string {
  const setup = summary.provisioning;
  switch (setup.status) {
    case 'crd-missing':
      return 'The Provisioning CRD is not installed on this cluster.';
    case 'absent':
      return 'No Provisioning CR yet: the provisioning service is not set up.';
    case 'present':
      return setup.provisioningNetwork === 'Disabled'
        ? 'Provisioning CR present, provisioning network Disabled.'
        : `Provisioning CR present, but provisioning network is ${setup.provisioningNetwork}: a user-provisioned cluster needs Disabled.`;
  }
}

export function ClusterSummaryPanel({ initial }: { initial: ClusterSummary }) {
  const { data, error, isFetching } = useQuery({
    queryKey: queryKeys.clusterSummary(),
    queryFn: fetchClusterSummary,
    initialData: initial,
    refetchInterval: 5_000,
  });
  const states = Object.entries(data.hosts.byState).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section aria-labelledby="summary-heading" className="space-y-4">
      <h2 id="summary-heading" className="text-lg font-semibold">
        Cluster at a glance
      </h2>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <div className="rounded border border-slate-300 p-4">
          <dt className="text-sm text-slate-600">BareMetalHosts</dt>
          <dd className="text-3xl font-semibold" aria-label="BareMetalHosts count">
            {data.hosts.total}
          </dd>
          {data.hosts.errors > 0 && <dd className="text-sm text-red-700">Errors: {data.hosts.errors}</dd>}
        </div>
        <div className="rounded border border-slate-300 p-4">
          <dt className="text-sm text-slate-600">Nodes</dt>
          <dd className="text-3xl font-semibold" aria-label="Nodes count">
            {data.nodes.total}
          </dd>
          <dd className="text-sm">Ready: {data.nodes.ready}</dd>
        </div>
        <div className="rounded border border-slate-300 p-4">
          <dt className="text-sm text-slate-600">Provisioning</dt>
          <dd className="text-sm">{provisioningText(data)}</dd>
        </div>
      </dl>
      <table className="min-w-64 text-sm">
        <caption className="text-left font-medium">Hosts by provisioning state</caption>
        <thead>
          <tr>
            <th scope="col" className="pr-6 text-left">
              State
            </th>
            <th scope="col" className="text-right">
              Hosts
            </th>
          </tr>
        </thead>
        <tbody>
          {states.map(([state, count]) => (
            <tr key={state}>
              <td className="pr-6">{state}</td>
              <td className="text-right">{count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-600" role="status">
        {error
          ? `Could not refresh: ${error.message} (showing data read at ${new Date(data.readAt).toLocaleTimeString()})`
          : `Read from the cluster at ${new Date(data.readAt).toLocaleTimeString()}${isFetching ? ', refreshing…' : ''}`}
      </p>
    </section>
  );
}
