import { notFound } from 'next/navigation';
import { BatchPage } from '@/components/batches/batch-page';
import { batchIdSchema } from '@/lib/bulk/batch';
import { requirePageSession } from '@/server/auth/request';
import { readBatchView } from '@/server/batch';
import { settle } from '@/server/errors';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

export default async function BatchRoute({ params }: { params: Promise<{ batchId: string }> }) {
  const { batchId } = await params;
  if (!batchIdSchema.safeParse(batchId).success) notFound();
  const session = await requirePageSession(`/batches/${batchId}`);
  const view = await settle(readBatchView({ hub: hubFor(session), batchId, username: session.username }));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Batch {batchId}</h1>
      {view.ok ? null : (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          The batch cannot be read: {view.message}
        </p>
      )}
      <BatchPage batchId={batchId} initial={view.ok ? view.value : undefined} />
    </div>
  );
}
