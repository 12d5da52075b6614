import { ClusterSummaryPanel } from '@/components/inventory/cluster-summary-panel';
import { readClusterSummary } from '@/server/cluster-summary';
import { requestKubeConfig } from '@/server/kube/identity';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const summary = await readClusterSummary(requestKubeConfig());
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Inventory</h1>
      <ClusterSummaryPanel initial={summary} />
    </div>
  );
}
