import Link from 'next/link';
import { SimpleTable } from '@/components/ui/simple-table';
import { requirePageSession } from '@/server/auth/request';
import { listBatches } from '@/server/batch';
import { settle } from '@/server/errors';
import { hubFor } from '@/server/watch/inventory-hub';

export const dynamic = 'force-dynamic';

/** Every bulk enrollment whose hosts the user can see, newest first. */
export default async function BatchesPage() {
  const session = await requirePageSession('/batches');
  const batches = await settle(listBatches(hubFor(session)));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Batches</h1>
      <Link href="/hosts/new/bulk" className="inline-block rounded bg-slate-900 px-4 py-2 text-white">
        Enroll hosts in bulk
      </Link>
      {!batches.ok ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-2 text-red-900">
          The hosts cannot be read: {batches.message}
        </p>
      ) : (
        <SimpleTable
          caption="Batches"
          empty="No host was enrolled in bulk yet: a batch appears here once its first host is created."
          columns={['Batch', 'Hosts', 'Enrolled by', 'First created']}
          rows={batches.value.map((batch) => ({
            key: batch.batchId,
            cells: [
              <Link key="link" href={`/batches/${batch.batchId}`} className="font-mono underline">
                {batch.batchId}
              </Link>,
              batch.hosts,
              batch.enrolledBy ?? '',
              batch.createdAt ?? '',
            ],
          }))}
        />
      )}
    </div>
  );
}
